//! The `looker-api-doctor` command as a person runs it: exit statuses,
//! outputs, error messages, and no secret in any of them.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SECRETS: &[&str] = &["tok3nNotReal", "S3cr3tValueNotReal"];

/// Runs the command with `stdin` as its standard input.
fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_looker-api-doctor"))
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    input.write_all(stdin).expect("stdin accepts the input");
    drop(input);
    child.wait_with_output().expect("the binary finishes")
}

fn case(name: &str) -> String {
    let path = common::root(&format!("tests/fixtures/cases/{name}.har"));
    path.to_str().expect("the crate path is UTF-8").to_owned()
}

fn cases() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(common::root("tests/fixtures/cases"))
        .unwrap()
        .map(|f| f.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "har"))
        .collect();
    paths.sort();
    paths
}

/// A file in the tests' scratch folder.
fn scratch(name: &str, bytes: &[u8]) -> String {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

/// A session that went well: a login, then a successful call.
const HEALTHY: &str = r#"{"log":{"version":"1.2","entries":[
  {"startedDateTime":"2026-11-20T10:00:00.000Z","time":80,
   "request":{"method":"POST","url":"https://acme.looker.com/api/4.0/login","headers":[],
     "postData":{"mimeType":"application/x-www-form-urlencoded",
       "text":"client_id=abc&client_secret=S3cr3tValueNotReal"}},
   "response":{"status":200,"statusText":"OK",
     "headers":[{"name":"content-type","value":"application/json"}],
     "content":{"size":80,"mimeType":"application/json",
       "text":"{\"access_token\":\"tok3nNotReal\",\"expires_in\":3600}"}}},
  {"startedDateTime":"2026-11-20T10:00:01.000Z","time":40,
   "request":{"method":"GET","url":"https://acme.looker.com/api/4.0/user",
     "headers":[{"name":"Authorization","value":"Bearer tok3nNotReal"}]},
   "response":{"status":200,"statusText":"OK",
     "headers":[{"name":"content-type","value":"application/json"}],
     "content":{"size":9,"mimeType":"application/json","text":"{\"id\":\"1\"}"}}}]}}"#;

#[test]
fn a_healthy_session_exits_0() {
    let path = scratch("healthy.har", HEALTHY.as_bytes());
    let output = run(&["analyze", &path], b"");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    assert!(
        text(&output.stdout).contains("0 errors"),
        "{}",
        text(&output.stdout)
    );
    assert!(output.stderr.is_empty());
}

#[test]
fn a_session_with_an_error_exits_1_and_names_the_request() {
    let output = run(&["analyze", &case("422-validation-failed")], b"");
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with(
            "entry 0: PATCH https://acme.looker.com/api/4.0/looks/42/move?folder_id=7 \
             (422 Unprocessable Entity)\n  error: validation failed"
        ),
        "{stdout}"
    );
    let summary = stdout.lines().last().unwrap_or("");
    assert!(summary.starts_with("1 error, 0 warnings, "), "{summary}");
    assert!(
        summary.ends_with(" in 1 entry (1 Looker API call)"),
        "{summary}"
    );
    assert!(!stdout.contains('\x1b'), "no colour when not on a terminal");
}

#[test]
fn a_missing_file_exits_2_with_one_line_on_stderr() {
    let output = run(&["analyze", "no/such/file.har"], b"");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "looker-api-doctor: no/such/file.har: no such file\n"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn a_file_that_is_not_json_exits_2_and_says_why() {
    let path = scratch("page.html", b"<html>not a HAR</html>\n");
    let output = run(&["analyze", &path], b"");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        format!(
            "looker-api-doctor: {path}: not a HAR file: the file is an HTML or XML page, not \
             JSON: save the HAR from DevTools' Network panel (Export HAR)\n"
        )
    );
}

#[test]
fn invalid_utf8_exits_2_and_names_the_offset() {
    let output = run(&["analyze", "-"], b"{\"log\":\xff}");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "looker-api-doctor: standard input: not a HAR file: \
         the file is not UTF-8 text (invalid byte at offset 7)\n"
    );
}

#[test]
fn bad_arguments_exit_2_with_a_pointer_to_help() {
    let output = run(&["analyze", "x.har", "--colour=always"], b"");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "looker-api-doctor: unknown option --colour=always (see --help)\n"
    );
    assert_eq!(run(&[], b"").status.code(), Some(2));
}

#[test]
fn help_and_version_exit_0() {
    let help = run(&["--help"], b"");
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).contains("looker-api-doctor analyze FILE.har [--json]"));
    let version = run(&["-V"], b"");
    assert_eq!(
        text(&version.stdout),
        format!("looker-api-doctor {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_dash_reads_the_har_from_stdin() {
    let bytes = std::fs::read(case("token-expired-401")).unwrap();
    let from_stdin = run(&["analyze", "-"], &bytes);
    let from_file = run(&["analyze", &case("token-expired-401")], b"");
    assert_eq!(from_stdin.status.code(), Some(1));
    assert_eq!(text(&from_stdin.stdout), text(&from_file.stdout));
}

#[test]
fn json_output_has_findings_summary_and_problems() {
    let output = run(&["analyze", &case("422-validation-failed"), "--json"], b"");
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON object");

    let finding = &json["findings"][0];
    assert_eq!(finding["kind"], "validation-failed");
    assert_eq!(finding["rule"], "validation_failed");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["entry"], 0);
    assert_eq!(
        finding["url"],
        "https://acme.looker.com/api/4.0/looks/42/move?folder_id=7"
    );
    for field in ["title", "detail"] {
        assert!(finding[field].is_string(), "{field} missing");
    }
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["problems"], serde_json::json!([]));
}

#[test]
fn unreadable_entries_are_listed_as_warnings() {
    let har = HEALTHY.replacen(r#""status":200"#, r#""status":"OK""#, 1);
    let output = run(&["analyze", "-"], har.as_bytes());
    let stdout = text(&output.stdout);
    assert!(
        stdout
            .contains("unreadable: entry 0: response.status: expected a number, found a string\n"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("(1 Looker API call, 1 unreadable)\n"),
        "{stdout}"
    );
}

#[test]
fn a_file_none_of_whose_entries_can_be_read_exits_2_and_lists_them() {
    let har = HEALTHY.replace(r#""status":200"#, r#""status":"OK""#);
    let output = run(&["analyze", "-"], har.as_bytes());
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stdout).contains("unreadable: entry 1: response.status"));
    assert_eq!(
        text(&output.stderr),
        "looker-api-doctor: standard input: none of its 2 entries could be read\n"
    );
}

#[test]
fn the_markdown_report_of_an_unreadable_file_says_nothing_was_judged_and_exits_2() {
    let har = HEALTHY.replace(r#""status":200"#, r#""status":"OK""#);
    let output = run(&["export-markdown", "-"], har.as_bytes());
    assert_eq!(output.status.code(), Some(2));
    let report = text(&output.stdout);
    assert!(
        report.contains("No entry could be read, so nothing was judged."),
        "{report}"
    );
    assert!(!report.contains("No problems found"), "{report}");
}

#[test]
fn a_file_without_requests_says_how_to_record_them() {
    let output = run(
        &["analyze", "-"],
        br#"{"log":{"version":"1.2","entries":[]}}"#,
    );
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("the file holds no requests: DevTools records only"),
        "{stdout}"
    );
}

#[test]
fn a_file_name_with_a_right_to_left_override_is_spelled_out() {
    let output = run(&["analyze", "/nonexistent/a\u{202E}b.har"], b"");
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("a<U+202E>b.har"), "{stderr}");
}

#[test]
fn colour_is_used_when_asked_for_and_never_otherwise() {
    let path = case("422-validation-failed");
    let coloured = run(&["analyze", &path, "--color=always"], b"");
    assert!(text(&coloured.stdout).contains("\x1b[1;31merror:\x1b[0m"));
    let plain = run(&["analyze", &path, "--color", "never"], b"");
    assert!(!text(&plain.stdout).contains('\x1b'));
}

#[test]
fn no_output_of_any_command_contains_a_secret_of_the_cases() {
    for path in cases() {
        let path = path.to_str().unwrap();
        for args in [
            vec!["analyze", path],
            vec!["analyze", path, "--json"],
            vec!["export-markdown", path],
            vec!["sanitize", path],
        ] {
            let output = run(&args, b"");
            let stdout = text(&output.stdout);
            assert!(!stdout.is_empty(), "{args:?} printed nothing");
            for secret in SECRETS {
                assert!(!stdout.contains(secret), "{args:?} leaked {secret}");
            }
        }
    }
}

#[test]
fn exports_go_to_stdout_and_exit_0() {
    let path = case("login-404-bad-credentials");
    let markdown = run(&["export-markdown", &path], b"");
    assert_eq!(markdown.status.code(), Some(0));
    let stdout = text(&markdown.stdout);
    assert!(
        stdout.starts_with("# Looker API Doctor report\n\nSource: `login-404-bad-credentials.har`")
    );

    let sanitized = run(&["sanitize", &path], b"");
    assert_eq!(sanitized.status.code(), Some(0));
    let har: serde_json::Value = serde_json::from_slice(&sanitized.stdout).unwrap();
    assert_eq!(har["log"]["entries"].as_array().map(Vec::len), Some(1));
}
