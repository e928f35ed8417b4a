// The panel in a narrow DevTools docked to the right: the list and the
// details stack and share the height, and Escape stays with the panel.

import assert from 'node:assert/strict';
import { pageDone, selectRow, sleep } from './panel-lib/driver.mjs';

/** Where an element of the panel is: top and bottom, in CSS pixels. */
const box = (panel, selector) => panel.$eval(selector, (e) => {
  const { top, bottom } = e.getBoundingClientRect();
  return { top, bottom, height: bottom - top };
});

// DevTools' own view of its Console drawer.
const drawerShown = (devtools) => devtools.evaluate(async () => {
  const UI = await import('./ui/legacy/legacy.js');
  return UI.InspectorView.InspectorView.instance().drawerVisible();
});

/** Left and right edges of the first element matching a selector. */
const edges = (panel, selector) => panel.$eval(selector, (e) => {
  const { left, right } = e.getBoundingClientRect();
  return { left, right, width: right - left };
});

export const scenarios = [
  {
    name: 'panel-layout: docked right and narrow, the details share the height',
    async run(ctx) {
      const h = await ctx.openPanel({
        url: ctx.server.scenarioUrl({ run: 'all' }),
        dock: 'right',
        windowSize: [1100, 800],
      });
      const panel = h.panelFrame();
      await pageDone(h);
      await selectRow(panel, '/api/4.0/login', 404);

      const list = await box(panel, '.list-pane');
      const detail = await box(panel, '[data-testid=detail]');
      const status = await box(panel, '[data-testid=status-bar]');
      const view = await panel.evaluate(() => innerHeight);
      assert.ok(detail.height >= view / 4, `details ${detail.height} px of ${view}`);
      assert.ok(list.bottom <= detail.top + 1,
        `list ends at ${list.bottom}, details start at ${detail.top}`);
      assert.ok(detail.bottom <= status.top + 1, 'the status bar is below the details');
      assert.equal(await panel.evaluate(() => document.scrollingElement.scrollTop), 0);

      // Escape clears the selection, and only that.
      await panel.focus('[data-testid=request-list]');
      await h.devtools.keyboard.press('Escape');
      await sleep(300);
      assert.equal(await panel.$('[data-testid=detail-summary]'), null, 'the selection is cleared');
      assert.equal(await drawerShown(h.devtools), false, 'the Console drawer stays closed');
    },
  },
  {
    name: 'panel-layout: very narrow, the status and the time stay in view',
    async run(ctx) {
      const h = await ctx.openPanel({
        url: ctx.server.scenarioUrl({ run: 'all' }),
        dock: 'right',
        windowSize: [560, 700],
      });
      const panel = h.panelFrame();
      await pageDone(h);
      await selectRow(panel, '/api/4.0/login', 404);

      const view = await panel.evaluate(() => innerWidth);
      const list = await edges(panel, '[data-testid=request-list]');
      for (const cell of ['row-status', 'row-time']) {
        const box = await edges(panel, `[data-testid=${cell}]`);
        assert.ok(box.width > 20 && box.right <= list.right + 1,
          `${cell} spans ${box.left}-${box.right}, the list ends at ${list.right} (panel ${view} px)`);
      }
      await ctx.screenshot('panel-narrow');
    },
  },
];
