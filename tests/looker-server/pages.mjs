// The web pages of the test server: the scenario page (the "Looker front
// end" that makes API calls), its scripts, and the SSO page a proxy
// redirects to. The page's configuration travels as inert JSON in the HTML.

import { readFile } from 'node:fs/promises';
import { PROXY_LOGIN_HTML, sendBody, sendEmpty } from './looker-responses.mjs';

const PUBLIC = new URL('./public/', import.meta.url);
const SCRIPTS = new Set(['transport.js', 'scenarios.js', 'page.js']);

/**
 * Makes the page handler of one listener.
 * `config`: { title, defaultApi, defaultRun, apiOrigins, credentials }.
 * Returns `handle(req, res, url)`, true when it answered.
 */
export function createPages(config) {
  return async function handle(req, res, url) {
    if (req.method !== 'GET') return false;
    const path = url.pathname;

    if (path === '/' || path === '/scenarios') {
      sendBody(res, 200, 'text/html; charset=utf-8', pageHtml(config));
    } else if (path.startsWith('/static/') && SCRIPTS.has(path.slice(8))) {
      const text = await readFile(new URL(path.slice(8), PUBLIC));
      sendBody(res, 200, 'text/javascript; charset=utf-8', text);
    } else if (path === '/sso/login') {
      sendBody(res, 200, 'text/html; charset=utf-8', PROXY_LOGIN_HTML);
    } else if (path === '/favicon.ico') {
      sendEmpty(res, 204); // keeps a 404 out of every recording
    } else {
      return false;
    }
    return true;
  };
}

function pageHtml(config) {
  // `<` is escaped so no value can close the script element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${config.title}</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 1.5em; }
  button { margin: 0 .3em .3em 0; }
  li[data-outcome="ok"] { color: #1b6e20; }
  li[data-outcome="http-error"], li[data-outcome="network-error"] { color: #a8071a; }
  li[data-outcome="pending"] { color: #8a6d00; }
  code { font-size: 12px; }
</style>
<script type="application/json" id="config">${json}</script>
<script type="module" src="/static/page.js"></script>
</head>
<body>
<h1>${config.title}</h1>
<p>API: <code id="api-origin"></code> &middot; run: <code id="run-list"></code>
 &middot; state: <code id="state">loading</code></p>
<div id="buttons"></div>
<ol id="results"></ol>
</body>
</html>
`;
}
