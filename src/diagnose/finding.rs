//! Findings, and the one place where they are made.

use serde::Serialize;

use super::kind::{Kind, Severity};
use super::rules::{Rule, RuleInfo};
use super::Call;
use crate::redact;

/// One diagnosis: what was observed, what it means, what to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable code of the problem.
    #[serde(serialize_with = "kind_code")]
    pub kind: Kind,
    /// Id of the rule that made it (its file name).
    pub rule: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// Short, lowercase, no trailing period.
    pub title: String,
    /// What was observed and what it means, naming the evidence.
    pub detail: String,
    /// Lines of evidence worth listing one by one (field errors, headers).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// What to do, most likely fix first.
    pub next_steps: Vec<String>,
    /// The server's `documentation_url`, else the matching section of
    /// Looker's troubleshooting guide.
    pub doc_url: String,
    /// Position of the entry in the HAR or the live list; `None` for
    /// findings about a reachability check.
    pub entry: Option<usize>,
    /// The request's method.
    pub method: String,
    /// The request's URL, secrets redacted.
    pub url: String,
}

fn kind_code<S: serde::Serializer>(kind: &Kind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.as_str())
}

/// What a rule saw: the parts of a finding that differ from call to call.
#[derive(Debug, Clone, Default)]
pub struct Observation {
    /// Replaces the rule's title when the case needs its own words.
    pub title: Option<String>,
    /// What was observed and what it means.
    pub detail: String,
    /// Items to list one by one.
    pub evidence: Vec<String>,
    /// What to do.
    pub next_steps: Vec<String>,
    /// A documentation link the server sent, preferred over the guide's.
    pub doc_url: Option<String>,
    /// Replaces the rule's severity where one rule covers a milder case.
    pub severity: Option<Severity>,
    /// Replaces the rule's kind where one rule covers a case of another
    /// kind, so that the panel's kind filter finds it there.
    pub kind: Option<Kind>,
}

impl Observation {
    /// An observation with its explanation and next steps.
    pub fn new(detail: impl Into<String>, next_steps: &[&str]) -> Observation {
        Observation {
            detail: detail.into(),
            next_steps: next_steps.iter().map(|s| (*s).to_owned()).collect(),
            ..Observation::default()
        }
    }

    /// Adds items of evidence.
    pub fn with_evidence(mut self, evidence: Vec<String>) -> Observation {
        self.evidence = evidence;
        self
    }

    /// Uses this title instead of the rule's.
    pub fn titled(mut self, title: impl Into<String>) -> Observation {
        self.title = Some(title.into());
        self
    }

    /// Uses this severity instead of the rule's.
    pub fn with_severity(mut self, severity: Severity) -> Observation {
        self.severity = Some(severity);
        self
    }

    /// Uses this kind instead of the rule's.
    pub fn of_kind(mut self, kind: Kind) -> Observation {
        self.kind = Some(kind);
        self
    }

    /// Links the documentation the server named, when it named a page:
    /// the bare roots Looker often sends (`http://docs.looker.com/`,
    /// `https://cloud.google.com/looker/docs/`, facts §1.5) say less than
    /// the guide's section, which is kept then.
    pub fn documented_at(mut self, url: Option<&str>) -> Observation {
        let is_root = |u: &str| {
            let path = u
                .split_once("://")
                .map_or("", |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
            matches!(path.trim_end_matches('/'), "" | "/looker/docs")
        };
        self.doc_url = url
            .filter(|u| is_web_url(u) && !is_root(u))
            .map(str::to_owned);
        self
    }
}

/// Whether a link is an absolute `http://` or `https://` URL, in any case.
/// A server's `documentation_url` becomes a link in the panel and the
/// report: `javascript:`, `data:` or a relative link must not.
fn is_web_url(url: &str) -> bool {
    let scheme = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    scheme.starts_with("http://") || scheme.starts_with("https://")
}

/// Base of Looker's API troubleshooting guide; rules add an anchor.
pub const GUIDE: &str = "https://cloud.google.com/looker/docs/api-troubleshooting";

impl Finding {
    /// Stamps a rule's observation about a call into a finding.
    ///
    /// With [`Finding::about`], the only constructors: they fix the rule id, kind, severity
    /// and documentation link, redacts the URL, and removes every secret
    /// the session has seen from the text, whatever the rule wrote.
    pub fn new(
        rule: &Rule,
        call: &Call<'_>,
        observation: Observation,
        secrets: &[String],
    ) -> Finding {
        Finding::about(
            &rule.info(),
            Some(call.index),
            &call.entry.request.method,
            &call.entry.request.url,
            observation,
            secrets,
        )
    }

    /// Stamps an observation that concerns a URL rather than a recorded
    /// call, such as a reachability check.
    pub fn about(
        rule: &RuleInfo,
        entry: Option<usize>,
        method: &str,
        url: &str,
        observation: Observation,
        secrets: &[String],
    ) -> Finding {
        // Secrets out, and invisible characters from traffic shown.
        let scrub = |text: &str| crate::readable::visible_owned(redact::scrub_text(text, secrets));
        // Rules may set `doc_url` without `documented_at`: check it here too.
        let doc_url = observation
            .doc_url
            .filter(|u| is_web_url(u))
            .unwrap_or_else(|| format!("{GUIDE}{}", rule.guide_anchor));

        Finding {
            kind: observation.kind.unwrap_or(rule.kind),
            rule: rule.id,
            severity: observation.severity.unwrap_or(rule.severity),
            title: scrub(observation.title.as_deref().unwrap_or(rule.title)),
            detail: scrub(&observation.detail),
            evidence: observation.evidence.iter().map(|e| scrub(e)).collect(),
            next_steps: observation.next_steps.iter().map(|s| scrub(s)).collect(),
            doc_url: redact::redact_url(&doc_url),
            entry,
            method: method.to_owned(),
            url: crate::readable::visible(&redact::redact_url(url)).into_owned(),
        }
    }
}
