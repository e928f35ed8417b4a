// A Looker-like server for end-to-end tests, loopback only.
//
//   const server = await startLookerServer({ port: 0 });
//   await page.goto(server.scenarioUrl({ run: 'all' }));
//   ...
//   await server.close();
//
// Standalone: `node tests/looker-server/server.mjs [--port N]
// [--legacy-port N] [--https-port N] [--app-port N]` prints the URLs and
// runs until Ctrl+C. Ports default to free ones.
//
// Listeners (all on 127.0.0.1):
//   main     pageUrl, apiOrigin   the scenario page and the API on one port,
//                                 like a Looker instance on 443
//   legacy   legacyApiOrigin      the same API on its own port, like 19999,
//                                 with CORS for the main page's origin
//   https    httpsOrigin          page + API behind a self-signed certificate
//                                 (untrusted: ERR_CERT_AUTHORITY_INVALID)
//   app      crossOriginAppUrl    an app on another origin calling the main
//                                 API, which sends it no CORS headers
//   closed   closedPortOrigin     a port nobody listens on
//
// The routes are listed in api.mjs (ROUTES) and pages.mjs; the page's
// scenarios in public/scenarios.js.

import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { pathToFileURL } from 'node:url';
import { IDS, createApi } from './api.mjs';
import { OLD_DOCS, sendBody, sendJson } from './looker-responses.mjs';
import { createPages } from './pages.mjs';
import { selfSignedCertificate } from './tls.mjs';

const HOST = '127.0.0.1';

/** Fake credentials the login endpoint accepts. */
export const CREDENTIALS = {
  clientId: 'fake-client-id-for-tests',
  clientSecret: 'fake-client-secret-for-tests',
};

const NOT_FOUND_PAGE = `<!DOCTYPE html>
<html><head><title>Looker Not Found (404)</title></head>
<body><h1>Looker Not Found (404)</h1></body></html>
`;

/**
 * Starts every listener. `options`: { port, legacyPort, httpsPort, appPort
 * (0 or absent: a free port), release ('26.12'), apiServerUrl (what the main
 * listener's /versions reports; default its own origin) }.
 */
export async function startLookerServer(options = {}) {
  const state = {
    credentials: CREDENTIALS,
    release: options.release ?? '26.12',
    tokens: new Set(),
    issued: 0,
    hanging: new Set(),
    requests: [],
    webServerUrl: null,
  };
  const handlers = {};
  const servers = [];

  // Listen first: every handler needs every origin.
  const listen = async (name, port, tls) => {
    const onRequest = (req, res) => dispatch(state, name, handlers[name], req, res);
    const server = tls ? createHttps(tls, onRequest) : createHttp(onRequest);
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port ?? 0, HOST, resolve);
    });
    servers.push(server);
    const scheme = tls ? 'https' : 'http';
    return `${scheme}://${HOST}:${server.address().port}`;
  };
  const main = await listen('main', options.port);
  const legacy = await listen('legacy', options.legacyPort);
  const https = await listen('https', options.httpsPort, selfSignedCertificate());
  const app = await listen('app', options.appPort);
  const closed = `http://${HOST}:${await freePort()}`;

  state.webServerUrl = main;
  const apiOrigins = { same: main, main, legacy, https, closed };
  const page = (title, same, defaultApi, defaultRun) => createPages({
    title, defaultApi, defaultRun, credentials: CREDENTIALS,
    apiOrigins: { ...apiOrigins, same },
  });
  const api = (apiServerUrl, corsOrigin) => createApi({ state, apiServerUrl, corsOrigin });

  handlers.main = [page('Looker (test server)', main, 'same', 'healthy'),
    api(options.apiServerUrl ?? main, null)];
  handlers.legacy = [api(legacy, main)];
  handlers.https = [page('Looker (test server, HTTPS)', https, 'same', 'healthy'),
    api(https, main)];
  handlers.app = [page('Embedding app (another origin)', app, 'main',
    'form-login,healthy,stale-token-401')];

  return {
    pageUrl: `${main}/`,
    apiOrigin: main,
    legacyApiOrigin: legacy,
    httpsOrigin: https,
    crossOriginAppUrl: `${app}/`,
    closedPortOrigin: closed,
    credentials: CREDENTIALS,
    ids: IDS,
    /** Every request answered so far: { listener, method, path, status }. */
    requests: state.requests,
    /** The scenario page URL; `run`: 'all' | 'none' | names; `api`: a key or origin. */
    scenarioUrl({ run, api: apiName, origin = main } = {}) {
      const url = new URL('/scenarios', origin);
      if (run) url.searchParams.set('run', Array.isArray(run) ? run.join(',') : run);
      if (apiName) url.searchParams.set('api', apiName);
      return url.href;
    },
    async close() {
      for (const res of state.hanging) res.destroy();
      await Promise.all(servers.map((server) => new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })));
    },
  };
}

async function dispatch(state, listener, chain, req, res) {
  const url = new URL(req.url, `http://${req.headers.host ?? HOST}`);
  res.on('finish', () => {
    const { method } = req;
    state.requests.push({ listener, method, path: url.pathname, status: res.statusCode });
    if (state.requests.length > 2000) state.requests.splice(0, 1000);
  });

  try {
    for (const handle of chain ?? []) {
      if (await handle(req, res, url)) return;
    }
    sendBody(res, 404, 'text/html; charset=utf-8', NOT_FOUND_PAGE);
  } catch (err) {
    console.error(`[looker-server] ${req.method} ${url.pathname}:`, err);
    if (!res.headersSent) {
      sendJson(res, 500, { message: 'An error has occurred.', documentation_url: OLD_DOCS });
    } else {
      res.destroy();
    }
  }
}

// A port that was free a moment ago; nothing listens on it afterwards.
async function freePort() {
  const probe = createHttp();
  await new Promise((resolve) => probe.listen(0, HOST, resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function parseArgs(argv) {
  const names = { '--port': 'port', '--legacy-port': 'legacyPort',
    '--https-port': 'httpsPort', '--app-port': 'appPort' };
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]];
    const value = Number(argv[i + 1]);
    if (!key || !Number.isInteger(value) || value < 0 || value > 65535) {
      throw new Error('usage: server.mjs [--port N] [--legacy-port N] [--https-port N] '
        + '[--app-port N]');
    }
    options[key] = value;
  }
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = await startLookerServer(parseArgs(process.argv.slice(2)));
  console.log(`scenario page     ${server.pageUrl}  (?run=all, ?run=login-404, ?api=legacy)`);
  console.log(`all scenarios     ${server.scenarioUrl({ run: 'all' })}`);
  console.log(`API (same port)   ${server.apiOrigin}/api/4.0/`);
  console.log(`API (legacy port) ${server.legacyApiOrigin}/api/4.0/`);
  console.log(`HTTPS (untrusted) ${server.httpsOrigin}/`);
  console.log(`cross-origin app  ${server.crossOriginAppUrl}`);
  console.log(`closed port       ${server.closedPortOrigin}`);
  console.log(`credentials       client_id=${CREDENTIALS.clientId} `
    + `client_secret=${CREDENTIALS.clientSecret}`);
  console.log('Ctrl+C to stop');
  process.once('SIGINT', async () => {
    await server.close();
    process.exit(0);
  });
}
