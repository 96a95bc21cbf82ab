import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractBirthYear } from '../../transforms/birth-year.ts';
import { cleanMultiline, cleanText } from '../../transforms/clean-text.ts';
import { splitHealthConcerns } from '../../transforms/health-concerns.ts';
import { normalizeStaff } from '../../transforms/normalize-staff.ts';

describe('extractBirthYear', () => {
  it.each([
    ['85년생', 1985],
    ['1985년생', 1985],
    ['00년생', 2000],
    ['25년생', 2025],
    ['26년생', 1926],
    ['올케어 결제, 92년생 직장인', 1992],
    ['85 년생', 1985],
    ['85년', null],
    ['1,536,000', null],
    ['', null],
  ])('%j → %j', (text, year) => {
    expect(extractBirthYear(text, 2025)).toBe(year);
  });
});

describe('normalizeStaff', () => {
  it.each([
    ['누락', null],
    [' 누락 ', null],
    ['', null],
    ['정하늘', '정하늘'],
    [' 윤소라', '윤소라'],
  ])('%j → %j', (raw, staff) => {
    expect(normalizeStaff(raw)).toBe(staff);
  });
});

describe('splitHealthConcerns', () => {
  it.each([
    ['만성피로, 비염', ['만성피로', '비염']],
    ['어깨 통증,어깨통증 , 목', ['어깨통증', '목']],
    ['만성피로\n무기력', ['만성피로', '무기력']],
    ['', []],
  ])('%j → %j', (text, interests) => {
    expect(splitHealthConcerns(text)).toEqual(interests);
  });
});

describe('cleanText / cleanMultiline', () => {
  it('trims, collapses spaces and turns blank into null', () => {
    expect(cleanText('  서울   강서구\t')).toBe('서울 강서구');
    expect(cleanText(' \t ')).toBeNull();
  });
  it('keeps line breaks inside a cell, normalized to \\n', () => {
    expect(cleanMultiline('3/2 1차컨택(전원꺼짐)\r\n3/4  문자보냄 ')).toBe('3/2 1차컨택(전원꺼짐)\n3/4 문자보냄');
  });
});

describe('cleanText / cleanMultiline fast path', () => {
  // The rules as first written, without the shortcut for text that is already clean.
  const slowText = (raw: string) => raw.normalize('NFC').replace(/[\s\u00a0]+/g, ' ').trim() || null;
  const slowMultiline = (raw: string) =>
    raw
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() || null;

  it('gives the same answer as the full rule on any text (property test, fixed seed)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '김', ' ', '  ', '\t', '\n', '\r', '\u00a0', '\u3000', '\u3001', '\ufeff', '\u2003', 'é', 'e\u0301', '\u1100\u1161', '（', '1', ',') });
    fc.assert(
      fc.property(cell, (raw) => {
        expect(cleanText(raw)).toBe(slowText(raw));
        expect(cleanMultiline(raw)).toBe(slowMultiline(raw));
      }),
      { seed: 20261126, numRuns: 3000 },
    );
  });
});
