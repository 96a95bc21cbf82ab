// One spelling per place. The ledger writes the same district as `서울시 강서구`, `서울 강서구`,
// `서울시강서구`, `서울특별시 강서구`: all become `서울 강서구`. A province prefix is shortened
// (`경기도 고양시` → `경기 고양시`); a city or district alone (`부천시`, `강서구`, `일산`) is kept as written,
// because guessing its province would be a guess (강서구 is in Seoul and in Busan).

import { cleanText } from './clean-text.ts';

const PROVINCES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^서울(?:특별시|시)?/, '서울'],
  [/^부산(?:광역시|시)?/, '부산'],
  [/^대구(?:광역시|시)?/, '대구'],
  [/^인천(?:광역시|시)?/, '인천'],
  [/^광주(?:광역시)/, '광주'],
  [/^대전(?:광역시|시)?/, '대전'],
  [/^울산(?:광역시|시)?/, '울산'],
  [/^세종(?:특별자치시|시)?/, '세종'],
  [/^경기(?:도)?/, '경기'],
  [/^강원(?:특별자치도|도)?/, '강원'],
  [/^충(?:청)?북(?:도)?/, '충북'],
  [/^충(?:청)?남(?:도)?/, '충남'],
  [/^전(?:라)?북(?:특별자치도|도)?/, '전북'],
  [/^전(?:라)?남(?:도)?/, '전남'],
  [/^경(?:상)?북(?:도)?/, '경북'],
  [/^경(?:상)?남(?:도)?/, '경남'],
  [/^제주(?:특별자치도|도)?/, '제주'],
];

const SEOUL_DISTRICTS = [
  '강남구', '강동구', '강북구', '강서구', '관악구', '광진구', '구로구', '금천구', '노원구', '도봉구', '동대문구', '동작구', '마포구',
  '서대문구', '서초구', '성동구', '성북구', '송파구', '양천구', '영등포구', '용산구', '은평구', '종로구', '중구', '중랑구',
];

/** `서울시강서구`: the rest must begin with a real district, so `서울대입구` is not 서울 + 대입구. */
function startsWithDistrict(province: string, rest: string): boolean {
  if (province === '서울') return SEOUL_DISTRICTS.some((d) => rest.startsWith(d));
  return /^[가-힣]{1,4}(?:시|군|구)(?:\s|$)/.test(rest);
}

export function normalizeRegion(raw: string | undefined): string | null {
  const text = cleanText(raw);
  if (text === null) return null;
  for (const [pattern, short] of PROVINCES) {
    const m = pattern.exec(text);
    if (!m) continue;
    const rest = text.slice(m[0].length).trim();
    // `서울시강서구` and `서울 강서구` alike; but `서울대입구` is not 서울 + 대입구.
    if (rest === '') return short;
    if (text[m[0].length] === ' ' || startsWithDistrict(short, rest)) return `${short} ${rest}`;
    return text;
  }
  return text;
}
