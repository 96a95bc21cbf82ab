// Twin of etl.match_customer (migrations/0204), for inspect's predictions: the same decisions in the same
// order over the customer directory a folder's master will create. The SQL function decides the real
// links; test/pipeline/inspect holds the two to the same answers on the samples. The staff's recorded
// decisions (etl.link_decisions, migration 0653) live in the database, which inspect does not open: it
// predicts as a first load would, before any decision.

import type { CopyValue } from '../../sinks/copy-text.ts';
import type { CustomerDirectory } from '../source.ts';
import { idsByNameKey, idsByPhone } from './predict-links.ts';

/** The review reason for a name (and phone, when the sheet has one), or null when it links to one customer. */
export function matchReason(directory: CustomerDirectory | null, nameKey: CopyValue, phone: CopyValue, blocker: CopyValue): string | null {
  if (typeof blocker === 'string') return blocker;
  const byName = idsByNameKey(directory, nameKey);
  const byPhone = idsByPhone(directory, phone);
  if (typeof phone === 'string' && byName.filter((id) => byPhone.includes(id)).length === 1) return null;
  if (byName.length === 1) {
    const masterPhone = directory!.facts.get(byName[0]!)?.phone ?? null;
    return typeof phone === 'string' && masterPhone !== null ? 'PHONE_MISMATCH' : null;
  }
  if (byName.length > 1) return 'NAME_AMBIGUOUS';
  return byPhone.length > 0 ? 'PHONE_OTHER_NAME' : 'NO_MATCH';
}
