//! The report's one sentence: the address to use, and what the others did.

use super::address::Origin;
use super::attempt::Check;
use super::judge::TargetVerdict;
use super::reason::{CheckVerdict, Reason};

/// At most this many other addresses are described.
const MAX_NOTES: usize = 3;

/// The headline for judged targets, such as "Use https://acme.looker.com:
/// /alive and /versions answer there; port 19999 is closed."
pub(crate) fn write(targets: &[TargetVerdict], recommended: Option<&str>) -> String {
    let Some(first) = targets.first() else {
        return "No checks have run yet.".to_owned();
    };
    let chosen = recommended.and_then(|r| targets.iter().find(|t| t.base == r));
    let anchor = Origin::parse(&chosen.unwrap_or(first).base);

    let mut notes: Vec<String> = Vec::new();
    for t in targets
        .iter()
        .filter(|t| Some(t.base.as_str()) != recommended)
    {
        if let Some(note) = note(t, anchor.as_ref()) {
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
    }
    notes.truncate(MAX_NOTES);

    match chosen {
        Some(t) => {
            let mut sentence = format!("Use {}: {} there", t.base, answers(t));
            if let Some(block) = page_block(t) {
                sentence.push_str(&format!(", but your page's own calls are {block}"));
            }
            for note in notes {
                sentence.push_str("; ");
                sentence.push_str(&note);
            }
            sentence + "."
        }
        None if !unchecked(targets).is_empty() => format!(
            "Grant the extension access to {}, then check again: without it the browser \
             hides why a request fails.",
            unchecked(targets).join(" and ")
        ),
        None => format!("Nothing answers as Looker's API: {}.", notes.join("; ")),
    }
}

/// Which checks passed: "/alive and /versions answer".
fn answers(t: &TargetVerdict) -> String {
    let passed = |verdicts: &[CheckVerdict]| -> Vec<&'static str> {
        [Check::Alive, Check::Versions]
            .into_iter()
            .filter(|c| verdicts.iter().any(|v| v.check == *c && v.ok))
            .map(Check::path)
            .collect()
    };
    let (paths, from_page) = match passed(&t.extension) {
        none if none.is_empty() => (passed(&t.page), " from your page"),
        paths => (paths, ""),
    };
    match paths.as_slice() {
        [one] => format!("{one} answers{from_page}"),
        _ => format!("{} answer{from_page}", paths.join(" and ")),
    }
}

fn page_block(t: &TargetVerdict) -> Option<&'static str> {
    t.page.iter().find_map(|v| match v.reason {
        Reason::Cors => Some("blocked by CORS"),
        Reason::MixedContent => Some("blocked as mixed content"),
        _ => None,
    })
}

/// Hosts of an all-failed round where the extension had no permission.
fn unchecked(targets: &[TargetVerdict]) -> Vec<String> {
    let mut hosts = Vec::new();
    let verdicts = || targets.iter().flat_map(|t| &t.extension);
    if verdicts().next().is_none() || verdicts().any(|v| v.reason != Reason::NoPermission) {
        return hosts;
    }
    for host in targets
        .iter()
        .filter_map(|t| Origin::parse(&t.base))
        .map(|o| o.host)
    {
        if !hosts.contains(&host) {
            hosts.push(host);
        }
    }
    hosts
}

/// What another address did, such as "port 19999 is closed".
fn note(t: &TargetVerdict, anchor: Option<&Origin>) -> Option<String> {
    let origin = Origin::parse(&t.base);
    let name = match (&origin, anchor) {
        (Some(o), Some(a)) if o.same_host(a) && o != a => format!("port {}", o.port),
        _ => t.base.clone(),
    };
    if t.is_api {
        return Some(format!("{name} answers too"));
    }
    let failure = match t.extension.iter().find(|v| !v.ok) {
        Some(v) => v,
        None => t.page.iter().find(|v| !v.ok)?,
    };
    let host = origin.map_or_else(|| t.base.clone(), |o| o.host);
    Some(match failure.reason {
        Reason::Ok => format!("{name} answers"),
        Reason::Dns => format!("{host} does not resolve"),
        Reason::Refused => format!("{name} is closed"),
        Reason::TimedOut => format!("{name} does not answer (timed out)"),
        Reason::Tls => format!("{name} fails TLS (certificate)"),
        Reason::Cors => format!("{name} is blocked by CORS"),
        Reason::Redirect => format!("{name} redirects elsewhere, likely to a sign-in page"),
        Reason::HtmlPage => format!("{name} serves an HTML page, not the API"),
        Reason::NotLooker => format!("{name} answers, but not as Looker's API"),
        Reason::HttpStatus(status) => format!("{name} answers {status}"),
        Reason::MixedContent => format!("{name} is blocked as mixed content"),
        Reason::NoPermission => format!("{name} was not checked (no access granted)"),
        Reason::Unknown => format!("{name} failed"),
    })
}
