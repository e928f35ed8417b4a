//! A 401: the call carried no valid credentials, and no expired token
//! explains it.
//!
//! # Why
//! Looker answers 401 `Requires authentication.` when a call has no token,
//! a malformed `Authorization` header, or a token the server does not know
//! (TS doc §Unauthorized (401); facts §1.6).
//!
//! # Known limitations
//! A token revoked by a logout elsewhere, or issued by another instance,
//! looks the same as a missing one. A HAR saved with Chrome's default
//! "Export HAR (sanitized)" has no `Authorization` headers at all, so a
//! missing header there may have been sent; the finding says so. When a login with `expires_in` was
//! seen and the time has run out, `token_expired` reports it instead.
//!
//! # Example
//! `GET /api/4.0/user` without `Authorization` → 401
//! `{"message":"Requires authentication.","documentation_url":"http://docs.looker.com/"}`.

use super::{call_name, token_expired, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};
use crate::looker::route::Route;

/// The rule.
pub static RULE: Rule = Rule {
    id: "requires_authentication",
    kind: Kind::NotAuthenticated,
    severity: Severity::Error,
    title: "not authenticated: the call has no valid token",
    guide_anchor: "#unauthorized_401_errors",
    check,
};

fn check(call: &Call<'_>, context: &Context) -> Option<Observation> {
    if call.status() != 401 || token_expired::expiry(call, context).is_some() {
        return None;
    }

    // Servers before Looker 7.4 answer an unversioned login this way: what
    // was sent with it does not matter.
    if matches!(call.looker.route, Route::Login { version: None }) {
        let detail = format!(
            "{} answered 401{}. Unversioned /api/login needs authentication on servers before \
             Looker 7.4: log in with a versioned path such as /api/4.0/login.",
            call_name(call),
            super::quoted_message(call)
        );
        let steps = [
            "Send the login to POST /api/4.0/login, with client_id and client_secret as form \
             fields.",
            "With an SDK, check the base_url in its settings (looker.ini or environment): it \
             names the host, and the SDK adds /api/4.0.",
        ];
        return Some(Observation::new(detail, &steps).documented_at(call.documentation_url()));
    }

    let sent = match call.entry.request_header("authorization") {
        // Chrome's default "Export HAR (sanitized)" drops the header: a
        // HAR handed to support may have had one.
        None => "The recording shows no Authorization header on the request: it had none, or \
                 it was saved with Chrome's default \"Export HAR (sanitized)\", which leaves \
                 the header out"
            .to_owned(),
        Some(value) => {
            let scheme = value.split_whitespace().next().unwrap_or("");
            if scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token") {
                format!("The request sent an Authorization header ({scheme} …) that the server did not accept")
            } else {
                "The request's Authorization header does not start with 'Bearer' or 'token'"
                    .to_owned()
            }
        }
    };
    let detail = format!(
        "{} answered 401{}. {sent}.",
        call_name(call),
        super::quoted_message(call)
    );
    Some(
        Observation::new(
            detail,
            &[
                "Log in with POST /api/4.0/login and send the access_token as 'Authorization: \
                 Bearer <token>'.",
                "Check that the token comes from this same instance, and that no logout revoked \
                 it.",
                "With an SDK, check the base_url and credentials in its settings (looker.ini or \
                 environment).",
            ],
        )
        .documented_at(call.documentation_url()),
    )
}

#[cfg(test)]
mod tests {
    use crate::har::Entry;
    use crate::Session;

    #[test]
    fn an_unversioned_login_is_told_to_use_a_version_not_to_send_a_token() {
        let entry = Entry::from_json(
            r#"{"request":{"method":"POST","url":"https://acme.looker.com/api/login",
            "headers":[]},"response":{"status":401,"headers":[],
            "content":{"size":0,"mimeType":"application/json"}}}"#,
        )
        .unwrap();
        let findings = Session::new().observe(0, &entry);
        let finding = findings
            .iter()
            .find(|f| f.rule == "requires_authentication")
            .expect("a finding");
        assert!(finding.detail.contains("/api/4.0/login"), "{finding:?}");
        assert!(!finding.detail.contains("Authorization"), "{finding:?}");
    }
}
