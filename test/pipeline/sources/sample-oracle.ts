// The samples read by a different parser (csv-parse) and simple rules written apart from the pipeline's:
// what the tables must hold after loading them. Only the forms the samples use are understood here.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SAMPLES_DIR } from '../../../samples/generator/cli.ts';

export const CUSTOMER_SAMPLE = join(SAMPLES_DIR, '고객관리대장_전체고객.csv');
export const LEAD_SAMPLE = join(SAMPLES_DIR, '유입고객_DB리스트.csv');
export const KIT_SAMPLE = join(SAMPLES_DIR, '고객관리대장_키트고객.csv');

export type SampleRow = Record<string, string>;

export function readSample(path: string): SampleRow[] {
  return parse(readFileSync(path), { bom: true, columns: true, relax_column_count: true }) as SampleRow[];
}

/** `1012345678`, `010-1234-5678`, `\t010-…` → `01012345678`; anything else → null. */
export function phoneDigits(cell: string): string | null {
  const digits = cell.replace(/\D/g, '');
  if (digits.length === 10 && digits.startsWith('10')) return `0${digits}`;
  return digits.length === 11 && digits.startsWith('010') ? digits : null;
}

/** `김민지님`, ` 김민지 `, `김민지(85년생)` → `김민지`. */
export function simpleNameKey(cell: string): string {
  return cell.replace(/\([^)]*\)/g, '').trim().replace(/님$/, '').replace(/\s+/g, '').toLowerCase();
}

/** `2024.03.02` or `2024-03-02 00:00:00` alone on a line → `2024-03-02`. */
const BARE_DATE = /^(\d{4})[.-](\d{2})[.-](\d{2})(?: 00:00:00)?$/;

export function bareDate(text: string): string | null {
  const m = BARE_DATE.exec(text.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** A cell in which something happened: one of its lines is a date and nothing else. */
export function happened(cell: string): boolean {
  return cell.split(/\r?\n/).some((line) => bareDate(line) !== null);
}

export function expectedStatus(lead: SampleRow): string {
  if (bareDate(lead['등록일']!)) return 'converted';
  if (happened(lead['방문상담일']!)) return 'visit_consulted';
  if (happened(lead['전화상담일']!) || happened(lead['전화상담x 대상 리마인드 연락']!)) return 'phone_consulted';
  if (bareDate(lead['DB입력일']!)) return 'db_entered';
  return 'new';
}

export interface MasterCustomer {
  id: number;
  nameKey: string;
  phone: string | null;
  region: string;
  firstVisit: string | null;
  birthYear: number | null;
}

/** The master's customers: rows with the same name and phone are one customer, under the lowest 번호. */
export function masterCustomers(): MasterCustomer[] {
  const rows = readSample(CUSTOMER_SAMPLE).map((r): MasterCustomer => {
    const born = /(\d{2})년생/.exec(`${r['이름']} ${r['비고']}`);
    return {
      id: Number(r['번호']),
      nameKey: simpleNameKey(r['이름']!),
      phone: phoneDigits(r['연락처']!),
      region: r['거주지역']!,
      firstVisit: bareDate(r['첫방문일']!),
      birthYear: born ? 1900 + Number(born[1]) : null,
    };
  });
  const first = new Map<string, number>();
  for (const c of rows) if (c.phone !== null) first.set(`${c.nameKey}|${c.phone}`, Math.min(first.get(`${c.nameKey}|${c.phone}`) ?? c.id, c.id));
  return rows.filter((c) => c.phone === null || first.get(`${c.nameKey}|${c.phone}`) === c.id);
}
