//! Every rule is documented and has a fixture whose findings match the
//! expected output in `tests/fixtures/rules/<rule>.expect.json`.
//!
//! `BLESS=1 cargo test --test rules` rewrites the expected output from what
//! the engine reports now; review the diff before committing it.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use looker_api_doctor::diagnose::rules::ALL;

#[test]
fn every_rule_documents_what_why_limitations_and_an_example() {
    let mut missing = Vec::new();
    for rule in ALL {
        let path = common::root(&format!("src/diagnose/rules/{}.rs", rule.id));
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        let docs: Vec<&str> = source.lines().filter(|l| l.starts_with("//!")).collect();
        let summary = docs
            .first()
            .map(|l| l.trim_start_matches("//!").trim())
            .unwrap_or("");
        for heading in ["# Why", "# Known limitations", "# Example"] {
            if !docs
                .iter()
                .any(|l| l.trim_start_matches("//!").trim() == heading)
            {
                missing.push(format!("{}: no '{heading}' section", rule.id));
            }
        }
        if summary.len() < 20 {
            missing.push(format!("{}: no summary of what it detects", rule.id));
        }
    }
    assert!(
        missing.is_empty(),
        "rules lacking documentation:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_rule_has_a_fixture_that_makes_it_fire() {
    let mut failures = Vec::new();
    for rule in ALL {
        let har = common::root(&format!("tests/fixtures/rules/{}.har", rule.id));
        let expect_path = common::root(&format!("tests/fixtures/rules/{}.expect.json", rule.id));
        if !har.exists() {
            failures.push(format!("{}: no fixture {}", rule.id, har.display()));
            continue;
        }
        let actual = common::outline(&common::analyze_file(&har));
        if common::blessing() {
            let text = serde_json::to_string_pretty(&actual).unwrap() + "\n";
            std::fs::write(&expect_path, text).unwrap();
        }
        let expected: serde_json::Value = match std::fs::read(&expect_path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap(),
            Err(_) => {
                failures.push(format!(
                    "{}: no expected output (run with BLESS=1)",
                    rule.id
                ));
                continue;
            }
        };
        let fires = actual["findings"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["rule"] == rule.id));
        if !fires {
            failures.push(format!("{}: its fixture does not make it fire", rule.id));
        }
        if actual != expected {
            failures.push(format!(
                "{}: findings differ\nexpected: {expected:#}\nactual: {actual:#}",
                rule.id
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_rule_file_is_registered() {
    let dir = common::root("src/diagnose/rules");
    let registered: Vec<&str> = ALL.iter().map(|r| r.id).collect();
    for file in std::fs::read_dir(dir).unwrap() {
        let name = file.unwrap().file_name().into_string().unwrap();
        if let Some(id) = name.strip_suffix(".rs").filter(|n| *n != "mod") {
            assert!(registered.contains(&id), "{id}.rs is not in the registry");
        }
    }
}

#[test]
fn rule_ids_are_unique_and_titles_are_lowercase_without_a_period() {
    let mut ids: Vec<&str> = ALL.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), ALL.len());
    for rule in ALL {
        let first = rule.title.chars().next().unwrap();
        assert!(!first.is_uppercase(), "{}: title starts uppercase", rule.id);
        assert!(
            !rule.title.ends_with('.'),
            "{}: title ends with a period",
            rule.id
        );
    }
}

/// Findings about one call name it the same way first: its method and URL
/// without the query string (and the operation, when known), so that a
/// reader can find the call in the Network panel.
#[test]
fn every_finding_about_a_call_opens_with_its_request_line() {
    let mut wrong = Vec::new();
    for rule in ALL.iter().filter(|r| r.id != "sdk_identified") {
        let path = common::root(&format!("tests/fixtures/rules/{}.har", rule.id));
        let file = looker_api_doctor::har::read(&std::fs::read(&path).unwrap()).unwrap();
        for finding in common::analyze_file(&path).findings {
            let Some(index) = finding.entry else { continue };
            let (_, entry) = file.entries.iter().find(|(i, _)| *i == index).unwrap();
            let url = entry.request.url.split(['?', '#']).next().unwrap();
            let line = format!("{} {url}", entry.request.method);
            if !finding.detail.starts_with(&line) {
                wrong.push(format!(
                    "{}: {:?} does not open with {line}",
                    rule.id, finding.detail
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
