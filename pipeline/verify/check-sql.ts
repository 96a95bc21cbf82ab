// The verification SQL files beside this one, with `{{placeholders}}` filled by quoted identifiers
// (or, for natural keys, the registry's own SQL expressions). Values always travel as $n parameters.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cache = new Map<string, string>();

export function checkSql(name: string, fill: Readonly<Record<string, string>> = {}): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(fileURLToPath(new URL(`sql/${name}`, import.meta.url)), 'utf8');
    cache.set(name, text);
  }
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = fill[key];
    if (value === undefined) throw new Error(`${name}: no value for {{${key}}}`);
    return value;
  });
}
