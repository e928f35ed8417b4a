//! Origins of probe URLs, compared as `scheme://host[:port]` with the
//! scheme's default port left out.
//!
//! URLs are read as the WHATWG URL standard reads http(s) URLs, as far as
//! the checks need: scheme, host, port and path. Hosts are made canonical
//! the same way (lowercase, IPv4 shorthands such as `127.1` expanded, IPv6
//! compressed), so that the typed API Host URL and the addresses the
//! browser reports compare equal. Not the `url` crate: with its IDNA
//! tables, it was about a tenth of the panel's gzipped wasm.
//!
//! Limits: the host must be ASCII (as with the `url` crate built without
//! Unicode IDNA tables: type `xn--` labels), a tab or line break inside a
//! URL makes it unreadable rather than being dropped, an IPv4-mapped IPv6
//! address is written `[::ffff:1.2.3.4]` (the standard writes
//! `[::ffff:102:304]`), and the path is kept as written (no `..`
//! resolution, no percent-encoding).

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// The origin of an http(s) URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    /// `http` or `https`.
    pub scheme: &'static str,
    /// Host, lowercase; an IPv6 address keeps its brackets.
    pub host: String,
    /// Port, the scheme's default when none is written.
    pub port: u16,
    /// Whether the host is this machine (`localhost`, `127.0.0.1`, `[::1]`).
    pub loopback: bool,
}

/// An absolute http(s) URL, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WebUrl<'a> {
    /// Scheme, host and port.
    pub origin: Origin,
    /// The path as written, without query or fragment; `/` when empty.
    pub path: &'a str,
}

/// Why text is not a URL: the URL standard's validation errors, said in
/// the words of someone typing a host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlError {
    /// No `scheme:` in front.
    NoScheme,
    /// `https://` and nothing after it.
    EmptyHost,
    /// A space or another character no host name may hold.
    BadDomain(char),
    /// A letter outside ASCII: an international name not in its `xn--` form.
    NotAscii,
    /// Numbers and dots that do not make an IPv4 address.
    BadIpv4,
    /// Brackets that do not hold an IPv6 address.
    BadIpv6,
    /// A port that is not a number up to 65535.
    BadPort,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlError::NoScheme => f.write_str("no scheme such as https:// in front"),
            UrlError::EmptyHost => f.write_str("no host name"),
            UrlError::BadDomain(' ') => f.write_str("a host name holds no spaces"),
            UrlError::BadDomain(c) if c.is_control() => {
                f.write_str("a host name holds no control characters")
            }
            UrlError::BadDomain(c) => write!(f, "a host name cannot hold \"{c}\""),
            UrlError::NotAscii => f.write_str(
                "a host name with letters outside ASCII is read here only in its xn-- form",
            ),
            UrlError::BadIpv4 => f.write_str("numbers and dots that are not an IPv4 address"),
            UrlError::BadIpv6 => f.write_str("brackets that do not hold an IPv6 address"),
            UrlError::BadPort => f.write_str("the port is not a number up to 65535"),
        }
    }
}

/// Reads an absolute URL: `Ok(None)` for a URL of another scheme
/// (`chrome://newtab/`, `about:blank`, `ftp://…`), whose rest is not read.
pub(crate) fn read_url(text: &str) -> Result<Option<WebUrl<'_>>, UrlError> {
    let text = text.trim_matches(|c: char| c <= ' ');
    let (scheme, rest) = text.split_once(':').ok_or(UrlError::NoScheme)?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid {
        return Err(UrlError::NoScheme);
    }
    let (scheme, default_port) = match scheme.to_ascii_lowercase().as_str() {
        "http" => ("http", 80),
        "https" => ("https", 443),
        _ => return Ok(None),
    };

    // Any run of slashes, either way, may follow the scheme of a web URL.
    let rest = rest.trim_start_matches(['/', '\\']);
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let (authority, after) = rest.split_at(end);
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = split_port(host_port)?;
    // The host is read first, so that its error is the one reported.
    let (host, loopback) = read_host(host)?;
    let port = read_port(port)?;

    let path = &after[..after.find(['?', '#']).unwrap_or(after.len())];
    Ok(Some(WebUrl {
        origin: Origin {
            scheme,
            host,
            port: port.unwrap_or(default_port),
            loopback,
        },
        path: if path.is_empty() { "/" } else { path },
    }))
}

/// `host[:port]` into the host and the port's digits, if a colon is written.
fn split_port(host_port: &str) -> Result<(&str, Option<&str>), UrlError> {
    // A colon inside an IPv6 address's brackets is not the port's.
    let search_from = if host_port.starts_with('[') {
        host_port.find(']').ok_or(UrlError::BadIpv6)?
    } else {
        0
    };
    Ok(match host_port[search_from..].find(':') {
        Some(i) => (
            &host_port[..search_from + i],
            Some(&host_port[search_from + i + 1..]),
        ),
        None => (host_port, None),
    })
}

/// The port written after the host's colon; `https://host:` has none.
fn read_port(digits: Option<&str>) -> Result<Option<u16>, UrlError> {
    let Some(digits) = digits.filter(|d| !d.is_empty()) else {
        return Ok(None);
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(UrlError::BadPort);
    }
    // Leading zeros are allowed: `0443` is 443.
    match digits.trim_start_matches('0') {
        "" => Ok(Some(0)),
        n if n.len() > 5 => Err(UrlError::BadPort),
        n => n.parse().map(Some).map_err(|_| UrlError::BadPort),
    }
}

/// A host in canonical form, and whether it is loopback.
fn read_host(host: &str) -> Result<(String, bool), UrlError> {
    if let Some(inner) = host.strip_prefix('[') {
        let ip: Ipv6Addr = inner
            .strip_suffix(']')
            .and_then(|i| i.parse().ok())
            .ok_or(UrlError::BadIpv6)?;
        return Ok((format!("[{ip}]"), ip.is_loopback()));
    }

    let name = percent_decoded(host)?.to_ascii_lowercase();
    if name.is_empty() {
        return Err(UrlError::EmptyHost);
    }
    // Forbidden domain code points (URL standard §3.2), and non-ASCII.
    if !name.is_ascii() {
        return Err(UrlError::NotAscii);
    }
    let forbidden = |b: &&u8| **b <= b' ' || **b == 0x7f || b"#%/:<>?@[\\]^|".contains(b);
    if let Some(&b) = name.as_bytes().iter().find(forbidden) {
        return Err(UrlError::BadDomain(char::from(b)));
    }

    if ends_in_a_number(&name) {
        let ip = ipv4(&name).ok_or(UrlError::BadIpv4)?;
        return Ok((ip.to_string(), ip.is_loopback()));
    }
    let loopback = name == "localhost" || name.ends_with(".localhost");
    Ok((name, loopback))
}

/// The host with `%41` escapes decoded; an undecodable escape stays, and
/// is refused as a `%` afterwards.
fn percent_decoded(host: &str) -> Result<String, UrlError> {
    let bytes = host.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| UrlError::NotAscii)
}

/// Whether a host is to be read as an IPv4 address: its last label (a
/// trailing dot aside) is a number, as in `127.1` or `0x7f.1`.
fn ends_in_a_number(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    let last = name.rsplit('.').next().unwrap_or_default();
    let hex = last
        .strip_prefix("0x")
        .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    !last.is_empty() && (last.bytes().all(|b| b.is_ascii_digit()) || hex.is_some())
}

/// The URL standard's IPv4 parser: one to four parts, each decimal, octal
/// (`0177`) or hex (`0x7f`), the last filling the remaining bytes.
fn ipv4(name: &str) -> Option<Ipv4Addr> {
    let name = name.strip_suffix('.').unwrap_or(name);
    let parts = name
        .split('.')
        .map(ipv4_number)
        .collect::<Option<Vec<u64>>>()?;
    let (last, first) = parts.split_last()?;
    if parts.len() > 4 || first.iter().any(|&p| p > 255) || *last >= 1 << (8 * (5 - parts.len())) {
        return None;
    }
    let leading = first.iter().zip([24, 16, 8]).map(|(p, shift)| p << shift);
    Some(Ipv4Addr::from(
        u32::try_from(leading.sum::<u64>() + last).ok()?,
    ))
}

fn ipv4_number(part: &str) -> Option<u64> {
    let (digits, radix) = match part.strip_prefix("0x") {
        Some(hex) => (hex, 16),
        None if part.len() > 1 && part.starts_with('0') => (&part[1..], 8),
        None => (part, 10),
    };
    let valid = digits.chars().all(|c| c.is_digit(radix));
    if part.is_empty() || !valid || digits.len() > 12 {
        return None;
    }
    if digits.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(digits, radix).ok()
}

impl Origin {
    /// The origin of an absolute http(s) URL; `None` for other schemes and
    /// for text that is not a URL.
    pub(crate) fn parse(url: &str) -> Option<Origin> {
        Some(read_url(url).ok()??.origin)
    }

    /// `scheme://host[:port]`, as the panel builds `<base>/alive` from it.
    pub(crate) fn base(&self) -> String {
        if self.has_default_port() {
            format!("{}://{}", self.scheme, self.host)
        } else {
            format!("{}://{}:{}", self.scheme, self.host, self.port)
        }
    }

    /// Whether the port is the scheme's default (443 for https, 80 for http).
    pub(crate) fn has_default_port(&self) -> bool {
        self.port == if self.scheme == "https" { 443 } else { 80 }
    }

    /// The same scheme and host on another port.
    pub(crate) fn with_port(&self, port: u16) -> Origin {
        Origin {
            port,
            ..self.clone()
        }
    }

    /// Whether both name the same host with the same scheme.
    pub(crate) fn same_host(&self, other: &Origin) -> bool {
        self.scheme == other.scheme && self.host == other.host
    }
}

#[cfg(test)]
mod tests {
    use super::{read_url, Origin, UrlError};

    fn host(url: &str) -> Result<String, UrlError> {
        Ok(read_url(url)?.expect("a web URL").origin.host)
    }

    #[test]
    fn the_default_port_is_left_out_of_the_base() {
        let origin = Origin::parse("HTTPS://Acme.Looker.com:443/alive").unwrap();
        assert_eq!(origin.base(), "https://acme.looker.com");
        assert_eq!(origin.port, 443);
        assert_eq!(Origin::parse("https://h:0443").unwrap().port, 443);
        assert_eq!(Origin::parse("https://h:").unwrap().base(), "https://h");
    }

    #[test]
    fn loopback_addresses_are_recognised() {
        assert!(Origin::parse("http://127.0.0.1:8123/").unwrap().loopback);
        assert!(Origin::parse("https://localhost:8080").unwrap().loopback);
        assert!(Origin::parse("http://[::1]:9999").unwrap().loopback);
        assert!(Origin::parse("http://127.1").unwrap().loopback);
        assert!(!Origin::parse("https://acme.looker.com").unwrap().loopback);
    }

    #[test]
    fn other_schemes_have_no_origin_here() {
        assert_eq!(Origin::parse("chrome://newtab/"), None);
        assert_eq!(Origin::parse("not a url"), None);
        assert_eq!(read_url("ftp://acme.looker.com"), Ok(None));
        assert_eq!(read_url("about:blank"), Ok(None));
    }

    #[test]
    fn hosts_are_made_canonical_as_browsers_do() {
        assert_eq!(
            host("https://Acme.LOOKER.com./x").unwrap(),
            "acme.looker.com."
        );
        assert_eq!(host("http://0x7f.0.0.1").unwrap(), "127.0.0.1");
        assert_eq!(host("http://0177.1").unwrap(), "127.0.0.1");
        assert_eq!(host("https://[0:0::0:1]:19999").unwrap(), "[::1]");
        assert_eq!(host("https://%41cme.com").unwrap(), "acme.com");
        assert_eq!(host("https:\\\\acme.com\\api").unwrap(), "acme.com");
    }

    #[test]
    fn user_info_query_and_fragment_are_not_part_of_the_origin_or_path() {
        let url = read_url(" https://ann:p@ss@acme.com:8/a/b?c=@#d ")
            .unwrap()
            .unwrap();
        assert_eq!(url.origin.base(), "https://acme.com:8");
        assert_eq!(url.path, "/a/b");
        assert_eq!(read_url("https://acme.com?q").unwrap().unwrap().path, "/");
    }

    #[test]
    fn what_is_not_a_url_says_why() {
        for (text, error) in [
            ("not a url", UrlError::NoScheme),
            ("1http://h", UrlError::NoScheme),
            ("https://", UrlError::EmptyHost),
            ("https://u@:1", UrlError::EmptyHost),
            ("https://a b.com", UrlError::BadDomain(' ')),
            ("https://bücher.example", UrlError::NotAscii),
            ("https://%zz.com", UrlError::BadDomain('%')),
            ("https://1.2.3.256", UrlError::BadIpv4),
            ("https://1.2.3.4.5", UrlError::BadIpv4),
            ("https://foo.09", UrlError::BadIpv4),
            ("https://[::1", UrlError::BadIpv6),
            ("https://[::1]x", UrlError::BadIpv6),
            ("https://%+1.com", UrlError::BadDomain('%')),
            ("https://[fe80::1%25eth0]", UrlError::BadIpv6),
            ("https://h:99999", UrlError::BadPort),
            ("https://h:12a", UrlError::BadPort),
            ("https://a:b:c", UrlError::BadPort),
        ] {
            assert_eq!(read_url(text), Err(error), "{text}");
        }
    }
}
