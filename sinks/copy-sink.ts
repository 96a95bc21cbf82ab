// The COPY sink: COPY text chunks into one table through pg-copy-streams. Rows arrive already batched
// (one string per batch), so the socket sees few large writes. Destroying the stream aborts the COPY.

import { Writable } from 'node:stream';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export function quoteIdentifier(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
}

export function copyStatement(table: string, columns: readonly string[]): string {
  return `COPY ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) FROM STDIN`;
}

export function createCopySink(client: ClientBase, table: string, columns: readonly string[]): Writable {
  return client.query(copyFrom(copyStatement(table, columns)));
}
