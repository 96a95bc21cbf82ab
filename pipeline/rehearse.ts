// `npm run pipeline:all -- --rehearse`: the plan's "스테이징 환경에서 먼저 테스트", on a copy. The target
// database is dumped (pg_dump reads one snapshot and takes no lock the app would wait on) into a scratch
// database — on the same server when we may create one there, else on a throwaway embedded server — and
// the whole migration and load run there: migrations, adoptions, conflicts, review, counts, verification,
// in a report like any run's. The copy is dropped at the end. The target is never written.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { EtlError } from './errors.ts';
import { connect, maskUrl, openDatabase, withClient } from './database.ts';
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server.ts';
import { findPgTool, runPgTool, serverMajor } from './backup/pg-tools.ts';
import { newRunId, runPipeline, type RunOptions } from './run.ts';
import type { RunReport } from '../sinks/run-report.ts';

/** Major version of the embedded server (the package's binaries), for a copy the target's server cannot hold. */
const EMBEDDED_MAJOR = 15;

interface ScratchDatabase {
  url: string;
  where: 'same server' | 'embedded server';
  drop(): Promise<void>;
}

/** Runs `options` (a pipeline:all) against a copy of the database DATABASE_URL names (or the embedded one). */
export async function rehearse(options: Omit<RunOptions, 'env' | 'migrateFirst' | 'dryRun'> & { env?: NodeJS.ProcessEnv }): Promise<RunReport> {
  const env = options.env ?? process.env;
  const target = await openDatabase(env);
  const work = mkdtempSync(join(tmpdir(), 'aibio-rehearsal-'));
  let scratch: ScratchDatabase | undefined;
  try {
    const client = await connect(target.url);
    let major: number;
    try {
      major = await serverMajor(client);
    } finally {
      await client.end();
    }
    const [pgDump, pgRestore] = [await findPgTool('pg_dump', major, env), await findPgTool('pg_restore', major, env)];
    if (!pgDump || !pgRestore) {
      throw new EtlError('BACKUP_TOOL_FAILED', `a rehearsal copies the database with pg_dump and pg_restore of PostgreSQL ${major}, and ${!pgDump ? 'pg_dump' : 'pg_restore'} ${major} is not installed (AIBIO_PG_BIN, /usr/lib/postgresql/${major}/bin, PATH)`, {
        hint: `install the PostgreSQL ${major} client tools (Debian: apt-get install postgresql-client-${major}), or rehearse in one rolled-back transaction with --dry-run`,
      });
    }
    const dump = join(work, 'target.dump');
    await runPgTool(pgDump, ['--format=custom', `--file=${dump}`, '--no-owner', '--no-privileges'], target.url, env);
    scratch = await createScratch(target.url, major, work, options.now ?? new Date());
    await runPgTool(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', dump], scratch.url, env);
    return await runPipeline({
      ...options,
      env: { ...env, DATABASE_URL: scratch.url },
      migrateFirst: true,
      dryRun: false,
      rehearsal: { target: maskUrl(target.url), copy: `${maskUrl(scratch.url)} on the ${scratch.where}` },
    });
  } finally {
    await scratch?.drop().catch(() => {});
    await target.close().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  }
}

/** A new empty database on the target's server, or on an embedded server of our own when we may not create one there. */
async function createScratch(targetUrl: string, major: number, work: string, now: Date): Promise<ScratchDatabase> {
  const name = `aibio_rehearsal_${newRunId(now).toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
  const created = await withClient(targetUrl, (c: pg.Client) => c.query(`CREATE DATABASE ${name}`))
    .then(() => true)
    .catch((error: { code?: string }) => {
      // 42501: no CREATEDB privilege on the center's server
      if (error.code === '42501') return false;
      throw error;
    });
  if (created) {
    const url = new URL(targetUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      where: 'same server',
      drop: () => withClient(targetUrl, (c: pg.Client) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
    };
  }
  if (major !== EMBEDDED_MAJOR) {
    throw new EtlError('BACKUP_TOOL_FAILED', `this user may not create a database on ${maskUrl(targetUrl)}, and the embedded server (PostgreSQL ${EMBEDDED_MAJOR}) cannot hold a copy of a PostgreSQL ${major} database`, {
      hint: 'grant CREATEDB to the user for the rehearsal (ALTER ROLE … CREATEDB), or rehearse on a copy you make yourself',
    });
  }
  const server: EmbeddedServer = await startEmbeddedServer({ dataDir: join(work, 'pg'), database: name });
  return { url: server.url, where: 'embedded server', drop: () => server.stop() };
}
