import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone, type PhoneRepair } from '../../transforms/normalize-phone.ts';
import { formatKoreanNumber } from '../../transforms/korean-number.ts';

type Case = [raw: string, phone: string | null, status: string, repairs?: PhoneRepair[]];

/** Each class of the issue in its own table: the cell as written, then the phone, status and repairs expected. */
const CLASSES: Record<string, Case[]> = {
  'already right': [
    ['010-1234-5678', '010-1234-5678', 'valid', []],
    ['02-123-4567', '02-123-4567', 'valid', []],
    ['031-123-4567', '031-123-4567', 'valid', []],
    ['070-1234-5678', '070-1234-5678', 'valid', []],
    ['1588-1234', '1588-1234', 'valid', []],
  ],
  'same digits, other punctuation': [
    ['01012345678', '010-1234-5678', 'reformatted', []],
    ['01059991234', '010-5999-1234', 'reformatted', []], // a block libphonenumber lists as unassigned: still a mobile
    ['0101234-5678', '010-1234-5678', 'reformatted', []],
    ['010-12345678', '010-1234-5678', 'reformatted', []],
    ['010 1234 5678', '010-1234-5678', 'reformatted', []],
    ['\t010-1234-5678', '010-1234-5678', 'reformatted', []],
    ['010.1234.5678', '010-1234-5678', 'reformatted', []],
    ['0212345678', '02-1234-5678', 'reformatted', []],
    ['07012345678', '070-1234-5678', 'reformatted', []],
    ['(02) 123-4567', '02-123-4567', 'reformatted', []],
    ['02)123-4567', '02-123-4567', 'reformatted', []],
    ['0505-123-4567', '050-5123-4567', 'reformatted', []], // a safe number, as people group it
  ],
  // The corruption this issue fixes first: the 0 written after +82 was kept and another added (`0010…`).
  'country code followed by the trunk 0': [
    ['+82 010-1234-5678', '010-1234-5678', 'reformatted', ['country-code']],
    ['+82 (0)10-1234-5678', '010-1234-5678', 'reformatted', ['country-code']],
    ['+82 02-123-4567', '02-123-4567', 'reformatted', ['country-code']],
    ['+82 (0)2 123 4567', '02-123-4567', 'reformatted', ['country-code']],
  ],
  'country code with its plus': [
    ['+82 10-1234-5678', '010-1234-5678', 'reformatted', ['country-code']],
    ['+82-2-123-4567', '02-123-4567', 'reformatted', ['country-code']],
    ['+821012345678', '010-1234-5678', 'reformatted', ['country-code']],
  ],
  'country code without its plus': [
    ['82-10-1234-5678', '010-1234-5678', 'reformatted', ['country-code']],
    ['82 2 123 4567', '02-123-4567', 'reformatted', ['country-code']],
    ['82 10 1234 5678', '010-1234-5678', 'reformatted', ['country-code']],
    ['821012345678', '010-1234-5678', 'reformatted', ['country-code']], // Excel dropped the plus
    ['82-1234-5678', null, 'invalid', []], // the rest is no Korean number: 82 is not read as a country code
  ],
  'leading 0 dropped by Excel': [
    ['1012345678', '010-1234-5678', 'repaired', ['leading-zero']],
    [' 1055556666 ', '010-5555-6666', 'repaired', ['leading-zero']],
    ['10-1234-5678', '010-1234-5678', 'repaired', ['leading-zero']],
    ['212345678', '02-1234-5678', 'repaired', ['leading-zero']], // Seoul, nine digits
    ['311234567', '031-123-4567', 'repaired', ['leading-zero']],
    ['3112345678', '031-1234-5678', 'repaired', ['leading-zero']],
    ['511234567', '051-123-4567', 'repaired', ['leading-zero']],
    ['7012345678', '070-1234-5678', 'repaired', ['leading-zero']],
    // eight digits could be a local number with no area code (`2345-6789` is 02-2345-6789 or 031-2345-6789): not guessed
    ['21234567', null, 'invalid', []],
    ['2345-6789', null, 'invalid', []],
    ['2012345678', null, 'invalid', []],
  ],
  'areas that do not exist, and groupings of no number': [
    ['030-123-4567', null, 'invalid', []],
    ['020-123-4567', null, 'invalid', []], // the minimal metadata made this `02-0123-4567`
    ['065-123-4567', null, 'invalid', []],
    ['3012345678', null, 'invalid', []], // 030 without its 0
    ['010-1234-567', null, 'invalid', []], // same digits as 010-123-4567, but a digit short as written
    ['080-123-4567', null, 'invalid', []], // toll free: nobody's own phone
    ['010-1234-56789', null, 'invalid', []],
    ['0101234567890', null, 'invalid', []],
    ['010-12-34', null, 'invalid', []],
    ['12345', null, 'invalid', []],
    ['+1 415 555 1234', null, 'invalid', []],
  ],
  'full-width forms from the Korean IME': [
    ['０１０－１２３４－５６７８', '010-1234-5678', 'reformatted', ['full-width', 'dash']],
    ['０１０１２３４５６７８', '010-1234-5678', 'reformatted', ['full-width']],
    ['＋８２ １０－１２３４－５６７８', '010-1234-5678', 'reformatted', ['full-width', 'dash', 'country-code']],
    ['（０２）１２３－４５６７', '02-123-4567', 'reformatted', ['full-width', 'dash']],
    ['１０１２３４５６７８', '010-1234-5678', 'repaired', ['full-width', 'leading-zero']],
  ],
  'dash look-alikes and a middle dot': [
    ['010–1234–5678', '010-1234-5678', 'reformatted', ['dash']], // en dash
    ['010—1234—5678', '010-1234-5678', 'reformatted', ['dash']], // em dash
    ['010−1234−5678', '010-1234-5678', 'reformatted', ['dash']], // minus sign
    ['010‐1234‐5678', '010-1234-5678', 'reformatted', ['dash']], // hyphen U+2010
    ['010·1234·5678', '010-1234-5678', 'reformatted', ['odd-separator']],
    ['010ㆍ1234ㆍ5678', '010-1234-5678', 'reformatted', ['odd-separator']], // Hangul araea, typed as a dot
    ['010ㅡ1234ㅡ5678', '010-1234-5678', 'reformatted', ['odd-separator']], // Hangul eu, typed as a dash
    ['010\u00a01234\u00a05678', '010-1234-5678', 'reformatted', ['space']],
  ],
  'a label before one number': [
    ['전화 02-123-4567', '02-123-4567', 'reformatted', ['label']],
    ['HP 010-1234-5678', '010-1234-5678', 'reformatted', ['label']],
    ['HP010-1234-5678', '010-1234-5678', 'reformatted', ['label']],
    ['핸드폰: 010-1234-5678', '010-1234-5678', 'reformatted', ['label']],
    ['문의 010 1234 5678', '010-1234-5678', 'reformatted', ['label']],
    ['Tel. 031-123-4567', '031-123-4567', 'reformatted', ['label']],
  ],
  'a note after one number': [
    ['010-1234-5678 (본인)', '010-1234-5678', 'reformatted', ['note']],
    ['010-1234-5678(딸)', '010-1234-5678', 'reformatted', ['note']],
    ['010-1234-5678 / 저녁에만', '010-1234-5678', 'reformatted', ['note']],
    ['010-1234-5678 85년생', '010-1234-5678', 'reformatted', ['note']],
    ['02-123-4567 내선 123', '02-123-4567', 'reformatted', ['note']],
    ['HP 1012345678 (딸)', '010-1234-5678', 'repaired', ['label', 'note', 'leading-zero']],
    // digits glued to a word belong to the word: not read with a digit too many or too few
    ['010-1234-5678번', null, 'invalid', []],
    // a short run of digits right beside the number: part of it or not? not guessed
    ['0(010-1234-5678', null, 'invalid', []],
    ['010-1234-5678+82', null, 'invalid', []],
  ],
  'two numbers in one cell: the first valid one is the phone': [
    ['010-1234-5678 / 010-2345-6789', '010-1234-5678', 'reformatted', ['second-number']],
    ['010-1234-5678, 02-123-4567', '010-1234-5678', 'reformatted', ['second-number']],
    ['010-1234-5678 010-2345-6789', '010-1234-5678', 'reformatted', ['second-number']],
    ['본인 010-1234-5678 딸 010-2345-6789', '010-1234-5678', 'reformatted', ['label', 'note', 'second-number']],
    ['010-123-45 / 010-2345-6789', '010-2345-6789', 'reformatted', ['second-number']],
    ['010-1234-5678 / 010-1234-5678', '010-1234-5678', 'reformatted', []], // the same number twice is one
  ],
  "Excel's own marks": [
    ["'010-1234-5678", '010-1234-5678', 'reformatted', ['excel-apostrophe']],
    ["'1012345678", '010-1234-5678', 'repaired', ['excel-apostrophe', 'leading-zero']],
    ['1012345678.0', '010-1234-5678', 'repaired', ['excel-decimal', 'leading-zero']],
    ['212345678.0', '02-1234-5678', 'repaired', ['excel-decimal', 'leading-zero']],
    // digits lost to the exponent: never guessed
    ['1.01235E+09', null, 'invalid', []],
    ['1.012345678E+09', null, 'invalid', []],
    ['010-1234-567⑧', null, 'invalid', []], // a circled digit is not a digit the number was written with
  ],
  "the ledger's no phone": [
    ['X', null, 'placeholder', []],
    ['x', null, 'placeholder', []],
    ['-', null, 'placeholder', []],
    ['－', null, 'placeholder', []],
    ['없음', null, 'placeholder', []],
    ['', null, 'missing', []],
    ['   ', null, 'missing', []],
    ['본인', null, 'invalid', []],
  ],
};

describe('normalizePhone', () => {
  for (const [name, cases] of Object.entries(CLASSES)) {
    describe(name, () => {
      it.each(cases)('%j → %j (%s, %j)', (raw, phone, status, repairs) => {
        const result = normalizePhone(raw);
        expect({ phone: result.phone, status: result.status }).toEqual({ phone, status });
        if (repairs) expect(result.repairs).toEqual(repairs);
      });
    });
  }

  it('keeps the other numbers of a cell for the warning', () => {
    expect(normalizePhone('010-1234-5678 / 010-2345-6789').others).toEqual(['010-2345-6789']);
    expect(normalizePhone('010-123-45 / 010-2345-6789').others).toEqual(['010-123-45']);
    expect(normalizePhone('010-1234-5678').others).toEqual([]);
  });

  it('says why a cell is invalid', () => {
    expect(normalizePhone('1.01235E+09').problem).toBe('excel-exponent');
    expect(normalizePhone('+1 415 555 1234').problem).toBe('foreign');
    expect(normalizePhone('010-12-34').problem).toBe('unreadable');
    expect(normalizePhone('010-1234-5678').problem).toBeNull();
  });

  it('never changes the digits of a number it accepts', () => {
    for (let i = 0; i < 2000; i++) {
      const digits = `10${String(i * 4_999_999 + 10_000_001).slice(-8)}`;
      const result = normalizePhone(digits);
      expect(result.status).toBe('repaired');
      expect(result.phone!.replace(/-/g, '')).toBe(`0${digits}`);
    }
  });

  it('treats undefined as missing', () => {
    expect(normalizePhone(undefined)).toMatchObject({ phone: null, status: 'missing' });
  });
});

// ---- property tests (fixed seeds: a failure is reproducible) ----

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';
const DASHES = ['-', '–', '—', '−', '－', '‐', ' ', '.', '·', 'ㆍ', '\u00a0'];
const LABELS = ['전화 ', 'HP ', 'HP', '핸드폰: ', '핸드폰:', '문의 ', 'H.P ', 'Tel. ', '연락처 : '];
const NOTES = [' (본인)', '(딸)', ' / 저녁에만', '（본인）', ' 엄마', ' 85년생', ' (저녁 7시 이후)'];

/** A valid Korean number in national format: mobile, Seoul, another area, internet phone. */
const validNumber = fc
  .tuple(fc.constantFrom('010', '02', '031', '051', '064', '070'), fc.integer({ min: 2, max: 9 }), fc.integer({ min: 0, max: 9_999_999 }), fc.boolean())
  .map(([prefix, first, rest, long]) => {
    const body = `${first}${String(rest).padStart(7, '0')}`.slice(0, prefix === '010' || prefix === '070' || long ? 8 : 7);
    return formatKoreanNumber(`${prefix}${body}`);
  })
  .filter((n): n is string => n !== null);

/** The number as someone may type it: any mix of full-width digits and dash look-alikes, a label, a note. */
const written = fc
  .tuple(
    validNumber,
    fc.array(fc.boolean(), { minLength: 13, maxLength: 13 }),
    fc.array(fc.constantFrom(...DASHES), { minLength: 2, maxLength: 2 }),
    fc.option(fc.constantFrom(...LABELS), { nil: undefined }),
    fc.option(fc.constantFrom(...NOTES), { nil: undefined }),
    fc.boolean(),
  )
  .map(([number, wide, dashes, label, note, apostrophe]) => {
    let dash = 0;
    const body = [...number].map((c, i) => (c === '-' ? dashes[dash++] : wide[i] ? FULL_WIDTH_DIGITS[Number(c)] : c)).join('');
    return { number, text: `${apostrophe && !label ? "'" : ''}${label ?? ''}${body}${note ?? ''}` };
  });

/** The cell's digits as a person reads them: ASCII and full-width decimal digits (not `⑧`, not `²`). */
function digitsOf(text: string): string {
  return [...text].filter((c) => /\p{Nd}/u.test(c) && /^[0-9]$/.test(c.normalize('NFKC'))).map((c) => c.normalize('NFKC')).join('');
}

/**
 * The ways one run of digits may be stored: as written; with the 0 Excel dropped put back (only when it does
 * not start with 0 — a second 0 before a written one is the `+82 010` corruption); after a country code 82,
 * with the trunk 0 as written or put back.
 */
function readings(run: string): string[] {
  const out = [run];
  if (!run.startsWith('0')) out.push(`0${run}`);
  if (run.startsWith('82') && run.length > 2) {
    const rest = run.slice(2);
    out.push(rest.startsWith('0') ? rest : `0${rest}`);
  }
  return out;
}

/** Whether `stored` is one of the readings of some run of the cell's digits. */
function comesFrom(stored: string, digits: string): boolean {
  for (let length = stored.length - 1; length <= stored.length + 2; length++) {
    for (let i = 0; i + length <= digits.length; i++) if (readings(digits.slice(i, i + length)).includes(stored)) return true;
  }
  return false;
}

describe('normalizePhone (properties)', () => {
  it('the check below catches the corruption this issue fixed (`+82 010-…` stored as `0010…`)', () => {
    expect(comesFrom('001012345678', '8201012345678')).toBe(false);
    expect(comesFrom('01012345678', '8201012345678')).toBe(true);
    expect(comesFrom('01012345678', '821012345678')).toBe(true);
    expect(comesFrom('01012345678', '1012345678')).toBe(true);
    expect(comesFrom('0101234567', '01012345678')).toBe(true); // a run of the cell's digits: the grouping rule refuses it, not this check
    expect(comesFrom('01012345679', '01012345678')).toBe(false);
  });

  it('reads any valid number, written with full-width digits, dash look-alikes, a label and a note, as that number', () => {
    fc.assert(
      fc.property(written, ({ number, text }) => {
        expect(normalizePhone(text).phone, text).toBe(number);
      }),
      { seed: 1616, numRuns: 3000 },
    );
  });

  // Cells of every kind: valid numbers edited (a digit lost or added, a country code, words), and random text
  // of phone-like pieces. Whatever the cell, a stored phone's digits are the cell's digits of one number, less a
  // country code and the trunk 0, plus at most one restored leading 0.
  const piece = fc.constantFrom(
    ...'0123456789'.split(''), ...FULL_WIDTH_DIGITS.split(''), '010', '02', '82', '+82 ', '+', '(', ')', '(0)', '-', '–', '−', '－', ' ', '.', '·', 'ㅡ', '/', ',',
    'HP ', '전화', '(딸)', '년생', '번', 'E+', '.0', "'", '\u200b', '⑧', '²', '١', 'x',
  );
  const edited = fc.tuple(written, fc.nat(20), fc.constantFrom('', '0', '1', '5', '82', '+82 ', '00')).map(([{ text }, at, insert]) => {
    const i = Math.min(at, text.length);
    return text.slice(0, i) + insert + text.slice(insert === '' ? i + 1 : i);
  });
  const anyCell = fc.oneof(edited, fc.array(piece, { maxLength: 24 }).map((p) => p.join('')));

  it('never stores a number with digits the cell did not hold', () => {
    fc.assert(
      fc.property(anyCell, (cell) => {
        const { phone } = normalizePhone(cell);
        if (phone === null) return;
        const stored = phone.replace(/\D/g, '');
        // `1012345678.0`: the decimal Excel wrote after a number it held is a mark, not a digit of the number.
        const excelDecimal = /^['\s]*(\p{Nd}+)[.．][0０]+\s*$/u.exec(cell.replace(/\u200b/g, ''));
        const digits = digitsOf(excelDecimal ? excelDecimal[1]! : cell);
        expect(comesFrom(stored, digits), `${JSON.stringify(cell)} → ${phone}`).toBe(true);
        // A cell that holds one run of digits and nothing else: exactly its digits, read as one of the ways above.
        if (/^\+?\p{Nd}+$/u.test(cell.replace(/[\s\-.–−－()'\u200b]/g, ''))) {
          expect(readings(digits), `${JSON.stringify(cell)} → ${phone}`).toContain(stored);
        }
      }),
      { seed: 1617, numRuns: 20000 },
    );
  });
});
