//! Judging a whole HAR file: its findings and their counts.

use serde::Serialize;

use super::{Finding, Session, Severity};
use crate::har::{self, Entry, HarFile};

/// Counts over a whole analysis.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Entries read.
    pub entries: usize,
    /// Entries recognised as Looker API calls.
    pub looker_calls: usize,
    /// Entries that could not be read.
    pub unreadable_entries: usize,
    /// Findings by severity.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
}

impl Summary {
    /// The counts in words: `1 error, 0 warnings, 2 notes in 3 entries
    /// (3 Looker API calls)`, with the unreadable entries when there are.
    pub fn describe(&self) -> String {
        let mut text = format!(
            "{}, {}, {} in {} ({}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.infos, "note"),
            plural(self.entries, "entry"),
            plural(self.looker_calls, "Looker API call"),
        );
        if self.unreadable_entries > 0 {
            text.push_str(&format!(", {} unreadable", self.unreadable_entries));
        }
        text.push(')');
        text
    }
}

/// `1 error`, `2 errors`, `3 entries`.
pub fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, _) => format!("1 {word}"),
        (_, "entry") => format!("{n} entries"),
        _ => format!("{n} {word}s"),
    }
}

/// Findings for a whole HAR file.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Every finding, in entry order.
    pub findings: Vec<Finding>,
    /// Entries that could not be read, as messages such as
    /// `entry 12: response.status: expected a number, found a string`.
    pub problems: Vec<String>,
    /// Counts.
    pub summary: Summary,
}

/// Reads a HAR file and judges every entry.
///
/// A well-formed file is judged as it is read, one entry at a time, so
/// that only the file is held whole. A call still pending when the
/// recording ended needs to know when that was, which only the whole file
/// tells: a file with one is read a second time.
pub fn analyze_har(bytes: &[u8]) -> crate::Result<Analysis> {
    let mut known = None;
    loop {
        let mut pass = Pass::new(known);
        let read = har::read_each(bytes, |index, entry, creator| {
            pass.add(index, entry, creator)
        });
        match read {
            Some(_) if !pass.stalled => return Ok(pass.analysis.finish(Vec::new())),
            Some(creator) if known.is_none() => {
                known = Some(Recording {
                    end: pass.end,
                    from_chrome: creator == CHROME,
                });
            }
            // A malformed file: read whole, its problems said entry by entry.
            _ => return analyze_whole(bytes),
        }
    }
}

/// `log.creator.name` in Chrome's recordings.
const CHROME: &str = "WebInspector";

/// What is known of a recording once all of it has been read.
#[derive(Debug, Clone, Copy)]
struct Recording {
    /// The latest end of a call, if any call has a start time.
    end: Option<f64>,
    from_chrome: bool,
}

/// One reading of a file, judging its entries in order.
struct Pass {
    session: Session,
    analysis: Analysis,
    known: Option<Recording>,
    /// The latest end of a call seen so far.
    end: Option<f64>,
    /// A pending call came before the recording's end was known: from
    /// there on the file is only measured, to be judged again.
    stalled: bool,
}

impl Pass {
    fn new(known: Option<Recording>) -> Pass {
        let mut session = Session::new();
        if let Some(end) = known.and_then(|k| k.end) {
            session.set_now_ms(end);
        }
        Pass {
            session,
            analysis: Analysis::default(),
            known,
            end: None,
            stalled: false,
        }
    }

    fn add(&mut self, index: usize, mut entry: Entry, creator: Option<&str>) {
        if let Some(started) = entry.started_ms() {
            let end = started + entry.time.max(0.0);
            self.end = Some(self.end.map_or(end, |e| e.max(end)));
        }
        if self.stalled {
            return;
        }
        if entry.is_pending() {
            let from_chrome = match (self.known, creator) {
                (Some(known), _) => known.from_chrome,
                (None, Some(creator)) if creator != CHROME => false,
                (None, _) => {
                    self.stalled = true;
                    return;
                }
            };
            mark_unanswered(&mut entry, from_chrome);
        }
        self.analysis.judge(&mut self.session, index, &entry);
    }
}

/// Chrome lists requests still in flight with status 0 and no `_error`;
/// other exporters write a failed request so, and never a pending one.
fn mark_unanswered(entry: &mut Entry, from_chrome: bool) {
    if !from_chrome && entry.is_pending() {
        entry.error = Some(har::NO_RESPONSE.to_owned());
    }
}

/// Reads a file whole, keeping the entries that can be read.
fn analyze_whole(bytes: &[u8]) -> crate::Result<Analysis> {
    Ok(analyze_file(&har::read(bytes)?))
}

/// Judges a HAR file already read, as [`analyze_har`] judges its bytes, for
/// a caller that keeps the entries: the command's reports list them.
///
/// An entry Firefox saved without an answer is judged as marked with
/// [`har::NO_RESPONSE`], and left as read.
pub fn analyze_file(file: &HarFile) -> Analysis {
    let mut session = Session::new();
    if let Some(end) = file
        .entries
        .iter()
        .filter_map(|(_, e)| Some(e.started_ms()? + e.time.max(0.0)))
        .reduce(f64::max)
    {
        session.set_now_ms(end);
    }

    let mut analysis = Analysis::default();
    let from_chrome = file.creator == CHROME;
    for (index, entry) in &file.entries {
        if !from_chrome && entry.is_pending() {
            let mut marked = entry.clone();
            mark_unanswered(&mut marked, from_chrome);
            analysis.judge(&mut session, *index, &marked);
        } else {
            analysis.judge(&mut session, *index, entry);
        }
    }
    let problems = file.problems.iter().map(ToString::to_string).collect();
    analysis.finish(problems)
}

impl Analysis {
    fn judge(&mut self, session: &mut Session, index: usize, entry: &Entry) {
        self.summary.entries += 1;
        if let Some(findings) = session.judge(index, entry) {
            self.summary.looker_calls += 1;
            self.findings.extend(findings);
        }
    }

    /// Adds the entries that could not be read, and counts the findings.
    fn finish(mut self, problems: Vec<String>) -> Analysis {
        self.summary.entries += problems.len();
        self.summary.unreadable_entries = problems.len();
        self.problems = problems;
        for f in &self.findings {
            match f.severity {
                Severity::Error => self.summary.errors += 1,
                Severity::Warning => self.summary.warnings += 1,
                Severity::Info => self.summary.infos += 1,
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file with a call still pending at the start, answered calls after
    /// it until 10 minutes later, and the creator last.
    fn recording(creator: &str) -> String {
        let call = |at: &str, status: u16| {
            format!(
                r#"{{"startedDateTime":"2026-11-20T10:{at}Z","time":0,
                   "request":{{"method":"POST","url":"https://acme.looker.com/api/4.0/queries/run/json","headers":[]}},
                   "response":{{"status":{status},"headers":[],"content":{{"size":0,"mimeType":""}}}}}}"#
            )
        };
        format!(
            r#"{{"log":{{"entries":[{},{},{}],"creator":{{"name":"{creator}"}}}}}}"#,
            call("00:00", 200),
            call("00:05", 0),
            call("10:00", 200),
        )
    }

    fn kinds(file: &str) -> Vec<(Option<usize>, &'static str)> {
        let analysis = analyze_har(file.as_bytes()).unwrap();
        assert_eq!(analysis.summary.entries, 3);
        analysis
            .findings
            .iter()
            .map(|f| (f.entry, f.kind.as_str()))
            .collect()
    }

    #[test]
    fn a_pending_call_waits_to_the_end_of_the_recording_even_when_the_end_comes_later() {
        assert_eq!(kinds(&recording(CHROME)), [(Some(1), "hanging-call")]);
    }

    #[test]
    fn an_unanswered_call_from_another_browser_is_a_failure_even_when_named_after_it() {
        let found = kinds(&recording("Firefox"));
        assert!(!found.contains(&(Some(1), "hanging-call")), "{found:?}");
        assert!(
            found.iter().any(|(entry, _)| *entry == Some(1)),
            "{found:?}"
        );
    }

    #[test]
    fn a_malformed_entry_is_counted_and_the_others_judged() {
        let file = recording(CHROME).replacen(r#""status":200"#, r#""status":"200""#, 1);
        let analysis = analyze_har(file.as_bytes()).unwrap();
        assert_eq!(analysis.summary.unreadable_entries, 1);
        assert_eq!(analysis.summary.entries, 3);
        assert_eq!(analysis.problems.len(), 1, "{:?}", analysis.problems);
        let kinds: Vec<_> = analysis.findings.iter().map(|f| f.kind.as_str()).collect();
        assert_eq!(kinds, ["hanging-call"]);
    }

    #[test]
    fn a_file_judged_as_read_whole_gets_what_its_bytes_get() {
        let mut folders = vec![std::path::PathBuf::from("tests/fixtures")];
        let mut judged = 0;
        while let Some(folder) = folders.pop() {
            for path in std::fs::read_dir(folder)
                .unwrap()
                .map(|e| e.unwrap().path())
            {
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let bytes = std::fs::read(&path).unwrap();
                let (Ok(streamed), Ok(file)) = (analyze_har(&bytes), har::read(&bytes)) else {
                    continue;
                };
                let whole = analyze_file(&file);
                let text = |a: &Analysis| format!("{a:?}");
                assert_eq!(text(&streamed), text(&whole), "{}", path.display());
                judged += 1;
            }
        }
        assert!(judged > 30, "only {judged} files");
    }
}
