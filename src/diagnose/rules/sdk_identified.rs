//! Which Looker SDK or tool made the calls, from the name it sends,
//! reported once per name in a session.
//!
//! # Why
//! Looker's SDKs name themselves in the `x-looker-appid` request header
//! (`TS-SDK`, `PY SDK <version>`, `go-sdk`, `CS-SDK`, …), as do the
//! extension framework and other applications; gzr sends `User-Agent:
//! Gazer <version>` (facts §1.7). Knowing the client tells which settings
//! apply: the SDKs build URLs from `base_url` (which must not include
//! `/api/…`), log in again by themselves and give up after 120 s by default
//! (facts §1.11).
//!
//! # Known limitations
//! Any caller may send any name; a hand-written client that copies an SDK's
//! header passes for the SDK. Calls without the header are not attributed.
//!
//! # Example
//! `POST https://acme.looker.com/api/4.0/login` with `x-looker-appid: PY SDK
//! 25.0.0`: the Python SDK, version 25.0.0.

use super::Rule;
use crate::diagnose::{sdk_name, Call, Context, Kind, Observation, Severity};

/// The rule.
pub static RULE: Rule = Rule {
    id: "sdk_identified",
    kind: Kind::SdkIdentified,
    severity: Severity::Info,
    title: "calls made by a Looker SDK or tool",
    guide_anchor: "",
    check,
};

/// What a name stands for, and whether it is one of Looker's SDKs.
fn describe(name: &str) -> (String, bool) {
    let lower = name.to_ascii_lowercase();
    let version = |prefix_len: usize| {
        let v = name.get(prefix_len..).unwrap_or("").trim();
        if v.is_empty() {
            String::new()
        } else {
            format!(", version {v}")
        }
    };
    if lower.starts_with("ts-sdk") {
        ("Looker's TypeScript SDK (@looker/sdk)".to_owned(), true)
    } else if lower.starts_with("py sdk") {
        (
            format!("Looker's Python SDK (looker_sdk){}", version(6)),
            true,
        )
    } else if lower.starts_with("go-sdk") {
        ("Looker's Go SDK".to_owned(), true)
    } else if lower.starts_with("cs-sdk") {
        ("Looker's C# SDK".to_owned(), true)
    } else if lower.contains("kotlin") || lower.contains("swift") {
        (format!("a Looker SDK ({name})"), true)
    } else if lower.starts_with("gazer") {
        (
            format!(
                "gzr (Gazer), Looker's command-line content tool{}",
                version(5)
            ),
            false,
        )
    } else {
        ("an application that names itself so".to_owned(), false)
    }
}

fn check(call: &Call<'_>, context: &Context) -> Option<Observation> {
    let name = sdk_name(call.entry)?;
    if context.sdks_seen.contains(&name) {
        return None;
    }

    let (what, is_sdk) = describe(&name);
    let header = if call.entry.request_header("x-looker-appid").is_some() {
        "x-looker-appid"
    } else {
        "User-Agent"
    };
    let detail = format!(
        "Calls to {} carry {header}: {name}, so they come from {what}.",
        call.looker.origin
    );
    // The TypeScript SDK in a browser gets its session from OAuth or the
    // embedding app, and the browser handles TLS: the server-side SDKs'
    // settings (looker.ini) do not apply to it.
    let steps: &[&str] = if name.to_ascii_lowercase().starts_with("ts-sdk") {
        &[
            "The SDK builds URLs from base_url (api_server_url in its settings), which must be \
             the API Host URL alone, without /api/….",
            "In a page on another origin than the API it must get tokens from OAuth or from your \
             server: /login cannot be called across origins (CORS).",
        ]
    } else if is_sdk {
        &[
            "The SDK builds URLs from base_url, which must be the API Host URL alone, without \
             /api/….",
            "It logs in again by itself when the token runs out, and gives up after its timeout \
             (120 s by default).",
        ]
    } else {
        &["Nothing to do: this names the client that made the calls."]
    };
    Some(Observation::new(detail, steps).titled(format!("calls made by {name}")))
}
