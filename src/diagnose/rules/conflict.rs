//! A 409: the object to create already exists, or its state forbids the
//! change.
//!
//! # Why
//! Looker answers 409 when a create would duplicate something unique, such
//! as a group's name or a git branch (TS doc §Conflict (409), facts §1.6);
//! 78 operations of the 4.0 spec declare it (facts §1.10). Scripts that
//! run twice meet it on their second run.
//!
//! # Known limitations
//! Only the server's message tells which value collides; when it sends
//! none, the finding names the operation alone.
//!
//! # Example
//! `POST https://acme.looker.com/api/4.0/groups` with `{"name":"Analysts"}`
//! → 409 `{"message":"Group with name 'Analysts' already exists",…}`.

use super::{call_name, versioned, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};

/// The rule.
pub static RULE: Rule = Rule {
    id: "conflict",
    kind: Kind::Conflict,
    severity: Severity::Error,
    title: "conflict: the object already exists",
    guide_anchor: "#conflict_409_errors",
    check,
};

fn check(call: &Call<'_>, _context: &Context) -> Option<Observation> {
    if call.status() != 409 {
        return None;
    }
    let operation = versioned(call).and_then(|(_, _, op)| op);
    let git = operation.is_some_and(|op| op.id.contains("git_branch"));

    let detail = format!(
        "{} answered 409{}. An object with the same unique value (a name, a title, \
         a branch) already exists, or the object's state does not allow the change.",
        call_name(call),
        super::quoted_message(call),
    );
    let mut steps = vec![
        "Look the existing object up (the search_… operations) and update or reuse it.",
        "Or give the new object another name.",
        "In scripts that may run twice, check for the object before creating it.",
    ];
    if git {
        steps.insert(
            0,
            "The branch exists already: check it out with update_git_branch instead of creating \
             it.",
        );
    }
    Some(Observation::new(detail, &steps).documented_at(call.documentation_url()))
}
