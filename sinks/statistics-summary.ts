// The line after a run's summary saying what the statistics step did: as of which date, how many customers'
// statistics changed, and the day's customer_analytics rows (new, changed, unchanged, stale ones removed).

import type { RunReport } from './run-report.ts';

export function formatStatistics(report: RunReport): string {
  const s = report.statistics;
  if (!s) return '';
  const { customers: c, analytics: a } = s;
  const removed = a.removed ? `, ${a.removed} stale removed` : '';
  const whose = s.scope === 'touched' ? `${c.total} customers this run touched` : `${c.total} customers`;
  return `  statistics as of ${s.asOf}: ${whose}, ${c.updated} updated · customer_analytics ${a.rows} rows: ${a.inserted} new, ${a.updated} changed, ${a.unchanged} unchanged${removed}`;
}
