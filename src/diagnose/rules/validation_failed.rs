//! A 422: Looker rejected fields of the request, and lists every one.
//!
//! # Why
//! Looker validates the whole body and reports all errors at once, each
//! with `field`, `code` (`missing_field`, `invalid`, `already_exists`) and
//! `message` (TS doc §Validation (422); `ValidationError` in the spec).
//! Clients often show only the top-level "Validation Failed".
//!
//! # Known limitations
//! A 422 whose body is not Looker's JSON is reported with its status only.
//! Only Looker calls are judged: GitHub's API sends the same shape.
//!
//! # Example
//! `PATCH /api/4.0/looks/42/move?folder_id=7` → 422
//! `{"message":"Validation Failed","errors":[{"field":"folder_id","code":"already_exists",…}]}`.

use super::{call_name, Rule};
use crate::diagnose::{Call, Context, ErrorBody, Kind, Observation, Severity};

/// The rule.
pub static RULE: Rule = Rule {
    id: "validation_failed",
    kind: Kind::ValidationFailed,
    severity: Severity::Error,
    title: "validation failed: the server rejected fields of the request",
    guide_anchor: "#validation_422_errors",
    check,
};

/// The most field errors listed one by one.
const MAX_LISTED: usize = 50;

fn check(call: &Call<'_>, _context: &Context) -> Option<Observation> {
    if call.status() != 422 {
        return None;
    }
    let none = ErrorBody::default();
    let body = call.error_body().unwrap_or(&none);

    // Every error is listed, up to a bound that keeps a hostile or broken
    // answer from flooding the panel and the terminal.
    let shown = body.errors.len().min(MAX_LISTED);
    let mut evidence: Vec<String> = body.errors[..shown]
        .iter()
        .map(|e| {
            format!(
                "field {}: {} ({})",
                e.field.as_deref().unwrap_or("(none)"),
                e.message.as_deref().unwrap_or("no message"),
                e.code.as_deref().unwrap_or("no code"),
            )
        })
        .collect();
    if body.errors.len() > shown {
        evidence.push(format!("… and {} more", body.errors.len() - shown));
    }
    let fields: Vec<String> = body.errors[..shown.min(10)]
        .iter()
        .map(|e| {
            format!(
                "{} ({})",
                e.field.as_deref().unwrap_or("(none)"),
                e.code.as_deref().unwrap_or("no code")
            )
        })
        .collect();
    let listed = match fields.len() {
        0 => "The answer lists no field errors, so it does not say which part of the \
              request Looker refused."
            .to_owned(),
        1 => format!("One field was rejected: {}.", fields[0]),
        n if n == body.errors.len() => {
            format!("{n} fields were rejected: {}.", fields.join(", "))
        }
        _ => format!(
            "{} fields were rejected, among them {}.",
            body.errors.len(),
            fields.join(", ")
        ),
    };
    let at_once = match fields.len() {
        0 => "",
        _ => " Looker checks the whole request and lists every problem at once.",
    };
    let detail = format!(
        "{} answered 422{}. {listed}{at_once}",
        call_name(call),
        super::quoted_message(call),
    );
    const MISSING: &str = "Add the missing fields to the body.";
    const FIX: &str = "Fix every listed field, then send the request again.";
    const EXISTS: &str = "already_exists means another object already has that value: pick \
                          another or update the existing one.";
    const UNLISTED: &str = "The answer names no field: compare the body with the \
                            operation's parameters in the API reference, and read Looker's \
                            message if it gave one.";
    let has_code = |code: &str| body.errors.iter().any(|e| e.code.as_deref() == Some(code));
    let steps: &[&str] = match (has_code("missing_field"), has_code("already_exists")) {
        _ if body.errors.is_empty() => &[UNLISTED],
        (true, true) => &[MISSING, FIX, EXISTS],
        (true, false) => &[MISSING, FIX],
        (false, true) => &[FIX, EXISTS],
        (false, false) => &[FIX],
    };
    Some(
        Observation::new(detail, steps)
            .with_evidence(evidence)
            .documented_at(body.documentation_url.as_deref()),
    )
}

#[cfg(test)]
mod tests {
    use crate::har::Entry;
    use crate::Session;

    /// The next steps given for a 422 whose errors carry `code`.
    fn steps_for(code: &str) -> Vec<String> {
        steps_for_errors(serde_json::json!([{"field": "title", "code": code, "message": "is bad"}]))
    }

    /// The next steps given for a 422 whose body lists `errors`.
    fn steps_for_errors(errors: serde_json::Value) -> Vec<String> {
        let body = serde_json::json!({"message": "Validation Failed", "errors": errors});
        let entry = serde_json::json!({
            "startedDateTime": "2026-11-20T10:00:00Z",
            "time": 9,
            "request": {
                "method": "POST", "url": "https://acme.looker.com/api/4.0/looks", "headers": []
            },
            "response": {"status": 422, "headers": [], "content": {
                "size": 1, "mimeType": "application/json", "text": body.to_string()
            }}
        });
        let entry = Entry::from_json(&entry.to_string()).unwrap();
        let findings = Session::new().observe(0, &entry);
        let finding = findings
            .iter()
            .find(|f| f.kind.as_str() == "validation-failed");
        finding.expect("a validation finding").next_steps.clone()
    }

    #[test]
    fn each_step_is_given_only_for_the_code_it_explains() {
        let steps = steps_for("missing_field");
        assert!(steps[0].starts_with("Add the missing fields"), "{steps:?}");
        assert!(
            !steps.iter().any(|s| s.contains("already_exists")),
            "{steps:?}"
        );

        let steps = steps_for("already_exists");
        assert!(
            steps.iter().any(|s| s.starts_with("already_exists means")),
            "{steps:?}"
        );

        let steps = steps_for("missing");
        assert_eq!(
            steps,
            ["Fix every listed field, then send the request again."]
        );
    }

    #[test]
    fn an_answer_without_field_errors_is_not_told_to_fix_the_listed_fields() {
        let steps = steps_for_errors(serde_json::json!([]));
        assert_eq!(steps.len(), 1, "{steps:?}");
        assert!(
            steps[0].starts_with("The answer names no field"),
            "{steps:?}"
        );
    }
}
