//! A 403 on a well-formed API path: Looker avoids 403 for permissions, so
//! the host, the port or the client is most likely wrong.
//!
//! # Why
//! Looker answers a missing permission with 404, not 403 (TS doc §Forbidden
//! (403)). Its guide names what does give 403: a login sent to the host
//! without the API's port when the API Host URL has one, a path without
//! `/api/<version>/`, and an out-of-date SDK (the Ruby gem) (facts §1.1,
//! §1.6). `/login` can never be called across origins (facts §1.7). The
//! sudo login `POST /login/{user_id}` is the exception: it answers 403 to
//! anyone but an admin (facts §1.4).
//!
//! # Known limitations
//! The 4.0 spec declares 403 for 118 operations, so some 403s are Looker's
//! own; its message, quoted here, then says more than this rule can.
//! Misshapen paths are left to `url_misshapen`, HTML pages to
//! `html_instead_of_api`, and the web UI's private paths are not judged.
//!
//! # Example
//! `POST https://acme.looker.com/api/4.0/login` → 403 with an empty body,
//! on an instance whose API Host URL is `https://acme.looker.com:19999`.

use super::{call_name, cors_blocked, html_instead_of_api, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};
use crate::looker::route::Route;

/// The rule.
pub static RULE: Rule = Rule {
    id: "forbidden_path",
    kind: Kind::Forbidden,
    severity: Severity::Error,
    title: "forbidden: the request did not reach the API as expected",
    guide_anchor: "#forbidden_403_errors",
    check,
};

fn check(call: &Call<'_>, context: &Context) -> Option<Observation> {
    if call.status() != 403 || html_instead_of_api::html_page(call).is_some() {
        return None;
    }
    let answered = format!(
        "{} answered 403{}.",
        call_name(call),
        super::quoted_message(call)
    );
    let origin = &call.looker.origin;

    let observation = match &call.looker.route {
        Route::Login { .. } => {
            let working = context
                .working_origins_by_host
                .get(&call.looker.host)
                .and_then(|w| w.iter().filter(|o| *o != origin).min().cloned());
            let page = cors_blocked::cross_origin(call.entry, origin);
            let cause = match (&working, &page) {
                (Some(other), _) => format!(
                    "{other} answered earlier in this session: the API is there, not at {origin}."
                ),
                (None, Some(page)) => format!(
                    "The call came from {page}: /login can never be called across origins \
                     (CORS), whatever the allowlist says."
                ),
                (None, None) => "Looker's guide names the port: a login sent without the \
                                 port of the API Host URL (443 or 19999) gets 403."
                    .to_owned(),
            };
            let detail = format!(
                "{answered} Looker refuses wrong credentials with 404, and avoids 403 for \
                 permissions, so this login did not reach the API as expected. {cause}"
            );
            let mut observation =
                Observation::new(detail, &[]).titled("login forbidden: wrong host, port or origin");
            let mut steps = vec![
                match &working {
                    Some(other) => format!("Send the login to {other}/api/4.0/login."),
                    None => format!(
                        "Use the API Host URL on Admin > API exactly, port included (such as \
                         https://{host}:443 or https://{host}:19999).",
                        host = call.looker.host
                    ),
                },
                format!(
                    "Open {origin}/alive in a browser tab: the API's host and port show a blank \
                     page."
                ),
                "From a web page, get tokens by OAuth or from your own server: /login is not \
                 callable over CORS."
                    .to_owned(),
                "Update the SDK: an out-of-date one (such as an old Ruby gem) also gets 403."
                    .to_owned(),
            ];
            if page.is_some() && working.is_none() {
                steps.swap(0, 2);
            }
            observation.next_steps = steps;
            observation
        }
        Route::Versioned {
            operation: Some(op),
            ..
        } if op.id == "login_user" => {
            let detail = format!(
                "{answered} This is the sudo login (login_user), which only an admin may call; \
                 on Looker (Google Cloud core) only an API-only service account with the Admin \
                 role may, and only to act as Embed users."
            );
            Observation::new(
                detail,
                &[
                    "Log in with the API key of a user who has the Admin role, then call \
                     login_user.",
                    "On Looker (Google Cloud core), use an API-only service account with the \
                     Admin role.",
                ],
            )
            .titled("sudo login forbidden: needs an admin")
        }
        Route::Versioned { .. }
        | Route::Logout { .. }
        | Route::Token
        | Route::Versions
        | Route::Alive
        | Route::Availability => {
            let likely = if call.error_message().is_some() {
                "Looker's own message above may name the reason; otherwise"
            } else {
                "Most likely"
            };
            let detail = format!(
                "{answered} Looker answers a missing permission with 404, not 403. {likely} the \
                 host or port is not the API's (a web server, proxy or firewall answered), or \
                 the client is an out-of-date SDK."
            );
            Observation::new(
                detail,
                &[
                    "Use the API Host URL on Admin > API as the base URL, port included (443 or \
                     19999).",
                    "Update the SDK or client library to a current release.",
                    "If a proxy or firewall sits in front of Looker, check that it lets /api/* \
                     through.",
                ],
            )
        }
        Route::UiPrivate | Route::Misshapen { .. } => return None,
    };
    Some(observation.documented_at(call.documentation_url()))
}
