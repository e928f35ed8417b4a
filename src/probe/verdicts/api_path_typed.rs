//! The typed API Host URL goes on past the host (`…/api/4.0`): the checks
//! ran at the host root, and the path is not part of an API Host URL.
//!
//! # Why
//! The Looker SDKs take the API Host URL alone as `base_url` and add
//! `/api/<version>/` themselves; looker.ini says "Do not include /api/* in
//! the url" (facts §1.11). A base URL with the path doubles it, and the TS
//! SDK then fails on every call, the Python SDK on login and logout.
//!
//! # Known limitations
//! Clients generated with swagger-codegen are the opposite: their base URL
//! includes `/api/4.0/` (facts §1.11), so this is a note, not a warning. A
//! version in the path that the server does not serve is
//! `probe_version_unsupported`'s error instead.
//!
//! # Example
//! Typed `https://acme.looker.com:19999/api/4.0/`; the checks run at
//! `https://acme.looker.com:19999`.

use super::{finding, Judged};
use crate::diagnose::rules::RuleInfo;
use crate::diagnose::Observation;
use crate::{Finding, Kind, Severity};

/// The verdict.
pub static VERDICT: RuleInfo = RuleInfo {
    id: "probe_api_path_typed",
    kind: Kind::UrlShape,
    severity: Severity::Info,
    title: "the API Host URL you typed has a path: the host alone was checked",
    guide_anchor: "",
};

pub(super) fn find(j: &Judged<'_>) -> Vec<Finding> {
    let Some(typed) = j.typed.filter(|t| !t.path.is_empty()) else {
        return Vec::new();
    };
    // A version the server does not serve is the error that says so.
    let unsupported = super::version_unsupported::find(j);
    if !unsupported.is_empty() {
        return Vec::new();
    }

    let base = typed.origin.base();
    let detail = format!(
        "You typed {base}{} as the API Host URL; the checks ran at {base}, the host alone.",
        typed.path
    );
    let observation = Observation::new(
        detail,
        &[
            "For the Looker SDKs, set base_url (api_server_url) to the host alone: they add \
             /api/<version>/ themselves, and a base_url with it fails.",
            "Clients generated with swagger-codegen are the exception: their base URL includes \
             /api/4.0/.",
        ],
    );
    vec![finding(&VERDICT, &base, observation)]
}
