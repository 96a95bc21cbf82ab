// Schema migrations inside a transaction that is already open (a rehearsal, a restore from files):
// node-pg-migrate's own BEGIN / COMMIT / ROLLBACK become a savepoint, so the migrations commit or roll
// back with the surrounding transaction instead of ending it.

import type { ClientBase } from 'pg';
import { migrate } from './migrate.ts';

const SAVEPOINT = 'aibio_migrations';

/** Applies pending migrations (all, or the first `count`) without leaving the open transaction. */
export async function migrateInsideTransaction(client: ClientBase, options: { count?: number; log?: (line: string) => void } = {}): Promise<string[]> {
  const nested = {
    query: (text: unknown, values?: unknown[]) => {
      const statement = typeof text === 'string' ? text.trim().replace(/;$/, '').toUpperCase() : '';
      if (statement === 'BEGIN') return client.query(`SAVEPOINT ${SAVEPOINT}`);
      if (statement === 'COMMIT') return client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      if (statement === 'ROLLBACK') return client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      return client.query(text as string, values);
    },
  };
  return migrate(nested as unknown as ClientBase, { direction: 'up', count: options.count, log: options.log });
}
