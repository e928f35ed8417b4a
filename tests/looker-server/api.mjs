// The Looker API as the test server answers it: the healthy calls of a
// session, and one endpoint per way a call goes wrong. Every route is in
// the ROUTES table below; server.mjs mounts this on each API listener.

import { pdfBytes, pngBytes, xlsxBytes } from './binaries.mjs';
import {
  HOSTILE, NOT_FOUND_NEW, NOT_FOUND_OLD, PROXY_LOGIN_HTML, REQUIRES_AUTH,
  connectionValidationFailed, errDoc, hostileNotFound, hostileValidationFailed,
  sendBody, sendEmpty, sendJson,
} from './looker-responses.mjs';

/** Ids with a fixed behaviour; the page's scenarios use the same ones. */
export const IDS = {
  forbiddenLook: '114', // 404 after login: the user lacks the permission
  hostile: '666', // bodies and headers full of markup
  proxiedDashboard: '42', // an SSO proxy answers with its HTML login page
  hangingQuery: '999', // never answers
  renderRunning: '5f1c0e2a9b7d', // 202 + Retry-After, forever
  renderDone: '8e3a4b6c1d2f', // a finished PDF
  rateLimitedPlan: '17', // 429 + Retry-After
};

const BINARY = {
  png: ['image/png', pngBytes()],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xlsxBytes()],
  pdf: ['application/pdf', pdfBytes()],
};
const PDF = BINARY.pdf;

// [method, path pattern, needs a token, handler(ctx)]
const ROUTES = [
  ['GET', /^\/alive$/, false, ({ res }) => sendEmpty(res, 200)],
  ['GET', /^\/versions$/, false, versions],
  ['GET', /^\/api\/4\.0\/versions$/, false, versions],
  ['POST', /^\/api\/4\.0\/login$/, false, login],
  ['DELETE', /^\/api\/4\.0\/logout$/, true, logout],
  ['DELETE', /^\/api\/logout$/, true, logout], // Python and TS SDKs log out here
  ['GET', /^\/api\/4\.0\/user$/, true, me],
  ['POST', /^\/api\/4\.0\/connections$/, true, withJson(({ res }) =>
    sendJson(res, 422, connectionValidationFailed()))],
  ['POST', /^\/api\/4\.0\/looks$/, true, withJson(({ res, json }) =>
    sendJson(res, 200, { id: '115', title: String(json.title ?? '') }))],
  ['PATCH', /^\/api\/4\.0\/looks\/666$/, true, withJson(({ res }) =>
    sendJson(res, 422, hostileValidationFailed(), { 'X-Looker-Note': HOSTILE.header }))],
  ['GET', /^\/api\/4\.0\/looks\/[^/]+$/, true, ({ res }) => sendJson(res, 404, NOT_FOUND_NEW)],
  ['GET', /^\/api\/4\.0\/dashboards\/666$/, true, ({ res }) =>
    sendJson(res, 404, hostileNotFound(), { 'X-Looker-Note': HOSTILE.header })],
  ['GET', /^\/api\/4\.0\/dashboards\/42$/, true, ({ res }) =>
    sendBody(res, 200, 'text/html; charset=utf-8', PROXY_LOGIN_HTML)],
  ['GET', /^\/api\/4\.0\/queries\/([^/]+)\/run\/([a-z_]+)$/, true, runQuery],
  ['GET', /^\/api\/4\.0\/render_tasks\/([^/]+)\/results$/, true, renderResults],
  ['POST', /^\/api\/4\.0\/scheduled_plans\/[^/]+\/run_once$/, true, rateLimited],
];

/**
 * Makes the request handler of one API listener.
 * `state`: shared { credentials, tokens:Set, hanging:Set, webServerUrl }.
 * `apiServerUrl`: what /versions reports for this listener.
 * `corsOrigin`: the one origin allowed to call cross-origin, or null.
 * Returns `handle(req, res, url)`, true when it answered.
 */
export function createApi({ state, apiServerUrl, corsOrigin }) {
  return async function handle(req, res, url) {
    const path = url.pathname;
    const isApi = path === '/alive' || path === '/versions' || path.startsWith('/api/');
    if (!isApi) return false;

    const origin = req.headers.origin;
    if (corsOrigin && origin === corsOrigin) allowCors(res, origin);
    if (req.method === 'OPTIONS') {
      // Without the allowlist, a preflight gets no CORS headers and fails.
      sendEmpty(res, 204);
      return true;
    }

    const route = ROUTES.find(([m, re]) => m === req.method && re.test(path));
    if (!route) {
      // 3.x is gone from current Looker (facts §1.8): the old 404 shape.
      sendJson(res, 404, path.startsWith('/api/4.0/') ? NOT_FOUND_NEW : NOT_FOUND_OLD);
      return true;
    }

    const [, pattern, needsToken, handler] = route;
    const token = bearer(req);
    if (needsToken && !state.tokens.has(token)) {
      sendJson(res, 401, REQUIRES_AUTH);
      return true;
    }
    const match = path.match(pattern);
    await handler({ req, res, url, match, state, token, apiServerUrl });
    return true;
  };
}

function allowCors(res, origin) {
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, x-looker-appid');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After, X-B3-TraceId');
}

// Looker takes `token <t>` (the spec's word) and `Bearer <t>` (every SDK).
function bearer(req) {
  const match = /^(?:bearer|token)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match ? match[1] : null;
}

function versions({ res, state, apiServerUrl }) {
  const current = {
    version: '4.0',
    full_version: `4.0.${state.release}`,
    status: 'current',
    swagger_url: `${apiServerUrl}/api/4.0/swagger.json`,
  };
  sendJson(res, 200, {
    looker_release_version: state.release,
    current_version: current,
    supported_versions: [current],
    api_server_url: apiServerUrl,
    web_server_url: state.webServerUrl,
  });
}

async function login({ req, res, url, state }) {
  const type = req.headers['content-type'] ?? '';
  const form = type.startsWith('application/x-www-form-urlencoded')
    ? new URLSearchParams((await readBody(req)).toString('utf8'))
    : url.searchParams; // query-string credentials are still accepted (facts §1.4)
  const { clientId, clientSecret } = state.credentials;
  if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
    sendJson(res, 404, NOT_FOUND_OLD);
    return;
  }
  state.issued += 1;
  const token = `FAKE-TEST-TOKEN-${state.issued}-not-a-real-secret`;
  state.tokens.add(token);
  sendJson(res, 200, {
    access_token: token, token_type: 'Bearer', expires_in: 3600, refresh_token: null,
  });
}

function logout({ res, state, token }) {
  state.tokens.delete(token);
  sendEmpty(res, 204);
}

function me({ res }) {
  sendJson(res, 200, {
    id: '7', first_name: 'Test', last_name: 'User', display_name: 'Test User',
    email: 'test.user@example.com', is_disabled: false,
  });
}

function runQuery({ res, match, state }) {
  const [, queryId, format] = match;
  if (queryId === IDS.hangingQuery) {
    // Keep the socket open and never answer; close() destroys it.
    state.hanging.add(res);
    res.on('close', () => state.hanging.delete(res));
    return;
  }
  if (BINARY[format] && format !== 'pdf') {
    sendBody(res, 200, ...BINARY[format]);
  } else if (format === 'json') {
    sendJson(res, 200, [{ 'orders.status': 'complete', 'orders.count': 42 }]);
  } else if (format === 'csv') {
    sendBody(res, 200, 'text/csv', 'Orders Status,Orders Count\ncomplete,42\n');
  } else {
    const doc = errDoc(400, 'GET', '/queries/:query_id/run/:result_format');
    sendJson(res, 400, { message: `Unsupported result format: ${format}`, documentation_url: doc });
  }
}

function rateLimited({ res }) {
  const doc = errDoc(429, 'POST', '/scheduled_plans/:scheduled_plan_id/run_once');
  const body = { message: 'Too Many Requests', documentation_url: doc };
  sendJson(res, 429, body, { 'Retry-After': '30' });
}

function renderResults({ res, match }) {
  if (match[1] === IDS.renderDone) {
    sendBody(res, 200, ...PDF);
  } else if (match[1] === IDS.renderRunning) {
    sendEmpty(res, 202, { 'Retry-After': '2' }); // facts §1.7: empty 202 while rendering
  } else {
    sendJson(res, 404, NOT_FOUND_NEW);
  }
}

// POST/PATCH bodies must be JSON sent as application/json: Looker answers
// 400 otherwise (TS doc: "Invalid encoding"; broken JSON is a 400).
function withJson(handler) {
  return async (ctx) => {
    const { req, res, url } = ctx;
    const doc = errDoc(400, req.method, url.pathname.replace(/^\/api\/4\.0/, ''));
    const body = (await readBody(req)).toString('utf8');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      sendJson(res, 400, { message: 'Invalid encoding', documentation_url: doc });
      return;
    }
    let json;
    try {
      json = JSON.parse(body);
    } catch {
      const message = 'Could not parse the request body as JSON';
      sendJson(res, 400, { message, documentation_url: doc });
      return;
    }
    await handler({ ...ctx, json });
  };
}

async function readBody(req, limit = 1 << 20) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error(`request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
