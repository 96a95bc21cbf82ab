// reports/<runId>/index.html: the run report for people, one self-contained file (inline CSS and SVG,
// no script, no network) that opens offline. Built from the same masked JSON as report.json, so it can
// show nothing the JSON does not; every text is HTML-escaped.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from './run-report.ts';
import { reportJson } from './run-report.ts';

type Json = Record<string, unknown>;
type SourceJson = Json & {
  source: string;
  rowsRead: number;
  rejected: number;
  skipped: number;
  warnings: number;
  merge: Record<string, number>;
  files: Json[];
  rejects: { count: number; byCode: Record<string, { count: number; examples: Json[] }> };
  warningsDetail: { count: number; byCode: Record<string, { count: number; examples: Json[] }> };
  details: Json;
};

const esc = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const num = (n: unknown): string => (typeof n === 'number' ? n.toLocaleString('en-US') : esc(n));

/** The funnel every source reports: where its rows went. */
export function funnelOf(s: SourceJson): { read: number; loaded: number; merged: number; review: number; rejected: number; skipped: number } {
  const m = s.merge ?? {};
  return {
    read: s.rowsRead,
    loaded: (m.inserted ?? 0) + (m.updated ?? 0) + (m.unchanged ?? 0),
    merged: m.duplicates ?? 0,
    review: m.review ?? 0,
    rejected: s.rejected,
    skipped: s.skipped,
  };
}

const FUNNEL_COLORS = { loaded: '#2f855a', merged: '#3182ce', review: '#d69e2e', rejected: '#c53030', skipped: '#a0aec0' } as const;

function funnelBar(f: ReturnType<typeof funnelOf>): string {
  const total = Math.max(f.read, 1);
  let x = 0;
  const parts = (Object.keys(FUNNEL_COLORS) as (keyof typeof FUNNEL_COLORS)[]).map((k) => {
    const w = (f[k] / total) * 300;
    const rect = w > 0 ? `<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="14" fill="${FUNNEL_COLORS[k]}"><title>${k} ${f[k]}</title></rect>` : '';
    x += w;
    return rect;
  });
  return `<svg class="bar" width="300" height="14" role="img" aria-label="funnel">${parts.join('')}</svg>`;
}

/** A bar chart of labelled values, in inline SVG; two series side by side when `second` is given. */
export function barChart(title: string, rows: { label: string; value: number; second?: number | null }[], legend: [string, string?]): string {
  if (rows.length === 0) return '';
  const max = Math.max(1, ...rows.flatMap((r) => [r.value, r.second ?? 0]));
  const rowHeight = 18;
  const height = rows.length * rowHeight + 24;
  const bars = rows
    .map((r, i) => {
      const y = i * rowHeight + 4;
      const w1 = (r.value / max) * 360;
      const w2 = r.second == null ? 0 : (r.second / max) * 360;
      return `<text x="0" y="${y + 11}" class="lbl">${esc(r.label)}</text>
<rect x="110" y="${y}" width="${w1.toFixed(1)}" height="${r.second == null ? 12 : 6}" fill="#3182ce"><title>${esc(legend[0])} ${num(r.value)}</title></rect>
${r.second == null ? '' : `<rect x="110" y="${y + 6}" width="${w2.toFixed(1)}" height="6" fill="#dd6b20"><title>${esc(legend[1])} ${num(r.second)}</title></rect>`}
<text x="${(116 + Math.max(w1, w2)).toFixed(1)}" y="${y + 11}" class="val">${num(r.value)}${r.second == null ? '' : ` / ${num(r.second)}`}</text>`;
    })
    .join('\n');
  const key = `<p class="legend"><span style="color:#3182ce">■</span> ${esc(legend[0])}${legend[1] ? ` <span style="color:#dd6b20">■</span> ${esc(legend[1])}` : ''}</p>`;
  return `<h3>${esc(title)}</h3>${key}<svg width="600" height="${height}" role="img" aria-label="${esc(title)}">${bars}</svg>`;
}

function table(rows: Json[], columns?: string[]): string {
  if (rows.length === 0) return '<p class="muted">none</p>';
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (Array.isArray(v) ? v.map(esc).join(', ') : typeof v === 'object' && v !== null ? esc(JSON.stringify(v)) : typeof v === 'number' ? num(v) : esc(v));
  return `<table><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${cols.map((c) => `<td>${cell(r[c])}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function issues(title: string, summary: SourceJson['rejects']): string {
  const codes = Object.entries(summary?.byCode ?? {});
  if (codes.length === 0) return '';
  return `<h4>${esc(title)} (${num(summary.count)})</h4>${codes
    .map(([code, entry]) => `<details><summary><code>${esc(code)}</code> × ${num(entry.count)}</summary>${table(entry.examples, ['line', 'column', 'value', 'reason', 'rawLine'].filter((c) => entry.examples.some((e) => c in e)))}</details>`)
    .join('')}`;
}

/** Details a source adds to its report: arrays of rows become tables, charts where we know the shape. */
function details(s: SourceJson): string {
  return detailBlocks(s.details ?? {});
}

/** Each entry of a record as a block: charts, tables of rows, a one-row table, or a line. */
function detailBlocks(record: Json): string {
  const out: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === 'monthlyRevenue' && Array.isArray(value)) {
      out.push(barChart('Monthly revenue: payments vs yearly summary (won)', (value as Json[]).map((m) => ({ label: String(m.month), value: Number(m.payments ?? 0), second: m.summary == null ? null : Number(m.summary) })), ['payments', 'summary']));
    } else if (key === 'sessionsByService' && Array.isArray(value)) {
      out.push(barChart('Sessions per service', (value as Json[]).map((r) => ({ label: String(r.service), value: Number(r.sessions) })), ['sessions']));
    } else if (Array.isArray(value)) {
      out.push(`<h4>${esc(key)} (${value.length})</h4>${table(value as Json[])}`);
    } else if (value && typeof value === 'object') {
      out.push(`<h4>${esc(key)}</h4>${table([value as Json])}`);
    } else out.push(`<p><b>${esc(key)}</b>: ${num(value)}</p>`);
  }
  return out.join('\n');
}

/**
 * Per source that links rows to customers: linked — by phone or name, or by a decision the staff recorded
 * (`review --apply`) —, decided not to be a customer, on the review list, and the share linked.
 */
function matchRates(sources: SourceJson[]): string {
  const rows = sources
    .filter((s) => s.merge && 'matched' in s.merge)
    .map((s) => {
      const { matched = 0, review = 0, unlinked = 0, matched_by_decision: byDecision = 0, ignored_by_decision: ignored = 0 } = s.merge;
      const share = matched + review > 0 ? `${((matched / (matched + review)) * 100).toFixed(1)}%` : '—';
      return {
        source: s.source,
        linked: matched,
        'by phone or name': matched - byDecision,
        'by decision': byDecision,
        'not customers (decision)': ignored,
        review,
        'not customers (leads)': unlinked,
        'linked share': share,
      };
    });
  return rows.length ? `<h2>고객 연결 · match rates</h2>${table(rows)}` : '';
}

/** What a command's own steps did (`review --apply`: the decisions recorded, the rows settled per source). */
function steps(record: Record<string, Json> | undefined): string {
  return Object.entries(record ?? {})
    .map(([name, value]) => `<h2>검토 결정 · ${esc(name)}</h2>${detailBlocks(value)}`)
    .join('\n');
}

function verificationTable(checks: Json[]): string {
  return `<table id="verification"><thead><tr><th>check</th><th>status</th><th>detail</th></tr></thead><tbody>${checks
    .map((c) => `<tr><td>${esc(c.name)}</td><td class="${esc(c.status)}">${esc(c.status)}</td><td>${esc(c.detail)}</td></tr>`)
    .join('')}</tbody></table>`;
}

function differences(current: Record<string, SourceJson>, previous: Json | null): string {
  if (!previous) return '<p class="muted">no earlier run report in this folder</p>';
  const before = (previous.sources ?? {}) as Record<string, SourceJson>;
  const rows: Json[] = [];
  for (const name of new Set([...Object.keys(current), ...Object.keys(before)])) {
    const now = current[name] ? funnelOf(current[name]!) : null;
    const then = before[name] ? funnelOf(before[name]!) : null;
    for (const k of ['read', 'loaded', 'merged', 'review', 'rejected', 'skipped'] as const) {
      const a = then?.[k] ?? 0;
      const b = now?.[k] ?? 0;
      if (a !== b) rows.push({ source: name, count: k, before: a, now: b, change: b - a > 0 ? `+${b - a}` : String(b - a) });
    }
  }
  return rows.length ? table(rows) : '<p>no differences in the counts</p>';
}

const STYLE = `
body{font-family:"Noto Sans CJK KR","Noto Sans KR","NanumGothic","Malgun Gothic","Apple SD Gothic Neo",system-ui,sans-serif;margin:2rem;color:#1a202c;max-width:1100px}
h1{font-size:1.5rem}h2{border-bottom:1px solid #e2e8f0;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem}th,td{border:1px solid #e2e8f0;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f7fafc}td.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#718096}
.status{display:inline-block;padding:.1rem .5rem;border-radius:.25rem;color:#fff}.committed{background:#2f855a}.failed{background:#c53030}.dry-run{background:#d69e2e}
.pass{color:#2f855a}.warn{color:#b7791f}.fail{color:#c53030;font-weight:bold}
svg text.lbl{font-size:11px}svg text.val{font-size:10px;fill:#4a5568}.legend{font-size:.8rem;margin:.2rem 0}
details{margin:.2rem 0}code{background:#edf2f7;padding:0 .2rem}`;

export function renderHtmlReport(report: RunReport, previous: Json | null = null): string {
  const json = reportJson(report) as Json & { sources: Record<string, SourceJson> };
  const sources = Object.values(json.sources);
  const funnelRows = sources
    .map((s) => {
      const f = funnelOf(s);
      return `<tr data-source="${esc(s.source)}"><td>${esc(s.source)}</td>${(['read', 'loaded', 'merged', 'review', 'rejected', 'skipped'] as const)
        .map((k) => `<td class="n" data-count="${k}">${num(f[k])}</td>`)
        .join('')}<td class="n">${num(s.warnings)}</td><td>${funnelBar(f)}</td></tr>`;
    })
    .join('');
  const extra = json as Json;
  const safety = (extra.safety ?? {}) as Json;
  const verification = Array.isArray(safety.verification) ? (safety.verification as Json[]) : null;
  const undo = (safety.undo ?? null) as { runId: string; tables: Json[] } | null;
  const distributions = (extra.distributions ?? null) as Record<string, Record<string, number>> | null;
  const prevLink = report.previousRunId ? `<a href="../${esc(report.previousRunId)}/index.html">previous run ${esc(report.previousRunId)}</a>` : 'no previous run';
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>AIBIO 마이그레이션 보고서 ${esc(report.runId)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>
<h1>AIBIO 마이그레이션 보고서 · run report</h1>
<p><span class="status ${esc(report.status)}">${esc(report.status)}</span> run <code>${esc(report.runId)}</code> · ${esc(report.command)}
· started ${esc(report.startedAt)} · finished ${esc(report.finishedAt)} · ${esc(json.database)}</p>
<p>${prevLink}</p>
${report.error ? `<p class="fail">${esc((json.error as Json).message)}</p>` : ''}
<h2>행 흐름 · where every row went</h2>
<table id="funnel"><thead><tr><th>source</th><th>read</th><th>loaded</th><th>merged</th><th>review</th><th>rejected</th><th>skipped</th><th>warnings</th><th></th></tr></thead><tbody>${funnelRows}</tbody></table>
<p class="legend">${Object.entries(FUNNEL_COLORS).map(([k, c]) => `<span style="color:${c}">■</span> ${k}`).join(' ')}</p>
${Array.isArray(json.unplacedFiles) && json.unplacedFiles.length ? `<h2 id="unplaced">불러오지 않은 파일 · CSV files not loaded</h2>${table(json.unplacedFiles as Json[])}` : ''}
${distributions ? `<h2>고객 현황 · customers</h2>${Object.entries(distributions).map(([name, counts]) => barChart(name, Object.entries(counts).map(([label, value]) => ({ label, value })), ['customers'])).join('')}` : ''}
${report.statistics ? `<h2>통계 · statistics as of ${esc(report.statistics.asOf)}</h2>${table([{ table: 'customers', ...report.statistics.customers }, { table: 'customer_analytics', ...report.statistics.analytics }])}` : ''}
${verification ? `<h2>검증 · verification</h2>${verificationTable(verification)}` : ''}
${undo ? `<h2>되돌리기 · what undo puts back (npm run restore -- ${esc(undo.runId)})</h2>${undo.tables.length ? table(undo.tables) : '<p>this run changed no row</p>'}` : ''}
${matchRates(sources)}
${steps(json.steps as Record<string, Json> | undefined)}
<h2>변경 사항 · since the previous run</h2>${differences(json.sources, previous)}
${sources
  .map(
    (s) => `<h2 id="source-${esc(s.source)}">${esc(s.source)}</h2>
${table(s.files.map((f) => ({ file: String(f.file).split('/').at(-1), encoding: (f.encoding as Json | null)?.encoding, header: f.headerLine, rows: f.rows, 'columns not loaded': f.unmappedColumns })))}
<p>${Object.entries(s.merge).map(([k, v]) => `${esc(k)} <b>${num(v)}</b>`).join(' · ')}</p>
${issues('rejected rows', s.rejects)}
${issues('warnings', s.warningsDetail)}
${details(s)}`,
  )
  .join('\n')}
</body></html>
`;
}

/** Writes index.html beside report.json; the previous run's report (if any) feeds the differences. */
export function writeHtmlReport(report: RunReport, reportDir: string, reportsDir: string): string {
  const previousPath = report.previousRunId ? join(reportsDir, report.previousRunId, 'report.json') : null;
  const previous = previousPath && existsSync(previousPath) ? (JSON.parse(readFileSync(previousPath, 'utf8')) as Json) : null;
  const path = join(reportDir, 'index.html');
  writeFileSync(path, renderHtmlReport(report, previous), { mode: 0o600 });
  return path;
}
