// Every source, in load order: customers first, since every other sheet links to them.

import type { SourceDefinition } from '../source.ts';
import { customers } from './customers.ts';

export const SOURCES: readonly SourceDefinition[] = [customers];

export const SOURCE_NAMES = SOURCES.map((s) => s.name);

export function findSource(name: string): SourceDefinition | undefined {
  return SOURCES.find((s) => s.name === name);
}
