// The synthetic kit list, shaped like SOURCES.md §2: 16 rows, 15 유기산 (`BD` serials) and 1 음식물과민증
// (`BA`), 14 distinct serials because two serials are each written for two customers, dates almost all
// blank. 14 names are the sample master's (13 unique, 1 a name several customers share), 2 are nobody's.

import { join } from 'node:path';
import type { CustomerRow } from './customers.ts';
import { indexMaster } from './master-index.ts';
import { Random } from './random.ts';
import { writeSample } from './write-csv.ts';

export const KITS_SEED = 16;
export const KITS_FILE = '고객관리대장_키트고객.csv';

/** Writes samples/고객관리대장_키트고객.csv (UTF-8 with BOM); returns its path. */
export function writeKitSample(dir: string, customers: readonly CustomerRow[]): string {
  const path = join(dir, KITS_FILE);
  writeSample(path, [[...KIT_HEADER], ...generateKits(new Random(KITS_SEED), customers)], 'utf-8-bom');
  return path;
}

export const KIT_HEADER = ['고객명', '키트', '시리얼번호', '키트수령일', '결과지 수령일', '결과지 전달일'] as const;

export function generateKits(rng: Random, customers: readonly CustomerRow[]): string[][] {
  const master = indexMaster(customers, rng);
  const plain = rng.shuffle([...master.plain]).slice(0, 13).map((c) => c.cells[2]!);
  if (master.namesakes.length === 0) throw new Error('the sample master has no namesakes');
  const names = rng.shuffle([...plain, rng.pick(master.namesakes), master.freshName(), master.freshName()]);

  const serials = new Set<string>();
  while (serials.size < 14) serials.add(String(rng.int(100_000, 999_999)));
  const numbers = [...serials];
  // Rows 0..13 get their own serial; rows 14 and 15 repeat the serials of two earlier rows.
  const serialOf = [...numbers, numbers[3]!, numbers[9]!];
  const foodSensitivity = 6;

  const rows = names.map((name, i) => {
    const food = i === foodSensitivity;
    return [name, food ? '음식물과민증' : '유기산', `${food ? 'BA' : 'BD'}${serialOf[i]}`, '', '', ''];
  });
  // Dates almost all blank, in the forms hand-typed and exported.
  rows[1]![3] = '2024.05.02';
  rows[1]![4] = '2024.05.20';
  rows[1]![5] = '2024-05-23 00:00:00';
  rows[4]![3] = '2024-06-11 00:00:00';
  rows[8]![3] = '2024.7.3';
  rows[8]![4] = '2024.07.22';
  return rng.shuffle(rows);
}
