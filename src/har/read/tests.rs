use super::*;

fn entry_json(status: &str) -> String {
    format!(
        r#"{{"startedDateTime":"2026-11-20T10:00:00Z","time":5,
        "request":{{"method":"GET","url":"https://acme.looker.com/api/4.0/user","headers":[]}},
        "response":{{"status":{status},"headers":[],"content":{{"size":0,"mimeType":""}}}}}}"#
    )
}

fn har(entries: &[String]) -> Vec<u8> {
    format!(
        r#"{{"log":{{"version":"1.2","entries":[{}]}}}}"#,
        entries.join(",")
    )
    .into_bytes()
}

#[test]
fn a_bad_entry_is_reported_and_the_others_are_kept() {
    let file = read(&har(&[
        entry_json("200"),
        entry_json("\"OK\""),
        entry_json("404"),
    ]))
    .unwrap();
    assert_eq!(file.entries.len(), 2);
    assert_eq!(file.entries[1].0, 2);
    assert_eq!(
        file.problems[0].to_string(),
        "entry 1: response.status: expected a number, found a string"
    );
}

#[test]
fn a_whole_status_written_as_a_float_is_read_and_a_fraction_is_not() {
    let file = read(&har(&[
        entry_json("401.0"),
        entry_json("4.04e2"),
        entry_json("401.5"),
        entry_json("7e4"),
    ]))
    .unwrap();
    let statuses: Vec<_> = file
        .entries
        .iter()
        .map(|(_, e)| e.response.status)
        .collect();
    assert_eq!(statuses, [401, 404]);
    let problems: Vec<_> = file.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "entry 2: response.status: expected a whole number, found 401.5",
            "entry 3: response.status: expected a whole number from 0 to 65535, found 70000",
        ]
    );
}

#[test]
fn text_that_is_not_json_says_so() {
    let err = read(b"<html>hello</html>").unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a HAR file: the file is an HTML or XML page, not JSON: save the HAR from \
         DevTools' Network panel (Export HAR)"
    );
    let err = read(b"{\"log\": {\"entries\": [1 2]}}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a HAR file: the file is not valid JSON (a comma or a closing bracket is \
         missing, at line 1, column 24)"
    );
}

#[test]
fn json_without_entries_says_what_is_missing() {
    let err = read(br#"{"log":{"version":"1.2"}}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a HAR file: it is JSON, but \"log\" has no \"entries\" list"
    );
}

#[test]
fn a_truncated_file_says_it_is_truncated() {
    let whole = har(&[entry_json("200")]);
    let err = read(&whole[..whole.len() / 2]).unwrap_err();
    assert!(err.to_string().contains("it looks truncated"), "{err}");
}

#[test]
fn invalid_utf8_names_the_offset() {
    let err = read(b"{\"log\":\xff}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a HAR file: the file is not UTF-8 text (invalid byte at offset 7)"
    );
}

#[test]
fn a_compressed_file_is_named_as_such() {
    let gzip = read(&[0x1f, 0x8b, 0x08, 0, 0, 0]).unwrap_err();
    assert!(gzip.to_string().contains("gzip-compressed"), "{gzip}");
    let zip = read(b"PK\x03\x04\x14\x00").unwrap_err();
    assert!(zip.to_string().contains("ZIP archive"), "{zip}");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!(
        r#"{{"log":{{"entries":[{}{}]}}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let file = read(deep.as_bytes()).unwrap();
    assert_eq!(
        file.problems[0].to_string(),
        "entry 0: expected an object, found a list"
    );
}
