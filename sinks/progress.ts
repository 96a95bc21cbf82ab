// Progress while a run goes: on a terminal a live bar per source (bytes and rows read, rows/s, ETA),
// redrawn in place; elsewhere (a pipe, a log file, CI) plain lines at most every few seconds and at
// the end of each file. Always on stderr, so `--json` output on stdout stays clean. NO_COLOR drops colour.

export type ProgressMode = 'bar' | 'lines' | 'off';

export interface ProgressEvent {
  source: string;
  file: string;
  bytesRead: number;
  bytesTotal: number;
  rowsRead: number;
}

export interface ProgressOptions {
  mode: ProgressMode;
  color: boolean;
  write: (text: string) => void;
  now?: () => number;
  /** Lines mode: at most one line per file this often (ms); the first after one interval. */
  lineEveryMs?: number;
}

/** Bar on an interactive terminal, lines when output is piped or CI is set, nothing with --quiet. */
export function chooseProgressMode(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, quiet: boolean): ProgressMode {
  if (quiet) return 'off';
  if (stream.isTTY && !env.CI && env.TERM !== 'dumb') return 'bar';
  return 'lines';
}

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

const BAR_WIDTH = 24;

export class ProgressReporter {
  private readonly now: () => number;
  private readonly started = new Map<string, { at: number; rows: number }>();
  private readonly lastLine = new Map<string, number>();
  private lastFile = '';
  private drawn = false;
  private lastDraw = -Infinity;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  update(event: ProgressEvent, done = false): void {
    if (this.options.mode === 'off') return;
    const key = `${event.source}\u0000${event.file}`;
    if (!this.started.has(key)) this.started.set(key, { at: this.now(), rows: event.rowsRead });
    if (this.options.mode === 'bar') {
      // Redraw at most ten times a second; always draw the last state of a file.
      if (!done && this.lastFile === key && this.now() - this.lastDraw < 100) return;
      this.lastDraw = this.now();
      if (this.drawn && this.lastFile !== key) this.options.write('\n');
      this.options.write(`\r\x1b[2K${this.describe(event, key)}`);
      this.drawn = true;
      this.lastFile = key;
      if (done) {
        this.options.write('\n');
        this.drawn = false;
      }
      return;
    }
    // Lines mode stays silent for a file read in less than one interval (tests, the samples): the first
    // line comes after one interval, and "done" only for a file that had one.
    const every = this.options.lineEveryMs ?? 2000;
    const last = this.lastLine.get(key);
    const since = last ?? this.started.get(key)!.at;
    if (this.now() - since >= every || (done && (last !== undefined || every === 0))) {
      this.lastLine.set(key, this.now());
      this.options.write(`${this.describe(event, key)}${done ? ' done' : ''}\n`);
    }
  }

  private describe(event: ProgressEvent, key: string): string {
    const start = this.started.get(key)!;
    const seconds = Math.max((this.now() - start.at) / 1000, 1e-3);
    const share = event.bytesTotal > 0 ? Math.min(1, event.bytesRead / event.bytesTotal) : 0;
    const rate = (event.rowsRead - start.rows) / seconds;
    const eta = share > 0 && share < 1 ? (seconds / share) * (1 - share) : 0;
    const name = event.file.split('/').at(-1) ?? event.file;
    const parts = [
      `${event.source.padEnd(15)}`,
      this.options.mode === 'bar' ? this.bar(share) : '',
      `${(share * 100).toFixed(0).padStart(3)}%`,
      `${formatBytes(event.bytesRead)}/${formatBytes(event.bytesTotal)}`,
      `${event.rowsRead.toLocaleString('en-US')} rows`,
      `${Math.round(rate).toLocaleString('en-US')} rows/s`,
      share < 1 ? `ETA ${formatSeconds(eta)}` : '',
      name,
    ];
    return parts.filter(Boolean).join('  ');
  }

  private bar(share: number): string {
    const filled = Math.round(share * BAR_WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    return this.options.color ? `\x1b[36m${bar}\x1b[0m` : bar;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}
