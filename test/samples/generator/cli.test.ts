// The committed samples are exactly what the seeded generator writes: regenerating changes no byte.

import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR, generateAll } from '../../../samples/generator/cli.ts';
import { tempDir } from '../../helpers/load.ts';

describe('sample generator', () => {
  it('rewrites every committed sample byte for byte', () => {
    const dir = tempDir('aibio-samples-');
    const written = generateAll(dir);
    expect(written.length).toBeGreaterThan(50);
    for (const file of written) {
      const name = relative(dir, file);
      expect(readFileSync(file).equals(readFileSync(`${SAMPLES_DIR}/${name}`)), name).toBe(true);
    }
  });
});
