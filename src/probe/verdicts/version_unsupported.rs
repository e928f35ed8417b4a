//! The API version in the typed API Host URL (`…/api/3.1`) is not among the
//! versions the server's `/versions` lists.
//!
//! # Why
//! `supported_versions` lists the versions the server serves (facts §1.3).
//! Looker 23.18 removed API 3.0 and 3.1 (facts §1.8): a tool still set to
//! 3.1 fails on every call, as gzr says, "Operation requires API v3.1,
//! which is not available from this host".
//!
//! # Known limitations
//! Only the typed setting is compared: the versions the page's own traffic
//! calls are judged by the call rules. An SDK's base URL must not include
//! `/api/…` at all (facts §1.11); that is said in the next steps, not as a
//! finding of its own.
//!
//! # Example
//! Typed `https://acme.looker.com:19999/api/3.1`; `/versions` lists only
//! `4.0`.

use super::{finding, Judged};
use crate::diagnose::rules::RuleInfo;
use crate::diagnose::Observation;
use crate::{Finding, Kind, Severity};

/// The verdict.
pub static VERDICT: RuleInfo = RuleInfo {
    id: "probe_version_unsupported",
    kind: Kind::VersionMismatch,
    severity: Severity::Error,
    title: "the API version you typed is not served here",
    guide_anchor: "#method_not_found_errors",
};

pub(super) fn find(j: &Judged<'_>) -> Vec<Finding> {
    let Some(version) = j.typed.and_then(|t| t.version.as_deref()) else {
        return Vec::new();
    };
    let Some(t) = j
        .targets
        .iter()
        .find(|t| t.is_api && !t.api_versions.is_empty())
        .filter(|t| !t.api_versions.iter().any(|v| v == version))
    else {
        return Vec::new();
    };

    let listed = t.api_versions.join(", ");
    let latest = match t.api_versions.iter().any(|v| v == "4.0") {
        true => "4.0",
        false => t.api_versions.last().map_or("4.0", String::as_str),
    };
    let detail = format!(
        "The API Host URL you typed asks for /api/{version}/, but {}/versions lists {listed}. \
         Every call to /api/{version}/ fails on this instance.",
        t.base
    );
    let mut observation =
        Observation::new(detail, &[]).titled(format!("this instance does not serve API {version}"));
    observation.next_steps = vec![
        format!("Call /api/{latest}/ instead: Looker 23.18 and later serve only API 4.0."),
        "Leave /api/… out of the API Host URL (base_url): the SDKs add it.".to_owned(),
    ];
    vec![finding(
        &VERDICT,
        &format!("{}/versions", t.base),
        observation,
    )]
}
