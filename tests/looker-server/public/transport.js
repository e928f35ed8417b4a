// An SDK-like transport for the scenario page: it calls the Looker API the
// way the TS SDK and the front end do, and always reads the whole body.
// (A fetch whose body is never read never finishes in DevTools.)

// The SDKs' rule for "this body is text" (facts §1.9).
const TEXTUAL = new RegExp(
  '^(application/.*(json|xml|sql|graphql|javascript|x-www-form-urlencoded)|text/)'
    + '|\\+xml|;\\s*charset=', 'i');

/** One API origin, as an SDK's `base_url` (no `/api/...` in it). */
export class LookerTransport {
  constructor(origin) {
    this.origin = origin;
  }

  /** POST /api/4.0/login, form-encoded; returns the call record and the token. */
  async login(clientId, clientSecret, { appId } = {}) {
    const form = new URLSearchParams({ client_id: clientId, client_secret: clientSecret });
    const call = await this.request('POST', '/api/4.0/login', { form, appId });
    const token = call.ok ? JSON.parse(call.body).access_token : null;
    return { call, token };
  }

  /**
   * Makes one call and reads its body. Never throws: a network failure is a
   * record with `error` set (the page sees only `TypeError: Failed to fetch`).
   * `opts`: { token, json, text, form, appId, contentType }.
   */
  async request(method, path, opts = {}) {
    const url = `${this.origin}${path}`;
    const headers = {};
    let body;

    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    if (opts.appId) headers['x-looker-appid'] = opts.appId;
    if (opts.form) {
      body = opts.form; // fetch sends application/x-www-form-urlencoded
    } else if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.text !== undefined) {
      body = opts.text; // fetch labels a bare string text/plain;charset=UTF-8
      if (opts.contentType) headers['Content-Type'] = opts.contentType;
    }

    const record = { method, url, status: 0, ok: false };
    try {
      const res = await fetch(url, { method, headers, body });
      record.status = res.status;
      record.ok = res.ok;
      record.contentType = res.headers.get('content-type') ?? '';
      record.retryAfter = res.headers.get('retry-after');
      const bytes = new Uint8Array(await res.arrayBuffer());
      record.bytes = bytes.length;
      record.magic = Array.from(bytes.slice(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
      record.body = TEXTUAL.test(record.contentType) ? new TextDecoder().decode(bytes) : null;
    } catch (err) {
      record.error = `${err.name}: ${err.message}`;
    }
    return record;
  }
}
