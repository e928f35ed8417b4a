// Offline and sharing: a HAR file imported gives the same findings, a bad
// file says why and loses nothing, and every export is redacted.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  findings, pageDone, rows, selectRow, sleep, text, waitForRow,
} from './panel-lib/driver.mjs';

const CASES = fileURLToPath(new URL('../../fixtures/cases/', import.meta.url));

async function importFile(panel, path) {
  const input = await panel.$('[data-testid=import-input]');
  await input.uploadFile(path);
  await sleep(500);
}

/** Lets the browser save downloads into a fresh directory; returns it. */
async function allowDownloads(handles) {
  const dir = await mkdtemp(join(tmpdir(), 'looker-e2e-downloads-'));
  const session = await handles.browser.target().createCDPSession();
  await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
  return dir;
}

async function waitForFile(dir, name, timeout = 10_000) {
  // The name can appear before Chrome has written the whole file: it is
  // read until two reads 200 ms apart agree and it is not empty.
  const deadline = Date.now() + timeout;
  let last = null;
  while (Date.now() < deadline) {
    if ((await readdir(dir)).includes(name)) {
      const text = await readFile(join(dir, name), 'utf8');
      if (text !== '' && text === last) return text;
      last = text;
    }
    await sleep(200);
  }
  throw new Error(`${name} was not downloaded whole`);
}

export const scenarios = [
  {
    name: 'panel-import: a HAR file gives findings; a bad one says why and loses nothing',
    async run(ctx) {
      const h = await ctx.openPanel({ url: ctx.server.scenarioUrl({ run: 'no-token-401' }) });
      const panel = h.panelFrame();
      await pageDone(h);
      await waitForRow(panel, '/api/4.0/user', 401);
      await selectRow(panel, '/api/4.0/user', 401);

      // A truncated file: an error, and the live list is still there.
      const dir = await mkdtemp(join(tmpdir(), 'looker-e2e-har-'));
      const whole = await readFile(join(CASES, 'login-404-bad-credentials.har'), 'utf8');
      await writeFile(join(dir, 'cut.har'), whole.slice(0, whole.length / 2));
      await importFile(panel, join(dir, 'cut.har'));
      assert.match(await text(panel, 'import-error'), /cut\.har.*truncated/);
      assert.deepEqual((await rows(panel)).map((r) => r.path), ['/api/4.0/user']);

      // A good file replaces the view, with its findings.
      await importFile(panel, join(CASES, 'login-404-bad-credentials.har'));
      assert.equal(await text(panel, 'import-error'), '');
      assert.match(await text(panel, 'import-summary'), /login-404-bad-credentials\.har/);
      await selectRow(panel, '/api/3.1/login', 404);
      const kinds = (await findings(panel)).map((f) => f.kind);
      assert.ok(kinds.includes('bad-credentials'), `findings: ${kinds}`);

      // Unreadable entries are listed with their message.
      const har = JSON.parse(whole);
      har.log.entries.push({ ...har.log.entries[0], response: { status: 'oops' } });
      await writeFile(join(dir, 'partly.har'), JSON.stringify(har));
      await importFile(panel, join(dir, 'partly.har'));
      const problems = await panel.$$eval('[data-testid=import-problem]', (l) => l.map((e) => e.textContent));
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^entry 1: response\.status/);

      // Back to the live traffic, which was kept, with its selection.
      await panel.click('[data-testid=import-close]');
      await sleep(100);
      const live = await rows(panel);
      assert.deepEqual(live.map((r) => [r.path, r.selected]), [['/api/4.0/user', true]]);
      const kindsAgain = (await findings(panel)).map((f) => f.kind);
      assert.ok(kindsAgain.includes('not-authenticated'), `findings: ${kindsAgain}`);
      await rm(dir, { recursive: true, force: true });
    },
  },
  {
    name: 'panel-export: the report, the HAR and cURL carry no secret',
    async run(ctx) {
      const { server } = ctx;
      const url = server.scenarioUrl({ run: ['login-404', 'healthy', 'stale-token-401'] });
      const h = await ctx.openPanel({ url });
      const panel = h.panelFrame();
      await pageDone(h);
      await waitForRow(panel, '/api/4.0/logout', 204);
      const downloads = await allowDownloads(h);
      const secrets = [server.credentials.clientSecret, 'FAKE-TEST-TOKEN-'];

      await panel.click('[data-testid=export-markdown]');
      const report = await waitForFile(downloads, 'looker-api-report.md');
      assert.match(report, /bad-credentials/);
      await panel.click('[data-testid=export-har]');
      const har = await waitForFile(downloads, 'looker-api-traffic.sanitized.har');
      assert.ok(JSON.parse(har).log.entries.length >= 5);
      for (const secret of secrets) {
        assert.ok(!report.includes(secret), `the report leaks ${secret}`);
        assert.ok(!har.includes(secret), `the HAR leaks ${secret}`);
      }

      // cURL: the clipboard, or the selected text box when it is refused.
      await selectRow(panel, '/api/4.0/user', 401);
      await panel.click('[data-testid=copy-curl]');
      await sleep(500);
      const notice = await text(panel, 'notice');
      const fallback = await panel.$eval('[data-testid=copy-fallback]', (e) => (e.hidden ? '' : e.value));
      assert.match(notice, /Copied as cURL|press Ctrl\+C/);
      if (fallback) {
        assert.match(fallback, /^curl /);
        assert.match(fallback, /Bearer REDACTED/);
        for (const secret of secrets) assert.ok(!fallback.includes(secret));
      }

      // The panel's and the devtools page's console: no secret either.
      const consoleText = h.consoleLog.map((m) => m.text).join('\n');
      for (const secret of secrets) {
        assert.ok(!consoleText.includes(secret), `the console leaks ${secret}`);
      }
      await rm(downloads, { recursive: true, force: true });
    },
  },
];
