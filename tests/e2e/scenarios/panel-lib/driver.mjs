// Helpers for the panel scenarios: read and drive the "Looker API" panel
// as a person would, through the data-testid list at the top of
// extension/panel.html. Not a scenario itself (the runner reads only
// tests/e2e/scenarios/*.mjs).

import assert from 'node:assert/strict';

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms).unref());

/** Waits until the scenario page has made all its calls. */
export async function pageDone(handles, timeout = 20_000) {
  await handles.page.waitForFunction(
    () => document.documentElement.dataset.state === 'done', { timeout });
}

/** The rows the list shows, as the user reads them. */
export function rows(panel) {
  return panel.$$eval('[data-testid=request-row]:not([hidden])', (list) => list
    .map((row) => ({
      position: row.dataset.row,
      severity: row.dataset.severity,
      selected: row.getAttribute('aria-selected') === 'true',
      method: row.querySelector('[data-testid=row-method]').textContent,
      path: row.querySelector('[data-testid=row-path]').textContent,
      operation: row.querySelector('[data-testid=row-operation]').textContent,
      status: row.querySelector('[data-testid=row-status]').textContent,
      top: Number(/translateY\((\d+)px\)/.exec(row.getAttribute('style'))?.[1] ?? 0),
    }))
    .sort((a, b) => a.top - b.top));
}

/** Waits for a row whose path starts with `path` and whose status is `status`. */
export async function waitForRow(panel, path, status, timeout = 10_000) {
  await panel.waitForFunction((p, s) => [...document.querySelectorAll(
    '[data-testid=request-row]:not([hidden])')].some((row) =>
    row.querySelector('[data-testid=row-path]').textContent.startsWith(p)
      && row.querySelector('[data-testid=row-status]').textContent === s),
  { timeout }, path, String(status));
}

/** Clicks the n-th row (0-based) whose path and status match. */
export async function selectRow(panel, path, status, nth = 0) {
  await waitForRow(panel, path, status);
  const all = await rows(panel);
  const matching = all.filter((r) => r.path.startsWith(path) && r.status === String(status));
  assert.ok(matching[nth], `no row ${nth} for ${path} ${status}`);
  await panel.click(`[data-testid=request-row][data-row="${matching[nth].position}"]`);
  await panel.waitForSelector('[data-testid=detail-summary]');
  await sleep(100);
}

/** The findings of the selected request: [{ severity, kind, title, detail }]. */
export function findings(panel, scope = '[data-testid=detail-findings]') {
  return panel.$$eval(`${scope} [data-testid=finding]`, (list) => list.map((f) => ({
    severity: f.dataset.severity,
    kind: f.querySelector('[data-testid=finding-kind]').textContent,
    title: f.querySelector('[data-testid=finding-title]').textContent,
    detail: f.querySelector('[data-testid=finding-detail]').textContent,
    evidence: [...f.querySelectorAll('[data-testid=finding-evidence] li')].map((li) => li.textContent),
    link: f.querySelector('[data-testid=finding-doc-link]')?.getAttribute('href') ?? null,
  })));
}

/** Text of the element with this data-testid ('' when hidden or absent). */
export function text(panel, testid) {
  return panel.$eval(`[data-testid=${testid}]`, (e) => (e.hidden ? '' : e.textContent))
    .catch(() => '');
}

/** Sets a <select> by its data-testid and waits for the redraw. */
export async function choose(panel, testid, value) {
  await panel.select(`[data-testid=${testid}]`, value);
  await sleep(100);
}

/** Replaces the text of an input by its data-testid, typing it. */
export async function typeInto(panel, testid, value) {
  await panel.$eval(`[data-testid=${testid}]`, (e) => {
    e.value = '';
    e.dispatchEvent(new Event('input'));
  });
  if (value) await panel.type(`[data-testid=${testid}]`, value);
  await sleep(100);
}
