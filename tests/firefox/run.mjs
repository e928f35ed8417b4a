// The panel in Firefox: the same wasm and the same page, run on Firefox's
// engine (SpiderMonkey) through fake.js, since no tool drives Firefox's own
// DevTools. What it proves: the module loads and runs there, traffic is
// listed and judged, a finding opens, a HAR file imports, and the theme is
// worn. The Firefox half of extension/shim/chrome.js is not reached.
//
//   node tests/firefox/run.mjs        (./build.sh test runs it)
//
// Needs pkg/ (./build.sh) and Debian's firefox-esr ($FIREFOX to use another).
// Prints one line per check and `N passed, N failed`.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startServer } from '../bench/server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const CASE = '/tests/fixtures/cases/token-expired-401.har';
const WAIT_MS = 20_000;

const panelUrl = (origin, params) => `${origin}/extension/panel.html?${new URLSearchParams({
  fake: '1', interval: '10', ...params,
})}`;

async function rowTexts(page) {
  return page.$$eval('[data-testid=request-row]:not([hidden])', (rows) => rows.map((row) =>
    `${row.querySelector('[data-testid=row-path]').textContent} `
    + `${row.querySelector('[data-testid=row-status]').textContent}`));
}

const checks = [
  {
    name: 'recorded traffic is listed and judged, and a finding opens',
    async run(page, origin) {
      await page.goto(panelUrl(origin, { har: CASE }));
      await page.waitForFunction(() => document.querySelectorAll(
        '[data-testid=request-row][data-severity=error]').length > 0, { timeout: WAIT_MS });
      const rows = await rowTexts(page);
      assert.ok(rows.some((r) => r.endsWith(' 401')), `rows: ${rows.join(' | ')}`);

      await page.click('[data-testid=request-row][data-severity=error]');
      await page.waitForSelector('[data-testid=detail-findings] [data-testid=finding]',
        { timeout: WAIT_MS });
      const finding = await page.$eval('[data-testid=detail-findings]', (e) => e.textContent);
      assert.match(finding, /token/i);
    },
  },
  {
    name: 'a HAR file imports through the file input',
    async run(page, origin) {
      await page.goto(panelUrl(origin, { har: CASE }));
      // The input is in the page's HTML before the wasm listens to it: on a
      // loaded machine a file chosen at once was never read. The replayed
      // traffic's rows show that the panel runs.
      await page.waitForFunction(() => document.querySelectorAll(
        '[data-testid=request-row]').length > 0, { timeout: WAIT_MS });
      const input = await page.waitForSelector('[data-testid=import-input]');
      await input.uploadFile(`${ROOT}${CASE}`);
      const summary = await page.waitForFunction(() => {
        const text = document.querySelector('[data-testid=import-summary]')?.textContent;
        return text?.startsWith('Showing') ? text : null;
      }, { timeout: WAIT_MS });
      assert.match(await summary.jsonValue(), /Showing token-expired-401\.har: \d+ requests/);
    },
  },
  {
    name: "DevTools' dark theme is worn",
    async run(page, origin) {
      await page.goto(panelUrl(origin, { har: CASE, theme: 'dark' }));
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark',
        { timeout: WAIT_MS });
    },
  },
];

async function main() {
  const server = await startServer(ROOT);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
  });
  let passed = 0;
  let failed = 0;
  try {
    console.log(`${await browser.version()}, pages from ${server.origin}`);
    for (const check of checks) {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      try {
        await check.run(page, server.origin);
        assert.deepEqual(errors, [], 'errors on the page');
        console.log(`ok   ${check.name}`);
        passed += 1;
      } catch (error) {
        console.log(`FAIL ${check.name}: ${error.message}`);
        failed += 1;
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

await main();
