//! Findings gathered by the request they are about, as the report and the
//! command list them.

use crate::diagnose::{Analysis, Context, Finding};
use crate::har::Entry;
use crate::redact;

/// The findings about one request, and what identifies it.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFindings<'a> {
    /// Position in the HAR; `None` for a check not tied to a recorded call.
    pub entry: Option<usize>,
    /// HTTP method, as sent.
    pub method: &'a str,
    /// URL, secrets redacted.
    pub url: &'a str,
    /// Status and reason phrase (`422 Unprocessable Entity`), or why there
    /// is none, secrets scrubbed; `None` when the entry was not given.
    pub status: Option<String>,
    /// The findings, in the order the rules made them.
    pub findings: Vec<&'a Finding>,
}

/// Groups an analysis's findings by request, in entry order.
///
/// `entries` are the file's readable entries in file order, as
/// [`crate::har::HarFile`] holds them; they give each request its status.
pub fn by_request<'a>(
    analysis: &'a Analysis,
    entries: &[(usize, Entry)],
) -> Vec<RequestFindings<'a>> {
    let secrets = session_secrets(entries);
    let mut groups: Vec<RequestFindings<'a>> = Vec::new();

    // NOTE: findings come in entry order (`Analysis::findings`), so a
    // request's findings are next to each other.
    for finding in &analysis.findings {
        if let Some(group) = groups.last_mut() {
            if group.entry == finding.entry && group.url == finding.url {
                group.findings.push(finding);
                continue;
            }
        }
        let entry = finding
            .entry
            .and_then(|index| entries.binary_search_by_key(&index, |(i, _)| *i).ok())
            .map(|at| &entries[at].1);
        groups.push(RequestFindings {
            entry: finding.entry,
            method: &finding.method,
            url: &finding.url,
            status: entry.map(|e| redact::scrub_text(&status_line(e), &secrets)),
            findings: vec![finding],
        });
    }
    groups
}

/// `422 Unprocessable Entity`, `no response: net::ERR_FAILED` or
/// `no response` (none arrived, or the request was still waiting).
fn status_line(entry: &Entry) -> String {
    let response = &entry.response;
    if response.status != 0 {
        return format!("{} {}", response.status, response.status_text.trim())
            .trim_end()
            .to_owned();
    }
    match entry.network_error() {
        Some(error) => format!("no response: {error}"),
        None => "no response".to_owned(),
    }
}

/// Every secret value the entries carry, as the engine collects them.
fn session_secrets(entries: &[(usize, Entry)]) -> Vec<String> {
    let mut context = Context::default();
    for (_, entry) in entries {
        context.collect_secrets(entry);
    }
    let mut secrets = context.secrets;
    super::body::sort_longest_first(&mut secrets);
    secrets
}
