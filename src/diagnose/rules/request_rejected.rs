//! A 4xx with no rule of its own: the server refused the request as it was
//! sent (a 400 with a readable, empty or missing body, 406, 408, 410, 413,
//! 414, 415, 431 …).
//!
//! # Why
//! "Bad Request (400)" means Looker could not accept the data sent; broken
//! JSON is the usual cause, but a well-formed body with wrong values, or a
//! login without its form fields, also gets it (TS doc §Bad Request (400),
//! facts §1.6). `query_task_results` surfaces a SQL error as 400 for every
//! format but `json_detail` (facts §1.6). The other statuses are HTTP's
//! own and mostly come from a proxy or a limit: the body or URL is too
//! large, the media type is not one the operation takes.
//!
//! # Known limitations
//! A 400 whose body is not valid JSON is `broken_json_body`'s, and a JSON
//! body sent without its content type is `missing_json_content_type`'s;
//! this rule never fires where they do. 401, 403, 404, 405, 409, 422 and
//! 429 have rules of their own. Only the server's message tells which
//! value of a well-formed body was wrong. A call that takes a body but has
//! none in the recording is said to have been sent without one, though
//! DevTools also leaves out a body sent as a stream; for an operation the
//! endpoint index does not know, POST, PUT and PATCH are taken to need one.
//!
//! # Example
//! `POST https://acme.looker.com/api/4.0/login` with `client_id=abc` and no
//! secret → 400 `{"message":"client_secret is required",…}`.

use super::{broken_json_body, call_name, missing_json_content_type, versioned, Rule};
use crate::diagnose::{Call, Context, ErrorBody, Kind, Observation, Severity};
use crate::looker::endpoints::{BodyKind, Operation};
use crate::looker::route::Route;

/// The rule.
pub static RULE: Rule = Rule {
    id: "request_rejected",
    kind: Kind::RequestRejected,
    severity: Severity::Error,
    title: "request rejected by the server",
    guide_anchor: "#bad_request_400_errors",
    check,
};

fn check(call: &Call<'_>, context: &Context) -> Option<Observation> {
    let status = call.status();
    if !(400..500).contains(&status) || matches!(status, 401 | 403 | 404 | 405 | 409 | 422 | 429) {
        return None;
    }
    // Exclusive with the rules that explain a 400 better.
    if (broken_json_body::RULE.check)(call, context).is_some()
        || (missing_json_content_type::RULE.check)(call, context).is_some()
    {
        return None;
    }

    let op = versioned(call).and_then(|(_, _, op)| op);
    let login = matches!(call.looker.route, Route::Login { .. });
    let body = sent_body(call, op);
    let (title, meaning, step): (String, &str, &str) = match status {
        400 if op.is_some_and(|op| op.id == "query_task_results") => (
            "bad request: the query failed".into(),
            "For every result format but json_detail, query_task_results reports an error of \
             the query's SQL as 400.",
            "Run the query in an Explore or SQL Runner to see its error, or ask for json_detail.",
        ),
        400 if login => (
            "bad request: the login could not be read".into(),
            "Looker could not read the credentials of this login.",
            "Send client_id and client_secret form-encoded in the body \
             (application/x-www-form-urlencoded).",
        ),
        400 if body == Body::Blank => (
            "bad request: the body is empty".into(),
            "The request body is empty, and this operation takes one: Looker had no data to \
             read.",
            "Send the body the operation takes, built with a JSON serializer (JSON.stringify, \
             json.dumps).",
        ),
        400 if body == Body::NotRecorded => (
            "bad request: no body was sent".into(),
            "The recording holds no request body, and this operation takes one. Most likely \
             none was sent: a fetch() without its body option, or JSON.stringify of undefined, \
             sends nothing. DevTools does not record a body sent as a stream.",
            "Send the body the operation takes, built with a JSON serializer (JSON.stringify, \
             json.dumps).",
        ),
        400 if body == Body::NotTaken => (
            "bad request: the server could not accept the request".into(),
            "Looker could not accept the query parameters or the values in the path.",
            "Compare the query parameters and the path with the operation's reference: names, \
             types and required parameters.",
        ),
        400 => (
            "bad request: the server could not accept the data".into(),
            "The body is readable, but Looker could not accept its values or the query \
             parameters.",
            "Compare the body and query parameters with the operation's reference: names, \
             types and required fields.",
        ),
        406 => (
            "not acceptable: no answer in the type asked for".into(),
            "The Accept header asks for a media type this operation cannot answer with.",
            "Send Accept: application/json (or the type the result format names), or no Accept.",
        ),
        407 => (
            "proxy authentication required".into(),
            "A proxy between this browser and Looker wants credentials of its own.",
            "Configure the proxy's credentials for this browser or client.",
        ),
        408 => (
            "request timed out at the server".into(),
            "The server or a proxy gave up waiting for the request to arrive.",
            "Send the call again; if it repeats, look for a slow upload or a proxy timeout.",
        ),
        410 => (
            "gone: the resource was removed".into(),
            "The resource or operation existed, and has been removed.",
            "Look for its replacement in the current API reference.",
        ),
        413 => (
            "request body too large".into(),
            "The body is larger than the server, or a proxy in front of it, accepts.",
            "Send a smaller body: split the request, or a proxy's limit (such as nginx's \
             client_max_body_size) must be raised.",
        ),
        414 => (
            "request URL too long".into(),
            "The URL is longer than the server or a proxy accepts, typically a query with long \
             filters in its parameters.",
            "Create the query with POST /api/4.0/queries and run it by id, or use \
             run_inline_query, instead of long URL parameters.",
        ),
        415 => (
            "unsupported media type".into(),
            "The body's Content-Type is not one the operation takes.",
            "Send JSON with Content-Type: application/json, and a login form-encoded \
             (application/x-www-form-urlencoded).",
        ),
        431 => (
            "request headers too large".into(),
            "The request's headers, usually its cookies, are larger than the server or a \
             proxy accepts.",
            "Clear stale cookies for this host, and drop oversized custom headers.",
        ),
        _ => (
            format!("request rejected with {status}"),
            "The server refused the request as it was sent.",
            "Read the server's message, then fix the request it names.",
        ),
    };

    let quoted = super::quoted_message(call);
    let proxy = if call.entry.response_content_type().contains("html") {
        " The body is an HTML page: a proxy or web server in front of the API answered."
    } else {
        ""
    };
    let detail = format!(
        "{} answered {status}{quoted}. {meaning}{proxy}",
        call_name(call)
    );
    let none = ErrorBody::default();
    let body = call.error_body().unwrap_or(&none);
    let evidence = body
        .errors
        .iter()
        .map(|e| {
            format!(
                "field {}: {}",
                e.field.as_deref().unwrap_or("(none)"),
                e.message.as_deref().unwrap_or("no message")
            )
        })
        .collect();
    let mut steps = vec![step];
    if !quoted.is_empty() {
        steps.push("Read the server's message: it names what it could not accept.");
    }
    let observation = Observation::new(detail, &steps)
        .titled(title)
        .with_evidence(evidence)
        .documented_at(body.documentation_url.as_deref());
    Some(if status == 408 {
        observation.with_severity(Severity::Warning)
    } else {
        observation
    })
}

/// What a call sent as its body, as far as a 400 is concerned.
#[derive(Debug, PartialEq, Eq)]
enum Body {
    /// Some text or form fields.
    Sent,
    /// An empty or white-space-only text where the call takes a body.
    Blank,
    /// No body in the recording where the call takes one.
    NotRecorded,
    /// Nothing, and the call takes no body.
    NotTaken,
}

fn sent_body(call: &Call<'_>, op: Option<&Operation>) -> Body {
    let post = call.entry.request.post_data.as_ref();
    let text = post.and_then(|p| p.text.as_ref()).map(|t| t.get());
    if text.is_some_and(|t| !t.trim().is_empty()) || post.is_some_and(|p| !p.params.is_empty()) {
        return Body::Sent;
    }

    // The endpoint index knows which operations take a body; without it,
    // the method is the best guess.
    let takes_body = match op {
        Some(op) => op.body != BodyKind::None,
        None => {
            let method = call.entry.request.method.to_ascii_uppercase();
            matches!(method.as_str(), "POST" | "PUT" | "PATCH")
        }
    };
    match (takes_body, text) {
        (false, _) => Body::NotTaken,
        (true, Some(_)) => Body::Blank,
        (true, None) => Body::NotRecorded,
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnose::Finding;
    use crate::har::Entry;
    use crate::Session;

    /// The request_rejected finding for a call answered 400.
    fn rejected(method: &str, path: &str, body: Option<&str>) -> Finding {
        let mut request = serde_json::json!({
            "method": method,
            "url": format!("https://acme.looker.com/api/4.0{path}"),
            "headers": [{"name": "Content-Type", "value": "application/json"}]
        });
        if let Some(text) = body {
            request["postData"] = serde_json::json!({"mimeType": "application/json", "text": text});
        }
        let entry = serde_json::json!({
            "startedDateTime": "2026-11-20T10:00:00Z",
            "time": 9,
            "request": request,
            "response": {"status": 400, "headers": [], "content": {
                "size": 26, "mimeType": "application/json", "text": "{\"message\":\"Bad Request\"}"
            }}
        });
        let entry = Entry::from_json(&entry.to_string()).unwrap();
        let findings = Session::new().observe(0, &entry);
        let finding = findings.into_iter().find(|f| f.rule == "request_rejected");
        finding.expect("a request_rejected finding")
    }

    #[test]
    fn a_blank_body_is_called_empty_not_readable() {
        for blank in ["", "  \n "] {
            let finding = rejected("POST", "/queries", Some(blank));
            assert_eq!(finding.title, "bad request: the body is empty");
            assert!(
                finding.detail.contains("The request body is empty"),
                "{}",
                finding.detail
            );
            assert!(!finding.detail.contains("readable"), "{}", finding.detail);
        }
    }

    #[test]
    fn a_body_the_recording_lacks_is_said_to_be_missing() {
        let finding = rejected("POST", "/queries", None);
        assert_eq!(finding.title, "bad request: no body was sent");
        assert!(
            finding.detail.contains("holds no request body"),
            "{}",
            finding.detail
        );
        assert!(!finding.detail.contains("readable"), "{}", finding.detail);
    }

    #[test]
    fn a_call_that_takes_no_body_is_judged_on_its_parameters() {
        for (method, path) in [("GET", "/looks/7"), ("POST", "/alerts/7/follow")] {
            let finding = rejected(method, path, None);
            assert_eq!(
                finding.title,
                "bad request: the server could not accept the request"
            );
            assert!(
                finding.detail.contains("query parameters"),
                "{}",
                finding.detail
            );
            assert!(!finding.detail.contains("body"), "{}", finding.detail);
        }
    }

    #[test]
    fn a_readable_body_is_still_said_to_hold_wrong_values() {
        let finding = rejected("POST", "/queries", Some(r#"{"model": "m"}"#));
        assert_eq!(
            finding.title,
            "bad request: the server could not accept the data"
        );
        assert!(
            finding.detail.contains("The body is readable"),
            "{}",
            finding.detail
        );
    }
}
