// One real PostgreSQL for the whole test run: the server DATABASE_URL names, or an embedded one in
// .data/test-pg (apart from the user's .data/pg). A migrated template database is built once; every test
// file clones it (CREATE DATABASE … TEMPLATE), so files never see each other's rows.

import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedServer, PROJECT_ROOT } from '../../pipeline/embedded-server.ts';
import { migrate } from '../../pipeline/migrate.ts';

export const TEMPLATE_DB = 'aibio_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl: string;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    adminUrl = url.toString();
  } else {
    const server = await startEmbeddedServer({ dataDir: join(PROJECT_ROOT, '.data', 'test-pg'), database: 'postgres' });
    adminUrl = server.url;
    stop = () => server.stop();
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const stale = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'test\\_%' OR datname = $1`, [TEMPLATE_DB]);
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  const client = new pg.Client({ connectionString: templateUrl.toString() });
  await client.connect();
  try {
    await migrate(client, { direction: 'up' });
  } finally {
    await client.end();
  }
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', TEMPLATE_DB);
  return stop;
}
