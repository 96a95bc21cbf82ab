// The lines after a run's summary: what it logged to be undone (and how), the tables it analyzed,
// its verification table, and for a rehearsal a plain statement that nothing was kept.

import type { RunReport } from './run-report.ts';
import { formatChecks } from '../pipeline/verify/format-checks.ts';

export function formatRunSafety(report: RunReport): string {
  const safety = report.safety;
  if (!safety) return '';
  const rehearsal = report.status === 'dry-run';
  const lines: string[] = [];
  if (rehearsal) lines.push('  REHEARSAL (--dry-run): everything below ran inside one transaction that was rolled back; no table changed');
  if (safety.rehearsedMigrations?.length) lines.push(`  migrations rehearsed: ${safety.rehearsedMigrations.join(', ')}`);
  if (safety.undo) {
    const { tables } = safety.undo;
    const changed = tables.reduce((sum, t) => sum + t.inserted + t.updated + t.deleted, 0);
    if (tables.length === 0) lines.push('  undo log: this run changed no row, so there is nothing to undo');
    else lines.push(`  undo log: ${changed} row changes in ${tables.length} tables${rehearsal ? ' (rolled back with the rehearsal)' : ` — undo this run with: npm run restore -- ${report.runId}`}`);
    if (safety.undo.pruned.length) lines.push(`  older undo logs dropped (keeping ${safety.undo.keep} runs): ${safety.undo.pruned.join(', ')}`);
  }
  if (safety.analyzed) lines.push(`  analyzed: ${safety.analyzed.length ? safety.analyzed.map((t) => t.replace(/^public\./, '')).join(', ') : 'none (no table changed by more than 50 rows + 10%)'}`);
  if (safety.verification) lines.push(formatChecks(safety.verification, '  verification:').split('\n').map((l, i) => (i === 0 ? l : `  ${l}`)).join('\n'));
  return lines.join('\n');
}
