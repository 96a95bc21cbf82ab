import { cleanMultiline, cleanText } from './transforms/clean-text.ts';
import { extractBirthYear } from './transforms/birth-year.ts';
import { splitHealthConcerns } from './transforms/health-concerns.ts';
import { normalizeName } from './transforms/normalize-name.ts';
import { normalizePhone } from './transforms/normalize-phone.ts';
import { normalizeReferral } from './transforms/normalize-referral.ts';
import { normalizeRegion } from './transforms/normalize-region.ts';
import { normalizeStaff } from './transforms/normalize-staff.ts';
import { parseDate } from './transforms/parse-date.ts';
import { nameMatchKey } from './transforms/match-key.ts';
import { maskPhonesInText } from './transforms/mask-phone.ts';
const units = ['가나다 "따옴표", 줄\n바꿈\t탭\\ ', 'a', '1', ' ', '(', '님', '2023-', '010-', ',', '\n', '(a', '1(', '홍길동 부 '];
const fns: [string, (s: string) => unknown][] = [
  ['cleanMultiline', cleanMultiline], ['cleanText', cleanText], ['birthYear', (s) => extractBirthYear(s, 2026)], ['concerns', (s) => splitHealthConcerns(s)],
  ['name', (s) => normalizeName(s, 2026)], ['phone', normalizePhone], ['referral', normalizeReferral], ['region', normalizeRegion], ['staff', normalizeStaff],
  ['date', (s) => parseDate(s, { today: '2026-11-26', earliest: '2020-01-01' })], ['matchKey', (s) => nameMatchKey(s, 2026)], ['mask', maskPhonesInText],
];
for (const [name, fn] of fns) {
  for (const u of units) {
    const s = u.repeat(Math.ceil(200_000 / u.length));
    const t0 = performance.now();
    fn(s);
    const ms = performance.now() - t0;
    if (ms > 50) console.log(name, JSON.stringify(u), Math.round(ms), 'ms for 200K chars');
  }
}
console.log('done');
