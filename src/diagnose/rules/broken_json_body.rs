//! A 400 for a request whose JSON body does not parse, with the place of
//! the error.
//!
//! # Why
//! "Bad Request (400)" from Looker most often means the data sent could
//! not be read, usually broken JSON (TS doc §Bad Request (400)). Pointing
//! at the line and column saves reading the body by eye.
//!
//! # Known limitations
//! Only bodies that DevTools recorded can be checked; a body sent as a
//! stream or a file is not in the HAR. A 400 for a body that parses is left
//! to `request_rejected`.
//!
//! # Example
//! `POST /api/4.0/queries` with `{"fields": ["v.id",]}` → 400
//! `{"message":"Bad Request",…}`: a trailing comma at line 1, column 47.

use super::{call_name, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};

/// The rule.
pub static RULE: Rule = Rule {
    id: "broken_json_body",
    kind: Kind::BadRequestJson,
    severity: Severity::Error,
    title: "bad request: the body is not valid JSON",
    guide_anchor: "#bad_request_400_errors",
    check,
};

/// Where and why a JSON text fails to parse, or `None` when it parses.
pub(crate) fn json_error(text: &str) -> Option<(usize, usize, String)> {
    let error = serde_json::from_str::<serde::de::IgnoredAny>(text).err()?;
    let what = error.to_string();
    let what = what.split(" at line ").next().unwrap_or(&what).to_owned();
    Some((error.line(), error.column(), plain(&what, text, error.line(), error.column())))
}

fn plain(what: &str, text: &str, line: usize, column: usize) -> String {
    let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let at = line_text.chars().nth(column.saturating_sub(1));
    let before: String = line_text.chars().take(column.saturating_sub(1)).collect();
    let after_comma = before.trim_end().ends_with(',');
    match (what, at) {
        ("trailing comma", _) => "a trailing comma".into(),
        ("expected value", Some(']' | '}')) if after_comma => "a trailing comma".into(),
        ("key must be a string", Some('\'')) => "a single-quoted key (JSON needs double quotes)".into(),
        ("key must be a string", _) => "a key that is not a double-quoted string".into(),
        ("expected value", Some('\'')) => "a single-quoted string (JSON needs double quotes)".into(),
        ("EOF while parsing an object" | "EOF while parsing a list" | "EOF while parsing a string", _) => {
            "the body ends early: a bracket or quote is not closed".into()
        }
        (other, _) => other.to_owned(),
    }
}

fn check(call: &Call<'_>, _context: &Context) -> Option<Observation> {
    if call.status() != 400 {
        return None;
    }
    let text = call.entry.request.post_data.as_ref()?.text.as_ref()?.get();
    if text.trim().is_empty() || !looks_like_json_attempt(call, text) {
        return None;
    }
    let (line, column, what) = json_error(text)?;

    let detail = format!(
        "{} answered 400{}. The request body is not valid JSON: {what} at line {line}, \
         column {column}. Looker answers 400 when it cannot read the body.",
        call_name(call),
        super::quoted_message(call),
    );
    Some(
        Observation::new(
            detail,
            &[
                "Fix the body at that place, or build it with a JSON serializer (JSON.stringify, \
                 json.dumps) instead of by hand.",
                "Send it with Content-Type: application/json.",
            ],
        )
        .with_evidence(vec![format!("line {line}, column {column}: {what}")]),
    )
}

/// A body meant as JSON: declared so, or starting like JSON.
fn looks_like_json_attempt(call: &Call<'_>, text: &str) -> bool {
    let declared = call.entry.request_content_type().unwrap_or("");
    declared.contains("json") || matches!(text.trim_start().chars().next(), Some('{') | Some('['))
}

#[cfg(test)]
mod tests {
    use super::json_error;

    #[test]
    fn a_trailing_comma_is_named_with_its_place() {
        let (line, column, what) = json_error(r#"{"model": "m", "view": "v", "fields": ["v.id",]}"#).unwrap();
        assert_eq!((line, column, what.as_str()), (1, 47, "a trailing comma"));
    }

    #[test]
    fn valid_json_has_no_error() {
        assert_eq!(json_error(r#"{"a":[1,2]}"#), None);
    }
}
