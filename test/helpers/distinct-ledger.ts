// A customer ledger (CP949) in which no two rows share a cell in any column a load caches or keeps: a name
// of four syllables spelled from the row number, a phone, a first visit (day and time of day), a region, a
// route naming its referrer, a file location, a note. Every cached column (transforms/memoize.ts keeps
// 4,096 answers per column) so holds more distinct values than any cache, and every row is a customer of
// its own: a load that kept something per distinct value, or per row, grows with the file.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { CUSTOMER_HEADER } from '../../samples/generator/customers.ts';
import { csvRow, encodeSample } from '../../samples/generator/write-csv.ts';

const FAMILY = '김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허남심';
const FIRST = '민서지수예하도현준유주채은다시연건우태승아윤소진영성재동혜정경선미희나가보상';
const SECOND = '준서윤우원호민연진현빈아은율린희영수경정숙미자훈석환혁규엽';
const PLACES = ['서울 강서구 화곡', '서울시 양천구 목', '경기 김포시 장기', '인천 계양구 계산', '경기도 고양시 일산'];
/** Four syllables from the row number: distinct up to FAMILY × FIRST × SECOND × FIRST rows (over a million). */
export const DISTINCT_LEDGER_LIMIT = FAMILY.length * FIRST.length * SECOND.length * FIRST.length;

export function distinctName(i: number): string {
  let k = i;
  const digit = (alphabet: string) => {
    const c = alphabet[k % alphabet.length]!;
    k = Math.floor(k / alphabet.length);
    return c;
  };
  return digit(FAMILY) + digit(FIRST) + digit(SECOND) + digit(FIRST);
}

function row(i: number): string[] {
  const name = distinctName(i);
  const day = new Date(Date.UTC(2020, 5, 1) + (i % 1800) * 86_400_000).toISOString().slice(0, 10);
  const second = Math.floor(i / 1800) % 86_400;
  const time = [Math.floor(second / 3600), Math.floor(second / 60) % 60, second % 60].map((v) => String(v).padStart(2, '0')).join(':');
  return [
    String(i + 1),
    `${day} ${time}`,
    name,
    `010-${2000 + Math.floor(i / 10_000)}-${String(i % 10_000).padStart(4, '0')}`,
    `${PLACES[i % PLACES.length]}${i}동`,
    `지인소개(${distinctName(i + 1)})`,
    '',
    '',
    `${91 + (i % 11)}-${i}`,
    i % 3 ? '' : '만성피로, 비염',
    `메모 ${i}번: 주 ${(i % 5) + 1}회 방문`,
    ['정하늘', '윤소라', '최다온', ''][i % 4]!,
  ];
}

export async function writeDistinctLedger(path: string, rows: number): Promise<void> {
  if (rows > DISTINCT_LEDGER_LIMIT) throw new Error(`at most ${DISTINCT_LEDGER_LIMIT} distinct rows`);
  const stream = createWriteStream(path);
  const write = async (text: string) => {
    if (!stream.write(encodeSample(text, 'cp949'))) await once(stream, 'drain');
  };
  await write(`${csvRow([...CUSTOMER_HEADER])}\r\n`);
  for (let start = 0; start < rows; start += 5000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + 5000); i++) lines.push(`${csvRow(row(i))}\r\n`);
    await write(lines.join(''));
  }
  stream.end();
  await once(stream, 'finish');
}
