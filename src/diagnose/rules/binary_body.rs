//! A binary response body (PDF, PNG, JPEG, XLSX, ZIP): it must be read as
//! bytes, or it turns into garbled text.
//!
//! # Why
//! Render tasks and `run_query`/`run_look` with `png`, `jpg`, `xlsx` or
//! `pdf` formats answer with binary bodies (facts §1.9). Read with
//! `response.text()` or a string-typed HTTP client they come out as
//! "nonsensical text" (TS doc §API result is nonsensical text). The spec
//! under-declares binary (xlsx is listed as text), so the real
//! `Content-Type`, the magic bytes and the `result_format` segment decide.
//!
//! # Known limitations
//! The HAR shows what the server sent, not how the caller read it. When
//! the browser recorded the body as base64 the finding is information; it
//! is a warning when the recorded text carries replacement characters, the
//! trace of bytes decoded as text.
//!
//! # Example
//! `POST /api/4.0/queries/run/xlsx` → 200
//! `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`,
//! body starting `PK\x03\x04`.

use super::{call_name, is_success, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};
use crate::har;

/// The rule.
pub static RULE: Rule = Rule {
    id: "binary_body",
    kind: Kind::BinaryBody,
    severity: Severity::Info,
    title: "binary body: read it as bytes, not text",
    guide_anchor: "#api_result_is_nonsensical_text",
    check,
};

/// Whether a media type names binary content, following the SDKs' rule
/// (facts §1.9): text, JSON, XML, SQL, form and `charset=` types are text;
/// other image, audio, video, font and application types are binary.
pub fn is_binary_type(content_type: &str) -> bool {
    let t = content_type.trim().to_ascii_lowercase();
    if t.is_empty()
        || t.starts_with("text/")
        || t.contains("charset=")
        || t.contains("+xml")
        || t == "image/svg+xml"
    {
        return false;
    }
    if let Some(subtype) = t.strip_prefix("application/") {
        let subtype = subtype.split(';').next().unwrap_or("").trim();
        let textual = subtype == "json"
            || subtype == "xml"
            || subtype.ends_with("+json")
            || ["sql", "graphql", "javascript", "x-www-form-urlencoded"]
                .iter()
                .any(|x| subtype.contains(x));
        return !textual;
    }
    ["image/", "audio/", "video/", "font/", "multipart/"]
        .iter()
        .any(|p| t.starts_with(p))
}

/// The file type named by a body's first bytes.
pub fn magic_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF") {
        Some("a PDF document")
    } else if bytes.starts_with(b"\x89PNG") {
        Some("a PNG image")
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("a JPEG image")
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some("a ZIP-based file (XLSX spreadsheets are ZIP files)")
    } else if bytes.starts_with(b"GIF8") {
        Some("a GIF image")
    } else {
        None
    }
}

fn type_name(content_type: &str) -> Option<&'static str> {
    let t = content_type.to_ascii_lowercase();
    Some(match () {
        _ if t.contains("pdf") => "a PDF document",
        _ if t.contains("spreadsheetml") || t.contains("excel") => {
            "an XLSX spreadsheet (a ZIP-based file)"
        }
        _ if t.contains("png") => "a PNG image",
        _ if t.contains("jpeg") || t.contains("jpg") => "a JPEG image",
        _ if t.contains("zip") => "a ZIP archive",
        _ => return None,
    })
}

fn check(call: &Call<'_>, _context: &Context) -> Option<Observation> {
    if !is_success(call.status()) {
        return None;
    }
    let content = &call.entry.response.content;
    let content_type = call.entry.response_content_type();
    // The head tells the type (magic numbers are at most 4 bytes, 8 once
    // base64 is decoded); the whole text is decoded only for a body
    // that turns out to be binary.
    let head = content
        .text
        .as_ref()
        .map_or(Default::default(), |t| t.head(16));
    let recorded_base64 = content
        .encoding
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case("base64"));

    // What the first bytes say, whether recorded as base64 or as text;
    // some exporters keep base64 without saying so in `encoding`.
    let decoded_head = har::base64_prefix(&head, 8);
    let from_text = magic_type(head.as_bytes());
    let from_base64 = decoded_head.as_deref().and_then(magic_type);
    let unmarked_base64 = !recorded_base64 && from_text.is_none() && from_base64.is_some();
    let sniffed = if recorded_base64 {
        from_base64
    } else {
        from_text.or(from_base64)
    };
    if sniffed.is_none() && !is_binary_type(content_type) {
        return None;
    }
    let what = sniffed
        .or_else(|| type_name(content_type))
        .unwrap_or("a binary file");

    let garbled = content
        .text
        .as_ref()
        .is_some_and(|t| t.get().contains('\u{FFFD}'));
    let size = if content.size >= 0.0 {
        format!("{} bytes", content.size as u64)
    } else {
        "unknown size".into()
    };
    let how_recorded = if garbled {
        "The recorded text holds replacement characters (\u{FFFD}): the bytes were decoded as \
         text and are now garbled."
    } else if recorded_base64 || unmarked_base64 {
        "The browser kept it as base64-encoded bytes."
    } else {
        "It was recorded as text."
    };
    let detail = format!(
        "{} answered {} with {what} (Content-Type: {}, {size}). {how_recorded} Read as a \
         string, a binary body turns into nonsensical characters.",
        call_name(call),
        call.status(),
        if content_type.is_empty() {
            "none"
        } else {
            content_type
        },
    );
    let observation = Observation::new(
        detail,
        &[
            "Read the body as bytes: response.blob() or arrayBuffer() in JavaScript, \
             response.content in Python, or the SDK's byte-returning method.",
            "Write it to a file in binary mode, with the extension of its type.",
        ],
    );
    Some(if garbled {
        observation.with_severity(Severity::Warning)
    } else {
        observation
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_text_are_not_binary() {
        for t in [
            "application/json",
            "text/csv",
            "application/sql",
            "application/octet-stream; charset=utf-8",
            "image/svg+xml",
        ] {
            assert!(!is_binary_type(t), "{t}");
        }
    }

    #[test]
    fn images_pdf_and_xlsx_are_binary() {
        for t in [
            "image/png",
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ] {
            assert!(is_binary_type(t), "{t}");
        }
    }
}
