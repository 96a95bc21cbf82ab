// Writing CSV for people: quoted where needed, UTF-8 with a byte-order mark so Korean Excel opens it,
// and no cell that Excel would run as a formula (CSV injection).

export const UTF8_BOM = '\ufeff';

/** Cells Excel would run as a formula: `=HYPERLINK(…)`, `+82 10-1234-5678`, `@SUM(A1)`, `-1+2`. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** …except plain numbers (`-550,000`), which Excel reads as numbers, not formulas. */
const PLAIN_NUMBER = /^[+-]?[\d,.]+$/;

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A leading ' keeps formula text as text when the file is opened in Excel (the database keeps it exact).
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The cell as it was before csvField guarded it: `'=합계` → `=합계` (a file written here, read back). */
export function unguardCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
