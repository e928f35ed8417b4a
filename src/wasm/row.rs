//! One listed request: what the list, the filters and the status bar show
//! of it, and where its full record is.
//!
//! A live row keeps its entry, which judging and the detail pane read again
//! as bodies arrive. A row of an imported file keeps only where its entry is
//! in the file: the detail pane reads it again from there, so that a large
//! file costs a few hundred bytes a request instead of its whole text.

use wasm_bindgen::JsValue;

use crate::diagnose::{Finding, Severity};
use crate::har::stream::Span;
use crate::har::Entry;
use crate::looker::route::{self, LookerCall, Route};
use crate::redact;

/// Where a row's full record is.
pub enum Record {
    /// A live request: the entry, with its body once read, the JSON as
    /// received (for the sanitized HAR export) and the shim's handle for
    /// reading the body.
    Live {
        /// The record.
        entry: Box<Entry>,
        /// `JSON.stringify` of the entry, UTF-8.
        raw: Vec<u8>,
        /// What `getContent` needs.
        handle: JsValue,
    },
    /// An entry of an imported file that could not be read in pieces.
    Kept(Box<Entry>),
    /// The bytes of an imported file that hold the entry.
    InFile(Span),
}

impl Record {
    /// A live request's record.
    pub fn live(entry: Entry, raw: Vec<u8>, handle: JsValue) -> Record {
        Record::Live {
            entry: Box::new(entry),
            raw,
            handle,
        }
    }
}

/// A placeholder while a row is made from the entry it then keeps.
const UNSET: Record = Record::InFile(Span { start: 0, end: 0 });

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
    /// The full record, or where it is.
    pub record: Record,
    /// Whether the session counts it as a Looker API call.
    pub looker: bool,
    /// Whether it is one of the panel's own checks run from the page.
    pub from_probe: bool,
    /// Method as sent.
    pub method: Box<str>,
    /// The URL, secrets redacted.
    pub url: Box<str>,
    /// Where the path starts in `url`.
    path_at: usize,
    /// API version in the path (`4.0`), or empty.
    pub version: Box<str>,
    /// Operation name from the endpoint index (`me`, `run_look`), or what
    /// the route is (`login`, `versions`).
    pub operation: &'static str,
    /// HTTP status; 0 when no response arrived.
    pub status: u16,
    /// The reason phrase (`Not Found`), often empty.
    pub reason: Box<str>,
    /// The browser's network error (`net::ERR_FAILED`).
    pub network_error: Option<Box<str>>,
    /// The entry's `time` (ms).
    pub time: f64,
    /// Findings of the last judgement.
    pub findings: Vec<Finding>,
    /// Life cycle.
    pub state: RowState,
    /// Body needed for judging.
    pub body: BodyState,
    /// Changes with every change to the row, so that the list redraws only
    /// the rows that changed.
    pub changes: u32,
}

impl Row {
    /// A row for an entry, not judged yet, whose route is recognised
    /// already (`route::recognise` on its method and URL).
    pub fn new(index: usize, entry: &Entry, route: Option<&LookerCall>, record: Record) -> Row {
        let (version, operation) = describe_route(route);
        let url = crate::readable::visible_owned(redact::redact_url(&entry.request.url));
        let mut row = Row {
            index,
            record,
            looker: false,
            from_probe: false,
            method: entry.request.method.as_str().into(),
            path_at: path_start(&url),
            url: url.into_boxed_str(),
            version: version.into_boxed_str(),
            operation,
            status: 0,
            reason: Box::default(),
            network_error: None,
            time: 0.0,
            findings: Vec::new(),
            state: RowState::Queued,
            body: BodyState::Ready,
            changes: 0,
        };
        row.take_response(entry);
        row
    }

    /// A live request's row, not judged yet.
    pub fn live(index: usize, entry: Entry, raw: Vec<u8>, handle: JsValue) -> Row {
        let route = route::recognise(&entry.request.method, &entry.request.url);
        let mut row = Row::new(index, &entry, route.as_ref(), UNSET);
        row.record = Record::live(entry, raw, handle);
        row
    }

    /// A row that keeps its entry, whose route is recognised already.
    pub fn kept(index: usize, entry: Entry, route: Option<&LookerCall>) -> Row {
        let mut row = Row::new(index, &entry, route, UNSET);
        row.record = Record::Kept(Box::new(entry));
        row
    }

    /// Takes the response's status, reason, error and time from `entry`.
    pub fn take_response(&mut self, entry: &Entry) {
        self.status = entry.response.status;
        self.reason = crate::readable::visible(&entry.response.status_text).into();
        self.network_error = entry.network_error().map(Into::into);
        self.time = entry.time;
    }

    /// The entry, when the row keeps it.
    pub fn entry(&self) -> Option<&Entry> {
        match &self.record {
            Record::Live { entry, .. } | Record::Kept(entry) => Some(entry),
            Record::InFile(_) => None,
        }
    }

    /// The entry of a live row, to change as its body arrives.
    pub fn live_entry_mut(&mut self) -> Option<&mut Entry> {
        match &mut self.record {
            Record::Live { entry, .. } => Some(entry),
            _ => None,
        }
    }

    /// The shim's handle of a live row.
    pub fn handle(&self) -> Option<&JsValue> {
        match &self.record {
            Record::Live { handle, .. } => Some(handle),
            _ => None,
        }
    }

    /// Path and query, secrets redacted: `/api/4.0/me?fields=id`.
    pub fn path(&self) -> &str {
        match &self.url[self.path_at..] {
            "" => "/",
            path => path,
        }
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

    /// Whether the call failed: a network error or a 4xx or 5xx status.
    pub fn is_failure(&self) -> bool {
        !self.is_pending() && (self.network_error.is_some() || self.status >= 400)
    }

    /// The status column: `200`, `pending`, `ERR_CONNECTION_REFUSED`.
    pub fn status_text(&self) -> String {
        if self.is_pending() {
            return "pending".to_owned();
        }
        match self.network_error.as_deref() {
            Some(error) if self.status == 0 => error.trim_start_matches("net::").to_owned(),
            Some(_) => format!("{} (failed)", self.status),
            None => self.status.to_string(),
        }
    }

    /// The time column, counting up while pending.
    pub fn time_ms(&self, now_ms: f64) -> f64 {
        match self.state {
            RowState::Pending { since_ms } | RowState::Hanging { since_ms } => now_ms - since_ms,
            _ => self.time,
        }
    }

    /// Whether the search box's words are all in what the row shows:
    /// method, URL, operation, status, API version, findings' kinds and
    /// titles. `words` are lowercase.
    pub fn matches_words<'a>(&self, mut words: impl Iterator<Item = &'a str>) -> bool {
        let mut text = format!(
            "{} {} {} {} {}",
            self.method,
            self.url,
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
        text.make_ascii_lowercase();
        words.all(|word| text.contains(word))
    }
}

/// Where the path starts in a full URL.
fn path_start(url: &str) -> usize {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => after_scheme + i,
        None => url.len(),
    }
}

/// The API version and operation name a request reaches.
fn describe_route(call: Option<&LookerCall>) -> (String, &'static str) {
    let Some(call) = call else {
        return (String::new(), "");
    };
    let named = |name| (String::new(), name);
    match &call.route {
        Route::Alive => named("alive"),
        Route::Availability => named("availability"),
        Route::Versions => named("versions"),
        Route::Login { version } => (version.clone().unwrap_or_default(), "login"),
        Route::Logout { version } => (version.clone().unwrap_or_default(), "logout"),
        Route::Token => named("token"),
        Route::UiPrivate => named("(web UI internal)"),
        Route::Misshapen { .. } => named("(misshapen URL)"),
        Route::Versioned {
            version, operation, ..
        } => (
            version.clone(),
            operation.map_or("(unknown operation)", |op| op.id),
        ),
    }
}
