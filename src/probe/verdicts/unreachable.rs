//! An address that could not be reached at all: its name does not resolve,
//! the connection was refused, timed out or cut before any answer.
//!
//! # Why
//! Looker's guide starts every API problem with the API Host URL: opening
//! `<API Host URL>/alive` must give a blank 200 (TS doc §Verify the API
//! URL, facts §1.2). When no probed address answers at all, nothing else
//! can be judged; `chrome.webRequest` gives the panel the network error
//! behind JavaScript's bare `Failed to fetch` (toolchain notes, "Why a
//! request failed"). One address failing while another answers is a note,
//! unless it is the API Host URL the user typed.
//!
//! # Known limitations
//! A firewall, a VPN, an IP allowlist and a host that is down all give the
//! same timeout. A failure on the other port of a host that answers is
//! left to `probe_wrong_port`. Without host permission the extension is
//! told no reason at all (`probe_no_permission`).
//!
//! # Example
//! `GET https://acme.lookr.com/alive` and `https://acme.lookr.com:19999/alive`
//! both fail with `net::ERR_NAME_NOT_RESOLVED`.

use super::{finding, is_network, Judged};
use crate::diagnose::rules::RuleInfo;
use crate::diagnose::Observation;
use crate::probe::address::Origin;
use crate::probe::reason::{CheckVerdict, Reason};
use crate::{Finding, Kind, Severity};

/// The verdict.
pub static VERDICT: RuleInfo = RuleInfo {
    id: "probe_unreachable",
    kind: Kind::Unreachable,
    severity: Severity::Error,
    title: "no address answers as Looker's API",
    guide_anchor: "#api_endpoint_isnt_reachable",
};

pub(super) fn find(j: &Judged<'_>) -> Vec<Finding> {
    let failed: Vec<&CheckVerdict> = j
        .failures()
        .map(|(_, v)| v)
        .filter(|v| is_network(v.reason))
        .collect();
    let Some(first) = failed.first() else {
        return Vec::new();
    };
    // One finding for the whole round only when every address failed on the
    // network; otherwise each failed address is a finding of its own.
    let all_network = j
        .targets
        .iter()
        .all(|t| super::first_failure(t).is_some_and(|v| is_network(v.reason)));
    if !all_network {
        return j
            .failures()
            .filter(|(_, v)| is_network(v.reason))
            .map(|(t, v)| one(j, &t.base, v))
            .collect();
    }

    let all = |reason: Reason| failed.iter().all(|v| v.reason == reason);
    let title = if all(Reason::Dns) {
        "the host name does not resolve"
    } else if all(Reason::Refused) {
        "every address refused the connection"
    } else if all(Reason::TimedOut) {
        "no answer: every connection timed out"
    } else {
        VERDICT.title
    };
    let evidence = j
        .targets
        .iter()
        .filter_map(|t| Some(format!("{}: {}", t.base, super::first_failure(t)?.summary)))
        .collect();
    let detail = format!(
        "None of the {} addresses probed answered: the browser reached no server. First, \
         {}: {}.",
        j.targets.len(),
        first.url,
        first.summary
    );
    let observation = Observation {
        next_steps: steps(first.reason, &first.url),
        ..Observation::new(detail, &[])
    }
    .titled(title)
    .with_evidence(evidence);
    vec![finding(&VERDICT, &first.url, observation)]
}

/// One address that failed while another answered.
fn one(j: &Judged<'_>, base: &str, failure: &CheckVerdict) -> Finding {
    let origin = Origin::parse(base);
    let port = origin.as_ref().map_or(0, |o| o.port);
    let title = match failure.reason {
        Reason::Dns => format!(
            "{} does not resolve",
            origin.as_ref().map_or(base, |o| o.host.as_str())
        ),
        Reason::Refused => format!("port {port} is closed"),
        Reason::TimedOut => format!("port {port} does not answer"),
        _ => format!("{base} could not be reached"),
    };
    let severity = if j.is_typed(base) {
        Severity::Error
    } else if j.recommended.is_none() {
        Severity::Warning
    } else {
        Severity::Info
    };
    let mut detail = format!("{}: {}.", failure.url, failure.summary);
    if j.is_typed(base) {
        detail.push_str(" This is the API Host URL you typed: calls made with it fail too.");
    } else if let Some(recommended) = j.recommended {
        detail.push_str(&format!(
            " {recommended} answers as the API, so this address is only worth knowing about."
        ));
    }
    let observation = Observation {
        next_steps: steps(failure.reason, &failure.url),
        ..Observation::new(detail, &[])
    }
    .titled(title)
    .with_severity(severity);
    finding(&VERDICT, &failure.url, observation)
}

fn steps(reason: Reason, url: &str) -> Vec<String> {
    let mut steps: Vec<String> = match reason {
        Reason::Dns => vec![
            "Check the host name: hosted instances look like https://<instance>.cloud.looker.com \
             or https://<instance>.looker.com."
                .to_owned(),
            "If the instance is private, connect to the VPN or network that resolves its name."
                .to_owned(),
        ],
        Reason::Refused => vec![
            "Use the port of Admin > API > API Host URL: 443, or 19999 on AWS instances created \
             before 07/07/2020."
                .to_owned(),
            "Customer-hosted: open the API port in the load balancer and firewall, configured \
             like the web port (9999 by default)."
                .to_owned(),
        ],
        Reason::TimedOut => vec![
            "A firewall, security group or IP allowlist may drop the connection: ask the \
             network or Looker admin."
                .to_owned(),
        ],
        _ => Vec::new(),
    };
    steps.push(format!(
        "Open {url} in a tab, or run `curl -i {url}`, to see the error outside the panel."
    ));
    steps
}
