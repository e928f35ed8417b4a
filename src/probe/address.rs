//! Origins of probe URLs, read once with the `url` crate and compared as
//! `scheme://host[:port]`, with the scheme's default port left out.

use url::{Host, Url};

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

impl Origin {
    /// The origin of an absolute http(s) URL; `None` for other schemes and
    /// for text that is not a URL.
    pub(crate) fn parse(url: &str) -> Option<Origin> {
        Origin::of(&Url::parse(url.trim()).ok()?)
    }

    /// The origin of a parsed URL, if it is http(s) with a host.
    pub(crate) fn of(url: &Url) -> Option<Origin> {
        let scheme = match url.scheme() {
            "http" => "http",
            "https" => "https",
            _ => return None,
        };
        let loopback = match url.host()? {
            Host::Domain(name) => name == "localhost" || name.ends_with(".localhost"),
            Host::Ipv4(ip) => ip.is_loopback(),
            Host::Ipv6(ip) => ip.is_loopback(),
        };
        Some(Origin {
            scheme,
            host: url.host_str()?.to_owned(),
            port: url.port_or_known_default()?,
            loopback,
        })
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
    use super::Origin;

    #[test]
    fn the_default_port_is_left_out_of_the_base() {
        let origin = Origin::parse("HTTPS://Acme.Looker.com:443/alive").unwrap();
        assert_eq!(origin.base(), "https://acme.looker.com");
        assert_eq!(origin.port, 443);
    }

    #[test]
    fn loopback_addresses_are_recognised() {
        assert!(Origin::parse("http://127.0.0.1:8123/").unwrap().loopback);
        assert!(Origin::parse("https://localhost:8080").unwrap().loopback);
        assert!(Origin::parse("http://[::1]:9999").unwrap().loopback);
        assert!(!Origin::parse("https://acme.looker.com").unwrap().loopback);
    }

    #[test]
    fn other_schemes_have_no_origin_here() {
        assert_eq!(Origin::parse("chrome://newtab/"), None);
        assert_eq!(Origin::parse("not a url"), None);
    }
}
