//! Body texts kept as the HAR wrote them, their escapes undone on demand.
//!
//! Most of a HAR file's bytes are bodies, and most bodies are never read:
//! the rules look at a few error answers and at the first bytes of the
//! rest. Undoing every `\"` of every JSON body while reading the file cost
//! a fifth of an import; [`Text`] keeps the string as written instead, and
//! decodes it (or just its head) when it is asked for.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Unexpected};
use serde_json::value::RawValue;

/// A body's text: `postData.text` or `content.text`.
#[derive(Clone, Default)]
pub struct Text {
    /// The text itself, or, when `escaped`, the inside of the JSON string
    /// that spells it, escapes and all.
    raw: Box<str>,
    escaped: bool,
    /// The decoded text of an escaped one, once asked for: several rules
    /// read the same error answer.
    decoded: OnceCell<Box<str>>,
}

impl Text {
    /// The whole text, decoded.
    pub fn get(&self) -> &str {
        if !self.escaped {
            return &self.raw;
        }
        self.decoded
            .get_or_init(|| unescape(&self.raw, usize::MAX).into_boxed_str())
    }

    /// At least the first `len` bytes of the text (all of it when shorter),
    /// decoding no more than that needs: enough to tell a file type or an
    /// HTML page by its start.
    pub fn head(&self, len: usize) -> Cow<'_, str> {
        if !self.escaped {
            let mut end = len.min(self.raw.len());
            while !self.raw.is_char_boundary(end) {
                end += 1;
            }
            return Cow::Borrowed(&self.raw[..end]);
        }
        if let Some(decoded) = self.decoded.get() {
            return Cow::Borrowed(decoded);
        }
        Cow::Owned(unescape(&self.raw, len))
    }

    /// A text from the inside of the JSON string that spells it, which
    /// holds an escape when `escaped`.
    pub(super) fn written(inside: &str, escaped: bool) -> Text {
        Text {
            raw: inside.into(),
            escaped,
            decoded: OnceCell::new(),
        }
    }

    /// The length of the text as written in the HAR file, in bytes: the
    /// decoded text is at most this long.
    pub fn written_len(&self) -> usize {
        self.raw.len()
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text {
            raw: text.into_boxed_str(),
            ..Text::default()
        }
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.get() == other.get()
    }
}

impl Eq for Text {}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::from(text.to_owned())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.get(), f)
    }
}

/// Decodes the inside of a JSON string that serde_json has checked, up
/// to the first escape or character that ends at or past `len` bytes of
/// output. A lone surrogate (`\ud800` alone) becomes U+FFFD.
fn unescape(inside: &str, len: usize) -> String {
    let bytes = inside.as_bytes();
    let mut out = String::with_capacity(inside.len().min(len.saturating_add(8)));
    // A byte at a time: JSON bodies escape a quote every few characters,
    // and a search per escape cost more than the escapes themselves.
    let mut run = 0; // where the plain run being passed over started
    let mut at = 0;
    while at < bytes.len() && out.len() + (at - run) < len {
        if bytes[at] != b'\\' {
            at += 1;
            continue;
        }
        out.push_str(&inside[run..at]);
        let (decoded, used) = escape(&inside[at..]);
        out.push(decoded);
        at += used;
        run = at;
    }
    // No more of a plain run than the head needs, ending on a character.
    while !inside.is_char_boundary(at) {
        at += 1;
    }
    out.push_str(&inside[run..at]);
    out
}

/// The character an escape at the start of `text` stands for, and how
/// many bytes it takes.
fn escape(text: &str) -> (char, usize) {
    let hex = |at: usize| {
        text.get(at..at + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    let simple = match text.as_bytes().get(1) {
        Some(b'n') => '\n',
        Some(b't') => '\t',
        Some(b'r') => '\r',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'u') => {
            return match hex(2) {
                Some(high @ 0xD800..=0xDBFF) if text.get(6..8) == Some("\\u") => match hex(8) {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        (char::from_u32(code).unwrap_or('\u{FFFD}'), 12)
                    }
                    _ => ('\u{FFFD}', 6),
                },
                Some(code) => (char::from_u32(code).unwrap_or('\u{FFFD}'), 6),
                None => ('\u{FFFD}', 2),
            };
        }
        // `\"`, `\\`, `\/`: the character itself.
        Some(&other) if other.is_ascii() => char::from(other),
        _ => return ('\u{FFFD}', 1),
    };
    (simple, 2)
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        // The string as written, checked but not decoded.
        let raw = Box::<RawValue>::deserialize(d)?;
        let json = raw.get();
        let Some(inside) = json
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
        else {
            return Err(de::Error::invalid_type(unexpected(json), &"a string"));
        };
        Ok(Text {
            escaped: inside.contains('\\'),
            raw: inside.into(),
            decoded: OnceCell::new(),
        })
    }
}

/// What a JSON value that is not a string is, as serde names it.
fn unexpected(json: &str) -> Unexpected<'_> {
    match json.as_bytes().first() {
        Some(b'{') => Unexpected::Map,
        Some(b'[') => Unexpected::Seq,
        Some(b't') => Unexpected::Bool(true),
        Some(b'f') => Unexpected::Bool(false),
        Some(b'n') => Unexpected::Unit,
        // Not parsed as a float: that parser's tables would cost the wasm
        // more than the rest of this file, and the message needs no value.
        _ => match json.parse::<i64>() {
            Ok(n) => Unexpected::Signed(n),
            Err(_) => Unexpected::Other("floating point number"),
        },
    }
}

/// The text with each escaped lone surrogate (`\ud83d` without its other
/// half) written as `\ufffd`. JavaScript's `JSON.stringify` writes one for
/// half an emoji cut off, and serde_json refuses it: the sanitizer and the
/// reading of Looker's error bodies go through this first, so that they
/// read the replacement character, as the body view shows it.
pub fn without_lone_surrogates(text: &str) -> Cow<'_, str> {
    if !text.contains("\\ud") && !text.contains("\\uD") {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let unit = |at: usize| {
        let digits = std::str::from_utf8(bytes.get(at..at + 4)?).ok()?;
        u16::from_str_radix(digits, 16).ok()
    };
    let mut out = String::new();
    let (mut copied, mut at) = (0, 0);
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'\\') {
        let escape = at + offset;
        at = escape + 2;
        if bytes.get(escape + 1) != Some(&b'u') {
            continue;
        }
        let lone = match unit(escape + 2) {
            Some(0xD800..=0xDBFF) => {
                let low = bytes.get(escape + 6..escape + 8) == Some(b"\\u")
                    && matches!(unit(escape + 8), Some(0xDC00..=0xDFFF));
                if low {
                    at = escape + 12;
                }
                !low
            }
            Some(0xDC00..=0xDFFF) => true,
            _ => false,
        };
        if lone {
            out.push_str(&text[copied..escape]);
            out.push_str("\\ufffd");
            copied = escape + 6;
            at = copied;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Text {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_plain_string_is_kept_as_it_is() {
        let text = read(r#""%PDF-1.7 hello""#);
        assert!(!text.escaped);
        assert_eq!(text.get(), "%PDF-1.7 hello");
        assert_eq!(text.head(4), "%PDF");
    }

    #[test]
    fn escapes_are_undone_when_read() {
        let text = read(r#""{\"message\":\"Not found\",\"x\":\"\u00e9\ud83d\ude00\"}""#);
        assert!(text.escaped);
        assert_eq!(text.get(), "{\"message\":\"Not found\",\"x\":\"é😀\"}");
        assert!(text.head(3).starts_with("{\"m"));
        assert_eq!(text.head(1000), text.get());
        assert!(std::ptr::eq(text.get(), text.get()), "decoded once");
    }

    #[test]
    fn a_head_never_cuts_an_escape_or_a_character() {
        let whole = "\\u00e9\\\"é\\ud83d\\ude00xyz".repeat(3);
        let text = read(&format!("\"{whole}\""));
        let decoded = text.get().to_owned();
        for len in 0..40 {
            let head = text.head(len);
            assert!(decoded.starts_with(head.as_ref()), "{len}: {head:?}");
            assert!(head.len() >= len.min(decoded.len()), "{len}: {head:?}");
        }
    }

    #[test]
    fn decoding_agrees_with_serde_json() {
        for json in [
            r#""plain""#,
            r#""a\"b\\c\/d\n\t\r\b\f""#,
            r#""\u0041\u00e9\u20ac\ud83d\ude00 end""#,
            r#""é\"ü""#,
            r#""""#,
        ] {
            let expected: String = serde_json::from_str(json).unwrap();
            assert_eq!(read(json).get(), expected, "{json}");
        }
        // serde_json refuses lone surrogates; a body keeps what can be read.
        assert_eq!(unescape(r"x\ud800y", usize::MAX), "x\u{FFFD}y");
        assert_eq!(unescape(r"\ud800\u0041", usize::MAX), "\u{FFFD}A");
    }

    #[test]
    fn a_value_that_is_not_a_string_is_refused_as_serde_says_it() {
        for (json, found) in [
            ("{}", "map"),
            ("[1]", "sequence"),
            ("true", "boolean `true`"),
            ("12", "integer `12`"),
            ("1.5", "floating point number"),
        ] {
            let err = serde_json::from_str::<Text>(json).unwrap_err().to_string();
            assert!(
                err.starts_with(&format!("invalid type: {found}, expected a string")),
                "{json}: {err}"
            );
        }
    }

    #[test]
    fn texts_from_the_panel_are_not_escaped() {
        let text = Text::from("a \\\" b");
        assert_eq!(text.get(), "a \\\" b");
        assert_eq!(text.written_len(), 6);
    }
}
