// The test-kit list (고객관리대장_키트고객.csv): 16 rows of 고객명, 키트, 시리얼번호 and three dates. No phone,
// so kits.merge.sql links a kit by name only when exactly one customer has that name; everything else
// goes to review. One serial can belong to two customers (`BD102345` twice): both rows load.

import { fileURLToPath } from 'node:url';
import type { FileContext, QueryFn, RawRow, RowIssue, RowOutcome, RunContext, SourceDefinition } from '../source.ts';
import type { ColumnSpec } from '../read/header.ts';
import { cleanText } from '../../transforms/clean-text.ts';
import { matchKeyOf } from '../../transforms/match-key.ts';
import { nameKey, normalizeName } from '../../transforms/normalize-name.ts';
import { parseDate } from '../../transforms/parse-date.ts';
import { dateWarning, tooLong, withinLimit } from './row-issues.ts';
import { predictKits } from './kits-predict.ts';

export const KIT_COLUMNS = [
  { key: 'name', labels: ['고객명', '이름', '성함'], required: true },
  { key: 'kitType', labels: ['키트', '키트종류', '키트 종류'], required: true },
  { key: 'serial', labels: ['시리얼번호', '시리얼', '일련번호'], required: true },
  { key: 'received', labels: ['키트수령일'], reader: 'date' },
  { key: 'resultReceived', labels: ['결과지 수령일'], reader: 'date' },
  { key: 'resultDelivered', labels: ['결과지 전달일'], reader: 'date' },
] as const satisfies readonly ColumnSpec[];

type KitKey = (typeof KIT_COLUMNS)[number]['key'];

/** Drives the COPY column list and the order of values below (migration 0102). */
export const KIT_STAGING_COLUMNS = [
  'line', 'file', 'run_id', 'kit_key', 'customer_name', 'customer_name_raw', 'name_key', 'name_blocker', 'relative_of_key',
  'kit_type', 'serial_number', 'receipt_date', 'receipt_date_raw', 'result_received_date', 'result_received_raw',
  'result_delivered_date', 'result_delivered_raw',
] as const;

/** The plan's VARCHAR limits on kit_receipts. */
const LIMITS = { name: 100, kitType: 100, serial: 100 } as const;
/** `BD102345`: two letters (BD 유기산, BA 음식물과민증) and six digits. */
const SERIAL_SHAPE = /^[A-Z]{2}\d{6}$/;

export function createKitRowMapper(run: RunContext): (row: RawRow<KitKey>, file: FileContext) => RowOutcome {
  const currentYear = Number(run.today.slice(0, 4));
  const bounds = { today: run.today, earliest: run.earliest };
  return (row, file) => {
    const v = row.values;
    const warnings: RowIssue[] = [];
    const person = normalizeName(v.name, currentYear);
    const serial = cleanText(v.serial);
    if (person.name === null && serial === null) {
      return { kind: 'reject', issue: { code: 'KIT_UNIDENTIFIED', column: '고객명', value: v.name ?? '', reason: 'a kit row needs a customer name or a serial number' } };
    }
    if (person.name !== null && person.name.length > LIMITS.name) return { kind: 'reject', issue: tooLong('고객명', person.name, LIMITS.name) };
    if (serial !== null && serial.length > LIMITS.serial) return { kind: 'reject', issue: tooLong('시리얼번호', serial, LIMITS.serial) };
    if (serial !== null && !SERIAL_SHAPE.test(serial)) {
      warnings.push({ code: 'SERIAL_UNUSUAL', column: '시리얼번호', value: v.serial, reason: 'not two letters and six digits (BD102345); kept as written' });
    }
    const match = matchKeyOf(person);
    const dates = (['received', 'resultReceived', 'resultDelivered'] as const).map((key, i) => {
      const label = ['키트수령일', '결과지 수령일', '결과지 전달일'][i]!;
      const parsed = parseDate(v[key], bounds);
      if (parsed.issue) warnings.push(dateWarning(label, v[key]!, parsed.issue));
      return [parsed.date, cleanText(v[key])] as const;
    });
    const values = [
      row.line,
      file.file,
      run.runId,
      kitKey(serial, person.name),
      person.name,
      v.name === undefined || cleanText(v.name) === null ? null : v.name,
      match.key,
      match.blocker,
      match.relativeOfKey,
      withinLimit(cleanText(v.kitType), LIMITS.kitType, '키트', warnings),
      serial,
      ...dates.flat(),
    ];
    return { kind: 'stage', values, warnings };
  };
}

/**
 * A kit row is its serial and whose it is: the serial alone cannot be the key, since two customers can
 * hold the same serial in the ledger. Upper case, no spaces: `bd 102345` and `BD102345` are one serial.
 */
export function kitKey(serial: string | null, name: string | null): string {
  return `${(serial ?? '').replace(/\s+/g, '').toUpperCase()}|${name === null ? '' : nameKey(name)}`;
}

const sql = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export const kits: SourceDefinition<KitKey> = {
  name: 'kits',
  title: '고객관리대장 키트고객 (test kits)',
  input: { kind: 'file', file: '고객관리대장_키트고객.csv' },
  columns: KIT_COLUMNS,
  staging: { table: 'staging.kits', columns: KIT_STAGING_COLUMNS },
  predict: (context) => predictKits(context),
  createRowMapper: (run) => createKitRowMapper(run),
  mergeSql: [sql('kits.merge.sql')],
  mergeOutcomes: ['inserted', 'updated', 'unchanged', 'duplicates'],
  describe: (query) => describeKits(query),
};

async function describeKits(query: QueryFn): Promise<Record<string, unknown>> {
  const sharedSerials = await query(
    `SELECT k.serial AS "serialNumber", json_agg(json_build_object('line', k.line, 'name', k.customer_name, 'customerId', k.customer_id) ORDER BY k.line) AS holders
       FROM (SELECT upper(regexp_replace(r.serial_number, '\\s', '', 'g')) AS serial, r.line, r.customer_name, l.customer_id
               FROM pg_temp.kit_rows r JOIN pg_temp.kit_links l ON l.kit_key = r.kit_key
              WHERE r.serial_number IS NOT NULL) k
      GROUP BY k.serial HAVING count(*) > 1 ORDER BY k.serial`,
  );
  const reviewBy = await query(`SELECT reason, count(*)::int AS kits FROM pg_temp.kit_links WHERE reason IS NOT NULL GROUP BY 1 ORDER BY 1`);
  const duplicateGroups = await query(`SELECT customer_name AS name, serial_number AS "serialNumber", lines FROM pg_temp.kit_rows WHERE row_count > 1 ORDER BY line`);
  return { sharedSerials, reviewBy, duplicateGroups };
}
