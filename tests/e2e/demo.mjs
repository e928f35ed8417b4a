// `./build.sh demo`: the Looker-like test server, and Chromium with the built
// extension, DevTools open on the server's scenario page and the "Looker API"
// panel shown.
//
//   node tests/e2e/demo.mjs [--screenshot] [--run SCENARIOS]
//
// Without --screenshot the browser stays open until it is closed or Ctrl+C.
// With it (build.sh passes it under xvfb-run, when there is no display), the
// demo waits for the page's scenarios to finish, saves DevTools with the
// panel to tests/e2e/artifacts/demo.png, prints the path and exits.
// --run picks the page's scenarios (default "all"; see
// tests/looker-server/public/scenarios.js).

import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CREDENTIALS, startLookerServer } from '../looker-server/server.mjs';
import { makeTestExtension, openDevToolsPanel } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const screenshotOnly = args.includes('--screenshot');
const run = args.includes('--run') ? args[args.indexOf('--run') + 1] : 'all';

if (!process.env.DISPLAY) {
  console.error('demo.mjs: needs a display; without one, run it as `xvfb-run -a node ...`');
  process.exit(1);
}

const server = await startLookerServer();
const url = server.scenarioUrl({ run });
console.log(`demo.mjs: scenario page  ${url}`);
console.log(`demo.mjs: API            ${server.apiOrigin}/api/4.0/`);
console.log(`demo.mjs: legacy API     ${server.legacyApiOrigin}/api/4.0/`);
console.log(`demo.mjs: credentials    client_id=${CREDENTIALS.clientId} ` +
  `client_secret=${CREDENTIALS.clientSecret}`);

// The copy grants the test server's host, as the user would on first use:
// the permission prompt itself cannot be answered by automation.
const extensionDir = await makeTestExtension(ROOT);
let harness = null;

// puppeteer answers Ctrl+C itself (it closes the browser and exits 130),
// so remove the copy on any exit.
process.on('exit', () => rmSync(extensionDir, { recursive: true, force: true }));

async function shutDown(code) {
  await harness?.close().catch(() => {});
  await server.close().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => shutDown(0));
process.on('SIGTERM', () => shutDown(0));

try {
  harness = await openDevToolsPanel({
    extensionDir, url, headful: true, failureName: 'demo-failure',
  });
} catch (err) {
  console.error(`demo.mjs: could not open the panel: ${err.message}`);
  if (err.screenshot) console.error(`demo.mjs: DevTools at that moment: ${err.screenshot}`);
  await shutDown(1);
}

if (screenshotOnly) {
  // Some scenarios end in a call that never finishes, so do not wait forever.
  await harness.page
    .waitForFunction(() => document.documentElement.dataset.state === 'done', { timeout: 30_000 })
    .catch(() => console.warn('demo.mjs: the page\'s scenarios did not all finish in 30 s'));
  await new Promise((done) => setTimeout(done, 1_500)); // let the panel render
  const path = await harness.screenshot('demo');
  console.log(`demo.mjs: screenshot of DevTools with the panel: ${path}`);
  await shutDown(0);
} else {
  console.log('demo.mjs: close the browser or press Ctrl+C to stop');
  harness.browser.on('disconnected', () => shutDown(0));
}
