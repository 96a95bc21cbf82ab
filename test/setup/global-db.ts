// One real PostgreSQL for the whole test run: the server DATABASE_URL names, or an embedded one in
// .data/test-pg (apart from the user's .data/pg). A migrated template database is built once; every test
// file clones it (CREATE DATABASE … TEMPLATE), so files never see each other's rows.
// On someone else's server (DATABASE_URL) the run touches only databases it created: every name carries
// this run's own prefix (`test_k3f9a2_…`), and only those are dropped — never another `test_%` database.
// The embedded test server is this project's alone, so databases left there by a killed run are cleared.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedServer, PROJECT_ROOT } from '../../pipeline/embedded-server.ts';
import { migrate } from '../../pipeline/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
    /** Every database this run creates starts with it. */
    dbPrefix: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl: string;
  let stopServer = async () => {};
  const external = Boolean(process.env.DATABASE_URL);
  const prefix = `test_${randomBytes(3).toString('hex')}_`;
  const templateDb = `${prefix}template`;
  if (external) {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = '/postgres';
    adminUrl = url.toString();
  } else {
    const server = await startEmbeddedServer({ dataDir: join(PROJECT_ROOT, '.data', 'test-pg'), database: 'postgres' });
    adminUrl = server.url;
    stopServer = () => server.stop();
  }
  const dropDatabases = async (pattern: string) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const found = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [pattern]);
      for (const { datname } of found.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
  // Leftovers of killed runs, on the project's own server only (and the template name older versions used).
  if (!external) {
    await dropDatabases('test\\_%');
    await dropDatabases('aibio\\_test\\_template');
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${templateDb}`);
  } finally {
    await admin.end();
  }
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${templateDb}`;
  const client = new pg.Client({ connectionString: templateUrl.toString() });
  await client.connect();
  try {
    await migrate(client, { direction: 'up' });
  } finally {
    await client.end();
  }
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('dbPrefix', prefix);
  return async () => {
    await dropDatabases(`${prefix.replace(/_/g, '\\_')}%`).catch(() => {});
    await stopServer();
  };
}
