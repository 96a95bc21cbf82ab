// A load into the center's live database while the app keeps working (issue 15): another connection reads
// and writes customers in a loop — counts, look-ups by id, new customers, edits to its own customers —
// while `pipeline:all` loads the samples. No statement of the app waits longer than a second, and
// everything the app wrote is there afterwards, as it wrote it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { EXIT } from '../../pipeline/errors.ts';
import { createAppDatabase } from '../helpers/app-database.ts';
import { runCli } from '../helpers/cli.ts';
import { startCli } from '../helpers/watch-load.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { tempDir } from '../helpers/load.ts';
import { dataTables } from '../helpers/db-state.ts';
import { writeChangedLedger } from '../helpers/ledger-variants.ts';

/** The longest any one statement of the app may wait while a load runs. */
const APP_WAIT_LIMIT_MS = 1000;

interface AppActivity {
  statements: number;
  slowest: { ms: number; sql: string };
  inserted: { id: number; name: string; phone: string }[];
  edited: Map<number, string>;
}

/** The app at work until `stop()`: every statement timed. */
function appAtWork(url: string): { stop: () => Promise<AppActivity> } {
  const activity: AppActivity = { statements: 0, slowest: { ms: 0, sql: '' }, inserted: [], edited: new Map() };
  let running = true;
  const done = (async () => {
    const client = new pg.Client({ connectionString: url, application_name: 'the-center-app' });
    await client.connect();
    const timed = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => {
      const started = performance.now();
      const result = await client.query<T>(sql, params);
      const ms = performance.now() - started;
      activity.statements++;
      if (ms > activity.slowest.ms) activity.slowest = { ms, sql };
      return result.rows;
    };
    try {
      for (let i = 0; running; i++) {
        await timed('SELECT count(*) FROM customers');
        await timed('SELECT * FROM customers WHERE customer_id = $1', [1 + (i % 6)]);
        const name = `앱신규${i}`;
        const phone = `010-6${String(i).padStart(3, '0').slice(-3)}-${String(1000 + i).slice(-4)}`;
        const [row] = await timed<{ customer_id: number }>('INSERT INTO customers (name, phone) VALUES ($1, $2) RETURNING customer_id', [name, phone]);
        activity.inserted.push({ id: row!.customer_id, name, phone });
        // customers 5 and 6 are the app's own, not in the ledger
        const note = `앱 메모 ${i}`;
        const id = 5 + (i % 2);
        await timed('UPDATE customers SET notes = $2, updated_at = now() WHERE customer_id = $1', [id, note]);
        activity.edited.set(id, note);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await client.end();
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return activity;
    },
  };
}

describe('a load while the app reads and writes customers', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    await createAppDatabase(db);
    const migrated = await runCli(['migrate', 'up'], { DATABASE_URL: db.url });
    expect(migrated.code).toBe(EXIT.ok);
  });
  afterAll(async () => db?.drop());

  it('never holds the app up more than a second, and loses nothing it wrote', async () => {
    const app = appAtWork(db.url);
    const load = startCli(['all', '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    const exit = await load.exited;
    const activity = await app.stop();
    expect(exit.code, exit.stderr).toBe(EXIT.ok);
    // the app kept working through the whole load
    expect(activity.statements).toBeGreaterThan(20);
    expect(activity.slowest.ms, activity.slowest.sql).toBeLessThan(APP_WAIT_LIMIT_MS);
    const ids = activity.inserted.map((r) => r.id);
    const rows = await db.query<{ customer_id: number; name: string; phone: string; ledger_number: number | null }>(
      'SELECT customer_id, name, phone, ledger_number FROM customers WHERE customer_id = ANY($1) ORDER BY customer_id',
      [ids],
    );
    expect(rows).toEqual(activity.inserted.map((r) => ({ customer_id: r.id, name: r.name, phone: r.phone, ledger_number: null })));
    for (const [id, note] of activity.edited) {
      expect(await db.query('SELECT notes, ledger_number FROM customers WHERE customer_id = $1', [id])).toEqual([{ notes: note, ledger_number: null }]);
    }
    // and the ledger is in: every ledger customer under an id of their own
    expect(await db.query('SELECT count(*)::int AS n FROM customers WHERE ledger_number IS NOT NULL')).toEqual([{ n: 946 }]);
  });

  it('gives up, changing nothing, when the app keeps a row the run must write locked (TABLES_BUSY, exit 6)', async () => {
    const ledger = writeChangedLedger(tempDir(), { notesChanged: 30, added: 0 });
    const before = await dataTables(db);
    // the app has one of those customers open in a transaction that does not end
    const app = new pg.Client({ connectionString: db.url });
    await app.connect();
    try {
      await app.query('BEGIN');
      await app.query('SELECT * FROM customers WHERE ledger_number = 20 FOR UPDATE');
      const result = await runCli(['customers', '--file', ledger, '--reports-dir', tempDir()], { DATABASE_URL: db.url, AIBIO_LOCK_WAIT_MS: '700' });
      expect(result.code).toBe(EXIT.busy);
      expect(result.stderr).toMatch(/^TABLES_BUSY: another session \(the center's app\?\) held a lock the run needed .* \(700 ms\); nothing was committed — run it again when the app is idle/);
    } finally {
      await app.query('ROLLBACK');
      await app.end();
    }
    expect(await dataTables(db)).toEqual(before);
  });
});
