// The server the benchmarks load into, and the databases they make on it: the embedded PostgreSQL in
// .data/bench-pg (apart from the user's .data/pg, set for loading like it), or the server DATABASE_URL
// names. Every database a benchmark makes carries a prefix (`bench_` by default; the test suite passes its
// own, so its global teardown drops them and nothing else is touched), and is migrated from a template
// built once per server session, so a fresh database costs a file copy rather than forty migrations.

import { join } from 'node:path';
import { withClient } from '../pipeline/database.ts';
import { PROJECT_ROOT, startEmbeddedServer } from '../pipeline/embedded-server.ts';
import { migrate } from '../pipeline/migrate.ts';

export interface BenchServer {
  /** URL of the server's `postgres` database, for CREATE and DROP DATABASE. */
  adminUrl: string;
  /** A new, migrated, empty database `<prefix><name>` (dropped first if it exists); its URL. */
  freshDatabase(name: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function openBenchServer(options: { prefix?: string } = {}): Promise<BenchServer> {
  const prefix = options.prefix ?? 'bench_';
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`database prefix ${prefix}: lower-case letters, digits and _ only`);
  const server = process.env.DATABASE_URL ? null : await startEmbeddedServer({ dataDir: join(PROJECT_ROOT, '.data', 'bench-pg'), database: 'postgres' });
  const adminUrl = server?.url ?? databaseUrl(process.env.DATABASE_URL!, 'postgres');
  const admin = (sql: string) => withClient(adminUrl, (c) => c.query(sql));
  // Rebuilt at each start: the migrations may have changed since the last benchmark.
  const template = `${prefix}template`;
  await admin(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${template}`);
  await withClient(databaseUrl(adminUrl, template), (client) => migrate(client, { direction: 'up' }));
  return {
    adminUrl,
    async freshDatabase(name) {
      await admin(`DROP DATABASE IF EXISTS ${prefix}${name} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${prefix}${name} TEMPLATE ${template}`);
      return databaseUrl(adminUrl, `${prefix}${name}`);
    },
    async dropDatabase(name) {
      await admin(`DROP DATABASE IF EXISTS ${prefix}${name} WITH (FORCE)`);
    },
    async stop() {
      await admin(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {});
      await server?.stop();
    },
  };
}
