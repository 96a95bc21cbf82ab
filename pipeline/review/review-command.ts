// `npm run pipeline -- review …`: the review list and the staff's decisions on it.
//   review [--source S] [--json]           the open list, grouped by source and reason
//   review --export FILE.csv [--source S]   the open list as a file to decide in Excel
//   review --apply FILE.csv [--dry-run]     check every line, record the decisions, settle their rows
//                [--encoding auto|utf-8|cp949]
//   review --list-decisions [--json]        the recorded decisions
//   review --undo ID                        take one back; its rows return to the review list
// --apply and --undo are runs like a load: guard rails, run lock, undo log, one transaction, statistics,
// an etl.runs row and reports/<runId>/. The file is read and checked before the database is touched.

import { userInfo } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { EXIT, EtlError } from '../errors.ts';
import { withDatabase } from '../database.ts';
import { PROJECT_ROOT } from '../embedded-server.ts';
import { assertGuardsAllow } from '../guard-rails.ts';
import { assertMigrated } from '../migrate.ts';
import { ENCODING_CHOICES, type EncodingChoice } from '../read/decode.ts';
import { DEFAULT_LOCK_WAIT_SECONDS, runPipeline, type RunStep } from '../run.ts';
import { formatReviewList, readReviewList } from '../../sinks/review-list.ts';
import { redact } from '../../sinks/redact.ts';
import { reportJson, type RunReport } from '../../sinks/run-report.ts';
import { formatRunSafety } from '../../sinks/safety-summary.ts';
import { formatStatistics } from '../../sinks/statistics-summary.ts';
import { applyDecisions, type ApplySummary } from './apply-decisions.ts';
import { exportReview } from './export-review.ts';
import { formatDecisions, readDecisions } from './list-decisions.ts';
import { readDecisionFile } from './read-decisions.ts';
import { DECIDABLE_SOURCES, isDecidableSource } from './review-file.ts';
import { undoDecision, type UndoSummary } from './undo-decision.ts';

export interface ReviewValues {
  source?: string;
  encoding?: string;
  json?: boolean;
  export?: string;
  apply?: string;
  'list-decisions'?: boolean;
  undo?: string;
  'dry-run'?: boolean;
  verify?: boolean;
  yes?: boolean;
  force?: boolean;
  quiet?: boolean;
  report?: string;
  'reports-dir'?: string;
  'lock-wait'?: string;
  verbose?: boolean;
}

/** The step names under which --apply and --undo put their summaries in the run report. */
export const REVIEW_STEPS = { apply: 'review --apply', undo: 'review --undo' } as const;

const print = (text: string) => process.stdout.write(`${redact(text)}\n`);

export async function reviewCommand(values: ReviewValues): Promise<number> {
  const modes = (['export', 'apply', 'list-decisions', 'undo'] as const).filter((m) => values[m] !== undefined && values[m] !== false);
  if (modes.length > 1) throw new EtlError('CLI_USAGE', `review takes one of --export, --apply, --list-decisions, --undo, not ${modes.map((m) => `--${m}`).join(' and ')}`);
  if (values.source !== undefined && values.export !== undefined && !isDecidableSource(values.source)) {
    throw new EtlError('CLI_USAGE', `--source ${JSON.stringify(values.source)} has no review list; the sources that link rows to customers are ${DECIDABLE_SOURCES.join(', ')}`);
  }
  if (values.export !== undefined) return exportCommand(resolve(values.export), values);
  if (values.apply !== undefined) return applyCommand(resolve(values.apply), values);
  if (values.undo !== undefined) return undoCommand(values.undo, values);
  return withDatabase(async (client) => {
    await assertMigrated(client);
    if (values['list-decisions']) {
      const decisions = await readDecisions(client);
      print(values.json ? JSON.stringify(decisions, null, 2) : formatDecisions(decisions));
      return EXIT.ok;
    }
    const rows = await readReviewList(client, values.source);
    if (values.json) print(JSON.stringify(rows, null, 2));
    else print(`${formatReviewList(rows)}${rows.length ? '\n\nto decide them in Excel: npm run pipeline -- review --export review.csv' : ''}`);
    return EXIT.ok;
  });
}

async function exportCommand(file: string, values: ReviewValues): Promise<number> {
  return withDatabase(async (client) => {
    await assertMigrated(client);
    const summary = await exportReview(client, file, values.source);
    if (values.json) print(JSON.stringify(summary, null, 2));
    else if (!values.quiet) {
      const nameless = summary.nameless ? `; ${summary.nameless} row(s) without a name are not in it (fix the name in the sheet)` : '';
      print(`wrote ${summary.cases} case(s) covering ${summary.rows} row(s) to ${file} (readable by you only)${nameless}
fill the decision column — a customer id, ignore (제외, 무시), or blank to leave it open — then:
  npm run pipeline -- review --apply ${shortPath(file)}`);
    }
    return EXIT.ok;
  });
}

async function applyCommand(file: string, values: ReviewValues): Promise<number> {
  assertGuardsAllow({ env: process.env, yes: values.yes ?? false, force: values.force ?? false });
  const encoding = (values.encoding ?? 'auto') as EncodingChoice;
  if (!ENCODING_CHOICES.includes(encoding)) throw new EtlError('CLI_USAGE', `--encoding must be one of ${ENCODING_CHOICES.join(', ')}, not ${JSON.stringify(values.encoding)}`);
  const decisions = await readDecisionFile(file, encoding);
  const who = currentUser();
  const step: RunStep = { name: REVIEW_STEPS.apply, run: async (client, run) => ({ ...(await applyDecisions(client, run, decisions, who)) }) };
  const report = await runReviewStep(`review --apply ${basename(file)}`, step, values);
  const summary = report.steps![REVIEW_STEPS.apply] as unknown as ApplySummary;
  return printRun(report, values, formatApply(summary));
}

async function undoCommand(id: string, values: ReviewValues): Promise<number> {
  if (!/^\d+$/.test(id.trim())) throw new EtlError('CLI_USAGE', `--undo needs a decision id (a number), not ${JSON.stringify(id)}`, { hint: 'review --list-decisions shows the ids' });
  assertGuardsAllow({ env: process.env, yes: values.yes ?? false, force: values.force ?? false });
  const decisionId = Number(id);
  const step: RunStep = { name: REVIEW_STEPS.undo, run: async (client) => ({ ...(await undoDecision(client, decisionId)) }) };
  const report = await runReviewStep(`review --undo ${decisionId}`, step, values);
  const summary = report.steps![REVIEW_STEPS.undo] as unknown as UndoSummary;
  const what = summary.decision === 'link' ? `customer ${summary.decidedCustomerId}` : 'not a customer';
  const automatic = summary.linkedAutomatically ? `, ${summary.linkedAutomatically} linked by the automatic match` : '';
  const unlinked = summary.unlinked ? `, ${summary.unlinked} lead(s) left unlinked (no customer has their name or phone)` : '';
  return printRun(report, values, `  undid decision #${summary.decisionId} (${summary.source} · ${summary.name} → ${what}): ${summary.backToReview} row(s) back on the review list${automatic}${unlinked}`);
}

function runReviewStep(command: string, step: RunStep, values: ReviewValues): Promise<RunReport> {
  return runPipeline({
    command,
    sources: [],
    inputs: new Map(),
    steps: [step],
    recomputeStatistics: true,
    dryRun: values['dry-run'] ?? false,
    verify: values.verify ?? false,
    reportPath: values.report ? resolve(values.report) : undefined,
    reportsDir: reportsDir(values),
    lockWaitSeconds: lockWait(values['lock-wait']),
    log: values.verbose ? (line) => process.stderr.write(`${redact(line)}\n`) : undefined,
  });
}

function printRun(report: RunReport, values: ReviewValues, what: string): number {
  if (values.json) print(JSON.stringify(reportJson(report), null, 2));
  else if (!values.quiet) {
    const verb = report.status === 'dry-run' ? 'rehearsed (rolled back)' : 'committed';
    const lines = [`run ${report.runId} ${verb} into ${report.database}`, what, formatStatistics(report), formatRunSafety(report)];
    lines.push(`  report: ${relative(process.cwd(), join(reportsDir(values), report.runId, 'index.html'))}`);
    print(lines.filter(Boolean).join('\n'));
  }
  return EXIT.ok;
}

function formatApply(s: ApplySummary): string {
  const lines = [
    `  ${basename(s.file)} (${s.encoding}): ${s.lines} line(s) — ${s.recorded.length} decision(s) recorded, ${s.alreadyRecorded} already recorded, ${s.open} left open`,
  ];
  for (const r of s.recorded) lines.push(`    #${r.decisionId} ${r.source} · ${r.name} → ${r.decision === 'link' ? `customer ${r.customerId} (${r.customerName})` : 'not a customer'} (line ${r.line})`);
  const settled = s.rows.filter((n) => n.linked + n.ignored > 0).map((n) => `${n.source} ${n.linked} linked, ${n.ignored} ignored`);
  lines.push(`  review rows settled: ${settled.length ? settled.join(' · ') : 'none'}`);
  return lines.join('\n');
}

/** The path relative to here when it is below here, else as given: `검토목록.csv`, `/tmp/검토목록.csv`. */
function shortPath(file: string): string {
  const near = relative(process.cwd(), file);
  return near && !near.startsWith('..') ? near : file;
}

function reportsDir(values: ReviewValues): string {
  return values['reports-dir'] ? resolve(values['reports-dir']) : join(PROJECT_ROOT, 'reports');
}

function lockWait(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LOCK_WAIT_SECONDS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new EtlError('CLI_USAGE', `--lock-wait must be a number ≥ 0, not ${JSON.stringify(raw)}`);
  return n;
}

/** Who recorded a decision: the operating-system user running the command. */
function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
