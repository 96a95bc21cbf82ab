// Nothing that loads correctly today may change, cell by cell: every phone, date, amount, age, marker,
// number, package line, settings line, event and 고객정보 cell of the sample ledgers must read exactly as the
// rules before issue 16 read it. Unlike samples-unchanged.test.ts this does not depend on the tables' columns,
// so it still holds when another change reshapes a table.
//
// How BASELINE was obtained: the transforms of commit 371e36d (main before issue 16) were copied out with
// `git show 371e36d:transforms/<file>` and this file's `rules` object was run over them with cellDigests();
// the printed digests were pasted below. (AIBIO_PRINT_DIGEST=1 prints the current ones.)

import { describe, expect, it } from 'vitest';
import { cellDigests, type CellRules } from '../helpers/sample-cells.ts';
import { parseCustomerInfo } from '../../transforms/customer-info.ts';
import { createLedgerNumberCheck } from '../../transforms/ledger-number.ts';
import { normalizePhone } from '../../transforms/normalize-phone.ts';
import { parseAge } from '../../transforms/parse-age.ts';
import { parseDate } from '../../transforms/parse-date.ts';
import { parseEventCell } from '../../transforms/parse-event-date.ts';
import { parseMarker } from '../../transforms/parse-marker.ts';
import { parseMoney } from '../../transforms/parse-money.ts';
import { parsePackageCell } from '../../transforms/parse-package-line.ts';
import { parseProgressCell } from '../../transforms/parse-session-progress.ts';

const BOUNDS = { today: '2026-01-15', earliest: '2020-01-01' };

/** The fields every version of each rule returns. */
const rules: CellRules = {
  phone: (raw) => ((r) => ({ phone: r.phone, status: r.status }))(normalizePhone(raw)),
  date: (raw) => ((r) => ({ date: r.date, form: r.form, issue: r.issue }))(parseDate(raw, BOUNDS)),
  money: (raw) => ((r) => ({ won: r.won, form: r.form, issue: r.issue, note: r.note }))(parseMoney(raw)),
  age: (raw) => parseAge(raw),
  marker: (raw) => parseMarker(raw),
  ledgerNumber: (raw) => createLedgerNumberCheck()(raw),
  packages: (raw) => parsePackageCell(raw),
  progress: (raw) => parseProgressCell(raw),
  events: (raw) => ((r) => ({ date: r.date, outcome: r.outcome, events: r.events.map((e) => ({ date: e.date, outcome: e.outcome, text: e.text, issue: e.issue })), issues: r.issues }))(parseEventCell(raw, BOUNDS)),
  customerInfo: (raw) => ((r) => ({ age: r.age, gender: r.gender, phone: { phone: r.phone.phone, status: r.phone.status } }))(parseCustomerInfo(raw)),
};

const BASELINE: Record<string, { cells: number; sha256: string }> = {
  age: { cells: 43, sha256: 'efca7b96e2a428310cbbf1f5c11729140f0a377cd5d32d757f05a205f9ce8c47' },
  customerInfo: { cells: 253, sha256: 'dc2a30ff427dc5ff70a4707e922e0db11fb49ccbf2d238b0c778b49693397385' },
  date: { cells: 2867, sha256: 'a06f7fc3cf4eacebc0158fb38e23d70d6221846d376aed59ee036b664bcd1ca9' },
  events: { cells: 237, sha256: '5cd18bdd733d52b50ab70a1465401fe3aca9dad27b04fb9456860dc64f47edad' },
  ledgerNumber: { cells: 953, sha256: 'b378e79b5220acfeb91e05ee67f9c37d50643d5d8d4df08bd59a9fabdd2edb7e' },
  marker: { cells: 4, sha256: 'f3f64f0c5842a7a37cbc1505e6397831007e665980b31547aeb4118c520b45fe' },
  money: { cells: 161, sha256: '6447a8957ae71f25c56de23884ce45b60c04454f4cc436e6a54dbbf4fb4a9285' },
  packages: { cells: 1437, sha256: '5c64ca74910c4f4f64961a3b8583e5df3534d01ea56ad8b07648622340e25442' },
  phone: { cells: 1070, sha256: '43a6055edfa8ef526fac284fae80363ab4bbe36137e707324d0ae2857083ab0d' },
  progress: { cells: 326, sha256: '9624cfd6df590c91c97902e0dc11c3e131c49085edfa0ec50bf2b624f2515ca6' },
};

describe('the sample cells', () => {
  it('read exactly as the rules before issue 16 read them (digests recorded from main)', () => {
    const now = cellDigests(rules);
    if (process.env.AIBIO_PRINT_DIGEST) process.stdout.write(`${JSON.stringify(now, null, 2)}\n`);
    expect(Object.keys(now).length).toBe(10);
    expect(now).toEqual(BASELINE);
  });
});
