//! A POST, PUT or PATCH whose body is sent without
//! `Content-Type: application/json`.
//!
//! # Why
//! Looker reads request bodies as JSON only when the content type says so;
//! otherwise it reports "Invalid encoding" or a 400 (TS doc §Invalid
//! encoding errors). `fetch` with a string body defaults to
//! `text/plain;charset=UTF-8`, the most common cause. Login is different:
//! its form encoding is right, and so are the few operations that take
//! text (`parse_saml_idp_metadata`).
//!
//! # Known limitations
//! When the endpoint index does not know the operation, a form or text
//! body is assumed wrong only if it parses as JSON.
//!
//! # Example
//! `POST /api/4.0/queries` with `{"model":"m",…}` and
//! `content-type: text/plain;charset=UTF-8` → 400.

use super::{call_name, is_success, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};
use crate::looker::endpoints::BodyKind;
use crate::looker::route::Route;

/// The rule.
pub static RULE: Rule = Rule {
    id: "missing_json_content_type",
    kind: Kind::MissingContentType,
    severity: Severity::Error,
    title: "body sent without Content-Type: application/json",
    guide_anchor: "#invalid_encoding_errors",
    check,
};

fn check(call: &Call<'_>, _context: &Context) -> Option<Observation> {
    let method = call.entry.request.method.to_ascii_uppercase();
    if !matches!(method.as_str(), "POST" | "PUT" | "PATCH") {
        return None;
    }
    let Route::Versioned { operation, .. } = &call.looker.route else {
        return None;
    };
    let text = call.entry.request.post_data.as_ref()?.text.as_ref()?.get();
    if text.trim().is_empty() {
        return None;
    }
    let declared = call.entry.request_content_type().unwrap_or("").to_owned();
    if declared.to_ascii_lowercase().contains("json") {
        return None;
    }
    let expects_json = match operation.map(|o| o.body) {
        Some(BodyKind::Json) => true,
        Some(BodyKind::Form | BodyKind::Text) => false,
        Some(BodyKind::None) | None => serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok(),
    };
    if !expects_json {
        return None;
    }

    let sent = if declared.is_empty() {
        "no Content-Type".to_owned()
    } else {
        format!("Content-Type: {declared}")
    };
    let outcome = if is_success(call.status()) {
        "It succeeded this time, but Looker may not read such a body as JSON."
    } else {
        "Looker reads a body as JSON only when the content type says so, which explains the \
         failure."
    };
    let detail = format!(
        "{} sent a JSON body with {sent}; the server answered {}. {outcome} A fetch() \
         with a string body sends text/plain unless told otherwise.",
        call_name(call),
        call.status(),
    );
    let observation = Observation::new(
        detail,
        &[
            "Add the header Content-Type: application/json to the request.",
            "With fetch, pass headers: {'Content-Type': 'application/json'}; the Looker SDKs do \
             this for you.",
        ],
    );
    Some(if is_success(call.status()) {
        observation.with_severity(Severity::Warning)
    } else {
        observation
    })
}
