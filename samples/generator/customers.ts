// The synthetic customer master, shaped like SOURCES.md §1: per 950 rows, ledger numbers with one gap,
// 4 true duplicates (name + phone), 11 family phones (one phone, two names), 33 other repeated names,
// 14 blank phones and 10 in other forms, 9 blank dates and 5 odd ones, `누락` in 108 rows, regions and
// routes in their raw spellings. Larger files repeat the same rates block by block.

import type { Random } from './random.ts';
import { PLACES, REVIEW_STATUSES, ROUTES, STAFF, SYMPTOMS, TESTIMONIAL_STATUSES, koreanName, latinName, mobile } from './korean.ts';

export const CUSTOMER_HEADER = ['번호', '첫방문일', '이름', '연락처', '거주지역', '방문경로', '리뷰제안', '후기제안', '고객파일', '호소문제', '비고', '담당자'] as const;
/** The raw sheet's labels (header on sheet row 3, after a title row and a blank row). */
export const CUSTOMER_RAW_HEADER = ['NO', '첫방문일', '성함', '연락처', '거주지역', '방문경로', '리뷰제안', '후기제안\n\n(영상 or 카톡)', '고객파일 ', '호소문제', '비고(메모)', '담당자'] as const;

export interface CustomerRow {
  cells: string[];
  /** The first visit as a date when the cell holds a clean Excel datetime; the raw dump writes it as a serial. */
  visit: string | null;
}

/** Counts per 950 rows, from the real file. */
const PROFILE = {
  dupPairs: 4,
  families: 11,
  namesakes2: 28,
  namesakes3: 5,
  blankPhones: 14,
  blankDates: 9,
  missingStaff: 108,
  namedStaff: 40,
  reviews: 12,
  testimonials: 8,
} as const;

const ODD_PHONES: readonly ((digits: string) => string)[] = [
  (d) => d.slice(1), //                                       1012345678: Excel dropped the 0
  (d) => d.slice(1),
  (d) => `${d.slice(0, 7)}-${d.slice(7)}`, //                 010XXXX-XXXX
  (d) => `${d.slice(0, 3)}-${d.slice(3)}`, //                 010-XXXXXXXX
  (d) => `${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`, // spaces
  (d) => `\t${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`, // a leading tab
  (d) => `${d.slice(0, 3)}.${d.slice(3, 7)}.${d.slice(7)}`, // dots
  (d) => `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}${d.at(-1)}`, // 12 digits
  () => 'X',
  () => '-',
];

const ODD_DATES = ['204-04-12', '2023-05-1', '2021년 부터', 'FUTURE', '45058'] as const;
/** A year typed 2035 for 2025: in the future whenever the samples are loaded. */
const FUTURE_DATE = '2035-05-17 00:00:00';

const scale = (count: number, size: number): number => Math.round((count * size) / 950);

export interface BlockOptions {
  size: number;
  firstNumber: number;
}

/** One block of `size` rows numbered from firstNumber (with one gap per 950). */
export function generateCustomerBlock(rng: Random, options: BlockOptions): CustomerRow[] {
  const { size } = options;
  const names = new Set<string>();
  const phones = new Set<string>();
  const freshName = (): string => {
    for (;;) {
      const name = koreanName(rng);
      if (!names.has(name)) return names.add(name), name;
    }
  };
  const freshPhone = (): string => {
    for (;;) {
      const phone = mobile(rng);
      if (!phones.has(phone)) return phones.add(phone), phone;
    }
  };

  // People first: who repeats, who shares a phone; then everything is shuffled into ledger order.
  type Person = { name: string; phone: string; role: 'single' | 'dup' | 'family' | 'namesake' };
  const people: Person[] = [];
  for (let i = 0; i < scale(PROFILE.dupPairs, size); i++) {
    const p = { name: freshName(), phone: freshPhone(), role: 'dup' as const };
    people.push(p, { ...p });
  }
  for (let i = 0; i < scale(PROFILE.families, size); i++) {
    const phone = freshPhone();
    const a = freshName();
    let b = a;
    while (names.has(b)) b = a[0] + koreanName(rng).slice(1); // same family name, another given name
    names.add(b);
    people.push({ name: a, phone, role: 'family' }, { name: b, phone, role: 'family' });
  }
  for (const [count, copies] of [[scale(PROFILE.namesakes2, size), 2], [scale(PROFILE.namesakes3, size), 3]] as const) {
    for (let i = 0; i < count; i++) {
      const name = freshName();
      for (let c = 0; c < copies; c++) people.push({ name, phone: freshPhone(), role: 'namesake' });
    }
  }
  while (people.length < size) people.push({ name: freshName(), phone: freshPhone(), role: 'single' });
  people.length = size;
  rng.shuffle(people);

  const singles = people.map((p, i) => (p.role === 'single' ? i : -1)).filter((i) => i >= 0);
  rng.shuffle(singles);
  const take = (n: number): number[] => singles.splice(0, n);
  const blankPhone = new Set(take(scale(PROFILE.blankPhones, size)));
  const oddPhone = new Map(take(scale(ODD_PHONES.length, size)).map((row, k) => [row, ODD_PHONES[k % ODD_PHONES.length]!]));
  const nameForms = new Map<number, (name: string) => string>();
  const forms: readonly [number, (name: string) => string][] = [
    [5, (n) => `${n}님`],
    [4, (n) => `${n}(${rng.int(60, 99)}년생)`],
    [2, (n) => `${n}(직원)`],
    [3, (n) => `${n} ${rng.pick(['어머님', '부', '남편'])}`],
    [2, (n) => `${n},${koreanName(rng)}`],
    [2, (n) => `${n}${rng.int(2, 3)}`],
    [3, () => latinName(rng)],
    [5, (n) => ` ${n} `],
  ];
  for (const [count, form] of forms) for (const row of take(scale(count, size))) nameForms.set(row, form);

  const all = people.map((_, i) => i);
  const pickRows = (n: number): Set<number> => new Set(rng.shuffle([...all]).slice(0, n));
  const blankDate = pickRows(scale(PROFILE.blankDates, size));
  const oddDate = new Map([...pickRows(scale(ODD_DATES.length, size))].filter((r) => !blankDate.has(r)).map((r, k) => [r, ODD_DATES[k % ODD_DATES.length]!]));
  const missingStaff = pickRows(scale(PROFILE.missingStaff, size));
  const namedStaff = pickRows(scale(PROFILE.namedStaff, size));
  const reviews = pickRows(scale(PROFILE.reviews, size));
  const testimonials = pickRows(scale(PROFILE.testimonials, size));

  // Ledger numbers in sheet order, with one number skipped per 950 (a deleted row).
  const gapEvery = 950;
  const numbers: number[] = [];
  for (let n = options.firstNumber; numbers.length < size; n++) if ((n - options.firstNumber) % gapEvery !== 536) numbers.push(n);

  return people.map((person, i): CustomerRow => {
    const visit = randomVisitDate(rng, i / size);
    let visitCell = `${visit} 00:00:00`;
    let visitDate: string | null = visit;
    if (blankDate.has(i)) [visitCell, visitDate] = ['', null];
    const odd = oddDate.get(i);
    if (odd !== undefined) {
      visitDate = null;
      visitCell = odd === 'FUTURE' ? FUTURE_DATE : odd;
    }
    const digits = person.phone.replace(/-/g, '');
    const phoneCell = blankPhone.has(i) ? '' : (oddPhone.get(i)?.(digits) ?? person.phone);
    const nameCell = nameForms.get(i)?.(person.name) ?? person.name;
    const dup = person.role === 'dup';
    const place = rng.chance(0.2) ? '' : rng.pick(rng.weighted(PLACES));
    const route = rng.chance(0.18) ? '' : routeCell(rng);
    return {
      visit: visitDate,
      cells: [
        String(numbers[i]),
        visitCell,
        nameCell,
        phoneCell,
        dup && rng.chance(0.5) ? '' : place,
        route,
        reviews.has(i) ? rng.pick(REVIEW_STATUSES) : '',
        testimonials.has(i) ? rng.pick(TESTIMONIAL_STATUSES) : '',
        fileCell(rng),
        rng.chance(0.55) ? symptomsCell(rng) : '',
        rng.chance(dup ? 0.6 : 0.3) ? noteCell(rng) : '',
        missingStaff.has(i) ? '누락' : namedStaff.has(i) ? rng.pick(STAFF) : '',
      ],
    };
  });
}

/** Visits spread over 2020-06..2025-06, loosely following ledger order (번호 is not in date order). */
function randomVisitDate(rng: Random, position: number): string {
  const start = Date.UTC(2020, 5, 1);
  const end = Date.UTC(2025, 5, 30);
  const centre = start + (end - start) * position;
  const jitter = (rng.next() - 0.5) * 200 * 86_400_000;
  const t = Math.min(end, Math.max(start, centre + jitter));
  return new Date(t).toISOString().slice(0, 10);
}

function routeCell(rng: Random): string {
  const r = rng.next();
  if (r < 0.03) return `${koreanName(rng)}님 소개`;
  if (r < 0.05) return `지인소개(${koreanName(rng)})`;
  return rng.weighted(ROUTES);
}

function fileCell(rng: Random): string {
  const r = rng.next();
  if (r < 0.35) return '';
  if (r < 0.5) return '개인';
  if (r < 0.55) return '(박스)';
  if (r < 0.6) return '92(종이백)';
  const cabinet = String(rng.int(91, 101));
  return rng.chance(0.1) ? `${cabinet}(x)` : cabinet;
}

function symptomsCell(rng: Random): string {
  const n = rng.int(1, 3);
  const picked = new Set<string>();
  while (picked.size < n) picked.add(rng.pick(SYMPTOMS));
  const separator = rng.pick([', ', ',', ' , ']);
  const text = [...picked].join(separator);
  return rng.chance(0.01) ? text.replace(separator, '\n') : text;
}

function noteCell(rng: Random): string {
  return rng.weighted([
    [`올케어 ${rng.pick([40, 80, 120])}회 결제 ${rng.pick(['1,536,000', '2,980,000', '4,400,000'])}`, 3],
    [`첫체험 ${rng.pick(['99,000원', '9900원', '49,000원'])}`, 3],
    [`${rng.int(5, 30)}회 남음`, 2],
    [`${rng.int(60, 99)}년생`, 1],
    [`딸 번호 010.${rng.int(2000, 9999)}.${rng.digits(4)}`, 1],
    ['주말 선호, 오전 방문', 1],
    ['무릎 수술 이력\n강도 약하게', 1],
  ] as const);
}
