//! Secrets written as `key: value` or `key=value` in text that need not
//! parse: a request body that a 400 answer calls broken is the one the user
//! most needs to see, and to share, without its `client_secret`; a script
//! sets `var access_token = "…"`; an OAuth answer is `access_token=…&…`.
//! Keys may be double-quoted, single-quoted or bare, values quoted or bare,
//! so whatever else is wrong with the text does not matter.

use std::borrow::Cow;
use std::ops::Range;

use serde_json::Value;

use super::{is_secret_json_key, MASK};

/// Values under secret keys anywhere in a parsed JSON document: strings,
/// numbers, and every such value inside a list or object under one.
pub fn secret_values(value: &Value, in_response: bool, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                if is_secret_json_key(key, in_response) {
                    all_values(value, out);
                } else {
                    secret_values(value, in_response, out);
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|v| secret_values(v, in_response, out)),
        _ => {}
    }
}

/// Every string and number in `value`.
fn all_values(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Number(n) => out.push(n.to_string()),
        Value::Array(items) => items.iter().for_each(|v| all_values(v, out)),
        Value::Object(map) => map.values().for_each(|v| all_values(v, out)),
        Value::Null | Value::Bool(_) => {}
    }
}

/// The text with the value of every secret key (`"access_token": "…"`,
/// `client_secret='…'`, `password=…`) replaced by [`MASK`], in the value's
/// own quotes; a text without one is returned as it is.
pub fn mask_json_pairs(text: &str, in_response: bool) -> Cow<'_, str> {
    super::replace_ranges(
        text,
        secret_value_ranges(text, in_response),
        |value, out| match value.as_bytes()[0] {
            b'[' | b'{' => {
                out.push('"');
                out.push_str(MASK);
                out.push('"');
            }
            quote @ (b'"' | b'\'') => {
                let quote = char::from(quote);
                out.push(quote);
                out.push_str(MASK);
                out.push(quote);
            }
            _ => out.push_str(MASK),
        },
    )
}

/// As [`mask_json_pairs`], for a text that is one JSON document: every
/// masked value, a number or a list too, becomes the string `"REDACTED"`,
/// so that the text stays JSON with its layout and key order.
pub fn mask_json_document(text: &str, in_response: bool) -> Cow<'_, str> {
    super::replace_ranges(text, secret_value_ranges(text, in_response), |_, out| {
        out.push('"');
        out.push_str(MASK);
        out.push('"');
    })
}

/// The values of secret keys, without their quotes.
pub fn json_pair_values(text: &str, in_response: bool) -> Vec<String> {
    secret_value_ranges(text, in_response)
        .into_iter()
        .filter_map(|r| {
            let value = &text[r];
            match value.as_bytes()[0] {
                b'"' | b'\'' => value.get(1..value.len().saturating_sub(1).max(1)),
                _ => Some(value),
            }
        })
        .filter(|v| !v.is_empty() && *v != MASK)
        .map(str::to_owned)
        .collect()
}

/// Where each secret key's value is, quotes included.
///
/// In a response, `code` is Looker's validation code (`missing_field`),
/// which the user needs to see, not an OAuth code.
fn secret_value_ranges(text: &str, in_response: bool) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;

    while i < bytes.len() {
        // A quoted string or a bare word: a key when `:` or `=` follows.
        let b = bytes[i];
        let (key, after_key) = match b {
            // An apostrophe in prose (`don't`) is no string: a single-quoted
            // one starts after no letter and closes on its line, or the
            // rest of the text would be skipped as inside it.
            b'\''
                if i > 0 && bytes[i - 1].is_ascii_alphanumeric()
                    || !closes_on_its_line(bytes, i) =>
            {
                i += 1;
                continue;
            }
            b'"' | b'\'' => {
                let end = string_end(bytes, i, b);
                (i + 1..end.saturating_sub(1).max(i + 1), end)
            }
            _ if is_word_byte(b) => {
                let end = i + bytes[i..].iter().take_while(|&&c| is_word_byte(c)).count();
                (i..end, end)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let after = skip_space(bytes, after_key);
        let assigns = matches!(bytes.get(after), Some(b':' | b'='));
        let key = text.get(key).unwrap_or_default();
        let secret = || is_secret_json_key(key, in_response);
        if !(assigns && secret()) {
            i = after_key;
            continue;
        }

        let start = skip_space(bytes, after + 1);
        let end = match bytes.get(start) {
            // An unterminated string ends the text: all of it goes.
            Some(&quote @ (b'"' | b'\'')) => string_end(bytes, start, quote),
            // A list or an object goes whole.
            Some(b'[' | b'{') => nested_end(bytes, start),
            // `Authorization: token abc`: the scheme and the credentials.
            Some(_) if is_authorization(key) => {
                start
                    + bytes[start..]
                        .iter()
                        .take_while(|&&c| !matches!(c, b'\n' | b'\r'))
                        .count()
            }
            Some(&c) if is_bare_value_byte(c) => {
                start
                    + bytes[start..]
                        .iter()
                        .take_while(|&&c| is_bare_value_byte(c))
                        .count()
            }
            _ => start,
        };
        // JSON's `null`, `true` and `false` hold no secret.
        if end > start && !matches!(&text[start..end], "null" | "true" | "false") {
            found.push(start..end);
        }
        i = end.max(after + 1);
    }
    found
}

/// Whether the single-quoted string at `start` ends before its line does.
fn closes_on_its_line(bytes: &[u8], start: usize) -> bool {
    let end = string_end(bytes, start, b'\'');
    bytes[start + 1..end].last() == Some(&b'\'') && !bytes[start..end].contains(&b'\n')
}

/// `Authorization`, `Proxy-Authorization`, `X-Authorization`, ….
fn is_authorization(key: &str) -> bool {
    let key = key.as_bytes();
    key.len() >= 13 && key[key.len() - 13..].eq_ignore_ascii_case(b"authorization")
}

/// Index just past the list or object starting at `start`, or the text's
/// end when it is not closed.
fn nested_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0_usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'"' | b'\'') => {
                i = string_end(bytes, i, quote);
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Letters, digits and the `_ - .` of names like `client_secret`.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// What an unquoted value runs over: up to a space or a delimiter.
fn is_bare_value_byte(b: u8) -> bool {
    !b.is_ascii_whitespace()
        && !matches!(
            b,
            b',' | b';' | b'&' | b'{' | b'}' | b'[' | b']' | b'<' | b'>' | b'"' | b'\'' | b')'
        )
}

/// Index just past the string starting at `start` (its opening `quote`),
/// or the text's end when the string is not closed.
fn string_end(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
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
    fn keys_and_values_in_other_quotes_or_none_are_masked() {
        let cases = [
            ("{'client_secret': 'sq1'}", "{'client_secret': 'REDACTED'}"),
            (
                r#"{client_secret: "uq2"}"#,
                r#"{client_secret: "REDACTED"}"#,
            ),
            (
                r#"{"client_secret": bare3, "a": 1}"#,
                r#"{"client_secret": REDACTED, "a": 1}"#,
            ),
            (
                r#"var access_token = "js4";"#,
                r#"var access_token = "REDACTED";"#,
            ),
            (
                "access_token=tok5&token_type=bearer",
                "access_token=REDACTED&token_type=bearer",
            ),
            ("a=1; password=pw6; b=2", "a=1; password=REDACTED; b=2"),
            (
                r#"{"access_token":["l7"],"b":}"#,
                r#"{"access_token":"REDACTED","b":}"#,
            ),
            (
                r#"{"access_token":{"v":"o8"}}"#,
                r#"{"access_token":"REDACTED"}"#,
            ),
            (
                "Authorization: token a9 b\nnext",
                "Authorization: REDACTED\nnext",
            ),
            (
                "Don't share it: access_token=ap9 (it's secret)",
                "Don't share it: access_token=REDACTED (it's secret)",
            ),
            (
                r#"{"refresh_token":null,"password":false}"#,
                r#"{"refresh_token":null,"password":false}"#,
            ),
        ];
        for (text, masked) in cases {
            assert_eq!(mask_json_pairs(text, false), masked, "{text}");
        }
        assert_eq!(json_pair_values(cases[0].0, false), ["sq1"]);
        assert_eq!(json_pair_values(cases[2].0, false), ["bare3"]);
    }

    #[test]
    fn a_validation_code_is_kept_in_a_response_only() {
        let text = r#"{"errors":[{"field":"x","code":"missing_field"}"#;
        assert_eq!(mask_json_pairs(text, true), text);
        assert_eq!(json_pair_values(text, false), ["missing_field"]);
    }

    #[test]
    fn text_without_a_secret_key_is_not_copied() {
        let text = r#"{"title": "\"access_token\" is a word here", "n": 1}"#;
        assert!(matches!(mask_json_pairs(text, false), Cow::Borrowed(_)));
        assert!(json_pair_values("no secret named here: a=1", false).is_empty());
    }

    #[test]
    fn numbers_lists_and_objects_under_a_secret_key_are_secret_values() {
        let json: Value = serde_json::json!({
            "client_secret": 12_345_678_901_234_u64,
            "access_token": ["t1", {"v": "t2"}],
            "user": {"password": null, "name": "ann"}
        });
        let mut found = Vec::new();
        secret_values(&json, false, &mut found);
        found.sort();
        assert_eq!(found, ["12345678901234", "t1", "t2"]);
    }
}
