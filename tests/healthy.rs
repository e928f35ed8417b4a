//! A session where everything works gets no warning and no error, and
//! traffic that is not Looker's gets no finding at all.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use looker_api_doctor::Severity;

#[test]
fn a_healthy_session_gets_no_warning_and_no_error() {
    let analysis = common::analyze_file(&common::root("tests/fixtures/healthy-session.har"));

    let serious: Vec<String> = analysis
        .findings
        .iter()
        .filter(|f| f.severity > Severity::Info)
        .map(|f| format!("entry {:?}: {} ({})", f.entry, f.title, f.rule))
        .collect();
    assert!(serious.is_empty(), "{}", serious.join("\n"));
    assert!(analysis.problems.is_empty(), "{:?}", analysis.problems);
    assert_eq!(analysis.summary.looker_calls, 6);
}

#[test]
fn a_github_422_of_the_same_shape_as_lookers_gets_no_finding() {
    let path = common::root("tests/fixtures/healthy-session.har");
    let har: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let entries = har["log"]["entries"].as_array().unwrap();
    let github = entries
        .iter()
        .position(|e| {
            let url = e["request"]["url"].as_str().unwrap_or("");
            url.starts_with("https://api.github.com/") && e["response"]["status"] == 422
        })
        .expect("the fixture holds a GitHub 422");

    let analysis = common::analyze_file(&path);
    let about_github: Vec<&str> = analysis
        .findings
        .iter()
        .filter(|f| f.entry == Some(github))
        .map(|f| f.rule)
        .collect();
    assert!(about_github.is_empty(), "{about_github:?}");
}
