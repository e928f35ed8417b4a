//! Addresses the extension could not check because it has no host
//! permission for them: the user must grant access first.
//!
//! # Why
//! Without host permission an extension's fetch is bound by CORS like a
//! page's, and `chrome.webRequest` reports nothing about it, so a failure
//! has no reason at all (toolchain notes, "Why a request failed").
//! Permissions are optional and per instance, so the first check of a new
//! host usually meets this.
//!
//! # Known limitations
//! The panel reports the permission; a host granted after the fetch
//! started still counts as not granted. An address that answered anyway
//! (it sends CORS headers) is judged on its answer, not here.
//!
//! # Example
//! `GET https://acme.looker.com/alive` from the extension, `permission:
//! false`, `TypeError: Failed to fetch`, no network error.

use super::{finding, Judged};
use crate::diagnose::rules::RuleInfo;
use crate::diagnose::Observation;
use crate::probe::address::Origin;
use crate::probe::reason::{CheckVerdict, Reason};
use crate::{Finding, Kind, Severity};

/// The verdict.
pub static VERDICT: RuleInfo = RuleInfo {
    id: "probe_no_permission",
    kind: Kind::Unreachable,
    severity: Severity::Warning,
    title: "not checked: grant the extension access to the host",
    guide_anchor: "",
};

pub(super) fn find(j: &Judged<'_>) -> Vec<Finding> {
    let unchecked: Vec<&CheckVerdict> = j
        .targets
        .iter()
        .filter_map(|t| {
            t.extension
                .iter()
                .find(|v| v.reason == Reason::NoPermission)
        })
        .collect();
    let Some(first) = unchecked.first() else {
        return Vec::new();
    };
    let mut hosts: Vec<String> = Vec::new();
    for host in unchecked
        .iter()
        .filter_map(|v| Origin::parse(&v.url))
        .map(|o| o.host)
    {
        if !hosts.contains(&host) {
            hosts.push(host);
        }
    }

    let hosts = hosts.join(" and ");
    let detail = format!(
        "The extension may not fetch from {hosts} yet. Without host permission the browser \
         tells it only \"Failed to fetch\", never why, so these addresses were not judged."
    );
    let mut observation = Observation::new(detail, &[])
        .with_evidence(unchecked.iter().map(|v| v.url.clone()).collect());
    observation.next_steps = vec![
        format!(
            "Grant the extension access to {hosts} when the panel asks, or under the \
             extension's Site access settings."
        ),
        "Then run the checks again.".to_owned(),
    ];
    vec![finding(&VERDICT, &first.url, observation)]
}
