// Writes a large, Looker-shaped HAR file for the benchmarks: a realistic
// mix of Looker API calls (logins, JSON results, failures of every kind the
// engine judges, binary render results) and other page traffic.
//
//   node tests/bench/make_har.mjs [OUT.har] [ENTRIES] [TARGET_MB]   (--help)
//
// The content is deterministic (a seeded generator), so two runs compare
// the same file.

import { writeFileSync } from "node:fs";

const USAGE = `usage: node tests/bench/make_har.mjs [OUT.har] [ENTRIES] [TARGET_MB]

Writes a Looker-shaped HAR file for the benchmarks, the same at every run.
  OUT.har    the file to write (default tests/bench/out/big.har)
  ENTRIES    how many requests it holds (default 20000)
  TARGET_MB  about how large it grows, in MB (default 50)`;

function refuse(problem) {
  console.error(`make_har.mjs: ${problem}\n\n${USAGE}`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
// An option is never taken for the output path: "--help" used to become a
// 50 MB file of that name in the current folder.
const option = args.find((arg) => arg.startsWith("-"));
if (option !== undefined) refuse(`unknown option ${option}`);
if (args.length > 3) refuse(`too many arguments (${args.length})`);

const [out = "tests/bench/out/big.har", entriesArg = "20000", mbArg = "50"] = args;
const ENTRIES = Number(entriesArg);
const TARGET_BYTES = Number(mbArg) * 1024 * 1024;
if (!Number.isInteger(ENTRIES) || ENTRIES < 1) {
  refuse(`ENTRIES is not a whole number ≥ 1: ${entriesArg}`);
}
if (!(TARGET_BYTES > 0)) refuse(`TARGET_MB is not a number > 0: ${mbArg}`);

let seed = 42;
function random() {
  // xorshift32: fast, deterministic, good enough for a traffic mix.
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];

const HOST = "https://acme.looker.com";
const TOKEN = "benchTokenNotReal1234567890";
const start = Date.parse("2026-11-20T10:00:00Z");

// Average bytes of JSON result body needed to reach the target size.
const resultBytes = Math.max(200, Math.floor((TARGET_BYTES / ENTRIES) * 1.45) - 1400);

function rows(bytes) {
  const row = { "orders.id": 0, "orders.status": "complete", "users.city": "Lisbon" };
  const rowText = JSON.stringify(row).length + 1;
  const count = Math.max(1, Math.floor(bytes / rowText));
  const list = [];
  for (let i = 0; i < count; i++) {
    list.push({ ...row, "orders.id": i });
  }
  return JSON.stringify(list);
}

const PNG_BASE64 = Buffer.concat([
  Buffer.from("89504e470d0a1a0a", "hex"),
  Buffer.alloc(6000, 7),
]).toString("base64");

function header(name, value) {
  return { name, value };
}

function entry(i, method, url, status, { requestHeaders = [], body, mime = "application/json", text, encoding, error } = {}) {
  const response = {
    status,
    statusText: "",
    httpVersion: "http/2.0",
    headers: [header("content-type", mime), header("x-b3-traceid", "a1b2c3d4e5f6")],
    cookies: [],
    content: { size: text ? text.length : 0, mimeType: mime, ...(text !== undefined ? { text } : {}), ...(encoding ? { encoding } : {}) },
    redirectURL: "",
    headersSize: -1,
    bodySize: text ? text.length : 0,
    _transferSize: text ? text.length + 300 : 300,
    ...(error ? { _error: error } : {}),
  };
  const request = {
    method,
    url,
    httpVersion: "http/2.0",
    headers: [header("accept", "application/json"), header("x-looker-appid", "TS-SDK"), ...requestHeaders],
    queryString: [],
    cookies: [],
    headersSize: -1,
    bodySize: body ? body.text.length : 0,
    ...(body ? { postData: body } : {}),
  };
  return {
    startedDateTime: new Date(start + i * 150).toISOString(),
    time: 40 + Math.floor(random() * 400),
    request,
    response,
    cache: {},
    timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 1, wait: 30, receive: 9 },
    serverIPAddress: "203.0.113.10",
    _resourceType: "fetch",
    _priority: "High",
    pageref: "page_1",
  };
}

const auth = [header("authorization", `Bearer ${TOKEN}`)];
const json = (text) => ({ mimeType: "application/json", text });

function looker(i) {
  const roll = random();
  if (i % 500 === 0) {
    const login = JSON.stringify({ access_token: TOKEN, token_type: "Bearer", expires_in: 3600, refresh_token: null });
    return entry(i, "POST", `${HOST}/api/4.0/login`, 200, {
      body: { mimeType: "application/x-www-form-urlencoded", text: "client_id=benchId&client_secret=benchSecretNotReal" },
      requestHeaders: [header("content-type", "application/x-www-form-urlencoded")],
      text: login,
    });
  }
  if (roll < 0.55) {
    const path = pick(["/queries/run/json", "/looks/42/run/json", "/dashboards/7", "/folders/3/looks", "/user", "/lookml_models"]);
    const method = path.startsWith("/queries") ? "POST" : "GET";
    const body = method === "POST" ? json('{"model":"thelook","view":"orders","fields":["orders.id"]}') : undefined;
    const requestHeaders = method === "POST" ? [...auth, header("content-type", "application/json")] : auth;
    const size = Math.floor(resultBytes * (0.3 + random() * 1.4));
    return entry(i, method, `${HOST}/api/4.0${path}`, 200, { body, requestHeaders, text: rows(size) });
  }
  if (roll < 0.62) {
    return entry(i, "GET", `${HOST}/api/4.0/render_tasks/${i}/results`, 200, { requestHeaders: auth, mime: "image/png", text: PNG_BASE64, encoding: "base64" });
  }
  if (roll < 0.66) {
    const errors = [{ field: "folder_id", code: "already_exists", message: "folder_id and the folder id of the existing look must be different", documentation_url: "https://cloud.google.com/looker/docs/r/err/4.0/422/patch/looks/:look_id/move" }];
    return entry(i, "PATCH", `${HOST}/api/4.0/looks/${i}/move?folder_id=7`, 422, { requestHeaders: auth, text: JSON.stringify({ message: "Validation Failed", errors, documentation_url: "https://cloud.google.com/looker/docs/" }) });
  }
  if (roll < 0.70) {
    return entry(i, "GET", `${HOST}/api/4.0/looks/${i}`, 404, { requestHeaders: auth, text: '{"message":"The resource you\'re looking for could not be found"}' });
  }
  if (roll < 0.72) {
    return entry(i, "POST", `${HOST}/api/4.0/queries`, 400, {
      requestHeaders: [...auth, header("content-type", "application/json")],
      body: json('{"model": "m", "view": "v", "fields": ["v.id",]}'),
      text: '{"message":"Bad Request","documentation_url":"https://cloud.google.com/looker/docs/"}',
    });
  }
  if (roll < 0.74) {
    return entry(i, "POST", `${HOST}/api/4.0/queries`, 400, {
      requestHeaders: [...auth, header("content-type", "text/plain;charset=UTF-8")],
      body: { mimeType: "text/plain;charset=UTF-8", text: '{"model":"m","view":"v"}' },
      text: '{"message":"Bad Request","documentation_url":"https://cloud.google.com/looker/docs/"}',
    });
  }
  if (roll < 0.76) {
    return entry(i, "GET", `${HOST}/api/4.0/user`, 401, { text: '{"message":"Requires authentication.","documentation_url":"https://cloud.google.com/looker/docs/"}' });
  }
  if (roll < 0.77) {
    return entry(i, "GET", `${HOST}/api/4.0/dashboards/1`, 429, { requestHeaders: auth, text: '{"message":"Too Many Requests"}' });
  }
  if (roll < 0.78) {
    return entry(i, "GET", `${HOST}/api/4.0/dashboards/2`, 503, { requestHeaders: auth, mime: "text/html", text: "<html><title>Service Unavailable</title></html>" });
  }
  if (roll < 0.79) {
    return entry(i, "GET", `${HOST}/api/3.1/spaces/4`, 404, { requestHeaders: auth, text: '{"message":"Not found","documentation_url":"http://docs.looker.com/"}' });
  }
  return entry(i, "GET", `${HOST}/api/4.0/session`, 200, { requestHeaders: auth, text: '{"workspace_id":"production"}' });
}

function other(i) {
  const kind = pick(["script", "stylesheet", "image", "fetch"]);
  const mime = { script: "application/javascript", stylesheet: "text/css", image: "image/svg+xml", fetch: "application/json" }[kind];
  const text = kind === "fetch" ? '{"message":"Validation Failed","errors":[{"resource":"Issue","field":"title","code":"missing_field"}],"documentation_url":"https://docs.github.com/rest"}' : "x".repeat(300);
  const url = kind === "fetch" ? "https://api.github.com/repos/acme/app/issues" : `https://static.example.com/assets/${i}.${kind}`;
  const e = entry(i, kind === "fetch" ? "POST" : "GET", url, kind === "fetch" ? 422 : 200, { mime, text });
  e._resourceType = kind;
  return e;
}

const entries = [];
for (let i = 0; i < ENTRIES; i++) {
  entries.push(random() < 0.8 ? looker(i) : other(i));
}
const har = {
  log: {
    version: "1.2",
    creator: { name: "WebInspector", version: "537.36" },
    pages: [{ startedDateTime: new Date(start).toISOString(), id: "page_1", title: `${HOST}/dashboards/7`, pageTimings: {} }],
    entries,
  },
};
const text = JSON.stringify(har);
writeFileSync(out, text);
console.log(`make_har: ${out}: ${entries.length} entries, ${(text.length / 1048576).toFixed(1)} MB`);
