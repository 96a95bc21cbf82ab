// Rejects and warnings: every rejected row (with its line, reason code and raw text) and every
// cell-level warning (a date nulled, a phone kept raw) goes to a CSV for people and to etl.rejects /
// etl.warnings. Both are streamed through files so memory does not grow with their number; the CSVs
// hold raw lines with personal data and are created readable by their owner only. A NUL byte in a raw
// line is written as ␀ (U+2400): no text column can store NUL.

import { closeSync, createReadStream, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { encodeCopyRow } from './copy-text.ts';
import { createCopySink } from './copy-sink.ts';
import { UTF8_BOM, csvLine } from './csv-text.ts';

export interface IssueRecord {
  file: string;
  line: number | null;
  code: string;
  column?: string | null;
  value?: string | null;
  reason: string;
  rawLine?: string | null;
}

export interface IssueSummary {
  count: number;
  byCode: Record<string, { count: number; examples: IssueRecord[] }>;
  file: string | null;
}

const FLUSH_BYTES = 64 * 1024;
const EXAMPLES_PER_CODE = 3;
const FIRST_KEPT = 5;

const KINDS = {
  reject: { table: 'etl.rejects', header: ['file', 'line', 'code', 'column', 'value', 'reason', 'raw_line'] },
  warning: { table: 'etl.warnings', header: ['file', 'line', 'code', 'column', 'value', 'reason'] },
} as const;

export class IssueSink {
  readonly summary: IssueSummary = { count: 0, byCode: {}, file: null };
  /** The first few issues in the order they came, for an error message that stops the run. */
  readonly first: IssueRecord[] = [];
  private csvFd: number | null = null;
  private copyFd: number | null = null;
  private csvBuffer = '';
  private copyBuffer = '';
  private readonly csvPath: string;
  private readonly copyPath: string;

  constructor(
    private readonly dir: string,
    private readonly runId: string,
    private readonly source: string,
    private readonly kind: keyof typeof KINDS,
  ) {
    this.csvPath = join(dir, `${source}.${kind}s.csv`);
    this.copyPath = join(dir, `.${source}.${kind}s.copy`);
  }

  add(issue: IssueRecord): void {
    const entry = (this.summary.byCode[issue.code] ??= { count: 0, examples: [] });
    entry.count++;
    if (entry.examples.length < EXAMPLES_PER_CODE) entry.examples.push(issue);
    this.summary.count++;
    if (this.first.length < FIRST_KEPT) this.first.push(issue);
    if (this.csvFd === null) this.open();
    const common = [issue.file, issue.line, issue.code, issue.column ?? null, visibleNul(issue.value), issue.reason];
    const row = this.kind === 'reject' ? [...common, visibleNul(issue.rawLine)] : common;
    this.csvBuffer += csvLine(row);
    this.copyBuffer += encodeCopyRow([this.runId, this.source, ...row]);
    if (this.csvBuffer.length + this.copyBuffer.length > FLUSH_BYTES) this.flush();
  }

  /** Writes what is buffered, COPYs the records into etl, removes the temporary COPY file. */
  async finish(client: ClientBase): Promise<void> {
    if (this.csvFd === null) return;
    this.close();
    const columns = ['run_id', 'source', ...KINDS[this.kind].header.map((c) => (c === 'column' ? 'column_name' : c))];
    await pipeline(createReadStream(this.copyPath), createCopySink(client, KINDS[this.kind].table, columns));
    rmSync(this.copyPath, { force: true });
  }

  /** On failure: close the files; the CSV stays for the user, the COPY file goes. */
  discard(): void {
    if (this.csvFd !== null) this.close();
    rmSync(this.copyPath, { force: true });
  }

  private open(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.csvFd = openSync(this.csvPath, 'w', 0o600);
    this.copyFd = openSync(this.copyPath, 'w', 0o600);
    this.summary.file = this.csvPath;
    this.csvBuffer = UTF8_BOM + csvLine(KINDS[this.kind].header);
  }

  private flush(): void {
    if (this.csvFd === null || this.copyFd === null) return;
    writeSync(this.csvFd, this.csvBuffer);
    writeSync(this.copyFd, this.copyBuffer);
    this.csvBuffer = '';
    this.copyBuffer = '';
  }

  private close(): void {
    this.flush();
    closeSync(this.csvFd!);
    closeSync(this.copyFd!);
    this.csvFd = null;
    this.copyFd = null;
  }
}

/** PostgreSQL text cannot hold a NUL byte (a row rejected for one still has it): shown as ␀ (U+2400). */
function visibleNul(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  return text.includes('\u0000') ? text.replace(/\u0000/g, '\u2400') : text;
}
