// Free text kept exactly as the ledger wrote it (비고: `1,536,000 결제\n  9회 남음 `): only Unicode NFC is
// applied (macOS Excel writes decomposed jamo, `ᄒ ᅡ ᆫ` → `한`), so tabs, line breaks, lone CRs, spaces,
// quotes, backslashes and formula text (`=HYPERLINK(…)`) survive byte for byte. A cell holding nothing
// but whitespace is no text at all: null.

export function keepText(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const text = raw.normalize('NFC');
  return /^\s*$/.test(text) ? null : text;
}
