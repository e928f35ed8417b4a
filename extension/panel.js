// The panel page's script: loads the wasm and hands it the browser through
// the shim. Everything else, state and DOM, is Rust (src/wasm/).
//
// `panel.html?fake=1` runs on the fake shim in a plain tab (shim/fake.js,
// served from the repository; it is not meant to ship).

import init, { Panel } from '../pkg/looker_api_doctor.js';

const fake = new URLSearchParams(location.search).has('fake');

// Resolves once panel.html's own markup has painted, so that compiling the
// wasm does not hold up the first paint; at the latest after `ms`, since a
// page that is not shown never paints.
function firstPaint(ms) {
  return new Promise((resolve) => {
    setTimeout(resolve, ms);
    try {
      new PerformanceObserver((_, observer) => {
        observer.disconnect();
        resolve();
      }).observe({ type: 'paint', buffered: true });
    } catch {
      requestAnimationFrame(() => setTimeout(resolve, 0));
    }
  });
}

async function start() {
  await firstPaint(200);
  const { host } = fake ? await import('./shim/fake.js') : await import('./shim/chrome.js');
  await init();
  // The panel lives as long as the page: keep it reachable.
  globalThis.lookerApiDoctorPanel = new Panel(host);
}

start().catch((error) => {
  console.error('[looker-api-doctor] the panel failed to start:', error);
  const message = document.createElement('p');
  message.className = 'banner error';
  message.textContent = `The panel failed to start: ${error?.message ?? error}`;
  document.body.prepend(message);
});
