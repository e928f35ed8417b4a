//! The requests the panel lists, and the order in which they are judged.
//!
//! A [`Dataset`] is either the live recording or an imported HAR file. Live
//! rows are judged strictly in arrival order (a session's findings depend
//! on the calls before), so a row waiting for its response body holds back
//! the rows after it; bodies are fetched a few at a time ahead of judging.

use std::collections::{HashMap, HashSet, VecDeque};

use wasm_bindgen::JsValue;

use crate::diagnose::{self, Finding, Session, Severity};
use crate::har::{self, Entry};
use crate::looker::route::{self, Route};
use crate::redact;

/// How many response bodies are fetched at once.
pub const MAX_BODY_FETCHES: usize = 4;

/// Where a row is in its life.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RowState {
    /// Waiting for earlier rows or its body before it is judged.
    Queued,
    /// Judged; its findings are final unless it was pending.
    Judged,
    /// Seen in flight (status 0, no `_error`) since this time (ms).
    Pending { since_ms: f64 },
    /// Still in flight after the threshold, and judged as hanging.
    Hanging { since_ms: f64 },
}

/// Whether the response body still has to be read before judging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyState {
    /// The rules do not need it, or it is already in the entry.
    Ready,
    /// Needed and not asked for yet.
    Wanted,
    /// Asked for.
    Fetching,
}

/// One listed request.
pub struct Row {
    /// Position in the recording or the HAR's `log.entries`.
    pub index: usize,
    /// The record, with its body once read.
    pub entry: Entry,
    /// The entry's JSON as received, for the sanitized HAR export.
    pub raw: Vec<u8>,
    /// The shim's handle for reading the body (live rows only).
    pub handle: Option<JsValue>,
    /// Whether the session counts it as a Looker API call.
    pub looker: bool,
    /// Method as sent.
    pub method: String,
    /// Path and query, secrets redacted.
    pub path: String,
    /// API version in the path (`4.0`), or empty.
    pub version: String,
    /// Operation name from the endpoint index (`me`, `run_look`), or what
    /// the route is (`login`, `versions`).
    pub operation: String,
    /// Findings of the last judgement.
    pub findings: Vec<Finding>,
    /// Life cycle.
    pub state: RowState,
    /// Body needed for judging.
    pub body: BodyState,
    /// Lowercase text the search box matches.
    pub haystack: String,
    /// Whether it is one of the panel's own checks run from the page.
    pub from_probe: bool,
}

impl Row {
    fn new(index: usize, entry: Entry, raw: Vec<u8>, handle: Option<JsValue>) -> Row {
        let (version, operation) = describe_route(&entry);
        let path = path_of(&redact::redact_url(&entry.request.url));
        let mut row = Row {
            index,
            method: entry.request.method.clone(),
            path,
            version,
            operation,
            looker: false,
            findings: Vec::new(),
            state: RowState::Queued,
            body: BodyState::Ready,
            haystack: String::new(),
            from_probe: false,
            entry,
            raw,
            handle,
        };
        row.refresh_haystack();
        row
    }

    /// The most severe finding's severity.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// Whether the row is still waiting for an answer.
    pub fn is_pending(&self) -> bool {
        matches!(
            self.state,
            RowState::Pending { .. } | RowState::Hanging { .. }
        )
    }

    /// The status column: `200`, `pending`, `ERR_CONNECTION_REFUSED`.
    pub fn status_text(&self) -> String {
        if self.is_pending() {
            return "pending".to_owned();
        }
        let status = self.entry.response.status;
        match self.entry.network_error() {
            Some(error) if status == 0 => error.trim_start_matches("net::").to_owned(),
            Some(_) => format!("{status} (failed)"),
            None => status.to_string(),
        }
    }

    /// The time column, counting up while pending.
    pub fn time_ms(&self, now_ms: f64) -> f64 {
        match self.state {
            RowState::Pending { since_ms } | RowState::Hanging { since_ms } => now_ms - since_ms,
            _ => self.entry.time,
        }
    }

    fn refresh_haystack(&mut self) {
        let mut text = format!(
            "{} {} {} {} {}",
            self.method,
            redact::redact_url(&self.entry.request.url),
            self.operation,
            self.status_text(),
            self.version
        );
        for f in &self.findings {
            text.push(' ');
            text.push_str(f.kind.as_str());
            text.push(' ');
            text.push_str(&f.title);
        }
        self.haystack = text.to_ascii_lowercase();
    }
}

/// `/api/4.0/me?fields=id` from a full URL.
fn path_of(url: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => url[after_scheme + i..].to_owned(),
        None => "/".to_owned(),
    }
}

/// The API version and operation name a request reaches.
fn describe_route(entry: &Entry) -> (String, String) {
    let Some(call) = route::recognise(&entry.request.method, &entry.request.url) else {
        return (String::new(), String::new());
    };
    let named = |name: &str| (String::new(), name.to_owned());
    match call.route {
        Route::Alive => named("alive"),
        Route::Availability => named("availability"),
        Route::Versions => named("versions"),
        Route::Login { version } => (version.unwrap_or_default(), "login".to_owned()),
        Route::Logout => named("logout"),
        Route::Token => named("token"),
        Route::UiPrivate => named("(web UI internal)"),
        Route::Misshapen { .. } => named("(misshapen URL)"),
        Route::Versioned {
            version, operation, ..
        } => {
            let name = operation.map_or("(unknown operation)", |op| op.id);
            (version, name.to_owned())
        }
    }
}

/// The identity of a request across getHAR and onRequestFinished.
///
/// NOTE: two identical requests started in the same millisecond and
/// answered with the same status count as one.
fn key_of(entry: &Entry) -> String {
    format!(
        "{} {} {}",
        entry.started, entry.request.method, entry.request.url
    )
}

/// A file the user imported.
pub struct ImportedFile {
    /// File name as picked or dropped.
    pub name: String,
    /// Its bytes, for the sanitized export.
    pub bytes: Vec<u8>,
}

/// The live recording or an imported file, with its session.
#[derive(Default)]
pub struct Dataset {
    /// Every row, in arrival (or file) order.
    pub rows: Vec<Row>,
    /// Entries that could not be read, as messages.
    pub problems: Vec<String>,
    /// Set for an imported file.
    pub file: Option<ImportedFile>,
    session: Session,
    /// Rows in flight, by request key.
    pending: HashMap<String, usize>,
    /// Request keys of finished requests, and the same with their status.
    finished: HashSet<String>,
    /// Requests started before this time (ms) are not listed as pending:
    /// the list was cleared after they started.
    since_ms: f64,
    queue: VecDeque<usize>,
    fetching: usize,
    probes: Vec<(String, f64)>,
}

impl Dataset {
    /// Reads and judges a whole HAR file.
    pub fn from_har(name: &str, bytes: Vec<u8>) -> crate::Result<Dataset> {
        let file = har::read(&bytes)?;
        let mut data = Dataset::default();
        if let Some(end) = file
            .entries
            .iter()
            .filter_map(|(_, e)| Some(e.started_ms()? + e.time.max(0.0)))
            .reduce(f64::max)
        {
            data.session.set_now_ms(end);
        }
        for (index, entry) in file.entries {
            let mut row = Row::new(index, entry, Vec::new(), None);
            judge(&mut data.session, &mut row);
            data.rows.push(row);
        }
        data.problems = file.problems.iter().map(ToString::to_string).collect();
        data.file = Some(ImportedFile {
            name: name.to_owned(),
            bytes,
        });
        Ok(data)
    }

    /// The secrets the session has seen, for scrubbing bodies.
    pub fn secrets(&self) -> &[String] {
        &self.session.context().secrets
    }

    /// Adds an entry from DevTools. Returns whether the list changed.
    ///
    /// An entry from getHAR that is still in flight is kept as pending; the
    /// same request finishing later replaces it instead of adding a row.
    pub fn add_live(&mut self, bytes: Vec<u8>, handle: JsValue, from_har: bool) -> bool {
        let entry = match std::str::from_utf8(&bytes)
            .map_err(|_| crate::Error::Invalid("the entry is not UTF-8".into()))
            .and_then(Entry::from_json)
        {
            Ok(entry) => entry,
            Err(error) => {
                let at = self.rows.len() + self.problems.len();
                self.problems.push(format!("request {at}: {error}"));
                return true;
            }
        };
        let key = key_of(&entry);
        let in_flight = from_har && entry.is_pending();

        if in_flight {
            // A snapshot of a request that has finished since, or that was
            // cleared away, must not come back as pending.
            let started = entry.started_ms().unwrap_or_else(super::dom::now_ms);
            if self.pending.contains_key(&key)
                || self.finished.contains(&key)
                || started < self.since_ms
            {
                return false;
            }
        } else {
            let answered = format!("{key} {}", entry.response.status);
            if !self.finished.insert(answered) {
                return false; // listed already, from getHAR or the event
            }
            self.finished.insert(key.clone());
            if let Some(position) = self.pending.remove(&key) {
                // A request seen pending has finished: judge it now.
                let row = &mut self.rows[position];
                row.entry = entry;
                row.raw = bytes;
                row.handle = Some(handle);
                row.state = RowState::Queued;
                self.enqueue(position);
                return true;
            }
        }

        let position = self.rows.len();
        let mut row = Row::new(position, entry, bytes, Some(handle));
        if in_flight {
            let since_ms = row.entry.started_ms().unwrap_or_else(super::dom::now_ms);
            row.state = RowState::Pending { since_ms };
            row.looker = route::recognise(&row.entry.request.method, &row.entry.request.url)
                .is_some_and(|c| c.certain);
            self.pending.insert(key, position);
        }
        if self.is_probe(&row.entry) {
            row.from_probe = true;
            row.state = RowState::Judged;
        }
        let judge_later = !in_flight && !row.from_probe;
        self.rows.push(row);
        if judge_later {
            self.enqueue(position);
        }
        true
    }

    /// An empty live recording that ignores requests started before now.
    pub fn cleared_at(now_ms: f64) -> Dataset {
        Dataset {
            since_ms: now_ms,
            ..Dataset::default()
        }
    }

    fn enqueue(&mut self, position: usize) {
        let row = &mut self.rows[position];
        let has_body = row.entry.response.content.text.is_some();
        row.body = if !has_body && row.handle.is_some() && diagnose::wants_response_body(&row.entry)
        {
            BodyState::Wanted
        } else {
            BodyState::Ready
        };
        self.queue.push_back(position);
    }

    /// Marks up to the fetch limit of queued rows as fetching and returns
    /// them with their handles.
    pub fn start_body_fetches(&mut self) -> Vec<(usize, JsValue)> {
        let mut started = Vec::new();
        for &position in &self.queue {
            if self.fetching >= MAX_BODY_FETCHES {
                break;
            }
            let row = &mut self.rows[position];
            if row.body == BodyState::Wanted {
                if let Some(handle) = &row.handle {
                    row.body = BodyState::Fetching;
                    self.fetching += 1;
                    started.push((position, handle.clone()));
                }
            }
        }
        started
    }

    /// Stores a fetched body (or its absence) for a row.
    pub fn body_arrived(
        &mut self,
        position: usize,
        text: Option<String>,
        encoding: Option<String>,
    ) {
        self.fetching = self.fetching.saturating_sub(1);
        if let Some(row) = self.rows.get_mut(position) {
            if row.body == BodyState::Fetching {
                row.entry.response.content.text = text;
                row.entry.response.content.encoding = encoding;
                row.body = BodyState::Ready;
            }
        }
    }

    /// Judges the queued rows whose turn it is. Returns whether any was.
    pub fn judge_ready(&mut self) -> bool {
        let mut any = false;
        while let Some(&position) = self.queue.front() {
            let row = &mut self.rows[position];
            if row.body != BodyState::Ready {
                break;
            }
            self.queue.pop_front();
            judge(&mut self.session, row);
            any = true;
        }
        any
    }

    /// Judges rows pending longer than `threshold_ms` as hanging, handing
    /// the engine the time they have waited. Returns whether any was.
    pub fn judge_hanging(&mut self, now_ms: f64, threshold_ms: f64) -> bool {
        let mut any = false;
        for row in &mut self.rows {
            let RowState::Pending { since_ms } = row.state else {
                continue;
            };
            if now_ms - since_ms < threshold_ms {
                continue;
            }
            row.entry.time = now_ms - since_ms;
            self.session.set_now_ms(now_ms);
            judge(&mut self.session, row);
            row.state = RowState::Hanging { since_ms };
            any = true;
        }
        any
    }

    /// Whether any row is pending, so that its clock must tick.
    pub fn has_pending(&self) -> bool {
        self.rows.iter().any(Row::is_pending)
    }

    /// Expects the inspected page to fetch `url` for one of the panel's
    /// checks until `until_ms`: that request is listed but not judged as
    /// one of the page's own calls.
    pub fn expect_probe(&mut self, url: &str, until_ms: f64) {
        self.probes
            .retain(|(_, until)| *until > super::dom::now_ms());
        self.probes.push((url.to_owned(), until_ms));
    }

    fn is_probe(&self, entry: &Entry) -> bool {
        self.probes.iter().any(|(url, _)| *url == entry.request.url)
    }
}

fn judge(session: &mut Session, row: &mut Row) {
    row.looker = session.is_looker(&row.entry);
    row.findings = session.observe(row.index, &row.entry);
    if row.state == RowState::Queued {
        row.state = RowState::Judged;
    }
    row.refresh_haystack();
}
