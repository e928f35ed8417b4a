//! Telling Looker API calls apart from other traffic, and naming them.
//!
//! A call counts as Looker's by its path alone where the path is Looker's
//! own (`/api/<x.y>/…`, `/api/internal/…`, `/api/token`); `/alive` and
//! `/versions` count only on a Looker-hosted domain or an origin already
//! known to serve the API, because any server may have such paths. GitHub's
//! REST API answers 422 with the same JSON shape as Looker (facts §1.5), so
//! nothing here looks at bodies.

use super::endpoints::{self, Operation};

/// A request URL split into the parts recognition needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'a> {
    /// `scheme://host[:port]`, lowercase, default port dropped.
    pub origin: String,
    /// The host alone, lowercase.
    pub host: String,
    /// Port as written, if any.
    pub port: Option<u16>,
    /// Path, without query or fragment; `/` when empty.
    pub path: &'a str,
}

/// Splits an absolute http(s) URL; `None` for other schemes and garbage.
pub fn split_url(url: &str) -> Option<Target<'_>> {
    split_parts(url).map(Parts::into_target)
}

/// A URL's parts as written, before anything is lower-cased or copied:
/// most traffic is not Looker's, and is told apart by its path alone.
struct Parts<'a> {
    https: bool,
    host: &'a str,
    port: Option<u16>,
    path: &'a str,
}

impl<'a> Parts<'a> {
    fn into_target(self) -> Target<'a> {
        let scheme = if self.https { "https" } else { "http" };
        let host = self.host.to_ascii_lowercase();
        let default_port = if self.https { 443 } else { 80 };
        let origin = match self.port {
            Some(p) if p != default_port => format!("{scheme}://{host}:{p}"),
            _ => format!("{scheme}://{host}"),
        };
        Target {
            origin,
            host,
            port: self.port,
            path: self.path,
        }
    }
}

fn split_parts(url: &str) -> Option<Parts<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    let https = scheme.eq_ignore_ascii_case("https");
    if !https && !scheme.eq_ignore_ascii_case("http") {
        return None;
    }
    let authority_end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || host_port.starts_with('[') && !p.contains(']') => {
            (h, Some(p.parse::<u16>().ok()?))
        }
        _ => (host_port, None),
    };
    if host.is_empty() {
        return None;
    }

    let after = &rest[authority_end..];
    let path_end = after
        .bytes()
        .position(|b| matches!(b, b'?' | b'#'))
        .unwrap_or(after.len());
    let path = if after[..path_end].is_empty() {
        "/"
    } else {
        &after[..path_end]
    };
    Some(Parts {
        https,
        host,
        port,
        path,
    })
}

/// Whether a host is one of Looker's hosted domains.
pub fn is_looker_hosted(host: &str) -> bool {
    [".looker.com", ".looker.app", ".lookercdn.com"]
        .iter()
        .any(|d| host.ends_with(d))
}

/// What a Looker path asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `GET /alive`: liveness, blank 200.
    Alive,
    /// `/availability`: a fuller liveness check.
    Availability,
    /// Root `/versions`: release, versions and server URLs, no login needed.
    Versions,
    /// `POST /api/<x.y>/login` (or unversioned `/api/login`).
    Login {
        /// API version in the path.
        version: Option<String>,
    },
    /// `/api/<x.y>/logout` or `/api/logout`.
    Logout {
        /// API version in the path.
        version: Option<String>,
    },
    /// `/api/token`: the OAuth code exchange.
    Token,
    /// A call below `/api/<x.y>/` (or `/api/internal/core/<x.y>/`).
    Versioned {
        /// API version, such as `4.0`.
        version: String,
        /// Whether it is the web UI's internal mirror of the public API.
        internal: bool,
        /// The path below the version, such as `/looks/42`.
        rest: String,
        /// The operation the index names for it, if any.
        operation: Option<&'static Operation>,
    },
    /// Other `/api/internal/…` paths: private to Looker's web UI.
    UiPrivate,
    /// A path that aims at the API but is not of the shape
    /// `<API Host URL>/api/<version>/<call>`.
    Misshapen {
        /// What is wrong, in words for the user.
        problem: String,
        /// The path as it should have been, where that can be told.
        intended: Option<String>,
    },
}

/// A recognised Looker call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookerCall {
    /// `scheme://host[:port]` of the call.
    pub origin: String,
    /// Host alone.
    pub host: String,
    /// Port as written in the URL.
    pub port: Option<u16>,
    /// What the path asks for.
    pub route: Route,
    /// Whether the path alone proves it is Looker's (not `/alive` or
    /// `/versions`, which need a Looker host or a known origin).
    pub certain: bool,
}

/// Recognises a Looker call from its method and URL.
pub fn recognise(method: &str, url: &str) -> Option<LookerCall> {
    let parts = split_parts(url)?;
    let (route, certain) = route_of(method, parts.path)?;
    let target = parts.into_target();
    let certain = certain || is_looker_hosted(&target.host);
    Some(LookerCall {
        origin: target.origin,
        host: target.host,
        port: target.port,
        route,
        certain,
    })
}

fn route_of(method: &str, path: &str) -> Option<(Route, bool)> {
    match path {
        "/alive" => return Some((Route::Alive, false)),
        "/availability" => return Some((Route::Availability, false)),
        "/versions" => return Some((Route::Versions, false)),
        "/login" | "/login/" if method.eq_ignore_ascii_case("POST") => {
            let problem = "the path has no /api/<version>/ before login".to_owned();
            let intended = Some("/api/4.0/login".to_owned());
            return Some((Route::Misshapen { problem, intended }, false));
        }
        _ => {}
    }

    let Some(at) = path.find("/api/") else {
        return capital_api(path);
    };
    let prefix = &path[..at];
    let after = &path[at + 5..];

    // A doubled slash before /api/ comes from a base URL ending in '/'.
    if prefix.ends_with('/') || prefix.is_empty() && path.starts_with("//") {
        let intended = format!("/{}", path.trim_start_matches('/'));
        return Some((
            misshapen(
                "the path has '//' before /api/: the base URL ends with a slash",
                intended,
            ),
            true,
        ));
    }
    if !prefix.is_empty() && !prefix.starts_with("/api") {
        // A path such as /proxy/api/4.0/... : a reverse proxy prefix is
        // possible but the API is normally served at the root.
        return route_below_api(method, after).map(|(r, _)| (r, false));
    }
    if prefix.starts_with("/api") {
        return None;
    }
    route_below_api(method, after)
}

fn route_below_api(method: &str, after: &str) -> Option<(Route, bool)> {
    let (first, rest) = split_first(after);
    match first {
        "login" => return Some((Route::Login { version: None }, true)),
        "logout" => return Some((Route::Logout { version: None }, true)),
        "token" => return Some((Route::Token, true)),
        "internal" => {
            let (second, rest2) = split_first(rest.trim_start_matches('/'));
            if second == "core" {
                let (version, below) = split_first(rest2.trim_start_matches('/'));
                if is_version(version) {
                    return Some((versioned(method, version, below, true), true));
                }
            }
            return Some((Route::UiPrivate, true));
        }
        _ => {}
    }

    if is_version(first) {
        // base_url set to ".../api/4.0" makes the SDKs call /api/4.0/api/4.0/login
        if let Some(inner) = rest.strip_prefix("/api/") {
            let intended = format!("/api/{inner}");
            let problem = format!(
                "the path repeats /api/{first}/: the base URL already ends with /api/{first}"
            );
            return Some((misshapen(&problem, intended), true));
        }
        if rest.contains("//") {
            let intended = format!("/api/{first}{}", collapse_slashes(rest));
            return Some((
                misshapen("the path has an empty segment ('//')", intended),
                true,
            ));
        }
        return Some((versioned(method, first, rest, false), true));
    }

    if looks_like_bad_version(first) {
        let problem = format!("'{first}' is not an API version: versions look like 4.0");
        let intended = format!("/api/4.0{rest}");
        return Some((misshapen(&problem, intended), true));
    }
    None
}

fn versioned(method: &str, version: &str, rest: &str, internal: bool) -> Route {
    let rest = if rest.is_empty() { "/" } else { rest };
    // `/login/{user_id}` (sudo) stays an ordinary operation: it needs a
    // token and its 404 means a missing user, not bad credentials.
    if rest == "/login" {
        return Route::Login {
            version: Some(version.to_owned()),
        };
    }
    if rest == "/logout" {
        return Route::Logout {
            version: Some(version.to_owned()),
        };
    }
    Route::Versioned {
        version: version.to_owned(),
        internal,
        rest: rest.to_owned(),
        operation: endpoints::lookup(version, method, rest),
    }
}

/// `/API/4.0/login`: Looker's paths are lower case, and such a call gets
/// 404. Only before a Looker version, so that another service's `/API/…`
/// stays another service's.
fn capital_api(path: &str) -> Option<(Route, bool)> {
    let at = path
        .as_bytes()
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b"/api/"))?;
    let (version, _) = split_first(&path[at + 5..]);
    if !is_version(version) {
        return None;
    }
    let intended = format!("{}/api/{}", &path[..at], &path[at + 5..]);
    let problem = format!(
        "the path writes {} in capitals, and Looker's paths are lower case",
        &path[at..at + 4]
    );
    Some((misshapen(&problem, intended), false))
}

fn misshapen(problem: &str, intended: String) -> Route {
    Route::Misshapen {
        problem: problem.to_owned(),
        intended: Some(intended),
    }
}

fn split_first(path: &str) -> (&str, &str) {
    match path.find('/') {
        Some(i) => (&path[..i], &path[i..]),
        None => (path, ""),
    }
}

fn collapse_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// `3.0`, `3.1`, `4.0`, and any other `<digits>.<digits>`.
pub fn is_version(segment: &str) -> bool {
    match segment.split_once('.') {
        Some((major, minor)) => {
            !major.is_empty()
                && !minor.is_empty()
                && major.bytes().all(|b| b.is_ascii_digit())
                && minor.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

fn looks_like_bad_version(segment: &str) -> bool {
    // `4`, `40`, `v4.0`: an attempt at a version. `v3` alone is GitHub
    // Enterprise's API prefix and stays unrecognised.
    let digits = segment.trim_start_matches(['v', 'V']);
    let plain_number = digits.len() == segment.len();
    !digits.is_empty()
        && digits.len() <= 4
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && (plain_number || digits.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(method: &str, url: &str) -> Option<Route> {
        recognise(method, url).map(|c| c.route)
    }

    #[test]
    fn a_versioned_call_names_its_operation() {
        let Some(Route::Versioned {
            version,
            rest,
            operation,
            ..
        }) = route("GET", "https://acme.looker.com/api/4.0/looks/42?fields=id")
        else {
            panic!("not versioned");
        };
        assert_eq!((version.as_str(), rest.as_str()), ("4.0", "/looks/42"));
        assert_eq!(operation.map(|o| o.id), Some("look"));
    }

    #[test]
    fn a_capitalised_api_before_a_version_is_misshapen_and_another_service_is_not() {
        assert_eq!(
            route("POST", "https://h/API/4.0/login"),
            Some(Route::Misshapen {
                problem: "the path writes /API in capitals, and Looker's paths are lower case"
                    .into(),
                intended: Some("/api/4.0/login".into()),
            })
        );
        assert_eq!(route("GET", "https://stats.example/API/v2/collect"), None);
    }

    #[test]
    fn login_is_recognised_with_and_without_a_version() {
        assert_eq!(
            route("POST", "https://h:19999/api/3.1/login"),
            Some(Route::Login {
                version: Some("3.1".into())
            })
        );
        assert_eq!(
            route("POST", "https://h/api/login"),
            Some(Route::Login { version: None })
        );
    }

    #[test]
    fn logout_keeps_its_version_as_login_does() {
        assert_eq!(
            route("DELETE", "https://h/api/4.0/logout"),
            Some(Route::Logout {
                version: Some("4.0".into())
            })
        );
        assert_eq!(
            route("DELETE", "https://h/api/logout"),
            Some(Route::Logout { version: None })
        );
    }

    #[test]
    fn a_double_slash_before_api_is_misshapen() {
        let Some(Route::Misshapen { intended, .. }) =
            route("POST", "https://acme.looker.com//api/4.0/login")
        else {
            panic!("not misshapen");
        };
        assert_eq!(intended.as_deref(), Some("/api/4.0/login"));
    }

    #[test]
    fn a_repeated_api_prefix_is_misshapen() {
        assert!(matches!(
            route("POST", "https://h/api/4.0/api/4.0/login"),
            Some(Route::Misshapen { .. })
        ));
    }

    #[test]
    fn github_and_other_apis_are_not_looker() {
        assert_eq!(
            route("POST", "https://api.github.com/repos/o/r/issues"),
            None
        );
        assert_eq!(
            route("GET", "https://ghe.example.com/api/v3/repos/o/r"),
            None
        );
        assert_eq!(route("GET", "https://example.com/static/app.js"), None);
    }

    #[test]
    fn alive_is_certain_only_on_a_looker_host() {
        assert!(
            recognise("GET", "https://acme.looker.com/alive")
                .unwrap()
                .certain
        );
        assert!(
            !recognise("GET", "http://127.0.0.1:8080/alive")
                .unwrap()
                .certain
        );
    }

    #[test]
    fn internal_core_paths_map_to_the_public_api() {
        let Some(Route::Versioned { internal, rest, .. }) = route(
            "GET",
            "https://h.looker.com/api/internal/core/4.0/folders/search",
        ) else {
            panic!("not versioned");
        };
        assert!(internal);
        assert_eq!(rest, "/folders/search");
        assert_eq!(
            route("GET", "https://h.looker.com/api/internal/session/heartbeat"),
            Some(Route::UiPrivate)
        );
    }

    #[test]
    fn origins_drop_default_ports() {
        assert_eq!(
            split_url("https://Acme.Looker.com:443/x").unwrap().origin,
            "https://acme.looker.com"
        );
        assert_eq!(
            split_url("https://acme.looker.com:19999/x").unwrap().origin,
            "https://acme.looker.com:19999"
        );
    }
}
