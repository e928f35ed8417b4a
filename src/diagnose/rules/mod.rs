//! The rules: one file each, named after the condition it detects.
//!
//! A rule is a pure function from a call and the session so far to an
//! [`Observation`]; [`crate::diagnose::Finding::new`] turns that into a
//! finding. Each rule file documents what it detects, why, its known
//! limitations and an example, and has a fixture under
//! `tests/fixtures/rules/`; `tests/rules.rs` fails when either is missing.

use super::{Call, Context, Kind, Observation, Severity};
use crate::looker::endpoints::Operation;

/// A diagnosis rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable id: the rule's file name.
    pub id: &'static str,
    /// The kind of finding it makes.
    pub kind: Kind,
    /// Default severity of its findings.
    pub severity: Severity,
    /// Default title: short, lowercase, no trailing period.
    pub title: &'static str,
    /// Anchor in Looker's troubleshooting guide (with `#`), or empty.
    pub guide_anchor: &'static str,
    /// The check itself.
    pub check: fn(&Call<'_>, &Context) -> Option<Observation>,
}

/// What a finding inherits from the rule that made it: the same for a
/// rule over recorded calls and a verdict over reachability checks.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// Stable id: the rule's file name.
    pub id: &'static str,
    /// The kind of finding it makes.
    pub kind: Kind,
    /// Default severity of its findings.
    pub severity: Severity,
    /// Default title: short, lowercase, no trailing period.
    pub title: &'static str,
    /// Anchor in Looker's troubleshooting guide (with `#`), or empty.
    pub guide_anchor: &'static str,
}

impl Rule {
    /// The rule without its check.
    pub fn info(&self) -> RuleInfo {
        RuleInfo {
            id: self.id,
            kind: self.kind,
            severity: self.severity,
            title: self.title,
            guide_anchor: self.guide_anchor,
        }
    }
}

macro_rules! registry {
    ($($module:ident,)*) => {
        $(pub mod $module;)*

        /// Every rule, in the order their findings are listed for a call.
        pub static ALL: &[&Rule] = &[$(&$module::RULE,)*];
    };
}

registry! {
    connection_failed,
    wrong_port,
    tls_failure,
    cors_blocked,
    hanging_call,
    url_misshapen,
    api_host_mismatch,
    login_not_found,
    login_credentials_in_url,
    forbidden_path,
    requires_authentication,
    token_expired,
    not_found_after_login,
    not_found_without_credentials,
    unknown_operation,
    method_not_allowed,
    conflict,
    validation_failed,
    broken_json_body,
    request_rejected,
    missing_json_content_type,
    html_instead_of_api,
    binary_body,
    rate_limited,
    still_running,
    server_error,
    unstable_operation,
    sdk_identified,
}

/// Whether a status is in the 2xx class.
pub(crate) fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// Whether the call is a versioned API call and not a login or a check.
pub(crate) fn versioned<'c>(
    call: &'c Call<'_>,
) -> Option<(&'c str, &'c str, Option<&'static Operation>)> {
    match &call.looker.route {
        crate::looker::route::Route::Versioned {
            version,
            rest,
            operation,
            ..
        } => Some((version.as_str(), rest.as_str(), *operation)),
        _ => None,
    }
}

/// The server's message, quoted for an explanation, or nothing.
pub(crate) fn quoted_message(call: &Call<'_>) -> String {
    call.error_message()
        .filter(|m| !m.is_empty())
        .map(|m| format!(" with the message \"{}\"", shorten(m, 200)))
        .unwrap_or_default()
}

/// Text cut to `max` characters, with an ellipsis when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The request as a line for an explanation: method, origin and path,
/// without the query string (it may carry credentials).
pub(crate) fn request_line(call: &Call<'_>) -> String {
    let path = crate::looker::route::split_url(&call.entry.request.url).map_or("/", |t| t.path);
    format!("{} {}{path}", call.entry.request.method, call.looker.origin)
}

/// The call as every finding names it first: its request line and, when
/// the endpoint index knows it, its operation, as in `GET
/// https://acme.looker.com/api/4.0/looks/7/run/json (run_look)`.
pub(crate) fn call_name(call: &Call<'_>) -> String {
    match versioned(call).and_then(|(_, _, op)| op) {
        Some(op) => format!("{} ({})", request_line(call), op.id),
        None => request_line(call),
    }
}

/// The port the call went to: the one in the URL, else the scheme's.
pub(crate) fn port_of(call: &Call<'_>) -> u16 {
    let https = call.looker.origin.starts_with("https:");
    call.looker.port.unwrap_or(if https { 443 } else { 80 })
}

/// The `Retry-After` header in words: "30 s" or "until <date>".
pub(crate) fn retry_after(call: &Call<'_>) -> Option<String> {
    let value = call.entry.response_header("retry-after")?.trim();
    if value.is_empty() {
        return None;
    }
    Some(if value.bytes().all(|b| b.is_ascii_digit()) {
        format!("{value} s")
    } else {
        format!("until {}", shorten(value, 40))
    })
}
