// The revenue summary row function alone: block titles, repeated headers, the rejects no sample needs.

import { describe, expect, it } from 'vitest';
import type { FileContext, RawRow } from '../../../pipeline/source.ts';
import { createRevenueRowMapper } from '../../../pipeline/sources/revenue-summary.ts';

const RUN = { runId: 'test', today: '2025-12-31', earliest: '2020-01-01' };
const context = (name: string, preamble: string[][] = []): FileContext => ({ file: `/in/${name}`, name, header: { line: 2, labels: [], keys: [] }, preamble });
let line = 2;
const raw = <K extends string>(values: Partial<Record<K, string>>): RawRow<K> => ({ line: ++line, raw: '', values });

describe('revenue summary row function', () => {
  const header = { m1: '1월', m2: '2월', m12: '12월', total: '합계' };

  it('takes the first year from the title above the header, later years from their titles', () => {
    const map = createRevenueRowMapper(RUN);
    const file = context('2025년_결제현황.csv', [['25년도 매출', '']]);
    expect(map(raw({ m1: '100', m2: '200', total: '300' }), file)).toMatchObject({ kind: 'stage-many', rows: [[expect.any(Number), '2025년_결제현황.csv', 2025, 1, 100], [expect.any(Number), '2025년_결제현황.csv', 2025, 2, 200]] });
    expect(map(raw({ m1: '24년도 매출' }), file)).toEqual({ kind: 'skip', reason: 'BLOCK_TITLE' });
    expect(map(raw(header), file)).toEqual({ kind: 'skip', reason: 'BLOCK_HEADER' });
    expect(map(raw({ m1: '1,000', total: '1000' }), file)).toMatchObject({ kind: 'stage-many', rows: [[expect.any(Number), '2025년_결제현황.csv', 2024, 1, 1000]] });
  });

  it('warns when 합계 is not the sum of the months, and loads the months', () => {
    const map = createRevenueRowMapper(RUN);
    const outcome = map(raw({ m1: '100', m2: '200', total: '999' }), context('s.csv', [['23년도매출']]));
    expect(outcome.kind).toBe('stage-many');
    expect(outcome.warnings?.map((w) => w.code)).toEqual(['YEAR_TOTAL_MISMATCH']);
  });

  it('rejects figures with no year above them, and a second block for the same year', () => {
    const map = createRevenueRowMapper(RUN);
    expect(map(raw({ m1: '100', total: '100' }), context('s.csv'))).toMatchObject({ kind: 'reject', issue: { code: 'YEAR_UNKNOWN' } });
    const file = context('t.csv', [['22년도 매출']]);
    map(raw({ m1: '100', total: '100' }), file);
    expect(map(raw({ m1: '22년도 매출' }), file)).toMatchObject({ kind: 'skip' });
    expect(map(raw({ m1: '100', total: '100' }), file)).toMatchObject({ kind: 'reject', issue: { code: 'YEAR_BLOCK_REPEATED' } });
  });
});
