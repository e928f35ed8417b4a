//! An API path answered with an HTML page: a proxy, a sign-in page or
//! Looker's own web "Not Found" page, not the API.
//!
//! # Why
//! Looker's API answers JSON (or the bytes of a result format), never a
//! page. An HTML answer on `/api/<version>/…`, `/login`, `/versions` or a
//! non-blank `/alive` means something else answered: an SSO proxy asking
//! for a browser sign-in, a load balancer's error page, or Looker's web
//! server with its `Looker Not Found (404)` page when the host or port is
//! the web UI's rather than the API's (facts §1.5; SDKs then fail with
//! "Request failed: <!DOCTYPE html>…", facts §1.11).
//!
//! # Known limitations
//! `run_query` and `run_look` with result format `html` answer HTML by
//! design and are skipped. Only the page title is named, and only as plain
//! text. Statuses that a dedicated rule explains (400, 413, 429, 5xx …) are
//! left to it. Without the body (the live panel fetches bodies only for
//! some calls) the page cannot be named.
//!
//! # Example
//! `GET https://acme.looker.com/api/4.0/user` → 200 `text/html`,
//! `<title>Sign in - Corporate SSO</title>`.

use super::{call_name, shorten, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};
use crate::looker::route::Route;

/// The rule.
pub static RULE: Rule = Rule {
    id: "html_instead_of_api",
    kind: Kind::NotApiResponse,
    severity: Severity::Error,
    title: "an HTML page answered instead of the API",
    guide_anchor: "#verify_the_api_url",
    check,
};

/// An HTML answer on an API path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HtmlPage {
    /// The page's `<title>`, as plain text.
    pub title: Option<String>,
}

/// The HTML page a Looker route answered with, whatever the status.
pub(crate) fn html_page(call: &Call<'_>) -> Option<HtmlPage> {
    match &call.looker.route {
        Route::Versioned { rest, .. } if rest.ends_with("/html") => return None,
        Route::Versioned { .. }
        | Route::Login { .. }
        | Route::Logout { .. }
        | Route::Alive
        | Route::Versions => {}
        _ => return None,
    }

    // Sniff the first bytes only: most answers are JSON or binary, and
    // decoding or lowercasing every body would dominate a large import.
    let content = &call.entry.response.content;
    let head = call.entry.response_head(64);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let looks_html = starts_with_ignoring_case(&head[start..], b"<!doctype html")
        || starts_with_ignoring_case(&head[start..], b"<html");
    let declared_html = call.entry.response_content_type().contains("text/html");
    let has_body = start < head.len() || content.size > 0.0;
    if !(looks_html || declared_html && has_body) {
        return None;
    }

    let body = call.entry.response_body();
    let text = body.as_ref().map_or(&b""[..], |b| &b.bytes[..]);
    let title = page_title(&String::from_utf8_lossy(text));
    Some(HtmlPage { title })
}

fn starts_with_ignoring_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// The text of a page's `<title>`: entities decoded, markup and control
/// characters removed, cut short. Only this ever reaches a finding.
pub(crate) fn page_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;

    // Drop any markup inside the title, then decode the common entities;
    // `&lt;` and `&gt;` are dropped so that no markup comes back.
    let mut in_tag = false;
    let stripped: String = html[start..end]
        .chars()
        .filter(|&c| {
            let keep = !in_tag && c != '<';
            in_tag = (in_tag || c == '<') && c != '>';
            keep
        })
        .collect();
    let plain: String = stripped
        .replace("&lt;", "")
        .replace("&gt;", "")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .chars()
        .filter(|c| !matches!(c, '<' | '>'))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let words: Vec<&str> = plain.split_whitespace().collect();
    let title = shorten(&words.join(" "), 80);
    (!title.is_empty()).then_some(title)
}

fn check(call: &Call<'_>, _context: &Context) -> Option<Observation> {
    let status = call.status();
    // These statuses are explained by their own rules; the page adds little.
    if status >= 400 && !matches!(status, 401 | 403 | 404 | 405 | 409 | 422) {
        return None;
    }
    let page = html_page(call)?;

    let title = page.title.as_deref().unwrap_or("");
    let lower = title.to_ascii_lowercase();
    let named = if title.is_empty() {
        "an HTML page without a title".to_owned()
    } else {
        format!("an HTML page titled \"{title}\"")
    };
    let (who, first_step) = if lower.contains("looker not found") {
        (
            "That is the Looker web server's own Not Found page: the request reached Looker's \
             web UI, not its API, which answers in JSON. The host or port is the web UI's, or \
             the path is not an API path.",
            "Use the API Host URL on Admin > API as the base URL, port included (443 or 19999).",
        )
    } else if [
        "sign in",
        "sign-in",
        "signin",
        "log in",
        "login",
        "sso",
        "single sign",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        (
            "That is a sign-in page: a single sign-on proxy, a VPN gateway or a web login \
             caught the call before it reached the API. API calls authenticate with a token \
             from /api/4.0/login, not a browser session.",
            "Call the API host directly, or have the proxy's admins let /api/* and /versions \
             through without a browser sign-in.",
        )
    } else {
        (
            "Looker's API answers JSON, so another web server, a proxy or a load balancer \
             answered in its place.",
            "Use the API Host URL on Admin > API as the base URL, port included (443 or 19999).",
        )
    };
    let outcome = if super::is_success(status) {
        format!(
            " The status {status} looks like success, but a client expecting JSON fails to \
             read it."
        )
    } else {
        String::new()
    };
    let detail = format!(
        "{} answered {status} with {named}. {who}{outcome}",
        call_name(call),
    );

    let mut observation = Observation::new(detail, &[]);
    if !title.is_empty() {
        observation.evidence = vec![format!("page title: {title}")];
    }
    observation.next_steps = vec![
        first_step.to_owned(),
        format!(
            "Open {}/alive in a browser tab: the API's host shows a blank page, not a web page.",
            call.looker.origin
        ),
    ];
    Some(observation)
}

#[cfg(test)]
mod tests {
    use super::page_title;

    #[test]
    fn a_title_is_plain_text_without_markup() {
        let html = "<html><head><TITLE> Sign in &amp; <b>go</b>\n</TITLE></head>";
        assert_eq!(page_title(html).as_deref(), Some("Sign in & go"));
    }

    #[test]
    fn a_page_without_a_title_has_none() {
        assert_eq!(page_title("<html><body>hi</body></html>"), None);
        assert_eq!(page_title("<title>   </title>"), None);
    }
}
