//! HAR files saved by Firefox: a request that got no answer is saved with
//! status 0 and no reason, and must be judged a failure, not a request
//! still waiting.

#![cfg(not(target_arch = "wasm32"))]

mod common;

#[test]
fn a_firefox_request_without_an_answer_is_a_failure_and_a_cross_origin_one_is_cors() {
    let analysis = common::analyze_file(&common::root("tests/fixtures/firefox-failed-calls.har"));
    let kinds: Vec<(Option<usize>, &str)> = analysis
        .findings
        .iter()
        .filter(|f| f.severity == looker_api_doctor::Severity::Error)
        .map(|f| (f.entry, f.kind.as_str()))
        .collect();

    assert!(kinds.contains(&(Some(1), "cors-blocked")), "{kinds:?}");
    assert!(
        kinds.iter().any(|(entry, _)| *entry == Some(0)),
        "{kinds:?}"
    );
    assert!(!kinds.contains(&(Some(0), "hanging-call")), "{kinds:?}");
    assert!(!kinds.contains(&(Some(1), "unreachable")), "{kinds:?}");
}
