//! An address where something other than Looker's API answered: an HTML
//! page (a proxy or sign-in page), a redirect, an error status, or an
//! answer that is not Looker's.
//!
//! # Why
//! Looker answers `/alive` with 200 and a blank page, and `/versions` with
//! its `ApiVersion` JSON, both without sign-in (TS doc §Verify the API URL,
//! facts §1.2–1.3). Anything else comes from a single sign-on gateway, a
//! proxy or load balancer, or another server at that address; SDKs then
//! fail with "Request failed: <!DOCTYPE html>…" (facts §1.11).
//!
//! # Known limitations
//! Only the page's title is named. A redirect is recognised only when the
//! panel reports the final URL. `/alive` can answer 200 while the API is
//! mis-addressed (looker-sdk-ruby issue 79), so an address that passes
//! `/alive` but fails `/versions` is judged by `/versions`.
//!
//! # Example
//! `GET https://acme.looker.com/alive` → 200 `text/html`,
//! `<title>Sign in</title>`.

use super::{finding, Judged};
use crate::diagnose::rules::RuleInfo;
use crate::diagnose::Observation;
use crate::probe::reason::Reason;
use crate::{Finding, Kind, Severity};

/// The verdict.
pub static VERDICT: RuleInfo = RuleInfo {
    id: "probe_not_api_response",
    kind: Kind::NotApiResponse,
    severity: Severity::Error,
    title: "something other than Looker's API answered",
    guide_anchor: "#verify_the_api_url",
};

pub(super) fn find(j: &Judged<'_>) -> Vec<Finding> {
    j.failures()
        .filter(|(_, v)| {
            matches!(
                v.reason,
                Reason::HtmlPage | Reason::Redirect | Reason::NotLooker | Reason::HttpStatus(_)
            )
        })
        .map(|(t, v)| {
            let title = match v.reason {
                Reason::HtmlPage => "an HTML page answered instead of the API",
                Reason::Redirect => "redirected away from the API, likely to a sign-in page",
                _ => VERDICT.title,
            };
            let title = match v.reason {
                Reason::HttpStatus(status) => format!("{} answered {status}", v.check.path()),
                _ => title.to_owned(),
            };
            let detail = format!(
                "{}: {}. Looker answers /alive with 200 and a blank page, and /versions with \
                 JSON, both without sign-in; this answer came from something else at {}.",
                v.url, v.summary, t.base
            );
            let observation = Observation::new(
                detail,
                &[
                    "Use the address of Admin > API > API Host URL.",
                    "If a proxy or single sign-on gateway stands in front of Looker, let /alive, \
                     /versions and /api/* through to Looker without a browser sign-in.",
                    "Behind a load balancer, the API Host URL must give the host and port users \
                     reach.",
                ],
            )
            .titled(title)
            .with_severity(j.weigh(&VERDICT, &t.base));
            finding(&VERDICT, &v.url, observation)
        })
        .collect()
}
