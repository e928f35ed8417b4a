//! Any bytes through the HAR reader, the whole rule set, the exports and
//! the redaction helpers: whatever the input, an error or findings, never
//! a panic (in the panel a panic is an unexplained `unreachable`); a file
//! read in pieces as the panel imports it reads as it does whole; and the
//! hand-written entry reader reads as serde's does.

#![no_main]

use libfuzzer_sys::fuzz_target;
use looker_api_doctor::har::stream::HarStream;
use looker_api_doctor::har::{self, Entry};
use looker_api_doctor::{analyze_har, redact, report, Session};

fuzz_target!(|data: &[u8]| {
    // A whole HAR file, as the command and the panel's file drop read it,
    // and every export of it.
    if let Ok(analysis) = analyze_har(data) {
        if let Ok(file) = har::read(data) {
            let _ = report::markdown_report(&analysis, &file.entries, "fuzz.har");
            for (_, entry) in file.entries.iter().take(4) {
                let _ = report::curl_command(entry);
            }
        }
    }
    let _ = report::sanitize_har(data);
    same_in_pieces(data);

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    // The hand-written entry reader reads as serde's does, or leaves the
    // entry to it.
    har::assert_readers_agree(text);

    // One entry, as DevTools hands it to the live panel; twice, so that
    // rules that judge by what came before see a session.
    if let Ok(entry) = Entry::from_json(text) {
        let mut session = Session::new();
        let _ = session.observe(0, &entry);
        let _ = session.observe(1, &entry);
        let _ = report::curl_command(&entry);
    }

    // Redaction runs on every text the product shows.
    let secrets = vec![text.chars().take(12).collect::<String>()];
    let _ = redact::scrub_text(text, &secrets);
    let _ = redact::redact_url(text);
    let _ = redact::redact_form(text);
    let _ = redact::mask_secret_fields(text, false);
    let _ = redact::json_pair_values(text, true);
});

/// The panel's import reads a file in pieces: whenever it does not give
/// the file up to the whole reader, it must read what that reader reads.
fn same_in_pieces(data: &[u8]) {
    let size = 1 + usize::from(data.first().copied().unwrap_or(0)) * 7;
    let mut stream = HarStream::new();
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for chunk in data.chunks(size) {
        let Ok(piece) = stream.push(chunk) else {
            return;
        };
        entries.extend(piece.entries.into_iter().map(|(i, _, e)| (i, format!("{e:?}"))));
        problems.extend(piece.problems.iter().map(ToString::to_string));
    }
    let Ok(last) = stream.finish() else {
        return;
    };
    entries.extend(last.entries.into_iter().map(|(i, _, e)| (i, format!("{e:?}"))));
    problems.extend(last.problems.iter().map(ToString::to_string));

    let whole = har::read(data).expect("a file read in pieces reads whole");
    let whole_entries: Vec<_> = whole.entries.iter().map(|(i, e)| (*i, format!("{e:?}"))).collect();
    let whole_problems: Vec<_> = whole.problems.iter().map(ToString::to_string).collect();
    assert_eq!(entries, whole_entries, "entries read in pieces of {size}");
    assert_eq!(problems, whole_problems, "problems read in pieces of {size}");
}
