// The panel watching live traffic in real DevTools: each Looker call of the
// inspected page is listed with its operation and status, and selecting it
// shows the finding a person needs, with the request and response redacted.

import assert from 'node:assert/strict';
import {
  findings, pageDone, rows, selectRow, sleep, text, waitForRow,
} from './panel-lib/driver.mjs';

// What the panel must say for each failing call of the scenario page.
const EXPECTED = [
  { scenario: 'login-404', path: '/api/4.0/login', status: 404, kind: 'bad-credentials' },
  { scenario: 'no-token-401', path: '/api/4.0/user', status: 401, kind: 'not-authenticated' },
  { scenario: 'permission-404', path: '/api/4.0/looks/114', status: 404, kind: 'missing-permission' },
  { scenario: 'validation-422', path: '/api/4.0/connections', status: 422, kind: 'validation-failed' },
  { scenario: 'bad-json-400', path: '/api/4.0/looks', status: 400, kind: 'bad-request-json' },
  { scenario: 'text-plain-400', path: '/api/4.0/looks', status: 400, kind: 'missing-content-type', nth: 1 },
  { scenario: 'rate-limit-429', path: '/api/4.0/scheduled_plans/17/run_once', status: 429, kind: 'rate-limited' },
  { scenario: 'proxy-html', path: '/api/4.0/dashboards/42', status: 200, kind: 'not-api-response' },
  { scenario: 'api-3.1', path: '/api/3.1/user', status: 404, kind: 'version-mismatch' },
  { scenario: 'xlsx', path: '/api/4.0/queries/42/run/xlsx', status: 200, kind: 'binary-body' },
];

export const scenarios = [
  {
    name: 'panel-live: each failing call shows its finding on the right request',
    async run(ctx) {
      const run = EXPECTED.map((e) => e.scenario);
      const h = await ctx.openPanel({ url: ctx.server.scenarioUrl({ run }), panelFirst: true });
      const panel = h.panelFrame();
      await pageDone(h);

      for (const { path, status, kind, nth = 0 } of EXPECTED) {
        await selectRow(panel, path, status, nth);
        const kinds = (await findings(panel)).map((f) => f.kind);
        assert.ok(kinds.includes(kind), `${path} ${status}: expected ${kind}, got ${kinds}`);
      }

      // The list names the operation from the endpoint index.
      const login = (await rows(panel)).find((r) => r.path === '/api/4.0/login');
      assert.equal(login.operation, 'login');
      assert.equal(login.severity, 'error');
      await ctx.screenshot('live');
    },
  },
  {
    name: 'panel-live: calls made before the panel opened are listed once',
    async run(ctx) {
      // The panel is shown only after the page made its calls: getHAR.
      const url = ctx.server.scenarioUrl({ run: ['healthy', 'login-404'] });
      const h = await ctx.openPanel({ url });
      const panel = h.panelFrame();
      await pageDone(h);
      await waitForRow(panel, '/api/4.0/login', 404);
      await sleep(500);

      const list = await rows(panel);
      const logins = list.filter((r) => r.path === '/api/4.0/login');
      assert.deepEqual(logins.map((r) => r.status).sort(), ['200', '404'], 'each login once');
      assert.ok(list.some((r) => r.path === '/api/4.0/user' && r.status === '200'));
      assert.ok(list.some((r) => r.path === '/api/4.0/logout' && r.status === '204'));

      await selectRow(panel, '/api/4.0/login', 404);
      const [finding] = await findings(panel);
      assert.equal(finding.kind, 'bad-credentials');
      assert.ok(finding.link?.startsWith('http'), 'the documentation link is a web link');
    },
  },
  {
    name: 'panel-live: the request and response are shown with secrets redacted',
    async run(ctx) {
      const url = ctx.server.scenarioUrl({ run: ['form-login', 'stale-token-401'] });
      const h = await ctx.openPanel({ url, panelFirst: true });
      const panel = h.panelFrame();
      await pageDone(h);

      await selectRow(panel, '/api/4.0/user', 401);
      const headers = await text(panel, 'detail-request-headers');
      assert.match(headers, /Bearer REDACTED/);
      assert.doesNotMatch(await text(panel, 'detail'), /FAKE-TEST-TOKEN/);
      assert.match(await text(panel, 'detail-response-body'), /Requires authentication/);

      await selectRow(panel, '/api/4.0/login', 200);
      const body = await text(panel, 'detail-request-body');
      assert.match(body, /client_secret=REDACTED/);
      assert.doesNotMatch(body, new RegExp(ctx.server.credentials.clientSecret));
      const response = await text(panel, 'detail-response-body');
      assert.doesNotMatch(response, /FAKE-TEST-TOKEN/, 'the issued token is redacted');
    },
  },
  {
    name: 'panel-live: a call that never answers is judged as hanging after 30 s',
    timeout: 90_000,
    async run(ctx) {
      const url = ctx.server.scenarioUrl({ run: 'hanging' });
      const h = await ctx.openPanel({ url });
      const panel = h.panelFrame();
      await waitForRow(panel, '/api/4.0/queries/999/run/json', 'pending', 15_000);

      await panel.waitForFunction(() => [...document.querySelectorAll(
        '[data-testid=request-row]:not([hidden])')].some((r) => r.dataset.severity === 'error'),
      { timeout: 50_000 });
      await selectRow(panel, '/api/4.0/queries/999/run/json', 'pending');
      const kinds = (await findings(panel)).map((f) => f.kind);
      assert.deepEqual(kinds, ['hanging-call']);
    },
  },
];
