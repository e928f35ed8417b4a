// `run.mjs --profile`: where the time goes. Builds the wasm again with its
// function names kept (wasm-opt -g; otherwise the same as ./build.sh), serves
// it as /pkg/, and records CPU profiles of one import of each kind and of a
// burst into the panel. Profiling slows the code it watches: the profiles
// say where the time goes, the table says how much there is.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { measureBurst } from './measure_live.mjs';
import { armImport } from './measure_import.mjs';
import { BENCH, PANEL, openPage, topTime } from './page.mjs';
import { startServer } from './server.mjs';

const CRATE = 'looker_api_doctor';

// The wasm-bindgen CLI that ./build.sh installed for Cargo.lock's version.
function wasmBindgen(root) {
  const lock = readFileSync(join(root, 'Cargo.lock'), 'utf8');
  const version = /name = "wasm-bindgen"\nversion = "([^"]+)"/.exec(lock)?.[1];
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  const cli = join(cache, 'looker-api-doctor', `wasm-bindgen-${version}`, 'bin', 'wasm-bindgen');
  if (!existsSync(cli)) throw new Error(`no ${cli}: run ./build.sh once first`);
  return cli;
}

/** pkg/ again, with names, in `dir`. */
export function buildNamedPkg(root, dir) {
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
  run('cargo', ['build', '--release', '--lib', '--target', 'wasm32-unknown-unknown', '--quiet']);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  run(wasmBindgen(root), ['--target', 'web', '--out-dir', dir, '--no-typescript',
    `target/wasm32-unknown-unknown/release/${CRATE}.wasm`]);
  const wasm = join(dir, `${CRATE}_bg.wasm`);
  run(join(root, 'node_modules/.bin/wasm-opt'), ['-Oz', '-g', wasm, '-o', wasm]);
}

async function profileImport(browser, origin, { har, endpoints }, name) {
  const tab = await openPage(browser, `${origin}${BENCH}`, () => window.bench);
  try {
    await tab.page.evaluate((h, e) => window.bench.load(h, e), har, endpoints);
    await tab.collectGarbage();
    const { profile } = await tab.profile(() => tab.page.evaluate((n) => window.bench[n](), name));
    return profile;
  } finally {
    await tab.close();
  }
}

// The panel's own import of `path`, through its file input, in a fresh
// panel page: a profile of the first import and one of the second.
async function profilePanelImport(browser, origin, { path, emptyHar }) {
  const url = `${origin}${PANEL}?fake=1&har=${encodeURIComponent(emptyHar)}`;
  const tab = await openPage(browser, url, () => globalThis.lookerApiDoctorPanel);
  try {
    const input = await tab.page.$('[data-testid=import-input]');
    const importOnce = async () => {
      await tab.collectGarbage();
      await tab.page.evaluate(armImport);
      await input.evaluate((element) => { element.value = ''; });
      const { profile } = await tab.profile(async () => {
        await input.uploadFile(path);
        return tab.page.evaluate(() => window.benchImportDone);
      });
      return profile;
    };
    return [await importOnce(), await importOnce()];
  } finally {
    await tab.close();
  }
}

function list(title, rows) {
  const lines = [title];
  for (const { name, ms, share } of rows) {
    const percent = `${(share * 100).toFixed(1)}%`;
    lines.push(`  ${ms.toFixed(0).padStart(6)} ms ${percent.padStart(6)}  ${name.slice(0, 100)}`);
  }
  return lines.join('\n');
}

// The functions with the most time of their own, then the engine's and the
// panel's functions with what they call.
function report(title, profile, path) {
  writeFileSync(path, JSON.stringify(profile));
  return [
    list(`where the time goes, ${title} (self time; ${path}):`, topTime(profile)),
    list('… and with what they call, functions of the crate:', topTime(profile,
      { inclusive: true, only: /^looker_api_doctor::(?!wasm::\w+::\{\{closure)/ })),
  ].join('\n');
}

/** Profiles; returns the text to print. */
export async function profileAll(browser, { root, out, har, endpoints, burst, panel }) {
  const dir = join(out, 'pkg-names');
  buildNamedPkg(root, dir);
  const server = await startServer(root, { '/pkg/': dir });
  try {
    const files = { har, endpoints };
    const wasm = await profileImport(browser, server.origin, files, 'runWasm');
    const baseline = await profileImport(browser, server.origin, files, 'runBaseline');
    const live = await measureBurst(browser, server.origin, { ...burst, profile: true });
    const [firstPanel, secondPanel] = await profilePanelImport(browser, server.origin, panel);
    return [
      report('engine (wasm) import', wasm, join(out, 'wasm.cpuprofile')),
      report('JS baseline import', baseline, join(out, 'baseline.cpuprofile')),
      report(`burst of ${burst.count} into the panel`, live.profile, join(out, 'burst.cpuprofile')),
      report('first panel import', firstPanel, join(out, 'panel-first.cpuprofile')),
      report('second panel import', secondPanel, join(out, 'panel-second.cpuprofile')),
    ].join('\n\n');
  } finally {
    await server.close();
  }
}
