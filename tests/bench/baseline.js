// The plain-JavaScript baseline of the import benchmark: JSON.parse plus
// the same checks the engine makes, written the way a careful JS developer
// would write them. It runs on the same file in the same browser, so the
// ratio between the two is what the benchmark reports.

const VERSIONED = /\/api\/(?:internal\/core\/)?(\d+\.\d+)(\/[^?#]*)?/;
const BINARY_TYPE = /^(image\/(?!svg)|application\/(pdf|zip|octet-stream|vnd\.openxmlformats|vnd\.ms-excel))/i;

function header(headers, name) {
  for (const h of headers || []) {
    if (h.name.toLowerCase() === name) return h.value;
  }
  return undefined;
}

function magic(content) {
  if (!content || !content.text) return null;
  const head = content.encoding === "base64" ? atob(content.text.slice(0, 12)) : content.text.slice(0, 8);
  if (head.startsWith("%PDF")) return "pdf";
  if (head.startsWith("\x89PNG")) return "png";
  if (head.startsWith("\xFF\xD8\xFF")) return "jpeg";
  if (head.startsWith("PK\x03\x04")) return "zip";
  return null;
}

function parseBody(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads a HAR text and returns the findings as {entry, kind} objects. */
export function classifyHar(text) {
  const har = JSON.parse(text);
  const entries = har.log.entries;
  const findings = [];
  const loginOk = new Set();
  const logins = [];

  for (let i = 0; i < entries.length; i++) {
    const { request, response } = entries[i];
    const url = new URL(request.url);
    const match = VERSIONED.exec(url.pathname);
    const isLooker = match || url.pathname === "/alive" || url.pathname === "/versions";
    if (!isLooker) continue;
    const rest = match ? match[2] || "/" : "";
    const status = response.status;
    const error = response._error || entries[i]._error;
    const add = (kind) => findings.push({ entry: i, kind });
    const isLogin = rest === "/login";
    const body = response.content && response.content.text;

    if (error === "net::ERR_FAILED" && header(request.headers, "origin")) add("cors-blocked");
    else if (error && /ERR_(NAME_NOT_RESOLVED|CONNECTION_REFUSED|CONNECTION_TIMED_OUT)/.test(error)) add("unreachable");
    else if (error && /ERR_(CERT|SSL)_/.test(error)) add("tls-error");
    if (url.pathname.startsWith("//")) add("url-shape");

    if (isLogin && status === 404) add("bad-credentials");
    if (isLogin && status >= 200 && status < 300) {
      loginOk.add(url.origin);
      const token = parseBody(body);
      logins.push({ at: Date.parse(entries[i].startedDateTime), expires: token && token.expires_in });
    }
    if (!isLogin && status === 404) {
      const parsed = parseBody(body);
      if (parsed && /method not found/i.test(parsed.message || "")) add("version-mismatch");
      else if (loginOk.has(url.origin) || header(request.headers, "authorization")) add("missing-permission");
    }
    if (status === 401) {
      const last = logins[logins.length - 1];
      const age = last ? (Date.parse(entries[i].startedDateTime) - last.at) / 1000 : 0;
      add(last && last.expires && age >= last.expires ? "token-expired" : "not-authenticated");
    }
    if (status === 422) {
      const parsed = parseBody(body);
      const fields = (parsed && parsed.errors) || [];
      findings.push({ entry: i, kind: "validation-failed", fields: fields.map((e) => `${e.field}: ${e.code}: ${e.message}`) });
    }
    const sent = request.postData && request.postData.text;
    const contentType = (request.postData && request.postData.mimeType) || header(request.headers, "content-type") || "";
    if (status === 400 && sent && parseBody(sent) === undefined) add("bad-request-json");
    if (["POST", "PUT", "PATCH"].includes(request.method) && sent && !isLogin && !/json/i.test(contentType) && parseBody(sent) !== undefined) {
      add("missing-content-type");
    }
    const responseType = header(response.headers, "content-type") || (response.content && response.content.mimeType) || "";
    if (status >= 200 && status < 300 && (BINARY_TYPE.test(responseType) || magic(response.content))) add("binary-body");
    if (match && /text\/html/i.test(responseType) && !rest.endsWith("/html")) add("not-api-response");
    if (status === 429) add("rate-limited");
    if (status === 202) add("still-running");
    if (status >= 500) add("server-error");
  }
  return findings;
}
