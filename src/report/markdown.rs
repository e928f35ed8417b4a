//! The analysis as a Markdown report, to paste into a ticket or a chat.
//!
//! Whatever came from traffic (URLs, server messages, field names) is
//! escaped or put in code spans: a server that answers `<script>` or
//! `[x](javascript:…)` gets that text shown, not rendered.

use super::requests::{by_request, RequestFindings};
use crate::diagnose::{Analysis, Finding, Severity, Summary};
use crate::har::Entry;
use crate::readable::visible;

/// A Markdown report of an analysis: counts, then each request's findings
/// with their explanation, evidence, next steps and documentation.
///
/// `entries` are the file's readable entries, which give each request its
/// status; `source` names the file the report is about.
pub fn markdown_report(analysis: &Analysis, entries: &[(usize, Entry)], source: &str) -> String {
    let mut out = String::from("# Looker API Doctor report\n\n");
    if !source.is_empty() {
        out.push_str(&format!("Source: {}\n\n", code(&visible(source))));
    }
    out.push_str(&summary(&analysis.summary));

    let groups = by_request(analysis, entries);
    match super::nothing_judged(&analysis.summary) {
        Some(hint) => out.push_str(&format!("{}.\n\n", capitalized(&hint))),
        None if groups.is_empty() => out.push_str("No problems found.\n\n"),
        None => {}
    }
    for group in &groups {
        out.push_str(&request_heading(group));
        for finding in &group.findings {
            out.push_str(&finding_section(finding));
        }
    }

    if !analysis.problems.is_empty() {
        out.push_str("## Entries that could not be read\n\n");
        for problem in &analysis.problems {
            out.push_str(&format!("- {}\n", escape(problem)));
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn summary(summary: &Summary) -> String {
    format!("{}.\n\n", summary.describe())
}

fn request_heading(group: &RequestFindings<'_>) -> String {
    let what = code(&visible(&format!("{} {}", group.method, group.url)));
    let status = group
        .status
        .as_deref()
        .map(|s| format!(": {}", escape(&visible(s))))
        .unwrap_or_default();
    match group.entry {
        Some(index) => format!("## Entry {index}, {what}{status}\n\n"),
        None => format!("## Check of {what}{status}\n\n"),
    }
}

fn finding_section(finding: &Finding) -> String {
    let severity = match finding.severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Note",
    };
    let mut out = format!(
        "### {severity}: {}\n\n{} ({})\n\n",
        escape(&finding.title),
        escape(&finding.detail),
        code(finding.kind.as_str()),
    );
    if !finding.evidence.is_empty() {
        out.push_str("Evidence:\n\n");
        for item in &finding.evidence {
            out.push_str(&format!("- {}\n", escape(item)));
        }
        out.push('\n');
    }
    if !finding.next_steps.is_empty() {
        out.push_str("Next steps:\n\n");
        for (n, step) in finding.next_steps.iter().enumerate() {
            out.push_str(&format!("{}. {}\n", n + 1, escape(step)));
        }
        out.push('\n');
    }
    out.push_str(&format!("Documentation: {}\n\n", link(&finding.doc_url)));
    out
}

/// An `http(s)` URL as an autolink; anything else as plain code.
///
/// Spaces, control characters, quotes, backticks, angle brackets and
/// non-ASCII are percent-encoded: nothing in the URL can close the autolink
/// (CommonMark §6.5), whatever a server wrote in its `documentation_url`.
fn link(url: &str) -> String {
    if !matches!(crate::probe::read_url(url), Ok(Some(_))) {
        return code(url);
    }
    let mut out = String::from("<");
    for byte in url.trim_matches(|c: char| c <= ' ').bytes() {
        match byte {
            b'!'..=b'~' if !matches!(byte, b'"' | b'<' | b'>' | b'`') => out.push(char::from(byte)),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out.push('>');
    out
}

/// Text shown as text: every character Markdown or HTML could act on is
/// backslash-escaped (CommonMark §2.4), and line breaks become spaces so
/// the text cannot start a block of its own.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.trim().chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '#' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }

    // At the start of a line, `- `, `+ `, `= ` or `1. ` would make a list
    // or a heading underline of the line.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    match out[digits..].chars().next() {
        Some('.' | ')') if digits > 0 => out.insert(digits, '\\'),
        Some('-' | '+' | '=') if digits == 0 => out.insert(0, '\\'),
        _ => {}
    }
    out
}

/// Text as an inline code span, whose fence is longer than any run of
/// backticks inside it (CommonMark §6.1).
pub(crate) fn code(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.trim().is_empty() {
        return String::from("(empty)");
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `text` with its first letter in capitals: ASCII only, as Unicode's case
/// tables would cost the panel's wasm 7 KB gzipped for one letter of the
/// engine's own sentences.
fn capitalized(text: &str) -> String {
    let mut text = text.to_owned();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_from_traffic_is_escaped() {
        let escaped = escape("<script>alert(1)</script> [x](javascript:alert(1)) *b* `c` a|b");
        assert_eq!(
            escaped,
            r"\<script\>alert(1)\</script\> \[x\](javascript:alert(1)) \*b\* \`c\` a\|b"
        );
    }

    #[test]
    fn text_that_would_start_a_block_is_escaped() {
        assert_eq!(escape("- item"), r"\- item");
        assert_eq!(escape("12. item"), r"12\. item");
        assert_eq!(escape("# title\nnext"), r"\# title next");
        assert_eq!(escape("3 items"), "3 items");
    }

    #[test]
    fn a_code_span_outlasts_the_backticks_inside_it() {
        assert_eq!(code("GET /x"), "`GET /x`");
        assert_eq!(code("a``b"), "```a``b```");
        assert_eq!(code("`x"), "`` `x ``");
    }

    #[test]
    fn only_web_links_become_links() {
        assert_eq!(link("https://h/a b<c>"), "<https://h/a%20b%3Cc%3E>");
        assert_eq!(link(" https://h/\"`é\n"), "<https://h/%22%60%C3%A9>");
        assert_eq!(link("javascript:alert(1)"), "`javascript:alert(1)`");
        assert_eq!(link("https://a b/"), "`https://a b/`");
    }
}
