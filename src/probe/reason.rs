//! Why one fetch passed or failed, in plain words.
//!
//! JavaScript only ever sees `TypeError: Failed to fetch` (or an
//! `AbortError` on a timeout); the extension learns the real cause from
//! `chrome.webRequest`, and only with host permission (toolchain notes,
//! "Why a request failed"). A fetch from the inspected page learns nothing
//! at all, so its failure is read against the extension's answer for the
//! same URL: the extension is not bound by CORS, the page is.

use serde::Serialize;

use super::address::{read_url, Origin};
use super::attempt::{Attempt, Check, Vantage};
use crate::diagnose::rules::shorten;
use crate::diagnose::VersionsInfo;
use crate::readable::seconds;
use crate::redact::redact_url;

/// Why a check passed or failed.
///
/// In JSON, a lowercase camelCase string such as `"timedOut"`, except
/// `{"httpStatus": 502}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Reason {
    /// The check passed.
    Ok,
    /// The host name does not resolve.
    Dns,
    /// Nothing listens on the port.
    Refused,
    /// No answer in time.
    TimedOut,
    /// The TLS handshake or the certificate failed.
    Tls,
    /// The page may not read the answer that the extension got.
    Cors,
    /// Redirected elsewhere, often to a sign-in page.
    Redirect,
    /// An HTML page answered: a proxy, a login page, another site.
    HtmlPage,
    /// Something answered, but not as Looker does.
    NotLooker,
    /// A status outside 2xx.
    HttpStatus(u16),
    /// An https page may not call an http address.
    MixedContent,
    /// The extension has no host permission, so the browser hides why.
    NoPermission,
    /// The browser gave no reason.
    Unknown,
}

impl Reason {
    /// Whether the server answered over HTTP, whatever it said.
    pub fn answered(self) -> bool {
        matches!(
            self,
            Reason::Ok
                | Reason::Redirect
                | Reason::HtmlPage
                | Reason::NotLooker
                | Reason::HttpStatus(_)
        )
    }
}

/// The verdict on one fetch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckVerdict {
    /// Which check.
    pub check: Check,
    /// The URL fetched.
    pub url: String,
    /// Whether it answered as Looker does.
    pub ok: bool,
    /// Why it passed or failed.
    pub reason: Reason,
    /// The reason in plain words, such as "refused: nothing listens on
    /// port 19999".
    pub summary: String,
    /// Time until the answer or the failure, in ms.
    pub elapsed_ms: f64,
}

/// Judges one fetch. A page's fetch is read against `extension`, the
/// extension's verdict on the same URL, and `page`, the inspected page's
/// origin when known.
pub(crate) fn classify(
    attempt: &Attempt,
    extension: Option<&CheckVerdict>,
    page: Option<&Origin>,
) -> CheckVerdict {
    let (reason, summary) = match attempt.answered() {
        Some(status) => answered(attempt, status),
        None => failed(attempt, extension, page),
    };
    CheckVerdict {
        check: attempt.check,
        url: redact_url(&attempt.url),
        ok: reason == Reason::Ok,
        reason,
        summary,
        elapsed_ms: attempt.elapsed_ms,
    }
}

fn answered(attempt: &Attempt, status: u16) -> (Reason, String) {
    if let Some(to) = redirected_to(attempt) {
        return (Reason::Redirect, to);
    }
    if (300..400).contains(&status) {
        let words = format!("{status}: a redirect the browser did not follow");
        return (Reason::Redirect, words);
    }
    if attempt.is_html() {
        return (Reason::HtmlPage, html_page(attempt, status));
    }
    if !(200..300).contains(&status) {
        return (
            Reason::HttpStatus(status),
            status_words(status, attempt.check),
        );
    }

    let body = describe_body(attempt);
    match (attempt.check, attempt.versions()) {
        (Check::Alive, _) if attempt.body_is_blank() => (
            Reason::Ok,
            format!("{status} with a blank body: the API is alive"),
        ),
        (Check::Alive, _) => (
            Reason::NotLooker,
            format!(
                "{status} with {body}, not the blank body of Looker's /alive: \
                 something else answers here"
            ),
        ),
        (Check::Versions, Some(info)) => (Reason::Ok, versions_words(&info)),
        (Check::Versions, None) => (
            Reason::NotLooker,
            format!("{status} with {body}, not Looker's /versions JSON"),
        ),
    }
}

/// Where a redirect led, in words; `None` when the fetch was not redirected.
fn redirected_to(attempt: &Attempt) -> Option<String> {
    let to = attempt.final_url.as_deref()?.trim();
    let (Ok(Some(from)), Ok(Some(dest))) = (read_url(&attempt.url), read_url(to)) else {
        return (!to.is_empty() && to != attempt.url).then(|| redirect_words(to, false));
    };
    let same_path = from.path.trim_end_matches('/') == dest.path.trim_end_matches('/');
    let (from, dest) = (from.origin, dest.origin);
    if same_path && from == dest {
        return None;
    }
    let upgrade =
        from.scheme == "http" && dest.scheme == "https" && from.host == dest.host && same_path;
    Some(redirect_words(to, upgrade))
}

fn redirect_words(to: &str, upgrade: bool) -> String {
    let to = shorten(&redact_url(to), 120);
    if upgrade {
        format!("redirected to {to}: the server wants https")
    } else {
        format!("redirected to {to}: often a sign-in (SSO) page in front of the API")
    }
}

fn html_page(attempt: &Attempt, status: u16) -> String {
    let page = match attempt.body.as_deref().and_then(html_title) {
        Some(title) => format!("an HTML page (title \"{title}\")"),
        None => "an HTML page".to_owned(),
    };
    if (200..300).contains(&status) {
        format!("{page} answered instead of the API: a proxy or login page")
    } else {
        format!("{status} with {page} instead of the API: a proxy or another server")
    }
}

/// The `<title>` of an HTML page, as plain text, read as the call rules
/// read it; double quotes become single ones, since summaries quote it.
pub(crate) fn html_title(html: &str) -> Option<String> {
    crate::diagnose::rules::html_instead_of_api::page_title(html).map(|t| t.replace('"', "'"))
}

fn status_words(status: u16, check: Check) -> String {
    let path = check.path();
    match status {
        404 => format!("404: nothing serves {path} here, so this is not the API's address"),
        429 => "429: too many requests; wait a minute and check again".to_owned(),
        401 | 403 => format!(
            "{status}: refused, though Looker serves {path} without sign-in: the wrong port, \
             or a proxy in front of the API"
        ),
        400..=499 => format!("{status}: rejected, though Looker serves {path} without sign-in"),
        _ => format!("{status}: the server, or a proxy in front of it, failed"),
    }
}

fn describe_body(attempt: &Attempt) -> &'static str {
    if attempt.body_is_blank() {
        "an empty body"
    } else if attempt.is_json() {
        "a JSON body"
    } else {
        "a text body"
    }
}

fn versions_words(info: &VersionsInfo) -> String {
    let versions = match info.listed() {
        listed if listed.is_empty() => "no API versions listed".to_owned(),
        listed => format!("API versions {listed}"),
    };
    match info.looker_release_version.as_deref() {
        Some(release) => format!("Looker {release}: {versions}"),
        None => format!("Looker: {versions}"),
    }
}

fn failed(
    attempt: &Attempt,
    extension: Option<&CheckVerdict>,
    page: Option<&Origin>,
) -> (Reason, String) {
    let net = attempt.net_error.as_deref().unwrap_or("").trim();
    let code = net.strip_prefix("net::").unwrap_or(net);
    let origin = attempt.origin();
    let host = origin.as_ref().map_or("the host", |o| o.host.as_str());
    let port = origin.as_ref().map_or(0, |o| o.port);

    if let Some(known) = network(code, net, host, port) {
        return known;
    }
    let aborted = attempt
        .js_error
        .as_deref()
        .is_some_and(|e| e.contains("AbortError"));
    if attempt.timed_out || aborted {
        let waited = seconds(attempt.elapsed_ms);
        let words = format!(
            "timed out: no answer within {waited}; the server is slow, or a firewall holds \
             the connection"
        );
        return (Reason::TimedOut, words);
    }
    if attempt.vantage == Vantage::Extension && attempt.permission == Some(false) {
        let words = format!(
            "not checked: the extension has no access to {host}; grant it, and the browser \
             will say why a request fails"
        );
        return (Reason::NoPermission, words);
    }
    if attempt.vantage == Vantage::Page {
        return in_page(attempt, extension, page);
    }

    let js = attempt.js_error.as_deref().unwrap_or("no error message");
    let words = match code {
        "ERR_CONNECTION_RESET" | "ERR_CONNECTION_CLOSED" | "ERR_EMPTY_RESPONSE" => format!(
            "the connection was cut ({net}): a firewall, or a server that speaks another \
             protocol on port {port}"
        ),
        "ERR_ADDRESS_UNREACHABLE" => {
            format!("no route to {host} ({net}): it may need a VPN or the company network")
        }
        "ERR_INTERNET_DISCONNECTED" => format!("this computer is offline ({net})"),
        "ERR_BLOCKED_BY_CLIENT" => {
            format!("blocked by another extension, such as an ad blocker ({net})")
        }
        "ERR_PROXY_CONNECTION_FAILED" | "ERR_TUNNEL_CONNECTION_FAILED" => {
            format!("the browser's proxy failed ({net})")
        }
        // The Fetch standard's "bad ports" are those of other protocols
        // (mail, FTP, X11 …), which a page must not reach. Looker's API is
        // never on one, so the port itself is the mistake.
        "ERR_UNSAFE_PORT" => format!(
            "the browser refuses port {port} ({net}): Chrome blocks a few ports, such as 1, 21, \
             25 and 6000, for safety; Looker's API is on 443, or 19999 on older instances, so \
             this is not the API's port"
        ),
        "" => format!("failed, and the browser gave no reason ({js})"),
        _ => format!("failed: {net}"),
    };
    (Reason::Unknown, words)
}

/// The failures `chrome.webRequest` names precisely.
fn network(code: &str, net: &str, host: &str, port: u16) -> Option<(Reason, String)> {
    let found = match code {
        "ERR_NAME_NOT_RESOLVED" | "ERR_NAME_RESOLUTION_FAILED" => (
            Reason::Dns,
            format!("DNS failure: {host} does not resolve ({net}); check the name, or the VPN"),
        ),
        "ERR_CONNECTION_REFUSED" => (
            Reason::Refused,
            format!("refused: nothing listens on port {port}"),
        ),
        "ERR_CONNECTION_TIMED_OUT" | "ERR_TIMED_OUT" => (
            Reason::TimedOut,
            format!("timed out connecting ({net}): a firewall may drop traffic to port {port}"),
        ),
        "ERR_TOO_MANY_REDIRECTS" => (
            Reason::Redirect,
            format!("redirects in a loop ({net}): often a sign-in page in front of the API"),
        ),
        "ERR_CERT_AUTHORITY_INVALID" => (
            Reason::Tls,
            format!(
                "TLS failed ({net}): the certificate is not signed by an authority the \
                 browser trusts (self-signed, or a proxy that re-signs traffic)"
            ),
        ),
        "ERR_CERT_COMMON_NAME_INVALID" => (
            Reason::Tls,
            format!("TLS failed ({net}): the certificate does not name {host}"),
        ),
        "ERR_CERT_DATE_INVALID" => (
            Reason::Tls,
            format!("TLS failed ({net}): the certificate has expired or is not valid yet"),
        ),
        "ERR_SSL_PROTOCOL_ERROR" | "ERR_SSL_VERSION_OR_CIPHER_MISMATCH" => (
            Reason::Tls,
            format!(
                "TLS failed ({net}): port {port} may not speak https (an http port?), or only \
                 outdated TLS"
            ),
        ),
        c if c.starts_with("ERR_CERT_") || c.starts_with("ERR_SSL_") || c.contains("_SSL_") => {
            (Reason::Tls, format!("TLS failed ({net})"))
        }
        _ => return None,
    };
    Some(found)
}

/// A page's failure, told apart by what the extension got at the same URL.
fn in_page(
    attempt: &Attempt,
    extension: Option<&CheckVerdict>,
    page: Option<&Origin>,
) -> (Reason, String) {
    let js = attempt.js_error.as_deref().unwrap_or("no error message");
    let target = attempt.origin();
    let http_target = target.as_ref().is_some_and(|t| t.scheme == "http");
    let Some(extension) = extension else {
        let words = format!(
            "failed in your page ({js}); a page is not told why: CORS, a closed port, DNS \
             and certificates look alike there"
        );
        return (Reason::Unknown, words);
    };

    if !extension.reason.answered() {
        return match extension.reason {
            Reason::Dns | Reason::Refused | Reason::TimedOut | Reason::Tls => (
                extension.reason,
                format!(
                    "failed in your page too; the extension saw why: {}",
                    extension.summary
                ),
            ),
            _ => (
                Reason::Unknown,
                format!("failed in your page ({js}), and from the extension too"),
            ),
        };
    }
    match page {
        Some(p) if p.scheme == "https" && http_target => (
            Reason::MixedContent,
            "blocked as mixed content: an https page may not call an http address; the \
             extension reached it"
                .to_owned(),
        ),
        Some(p) if target.as_ref() == Some(p) => (
            Reason::Unknown,
            "failed in your page though the extension reached it: the page's Content Security \
             Policy (connect-src) may forbid it"
                .to_owned(),
        ),
        None if http_target => (
            Reason::Cors,
            "blocked in your page: by CORS, or as mixed content if the page is https; the \
             extension reached it"
                .to_owned(),
        ),
        _ => (
            Reason::Cors,
            "blocked by CORS: your page's origin may not call this host; the extension \
             reached it"
                .to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{classify, html_title, Reason};
    use crate::probe::{Attempt, Check, Vantage};

    #[test]
    fn a_page_title_is_read_as_plain_text() {
        let html = "<!DOCTYPE html><html><head><TITLE>\n  Sign in &amp; go\n</TITLE>";
        assert_eq!(html_title(html).as_deref(), Some("Sign in & go"));
        assert_eq!(html_title("<html><body>no title</body></html>"), None);
    }

    #[test]
    fn a_port_the_browser_refuses_for_safety_is_explained_in_plain_words() {
        let attempt = Attempt {
            url: "https://acme.looker.com:6000/alive".to_owned(),
            check: Check::Alive,
            vantage: Vantage::Extension,
            elapsed_ms: 3.0,
            status: None,
            content_type: None,
            body: None,
            final_url: None,
            net_error: Some("net::ERR_UNSAFE_PORT".to_owned()),
            js_error: Some("TypeError: Failed to fetch".to_owned()),
            timed_out: false,
            permission: Some(true),
        };
        let verdict = classify(&attempt, None, None);

        assert_eq!(verdict.reason, Reason::Unknown);
        let words = &verdict.summary;
        let opening = "the browser refuses port 6000 (net::ERR_UNSAFE_PORT):";
        assert!(words.starts_with(opening), "{words}");
        assert!(words.contains("443, or 19999"), "{words}");
    }
}
