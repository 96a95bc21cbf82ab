// The monthly usage sheets (월별 이용현황, one CSV per month in 이용현황/) → service_sessions: one row per
// session, several per visit row. Header layouts in sessions-layout.ts, the row rules in sessions-rows.ts,
// the customer match and upsert in sessions.merge.sql.

import { fileURLToPath } from 'node:url';
import type { SourceDefinition } from '../source.ts';
import { USAGE_COLUMNS, type UsageKey } from './sessions-layout.ts';
import { USAGE_STAGING_COLUMNS, createUsageRowMapper } from './sessions-rows.ts';
import { predictSessions } from './sessions-predict.ts';

const sql = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export const sessions: SourceDefinition<UsageKey> = {
  name: 'sessions',
  title: '월별 이용현황 (monthly usage sheets)',
  input: { kind: 'dir', dir: '이용현황' },
  columns: USAGE_COLUMNS,
  staging: { table: 'staging.usage_sessions', columns: USAGE_STAGING_COLUMNS },
  predict: (context) => predictSessions(context),
  createRowMapper: (run) => createUsageRowMapper(run),
  mergeSql: [sql('sessions.merge.sql')],
  mergeOutcomes: ['inserted', 'updated', 'unchanged'],
  rowsByFile: { table: 'service_sessions', column: 'source_file', noun: 'sessions' },
  describe: async (query) => {
    // The merge's own tables (this transaction's): no second pass over the staged sessions.
    const layouts = await query(`SELECT source_file AS file, layout FROM pg_temp.usage_files ORDER BY 1`);
    const sessionsByService = await query(
      `SELECT service, count(*)::int AS sessions FROM staging.usage_sessions GROUP BY 1 ORDER BY 2 DESC, 1`,
    );
    // `AD 3/10` and rows that name no service: kept as service unknown, counted here.
    const unknownCodes = await query(
      `SELECT coalesce(service_code, '(none)') AS code, count(*)::int AS sessions, count(DISTINCT (source_file, line))::int AS rows
         FROM staging.usage_sessions WHERE service = 'unknown' GROUP BY 1 ORDER BY 2 DESC`,
    );
    const [flags] = await query(
      `SELECT count(*) FILTER (WHERE is_complimentary)::int AS complimentary, count(*) FILTER (WHERE is_trial)::int AS trial,
              count(*) FILTER (WHERE is_no_show)::int AS no_show, count(*) FILTER (WHERE counted_as IS NOT NULL)::int AS counted_against_other_service
         FROM staging.usage_sessions`,
    );
    const reviewByReason = await query(
      `SELECT reason, count(*)::int AS rows FROM pg_temp.usage_rows WHERE reason IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`,
    );
    return { layouts, sessionsByService, unknownCodes, flags, reviewByReason };
  },
};
