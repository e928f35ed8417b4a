import { armImport } from './measure_import.mjs';
import { PANEL, openPage, startBrowser } from './page.mjs';
import { startServer } from './server.mjs';
const ROOT = '/work/main';
const server = await startServer(ROOT);
const chromium = await startBrowser();
const files = process.argv.slice(2);
try {
  for (let trial = 0; trial < 3; trial++) {
    const url = `${server.origin}${PANEL}?fake=1&har=${encodeURIComponent('/tests/bench/out/empty.har')}`;
    const tab = await openPage(chromium.browser, url, () => globalThis.lookerApiDoctorPanel);
    const input = await tab.page.$('[data-testid=import-input]');
    const out = [];
    for (const path of files) {
      if (path.startsWith('sleep')) { await new Promise(r => setTimeout(r, +path.slice(5))); continue; }
      await tab.collectGarbage();
      await tab.page.evaluate(armImport);
      await input.evaluate((e) => { e.value = ''; });
      await input.uploadFile(path);
      const r = await tab.page.evaluate(() => window.benchImportDone);
      out.push(`${path.split('/').pop()} ${r.ms.toFixed(0)}`);
    }
    console.log(out.join(' | '));
    await tab.close();
  }
} finally { await chromium.close(); await server.close(); }
