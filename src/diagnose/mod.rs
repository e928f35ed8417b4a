//! The diagnosis engine: HAR entries in, findings out.
//!
//! [`Session`] judges calls one at a time, in the order they were made, so
//! that the live panel and the HAR analyzer give the same answers: each
//! rule sees the call and what the session showed before it.

mod analysis;
mod context;
mod finding;
mod kind;
pub mod rules;

pub use analysis::{analyze_file, analyze_har, plural, Analysis, Summary};
pub use context::{sdk_name, Context, Login, VersionsInfo};
pub use finding::{Finding, Observation, GUIDE};
pub use kind::{Kind, Severity};

use std::cell::OnceCell;

use serde_json::Value;

use crate::har::{self, Entry};
use crate::looker::route::{self, LookerCall, Route};

/// A recorded call that rules judge: the entry and what it is to Looker.
#[derive(Debug)]
pub struct Call<'a> {
    /// Position in the HAR or the live list.
    pub index: usize,
    /// The record.
    pub entry: &'a Entry,
    /// What the URL is to Looker.
    pub looker: &'a LookerCall,
    /// Start time in ms since the epoch.
    pub started_ms: Option<f64>,
    /// The response body read as a Looker error, once a rule asks: most
    /// rules that fire on an error read it, and a 422's body can be long.
    error_body: OnceCell<Option<ErrorBody>>,
}

impl<'a> Call<'a> {
    /// A call at `index` of the HAR or the live list.
    pub fn new(index: usize, entry: &'a Entry, looker: &'a LookerCall) -> Call<'a> {
        Call {
            index,
            entry,
            looker,
            started_ms: entry.started_ms(),
            error_body: OnceCell::new(),
        }
    }

    /// HTTP status; 0 when no response arrived.
    pub fn status(&self) -> u16 {
        self.entry.response.status
    }

    /// Whether the request carried credentials: an `Authorization` header,
    /// an `access_token` parameter, or (for the web UI's own calls) a
    /// session cookie.
    pub fn is_authenticated(&self) -> bool {
        self.entry.request_header("authorization").is_some()
            || har::query_pairs(&self.entry.request.url)
                .iter()
                .any(|(n, _)| n == "access_token")
            || self.entry.request_header("cookie").is_some()
    }

    /// The `Authorization` credential without its scheme.
    pub fn bearer_token(&self) -> Option<&str> {
        let value = self.entry.request_header("authorization")?.trim();
        Some(
            value
                .split_once(' ')
                .map_or(value, |(_, token)| token.trim()),
        )
    }

    /// The response body parsed as a Looker error (`message`, `errors`,
    /// `documentation_url`), when it is a JSON object.
    ///
    /// A field of another type than the one expected counts as absent.
    pub fn error_body(&self) -> Option<&ErrorBody> {
        self.error_body
            .get_or_init(|| ErrorBody::parse(&self.entry.response_body()?.bytes))
            .as_ref()
    }

    /// The error body's `message`.
    pub fn error_message(&self) -> Option<&str> {
        self.error_body()?.message.as_deref()
    }

    /// The error body's `documentation_url`.
    pub fn documentation_url(&self) -> Option<&str> {
        self.error_body()?.documentation_url.as_deref()
    }
}

/// Looker's error body (spec schemas `Error` and `ValidationError`).
#[derive(Debug, Clone, Default)]
pub struct ErrorBody {
    /// `message`.
    pub message: Option<String>,
    /// `documentation_url`.
    pub documentation_url: Option<String>,
    /// `errors`: field errors of a 422.
    pub errors: Vec<FieldError>,
}

impl ErrorBody {
    /// A body read as a Looker error, when it is a JSON object.
    fn parse(body: &[u8]) -> Option<ErrorBody> {
        // Through `Value`, which the crate reads anyway: a derived reader
        // would cost the wasm ~1 KB gzipped more.
        // Half an emoji (`\ud83d` alone), which serde_json refuses, is read
        // as the replacement character, as in the response view.
        let body: Value = serde_json::from_slice(body).ok().or_else(|| {
            let text = std::str::from_utf8(body).ok()?;
            serde_json::from_str(&har::without_lone_surrogates(text)).ok()
        })?;
        if !body.is_object() {
            return None;
        }
        let text = |object: &Value, key: &str| object.get(key)?.as_str().map(str::to_owned);
        let errors = body.get("errors").and_then(Value::as_array);
        Some(ErrorBody {
            message: text(&body, "message"),
            documentation_url: text(&body, "documentation_url"),
            errors: errors.map_or_else(Vec::new, |errors| {
                errors
                    .iter()
                    .map(|e| FieldError {
                        field: text(e, "field"),
                        code: text(e, "code"),
                        message: text(e, "message"),
                    })
                    .collect()
            }),
        })
    }
}

/// One element of a 422's `errors` (`ValidationErrorDetail`).
#[derive(Debug, Clone, Default)]
pub struct FieldError {
    /// Field name.
    pub field: Option<String>,
    /// `missing_field`, `invalid`, `already_exists`, ….
    pub code: Option<String>,
    /// Explanation.
    pub message: Option<String>,
}

/// Judges calls in order, keeping what earlier calls showed.
#[derive(Debug, Default)]
pub struct Session {
    context: Context,
}

impl Session {
    /// A session that has seen nothing yet.
    pub fn new() -> Session {
        Session::default()
    }

    /// Sets the time the recording ended, for calls still pending then.
    pub fn set_now_ms(&mut self, now_ms: f64) {
        self.context.now_ms = Some(now_ms);
    }

    /// Sets the present time of a recording still going on, for calls
    /// still waiting now.
    pub fn set_live_now_ms(&mut self, now_ms: f64) {
        self.context.now_ms = Some(now_ms);
        self.context.live = true;
    }

    /// What the session has learned so far.
    pub fn context(&self) -> &Context {
        &self.context
    }

    /// Judges one call and learns from it. Calls that are not Looker's get
    /// no findings and teach nothing.
    pub fn observe(&mut self, index: usize, entry: &Entry) -> Vec<Finding> {
        self.judge(index, entry).unwrap_or_default()
    }

    /// Judges one call and learns from it: its findings, or `None` when it
    /// is not a Looker call.
    pub fn judge(&mut self, index: usize, entry: &Entry) -> Option<Vec<Finding>> {
        let route = route::recognise(&entry.request.method, &entry.request.url);
        self.judge_routed(index, entry, route.as_ref())
    }

    /// [`Session::judge`] for a caller that has recognised the call's
    /// route already (`route::recognise` on its method and URL), as the
    /// panel has to describe it in the list.
    pub fn judge_routed(
        &mut self,
        index: usize,
        entry: &Entry,
        route: Option<&LookerCall>,
    ) -> Option<Vec<Finding>> {
        let looker = route.filter(|call| counts_as_looker(call, entry, &self.context))?;
        let call = Call::new(index, entry, looker);

        self.context.collect_secrets(entry);
        // A preflight's status is the CORS check's, not an operation's: a
        // 404 to OPTIONS /login says nothing about the client secret. Only
        // failures to connect are judged besides.
        let judging = match entry.is_preflight() {
            true => PREFLIGHT_RULES,
            false => rules::ALL,
        };
        let findings: Vec<Finding> = judging
            .iter()
            .filter_map(|rule| {
                let observation = (rule.check)(&call, &self.context)?;
                Some(Finding::new(
                    rule,
                    &call,
                    observation,
                    &self.context.secrets,
                ))
            })
            .collect();

        self.context.learn(&call);
        Some(findings)
    }

    /// Whether a call is Looker's, as far as this session can tell.
    pub fn is_looker(&self, entry: &Entry) -> bool {
        route::recognise(&entry.request.method, &entry.request.url)
            .is_some_and(|call| counts_as_looker(&call, entry, &self.context))
    }
}

/// The rules that judge a CORS preflight.
static PREFLIGHT_RULES: &[&rules::Rule] = &[
    &rules::connection_failed::RULE,
    &rules::tls_failure::RULE,
    &rules::cors_blocked::RULE,
];

/// Whether a call whose path is Looker's is judged as one: `/alive` and
/// `/versions` count only on origins known to serve the API or when they
/// answer like it.
fn counts_as_looker(call: &LookerCall, entry: &Entry, context: &Context) -> bool {
    if call.certain || context.looker_origins.contains(&call.origin) {
        return true;
    }
    match call.route {
        Route::Versions => entry
            .response_body()
            .and_then(|b| VersionsInfo::parse(&b.bytes))
            .is_some(),
        Route::Misshapen { .. } => has_looker_login_form(entry),
        _ => false,
    }
}

fn has_looker_login_form(entry: &Entry) -> bool {
    let Some(text) = entry
        .request
        .post_data
        .as_ref()
        .and_then(|p| p.text.as_ref())
    else {
        return false;
    };
    let pairs = har::form_pairs(text.get());
    pairs.iter().any(|(n, _)| n == "client_id") && pairs.iter().any(|(n, _)| n == "client_secret")
}

/// Whether the engine needs a live request's response body to judge it:
/// the panel fetches bodies only for these.
pub fn wants_response_body(entry: &Entry) -> bool {
    let Some(call) = route::recognise(&entry.request.method, &entry.request.url) else {
        return false;
    };
    let status = entry.response.status;
    status >= 400
        || status == 202
        || matches!(call.route, Route::Login { .. } | Route::Versions)
        || matches!(&call.route, Route::Versioned { rest, .. } if rest == "/versions")
        || rules::binary_body::is_binary_type(entry.response_content_type())
        // An HTML page on an API path: its title names who answered.
        || entry.response_content_type().contains("html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_body_with_half_an_emoji_keeps_its_message() {
        let body = br#"{"message":"emoji \ud83d cut","errors":[]}"#;
        let parsed = ErrorBody::parse(body).expect("an error body");
        assert_eq!(parsed.message.as_deref(), Some("emoji \u{FFFD} cut"));
    }
}
