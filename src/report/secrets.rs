//! Every secret value a HAR file carries, gathered before anything is
//! written, so that a token seen in one place is removed everywhere.

use serde_json::Value;

use super::body::{self, Side};
use crate::har;
use crate::redact::{self, MASK};

/// The secret values of HAR entries, longest first.
///
/// Reads entries as JSON rather than as [`har::Entry`], so that entries
/// the reader rejects give up their secrets too.
pub(crate) fn collect(entries: &[Value]) -> Vec<String> {
    let mut found = Vec::new();
    for entry in entries {
        if let Some(request) = entry.get("request") {
            from_request(request, &mut found);
        }
        if let Some(response) = entry.get("response") {
            from_response(response, &mut found);
        }
    }

    let mut secrets: Vec<String> = found
        .into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty() && s != MASK)
        .collect();
    body::sort_longest_first(&mut secrets);
    secrets
}

fn from_request(request: &Value, found: &mut Vec<String>) {
    from_headers(request.get("headers"), found);
    from_named_values(request.get("cookies"), |_| true, found);
    from_named_values(request.get("queryString"), redact::is_secret_name, found);
    from_url(text(request.get("url")), found);

    let Some(post) = request.get("postData") else {
        return;
    };
    from_named_values(post.get("params"), redact::is_secret_name, found);
    let body = text(post.get("text"));
    let mime = text(post.get("mimeType"));
    if let Some(json) = body::parse_json(body) {
        body::secret_values(&json, Side::Request, found);
    } else if mime.contains("x-www-form-urlencoded") || body::looks_like_form(body) {
        from_pairs(body, found);
    } else {
        found.extend(redact::json_pair_values(body, false));
    }
}

fn from_response(response: &Value, found: &mut Vec<String>) {
    from_headers(response.get("headers"), found);
    from_named_values(response.get("cookies"), |_| true, found);
    from_url(text(response.get("redirectURL")), found);

    let Some(content) = response.get("content") else {
        return;
    };
    let recorded = text(content.get("text"));
    let decoded;
    let body = if text(content.get("encoding")).eq_ignore_ascii_case("base64") {
        decoded = har::decode_base64(recorded)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        decoded.as_deref().unwrap_or("")
    } else {
        recorded
    };
    if let Some(json) = body::parse_json(body) {
        body::secret_values(&json, Side::Response, found);
    } else {
        found.extend(redact::json_pair_values(body, true));
    }
}

/// Credentials in headers: the whole value, the part after a scheme
/// (`Bearer x`), each cookie's value, and secrets in URLs.
fn from_headers(headers: Option<&Value>, found: &mut Vec<String>) {
    for header in headers.and_then(Value::as_array).into_iter().flatten() {
        let name = text(header.get("name")).to_ascii_lowercase();
        let value = text(header.get("value")).trim();
        match name.as_str() {
            "cookie" => found.extend(
                value
                    .split(';')
                    .filter_map(|c| c.split_once('='))
                    .map(|(_, v)| v.to_owned()),
            ),
            "set-cookie" => {
                let pair = value.split(';').next().unwrap_or(value);
                found.extend(pair.split_once('=').map(|(_, v)| v.to_owned()));
            }
            "location" | "content-location" | "referer" => from_url(value, found),
            _ if redact::is_secret_name(&name) => {
                found.push(value.to_owned());
                found.extend(value.split_once(' ').map(|(_, v)| v.to_owned()));
            }
            _ => {}
        }
    }
}

/// Values of `{name, value}` objects whose name holds a secret.
fn from_named_values(list: Option<&Value>, secret: impl Fn(&str) -> bool, found: &mut Vec<String>) {
    for item in list.and_then(Value::as_array).into_iter().flatten() {
        if secret(text(item.get("name"))) {
            found.push(text(item.get("value")).to_owned());
        }
    }
}

/// A URL's password and the values of its secret query parameters, both
/// decoded and as written, since other URLs repeat them encoded.
fn from_url(url: &str, found: &mut Vec<String>) {
    let before_fragment = url.split('#').next().unwrap_or(url);
    if let Some((_, query)) = before_fragment.split_once('?') {
        from_pairs(query, found);
    }
    if let Some((_, fragment)) = url.split_once('#') {
        from_pairs(fragment, found);
    }
    let authority = url
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(rest));
    if let Some((userinfo, _)) = authority.and_then(|a| a.rsplit_once('@')) {
        found.extend(userinfo.split_once(':').map(|(_, pw)| pw.to_owned()));
    }
}

/// Secret values of `a=1&b=2` text, decoded and as written.
fn from_pairs(text: &str, found: &mut Vec<String>) {
    for pair in text.split('&') {
        let Some((name, value)) = pair.split_once('=') else {
            continue;
        };
        if redact::is_secret_name(&redact::percent_decode(name)) {
            found.push(value.to_owned());
            found.push(redact::percent_decode(value));
        }
    }
}

fn text(value: Option<&Value>) -> &str {
    value.and_then(Value::as_str).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_gathered_from_every_place_and_listed_longest_first() {
        let entry = serde_json::json!({
            "request": {
                "url": "https://u:pa55word@h/x?access_token=qu%2Bery1",
                "headers": [{"name": "Authorization", "value": "Bearer header12"}],
                "postData": {"mimeType": "", "text": "client_secret=form1234"}
            },
            "response": {
                "headers": [{"name": "Set-Cookie", "value": "sid=cookie12; Path=/"}],
                "content": {"text": "{\"refresh_token\":\"json12345678\"}"}
            }
        });
        let secrets = collect(&[entry]);
        assert_eq!(secrets[0], "Bearer header12");
        for expected in [
            "pa55word",
            "qu%2Bery1",
            "qu+ery1",
            "header12",
            "form1234",
            "cookie12",
        ] {
            assert!(secrets.iter().any(|s| s == expected), "{expected} missing");
        }
        assert!(secrets.iter().any(|s| s == "json12345678"));
    }
}
