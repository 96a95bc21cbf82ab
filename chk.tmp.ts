import { writeDistinctLedger } from './test/helpers/distinct-ledger.ts';
import { openBenchServer } from './bench/bench-server.ts';
import { runCli } from './bench/run-cli.ts';
const server = await openBenchServer({ prefix: 'scratch_' });
try {
  for (const rows of [30_000, 300_000]) {
    let t = performance.now();
    await writeDistinctLedger(`/tmp/distinct-${rows}.csv`, rows);
    console.log('write', rows, ((performance.now() - t) / 1000).toFixed(1));
    for (const cap of process.argv.slice(2)) {
      const db = await server.freshDatabase('mem');
      const r = await runCli(['customers', '--file', `/tmp/distinct-${rows}.csv`, '--json', '--quiet'], db, { reportsDir: '/tmp/memreports', nodeFlags: cap === '0' ? [] : [`--max-old-space-size=${cap}`], check: false });
      console.log(rows, cap, r.code, r.seconds.toFixed(1), r.report?.process, r.report?.sources.customers.merge, r.code ? r.stderr.slice(-500) : '');
    }
  }
} finally { await server.dropDatabase('mem'); await server.stop(); }
