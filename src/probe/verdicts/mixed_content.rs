//! An https page may not call an http address that the extension reached:
//! the browser blocks it as mixed content.
//!
//! # Why
//! Browsers block an https page's fetches to http addresses before any
//! request is sent, whatever CORS would allow; the page's code sees only
//! `Failed to fetch`. The extension's own fetch is not a page's, so it
//! gets through, and the contrast names the cause.
//!
//! # Known limitations
//! Needs the inspected page's URL (`judge_for`); without it the verdict is
//! CORS, with mixed content named as the other possibility. Loopback
//! addresses (`http://localhost`) are treated like any other, although
//! browsers allow some of them from https pages.
//!
//! # Example
//! From `https://app.example.com`, `GET http://looker.corp.example:9999/versions`
//! fails with `TypeError: Failed to fetch`; the extension got 200 and JSON.

use super::{finding, Judged};
use crate::diagnose::rules::RuleInfo;
use crate::diagnose::Observation;
use crate::probe::reason::Reason;
use crate::{Finding, Kind, Severity};

/// The verdict.
pub static VERDICT: RuleInfo = RuleInfo {
    id: "probe_mixed_content",
    kind: Kind::CorsBlocked,
    severity: Severity::Error,
    title: "blocked as mixed content: an https page may not call an http API",
    guide_anchor: "",
};

pub(super) fn find(j: &Judged<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for t in j.targets {
        let Some(blocked) = t.page.iter().find(|v| v.reason == Reason::MixedContent) else {
            continue;
        };
        let severity = if j.recommended == Some(t.base.as_str()) {
            VERDICT.severity
        } else {
            Severity::Info
        };
        let detail = format!(
            "The inspected page is served over https, and {} is http: the browser blocks \
             the page's call before it is sent. The extension reached the address, so the \
             server is up.",
            blocked.url
        );
        let observation = Observation::new(
            detail,
            &[
                "Serve the API over https and use that address as the API Host URL.",
                "For a local test, serve the page over http too.",
            ],
        )
        .with_severity(severity);
        findings.push(finding(&VERDICT, &blocked.url, observation));
    }
    findings
}
