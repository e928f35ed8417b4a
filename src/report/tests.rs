//! Properties every export shares: no secret gets out, whatever path it
//! came in by, and markup from traffic stays text.

use serde_json::{json, Value};

use super::{curl_command, markdown_report, sanitize_har};
use crate::{analyze_har, har};

const AUTH: &str = "tok3nPlantedAuthHeader";
const COOKIE: &str = "c00kiePlantedValue";
const SET_COOKIE: &str = "s3tC00kiePlanted";
const ACCESS_QUERY: &str = "acc3ssPlantedInQuery";
const ACCESS_JSON: &str = "acc3ssPlantedInJson";
const SECRET_FORM: &str = "S3cr3tPlantedInForm";
const SECRET_QUERY: &str = "S3cr3tPlantedInQuery";
const REFRESH: &str = "r3freshPlantedToken";
const PASSWORD: &str = "passw0rdPlanted";
const SECRET_BROKEN_JSON: &str = "S3cr3tPlantedInBrokenJson";
const SECRET_MULTIPART: &str = "S3cr3tPlantedInMultipart";
const NUMBER_SECRET: &str = "9081726354";
const CSRF: &str = "Csrf+PlantedInMetaTag==";
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.c2lnbmF0dXJlUGxhbnRlZA";

const ALL: &[&str] = &[
    AUTH,
    COOKIE,
    SET_COOKIE,
    ACCESS_QUERY,
    ACCESS_JSON,
    SECRET_FORM,
    SECRET_QUERY,
    REFRESH,
    PASSWORD,
    SECRET_BROKEN_JSON,
    SECRET_MULTIPART,
    NUMBER_SECRET,
    CSRF,
    JWT,
];

const API: &str = "https://acme.looker.com/api/4.0";

fn header(name: &str, value: &str) -> Value {
    json!({ "name": name, "value": value })
}

fn entry(request: Value, status: u16, mime: &str, body: &str, headers: Value) -> Value {
    json!({
        "startedDateTime": "2026-11-20T10:00:00.000Z",
        "time": 50,
        "request": request,
        "response": {
            "status": status,
            "statusText": "",
            "headers": headers,
            "cookies": [],
            "content": { "size": body.len(), "mimeType": mime, "text": body },
            "redirectURL": ""
        },
        "_resourceType": "fetch"
    })
}

/// A session with a secret in every place one occurs in real traffic.
fn planted_har() -> Vec<u8> {
    let login = entry(
        json!({
            "method": "POST",
            "url": format!("{API}/login?client_id=abc&client_secret={SECRET_QUERY}"),
            "headers": [header("content-type", "application/x-www-form-urlencoded")],
            "queryString": [header("client_id", "abc"), header("client_secret", SECRET_QUERY)],
            "postData": {
                "mimeType": "application/x-www-form-urlencoded",
                "text": format!("client_id=abc&client_secret={SECRET_FORM}"),
                "params": [header("client_id", "abc"), header("client_secret", SECRET_FORM)]
            }
        }),
        200,
        "application/json",
        &json!({
            "access_token": ACCESS_JSON,
            "token_type": "Bearer",
            "expires_in": 3600,
            "refresh_token": REFRESH
        })
        .to_string(),
        json!([header(
            "Set-Cookie",
            &format!("looker.browser={SET_COOKIE}; Path=/; Secure")
        )]),
    );
    let mut login = login;
    login["response"]["cookies"] = json!([header("looker.browser", SET_COOKIE)]);

    let user = entry(
        json!({
            "method": "GET",
            "url": format!("{API}/user?access_token={ACCESS_QUERY}"),
            "headers": [
                header("Authorization", &format!("Bearer {AUTH}")),
                header("Cookie", &format!("looker.browser={COOKIE}; lang=en")),
                header("x-debug-context", JWT)
            ],
            "queryString": [header("access_token", ACCESS_QUERY)],
            "cookies": [header("looker.browser", COOKIE)]
        }),
        401,
        "application/json",
        r#"{"message":"Requires authentication.","documentation_url":"http://docs.looker.com/"}"#,
        json!([header("content-type", "application/json")]),
    );
    let password = entry(
        json!({
            "method": "POST",
            "url": format!("{API}/users/1/credentials_email"),
            "headers": [
                header("Authorization", &format!("token {ACCESS_JSON}")),
                header("content-type", "application/json")
            ],
            "postData": {
                "mimeType": "application/json",
                "text": json!({"email": "ann@example.com", "password": PASSWORD}).to_string()
            }
        }),
        422,
        "application/json",
        &json!({
            "message": format!("Validation Failed for {PASSWORD}"),
            "errors": [{"field": "password", "code": "invalid", "message": "too weak"}]
        })
        .to_string(),
        json!([]),
    );
    let page = entry(
        json!({
            "method": "GET",
            "url": format!("{API}/dashboards/1"),
            "headers": [header("Authorization", &format!("Bearer {AUTH}"))]
        }),
        401,
        "text/html",
        &format!(
            "<html><head><meta name=\"csrf-token\" content=\"{CSRF}\"></head>\
             <p>Your token {AUTH} is not valid.</p><!-- {JWT} --></html>"
        ),
        json!([header("content-type", "text/html")]),
    );
    let refresh = entry(
        json!({
            "method": "POST",
            "url": format!("{API}/login"),
            "headers": [],
            "postData": {
                "mimeType": "application/x-www-form-urlencoded",
                "text": format!("grant_type=refresh_token&refresh_token={REFRESH}")
            }
        }),
        404,
        "application/json",
        r#"{"message":"Not found","documentation_url":"http://docs.looker.com/"}"#,
        json!([]),
    );

    // The body a 400 answer calls broken JSON: the secret is found by key.
    let broken = entry(
        json!({
            "method": "POST",
            "url": format!("{API}/users"),
            "headers": [header("content-type", "application/json")],
            "postData": {
                "mimeType": "application/json",
                "text": format!(r#"{{"name": "ann", "client_secret": "{SECRET_BROKEN_JSON}", "#)
            }
        }),
        400,
        "application/json",
        r#"{"message":"JSON parse error","documentation_url":"http://docs.looker.com/"}"#,
        json!([]),
    );

    // A login sent as multipart/form-data (`curl -F`), answered with a
    // number under a secret key.
    let multipart = entry(
        json!({
            "method": "POST",
            "url": format!("{API}/login"),
            "headers": [header("content-type", "multipart/form-data; boundary=B7")],
            "postData": {
                "mimeType": "multipart/form-data; boundary=B7",
                "text": format!(
                    "--B7\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\nid1\r\n\
                     --B7\r\nContent-Disposition: form-data; name=\"client_secret\"\r\n\r\n\
                     {SECRET_MULTIPART}\r\n--B7--\r\n"
                )
            }
        }),
        200,
        "application/json",
        &format!(r#"{{"access_token":{NUMBER_SECRET},"expires_in":3600}}"#),
        json!([]),
    );

    let har = json!({"log": {
        "version": "1.2",
        "creator": {"name": "WebInspector"},
        "pages": [{"id": "page_1", "title": format!("{API}/user?access_token={ACCESS_QUERY}")}],
        "entries": [login, user, password, page, refresh, broken, multipart]
    }});
    serde_json::to_vec_pretty(&har).unwrap()
}

fn leaked(text: &str) -> Vec<&'static str> {
    ALL.iter().copied().filter(|s| text.contains(s)).collect()
}

#[test]
fn no_export_contains_a_secret_planted_anywhere_in_the_traffic() {
    let bytes = planted_har();
    let file = har::read(&bytes).unwrap();
    let analysis = analyze_har(&bytes).unwrap();
    assert_eq!(file.entries.len(), 7);
    assert!(analysis.findings.len() >= 3, "{:?}", analysis.findings);

    let findings = serde_json::to_string(&analysis.findings).unwrap();
    assert_eq!(
        leaked(&findings),
        Vec::<&str>::new(),
        "findings: {findings}"
    );

    let markdown = markdown_report(&analysis, &file.entries, "planted.har");
    assert_eq!(
        leaked(&markdown),
        Vec::<&str>::new(),
        "markdown: {markdown}"
    );

    let sanitized = String::from_utf8(sanitize_har(&bytes).unwrap()).unwrap();
    assert_eq!(
        leaked(&sanitized),
        Vec::<&str>::new(),
        "sanitized: {sanitized}"
    );

    for (index, entry) in &file.entries {
        let curl = curl_command(entry);
        assert_eq!(leaked(&curl), Vec::<&str>::new(), "entry {index}: {curl}");
    }
}

#[test]
fn a_sanitized_har_keeps_its_entries_and_its_diagnosis() {
    let dir = format!("{}/tests/fixtures/cases", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|f| f.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "har"))
        .collect();
    files.sort();
    files.push(std::path::PathBuf::new());

    for path in &files {
        let bytes = if path.as_os_str().is_empty() {
            planted_har()
        } else {
            std::fs::read(path).unwrap()
        };
        let sanitized = sanitize_har(&bytes).unwrap();

        let count = |b: &[u8]| {
            let doc: Value = serde_json::from_slice(b).unwrap();
            doc["log"]["entries"].as_array().unwrap().len()
        };
        assert_eq!(count(&sanitized), count(&bytes), "{}", path.display());
        let kinds = |b: &[u8]| {
            let analysis = analyze_har(b).unwrap();
            analysis.findings.iter().map(|f| f.kind).collect::<Vec<_>>()
        };
        assert_eq!(kinds(&sanitized), kinds(&bytes), "{}", path.display());
    }
}

#[test]
fn markup_in_a_server_message_is_shown_as_text() {
    let message = "<script>alert(1)</script> see [x](javascript:alert(1))";
    let har = json!({"log": {"entries": [entry(
        json!({"method": "PATCH", "url": format!("{API}/looks/42"), "headers": []}),
        422,
        "application/json",
        &json!({"message": message, "errors": [{"field": "<b>f</b>", "code": "invalid"}]})
            .to_string(),
        json!([]),
    )]}});
    let bytes = serde_json::to_vec(&har).unwrap();
    let file = har::read(&bytes).unwrap();
    let analysis = analyze_har(&bytes).unwrap();

    let markdown = markdown_report(&analysis, &file.entries, "<img src=x>.har");
    assert!(
        markdown.contains(r"\<script\>alert(1)\</script\>"),
        "{markdown}"
    );
    assert!(
        markdown.contains(r"\[x\](javascript:alert(1))"),
        "{markdown}"
    );
    assert!(markdown.contains("Source: `<img src=x>.har`"), "{markdown}");
    for raw in ["<script>", "[x](", "<b>"] {
        assert!(!markdown.contains(raw), "{raw} in {markdown}");
    }
}

#[test]
fn a_right_to_left_override_in_a_status_reason_is_spelled_out_in_the_report() {
    let mut call = entry(
        json!({"method": "GET", "url": format!("{API}/looks/1"), "headers": []}),
        404,
        "application/json",
        r#"{"message":"Not found"}"#,
        json!([]),
    );
    call["response"]["statusText"] = json!("Not \u{202E}dnuoF");
    let har = json!({"log": {"entries": [call]}});
    let bytes = serde_json::to_vec(&har).unwrap();
    let file = har::read(&bytes).unwrap();
    let analysis = analyze_har(&bytes).unwrap();

    let markdown = markdown_report(&analysis, &file.entries, "rtl.har");
    assert!(!markdown.contains('\u{202E}'), "{markdown}");
    assert!(markdown.contains("Not \\<U+202E\\>dnuoF"), "{markdown}");
}
