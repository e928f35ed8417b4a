//! Request and response bodies without their secrets, keeping the body's
//! own formatting whenever that is safe.

use serde_json::Value;

use crate::redact::{self, MASK};

/// Which half of an exchange a body belongs to: the keys that hold
/// secrets differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// A request body (`postData.text`).
    Request,
    /// A response body (`content.text`).
    Response,
}

/// Whether a JSON key or form field holds a secret on this side.
///
/// In a response, `code` is Looker's validation code (`already_exists`,
/// `missing_field`: spec schema `ValidationErrorDetail`), which a shared
/// HAR must keep; OAuth codes travel in redirect URLs and token requests.
pub(crate) fn is_secret_key(key: &str, side: Side) -> bool {
    redact::is_secret_json_key(key, side == Side::Response)
}

/// A body's text with its secrets removed: JSON by key (even when it does
/// not parse), form bodies by field name, and any text by the known values,
/// JWTs and bearer tokens.
///
/// `secrets` must be sorted longest first, as [`super::secrets`] gives
/// them, so that no secret is cut by a shorter one inside it.
pub(crate) fn redact_body(text: &str, mime: &str, side: Side, secrets: &[String]) -> String {
    if let Some(json) = parse_json(text) {
        return redact_json(text, &json, side, secrets);
    }
    // JSON that does not parse (the body a 400 answer calls broken) still
    // has its secret keys' values masked.
    let text = &*redact::mask_secret_fields(text, side == Side::Response);
    let is_form = mime.contains("x-www-form-urlencoded")
        || (side == Side::Request && mime.is_empty() && looks_like_form(text));
    if is_form {
        return redact::scrub_text(&redact::redact_form(text), secrets);
    }
    redact::scrub_text(text, secrets)
}

/// The text as JSON, when it is an object or a list.
pub(crate) fn parse_json(text: &str) -> Option<Value> {
    let start = text.trim_start();
    if !start.starts_with(['{', '[']) {
        return None;
    }
    serde_json::from_str(start).ok()
}

/// String values under secret keys anywhere in a JSON document.
pub(crate) fn secret_values(value: &Value, side: Side, out: &mut Vec<String>) {
    redact::json_secret_values(value, side == Side::Response, out);
}

/// A JSON text without secrets, as written when replacing the values in
/// the text is enough, else re-serialised from the parsed document.
fn redact_json(text: &str, json: &Value, side: Side, secrets: &[String]) -> String {
    let mut own = Vec::new();
    secret_values(json, side, &mut own);
    own.retain(|s| !s.is_empty() && s != MASK);
    let mut all: Vec<String> = secrets.iter().chain(&own).cloned().collect();
    sort_longest_first(&mut all);

    let scrubbed = redact::scrub_text(text, &all);
    let still_secret = match serde_json::from_str::<Value>(scrubbed.trim_start()) {
        Ok(after) => holds_any(&after, side, &own),
        Err(_) => true,
    };
    if !still_secret {
        return scrubbed;
    }
    // A number or a list under a secret key: masked where it is written,
    // so that the body keeps its layout and key order (a cURL command
    // replays it as it was sent).
    let masked = redact::mask_json_document(&scrubbed, side == Side::Response);
    if let Ok(after) = serde_json::from_str::<Value>(masked.trim_start()) {
        if !holds_any(&after, side, &own) {
            return masked.into_owned();
        }
    }

    // NOTE: reached when a secret is too short for scrub_text or is
    // escaped in the text; the body loses its formatting and key order.
    let mut value = json.clone();
    mask(&mut value, side, &all);
    value.to_string()
}

/// Whether a value under a secret key still holds one of the values, or
/// anything but a string, which only [`mask`] replaces.
fn holds_any(value: &Value, side: Side, values: &[String]) -> bool {
    let leaks = |s: &str| {
        values
            .iter()
            .any(|v| s == v || (v.len() >= 6 && s.contains(v.as_str())))
    };
    match value {
        Value::Object(map) => map.iter().any(|(key, value)| match value {
            Value::String(s) if is_secret_key(key, side) => leaks(s),
            Value::Null | Value::Bool(_) => false,
            _ if is_secret_key(key, side) => true,
            other => holds_any(other, side, values),
        }),
        Value::Array(items) => items.iter().any(|v| holds_any(v, side, values)),
        _ => false,
    }
}

/// Replaces the values of secret keys (a number, list or object whole),
/// and scrubs every other string.
fn mask(value: &mut Value, side: Side, secrets: &[String]) {
    match value {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                let empty = match value {
                    Value::String(s) => s.is_empty(),
                    Value::Null | Value::Bool(_) => true,
                    _ => false,
                };
                if is_secret_key(key, side) && !empty {
                    *value = Value::String(MASK.to_owned());
                } else {
                    mask(value, side, secrets);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| mask(v, side, secrets)),
        Value::String(s) => *s = redact::scrub_text(s, secrets),
        _ => {}
    }
}

/// Whether a body without a declared type reads as `a=1&b=2`.
pub(crate) fn looks_like_form(text: &str) -> bool {
    !text.is_empty() && text.contains('=') && !text.contains(char::is_whitespace)
}

/// Sorts secrets longest first, without duplicates: `scrub_text` replaces
/// in order, and a short secret inside a long one would leave the rest
/// of the long one behind.
///
/// Each secret is inserted where a binary search puts it, rather than
/// sorted with the std sort: that costs the wasm ~1.5 KB gzipped per type
/// it sorts, and a session holds few secrets.
pub(crate) fn sort_longest_first(secrets: &mut Vec<String>) {
    let mut sorted: Vec<String> = Vec::with_capacity(secrets.len());
    for secret in secrets.drain(..) {
        let place = sorted.binary_search_by(|s| {
            secret
                .len()
                .cmp(&s.len())
                .then_with(|| s.as_str().cmp(&secret))
        });
        if let Err(at) = place {
            sorted.insert(at, secret);
        }
    }
    *secrets = sorted;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_body_keeps_its_formatting_when_its_secrets_are_replaced() {
        let text = "{\n  \"z\": 1,\n  \"access_token\": \"abcdef123456\",\n  \"a\": \"x\"\n}";
        assert_eq!(
            redact_body(text, "application/json", Side::Response, &[]),
            "{\n  \"z\": 1,\n  \"access_token\": \"REDACTED\",\n  \"a\": \"x\"\n}"
        );
    }

    #[test]
    fn a_short_secret_is_masked_where_it_is_written() {
        let text = r#"{"user": "ann", "password": "pw1", "pin": 1234}"#;
        assert_eq!(
            redact_body(text, "application/json", Side::Request, &[]),
            r#"{"user": "ann", "password": "REDACTED", "pin": 1234}"#
        );
        let text = r#"{"user": "ann", "session_length": 3600}"#;
        assert_eq!(
            redact_body(text, "application/json", Side::Request, &[]),
            r#"{"user": "ann", "session_length": "REDACTED"}"#
        );
    }

    #[test]
    fn a_validation_code_in_a_response_is_not_a_secret() {
        let text = r#"{"errors":[{"field":"folder_id","code":"already_exists"}]}"#;
        assert_eq!(
            redact_body(text, "application/json", Side::Response, &[]),
            text
        );
        assert_ne!(
            redact_body(text, "application/json", Side::Request, &[]),
            text
        );
    }

    #[test]
    fn a_form_body_without_a_type_is_read_as_a_form() {
        assert_eq!(
            redact_body("client_id=a&client_secret=b", "", Side::Request, &[]),
            "client_id=a&client_secret=REDACTED"
        );
    }

    #[test]
    fn secrets_sort_longest_first_then_alphabetically_without_duplicates() {
        let mut secrets = ["bb", "a", "ccc", "ab", "bb", "a"]
            .map(String::from)
            .to_vec();
        sort_longest_first(&mut secrets);
        assert_eq!(secrets, ["ccc", "ab", "bb", "a"]);
    }
}
