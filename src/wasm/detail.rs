//! The detail pane: a request's findings, then its request and response
//! with secrets redacted. Everything is set as text.
//!
//! A request of an imported file is read again from the file when it is
//! selected: its findings show at once, its headers and bodies once read.

use web_sys::Element;

use super::bodies::{self, BodyView};
use super::dom::{self, append, attr, el, testid, text_el};
use super::row::Row;
use crate::diagnose::Finding;
use crate::har::{Entry, Header};
use crate::{readable, redact};

/// The selected request's full record, as far as it is known.
pub enum Full<'a> {
    /// The entry.
    Entry(&'a Entry),
    /// Being read from the imported file.
    Reading,
    /// Could not be read from the imported file, and why.
    Unreadable(&'a str),
}

/// What the pane shows when no request is selected.
pub fn render_empty(detail: &Element) {
    dom::clear(detail);
    let hint = text_el(
        "p",
        "detail-empty",
        "Select a request to see what went wrong and what to do about it.",
    );
    testid(&hint, "detail-empty");
    append(detail, &[&hint]);
}

/// Fills the pane with a row's findings, request and response.
pub fn render(detail: &Element, row: &Row, full: Full<'_>, secrets: &[String], now_ms: f64) {
    dom::clear(detail);
    append(detail, &[&summary(row, now_ms), &findings_section(row)]);
    match full {
        Full::Entry(entry) => append(
            detail,
            &[
                &request_section(entry, secrets),
                &response_section(row, entry, secrets),
            ],
        ),
        Full::Reading => {
            let note = text_el("p", "body none", "Reading this request from the file…");
            append(detail, &[&note]);
        }
        Full::Unreadable(why) => {
            let text = format!(
                "This request's headers and bodies cannot be read from the file again \
                 ({why}). Import the file again to see them."
            );
            append(detail, &[&text_el("p", "body none", &text)]);
        }
    }
}

fn summary(row: &Row, now_ms: f64) -> Element {
    let head = el("div", "detail-head");
    testid(&head, "detail-summary");

    let line = el("div", "detail-url");
    let url = text_el("span", "url", &row.url);
    testid(&url, "detail-url");
    append(&line, &[&text_el("span", "method", &row.method), &url]);

    let mut meta = vec![format!("status {}", row.status_text())];
    if !row.reason.is_empty() && !row.is_pending() {
        meta[0].push(' ');
        meta[0].push_str(&row.reason);
    }
    if let Some(error) = &row.network_error {
        meta.push(format!("network error {error}"));
    }
    meta.push(crate::readable::duration(row.time_ms(now_ms)));
    if !row.version.is_empty() {
        meta.push(format!("API {}", row.version));
    }
    if !row.operation.is_empty() {
        meta.push(row.operation.to_owned());
    }
    let meta = text_el("div", "detail-meta", &meta.join(" · "));
    testid(&meta, "detail-meta");

    let copy = text_el("button", "", "Copy as cURL");
    testid(&copy, "copy-curl");
    attr(&copy, "type", "button");
    attr(&copy, "data-action", "copy-curl");
    attr(
        &copy,
        "title",
        "Copy this request as a cURL command, secrets redacted",
    );
    let actions = el("div", "detail-actions");
    append(&actions, &[&copy]);

    append(&head, &[&line, &meta, &actions]);
    head
}

fn section(title: &str, id: &str) -> Element {
    let details = el("details", "section");
    attr(&details, "open", "");
    testid(&details, id);
    append(&details, &[&text_el("summary", "", title)]);
    details
}

fn findings_section(row: &Row) -> Element {
    let section = section("Findings", "detail-findings");
    if row.findings.is_empty() {
        let text = if row.is_pending() {
            "Still waiting for an answer: a call pending for 30 s is judged as hanging."
        } else if row.from_probe {
            "One of this panel's own checks, run from the page: see the Check API results."
        } else if !row.looker {
            "Not a Looker API call: the panel does not judge it."
        } else {
            "No problem found in this call."
        };
        let note = text_el("p", "no-findings", text);
        testid(&note, "detail-no-findings");
        append(&section, &[&note]);
    }
    for finding in &row.findings {
        append(&section, &[&finding_element(finding)]);
    }
    section
}

/// One finding: title, kind, explanation, evidence, next steps and link.
pub fn finding_element(finding: &Finding) -> Element {
    let article = el("article", "finding");
    testid(&article, "finding");
    let severity = finding.severity.as_str();
    attr(&article, "data-severity", severity);
    attr(&article, "data-kind", finding.kind.as_str());

    let header = el("header", "");
    let badge = text_el("span", "severity", severity);
    testid(&badge, "finding-severity");
    let title = text_el("span", "title", &finding.title);
    testid(&title, "finding-title");
    let kind = text_el("code", "kind", finding.kind.as_str());
    testid(&kind, "finding-kind");
    append(&header, &[&badge, &title, &kind]);

    let detail = text_el("p", "", &finding.detail);
    testid(&detail, "finding-detail");
    append(&article, &[&header, &detail]);

    if !finding.evidence.is_empty() {
        let list = el("ul", "evidence");
        testid(&list, "finding-evidence");
        for item in &finding.evidence {
            append(&list, &[&text_el("li", "", item)]);
        }
        append(&article, &[&list]);
    }
    if !finding.next_steps.is_empty() {
        let steps = el("ol", "steps");
        testid(&steps, "finding-next-steps");
        for step in &finding.next_steps {
            append(&steps, &[&text_el("li", "", step)]);
        }
        append(&article, &[&text_el("h4", "", "What to do"), &steps]);
    }
    if dom::is_web_url(&finding.doc_url) {
        let link = dom::external_link(&finding.doc_url, "Documentation");
        testid(&link, "finding-doc-link");
        let para = el("p", "doc");
        append(&para, &[&link]);
        append(&article, &[&para]);
    }
    article
}

fn headers_table(headers: &[Header], secrets: &[String], id: &str) -> Element {
    let table = el("table", "headers");
    testid(&table, id);
    if headers.is_empty() {
        let row = el("tr", "");
        append(&row, &[&text_el("td", "none", "no headers recorded")]);
        append(&table, &[&row]);
    }
    for header in headers {
        let row = el("tr", "");
        let value =
            redact::scrub_text(&redact::redact_header(&header.name, &header.value), secrets);
        append(
            &row,
            &[
                &text_el("th", "", &readable::visible(&header.name)),
                &text_el("td", "", &readable::visible(&value)),
            ],
        );
        append(&table, &[&row]);
    }
    table
}

fn body_element(view: BodyView, id: &str) -> Element {
    let element = match view {
        BodyView::Absent(why) => text_el("p", "body none", why),
        BodyView::Binary(what) => text_el(
            "p",
            "body binary",
            &format!("Binary body: {what}. Not shown as text."),
        ),
        BodyView::Text(text) => text_el("pre", "body", &text),
    };
    testid(&element, id);
    element
}

fn request_section(entry: &Entry, secrets: &[String]) -> Element {
    let section = section("Request", "detail-request");
    append(
        &section,
        &[
            &text_el("h4", "", "Headers"),
            &headers_table(&entry.request.headers, secrets, "detail-request-headers"),
            &text_el("h4", "", "Body"),
            &body_element(bodies::request_body(entry, secrets), "detail-request-body"),
        ],
    );
    section
}

fn response_section(row: &Row, entry: &Entry, secrets: &[String]) -> Element {
    let section = section("Response", "detail-response");
    let body = if row.is_pending() {
        BodyView::Absent("no response yet")
    } else {
        bodies::response_body(entry, secrets)
    };
    append(
        &section,
        &[
            &text_el("h4", "", "Headers"),
            &headers_table(&entry.response.headers, secrets, "detail-response-headers"),
            &text_el("h4", "", "Body"),
            &body_element(body, "detail-response-body"),
        ],
    );
    section
}
