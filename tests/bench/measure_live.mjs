// G4 and G5 in the browser: a burst of finished requests into the panel
// (through the fake shim, panel.html?fake=1), and how fast a fresh panel
// paints and a fresh page initialises the wasm.

import { BENCH, PANEL, openPage, waitForValue } from './page.mjs';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// In the page: hands the panel every entry of `window.benchEntries`, each
// in a task of its own as DevTools' onRequestFinished events arrive, as
// fast as the page takes them. Long tasks (over 50 ms) are recorded from
// the first entry until the panel has listed them all and gone quiet.
// Half-way, and again at the end, the list is scrolled, timing how long
// until its rows are drawn for the new position.
function startBurst(rowHeight) {
  const entries = window.benchEntries;
  const list = document.querySelector('[data-testid=request-list]');
  const statusBar = document.querySelector('[data-testid=status-bar]');
  const longTasks = [];
  const observer = new PerformanceObserver((records) => {
    for (const task of records.getEntries()) longTasks.push(task.duration);
  });
  observer.observe({ type: 'longtask' });

  const frame = () => new Promise((done) => requestAnimationFrame(done));
  const rowsAt = () => {
    const tops = [...list.querySelectorAll('[data-testid=request-row]:not([hidden])')]
      .map((row) => parseFloat(/translateY\((-?[\d.]+)px\)/.exec(row.style.transform)?.[1]));
    return tops.length ? Math.min(...tops) : null;
  };
  async function scrollTo(fraction) {
    const before = list.scrollTop;
    list.scrollTop = Math.floor((list.scrollHeight - list.clientHeight) * fraction);
    const started = performance.now();
    while (performance.now() - started < 5000) {
      await frame();
      const expected = Math.floor(list.scrollTop / rowHeight) * rowHeight;
      if (list.scrollTop !== before && rowsAt() === expected) {
        return { ms: performance.now() - started, top: list.scrollTop };
      }
    }
    return { ms: null, top: list.scrollTop };
  }

  const started = performance.now();
  new Promise((resolve) => {
    const channel = new MessageChannel();
    let i = 0;
    let during = null;
    channel.port1.onmessage = async () => {
      window.fakeHost.emit(entries[i++]);
      if (i === Math.floor(entries.length / 2)) during = scrollTo(0.5);
      if (i < entries.length) {
        channel.port2.postMessage(null);
        return;
      }
      const emittedMs = performance.now() - started;
      // Listed: every request counted, and the counts of findings no
      // longer changing (the last rows are judged once their bodies come).
      let text = statusBar.textContent;
      let changed = performance.now();
      while (!text.startsWith(`${entries.length} requests`) || performance.now() - changed < 500) {
        await new Promise((done) => setTimeout(done, 20));
        if (statusBar.textContent !== text) {
          [text, changed] = [statusBar.textContent, performance.now()];
        }
      }
      const listedMs = changed - started;
      const after = await scrollTo(1);
      // Long tasks are reported a little late: give them time to arrive.
      await new Promise((done) => setTimeout(done, 1000));
      for (const task of observer.takeRecords()) longTasks.push(task.duration);
      observer.disconnect();
      resolve({
        emittedMs, listedMs, longTasks, scrollDuring: await during, scrollAfter: after,
        status: statusBar.textContent,
      });
    };
    channel.port2.postMessage(null);
  }).then((result) => {
    window.benchBurstResult = result;
  });
}

/** `count` entries of `har` into a fresh panel, as one burst; with
 * `profile`, also a CPU profile of it. */
export async function measureBurst(browser, origin, { har, emptyHar, count, rowHeight, profile }) {
  const url = `${origin}${PANEL}?fake=1&har=${encodeURIComponent(emptyHar)}`;
  const tab = await openPage(browser, url, () => globalThis.lookerApiDoctorPanel);
  try {
    const { page } = tab;
    const loaded = await page.evaluate(async (harUrl, n) => {
      const response = await fetch(harUrl);
      window.benchEntries = (await response.json()).log.entries.slice(0, n);
      return window.benchEntries.length;
    }, har, count);
    if (loaded < count) throw new Error(`${har} has ${loaded} entries, not ${count}`);

    await tab.collectGarbage();
    const burst = async () => {
      await page.evaluate(startBurst, rowHeight);
      return waitForValue(page, () => window.benchBurstResult);
    };
    const { result, profile: cpu } = profile ? await tab.profile(burst) : { result: await burst() };
    return { ...result, count, errors: tab.errors, profile: cpu };
  } finally {
    await tab.close();
  }
}

async function firstPaint(browser, url, readyTest) {
  const tab = await openPage(browser, url, readyTest);
  try {
    return await waitForValue(tab.page, () => {
      const paints = performance.getEntriesByType('paint');
      const paint = paints.find((p) => p.name === 'first-paint') ??
        paints.find((p) => p.name === 'first-contentful-paint');
      return paint ? paint.startTime : null;
    }, 10_000);
  } finally {
    await tab.close();
  }
}

/**
 * Medians over `loads` fresh pages: the panel's first paint (from the
 * start of navigation), a plain page's first paint (the baseline: what
 * the machine and the server cost), and the wasm's initialisation.
 */
export async function measureStartup(browser, origin, { loads, emptyHar }) {
  const panelUrl = `${origin}${PANEL}?fake=1&har=${encodeURIComponent(emptyHar)}`;
  const panel = [];
  const plain = [];
  const init = [];
  for (let i = 0; i < loads; i++) {
    panel.push(await firstPaint(browser, panelUrl, () => globalThis.lookerApiDoctorPanel));
    plain.push(await firstPaint(browser, `${origin}${BENCH}`, () => window.bench));
    const tab = await openPage(browser, `${origin}${BENCH}`, () => window.bench);
    init.push(await tab.page.evaluate(() => window.bench.initMs));
    await tab.close();
  }
  return {
    panelPaintMs: median(panel),
    plainPaintMs: median(plain),
    initMs: median(init),
    panelPaints: panel,
    plainPaints: plain,
    inits: init,
  };
}
