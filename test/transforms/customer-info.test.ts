import { describe, expect, it } from 'vitest';
import { parseCustomerInfo } from '../../transforms/customer-info.ts';
import { parseProgressLine } from '../../transforms/parse-session-progress.ts';

describe('parseCustomerInfo (고객정보)', () => {
  it.each([
    ['35세,010-1234-5678', 35, null, '010-1234-5678'],
    ['35세,여,010-1234-5678', 35, '여', '010-1234-5678'],
    ['３５세,０１０－１２３４－５６７８', 35, null, '010-1234-5678'], // typed with the Korean IME
    ['35세, 010–1234–5678', 35, null, '010-1234-5678'], // en dashes
    ['42세, 남, 1012345678', 42, '남', '010-1234-5678'],
    ['51세', 51, null, null],
    ['', null, null, null],
  ])('%j → age %s, gender %s, phone %s', (raw, age, gender, phone) => {
    const info = parseCustomerInfo(raw);
    expect(info).toMatchObject({ age, gender });
    expect(info.phone.phone).toBe(phone);
  });
});

describe('parseProgressLine (세션 진행 사항)', () => {
  it.each([
    ["(20')", 20],
    ["주1000(40')", 40],
    ["하체 W/80 (20')", 20],
    ["브레인 (33'*2)", 33],
    ['3->5', null],
    ["(２０')", 20],
    ['(20′)', 20],
    ["3->5 (30')", 30],
    ['측정', null],
  ])('%j gives %s minutes per session', (line, minutes) => {
    expect(parseProgressLine(line)).toEqual({ text: line, minutes });
  });
});
