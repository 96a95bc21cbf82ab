// The open review list grouped into cases (open-cases.sql), and the customers a case names as candidates,
// for the export and for checking a decision file against what is open now. Phones here are real: the
// callers mask what they print or write.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClientBase } from 'pg';
import type { DecidableSource } from './review-file.ts';

export interface ReviewCase {
  source: DecidableSource;
  /** etl.written_name_key of the written name: what decisions are recorded by. */
  name_key: string;
  name: string;
  /** The rows' phone as the source's merge keys it; '' when they carry none. */
  phone: string;
  rows: number;
  reasons: string[];
  /** `2025년5월.csv:12` for the first five rows. */
  places: string[];
  candidate_ids: number[];
}

export interface Candidate {
  customer_id: number;
  name: string;
  phone: string | null;
  first_visit: string | null;
}

const OPEN_CASES_SQL = readFileSync(fileURLToPath(new URL('open-cases.sql', import.meta.url)), 'utf8');

export async function readOpenCases(client: ClientBase, source?: string): Promise<ReviewCase[]> {
  return (await client.query<ReviewCase>(OPEN_CASES_SQL, [source ?? null])).rows;
}

/** The candidates of every case, by id. */
export async function readCandidates(client: ClientBase, ids: readonly number[]): Promise<Map<number, Candidate>> {
  const { rows } = await client.query<Candidate>(
    `SELECT customer_id, name, phone, to_char(first_visit_date, 'YYYY-MM-DD') AS first_visit
       FROM customers WHERE customer_id = ANY($1::integer[])`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.customer_id, r]));
}

/** Rows the export leaves out: no name, so no case to decide. */
export async function countNamelessRows(client: ClientBase, source?: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM etl.match_review WHERE (name IS NULL OR reason = 'NAME_MISSING') AND ($1::text IS NULL OR source = $1)`,
    [source ?? null],
  );
  return rows[0]!.n;
}
