// `review --undo ID`, the database half (inside the run's transaction, under the run lock): removes one
// recorded decision, and the rows it settled go back to the review list (undo-decision.sql). The run
// recomputes the statistics afterwards.

import { fileURLToPath } from 'node:url';
import type { ClientBase } from 'pg';
import { EtlError } from '../errors.ts';
import { runSqlFile, step } from '../database.ts';

export interface UndoSummary {
  decisionId: number;
  source: string;
  name: string;
  decision: string;
  decidedCustomerId: number | null;
  backToReview: number;
  linkedAutomatically: number;
  unlinked: number;
}

const UNDO_SQL = fileURLToPath(new URL('undo-decision.sql', import.meta.url));

export async function undoDecision(client: ClientBase, decisionId: number): Promise<UndoSummary> {
  const { rows } = await step('reading the decision to undo', () =>
    client.query<{ source: string; name: string; decision: string; decided_customer_id: number | null }>(
      'SELECT source, name, decision, decided_customer_id FROM etl.link_decisions WHERE decision_id = $1',
      [decisionId],
    ),
  );
  const decision = rows[0];
  if (!decision) {
    throw new EtlError('DECISION_NOT_FOUND', `no recorded decision has the id ${decisionId}`, {
      hint: 'npm run pipeline -- review --list-decisions shows the recorded decisions and their ids',
    });
  }
  await step('naming the decision to undo', async () => {
    await client.query('DROP TABLE IF EXISTS pg_temp.undo_target');
    await client.query(
      'CREATE TEMP TABLE undo_target ON COMMIT DROP AS SELECT decision_id, source, name_key, phone FROM etl.link_decisions WHERE decision_id = $1',
      [decisionId],
    );
  });
  const counts = await runSqlFile(client, UNDO_SQL, `undoing decision #${decisionId} (undo-decision.sql)`);
  return {
    decisionId,
    source: decision.source,
    name: decision.name,
    decision: decision.decision,
    decidedCustomerId: decision.decided_customer_id,
    backToReview: counts.back_to_review!,
    linkedAutomatically: counts.linked_automatically!,
    unlinked: counts.unlinked!,
  };
}
