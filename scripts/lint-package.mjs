#!/usr/bin/env node
// Lints one unpacked package with web-ext (Mozilla's addons-linter) and
// prints its messages one per line:
//   node scripts/lint-package.mjs chrome|firefox DIR
// Exits 1 when the linter reports an error, 0 otherwise (warnings pass).
//
// web-ext judges every package by Firefox's rules. For the Chrome package,
// the requirements that only Firefox's add-on store has are reported as
// "not applicable" instead of counting.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

// Codes that are about Firefox's manifest keys, absent from Chrome's on purpose.
const FIREFOX_ONLY = new Set([
  "ADDON_ID_REQUIRED",
  "MISSING_DATA_COLLECTION_PERMISSIONS",
]);

const [browser, dir] = process.argv.slice(2);
if (!["chrome", "firefox"].includes(browser) || !dir) {
  console.error("lint-package.mjs: usage: lint-package.mjs chrome|firefox DIR");
  process.exit(2);
}

const webExt = fileURLToPath(new URL("../node_modules/.bin/web-ext", import.meta.url));
const run = spawnSync(
  webExt,
  ["lint", "--source-dir", dir, "--output", "json", "--boring"],
  { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
);
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`lint-package.mjs: web-ext lint gave no JSON report (exit ${run.status})`);
  console.error(run.stderr || run.error?.message || "");
  process.exit(1);
}

// Print every message; count the ones that apply to this browser.
const counts = { error: 0, warning: 0, notice: 0 };
for (const kind of ["errors", "warnings", "notices"]) {
  for (const message of report[kind]) {
    const level = kind.slice(0, -1);
    const applies = !(browser === "chrome" && FIREFOX_ONLY.has(message.code));
    if (applies) counts[level] += 1;

    const where = message.file ? ` ${message.file}${message.line ? `:${message.line}` : ""}` : "";
    const note = applies ? "" : " (Firefox only, not applicable to Chrome)";
    console.log(`  ${level} ${message.code}${where}: ${message.message}${note}`);
  }
}

console.log(
  `lint-package.mjs: ${browser}: ${counts.error} errors, ` +
    `${counts.warning} warnings, ${counts.notice} notices`,
);
process.exit(counts.error > 0 ? 1 : 0);
