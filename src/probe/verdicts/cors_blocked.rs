//! The inspected page may not call an address that the extension reached:
//! the browser withholds the answer from the page (CORS).
//!
//! # Why
//! An extension with host permission is not bound by CORS; a page is
//! (toolchain notes, "Why a request failed"). Only origins on the
//! instance's Embedded Domain Allowlist may call the API from a browser,
//! and `/login` never can (facts §1.7, Looker's CORS page). The same fetch
//! from both sides tells "the server is down" from "your page may not call
//! it".
//!
//! # Known limitations
//! The page learns only `Failed to fetch`; a page's Content Security Policy
//! (`connect-src`) can block a cross-origin call in the same way. `/alive`
//! may send no CORS headers even to an allowed origin: when `/versions`
//! passes from the page, a blocked `/alive` is only a note. Without the
//! page's URL, a blocked call to an http address may be mixed content.
//!
//! # Example
//! From `https://app.example.com`, `GET https://acme.looker.com/versions`
//! fails with `TypeError: Failed to fetch`; the extension got 200 and JSON.

use super::{finding, Judged};
use crate::diagnose::rules::RuleInfo;
use crate::diagnose::Observation;
use crate::probe::attempt::Check;
use crate::probe::reason::{CheckVerdict, Reason};
use crate::{Finding, Kind, Severity};

/// The verdict.
pub static VERDICT: RuleInfo = RuleInfo {
    id: "probe_cors_blocked",
    kind: Kind::CorsBlocked,
    severity: Severity::Error,
    title: "your page may not call the API: blocked by CORS",
    guide_anchor: "",
};

pub(super) fn find(j: &Judged<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for t in j.targets {
        // Only where the extension reached the API: advice on Looker's
        // allowlist means nothing for a host that answered as another site.
        if !t.extension.iter().any(|v| v.ok) {
            continue;
        }
        // /versions first: it is the API's own answer, /alive may lack CORS headers.
        let mut blocked = t.page.iter().filter(|v| v.reason == Reason::Cors);
        let Some(blocked) = blocked
            .clone()
            .find(|v| v.check == Check::Versions)
            .or_else(|| blocked.next())
        else {
            continue;
        };
        let versions_pass = t.page.iter().any(|v| v.check == Check::Versions && v.ok);
        let severity = if !versions_pass && j.recommended == Some(t.base.as_str()) {
            VERDICT.severity
        } else {
            Severity::Info
        };
        let got = t
            .extension
            .iter()
            .find(|v| v.check == blocked.check)
            .map_or("an answer", |v: &CheckVerdict| v.summary.as_str());
        let page = j
            .page
            .map_or_else(|| "your page's origin".to_owned(), |p| p.base());

        let mut detail = format!(
            "From the inspected page, GET {} failed while the extension got {got}. A browser \
             withholds a cross-origin answer from a page unless the API allows the page's \
             origin, so your page's own calls to {} fail the same way.",
            blocked.url, t.base
        );
        if versions_pass {
            detail.push_str(
                " /versions passes from your page, so its origin is allowed: /alive may simply \
                 send no CORS headers.",
            );
        }
        let mut observation = Observation::new(detail, &[])
            .with_severity(severity)
            .documented_at(Some("https://cloud.google.com/looker/docs/api-cors"));
        observation.next_steps = vec![
            format!("Add {page} to Admin > Embed > Embedded Domain Allowlist."),
            "Get tokens from OAuth or from your own server: /login can never be called over \
             CORS."
                .to_owned(),
            "Or call the API from your server instead of the browser.".to_owned(),
        ];
        findings.push(finding(&VERDICT, &blocked.url, observation));
    }
    findings
}
