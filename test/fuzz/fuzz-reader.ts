// The reader fuzzer: mutated sample files of every registered source go through the same stages a load
// uses (decode → parse → header + row function → COPY text), in process and without a database, and
// whatever the bytes, these must hold: the run ends; a failure is a coded EtlError (anything else thrown
// is a crash); rows read = staged + rejected + skipped; every COPY line is well-formed; every reject
// names a line and a reason. Each case is rebuilt from (seed, iteration) alone, so any one replays.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ERROR_CODES, EtlError } from '../../pipeline/errors.ts';
import { ENCODING_CHOICES, DecodeStream, type EncodingChoice } from '../../pipeline/read/decode.ts';
import { CsvParseStream, type CsvRecord } from '../../pipeline/read/parse-csv.ts';
import { RowStage, emptyCounters } from '../../pipeline/row-stage.ts';
import { CENTER_OPENED } from '../../pipeline/center.ts';
import type { RunContext, SourceDefinition } from '../../pipeline/source.ts';
import { SOURCES } from '../../pipeline/sources/index.ts';
import type { IssueRecord } from '../../sinks/issue-sink.ts';
import { SAMPLES_DIR } from '../../samples/generator/cli.ts';
import { Random } from '../../samples/generator/random.ts';
import { MUTATIONS, MUTATION_NAMES } from './mutate.ts';

export interface BaseInput {
  source: SourceDefinition;
  name: string;
  bytes: Buffer;
}

export interface FuzzCase {
  iteration: number;
  source: SourceDefinition;
  base: string;
  mutations: string[];
  encoding: EncodingChoice;
  chunkSizes: number[];
  bytes: Buffer;
}

export interface CaseResult {
  /** 'loaded', or the EtlError code the file stopped with. */
  outcome: string;
  rowsRead: number;
  problems: string[];
}

/** A case that does not end after this long has hung (a liveness guard, far above any real case). */
const HANG_MS = 60_000;
/** COPY text escapes: every backslash starts one of \\ \t \n \r \N. */
const badCopyEscape = (line: string) => line.replace(/\\[\\tnrN]/g, '').includes('\\');

/**
 * The sample files of each source: its file or folder under samples/, plus samples/variants/ files
 * named after it (`고객관리대장_전체고객_원본시트.csv` for `고객관리대장_전체고객.csv`).
 */
export function baseInputs(sources: readonly SourceDefinition[] = SOURCES): BaseInput[] {
  const out: BaseInput[] = [];
  const variants = join(SAMPLES_DIR, 'variants');
  for (const source of sources) {
    const paths: string[] = [];
    if (source.input.kind === 'file') {
      paths.push(join(SAMPLES_DIR, source.input.file));
      const stem = source.input.file.replace(/\.csv$/i, '');
      if (existsSync(variants)) paths.push(...readdirSync(variants).filter((f) => f.startsWith(stem)).map((f) => join(variants, f)));
    } else {
      const dir = join(SAMPLES_DIR, source.input.dir);
      if (existsSync(dir)) paths.push(...readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.csv')).map((f) => join(dir, f)));
    }
    for (const path of paths.filter((p) => existsSync(p))) out.push({ source, name: basename(path), bytes: readFileSync(path) });
  }
  return out;
}

/** Keeps the first `count` lines (a small file with its header); 1 in 10 cases keeps the whole file. */
function slice(bytes: Buffer, rng: Random): Buffer {
  if (rng.chance(0.1)) return bytes;
  let end = 0;
  for (let n = rng.int(1, 60); n > 0 && end < bytes.length; n--) {
    const next = bytes.indexOf(0x0a, end);
    end = next < 0 ? bytes.length : next + 1;
  }
  return bytes.subarray(0, end);
}

export function makeCase(seed: number, iteration: number, bases: readonly BaseInput[]): FuzzCase {
  const rng = new Random((Math.imul(seed, 2_654_435_761) + iteration) >>> 0);
  const base = rng.pick(bases);
  let bytes = slice(base.bytes, rng);
  const mutations: string[] = [];
  for (let n = rng.weighted([[0, 1], [1, 5], [2, 3], [3, 2], [4, 1]] as const); n > 0; n--) {
    const name = rng.pick(MUTATION_NAMES);
    mutations.push(name);
    bytes = MUTATIONS[name]!(bytes, rng);
  }
  const encoding = rng.weighted(ENCODING_CHOICES.map((e) => [e, e === 'auto' ? 8 : 1] as const));
  const chunkSizes: number[] = [];
  for (let total = 0; total < bytes.length; ) {
    const size = rng.weighted([[rng.int(1, 7), 1], [rng.int(8, 512), 2], [rng.int(513, 65_536), 3]] as const);
    chunkSizes.push(size);
    total += size;
  }
  return { iteration, source: base.source, base: base.name, mutations, encoding, chunkSizes, bytes };
}

/** One case through decode → parse → rows → COPY text, checking every invariant on the way. */
export async function runCase(c: FuzzCase): Promise<CaseResult> {
  const problems: string[] = [];
  const { source } = c;
  const file = join('/fuzz', c.base);
  const run: RunContext = { runId: 'fuzz', today: '2025-06-30', earliest: CENTER_OPENED };
  const counters = emptyCounters();
  const rejects: IssueRecord[] = [];
  let records = 0;
  let copyRows = 0;
  const chunks: Buffer[] = [];
  for (let i = 0, k = 0; i < c.bytes.length; i += c.chunkSizes[k++]!) chunks.push(c.bytes.subarray(i, i + c.chunkSizes[k]!));
  const countRecords = new Transform({
    objectMode: true,
    transform(batch: CsvRecord[], _enc, done) {
      records += batch.length;
      done(null, batch);
    },
  });
  const stage = new RowStage({
    source,
    file,
    name: c.base,
    mapRow: source.createRowMapper(run),
    counters,
    onReject: (issue) => rejects.push(issue),
    onWarning: () => {},
  });
  const copy = new Writable({
    objectMode: true,
    write(text: string, _enc, done) {
      for (const line of text.split('\n').slice(0, -1)) {
        copyRows++;
        const fields = line.split('\t').length;
        if (fields !== source.staging.columns.length) problems.push(`COPY row with ${fields} fields, not ${source.staging.columns.length}: ${JSON.stringify(line.slice(0, 200))}`);
        if (/[\r\u0000]/.test(line) || badCopyEscape(line)) problems.push(`COPY row with a raw CR, NUL or bad escape: ${JSON.stringify(line.slice(0, 200))}`);
      }
      if (!text.endsWith('\n')) problems.push('COPY text not ending in a line break');
      done();
    },
  });

  let outcome = 'loaded';
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS)));
  try {
    const ended = await Promise.race([pipeline(Readable.from(chunks), new DecodeStream({ file, encoding: c.encoding }), new CsvParseStream(file), countRecords, stage, copy), hang]);
    if (ended === 'hang') {
      outcome = 'hang';
      problems.push(`no end after ${HANG_MS} ms`);
    }
  } catch (error) {
    if (!(error instanceof EtlError)) {
      outcome = 'crash';
      problems.push(`crash (not an EtlError): ${(error as Error)?.stack ?? String(error)}`);
    } else {
      outcome = error.code;
      if (!ERROR_CODES.includes(error.code)) problems.push(`unlisted code ${error.code}`);
      if (!error.place.file) problems.push(`${error.code} does not name the file`);
    }
  } finally {
    clearTimeout(timer);
  }

  const accounted = counters.staged + counters.rejected + counters.skipped;
  if (counters.rowsRead !== accounted) problems.push(`rows read ${counters.rowsRead} ≠ staged ${counters.staged} + rejected ${counters.rejected} + skipped ${counters.skipped}`);
  if (counters.rejected !== rejects.length) problems.push(`${counters.rejected} rejected but ${rejects.length} reject records`);
  if (outcome === 'loaded') {
    if (stage.header === null) problems.push('loaded without a header');
    else if (counters.rowsRead !== records - stage.preambleRecords - 1) problems.push(`rows read ${counters.rowsRead} but ${records} records parsed after ${stage.preambleRecords + 1} header/preamble records`);
    if (copyRows !== counters.stagedRows) problems.push(`${counters.stagedRows} staged rows but ${copyRows} COPY rows`);
  }
  for (const r of rejects) {
    if (!Number.isInteger(r.line) || r.line! < 1) problems.push(`reject without a line: ${JSON.stringify(r)}`);
    if (!r.code || !r.reason) problems.push(`reject without a code or reason: ${JSON.stringify(r)}`);
  }
  return { outcome, rowsRead: counters.rowsRead, problems };
}

export interface FuzzFailure {
  case: FuzzCase;
  problems: string[];
}

export interface FuzzSummary {
  iterations: number;
  outcomes: Record<string, number>;
  rowsRead: number;
  failures: FuzzFailure[];
}

export async function fuzz(options: { seed: number; iterations: number; from?: number; onProgress?: (done: number, summary: FuzzSummary) => void }): Promise<FuzzSummary> {
  const bases = baseInputs();
  if (bases.length === 0) throw new Error(`no sample files found under ${SAMPLES_DIR}`);
  const summary: FuzzSummary = { iterations: 0, outcomes: {}, rowsRead: 0, failures: [] };
  const from = options.from ?? 0;
  for (let i = from; i < from + options.iterations; i++) {
    const c = makeCase(options.seed, i, bases);
    const result = await runCase(c);
    summary.iterations++;
    summary.rowsRead += result.rowsRead;
    summary.outcomes[result.outcome] = (summary.outcomes[result.outcome] ?? 0) + 1;
    if (result.problems.length) summary.failures.push({ case: c, problems: result.problems });
    if (options.onProgress && (i - from + 1) % 1000 === 0) options.onProgress(i - from + 1, summary);
  }
  return summary;
}

/** How to replay one case, for failure messages. */
export function describeCase(seed: number, c: FuzzCase): string {
  return `seed ${seed} iteration ${c.iteration}: ${c.source.name} ${c.base}, ${c.bytes.length} bytes, mutations [${c.mutations.join(', ')}], encoding ${c.encoding} — replay: npm run fuzz -- --seed ${seed} --from ${c.iteration} --iterations 1`;
}
