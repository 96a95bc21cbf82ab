// Rows → PostgreSQL COPY text format, in one place. Backslash, tab, newline and carriage return are the
// four characters COPY text gives meaning to; each is escaped, and null is `\N`. Arrays are written as
// array literals (`{"만성피로","어깨통증"}`) and then escaped like any other text.

export type CopyValue = string | number | boolean | null | undefined | readonly (string | null)[];

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function escapeCopyText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text;
}

export function encodeArrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

export function encodeCopyValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeCopyText(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`COPY value is not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return escapeCopyText(encodeArrayLiteral(value));
}

export function encodeCopyRow(values: readonly CopyValue[]): string {
  let line = encodeCopyValue(values[0]);
  for (let i = 1; i < values.length; i++) line += `\t${encodeCopyValue(values[i])}`;
  return `${line}\n`;
}
