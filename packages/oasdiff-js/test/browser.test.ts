/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core (no browser
 * download). Opens a generated report, filters it, expands an endpoint and checks what is visible.
 *
 * In CI (CI set) a missing browser FAILS this test with the install command: .ci/run installs it, so a
 * skip there would hide a broken report. Outside CI, on a machine with only Node.js and npm, the test
 * is skipped with a warning when chromium is absent (or when OASDIFF_SKIP_BROWSER=1), and vitest lists
 * it as skipped. OASDIFF_CHROMIUM overrides the path; UPDATE_SCREENSHOT=1 rewrites docs/report.png for
 * the README.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';

const executablePath = process.env.OASDIFF_CHROMIUM ?? '/usr/bin/chromium';
const skip = !process.env.CI && (process.env.OASDIFF_SKIP_BROWSER === '1' || !existsSync(executablePath));
if (skip) console.warn(`browser test skipped: ${existsSync(executablePath) ? 'OASDIFF_SKIP_BROWSER=1' : `no chromium at ${executablePath} (apt-get install -y chromium)`}; CI never skips it`);
const dir = mkdtempSync(path.join(tmpdir(), 'oasdiff-js-browser-'));
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const spec = (extra: string) => `openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      summary: List pets
      parameters:
        - {name: limit, in: query, schema: {type: integer${extra.includes('max') ? ', maximum: 50' : ''}}}
${extra.includes('owner') ? "        - {name: owner, in: query, required: true, schema: {type: string}}\n" : ''}      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
${extra.includes('stores') ? "  /stores:\n    get:\n      summary: List stores\n      responses:\n        '200': {description: OK}\n" : ''}components:
  schemas:
    Pet:
      type: object
      properties:
        id: {type: string}
${extra.includes('name') ? '        name: {type: string, description: "<i>shown as text</i>"}\n' : ''}`;

describe.skipIf(skip)('HTML report in chromium', () => {
  it('opens offline, filters by level and group, and expands an endpoint', async () => {
    if (!existsSync(executablePath)) {
      throw new Error(`chromium is not at ${executablePath}: install it (apt-get update && apt-get install -y chromium) or set OASDIFF_CHROMIUM`);
    }
    writeFileSync(path.join(dir, 'old.yaml'), spec(''));
    writeFileSync(path.join(dir, 'new.yaml'), spec('owner max stores name'));
    let html = '';
    const code = runCli(['diff', 'old.yaml', 'new.yaml', '--format', 'html', '--title', 'Pets API: old → new'], { stdout: (t) => void (html += t), stderr: () => undefined, cwd: dir });
    expect(code).toBe(0);
    const file = path.join(dir, 'report.html');
    writeFileSync(file, html);

    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    const requests: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);

    // Summary first: the verdict is the first thing after the title. Two: the new required `owner`
    // parameter, and `limit` gaining a maximum (a bound set on a request is breaking at oasdiff v1.37's level).
    await expect(page.locator('.verdict').textContent()).resolves.toBe('2 breaking changes');
    const total = await page.locator('li.change').count();
    expect(total).toBeGreaterThan(3);
    await expect(page.locator('#shown').textContent()).resolves.toBe(String(total));

    // A group with a breaking change starts open, so what breaks is seen first; the others start
    // collapsed: GET /stores (info only) shows its change once expanded.
    const owner = page.locator('li.change', { hasText: 'owner' });
    expect(await owner.isVisible()).toBe(true);
    expect(await owner.locator('.badge').textContent()).toBe('breaking');
    const storesChange = page.locator('details.subject', { hasText: 'GET /stores' }).locator('li.change').first();
    expect(await storesChange.isVisible()).toBe(false);
    await page.locator('details.subject > summary', { hasText: 'GET /stores' }).click();
    expect(await storesChange.isVisible()).toBe(true);

    // Untick info: only breaking and warning changes stay, the stores endpoint (info only) disappears.
    await page.locator('input[name=level][value=info]').uncheck();
    const visibleLevels = await page.locator('li.change:not([hidden])').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: Record<string, string> }).dataset.level));
    expect(visibleLevels.length).toBeGreaterThan(0);
    expect(visibleLevels.every((l) => l !== 'info')).toBe(true);
    expect(await page.locator('details.subject', { hasText: 'GET /stores' }).isVisible()).toBe(false);
    await expect(page.locator('#shown').textContent()).resolves.toBe(String(visibleLevels.length));

    // Group filter: schemas only, all levels again; the Pet component's change shows its description as text.
    await page.locator('input[name=level][value=info]').check();
    await page.locator('select[name=group]').selectOption('schemas');
    const groups = await page.locator('li.change:not([hidden])').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: Record<string, string> }).dataset.group));
    expect(groups.length).toBeGreaterThan(0);
    expect(new Set(groups)).toEqual(new Set(['schemas']));
    expect(await page.locator('details.subject > summary', { hasText: 'GET /pets' }).isVisible()).toBe(false);
    expect(await page.locator('i').count()).toBe(0); // spec text never becomes markup

    await page.locator('select[name=group]').selectOption('');
    if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: path.resolve(import.meta.dirname, '../docs/report.png'), fullPage: true });
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });
});
