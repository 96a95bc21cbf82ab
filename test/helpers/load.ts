// Runs the pipeline in-process against a test database, with reports in a temporary folder.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline, type RunOptions } from '../../pipeline/run.ts';
import type { SourceDefinition } from '../../pipeline/source.ts';
import type { TestDatabase } from './db.ts';

export function tempDir(prefix = 'aibio-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function load(db: TestDatabase, source: SourceDefinition, files: string | readonly string[], options: Partial<RunOptions> = {}) {
  return runPipeline({
    command: `test ${source.name}`,
    sources: [source],
    inputs: new Map([[source.name, typeof files === 'string' ? [files] : files]]),
    env: { DATABASE_URL: db.url },
    reportsDir: tempDir('aibio-reports-'),
    ...options,
  });
}
