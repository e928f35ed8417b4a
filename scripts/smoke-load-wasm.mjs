#!/usr/bin/env node
// Instantiates the shipped wasm through its wasm-bindgen glue, in Node:
//   node scripts/smoke-load-wasm.mjs pkg/looker_api_doctor.js
// This runs the glue's externref table set-up, which is where a module
// mangled by a wrong wasm-opt fails ("WebAssembly.Table.set()"), so a bad
// optimisation stops the build instead of reaching the panel as a blank page.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const glue = process.argv[2];
if (!glue) {
  console.error("smoke-load-wasm.mjs: usage: smoke-load-wasm.mjs GLUE.js");
  process.exit(2);
}

const wasmPath = glue.replace(/\.js$/, "_bg.wasm");
try {
  const { default: init } = await import(pathToFileURL(glue).href);
  await init({ module_or_path: readFileSync(wasmPath) });
} catch (error) {
  console.error(`smoke-load-wasm.mjs: ${wasmPath} does not load: ${error}`);
  // NOTE: a start function that needs a DOM also ends here; it should not
  // need one, since the panel calls into the module once its page is ready.
  process.exit(1);
}
