//! A call that never reached the server: the host name did not resolve, or
//! the connection was refused, timed out or cut before any answer.
//!
//! # Why
//! Chrome records such a call with status 0 and an `_error` naming the
//! network failure, such as `net::ERR_CONNECTION_REFUSED` or
//! `net::ERR_NAME_NOT_RESOLVED` (toolchain notes, "Why a request failed").
//! No server answered, so nothing is known yet about credentials or
//! permissions. Looker's guide starts with the API Host URL: opening
//! `<API Host URL>/alive` shows a blank page when it is right (TS doc
//! §Verify the API URL, facts §1.2). The port is the usual culprit: 443 for
//! instances hosted since 07/07/2020, 19999 for older AWS-hosted ones
//! (facts §1.1).
//!
//! # Known limitations
//! A code the rule does not know is reported in the browser's own words,
//! and a call the page cancelled (`net::ERR_ABORTED`) not at all. The
//! record says what failed, not where: a firewall, a VPN, an IP
//! allowlist and a host that is down all give the same timeout. When the
//! same host answered on another port earlier, or the port is Looker's
//! legacy 19999 or 9999, `wrong_port` reports the failure instead.
//!
//! # Example
//! `GET https://acme-dev.looker.com/api/4.0/user` → status 0,
//! `_error: net::ERR_NAME_NOT_RESOLVED`.

use super::cors_blocked::cross_origin;
use super::{call_name, port_of, wrong_port, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};
use crate::har;
use crate::readable::whole;

/// The rule.
pub static RULE: Rule = Rule {
    id: "connection_failed",
    kind: Kind::Unreachable,
    severity: Severity::Error,
    title: "connection failed: the server was not reached",
    guide_anchor: "#api_endpoint_isnt_reachable",
    check,
};

/// How a connection failed, from Chrome's `net::ERR_*` code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// DNS knows no address for the host.
    NameNotResolved,
    /// The host answered, but nothing listens on the port.
    Refused,
    /// Nothing answered before the browser gave up.
    TimedOut,
    /// No route to the address.
    Unreachable,
    /// This machine was offline, or its network changed.
    Offline,
    /// The browser's proxy failed.
    Proxy,
    /// A connection opened, then closed before any answer.
    Dropped,
    /// No answer, and the recording does not say why (Firefox's HARs).
    NoReason,
    /// A browser extension (an ad or privacy blocker) stopped the call.
    BlockedByClient,
    /// Another failure the browser names, before any answer.
    Other,
}

/// The connection failure a call's `_error` names, with the code:
/// Chrome's `net::ERR_*`, or Firefox's `NS_ERROR_*` for the same failures.
pub(crate) fn failure<'c>(call: &Call<'c>) -> Option<(Failure, &'c str)> {
    let error = call.entry.network_error()?;
    let code = error.strip_prefix("net::").unwrap_or(error);
    let page = cross_origin(call.entry, &call.looker.origin);
    let preflight = call.entry.is_preflight();
    let failure = match code {
        "NS_ERROR_UNKNOWN_HOST" => Failure::NameNotResolved,
        "NS_ERROR_CONNECTION_REFUSED" => Failure::Refused,
        "NS_ERROR_NET_TIMEOUT" => Failure::TimedOut,
        "NS_ERROR_OFFLINE" => Failure::Offline,
        "NS_ERROR_PROXY_CONNECTION_REFUSED" | "NS_ERROR_UNKNOWN_PROXY_HOST" => Failure::Proxy,
        "NS_ERROR_NET_RESET" | "NS_ERROR_NET_INTERRUPT" => Failure::Dropped,
        "ERR_BLOCKED_BY_CLIENT" => Failure::BlockedByClient,
        "ERR_NAME_NOT_RESOLVED" | "ERR_NAME_RESOLUTION_FAILED" | "ERR_DNS_TIMED_OUT" => {
            Failure::NameNotResolved
        }
        "ERR_CONNECTION_REFUSED" => Failure::Refused,
        "ERR_CONNECTION_TIMED_OUT" | "ERR_TIMED_OUT" => Failure::TimedOut,
        "ERR_ADDRESS_UNREACHABLE" | "ERR_ADDRESS_INVALID" | "ERR_CONNECTION_FAILED" => {
            Failure::Unreachable
        }
        "ERR_INTERNET_DISCONNECTED" | "ERR_NETWORK_CHANGED" => Failure::Offline,
        "ERR_PROXY_CONNECTION_FAILED" | "ERR_TUNNEL_CONNECTION_FAILED" => Failure::Proxy,
        "ERR_CONNECTION_RESET"
        | "ERR_CONNECTION_CLOSED"
        | "ERR_CONNECTION_ABORTED"
        | "ERR_EMPTY_RESPONSE" => Failure::Dropped,
        // A cross-origin call without a reason is most likely CORS, which
        // `cors_blocked` reports.
        har::NO_RESPONSE if page.is_none() => Failure::NoReason,
        har::NO_RESPONSE => return None,
        "ERR_FAILED" if page.is_some() || preflight => return None,
        // The page itself cancelled the call (a navigation, an abort).
        "ERR_ABORTED" | "NS_BINDING_ABORTED" => return None,
        // `tls_failure`'s.
        c if c.starts_with("ERR_CERT") || c.starts_with("ERR_SSL_") => return None,
        "ERR_BAD_SSL_CLIENT_AUTH_CERT" => return None,
        // Anything else that ended a call before any answer is still a
        // failure to report, in the browser's own words.
        _ if call.status() == 0 => Failure::Other,
        _ => return None,
    };
    Some((failure, error))
}

/// What a failure means, in plain words.
pub(crate) fn meaning(failure: Failure, host: &str, port: u16) -> String {
    match failure {
        Failure::NameNotResolved => format!(
            "the name {host} does not resolve: DNS knows no address for it. The name may be \
             misspelt, the instance renamed, or the name known only inside a VPN or company \
             network"
        ),
        Failure::Refused => format!(
            "{host} was reached, but refused the connection on port {port}: nothing listens \
             there, so the port is wrong or the service is down"
        ),
        Failure::TimedOut => format!(
            "nothing answered on port {port} of {host} before the browser gave up: a \
             firewall, an IP allowlist or a VPN drops the packets, or the host is down"
        ),
        Failure::Unreachable => {
            format!("{host} cannot be reached from this network: there is no route to it")
        }
        Failure::Offline => {
            "this machine was offline, or its network changed during the call: the request \
             never reached any server"
                .to_owned()
        }
        Failure::Proxy => {
            format!("the browser's proxy could not be reached, or could not connect to {host}")
        }
        Failure::NoReason => format!(
            "no answer from {host} was recorded, and the recording does not say why (Firefox \
             saves a failed request without its reason): the name may not resolve, the port \
             may refuse or drop the connection, or the certificate may be refused. Record the \
             same call in Chrome, or open the address in a tab, to see which"
        ),
        Failure::Dropped => format!(
            "a connection to {host} opened, then closed before any answer: a proxy, a load \
             balancer or the server itself cut it, for instance while restarting, or the port \
             does not speak this protocol"
        ),
        Failure::BlockedByClient => format!(
            "a browser extension, such as an ad or privacy blocker, stopped the call before \
             it left the browser: no request reached {host}"
        ),
        Failure::Other => format!(
            "the browser ended the call before any answer from {host}; the code is the \
             browser's own name for why"
        ),
    }
}

fn check(call: &Call<'_>, context: &Context) -> Option<Observation> {
    let (failure, error) = failure(call)?;
    if wrong_port::better_origin(call, context).is_some() {
        return None;
    }

    let host = &call.looker.host;
    let port = port_of(call);
    let origin = &call.looker.origin;
    let after = if call.entry.time >= 1000.0 {
        format!(" after {} s", whole(call.entry.time / 1000.0).unwrap_or(0))
    } else {
        String::new()
    };
    let mut detail = format!(
        "{} failed with {error}{after}, without any answer: {}.",
        call_name(call),
        meaning(failure, host, port),
    );
    if error == "net::ERR_FAILED" {
        detail.push_str(
            " Chrome gives this code most often to a call refused by CORS, but the request \
             records no Origin header that would show a call from another origin.",
        );
    }

    let alive = format!(
        "Open {origin}/alive in a browser tab: a blank page (status 200) means the host and \
         port are right; an error page means they are not."
    );
    let api_host = "Compare the base URL with the API Host URL on Admin > API; when that \
                    field is blank the API is at https://<instance>.cloud.looker.com:<port>."
        .to_owned();
    let ports = "Use port 443 for instances hosted by Looker since 07/07/2020 (and all on \
                 Google Cloud or Azure); 19999 only for AWS-hosted instances created before."
        .to_owned();
    let (title, steps) = match failure {
        Failure::NameNotResolved => (
            "host name does not resolve".to_owned(),
            vec![
                format!("Check the spelling of {host}, and whether it resolves only inside a VPN."),
                api_host,
                alive,
            ],
        ),
        Failure::Refused => (
            format!("connection refused on port {port}"),
            vec![alive, api_host, ports],
        ),
        Failure::TimedOut => (
            format!("connection timed out on port {port}"),
            vec![
                alive,
                "Check that no firewall, VPN or IP allowlist of the instance blocks this network."
                    .to_owned(),
                ports,
            ],
        ),
        Failure::Unreachable => (
            "host unreachable from this network".to_owned(),
            vec![alive, api_host],
        ),
        Failure::Offline => (
            "offline: the call never left this machine".to_owned(),
            vec!["Check this machine's network connection, then send the call again.".to_owned()],
        ),
        Failure::Proxy => (
            "proxy connection failed".to_owned(),
            vec![
                "Check the proxy settings of this browser or system.".to_owned(),
                alive,
            ],
        ),
        Failure::NoReason => (
            "no answer recorded: the call failed".to_owned(),
            vec![alive, api_host, ports],
        ),
        Failure::BlockedByClient => (
            "blocked by a browser extension".to_owned(),
            vec![
                format!(
                    "Allow {host} in the ad or privacy blocker, or try the page in a browser \
                     profile without extensions."
                ),
                "Tell the users of an embedded Looker app that blockers can stop its API \
                 calls."
                    .to_owned(),
            ],
        ),
        Failure::Other => (
            "call failed before any answer".to_owned(),
            vec![alive, api_host],
        ),
        Failure::Dropped => (
            "connection closed before any answer".to_owned(),
            vec![
                alive,
                "Send the call again: a restart or a load balancer's timeout can cut connections."
                    .to_owned(),
                api_host,
            ],
        ),
    };
    let mut observation = Observation::new(detail, &[]).titled(title);
    observation.next_steps = steps;
    Some(observation)
}

#[cfg(test)]
mod tests {
    use crate::har::Entry;
    use crate::Session;

    /// The title of the `connection_failed` finding for a call that ended
    /// with `error` and `status`, if any.
    fn title_for(error: &str, status: u16) -> Option<String> {
        let entry = serde_json::json!({
            "startedDateTime": "2026-11-20T10:00:00Z",
            "time": 9,
            "request": {
                "method": "GET", "url": "https://acme.looker.com/api/4.0/user", "headers": []
            },
            "response": {"status": status, "headers": [], "content": {"size": 0, "mimeType": ""}},
            "_error": error
        });
        let entry = Entry::from_json(&entry.to_string()).unwrap();
        let findings = Session::new().observe(0, &entry);
        let finding = findings.iter().find(|f| f.rule == "connection_failed")?;
        Some(finding.title.clone())
    }

    #[test]
    fn firefox_codes_read_as_the_chrome_failures_they_name() {
        let dropped = Some("connection closed before any answer".to_owned());
        assert_eq!(title_for("NS_ERROR_NET_RESET", 0), dropped);
        let dns = Some("host name does not resolve".to_owned());
        assert_eq!(title_for("NS_ERROR_UNKNOWN_HOST", 0), dns);
    }

    #[test]
    fn a_blocker_extension_is_named() {
        let title = title_for("net::ERR_BLOCKED_BY_CLIENT", 0);
        assert_eq!(title.as_deref(), Some("blocked by a browser extension"));
    }

    #[test]
    fn an_unknown_code_is_still_a_failure_and_a_cancelled_call_is_none() {
        let title = title_for("net::ERR_HTTP2_PROTOCOL_ERROR", 0);
        assert_eq!(title.as_deref(), Some("call failed before any answer"));
        assert_eq!(title_for("net::ERR_ABORTED", 0), None);
        assert_eq!(title_for("net::ERR_HTTP2_PROTOCOL_ERROR", 200), None);
    }
}
