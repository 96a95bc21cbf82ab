// Every migration is reversible: up → down → up on a real server, and down is the plan's rollback.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, migrationNames, pendingMigrations } from '../../pipeline/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const PLAN_TABLES = ['customers', 'customer_preferences', 'customer_analytics', 'marketing_leads', 'kit_receipts'];

async function tables(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{ t: string }>(
    `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema IN ('public', 'etl', 'staging') AND table_name <> 'pgmigrations' ORDER BY 1`,
  );
  return rows.map((r) => r.t);
}

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterAll(async () => db?.drop());

  it('go up, all the way down, and up again', async () => {
    const client = await db.client();
    try {
      expect(await pendingMigrations(client)).toEqual(migrationNames());
      await migrate(client, { direction: 'up' });
      const up = await tables(db);
      for (const t of PLAN_TABLES) expect(up).toContain(`public.${t}`);
      expect(up).toEqual(expect.arrayContaining(['etl.runs', 'etl.rejects', 'etl.warnings', 'staging.customers']));
      const columns = await db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'customers'`);
      for (const c of ['birth_year', 'membership_level', 'risk_level', 'total_revenue', 'preferred_time_slots']) expect(columns.map((x) => x.column_name)).toContain(c);
      const indexes = await db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'customers'`);
      for (const i of ['idx_customers_phone', 'idx_customers_membership_level', 'idx_customers_last_visit', 'idx_customers_risk_level']) {
        expect(indexes.map((x) => x.indexname)).toContain(i);
      }
      expect(await pendingMigrations(client)).toEqual([]);

      await migrate(client, { direction: 'down' });
      expect(await tables(db)).toEqual([]);
      expect(await pendingMigrations(client)).toEqual(migrationNames());

      await migrate(client, { direction: 'up' });
      expect(await tables(db)).toEqual(up);
    } finally {
      await client.end();
    }
  });

  it('rolls back one step at a time with data in the tables', async () => {
    const client = await db.client();
    try {
      await db.query(`INSERT INTO customers (customer_id, name, phone) VALUES (1, '김민지', NULL)`);
      const names = migrationNames();
      for (let i = names.length; i > 0; i--) {
        await migrate(client, { direction: 'down', count: 1 });
        expect(await pendingMigrations(client)).toEqual(names.slice(i - 1));
      }
      await migrate(client, { direction: 'up' });
    } finally {
      await client.end();
    }
  });
});
