import { describe, expect, it } from 'vitest';
import { REPORT_DETAIL_ROWS, capDetails } from '../../pipeline/run-source.ts';

describe('capDetails', () => {
  it('keeps the first rows of a long list and says how many there were; leaves short lists and values alone', () => {
    const long = Array.from({ length: REPORT_DETAIL_ROWS + 5 }, (_, i) => ({ customer_id: i }));
    const capped = capDetails({ duplicateGroups: long, sharedPhoneFamilies: long.slice(0, 3), leadsNotInThisFile: 7 });
    expect(capped.duplicateGroups).toEqual(long.slice(0, REPORT_DETAIL_ROWS));
    expect(capped.duplicateGroupsTotal).toBe(REPORT_DETAIL_ROWS + 5);
    expect(capped.sharedPhoneFamilies).toEqual(long.slice(0, 3));
    expect(capped).not.toHaveProperty('sharedPhoneFamiliesTotal');
    expect(capped.leadsNotInThisFile).toBe(7);
  });
});
