//! A 5xx: the server, or a proxy in front of it, failed to answer the call.
//!
//! # Why
//! A 500 from Looker is unexpected and worth a support case (TS doc
//! §Internal Server Error (500), facts §1.6); Looker's answers carry an
//! `X-B3-TraceId` that lets support find the call (facts §1.7). 502, 503
//! and 504 come from a load balancer or proxy whose Looker did not answer,
//! as happens while a hosted instance restarts after failing its
//! availability checks (facts §1.2).
//!
//! # Known limitations
//! Which component answered is told only by the status and body: a 500
//! from a proxy looks like Looker's own. A body that is an HTML page is
//! named, not read.
//!
//! # Example
//! `GET https://acme.looker.com/api/4.0/dashboards/12` → 500
//! `{"message":"An error has occurred."}` with `X-B3-TraceId: 4bf92f3577b34da6`.

use super::{call_name, retry_after, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};

/// The rule.
pub static RULE: Rule = Rule {
    id: "server_error",
    kind: Kind::ServerError,
    severity: Severity::Error,
    title: "server error",
    guide_anchor: "#internal_server_error_500_errors",
    check,
};

fn check(call: &Call<'_>, _context: &Context) -> Option<Observation> {
    let status = call.status();
    if !(500..600).contains(&status) {
        return None;
    }
    let trace = call
        .entry
        .response_header("x-b3-traceid")
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 64);
    let html = call.entry.response_content_type().contains("html");
    let origin = &call.looker.origin;

    let (title, meaning) = match status {
        500 => (
            "internal server error",
            "Looker failed in a way it did not expect: the request may be fine.",
        ),
        502 => (
            "bad gateway: Looker did not answer the proxy",
            "A load balancer or proxy in front of Looker got no valid answer from it: Looker \
             is restarting, down, or the proxy points at the wrong place.",
        ),
        503 => (
            "service unavailable: Looker is restarting or overloaded",
            "Looker, or the proxy in front of it, cannot serve calls right now: hosted \
             instances restart after several failed availability checks.",
        ),
        504 => (
            "gateway timeout: Looker answered too slowly",
            "A proxy in front of Looker gave up waiting for its answer: the call took too long \
             (often a long query), or Looker is not answering.",
        ),
        _ => ("server error", "The server failed to answer the call."),
    };
    let mut notes = String::new();
    if html {
        notes.push_str(
            " The body is an HTML page: a proxy or load balancer answered, not Looker's API.",
        );
    }
    if let Some(wait) = retry_after(call) {
        notes.push_str(&format!(" The server asks to wait {wait} (Retry-After)."));
    }
    if let Some(trace) = trace {
        notes.push_str(&format!(" Its X-B3-TraceId is {trace}."));
    }
    let detail = format!(
        "{} answered {status}{}. {meaning}{notes}",
        call_name(call),
        super::quoted_message(call),
    );

    let support = match trace {
        Some(trace) => format!(
            "If it repeats, open a support case with Looker giving the X-B3-TraceId {trace}, \
             the time of the call and the request."
        ),
        None => "If it repeats, open a support case with Looker giving the time of the call \
                 and the request."
            .to_owned(),
    };
    let steps = if status == 500 {
        vec![
            "Send the call once more: a passing failure may not repeat.".to_owned(),
            support,
        ]
    } else {
        let mut steps = vec![
            "Wait a minute and retry, with growing waits: restarts and overloads pass.".to_owned(),
            format!("Open {origin}/alive: a blank page means Looker is up again."),
            support,
        ];
        if status == 504 {
            steps.insert(
                0,
                "For a long query, run it as a query task (POST /api/4.0/query_tasks) and poll \
                 for the result."
                    .to_owned(),
            );
        }
        steps
    };
    let mut observation = Observation::new(detail, &[])
        .titled(title)
        .documented_at(call.documentation_url());
    observation.next_steps = steps;
    Some(observation)
}
