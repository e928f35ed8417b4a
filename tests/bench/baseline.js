// The plain-JavaScript baseline of the import benchmark: JSON.parse plus
// the checks of every engine rule (src/diagnose/rules/), written the way a
// careful JS developer would write them, against the same endpoint index
// (tests/bench/endpoints.mjs reads it from the engine's source).
//
// It decides the same findings, by kind, and stops there: no explanations,
// no redaction of secrets, no next steps. So it does less than the engine,
// and the ratio the benchmark reports is, if anything, unfair to the
// engine. `./build.sh bench` compares its counts per kind with the engine's
// on the benchmark file and prints any difference.

const HANGING_S = 30;
const SLOW_S = 60;
const NETWORK_FAILURES = new Map([
  ...['ERR_NAME_NOT_RESOLVED', 'ERR_NAME_RESOLUTION_FAILED', 'ERR_DNS_TIMED_OUT']
    .map((c) => [c, 'name']),
  ['ERR_CONNECTION_REFUSED', 'refused'],
  ['ERR_CONNECTION_TIMED_OUT', 'timeout'], ['ERR_TIMED_OUT', 'timeout'],
  ...['ERR_ADDRESS_UNREACHABLE', 'ERR_ADDRESS_INVALID', 'ERR_CONNECTION_FAILED']
    .map((c) => [c, 'unreachable']),
  ['ERR_INTERNET_DISCONNECTED', 'offline'], ['ERR_NETWORK_CHANGED', 'offline'],
  ['ERR_PROXY_CONNECTION_FAILED', 'proxy'], ['ERR_TUNNEL_CONNECTION_FAILED', 'proxy'],
  ...['ERR_CONNECTION_RESET', 'ERR_CONNECTION_CLOSED', 'ERR_CONNECTION_ABORTED',
    'ERR_EMPTY_RESPONSE'].map((c) => [c, 'dropped']),
]);
const LOOKER_DOMAINS = ['.looker.com', '.looker.app', '.lookercdn.com'];
const VERSION = /^\d+\.\d+$/;
const BAD_VERSION = /^[vV]*([\d.]{1,4})$/;

// --- the endpoint index ------------------------------------------------------

/** Indexes { versions, renames } by version, then first path segment. */
export function indexEndpoints({ versions, renames }) {
  const index = new Map();
  for (const [version, ops] of Object.entries(versions)) {
    const bySegment = new Map();
    for (const [id, method, template, status, body] of ops) {
      const segments = template.slice(1).split('/');
      const op = { id, method, template, status, body, segments };
      const list = bySegment.get(segments[0]) ?? [];
      list.push(op);
      bySegment.set(segments[0], list);
    }
    index.set(version, bySegment);
  }
  return { index, renames: new Map(renames) };
}

// Literal segments beat {param} segments, leftmost first (endpoints.rs).
function lookup(endpoints, version, method, path) {
  const ops = endpoints.index.get(version);
  if (!ops || !path.startsWith('/')) return null;
  const parts = path.slice(1).split('/');
  let best = null;
  let bestRank = Infinity;
  for (const op of ops.get(parts[0]) ?? []) {
    if (op.method !== method || op.segments.length !== parts.length) continue;
    let rank = 0;
    let fits = true;
    for (let i = 0; i < parts.length && fits; i++) {
      const param = op.segments[i].startsWith('{');
      fits = param ? parts[i] !== '' : op.segments[i] === parts[i];
      rank = rank * 2 + (param ? 1 : 0);
    }
    if (fits && rank < bestRank) [best, bestRank] = [op, rank];
  }
  return best;
}

// --- reading an entry --------------------------------------------------------

function header(headers, name) {
  for (const h of headers ?? []) {
    if (h.name.toLowerCase() === name) return h.value;
  }
  return undefined;
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// The body as text, base64 decoded where recorded so; `chars` limits how
// much of a base64 body is decoded (atob skips whitespace by itself).
function bodyText(content, chars = Infinity) {
  const text = content?.text;
  if (text == null) return null;
  if (content.encoding?.toLowerCase() !== 'base64') return text;
  const part = chars < text.length ? text.slice(0, Math.ceil(chars / 3) * 4) : text;
  try {
    return atob(part);
  } catch {
    return part === text ? text : bodyText(content);
  }
}

const networkError = (entry) => entry._error || entry.response?._error || null;
const isPending = (entry) => entry.response.status === 0 && !networkError(entry);
const responseType = (entry) =>
  header(entry.response.headers, 'content-type') ?? entry.response.content?.mimeType ?? '';
const requestType = (entry) =>
  entry.request.postData?.mimeType || header(entry.request.headers, 'content-type');

function isBinaryType(contentType) {
  const t = contentType.trim().toLowerCase();
  if (!t || t.startsWith('text/') || t.includes('charset=') || t.includes('+xml')) return false;
  if (t.startsWith('application/')) {
    const sub = t.slice(12).split(';')[0].trim();
    return !(sub === 'json' || sub === 'xml' || sub.endsWith('+json') ||
      ['sql', 'graphql', 'javascript', 'x-www-form-urlencoded'].some((x) => sub.includes(x)));
  }
  return ['image/', 'audio/', 'video/', 'font/', 'multipart/'].some((p) => t.startsWith(p));
}

function magic(head) {
  if (head.startsWith('%PDF')) return 'pdf';
  if (head.startsWith('\x89PNG')) return 'png';
  if (head.startsWith('\xFF\xD8\xFF')) return 'jpeg';
  if (head.startsWith('PK\x03\x04')) return 'zip';
  if (head.startsWith('GIF8')) return 'gif';
  return null;
}

// The first bytes of a text that may be base64, without decoding it all;
// a test first, since atob throws (slowly) on anything else.
function base64Head(text) {
  const head = text.slice(0, 16).replace(/\s/g, '').slice(0, 12).replace(/=+$/, '');
  if (head.length % 4 === 1 || !/^[A-Za-z0-9+/]*$/.test(head)) return '';
  return atob(head);
}

// --- which calls are Looker's (route.rs) -------------------------------------

function splitUrl(url) {
  const m = /^(https?):\/\/([^/?#]*)([^?#]*)/i.exec(url);
  if (!m) return null;
  const scheme = m[1].toLowerCase();
  const hostPort = m[2].slice(m[2].lastIndexOf('@') + 1);
  const colon = hostPort.lastIndexOf(':');
  const hasPort = colon > hostPort.lastIndexOf(']');
  const host = (hasPort ? hostPort.slice(0, colon) : hostPort).toLowerCase();
  const portText = hasPort ? hostPort.slice(colon + 1) : '';
  const port = hasPort ? Number(portText) : null;
  if (!host || (hasPort && !(/^\d+$/.test(portText) && port < 65536))) return null;
  const standard = port === null || port === (scheme === 'https' ? 443 : 80);
  const origin = standard ? `${scheme}://${host}` : `${scheme}://${host}:${port}`;
  return { origin, host, port, path: m[3] || '/' };
}

function versioned(e, method, version, rest, internal) {
  rest ||= '/';
  if (rest === '/login') return { kind: 'login', version };
  if (rest === '/logout') return { kind: 'logout' };
  return { kind: 'versioned', version, rest, internal, op: lookup(e, version, method, rest) };
}

function routeBelowApi(e, method, after) {
  const slash = after.indexOf('/');
  const first = slash < 0 ? after : after.slice(0, slash);
  const rest = slash < 0 ? '' : after.slice(slash);
  if (first === 'login') return { kind: 'login', version: null };
  if (first === 'logout') return { kind: 'logout' };
  if (first === 'token') return { kind: 'token' };
  if (first === 'internal') {
    const m = /^\/*core\/+(\d+\.\d+)(\/.*)?$/.exec(rest);
    return m ? versioned(e, method, m[1], m[2] ?? '', true) : { kind: 'ui' };
  }
  if (VERSION.test(first)) {
    if (rest.startsWith('/api/') || rest.includes('//')) return { kind: 'misshapen' };
    return versioned(e, method, first, rest, false);
  }
  const bad = BAD_VERSION.exec(first);
  if (bad && (bad[1].length === first.length || bad[1].includes('.'))) return { kind: 'misshapen' };
  return null;
}

function recognise(e, method, url) {
  const target = splitUrl(url);
  if (!target) return null;
  const { path } = target;
  let route = null;
  let certain = true;
  if (path === '/alive') [route, certain] = [{ kind: 'alive' }, false];
  else if (path === '/availability') [route, certain] = [{ kind: 'availability' }, false];
  else if (path === '/versions') [route, certain] = [{ kind: 'versions' }, false];
  else if ((path === '/login' || path === '/login/') && method.toUpperCase() === 'POST') {
    [route, certain] = [{ kind: 'misshapen' }, false];
  } else {
    const at = path.indexOf('/api/');
    if (at < 0) return null;
    const prefix = path.slice(0, at);
    if (prefix.endsWith('/') || (prefix === '' && path.startsWith('//'))) {
      route = { kind: 'misshapen' };
    } else if (prefix.startsWith('/api')) {
      return null;
    } else {
      route = routeBelowApi(e, method, path.slice(at + 5));
      certain = prefix === '';
    }
  }
  if (!route) return null;
  certain ||= LOOKER_DOMAINS.some((d) => target.host.endsWith(d));
  return { ...target, route, certain };
}

// --- the classifier ----------------------------------------------------------

/** Reads a HAR text and returns its findings as { entry, kind } objects. */
export function classifyHar(text, endpoints) {
  const entries = JSON.parse(text).log.entries;
  const s = {
    lookerOrigins: new Set(), logins: [], authenticatedOk: new Map(),
    working: new Map(), versions: new Map(), sdks: new Set(), called: new Set(),
    workingVersions: new Map(),
    nowMs: null,
  };
  for (const entry of entries) {
    const end = Date.parse(entry.startedDateTime) + Math.max(entry.time || 0, 0);
    if (!Number.isNaN(end)) s.nowMs = Math.max(s.nowMs ?? end, end);
  }

  const findings = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    entry.response ??= { status: 0, headers: [], content: {} };
    const call = recogniseInSession(entry, s, endpoints);
    if (!call) continue;
    call.index = i;
    call.startedMs = Date.parse(entry.startedDateTime);
    for (const kind of judge(call, entry, s, endpoints)) findings.push({ entry: i, kind });
    learn(call, entry, s);
  }
  return findings;
}

function recogniseInSession(entry, s, e) {
  const call = recognise(e, entry.request.method, entry.request.url);
  if (!call || call.certain || s.lookerOrigins.has(call.origin)) return call;
  if (call.route.kind === 'versions') return versionsInfo(entry) ? call : null;
  if (call.route.kind === 'misshapen') {
    const form = new URLSearchParams(entry.request.postData?.text ?? '');
    return form.has('client_id') && form.has('client_secret') ? call : null;
  }
  return null;
}

function versionsInfo(entry) {
  const info = parseJson(bodyText(entry.response.content) ?? '');
  if (!info || typeof info !== 'object') return null;
  const ok = info.supported_versions?.length || info.api_server_url != null;
  return ok ? info : null;
}

// One kind per rule that fires, in the engine's rule order.
function judge(call, entry, s, e) {
  const kinds = [];
  const status = entry.response.status;
  const { route } = call;
  const error = networkError(entry);
  const code = error?.replace(/^net::/, '');
  const failure = code ? NETWORK_FAILURES.get(code) : undefined;
  const better = failure && betterOrigin(call, failure, s);
  const html = htmlPage(call, entry);
  const versionProblem = versionProblemOf(call, entry, s, e);
  const errorBody = status >= 400 ? parseJson(bodyText(entry.response.content) ?? '') : undefined;
  const message = typeof errorBody?.message === 'string' ? errorBody.message : '';
  const sent = entry.request.postData?.text;
  const declared = requestType(entry) ?? '';
  const op = route.kind === 'versioned' ? route.op : null;

  if (failure && !better) kinds.push('unreachable');
  if (better) kinds.push('wrong-port');
  if (code && (code.startsWith('ERR_CERT') || code.startsWith('ERR_SSL_') ||
    code === 'ERR_BAD_SSL_CLIENT_AUTH_CERT')) kinds.push('tls-error');
  // A CORS preflight is judged only for its connection and the CORS check.
  const preflight = entry.request.method.toUpperCase() === 'OPTIONS' &&
    (entry._resourceType === 'preflight' ||
      header(entry.request.headers, 'access-control-request-method') !== undefined);
  const nullOrigin = header(entry.request.headers, 'origin')?.trim() === 'null';
  const refused = preflight && !error && status >= 300 && status < 500 &&
    (crossOrigin(entry, call.origin) || nullOrigin);
  if ((error === 'net::ERR_FAILED' && (crossOrigin(entry, call.origin) || preflight)) ||
    refused) {
    kinds.push('cors-blocked');
  }
  if (preflight) return kinds;
  if (isHanging(call, entry, s)) kinds.push('hanging-call');
  if (route.kind === 'misshapen') kinds.push('url-shape');
  if (apiHostMismatch(call, entry, s, better)) kinds.push('api-host-mismatch');
  if (route.kind === 'login' && status === 404 && !versionProblem && !html) {
    kinds.push('bad-credentials');
  }
  if (status === 403 && !html && route.kind !== 'ui' && route.kind !== 'misshapen') {
    kinds.push('forbidden');
  }
  const expired = status === 401 && tokenExpired(call, entry, s);
  if (status === 401 && !expired) kinds.push('not-authenticated');
  if (expired) kinds.push('token-expired');
  if (op && status === 404 && !responseType(entry).includes('html') && !versionProblem &&
    (hasWorkingAuth(s, call.origin) || isAuthenticated(entry))) {
    kinds.push('missing-permission');
  }
  if (status >= 400 && unknownOperation(call, entry, e, versionProblem, message)) {
    kinds.push('version-mismatch');
  }
  if (status === 405) kinds.push('method-not-allowed');
  if (status === 409) kinds.push('conflict');
  if (status === 422) kinds.push('validation-failed');
  const brokenJson = status === 400 && sent?.trim() &&
    (declared.includes('json') || /^\s*[[{]/.test(sent)) && parseJson(sent) === undefined;
  if (brokenJson) kinds.push('bad-request-json');
  const missingType = missingContentType(call, entry, declared, sent);
  if (status >= 400 && status < 500 && ![401, 403, 404, 405, 409, 422, 429].includes(status) &&
    !brokenJson && !missingType) {
    kinds.push('request-rejected');
  }
  if (missingType) kinds.push('missing-content-type');
  if ((status < 400 || [401, 403, 404, 405, 409, 422].includes(status)) && html) {
    kinds.push('not-api-response');
  }
  if (isBinaryBody(entry, status)) kinds.push('binary-body');
  if (status === 429) kinds.push('rate-limited');
  if (status === 202) kinds.push('still-running');
  if (status >= 500 && status < 600) kinds.push('server-error');
  if (op && op.status !== 'stable' && !s.called.has(`${route.version} ${op.id}`) &&
    !versionProblem) {
    kinds.push('unstable-operation');
  }
  const sdk = sdkName(entry);
  if (sdk && !s.sdks.has(sdk)) kinds.push('sdk-identified');
  return kinds;
}

function betterOrigin(call, failure, s) {
  if (!['refused', 'timeout', 'dropped'].includes(failure)) return null;
  const others = [...(s.working.get(call.host) ?? [])].filter((o) => o !== call.origin);
  if (others.length) return others[0];
  const port = call.port ?? (call.origin.startsWith('https:') ? 443 : 80);
  if ((port !== 19999 && port !== 9999) || failure === 'dropped') return null;
  return `https://${call.host}`;
}

function crossOrigin(entry, apiOrigin) {
  const origin = header(entry.request.headers, 'origin')?.trim().toLowerCase();
  if (!origin) return false;
  const page = splitUrl(`${origin}/`)?.origin ?? origin;
  return page !== apiOrigin && page !== 'null';
}

function isHanging(call, entry, s) {
  const pending = isPending(entry);
  let waited;
  if (entry.time > 0) waited = entry.time;
  else if (pending && s.nowMs != null && !Number.isNaN(call.startedMs)) {
    waited = s.nowMs - call.startedMs;
  } else return false;
  const seconds = waited / 1000;
  if (pending || networkError(entry) === 'net::ERR_ABORTED') return seconds >= HANGING_S;
  const status = entry.response.status;
  return status !== 0 && status !== 202 && !networkError(entry) && seconds >= SLOW_S;
}

function apiOrigin(info) {
  const url = info.api_server_url;
  return typeof url === 'string' ? splitUrl(url.trim())?.origin ?? null : null;
}

function apiHostMismatch(call, entry, s, better) {
  const own = call.route.kind === 'versions' ||
    (call.route.kind === 'versioned' && call.route.rest === '/versions');
  if (own) {
    const info = versionsInfo(entry);
    const api = info && apiOrigin(info);
    return Boolean(api) && api !== call.origin;
  }
  const failed = entry.response.status >= 400 || networkError(entry);
  if (!failed || better) return false;
  for (const [at, info] of s.versions) {
    const api = apiOrigin(info);
    if (splitUrl(at)?.host === call.host && api && api !== call.origin) return true;
  }
  return false;
}

function htmlPage(call, entry) {
  const { route } = call;
  if (route.kind === 'versioned' && route.rest.endsWith('/html')) return false;
  if (!['versioned', 'login', 'logout', 'alive', 'versions'].includes(route.kind)) return false;
  const text = bodyText(entry.response.content, 64) ?? '';
  const head = text.slice(0, 64).trimStart().slice(0, 14).toLowerCase();
  const looksHtml = head.startsWith('<!doctype html') || head.startsWith('<html');
  const hasBody = head !== '' || entry.response.content?.size > 0;
  return looksHtml || (responseType(entry).includes('text/html') && hasBody);
}

function versionProblemOf(call, entry, s, e) {
  const { route } = call;
  const version = route.kind === 'versioned' || route.kind === 'login' ? route.version : null;
  if (!version) return false;
  if (!e.index.has(version)) return true;
  const listed = s.versions.get(call.origin)?.supported_versions;
  if (!listed?.length) {
    // A 3.x 404 where 4.0 works on the same origin: 3.x was removed.
    return version.startsWith('3.') && entry.response.status === 404 &&
      Boolean(s.workingVersions.get(call.origin)?.has('4.0'));
  }
  return !listed.some((v) => v.version === version);
}

function unknownOperation(call, entry, e, versionProblem, message) {
  if (versionProblem) return true;
  const { route } = call;
  if (route.kind !== 'versioned') return false;
  const methodNotFound = message.toLowerCase().includes('method not found');
  if (route.op) return methodNotFound;
  if (route.internal || !(entry.response.status === 404 || methodNotFound)) return false;

  const method = entry.request.method;
  const elsewhere = [...e.index.keys()].some((v) => lookup(e, v, method, route.rest));
  if (elsewhere) return true;
  if (route.rest.endsWith('/') &&
    lookup(e, route.version, method, route.rest.slice(0, -1))) return true;
  return methodNotFound || !responseType(entry).includes('html');
}

function bearerToken(entry) {
  const value = header(entry.request.headers, 'authorization')?.trim();
  if (value === undefined) return null;
  const space = value.indexOf(' ');
  return space < 0 ? value : value.slice(space + 1).trim();
}

function tokenExpired(call, entry, s) {
  const token = bearerToken(entry);
  for (let i = s.logins.length - 1; i >= 0; i--) {
    const l = s.logins[i];
    if (!l.ok || l.index >= call.index || l.origin !== call.origin) continue;
    if (token && l.token && l.token !== token) continue;
    const age = (call.startedMs - l.atMs) / 1000;
    return l.expiresIn != null && age >= l.expiresIn;
  }
  return false;
}

const hasWorkingAuth = (s, origin) => (s.authenticatedOk.get(origin) ?? 0) > 0 ||
  s.logins.some((l) => l.origin === origin && l.ok);

function isAuthenticated(entry) {
  const headers = entry.request.headers;
  if (header(headers, 'authorization') !== undefined) return true;
  if (header(headers, 'cookie') !== undefined) return true;
  const query = entry.request.url.indexOf('?');
  return query >= 0 && new URLSearchParams(entry.request.url.slice(query + 1)).has('access_token');
}

function missingContentType(call, entry, declared, sent) {
  if (!['POST', 'PUT', 'PATCH'].includes(entry.request.method.toUpperCase())) return false;
  if (call.route.kind !== 'versioned' || !sent?.trim()) return false;
  if (declared.toLowerCase().includes('json')) return false;
  const body = call.route.op?.body ?? 'none';
  if (body === 'json') return true;
  if (body === 'form' || body === 'text') return false;
  return parseJson(sent) !== undefined;
}

function isBinaryBody(entry, status) {
  if (status < 200 || status >= 300) return false;
  const content = entry.response.content ?? {};
  const text = content.text ?? '';
  const base64 = content.encoding?.toLowerCase() === 'base64';
  const fromText = magic(text.slice(0, 8));
  const fromBase64 = magic(base64Head(text));
  const sniffed = base64 ? fromBase64 : fromText ?? fromBase64;
  return Boolean(sniffed) || isBinaryType(responseType(entry));
}

function sdkName(entry) {
  const headers = entry.request.headers;
  let named = header(headers, 'x-looker-appid');
  if (named === undefined) {
    const agent = header(headers, 'user-agent')?.trimStart();
    if (agent?.slice(0, 5).toLowerCase() === 'gazer') named = agent;
  }
  // eslint-disable-next-line no-control-regex
  const clean = named?.replace(/[\u0000-\u001f\u007f-\u009f<>]/g, '').slice(0, 60).trim();
  return clean || null;
}

function learn(call, entry, s) {
  const status = entry.response.status;
  const ok = status >= 200 && status < 300;
  const { route, origin } = call;
  if (call.certain) s.lookerOrigins.add(origin);
  if (ok && route.kind !== 'alive' && route.kind !== 'availability') {
    if (!s.working.has(call.host)) s.working.set(call.host, new Set());
    s.working.get(call.host).add(origin);
  }
  if (route.kind === 'login') {
    const token = ok ? parseJson(bodyText(entry.response.content) ?? '') : undefined;
    s.logins.push({
      index: call.index, origin, atMs: call.startedMs, ok,
      expiresIn: typeof token?.expires_in === 'number' ? token.expires_in : null,
      token: typeof token?.access_token === 'string' ? token.access_token : null,
    });
  }
  const ownVersions = route.kind === 'versions' ||
    (route.kind === 'versioned' && route.rest === '/versions');
  const info = ownVersions && versionsInfo(entry);
  if (info) {
    if (route.kind === 'versions') s.lookerOrigins.add(origin);
    s.versions.set(origin, info);
  }
  if (ok && isAuthenticated(entry)) {
    s.authenticatedOk.set(origin, (s.authenticatedOk.get(origin) ?? 0) + 1);
  }
  const version = route.kind === 'versioned' || route.kind === 'login' ? route.version : null;
  if (ok && version) {
    if (!s.workingVersions.has(origin)) s.workingVersions.set(origin, new Set());
    s.workingVersions.get(origin).add(version);
  }
  if (route.kind === 'versioned' && route.op) s.called.add(`${route.version} ${route.op.id}`);
  const sdk = sdkName(entry);
  if (sdk) s.sdks.add(sdk);
}
