// The checks against a run's report: each final table's row count against what the run left and what its
// sources merged, and each source's conservation (rows read = merged + rejected + skipped, every reject
// and warning in etl). The reference is the run in progress, or the latest committed run in etl.runs.

import type { ClientBase } from 'pg';
import { FINAL_TABLES } from '../final-tables.ts';
import { findSource } from '../sources/index.ts';
import { countRows, finalTableSet, type QualifiedName } from '../table-catalog.ts';
import type { CheckResult } from './checks.ts';

export interface ReferenceRun {
  runId: string;
  command: string;
  /** `this run` inside a run; `latest committed run` for `npm run verify`. */
  origin: 'this run' | 'latest committed run';
  /** Per source: rowsRead, rejected, skipped, warnings and the merge counters. */
  sources: Record<string, Record<string, number>>;
  /** Row count of each final table when the run ended (null inside the run: they are being counted). */
  tableCounts: Record<string, number> | null;
}

export async function latestCommittedRun(client: ClientBase): Promise<ReferenceRun | null> {
  const [row] = (
    await client.query<{ run_id: string; command: string; report: Record<string, Record<string, number>>; table_counts: Record<string, number> | null }>(
      `SELECT run_id, command, report, table_counts FROM etl.runs WHERE status = 'committed' ORDER BY finished_at DESC, run_id DESC LIMIT 1`,
    )
  ).rows;
  if (!row) return null;
  return { runId: row.run_id, command: row.command, origin: 'latest committed run', sources: row.report ?? {}, tableCounts: row.table_counts };
}

/** Row count of every final table that exists, keyed `customers`, `etl.match_review`. */
export async function countFinalTables(client: ClientBase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await finalTableSet(client)) {
    counts[shortName(table)] = await countRows(client, table);
  }
  return counts;
}

/** `customers` for public.customers, `etl.match_review` as it is: the keys of recorded table counts. */
export function shortName(table: QualifiedName): string {
  return table.startsWith('public.') ? table.slice('public.'.length) : table;
}

export function countChecks(counts: Record<string, number>, reference: ReferenceRun | null): CheckResult[] {
  const results: CheckResult[] = [];
  // Registry order, the missing tables shown where they belong, then companions and discovered tables.
  const order = [...FINAL_TABLES.map((t) => t.name), ...Object.keys(counts).filter((t) => !FINAL_TABLES.some((f) => f.name === t))];
  for (const table of order) {
    const count = counts[table];
    if (count === undefined) {
      results.push({ name: `counts:${table}`, status: 'skip', detail: `table ${table} does not exist yet` });
      continue;
    }
    const name = `counts:${table}`;
    if (!reference) {
      results.push({ name, status: 'skip', detail: `${count} rows; no committed run in etl.runs to compare with` });
      continue;
    }
    const findings: { status: CheckResult['status']; text: string }[] = [];
    const recorded = reference.tableCounts?.[table];
    if (recorded !== undefined) findings.push(compareWithRecorded(count, recorded, reference.runId));
    for (const entry of FINAL_TABLES.find((t) => t.name === table)?.loadedBy ?? []) {
      const counters = reference.sources[entry.source];
      if (!counters) continue;
      const merged = entry.rows.reduce((sum, key) => sum + (counters[key] ?? 0), 0);
      const by = reference.origin === 'this run' ? 'this run' : `run ${reference.runId}`;
      findings.push(
        count >= merged
          ? { status: 'pass', text: `${entry.source} merged ${merged} in ${by}` }
          : { status: 'fail', text: `the report says ${entry.source} merged ${merged} in ${by}, more than the table holds` },
      );
    }
    if (findings.length === 0) findings.push({ status: 'pass', text: `not loaded by ${reference.origin === 'this run' ? 'this run' : `run ${reference.runId}`}` });
    results.push({ name, status: worst(findings.map((f) => f.status)), detail: [`${count} rows`, ...findings.map((f) => f.text)].join('; ') });
  }
  return results;
}

function compareWithRecorded(count: number, recorded: number, runId: string): { status: CheckResult['status']; text: string } {
  if (count === recorded) return { status: 'pass', text: `as run ${runId} left it` };
  if (count > recorded) return { status: 'warn', text: `run ${runId} left ${recorded} (${count - recorded} added since)` };
  return { status: 'fail', text: `run ${runId} left ${recorded} (${recorded - count} gone since)` };
}

export async function conservationChecks(client: ClientBase, reference: ReferenceRun | null): Promise<CheckResult[]> {
  if (!reference) return [{ name: 'conservation', status: 'skip', detail: 'no committed run in etl.runs yet' }];
  const sources = Object.entries(reference.sources);
  if (sources.length === 0) return [{ name: 'conservation', status: 'skip', detail: `run ${reference.runId} (${reference.command}) loaded no source` }];
  const results: CheckResult[] = [];
  for (const [sourceName, counters] of sources) {
    const name = `conservation:${sourceName}`;
    const source = findSource(sourceName);
    if (!source) {
      results.push({ name, status: 'warn', detail: `run ${reference.runId} loaded ${sourceName}, which this version does not know` });
      continue;
    }
    const outcomes = source.mergeOutcomes.map((key) => counters[key] ?? 0);
    const accounted = outcomes.reduce((a, b) => a + b, 0) + (counters.rejected ?? 0) + (counters.skipped ?? 0);
    const [stored] = (
      await client.query<{ rejects: number; warnings: number }>(
        `SELECT (SELECT count(*) FROM etl.rejects WHERE run_id = $1 AND source = $2)::int AS rejects,
                (SELECT count(*) FROM etl.warnings WHERE run_id = $1 AND source = $2)::int AS warnings`,
        [reference.runId, sourceName],
      )
    ).rows;
    const sum = `${source.mergeOutcomes.map((k, i) => `${k} ${outcomes[i]}`).join(' + ')} + rejected ${counters.rejected ?? 0} + skipped ${counters.skipped ?? 0}`;
    const problems = [
      accounted === counters.rowsRead ? '' : `read ${counters.rowsRead} but ${sum} = ${accounted}`,
      stored!.rejects === (counters.rejected ?? 0) ? '' : `report says ${counters.rejected ?? 0} rejected, etl.rejects holds ${stored!.rejects}`,
      stored!.warnings === (counters.warnings ?? 0) ? '' : `report says ${counters.warnings ?? 0} warnings, etl.warnings holds ${stored!.warnings}`,
    ].filter(Boolean);
    results.push(
      problems.length
        ? { name, status: 'fail', detail: problems.join('; ') }
        : { name, status: 'pass', detail: `read ${counters.rowsRead} = ${sum}; etl holds every reject and warning` },
    );
  }
  return results;
}

function worst(statuses: readonly CheckResult['status'][]): CheckResult['status'] {
  for (const s of ['fail', 'warn', 'pass'] as const) if (statuses.includes(s)) return s;
  return 'skip';
}
