// Runs the end-to-end scenarios in tests/e2e/scenarios/*.mjs, each with a
// fresh Looker test server and fresh browsers, and prints one line per
// scenario, then `N passed, N failed`. Exit code 1 if any failed.
//
//   node tests/e2e/run.mjs [FILTER] [--extension DIR] [--scenarios DIR] [--list]
//
// FILTER keeps the scenarios whose name contains it; --scenarios reads
// another directory of scenario modules (default tests/e2e/scenarios). The extension under
// test is DIR (default: the repository root, once built), copied with
// host permission for 127.0.0.1. HEADFUL=1 runs a visible browser, under
// xvfb-run when there is no display.
//
// A scenario module exports `name` and `async run(ctx)` (and optionally
// `timeout` in ms), or `scenarios`/default: an array of { name, run, timeout }.
// ctx: { name, server, extensionDir, openPanel(opts), launchBrowser(opts),
// screenshot(label), log(...) }. openPanel takes openDevToolsPanel's options
// (harness.mjs) and fills in the extension; every browser a scenario opens
// is closed after it. On failure the runner saves to tests/e2e/artifacts/:
// <name>.failure.png (DevTools), <name>.failure-page.png, <name>.console.log
// (the panel's console), <name>.error.txt and <name>.requests.log.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEFAULT_TIMEOUT = 60_000;

const USAGE = `usage: node tests/e2e/run.mjs [FILTER] [--extension DIR] [--scenarios DIR] [--list]
  FILTER           run only the scenarios whose name contains it
  --extension DIR  the extension to test (default: this repository, built)
  --scenarios DIR  another directory of scenario modules
  --list           print the scenarios' names and stop
  HEADFUL=1        show the browser (under xvfb-run without a display)`;

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error(`run.mjs: ${err.message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
// After the arguments, so that --help works before `npm ci`.
const { startLookerServer } = await import('../looker-server/server.mjs');
const {
  ARTIFACTS, launchBrowser, makeTestExtension, openDevToolsPanel, withTimeout,
} = await import('./harness.mjs');
if (process.env.HEADFUL === '1' && !process.env.DISPLAY) {
  const result = spawnSync('xvfb-run', ['-a', '-s', '-screen 0 1600x1000x24',
    process.execPath, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const scenarios = (await discover(args.scenarios)).filter((s) => s.name.includes(args.filter));
if (args.list) {
  for (const s of scenarios) console.log(s.name);
  process.exit(0);
}
if (scenarios.length === 0) {
  console.error(`no scenario matches "${args.filter}"`);
  process.exit(1);
}

const extensionSource = args.extension ?? ROOT;
const extensionDir = existsSync(join(extensionSource, 'manifest.json'))
  ? await makeTestExtension(extensionSource)
  : null;
let passed = 0;
let failed = 0;

for (const scenario of scenarios) {
  const started = Date.now();
  const error = await runScenario(scenario);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (error) {
    failed += 1;
    const where = `tests/e2e/artifacts/${safeName(scenario.name)}.*`;
    console.log(`FAIL ${scenario.name} (${seconds} s): ${firstLine(error)} [${where}]`);
  } else {
    passed += 1;
    console.log(`ok   ${scenario.name} (${seconds} s)`);
  }
}

if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

// Returns the error, or null when the scenario passed.
async function runScenario(scenario) {
  let server;
  try {
    server = await startLookerServer();
  } catch (err) {
    return new Error(`the Looker test server did not start: ${err.message}`);
  }
  const opened = []; // harness or browser handles, in opening order
  const logs = [];
  const file = safeName(scenario.name);
  let ended = false;
  // A scenario abandoned by its timeout may still open a browser: close it.
  const track = (handles) => {
    if (ended) {
      handles.close().catch(() => {});
      throw new Error('the scenario had already ended');
    }
    opened.push(handles);
    return handles;
  };
  const ctx = {
    name: scenario.name,
    server,
    extensionDir,
    log: (...parts) => logs.push(parts.join(' ')),
    async openPanel(options = {}) {
      if (!extensionDir) throw new Error(`no extension at ${extensionSource}: build it first`);
      // The runner tracks every browser (to close it after a timeout); a
      // scenario's own onLaunch runs as well, not instead.
      const { onLaunch, ...rest } = options;
      return openDevToolsPanel({
        extensionDir,
        failureName: `${file}.open-failure`,
        onLaunch: (handles) => {
          track(handles);
          onLaunch?.(handles);
        },
        ...rest,
      });
    },
    async launchBrowser(options = {}) {
      return track(await launchBrowser({ extensionDir, ...options }));
    },
    async screenshot(label, { page = false } = {}) {
      const last = opened.at(-1);
      if (!last) throw new Error('screenshot: no browser is open');
      await mkdir(ARTIFACTS, { recursive: true });
      const path = join(ARTIFACTS, `${file}-${safeName(label)}.png`);
      await (page || !last.devtools ? last.page : last.devtools).screenshot({ path });
      return path;
    },
  };

  let error = null;
  const running = Promise.resolve().then(() => scenario.run(ctx));
  running.catch(() => {}); // after a timeout it may still reject
  try {
    await withTimeout(running, scenario.timeout ?? DEFAULT_TIMEOUT);
  } catch (err) {
    error = err;
    await saveArtifacts(file, err, opened, logs, server);
  }

  ended = true;
  for (const handles of opened.reverse()) await handles.close().catch(() => {});
  await server.close();
  return error;
}

async function saveArtifacts(file, err, opened, logs, server) {
  await mkdir(ARTIFACTS, { recursive: true });
  const shot = (target, name) => withTimeout(
    target.screenshot({ path: join(ARTIFACTS, name) }), 5_000).catch(() => {});
  const last = opened.at(-1);
  if (last?.devtools) await shot(last.devtools, `${file}.failure.png`);
  if (last?.page) await shot(last.page, `${file}.failure-page.png`);

  const consoleLog = last?.consoleLog ?? err.consoleLog ?? [];
  const lines = consoleLog.map((m) => `${m.at}ms ${m.type} ${m.text} (${m.url})`);
  await writeFile(join(ARTIFACTS, `${file}.console.log`), lines.join('\n') + '\n');
  const text = [err.stack ?? String(err), '', ...logs].join('\n');
  await writeFile(join(ARTIFACTS, `${file}.error.txt`), text + '\n');
  const requests = server.requests.map((r) => `${r.listener} ${r.method} ${r.path} ${r.status}`);
  await writeFile(join(ARTIFACTS, `${file}.requests.log`), requests.join('\n') + '\n');
}

async function discover(dir) {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.mjs')).sort();
  const found = [];
  for (const file of files) {
    const mod = await import(pathToFileURL(join(dir, file)).href);
    const list = mod.scenarios ?? mod.default ?? [mod];
    for (const s of Array.isArray(list) ? list : [list]) {
      if (typeof s.name !== 'string' || typeof s.run !== 'function') {
        throw new Error(`${file}: a scenario needs a string name and a run(ctx) function`);
      }
      found.push(s);
    }
  }
  return found;
}

function parseArgs(argv) {
  const out = {
    filter: '', extension: null, list: false,
    scenarios: fileURLToPath(new URL('./scenarios/', import.meta.url)),
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--extension') out.extension = argv[++i];
    else if (argv[i] === '--scenarios') out.scenarios = resolve(argv[++i]);
    else if (argv[i] === '--list') out.list = true;
    else if (argv[i] === '--help' || argv[i] === '-h') out.help = true;
    else if (argv[i].startsWith('--')) throw new Error(`unknown option ${argv[i]}`);
    else out.filter = argv[i];
  }
  return out;
}

function safeName(name) {
  return name.replace(/[^a-zA-Z0-9._-]+/g, '_');
}

// One line for the summary; assert's generated messages span several, so
// they are replaced by the values compared.
function firstLine(err) {
  if (err?.code === 'ERR_ASSERTION' && err.generatedMessage && 'expected' in err) {
    const show = (v) => JSON.stringify(v)?.slice(0, 120);
    return `expected ${show(err.expected)}, got ${show(err.actual)} (${err.operator})`;
  }
  return String(err?.message ?? err).split('\n')[0];
}
