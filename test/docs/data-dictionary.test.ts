// The data dictionary must name every column the migrations create, in its table's section: a column
// added without a line in docs/data-dictionary.md fails here.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/embedded-server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const DOC = readFileSync(join(PROJECT_ROOT, 'docs', 'data-dictionary.md'), 'utf8');

/** The text of the first `## ` section whose heading names the table. */
function sectionFor(table: string): string {
  const sections = DOC.split(/^## /m).slice(1);
  const bare = table.replace(/^public\./, '');
  const found = sections.find((s) => new RegExp(`(^|[\\s,(])${bare.replace('.', '\\.')}([\\s,)]|$)`).test(s.split('\n')[0]!));
  if (found) return found;
  // etl tables are documented one line (or more) each in the etl section.
  return DOC.split('\n').filter((line) => line.includes(`| ${table} |`)).join('\n');
}

describe('docs/data-dictionary.md', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('names every column of every public and etl table', async () => {
    const columns = await db.query<{ table: string; column: string }>(
      `SELECT CASE WHEN table_schema = 'public' THEN table_name ELSE table_schema || '.' || table_name END AS table, column_name AS column
         FROM information_schema.columns
        WHERE table_schema IN ('public', 'etl') AND table_name <> 'pgmigrations'
        ORDER BY 1, ordinal_position`,
    );
    expect(columns.length).toBeGreaterThan(150);
    const missing = columns.filter(({ table, column }) => !new RegExp(`(^|[\\s|,\`(])${column}([\\s|,\`)]|$)`, 'm').test(sectionFor(table)));
    expect(missing.map((m) => `${m.table}.${m.column}`)).toEqual([]);
  });
});
