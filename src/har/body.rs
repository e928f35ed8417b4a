//! Response bodies as bytes, whether the HAR kept them as text or base64.

use std::borrow::Cow;

use base64::Engine as _;

use super::Content;

/// A response body, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyBytes<'a> {
    /// The body's bytes.
    pub bytes: Cow<'a, [u8]>,
    /// Whether the browser recorded it as base64, that is, as binary.
    pub was_base64: bool,
}

/// Decodes `content.text`; `None` when there is no body text at all.
///
/// A body marked base64 that does not decode is returned as its text, so
/// that a rule still sees what was recorded.
pub(super) fn decode(content: &Content) -> Option<BodyBytes<'_>> {
    let text = content.text.as_ref()?.get();
    let is_base64 = content
        .encoding
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case("base64"));
    if is_base64 {
        if let Ok(bytes) = decode_base64(text) {
            return Some(BodyBytes {
                bytes: Cow::Owned(bytes),
                was_base64: true,
            });
        }
    }
    Some(BodyBytes {
        bytes: Cow::Borrowed(text.as_bytes()),
        was_base64: false,
    })
}

/// Decodes standard base64, tolerating the line breaks some exporters add.
pub fn decode_base64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    let engine = &base64::engine::general_purpose::STANDARD;
    if text.contains(['\n', '\r']) {
        let joined: String = text.split_whitespace().collect();
        engine.decode(joined)
    } else {
        engine.decode(text)
    }
}

/// Decodes only the first bytes of a base64 text: enough to read a file's
/// magic number without decoding a large body.
pub fn base64_prefix(text: &str, bytes: usize) -> Option<Vec<u8>> {
    let chars = bytes.div_ceil(3) * 4;
    let mut head = Vec::with_capacity(chars);
    for b in text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .take(chars)
    {
        // Most heads are JSON or markup: a byte outside the alphabet ends
        // it at once, before anything is decoded.
        if !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')) {
            return None;
        }
        head.push(b);
    }
    while head.last() == Some(&b'=') {
        head.pop();
    }
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(head)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(text: &str, encoding: Option<&str>) -> Content {
        Content {
            text: Some(text.into()),
            encoding: encoding.map(str::to_owned),
            ..Content::default()
        }
    }

    #[test]
    fn base64_bodies_are_decoded() {
        let png = content("iVBORw0KGgo=", Some("base64"));
        let body = decode(&png).unwrap();
        assert!(body.was_base64);
        assert_eq!(&body.bytes[..4], b"\x89PNG");
    }

    #[test]
    fn text_bodies_are_borrowed_as_they_are() {
        let json = content("{\"a\":1}", None);
        let body = decode(&json).unwrap();
        assert!(!body.was_base64);
        assert_eq!(&*body.bytes, b"{\"a\":1}");
    }

    #[test]
    fn a_prefix_of_base64_gives_the_magic_number() {
        assert_eq!(
            base64_prefix("UEsDBBQABgAIAAAAIQ", 4).unwrap()[..4],
            *b"PK\x03\x04"
        );
    }
}
