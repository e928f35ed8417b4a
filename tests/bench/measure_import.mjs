// G1–G3 in the browser: importing the benchmark HAR with the engine (wasm)
// and with the JavaScript baseline, alternating in one page, and with the
// real panel (its Import HAR control), with the wasm memory each leaves.

import { BENCH, PANEL, openPage, wasmMemory } from './page.mjs';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The engine against the baseline on one file: the first run of each in a
 * fresh page, then `runs` of each, and of the engine natively if `native`
 * is given, rotating which goes first, with the page's garbage collected
 * before every run so that none pays for another.
 */
export async function measureImport(browser, origin, { har, endpoints, runs, native }) {
  const tab = await openPage(browser, `${origin}${BENCH}`, () => window.bench);
  try {
    const { page } = tab;
    const fileBytes = await page.evaluate((h, e) => window.bench.load(h, e), har, endpoints);
    const memoryAtStart = await page.evaluate(() => window.bench.memoryBytes());
    const run = async (name) => {
      await tab.collectGarbage();
      return page.evaluate((n) => window.bench[n](), name);
    };

    const firstWasm = await run('runWasm');
    const memoryAfterFirst = await page.evaluate(() => window.bench.memoryBytes());
    const firstBaseline = await run('runBaseline');
    const times = { runWasm: [], runBaseline: [], native: [], engine: [] };
    const kinds = native ? ['runBaseline', 'runWasm', 'native'] : ['runBaseline', 'runWasm'];
    let found = firstBaseline.kinds;
    for (let i = 0; i < runs; i++) {
      const order = [...kinds.slice(i % kinds.length), ...kinds.slice(0, i % kinds.length)];
      for (const name of order) {
        if (name === 'native') {
          // The page's garbage too: its collector's threads would compete.
          await tab.collectGarbage();
          times.native.push(await native.run());
          continue;
        }
        const result = await run(name);
        times[name].push(result.ms);
        if (name === 'runWasm') times.engine.push(result.engineMs);
        if (result.kinds) found = result.kinds;
      }
    }

    return {
      fileBytes,
      firstWasmMs: firstWasm.ms,
      firstBaselineMs: firstBaseline.ms,
      wasmMs: median(times.runWasm),
      engineMs: median(times.engine),
      baselineMs: median(times.runBaseline),
      nativeMs: native ? median(times.native) : null,
      wasmRuns: times.runWasm,
      engineRuns: times.engine,
      baselineRuns: times.runBaseline,
      nativeRuns: times.native,
      wasmFindings: firstWasm.findings,
      baselineFindings: firstBaseline.findings,
      baselineKinds: found,
      memoryAtStart,
      memoryAfterFirst,
      memoryPeak: await page.evaluate(() => window.bench.memoryBytes()),
    };
  } finally {
    await tab.close();
  }
}

// Arms the page to time the next import: from the file input's change
// event to the frame after the panel has shown the result (the notice
// "Reading …" hidden again, or the import error shown).
export function armImport() {
  window.benchImportDone = new Promise((resolve) => {
    let started = null;
    window.addEventListener('change', () => {
      started = performance.now();
    }, { capture: true, once: true });
    const notice = document.querySelector('[data-testid=notice]');
    const error = document.querySelector('[data-testid=import-error]');
    const observer = new MutationObserver(() => {
      const failed = !error.hidden;
      if (started === null || (!notice.hidden && !failed)) return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => resolve({
        ms: performance.now() - started,
        failed,
        summary: (failed ? error : document.querySelector('[data-testid=import-summary]'))
          .textContent,
      })));
    });
    for (const element of [notice, error]) {
      observer.observe(element, { attributes: true, attributeFilter: ['hidden'] });
    }
  });
}

// A person opens the panel, clicks Import HAR and chooses a file: that
// takes longer than this, and the first import starts no sooner. Started at
// once instead, it would also pay for the new tab's own start, which goes on
// in the browser for a few hundred milliseconds after the panel is shown
// (an import started then took 750–800 ms; from 300 ms on, 570–630).
const CHOOSING_FILE_MS = 1000;

/**
 * The panel's own import of `path` (through its file input), each in a
 * fresh panel page, a person's time to choose the file after it is shown:
 * "the first import after the panel opens", in `panels` pages since it can
 * be taken only once in each. In the first page the file is imported again
 * while the first import is still shown, which grows memory by about what
 * the first keeps.
 */
export async function measurePanelImport(browser, origin, { path, emptyHar, panels = 3 }) {
  const firsts = [];
  let measured = null;
  for (let i = 0; i < panels; i++) {
    const panel = await importInFreshPanel(browser, origin, { path, emptyHar, again: i === 0 });
    firsts.push(panel.firstMs);
    measured ??= panel;
  }
  return { ...measured, firstMs: median(firsts), firstRuns: firsts };
}

async function importInFreshPanel(browser, origin, { path, emptyHar, again }) {
  const url = `${origin}${PANEL}?fake=1&har=${encodeURIComponent(emptyHar)}`;
  const tab = await openPage(browser, url, () => globalThis.lookerApiDoctorPanel);
  try {
    const { page } = tab;
    await new Promise((done) => { setTimeout(done, CHOOSING_FILE_MS); });
    const input = await page.$('[data-testid=import-input]');
    const importOnce = async () => {
      await tab.collectGarbage();
      await page.evaluate(armImport);
      // As the Import HAR button does: the same file again is a change.
      await input.evaluate((element) => { element.value = ''; });
      await input.uploadFile(path);
      const result = await page.evaluate(() => window.benchImportDone);
      if (result.failed) throw new Error(`the panel could not import ${path}: ${result.summary}`);
      return result;
    };

    const memoryAtStart = await wasmMemory(page);
    const first = await importOnce();
    const memoryAfterFirst = await wasmMemory(page);
    const second = again ? await importOnce() : null;
    const memoryAfterSecond = await wasmMemory(page);
    return {
      firstMs: first.ms,
      secondMs: second?.ms,
      summary: first.summary,
      memoryAtStart,
      memoryAfterFirst,
      memoryAfterSecond,
      errors: tab.errors,
    };
  } finally {
    await tab.close();
  }
}
