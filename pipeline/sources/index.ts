// Every source, in load order: customers first, since every other sheet links to them.

import type { SourceDefinition } from '../source.ts';
import { customers } from './customers.ts';
import { kits } from './kits.ts';
import { leads } from './leads.ts';

export const SOURCES: readonly SourceDefinition[] = [customers, leads, kits];

export const SOURCE_NAMES = SOURCES.map((s) => s.name);

export function findSource(name: string): SourceDefinition | undefined {
  return SOURCES.find((s) => s.name === name);
}
