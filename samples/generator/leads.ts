// The synthetic lead list, shaped like SOURCES.md §3: 176 inquiries in entry order, 21 columns. Phones:
// 116 without their leading 0 (`1012345678`), 54 clean, 4 `X`, 1 with a leading tab, 1 blank. Entry dates
// `YYYY.MM.DD` except the first row's `YYYY-MM-DD 00:00:00`. 27 registered with 매출 integers, one more
// row with `분할결제`. 87 names and 82 phones are the sample master's (see ROLES for who links how).

import { join } from 'node:path';
import type { CustomerRow } from './customers.ts';
import { indexMaster } from './master-index.ts';
import { Random } from './random.ts';
import { writeSample } from './write-csv.ts';

export const LEADS_SEED = 176;
export const LEADS_FILE = '유입고객_DB리스트.csv';

/** Writes samples/유입고객_DB리스트.csv (UTF-8 with BOM, as the center's scripts export it); returns its path. */
export function writeLeadSample(dir: string, customers: readonly CustomerRow[]): string {
  const path = join(dir, LEADS_FILE);
  writeSample(path, [[...LEAD_HEADER], ...generateLeads(new Random(LEADS_SEED), customers)], 'utf-8-bom');
  return path;
}

export const LEAD_HEADER = [
  '이름', '유입경로', 'DB작성 채널', '당근아이디', '나이', '거주지역', '시청 광고', '가격안내', 'A/B 테스트', '연락처', 'DB입력일',
  '전화상담일', '전화상담x 대상 리마인드 연락', '방문상담일', '방문취소', '등록일', '구매상품', '미등록사유', '비고', '구매표시', '매출',
] as const;

/**
 * Who each lead is, relative to the master. `phone`: a customer's name and phone. `phone-other-name`: a
 * customer's phone under another name. `name-*`: a customer's name without a phone of theirs, backed by
 * the region, the registration near the first visit, the age, or nothing; `namesake`: a name several
 * customers share; `name-other-phone`: a customer's name with a phone not theirs. `new`: nobody in the master.
 */
export type LeadRole = 'phone' | 'phone-other-name' | 'name-region' | 'name-first-visit' | 'name-age' | 'name-only' | 'namesake' | 'name-other-phone' | 'new';

const COUNTS = { phone: 81, registeredByPhone: 25, rows: 176, lostZero: 116, clean: 54, tab: 1 } as const;

const INFLOW: readonly (readonly [string, number])[] = [
  ['유튜브', 83], ['당근', 41], ['메타', 17], ['지인소개', 17], ['검색', 10], ['인스타그램', 5], ['플레이스', 1], ['', 2],
];
const DB_CHANNELS: readonly (readonly [string, number])[] = [
  ['홈페이지', 60], ['당근', 20], ['플레이스', 10], ['전화', 20], ['방문', 10], ['채널톡', 15], ['네이버 톡톡', 10], ['카카오톡', 11],
];
const REGIONS = ['강서', '강서', '강서 방화동', '강서 화곡동', '양천', '목동', '부평', '김포', '일산', '부천', '구로', '마포', '영등포', '계양', ''];
const PRODUCTS: readonly (readonly [string, number])[] = [
  ['올케어 40', 2_376_000], ['올케어 80', 4_400_000], ['올케어 120회', 7_920_000], ['펄스+레드 패키지 20회', 1_536_000], ['AIBIKE', 990_000], ['레드 10회', 550_000],
];
const NO_REGISTRATION = ['가격 부담', '거리가 멀어서', '효과 의문', '고민 후 연락 주기로', '남편과 상의 후 결정'];
const NOTES = ['재방문 의사 있음', '주말만 가능', '카톡 상담 선호', '오후 통화 희망', '지인과 함께 방문 희망'];
const CANCEL_REASONS = ['금액', '컨디션', '일정'];

interface Lead {
  role: LeadRole;
  name: string;
  /** `010-XXXX-XXXX`, or null for `X` / blank. */
  phone: string | null;
  phoneCell: string;
  customer: CustomerRow | null;
  registered: boolean;
  splitPayment: boolean;
  entry: string;
  /** The visit date when the journey reaches a visit. */
  visit: string;
}

export function generateLeads(rng: Random, customers: readonly CustomerRow[]): string[][] {
  const master = indexMaster(customers, rng);
  const pool = rng.shuffle([...master.plain]);
  const take = (test: (c: CustomerRow) => boolean = () => true): CustomerRow => {
    const i = pool.findIndex(test);
    if (i < 0) throw new Error('the sample master has no customer left for this lead role');
    return pool.splice(i, 1)[0]!;
  };
  const noBirthYear = (c: CustomerRow) => !/년생/.test(c.cells[10]!);
  const clearVisit = (c: CustomerRow) => firstVisitOf(c) !== null;

  const leads: Lead[] = [];
  const add = (role: LeadRole, name: string, phone: string | null, customer: CustomerRow | null, phoneCell?: string) =>
    leads.push({ role, name, phone, phoneCell: phoneCell ?? '', customer, registered: false, splitPayment: false, entry: '', visit: '' });
  for (let i = 0; i < COUNTS.phone; i++) {
    const c = take();
    add('phone', c.cells[2]!, c.cells[3]!, c);
  }
  add('phone-other-name', master.freshName(), take().cells[3]!, null);
  const byRegion = take((c) => /강서구/.test(c.cells[4]!) && noBirthYear(c));
  add('name-region', byRegion.cells[2]!, null, byRegion, 'X');
  const byVisit = take((c) => clearVisit(c) && noBirthYear(c));
  add('name-first-visit', byVisit.cells[2]!, null, byVisit, 'X');
  const byAge = take((c) => /^\d{2}년생$/.test(c.cells[10]!));
  add('name-age', byAge.cells[2]!, null, byAge, '');
  const alone = take(noBirthYear);
  add('name-only', alone.cells[2]!, null, alone, 'X');
  if (master.namesakes.length === 0) throw new Error('the sample master has no namesakes');
  add('namesake', rng.pick(master.namesakes), null, null, 'X');
  const otherPhone = take();
  add('name-other-phone', otherPhone.cells[2]!, master.freshPhone(), otherPhone);
  while (leads.length < COUNTS.rows) add('new', master.freshName(), master.freshPhone(), null);

  writePhones(rng, leads);
  const byPhone = leads.filter((l) => l.role === 'phone');
  for (const l of byPhone.slice(0, COUNTS.registeredByPhone)) l.registered = true;
  byPhone[COUNTS.registeredByPhone]!.splitPayment = true;
  leads.find((l) => l.role === 'name-first-visit')!.registered = true;
  leads.find((l) => l.role === 'new')!.registered = true;

  for (const l of leads) datesFor(rng, l);
  leads.sort((a, b) => a.entry.localeCompare(b.entry));
  const inflow = rng.shuffle(INFLOW.flatMap(([channel, n]) => Array<string>(n).fill(channel)));
  return leads.map((lead, i) => row(rng, lead, inflow[i]!, i === 0));
}

/** 171 phones written three ways; the leads without a phone of their own already have `X` or blank. */
function writePhones(rng: Random, leads: Lead[]): void {
  const withPhone = rng.shuffle(leads.filter((l) => l.phone !== null));
  withPhone.forEach((l, i) => {
    const digits = l.phone!.replace(/-/g, '');
    if (i < COUNTS.tab) l.phoneCell = `\t${l.phone}`;
    else if (i < COUNTS.tab + COUNTS.clean) l.phoneCell = l.phone!;
    else l.phoneCell = digits.slice(1); // Excel kept the number and dropped the 0
  });
}

function datesFor(rng: Random, l: Lead): void {
  const firstVisit = l.customer ? firstVisitOf(l.customer) : null;
  if (firstVisit && (l.role === 'phone' || l.role === 'name-first-visit')) {
    l.visit = firstVisit;
    l.entry = addDays(firstVisit, -rng.int(1, 14));
  } else {
    l.entry = addDays('2023-01-02', rng.int(0, 880));
    l.visit = addDays(l.entry, rng.int(2, 14));
  }
}

function row(rng: Random, l: Lead, inflow: string, first: boolean): string[] {
  const journey = l.role.startsWith('name-') || l.role === 'namesake' ? quietJourney(rng, l) : l.registered ? registeredJourney(rng, l) : openJourney(rng, l);
  const channel = inflow === '당근' && rng.chance(0.7) ? '당근' : rng.weighted(DB_CHANNELS);
  const age = l.role === 'name-age' ? `${Number(l.entry.slice(0, 4)) - birthYear(l.customer!)}세` : rng.chance(0.9) ? `${rng.int(24, 68)}세` : '';
  return [
    l.name,
    inflow && rng.chance(0.1) ? `${inflow} ` : inflow,
    channel,
    inflow === '당근' ? carrotId(rng) : '',
    age,
    regionFor(rng, l),
    rng.pick(['림프', '레드', '레드', '브레인', '펄스', '']),
    rng.weighted([['가격 안내 O', 55], ['가격 안내 X', 35], ['', 10]] as const),
    rng.pick(['A', 'B', '']),
    l.phoneCell,
    first ? `${l.entry} 00:00:00` : dot(l.entry),
    ...journey,
  ];
}

/** 전화상담일 … 매출 (11 cells) for a lead who registered: a call (or a walk-in), a visit, a product. */
function registeredJourney(rng: Random, l: Lead): string[] {
  const call = rng.chance(0.8) ? dot(addDays(l.entry, rng.int(0, 1))) : 'X';
  const visit = rng.chance(0.85) ? dot(l.visit) : `방문취소/${dot(addDays(l.visit, -3))}\n${dot(l.visit)}`;
  const [product, price] = rng.pick(PRODUCTS);
  const won = rng.chance(0.3) ? Math.round((price * 0.9) / 100) * 100 : price;
  const registered = l.role === 'name-first-visit' ? addDays(l.visit, rng.int(0, 5)) : addDays(l.visit, rng.int(0, 3));
  return [call, '', visit, visit.includes('취소') ? rng.pick(CANCEL_REASONS) : '', dot(registered), product, '', rng.chance(0.2) ? rng.pick(NOTES) : '', 'Y', String(won)];
}

/** Leads matched by name only have no phone to call: their journey must not add a second signal by chance. */
function quietJourney(rng: Random, l: Lead): string[] {
  if (l.registered) return ['X', ...registeredJourney(rng, l).slice(1)];
  return ['X', '', rng.pick(['X', '']), '', '', '', '', '', rng.pick(['N', '']), ''];
}

/** Everyone else: a call that happened or not, maybe a reminder, maybe a visit in any of its forms. */
function openJourney(rng: Random, l: Lead): string[] {
  const r = rng.next();
  const called = r < 0.5;
  const call = called
    ? dot(addDays(l.entry, rng.int(0, 3)))
    : r < 0.62 ? 'X'
    : r < 0.75 ? '무응답'
    : r < 0.85 ? `${monthDay(addDays(l.entry, 1))} 1차컨택(전원꺼짐)\n${monthDay(addDays(l.entry, 2))} 문자보냄`
    : '';
  let reminder = '';
  let reminded = false;
  if (!called && call !== '') {
    const q = rng.next();
    if (q < 0.35) [reminder, reminded] = [dot(addDays(l.entry, rng.int(4, 9))), true];
    else if (q < 0.6) reminder = `${dot(addDays(l.entry, rng.int(4, 9)))} 문자`;
  }
  const reached = called || reminded;
  const v = dot(l.visit);
  const visit = l.splitPayment
    ? v
    : reached
    ? rng.weighted([
        [v, 35], [`방문취소/${v}`, 15], [`노쇼/${v}`, 12], [`${v} 상담예정`, 10], ['X', 10], ['취소', 5],
        [`${v} 상담예정\n노쇼/${v}`, 7], [`방문취소/${v}\n${dot(addDays(l.visit, 7))}`, 3], ['', 3],
      ] as const)
    : rng.chance(0.2) ? 'X' : '';
  const held = /^\d{4}\.\d{2}\.\d{2}$/m.test(visit) && !/노쇼|예정/.test(visit.split('\n').at(-1)!);
  const cancelled = /취소/.test(visit) && !held;
  let product = '';
  if (l.splitPayment) product = '올케어 80';
  else if (held) product = rng.chance(0.6) ? '첫체험' : '';
  else if (cancelled) product = '방문취소';
  else if (/노쇼/.test(visit)) product = rng.pick(['노쇼', 'N/S']);
  else if (/예정/.test(visit)) product = '상담예정';
  const reason = held && !l.splitPayment && rng.chance(0.7) ? rng.pick(NO_REGISTRATION) : '';
  const mark = l.splitPayment ? 'Y' : rng.chance(0.9) ? 'N' : '';
  return [
    call, reminder, visit, cancelled ? rng.pick(CANCEL_REASONS) : '', '', product, reason,
    rng.chance(0.12) ? rng.pick(NOTES) : '', mark, l.splitPayment ? '분할결제' : '',
  ];
}

/** The customer's first visit when the master writes a clean date that is not in the future (`2035-05-17` is a typo there). */
function firstVisitOf(c: CustomerRow): string | null {
  const m = /^(\d{4}-\d{2}-\d{2}) 00:00:00$/.exec(c.cells[1]!);
  return m && m[1]! <= '2025-06-30' ? m[1]! : null;
}

function regionFor(rng: Random, l: Lead): string {
  if (l.role === 'name-region') return /방화동/.test(l.customer!.cells[4]!) ? '강서 방화동' : '강서';
  if (l.role.startsWith('name-') || l.role === 'namesake') return '';
  return rng.pick(REGIONS);
}

function birthYear(c: CustomerRow): number {
  const yy = Number(/^(\d{2})년생$/.exec(c.cells[10]!)![1]);
  return 1900 + yy;
}

function carrotId(rng: Random): string {
  return `${rng.pick(['햇살', '하늘', '바다', '초록', '달빛', '봄날', '구름', '별빛'])}${rng.pick(['맘', '이', '누리', '가득', '공주'])}${rng.int(1, 99)}`;
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const dot = (iso: string): string => iso.replace(/-/g, '.');
const monthDay = (iso: string): string => `${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}`;
