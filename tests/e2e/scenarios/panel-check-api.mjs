// "Check API" in real DevTools: one click probes /alive and /versions from
// the extension and from the page, and the panel names the URL to use and
// why the others fail, in words.

import assert from 'node:assert/strict';
import { findings, pageDone, sleep, text, typeInto } from './panel-lib/driver.mjs';

/** Clicks Check API and waits for the verdict. */
async function check(panel) {
  await panel.click('[data-testid=check-button]');
  await panel.waitForSelector('[data-testid=probe-headline]', { timeout: 30_000 });
  await panel.waitForFunction(
    () => !document.querySelector('[data-testid=check-button]').disabled, { timeout: 30_000 });
}

/** Waits until the API Host URL is prefilled with the page's origin. */
function prefilled(panel, origin) {
  return panel.waitForFunction((o) => document.querySelector(
    '[data-testid=api-host-input]').value === o, { timeout: 10_000 }, origin);
}

/** The table's row for a base, as { cell testid: text }. */
function targetRow(panel, base) {
  return panel.$eval(`[data-testid=probe-target][data-base="${base}"]`, (row) =>
    Object.fromEntries([...row.querySelectorAll('[data-testid]')]
      .map((cell) => [cell.dataset.testid, cell.textContent])));
}

export const scenarios = [
  {
    name: 'panel-check-api: one click names the API URL and says port 19999 is closed',
    async run(ctx) {
      const { server } = ctx;
      const h = await ctx.openPanel({ url: server.scenarioUrl({ run: 'none' }) });
      const panel = h.panelFrame();
      await pageDone(h);

      // Prefilled from the inspected page's origin.
      await prefilled(panel, server.apiOrigin);
      await check(panel);

      const headline = await text(panel, 'probe-headline');
      assert.ok(headline.startsWith(`Use ${server.apiOrigin}`), headline);
      assert.match(await text(panel, 'probe-recommended'), new RegExp(server.apiOrigin));

      const main = await targetRow(panel, server.apiOrigin);
      assert.match(main['probe-extension-alive'], /alive/);
      assert.match(main['probe-page-alive'], /alive/);
      assert.equal(main['probe-release'], '26.12');
      assert.equal(main['probe-versions'], '4.0');
      assert.match(main['probe-latency'], /\d+ ms/);

      const legacy = await targetRow(panel, 'http://127.0.0.1:19999');
      assert.match(legacy['probe-extension-alive'], /refused/);
      const kinds = (await findings(panel, '[data-testid=probe-findings]')).map((f) => f.kind);
      assert.ok(kinds.includes('wrong-port'), `findings: ${kinds}`);
      await ctx.screenshot('check-api');
    },
  },
  {
    name: 'panel-check-api: a typed closed port is reported refused, from both sides',
    async run(ctx) {
      const { server } = ctx;
      const h = await ctx.openPanel({ url: server.scenarioUrl({ run: 'none' }) });
      const panel = h.panelFrame();
      await pageDone(h);
      await prefilled(panel, server.apiOrigin);

      await typeInto(panel, 'api-host-input', server.closedPortOrigin);
      await check(panel);

      const closed = await targetRow(panel, server.closedPortOrigin);
      assert.match(closed['probe-extension-alive'], /refused/);
      assert.match(closed['probe-extension-versions'], /refused/);
      assert.match(closed['probe-page-alive'], /refused/);
      // The page's own origin still answers: it is the one to use.
      assert.ok((await text(panel, 'probe-headline')).includes(server.apiOrigin));
    },
  },
  {
    name: 'panel-check-api: an untrusted certificate is named as such',
    async run(ctx) {
      const { server } = ctx;
      const h = await ctx.openPanel({ url: server.scenarioUrl({ run: 'none' }) });
      const panel = h.panelFrame();
      await pageDone(h);
      await prefilled(panel, server.apiOrigin);

      await typeInto(panel, 'api-host-input', server.httpsOrigin);
      await check(panel);
      const tls = await targetRow(panel, server.httpsOrigin);
      assert.match(tls['probe-extension-alive'], /certificate/i);
    },
  },
  {
    name: 'panel-check-api: the API Host URL is remembered per inspected origin',
    async run(ctx) {
      const { server } = ctx;
      const h = await ctx.openPanel({ url: server.scenarioUrl({ run: 'none' }) });
      const panel = h.panelFrame();
      await pageDone(h);
      await prefilled(panel, server.apiOrigin);

      await typeInto(panel, 'api-host-input', server.legacyApiOrigin);
      await check(panel);

      // Another origin gets its own default, and coming back restores ours.
      await h.page.goto(server.crossOriginAppUrl);
      const appOrigin = new URL(server.crossOriginAppUrl).origin;
      await panel.waitForFunction((o) => document.querySelector(
        '[data-testid=api-host-input]').value === o, { timeout: 10_000 }, appOrigin);
      await h.page.goto(server.scenarioUrl({ run: 'none' }));
      await panel.waitForFunction((o) => document.querySelector(
        '[data-testid=api-host-input]').value === o, { timeout: 10_000 }, server.legacyApiOrigin);
      await sleep(100);
    },
  },
];
