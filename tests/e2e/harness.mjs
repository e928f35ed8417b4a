// Real-browser harness: Debian's Chromium, driven by puppeteer-core, with the
// extension loaded and its DevTools panel open. Recipe and traps:
// shared/notes/toolchain-and-browser-testing.md.
//
//   const dir = await makeTestExtension(repoRoot);   // grants 127.0.0.1
//   const h = await openDevToolsPanel({ extensionDir: dir, url });
//   const panel = h.panelFrame();                    // a puppeteer Frame
//   await panel.waitForSelector('...');
//   await h.screenshot('after-login');               // artifacts/<name>.png
//   h.consoleLog                                     // [{ type, text, url, at }]
//   await h.close();
//
// openDevToolsPanel(options) launches the browser, opens DevTools on the tab
// (undocked, so every panel tab is visible), waits until the extension's
// devtools page has run and its panel's tab exists, navigates the tab to
// `url`, then switches to the panel by pressing Ctrl+] until the panel's tab
// is selected and its iframe exists. Options:
//   extensionDir  unpacked extension (required)
//   url           page to inspect; none: stay on about:blank
//   panelTitle    'Looker API'
//   panelFirst    show the panel before navigating (default: after)
//   dock          'undocked' | 'bottom' | 'right'
//   headful       default: HEADFUL=1 in the environment (needs a DISPLAY,
//                 e.g. under xvfb-run)
//   artifactsDir  where screenshot(name) writes; default tests/e2e/artifacts
//   failureName   if opening fails: <artifactsDir>/<failureName>.png, and the
//                 error carries .screenshot and .consoleLog
//   timeout       ms for each wait (default 20000)
//   onLaunch      called with the (still filling) handles as soon as the
//                 browser runs, so a caller can close it after a timeout
// It returns { browser, page, devtools, extensionId, panelFrame(),
// showPanel(), screenshot(name, { page }), consoleLog, close() }.
//
// launchBrowser(options) is the first step alone: a fresh profile with the
// extension (if any) and no DevTools; returns { browser, page, close() }.
// makeTestExtension(srcRoot, grantOrigins) copies a built extension with
// host permissions for the test server (see below); extensionIdForPath(dir)
// is Chromium's id for it; withTimeout(promise, ms) bounds any wait.

import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
export const DEFAULT_GRANTS = ['http://127.0.0.1/*', 'https://127.0.0.1/*'];

const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const sleep = (ms) => new Promise((done) => setTimeout(done, ms).unref());

/** Launches Chromium on a fresh profile, with `extensionDir` loaded if given. */
export async function launchBrowser({
  extensionDir, headful = process.env.HEADFUL === '1', dock = 'undocked',
  windowSize = [1280, 900],
} = {}) {
  if (headful && !process.env.DISPLAY) {
    throw new Error('HEADFUL=1 needs a display: run under `xvfb-run -a`');
  }

  // The dock state is a DevTools preference; a fresh profile can carry it.
  const userDataDir = await mkdtemp(join(tmpdir(), 'looker-e2e-profile-'));
  await mkdir(join(userDataDir, 'Default'));
  const prefs = { devtools: { preferences: { currentDockState: JSON.stringify(dock) } } };
  await writeFile(join(userDataDir, 'Default', 'Preferences'), JSON.stringify(prefs));

  const args = [...FLAGS, `--user-data-dir=${userDataDir}`,
    `--window-size=${windowSize.join(',')}`];
  if (extensionDir) {
    const dir = resolve(extensionDir);
    args.push(`--disable-extensions-except=${dir}`, `--load-extension=${dir}`);
  }
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: !headful, // true is --headless=new
    args,
    ignoreDefaultArgs: ['--disable-extensions'],
    defaultViewport: null,
  }).catch(async (err) => {
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  });

  const [page] = await browser.pages();
  return {
    browser,
    page: page ?? (await browser.newPage()),
    async close() {
      await browser.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Launches the browser, opens DevTools and the extension's panel. See the header. */
export async function openDevToolsPanel({
  extensionDir, url, panelTitle = 'Looker API', panelFirst = false,
  artifactsDir = ARTIFACTS, failureName = 'open-panel-failure', timeout = 20_000,
  onLaunch, ...launchOptions
}) {
  const manifest = JSON.parse(await readFile(join(extensionDir, 'manifest.json'), 'utf8'));
  if (!manifest.devtools_page) throw new Error(`${extensionDir}: manifest has no devtools_page`);
  const extensionId = manifest.key ? null : extensionIdForPath(resolve(extensionDir));
  const { browser, page, close } = await launchBrowser({ extensionDir, ...launchOptions });

  // One object, filled in as DevTools comes up, so that `onLaunch` callers
  // can screenshot and close a browser whose opening has not finished.
  const handles = {
    browser, page, devtools: null, extensionId: null, consoleLog: [], close,
    panelFrame: () => null,
    async screenshot(name, { page: ofPage = false } = {}) {
      await mkdir(artifactsDir, { recursive: true });
      const path = join(artifactsDir, `${name}.png`);
      await (ofPage || !handles.devtools ? page : handles.devtools).screenshot({ path });
      return path;
    },
  };
  onLaunch?.(handles);

  try {
    const devtools = await page.openDevTools();
    handles.devtools = devtools;
    devtools.setDefaultTimeout(timeout);
    collectConsole(devtools, handles.consoleLog);

    // openDevTools() resolves before the frontend is ready: wait for the
    // extension's devtools page to have run (it registers the panel).
    const devtoolsPage = manifest.devtools_page;
    const origin = await waitForDevtoolsPage(devtools, devtoolsPage, extensionId, timeout);
    await waitForPanelTab(devtools, panelTitle, launchOptions.dock ?? 'undocked', timeout);
    handles.extensionId = new URL(origin).host;
    handles.panelFrame = () => findPanelFrame(devtools, origin, devtoolsPage);
    handles.showPanel = () => showPanel(devtools, panelTitle, origin, devtoolsPage, timeout);

    if (panelFirst) await handles.showPanel();
    if (url) await page.goto(url);
    if (!panelFirst) await handles.showPanel();
    return handles;
  } catch (err) {
    // The browser closes with the error, so keep its picture and log now.
    err.consoleLog = handles.consoleLog;
    err.screenshot = await withTimeout(handles.screenshot(failureName), 5_000)
      .catch(() => null);
    await close();
    throw err;
  }
}

/** Rejects when `promise` has not settled within `ms`. */
export function withTimeout(promise, ms) {
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * Copies the built extension (manifest.json, extension/, pkg/) from
 * `srcRoot` into a temporary directory whose manifest also grants
 * `grantOrigins` as host permissions: the permission prompt of
 * chrome.permissions.request cannot be accepted by automation. Returns the
 * directory; the caller removes it.
 */
export async function makeTestExtension(srcRoot, grantOrigins = DEFAULT_GRANTS) {
  const manifestPath = join(srcRoot, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  const dir = await mkdtemp(join(tmpdir(), 'looker-e2e-extension-'));

  for (const part of ['extension', 'pkg']) {
    await cp(join(srcRoot, part), join(dir, part), { recursive: true }).catch((err) => {
      if (err.code !== 'ENOENT') throw err;
      console.warn(`[e2e] ${srcRoot}/${part} is missing: is the extension built?`);
    });
  }
  const hosts = new Set([...(manifest.host_permissions ?? []), ...grantOrigins]);
  manifest.host_permissions = [...hosts];
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** Chromium's id for an unpacked extension without `key`: sha256 of the path, a–p. */
export function extensionIdForPath(absolutePath) {
  const hex = createHash('sha256').update(absolutePath).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

// Panel and devtools-page messages, and the frontend's complaints about the
// extension ("Extension server error: ..."), in arrival order.
function collectConsole(devtools, log) {
  const started = Date.now();
  const ours = (url) => url?.startsWith('chrome-extension://');
  devtools.on('console', (message) => {
    const url = message.location()?.url ?? '';
    const text = message.text();
    if (ours(url) || text.startsWith('Extension server error')) {
      log.push({ type: message.type(), text, url, at: Date.now() - started });
    }
  });
  devtools.on('pageerror', (error) => {
    if (String(error?.stack ?? '').includes('chrome-extension://')) {
      log.push({ type: 'pageerror', text: String(error.stack), url: '', at: Date.now() - started });
    }
  });
}

async function waitForDevtoolsPage(devtools, devtoolsPage, expectedId, timeout) {
  const suffix = `/${devtoolsPage.replace(/^\//, '')}`;
  const deadline = Date.now() + timeout;
  let frame;
  const isDevtoolsPage = (f) => isExtension(f.url()) && f.url().endsWith(suffix);
  while (!(frame = devtools.frames().find(isDevtoolsPage))) {
    if (Date.now() > deadline) {
      throw new Error(`DevTools never loaded the extension's ${devtoolsPage}: does it load?`);
    }
    await sleep(100);
  }
  await frame.waitForFunction(() => document.readyState === 'complete', { timeout });

  // Node's URL gives "null" as the origin of a chrome-extension: URL.
  const id = new URL(frame.url()).host;
  if (expectedId && id !== expectedId) {
    console.warn(`[e2e] extension id ${id}, expected ${expectedId}`);
  }
  return `chrome-extension://${id}`;
}

// Undocked, every panel tab fits in the header; docked, the panel's tab may
// sit in the overflow menu (absent from the DOM), where Ctrl+] still reaches
// it. The tab is the element whose aria-label is the panel's title.
async function waitForPanelTab(devtools, title, dock, timeout) {
  try {
    const wait = dock === 'undocked' ? timeout : 2_000;
    await devtools.waitForFunction(findTab, { timeout: wait }, title);
  } catch {
    if (dock === 'undocked') throw new Error(`no DevTools tab titled "${title}" appeared`);
  }
}

// Runs in the DevTools frontend: is there a (selected) tab titled `title`?
// Looks through shadow roots.
function findTab(title, selectedOnly = false) {
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const selected = el.getAttribute('aria-selected') === 'true';
      if (el.getAttribute('aria-label') === title && (selected || !selectedOnly)) return el;
      const inner = el.shadowRoot && walk(el.shadowRoot);
      if (inner) return inner;
    }
    return null;
  };
  return Boolean(walk(document));
}

function isExtension(url) {
  return url.startsWith('chrome-extension://');
}

function findPanelFrame(devtools, origin, devtoolsPage) {
  const devtoolsUrl = `${origin}/${devtoolsPage.replace(/^\//, '')}`;
  return devtools.frames().find((f) => f.url().startsWith(`${origin}/`) && f.url() !== devtoolsUrl)
    ?? null;
}

// Ctrl+] selects the next panel, overflowed ones included; the panel's
// iframe is created the first time it is shown.
async function showPanel(devtools, title, origin, devtoolsPage, timeout) {
  const deadline = Date.now() + timeout;
  const frameOf = () => findPanelFrame(devtools, origin, devtoolsPage);
  const selected = () => devtools.evaluate(findTab, title, true);
  let tabSeen = false;
  await devtools.bringToFront();

  for (let presses = 0; ; presses++) {
    if (await selected()) {
      tabSeen = true;
      // The iframe is attached a moment after the tab is selected.
      for (let i = 0; i < 20 && !frameOf(); i++) await sleep(100);
      if (frameOf()) break;
    }
    if (Date.now() > deadline) {
      throw new Error(tabSeen
        ? `the "${title}" tab was shown but no ${origin}/ page loaded in it: `
          + 'is its page missing from the build?'
        : `no "${title}" tab was reached after ${presses} Ctrl+]`);
    }
    await devtools.keyboard.down('Control');
    await devtools.keyboard.press(']');
    await devtools.keyboard.up('Control');
    await sleep(150);
  }
  const frame = findPanelFrame(devtools, origin, devtoolsPage);
  await frame.waitForFunction(() => document.readyState === 'complete', { timeout });
  return frame;
}
