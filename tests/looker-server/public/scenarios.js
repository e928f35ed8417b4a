// The catalogue of API calls the scenario page can make. Each scenario is a
// short story of calls; `run(api)` returns the call records in order.
// Ids match IDS in ../api.mjs. Tokens and credentials are fake.

const SDK = 'TS-SDK'; // the TS SDK's x-looker-appid (facts §1.7)
const STALE_TOKEN = 'FAKE-TEST-TOKEN-expired-not-a-real-secret';

/** `api`: { transport, credentials, session() } where session() logs in once. */
export const SCENARIOS = [
  {
    name: 'healthy',
    about: 'log in (form-encoded), GET /user, log out (204)',
    async run({ transport, credentials }) {
      const { clientId, clientSecret } = credentials;
      const { call, token } = await transport.login(clientId, clientSecret, { appId: SDK });
      if (!token) return [call];
      const user = await transport.request('GET', '/api/4.0/user', { token, appId: SDK });
      const out = await transport.request('DELETE', '/api/4.0/logout', { token, appId: SDK });
      return [call, user, out];
    },
  },
  {
    name: 'form-login',
    about: 'log in with a plain form POST, no SDK header (a CORS "simple" request)',
    async run({ transport, credentials }) {
      const { call } = await transport.login(credentials.clientId, credentials.clientSecret);
      return [call];
    },
  },
  {
    name: 'versions',
    about: 'unauthenticated probes: /alive, /versions, /api/4.0/versions',
    async run({ transport }) {
      return [
        await transport.request('GET', '/alive'),
        await transport.request('GET', '/versions'),
        await transport.request('GET', '/api/4.0/versions', { appId: SDK }),
      ];
    },
  },
  {
    name: 'login-404',
    about: 'log in with a wrong client_secret: JSON 404',
    async run({ transport, credentials }) {
      const { call } = await transport.login(credentials.clientId, 'fake-wrong-secret');
      return [call];
    },
  },
  {
    name: 'no-token-401',
    about: 'GET /user without Authorization',
    run: async ({ transport }) => [await transport.request('GET', '/api/4.0/user')],
  },
  {
    name: 'stale-token-401',
    about: 'GET /user with a token the server never issued (expired)',
    run: async ({ transport }) => [
      await transport.request('GET', '/api/4.0/user', { token: STALE_TOKEN, appId: SDK }),
    ],
  },
  authed('permission-404', 'GET a look the user may not see: JSON 404 after login',
    (t, token) => t.request('GET', '/api/4.0/looks/114', { token })),
  authed('validation-422', 'create a connection with missing and invalid fields',
    (t, token) => t.request('POST', '/api/4.0/connections', {
      token, json: { name: 'analytics', db_timezone: 'Mars/Olympus_Mons' },
    })),
  authed('bad-json-400', 'POST a look whose JSON body is cut short',
    (t, token) => t.request('POST', '/api/4.0/looks', {
      token, text: '{"title": "Weekly orders", "query_id": ', contentType: 'application/json',
    })),
  authed('text-plain-400', 'POST a JSON body without Content-Type (fetch sends text/plain)',
    (t, token) => t.request('POST', '/api/4.0/looks', {
      token, text: JSON.stringify({ title: 'Weekly orders', query_id: '42' }),
    })),
  authed('png', 'run a query as PNG', (t, token) =>
    t.request('GET', '/api/4.0/queries/42/run/png', { token, appId: SDK })),
  authed('xlsx', 'run a query as XLSX', (t, token) =>
    t.request('GET', '/api/4.0/queries/42/run/xlsx', { token, appId: SDK })),
  authed('render-pdf', 'fetch a finished render task (PDF)', (t, token) =>
    t.request('GET', '/api/4.0/render_tasks/8e3a4b6c1d2f/results', { token, appId: SDK })),
  authed('render-202', 'poll a render task still running: 202 + Retry-After', (t, token) =>
    t.request('GET', '/api/4.0/render_tasks/5f1c0e2a9b7d/results', { token, appId: SDK })),
  authed('rate-limit-429', 'run a scheduled plan once: 429 + Retry-After', (t, token) =>
    t.request('POST', '/api/4.0/scheduled_plans/17/run_once', { token, appId: SDK })),
  authed('proxy-html', 'an SSO proxy answers an API path with its HTML login page',
    (t, token) => t.request('GET', '/api/4.0/dashboards/42', { token })),
  authed('api-3.1', 'call API 3.1 on a 4.0-only server: JSON 404',
    (t, token) => t.request('GET', '/api/3.1/user', { token, appId: SDK })),
  authed('hostile-422', 'a 422 whose messages, links and a header are markup',
    (t, token) => t.request('PATCH', '/api/4.0/looks/666', { token, json: { title: 'x' } })),
  authed('hostile-404', 'a 404 whose message and a header are markup',
    (t, token) => t.request('GET', '/api/4.0/dashboards/666', { token })),
  {
    ...authed('hanging', 'run a query that never answers (started, never awaited)',
      (t, token) => t.request('GET', '/api/4.0/queries/999/run/json', { token })),
    neverEnds: true,
  },
];

// A scenario that logs in through the page's shared session first, like an
// SDK that keeps its token between calls.
function authed(name, about, call) {
  return {
    name,
    about,
    async run({ transport, session }) {
      const { call: login, token, fresh } = await session();
      const calls = fresh ? [login] : [];
      if (!token) return [login];
      calls.push(await call(transport, token));
      return calls;
    },
  };
}
