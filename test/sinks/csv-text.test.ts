// CSV for people (reject and warning files opened in Excel): quoted where needed, and no cell that Excel
// would run as a formula.

import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../sinks/csv-text.ts';

describe('csvField', () => {
  it.each([
    ['=HYPERLINK("http://x","클릭")', `"'=HYPERLINK(""http://x"",""클릭"")"`],
    ['+82 10-1234-5678', "'+82 10-1234-5678"],
    ['@SUM(A1:A3)', "'@SUM(A1:A3)"],
    ['-2+3', "'-2+3"],
    ['\t010-1234-5678', "'\t010-1234-5678"],
  ])('keeps formula text %j as text: %s', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it.each([
    ['-550,000', '"-550,000"'],
    ['-550000', '-550000'],
    ['99,000원', '"99,000원"'],
    ['김민지', '김민지'],
    [' 앞뒤 공백 ', '" 앞뒤 공백 "'],
    ['줄\n바꿈', '"줄\n바꿈"'],
  ])('writes %j as %s', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('writes a line with CRLF, empty for null', () => {
    expect(csvLine(['a', null, 3])).toBe('a,,3\r\n');
  });
});
