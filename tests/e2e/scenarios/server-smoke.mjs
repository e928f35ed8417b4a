// The Looker test server, seen from a real browser page (no extension, no
// panel): later scenarios rely on every behaviour checked here.

import assert from 'node:assert/strict';

// What each page scenario ends with on the 4.0-only, same-port API.
const EXPECTED = {
  healthy: [200, 200, 204],
  'form-login': [200],
  versions: [200, 200, 200],
  'login-404': [404],
  'no-token-401': [401],
  'stale-token-401': [401],
  'permission-404': [200, 404], // the page's one login comes first
  'validation-422': [422],
  'bad-json-400': [400],
  'text-plain-400': [400],
  png: [200],
  xlsx: [200],
  'render-pdf': [200],
  'render-202': [202],
  'rate-limit-429': [429],
  'proxy-html': [200],
  'api-3.1': [404],
  'hostile-422': [422],
  'hostile-404': [404],
};

async function openPage(ctx, url) {
  const { page } = await ctx.launchBrowser({ extensionDir: null });
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.state === 'done');
  return { page, results: await page.evaluate(() => window.scenarioResults) };
}

const statuses = (result) => result.calls.map((call) => call.status);

export const scenarios = [
  {
    name: 'server-smoke: the page runs a healthy session and /alive is blank',
    async run(ctx) {
      const { server } = ctx;
      const { page, results } = await openPage(ctx, server.pageUrl);

      assert.equal(await page.title(), 'Looker (test server)');
      assert.deepEqual(statuses(results.healthy), [200, 200, 204]);
      const [login] = results.healthy.calls;
      assert.match(JSON.parse(login.body).access_token, /^FAKE-TEST-TOKEN-/);
      const user = server.requests.find((r) => r.path === '/api/4.0/user');
      assert.equal(user?.status, 200, 'GET /user must succeed with the Bearer token');

      const alive = await page.goto(`${server.apiOrigin}/alive`);
      assert.equal(alive.status(), 200);
      assert.equal((await alive.buffer()).length, 0, '/alive must have an empty body');
    },
  },
  {
    name: 'server-smoke: every page scenario answers as Looker does',
    async run(ctx) {
      const { page, results } = await openPage(ctx, ctx.server.scenarioUrl({ run: 'all' }));

      for (const [name, expected] of Object.entries(EXPECTED)) {
        assert.ok(results[name], `scenario ${name} did not run`);
        assert.deepEqual(statuses(results[name]).slice(-expected.length), expected, name);
      }
      const last = (name) => results[name].calls.at(-1);
      assert.equal(last('png').magic, '89504e47');
      assert.equal(last('xlsx').magic, '504b0304');
      assert.equal(last('render-pdf').magic, '25504446');
      assert.equal(last('render-202').retryAfter, '2');
      assert.equal(last('rate-limit-429').retryAfter, '30');
      assert.match(last('text-plain-400').body, /Invalid encoding/);
      assert.equal(JSON.parse(last('validation-422').body).errors.length, 3);
      assert.match(last('hostile-422').body, /<script>window.__pwned=1<\/script>/);
      assert.match(last('proxy-html').contentType, /^text\/html/);

      // The hanging call is still open, and nothing ran the hostile markup.
      const hanging = await page.$eval('li[data-name="hanging"]', (li) => li.dataset.outcome);
      assert.equal(hanging, 'pending');
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
    },
  },
  {
    name: 'server-smoke: the legacy port allows the page by CORS, the closed port refuses',
    async run(ctx) {
      const { server } = ctx;
      let { results } = await openPage(ctx, server.scenarioUrl({ run: 'healthy', api: 'legacy' }));
      assert.deepEqual(statuses(results.healthy), [200, 200, 204]);
      assert.ok(results.healthy.calls[0].url.startsWith(server.legacyApiOrigin));

      ({ results } = await openPage(ctx, server.scenarioUrl({ run: 'versions', api: 'closed' })));
      assert.equal(results.versions.outcome, 'network-error');
      assert.match(results.versions.error, /^TypeError/);
    },
  },
  {
    name: 'server-smoke: the cross-origin app is blocked by CORS after reaching the server',
    async run(ctx) {
      const { server } = ctx;
      const { results } = await openPage(ctx, server.crossOriginAppUrl);

      for (const name of ['form-login', 'healthy', 'stale-token-401']) {
        assert.equal(results[name].outcome, 'network-error', name);
        assert.match(results[name].error, /^TypeError/, name);
      }
      const reached = (method, path, status) => server.requests.some((r) =>
        r.listener === 'main' && r.method === method && r.path === path && r.status === status);
      // A simple POST reaches the server and succeeds there; the page cannot
      // read the answer. SDK headers and Authorization need a preflight.
      assert.ok(reached('POST', '/api/4.0/login', 200), 'the form login reached the server');
      assert.ok(reached('OPTIONS', '/api/4.0/login', 204), 'x-looker-appid needs a preflight');
      assert.ok(reached('OPTIONS', '/api/4.0/user', 204), 'Authorization needs a preflight');
      assert.ok(!reached('GET', '/api/4.0/user', 401), 'a failed preflight stops the call');
    },
  },
  {
    name: 'server-smoke: the HTTPS listener has an untrusted certificate',
    async run(ctx) {
      const { page } = await ctx.launchBrowser({ extensionDir: null });
      const url = `${ctx.server.httpsOrigin}/alive`;
      await assert.rejects(page.goto(url), /ERR_CERT_AUTHORITY_INVALID/);
    },
  },
];
