// Phones never reach a log, summary or report in full: `010-1234-5678` → `010-****-5678`.
// Only the area/mobile prefix and the last four digits stay; free text is masked wherever a run of
// digits looks like a phone (`비고: 010.1234.5678 딸 번호` → `비고: 010.****.5678 딸 번호`).

// Mobiles with or without the lost 0 or +82 (`010-1234-5678`, `1012345678`, `0101234-5678`, `010.1234.5678`,
// `010-1234-56789`) and landlines (`02-123-4567`, `031.123.4567`). Groups are separated twice or not at
// all (or by the ledgers' dash forms), so a decimal (`10.46857484` seconds in a JSON report), a date
// (`20261126`), a serial or an amount is never taken for a phone.
const MOBILE = String.raw`(?:\+82[ -]?)?0?1[016789](?:\d{7,9}|[ .-]\d{3,4}[ .-]\d{4,5}|\d{3,4}-\d{4}|-\d{7,8})`;
const LANDLINE = String.raw`0(?:2|[3-6][1-5]|70)(?:[ .)-]\d{3,4}[ .-]\d{4}|\d{7,8})`;
const PHONE_LIKE = new RegExp(String.raw`(?<![\d.])(?:${MOBILE}|${LANDLINE})(?!\.?\d)`, 'g');

export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const digitCount = phone.replace(/\D/g, '').length;
  const prefix = /^\s*(0\d{1,2})[\s\-.]/.exec(phone);
  const keepHead = prefix ? prefix[0].length : 0;
  let seen = 0;
  let out = '';
  for (let i = 0; i < phone.length; i++) {
    const c = phone[i]!;
    if (c >= '0' && c <= '9') {
      seen++;
      out += i < keepHead || seen > digitCount - 4 ? c : '*';
    } else out += c;
  }
  return out;
}

export function maskPhonesInText(text: string | null | undefined): string {
  if (!text) return '';
  return text.replace(PHONE_LIKE, maskPhone);
}
