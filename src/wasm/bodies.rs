//! Request and response bodies as the detail view shows them: secrets
//! redacted, binary bodies named by type and size instead of shown.

use crate::diagnose::rules::binary_body::{is_binary_type, magic_type};
use crate::har::{base64_prefix, Entry};
use crate::redact::{self, MASK};

/// Longest body text shown; the rest is cut with a note.
const MAX_SHOWN: usize = 200_000;

/// What the body area says.
pub enum BodyView {
    /// No body was sent or recorded.
    Absent(&'static str),
    /// A binary body, described: `a PNG image, 12.3 KB`.
    Binary(String),
    /// Text to show, already redacted.
    Text(String),
}

/// The request body, redacted by its type.
pub fn request_body(entry: &Entry, secrets: &[String]) -> BodyView {
    let Some(post) = &entry.request.post_data else {
        return BodyView::Absent("no request body");
    };
    let mime = entry
        .request_content_type()
        .unwrap_or("")
        .to_ascii_lowercase();
    let text = match &post.text {
        Some(text) => text.get().to_owned(),
        None if !post.params.is_empty() => post
            .params
            .iter()
            .map(|p| format!("{}={}", p.name, p.value.as_deref().unwrap_or("")))
            .collect::<Vec<_>>()
            .join("&"),
        None => return BodyView::Absent("the request body was not recorded"),
    };
    if is_binary_type(&mime) {
        return BodyView::Binary(format!("{mime}, {}", crate::readable::size(text.len())));
    }
    let redacted = if mime.contains("x-www-form-urlencoded") {
        redact::redact_form(&text)
    } else {
        redact_json_values(&text, false)
    };
    BodyView::Text(cut(redact::scrub_text(&redacted, secrets)))
}

/// The response body, redacted, or described when binary.
pub fn response_body(entry: &Entry, secrets: &[String]) -> BodyView {
    let content = &entry.response.content;
    let Some(text) = content.text.as_ref().map(|t| t.get()) else {
        return BodyView::Absent(if entry.response.status == 0 {
            "no response"
        } else {
            "the response body was not recorded"
        });
    };
    let content_type = entry.response_content_type();
    let base64 = content
        .encoding
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case("base64"));

    if base64 || is_binary_type(content_type) {
        let head = if base64 {
            base64_prefix(text, 8).unwrap_or_default()
        } else {
            text.as_bytes().iter().take(8).copied().collect()
        };
        let bytes = if content.size > 0.0 {
            content.size as usize
        } else if base64 {
            text.len() / 4 * 3
        } else {
            text.len()
        };
        let what = magic_type(&head)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("binary content ({content_type})"));
        return BodyView::Binary(format!("{what}, {}", crate::readable::size(bytes)));
    }
    if text.is_empty() {
        return BodyView::Absent("empty body");
    }
    BodyView::Text(cut(redact::scrub_text(
        &redact_json_values(text, true),
        secrets,
    )))
}

fn cut(mut text: String) -> String {
    if text.len() > MAX_SHOWN {
        let mut at = MAX_SHOWN;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let total = text.len();
        text.truncate(at);
        text.push_str(&format!(
            "\n… (cut: {} of {} shown)",
            crate::readable::size(at),
            crate::readable::size(total)
        ));
    }
    text
}

/// JSON text with the string values of secret keys (`"access_token":
/// "…"`) replaced. Works on text that is not JSON too: it only rewrites
/// `"key": "value"` pairs it finds, so a broken body still shows.
///
/// In a response, `code` is Looker's validation code (`missing_field`),
/// which the user needs to see, not an OAuth code.
pub fn redact_json_values(text: &str, response: bool) -> String {
    if !text.contains('"') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    let mut secret_key = false;

    while i < bytes.len() {
        if bytes[i] != b'"' {
            if !matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n' | b':') {
                secret_key = false;
            }
            i += 1;
            continue;
        }
        let end = string_end(bytes, i);
        let after = skip_space(bytes, end);
        if after < bytes.len() && bytes[after] == b':' {
            // A key: remember whether its value must go.
            let key = text.get(i + 1..end.saturating_sub(1)).unwrap_or("");
            secret_key = redact::is_secret_name(key) && !(response && key.trim() == "code");
        } else if secret_key {
            out.push_str(&text[copied..i]);
            out.push('"');
            out.push_str(MASK);
            out.push('"');
            copied = end;
            secret_key = false;
        }
        i = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Index just past the string starting at `start` (a `"`).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}
