//! Looker API Doctor: tells, in plain words, why calls to Looker's REST API
//! fail.
//!
//! The engine reads HTTP exchanges (HAR 1.2 entries, from a file or live
//! from DevTools), recognises Looker API calls, and judges each with a set
//! of pure rules that see the session so far. The DevTools panel (through
//! the wasm boundary in `wasm`) and the `looker-api-doctor` command share it.
//!
//! ```
//! let har = br#"{"log":{"version":"1.2","entries":[{
//!   "startedDateTime":"2026-11-20T10:00:00Z","time":80,
//!   "request":{"method":"POST","url":"https://acme.looker.com/api/4.0/login",
//!     "headers":[{"name":"content-type","value":"application/x-www-form-urlencoded"}],
//!     "postData":{"mimeType":"application/x-www-form-urlencoded",
//!       "text":"client_id=abc&client_secret=wrong-secret"}},
//!   "response":{"status":404,"headers":[],"content":{"size":69,"mimeType":"application/json",
//!     "text":"{\"message\":\"Not found\",\"documentation_url\":\"http://docs.looker.com/\"}"}}}]}}"#;
//!
//! let analysis = looker_api_doctor::analyze_har(har)?;
//! let finding = &analysis.findings[0];
//! assert_eq!(finding.kind.as_str(), "bad-credentials");
//! assert!(!finding.detail.contains("wrong-secret"));
//! # Ok::<(), looker_api_doctor::Error>(())
//! ```

pub mod diagnose;
mod error;
pub mod har;
pub mod looker;
pub mod probe;
pub mod readable;
pub mod redact;
pub mod report;
/// The DevTools panel's wasm boundary (`extension/panel.js` uses it).
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use diagnose::{analyze_har, Analysis, Finding, Kind, Session, Severity};
pub use error::{Error, Result};
