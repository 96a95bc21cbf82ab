// The sample ledgers as a user's folder may hold them: the same bytes under the names people give files
// (`고객관리대장(전체) 2025.12.csv`), the usage sheets in a folder of another name and one at the top, the
// payment sheets in another folder too — plus files that are no ledger to load.

import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES_DIR } from '../../samples/generator/cli.ts';

/** Where each sample went, relative to the folder: one-file ledgers renamed, monthly sheets keep their names (their month). */
export const RENAMED = {
  customers: '고객관리대장(전체) 2025.12.csv',
  leads: '유입고객 DB 리스트.csv',
  kits: '키트고객 명단 (최종).csv',
  'revenue-summary': '연도별 매출 요약.csv',
  usageFolder: '월별 이용현황 (2021-2025)',
  usageAtTop: '2025년6월.csv',
  paymentsFolder: join('결제', '월별 결제 내역'),
} as const;

/** Files that must be listed as not loaded, with the words their reason must hold. */
export const NOT_LEDGERS = {
  '메모.csv': /no ledger's header/,
  [join('예전 자료', '고객관리대장 원본시트.csv')]: /customers ledger in a subfolder/,
} as const;

export function writeRenamedSamples(dir: string): string {
  const copy = (from: string, to: string) => {
    mkdirSync(join(dir, to, '..'), { recursive: true });
    copyFileSync(join(SAMPLES_DIR, from), join(dir, to));
  };
  copy('고객관리대장_전체고객.csv', RENAMED.customers);
  copy('유입고객_DB리스트.csv', RENAMED.leads);
  copy('고객관리대장_키트고객.csv', RENAMED.kits);
  copy('2025년_결제현황.csv', RENAMED['revenue-summary']);
  for (const sheet of readdirSync(join(SAMPLES_DIR, '이용현황'))) {
    copy(join('이용현황', sheet), sheet === RENAMED.usageAtTop ? sheet : join(RENAMED.usageFolder, sheet));
  }
  for (const sheet of readdirSync(join(SAMPLES_DIR, '결제현황'))) copy(join('결제현황', sheet), join(RENAMED.paymentsFolder, sheet));
  // No ledger: a note someone exported, and the raw sheet dump of the customer master kept in an old folder.
  writeFileSync(join(dir, '메모.csv'), '\ufeff날짜,내용\r\n2025-06-01,재고 확인\r\n');
  copy(join('variants', '고객관리대장_전체고객_원본시트.csv'), join('예전 자료', '고객관리대장 원본시트.csv'));
  return dir;
}
