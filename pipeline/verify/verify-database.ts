// `npm run verify`: every check against the latest committed run, in one read-only snapshot so the
// checks see one moment of the database, never half of a load. Safe to run daily while the app works.

import type { ClientBase } from 'pg';
import { CENTER_OPENED } from '../center.ts';
import { todayInSeoul } from '../../transforms/parse-date.ts';
import { runChecks, type CheckResult } from './checks.ts';
import { latestCommittedRun, type ReferenceRun } from './report-checks.ts';

export interface Verification {
  reference: ReferenceRun | null;
  checks: CheckResult[];
}

export async function verifyDatabase(client: ClientBase, now = new Date()): Promise<Verification> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const reference = await latestCommittedRun(client);
    const checks = await runChecks(client, { today: todayInSeoul(now), earliest: CENTER_OPENED, reference });
    return { reference, checks };
  } finally {
    await client.query('ROLLBACK');
  }
}
