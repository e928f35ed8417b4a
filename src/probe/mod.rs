//! Reachability checks: which address answers as Looker's API, and why the
//! others do not.
//!
//! The panel asks [`plan`] which bases to probe, fetches `/alive` and
//! `/versions` at each, from the extension and from the inspected page, and
//! hands what it observed ([`Attempt`]s) to [`judge`] (or [`judge_for`],
//! which also knows the page and the typed API Host URL). A second round
//! probes what [`follow_up`] names: the `api_server_url` the server reports.
//! Nothing here fetches, reads a clock or touches the browser; the verdicts
//! under [`verdicts`] make findings like the call rules do.
//!
//! ```
//! use looker_api_doctor::probe::{self, Attempt, Check, Vantage};
//!
//! let targets = probe::plan(Some("https://acme.looker.com/dashboards/1"), None)?;
//! assert_eq!(targets[0].base, "https://acme.looker.com");
//! assert_eq!(targets[1].base, "https://acme.looker.com:19999");
//!
//! let fetch = |url: &str, check| Attempt {
//!     url: url.to_owned(), check, vantage: Vantage::Extension, elapsed_ms: 84.0,
//!     status: Some(200), content_type: None, body: None, final_url: None,
//!     net_error: None, js_error: None, timed_out: false, permission: Some(true),
//! };
//! let versions = r#"{"looker_release_version":"25.4.12",
//!   "supported_versions":[{"version":"4.0"}],"api_server_url":"https://acme.looker.com"}"#;
//! let report = probe::judge(&[
//!     fetch("https://acme.looker.com/alive", Check::Alive),
//!     Attempt { body: Some(versions.to_owned()),
//!               ..fetch("https://acme.looker.com/versions", Check::Versions) },
//!     Attempt { status: None, net_error: Some("net::ERR_CONNECTION_REFUSED".to_owned()),
//!               js_error: Some("TypeError: Failed to fetch".to_owned()),
//!               ..fetch("https://acme.looker.com:19999/alive", Check::Alive) },
//! ]);
//! assert_eq!(report.recommended.as_deref(), Some("https://acme.looker.com"));
//! assert_eq!(
//!     report.headline,
//!     "Use https://acme.looker.com: /alive and /versions answer there; port 19999 is closed."
//! );
//! # Ok::<(), looker_api_doctor::Error>(())
//! ```

mod address;
mod attempt;
mod headline;
mod judge;
mod plan;
mod reason;
#[cfg(test)]
mod tests;
pub mod verdicts;

pub(crate) use address::read_url;
pub use attempt::{Attempt, Check, Vantage};
pub use judge::{judge, judge_for, Report, TargetVerdict};
pub use plan::{follow_up, plan, Target};
pub use reason::{CheckVerdict, Reason};
