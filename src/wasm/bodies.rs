//! Request and response bodies as the detail view shows them: secrets
//! redacted, binary bodies named by type and size instead of shown.

use crate::diagnose::rules::binary_body::{is_binary_type, magic_type};
use crate::har::{base64_prefix, Entry};
use crate::redact;

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
        redact::mask_secret_fields(&text, false).into_owned()
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
        &redact::mask_secret_fields(text, true),
        secrets,
    )))
}

fn cut(text: String) -> String {
    // Invisible characters spelled out: a right-to-left override in a body
    // would otherwise turn the rest of the pane around.
    let mut text = crate::readable::visible_owned(text);
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
