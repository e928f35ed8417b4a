// Every chrome.* / browser.* call the panel makes, behind one `host` object
// that the Rust panel calls (src/wasm/host.rs types each method). fake.js
// offers the same object for running the panel in a plain tab.
//
// Methods (each promise resolves; failures reject with an Error):
//   themeName()                    "dark" | "default" (Firefox: "light")
//   onThemeChanged(cb)             cb(themeName) when DevTools' theme changes;
//                                  returns unsubscribe
//   inspectedUrl()                 Promise<string>: the inspected page's URL
//   onRequestFinished(cb)          cb(Uint8Array entryJson, handle); returns unsubscribe
//   onNavigated(cb)                cb(url); returns unsubscribe
//   getHar(pendingOnly)            Promise<[Uint8Array, handle][]>
//   getContent(handle)             Promise<[text | null, "base64" | null]>
//   storageGet(key), storageSet(key, value)
//   requestPermission(patterns)    Promise<boolean>; call it in a click handler
//   watchNetErrors(patterns, cb)   cb(url, "net::ERR_…") for the panel's own
//                                  failed requests; returns unsubscribe
//   pageEval(expression)           Promise<[value, errorText | null]>

// Callback style throughout: Chrome and Firefox both accept it on chrome.*.
const api = globalThis.chrome ?? globalThis.browser;
const devtools = api.devtools;
const encoder = new TextEncoder();
const CONTENT_TIMEOUT_MS = 5000;

const warn = (...args) => console.warn('[looker-api-doctor]', ...args);
const bytesOf = (entry) => encoder.encode(JSON.stringify(entry));

// Calls a callback-style extension API, also accepting a returned promise.
// Resolves with the callback's arguments as an array.
function call(fn, thisArg, ...args) {
  return new Promise((resolve, reject) => {
    const returned = fn.call(thisArg, ...args, (...results) => {
      const error = globalThis.chrome?.runtime?.lastError;
      if (error) reject(new Error(error.message));
      else resolve(results);
    });
    if (returned && typeof returned.then === 'function') {
      returned.then((result) => resolve(Array.isArray(result) ? result : [result]), reject);
    }
  });
}

// An in-flight entry from getHAR: status 0 and no _error (see the notes on
// getHAR); failed entries carry _error whatever their status.
const inFlight = (entry) =>
  entry.response?.status === 0 && !entry._error && !entry.response?._error;

function listen(event, listener) {
  event.addListener(listener);
  return () => event.removeListener(listener);
}

export const host = {
  themeName() {
    return devtools.panels.themeName ?? 'default';
  },

  // Firefox has an event; Chrome takes one handler, unset by calling it
  // without one. A browser with neither keeps the theme the panel opened in.
  onThemeChanged(cb) {
    const { panels } = devtools;
    if (panels.onThemeChanged) return listen(panels.onThemeChanged, (name) => cb(String(name)));
    if (typeof panels.setThemeChangeHandler !== 'function') return () => {};
    panels.setThemeChangeHandler((name) => cb(String(name)));
    return () => panels.setThemeChangeHandler();
  },

  async inspectedUrl() {
    const [value, exception] = await call(devtools.inspectedWindow.eval,
      devtools.inspectedWindow, 'location.href', {});
    if (exception) throw new Error(exception.value ?? exception.description ?? 'eval failed');
    return String(value ?? '');
  },

  onRequestFinished(cb) {
    return listen(devtools.network.onRequestFinished, (request) => cb(bytesOf(request), request));
  },

  onNavigated(cb) {
    return listen(devtools.network.onNavigated, (url) => cb(String(url)));
  },

  async getHar(pendingOnly) {
    const [log] = await call(devtools.network.getHAR, devtools.network);
    const entries = log?.entries ?? [];
    return entries
      .filter((entry) => !pendingOnly || inFlight(entry))
      .map((entry) => [bytesOf(entry), entry]);
  },

  // Chrome calls back (content, encoding); Firefox resolves [content,
  // mimeType]. A request whose body the page never read never calls back:
  // give up after a few seconds rather than hold up judging.
  async getContent(handle) {
    if (typeof handle?.getContent !== 'function') return [null, null];
    const timeout = new Promise((resolve) => setTimeout(() => resolve(null), CONTENT_TIMEOUT_MS));
    const results = await Promise.race([call(handle.getContent, handle), timeout]);
    if (!results) {
      warn('getContent did not answer in time for', handle.request?.url);
      return [null, null];
    }
    const [content, second] = Array.isArray(results[0]) ? results[0] : results;
    return [content ?? null, second === 'base64' ? 'base64' : null];
  },

  async storageGet(key) {
    const [items] = await call(api.storage.local.get, api.storage.local, key);
    const value = items?.[key];
    return typeof value === 'string' ? value : null;
  },

  async storageSet(key, value) {
    await call(api.storage.local.set, api.storage.local, { [key]: value });
  },

  // Not async: the request must start within the click's user gesture.
  requestPermission(patterns) {
    return call(api.permissions.request, api.permissions, { origins: [...patterns] })
      .then(([granted]) => Boolean(granted));
  },

  watchNetErrors(patterns, cb) {
    const event = api.webRequest?.onErrorOccurred;
    if (!event) {
      warn('webRequest is not available: failed checks will lack their reason');
      return () => {};
    }
    const listener = (details) => cb(details.url, details.error);
    event.addListener(listener, { urls: [...patterns], tabId: -1 });
    return () => event.removeListener(listener);
  },

  async pageEval(expression) {
    const [value, exception] = await call(devtools.inspectedWindow.eval,
      devtools.inspectedWindow, expression, {});
    if (exception && (exception.isError || exception.isException)) {
      return [null, String(exception.value ?? exception.description ?? exception.code ?? 'error')];
    }
    return [value ?? null, null];
  },
};
