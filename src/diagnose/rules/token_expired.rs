//! A 401 after the token's lifetime ran out.
//!
//! # Why
//! Login answers `expires_in` (3600 seconds by default, facts §1.4); a
//! script that runs longer than that without logging in again gets 401
//! "Requires authentication." (spectacles issue 114). The SDKs log in
//! again by themselves; hand-written clients often do not.
//!
//! # Known limitations
//! Only a login seen in the same recording gives the token's age; a token
//! obtained before the recording started cannot be dated, and its 401 is
//! reported by `requires_authentication`.
//!
//! # Example
//! `POST /api/4.0/login` → 200 `{"expires_in":3600,…}` at 10:00, then at
//! 11:01 `POST /api/4.0/queries/run/json` → 401.

use super::{call_name, Rule};
use crate::diagnose::{Call, Context, Kind, Login, Observation, Severity};

/// The rule.
pub static RULE: Rule = Rule {
    id: "token_expired",
    kind: Kind::TokenExpired,
    severity: Severity::Error,
    title: "token expired: log in again",
    guide_anchor: "#unauthorized_401_errors",
    check,
};

/// The login whose token had expired when the call was made, with the
/// token's age in seconds.
pub(crate) fn expiry<'c>(call: &Call<'_>, context: &'c Context) -> Option<(&'c Login, f64)> {
    let token = call.bearer_token();
    let login = context
        .logins
        .iter()
        .rev()
        .filter(|l| l.ok && l.index < call.index && l.origin == call.looker.origin)
        .find(|l| token.is_none() || l.token.is_none() || l.token.as_deref() == token)?;
    let age = (call.started_ms? - login.at_ms?) / 1000.0;
    (age >= login.expires_in?).then_some((login, age))
}

fn check(call: &Call<'_>, context: &Context) -> Option<Observation> {
    if call.status() != 401 {
        return None;
    }
    let (login, age) = expiry(call, context)?;

    let detail = format!(
        "{} answered 401{}. The token came from a login {} s before this call, which \
         said expires_in {} s, so the token had expired.",
        call_name(call),
        super::quoted_message(call),
        age.round(),
        login.expires_in.unwrap_or_default().round(),
    );
    const AGAIN: &str =
        "Log in again before the token's expires_in runs out, or when a call answers 401.";
    // An SDK's own calls are logged in again by the SDK: a stale token
    // there was most likely taken out of it and reused.
    let steps: &[&str] = if crate::diagnose::context::sdk_name(call.entry).is_some() {
        &[
            AGAIN,
            "This call names a Looker SDK, which logs in again by itself: use the SDK's own \
             session rather than a token taken from it.",
        ]
    } else {
        &[
            AGAIN,
            "The Looker SDKs log in again by themselves: prefer them to hand-written HTTP calls.",
        ]
    };
    Some(Observation::new(detail, steps))
}
