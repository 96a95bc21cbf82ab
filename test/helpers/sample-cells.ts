// Every parsed cell of every sample ledger (samples/, the raw sheet dump in variants/ included), read by
// csv-parse, and what a set of cell rules makes of it: one line per distinct cell and rule, hashed per rule.
// The rules are passed in, so the same walk can be run with another version of them (see
// test/pipeline/sample-cells-unchanged.test.ts) — a comparison that does not depend on the tables' columns.

import { createHash } from 'node:crypto';
import { listCsvFiles } from '../../pipeline/inspect/inspect.ts';
import { SAMPLES_DIR } from '../../samples/generator/cli.ts';
import { readSampleCsv } from './sample-csv.ts';

/** The rules, each reduced to the fields every version of it returns. */
export interface CellRules {
  phone(raw: string): unknown;
  date(raw: string): unknown;
  money(raw: string): unknown;
  age(raw: string): unknown;
  marker(raw: string): unknown;
  ledgerNumber(raw: string): unknown;
  packages(raw: string): unknown;
  progress(raw: string): unknown;
  events(raw: string): unknown;
  customerInfo(raw: string): unknown;
}

/** Header labels (whitespace removed) → the rule that reads the column. */
const RULE_OF: Record<string, keyof CellRules> = {
  연락처: 'phone',
  첫방문일: 'date', DB입력일: 'date', 등록일: 'date', 날짜: 'date', 결제일자: 'date', 세션시작일: 'date', 계약만료일: 'date',
  키트수령일: 'date', '결과지수령일': 'date', '결과지전달일': 'date',
  매출: 'money', 결제금액: 'money', 합계: 'money',
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`${i + 1}월`, 'money' as const])),
  나이: 'age',
  가격안내: 'marker', 구매표시: 'marker',
  번호: 'ledgerNumber', NO: 'ledgerNumber',
  '실행패키지or프로모션': 'packages', 실행프로그램: 'packages',
  세션진행사항: 'progress',
  전화상담일: 'events', 방문상담일: 'events', '전화상담x대상리마인드연락': 'events',
  '고객정보(연령,성별,연락처)': 'customerInfo', 고객정보: 'customerInfo',
};

/** rule → the distinct cells it reads in the samples. */
export function sampleCells(): Map<keyof CellRules, Set<string>> {
  const cells = new Map<keyof CellRules, Set<string>>();
  for (const file of listCsvFiles([SAMPLES_DIR])) {
    const records = readSampleCsv(file);
    const header = records.find((r) => r.cells.some((c) => RULE_OF[c.replace(/\s+/g, '')] !== undefined && c.trim() !== '번호'));
    if (!header) continue;
    const rules = header.cells.map((c) => RULE_OF[c.replace(/\s+/g, '')]);
    for (const record of records.slice(records.indexOf(header) + 1)) {
      record.cells.forEach((cell, i) => {
        const rule = rules[i];
        if (rule && cell.trim() !== '') (cells.get(rule) ?? cells.set(rule, new Set()).get(rule)!).add(cell);
      });
    }
  }
  return cells;
}

/** Per rule: how many distinct cells, and the sha256 of `cell → result` lines in code-unit order. */
export function cellDigests(rules: CellRules): Record<string, { cells: number; sha256: string }> {
  const out: Record<string, { cells: number; sha256: string }> = {};
  for (const [rule, cells] of [...sampleCells()].sort(([a], [b]) => a.localeCompare(b))) {
    const lines = [...cells].sort().map((cell) => `${JSON.stringify(cell)}\t${JSON.stringify(rules[rule](cell))}`);
    out[rule] = { cells: cells.size, sha256: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return out;
}
