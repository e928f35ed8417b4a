// The benchmarks of issue 6, in one run: HAR import (engine in wasm against
// a plain-JavaScript classifier, and natively), memory, a live burst into
// the panel, start-up and size. Prints one table, each figure beside the
// baseline measured with it; the last line is `goals met: N of M`.
//
//   node tests/bench/run.mjs [--runs N] [--profile]     (./build.sh bench)
//
// Needs pkg/ (./build.sh), cargo, and Chromium (/usr/bin/chromium or
// $CHROMIUM). Generated files go to tests/bench/out/ (git-ignored).
//   --runs N    timed runs of each import (default 5): wasm, JS, native
//   --profile   afterwards, CPU-profile one import of each kind, a burst
//               into the panel and the panel's first and second import of
//               the big file, with a wasm build that keeps function names;
//               writes out/*.cpuprofile (open in DevTools) and prints where
//               the time goes

import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync,
} from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEndpointTable } from './endpoints.mjs';
import { formatTable, goalRows } from './goals.mjs';
import { measureImport, measurePanelImport } from './measure_import.mjs';
import { measureBurst, measureStartup } from './measure_live.mjs';
import { startNative } from './native.mjs';
import { startBrowser } from './page.mjs';
import { profileAll } from './profile.mjs';
import { startServer } from './server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const OUT = join(ROOT, 'tests/bench/out');
const WASM = join(ROOT, 'pkg/looker_api_doctor_bg.wasm');
const BIG = { file: 'big.har', entries: 20_000, mb: 50 };
const BURST = { file: 'burst.har', entries: 10_000, mb: 25 };
const ROW_HEIGHT = 22; // src/wasm/list.rs ROW_HEIGHT
const STARTUP_LOADS = 3;
const PROFILED_BURST = 3000;

const log = (message) => console.log(`bench: ${message}`);

function options(argv) {
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a whole number ≥ 1');
  return { runs, profile: argv.includes('--profile') };
}

// The generator is deterministic: a file is remade only when missing or
// older than the generator.
function ensureHar({ file, entries, mb }) {
  const path = join(OUT, file);
  const generator = join(ROOT, 'tests/bench/make_har.mjs');
  if (!existsSync(path) || statSync(path).mtimeMs < statSync(generator).mtimeMs) {
    execFileSync('node', [generator, path, String(entries), String(mb)], { stdio: 'inherit' });
  }
  return path;
}

// The native engine is built from src/ by this run; pkg/ is whatever the
// last ./build.sh made, so say when src/ has changed since.
function checkPkg() {
  const glue = join(ROOT, 'pkg/looker_api_doctor.js');
  if (!existsSync(WASM) || !existsSync(glue)) throw new Error('no pkg/: run ./build.sh first');
  if (!readFileSync(glue, 'utf8').includes('export function analyzeHarBytes')) {
    throw new Error('pkg/ has no analyzeHarBytes (src/wasm/mod.rs): rebuild it with ./build.sh');
  }
  const built = statSync(WASM).mtimeMs;
  const newer = readdirSync(join(ROOT, 'src'), { recursive: true })
    .filter((f) => f.endsWith('.rs') && statSync(join(ROOT, 'src', f)).mtimeMs > built);
  if (newer.length) {
    log(`warning: pkg/ is older than src/${newer[0]} (and ${newer.length - 1} more): ` +
      'the wasm and native figures may come from different code; ./build.sh bench rebuilds');
  }
}

function wasmSize() {
  const gzip = spawnSync('gzip', ['-9', '-c', WASM], { maxBuffer: 1 << 30 });
  if (gzip.status !== 0) throw new Error(`gzip failed: ${gzip.stderr}`);
  return { raw: statSync(WASM).size, gzipped: gzip.stdout.length };
}

// A measurement that fails becomes { error }, so the others still report.
async function attempt(name, measure) {
  log(name);
  try {
    return await measure();
  } catch (error) {
    log(`${name} failed: ${error.message}`);
    return { error: error.message.split('\n')[0] };
  }
}

function agreement(native, imp) {
  if (native.error || imp.error) return 'not compared (a measurement failed)';
  const counts = `engine native ${native.findings}, engine wasm ${imp.wasmFindings}, ` +
    `JS baseline ${imp.baselineFindings}`;
  const kinds = new Set([...Object.keys(native.kinds), ...Object.keys(imp.baselineKinds)]);
  const differ = [...kinds].filter((k) => native.kinds[k] !== imp.baselineKinds[k])
    .map((k) => `${k} engine ${native.kinds[k] ?? 0} / JS ${imp.baselineKinds[k] ?? 0}`);
  return differ.length ? `${counts}; per kind DIFFERENT: ${differ.join(', ')}`
    : `${counts}; the same counts in all ${kinds.size} kinds`;
}

function details(m, load) {
  const { imp, panel, native, burst, startup } = m;
  const list = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
  const lines = [`load average ${load.start} at start, ${load.end} at end (2 cores)`];
  if (!imp.error) {
    lines.push(`import runs (ms): wasm ${list(imp.wasmRuns)} (engine alone ` +
      `${list(imp.engineRuns)}); JS ${list(imp.baselineRuns)}; native ${list(imp.nativeRuns)}`);
    const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
    lines.push(`wasm memory: ${mb(imp.memoryAtStart)} after init, ` +
      `${mb(imp.memoryAfterFirst)} after the first import, ${mb(imp.memoryPeak)} after all`);
  }
  if (!native.error) {
    lines.push(`native heap: peak ` +
      `${(native.peakHeapBytes / 1048576).toFixed(1)} MB besides the file, ` +
      `${(native.keptHeapBytes / 1024).toFixed(0)} KB kept in the returned analysis`);
  }
  lines.push(`findings: ${agreement(native, imp)}`);
  if (!panel.error) {
    lines.push(`panel import: ${panel.summary.trim()}; first import in each of ` +
      `${panel.firstRuns.length} panels (ms) ${list(panel.firstRuns)}; ` +
      `second import in the first ${panel.secondMs.toFixed(0)} ms`);
  }
  if (!burst.error) {
    lines.push(`burst: ${burst.count} entries handed over in ${burst.emittedMs.toFixed(0)} ms, ` +
      `all listed after ${burst.listedMs.toFixed(0)} ms; long tasks (ms): ` +
      `${list(burst.longTasks) || 'none'}`);
  }
  if (!startup.error) {
    lines.push(`startup (ms): panel first paint ${list(startup.panelPaints)}; plain page ` +
      `${list(startup.plainPaints)}; wasm init ${list(startup.inits)}`);
  }
  return lines.map((l) => `  ${l}`).join('\n');
}

// Every browser measurement, in one headless Chromium; results go into `m`.
async function measureInBrowser(m, opts, native, bigHar) {
  const server = await startServer(ROOT);
  const chromium = await startBrowser().catch(async (error) => {
    await server.close();
    throw error;
  });
  log(`${chromium.version}, pages from ${server.origin}`);
  const url = (file) => `/tests/bench/out/${file}`;
  const emptyHar = url('empty.har');
  const b = chromium.browser;
  try {
    m.imp = await attempt('import: engine (wasm), JS baseline and native, in turn',
      () => measureImport(b, server.origin, { har: url(BIG.file),
        endpoints: url('endpoints.json'), runs: opts.runs, native }));
    m.panel = await attempt('import through the panel',
      () => measurePanelImport(b, server.origin, { path: bigHar, emptyHar }));
    if (!m.panel.error) {
      m.panel.entries = Number(/(\d+) requests/.exec(m.panel.summary)?.[1] ?? BIG.entries);
    }
    m.burst = await attempt(`burst of ${BURST.entries} requests into the panel`,
      () => measureBurst(b, server.origin, { har: url(BURST.file), emptyHar,
        count: BURST.entries, rowHeight: ROW_HEIGHT }));
    m.startup = await attempt('first paint and wasm initialisation',
      () => measureStartup(b, server.origin, { loads: STARTUP_LOADS, emptyHar }));
    if (opts.profile) {
      m.profiles = await attempt('profiles (a wasm build with names)', () => profileAll(b, {
        root: ROOT, out: OUT, har: url(BIG.file), endpoints: url('endpoints.json'),
        burst: { har: url(BURST.file), emptyHar, count: PROFILED_BURST, rowHeight: ROW_HEIGHT },
        panel: { path: bigHar, emptyHar },
      }));
    }
  } finally {
    await chromium.close();
    await server.close();
  }
}

async function main() {
  const opts = options(process.argv.slice(2));
  const load = { start: loadavg()[0].toFixed(2) };
  mkdirSync(OUT, { recursive: true });
  checkPkg();
  const bigHar = ensureHar(BIG);
  ensureHar(BURST);
  writeFileSync(join(OUT, 'empty.har'), '{"log":{"version":"1.2","entries":[]}}');
  writeFileSync(join(OUT, 'endpoints.json'), JSON.stringify(readEndpointTable()));

  const m = { size: wasmSize() };
  const native = await attempt('native engine (bench_native)', () => startNative(ROOT, bigHar));
  m.native = native.error ? native : native.info;
  try {
    await measureInBrowser(m, opts, native.error ? null : native, bigHar);
  } finally {
    if (!native.error) await native.close();
  }
  load.end = loadavg()[0].toFixed(2);

  if (typeof m.profiles === 'string') console.log(`\n${m.profiles}`);
  console.log(`\n${details(m, load)}\n`);
  console.log(formatTable(goalRows(m)));
}

main().catch((error) => {
  console.error(`bench: error: ${error.message}`);
  process.exit(1);
});
