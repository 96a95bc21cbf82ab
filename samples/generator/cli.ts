// `npm run samples:generate` rewrites the committed samples from their seeds (the files in samples/
// must come out byte for byte the same). `npm run samples:generate -- --source customers --rows N
// --encoding cp949|utf-8 --out PATH [--seed S]` writes a larger ledger of the same shape, streamed.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Random } from './random.ts';
import { CUSTOMER_HEADER, CUSTOMER_RAW_HEADER, generateCustomerBlock, type CustomerRow } from './customers.ts';
import { csvRow, encodeSample, writeSample, type SampleEncoding } from './write-csv.ts';
import { excelSerial } from './excel.ts';
import { writeLeadSample } from './leads.ts';
import { writeKitSample } from './kits.ts';
import { generateLargeUsageSheets, generateUsageSheets } from './sessions.ts';
import { generatePaymentSheets } from './payments.ts';
import { generateRevenueSummary } from './revenue.ts';

export const SAMPLES_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const CUSTOMER_SEED = 950;

export function sampleCustomers(): CustomerRow[] {
  return generateCustomerBlock(new Random(CUSTOMER_SEED), { size: 950, firstNumber: 1 });
}

/** The raw sheet dump: title row, blank row, header on sheet row 3, an empty first column, serial dates. */
export function rawSheetRows(rows: readonly CustomerRow[]): string[][] {
  const width = CUSTOMER_RAW_HEADER.length + 1;
  const blank = Array<string>(width).fill('');
  const title = [...blank];
  title[1] = '(전체) 고객관리대장';
  return [
    title,
    blank,
    ['', ...CUSTOMER_RAW_HEADER],
    ...rows.map((r) => ['', ...r.cells.map((cell, i) => (i === 1 && r.visit ? String(excelSerial(r.visit)) : cell))]),
  ];
}

export function generateAll(dir = SAMPLES_DIR): string[] {
  const customers = sampleCustomers();
  const written = [join(dir, '고객관리대장_전체고객.csv'), join(dir, 'variants', '고객관리대장_전체고객_원본시트.csv')];
  writeSample(written[0]!, [[...CUSTOMER_HEADER], ...customers.map((r) => r.cells)], 'utf-8-bom');
  writeSample(written[1]!, rawSheetRows(customers), 'cp949');
  written.push(writeLeadSample(dir, customers));
  written.push(writeKitSample(dir, customers));
  written.push(...generateUsageSheets(dir, customers));
  const payments = generatePaymentSheets(dir, customers);
  written.push(...payments.files);
  written.push(generateRevenueSummary(dir, payments.payments));
  return written;
}

/** A large customer ledger, generated and written block by block so memory stays flat. */
export async function generateLargeCustomers(out: string, rows: number, encoding: SampleEncoding, seed: number): Promise<void> {
  const rng = new Random(seed);
  const stream = createWriteStream(out);
  const write = async (text: string, first: boolean) => {
    const bytes = encodeSample(text, first && encoding === 'utf-8-bom' ? 'utf-8-bom' : encoding === 'cp949' ? 'cp949' : 'utf-8');
    if (!stream.write(bytes)) await once(stream, 'drain');
  };
  await write(csvRow([...CUSTOMER_HEADER]) + '\r\n', true);
  const blockSize = 9500;
  for (let done = 0; done < rows; done += blockSize) {
    const size = Math.min(blockSize, rows - done);
    const block = generateCustomerBlock(rng, { size, firstNumber: done + 1 + Math.floor(done / 950) });
    await write(block.map((r) => csvRow(r.cells)).join('\r\n') + '\r\n', false);
  }
  stream.end();
  await once(stream, 'finish');
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { source: { type: 'string' }, rows: { type: 'string' }, encoding: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } },
  });
  if (!values.source) {
    for (const file of generateAll()) process.stdout.write(`wrote ${file}\n`);
    return;
  }
  const rows = Number(values.rows ?? 1000);
  const encoding = (values.encoding === 'utf-8' ? 'utf-8-bom' : (values.encoding ?? 'cp949')) as SampleEncoding;
  if (!values.out) throw new Error('--out PATH is required with --source');
  const seed = Number(values.seed ?? 1);
  if (values.source === 'customers') await generateLargeCustomers(resolve(values.out), rows, encoding, seed);
  else if (values.source === 'sessions') {
    // A folder of monthly sheets (the source reads a folder), naming the sample customers.
    const files = generateLargeUsageSheets(resolve(values.out), sampleCustomers(), rows, encoding === 'utf-8-bom' ? 'utf-8-bom' : 'cp949', seed);
    process.stdout.write(`wrote ${files.length} monthly sheets\n`);
  } else throw new Error(`--source ${values.source}: customers or sessions`);
  process.stdout.write(`wrote ${rows} ${values.source} rows (${encoding}) to ${values.out}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  });
}
