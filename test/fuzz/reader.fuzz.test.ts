// The short fuzz run of `npm test` (fixed seed): mutated sample files of every source through the reader
// and row functions never crash or hang, account for every row, and fail only with coded errors.
// The long run is `npm run fuzz -- --iterations N --seed S`.

import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../pipeline/sources/index.ts';
import { baseInputs, describeCase, fuzz } from './fuzz-reader.ts';

const SEED = 20_240_613;
const ITERATIONS = 1_500;

describe('reader fuzzing', () => {
  it('finds the sample files of every registered source to mutate', () => {
    const bases = baseInputs();
    for (const source of SOURCES) expect(bases.some((b) => b.source === source), source.name).toBe(true);
  });

  it(`${ITERATIONS} mutated files: no crash, no hang, every row accounted for, every failure a coded error`, async () => {
    const summary = await fuzz({ seed: SEED, iterations: ITERATIONS });
    expect(summary.failures.map((f) => `${describeCase(SEED, f.case)}\n${f.problems.join('\n')}`)).toEqual([]);
    // The mutations reach both sides: files that still load (with rows rejected or kept), and files that stop.
    expect(summary.outcomes.loaded).toBeGreaterThan(ITERATIONS / 10);
    for (const code of ['DECODE_INVALID_BYTES', 'CSV_QUOTE_NOT_CLOSED', 'CSV_HEADER_MISSING', 'ENCODING_UTF16']) expect(summary.outcomes[code], code).toBeGreaterThan(0);
  });
});
