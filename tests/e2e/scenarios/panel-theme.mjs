// The panel wears DevTools' theme, and follows it when the user switches
// DevTools between light and dark (Settings > Preferences > Theme).

import assert from 'node:assert/strict';
import { sleep } from './panel-lib/driver.mjs';

// DevTools' own setting, changed as its Preferences pane changes it.
async function setDevToolsTheme(devtools, theme) {
  await devtools.evaluate(async (value) => {
    const Common = await import('./core/common/common.js');
    Common.Settings.Settings.instance().moduleSetting('ui-theme').set(value);
  }, theme);
}

const panelTheme = (panel) => panel.evaluate(() => document.documentElement.dataset.theme);

async function waitForTheme(panel, expected) {
  const until = Date.now() + 5000;
  let seen = await panelTheme(panel);
  while (seen !== expected && Date.now() < until) {
    await sleep(50);
    seen = await panelTheme(panel);
  }
  assert.equal(seen, expected, 'the panel\'s theme');
}

export const scenarios = [
  {
    name: 'panel-theme: the panel follows DevTools between light and dark',
    async run(ctx) {
      const h = await ctx.openPanel({ url: ctx.server.scenarioUrl({ run: 'healthy' }) });
      const panel = h.panelFrame();
      await waitForTheme(panel, 'light');

      await setDevToolsTheme(h.devtools, 'dark');
      await waitForTheme(panel, 'dark');
      await setDevToolsTheme(h.devtools, 'default');
      await waitForTheme(panel, 'light');
    },
  },
];
