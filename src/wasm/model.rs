//! The requests the panel lists, and the order in which they are judged.
//!
//! A [`Dataset`] is either the live recording or an imported HAR file. Live
//! rows are judged strictly in arrival order (a session's findings depend
//! on the calls before), so a row waiting for its response body holds back
//! the rows after it; bodies are fetched a few at a time ahead of judging.
//! Every change to a row goes through the dataset, which keeps the counts
//! the status bar shows, so that no draw has to count every row.

use std::collections::{HashMap, HashSet, VecDeque};

use wasm_bindgen::JsValue;
use web_sys::File;

use super::row::{BodyState, Record, Row, RowState};
use crate::diagnose::{self, Session, Severity};
use crate::har::stream::Span;
use crate::har::Entry;
use crate::looker::route;

/// How many response bodies are fetched at once.
pub const MAX_BODY_FETCHES: usize = 4;

/// What the status bar counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Looker API calls, not counting the panel's own checks.
    pub looker: usize,
    /// Findings: errors, warnings and info.
    pub findings: [usize; 3],
    /// Requests still waiting for an answer.
    pub pending: usize,
}

impl Counts {
    fn count(&mut self, row: &Row, add: bool) {
        let change = |n: &mut usize, by: usize| {
            *n = if add { *n + by } else { n.saturating_sub(by) };
        };
        change(&mut self.looker, usize::from(row.looker && !row.from_probe));
        change(&mut self.pending, usize::from(row.is_pending()));
        for finding in &row.findings {
            let at = match finding.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            };
            change(&mut self.findings[at], 1);
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
    /// The file, read again for a request's details and for the exports.
    pub file: File,
}

/// The live recording or an imported file, with its session.
#[derive(Default)]
pub struct Dataset {
    rows: Vec<Row>,
    /// Entries that could not be read, as messages.
    pub problems: Vec<String>,
    /// Set for an imported file.
    pub file: Option<ImportedFile>,
    counts: Counts,
    /// Changes with every change to the rows.
    generation: u32,
    session: Session,
    /// Rows in flight, by request key.
    pending: HashMap<String, usize>,
    /// Request keys of finished requests, and the same with their status.
    finished: HashSet<String>,
    /// Requests started before this time (ms) are not listed as pending:
    /// the list was cleared after they started.
    since_ms: f64,
    /// Rows waiting to be judged, in order.
    queue: VecDeque<usize>,
    /// Queued rows whose body is wanted and not asked for yet, in order.
    wanted: VecDeque<usize>,
    fetching: usize,
    probes: Vec<(String, f64)>,
}

impl Dataset {
    /// An empty dataset for an imported file.
    pub fn for_file(name: &str, file: File) -> Dataset {
        Dataset {
            file: Some(ImportedFile {
                name: name.to_owned(),
                file,
            }),
            ..Dataset::default()
        }
    }

    /// Every row, in arrival (or file) order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// What the status bar counts.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Changes whenever a row is added or changed.
    pub fn generation(&self) -> u32 {
        self.generation
    }

    /// The secrets the session has seen, for scrubbing bodies.
    pub fn secrets(&self) -> &[String] {
        &self.session.context().secrets
    }

    /// When the imported recording ended (ms): how long a call still
    /// pending then had waited.
    pub fn set_recording_end(&mut self, end_ms: f64) {
        self.session.set_now_ms(end_ms);
    }

    /// Judges an entry of an imported file, in file order, and lists it.
    /// The row keeps the entry, or only its place in the file when given.
    pub fn add_judged(&mut self, index: usize, entry: Entry, in_file: Option<Span>) {
        let route = route::recognise(&entry.request.method, &entry.request.url);
        let findings = self.session.judge_routed(index, &entry, route.as_ref());
        let mut row = match in_file {
            Some(span) => Row::new(index, &entry, route.as_ref(), Record::InFile(span)),
            None => Row::kept(index, entry, route.as_ref()),
        };
        row.looker = findings.is_some();
        row.findings = findings.unwrap_or_default();
        row.state = RowState::Judged;
        self.push(row);
    }

    fn push(&mut self, row: Row) {
        self.counts.count(&row, true);
        self.rows.push(row);
        self.generation = self.generation.wrapping_add(1);
    }

    /// Changes a row, keeping the counts.
    fn change<T>(&mut self, position: usize, f: impl FnOnce(&mut Row, &mut Session) -> T) -> T {
        let row = &mut self.rows[position];
        self.counts.count(row, false);
        let out = f(row, &mut self.session);
        row.changes = row.changes.wrapping_add(1);
        self.counts.count(row, true);
        self.generation = self.generation.wrapping_add(1);
        out
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
                self.change(position, |row, _| {
                    row.take_response(&entry);
                    row.record = Record::live(entry, bytes, handle);
                    row.state = RowState::Queued;
                });
                self.enqueue(position);
                return true;
            }
        }

        let position = self.rows.len();
        let since_ms = in_flight.then(|| entry.started_ms().unwrap_or_else(super::dom::now_ms));
        let certain = in_flight
            && route::recognise(&entry.request.method, &entry.request.url)
                .is_some_and(|c| c.certain);
        let from_probe = self.is_probe(&entry);
        let mut row = Row::live(position, entry, bytes, handle);
        if let Some(since_ms) = since_ms {
            row.state = RowState::Pending { since_ms };
            row.looker = certain;
            self.pending.insert(key, position);
        }
        if from_probe {
            row.from_probe = true;
            row.state = RowState::Judged;
        }
        let judge_later = !in_flight && !from_probe;
        self.push(row);
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
        let wanted = row.entry().is_some_and(|entry| {
            entry.response.content.text.is_none() && diagnose::wants_response_body(entry)
        });
        row.body = if wanted {
            BodyState::Wanted
        } else {
            BodyState::Ready
        };
        if wanted {
            self.wanted.push_back(position);
        }
        self.queue.push_back(position);
    }

    /// Marks up to the fetch limit of queued rows as fetching and returns
    /// them with their handles.
    pub fn start_body_fetches(&mut self) -> Vec<(usize, JsValue)> {
        let mut started = Vec::new();
        while self.fetching < MAX_BODY_FETCHES {
            let Some(position) = self.wanted.pop_front() else {
                break;
            };
            let row = &mut self.rows[position];
            if let (BodyState::Wanted, Some(handle)) = (row.body, row.handle()) {
                started.push((position, handle.clone()));
                row.body = BodyState::Fetching;
                self.fetching += 1;
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
        if self.rows.get(position).map(|r| r.body) != Some(BodyState::Fetching) {
            return;
        }
        self.change(position, |row, _| {
            if let Some(entry) = row.live_entry_mut() {
                entry.response.content.text = text.map(Into::into);
                entry.response.content.encoding = encoding;
            }
            row.body = BodyState::Ready;
        });
    }

    /// Stores a body read for the detail pane; the row is judged already.
    pub fn body_shown(&mut self, position: usize, text: String, encoding: Option<String>) {
        if position >= self.rows.len() {
            return;
        }
        self.change(position, |row, _| {
            if let Some(entry) = row.live_entry_mut() {
                entry.response.content.text = Some(text.into());
                entry.response.content.encoding = encoding;
            }
        });
    }

    /// Judges the queued rows whose turn it is. Returns whether any was.
    pub fn judge_ready(&mut self) -> bool {
        let mut any = false;
        while let Some(&position) = self.queue.front() {
            if self.rows[position].body != BodyState::Ready {
                break;
            }
            self.queue.pop_front();
            self.change(position, judge);
            any = true;
        }
        any
    }

    /// Judges rows pending longer than `threshold_ms` as hanging, handing
    /// the engine the time they have waited. Returns whether any was.
    pub fn judge_hanging(&mut self, now_ms: f64, threshold_ms: f64) -> bool {
        let mut due: Vec<usize> = self
            .pending
            .values()
            .copied()
            .filter(|&p| match self.rows[p].state {
                RowState::Pending { since_ms } => now_ms - since_ms >= threshold_ms,
                _ => false,
            })
            .collect();
        due.sort_unstable(); // judged in arrival order
        for &position in &due {
            self.change(position, |row, session| {
                let RowState::Pending { since_ms } = row.state else {
                    return;
                };
                if let Some(entry) = row.live_entry_mut() {
                    entry.time = now_ms - since_ms;
                }
                session.set_live_now_ms(now_ms);
                judge(row, session);
                row.state = RowState::Hanging { since_ms };
            });
        }
        !due.is_empty()
    }

    /// Whether any row is pending, so that its clock must tick.
    pub fn has_pending(&self) -> bool {
        self.counts.pending > 0
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

/// Judges a row that keeps its entry.
fn judge(row: &mut Row, session: &mut Session) {
    let Some(findings) = row.entry().map(|entry| session.judge(row.index, entry)) else {
        return;
    };
    row.looker = findings.is_some();
    row.findings = findings.unwrap_or_default();
    if row.state == RowState::Queued {
        row.state = RowState::Judged;
    }
}
