//! Secrets in JSON text that may not be valid JSON: a request body that a
//! 400 answer calls broken is the one the user most needs to see, and to
//! share, without its `client_secret`. Only `"key": "value"` pairs are
//! looked at, so whatever else is wrong with the text does not matter.

use std::borrow::Cow;
use std::ops::Range;

use serde_json::Value;

use super::{is_secret_json_key, MASK};

/// String values under secret keys anywhere in a parsed JSON document.
pub fn secret_values(value: &Value, in_response: bool, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match value {
                    Value::String(s) if is_secret_json_key(key, in_response) => out.push(s.clone()),
                    other => secret_values(other, in_response, out),
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|v| secret_values(v, in_response, out)),
        _ => {}
    }
}

/// The text with the string value of every secret key (`"access_token":
/// "…"`) replaced by [`MASK`]; a text without one is returned as it is.
pub fn mask_json_pairs(text: &str, in_response: bool) -> Cow<'_, str> {
    let values = secret_value_ranges(text, in_response);
    if values.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for value in values {
        out.push_str(&text[copied..value.start]);
        out.push('"');
        out.push_str(MASK);
        out.push('"');
        copied = value.end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The string values of secret keys, as written between their quotes.
pub fn json_pair_values(text: &str, in_response: bool) -> Vec<String> {
    secret_value_ranges(text, in_response)
        .into_iter()
        .filter_map(|r| text.get(r.start + 1..r.end - 1))
        .filter(|v| !v.is_empty() && *v != MASK)
        .map(str::to_owned)
        .collect()
}

/// Where each secret key's string value is, quotes included.
///
/// In a response, `code` is Looker's validation code (`missing_field`),
/// which the user needs to see, not an OAuth code.
fn secret_value_ranges(text: &str, in_response: bool) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    if !bytes.contains(&b'"') {
        return found;
    }
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
        if bytes.get(after) == Some(&b':') {
            // A key: remember whether its value must go.
            let key = text.get(i + 1..end.saturating_sub(1)).unwrap_or("");
            secret_key = is_secret_json_key(key, in_response);
        } else if secret_key {
            // An unterminated string ends the text: all of it goes.
            found.push(i..end);
            secret_key = false;
        }
        i = end;
    }
    found
}

/// Index just past the string starting at `start` (a `"`), or the text's
/// end when the string is not closed.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_in_broken_json_is_masked_and_the_rest_kept() {
        let text = r#"{"name": "ann", "client_secret": "zq8Hs7PLx2vW", "#;
        assert_eq!(
            mask_json_pairs(text, false),
            r#"{"name": "ann", "client_secret": "REDACTED", "#
        );
        assert_eq!(json_pair_values(text, false), ["zq8Hs7PLx2vW"]);
    }

    #[test]
    fn an_unterminated_secret_value_is_masked_to_the_end() {
        let text = r#"{"password": "hunter2 and the rest"#;
        assert_eq!(mask_json_pairs(text, false), r#"{"password": "REDACTED""#);
    }

    #[test]
    fn a_validation_code_is_kept_in_a_response_only() {
        let text = r#"{"errors":[{"field":"x","code":"missing_field"}"#;
        assert_eq!(mask_json_pairs(text, true), text);
        assert!(json_pair_values(text, false) == ["missing_field"]);
    }

    #[test]
    fn text_without_a_secret_key_is_not_copied() {
        let text = r#"{"title": "\"access_token\" is a word here", "n": 1}"#;
        assert!(matches!(mask_json_pairs(text, false), Cow::Borrowed(_)));
        assert!(json_pair_values("no quotes at all", false).is_empty());
    }
}
