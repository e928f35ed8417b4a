#!/usr/bin/env node
// Writes Firefox's manifest.json, derived from the Chrome one at the root so
// the two cannot drift: `node scripts/firefox-manifest.mjs OUT_FILE`.
//
// Firefox differs in four ways: it needs an add-on id, it has its own
// minimum version key, it ignores (and web-ext lint flags) Chrome's, and new
// add-ons must declare what data they collect: nothing leaves the browser.

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const GECKO_ID = "looker-api-doctor@looker-api-doctor.dev";

// 140 (an ESR): first release that reads `data_collection_permissions`;
// `optional_host_permissions` and 'wasm-unsafe-eval' came earlier.
const FIREFOX_MIN_VERSION = "140.0";

const out = process.argv[2];
if (!out) {
  console.error("firefox-manifest.mjs: usage: firefox-manifest.mjs OUT_FILE");
  process.exit(2);
}

const root = fileURLToPath(new URL("..", import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}/manifest.json`, "utf8"));

delete manifest.minimum_chrome_version;
manifest.browser_specific_settings = {
  gecko: {
    id: GECKO_ID,
    strict_min_version: FIREFOX_MIN_VERSION,
    data_collection_permissions: { required: ["none"] },
  },
};

writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
