// For `inspect`: what the load's rule for a column had to repair in a cell to read it — the folds of
// transforms/fold-cell.ts (full-width digits, dash look-alikes, Excel's apostrophe …) and the rule's own
// (a label around a phone, a country code, the 0 Excel dropped, an `오후` time, a weekday). A cell the rule
// cannot read recovered nothing: its repairs are not counted.

import type { CellReader } from '../read/header.ts';
import { foldCell, type CellFold } from '../../transforms/fold-cell.ts';
import { normalizePhone } from '../../transforms/normalize-phone.ts';
import { parseAge } from '../../transforms/parse-age.ts';
import { parseDate } from '../../transforms/parse-date.ts';
import { parseMarker } from '../../transforms/parse-marker.ts';
import { parseMoney } from '../../transforms/parse-money.ts';

export interface CellRepairs {
  /** The rule read a value from the cell. */
  read: boolean;
  repairs: readonly string[];
}

const NOTHING: CellRepairs = { read: false, repairs: [] };
const WHOLE_NUMBER = /^\d+(?:\.0+)?$/; // `12`, `11.0`

export function cellRepairs(reader: CellReader, raw: string): CellRepairs {
  switch (reader) {
    case 'phone': {
      const r = normalizePhone(raw);
      return { read: r.phone !== null, repairs: r.repairs };
    }
    case 'date': {
      const r = parseDate(raw);
      return { read: r.date !== null, repairs: r.repairs };
    }
    case 'money': {
      const r = parseMoney(raw);
      return { read: r.won !== null, repairs: r.repairs };
    }
    case 'number': {
      const f = foldCell(raw);
      return { read: f.text !== null && WHOLE_NUMBER.test(f.text), repairs: f.folds };
    }
    case 'age':
      return { read: parseAge(raw).age !== null, repairs: foldCell(raw).folds };
    case 'marker':
      return { read: parseMarker(raw).value !== null, repairs: foldCell(raw).folds };
    case 'services': {
      // One package line per line of the cell, each folded on its own (transforms/parse-package-line.ts).
      const folds = new Set<CellFold>();
      for (const line of raw.split(/\r?\n/)) for (const f of foldCell(line).folds) folds.add(f);
      return folds.size ? { read: true, repairs: [...folds] } : NOTHING;
    }
  }
}
