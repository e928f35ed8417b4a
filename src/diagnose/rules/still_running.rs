//! A 202: the render or query task has not finished; poll again later.
//!
//! # Why
//! `render_task_results` and `query_task_results` answer 202 with an empty
//! body, and `render_task_results` with `Retry-After`, while the work goes
//! on (facts §1.7, §1.9). A client that takes the 202 for the result saves
//! an empty file or reads nothing. The TypeScript SDK retries 202 when its
//! retries are turned on (facts §1.11).
//!
//! # Known limitations
//! Information only: a 202 is normal. A task that never finishes shows as
//! a long run of 202s, which this rule does not count.
//!
//! # Example
//! `GET https://acme.looker.com/api/4.0/render_tasks/7c1f/results` → 202,
//! empty body, `Retry-After: 5`.

use super::{call_name, retry_after, versioned, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};

/// The rule.
pub static RULE: Rule = Rule {
    id: "still_running",
    kind: Kind::StillRunning,
    severity: Severity::Info,
    title: "still running: poll again",
    guide_anchor: "",
    check,
};

fn check(call: &Call<'_>, _context: &Context) -> Option<Observation> {
    if call.status() != 202 {
        return None;
    }
    let op = versioned(call).and_then(|(_, _, op)| op).map(|op| op.id);

    let (what, title, first_step) = match op {
        Some("render_task_results") => (
            "The render task has not finished: its results are not ready.",
            "render task still running",
            "Poll GET /api/4.0/render_tasks/{render_task_id} until its status is success, then \
             fetch the results.",
        ),
        Some("query_task_results") => (
            "The query task is still running: its results are not ready.",
            "query task still running",
            "Poll query_task_results again until it answers 200 with the results.",
        ),
        _ => (
            "The server accepted the call, and the work goes on.",
            "accepted: the work is still running",
            "Ask again later for the result, as the operation's reference says.",
        ),
    };
    let wait = match retry_after(call) {
        Some(wait) => format!(" The server asks to wait {wait} (Retry-After)."),
        None => String::new(),
    };
    let detail = format!(
        "{} answered 202. {what}{wait} A client that takes this answer for the result gets an \
         empty body.",
        call_name(call)
    );
    let mut observation = Observation::new(detail, &[]).titled(title);
    observation.next_steps = vec![
        first_step.to_owned(),
        "Wait as long as Retry-After says (or a few seconds) between polls.".to_owned(),
    ];
    Some(observation)
}
