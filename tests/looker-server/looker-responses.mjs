// How the test server answers: Looker's headers and error bodies.
//
// Shapes come from facts §1.5 (Error, ValidationError) and §1.7 (headers
// of a Looker-hosted instance). Where the facts give no exact message text
// (400, 429), the text is ours and the shape is Looker's.

import { randomBytes } from 'node:crypto';

export const DOCS = 'https://cloud.google.com/looker/docs/';
export const OLD_DOCS = 'http://docs.looker.com/';

/** `documentation_url` in Looker's `/r/err/<version>/<status>/<method>/<path>` form. */
export function errDoc(status, method, path) {
  return `${DOCS}r/err/4.0/${status}/${method.toLowerCase()}${path}`;
}

/** Headers every API answer carries, as seen on a hosted instance. */
export function lookerHeaders() {
  return {
    Vary: 'Accept-Encoding, Origin',
    'X-Content-Type-Options': 'nosniff',
    'X-B3-TraceId': randomBytes(8).toString('hex'),
    'X-B3-SpanId': randomBytes(8).toString('hex'),
    'X-B3-Sampled': '0',
  };
}

/** Sends `body` as JSON with Looker's headers. */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...lookerHeaders(),
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Sends bytes or text with an explicit content type. */
export function sendBody(res, status, contentType, body, headers = {}) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  res.writeHead(status, {
    ...lookerHeaders(),
    'Content-Type': contentType,
    'Content-Length': bytes.length,
    ...headers,
  });
  res.end(bytes);
}

/** Sends a status with no body (204 logout, 202 while rendering). */
export function sendEmpty(res, status, headers = {}) {
  res.writeHead(status, { ...lookerHeaders(), 'Content-Length': 0, ...headers });
  res.end();
}

// Real captures, facts §1.5.
export const NOT_FOUND_OLD = { message: 'Not found', documentation_url: OLD_DOCS };
export const NOT_FOUND_NEW = {
  message: "The resource you're looking for could not be found",
};
export const REQUIRES_AUTH = { message: 'Requires authentication.', documentation_url: DOCS };

/** The TS doc's 422 example, plus an `already_exists`: all errors at once. */
export function connectionValidationFailed() {
  const doc = errDoc(422, 'POST', '/connections');
  return {
    message: 'Validation Failed',
    errors: [
      ['dialect', 'missing_field', 'This field is required.'],
      ['db_timezone', 'invalid', 'Must be a valid time zone.'],
      ['name', 'already_exists', 'Connection name already in use.'],
    ].map(([field, code, message]) => ({ field, code, message, documentation_url: doc })),
    documentation_url: doc,
  };
}

// Markup that must never run or render as markup in the panel. Each one
// sets window.__pwned, which the end-to-end tests check in the panel frame.
export const HOSTILE = {
  script: '<script>window.__pwned=1</script>',
  img: '<img src=x onerror="window.__pwned=1">',
  link: 'javascript:window.__pwned=1',
  anchor: '<a href="javascript:window.__pwned=1">click me</a>',
  header: '<b onmouseover="window.__pwned=1">x-looker-hostile</b>',
};

/** A 422 whose every message and link is an injection attempt. */
export function hostileValidationFailed() {
  return {
    message: `Validation Failed ${HOSTILE.script}`,
    errors: [
      { field: 'title', code: 'invalid', message: HOSTILE.img, documentation_url: HOSTILE.link },
      {
        field: HOSTILE.script, code: 'invalid', message: HOSTILE.anchor,
        documentation_url: HOSTILE.link,
      },
    ],
    documentation_url: HOSTILE.link,
  };
}

/** A 404 whose message is markup. */
export function hostileNotFound() {
  return { message: `${HOSTILE.img} ${HOSTILE.script}`, documentation_url: HOSTILE.link };
}

/** What a corporate SSO proxy puts in front of an API path. */
export const PROXY_LOGIN_HTML = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Sign in - Corporate SSO</title></head>
<body><h1>Sign in to continue</h1>
<form method="post" action="/sso/login">
<input name="username"><input name="password" type="password"><button>Sign in</button>
</form></body></html>
`;
