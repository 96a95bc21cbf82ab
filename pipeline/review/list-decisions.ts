// `review --list-decisions`: every recorded decision, with the customer it points at now (the survivor of a
// merge, or none when the customer is gone and its rows are back on the review list), how many sheet rows
// it settles as of the last loads, and who recorded it, when, from which file and line. Phones masked.

import type { ClientBase } from 'pg';
import { maskPhone } from '../../transforms/mask-phone.ts';

export interface DecisionEntry {
  decision_id: number;
  source: string;
  name: string;
  phone: string;
  decision: 'link' | 'ignore';
  decided_customer_id: number | null;
  /** Who the decision links to now; null for ignore, or when the customer is gone. */
  customer_id: number | null;
  /** Whether that customer holds the decided customer's 번호 as its own (loaded again), not merged into it. */
  same_ledger_number: boolean;
  rows: number;
  run_id: string;
  decided_by: string | null;
  decided_file: string | null;
  decided_line: number | null;
  decided_at: string;
}

export async function readDecisions(client: ClientBase): Promise<DecisionEntry[]> {
  const { rows } = await client.query<DecisionEntry>(
    `SELECT d.decision_id, d.source, d.name, d.phone, d.decision, d.decided_customer_id, l.customer_id,
            coalesce(c.ledger_number = d.decided_ledger_number, false) AS same_ledger_number,
            (SELECT count(*) FROM etl.match_decided m WHERE m.decision_id = d.decision_id)::int AS rows,
            d.run_id, d.decided_by, d.decided_file, d.decided_line, to_char(d.decided_at, 'YYYY-MM-DD HH24:MI') AS decided_at
       FROM etl.link_decisions d
       LEFT JOIN LATERAL etl.link_decision(d.source, d.name, d.phone) l ON true
       LEFT JOIN customers c ON c.customer_id = l.customer_id
      ORDER BY d.decision_id`,
  );
  return rows.map((r) => ({ ...r, phone: maskPhone(r.phone) }));
}

/** What the decision does now, in a few words. */
export function decisionStatus(d: DecisionEntry): string {
  if (d.decision === 'ignore') return 'not a customer';
  if (d.customer_id === null) return `customer ${d.decided_customer_id} no longer exists: its rows are back on the review list`;
  if (d.customer_id !== d.decided_customer_id) return `customer ${d.decided_customer_id} → ${d.customer_id} (${d.same_ledger_number ? 'its 번호, loaded again' : 'merged into it'})`;
  return `customer ${d.customer_id}`;
}

export function formatDecisions(decisions: readonly DecisionEntry[]): string {
  if (decisions.length === 0) return 'no decisions recorded: export the review list (review --export FILE.csv), decide in Excel, then review --apply FILE.csv';
  const lines = [`${decisions.length} recorded decision(s); undo one with: npm run pipeline -- review --undo ID`];
  for (const d of decisions) {
    const phone = d.phone ? ` ${d.phone}` : '';
    const where = d.decided_file ? ` from ${d.decided_file}:${d.decided_line}` : '';
    lines.push(`  #${d.decision_id}  ${d.source} · ${d.name}${phone} → ${decisionStatus(d)} · ${d.rows} row(s) · ${d.decided_at} by ${d.decided_by ?? '?'}${where} (run ${d.run_id})`);
  }
  return lines.join('\n');
}
