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
use crate::diagnose::{sdk_name, Call, Context, Kind, Observation, Severity};
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
    // The SDKs set the header themselves: when one names itself, either
    // something changed the request on its way, or code of the page made
    // it with the SDK's name.
    let fetch = "A browser's fetch() with a string body sends text/plain unless told otherwise.";
    let (cause, steps): (String, &[&str]) = match sdk_name(call.entry) {
        Some(sdk) => (
            format!(
                "The request names itself as {sdk}, whose requests carry Content-Type: \
                 application/json: if the SDK made it, code around it (a custom transport or \
                 header override) or a proxy replaced the header. {fetch}"
            ),
            &[
                "Send the header Content-Type: application/json with the body.",
                "If the SDK made the call, look for code that overrides its headers, or a proxy \
                 that rewrites them.",
            ],
        ),
        None => (
            fetch.to_owned(),
            &[
                "Add the header Content-Type: application/json to the request.",
                "With fetch, pass headers: {'Content-Type': 'application/json'}; the Looker \
                 SDKs do this for you.",
            ],
        ),
    };
    let detail = format!(
        "{} sent a JSON body with {sent}; the server answered {}. {outcome} {cause}",
        call_name(call),
        call.status(),
    );
    let observation = Observation::new(detail, steps);
    Some(if is_success(call.status()) {
        observation.with_severity(Severity::Warning)
    } else {
        observation
    })
}

#[cfg(test)]
mod tests {
    use crate::har::Entry;
    use crate::Session;

    fn steps(extra_header: &str) -> Vec<String> {
        let entry = Entry::from_json(&format!(
            r#"{{"request":{{"method":"POST","url":"https://acme.looker.com/api/4.0/queries",
            "headers":[{{"name":"Content-Type","value":"text/plain;charset=UTF-8"}}{extra_header}],
            "postData":{{"mimeType":"text/plain","text":"{{\"model\":\"m\",\"view\":\"v\"}}"}}}},
            "response":{{"status":400,"headers":[],"content":{{"size":0,"mimeType":""}}}}}}"#
        ))
        .unwrap();
        let findings = Session::new().observe(0, &entry);
        let finding = findings
            .iter()
            .find(|f| f.rule == "missing_json_content_type")
            .expect("a finding");
        finding.next_steps.clone()
    }

    #[test]
    fn a_call_naming_an_sdk_is_not_told_that_the_sdks_set_the_header() {
        let sdk = steps(r#",{"name":"x-looker-appid","value":"PY SDK 25.0.0"}"#);
        assert!(
            sdk.iter().any(|s| s.contains("overrides its headers")),
            "{sdk:?}"
        );
        assert!(
            !sdk.iter().any(|s| s.contains("do this for you")),
            "{sdk:?}"
        );

        let plain = steps("");
        assert!(plain.iter().any(|s| s.contains("With fetch")), "{plain:?}");
    }
}
