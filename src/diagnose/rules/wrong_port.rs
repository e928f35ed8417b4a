//! A connection that failed on one port of a host whose API answers on
//! another: the base URL names the wrong port.
//!
//! # Why
//! Looker serves the API on port 443 for instances on Google Cloud or Azure
//! and AWS instances created on or after 07/07/2020, and on 19999 for AWS
//! instances created before; customer-hosted instances listen on 9999
//! behind a proxy that forwards 443 (facts §1.1, TS doc §Verify the API
//! port). Scripts written for one kind of instance carry their port to the
//! other. When the same host answered on another port earlier in the
//! session, that port is the API's; when 19999 or 9999 refuses or drops the
//! connection, 443 is the likely one.
//!
//! # Known limitations
//! Only failures that reached the host count (refused, timed out, cut):
//! a name that does not resolve says nothing about ports. A timeout on
//! 19999 can also be a firewall in front of a host that does serve 19999.
//! A host that answered on another port only through the web UI (not the
//! API) is still named as the API's.
//!
//! # Example
//! `GET https://acme.looker.com/versions` → 200, then
//! `POST https://acme.looker.com:19999/api/4.0/login` → status 0,
//! `_error: net::ERR_CONNECTION_REFUSED`.

use super::connection_failed::{self, Failure};
use super::{call_name, port_of, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};

/// The rule.
pub static RULE: Rule = Rule {
    id: "wrong_port",
    kind: Kind::WrongPort,
    severity: Severity::Error,
    title: "wrong port: the API answers on another one",
    guide_anchor: "#verify_the_api_port",
    check,
};

/// The origin the call should have gone to, and why, when its connection
/// failure is one of the port.
pub(crate) fn better_origin(call: &Call<'_>, context: &Context) -> Option<(String, String)> {
    let (failure, _) = connection_failed::failure(call)?;
    if !matches!(
        failure,
        Failure::Refused | Failure::TimedOut | Failure::Dropped
    ) {
        return None;
    }
    let host = &call.looker.host;

    // An origin of the same host that worked: plain default ports first.
    if let Some(working) = context.working_origins_by_host.get(host) {
        let best = working
            .iter()
            .filter(|o| **o != call.looker.origin)
            .min_by_key(|o| (o.matches(':').count(), o.as_str()));
        if let Some(other) = best {
            let why = format!(
                "The same host answered at {other} earlier in this session: the API is there"
            );
            return Some(((*other).clone(), why));
        }
    }

    let why = match port_of(call) {
        19999 => {
            "Looker serves the API on port 443 for instances on Google Cloud or Azure and \
             AWS instances created on or after 07/07/2020; only older AWS-hosted instances \
             use 19999"
        }
        9999 => {
            "9999 is where a customer-hosted Looker listens by default, usually open only \
             inside its network, with port 443 forwarded to it"
        }
        _ => return None,
    };
    if failure == Failure::Dropped {
        return None;
    }
    let better = format!("https://{host}");
    let why = format!("{why}, so the API is most likely at {better}");
    Some((better, why))
}

fn check(call: &Call<'_>, context: &Context) -> Option<Observation> {
    let (better, why) = better_origin(call, context)?;
    let (failure, error) = connection_failed::failure(call)?;

    let port = port_of(call);
    let detail = format!(
        "{} failed with {error}: {}. {why}.",
        call_name(call),
        connection_failed::meaning(failure, &call.looker.host, port),
    );
    let mut observation =
        Observation::new(detail, &[]).titled(format!("wrong port {port}: use {better}"));
    observation.next_steps = vec![
        format!("Set the base URL to {better}, and send the call again."),
        format!("Open {better}/alive in a browser tab: a blank page confirms the API is there."),
        "The API Host URL on Admin > API names the host and port to use.".to_owned(),
    ];
    Some(observation)
}
