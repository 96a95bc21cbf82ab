// Birth years written beside a name or in the notes: `85년생` → 1985, `1985년생` → 1985, `03년생` → 2003.
// A two-digit year later than this year's two digits belongs to the 1900s.

const BIRTH_YEAR = /(?:^|[^\d])(\d{4}|\d{2})\s*년\s*생/;

export function extractBirthYear(text: string | null | undefined, currentYear: number): number | null {
  if (!text) return null;
  const m = BIRTH_YEAR.exec(text);
  if (!m) return null;
  const digits = m[1]!;
  const year = digits.length === 4 ? Number(digits) : toFourDigitYear(Number(digits), currentYear);
  return year >= 1900 && year <= currentYear ? year : null;
}

function toFourDigitYear(yy: number, currentYear: number): number {
  return yy <= currentYear % 100 ? 2000 + yy : 1900 + yy;
}
