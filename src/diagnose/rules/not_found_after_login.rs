//! A 404 on an existing API operation after authentication worked: the
//! API user lacks a permission or access to that content.
//!
//! # Why
//! Looker avoids 403 for permissions and answers 404 instead ("404 after
//! login → missing permission", TS doc §Not found (404)). Only an earlier
//! successful login, or an authenticated call that worked, tells this apart
//! from a login failure; the session context holds that.
//!
//! # Known limitations
//! A 404 for an object that really does not exist (a deleted look, a
//! mistyped id) cannot be told apart from a permission problem: the
//! finding names both. Calls whose path is not in the endpoint index for
//! their version, or whose version the server does not serve, are left to
//! `unknown_operation`.
//!
//! # Example
//! `POST /api/4.0/login` → 200, `GET /api/4.0/user` → 200, then
//! `GET /api/4.0/looks/114/run/json` → 404
//! `{"message":"The resource you're looking for could not be found"}`.

use super::{call_name, unknown_operation, versioned, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};

/// The rule.
pub static RULE: Rule = Rule {
    id: "not_found_after_login",
    kind: Kind::MissingPermission,
    severity: Severity::Error,
    title: "not found after login: missing permission or content access",
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
    if unknown_operation::version_problem(call, context).is_some() {
        return None;
    }
    let logged_in = context.has_working_auth(&call.looker.origin);
    if !logged_in && !call.is_authenticated() {
        return None;
    }

    let evidence_of_login = if logged_in {
        "Authentication worked earlier in this session (a successful login or authenticated call)"
    } else {
        "The call carried credentials"
    };
    let detail = format!(
        "{} answered 404{}. {evidence_of_login}, so this is not a login problem: \
         Looker answers 404 rather than 403 when the API user lacks the permission for an \
         operation, or cannot see the content it names.",
        call_name(call),
        super::quoted_message(call),
    );
    Some(
        Observation::new(
            detail,
            &[
                "Sudo as the API user in Admin > Users and open the same content to see what they \
                 can access.",
                "Check the user's roles for the permission this operation needs, and the \
                 content's folder access.",
                "Check that the id in the path exists: a deleted or mistyped object also gives \
                 404.",
            ],
        )
        .documented_at(call.documentation_url()),
    )
}
