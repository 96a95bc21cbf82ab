// The HTML run report in a real browser (Debian's chromium through playwright-core): it opens offline
// with no console errors, its funnel numbers are report.json's, and no phone number shows unmasked.

import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/embedded-server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/load.ts';

const CHROMIUM = '/usr/bin/chromium';
const UNMASKED_PHONE = /(?<!\d)(?:01[016789]-?\d{3,4}-?\d{4}|10\d{8})(?!\d)/;

describe('HTML run report', () => {
  let db: TestDatabase;
  let browser: Browser;
  let reports: string;
  beforeAll(async () => {
    expect(existsSync(CHROMIUM), 'Debian chromium is needed: apt-get install chromium (.ci/run does)').toBe(true);
    db = await createTestDatabase({ migrated: false });
    reports = tempDir('aibio-html-');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await db?.drop();
  });

  async function runAndOpen() {
    const reportPath = join(tempDir(), 'report.json');
    const result = await runCli(['all', '--reports-dir', reports, '--report', reportPath], { DATABASE_URL: db.url });
    expect(result.code).toBe(0);
    const json = JSON.parse(readFileSync(reportPath, 'utf8'));
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${join(reports, json.runId, 'index.html')}`);
    return { json, page, problems, requests };
  }

  it('opens offline without console errors, shows report.json funnel numbers, masks every phone', async () => {
    const { json, page, problems, requests } = await runAndOpen();
    expect(problems).toEqual([]);
    expect(requests.every((url) => url.startsWith('file://'))).toBe(true);
    for (const [name, s] of Object.entries<Record<string, any>>(json.sources)) {
      const expected = {
        read: s.rowsRead,
        loaded: (s.merge.inserted ?? 0) + (s.merge.updated ?? 0) + (s.merge.unchanged ?? 0),
        merged: s.merge.duplicates ?? 0,
        review: s.merge.review ?? 0,
        rejected: s.rejected,
        skipped: s.skipped,
      };
      for (const [count, value] of Object.entries(expected)) {
        const text = await page.locator(`#funnel tr[data-source="${name}"] td[data-count="${count}"]`).innerText();
        expect(Number(text.replace(/,/g, '')), `${name} ${count}`).toBe(value);
      }
    }
    const text = await page.locator('body').innerText();
    expect(text).toContain('행 흐름');
    expect(text).toContain(`통계 · statistics as of ${json.statistics.asOf}`);
    expect(text).not.toMatch(UNMASKED_PHONE);
    expect(readFileSync(join(reports, json.runId, 'index.html'), 'utf8')).not.toMatch(UNMASKED_PHONE);
    const shot = join(PROJECT_ROOT, 'reports', 'screenshots');
    execFileSync('mkdir', ['-p', shot]);
    await page.screenshot({ path: join(shot, 'run-report.png'), fullPage: true });
    // Korean needs a Hangul font on the machine; without one the screenshot shows boxes.
    expect(execFileSync('fc-list', [':lang=ko']).toString().trim(), 'no Hangul font installed: apt-get install fonts-nanum').not.toBe('');
    await page.close();
  });

  it('links the previous run and lists what changed since it', async () => {
    const { json, page } = await runAndOpen();
    expect(json.previousRunId).toBeTruthy();
    await expect(page.locator(`a[href="../${json.previousRunId}/index.html"]`).count()).resolves.toBe(1);
    const text = await page.locator('body').innerText();
    // The second load of the same files: every customer moves from inserted to unchanged, counts the same.
    expect(text).toContain('no differences in the counts');
    await page.close();
  });
});
