//! A 404 on an existing API operation whose credentials the recording does
//! not show, with no login before it: most likely a missing permission,
//! on a call whose token was left out of the HAR.
//!
//! # Why
//! Looker answers a call without a token with 401 and a missing
//! permission with 404 (TS doc §Not found (404); facts §1.6). A 404 from
//! Looker on a call that shows no token therefore points to a token the
//! recording does not hold: Chrome's default "Export HAR (sanitized)"
//! leaves out `Authorization`, `Cookie` and `Set-Cookie` headers, and HARs
//! handed to support are usually saved that way. `not_found_after_login`
//! covers the calls whose authentication the recording does show.
//!
//! # Known limitations
//! The recording cannot tell a token it left out from a call sent without
//! one; the finding names both. A 404 for an object that does not exist
//! (a deleted look, a mistyped id) looks the same as a missing permission.
//! Calls whose path is not in the endpoint index for their version, and
//! HTML answers, are left to `unknown_operation` and
//! `html_instead_of_api`.
//!
//! # Example
//! A HAR saved with "Export HAR (sanitized)": `GET /api/4.0/dashboards/12`
//! with no `Authorization` header → 404
//! `{"message":"Not found","documentation_url":"https://cloud.google.com/looker/docs/"}`.

use super::{call_name, unknown_operation, versioned, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};

/// The rule.
pub static RULE: Rule = Rule {
    id: "not_found_without_credentials",
    kind: Kind::MissingPermission,
    severity: Severity::Warning,
    title: "not found, and the recording shows no credentials",
    guide_anchor: "#not_found_404_errors",
    check,
};

fn check(call: &Call<'_>, context: &Context) -> Option<Observation> {
    // Only an operation the endpoint index knows: a 404 on another path
    // is `unknown_operation`'s.
    versioned(call)?.2?;
    if call.status() != 404 || call.entry.response_content_type().contains("html") {
        return None;
    }
    if call.is_authenticated() || context.has_working_auth(&call.looker.origin) {
        return None;
    }
    if unknown_operation::version_problem(call, context).is_some() {
        return None;
    }

    let detail = format!(
        "{} answered 404{}. The recording shows no credentials on this call (no \
         Authorization header, no token in the URL, no cookie) and no login before it. \
         Looker answers a call without a token with 401, and a missing permission with 404: \
         this 404 points to a token the recording does not show, and to a permission or \
         content the API user lacks.",
        call_name(call),
        super::quoted_message(call),
    );
    Some(
        Observation::new(
            detail,
            &[
                "If this is a HAR saved with Chrome's default \"Export HAR (sanitized)\", it left \
                 out the Authorization header and cookies: read the 404 as after a login, and \
                 sudo as the API user in Admin > Users to see what they can access.",
                "Check the user's roles for the permission this operation needs, and the \
                 content's folder access.",
                "If the call really went without a token, log in with POST /api/4.0/login and \
                 send the access_token as 'Authorization: Bearer <token>'.",
                "Check that the id in the path exists: a deleted or mistyped object also gives \
                 404.",
            ],
        )
        .documented_at(call.documentation_url()),
    )
}
