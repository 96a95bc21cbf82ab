// Every source, in load order: customers first, since every other sheet links to them; the revenue
// summary after payments, since it is compared with them.

import type { SourceDefinition } from '../source.ts';
import { customers } from './customers.ts';
import { kits } from './kits.ts';
import { leads } from './leads.ts';
import { sessions } from './sessions.ts';
import { payments } from './payments.ts';
import { revenueSummary } from './revenue-summary.ts';

export const SOURCES: readonly SourceDefinition[] = [customers, leads, kits, sessions, payments, revenueSummary];

export const SOURCE_NAMES = SOURCES.map((s) => s.name);

export function findSource(name: string): SourceDefinition | undefined {
  return SOURCES.find((s) => s.name === name);
}
