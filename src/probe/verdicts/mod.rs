//! The verdicts over a round of checks: one file each, named after what it
//! detects.
//!
//! Each verdict has a [`RuleInfo`], so its findings are stamped by the same
//! constructor as the call rules' ([`Finding::about`]): the same id, kind,
//! severity and documentation link fields, the same redaction. Ids start
//! with `probe_` and never collide with a call rule's. Each file documents
//! what it detects, why, its known limitations and an example; a test below
//! fails when one does not.

use super::address::Origin;
use super::judge::TargetVerdict;
use super::plan::Typed;
use super::reason::{CheckVerdict, Reason};
use crate::diagnose::rules::RuleInfo;
use crate::diagnose::Observation;
use crate::{Finding, Severity};

macro_rules! registry {
    ($($module:ident,)*) => {
        $(pub mod $module;)*

        /// Every verdict, in the order their findings are made.
        pub static ALL: &[&RuleInfo] = &[$(&$module::VERDICT,)*];

        /// Every verdict's findings.
        pub(crate) fn findings(judged: &Judged<'_>) -> Vec<Finding> {
            let mut all = Vec::new();
            $(all.extend($module::find(judged));)*
            all
        }
    };
}

registry! {
    unreachable,
    wrong_port,
    tls_error,
    not_api_response,
    cors_blocked,
    mixed_content,
    no_permission,
    api_host_mismatch,
    version_unsupported,
    api_path_typed,
}

/// What the verdicts see: every target's checks, and the round's context.
pub(crate) struct Judged<'a> {
    /// Every probed base, in order.
    pub targets: &'a [TargetVerdict],
    /// The base the report recommends.
    pub recommended: Option<&'a str>,
    /// The API Host URL the user typed, when known.
    pub typed: Option<&'a Typed>,
    /// The inspected page's origin, when known.
    pub page: Option<&'a Origin>,
}

impl<'a> Judged<'a> {
    /// Whether a base is the API Host URL the user typed.
    pub fn is_typed(&self, base: &str) -> bool {
        self.typed.is_some_and(|t| t.origin.base() == base)
    }

    /// A failure's severity: the verdict's own when the address matters
    /// (the user typed it, or no address answers as the API), else a note.
    pub fn weigh(&self, verdict: &RuleInfo, base: &str) -> Severity {
        if self.recommended.is_none() || self.is_typed(base) {
            verdict.severity
        } else {
            Severity::Info
        }
    }

    /// Targets that do not answer as the API, with their first failed
    /// check; those that `wrong_port` explains are left to it.
    pub fn failures(&self) -> impl Iterator<Item = (&'a TargetVerdict, &'a CheckVerdict)> + '_ {
        self.targets
            .iter()
            .filter(|t| !t.is_api && wrong_port::better(self, t).is_none())
            .filter_map(|t| Some((t, first_failure(t)?)))
    }
}

/// A target's first failed check: the extension's, or the page's when the
/// extension made none.
pub(crate) fn first_failure(t: &TargetVerdict) -> Option<&CheckVerdict> {
    match t.extension.iter().find(|v| !v.ok) {
        Some(v) => Some(v),
        None if t.extension.is_empty() => t.page.iter().find(|v| !v.ok),
        None => None,
    }
}

/// Whether a failure happened before any HTTP answer, on the network.
pub(crate) fn is_network(reason: Reason) -> bool {
    matches!(
        reason,
        Reason::Dns | Reason::Refused | Reason::TimedOut | Reason::Unknown
    )
}

/// Stamps a verdict's observation about a checked URL.
pub(crate) fn finding(verdict: &RuleInfo, url: &str, observation: Observation) -> Finding {
    Finding::about(verdict, None, "GET", url, observation, &[])
}

#[cfg(test)]
mod tests {
    use super::ALL;

    fn source(id: &str) -> String {
        let file = id.strip_prefix("probe_").unwrap_or(id);
        let path = format!(
            "{}/src/probe/verdicts/{file}.rs",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(path).unwrap_or_default()
    }

    #[test]
    fn every_verdict_documents_what_why_limitations_and_an_example() {
        let mut missing = Vec::new();
        for verdict in ALL {
            let source = source(verdict.id);
            let docs: Vec<&str> = source
                .lines()
                .filter_map(|l| l.strip_prefix("//!"))
                .map(str::trim)
                .collect();
            if docs.first().map_or(0, |summary| summary.len()) < 20 {
                missing.push(format!("{}: no summary of what it detects", verdict.id));
            }
            for heading in ["# Why", "# Known limitations", "# Example"] {
                if !docs.contains(&heading) {
                    missing.push(format!("{}: no '{heading}' section", verdict.id));
                }
            }
        }
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    #[test]
    fn every_verdict_file_is_registered_under_its_probe_id() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/probe/verdicts");
        let ids: Vec<&str> = ALL.iter().map(|v| v.id).collect();
        for file in std::fs::read_dir(dir).unwrap() {
            let name = file.unwrap().file_name().into_string().unwrap();
            if let Some(stem) = name.strip_suffix(".rs").filter(|n| *n != "mod") {
                let id = format!("probe_{stem}");
                assert!(ids.contains(&id.as_str()), "{name} is not in the registry");
            }
        }
    }

    #[test]
    fn verdict_ids_are_unique_and_apart_from_the_call_rules() {
        let mut ids: Vec<&str> = ALL.iter().map(|v| v.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
        for verdict in ALL {
            assert!(verdict.id.starts_with("probe_"), "{}", verdict.id);
            let clash = crate::diagnose::rules::ALL
                .iter()
                .any(|r| r.id == verdict.id);
            assert!(!clash, "{} is also a call rule's id", verdict.id);
        }
    }

    #[test]
    fn verdict_titles_are_lowercase_without_a_period() {
        for verdict in ALL {
            let first = verdict.title.chars().next().unwrap();
            assert!(
                !first.is_uppercase(),
                "{}: title starts uppercase",
                verdict.id
            );
            assert!(
                !verdict.title.ends_with('.'),
                "{}: title ends with a period",
                verdict.id
            );
        }
    }
}
