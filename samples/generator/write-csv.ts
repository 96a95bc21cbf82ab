// Writes sample ledgers with the bytes the center's files have: CRLF line ends, quotes only where
// Excel puts them, and either UTF-8 with a byte-order mark (the center's scripts) or CP949 (Korean Excel).

import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import iconv from 'iconv-lite';

export type SampleEncoding = 'utf-8-bom' | 'utf-8' | 'cp949';

export function csvRow(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

export function encodeSample(text: string, encoding: SampleEncoding): Buffer {
  if (encoding === 'cp949') {
    const bytes = iconv.encode(text, 'cp949');
    // iconv-lite writes `?` for a character CP949 lacks; a sample must never carry that.
    if (iconv.decode(bytes, 'cp949') !== text) throw new Error('sample text has a character outside CP949');
    return bytes;
  }
  const body = Buffer.from(text, 'utf8');
  return encoding === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

export function writeSample(path: string, rows: readonly (readonly string[])[], encoding: SampleEncoding): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodeSample(rows.map(csvRow).join('\r\n') + '\r\n', encoding));
}
