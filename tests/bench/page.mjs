// Opening the benchmark's pages in headless Chromium, and the helpers the
// measurements share: fresh pages, page errors, garbage collection, the
// panel's wasm memory and CPU profiles.

import { launchBrowser } from '../e2e/harness.mjs';

export const PANEL = '/extension/panel.html';
export const BENCH = '/tests/bench/bench.html';
const WAIT_MS = 120_000;

/** Headless Chromium on a fresh profile (the e2e harness's flags). */
export async function startBrowser() {
  const { browser, page, close } = await launchBrowser({ headful: false });
  await page.close();
  return { browser, version: await browser.version(), close };
}

/**
 * A new tab at `url`, ready when `readyTest` (a page function) is true.
 * Page errors are collected so that a failure says what went wrong.
 */
export async function openPage(browser, url, readyTest) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const cdp = await page.createCDPSession();

  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(readyTest, { timeout: WAIT_MS, polling: 50 });
  } catch (error) {
    await page.close();
    const seen = errors.length ? `; the page said: ${errors.join(' | ')}` : '';
    throw new Error(`${url} did not get ready: ${error.message}${seen}`);
  }
  return {
    page,
    errors,
    collectGarbage: () => cdp.send('HeapProfiler.collectGarbage'),
    async profile(run) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      const result = await run();
      const { profile } = await cdp.send('Profiler.stop');
      return { result, profile };
    },
    close: () => page.close(),
  };
}

/** Bytes of the wasm memory of the page's pkg/ module (the panel's). */
export function wasmMemory(page) {
  return page.evaluate(async () => {
    const { default: init } = await import('/pkg/looker_api_doctor.js');
    // init() hands back the running instance's exports once initialised.
    return (await init()).memory.buffer.byteLength;
  });
}

/** Polls a page function until it returns a value, for long page work. */
export async function waitForValue(page, fn, timeout = 600_000) {
  const handle = await page.waitForFunction(fn, { timeout, polling: 1000 });
  return handle.jsonValue();
}

function frameName({ functionName, url, lineNumber }) {
  const where = url && !url.endsWith('.wasm') ? ` ${url.split('/').pop()}:${lineNumber + 1}` : '';
  // Rust names carry crate disambiguators and hashes: core[c593…]::…::h01…
  const name = (functionName || '(anonymous)').replace(/\[[0-9a-f]{16}\]|::h[0-9a-f]{16}$/g, '');
  return `${name}${where}`;
}

/**
 * The functions that took the most time in a CPU profile: by their own
 * code (`self`), or with what they called (`inclusive`), only for names
 * that `only` matches.
 */
export function topTime(profile, { count = 12, inclusive = false, only = /./ } = {}) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parents.set(child, node.id);
  }
  const time = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = profile.timeDeltas[i] / 1000;
    total += ms;
    const names = new Set();
    for (let at = id; at !== undefined && (inclusive || names.size === 0); at = parents.get(at)) {
      names.add(frameName(nodes.get(at).callFrame));
    }
    for (const name of names) {
      if (only.test(name)) time.set(name, (time.get(name) ?? 0) + ms);
    }
  });
  return [...time].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([name, ms]) => ({ name, ms, share: ms / total }));
}
