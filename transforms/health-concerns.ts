// 호소문제 (what the customer came for): comma-separated symptoms with uneven spacing, sometimes on
// several lines: `어깨 통증, 만성피로` and `어깨통증,만성피로` are the same two interests.

export function splitHealthConcerns(text: string | null): string[] {
  if (!text) return [];
  const seen = new Set<string>();
  for (const part of text.split(/[,，/\n·]+/)) {
    const interest = part.normalize('NFC').replace(/\s+/g, '');
    if (interest) seen.add(interest);
  }
  return [...seen];
}
