// The cost benchmark's figures as markdown: per source, how the database was built (first load, floor,
// rerun), the cost matrix (database size × change size → wall time and peak RSS), every load in detail
// (rows, what the merge did, the run's steps, the restore), and issue 18's targets where their sizes ran.

import type { ChangeShape } from './customer-changes.ts';
import type { BenchSource } from './inputs.ts';
import { utcMinute } from './machine.ts';

export interface CostMeasurement {
  what: string;
  change?: { rows: number; shape?: ChangeShape };
  runId: string;
  /** Wall time, spawn to exit. */
  seconds: number;
  rssMb: number;
  rowsRead: number;
  /** The merge's counters (inserted, updated, unchanged …) from report.json. */
  merge: Record<string, number>;
  /** The run's steps (report.json `timings`): undo log, the source, statistics, analyze …, commit. */
  timings: Record<string, number>;
  /** The restore's wall time; undefined when the load changed nothing, so left no undo log. */
  restoreSeconds?: number;
  /** After the restore, every run table's digest equals the first load's (undefined: not checked). */
  restoredExactly?: boolean;
}

export interface DatabaseCost {
  source: BenchSource;
  /** Rows of the generated ledger (`--rows` of samples:generate; for sessions, about the visits it writes). */
  size: number;
  /** Rows of the main final table after the first load (customers, or service_sessions). */
  finalRows: number;
  first: CostMeasurement;
  floor?: { seconds: number; tables: { table: string; rows: number }[] };
  loads: CostMeasurement[];
}

const n = (value: number) => value.toLocaleString('en-US');
const s = (seconds: number) => `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
const cell = (m: CostMeasurement | undefined) => (m ? `${s(m.seconds)} · ${m.rssMb} MB` : '—');

/** `10,000 customers`; sessions by the generator's size (`--rows`), with the sheet rows and sessions it made. */
export function databaseLabel(d: Pick<DatabaseCost, 'source' | 'size' | 'finalRows' | 'first'>): string {
  return d.source === 'customers' ? `${n(d.size)} customers` : `sessions ${n(d.size)} (${n(d.first.rowsRead)} sheet rows, ${n(d.finalRows)} sessions)`;
}

const SHAPES: Record<string, string> = {
  changes: 'a file of the changed and new rows',
  ledger: 'the whole ledger with them',
  month: "one more month's sheet",
};

export function formatCostReport(results: readonly DatabaseCost[], context: { machine: string; command: string; when?: Date }): string {
  const lines = [
    `### Cost of a load by database size and change size — ${utcMinute(context.when)}`,
    '',
    `Machine: ${context.machine}. Command: \`${context.command}\`.`,
    '',
    'Each figure is one run of the command line in a new process, timed from spawn to exit (Node, TypeScript',
    'loading, connecting, the run, the report), the server already running; "MB" is that process\'s peak RSS.',
    'Each load is undone with `npm run restore -- <runId>` before the next; "restored" says a digest of every',
    "run table then equals the first load's.",
  ];
  for (const source of ['customers', 'sessions'] as const) {
    const of = results.filter((r) => r.source === source);
    if (of.length) lines.push('', ...sourceTables(source, of));
  }
  const targets = targetLines(results);
  if (targets.length) lines.push('', 'Against issue 18\'s targets:', '', ...targets.map((t) => `- ${t}`));
  return lines.join('\n');
}

function sourceTables(source: BenchSource, results: readonly DatabaseCost[]): string[] {
  const lines = [
    `#### ${source}`,
    '',
    '| database | first load | floor | first ÷ floor | rerun, unchanged | rerun ÷ first |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const d of results) {
    const rerun = d.loads.find((l) => !l.change);
    lines.push(
      `| ${databaseLabel(d)} | ${cell(d.first)} | ${d.floor ? s(d.floor.seconds) : '—'} | ${d.floor ? (d.first.seconds / d.floor.seconds).toFixed(2) : '—'} | ${cell(rerun)} | ${rerun ? (rerun.seconds / d.first.seconds).toFixed(2) : '—'} |`,
    );
  }
  // The matrix: one row per database and kind of change, one column per change size.
  const sizes = [...new Set(results.flatMap((d) => d.loads.flatMap((l) => (l.change ? [l.change.rows] : []))))].sort((a, b) => a - b);
  if (sizes.length) {
    lines.push('', `| database | change | ${sizes.map((k) => `${n(k)} rows`).join(' | ')} |`, `|---|---|${sizes.map(() => '---:').join('|')}|`);
    for (const d of results) {
      const shapes = [...new Set(d.loads.flatMap((l) => (l.change ? [l.change.shape ?? 'month'] : [])))];
      for (const shape of shapes) {
        const at = (k: number) => d.loads.find((l) => l.change?.rows === k && (l.change.shape ?? 'month') === shape);
        lines.push(`| ${databaseLabel(d)} | ${SHAPES[shape]} | ${sizes.map((k) => cell(at(k))).join(' | ')} |`);
      }
    }
  }
  lines.push('', '<details><summary>every load: rows, what the merge did, the run\'s steps, the restore</summary>', '');
  lines.push('| database | load | rows read | merge | steps (s) | seconds | peak RSS | restore | restored |', '|---|---|---:|---|---|---:|---:|---:|---|');
  for (const d of results) {
    for (const m of [d.first, ...d.loads]) {
      const merge = Object.entries(m.merge).filter(([, v]) => v).map(([k, v]) => `${k} ${n(v)}`).join(', ') || 'nothing';
      // What the run's own steps do not cover: starting Node and loading the code, connecting, the report.
      const outside = m.seconds - Object.values(m.timings).reduce((a, b) => a + b, 0);
      const steps = [...Object.entries(m.timings).map(([k, v]) => `${k} ${v.toFixed(2)}`), `start, connect, report ${outside.toFixed(2)}`].join(' · ');
      const restored = m.restoredExactly === undefined ? '' : m.restoredExactly ? 'yes' : '**no**';
      lines.push(`| ${databaseLabel(d)} | ${m.what} | ${n(m.rowsRead)} | ${merge} | ${steps} | ${s(m.seconds)} | ${m.rssMb} MB | ${m === d.first ? '' : m.restoreSeconds === undefined ? 'nothing to undo' : s(m.restoreSeconds)} | ${restored} |`);
    }
  }
  lines.push('', '</details>');
  return lines;
}

/** Issue 18's targets, stated only where this run measured their sizes. */
function targetLines(results: readonly DatabaseCost[]): string[] {
  const out: string[] = [];
  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
  const customers1M = results.find((d) => d.source === 'customers' && d.size === 1_000_000);
  const sessions1M = results.find((d) => d.source === 'sessions' && d.size === 1_000_000);
  const sessions5M = results.find((d) => d.source === 'sessions' && d.size === 5_000_000);
  const ten = customers1M?.loads.find((l) => l.change?.rows === 10 && l.change.shape === 'changes');
  if (ten) out.push(`10 changed rows into 1M customers: ${s(ten.seconds)} (target ≤ 2 s): ${verdict(ten.seconds <= 2)}`);
  const month = sessions5M?.loads.find((l) => l.change?.rows === 200);
  if (month) out.push(`a month's sheet of ~200 rows into the 5M-row sessions database: ${s(month.seconds)} (target ≤ 3 s): ${verdict(month.seconds <= 3)}`);
  const rerun = customers1M?.loads.find((l) => !l.change);
  if (customers1M && rerun) {
    const ratio = rerun.seconds / customers1M.first.seconds;
    out.push(`rerun of the unchanged 1M-row ledger: ${ratio.toFixed(2)}× the first load (target ≤ 0.5×): ${verdict(ratio <= 0.5)}`);
  }
  for (const d of [customers1M, sessions1M]) {
    if (!d?.floor) continue;
    const ratio = d.first.seconds / d.floor.seconds;
    out.push(`first load of ${databaseLabel(d)}: ${ratio.toFixed(2)}× the floor (target ≤ 1.25×): ${verdict(ratio <= 1.25)}; peak RSS ${d.first.rssMb} MB (target ≤ 250 MB): ${verdict(d.first.rssMb <= 250)}`);
  }
  return out;
}
