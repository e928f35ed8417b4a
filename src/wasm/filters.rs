//! Which rows the list shows: severity, finding kind, status class, free
//! text, and whether traffic other than Looker's is listed.

use crate::diagnose::{Kind, Severity};

use super::row::Row;

/// The status classes the status filter offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusClass {
    /// 2xx.
    Success,
    /// 3xx.
    Redirect,
    /// 4xx.
    ClientError,
    /// 5xx.
    ServerError,
    /// A network error (`_error`), whatever the status.
    Failed,
    /// Still waiting for an answer.
    Pending,
}

impl StatusClass {
    /// Parses the status filter's option value.
    pub fn parse(value: &str) -> Option<StatusClass> {
        Some(match value {
            "2xx" => StatusClass::Success,
            "3xx" => StatusClass::Redirect,
            "4xx" => StatusClass::ClientError,
            "5xx" => StatusClass::ServerError,
            "failed" => StatusClass::Failed,
            "pending" => StatusClass::Pending,
            _ => return None,
        })
    }

    /// The class of a row. A CORS-blocked call recorded as 200 with
    /// `_error` failed for the page, so it is `Failed`.
    pub fn of(row: &Row) -> Option<StatusClass> {
        if row.is_pending() {
            return Some(StatusClass::Pending);
        }
        if row.network_error.is_some() {
            return Some(StatusClass::Failed);
        }
        Some(match row.status / 100 {
            2 => StatusClass::Success,
            3 => StatusClass::Redirect,
            4 => StatusClass::ClientError,
            5 => StatusClass::ServerError,
            0 => StatusClass::Failed,
            _ => return None,
        })
    }
}

/// What the severity filter asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeverityFilter {
    /// Rows with any finding.
    AnyFinding,
    /// Rows with a finding of this severity.
    Exactly(Severity),
}

impl SeverityFilter {
    /// Parses the severity filter's option value.
    pub fn parse(value: &str) -> Option<SeverityFilter> {
        Some(match value {
            "any" => SeverityFilter::AnyFinding,
            "error" => SeverityFilter::Exactly(Severity::Error),
            "warning" => SeverityFilter::Exactly(Severity::Warning),
            "info" => SeverityFilter::Exactly(Severity::Info),
            _ => return None,
        })
    }
}

/// The filter bar's state.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Lowercase search text; empty matches all.
    pub text: String,
    /// Severity asked for.
    pub severity: Option<SeverityFilter>,
    /// Finding kind asked for.
    pub kind: Option<Kind>,
    /// Status class asked for.
    pub status: Option<StatusClass>,
    /// Whether requests that are not Looker API calls are listed.
    pub other_traffic: bool,
}

impl Filter {
    /// Whether the list shows a row.
    pub fn matches(&self, row: &Row) -> bool {
        if !self.other_traffic && (!row.looker || row.from_probe) {
            return false;
        }
        let severity_ok = match self.severity {
            None => true,
            Some(SeverityFilter::AnyFinding) => !row.findings.is_empty(),
            Some(SeverityFilter::Exactly(s)) => row.findings.iter().any(|f| f.severity == s),
        };
        let kind_ok = self
            .kind
            .map_or(true, |k| row.findings.iter().any(|f| f.kind == k));
        let status_ok = self
            .status
            .map_or(true, |c| StatusClass::of(row) == Some(c));
        let text_ok = || self.text.is_empty() || row.matches_words(self.text.split_whitespace());
        severity_ok && kind_ok && status_ok && text_ok()
    }

    /// Whether anything but the traffic toggle narrows the list.
    pub fn is_narrowing(&self) -> bool {
        !self.text.is_empty()
            || self.severity.is_some()
            || self.kind.is_some()
            || self.status.is_some()
    }
}
