// The phone rule. Korean numbers in national format: mobiles `010-1234-5678`, Seoul `02-123-4567`,
// other areas `031-123-4567`, internet `070-1234-5678`, nationwide `1588-1234`.
// Excel stored many phones as numbers and dropped the leading 0: `1012345678` is `010-1234-5678`
// (prepend the 0; never rebuild from digit slices, which corrupted 116 numbers in the old scripts).
// Anything we cannot read as one number stays null with its raw text kept; it is never rewritten.

import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export const PHONE_STATUSES = [
  'valid', //       already `010-1234-5678`
  'reformatted', // same digits, other punctuation: `010.1234.5678`, `01012345678`, `\t010-…`
  'repaired', //    leading 0 restored: `1012345678`
  'invalid', //     not one phone number: `010-1234-56789`, `010-12-34`
  'placeholder', // `X`, `x`, `-`: the ledger's "no phone"
  'missing', //     blank
] as const;
export type PhoneStatus = (typeof PHONE_STATUSES)[number];

export interface PhoneResult {
  phone: string | null;
  status: PhoneStatus;
}

const CANONICAL_MOBILE = /^010-\d{4}-\d{4}$/;
const PLACEHOLDER = /^[xX×\-–—.·ㅡ_]+$|^(없음|미상|모름)$/;
const PHONE_PUNCTUATION = /^[+\d\s\-.()\u00a0/]+$/;

export function normalizePhone(raw: string | undefined): PhoneResult {
  if (raw === undefined) return { phone: null, status: 'missing' };
  if (CANONICAL_MOBILE.test(raw)) return { phone: raw, status: 'valid' };
  const text = raw.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
  if (text === '') return { phone: null, status: 'missing' };
  if (PLACEHOLDER.test(text)) return { phone: null, status: 'placeholder' };
  if (!PHONE_PUNCTUATION.test(text)) return { phone: null, status: 'invalid' };
  let digits = text.replace(/\D/g, '');
  if (text.startsWith('+')) {
    if (!digits.startsWith('82')) return { phone: null, status: 'invalid' };
    // `+82 010-1234-5678`, `+82 (0)10-…`: the trunk 0 is already written after the country code; adding
    // another made `001012345678`, a different number.
    const national = digits.slice(2);
    digits = national.startsWith('0') ? national : `0${national}`;
  }
  if (digits.length === 10 && digits.startsWith('10')) return { phone: formatMobile(`0${digits}`), status: 'repaired' };
  if (digits.length === 11 && digits.startsWith('010')) return { phone: formatMobile(digits), status: 'reformatted' };
  // Landlines and older mobiles; the trunk 0 (or a 15xx/16xx/18xx service number) must be written.
  if (!/^0|^1[568]\d\d/.test(digits)) return { phone: null, status: 'invalid' };
  const parsed = parsePhoneNumberFromString(digits, 'KR');
  if (!parsed?.isValid()) return { phone: null, status: 'invalid' };
  const national = parsed.formatNational();
  if (national.replace(/\D/g, '') !== digits) return { phone: null, status: 'invalid' };
  return { phone: national, status: national === raw ? 'valid' : 'reformatted' };
}

function formatMobile(digits: string): string {
  return `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
}
