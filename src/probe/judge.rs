//! Judging every fetch of a round of checks, and naming the address to use.

use serde::Serialize;

use super::address::Origin;
use super::attempt::{Attempt, Check, Vantage};
use super::plan::{read_page, read_typed};
use super::reason::{classify, CheckVerdict};
use super::{headline, verdicts};
use crate::{Finding, Severity};

/// The verdict on a round of checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// One verdict per probed base, in the order they were probed.
    pub targets: Vec<TargetVerdict>,
    /// The base URL to use as API Host URL, when one answers as the API.
    pub recommended: Option<String>,
    /// One sentence, such as `Use https://acme.looker.com: /alive and
    /// /versions answer there; port 19999 is closed.`
    pub headline: String,
    /// Findings, errors first.
    pub findings: Vec<Finding>,
}

/// What one base answered.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetVerdict {
    /// The origin probed.
    pub base: String,
    /// The extension's checks.
    pub extension: Vec<CheckVerdict>,
    /// The inspected page's checks.
    pub page: Vec<CheckVerdict>,
    /// `looker_release_version` from `/versions`.
    pub release: Option<String>,
    /// `supported_versions[].version` from `/versions`.
    pub api_versions: Vec<String>,
    /// `api_server_url` from `/versions`, as the server wrote it.
    pub api_server_url: Option<String>,
    /// `web_server_url` from `/versions`, as the server wrote it.
    pub web_server_url: Option<String>,
    /// The fastest HTTP answer, the extension's before the page's, in ms.
    pub latency_ms: Option<f64>,
    /// Whether any HTTP answer arrived, whatever it said.
    pub reachable: bool,
    /// Whether it answers as Looker's API: `/versions` parsed, or `/alive`
    /// answered blank and `/versions` said nothing against it.
    pub is_api: bool,
}

/// Judges all attempts.
///
/// Without knowing the inspected page, a page's blocked call to an http
/// address may be CORS or mixed content; without knowing the typed API
/// Host URL, its failures weigh like any other address's. [`judge_for`]
/// knows both.
pub fn judge(attempts: &[Attempt]) -> Report {
    judge_for(attempts, None, None)
}

/// Judges all attempts, given what [`super::plan`] was given: the page's
/// origin tells mixed content from CORS, and a failure of the typed API
/// Host URL is an error rather than a note. Inputs that `plan` refused are
/// ignored here: it already said why.
pub fn judge_for(
    attempts: &[Attempt],
    inspected_url: Option<&str>,
    api_host: Option<&str>,
) -> Report {
    let page = inspected_url.and_then(|u| read_page(u).ok().flatten());
    let typed = api_host
        .filter(|h| !h.trim().is_empty())
        .and_then(|h| read_typed(h).ok());

    let mut bases: Vec<String> = Vec::new();
    for base in attempts.iter().map(Attempt::base) {
        if !bases.contains(&base) {
            bases.push(base);
        }
    }
    let targets: Vec<TargetVerdict> = bases
        .into_iter()
        .map(|base| {
            let own: Vec<&Attempt> = attempts.iter().filter(|a| a.base() == base).collect();
            target(base, &own, page.as_ref())
        })
        .collect();

    let recommended = recommend(&targets);
    let judged = verdicts::Judged {
        targets: &targets,
        recommended: recommended.as_deref(),
        typed: typed.as_ref(),
        page: page.as_ref(),
    };
    // Most severe first, in the verdicts' order within a severity. Three
    // passes rather than a stable sort: each type the std sort sorts costs
    // the wasm ~1.5 KB gzipped.
    let unordered = verdicts::findings(&judged);
    let findings = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .flat_map(|severity| unordered.iter().filter(move |f| f.severity == severity))
        .cloned()
        .collect();
    Report {
        headline: headline::write(&targets, recommended.as_deref()),
        targets,
        recommended,
        findings,
    }
}

fn target(base: String, attempts: &[&Attempt], page: Option<&Origin>) -> TargetVerdict {
    let from = |vantage: Vantage| {
        attempts
            .iter()
            .copied()
            .filter(move |a| a.vantage == vantage)
    };
    let extension: Vec<CheckVerdict> = from(Vantage::Extension)
        .map(|a| classify(a, None, page))
        .collect();
    let in_page: Vec<CheckVerdict> = from(Vantage::Page)
        .map(|a| classify(a, extension.iter().find(|v| v.check == a.check), page))
        .collect();

    // The extension's /versions first: the page's may be the same answer.
    let info = from(Vantage::Extension)
        .chain(from(Vantage::Page))
        .find_map(Attempt::versions)
        .unwrap_or_default();
    let all = || extension.iter().chain(&in_page);
    let passed = |check: Check| all().any(|v| v.check == check && v.ok);
    let versions_deny = all().any(|v| v.check == Check::Versions && v.reason.answered() && !v.ok);
    let fastest = |verdicts: &[CheckVerdict]| {
        verdicts
            .iter()
            .filter(|v| v.reason.answered())
            .map(|v| v.elapsed_ms)
            .reduce(f64::min)
    };

    TargetVerdict {
        latency_ms: fastest(&extension).or_else(|| fastest(&in_page)),
        reachable: all().any(|v| v.reason.answered()),
        is_api: passed(Check::Versions) || (passed(Check::Alive) && !versions_deny),
        api_versions: info
            .supported_versions
            .iter()
            .map(|v| v.version.clone())
            .collect(),
        release: info.looker_release_version,
        api_server_url: info.api_server_url,
        web_server_url: info.web_server_url,
        base,
        extension,
        page: in_page,
    }
}

/// The server's own API Host URL when it answers too, else the first base
/// that answers as the API (the plan lists them by preference).
fn recommend(targets: &[TargetVerdict]) -> Option<String> {
    let works = |base: &str| targets.iter().any(|t| t.base == base && t.is_api);
    let named = targets
        .iter()
        .filter(|t| t.is_api)
        .filter_map(|t| Origin::parse(t.api_server_url.as_deref()?))
        .map(|o| o.base())
        .find(|base| works(base));
    named.or_else(|| targets.iter().find(|t| t.is_api).map(|t| t.base.clone()))
}
