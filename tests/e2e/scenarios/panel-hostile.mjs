// A server whose messages, links and headers are markup: the panel shows
// them as text, links nothing but http(s), and runs nothing. Each hostile
// value sets window.__pwned if it ever runs (looker-responses.mjs).

import assert from 'node:assert/strict';
import { findings, pageDone, selectRow, sleep, text } from './panel-lib/driver.mjs';

export const scenarios = [
  {
    name: 'panel-hostile: markup in bodies and headers is shown as text and never runs',
    async run(ctx) {
      const url = ctx.server.scenarioUrl({ run: ['hostile-422', 'hostile-404'] });
      const h = await ctx.openPanel({ url, panelFirst: true });
      const panel = h.panelFrame();
      await pageDone(h);

      for (const [path, status] of [['/api/4.0/looks/666', 422], ['/api/4.0/dashboards/666', 404]]) {
        await selectRow(panel, path, status);
        // Hovering the hostile header would fire its onmouseover if it were markup.
        const header = await panel.$('[data-testid=detail-response-headers]');
        await header.hover();
        await sleep(100);

        const injected = await panel.$$eval('[data-testid=detail] img, [data-testid=detail] script, '
          + '[data-testid=detail] b, [data-testid=detail] a[href^="javascript"]', (l) => l.length);
        assert.equal(injected, 0, `${path}: markup became elements`);
        assert.match(await text(panel, 'detail-response-body'), /<script>window.__pwned=1<\/script>/);
        assert.match(await text(panel, 'detail-response-headers'), /<b onmouseover=/);
        for (const finding of await findings(panel)) {
          assert.ok(finding.link === null || /^https?:/.test(finding.link), finding.link);
        }
      }

      const [validation] = await (async () => {
        await selectRow(panel, '/api/4.0/looks/666', 422);
        return findings(panel);
      })();
      assert.equal(validation.kind, 'validation-failed');
      assert.ok(validation.evidence.some((e) => e.includes('<img src=x')), 'evidence quoted as text');

      assert.equal(await panel.evaluate(() => window.__pwned), undefined, 'no script ran in the panel');
      assert.equal(await h.devtools.evaluate(() => window.__pwned), undefined);
    },
  },
];
