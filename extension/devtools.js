// Registers the "Looker API" panel; everything else happens in the panel.
//
// Paths start with "/" because Chrome resolves them against the extension's
// root and Firefox against this page: a root-relative path means the same
// file in both.
//
// NOTE: requests that finish before the panel is first shown reach it only
// through devtools.network.getHAR(). Whether this page should buffer
// onRequestFinished for the panel is the panel's decision; keep this file
// to panel creation until then.
chrome.devtools.panels.create(
  "Looker API",
  "/extension/icons/icon-32.png",
  "/extension/panel.html",
);
