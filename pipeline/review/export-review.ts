// `review --export FILE.csv`: the open review list as a file the staff open in Korean Excel — UTF-8 with a
// byte-order mark, CRLF, one line per case (source, written name, phone), the candidates each with their
// name, masked phone and first visit, and an empty decision column to fill. Readable by its owner only
// (0600): it holds names. Written beside itself first and renamed, so a failure leaves no half file.

import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ClientBase } from 'pg';
import { EtlError } from '../errors.ts';
import { maskPhone } from '../../transforms/mask-phone.ts';
import { UTF8_BOM, csvLine } from '../../sinks/csv-text.ts';
import { countNamelessRows, readCandidates, readOpenCases, type Candidate, type ReviewCase } from './review-cases.ts';
import { REVIEW_FILE_COLUMNS, describeReasons, type ReviewFileColumn } from './review-file.ts';

/** Candidates listed per case; a relative's case may name every customer sharing the surname's key. */
export const CANDIDATES_SHOWN = 10;

export interface ExportSummary {
  file: string;
  cases: number;
  rows: number;
  /** Rows on the review list without a name: not in the file (no case to decide). */
  nameless: number;
}

export async function exportReview(client: ClientBase, file: string, source?: string): Promise<ExportSummary> {
  const cases = await readOpenCases(client, source);
  const candidates = await readCandidates(client, cases.flatMap((c) => c.candidate_ids));
  const lines = cases.map((c) => {
    const cells = caseCells(c, candidates);
    return csvLine(REVIEW_FILE_COLUMNS.map((column) => cells[column]));
  });
  writePrivately(file, UTF8_BOM + csvLine(REVIEW_FILE_COLUMNS) + lines.join(''));
  return { file, cases: cases.length, rows: cases.reduce((sum, c) => sum + c.rows, 0), nameless: await countNamelessRows(client, source) };
}

function caseCells(c: ReviewCase, candidates: ReadonlyMap<number, Candidate>): Record<ReviewFileColumn, string | number> {
  const listed = c.candidate_ids.slice(0, CANDIDATES_SHOWN).map((id) => describeCandidate(id, candidates.get(id)));
  const more = c.candidate_ids.length - listed.length;
  return {
    source: c.source,
    name: c.name,
    phone: maskPhone(c.phone),
    rows: c.rows,
    reason: describeReasons(c.reasons),
    candidates: [...listed, ...(more > 0 ? [`(+${more})`] : [])].join(' | '),
    decision: '',
    where: `${c.places.join(', ')}${c.rows > c.places.length ? ` (+${c.rows - c.places.length})` : ''}`,
  };
}

/** `12: 김민지, 010-****-5678, 2023-05-01` — what a person needs to choose. */
function describeCandidate(id: number, customer: Candidate | undefined): string {
  if (!customer) return String(id);
  return [`${id}: ${customer.name}`, customer.phone ? maskPhone(customer.phone) : null, customer.first_visit].filter(Boolean).join(', ');
}

function writePrivately(file: string, text: string): void {
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(partial, text, { mode: 0o600 });
    chmodSync(partial, 0o600);
    renameSync(partial, file);
  } catch (cause) {
    rmSync(partial, { force: true });
    throw new EtlError('FILE_UNWRITABLE', `cannot write the review file: ${(cause as Error).message}`, {
      place: { file },
      cause,
      hint: 'choose a path in a folder you can write to',
    });
  }
}
