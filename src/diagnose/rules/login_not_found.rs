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
//! every path, looks the same; the finding names both. A 404 from
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

    let body = call.error_body();
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
        .documented_at(body.as_ref().and_then(|b| b.documentation_url.as_deref())),
    )
}
