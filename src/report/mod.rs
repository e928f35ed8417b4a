//! Exports of an analysis, every one redacted: a Markdown report to paste
//! into a ticket, a sanitized HAR to share, and a request as cURL.
//!
//! Nothing here reads files or writes to a terminal: the exports are
//! bytes and strings, so the panel (in wasm) and the command share them.
//!
//! ```
//! use looker_api_doctor::{analyze_har, har, report};
//!
//! let bytes = br#"{"log":{"entries":[{"startedDateTime":"2026-11-20T10:00:00Z","time":5,
//!   "request":{"method":"GET","url":"https://acme.looker.com/api/4.0/user",
//!     "headers":[{"name":"Authorization","value":"Bearer tok3nNotReal"}]},
//!   "response":{"status":401,"headers":[],"content":{"size":0,"mimeType":""}}}]}}"#;
//! let file = har::read(bytes)?;
//! let analysis = analyze_har(bytes)?;
//!
//! let markdown = report::markdown_report(&analysis, &file.entries, "user.har");
//! let curl = report::curl_command(&file.entries[0].1);
//! let shared = report::sanitize_har(bytes)?;
//! for text in [markdown.as_bytes(), curl.as_bytes(), &shared[..]] {
//!     assert!(!String::from_utf8_lossy(text).contains("tok3nNotReal"));
//! }
//! # Ok::<(), looker_api_doctor::Error>(())
//! ```

mod body;
mod curl;
mod markdown;
mod requests;
mod sanitize;
mod secrets;
#[cfg(test)]
mod tests;

#[cfg(target_arch = "wasm32")]
pub(crate) use body::sort_longest_first;
pub use curl::{curl_command, curl_command_knowing};
pub use markdown::markdown_report;
pub use requests::{by_request, RequestFindings};
pub use sanitize::sanitize_har;

/// Why an analysis judged no call, when it did not: the file held no entry,
/// none could be read, or none is a call to Looker's API. A line for the
/// user, lower-case and without a final stop.
pub fn nothing_judged(summary: &crate::diagnose::Summary) -> Option<String> {
    if summary.looker_calls > 0 {
        return None;
    }
    Some(match (summary.entries, summary.unreadable_entries) {
        (0, _) => "the file holds no requests: DevTools records only while its Network panel \
                   is open, so open it, reload the page and save the HAR again"
            .to_owned(),
        (all, unread) if all == unread => {
            "no entry could be read, so nothing was judged".to_owned()
        }
        _ => {
            "no entry is a call to Looker's API: was the HAR recorded on the right page?".to_owned()
        }
    })
}
