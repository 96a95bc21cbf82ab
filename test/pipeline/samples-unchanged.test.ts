// Nothing that loads correctly today may change: the sample ledgers, loaded with a fixed clock, must leave
// the final tables exactly as the code before issue 16 (folds, labelled phones, Korean date-times, files
// found by header) left them.
//
// How BASELINE was obtained: this file (and test/helpers/table-digest.ts) was written first, on branch
// issue-16 at commit 371e36d (= main at the time, before any change to a cell rule or to file discovery),
// and run there with `AIBIO_PRINT_DIGEST=1 npx vitest run test/pipeline/samples-unchanged.test.ts`; the
// printed digest and row counts were pasted below. Re-recorded once, the same way, at 376cd93 — main with
// issue 15 (customers.ledger_number, ledger_adopted, app_edited_columns, etl.match_review.review_id: new
// columns, intended) and still without issue 16's rules — and the merged code gives that digest exactly.
// Re-record only when a change to the tables is intended, and say why in the commit.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run.ts';
import { SOURCES } from '../../pipeline/sources/index.ts';
import { SAMPLES_DIR } from '../../samples/generator/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { tempDir } from '../helpers/load.ts';
import { tableDigest } from '../helpers/table-digest.ts';

/** Recorded from main's code (see above). */
const BASELINE = {
  digest: 'fe5ceb7c150d52b42189c70d0c83192eeeda7a545f7aebc7925edb84aa8bbf41',
  rows: {
    'public.customers': 946,
    'public.customer_preferences': 946,
    'public.customer_analytics': 946,
    'public.marketing_leads': 176,
    'public.kit_receipts': 16,
    'public.service_sessions': 4813,
    'public.payments': 823,
    'public.monthly_revenue': 37,
    'etl.match_review': 208,
  },
};

/** The day the load is run "as of": statistics and the future-date check depend on it. */
const NOW = new Date('2026-01-15T03:00:00Z');

/**
 * The files as pipeline:all on main chose them: each single-file source by its exact name at the top of
 * samples/, every CSV of 이용현황/ and 결제현황/ in Korean collation order. Written out here, not taken from
 * the CLI, so a change in how the CLI finds files cannot change what this test loads.
 */
function sampleInputs(): Map<string, string[]> {
  const folder = (dir: string) =>
    readdirSync(join(SAMPLES_DIR, dir))
      .filter((f) => f.toLowerCase().endsWith('.csv') && statSync(join(SAMPLES_DIR, dir, f)).isFile())
      .sort((a, b) => a.localeCompare(b, 'ko'))
      .map((f) => join(SAMPLES_DIR, dir, f));
  return new Map([
    ['customers', [join(SAMPLES_DIR, '고객관리대장_전체고객.csv')]],
    ['leads', [join(SAMPLES_DIR, '유입고객_DB리스트.csv')]],
    ['kits', [join(SAMPLES_DIR, '고객관리대장_키트고객.csv')]],
    ['sessions', folder('이용현황')],
    ['payments', folder('결제현황')],
    ['revenue-summary', [join(SAMPLES_DIR, '2025년_결제현황.csv')]],
  ]);
}

describe('the sample tables', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('are exactly what the code before issue 16 loaded (digest recorded from main)', async () => {
    await runPipeline({ command: 'test samples', sources: SOURCES, inputs: sampleInputs(), env: { DATABASE_URL: db.url }, reportsDir: tempDir(), now: NOW, verify: true });
    const { digest, rows } = await tableDigest(db);
    if (process.env.AIBIO_PRINT_DIGEST) process.stdout.write(`${JSON.stringify({ digest, rows }, null, 2)}\n`);
    expect(rows).toEqual(BASELINE.rows);
    expect(digest).toBe(BASELINE.digest);
  });
});
