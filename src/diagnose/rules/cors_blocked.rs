//! A cross-origin call whose response the browser withheld from the page
//! (CORS).
//!
//! # Why
//! Only origins on the instance's Embedded Domain Allowlist may call the
//! API from a browser, and `/login` can never be called over CORS (facts
//! §1.7, Looker's CORS page). Chrome records such a call with
//! `_error: net::ERR_FAILED`, sometimes with the real status 200, so a
//! blocked call can look like a success (toolchain notes). Before a call
//! with JSON or credentials, the browser asks the server with a preflight
//! `OPTIONS` request; when that is refused (Looker answers 404 for an origin
//! it does not allow), the call itself is never sent. Only this rule and
//! the connection rules judge a preflight: its status is not the API's
//! answer to the operation.
//!
//! # Known limitations
//! `net::ERR_FAILED` also covers failures other than CORS; the finding
//! requires an `Origin` header different from the API's origin (or a
//! failed preflight) before naming CORS. A call blocked by the page's own
//! Content Security Policy leaves no entry at all.
//!
//! # Example
//! From `https://app.example.com`, `GET https://acme.looker.com/api/4.0/user`
//! with status 0 and `_error: net::ERR_FAILED`.

use super::{call_name, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};
use crate::har::{self, Entry};
use crate::looker::route::{split_url, Route};

/// The rule.
pub static RULE: Rule = Rule {
    id: "cors_blocked",
    kind: Kind::CorsBlocked,
    severity: Severity::Error,
    title: "blocked by CORS: the page could not read the response",
    guide_anchor: "",
    check,
};

/// The calling page's origin when it differs from the request's.
pub(crate) fn cross_origin(entry: &Entry, api_origin: &str) -> Option<String> {
    let origin = entry.request_header("origin")?.trim().to_ascii_lowercase();
    let page = split_url(&format!("{origin}/"))
        .map(|t| t.origin)
        .unwrap_or(origin);
    (page != api_origin && page != "null").then_some(page)
}

fn check(call: &Call<'_>, _context: &Context) -> Option<Observation> {
    // Chrome says net::ERR_FAILED; Firefox's HAR says nothing at all, so
    // there only the cross-origin call itself points at CORS.
    let error = call.entry.network_error();
    let page = cross_origin(call.entry, &call.looker.origin);
    let preflight = call.entry.is_preflight();
    // A file:// page or a sandboxed iframe sends `Origin: null`, which no
    // allowlist can name.
    let null_origin = call
        .entry
        .request_header("origin")
        .is_some_and(|o| o.trim() == "null");
    let blocked = match error {
        Some("net::ERR_FAILED") => page.is_some() || preflight,
        Some(har::NO_RESPONSE) => page.is_some(),
        // A refused preflight from another origin: the browser does not
        // send the call at all. (A server error is not a refusal.)
        None => preflight && (page.is_some() || null_origin) && (300..500).contains(&call.status()),
        _ => false,
    };
    if !blocked {
        return None;
    }

    let allow = match &page {
        Some(page) => format!("Add {page} to Admin > Embed > Embedded Domain Allowlist."),
        None if null_origin => "Serve the page from an http(s) address: a file:// page or a \
                                sandboxed iframe has the origin null, which no allowlist can \
                                name."
            .to_owned(),
        None => "Add the calling page's origin (its scheme, host and port) to Admin > Embed > \
                 Embedded Domain Allowlist."
            .to_owned(),
    };
    let page = match page {
        Some(page) => page,
        None if null_origin => "a page whose origin is null".to_owned(),
        None => "another page".to_owned(),
    };
    let status = match call.status() {
        0 if error == Some(har::NO_RESPONSE) => {
            "no response was recorded (Firefox does not save why)".to_owned()
        }
        0 => "no response reached the page (net::ERR_FAILED)".to_owned(),
        s => format!(
            "the server answered {s}, but the browser withheld it from the page \
             (net::ERR_FAILED)"
        ),
    };
    let login = matches!(call.looker.route, Route::Login { .. });
    let happened = match error {
        None => format!(
            "{} is the browser's CORS preflight from {page}: it asks whether the page may \
             make the call. The server answered {}, so the browser did not send the call itself.",
            call_name(call),
            call.status()
        ),
        Some(_) => format!("{} was called from {page}; {status}.", call_name(call)),
    };
    let mut detail = format!(
        "{happened} The API answers a cross-origin call only for origins on the instance's \
         Embedded Domain Allowlist."
    );
    if login {
        detail.push_str(" /login can never be called over CORS, whatever the allowlist says.");
    }

    let mut steps = vec![
        allow,
        "Get tokens from OAuth (the SDK's browser session) or from your own server, never from /login in the browser.".to_owned(),
        "Or call the API from your server instead of the browser.".to_owned(),
    ];
    if login {
        steps.swap(0, 1);
    }
    let mut observation = Observation::new(detail, &[]);
    observation.next_steps = steps;
    observation.doc_url = Some("https://cloud.google.com/looker/docs/api-cors".to_owned());
    Some(observation)
}

#[cfg(test)]
mod tests {
    use crate::har::Entry;
    use crate::Session;

    /// The steps of the CORS finding on a preflight sent with `origin`
    /// and answered `status`, if there is one.
    fn preflight(origin: &str, status: u16) -> Option<Vec<String>> {
        let entry = Entry::from_json(&format!(
            r#"{{"request":{{"method":"OPTIONS","url":"https://acme.looker.com/api/4.0/looks/5",
            "headers":[{{"name":"Origin","value":"{origin}"}},
            {{"name":"Access-Control-Request-Method","value":"PATCH"}}]}},
            "response":{{"status":{status},"headers":[],"content":{{"size":0,"mimeType":""}}}}}}"#
        ))
        .unwrap();
        let findings = Session::new().observe(0, &entry);
        assert!(
            findings.iter().all(|f| f.rule == "cors_blocked"),
            "{findings:?}"
        );
        findings.first().map(|f| f.next_steps.clone())
    }

    #[test]
    fn a_refused_preflight_names_the_origin_to_allow() {
        let steps = preflight("https://app.example.com", 404).expect("a finding");
        assert!(
            steps[0].starts_with("Add https://app.example.com to"),
            "{steps:?}"
        );
    }

    #[test]
    fn a_page_whose_origin_is_null_is_told_to_get_a_real_one() {
        let steps = preflight("null", 403).expect("a finding");
        assert!(
            steps[0].starts_with("Serve the page from an http(s) address"),
            "{steps:?}"
        );
    }

    #[test]
    fn a_same_origin_or_failing_preflight_is_not_called_a_refusal() {
        assert_eq!(preflight("https://acme.looker.com", 404), None);
        assert_eq!(preflight("https://app.example.com", 500), None);
        assert_eq!(preflight("https://app.example.com", 204), None);
    }
}
