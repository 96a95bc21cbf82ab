// Cell text as the ledgers write it → text we store: Unicode NFC (macOS Excel can write decomposed
// jamo), no surrounding spaces or tabs, runs of spaces collapsed, empty → null. Line breaks inside a
// cell (`M/D 1차컨택\nM/D 문자보냄`) are kept by `cleanMultiline`.

export function cleanText(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const text = raw.normalize('NFC').replace(/[\s\u00a0]+/g, ' ').trim();
  return text === '' ? null : text;
}

export function cleanMultiline(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const text = raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? null : text;
}
