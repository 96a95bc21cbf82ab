// Help for each command, with examples, and the "did you mean" for a typo'd source or command.

import { SOURCES } from './sources/index.ts';

export const COMMANDS = ['all', 'stats', 'review', 'inspect', 'verify', 'backup', 'restore', 'migrate', 'db'] as const;

const COMMON = `Options for loads: --file PATH · --dir PATH · --input-dir DIR · --encoding auto|utf-8|cp949 · --report PATH.json
  --reports-dir DIR · --max-rejects N · --max-reject-ratio R · --allow-emptied · --dry-run · --rehearse · --json · --quiet · --verbose`;

export function commandHelp(command: string): string | null {
  const source = SOURCES.find((s) => s.name === command);
  if (source) {
    const input = source.input.kind === 'file' ? `the file ${source.input.file}` : `every .csv in the folder ${source.input.dir}/`;
    const columns = source.columns.map((c) => `${c.labels[0]}${c.required ? '*' : ''}`).join(', ');
    return `npm run pipeline -- ${source.name} — load ${source.title}

Reads ${input} under --input-dir (default samples/) — or, by its header, a ${source.input.kind === 'file' ? 'file of any name at the top of that folder' : 'sheet of any name anywhere under it'} — or --file PATH${source.input.kind === 'dir' ? ' / --dir PATH' : ''}.
Columns (by label; * required): ${columns}
Runs in one transaction: a failure leaves every table as it was. Rerunning the same file changes nothing.

${COMMON}

Examples:
  npm run pipeline -- ${source.name}
  npm run pipeline -- ${source.name} --${source.input.kind === 'file' ? 'file' : 'dir'} ~/ledgers/${source.input.kind === 'file' ? source.input.file : source.input.dir} --encoding cp949
  npm run pipeline -- ${source.name} --dry-run --json > rehearsal.json`;
  }
  switch (command) {
    case 'all':
      return `npm run pipeline:all — migrate the schema, then load every ledger found in --input-dir (default samples/),
in order (${SOURCES.map((s) => s.name).join(', ')}), all in one transaction. Each CSV is placed by its name where the
project always looked, else by its header row (as inspect places it); two files that are the same one-file ledger stop
the run (INPUT_AMBIGUOUS), and every CSV not placed is listed under "not loaded" with the reason. On the center's own
database the app's customers table is adopted in place (docs/operations.md, section 7); --rehearse first loads a
pg_dump copy of it.

${COMMON}

Examples:
  npm run pipeline:all
  npm run pipeline:all -- --input-dir ~/ledgers --rehearse
  npm run pipeline:all -- --input-dir ~/ledgers --dry-run`;
    case 'stats':
      return `npm run pipeline -- stats [--dry-run] [--verify] — recompute every customer's statistics (last visit, visits,
interval, net revenue, status, membership, risk) and today's customer_analytics rows (Asia/Seoul), without loading
a file. Every load of customers, sessions or payments does this at its end; run it alone on a day with no new
ledgers to bring statuses up to date. Rerunning on the same day replaces that day's rows. docs/analytics.md has
the rules. Keeps an undo log of what it changes, like every run.

Examples:
  npm run pipeline -- stats
  npm run pipeline -- stats --dry-run --json > statistics.json`;
    case 'review':
      return `npm run pipeline -- review [--source S] [--json] — the rows no source could link to a customer with confidence,
grouped by source and reason, with candidate customer ids. Nothing here was turned into a customer.

Settle them once, in Excel:
  review --export FILE.csv [--source S]   one line per case (source, written name, phone) with the rows it covers,
                                          the reason, the candidates (id, name, masked phone, first visit) and an
                                          empty decision column; UTF-8 with BOM, readable by you only
  review --apply FILE.csv [--dry-run]     the decision cell: a customer id (link), ignore / 제외 / 무시 (not a
                                          customer), or blank (still open). Every line is checked first; any
                                          error names the line and nothing is applied. Then the decisions are
                                          recorded and their rows linked at once; every later load of that source
                                          applies them to the same written name in every month's sheet
  review --list-decisions [--json]        the recorded decisions, whom they link now, how many rows
  review --undo ID                        take one back: its rows return to the review list
--apply and --undo run like a load (run lock, undo log, one transaction, statistics, report; --yes, --force).

Examples:
  npm run pipeline -- review
  npm run pipeline -- review --source kits --json
  npm run pipeline -- review --export ~/검토목록.csv
  npm run pipeline -- review --apply ~/검토목록.csv`;
    case 'inspect':
      return `npm run inspect -- PATH... [--json] [--encoding E] — check CSV files before loading; no database needed.
Per file: encoding and evidence, line endings, header row, which ledger, column mapping and profiles, the plan's
checklist (PASS/WARN/FAIL) and what a load would do. Exits 3 when a check fails.

Examples:
  npm run inspect -- ~/ledgers/
  npm run inspect -- 고객관리대장_전체고객.csv --json`;
    case 'verify':
      return `npm run verify [-- --json] — check the database: table counts against the last run, conservation per
source, no orphans, unique natural keys, values in their sets, no dates in the future or before the center
opened, the plan's integrity query. Prints a table of checks; exits 8 when one fails. Reads only.

Examples:
  npm run verify
  npm run verify -- --json > verify.json`;
    case 'backup':
      return `npm run backup [-- --out DIR --format auto|pg_dump|copy] — write the whole database to files that outlive it
(pg_dump when a matching one is installed, else one COPY file per table with a manifest).

Examples:
  npm run backup -- --out ~/aibio-backups`;
    case 'restore':
      return `npm run restore -- <runId> [--undo-later-runs] | --list | --from DIR — undo what a run changed (every run
logs it: rows it added are deleted, rows it changed put back; what the app changed since stays), list the runs
you can undo, or load a file backup into an empty database.

Examples:
  npm run restore -- --list
  npm run restore -- 20261126T141108Z-0bea`;
    case 'migrate':
      return `npm run migrate -- up|down [--count N | --all] [--dry-run] — apply pending migrations, or roll back (all by default:
the plan's rollback). On a database whose customers table the app already has, up extends that table and down gives it
back exactly as it was (after \`npm run restore\` has undone the loads). up --dry-run lists every change the pending
migrations would make to tables that exist now, and changes nothing.

Examples:
  npm run migrate -- up --dry-run
  npm run migrate -- up
  npm run migrate -- down --count 1
  npm run migrate -- down --all`;
    case 'db':
      return `npm run db -- start|stop|url|status — the embedded PostgreSQL (used when DATABASE_URL is unset).
start keeps it running and prints its URL for psql or a GUI; stop stops it; url prints the URL.

Examples:
  npm run db -- start
  psql "$(npm run -s db -- url)"`;
    default:
      return null;
  }
}

/** The nearest name by edit distance, if it is near enough to be a typo. */
export function closest(input: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = editDistance(input.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
