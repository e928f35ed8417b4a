//! Any bytes through the HAR reader, the whole rule set, the exports and
//! the redaction helpers: whatever the input, an error or findings, never
//! a panic (in the panel a panic is an unexplained `unreachable`).

#![no_main]

use libfuzzer_sys::fuzz_target;
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

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

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
});
