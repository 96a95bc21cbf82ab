// Whether a run of digits is one Korean phone number, and how it is written: libphonenumber-js with its
// full ("max") metadata is the judge, region KR. The minimal metadata checks lengths only: it calls
// `020-123-4567` valid and regroups it as `02-0123-4567`, a number in an exchange that does not exist.
//
// Where this project deliberately differs from libphonenumber, and why:
// - It must be given the trunk 0. libphonenumber reads `1012345678` as `010-1234-5678` on its own; here the
//   phone rule decides when a 0 was dropped (Excel did it to numbers, not to `2345-6789`, a local number
//   whose area nobody wrote), so the repair is counted and never silent.
// - Only numbers a customer can be reached at: mobile, landline, internet phone (`070`), personal and
//   safe numbers (`050x`), nationwide numbers (`1588-1234`). libphonenumber still lists `030` (a service
//   closed long ago) as toll free; toll-free (`080`) and premium numbers are no one's own phone either.
// - Every `010` number of eleven digits is a mobile: the numbering plan gives 010 to mobiles whole, and
//   libphonenumber's table of assigned blocks lags behind the carriers (it rejects `010-5999-1234`).
// - The digits never change: the national format must have exactly the digits it was given, and the
//   grouping as written must agree with it: `010-1234-567` is not `010-123-4567`, although its digits are.
//   (A different split before the last four digits is only another habit: `0505-123-4567` is libphonenumber's
//   `050-5123-4567`.)

import { parsePhoneNumberFromString, type PhoneNumberType } from 'libphonenumber-js/max';

const REACHABLE: ReadonlySet<PhoneNumberType> = new Set<PhoneNumberType>(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE', 'VOIP', 'PERSONAL_NUMBER', 'UAN']);

const MOBILE_010 = /^010(\d{4})(\d{4})$/;

/** A national number with its trunk 0 (`01012345678`, `021234567`) or a nationwide one (`15881234`). */
const NATIONAL_SHAPE = /^0\d{8,10}$|^1[5-9]\d{6}$/;

/**
 * The national format (`010-1234-5678`, `02-123-4567`, `1588-1234`) of one Korean number, or null.
 * `boundaries`: where the cell put separators, as digit offsets into `national` (`010-1234-5678` → 3, 7);
 * each must also be a boundary of the national format, or at least the last must set apart the same final
 * four digits (the subscriber number every Korean format ends with).
 */
export function formatKoreanNumber(national: string, boundaries: readonly number[] = []): string | null {
  const formatted = nationalFormat(national);
  if (formatted === null) return null;
  if (boundaries.length > 0) {
    const own = groupBoundaries(formatted);
    const subscriber = national.length - 4;
    if (!boundaries.every((b) => own.has(b)) && !(boundaries.at(-1) === subscriber && own.has(subscriber))) return null;
  }
  return formatted;
}

function nationalFormat(national: string): string | null {
  const mobile = MOBILE_010.exec(national);
  if (mobile) return `010-${mobile[1]}-${mobile[2]}`;
  if (!NATIONAL_SHAPE.test(national)) return null;
  const parsed = parsePhoneNumberFromString(national, 'KR');
  if (!parsed?.isValid()) return null;
  const type = parsed.getType();
  if (type === undefined || !REACHABLE.has(type)) return null;
  const formatted = parsed.formatNational();
  return formatted.replace(/\D/g, '') === national ? formatted : null;
}

/** `010-1234-5678` → {3, 7}. */
function groupBoundaries(formatted: string): Set<number> {
  const out = new Set<number>();
  let digits = 0;
  for (const c of formatted) {
    if (c >= '0' && c <= '9') digits++;
    else if (digits > 0) out.add(digits);
  }
  return out;
}
