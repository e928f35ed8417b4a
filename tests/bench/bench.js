// The import benchmark's side in the page: loads the wasm engine and the
// JavaScript baseline, holds the HAR file as a Blob (what a picked File
// is), and runs either import once per call, so that run.mjs can alternate
// them and collect garbage in between.

import init, { analyzeHarBytes } from '/pkg/looker_api_doctor.js';
import { classifyHar, indexEndpoints } from './baseline.js';

let file = null;
let endpoints = null;

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response;
}

// Fetching, compiling and instantiating the module, and its start function.
const initStarted = performance.now();
const wasm = await init();
const initMs = performance.now() - initStarted;

window.bench = {
  initMs,

  /** Bytes of wasm linear memory: it never shrinks, so this is the peak. */
  memoryBytes: () => wasm.memory.buffer.byteLength,

  /** Fetches the HAR file and the endpoint index (not timed). */
  async load(harUrl, endpointsUrl) {
    file = await (await fetchOk(harUrl)).blob();
    endpoints = indexEndpoints(await (await fetchOk(endpointsUrl)).json());
    return file.size;
  },

  /**
   * File bytes into the engine, findings out. `engineMs` leaves out
   * reading the Blob, as the native figure leaves out reading the file;
   * the copy into wasm memory stays in, being a cost of wasm.
   */
  async runWasm() {
    const started = performance.now();
    const bytes = new Uint8Array(await file.arrayBuffer());
    const engineStarted = performance.now();
    const findings = analyzeHarBytes(bytes);
    const ended = performance.now();
    return { ms: ended - started, engineMs: ended - engineStarted, findings };
  },

  /** File bytes decoded to text, JSON.parse and the same checks. */
  async runBaseline() {
    const started = performance.now();
    const text = new TextDecoder().decode(await file.arrayBuffer());
    const findings = classifyHar(text, endpoints);
    const ms = performance.now() - started;

    const kinds = {};
    for (const { kind } of findings) kinds[kind] = (kinds[kind] ?? 0) + 1;
    return { ms, findings: findings.length, kinds };
  },
};
