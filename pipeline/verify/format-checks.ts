// The table of checks people read: name, status, detail, lined up, then one line of totals.

import { CHECK_STATUSES, type CheckResult } from './checks.ts';

export function formatChecks(results: readonly CheckResult[], heading: string): string {
  const width = Math.max(5, ...results.map((r) => r.name.length));
  const lines = [heading, `  ${'check'.padEnd(width)}  status  detail`];
  for (const r of results) lines.push(`  ${r.name.padEnd(width)}  ${r.status.padEnd(6)}  ${r.detail}`);
  lines.push(`  ${checkTotals(results)}`);
  return lines.join('\n');
}

/** `24 pass · 1 warn · 0 fail · 6 skip` */
export function checkTotals(results: readonly CheckResult[]): string {
  return CHECK_STATUSES.map((s) => `${results.filter((r) => r.status === s).length} ${s}`).join(' · ');
}
