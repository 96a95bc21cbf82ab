// The run report: reports/<runId>/report.json (and a copy where --report says), and the summary printed
// at the end of a run. Phones and passwords are masked everywhere in it, whatever field they hide in.

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SourceReport } from '../pipeline/run-source.ts';
import type { RunSafety } from '../pipeline/run-safety.ts';
import type { StatisticsSummary } from '../pipeline/statistics/refresh-statistics.ts';
import { maskPhonesInText } from '../transforms/mask-phone.ts';
import { knownSecrets, redact } from './redact.ts';

export interface RunReport {
  runId: string;
  command: string;
  status: 'committed' | 'failed' | 'dry-run';
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  /** The database URL, password masked. */
  database: string;
  sources: Record<string, SourceReport>;
  previousRunId: string | null;
  /** CSVs of the input folder that are no ledger this run could place, and why: listed, not ignored. */
  unplacedFiles?: readonly { file: string; reason: string }[];
  error?: { code: string; message: string };
  /** What a command's own steps did (pipeline/run.ts RunStep), by step name: `review --apply`'s decisions. */
  steps?: Record<string, Record<string, unknown>>;
  /** Customer statistics and the day's customer_analytics rows, when the run recomputed them. */
  statistics?: StatisticsSummary;
  /** Customers by status and by membership level after the run. */
  distributions?: Record<string, Record<string, number>>;
  /** Backup, ANALYZE, table counts and verification (pipeline/run-safety.ts). */
  safety?: RunSafety;
  /** Seconds per step of the run: backup, each source, statistics, checks, commit. */
  timings?: Record<string, number>;
  /** The process that ran it: peak resident memory (MB), for the benchmark and the curious. */
  process?: { maxRssMb: number };
  /** A rehearsal (`--rehearse`): the database it copied, never written, and where the copy was. */
  rehearsal?: { target: string; copy: string };
}

/**
 * The merge counters of rows the staff's recorded decisions settled (`review --apply`), apart from rows linked
 * by phone or name: linked, decided not a customer, and sent back to review because the decided customer is
 * gone. Every merge that links rows to customers reports them; the summary shows them when not zero.
 */
export const DECISION_COUNTERS = ['matched_by_decision', 'ignored_by_decision', 'decision_customer_gone'] as const;

/** The per-source numbers every report carries (issue: rowsRead, inserted, updated, unchanged, duplicates, rejected). */
export function sourceTotals(s: SourceReport): Record<string, number> {
  return { rowsRead: s.rowsRead, ...s.merge, rejected: s.rejected, skipped: s.skipped, warnings: s.warnings };
}

/** Deep copy with every string passed through the phone and password mask (the secrets looked up once). */
export function maskReport<T>(value: T, secrets: readonly string[] = knownSecrets()): T {
  if (typeof value === 'string') return redact(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => maskReport(v, secrets)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskReport(v, secrets)])) as T;
  }
  return value;
}

export function reportJson(report: RunReport): Record<string, unknown> {
  const sources = Object.fromEntries(Object.entries(report.sources).map(([name, s]) => [name, { ...sourceTotals(s), ...s }]));
  return maskReport({ ...report, sources });
}

export function writeRunReport(report: RunReport, reportDir: string, extraPath?: string): string {
  mkdirSync(reportDir, { recursive: true, mode: 0o700 });
  const text = `${JSON.stringify(reportJson(report), null, 2)}\n`;
  const path = join(reportDir, 'report.json');
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
  if (extraPath) {
    mkdirSync(dirname(extraPath), { recursive: true });
    writeFileSync(extraPath, text, { mode: 0o600 });
    chmodSync(extraPath, 0o600);
  }
  return path;
}

/** The human summary: one block per source, numbers lined up. */
export function formatSummary(report: RunReport): string {
  const lines: string[] = [];
  const verb = report.status === 'committed' ? 'loaded' : report.status === 'dry-run' ? 'rehearsed (rolled back)' : 'FAILED';
  if (report.rehearsal) lines.push(`REHEARSAL on a copy of ${report.rehearsal.target}, which was not written; the copy, ${report.rehearsal.copy}, is gone`);
  lines.push(`run ${report.runId} ${verb} into ${report.database}`);
  for (const s of Object.values(report.sources)) {
    const shown = Object.entries(sourceTotals(s)).filter(([k, v]) => v !== 0 || !(DECISION_COUNTERS as readonly string[]).includes(k));
    lines.push(`  ${s.source.padEnd(16)} ${shown.map(([k, v]) => `${k} ${v}`).join(' · ')}`);
    for (const f of s.files) {
      lines.push(`    ${f.file} (${f.encoding?.encoding ?? '?'}, header on line ${f.headerLine ?? '?'}, ${f.rows} rows)`);
      if (f.unmappedColumns.length) lines.push(`      columns not loaded: ${f.unmappedColumns.map((c) => JSON.stringify(c)).join(', ')}`);
    }
    for (const [code, entry] of Object.entries(s.rejects.byCode)) lines.push(`    rejected ${entry.count} × ${code}`);
    for (const [code, entry] of Object.entries(s.warningsDetail.byCode)) lines.push(`    warning  ${entry.count} × ${code}`);
    if (s.rejects.file) lines.push(`    rejected rows: ${s.rejects.file}`);
  }
  if (report.unplacedFiles?.length) {
    lines.push(`  not loaded: ${report.unplacedFiles.length} CSV file(s) of the input folder`);
    for (const u of report.unplacedFiles) lines.push(`    ${u.file} — ${u.reason}`);
  }
  if (report.error) lines.push(`  error: ${report.error.message}`);
  return maskPhonesInText(lines.join('\n'));
}
