//! `/versions` names another API address (`api_server_url`) than the one
//! where the check reached it: the server's API Host URL setting and the
//! address in use differ.
//!
//! # Why
//! `api_server_url` is the server's own idea of its API Host URL (Admin >
//! API); Looker's tools, such as the stand-alone API Explorer, call the
//! API there (facts §1.3). Behind a load balancer or proxy it must give the
//! user-facing host and port (facts §1.1). When it differs from the
//! address that answers, either the setting or the address in use is
//! wrong. [`crate::probe::follow_up`] has the panel probe the named
//! address too.
//!
//! # Known limitations
//! Only origins are compared: a path in `api_server_url` is ignored. Older
//! servers send no `api_server_url`, and then nothing is said. A loopback
//! address (`https://localhost:8080`) is not probed from the user's
//! machine; it is named as a setting left at a local default.
//!
//! # Example
//! `GET https://acme.looker.com/versions` →
//! `{"looker_release_version":"25.4.12","supported_versions":[{"version":"4.0"}],
//! "api_server_url":"https://acme.looker.com:19999"}`.

use super::{finding, first_failure, Judged};
use crate::diagnose::rules::RuleInfo;
use crate::diagnose::Observation;
use crate::probe::address::Origin;
use crate::probe::attempt::Check;
use crate::{Finding, Kind, Severity};

/// The verdict.
pub static VERDICT: RuleInfo = RuleInfo {
    id: "probe_api_host_mismatch",
    kind: Kind::ApiHostMismatch,
    severity: Severity::Warning,
    title: "the server names another API address",
    guide_anchor: "#verify_the_api_url",
};

pub(super) fn find(j: &Judged<'_>) -> Vec<Finding> {
    let mut seen: Vec<String> = Vec::new();
    let mut findings = Vec::new();
    for t in j.targets {
        let Some(raw) = t.api_server_url.as_deref() else {
            continue;
        };
        let Some(named) = Origin::parse(raw) else {
            continue;
        };
        let named_base = named.base();
        if named_base == t.base || seen.contains(&named_base) {
            continue;
        }
        seen.push(named_base.clone());

        // What the named address did, if the panel probed it.
        let probed = j.targets.iter().find(|u| u.base == named_base);
        let typed_elsewhere = j.typed.is_some_and(|typed| typed.origin != named);
        let (state, severity) = match probed {
            Some(u) if u.is_api && typed_elsewhere => (
                format!("{named_base} answers as the API too, but you typed another address."),
                VERDICT.severity,
            ),
            Some(u) if u.is_api => (
                format!("{named_base} answers as the API too: use it."),
                Severity::Info,
            ),
            Some(u) => (
                format!(
                    "{named_base} does not answer as the API from here ({}): Looker's tools \
                     that use it fail for you.",
                    first_failure(u).map_or("no check passed", |v| v.summary.as_str())
                ),
                VERDICT.severity,
            ),
            None if named.loopback => (
                format!(
                    "{named_base} is the server's own machine: the setting was left at a \
                     local default."
                ),
                VERDICT.severity,
            ),
            None => (
                format!("{named_base} has not been checked yet."),
                Severity::Info,
            ),
        };

        let url = t
            .extension
            .iter()
            .chain(&t.page)
            .find(|v| v.check == Check::Versions && v.ok)
            .map_or_else(|| format!("{}/versions", t.base), |v| v.url.clone());
        let detail = format!(
            "{url} names api_server_url {raw}, the address Looker's own tools (the API \
             Explorer, SDK code generators) call the API at, while this check reached the \
             API at {}. {state}",
            t.base
        );
        let works = probed.is_some_and(|u| u.is_api);
        let mut steps = Vec::new();
        if works {
            steps.push(format!(
                "Use {named_base} as the API Host URL: it is the server's own."
            ));
        }
        steps.push(format!(
            "If {} is the address users reach, set Admin > API > API Host URL to it: behind a \
             load balancer or proxy, the user-facing host and port.",
            t.base
        ));
        let mut observation = Observation::new(detail, &[])
            .titled(format!(
                "the server names another API address: {named_base}"
            ))
            .with_severity(severity);
        observation.next_steps = steps;
        findings.push(finding(&VERDICT, &url, observation));
    }
    findings
}
