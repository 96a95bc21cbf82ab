// The ways to load the same generated ledger that the benchmark compares besides the pipeline and its floor
// (bench/floor.ts): a plain COPY (the pipeline's own output, already clean, COPYed into the empty final
// table with its indexes live — the floor as it was measured before), the plan's script shape (everything
// in memory, then one INSERT per row) and pgloader (raw text into an unindexed table, after iconv, since
// pgloader cannot read CP949).

import { spawnSync } from 'node:child_process';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { toolConnection } from '../pipeline/backup/pg-tools.ts';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteIdentifier } from '../sinks/copy-sink.ts';
import { findHeader } from '../pipeline/read/header.ts';
import type { SourceDefinition } from '../pipeline/source.ts';
import type { CopyValue } from '../sinks/copy-text.ts';
import { withClient } from '../pipeline/database.ts';

export interface Timed {
  seconds: number;
  rows: number;
}

/** (a') One plain COPY of clean rows into the empty, migrated final table, its indexes live. */
export async function plainCopy(url: string, table: string, columns: readonly string[], file: string, rows: number): Promise<Timed> {
  return withClient(url, async (client) => {
    const started = performance.now();
    await client.query('BEGIN');
    await pipeline(createReadStream(file), client.query(copyFrom(`COPY ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) FROM STDIN`)));
    await client.query('COMMIT');
    return { seconds: (performance.now() - started) / 1000, rows };
  });
}

/**
 * (c) The plan's script shape, first half: read and decode the whole file, clean every row with the same
 * transforms, keep them all in memory — the first `cap` rows of them, which is what the INSERTs below get.
 */
export function readForInserts(source: SourceDefinition, files: readonly string[], cap: number): { rows: (readonly CopyValue[])[]; readSeconds: number } {
  const started = performance.now();
  const mapRow = source.createRowMapper({ runId: 'bench', today: '2026-11-26', earliest: '2020-01-01' });
  const staged: (readonly CopyValue[])[] = [];
  for (const file of files) {
    if (staged.length >= cap) break;
    const records = parse(iconv.decode(readFileSync(file), 'cp949'), { relax_column_count: true }) as string[][];
    // The pipeline's own header rule (labels, the two-cell used/total pairs), so the same cells are read.
    const header = findHeader(records.map((fields, i) => ({ line: i + 1, fields, raw: '' })), source.columns, file)!;
    const keys = header.keys;
    for (let i = header.index + 1; i < records.length && staged.length < cap; i++) {
      const values: Record<string, string> = {};
      records[i]!.forEach((cell, j) => keys[j] && (values[keys[j]!] = cell));
      const outcome = mapRow({ line: i + 1, raw: '', values }, { file, name: file, header: { line: header.line, labels: header.labels, keys }, preamble: [] });
      if (outcome.kind === 'stage') staged.push(outcome.values);
      else if (outcome.kind === 'stage-many') staged.push(...outcome.rows);
    }
  }
  return { rows: staged.slice(0, cap), readSeconds: (performance.now() - started) / 1000 };
}

/**
 * (c) Second half: one INSERT per row into the final table. `transaction`: all of them in one, as the
 * plan's `migrate_with_transaction` does (PLAN.md 3.2); otherwise each commits on its own, as a script
 * without a transaction would — three to four times slower per row here, each commit waiting on its flush.
 */
export async function insertPerRow(url: string, table: string, target: { columns: readonly string[]; from: (values: readonly CopyValue[]) => unknown[] }, rows: readonly (readonly CopyValue[])[], transaction: boolean): Promise<Timed> {
  return withClient(url, async (client) => {
    const started = performance.now();
    const placeholders = target.columns.map((_, i) => `$${i + 1}`).join(', ');
    // Sessions wait for review in this naive shape (no matching): match_status 'review', customer NULL.
    const extra = table === 'service_sessions' ? { column: ', match_status', value: ", 'review'" } : { column: '', value: '' };
    const sql = `INSERT INTO ${quoteIdentifier(table)} (${target.columns.map(quoteIdentifier).join(', ')}${extra.column}) VALUES (${placeholders}${extra.value}) ON CONFLICT DO NOTHING`;
    if (transaction) await client.query('BEGIN');
    for (const row of rows) await client.query(sql, target.from(row));
    if (transaction) await client.query('COMMIT');
    return { seconds: (performance.now() - started) / 1000, rows: rows.length };
  });
}

export function pgloaderInstalled(): boolean {
  return spawnSync('pgloader', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** (d) pgloader, raw text columns into an unindexed table; iconv to UTF-8 first (not counted in its time). */
export async function pgloader(url: string, file: string, workDir: string): Promise<Timed & { iconvSeconds: number }> {
  const iconvStarted = performance.now();
  const utf8 = `${workDir}/pgloader-input.csv`;
  writeFileSync(utf8, iconv.decode(readFileSync(file), 'cp949'));
  const iconvSeconds = (performance.now() - iconvStarted) / 1000;
  const header = (parse(readFileSync(utf8, 'utf8').split('\n', 1)[0]!) as string[][])[0]!;
  const columns = header.map((_, i) => `c${i + 1}`);
  await withClient(url, (client) => client.query(`DROP TABLE IF EXISTS bench_pgloader; CREATE TABLE bench_pgloader (${columns.map((c) => `${c} text`).join(', ')})`));
  const command = `${workDir}/load.pgloader`;
  // The password never goes into the command file: pgloader reads it from PGPASSWORD, as libpq does.
  const connection = toolConnection(url);
  writeFileSync(
    command,
    `LOAD CSV FROM '${utf8}' (${columns.join(', ')})
     INTO ${connection.url}?tablename=bench_pgloader (${columns.join(', ')})
     WITH skip header = 1, fields optionally enclosed by '"', fields escaped by double-quote, fields terminated by ','
     SET work_mem to '64MB';\n`,
  );
  const started = performance.now();
  const result = spawnSync('pgloader', [command], { encoding: 'utf8', env: connection.env });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`pgloader failed: ${result.stderr || result.stdout}`);
  const rows = await withClient(url, async (client) => (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_pgloader')).rows[0]!.n);
  return { seconds, rows, iconvSeconds };
}
