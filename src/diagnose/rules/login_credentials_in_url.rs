//! A login that sends `client_id` and `client_secret` in the URL's query
//! string, which Looker is retiring, instead of as form fields.
//!
//! # Why
//! The 4.0 spec's `login` operation says to pass the credentials as body
//! parameters, and that "the ability to use query parameters for
//! `client_id` and `client_secret` will be deprecated before the end of
//! 2026" (facts §1.4). A login that works today this way stops working
//! then. A secret in a URL also ends up in proxy and server logs and in
//! the browser's history, where a body does not.
//!
//! # Known limitations
//! Said of every such login, whether it succeeded or not; a failed one
//! also gets the finding that explains its failure. The date is the
//! spec's, not a release note's: the server in use may refuse them earlier
//! or later.
//!
//! # Example
//! `POST https://acme.looker.com/api/4.0/login?client_id=…&client_secret=…`
//! with no body → 200.

use super::{call_name, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};
use crate::har;
use crate::looker::route::Route;

/// The rule.
pub static RULE: Rule = Rule {
    id: "login_credentials_in_url",
    kind: Kind::UnstableOperation,
    severity: Severity::Warning,
    title: "login credentials in the URL: send them as form fields",
    guide_anchor: "",
    check,
};

fn check(call: &Call<'_>, _context: &Context) -> Option<Observation> {
    if !matches!(call.looker.route, Route::Login { .. }) {
        return None;
    }
    let pairs = har::query_pairs(&call.entry.request.url);
    let in_url: Vec<&str> = ["client_id", "client_secret"]
        .into_iter()
        .filter(|name| pairs.iter().any(|(n, _)| n == name))
        .collect();
    if !in_url.contains(&"client_secret") {
        return None;
    }

    let outcome = match call.status() {
        0 => "got no answer".to_owned(),
        s => format!("answered {s}"),
    };
    let detail = format!(
        "{} {outcome}, with {} in the URL's query string. Looker's API reference asks for \
         them as body parameters, and says the query-string form will be deprecated before \
         the end of 2026: a login written this way stops working then. A secret in a URL \
         also lands in proxy and server logs and in the browser's history.",
        call_name(call),
        in_url.join(" and "),
    );
    Some(Observation::new(
        detail,
        &[
            "Send the credentials as the body, form-encoded: Content-Type: \
             application/x-www-form-urlencoded and client_id=…&client_secret=…; with fetch: \
             body: new URLSearchParams({ client_id, client_secret }).",
            "The Looker SDKs already send them so: use one, or update an old one.",
        ],
    ))
}
