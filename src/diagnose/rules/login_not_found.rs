//! A 404 from Looker's login endpoint: the client ID and secret were refused.
//!
//! # Why
//! Looker answers a failed login with 404, not 401 ("the combination of
//! client_id and client_secret provided do not match an existing valid
//! credential": the SDK error doc `404/post/login`, facts §1.5). A 404
//! here says nothing about permissions: no session exists yet.
//!
//! # Known limitations
//! A login sent to the wrong instance, or to a proxy that answers 404 for
//! every path, looks the same; the finding names both. A login that sent
//! its credentials as JSON, which the login does not read (it takes form
//! fields, facts §1.4), is told apart by its body and said so. A 404 from
//! `/login/{user_id}` (sudo) is another matter and is not judged here, nor
//! is a login to an API version the server does not serve
//! (`unknown_operation`) or one answered by an HTML page such as Looker's
//! web "Not Found" page (`html_instead_of_api`).
//!
//! # Example
//! `POST https://acme.looker.com:19999/api/3.1/login` → 404
//! `{"message":"Not found","documentation_url":"http://docs.looker.com/"}`.

use super::{call_name, html_instead_of_api, unknown_operation, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};
use crate::looker::route::Route;

/// The rule.
pub static RULE: Rule = Rule {
    id: "login_not_found",
    kind: Kind::BadCredentials,
    severity: Severity::Error,
    title: "login refused: client ID or secret not valid here",
    guide_anchor: "#not_found_404_errors",
    check,
};

fn check(call: &Call<'_>, context: &Context) -> Option<Observation> {
    if !matches!(call.looker.route, Route::Login { .. }) || call.status() != 404 {
        return None;
    }
    // A login to a version the server does not serve, or one answered by a
    // web page, never reached a check of the keys.
    if unknown_operation::version_problem(call, context).is_some()
        || html_instead_of_api::html_page(call).is_some()
    {
        return None;
    }

    let documentation = call.documentation_url();
    if credentials_as_json(call) {
        let detail = format!(
            "{} answered 404{}. The credentials went as a JSON body, and Looker's login reads \
             client_id and client_secret as form fields (application/x-www-form-urlencoded): \
             it found no valid pair, and answered as it does for a wrong one.",
            call_name(call),
            super::quoted_message(call),
        );
        let steps = [
            "Send the body form-encoded with Content-Type: application/x-www-form-urlencoded; \
             with fetch: body: new URLSearchParams({ client_id, client_secret }).",
            "If the login still answers 404, check the client ID and client secret: Admin > \
             Users > Edit API Keys shows the user's keys.",
        ];
        return Some(
            Observation::new(detail, &steps)
                .titled("login sent as JSON: Looker reads form fields")
                .documented_at(documentation),
        );
    }
    let detail = format!(
        "{} answered 404{}. Looker answers a login with 404 when the client ID and \
         client secret pair does not match an API key on this instance; no permission is \
         involved yet, because no session exists.",
        call_name(call),
        super::quoted_message(call),
    );
    Some(
        Observation::new(
            detail,
            &[
                "Check the client ID and client secret: Admin > Users > Edit API Keys shows the \
                 user's keys.",
                "Check that the call goes to the right instance (its API Host URL on Admin > API).",
                "Send the credentials form-encoded in the body: client_id=…&client_secret=…",
            ],
        )
        .documented_at(documentation),
    )
}

/// Whether the login sent its credentials as a JSON object, which the
/// login operation (form-encoded, facts §1.4) does not read.
fn credentials_as_json(call: &Call<'_>) -> bool {
    let Some(text) = call
        .entry
        .request
        .post_data
        .as_ref()
        .and_then(|p| p.text.as_ref())
    else {
        return false;
    };
    let head = text.head(2048);
    head.trim_start().starts_with('{')
        && (head.contains("client_id") || head.contains("client_secret"))
}

#[cfg(test)]
mod tests {
    use crate::har::Entry;
    use crate::Session;

    fn login(content_type: &str, body: &str) -> crate::Finding {
        let entry = serde_json::json!({
            "startedDateTime": "2026-11-20T10:00:00Z",
            "time": 9,
            "request": {
                "method": "POST", "url": "https://acme.looker.com/api/4.0/login",
                "headers": [{"name": "Content-Type", "value": content_type}],
                "postData": {"mimeType": content_type, "text": body}
            },
            "response": {"status": 404, "headers": [], "content": {
                "size": 22, "mimeType": "application/json", "text": "{\"message\":\"Not found\"}"
            }}
        });
        let entry = Entry::from_json(&entry.to_string()).unwrap();
        let findings = Session::new().observe(0, &entry);
        let finding = findings.into_iter().find(|f| f.rule == "login_not_found");
        finding.expect("a login finding")
    }

    #[test]
    fn a_login_sent_as_json_is_told_to_send_form_fields() {
        let json = login(
            "application/json",
            r#"{"client_id":"a1","client_secret":"b2"}"#,
        );
        assert_eq!(json.title, "login sent as JSON: Looker reads form fields");
        assert!(
            json.next_steps[0].contains("URLSearchParams"),
            "{:?}",
            json.next_steps
        );

        let form = login(
            "application/x-www-form-urlencoded",
            "client_id=a1&client_secret=b2",
        );
        assert!(form.title.starts_with("login refused"), "{}", form.title);
    }
}
