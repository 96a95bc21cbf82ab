// What customers.merge.sql will do, predicted from the staged rows without a database (for `inspect`):
// rows sharing a dedupe key fold into one customer numbered by the lowest ledger number, the other
// rows are merged duplicates. Also builds the directory that other sources' predictions match against.

import type { CustomerDirectory, InspectContext, MergePredictor } from '../source.ts';
import type { CopyValue } from '../../sinks/copy-text.ts';
import { nameKey } from '../../transforms/normalize-name.ts';
import { CUSTOMER_STAGING_COLUMNS } from './customers-columns.ts';
import { columnPositions } from './predict-links.ts';

const at = columnPositions(() => CUSTOMER_STAGING_COLUMNS);
const LEDGER = at('ledger_no');
const NAME = at('name');
const PHONE = at('phone');
const FIRST_VISIT = at('first_visit_date');
const REGION = at('region');
const BIRTH_YEAR = at('birth_year');
const DEDUPE = at('dedupe_key');

interface Group {
  customerId: number;
  rows: number;
  name: string;
  phone: string | null;
  /** Newest first: the merge's "newest non-empty value wins" order. */
  recency: { firstVisit: string | null; ledger: number; region: string | null; birthYear: number | null }[];
}

export function predictCustomers(_context: InspectContext): MergePredictor {
  const groups = new Map<string, Group>();
  let rows = 0;
  const predictor: MergePredictor = {
    observe(values: readonly CopyValue[]) {
      rows++;
      const ledger = values[LEDGER] as number;
      const key = (values[DEDUPE] as string | null) ?? `#${ledger}`;
      const group = groups.get(key) ?? { customerId: ledger, rows: 0, name: values[NAME] as string, phone: values[PHONE] as string | null, recency: [] };
      group.rows++;
      group.customerId = Math.min(group.customerId, ledger);
      group.recency.push({
        firstVisit: values[FIRST_VISIT] as string | null,
        ledger,
        region: values[REGION] as string | null,
        birthYear: values[BIRTH_YEAR] as number | null,
      });
      groups.set(key, group);
    },
    finish() {
      const duplicateGroups = [...groups.values()].filter((g) => g.rows > 1).length;
      const customersByPhone = new Map<string, number>();
      for (const g of groups.values()) if (g.phone) customersByPhone.set(g.phone, (customersByPhone.get(g.phone) ?? 0) + 1);
      const sharedPhoneFamilies = [...customersByPhone.values()].filter((n) => n > 1).length;
      return { loaded: groups.size, merged: rows - groups.size, review: 0, reviewByReason: {}, details: { duplicateGroups, sharedPhoneFamilies } };
    },
    directory() {
      const directory: CustomerDirectory = { byPhone: new Map(), byNameKey: new Map(), facts: new Map() };
      for (const g of groups.values()) {
        const push = (map: Map<string, number[]>, key: string) => map.set(key, [...(map.get(key) ?? []), g.customerId]);
        if (g.phone) push(directory.byPhone, g.phone);
        push(directory.byNameKey, nameKey(g.name));
        const newest = g.recency.sort((a, b) => (b.firstVisit ?? '').localeCompare(a.firstVisit ?? '') || b.ledger - a.ledger);
        directory.facts.set(g.customerId, {
          phone: g.phone,
          birthYear: newest.find((r) => r.birthYear !== null)?.birthYear ?? null,
          region: newest.find((r) => r.region !== null)?.region ?? null,
          firstVisit: g.recency.map((r) => r.firstVisit).filter((d): d is string => d !== null).sort()[0] ?? null,
        });
      }
      return directory;
    },
  };
  return predictor;
}
