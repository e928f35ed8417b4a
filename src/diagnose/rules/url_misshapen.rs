//! A call aimed at the API whose URL is not of the shape
//! `<API Host URL>/api/<version>/<call>`.
//!
//! # Why
//! Looker's guide asks to check the call URL's shape first (TS doc §Verify
//! the API call URL). A base URL ending in `/` gives `//api/4.0/login`, a
//! base URL that already holds `/api/4.0` doubles it, `/API/4.0/…` in
//! capitals gets 404 (paths are lower case), and `/login` without
//! `/api/<version>/` gets 403 (TS doc §Forbidden (403); sdk-codegen issue
//! 1714). Such a failure says nothing about the credentials: they were not
//! looked at.
//!
//! # Known limitations
//! A reverse proxy that serves the API below a prefix of its own is not
//! judged misshapen; only the shapes above are.
//!
//! # Example
//! `POST https://acme.looker.com//api/4.0/login` → 403 with an empty body.

use super::{is_success, request_line, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};
use crate::looker::route::Route;

/// The rule.
pub static RULE: Rule = Rule {
    id: "url_misshapen",
    kind: Kind::UrlShape,
    severity: Severity::Error,
    title: "call URL is not <API Host URL>/api/<version>/<call>",
    guide_anchor: "#forbidden_403_errors",
    check,
};

fn check(call: &Call<'_>, _context: &Context) -> Option<Observation> {
    let Route::Misshapen { problem, intended } = &call.looker.route else {
        return None;
    };

    let status = call.status();
    let outcome = match status {
        0 => "no response arrived".to_owned(),
        s if is_success(s) => {
            format!("it answered {s} this time, but SDK calls built the same way will fail")
        }
        s => format!("it answered {s}; the credentials were not even looked at"),
    };
    let better = intended
        .as_ref()
        .map(|p| format!(" The call should go to {}{p}.", call.looker.origin))
        .unwrap_or_default();
    let detail = format!("{}: {problem}, so {outcome}.{better}", request_line(call),);
    // Only the letters' case differs: the base URL is not to blame.
    let path = crate::looker::route::split_url(&call.entry.request.url).map_or("", |t| t.path);
    let case_only = intended
        .as_deref()
        .is_some_and(|p| p != path && p.eq_ignore_ascii_case(path));
    let steps: &[&str] = if case_only {
        &["Write the path in lower case, as the API reference does: /api/<version>/…."]
    } else {
        &[
            "Set the base URL to the API Host URL alone, such as https://acme.looker.com (no \
             trailing slash, no /api/…).",
            "Let the SDK add /api/<version>/: with the SDKs, base_url must not include /api/*.",
        ]
    };
    let observation = Observation::new(detail, steps);
    Some(if is_success(status) {
        observation.with_severity(Severity::Warning)
    } else {
        observation
    })
}
