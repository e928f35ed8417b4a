//! A recorded request as a cURL command, to replay it outside the
//! browser, without its credentials.

use super::body::{self, Side};
use crate::diagnose::Context;
use crate::har::{Entry, Request};
use crate::redact::{self, MASK};

/// The request as a `curl` command for a POSIX shell, secrets redacted.
///
/// Credentials become `REDACTED` (an `Authorization` header keeps its
/// scheme), so the command shows what was sent but must be given a real
/// token to run. Every argument is single-quoted: nothing in it is
/// expanded by the shell.
pub fn curl_command(entry: &Entry) -> String {
    curl_command_knowing(entry, &[])
}

/// [`curl_command`], also masking `known` secrets: values the session saw
/// elsewhere, such as a token a login answered, that this request may
/// carry under a name no rule knows (`X-Debug: <the token>`).
pub fn curl_command_knowing(entry: &Entry, known: &[String]) -> String {
    let request = &entry.request;
    let mut secrets = request_secrets(request);
    let more: Vec<String> = known
        .iter()
        .filter(|k| !secrets.contains(k))
        .cloned()
        .collect();
    secrets.extend(more);
    body::sort_longest_first(&mut secrets);
    let scrub = |text: &str| redact::scrub_text(text, &secrets);
    let mut args = vec![quote(&scrub(&redact::redact_url(&request.url)))];

    // Method: curl implies GET, and POST when there is a body.
    let body = request_body(request, &secrets);
    let implied = if body.is_empty() { "GET" } else { "POST" };
    if request.method.eq_ignore_ascii_case("HEAD") {
        args.push("--head".to_owned());
    } else if !request.method.eq_ignore_ascii_case(implied) {
        args.push(format!("-X {}", quote(&request.method)));
    }

    // Headers: HTTP/2 pseudo-headers and those curl computes are left out.
    for header in &request.headers {
        let name = header.name.trim();
        let skipped = name.starts_with(':')
            || name.eq_ignore_ascii_case("content-length")
            || name.eq_ignore_ascii_case("host");
        if !skipped {
            let value = scrub(&redact::redact_header(name, &header.value));
            args.push(format!("-H {}", quote(&format!("{name}: {value}"))));
        }
    }
    args.extend(body);

    format!("curl {}", args.join(" \\\n  "))
}

/// The body as `--data-raw` (the recorded text) or `--data-urlencode`
/// (form fields the exporter split into `params`).
fn request_body(request: &Request, secrets: &[String]) -> Vec<String> {
    let Some(post) = &request.post_data else {
        return Vec::new();
    };
    if let Some(text) = post
        .text
        .as_ref()
        .map(|t| t.get())
        .filter(|t| !t.is_empty())
    {
        let redacted = body::redact_body(text, &post.mime_type, Side::Request, secrets);
        return vec![format!("--data-raw {}", quote(&redacted))];
    }
    post.params
        .iter()
        .map(|p| {
            let value = match &p.value {
                Some(_) if redact::is_secret_name(&p.name) => MASK.to_owned(),
                Some(value) => redact::scrub_text(value, secrets),
                None => String::new(),
            };
            format!("--data-urlencode {}", quote(&format!("{}={value}", p.name)))
        })
        .collect()
}

/// The secret values of the request alone: the response's are not in the
/// command, and its validation codes must not be taken for secrets.
fn request_secrets(request: &Request) -> Vec<String> {
    let mut context = Context::default();
    context.collect_secrets(&Entry {
        request: request.clone(),
        ..Entry::default()
    });
    context.secrets
}

/// Single-quotes a shell word; a `'` inside becomes `'\''`.
fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(json: &str) -> Entry {
        Entry::from_json(json).unwrap()
    }

    #[test]
    fn a_request_becomes_a_quoted_command_without_its_token() {
        let curl = curl_command(&entry(
            r#"{"request":{"method":"PATCH",
            "url":"https://h/api/4.0/looks/42?access_token=abcdef123",
            "headers":[{"name":":authority","value":"h"},
            {"name":"Authorization","value":"Bearer abcdef123"},
            {"name":"Content-Length","value":"17"},{"name":"x-note","value":"it's"}],
            "postData":{"mimeType":"application/json","text":"{\"title\":\"Ann's\"}"}}}"#,
        ));
        assert_eq!(
            curl,
            "curl 'https://h/api/4.0/looks/42?access_token=REDACTED' \\\n  \
             -X 'PATCH' \\\n  \
             -H 'Authorization: Bearer REDACTED' \\\n  \
             -H 'x-note: it'\\''s' \\\n  \
             --data-raw '{\"title\":\"Ann'\\''s\"}'"
        );
    }

    #[test]
    fn a_login_form_loses_its_client_secret() {
        let curl = curl_command(&entry(
            r#"{"request":{"method":"POST","url":"https://h/api/4.0/login",
            "postData":{"mimeType":"application/x-www-form-urlencoded",
            "text":"client_id=abc&client_secret=S3cr3tValue"}}}"#,
        ));
        assert_eq!(
            curl,
            "curl 'https://h/api/4.0/login' \\\n  --data-raw 'client_id=abc&client_secret=REDACTED'"
        );
    }

    #[test]
    fn a_json_body_keeps_its_key_order_when_a_number_is_masked() {
        let curl = curl_command(&entry(
            r#"{"request":{"method":"POST","url":"https://h/api/4.0/embed/cookieless_session/acquire",
            "postData":{"mimeType":"application/json",
            "text":"{\"session_length\":3600,\"external_user_id\":\"u1\"}"}}}"#,
        ));
        assert!(
            curl.ends_with(r#"--data-raw '{"session_length":"REDACTED","external_user_id":"u1"}'"#),
            "{curl}"
        );
    }

    #[test]
    fn a_get_is_implied_and_a_head_uses_its_flag() {
        let get = entry(r#"{"request":{"method":"GET","url":"https://h/api/4.0/user"}}"#);
        assert_eq!(curl_command(&get), "curl 'https://h/api/4.0/user'");
        let head = entry(r#"{"request":{"method":"HEAD","url":"https://h/alive"}}"#);
        assert_eq!(curl_command(&head), "curl 'https://h/alive' \\\n  --head");
    }

    #[test]
    fn a_known_token_is_masked_under_a_header_no_rule_names() {
        let call = entry(
            r#"{"request":{"method":"GET","url":"https://h/api/4.0/user",
            "headers":[{"name":"X-Debug","value":"tok3nFromTheLogin99"}]}}"#,
        );
        let known = ["tok3nFromTheLogin99".to_owned()];
        let curl = curl_command_knowing(&call, &known);
        assert!(curl.contains("-H 'X-Debug: REDACTED'"), "{curl}");
        assert!(curl_command(&call).contains("tok3nFromTheLogin99"));
    }
}
