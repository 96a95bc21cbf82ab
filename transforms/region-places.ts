// The places a region names, for telling whether a lead and a customer live in the same area:
// `서울 강서구 화곡동` → 강서, 화곡; `강서 방화동` → 강서, 방화; `인천 부평구` → 부평 (provinces left out).
// Twin of pg_temp.region_places in pipeline/sources/leads.merge.sql, which decides the real links;
// inspect's prediction uses this one, and test/pipeline/inspect holds the two to the same answers.

const SUFFIX = /(특별자치시|특별자치도|특별시|광역시|시|군|구|읍|면|동)$/;
const PROVINCES = new Set(['서울', '부산', '대구', '인천', '광주', '대전', '울산', '세종', '경기', '경기도', '강원', '강원도', '충북', '충남', '전북', '전남', '경북', '경남', '제주', '제주도']);

export function regionPlaces(region: string | null): Set<string> {
  const places = new Set<string>();
  for (const word of (region ?? '').split(/[\s,/()]+/)) {
    const place = word.replace(SUFFIX, '');
    if (place !== '' && !PROVINCES.has(place)) places.add(place);
  }
  return places;
}

export function sharePlace(a: string | null, b: string | null): boolean {
  const mine = regionPlaces(a);
  for (const place of regionPlaces(b)) if (mine.has(place)) return true;
  return false;
}
