// Finding one's way in the list: filters by severity, kind, status and
// text, other traffic one toggle away, keyboard navigation, Preserve log
// and Clear.

import assert from 'node:assert/strict';
import {
  choose, pageDone, rows, sleep, text, typeInto, waitForRow,
} from './panel-lib/driver.mjs';

const paths = async (panel) => (await rows(panel)).map((r) => `${r.path} ${r.status}`);

export const scenarios = [
  {
    name: 'panel-filters: severity, kind, status and text narrow the list',
    async run(ctx) {
      const url = ctx.server.scenarioUrl({ run: 'all' });
      const h = await ctx.openPanel({ url });
      const panel = h.panelFrame();
      await pageDone(h);
      await waitForRow(panel, '/api/4.0/dashboards/666', 404);
      const all = (await rows(panel)).length;

      await choose(panel, 'filter-kind', 'validation-failed');
      assert.deepEqual(await paths(panel), ['/api/4.0/connections 422', '/api/4.0/looks/666 422']);
      await choose(panel, 'filter-kind', '');

      await choose(panel, 'filter-severity', 'warning');
      assert.deepEqual(await paths(panel), ['/api/4.0/scheduled_plans/17/run_once 429']);
      await choose(panel, 'filter-severity', '');

      await choose(panel, 'filter-status', '2xx');
      assert.ok((await rows(panel)).every((r) => r.status.startsWith('2')));
      await choose(panel, 'filter-status', '5xx');
      assert.deepEqual(await rows(panel), []);
      assert.match(await text(panel, 'empty-state'), /No request matches the filters/);
      await choose(panel, 'filter-status', '');

      await typeInto(panel, 'filter-text', 'run_query');
      const found = await rows(panel);
      assert.ok(found.length >= 2 && found.every((r) => r.operation === 'run_query'));
      await typeInto(panel, 'filter-text', '');
      assert.equal((await rows(panel)).length, all);

      // Other traffic (the page's own document and scripts) is one toggle away.
      assert.ok(!(await paths(panel)).some((p) => p.startsWith('/static/')));
      await panel.click('[data-testid=toggle-other-traffic]');
      await sleep(100);
      assert.ok((await paths(panel)).some((p) => p.startsWith('/static/page.js')));
    },
  },
  {
    name: 'panel-filters: arrow keys move the selection and Enter opens its findings',
    async run(ctx) {
      const url = ctx.server.scenarioUrl({ run: ['login-404', 'no-token-401', 'permission-404'] });
      const h = await ctx.openPanel({ url });
      const panel = h.panelFrame();
      await pageDone(h);
      await waitForRow(panel, '/api/4.0/looks/114', 404);

      await panel.focus('[data-testid=request-list]');
      await h.devtools.keyboard.press('ArrowDown');
      await sleep(100);
      let selected = (await rows(panel)).find((r) => r.selected);
      assert.equal(selected?.path, '/api/4.0/login');
      await h.devtools.keyboard.press('End');
      await sleep(100);
      selected = (await rows(panel)).find((r) => r.selected);
      assert.equal(selected?.path, '/api/4.0/looks/114');
      assert.match(await text(panel, 'detail-url'), /\/api\/4\.0\/looks\/114$/);

      await h.devtools.keyboard.press('Enter');
      await sleep(100);
      const focused = await panel.evaluate(() => document.activeElement?.dataset.testid);
      assert.equal(focused, 'detail');
    },
  },
  {
    name: 'panel-filters: Preserve log keeps the list across navigations, Clear empties it',
    async run(ctx) {
      const { server } = ctx;
      const h = await ctx.openPanel({ url: server.scenarioUrl({ run: 'login-404' }) });
      const panel = h.panelFrame();
      await pageDone(h);
      await waitForRow(panel, '/api/4.0/login', 404);

      // Without Preserve log, a navigation starts a new list.
      await h.page.goto(server.scenarioUrl({ run: 'no-token-401' }));
      await pageDone(h);
      await waitForRow(panel, '/api/4.0/user', 401);
      assert.deepEqual(await paths(panel), ['/api/4.0/user 401']);

      await panel.click('[data-testid=toggle-preserve-log]');
      await h.page.goto(server.scenarioUrl({ run: 'login-404' }));
      await pageDone(h);
      await waitForRow(panel, '/api/4.0/login', 404);
      assert.deepEqual(await paths(panel), ['/api/4.0/user 401', '/api/4.0/login 404']);

      await panel.click('[data-testid=clear-button]');
      await sleep(100);
      assert.deepEqual(await rows(panel), []);
      assert.match(await text(panel, 'empty-state'), /Open a Looker page and reload, or import a HAR file/);
    },
  },
];
