// A fake `host` (same methods as chrome.js) that replays a recorded HAR
// file, so the panel runs in a plain tab: serve the repository root and
// open /extension/panel.html?fake=1. Query parameters:
//   har=URL        the HAR to replay (default: a token-expired case)
//   before=N       entries "recorded before the panel opened", given by
//                  getHAR (default: half); the rest finish one by one
//   interval=MS    time between replayed entries (default 300)
//   pending=N      the last N getHAR entries stay in flight forever
//   inspected=URL  the inspected page's URL (default: the first entry's origin)
//   theme=dark     DevTools' dark theme
//   deny=1         permission requests are refused
// `window.fakeHost` drives it from a test: emit(entry), navigate(url),
// netError(url, error), setTheme(name), and the `log` of calls made.

const params = new URLSearchParams(location.search);
const encoder = new TextEncoder();
const listeners = {
  finished: new Set(), navigated: new Set(), netErrors: new Set(), theme: new Set(),
};
const storage = new Map();
const log = [];

const harUrl = params.get('har') ?? '../tests/fixtures/cases/token-expired-401.har';
const recorded = fetch(harUrl)
  .then((response) => response.json())
  .then((har) => har.log?.entries ?? [])
  .catch((error) => {
    console.warn('[looker-api-doctor] fake: cannot read', harUrl, error);
    return [];
  });

// DevTools hands over entries without their bodies: getContent reads them.
function withoutBody(entry) {
  const copy = structuredClone(entry);
  if (copy.response?.content) delete copy.response.content.text;
  return copy;
}
const pairOf = (entry) => [encoder.encode(JSON.stringify(withoutBody(entry))), entry];

function inFlight(entry) {
  const copy = structuredClone(entry);
  copy.time = 0;
  copy.response = { status: 0, statusText: '', headers: [], content: { size: 0, mimeType: '' } };
  delete copy._error;
  return copy;
}

const split = recorded.then((entries) => {
  const before = Number(params.get('before') ?? Math.ceil(entries.length / 2));
  const pending = Number(params.get('pending') ?? 0);
  const early = entries.slice(0, before);
  const late = entries.slice(before);
  const har = early.map((entry, i) => (i >= early.length - pending ? inFlight(entry) : entry));
  return { har, late };
});

// Replays the later entries once the panel has asked for the earlier ones.
let replaying = false;
async function replay() {
  if (replaying) return;
  replaying = true;
  const { late } = await split;
  const interval = Number(params.get('interval') ?? 300);
  for (const entry of late) {
    await new Promise((done) => setTimeout(done, interval));
    fakeHost.emit(entry);
  }
}

export const host = {
  themeName: () => params.get('theme') ?? 'default',

  onThemeChanged(cb) {
    listeners.theme.add(cb);
    return () => listeners.theme.delete(cb);
  },

  async inspectedUrl() {
    const given = params.get('inspected');
    if (given) return given;
    const [first] = await recorded;
    return first ? `${new URL(first.request.url).origin}/` : '';
  },

  onRequestFinished(cb) {
    listeners.finished.add(cb);
    return () => listeners.finished.delete(cb);
  },

  onNavigated(cb) {
    listeners.navigated.add(cb);
    return () => listeners.navigated.delete(cb);
  },

  async getHar(pendingOnly) {
    const { har } = await split;
    setTimeout(replay, 0);
    return har.filter((e) => !pendingOnly || e.response.status === 0).map(pairOf);
  },

  async getContent(entry) {
    const content = entry?.response?.content ?? {};
    return [content.text ?? null, content.encoding === 'base64' ? 'base64' : null];
  },

  async storageGet(key) {
    return storage.get(key) ?? null;
  },

  async storageSet(key, value) {
    storage.set(key, value);
  },

  async requestPermission(patterns) {
    log.push(['requestPermission', patterns]);
    return params.get('deny') !== '1';
  },

  watchNetErrors(patterns, cb) {
    const entry = { patterns, cb };
    listeners.netErrors.add(entry);
    return () => listeners.netErrors.delete(entry);
  },

  // The "inspected page" is this tab itself.
  async pageEval(expression) {
    try {
      return [(0, eval)(expression) ?? null, null];
    } catch (error) {
      return [null, String(error)];
    }
  },
};

export const fakeHost = {
  log,
  emit(entry) {
    for (const cb of listeners.finished) cb(...pairOf(entry));
  },
  navigate(url) {
    for (const cb of listeners.navigated) cb(url);
  },
  netError(url, error) {
    for (const { cb } of listeners.netErrors) cb(url, error);
  },
  setTheme(name) {
    for (const cb of listeners.theme) cb(name);
  },
};
globalThis.fakeHost = fakeHost;
