// Which sample customers other samples may cite, decided from the master's cells alone: a "plain" customer
// has a name cell of Hangul only that no other name cell contains (so no `김민지님`, `김민지 어머님` or
// namesake elsewhere) and a clean phone no other row has. Also fresh names and phones nobody in the master has.

import type { CustomerRow } from './customers.ts';
import { koreanName, mobile } from './korean.ts';
import type { Random } from './random.ts';

export interface MasterIndex {
  /** Customers with a unique plain name and a unique clean phone, in ledger order. */
  plain: CustomerRow[];
  /** Plain names written on two or more rows, with no other cell containing them: namesakes. */
  namesakes: string[];
  freshName(): string;
  freshPhone(): string;
}

const PLAIN_NAME = /^[가-힣]{2,4}$/;
const CLEAN_PHONE = /^010-\d{4}-\d{4}$/;

/** Digits as the pipeline would read them: `1012345678` has lost its 0. */
export function phoneDigits(cell: string): string {
  const digits = cell.replace(/\D/g, '');
  return digits.length === 10 && digits.startsWith('10') ? `0${digits}` : digits;
}

export function indexMaster(customers: readonly CustomerRow[], rng: Random): MasterIndex {
  const nameCells = customers.map((c) => c.cells[2]!.trim());
  const phoneCount = new Map<string, number>();
  for (const c of customers) {
    const digits = phoneDigits(c.cells[3]!);
    if (digits) phoneCount.set(digits, (phoneCount.get(digits) ?? 0) + 1);
  }
  const containing = (name: string) => nameCells.filter((cell) => cell.replace(/\s+/g, '').includes(name)).length;
  const exact = (name: string) => nameCells.filter((cell) => cell === name).length;
  const plain = customers.filter((c) => {
    const name = c.cells[2]!;
    return PLAIN_NAME.test(name) && CLEAN_PHONE.test(c.cells[3]!) && containing(name) === 1 && phoneCount.get(phoneDigits(c.cells[3]!)) === 1;
  });
  // Namesakes are different people: rows of one name with one phone are a duplicate the master merges.
  const distinctPhones = (name: string) => new Set(customers.filter((c) => c.cells[2]!.trim() === name).map((c) => phoneDigits(c.cells[3]!))).size;
  const namesakes = [...new Set(nameCells.filter((n) => PLAIN_NAME.test(n) && exact(n) >= 2 && containing(n) === exact(n) && distinctPhones(n) === exact(n)))];
  const usedNames = new Set(nameCells.map((n) => n.replace(/\s+/g, '')).filter((n) => n !== ''));
  const usedPhones = new Set(phoneCount.keys());
  return {
    plain,
    namesakes,
    freshName: () => {
      for (;;) {
        const name = koreanName(rng);
        if (![...usedNames].some((cell) => cell.includes(name) || name.includes(cell))) return usedNames.add(name), name;
      }
    },
    freshPhone: () => {
      for (;;) {
        const phone = mobile(rng);
        const digits = phone.replace(/-/g, '');
        if (!usedPhones.has(digits)) return usedPhones.add(digits), phone;
      }
    },
  };
}
