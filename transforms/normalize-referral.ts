// How a customer found the center (방문경로). Trimmed (`당근 ` → `당근`); a sub-channel in parentheses is
// kept apart (`검색(화이트태닝)` → 검색 + 화이트태닝, `유튜브(채널명)` → 유튜브 + 채널명); a referral that names
// someone becomes 지인소개 with the name as detail (`김민지님 소개` → 지인소개 + 김민지님).

import { cleanText } from './clean-text.ts';

export interface Referral {
  source: string | null;
  detail: string | null;
}

const SUB_CHANNEL = /^([^()（）]+?)\s*[(（]([^()（）]*)[)）]\s*$/;
const NAMED_REFERRAL = /^(.+?님)\s*(?:의\s*)?(?:소개|추천)$/;

export function normalizeReferral(raw: string | undefined): Referral {
  const text = cleanText(raw);
  if (text === null) return { source: null, detail: null };
  const named = NAMED_REFERRAL.exec(text);
  if (named) return { source: '지인소개', detail: named[1]!.trim() };
  const sub = SUB_CHANNEL.exec(text);
  if (sub) return { source: sub[1]!.trim(), detail: cleanText(sub[2]) };
  return { source: text, detail: null };
}
