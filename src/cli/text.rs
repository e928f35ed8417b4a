//! Findings as text for a terminal: grouped by request, wrapped, and
//! coloured when asked to.
//!
//! Text from traffic (URLs, server messages) passes through [`printable`]
//! first: an escape sequence in a response must not drive the terminal.

use looker_api_doctor::diagnose::Summary;
use looker_api_doctor::har::Entry;
use looker_api_doctor::report::{self, RequestFindings};
use looker_api_doctor::{Analysis, Finding, Severity};

/// How to lay the text out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Whether to use ANSI colours.
    pub color: bool,
    /// Columns to wrap at.
    pub width: usize,
}

const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const CYAN: &str = "\x1b[1;36m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Indentation of a finding's body under its severity line.
const BODY: usize = 4;

/// The analysis as text: each request with its findings, the entries that
/// could not be read, then the counts.
pub fn render(analysis: &Analysis, entries: &[(usize, Entry)], style: &Style) -> String {
    let mut out = String::new();
    for group in report::by_request(analysis, entries) {
        out.push_str(&style.paint(BOLD, &request_line(&group)));
        out.push('\n');
        for finding in &group.findings {
            out.push_str(&finding_text(finding, style));
        }
        out.push('\n');
    }

    // Not "warning:", which the summary line would not count.
    for problem in &analysis.problems {
        let label = style.paint(YELLOW, "unreadable:");
        let lines = wrap(&printable(problem), style.width, 12, 2);
        out.push_str(&format!("{label} {}\n", lines.join("\n  ")));
    }
    if !analysis.problems.is_empty() {
        out.push('\n');
    }

    let summary = &analysis.summary;
    if let Some(hint) = report::nothing_judged(summary) {
        out.push_str(&format!("{hint}\n"));
    }
    out.push_str(&summary_line(summary));
    out
}

impl Style {
    /// Text in a colour, when colours are on.
    fn paint(&self, colour: &str, text: &str) -> String {
        if self.color {
            format!("{colour}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }
}

fn request_line(group: &RequestFindings<'_>) -> String {
    let what = printable(&format!("{} {}", group.method, group.url));
    let status = group
        .status
        .as_deref()
        .map(|s| format!(" ({})", printable(s)))
        .unwrap_or_default();
    match group.entry {
        Some(index) => format!("entry {index}: {what}{status}"),
        None => format!("check: {what}{status}"),
    }
}

fn finding_text(finding: &Finding, style: &Style) -> String {
    let (colour, marker) = match finding.severity {
        Severity::Error => (RED, "error:"),
        Severity::Warning => (YELLOW, "warning:"),
        Severity::Info => (CYAN, "info:"),
    };
    let indent = " ".repeat(BODY);
    let title = wrap(
        &printable(&finding.title),
        style.width,
        3 + marker.len(),
        BODY,
    );
    let mut out = format!(
        "  {} {}\n",
        style.paint(colour, marker),
        title.join(&format!("\n{indent}"))
    );
    for line in wrap(&printable(&finding.detail), style.width, BODY, BODY) {
        out.push_str(&format!("{indent}{line}\n"));
    }

    let evidence = finding
        .evidence
        .iter()
        .map(|e| ("-".to_owned(), e.as_str()));
    out.push_str(&list("evidence:", evidence, style));
    let steps = (1..)
        .zip(&finding.next_steps)
        .map(|(n, s)| (format!("{n}."), s.as_str()));
    out.push_str(&list("next steps:", steps, style));
    out.push_str(&format!(
        "{indent}{} {}\n",
        style.paint(DIM, "docs:"),
        printable(&finding.doc_url)
    ));
    out
}

/// A labelled list, each item wrapped under its own marker.
fn list<'a>(label: &str, items: impl Iterator<Item = (String, &'a str)>, style: &Style) -> String {
    let mut out = String::new();
    for (marker, item) in items {
        if out.is_empty() {
            out = format!("{}{}\n", " ".repeat(BODY), style.paint(DIM, label));
        }
        let at = BODY + 2 + marker.len() + 1;
        let lines = wrap(&printable(item), style.width, at, at);
        let pad = " ".repeat(at);
        out.push_str(&format!(
            "{}{marker} {}\n",
            " ".repeat(BODY + 2),
            lines.join(&format!("\n{pad}"))
        ));
    }
    out
}

fn summary_line(summary: &Summary) -> String {
    format!("{}\n", summary.describe())
}

/// Text with control characters (escape sequences, carriage returns,
/// line breaks) turned into spaces, and bidi controls written out.
fn printable(text: &str) -> String {
    looker_api_doctor::readable::visible(text)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The words of `text` in lines of at most `width` columns, the first
/// line starting at column `first` and the others at column `rest`. A word
/// longer than a line (a URL) gets a line of its own.
fn wrap(text: &str, width: usize, first: usize, rest: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut column = first;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if !line.is_empty() && column + 1 + len > width {
            lines.push(std::mem::take(&mut line));
            column = rest;
        }
        if !line.is_empty() {
            line.push(' ');
            column += 1;
        }
        line.push_str(word);
        column += len;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_at_the_width_and_long_ones_stand_alone() {
        assert_eq!(wrap("aaa bbb ccc ddd", 9, 2, 0), vec!["aaa bbb", "ccc ddd"]);
        assert_eq!(
            wrap("see https://example.com/a/long/path now", 12, 0, 0),
            vec!["see", "https://example.com/a/long/path", "now"]
        );
    }

    #[test]
    fn escape_sequences_from_traffic_cannot_reach_the_terminal() {
        assert_eq!(printable("ok\x1b[2J\r\nnext"), "ok [2J  next");
    }

    #[test]
    fn counts_are_spelled_in_the_plural_when_needed() {
        let summary = Summary {
            entries: 1,
            looker_calls: 2,
            errors: 1,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&summary),
            "1 error, 0 warnings, 0 notes in 1 entry (2 Looker API calls)\n"
        );
    }
}
