//! What the session has shown so far, for rules that judge a call by what
//! came before it.
//!
//! An earlier successful login turns a later 404 from "bad credentials"
//! into "missing permission"; a login's `expires_in` tells an expired token
//! from a missing one. Rules read this; only [`Context::learn`] writes it,
//! after the rules have judged the call.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::Call;
use crate::har::Entry;
use crate::looker::route::Route;
use crate::redact;

/// A login the session observed.
#[derive(Debug, Clone)]
pub struct Login {
    /// Entry of the login call.
    pub index: usize,
    /// Origin the login went to.
    pub origin: String,
    /// When it started, in ms since the epoch.
    pub at_ms: Option<f64>,
    /// Whether it returned a token.
    pub ok: bool,
    /// `expires_in` of the token, in seconds.
    pub expires_in: Option<f64>,
    /// The token, to recognise it in later calls' `Authorization`.
    pub token: Option<String>,
}

/// What an origin's `/versions` said.
#[derive(Debug, Clone, Default)]
pub struct VersionsInfo {
    /// `looker_release_version`.
    pub looker_release_version: Option<String>,
    /// `supported_versions[].version`.
    pub supported_versions: Vec<VersionElement>,
    /// `api_server_url`: optional, older servers omit it.
    pub api_server_url: Option<String>,
    /// `web_server_url`: optional, older servers omit it.
    pub web_server_url: Option<String>,
}

/// One element of `supported_versions`.
#[derive(Debug, Clone, Default)]
pub struct VersionElement {
    /// Version as it appears in `/api/xxx/`.
    pub version: String,
}

impl VersionsInfo {
    /// Reads a `/versions` body; `None` when it is not one.
    ///
    /// A field of another type than the one expected counts as absent.
    pub fn parse(body: &[u8]) -> Option<VersionsInfo> {
        // Through `Value`, which the crate reads anyway: a derived reader
        // would cost the wasm ~1 KB gzipped more.
        let body: Value = serde_json::from_slice(body).ok()?;
        let list = body.get("supported_versions").and_then(Value::as_array);
        let info = VersionsInfo {
            looker_release_version: text(&body, "looker_release_version"),
            supported_versions: list.map_or_else(Vec::new, |list| {
                list.iter()
                    .map(|v| VersionElement {
                        version: text(v, "version").unwrap_or_default(),
                    })
                    .collect()
            }),
            api_server_url: text(&body, "api_server_url"),
            web_server_url: text(&body, "web_server_url"),
        };
        (!info.supported_versions.is_empty() || info.api_server_url.is_some()).then_some(info)
    }

    /// Whether the server lists this API version.
    pub fn supports(&self, version: &str) -> bool {
        self.supported_versions.iter().any(|v| v.version == version)
    }

    /// The listed versions, comma separated.
    pub fn listed(&self) -> String {
        let versions: Vec<&str> = self
            .supported_versions
            .iter()
            .map(|v| v.version.as_str())
            .collect();
        versions.join(", ")
    }
}

/// The session so far.
#[derive(Debug, Default)]
pub struct Context {
    /// Origins known to serve Looker's API.
    pub looker_origins: HashSet<String>,
    /// Logins in the order seen.
    pub logins: Vec<Login>,
    /// Successful (2xx) authenticated API calls, per origin.
    pub authenticated_ok: HashMap<String, usize>,
    /// Hosts (without port) with any successful API call, and the
    /// origins they succeeded on.
    pub working_origins_by_host: HashMap<String, HashSet<String>>,
    /// `/versions` answers per origin.
    pub versions: HashMap<String, VersionsInfo>,
    /// SDK or tool names already seen, as [`sdk_name`] gives them.
    pub sdks_seen: HashSet<String>,
    /// Operations already called, as (API version, operation id).
    pub operations_called: HashSet<(String, &'static str)>,
    /// API versions that answered 2xx (a login or a call), per origin.
    pub working_versions: HashMap<String, HashSet<String>>,
    /// Secret values seen so far, removed from every finding's text.
    pub secrets: Vec<String>,
    /// End of the recording (ms since the epoch): how long a pending call
    /// had been waiting when the HAR was saved.
    pub now_ms: Option<f64>,
    /// Whether `now_ms` is the present of a recording still going on (the
    /// panel's live list), not the end of a saved one.
    pub live: bool,
}

impl Context {
    /// The latest login to the call's origin that started before it.
    pub fn last_login_before(&self, call: &Call<'_>) -> Option<&Login> {
        self.logins
            .iter()
            .rev()
            .find(|l| l.origin == call.looker.origin && l.index < call.index)
    }

    /// Whether the origin has shown a working login or authenticated call.
    pub fn has_working_auth(&self, origin: &str) -> bool {
        self.authenticated_ok.get(origin).is_some_and(|n| *n > 0)
            || self.logins.iter().any(|l| l.origin == origin && l.ok)
    }

    /// Learns from a call after the rules have judged it.
    pub fn learn(&mut self, call: &Call<'_>) {
        let entry = call.entry;
        let status = entry.response.status;
        let origin = &call.looker.origin;
        if call.looker.certain {
            self.looker_origins.insert(origin.clone());
        }
        if (200..300).contains(&status)
            && !matches!(call.looker.route, Route::Alive | Route::Availability)
        {
            self.working_origins_by_host
                .entry(call.looker.host.clone())
                .or_default()
                .insert(origin.clone());
        }

        match &call.looker.route {
            Route::Login { .. } => self.learn_login(call),
            Route::Versions => {
                if let Some(info) = entry
                    .response_body()
                    .and_then(|b| VersionsInfo::parse(&b.bytes))
                {
                    self.looker_origins.insert(origin.clone());
                    self.versions.insert(origin.clone(), info);
                }
            }
            Route::Versioned { rest, .. } if rest == "/versions" => {
                if let Some(info) = entry
                    .response_body()
                    .and_then(|b| VersionsInfo::parse(&b.bytes))
                {
                    self.versions.insert(origin.clone(), info);
                }
            }
            _ => {}
        }
        if (200..300).contains(&status) && call.is_authenticated() {
            *self.authenticated_ok.entry(origin.clone()).or_default() += 1;
        }
        let version = match &call.looker.route {
            Route::Versioned { version, .. } => Some(version),
            Route::Login { version } => version.as_ref(),
            _ => None,
        };
        if let Some(version) = version.filter(|_| (200..300).contains(&status)) {
            self.working_versions
                .entry(origin.clone())
                .or_default()
                .insert(version.clone());
        }

        if let Route::Versioned {
            version,
            operation: Some(op),
            ..
        } = &call.looker.route
        {
            self.operations_called.insert((version.clone(), op.id));
        }
        if let Some(sdk) = sdk_name(entry) {
            self.sdks_seen.insert(sdk);
        }
    }

    fn learn_login(&mut self, call: &Call<'_>) {
        let status = call.entry.response.status;
        let token = (200..300)
            .contains(&status)
            .then(|| call.entry.response_body())
            .flatten()
            .and_then(|b| serde_json::from_slice::<Value>(&b.bytes).ok());
        self.logins.push(Login {
            index: call.index,
            origin: call.looker.origin.clone(),
            at_ms: call.started_ms,
            ok: (200..300).contains(&status),
            expires_in: token.as_ref().and_then(|t| t.get("expires_in")?.as_f64()),
            token: token.as_ref().and_then(|t| text(t, "access_token")),
        });
    }

    /// Collects the secret values a call carries, before rules run on it,
    /// so that no finding can quote them.
    pub fn collect_secrets(&mut self, entry: &Entry) {
        let mut found = Vec::new();
        for h in &entry.request.headers {
            if redact::is_secret_name(&h.name) {
                let value = h.value.trim();
                found.push(
                    value
                        .split_once(' ')
                        .map_or(value, |(_, v)| v)
                        .trim()
                        .to_owned(),
                );
                if h.name.eq_ignore_ascii_case("cookie") {
                    found.extend(
                        value
                            .split(';')
                            .filter_map(|c| c.split_once('='))
                            .map(|(_, v)| v.trim().to_owned()),
                    );
                }
            }
        }
        for pair in crate::har::query_pairs(&entry.request.url) {
            if redact::is_secret_name(&pair.0) {
                found.push(pair.1);
            }
        }
        if let Some(post) = &entry.request.post_data {
            let text = post.text.as_ref().map(|t| t.get());
            if let Some(text) = text.filter(|t| redact::may_name_secret(t)) {
                for (name, value) in crate::har::form_pairs(text) {
                    if redact::is_secret_name(&name) {
                        found.push(value);
                    }
                }
                found.extend(secret_json_values(text.as_bytes(), false));
            }
            for p in &post.params {
                if redact::is_secret_name(&p.name) {
                    found.extend(p.value.clone());
                }
            }
        }
        // Parsing, or even scanning, every JSON body would dominate a large
        // import. Tokens come from login and OAuth answers; findings quote
        // only error answers' messages, so a successful body's other values
        // cannot reach one.
        let content = &entry.response.content;
        let written = content.text.as_ref().map_or(0, |t| t.written_len());
        let issues_tokens = ["/login", "/token"]
            .iter()
            .any(|p| entry.request.url.contains(p));
        let worth_it = issues_tokens || entry.response.status >= 400 && written <= 64 * 1024;
        let mentions = || {
            content
                .text
                .as_ref()
                .is_some_and(|t| mentions_secret(t.get()))
        };
        if worth_it && looks_like_json(&content.mime_type) && mentions() {
            if let Some(body) = entry.response_body() {
                found.extend(secret_json_values(&body.bytes, true));
            }
        }
        for value in found {
            if value.len() >= 6 && value != redact::MASK && !self.secrets.contains(&value) {
                self.secrets.push(value);
            }
        }
    }
}

fn mentions_secret(text: &str) -> bool {
    ["token", "secret", "password", "passwd", "session"]
        .iter()
        .any(|word| text.contains(word))
}

/// The SDK or tool that made a call, as it names itself: the
/// `x-looker-appid` header (`TS-SDK`, `PY SDK 25.0.0`, `go-sdk`, …), else a
/// `User-Agent` of gzr (`Gazer 0.3.12`) (facts §1.7).
pub fn sdk_name(entry: &Entry) -> Option<String> {
    let named = entry.request_header("x-looker-appid").or_else(|| {
        let agent = entry.request_header("user-agent")?.trim_start();
        agent
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("gazer"))
            .then_some(agent)
    })?;

    // Any caller may set the header: keep it one short line of plain text.
    let clean: String = named
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '<' | '>'))
        .take(60)
        .collect();
    let clean = clean.trim();
    (!clean.is_empty()).then(|| clean.to_owned())
}

/// A string field of a JSON object; `None` when absent or not a string.
fn text(object: &Value, key: &str) -> Option<String> {
    object.get(key)?.as_str().map(str::to_owned)
}

fn looks_like_json(mime: &str) -> bool {
    mime.contains("json")
}

/// Values under secret keys anywhere in a JSON body, even one that does
/// not parse (the body a 400 answer calls broken).
fn secret_json_values(body: &[u8], in_response: bool) -> Vec<String> {
    let trimmed = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &body[i..]);
    if !matches!(trimmed.first(), Some(b'{') | Some(b'[')) {
        return Vec::new();
    }
    let mut out = Vec::new();
    match serde_json::from_slice::<Value>(trimmed) {
        Ok(value) => redact::json_secret_values(&value, in_response, &mut out),
        Err(_) => {
            let text = String::from_utf8_lossy(trimmed);
            out = redact::json_pair_values(&text, in_response);
        }
    }
    out
}
