import { describe, expect, it } from 'vitest';
import { leadStatus, type LeadProgress } from '../../transforms/lead-status.ts';
import { parseEventCell } from '../../transforms/parse-event-date.ts';

const opts = { today: '2025-06-30', earliest: '2020-01-01', reference: '2024-03-01' };

function progress(entry: string, phone: string, reminder: string, visit: string, registered: string): LeadProgress {
  return {
    dbEntryDate: entry || null,
    phoneConsult: parseEventCell(phone, opts),
    reminder: parseEventCell(reminder, opts),
    visitConsult: parseEventCell(visit, opts),
    registrationDate: registered || null,
  };
}

describe('leadStatus', () => {
  it.each([
    ['', '', '', '', '', 'new'],
    ['2024-03-01', '', '', '', '', 'db_entered'],
    ['2024-03-01', 'X', '', 'X', '', 'db_entered'],
    ['2024-03-01', '무응답', '', '', '', 'db_entered'],
    ['2024-03-01', '3/2 1차컨택(전원꺼짐)\n3/3 문자보냄', '2024.03.08 문자', '', '', 'db_entered'],
    ['2024-03-01', '2024.03.02', '', '', '', 'phone_consulted'],
    ['2024-03-01', '무응답', '2024.03.08', '', '', 'phone_consulted'],
    ['2024-03-01', '2024.03.02', '', '방문취소/2024.03.05', '', 'phone_consulted'],
    ['2024-03-01', '2024.03.02', '', '노쇼/2024.03.05', '', 'phone_consulted'],
    ['2024-03-01', '2024.03.02', '', '2024.03.05 상담예정', '', 'phone_consulted'],
    ['2024-03-01', '2024.03.02', '', '취소', '', 'phone_consulted'],
    ['2024-03-01', '2024.03.02', '', '2024.03.05', '', 'visit_consulted'],
    ['2024-03-01', '2024.03.02', '', '방문취소/2024.03.05\n2024.03.12', '', 'visit_consulted'],
    ['2024-03-01', 'X', '', '2024.03.05', '2024-03-05', 'converted'],
  ])('entry %j, call %j, reminder %j, visit %j, registered %j → %s', (entry, phone, reminder, visit, registered, status) => {
    expect(leadStatus(progress(entry, phone, reminder, visit, registered))).toBe(status);
  });
});
