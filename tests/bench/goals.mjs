// The goals of issue 6 as table rows: each figure with the baseline it was
// measured against in the same run, the ratio, the goal and whether it is
// met. A measurement that failed gives "not measured" rows, never a figure.

const KB = 1024;
const MB = 1024 * 1024;

const ms = (x) => `${x.toFixed(0)} ms`;
const mb = (bytes) => `${(bytes / MB).toFixed(1)} MB`;
const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
// Two decimals, or three where two would round onto the goal's limit.
const times = (x, limit) => `${x.toFixed(x.toFixed(2) === limit?.toFixed(2) ? 3 : 2)}×`;

function row(goal, what, figure, baseline, ratio, target, met) {
  return { goal, what, figure, baseline, ratio, target, met };
}

function notMeasured(goal, what, target, reason) {
  return { goal, what, figure: 'not measured', baseline: '', ratio: '', target, met: null, reason };
}

/** Every row; `m` holds each measurement's result or { error }. */
export function goalRows(m) {
  const rows = [];
  const { imp, panel, native, burst, startup, size } = m;

  if (imp.error) {
    for (const [goal, what, target] of [
      ['G1', 'import: engine (wasm) vs JS', '≥ 2.5×'],
      ['G1', 'first import, fresh page', '< 600 ms'],
    ]) rows.push(notMeasured(goal, what, target, imp.error));
  } else {
    const ratio = imp.baselineMs / imp.wasmMs;
    rows.push(row('G1', 'import: engine (wasm) vs JS', ms(imp.wasmMs), ms(imp.baselineMs),
      times(ratio, 2.5), '≥ 2.5×', ratio >= 2.5));
    rows.push(row('G1', 'first import, fresh page', ms(imp.firstWasmMs), ms(imp.firstBaselineMs),
      times(imp.firstBaselineMs / imp.firstWasmMs), '< 600 ms', imp.firstWasmMs < 600));
  }
  if (panel.error || imp.error) {
    const reason = panel.error ?? imp.error;
    rows.push(notMeasured('G1', 'panel import, file → list', '< 600 ms', reason));
  } else {
    rows.push(row('G1', 'panel import, file → list', ms(panel.firstMs), ms(imp.baselineMs),
      times(imp.baselineMs / panel.firstMs), '< 600 ms', panel.firstMs < 600));
  }

  if (imp.error || native.error) {
    rows.push(notMeasured('G2', 'wasm vs native, engine', '≥ 0.6×', imp.error ?? native.error));
  } else {
    // The engine alone on both sides: neither figure reads the file.
    const ratio = imp.nativeMs / imp.engineMs;
    rows.push(row('G2', 'wasm vs native, engine', ms(imp.engineMs), ms(imp.nativeMs),
      times(ratio, 0.6), '≥ 0.6×', ratio >= 0.6));
  }

  if (imp.error) {
    rows.push(notMeasured('G3', 'peak wasm memory, engine', '≤ 1.5× file', imp.error));
  } else {
    const ratio = imp.memoryPeak / imp.fileBytes;
    rows.push(row('G3', 'peak wasm memory, engine', mb(imp.memoryPeak), mb(imp.fileBytes),
      times(ratio, 1.5), '≤ 1.5× file', ratio <= 1.5));
  }
  if (panel.error || imp.error) {
    const reason = panel.error ?? imp.error;
    rows.push(notMeasured('G3', 'peak wasm memory, panel', '≤ 1.5× file', reason));
    rows.push(notMeasured('G3', 'kept after panel import', '≤ 1 KB/entry', reason));
  } else {
    const ratio = panel.memoryAfterFirst / imp.fileBytes;
    rows.push(row('G3', 'peak wasm memory, panel', mb(panel.memoryAfterFirst),
      mb(imp.fileBytes), times(ratio, 1.5), '≤ 1.5× file', ratio <= 1.5));
    const kept = panel.memoryAfterSecond - panel.memoryAfterFirst;
    const perEntry = kept / panel.entries;
    rows.push(row('G3', 'kept after panel import', `≈ ${mb(kept)}`,
      `${panel.entries} entries`, `${kb(perEntry)}/entry`, '≤ 1 KB/entry', perEntry <= KB));
  }

  if (burst.error) {
    rows.push(notMeasured('G4', 'burst: longest task', '≤ 50 ms', burst.error));
    rows.push(notMeasured('G4', 'burst: list follows scroll', '≤ 100 ms', burst.error));
  } else {
    const longest = Math.max(0, ...burst.longTasks);
    const figure = burst.longTasks.length
      ? `${ms(longest)} (${burst.longTasks.length} over 50)` : 'none over 50 ms';
    rows.push(row('G4', `burst of ${burst.count}: longest task`, figure, '', '', '≤ 50 ms',
      burst.longTasks.length === 0));
    const scrolls = [burst.scrollDuring?.ms, burst.scrollAfter?.ms];
    const followed = scrolls.every((x) => typeof x === 'number');
    rows.push(row('G4', 'burst: list follows scroll',
      followed ? `${ms(scrolls[0])} / ${ms(scrolls[1])}` : 'did not follow', '', '',
      '≤ 100 ms', followed && Math.max(...scrolls) <= 100));
  }

  if (startup.error) {
    rows.push(notMeasured('G5', 'first paint, panel', '≤ 100 ms', startup.error));
    rows.push(notMeasured('G5', 'wasm initialisation', '≤ 50 ms', startup.error));
  } else {
    rows.push(row('G5', 'first paint, panel', ms(startup.panelPaintMs), ms(startup.plainPaintMs),
      times(startup.panelPaintMs / startup.plainPaintMs), '≤ 100 ms',
      startup.panelPaintMs <= 100));
    rows.push(row('G5', 'wasm initialisation', ms(startup.initMs), '', '', '≤ 50 ms',
      startup.initMs <= 50));
  }

  rows.push(row('G6', 'shipped wasm, gzip -9', kb(size.gzipped), kb(size.raw),
    times(size.gzipped / size.raw), '≤ 100 KB (stretch 60)', size.gzipped <= 100 * KB));
  return rows;
}

/** The table, then `goals met: N of M` as the last line. */
export function formatTable(rows) {
  const head = ['goal', 'what', 'figure', 'baseline', 'ratio', 'target', 'met'];
  const cells = rows.map((r) => [r.goal, r.what, r.figure, r.baseline || '—', r.ratio || '—',
    r.target, r.met === null ? 'not measured' : r.met ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((text, i) => text.padEnd(widths[i])).join(' | ').trimEnd();

  const lines = [line(head), widths.map((w) => '-'.repeat(w)).join('-|-')];
  lines.push(...cells.map(line));
  const reasons = rows.filter((r) => r.reason).map((r) => `${r.goal} ${r.what}: ${r.reason}`);
  if (reasons.length) lines.push('', ...new Set(reasons.map((r) => `not measured: ${r}`)));
  lines.push('', `goals met: ${rows.filter((r) => r.met).length} of ${rows.length}`);
  return lines.join('\n');
}
