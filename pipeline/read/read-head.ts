// The first records of a CSV, read with the load's own reader (decode → parse) and no further: enough to
// find a header and say which ledger a file is, without reading a 300 MB file to the end.

import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { checkReadable } from './input-file.ts';
import { DecodeStream, type EncodingChoice } from './decode.ts';
import { CsvParseStream, type CsvRecord } from './parse-csv.ts';
import { HEADER_SEARCH_ROWS } from './header.ts';

/** Throws the load's own EtlError (FILE_EMPTY, DECODE_INVALID_BYTES …) for a file it cannot read. */
export async function readHeadRecords(file: string, encoding: EncodingChoice = 'auto', limit = HEADER_SEARCH_ROWS): Promise<CsvRecord[]> {
  checkReadable(file);
  const records: CsvRecord[] = [];
  const stop = new AbortController();
  try {
    await pipeline(
      createReadStream(file, { highWaterMark: 64 * 1024 }),
      new DecodeStream({ file, encoding }),
      new CsvParseStream(file),
      async function (batches: AsyncIterable<CsvRecord[]>) {
        for await (const batch of batches) {
          for (const record of batch) {
            records.push(record);
            if (records.length >= limit) {
              stop.abort(); // enough: the rest of the file is not read
              return;
            }
          }
        }
      },
      { signal: stop.signal },
    );
  } catch (error) {
    if (!stop.signal.aborted) throw error;
  }
  return records;
}
