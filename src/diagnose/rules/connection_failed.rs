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
//! The record says what failed, not where: a firewall, a VPN, an IP
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
}

/// The connection failure a call's `_error` names, with the code.
pub(crate) fn failure<'c>(call: &Call<'c>) -> Option<(Failure, &'c str)> {
    let error = call.entry.network_error()?;
    let code = error.strip_prefix("net::").unwrap_or(error);
    let failure = match code {
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
        har::NO_RESPONSE if cross_origin(call.entry, &call.looker.origin).is_none() => {
            Failure::NoReason
        }
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
    let detail = format!(
        "{} failed with {error}{after}, without any answer: {}.",
        call_name(call),
        meaning(failure, host, port),
    );

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
