// The one error type of the pipeline. Codes form a closed list written once here; tests assert codes,
// never wording. Every message says what happened, where (file, line, column, byte offset) and what to do.

export const ERROR_CODES = [
  // input files
  'FILE_NOT_FOUND',
  'FILE_UNREADABLE',
  'FILE_EMPTY',
  'FILE_HEADER_ONLY',
  'FILE_EMPTIED',
  'INPUT_IS_SPREADSHEET',
  'INPUT_BINARY',
  'ENCODING_UTF16',
  'DECODE_INVALID_BYTES',
  'CSV_QUOTE_NOT_CLOSED',
  'CSV_RECORD_TOO_LARGE',
  'CSV_HEADER_MISSING',
  'CSV_HEADER_DUPLICATE',
  'CSV_LAYOUT_UNKNOWN',
  'INPUT_AMBIGUOUS',
  // command line
  'CLI_USAGE',
  'SOURCE_UNKNOWN',
  'CONFIG_INVALID',
  // database
  'DB_URL_INVALID',
  'DB_UNREACHABLE',
  'DB_AUTH_FAILED',
  'DB_ERROR',
  'DB_CONNECTION_LOST',
  'MIGRATIONS_NOT_APPLIED',
  'MIGRATION_FAILED',
  'EMBEDDED_SERVER_FAILED',
  'RUN_IN_PROGRESS',
  'TABLES_BUSY',
  // run outcome
  'REJECT_BUDGET_EXCEEDED',
  'VERIFY_FAILED',
  // guard rails (pipeline/guard-rails.ts)
  'GUARD_REMOTE_SERVER',
  'GUARD_BUSINESS_HOURS',
  // backup and restore (pipeline/backup/)
  'BACKUP_NOT_FOUND',
  'BACKUP_SCHEMA_CHANGED',
  'BACKUP_FILE_INVALID',
  'BACKUP_TOOL_FAILED',
  'RESTORE_LATER_RUNS',
  'RESTORE_BLOCKED',
  'RESTORE_TARGET_NOT_EMPTY',
  // the review list's decisions (pipeline/review/): `review --export`, `--apply`, `--undo`
  'FILE_UNWRITABLE',
  'DECISION_FILE_HEADER',
  'DECISION_VALUE_INVALID',
  'DECISION_CUSTOMER_UNKNOWN',
  'DECISION_CASE_GONE',
  'DECISION_CASE_AMBIGUOUS',
  'DECISION_DUPLICATE',
  'DECISION_PHONE_CONFLICT',
  'DECISION_NOT_FOUND',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPlace {
  file?: string;
  line?: number;
  column?: string;
  byteOffset?: number;
}

export class EtlError extends Error {
  override readonly name = 'EtlError';
  readonly code: ErrorCode;
  readonly place: ErrorPlace;
  /** What the user can do about it, one sentence. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { place?: ErrorPlace; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.place = options.place ?? {};
    this.hint = options.hint;
  }

  /** One line for stderr: code, where, what, what to do. */
  toOneLine(): string {
    const where = describePlace(this.place);
    return `${this.code}: ${where ? `${where}: ` : ''}${this.message}${this.hint ? ` — ${this.hint}` : ''}`;
  }
}

export function describePlace(place: ErrorPlace): string {
  const parts: string[] = [];
  if (place.file) parts.push(place.file);
  if (place.line !== undefined) parts.push(`line ${place.line}`);
  if (place.column) parts.push(`column ${place.column}`);
  if (place.byteOffset !== undefined) parts.push(`byte ${place.byteOffset}`);
  return parts.join(', ');
}

export function isEtlError(error: unknown): error is EtlError {
  return error instanceof EtlError;
}

/** Exit statuses, documented in the README: the kind of failure is readable from the status alone. */
export const EXIT = { ok: 0, bug: 1, usage: 2, input: 3, database: 4, rejects: 5, busy: 6, refused: 7, verify: 8 } as const;

export function exitCodeFor(code: ErrorCode): number {
  if (code === 'CLI_USAGE' || code === 'SOURCE_UNKNOWN' || code === 'CONFIG_INVALID' || code === 'BACKUP_NOT_FOUND' || code === 'DECISION_NOT_FOUND') return EXIT.usage;
  if (code === 'REJECT_BUDGET_EXCEEDED') return EXIT.rejects;
  if (code === 'RUN_IN_PROGRESS' || code === 'TABLES_BUSY') return EXIT.busy;
  if (code === 'GUARD_REMOTE_SERVER' || code === 'GUARD_BUSINESS_HOURS' || code.startsWith('RESTORE_')) return EXIT.refused;
  if (code === 'VERIFY_FAILED') return EXIT.verify;
  if (code === 'BACKUP_FILE_INVALID') return EXIT.input;
  if (code === 'BACKUP_SCHEMA_CHANGED' || code === 'BACKUP_TOOL_FAILED') return EXIT.database;
  if (code.startsWith('DB_') || code.startsWith('MIGRATION') || code === 'EMBEDDED_SERVER_FAILED') return EXIT.database;
  return EXIT.input;
}
