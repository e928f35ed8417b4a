//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use looker_api_doctor::{analyze_har, Analysis};

/// A path below the crate root.
pub fn root(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Analyzes a HAR file of the test fixtures.
pub fn analyze_file(path: &Path) -> Analysis {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    analyze_har(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Whether fixtures' expected output should be rewritten (`BLESS=1`).
pub fn blessing() -> bool {
    std::env::var_os("BLESS").is_some()
}

/// The comparable part of an analysis: one JSON object per finding.
pub fn outline(analysis: &Analysis) -> serde_json::Value {
    let findings: Vec<serde_json::Value> = analysis
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "entry": f.entry,
                "kind": f.kind.as_str(),
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "title": f.title,
            })
        })
        .collect();
    serde_json::json!({ "findings": findings, "problems": analysis.problems })
}
