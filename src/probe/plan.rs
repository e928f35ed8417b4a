//! Which addresses to probe, from the inspected page's URL and the API Host
//! URL the user typed: the ones Looker's guide says to try (facts §1.1).
//!
//! The list is in the order of preference when several answer:
//!
//! 1. the host on port 443 over https: instances on Google Cloud, Azure, and
//!    on AWS since 07/07/2020 serve the API there;
//! 2. the same host on the legacy port 19999 (AWS instances created before);
//! 3. the typed API Host URL as given, with its port;
//! 4. the page's own origin when its port is not the default (9999 is the
//!    web port of customer-hosted instances).
//!
//! An http page or typed URL (a local test server such as
//! `http://127.0.0.1:8123`) has no port 443 to try: "the host" is then its
//! own origin, and the legacy port is 19999 over http too. A typed host
//! without a scheme is taken as https. When the page and the typed URL name
//! different hosts, each host gets steps 1 and 2. A duplicate is merged
//! into the first entry, which keeps both reasons.

use serde::{Deserialize, Serialize};

use super::address::{read_url, Origin};
use super::attempt::{Attempt, Check};
use crate::looker::route::is_version;
use crate::redact::redact_url;
use crate::{Error, Result};

/// An address to probe: a base URL, and why it is on the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// An origin, such as `https://acme.looker.com:19999`.
    pub base: String,
    /// Why it is probed, such as "the page's host on port 443".
    pub why: String,
}

/// The API Host URL the user typed, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Typed {
    /// Its origin: the checks run at the host root.
    pub origin: Origin,
    /// The API version of an `/api/<version>` path typed after the host.
    pub version: Option<String>,
    /// What was typed after the host (`/api/4.0/`), empty for none or `/`.
    pub path: String,
}

/// Targets to probe for an inspected page URL and/or a typed API Host URL.
///
/// Either may be absent; a page that is not a web page (`chrome://`,
/// `about:blank`, `file://`) counts as absent, and so does blank typed
/// text. It is an error, with a message for the user, when both are
/// absent or either cannot be read. Only the origin of each is used: the
/// checks run at the host root, whatever path was typed.
pub fn plan(inspected_url: Option<&str>, api_host: Option<&str>) -> Result<Vec<Target>> {
    let inspected = inspected_url.map(str::trim).filter(|u| !u.is_empty());
    let page = inspected.map(read_page).transpose()?.flatten();
    let typed = api_host
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(read_typed)
        .transpose()?;
    if page.is_none() && typed.is_none() {
        return Err(nothing_to_check(inspected));
    }

    let mut list = List::default();
    if let Some(page) = &page {
        list.around(page, "the page's");
    }
    if let Some(typed) = &typed {
        if !page.as_ref().is_some_and(|p| p.same_host(&typed.origin)) {
            list.around(&typed.origin, "the typed");
        }
        list.add(&typed.origin, "the API Host URL you typed".to_owned());
    }
    if let Some(page) = page.filter(|p| p.scheme == "https" && !p.has_default_port()) {
        let why = match page.port {
            9999 => "the page's own origin on port 9999, Looker's default web port".to_owned(),
            port => format!("the page's own origin on port {port}"),
        };
        list.add(&page, why);
    }
    Ok(list.0)
}

/// The `api_server_url` origins that `/versions` answers named and that are
/// not yet among the probed bases: the panel probes them in a second round.
///
/// A loopback address (`https://localhost:8080`) named by a host that is not
/// itself loopback is left out: it would reach the user's own machine, not
/// the server. The `api_host_mismatch` verdict still names it.
pub fn follow_up(attempts: &[Attempt]) -> Vec<Target> {
    let probed: Vec<String> = attempts.iter().map(Attempt::base).collect();
    let mut targets: Vec<Target> = Vec::new();
    for attempt in attempts.iter().filter(|a| a.check == Check::Versions) {
        let Some(named) = attempt
            .versions()
            .and_then(|info| info.api_server_url)
            .and_then(|url| Origin::parse(&url))
        else {
            continue;
        };
        let base = named.base();
        let from = attempt.origin();
        let loopback_elsewhere = named.loopback && !from.as_ref().is_some_and(|o| o.loopback);
        if loopback_elsewhere || probed.contains(&base) || targets.iter().any(|t| t.base == base) {
            continue;
        }
        targets.push(Target {
            base,
            why: format!("the api_server_url that {}/versions names", attempt.base()),
        });
    }
    targets
}

/// The origin of the inspected page; `None` for a page that is not a web
/// page, which has no host to probe.
pub(crate) fn read_page(url: &str) -> Result<Option<Origin>> {
    let lower = url.trim().to_ascii_lowercase();
    if !lower.starts_with("http://") && !lower.starts_with("https://") {
        return Ok(None);
    }
    Origin::parse(url).map(Some).ok_or_else(|| {
        Error::Invalid(format!(
            "the inspected page's address {} could not be read as a URL",
            redact_url(url)
        ))
    })
}

/// Reads a typed API Host URL, https when no scheme is given.
pub(crate) fn read_typed(text: &str) -> Result<Typed> {
    let text = text.trim();
    let shown = redact_url(text);
    let absolute = if text.contains("://") || has_other_scheme(text) {
        text.to_owned()
    } else {
        format!("https://{text}")
    };
    let url = read_url(&absolute)
        .map_err(|e| {
            Error::Invalid(format!(
                "\"{shown}\" is not an API Host URL ({e}): type one such as \
                 https://acme.looker.com or https://acme.looker.com:19999"
            ))
        })?
        .ok_or_else(|| {
            Error::Invalid(format!(
                "\"{shown}\": an API Host URL starts with https:// \
                 (or http:// for a local test server)"
            ))
        })?;
    let origin = url.origin;

    // `https://acme.eu.looker.com/:19999/api/3.0` answers /alive but no API
    // call: the port belongs before the path (looker-sdk-ruby issue 79).
    let misplaced: String = url
        .path
        .strip_prefix("/:")
        .unwrap_or("")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if !misplaced.is_empty() {
        return Err(Error::Invalid(format!(
            "\"{shown}\": the port goes before the path, as in {}://{}:{misplaced}",
            origin.scheme, origin.host
        )));
    }

    let mut segments = url.path.split('/').skip(1);
    let version = match (segments.next(), segments.next()) {
        (Some("api"), Some(v)) if is_version(v) => Some(v.to_owned()),
        _ => None,
    };
    let path = match url.path {
        "" | "/" => String::new(),
        path => path.to_owned(),
    };
    Ok(Typed {
        origin,
        version,
        path,
    })
}

/// Whether typed text starts with a scheme that is not followed by `//`,
/// such as `javascript:` or `mailto:`: not a host and its port
/// (`localhost:8080`), whose colon is followed by digits.
fn has_other_scheme(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let scheme_like = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    scheme_like && !scheme.contains('.') && !rest.starts_with(|c: char| c.is_ascii_digit())
}

fn nothing_to_check(inspected: Option<&str>) -> Error {
    Error::Invalid(match inspected {
        Some(page) => format!(
            "the inspected page ({}) has no web address to check: type the API Host URL, \
             such as https://acme.looker.com",
            redact_url(page)
        ),
        None => "nothing to check: inspect a page of your Looker instance, or type its \
                 API Host URL, such as https://acme.looker.com"
            .to_owned(),
    })
}

/// Targets in order, without duplicates.
#[derive(Default)]
struct List(Vec<Target>);

impl List {
    /// The host on 443 and 19999 over https; over http, the origin itself
    /// and 19999.
    fn around(&mut self, origin: &Origin, whose: &str) {
        if origin.scheme == "https" {
            self.add(&origin.with_port(443), format!("{whose} host on port 443"));
        } else {
            self.add(origin, format!("{whose} own origin"));
        }
        let legacy = format!("the legacy API port 19999 on {whose} host");
        self.add(&origin.with_port(19999), legacy);
    }

    fn add(&mut self, origin: &Origin, why: String) {
        let base = origin.base();
        match self.0.iter_mut().find(|t| t.base == base) {
            Some(known) if !known.why.contains(&why) => {
                known.why = format!("{}; also {why}", known.why);
            }
            Some(_) => {}
            None => self.0.push(Target { base, why }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{plan, read_typed, Target};

    fn bases(targets: &[Target]) -> Vec<&str> {
        targets.iter().map(|t| t.base.as_str()).collect()
    }

    fn refusal(inspected: Option<&str>, typed: Option<&str>) -> String {
        plan(inspected, typed).unwrap_err().to_string()
    }

    #[test]
    fn a_hosted_page_gets_its_host_on_443_then_the_legacy_port() {
        let targets = plan(Some("https://acme.looker.com/dashboards/1"), None).unwrap();
        assert_eq!(
            bases(&targets),
            ["https://acme.looker.com", "https://acme.looker.com:19999"]
        );
        assert_eq!(targets[0].why, "the page's host on port 443");
        assert_eq!(
            targets[1].why,
            "the legacy API port 19999 on the page's host"
        );
    }

    #[test]
    fn a_local_http_page_gets_its_own_origin_then_19999_over_http() {
        let targets = plan(Some("http://127.0.0.1:8123/"), None).unwrap();
        assert_eq!(
            bases(&targets),
            ["http://127.0.0.1:8123", "http://127.0.0.1:19999"]
        );
        assert_eq!(targets[0].why, "the page's own origin");
    }

    #[test]
    fn a_typed_host_without_a_scheme_is_taken_as_https() {
        let targets = plan(None, Some("acme.looker.com")).unwrap();
        assert_eq!(
            bases(&targets),
            ["https://acme.looker.com", "https://acme.looker.com:19999"]
        );
        assert_eq!(
            targets[0].why,
            "the typed host on port 443; also the API Host URL you typed"
        );
    }

    #[test]
    fn a_typed_port_merges_into_the_legacy_entry_of_the_pages_host() {
        let targets = plan(
            Some("https://acme.looker.com/browse"),
            Some("https://acme.looker.com:19999/"),
        )
        .unwrap();
        assert_eq!(targets.len(), 2);
        assert!(targets[1].why.ends_with("also the API Host URL you typed"));
    }

    #[test]
    fn a_typed_host_other_than_the_pages_gets_its_own_ports() {
        let targets = plan(
            Some("https://app.example.com/reports"),
            Some("acme.cloud.looker.com"),
        )
        .unwrap();
        assert_eq!(
            bases(&targets),
            [
                "https://app.example.com",
                "https://app.example.com:19999",
                "https://acme.cloud.looker.com",
                "https://acme.cloud.looker.com:19999",
            ]
        );
    }

    #[test]
    fn a_page_on_the_web_port_9999_is_probed_last() {
        let targets = plan(Some("https://looker.corp.example:9999/browse"), None).unwrap();
        assert_eq!(
            bases(&targets),
            [
                "https://looker.corp.example",
                "https://looker.corp.example:19999",
                "https://looker.corp.example:9999",
            ]
        );
        assert!(targets[2].why.contains("Looker's default web port"));
    }

    #[test]
    fn a_page_that_is_not_a_web_page_counts_as_absent() {
        let targets = plan(Some("chrome://newtab/"), Some("acme.looker.com")).unwrap();
        assert_eq!(targets[0].base, "https://acme.looker.com");
        let message = refusal(Some("chrome://newtab/"), None);
        assert!(message.contains("type the API Host URL"), "{message}");
    }

    #[test]
    fn garbage_is_refused_with_a_message_that_shows_a_valid_form() {
        for garbage in ["not a url", "https://", "acme.looker.com:99999"] {
            let message = refusal(None, Some(garbage));
            assert!(message.contains("is not an API Host URL"), "{message}");
            assert!(message.contains("https://acme.looker.com"), "{message}");
        }
        assert!(refusal(None, Some("ftp://acme.looker.com")).contains("starts with https://"));
    }

    #[test]
    fn a_refusal_says_what_in_the_typed_text_is_wrong() {
        for (typed, why) in [
            ("not a url", "(a host name holds no spaces)"),
            ("bücher.looker.com", "only in its xn-- form"),
            (
                "acme.looker.com:99999",
                "(the port is not a number up to 65535)",
            ),
            ("https://acme|looker.com", "cannot hold \"|\""),
            (
                "javascript:alert(1)",
                "an API Host URL starts with https://",
            ),
            (
                "mailto:admin@acme.com",
                "an API Host URL starts with https://",
            ),
        ] {
            let message = refusal(None, Some(typed));
            assert!(message.contains(why), "{typed}: {message}");
        }
    }

    #[test]
    fn nothing_to_check_is_an_error() {
        assert!(refusal(None, None).starts_with("nothing to check"));
        assert!(refusal(Some(" "), Some("")).starts_with("nothing to check"));
    }

    #[test]
    fn a_port_typed_after_the_slash_is_refused_with_the_right_form() {
        let message = refusal(None, Some("https://acme.eu.looker.com/:19999/api/3.0"));
        assert!(
            message.contains("https://acme.eu.looker.com:19999"),
            "{message}"
        );
    }

    #[test]
    fn an_api_path_typed_after_the_host_is_kept_as_its_version() {
        let typed = read_typed("https://acme.looker.com:19999/api/3.1").unwrap();
        assert_eq!(typed.origin.base(), "https://acme.looker.com:19999");
        assert_eq!(typed.version.as_deref(), Some("3.1"));
    }

    #[test]
    fn a_typed_password_is_not_repeated_in_the_message() {
        let message = refusal(None, Some("https://admin:hunter22@acme looker.com"));
        assert!(!message.contains("hunter22"), "{message}");
    }
}
