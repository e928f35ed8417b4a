use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/cases/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn sanitizing_changes_only_the_secret_values() {
    let original = fixture("422-validation-failed.har");
    let sanitized: Value = serde_json::from_slice(&sanitize_har(&original).unwrap()).unwrap();

    let mut expected: Value = serde_json::from_slice(&original).unwrap();
    expected["log"]["entries"][0]["request"]["headers"][0]["value"] = "Bearer REDACTED".into();
    assert_eq!(sanitized, expected);
}

#[test]
fn sanitizing_keeps_every_entry_even_unreadable_ones() {
    let original = br#"{"log":{"entries":[
        {"request":{"method":"GET","url":"https://h/x?access_token=abcdef123"}},
        {"request":{"method":"GET","url":""},"note":"abcdef123"}]}}"#;
    let sanitized: Value = serde_json::from_slice(&sanitize_har(original).unwrap()).unwrap();

    let entries = sanitized["log"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(
        entries[0]["request"]["url"],
        "https://h/x?access_token=REDACTED"
    );
    assert_eq!(entries[1]["note"], "REDACTED");
}

#[test]
fn the_file_is_written_as_serde_json_writes_the_whole_tree() {
    let cases = ["422-validation-failed.har", "login-404-bad-credentials.har"];
    let odd = br#"{"z":{"a":[]},"log":{"version":"1.2","pages":[],"entries":[],"b":{}},"a":1}"#;
    let mut files: Vec<Vec<u8>> = cases.iter().map(|c| fixture(c)).collect();
    files.push(odd.to_vec());
    for file in files {
        let out = sanitize_har(&file).unwrap();
        let tree: Value = serde_json::from_slice(&out).unwrap();
        let mut expected = serde_json::to_vec_pretty(&tree).unwrap();
        expected.push(b'\n');
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }
}

#[test]
fn a_cookie_of_any_type_is_masked_and_a_list_stays_a_list() {
    let original = br#"{"log":{"entries":[
        {"request":{"method":"GET","url":"https://h/x","headers":[],
         "cookies":[{"name":"sid","value":{"v":"c00kieObject"}},
                    {"name":"n","value":90817263}]},
         "response":{"status":200,"cookies":[],"content":{"size":0,"mimeType":""}}},
        {"request":{"method":"GET","url":"https://h/y","headers":{},"cookies":[]},
         "response":{"status":"200","cookies":[]}}]}}"#;
    let sanitized = String::from_utf8(sanitize_har(original).unwrap()).unwrap();
    for secret in ["c00kieObject", "90817263"] {
        assert!(!sanitized.contains(secret), "{secret} in {sanitized}");
    }
    let tree: Value = serde_json::from_str(&sanitized).unwrap();
    let unreadable = &tree["log"]["entries"][1];
    assert_eq!(unreadable["request"]["cookies"], serde_json::json!([]));
    assert_eq!(unreadable["response"]["cookies"], serde_json::json!([]));
}

#[test]
fn cookies_in_any_shape_lose_their_values() {
    let original = br#"{"log":{"entries":[
        {"request":{"method":"GET","url":"https://h/x","headers":[],
         "cookies":{"looker.browser":"c00kieInAnObject"}},
         "response":{"status":200,"cookies":"sid=c00kieInAString",
         "content":{"size":0,"mimeType":""}}},
        {"request":{"method":"GET","url":"https://h/y","headers":[],
         "cookies":[["sid","c00kieInAPair"],"c00kieBare",{"value":"c00kieNoName"}]},
         "response":{"status":200,"cookies":[],"content":{"size":0,"mimeType":""}}}]}}"#;
    let sanitized = String::from_utf8(sanitize_har(original).unwrap()).unwrap();
    for secret in [
        "c00kieInAnObject",
        "c00kieInAString",
        "c00kieInAPair",
        "c00kieBare",
        "c00kieNoName",
    ] {
        assert!(!sanitized.contains(secret), "{secret} in {sanitized}");
    }
}

#[test]
fn half_an_emoji_is_written_as_the_replacement_character_and_whole_ones_kept() {
    assert_eq!(
        har::without_lone_surrogates(r#""a\ud83d b \ud83d\ude00 c \\ud83d d \udc00""#),
        r#""a\ufffd b \ud83d\ude00 c \\ud83d d \ufffd""#
    );
    let original = br#"{"log":{"entries":[{"request":{"method":"GET","url":"https://h/x",
        "headers":[]},"response":{"status":404,"headers":[],"content":{"size":9,
        "mimeType":"application/json","text":"{\"message\":\"cut \ud83d\"}"}}}]}}"#;
    let sanitized = String::from_utf8(sanitize_har(original).unwrap()).unwrap();
    assert!(sanitized.contains("cut \u{FFFD}"), "{sanitized}");
}

#[test]
fn an_unreadable_entry_is_cleaned_by_name_whatever_its_shape() {
    let original = br#"{"log":{"entries":[{"request":{"method":"GET",
        "url":"https://h/x","headers":{"Cookie":"sid=c00kie1"},
        "postData":{"text":{"client_secret":"s3cret2"}},
        "queryString":[{"name":"access_token","value":"t0ken3"}]},
        "response":{"status":"200","content":{"text":"Authorization: token t0k4"}}}]}}"#;
    let sanitized = String::from_utf8(sanitize_har(original).unwrap()).unwrap();
    for secret in ["c00kie1", "s3cret2", "t0ken3", "t0k4"] {
        assert!(!sanitized.contains(secret), "{secret} in {sanitized}");
    }
    assert!(sanitized.contains("https://h/x"), "{sanitized}");
}

#[test]
fn a_base64_body_is_redacted_inside_and_encoded_again() {
    let body = base64::engine::general_purpose::STANDARD.encode(r#"{"access_token":"abcdef123"}"#);
    let original = format!(
        r#"{{"log":{{"entries":[{{"request":{{"method":"POST","url":"https://h/api/4.0/login"}},
        "response":{{"status":200,"content":{{"encoding":"base64","text":"{body}"}}}}}}]}}}}"#
    );
    let sanitized: Value =
        serde_json::from_slice(&sanitize_har(original.as_bytes()).unwrap()).unwrap();

    let text = sanitized["log"]["entries"][0]["response"]["content"]["text"]
        .as_str()
        .unwrap();
    let decoded = har::decode_base64(text).unwrap();
    assert_eq!(decoded, br#"{"access_token":"REDACTED"}"#);
}

#[test]
fn a_file_that_is_not_a_har_fails_as_the_reader_does() {
    let err = sanitize_har(b"<html>hello</html>").unwrap_err();
    assert_eq!(err, har::read(b"<html>hello</html>").unwrap_err());
}
