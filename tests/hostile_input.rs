//! Malformed, extreme and hostile input: each case pins what the user sees
//! (the error, the entry's problem, or the finding), and none may panic.
//!
//! Large inputs are built here at run time, never committed. The fuzz
//! target (`fuzz/`) found the crashes pinned at the end of this file.

use looker_api_doctor::diagnose::GUIDE;
use looker_api_doctor::{analyze_har, har, redact, report, Analysis};

/// The message of a file that is not a HAR at all.
fn refused(bytes: &[u8]) -> String {
    match analyze_har(bytes) {
        Ok(analysis) => panic!("read as a HAR: {:?}", analysis.summary),
        Err(e) => e.to_string(),
    }
}

fn analyze(bytes: &[u8]) -> Analysis {
    analyze_har(bytes).unwrap_or_else(|e| panic!("{e}"))
}

/// A file of these entries, as DevTools saves it.
fn har(entries: &[String]) -> Vec<u8> {
    let entries = entries.join(",");
    format!(
        r#"{{"log":{{"version":"1.2","creator":{{"name":"WebInspector"}},"entries":[{entries}]}}}}"#
    )
    .into_bytes()
}

/// An entry with the given `request` and `response` objects.
fn entry(request: &str, response: &str) -> String {
    format!(
        r#"{{"startedDateTime":"2026-11-20T10:00:00.000Z","time":80,
        "request":{request},"response":{response}}}"#
    )
}

/// A `GET` of `url` with these headers, as a `request` object.
fn get(url: &str, headers: &str) -> String {
    format!(r#"{{"method":"GET","url":"{url}","headers":[{headers}]}}"#)
}

/// A `response` object with this status and JSON body (escaped for a HAR).
fn answer(status: u16, body: &str) -> String {
    let text = serde_json::to_string(body).unwrap();
    format!(
        r#"{{"status":{status},"headers":[{{"name":"content-type","value":"application/json"}}],
        "content":{{"size":{},"mimeType":"application/json","text":{text}}}}}"#,
        body.len()
    )
}

const USER: &str = "https://acme.looker.com/api/4.0/user";

fn kinds(analysis: &Analysis) -> Vec<&'static str> {
    analysis.findings.iter().map(|f| f.kind.as_str()).collect()
}

// --- not a HAR file ----------------------------------------------------------

#[test]
fn text_that_is_not_json_is_refused_with_where_it_fails() {
    assert_eq!(
        refused(b"<html><body>Session expired</body></html>"),
        "not a HAR file: the file is an HTML or XML page, not JSON: save the HAR from \
         DevTools' Network panel (Export HAR)"
    );
    assert_eq!(
        refused(b"{\"log\": {\"entries\": [}}"),
        "not a HAR file: the file is not valid JSON (a value is missing, or is not JSON, at line \
         1, column 22)"
    );
    assert_eq!(refused(b" \n\t"), "not a HAR file: the file is empty");
}

#[test]
fn json_that_is_not_a_har_says_what_it_is_instead() {
    let cases: &[(&[u8], &str)] = &[
        (
            b"[]",
            "it is JSON, but a list, not an object with a \"log\"",
        ),
        (
            b"null",
            "it is JSON, but null, not an object with a \"log\"",
        ),
        (
            b"42",
            "it is JSON, but a number, not an object with a \"log\"",
        ),
        (b"{\"foo\":1}", "it is JSON, but has no \"log\" object"),
        (
            b"{\"log\":{}}",
            "it is JSON, but \"log\" has no \"entries\" list",
        ),
        (
            b"{\"log\":[]}",
            "it is JSON, but \"log\" is a list, not an object",
        ),
        (
            b"{\"log\":{\"entries\":{}}}",
            "it is JSON, but \"log.entries\" is an object, not a list",
        ),
        (
            b"{\"log\":{\"entries\":[]},\"log\":{}}",
            "it is JSON, but \"log\" appears twice",
        ),
        // serde would read a list as a struct's fields in order.
        (
            b"[{\"entries\":[]}]",
            "it is JSON, but a list, not an object with a \"log\"",
        ),
    ];
    for (bytes, why) in cases {
        let text = String::from_utf8_lossy(bytes);
        assert_eq!(refused(bytes), format!("not a HAR file: {why}"), "{text}");
    }
}

#[test]
fn an_empty_entries_list_is_a_har_with_nothing_to_judge() {
    let analysis = analyze(br#"{"log":{"entries":[]}}"#);
    assert_eq!(analysis.summary.entries, 0);
    assert!(analysis.findings.is_empty() && analysis.problems.is_empty());
}

#[test]
fn a_truncated_file_says_where_it_ends() {
    let whole = har(&[entry(&get(USER, ""), &answer(200, "{}"))]);
    let cut = &whole[..120];
    assert_eq!(
        refused(cut),
        "not a HAR file: the file ends early, at line 1, column 120: it looks truncated"
    );
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let mut bytes = har(&[entry(&get(USER, ""), &answer(200, "{\"name\":\"Zoë\"}"))]);
    let at = bytes.windows(2).position(|w| w == "ë".as_bytes()).unwrap();
    bytes[at] = 0xff;
    assert_eq!(
        refused(&bytes),
        format!("not a HAR file: the file is not UTF-8 text (invalid byte at offset {at})")
    );
}

#[test]
fn utf16_is_named_with_and_without_a_byte_order_mark() {
    // Windows tools save UTF-16, PowerShell's `>` among them.
    let little = b"{\x00\"\x00l\x00o\x00g\x00\"\x00:\x00{\x00}\x00}\x00";
    let big = b"\x00{\x00\"\x00l\x00o\x00g\x00\"\x00:\x00{\x00}\x00}";
    for bytes in [
        &b"\xff\xfe{\x00}\x00"[..],
        b"\xfe\xff\x00{\x00}",
        little,
        big,
    ] {
        assert_eq!(
            refused(bytes),
            "not a HAR file: the file is UTF-16 text, and a HAR file is UTF-8 (Windows tools \
             such as PowerShell's > write UTF-16): save it again as UTF-8, for example with \
             iconv -f UTF-16 -t UTF-8",
            "{bytes:?}"
        );
    }
}

// --- malformed entries ---------------------------------------------------------

#[test]
fn a_value_of_the_wrong_type_names_its_field_and_the_rest_is_kept() {
    let good = entry(&get(USER, ""), &answer(200, "{}"));
    let bad = [
        entry(r#"{"method":"GET","url":5}"#, "{}"),
        entry(r#"{"method":true,"url":"https://acme.looker.com/"}"#, "{}"),
        entry(&get(USER, r#"{"name":null,"value":"x"}"#), "{}"),
        entry(&get(USER, ""), r#"{"status":"404"}"#),
        entry(&get(USER, ""), r#"{"status":404.5}"#),
        entry(&get(USER, ""), r#"{"status":70000}"#),
        entry(&get(USER, r#"{"name":"Accept"}"#), "{}"),
        entry(
            r#"{"method":"GET","url":"https://a/","url":"https://b/"}"#,
            "{}",
        ),
        entry(
            &get(USER, ""),
            r#"{"content":{"text":{"message":"Not found"}}}"#,
        ),
        r#"{"response":{"status":200}}"#.to_owned(),
        r#"["2026-11-20T10:00:00Z",5,{"method":"GET","url":"https://acme.looker.com/"}]"#
            .to_owned(),
        entry(r#"{"method":"GET","url":""}"#, "{}"),
    ];
    let mut entries = vec![good.clone()];
    entries.extend(bad);
    entries.push(good);

    let analysis = analyze(&har(&entries));
    assert_eq!(
        analysis.problems,
        [
            "entry 1: request.url: expected a string, found a number",
            "entry 2: request.method: expected a string, found a boolean",
            "entry 3: request.headers[0].name: expected a string, found null",
            "entry 4: response.status: expected a number, found a string",
            "entry 5: response.status: expected a whole number, found 404.5",
            "entry 6: response.status: expected a whole number from 0 to 65535, found 70000",
            "entry 7: request.headers[0].value is missing",
            "entry 8: request.url appears twice",
            "entry 9: response.content.text: expected a string, found an object",
            "entry 10: request is missing",
            "entry 11: expected an object, found a list",
            "entry 12: request.url is empty",
        ]
    );
    assert_eq!(analysis.summary.entries, 14);
    assert_eq!(analysis.summary.unreadable_entries, 12);
    assert_eq!(analysis.summary.looker_calls, 2);
}

#[test]
fn a_live_entry_with_a_wrong_type_is_an_error_naming_the_field() {
    let err = har::Entry::from_json(r#"{"request":{"method":"GET","url":5}}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "entry 0: request.url: expected a string, found a number"
    );
}

#[test]
fn absurd_timings_are_read_as_unknown_or_refused_by_name() {
    let with = |started: &str, time: &str| {
        format!(
            r#"{{"startedDateTime":{started},"time":{time},
            "request":{{"method":"GET","url":"{USER}"}},"response":{{"status":200}}}}"#
        )
    };
    let analysis = analyze(&har(&[
        with("\"2026-11-20T10:00:00Z\"", "-5"),
        with("\"yesterday, around noon\"", "80"),
        with("\"0000-01-01T00:00:00Z\"", "0"),
        with("\"9999-12-31T23:59:59.999999999+14:00\"", "null"),
        with("\"2026-11-20T10:00:00Z\"", "1e308"),
        with("\"2026-11-20T10:00:00Z\"", "\"NaN\""),
        with("\"2026-11-20T10:00:00Z\"", "4e10"),
        with("1763632800000", "80"),
    ]));
    assert_eq!(
        analysis.problems,
        [
            "entry 4: time: more than a year: not a duration a browser records",
            "entry 5: time: expected a number, found a string",
            "entry 6: time: 40000000000 ms is more than a year: not a duration a browser records",
            "entry 7: startedDateTime: expected a string, found a number",
        ]
    );
    assert_eq!(analysis.summary.looker_calls, 4);
    assert!(analysis.findings.is_empty(), "{:?}", kinds(&analysis));

    // NaN itself is not JSON.
    assert_eq!(
        refused(with("\"2026-11-20T10:00:00Z\"", "NaN").as_bytes()),
        "not a HAR file: the file is not valid JSON (a value is missing, or is not JSON, at line \
         1, column 50)"
    );
}

#[test]
fn a_pending_call_between_dates_centuries_apart_gets_no_panic() {
    let pending = |started: &str| {
        format!(
            r#"{{"startedDateTime":"{started}","time":0,
            "request":{{"method":"GET","url":"{USER}"}},"response":{{"status":0}}}}"#
        )
    };
    let analysis = analyze(&har(&[
        pending("0001-01-01T00:00:00Z"),
        pending("9999-12-31T23:59:59Z"),
    ]));
    assert_eq!(analysis.summary.looker_calls, 2);
}

// --- extreme sizes -------------------------------------------------------------

/// A file of one entry whose response body is `padding` bytes of `x`
/// inside a Looker error, built without copying the padding twice.
fn huge_body_har(padding: usize) -> Vec<u8> {
    let head = format!(
        r#"{{"log":{{"entries":[{{"startedDateTime":"2026-11-20T10:00:00Z","time":80,
        "request":{{"method":"GET","url":"{USER}"}},
        "response":{{"status":401,"headers":[{{"name":"content-type","value":"application/json"}}],
        "content":{{"mimeType":"application/json","text":"{{\"message\":\"Requires authentication.\",\"padding\":\""#
    );
    let tail = r#"\"}"}}}]}}"#;
    let mut bytes = Vec::with_capacity(head.len() + padding + tail.len());
    bytes.extend_from_slice(head.as_bytes());
    bytes.resize(head.len() + padding, b'x');
    bytes.extend_from_slice(tail.as_bytes());
    bytes
}

#[test]
fn a_100_mb_response_body_is_read_and_judged() {
    let analysis = analyze(&huge_body_har(100 << 20));

    assert!(analysis.problems.is_empty(), "{:?}", analysis.problems);
    assert_eq!(kinds(&analysis), ["not-authenticated"]);
    // The finding quotes the server's message, not the body.
    assert!(analysis.findings[0].detail.len() < 2_000);
}

#[test]
fn a_hundred_thousand_entries_are_all_read_and_counted() {
    const TOKEN: &str = "Zx9TokenNotReal0123456789";
    let auth = format!(r#"{{"name":"Authorization","value":"Bearer {TOKEN}"}}"#);
    let login = format!(
        r#"{{"startedDateTime":"2026-11-20T10:00:00Z","time":80,
        "request":{{"method":"POST","url":"https://acme.looker.com/api/4.0/login",
          "postData":{{"mimeType":"application/x-www-form-urlencoded","text":"client_id=a&client_secret=b"}}}},
        "response":{}}}"#,
        answer(
            200,
            &format!(r#"{{"access_token":"{TOKEN}","expires_in":3600}}"#)
        )
    );
    let ok = entry(&get(USER, &auth), &answer(200, r#"{"id":1}"#));
    let not_found = entry(
        &get("https://acme.looker.com/api/4.0/looks/42", &auth),
        &answer(404, r#"{"message":"Not found"}"#),
    );

    let mut text = String::with_capacity(100_000 * ok.len() + 1_000);
    text.push_str(r#"{"log":{"entries":["#);
    text.push_str(&login);
    for i in 1..100_000 {
        text.push(',');
        text.push_str(if i % 1_000 == 0 { &not_found } else { &ok });
    }
    text.push_str("]}}");
    let analysis = analyze(text.as_bytes());

    assert_eq!(analysis.summary.entries, 100_000);
    assert_eq!(analysis.summary.looker_calls, 100_000);
    assert_eq!(analysis.summary.unreadable_entries, 0);
    let permission = kinds(&analysis)
        .iter()
        .filter(|k| **k == "missing-permission")
        .count();
    assert_eq!(permission, 99);
}

#[test]
fn nesting_100_000_levels_deep_is_refused_or_confined_to_its_entry() {
    let deep_list = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_object = format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));

    // The whole file.
    assert_eq!(
        refused(deep_list.as_bytes()),
        "not a HAR file: it is JSON, but a list, not an object with a \"log\""
    );
    assert_eq!(
        refused(deep_object.as_bytes()),
        "not a HAR file: it is JSON, but has no \"log\" object"
    );

    // Inside an entry: the entry is a problem, the others are kept. The
    // reader stops at the first level of the wrong type, never descending.
    let good = entry(&get(USER, ""), &answer(200, "{}"));
    let in_headers = entry(&get(USER, &deep_list), "{}");
    let in_url = entry(&format!(r#"{{"method":"GET","url":{deep_object}}}"#), "{}");
    let analysis = analyze(&har(&[good.clone(), in_headers, in_url, good.clone()]));
    assert_eq!(
        analysis.problems,
        [
            "entry 1: request.headers[0][0]: expected a string, found a list",
            "entry 2: request.url: expected a string, found an object",
        ]
    );
    assert_eq!(analysis.summary.looker_calls, 2);

    // Beside the entries, in a field the reader skips.
    let pages = format!(r#"{{"log":{{"pages":{deep_list},"entries":[{good}]}}}}"#);
    assert_eq!(analyze(pages.as_bytes()).summary.looker_calls, 1);
    assert_eq!(
        har::Entry::from_json(&deep_list).unwrap_err().to_string(),
        "entry 0: expected an object, found a list"
    );
}

#[test]
fn deep_json_in_fields_the_engine_ignores_does_not_stop_the_entry() {
    // Chrome's `_initiator` holds async stacks as nested `parent` objects.
    let stack = format!(
        r#"{}{{}}{}"#,
        r#"{"parent":"#.repeat(100_000),
        "}".repeat(100_000)
    );
    let body = format!(
        r#"{{"message":"Not found","nested":{}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let deep = format!(
        r#"{{"_initiator":{{"type":"script","stack":{stack}}},
        "startedDateTime":"2026-11-20T10:00:00Z","time":80,
        "request":{},"response":{}}}"#,
        get("https://acme.looker.com/api/4.0/looks/42", ""),
        answer(404, &body)
    );
    let analysis = analyze(&har(&[deep]));
    assert!(analysis.problems.is_empty(), "{:?}", analysis.problems);
    assert_eq!(analysis.summary.looker_calls, 1);
}

// --- real exports ----------------------------------------------------------------

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/hostile/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn a_chrome_export_with_all_its_extra_fields_is_read_whole() {
    let bytes = fixture("chrome-export.har");
    let analysis = analyze(&bytes);
    assert!(analysis.problems.is_empty(), "{:?}", analysis.problems);
    assert_eq!(analysis.summary.entries, 4);
    assert_eq!(analysis.summary.looker_calls, 2);
    assert_eq!(kinds(&analysis), ["missing-permission"]);
    assert_eq!(har::read(&bytes).unwrap().creator, "WebInspector");
}

#[test]
fn a_firefox_export_with_offsets_base64_and_params_is_read_whole() {
    let bytes = fixture("firefox-export.har");
    let analysis = analyze(&bytes);
    assert!(analysis.problems.is_empty(), "{:?}", analysis.problems);
    assert_eq!(kinds(&analysis), ["bad-credentials"]);
    // The documentation link came from the base64 body.
    assert_eq!(
        analysis.findings[0].doc_url,
        "https://cloud.google.com/looker/docs/reference/looker-api/latest"
    );

    let file = har::read(&bytes).unwrap();
    let login = &file.entries[0].1;
    assert_eq!(file.creator, "Firefox");
    assert_eq!(login.time, 84.521);
    // 11:00:01.123 at +01:00 is 10:00:01.123 UTC.
    assert_eq!(login.started_ms(), Some(1_795_168_801_123.0));
}

// --- secrets and markup --------------------------------------------------------------

#[test]
fn every_copy_of_a_duplicated_secret_header_is_redacted() {
    let headers = r#"{"name":"Authorization","value":"Bearer FirstTokenNotReal1"},
        {"name":"Content-Type","value":"text/plain"},
        {"name":"authorization","value":"token SecondTokenNotReal2"},
        {"name":"content-type","value":"application/json"}"#;
    let message = "Requires authentication: FirstTokenNotReal1 / SecondTokenNotReal2";
    let body = format!(r#"{{"message":"{message}"}}"#);
    let bytes = har(&[entry(&get(USER, headers), &answer(401, &body))]);
    let analysis = analyze(&bytes);
    assert!(!analysis.findings.is_empty());

    let file = har::read(&bytes).unwrap();
    let shown = [
        serde_json::to_string(&analysis.findings).unwrap(),
        report::markdown_report(&analysis, &file.entries, "dup.har"),
        report::curl_command(&file.entries[0].1),
        String::from_utf8(report::sanitize_har(&bytes).unwrap()).unwrap(),
    ];
    for text in shown {
        assert!(!text.contains("FirstTokenNotReal1"), "{text}");
        assert!(!text.contains("SecondTokenNotReal2"), "{text}");
    }
}

#[test]
fn markup_stays_plain_text_and_never_becomes_a_link() {
    let script = "<script>alert(1)</script>";
    let img = "<img src=x onerror=alert(1)>";
    let body = format!(
        r#"{{"message":"Validation Failed {script}","documentation_url":"javascript:alert(1)",
        "errors":[{{"field":"title{img}","code":"invalid","message":"{img}"}}]}}"#
    );
    let url = format!("https://acme.looker.com/api/4.0/looks?x={script}");
    let request = format!(
        r#"{{"method":"POST","url":"{url}","headers":[{{"name":"X-Note","value":"{img}"}}],
        "postData":{{"mimeType":"application/json","text":"{{}}"}}}}"#
    );
    let analysis = analyze(&har(&[entry(&request, &answer(422, &body))]));

    let finding = &analysis.findings[0];
    assert_eq!(finding.kind.as_str(), "validation-failed");
    assert!(finding.detail.contains(script), "{}", finding.detail);
    assert!(finding.evidence.iter().any(|e| e.contains(img)));
    assert!(finding.doc_url.starts_with(GUIDE), "{}", finding.doc_url);
}

#[test]
fn only_http_documentation_links_are_kept() {
    let doc_url = |link: &str| {
        let body =
            format!(r#"{{"message":"Requires authentication.","documentation_url":"{link}"}}"#);
        let analysis = analyze(&har(&[entry(&get(USER, ""), &answer(401, &body))]));
        analysis.findings[0].doc_url.clone()
    };
    for hostile in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "httpx://evil.example/",
        "http:alert(1)",
        "//evil.example/",
    ] {
        assert!(doc_url(hostile).starts_with(GUIDE), "{hostile}");
    }
    assert_eq!(
        doc_url("HTTPS://docs.looker.com/x"),
        "HTTPS://docs.looker.com/x"
    );
    assert_eq!(
        doc_url("http://docs.looker.com/x"),
        "http://docs.looker.com/x"
    );
}

// --- crashes the fuzz target found ------------------------------------------------

/// `scrub_text` stepped through text byte by byte and sliced it as `&str`:
/// a multi-byte character (the `…` of a shortened message) anywhere in a
/// text that also said "token " or "Bearer " panicked.
#[test]
fn non_ascii_text_near_a_bearer_token_is_scrubbed_without_a_panic() {
    assert_eq!(
        redact::scrub_text("… Bearer abcdefgh12345678 — token ijklmnop9876", &[]),
        "… Bearer REDACTED — token REDACTED"
    );

    let body = r#"{"message":"Jeton refusé: token expiré"}"#;
    let analysis = analyze(&har(&[entry(&get(USER, ""), &answer(401, body))]));
    assert_eq!(kinds(&analysis), ["not-authenticated"]);
    assert!(analysis.findings[0].detail.contains("Jeton refusé"));
}

#[test]
fn a_right_to_left_override_in_a_url_is_shown_not_obeyed() {
    let url = "https://acme.looker.com/api/4.0/user\u{202E}nimda";
    let analysis = analyze(&har(&[entry(
        &get(url, ""),
        &answer(500, r#"{"message":"An error has occurred."}"#),
    )]));
    let finding = &analysis.findings[0];
    assert!(
        finding.url.ends_with("/user<U+202E>nimda"),
        "{}",
        finding.url
    );
    assert!(
        finding.detail.contains("/user<U+202E>nimda"),
        "{}",
        finding.detail
    );
    assert!(!finding.detail.contains('\u{202E}'));
}
