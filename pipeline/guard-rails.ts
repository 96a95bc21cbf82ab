// The plan's 절대 금지: commands that change the database ask for `--yes` against a server not on this
// machine, and also `--force` during business hours (default 09:00–21:00 Asia/Seoul, AIBIO_BUSINESS_HOURS);
// the embedded and local servers skip both. Decided from the URL alone, before any connection is made.

import { parse as parseConnectionString } from 'pg-connection-string';
import { EtlError } from './errors.ts';
import { maskUrl } from './database.ts';

export const DEFAULT_BUSINESS_HOURS = '09:00-21:00 Asia/Seoul';

export interface GuardInput {
  /** DATABASE_URL; empty or undefined means the embedded server. */
  databaseUrl: string | undefined;
  /** PGHOST, used by the driver when the URL names no host. */
  pgHost?: string | undefined;
  /** AIBIO_BUSINESS_HOURS: `09:00-21:00`, optionally followed by a time zone; `off` disables the window. */
  businessHours?: string | undefined;
  now: Date;
  yes: boolean;
  force: boolean;
}

export type ServerKind = 'embedded' | 'local' | 'remote';

export interface GuardDecision {
  server: ServerKind;
  host: string | null;
  /** Set when the command must not go on. */
  refusal: EtlError | null;
}

/** Loopback names and addresses, and unix sockets (a host that is a path). */
export function isLocalHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (h === '' || h.startsWith('/') || h.startsWith('@')) return true; // unix socket directory or abstract socket
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127(\.\d{1,3}){3}$/.test(h)) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127(\.\d{1,3}){3}$/.test(h)) return true;
  return false;
}

export function serverOf(databaseUrl: string | undefined, pgHost?: string): { kind: ServerKind; host: string | null } {
  const url = databaseUrl?.trim();
  if (!url) return { kind: 'embedded', host: null };
  let host: string | null;
  try {
    host = parseConnectionString(url).host;
  } catch {
    host = null;
  }
  // The driver falls back to PGHOST, then to localhost, when the URL names no host.
  const effective = host || pgHost?.trim() || 'localhost';
  return { kind: isLocalHost(effective) ? 'local' : 'remote', host: effective };
}

export interface BusinessHours {
  /** Minutes after midnight, local to `timeZone`. */
  start: number;
  end: number;
  timeZone: string;
  text: string;
}

/** `09:00-21:00`, `09:00-21:00 Asia/Seoul`, `22:00-06:00` (overnight); null for `off`. */
export function parseBusinessHours(spec: string | undefined): BusinessHours | null {
  const text = (spec?.trim() || DEFAULT_BUSINESS_HOURS).replace(/\s+/g, ' ');
  if (/^(off|none)$/i.test(text)) return null;
  const match = /^(\d{1,2}):(\d{2}) ?[-–~] ?(\d{1,2}):(\d{2})(?: (\S+))?$/.exec(text);
  const invalid = () =>
    new EtlError('CONFIG_INVALID', `AIBIO_BUSINESS_HOURS must look like 09:00-21:00 (optionally followed by a time zone such as Asia/Seoul), or off; not ${JSON.stringify(spec)}`, {
      hint: `unset it for the default ${DEFAULT_BUSINESS_HOURS}`,
    });
  if (!match) throw invalid();
  const [, h1, m1, h2, m2, zone] = match;
  const start = Number(h1) * 60 + Number(m1);
  const end = Number(h2) * 60 + Number(m2);
  if (Number(m1) > 59 || Number(m2) > 59 || start > 24 * 60 || end > 24 * 60) throw invalid();
  const timeZone = zone ?? 'Asia/Seoul';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw invalid();
  }
  return { start, end, timeZone, text: `${h1!.padStart(2, '0')}:${m1}-${h2!.padStart(2, '0')}:${m2} ${timeZone}` };
}

/** Minutes after midnight of `now` in the time zone. */
function minutesIn(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return get('hour') * 60 + get('minute');
}

export function withinBusinessHours(now: Date, hours: BusinessHours): boolean {
  const m = minutesIn(now, hours.timeZone);
  if (hours.start === hours.end) return false;
  return hours.start < hours.end ? m >= hours.start && m < hours.end : m >= hours.start || m < hours.end;
}

export function decideGuards(input: GuardInput): GuardDecision {
  const { kind, host } = serverOf(input.databaseUrl, input.pgHost);
  const decision: GuardDecision = { server: kind, host, refusal: null };
  if (kind !== 'remote') return decision;
  const where = maskUrl(input.databaseUrl!.trim());
  if (!input.yes) {
    decision.refusal = new EtlError('GUARD_REMOTE_SERVER', `DATABASE_URL names a server that is not on this machine (${where}); nothing was done`, {
      hint: 'rehearse first on a copy with --rehearse (it writes nothing there), then add --yes to confirm you mean this server',
    });
    return decision;
  }
  const hours = parseBusinessHours(input.businessHours);
  if (hours && withinBusinessHours(input.now, hours) && !input.force) {
    decision.refusal = new EtlError('GUARD_BUSINESS_HOURS', `it is business hours (${hours.text}) and ${where} is the center's server; nothing was done`, {
      hint: 'run it after closing time, or add --force if the center is closed today',
    });
  }
  return decision;
}

/** Throws the refusal, if any, for a command about to change the database. */
export function assertGuardsAllow(options: { env: NodeJS.ProcessEnv; now?: Date; yes: boolean; force: boolean }): GuardDecision {
  const decision = decideGuards({
    databaseUrl: options.env.DATABASE_URL,
    pgHost: options.env.PGHOST,
    businessHours: options.env.AIBIO_BUSINESS_HOURS,
    now: options.now ?? new Date(),
    yes: options.yes,
    force: options.force,
  });
  if (decision.refusal) throw decision.refusal;
  return decision;
}
