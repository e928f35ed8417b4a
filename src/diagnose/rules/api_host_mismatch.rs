//! A server whose `/versions` names another API URL (`api_server_url`)
//! than the one the calls go to.
//!
//! # Why
//! `/versions` answers without a login, and its `api_server_url` is the
//! server's own idea of the API Host URL (facts §1.3). When it differs
//! from the origin called, either the client has the wrong base URL, or
//! the instance's API Host URL setting is wrong: behind a load balancer or
//! proxy it must give the user-facing host and port (TS doc §Verify the API
//! URL, facts §1.1). Looker's stand-alone API Explorer reads the same field.
//!
//! # Known limitations
//! Older servers send no `api_server_url`; then nothing is judged. Later
//! calls are judged only when they fail, since a call that works shows the
//! origin serves the API whatever the setting says. When the failure is a
//! refused port on a host that answered elsewhere, `wrong_port` reports it.
//!
//! # Example
//! `GET https://acme.looker.com/versions` → 200
//! `{"api_server_url":"https://acme.looker.com:19999",…}`, then
//! `POST https://acme.looker.com/api/4.0/login` → 403.

use super::{call_name, wrong_port, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity, VersionsInfo};
use crate::looker::route::{split_url, Route};

/// The rule.
pub static RULE: Rule = Rule {
    id: "api_host_mismatch",
    kind: Kind::ApiHostMismatch,
    severity: Severity::Warning,
    title: "server names another API URL than the one called",
    guide_anchor: "#verify_the_api_url",
    check,
};

/// The origin of a `/versions` answer's `api_server_url`, when it has one.
fn api_origin(info: &VersionsInfo) -> Option<String> {
    split_url(info.api_server_url.as_deref()?.trim()).map(|t| t.origin)
}

fn is_versions(route: &Route) -> bool {
    matches!(route, Route::Versions)
        || matches!(route, Route::Versioned { rest, .. } if rest == "/versions")
}

fn check(call: &Call<'_>, context: &Context) -> Option<Observation> {
    let origin = &call.looker.origin;

    let own_answer = is_versions(&call.looker.route);
    let (said_at, info, api) = if own_answer {
        let info = call
            .entry
            .response_body()
            .and_then(|b| VersionsInfo::parse(&b.bytes))?;
        let api = api_origin(&info)?;
        (origin.clone(), info, api)
    } else {
        let failed = call.status() >= 400 || call.entry.network_error().is_some();
        if !failed || wrong_port::better_origin(call, context).is_some() {
            return None;
        }
        // The first such origin in sorting order, so the finding does not
        // depend on the map's order.
        let (at, info) = context
            .versions
            .iter()
            .filter(|(at, _)| split_url(at).is_some_and(|t| t.host == call.looker.host))
            .filter(|(_, info)| api_origin(info).is_some_and(|a| a != *origin))
            .min_by_key(|(at, _)| at.as_str())?;
        (at.clone(), info.clone(), api_origin(info)?)
    };
    if api == *origin {
        return None;
    }

    let web = info
        .web_server_url
        .as_deref()
        .and_then(split_url)
        .is_some_and(|t| t.origin == *origin);
    let web_note = if web {
        format!(" {origin} is the instance's web address (its web_server_url), not its API's.")
    } else {
        String::new()
    };
    let what = if own_answer {
        format!(
            "{} answered with api_server_url {api}: the server says its API is there, not at \
             {origin}.",
            call_name(call)
        )
    } else {
        let outcome = match call.status() {
            0 => "failed without an answer".to_owned(),
            s => format!("answered {s}"),
        };
        format!(
            "{} {outcome}. Earlier, {said_at}/versions gave api_server_url {api}: the server \
             says its API is there, not at {origin}.",
            call_name(call)
        )
    };
    let detail = format!(
        "{what}{web_note} Either the client's base URL is wrong, or the instance's API Host \
         URL setting is (behind a load balancer or proxy it must name the user-facing host and \
         port)."
    );

    let title = format!("the server says its API is at {api}");
    let mut observation = Observation::new(detail, &[]).titled(title);
    observation.next_steps = vec![
        format!(
            "Use {api} as the client's base URL (API Host URL), and open {api}/alive: a blank \
             page confirms it."
        ),
        format!(
            "If {origin} is the address users should call, have an admin set it as the API \
             Host URL on Admin > API."
        ),
    ];
    Some(observation)
}
