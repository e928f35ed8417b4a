//! The real-world failures handed to the project (`tests/fixtures/cases/`):
//! each must get its expected kind and none of the kinds that would be a
//! wrong diagnosis.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeSet;

#[test]
fn every_handed_case_gets_its_diagnosis() {
    let dir = common::root("tests/fixtures/cases");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|f| f.unwrap().file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".har").map(str::to_owned))
        .collect();
    names.sort();
    assert!(
        names.len() >= 9,
        "the handed cases are missing from {}",
        dir.display()
    );

    let mut wrong = Vec::new();
    for name in &names {
        let expect: serde_json::Value = serde_json::from_slice(
            &std::fs::read(dir.join(format!("{name}.expect.json"))).unwrap(),
        )
        .unwrap();
        let analysis = common::analyze_file(&dir.join(format!("{name}.har")));
        let kinds: BTreeSet<&str> = analysis.findings.iter().map(|f| f.kind.as_str()).collect();

        if let Some(kind) = expect["expect_kind"].as_str() {
            if !kinds.contains(kind) {
                wrong.push(format!("{name}: expected {kind}, got {kinds:?}"));
            }
        } else if analysis
            .findings
            .iter()
            .any(|f| f.severity > looker_api_doctor::Severity::Info)
        {
            wrong.push(format!("{name}: expected no warning, got {kinds:?}"));
        }
        for bad in expect["must_not_kinds"].as_array().unwrap() {
            if kinds.contains(bad.as_str().unwrap()) {
                wrong.push(format!("{name}: wrong diagnosis {bad}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_secret_of_a_case_reaches_a_finding() {
    let dir = common::root("tests/fixtures/cases");
    for file in std::fs::read_dir(&dir).unwrap() {
        let path = file.unwrap().path();
        if path.extension().is_some_and(|e| e == "har") {
            let analysis = common::analyze_file(&path);
            let text = serde_json::to_string(&analysis.findings).unwrap();
            for secret in ["tok3nNotReal", "S3cr3tValueNotReal"] {
                assert!(
                    !text.contains(secret),
                    "{}: {secret} leaked",
                    path.display()
                );
            }
        }
    }
}
