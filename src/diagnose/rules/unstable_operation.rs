//! A call to a deprecated, beta or alpha operation, reported once per
//! operation in a session.
//!
//! # Why
//! Looker's specs mark operations with `x-looker-status`: in 4.0, 9 are
//! deprecated, 50 beta and 16 alpha (facts §1.10). A deprecated operation
//! still works and may go away; beta and alpha ones may change their
//! parameters or answers between releases. A script that relies on them
//! breaks on an upgrade without any change of its own.
//!
//! # Known limitations
//! Judged for any call to the operation, whether it worked or not: the
//! status matters for the script's future, not for this call. Reported once
//! per operation and version, at its first call. The status is the one of
//! the spec the index comes from; the server's release may differ.
//!
//! # Example
//! `GET https://acme.looker.com/api/4.0/vector_thumbnail/dashboard/12` →
//! 200: `vector_thumbnail` is deprecated; use `content_thumbnail`.

use super::{request_line, unknown_operation, versioned, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};
use crate::looker::endpoints::{self, OpStatus};

/// The rule.
pub static RULE: Rule = Rule {
    id: "unstable_operation",
    kind: Kind::UnstableOperation,
    severity: Severity::Info,
    title: "operation is not stable",
    guide_anchor: "",
    check,
};

fn check(call: &Call<'_>, context: &Context) -> Option<Observation> {
    let (version, _, op) = versioned(call)?;
    let op = op?;
    // A call to a version the server no longer serves is told to move to
    // another version: "it still works" would contradict that.
    if op.status == OpStatus::Stable
        || context
            .operations_called
            .contains(&(version.to_owned(), op.id))
        || unknown_operation::version_problem(call, context).is_some()
    {
        return None;
    }

    let release = endpoints::spec_release(version).unwrap_or("?");
    let called = format!(
        "{} calls {}, which Looker's API {version} spec (Looker {release}) marks",
        request_line(call),
        op.id,
    );
    let (word, meaning, severity) = match op.status {
        OpStatus::Deprecated => (
            "deprecated",
            "it still works, but may be removed in a coming release",
            Severity::Warning,
        ),
        OpStatus::Beta => (
            "beta",
            "it works, but its parameters or answer may still change between releases",
            Severity::Info,
        ),
        _ => (
            "alpha",
            "it is experimental, and may change or disappear without notice",
            Severity::Info,
        ),
    };
    let detail = format!("{called} {word}: {meaning}.");

    let replacement = match op.id {
        "vector_thumbnail" => "Use content_thumbnail instead: it replaces vector_thumbnail.",
        _ if op.status == OpStatus::Deprecated => {
            "Look up its replacement in the API reference, and move to it before an upgrade."
        }
        _ => "Check the operation in the release notes before each Looker upgrade.",
    };
    Some(
        Observation::new(
            detail,
            &[
                replacement,
                "Keep the calls to it in one place of the code, so a change touches one spot.",
            ],
        )
        .titled(format!("{word} operation: {}", op.id))
        .with_severity(severity),
    )
}

#[cfg(test)]
mod tests {
    use crate::har::Entry;
    use crate::Session;

    fn call(url: &str, status: u16) -> Entry {
        Entry::from_json(&format!(
            r#"{{"request":{{"method":"GET","url":"{url}","headers":[]}},
            "response":{{"status":{status},"headers":[],
            "content":{{"size":0,"mimeType":"application/json"}}}}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn a_deprecated_call_to_a_removed_version_is_not_said_to_still_work() {
        let mut session = Session::new();
        session.observe(0, &call("https://acme.looker.com/api/4.0/user", 200));
        let findings = session.observe(1, &call("https://acme.looker.com/api/3.1/spaces/7", 404));
        let kinds: Vec<_> = findings.iter().map(|f| f.rule).collect();
        assert!(kinds.contains(&"unknown_operation"), "{kinds:?}");
        assert!(!kinds.contains(&"unstable_operation"), "{kinds:?}");
    }

    #[test]
    fn a_deprecated_call_that_answers_is_warned_about() {
        let findings =
            Session::new().observe(0, &call("https://acme.looker.com/api/3.1/spaces/7", 200));
        let kinds: Vec<_> = findings.iter().map(|f| f.rule).collect();
        assert_eq!(kinds, ["unstable_operation"]);
    }
}
