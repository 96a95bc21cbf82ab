// The sample customers as other sheets write them: a pool of real sample customers (name and phone from
// the sample master) and the name-cell forms of SOURCES.md §4 — `님`, `(85년생)`, `(직원)`, relatives,
// two people in a cell, digits, walk-ins who are not in the master — at about the real rates.

import type { CustomerRow } from './customers.ts';
import { koreanName } from './korean.ts';
import type { Random } from './random.ts';

export interface SamplePerson {
  ledgerNo: number;
  name: string;
  phone: string;
}

export interface People {
  /** Customers whose master cell is a plain name and a clean phone. */
  pool: SamplePerson[];
  /** Names that several sample customers share (`김민지` twice): a name alone cannot tell them apart. */
  namesakes: SamplePerson[];
  /** A name no sample customer has (a walk-in, or someone never entered in the master). */
  stranger(rng: Random): string;
}

const PLAIN_NAME = /^[가-힣]{3}$/;
const CLEAN_PHONE = /^010-\d{4}-\d{4}$/;

export function samplePeople(customers: readonly CustomerRow[]): People {
  const known = new Set<string>();
  const count = new Map<string, number>();
  for (const c of customers) {
    const key = c.cells[2]!.replace(/\(.*?\)|님$|\s/g, '');
    known.add(key);
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  const people = customers
    .filter((c) => PLAIN_NAME.test(c.cells[2]!) && CLEAN_PHONE.test(c.cells[3]!))
    .map((c) => ({ ledgerNo: Number(c.cells[0]), name: c.cells[2]!, phone: c.cells[3]! }));
  const phones = new Map<string, number>();
  for (const p of people) phones.set(p.phone, (phones.get(p.phone) ?? 0) + 1);
  // Customers who share a phone with another (families, duplicates) stay out of the pool's phone checks.
  const pool = people.filter((p) => count.get(p.name) === 1 && phones.get(p.phone) === 1);
  const namesakes = people.filter((p) => (count.get(p.name) ?? 0) > 1 && phones.get(p.phone) === 1);
  return {
    pool,
    namesakes,
    stranger(rng) {
      for (;;) {
        const name = koreanName(rng);
        if (!known.has(name)) return name;
      }
    },
  };
}

export const NAME_FORMS = ['exact', 'honorific', 'birth-year', 'padded', 'staff', 'relative', 'two-people', 'stranger', 'digits', 'spaced'] as const;
export type NameForm = (typeof NAME_FORMS)[number];

/** ~13% of rows differ from the master's name (§4); about half of those still match once normalized. */
export function pickNameForm(rng: Random): NameForm {
  return rng.weighted<NameForm>([
    ['exact', 870],
    ['honorific', 40],
    ['birth-year', 15],
    ['padded', 10],
    ['staff', 5],
    ['relative', 15],
    ['two-people', 5],
    ['stranger', 25],
    ['digits', 5],
    ['spaced', 10],
  ]);
}

/** The name cell for a person in the given form. */
export function nameCell(rng: Random, people: People, person: SamplePerson, form: NameForm): string {
  const n = person.name;
  switch (form) {
    case 'exact':
      return n;
    case 'honorific':
      return `${n}님`;
    case 'birth-year':
      return `${n}(${rng.int(60, 99)}년생)`;
    case 'padded':
      return ` ${n} `;
    case 'staff':
      return `${n}(직원)`;
    case 'relative':
      return `${n} ${rng.pick(['어머님', '부', '남편', '딸'])}`;
    case 'two-people':
      return `${n}${rng.pick([',', '/'])}${rng.pick(people.pool).name}`;
    case 'stranger':
      return people.stranger(rng);
    case 'digits':
      return `${n}${rng.int(2, 3)}`;
    case 'spaced':
      return `${n[0]} ${n.slice(1)}`;
  }
}
