//! One port of a host answers as Looker's API and the other does not: 443
//! against the legacy 19999. Names the port to use.
//!
//! # Why
//! Instances on Google Cloud, Azure, and on AWS since 07/07/2020 serve the
//! API on 443; AWS instances created before serve it on 19999 (Admin > API,
//! facts §1.1). A call to the other port is refused, times out, or reaches
//! the web server, which Looker's guide says answers 403 (TS doc
//! §Forbidden). Calls that leave the port out go to 443.
//!
//! # Known limitations
//! Only pairs with 19999 are compared: a customer-hosted instance may serve
//! the API on any port. A closed 19999 next to a working 443 is the normal
//! state of a recent instance and is reported as a note; it becomes an
//! error only when it is the API Host URL the user typed.
//!
//! # Example
//! `https://acme.looker.com/alive` refused (`net::ERR_CONNECTION_REFUSED`),
//! `https://acme.looker.com:19999/alive` → 200, blank.

use super::{finding, first_failure, Judged};
use crate::diagnose::rules::RuleInfo;
use crate::diagnose::Observation;
use crate::probe::address::Origin;
use crate::probe::judge::TargetVerdict;
use crate::{Finding, Kind, Severity};

/// Looker's legacy API port.
const LEGACY: u16 = 19999;

/// The verdict.
pub static VERDICT: RuleInfo = RuleInfo {
    id: "probe_wrong_port",
    kind: Kind::WrongPort,
    severity: Severity::Warning,
    title: "the API answers on another port",
    guide_anchor: "#verify_the_api_port",
};

/// The address on the same host, one of the two ports being 19999, that
/// answers as the API when `t` does not.
pub(crate) fn better<'a>(j: &Judged<'a>, t: &TargetVerdict) -> Option<&'a TargetVerdict> {
    if t.is_api {
        return None;
    }
    let failing = Origin::parse(&t.base)?;
    j.targets.iter().filter(|w| w.is_api).find(|w| {
        Origin::parse(&w.base).is_some_and(|working| {
            working.same_host(&failing)
                && working.port != failing.port
                && (working.port == LEGACY || failing.port == LEGACY)
        })
    })
}

pub(super) fn find(j: &Judged<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for t in j.targets {
        let (Some(good), Some(failure)) = (better(j, t), first_failure(t)) else {
            continue;
        };
        let (Some(bad_port), Some(good_port)) = (port(&t.base), port(&good.base)) else {
            continue;
        };
        let severity = if j.is_typed(&t.base) {
            Severity::Error
        } else if bad_port == LEGACY {
            Severity::Info
        } else {
            VERDICT.severity
        };

        let detail = format!(
            "{}: {}. {} answers as Looker's API. Instances on Google Cloud, Azure, and on AWS \
             since 07/07/2020 serve the API on port 443; AWS instances created before use \
             19999. Admin > API > API Host URL names the one to use.",
            failure.url, failure.summary, good.base
        );
        let mut steps = vec![format!(
            "Use {} as the API Host URL (base_url in looker.ini).",
            good.base
        )];
        if good_port == LEGACY {
            steps.push("Calls without a port go to 443: write :19999 in every URL.".to_owned());
        }
        if j.is_typed(&t.base) {
            steps.push(format!("Replace {} wherever you configured it.", t.base));
        }
        let mut observation = Observation::new(detail, &[])
            .titled(format!(
                "use port {good_port}: the API does not answer on port {bad_port}"
            ))
            .with_severity(severity);
        observation.next_steps = steps;
        findings.push(finding(&VERDICT, &failure.url, observation));
    }
    findings
}

fn port(base: &str) -> Option<u16> {
    Origin::parse(base).map(|o| o.port)
}
