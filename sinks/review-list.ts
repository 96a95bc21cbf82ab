// The review list as people read it: rows no source could link to a customer with confidence, grouped
// by source and reason, with the candidate customers. Phones masked.

import type { ClientBase } from 'pg';
import { maskPhone } from '../transforms/mask-phone.ts';

export interface ReviewRow {
  source: string;
  file: string;
  line: number | null;
  name: string | null;
  phone: string | null;
  candidate_ids: number[];
  reason: string;
  detail: string | null;
}

export async function readReviewList(client: ClientBase, source?: string): Promise<ReviewRow[]> {
  const { rows } = await client.query<ReviewRow>(
    `SELECT source, file, line, name, phone, candidate_ids, reason, detail
       FROM etl.match_review WHERE $1::text IS NULL OR source = $1 ORDER BY source, reason, file, line`,
    [source ?? null],
  );
  return rows.map((r) => ({ ...r, phone: r.phone === null ? null : maskPhone(r.phone) }));
}

export function formatReviewList(rows: readonly ReviewRow[]): string {
  if (rows.length === 0) return 'review list is empty: every loaded row was linked to a customer or needs none';
  const lines: string[] = [];
  let group = '';
  for (const r of rows) {
    const heading = `${r.source} · ${r.reason}`;
    if (heading !== group) {
      group = heading;
      lines.push(`${heading} (${rows.filter((x) => x.source === r.source && x.reason === r.reason).length})`);
    }
    const candidates = r.candidate_ids.length ? ` → candidates ${r.candidate_ids.join(', ')}` : '';
    lines.push(`  ${r.file.split('/').at(-1)}:${r.line ?? '?'}  ${r.name ?? '(no name)'}${r.phone ? ` ${r.phone}` : ''}${candidates}${r.detail ? `  — ${r.detail}` : ''}`);
  }
  return lines.join('\n');
}
