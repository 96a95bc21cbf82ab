// Streams one customer ledger through the load's reader and row stage — decode, parse, header, clean,
// COPY text — into a sink that drops the text, then prints the process's peak memory. Run in a child
// process by the memory test, so the figure is this streaming load's alone.

import { createReadStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DecodeStream } from '../../pipeline/read/decode.ts';
import { CsvParseStream } from '../../pipeline/read/parse-csv.ts';
import { RowStage, emptyCounters } from '../../pipeline/row-stage.ts';
import { customers } from '../../pipeline/sources/customers.ts';
import { IssueSink } from '../../sinks/issue-sink.ts';

const file = process.argv[2]!;
const counters = emptyCounters();
const dir = mkdtempSync(join(tmpdir(), 'aibio-stream-'));
const rejects = new IssueSink(dir, 'memory', 'customers', 'reject');
const warnings = new IssueSink(dir, 'memory', 'customers', 'warning');
const rows = new RowStage({
  source: customers,
  file,
  name: basename(file),
  mapRow: customers.createRowMapper({ runId: 'memory', today: '2026-11-26', earliest: '2020-01-01' }),
  counters,
  onReject: (issue) => rejects.add(issue),
  onWarning: (issue) => warnings.add(issue),
});
let bytes = 0;
await pipeline(
  createReadStream(file),
  new DecodeStream({ file }),
  new CsvParseStream(file),
  rows,
  new Writable({
    objectMode: true,
    write(text: string, _enc, done) {
      bytes += text.length;
      done();
    },
  }),
);
rejects.discard();
warnings.discard();
// What the load still holds once it is done (run with --expose-gc), beside the peak the process reached.
(globalThis as { gc?: () => void }).gc?.();
process.stdout.write(
  JSON.stringify({ rowsRead: counters.rowsRead, staged: counters.staged, copyChars: bytes, heapUsedKb: Math.round(process.memoryUsage().heapUsed / 1024), maxRssKb: process.resourceUsage().maxRSS }),
);
