// How a name written in another sheet (usage, kits, leads, payments) is compared with the customer master.
// `김민지님`, `김민지(85년생)`, ` 김민지 `, `김민지(직원)` all compare as 김민지; a relative (`김민지 어머님`)
// or two people (`김민지,이서연`) never match 김민지 — they go to review with that reason. Digits stay
// (`김민지2` is how the master tells namesakes apart).

import { nameKey, normalizeName, type NameResult } from './normalize-name.ts';

export const NAME_MATCH_BLOCKERS = [
  'NAME_MISSING', //   nothing left of the cell
  'RELATIVE_OF', //    `김민지 어머님`: someone related to a customer, not the customer
  'SEVERAL_PEOPLE', // `김민지,이서연`
] as const;
export type NameMatchBlocker = (typeof NAME_MATCH_BLOCKERS)[number];

export interface NameMatchKey {
  /** Compared with customers.name_key; null when the name must not be matched automatically. */
  key: string | null;
  /** The cleaned name, for the review list. */
  name: string | null;
  blocker: NameMatchBlocker | null;
  /** For RELATIVE_OF: the customer's key the relative is attached to. */
  relativeOfKey: string | null;
  birthYear: number | null;
}

export function nameMatchKey(raw: string | undefined, currentYear: number): NameMatchKey {
  return matchKeyOf(normalizeName(raw, currentYear));
}

/** The same, for a name a row has already normalized (kits and leads keep the person for other columns). */
export function matchKeyOf(person: NameResult): NameMatchKey {
  // Object literals, not `{ ...base, key }`: V8 spreads an object ~50× slower, and this runs for every row.
  const { name, birthYear } = person;
  if (name === null) return { key: null, name, blocker: 'NAME_MISSING', relativeOfKey: null, birthYear };
  if (person.multiple) return { key: null, name, blocker: 'SEVERAL_PEOPLE', relativeOfKey: null, birthYear };
  if (person.relativeOf) return { key: null, name, blocker: 'RELATIVE_OF', relativeOfKey: nameKey(person.relativeOf.name), birthYear };
  return { key: nameKey(name), name, blocker: null, relativeOfKey: null, birthYear };
}
