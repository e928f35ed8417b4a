//! A call with no answer after 30 seconds, given up by its caller after as
//! long, or answered only after a minute or more.
//!
//! # Why
//! Looker's guide lists "API calls don't respond" and points at the API
//! Host URL setting: an address where something accepts the connection but
//! never answers (TS doc §API calls don't respond, facts §1.6). The SDKs
//! give up after 120 s by default, the extension framework after 30 s, and
//! the TypeScript SDK's own timeout never reaches `fetch`, so a call can
//! hang for good (facts §1.11). DevTools lists a call in flight with status
//! 0 and no `_error` (toolchain notes); the live panel hands it over with
//! `time` set to the time waited so far.
//!
//! # Known limitations
//! A long query is slow, not broken, and looks the same: the finding names
//! both. A 202 is an answer (the work goes on, see `still_running`) and is
//! never judged here. `net::ERR_ABORTED` before 30 s is left alone: pages
//! cancel calls when they navigate. In a saved HAR a pending call's wait is
//! measured to the end of the recording, so it is a lower bound.
//!
//! # Example
//! `POST https://acme.looker.com/api/4.0/queries/run/json` still pending
//! (status 0, no `_error`) 45 s after it started.

use super::{call_name, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};
use crate::readable::whole;

/// The rule.
pub static RULE: Rule = Rule {
    id: "hanging_call",
    kind: Kind::HangingCall,
    severity: Severity::Error,
    title: "no answer: the call hangs",
    guide_anchor: "#api_calls_dont_respond",
    check,
};

/// Seconds without an answer after which a pending or cancelled call hangs.
const HANGING_S: f64 = 30.0;

/// Seconds after which an answered call is worth a warning.
const SLOW_S: f64 = 60.0;

/// A wait as a number of seconds, or of hours or days when it is long
/// (a recording's clock can be far off, and its dates are not checked).
fn readable_seconds(seconds: f64) -> String {
    const CENTURY_S: u64 = 3_153_600_000;

    let s = whole(seconds).unwrap_or(u64::MAX);
    match s {
        0..3_600 => format!("{s}"),
        3_600..172_800 => format!("{s} (about {} h)", whole(seconds / 3_600.0).unwrap_or(0)),
        172_800..CENTURY_S => {
            format!(
                "{s} (about {} days)",
                whole(seconds / 86_400.0).unwrap_or(0)
            )
        }
        _ => format!("over {CENTURY_S} (more than a century)"),
    }
}

fn check(call: &Call<'_>, context: &Context) -> Option<Observation> {
    let entry = call.entry;
    // The live panel sets `time` of a pending call to the wait so far; a
    // saved HAR leaves it 0, so the wait runs to the end of the recording.
    let waited_ms = if entry.time > 0.0 {
        entry.time
    } else if entry.is_pending() {
        context.now_ms? - call.started_ms?
    } else {
        return None;
    };
    let waited_s = waited_ms / 1000.0;
    // Every case below waits at least this long: most calls end here.
    if waited_s < HANGING_S.min(SLOW_S) {
        return None;
    }
    let seconds = readable_seconds(waited_s);
    let line = call_name(call);
    let is_query = matches!(
        &call.looker.route,
        crate::looker::route::Route::Versioned { operation: Some(op), .. }
            if op.id.starts_with("run_") || op.id.contains("query")
    );

    let (title, detail, severity) = if entry.is_pending() {
        if waited_s < HANGING_S {
            return None;
        }
        let when = match context.live {
            true => "it is still waiting",
            false => "it was still pending when the recording ended",
        };
        let detail = format!(
            "{line} had no answer {seconds} s after it started: {when}. A call that never \
             answers usually goes to an address where something accepts the connection but \
             does not reply, such as a wrong API Host URL behind a proxy; a very long query \
             also takes this long."
        );
        (
            format!("no answer after {seconds} s"),
            detail,
            Severity::Error,
        )
    } else if entry.network_error() == Some("net::ERR_ABORTED") {
        if waited_s < HANGING_S {
            return None;
        }
        let detail = format!(
            "{line} was cancelled (net::ERR_ABORTED) after {seconds} s without an answer: the \
             caller gave up waiting, as a client timeout does (the Looker extension framework \
             gives up after 30 s). Either the address does not answer, or the work takes longer \
             than the caller waits."
        );
        (
            format!("gave up after {seconds} s without an answer"),
            detail,
            Severity::Error,
        )
    } else {
        let status = call.status();
        if status == 0 || status == 202 || entry.network_error().is_some() || waited_s < SLOW_S {
            return None;
        }
        let detail = format!(
            "{line} answered {status}, but only after {seconds} s. The Looker SDKs give up \
             after 120 s by default, so a call this slow is close to failing."
        );
        (
            format!("slow answer: {seconds} s"),
            detail,
            Severity::Warning,
        )
    };

    let origin = &call.looker.origin;
    let host_check = format!(
        "Check the API Host URL on Admin > API and open {origin}/alive: it should answer at \
         once with a blank page."
    );
    let query_task = "Run long queries as query tasks (POST /api/4.0/query_tasks, then poll \
                      query_task_results) instead of waiting on one call."
        .to_owned();
    let timeout = "Give the client a timeout (timeout in looker.ini, 120 s by default) so a \
                   hanging call fails instead of waiting for ever."
        .to_owned();
    let steps = if is_query || severity == Severity::Warning {
        vec![query_task, host_check, timeout]
    } else {
        vec![host_check, query_task, timeout]
    };

    let mut observation = Observation::new(detail, &[])
        .titled(title)
        .with_severity(severity);
    observation.next_steps = steps;
    Some(observation)
}

#[cfg(test)]
mod tests {
    use crate::har::Entry;
    use crate::Session;

    /// The detail of the finding for a call pending for 40 s, judged at the
    /// end of a saved recording or live.
    fn detail(live: bool) -> String {
        let entry = serde_json::json!({
            "startedDateTime": "2026-11-20T10:00:00Z",
            "time": -1,
            "request": {
                "method": "GET", "url": "https://acme.looker.com/api/4.0/user", "headers": []
            },
            "response": {"status": 0, "headers": [], "content": {"size": 0, "mimeType": ""}}
        });
        let entry = Entry::from_json(&entry.to_string()).unwrap();
        let mut session = Session::new();
        let now = entry.started_ms().unwrap() + 40_000.0;
        match live {
            true => session.set_live_now_ms(now),
            false => session.set_now_ms(now),
        }
        let findings = session.observe(0, &entry);
        let finding = findings.iter().find(|f| f.rule == "hanging_call");
        finding.expect("a hanging call").detail.clone()
    }

    #[test]
    fn a_live_call_is_still_waiting_and_a_saved_one_waited_to_the_end() {
        assert!(detail(true).contains("40 s after it started: it is still waiting."));
        assert!(detail(false).contains("still pending when the recording ended"));
    }
}
