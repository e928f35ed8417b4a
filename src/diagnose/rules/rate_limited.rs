//! A 429: too many calls in a short time; wait as long as `Retry-After`
//! says, then retry.
//!
//! # Why
//! Looker limits the rate of abusable operations (for example
//! `scheduled_plan_run_once`, about 10 calls a second) and serves at most
//! about 200 calls at once per node; every 4.0 operation declares 429
//! (facts §1.6). `Retry-After` says how long to wait, and the TypeScript
//! SDK honours it when its retries are turned on (facts §1.7, §1.11).
//!
//! # Known limitations
//! The finding is about one call; how many calls were sent before it, and
//! in parallel, shows in the request list, not here. A 429 from a proxy or
//! API gateway in front of Looker looks the same.
//!
//! # Example
//! `POST https://acme.looker.com/api/4.0/scheduled_plans/42/run_once` →
//! 429 with `Retry-After: 30`.

use super::{call_name, retry_after, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};

/// The rule.
pub static RULE: Rule = Rule {
    id: "rate_limited",
    kind: Kind::RateLimited,
    severity: Severity::Warning,
    title: "rate limited: too many calls",
    guide_anchor: "#too_many_requests_429_errors",
    check,
};

fn check(call: &Call<'_>, _context: &Context) -> Option<Observation> {
    if call.status() != 429 {
        return None;
    }

    let wait = match retry_after(call) {
        Some(wait) => format!(" The server asks to wait {wait} (Retry-After) before trying again."),
        None => " It sent no Retry-After header.".to_owned(),
    };
    let detail = format!(
        "{} answered 429{}: too many calls in a short time. Looker limits the rate of some \
         operations, and each node serves about 200 calls at once.{wait}",
        call_name(call),
        super::quoted_message(call),
    );
    Some(
        Observation::new(
            detail,
            &[
                "Wait as long as Retry-After says (or a few seconds), then retry, doubling the \
                 wait after each 429.",
                "Send fewer calls at once: queue them, and cache results you ask for repeatedly.",
                "The TypeScript SDK retries 429 by itself when its maxTries setting is above 1 \
                 (the default is 1).",
            ],
        )
        .documented_at(call.documentation_url()),
    )
}
