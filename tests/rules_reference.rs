//! `docs/rules.md`, the reference of every rule and reachability verdict,
//! is made from the rules' own documentation and must match it.
//!
//! `BLESS=1 cargo test --test rules_reference` rewrites it.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use looker_api_doctor::diagnose::rules::{RuleInfo, ALL};
use looker_api_doctor::probe::verdicts;

/// The module documentation of a source file, without the `//!` marks.
fn module_docs(path: &str) -> String {
    let source = std::fs::read_to_string(common::root(path)).unwrap_or_default();
    let lines: Vec<&str> = source
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| {
            let text = l.trim_start_matches("//!");
            text.strip_prefix(' ').unwrap_or(text)
        })
        .collect();
    lines.join("\n")
}

fn section(out: &mut String, info: &RuleInfo, path: &str) {
    let docs = module_docs(path);
    // Headings in the rule's docs become sub-headings here.
    let docs = docs.replace("\n# ", "\n#### ");
    out.push_str(&format!(
        "### `{}`\n\nkind `{}` · severity `{}` · title: {}\n\n{}\n\nSource: [`{path}`](../{path})\n\n",
        info.id,
        info.kind.as_str(),
        info.severity.as_str(),
        info.title,
        docs.trim(),
    ));
}

fn reference() -> String {
    let mut out = String::from(
        "# Rules reference\n\n\
         Generated from the rules' source documentation by `tests/rules_reference.rs` \
         (`BLESS=1 cargo test --test rules_reference` rewrites it): do not edit by hand.\n\n\
         Each finding names the rule that made it (`rule`) and its stable `kind`. Call rules \
         judge recorded requests, from the live panel or a HAR file; reachability verdicts \
         judge the panel's one-click checks of `/alive` and `/versions`. The short names \
         the documentation cites (TS doc, facts §…, toolchain notes) are explained in \
         [sources.md](sources.md).\n\n\
         ## Call rules\n\n",
    );
    for rule in ALL {
        section(
            &mut out,
            &rule.info(),
            &format!("src/diagnose/rules/{}.rs", rule.id),
        );
    }
    out.push_str("## Reachability verdicts\n\n");
    for verdict in verdicts::ALL {
        let file = verdict.id.trim_start_matches("probe_");
        section(&mut out, verdict, &format!("src/probe/verdicts/{file}.rs"));
    }
    out
}

#[test]
fn the_rules_reference_matches_the_rules_documentation() {
    let path = common::root("docs/rules.md");
    let expected = reference();
    if common::blessing() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is out of date: run BLESS=1 cargo test --test rules_reference"
    );
}
