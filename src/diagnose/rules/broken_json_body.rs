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
//! stream or a file is not in the HAR. A 400 for a body that parses, or
//! for an empty one, is left to `request_rejected`. The column counts
//! bytes, as serde_json does: a line with accented letters or emoji before
//! the error has its column later than an editor shows.
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
    let (line, column) = (error.line(), error.column());
    let message = error.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message);
    Some((line, column, plain(message, &Spot::new(text, line, column))))
}

/// The line of a parse error, split where serde_json points.
struct Spot<'t> {
    before: &'t str,
    rest: &'t str,
}

impl<'t> Spot<'t> {
    fn new(text: &'t str, line: usize, column: usize) -> Spot<'t> {
        // serde_json counts lines by '\n' and columns in bytes, the
        // column's byte being the one at fault. Should it fall inside a
        // character, nothing is split and only the wording by message is
        // left.
        let line_text = text.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
        let at = column.saturating_sub(1).min(line_text.len());
        match (line_text.get(..at), line_text.get(at..)) {
            (Some(before), Some(rest)) => Spot { before, rest },
            _ => Spot {
                before: "",
                rest: "",
            },
        }
    }

    fn at(&self) -> Option<char> {
        self.rest.chars().next()
    }

    fn after_comma(&self) -> bool {
        self.before.trim_end().ends_with(',')
    }

    fn starts_with_any(&self, words: &[&str]) -> bool {
        let rest = self.rest.trim_start_matches('-');
        words.iter().any(|w| rest.starts_with(w))
    }
}

/// Words JavaScript and Python write for numbers JSON cannot hold.
const NON_FINITE: &[&str] = &["NaN", "Infinity", "undefined"];

/// Python's spelling of JSON's true, false and null.
const PYTHON: &[&str] = &["True", "False", "None"];

/// serde_json's wording of a syntax error, in words a web developer uses.
/// Only fixed wording comes out: the body may hold secrets.
fn plain(message: &str, spot: &Spot<'_>) -> String {
    if spot.rest.starts_with("//") || spot.rest.starts_with("/*") {
        return "a comment: JSON has none".into();
    }
    let closes = matches!(spot.at(), Some(']' | '}'));
    let what = match message {
        "trailing comma" => "a trailing comma",
        "expected value" | "key must be a string" if closes && spot.after_comma() => {
            "a trailing comma"
        }
        "EOF while parsing a value" => "the body ends early: it looks cut off",
        "EOF while parsing a list" | "EOF while parsing an object" => {
            "the body ends early: a bracket is not closed, or the body is cut off"
        }
        "EOF while parsing a string" => {
            "the body ends inside a string: a closing quote is missing, or the body is cut off"
        }
        "trailing characters" if closes => "an extra closing bracket after the JSON value ends",
        "trailing characters" => {
            "text after the JSON value ends: a body holds one value (put several in a list)"
        }
        // JavaScript's and Python's non-finite numbers; a leading minus
        // makes serde_json call -Infinity a number.
        "expected value" | "invalid number" if spot.starts_with_any(NON_FINITE) => {
            "NaN, Infinity and undefined are not JSON values; send null"
        }
        // Python's str() of a dict, sent instead of json.dumps().
        "expected value" if spot.starts_with_any(PYTHON) => {
            "True, False and None are not JSON values; write true, false and null"
        }
        "expected value" if spot.at() == Some('\'') => {
            "a string in single quotes: JSON needs double quotes"
        }
        "expected value" if matches!(spot.at(), Some(',' | ']' | '}')) => "a missing value",
        "expected value" => {
            "a value that is not JSON: strings need double quotes, numbers start with a digit \
             or a minus sign, and the only words are true, false and null"
        }
        "expected ident" => "a misspelt true, false or null",
        "invalid number" => {
            "a badly written number: JSON allows no leading zero, and needs a digit after a \
             point or a minus sign"
        }
        "invalid escape" => {
            "a backslash that starts no escape: write a lone backslash as \\\\ (as in a Windows \
             path or a regular expression)"
        }
        m if m.starts_with("control character") => {
            "a raw line break, tab or other control character inside a string: escape it, as \
             \\n for a line break"
        }
        "key must be a string" if spot.at() == Some('\'') => {
            "a key in single quotes: JSON needs double quotes"
        }
        "key must be a string" if spot.at() == Some(',') => "a comma where a key should be",
        "key must be a string" => "a key without double quotes: JSON writes keys as \"name\"",
        "expected `:`" => "a key with no colon (:) after it",
        "expected `,` or `}`" => {
            "a missing comma after a field's value, or a double quote inside a string not \
             escaped as \\\""
        }
        "expected `,` or `]`" => {
            "a missing comma after an item of a list, or a double quote inside a string not \
             escaped as \\\""
        }
        // Checking a text without reading it into values meets none of
        // serde_json's other syntax errors (numbers out of range, \u
        // escapes, nesting too deep); say something true if a later
        // version does.
        _ => "text JSON does not allow",
    };
    what.to_owned()
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
        "{} answered 400{}. The request body is not valid JSON at line {line}, column \
         {column}: {what}. Looker answers 400 when it cannot read the body.",
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

    /// What the finding says of a body, with its place.
    fn what(text: &str) -> (usize, usize, String) {
        json_error(text).expect("a body that does not parse")
    }

    #[test]
    fn a_trailing_comma_is_named_with_its_place() {
        let body = r#"{"model": "m", "view": "v", "fields": ["v.id",]}"#;
        assert_eq!(what(body), (1, 47, "a trailing comma".into()));
        assert_eq!(what(r#"{"a": 1,}"#).2, "a trailing comma");
    }

    #[test]
    fn valid_json_has_no_error() {
        assert_eq!(json_error(r#"{"a":[1,2]}"#), None);
    }

    #[test]
    fn a_body_cut_off_says_it_ends_early() {
        assert_eq!(
            what(r#"[1,"#),
            (1, 3, "the body ends early: it looks cut off".into())
        );
        let (_, _, list) = what(r#"{"a": [1"#);
        assert!(
            list.starts_with("the body ends early: a bracket is not closed"),
            "{list}"
        );
        let (_, _, string) = what(r#"{"a": "x"#);
        assert!(
            string.starts_with("the body ends inside a string"),
            "{string}"
        );
    }

    #[test]
    fn text_after_the_value_is_named_as_such() {
        let (_, _, second) = what("{\"a\": 1}\n{\"b\": 2}");
        assert!(
            second.starts_with("text after the JSON value ends"),
            "{second}"
        );
        let (_, _, bracket) = what(r#"{"a": 1}}"#);
        assert!(bracket.starts_with("an extra closing bracket"), "{bracket}");
    }

    #[test]
    fn nan_infinity_and_undefined_are_told_to_be_null() {
        let null = "NaN, Infinity and undefined are not JSON values; send null";
        assert_eq!(what(r#"{"a": NaN}"#), (1, 7, null.into()));
        assert_eq!(what(r#"{"a": undefined}"#).2, null);
        assert_eq!(what(r#"{"a": Infinity}"#).2, null);
        assert_eq!(what(r#"{"a": -Infinity}"#).2, null);
    }

    #[test]
    fn python_words_are_told_in_their_json_spelling() {
        let (_, _, message) = what(r#"{"a": True}"#);
        assert!(message.contains("write true, false and null"), "{message}");
        assert_eq!(what(r#"{"a": None}"#).2, message);
    }

    #[test]
    fn a_misspelt_word_is_named() {
        assert_eq!(what(r#"{"a": tru}"#).2, "a misspelt true, false or null");
    }

    #[test]
    fn a_raw_line_break_in_a_string_is_told_to_be_escaped() {
        let (line, _, message) = what("{\"a\": \"x\ny\"}");
        assert_eq!(line, 1);
        assert!(message.starts_with("a raw line break"), "{message}");
        assert!(message.contains("\\n"), "{message}");
        assert_eq!(what("{\"a\": \"x\ty\"}").2, message);
    }

    #[test]
    fn keys_without_double_quotes_are_named() {
        assert!(what(r#"{a: 1}"#)
            .2
            .starts_with("a key without double quotes"));
        assert!(what(r#"{'a': 1}"#).2.starts_with("a key in single quotes"));
        assert_eq!(
            what(r#"{"a": 1,, "b": 2}"#).2,
            "a comma where a key should be"
        );
    }

    #[test]
    fn a_single_quoted_string_is_named() {
        assert!(what(r#"{"a": 'x'}"#)
            .2
            .starts_with("a string in single quotes"));
    }

    #[test]
    fn a_missing_colon_or_comma_is_named() {
        assert_eq!(what(r#"{"a" 1}"#).2, "a key with no colon (:) after it");
        let (_, _, field) = what(r#"{"a": 1 "b": 2}"#);
        assert!(
            field.starts_with("a missing comma after a field's value"),
            "{field}"
        );
        let (_, _, item) = what(r#"[1 2]"#);
        assert!(
            item.starts_with("a missing comma after an item of a list"),
            "{item}"
        );
    }

    #[test]
    fn a_missing_value_is_named() {
        assert_eq!(what(r#"{"a": }"#).2, "a missing value");
        assert_eq!(what(r#"[,1]"#).2, "a missing value");
        let (_, _, other) = what(r#"{"a": +1}"#);
        assert!(other.starts_with("a value that is not JSON"), "{other}");
    }

    #[test]
    fn a_badly_written_number_is_named() {
        let (_, _, message) = what(r#"{"a": 07}"#);
        assert!(message.starts_with("a badly written number"), "{message}");
        assert_eq!(what(r#"{"a": 1.}"#).2, message);
    }

    #[test]
    fn a_lone_backslash_is_told_to_be_doubled() {
        let (_, _, message) = what(r#"{"path": "C:\temp\x"}"#);
        assert!(
            message.starts_with("a backslash that starts no escape"),
            "{message}"
        );
    }

    #[test]
    fn a_comment_is_named() {
        assert_eq!(what("{\"a\": 1 // one\n}").2, "a comment: JSON has none");
        assert_eq!(what("// the query\n{}").2, "a comment: JSON has none");
    }

    #[test]
    fn text_before_the_error_in_another_script_does_not_hide_what_it_is() {
        // serde_json counts columns in bytes: "é" takes two.
        assert_eq!(
            what(r#"{"é": "ü", "a": [1,]}"#),
            (1, 22, "a trailing comma".into())
        );
    }

    #[test]
    fn no_message_quotes_the_body_or_serde_json() {
        let bodies = [
            r#"{"client_secret": "S3cr3tValue" S3cr3tValue}"#,
            r#"{"client_secret": S3cr3tValue}"#,
            r#"{S3cr3tValue: 1}"#,
            r#"{"a": 1} S3cr3tValue"#,
        ];
        for body in bodies {
            let (_, _, message) = what(body);
            for raw in [
                "S3cr3t",
                "expected",
                "EOF",
                "trailing characters",
                "must be",
            ] {
                assert!(!message.contains(raw), "{body}: {message}");
            }
        }
    }
}
