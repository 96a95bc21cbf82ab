// Phones never reach a log, summary or report in full: `010-1234-5678` → `010-****-5678`.
// Only the area/mobile prefix and the last four digits stay; free text is masked wherever a run of
// digits looks like a phone (`비고: 010.1234.5678 딸 번호` → `비고: 010.****.5678 딸 번호`).

// A phone typed with full-width digits or dash look-alikes (`０１０－１２３４－５６７８`, `010–1234–5678`,
// `010·1234·5678`) is found too: the text is matched through a fold that keeps every character's place, and the
// number is masked as ASCII (`010-****-5678`).

// Mobiles with or without the lost 0 or +82 (`010-1234-5678`, `1012345678`, `0101234-5678`, `010.1234.5678`,
// `010-1234-56789`) and landlines (`02-123-4567`, `031.123.4567`). Groups are separated twice or not at
// all (or by the ledgers' dash forms), so a decimal (`10.46857484` seconds in a JSON report), a date
// (`20261126`), a serial or an amount is never taken for a phone.
const MOBILE = String.raw`(?:\+82[ -]?)?0?1[016789](?:\d{7,9}|[ .-]\d{3,4}[ .-]\d{4,5}|\d{3,4}-\d{4}|-\d{7,8})`;
const LANDLINE = String.raw`0(?:2|[3-6][1-5]|70)(?:[ .)-]\d{3,4}[ .-]\d{4}|\d{7,8})`;
// Not followed by more digits, nor by decimals other than Excel's `.0` (`1012345678.0` is a phone held as a number).
const PHONE_LIKE = new RegExp(String.raw`(?<![\d.])(?:${MOBILE}|${LANDLINE})(?!\d|\.\d*[1-9])`, 'g');

/** Characters the matching fold changes: full-width digits, dash look-alikes, middle dots, odd spaces. */
const FOLDABLE = /[\uff10-\uff19\u2010-\u2015\u2212\ufe63\uff0d\u00b7\u318d\u2027\u2219\u30fb\u3161\u00a0\u3000]/;

export function maskPhone(written: string | null | undefined): string {
  if (!written) return '';
  const phone = FOLDABLE.test(written) ? foldInPlace(written) : written;
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
  if (!FOLDABLE.test(text)) return text.replace(PHONE_LIKE, maskPhone);
  const folded = foldInPlace(text);
  let out = '';
  let last = 0;
  for (const m of folded.matchAll(PHONE_LIKE)) {
    out += text.slice(last, m.index) + maskPhone(m[0]);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

/**
 * A phone cell as inspect shows it: every run of 7 digits or more masked as a phone, whatever it looks like
 * (`212345678`, a Seoul number whose 0 Excel dropped, is no phone to maskPhonesInText, which must leave amounts alone).
 */
export function maskPhoneCell(text: string | null | undefined): string {
  if (!text) return '';
  const folded = foldInPlace(text);
  let out = '';
  let last = 0;
  for (const m of folded.matchAll(/\+?\d[\d\s\-.()]*\d/g)) {
    if (m[0].replace(/\D/g, '').length < 7) continue;
    out += text.slice(last, m.index) + maskPhone(m[0]);
    last = m.index + m[0].length;
  }
  return maskPhonesInText(out + text.slice(last));
}

/** The same text, one UTF-16 unit for one: `０`–`９` → `0`–`9`, dashes → `-`, middle dots → `.`, odd spaces → ` `. */
function foldInPlace(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(c - 0xff10 + 0x30);
    else if ((c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xfe63 || c === 0xff0d) out += '-';
    else if (c === 0xb7 || c === 0x318d || c === 0x2027 || c === 0x2219 || c === 0x30fb || c === 0x3161) out += '.';
    else if (c === 0xa0 || c === 0x3000) out += ' ';
    else out += text[i];
  }
  return out;
}
