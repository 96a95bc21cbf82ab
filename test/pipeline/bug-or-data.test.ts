// A throw from a row function is a bug, not a database error: it reaches the CLI as itself (exit 1,
// "please report it"), and the run leaves the tables as they were.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtlError } from '../../pipeline/errors.ts';
import type { SourceDefinition } from '../../pipeline/source.ts';
import { customers } from '../../pipeline/sources/customers.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { snapshot } from '../helpers/db-state.ts';
import { load } from '../helpers/load.ts';
import { SAMPLES_DIR } from '../../samples/generator/cli.ts';

describe('a bug in a row function', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('surfaces as itself, not as a coded database error, and nothing is loaded', async () => {
    const bug = new TypeError('cannot read properties of undefined (a bug in a transform)');
    const buggy: SourceDefinition = {
      ...customers,
      createRowMapper: (run) => {
        const mapRow = customers.createRowMapper(run);
        return (row, file) => {
          if (row.line === 500) throw bug;
          return mapRow(row, file);
        };
      },
    };
    const before = await snapshot(db);
    const error = await load(db, buggy, join(SAMPLES_DIR, '고객관리대장_전체고객.csv')).catch((e: unknown) => e);
    expect(error).toBe(bug);
    expect(error).not.toBeInstanceOf(EtlError);
    expect((await snapshot(db)).tables).toEqual(before.tables);
  });
});
