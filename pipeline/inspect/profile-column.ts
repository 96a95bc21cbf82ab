// One column's profile in bounded memory: empty and distinct counts, top values, for phone and date
// columns how many values take each recognized form, with a few masked examples of what does not parse, and
// for a column the load parses, how many cells each repair recovered (cell-repairs.ts), with masked examples.

import type { CellReader, ColumnKind } from '../read/header.ts';
import { normalizePhone } from '../../transforms/normalize-phone.ts';
import { parseDate } from '../../transforms/parse-date.ts';
import { maskPhoneCell, maskPhonesInText } from '../../transforms/mask-phone.ts';
import { cellRepairs } from './cell-repairs.ts';

/** Distinct values tracked exactly up to this many; beyond it the count is a lower bound. */
const DISTINCT_LIMIT = 10_000;
const TOP = 5;
const EXAMPLES = 3;

export interface ColumnProfile {
  label: string;
  key: string | null;
  kind: ColumnKind | null;
  values: number;
  empty: number;
  distinct: number;
  distinctIsLowerBound: boolean;
  top: { value: string; count: number }[];
  /** Phone statuses or date forms → count; `unparsed` for values in no known form. */
  forms?: Record<string, number>;
  unparsedExamples?: string[];
  /**
   * Per repair (`full-width`, `dash`, `label`, `leading-zero`, `ampm-time` …): the cells the load reads only
   * after it, with up to three masked examples. Absent for a column the load does not parse.
   */
  repaired?: Record<string, { cells: number; examples: string[] }>;
}

export class ColumnProfiler {
  private values = 0;
  private empty = 0;
  private counts = new Map<string, number>();
  private overflow = false;
  private forms: Record<string, number> = {};
  private examples: string[] = [];
  private repaired: Record<string, { cells: number; examples: string[] }> = {};

  constructor(
    readonly label: string,
    readonly key: string | null,
    public kind: ColumnKind | null,
    /** The load's date bounds, so a future date is reported as the load will treat it. */
    readonly bounds: { today?: string; earliest?: string },
    /** The rule the load reads the cells with; null for free text. */
    public reader: CellReader | null = null,
  ) {}

  add(raw: string): void {
    this.values++;
    const value = raw.trim();
    if (value === '') {
      this.empty++;
      return;
    }
    const seen = this.counts.get(value);
    if (seen !== undefined) this.counts.set(value, seen + 1);
    else if (this.counts.size < DISTINCT_LIMIT) this.counts.set(value, 1);
    else this.overflow = true;
    if (this.reader) this.repairs(this.reader, raw);
    if (this.kind === 'phone') this.form(normalizePhone(raw).status, raw, (s) => s === 'invalid');
    else if (this.kind === 'date') {
      const date = parseDate(raw, this.bounds);
      this.form(date.issue ?? date.form ?? 'unparsed', raw, () => date.date === null);
    }
  }

  private form(form: string, raw: string, unparsed: (form: string) => boolean): void {
    this.forms[form] = (this.forms[form] ?? 0) + 1;
    if (unparsed(form) && this.examples.length < EXAMPLES) this.examples.push(this.mask(raw));
  }

  private repairs(reader: CellReader, raw: string): void {
    const { read, repairs } = cellRepairs(reader, raw);
    if (!read) return;
    for (const repair of repairs) {
      const entry = (this.repaired[repair] ??= { cells: 0, examples: [] });
      entry.cells++;
      if (entry.examples.length < EXAMPLES) entry.examples.push(this.mask(raw));
    }
  }

  /** A phone column's cell has every long run of digits masked (`212345678` too); other cells their phones. */
  private mask(raw: string): string {
    return this.kind === 'phone' || this.reader === 'phone' ? maskPhoneCell(raw) : maskPhonesInText(raw);
  }

  result(): ColumnProfile {
    const top = [...this.counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, TOP)
      .map(([value, count]) => ({ value: this.mask(value), count }));
    const profile: ColumnProfile = {
      label: this.label,
      key: this.key,
      kind: this.kind,
      values: this.values,
      empty: this.empty,
      distinct: this.counts.size,
      distinctIsLowerBound: this.overflow,
      top,
    };
    if (this.kind === 'phone' || this.kind === 'date') {
      profile.forms = this.forms;
      profile.unparsedExamples = this.examples;
    }
    if (this.reader) profile.repaired = this.repaired;
    return profile;
  }
}

/** For a column of an unknown file: a kind when most non-empty values read as phones or dates. */
export function guessKind(samples: readonly string[]): ColumnKind | null {
  const filled = samples.map((s) => s.trim()).filter(Boolean);
  if (filled.length < 3) return null;
  const phones = filled.filter((v) => normalizePhone(v).phone !== null).length;
  if (phones / filled.length >= 0.6) return 'phone';
  const dates = filled.filter((v) => parseDate(v).date !== null && !/^\d+$/.test(v)).length;
  if (dates / filled.length >= 0.6) return 'date';
  return null;
}
