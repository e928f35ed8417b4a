//! The hand-written reader against serde's: wherever it reads an entry,
//! serde's reader must read the same entry from the same bytes.

use std::path::Path;

use serde_json::value::RawValue;

use super::*;
use crate::har::each::by_serde;

/// What the hand-written reader makes of the entry `text` starts with: the
/// entry, as `Debug` prints it, and the bytes it takes.
fn scanned(text: &str) -> Option<(String, usize)> {
    let mut json = Json::new(text, 0);
    if json.peek()? != b'{' {
        return None;
    }
    entry(&mut json).map(|e| (format!("{e:?}"), json.at()))
}

fn by_serde_debug(text: &str) -> Option<(String, usize)> {
    by_serde(text).map(|(e, len)| (format!("{e:?}"), len))
}

/// Panics when the hand-written reader reads an entry that serde's reads
/// otherwise or not at all; gives whether it read one.
fn agrees(text: &str) -> bool {
    let Some(scanned) = scanned(text) else {
        return false;
    };
    assert_eq!(
        Some(&scanned),
        by_serde_debug(text).as_ref(),
        "reading {text:?}"
    );
    true
}

/// Every entry of every HAR file under `tests/fixtures`, as written.
fn fixture_entries() -> Vec<String> {
    let mut files = Vec::new();
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")];
    while let Some(folder) = folders.pop() {
        for item in std::fs::read_dir(folder).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "har") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 30, "found only {files:?}");

    #[derive(serde::Deserialize)]
    struct File<'a> {
        #[serde(borrow)]
        log: Log<'a>,
    }
    #[derive(serde::Deserialize)]
    struct Log<'a> {
        #[serde(borrow)]
        entries: Vec<&'a RawValue>,
    }
    let mut entries = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        if let Ok(file) = serde_json::from_str::<File>(&text) {
            entries.extend(file.log.entries.iter().map(|e| e.get().to_owned()));
        }
    }
    entries
}

#[test]
fn every_well_formed_test_entry_reads_as_serde_reads_it() {
    let mut read = 0;
    let entries = fixture_entries();
    for text in &entries {
        if by_serde(text).is_some_and(|(e, _)| !e.request.url.is_empty()) {
            assert!(agrees(text), "left to serde: {text}");
            read += 1;
        }
    }
    assert!(read > 100, "only {read} of {} entries", entries.len());
}

/// A small deterministic generator (xorshift), so that a failure repeats.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Bytes that change what JSON means where they land.
const TROUBLE: &[&str] = &[
    "\"",
    "\\",
    ",",
    ":",
    "{",
    "}",
    "[",
    "]",
    "null",
    "0",
    "-",
    ".",
    "e",
    "1e999",
    "\u{1}",
    "\\u00",
    "\\ud800",
    "\\n",
    " ",
    "true",
    "\"url\":\"x\",",
    "\"status\":200,",
    "\"time\":null,",
    "\"name\":\"a\",",
    "\"size\":-1,",
    "\"text\":\"\\\"\",",
    "[[[[",
    "]]]]",
    "é",
];

#[test]
fn broken_copies_of_the_test_entries_read_alike_or_are_left_to_serde() {
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    let (mut tried, mut read) = (0, 0);
    for text in fixture_entries() {
        for _ in 0..300 {
            let mut bytes = text.clone().into_bytes();
            for _ in 0..1 + dice.below(3) {
                let at = dice.below(bytes.len() + 1);
                match dice.below(3) {
                    0 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    1 => {
                        let piece = TROUBLE[dice.below(TROUBLE.len())];
                        bytes.splice(at..at, piece.bytes());
                    }
                    _ => {
                        let end = (at + dice.below(40)).min(bytes.len());
                        let copy = bytes[at..end].to_vec();
                        bytes.splice(at..at, copy);
                    }
                }
            }
            let Ok(broken) = String::from_utf8(bytes) else {
                continue;
            };
            tried += 1;
            read += usize::from(agrees(&broken));
        }
    }
    // Most copies are still entries: the reader must not leave them all.
    assert!(tried > 10_000 && read > tried / 5, "{read} read of {tried}");
}

fn entry_with(request: &str, response: &str) -> String {
    format!(
        r#"{{"startedDateTime":"2026-12-04T10:00:00Z","time":12.5,
        "request":{{"method":"GET","url":"https://acme.looker.com/api/4.0/user",{request}"headers":[]}},
        "response":{{"status":200,{response}"content":{{"size":2,"mimeType":"application/json","text":"{{}}"}}}}}}"#
    )
}

#[test]
fn what_serde_refuses_is_left_to_it() {
    let refused = [
        entry_with(r#""method":"POST","#, ""),
        entry_with(r#""url":null,"#, ""),
        entry_with("", r#""status":200.5,"#),
        entry_with("", r#""status":70000,"#),
        entry_with("", r#""status":-1,"#),
        entry_with("", r#""statusText":null,"#),
        entry_with(r#""postData":{"text":5},"#, ""),
        entry_with(r#""headersSize":012,"#, ""),
        entry_with(r#""cookies":[1,],"#, ""),
        entry_with(r#""comment":"tab	inside","#, ""),
        entry_with(r#""comment":"\x","#, ""),
        entry_with(r#""comment":"\u12g4","#, ""),
        entry_with(r#""url":"https://acme.looker.com/\ud800","#, ""),
    ];
    for text in refused {
        assert!(scanned(&text).is_none(), "{text}");
    }
}

#[test]
fn numbers_nulls_and_escaped_keys_read_as_serde_reads_them() {
    let read = [
        entry_with("", r#""\u0073tatus":404,"#).replace(r#""status":200,"#, ""),
        entry_with("", r#""status":401.0,"#).replace(r#""status":200,"#, ""),
        entry_with("", r#""status":4.01e2,"#).replace(r#""status":200,"#, ""),
        entry_with("", r#""status":-0,"#).replace(r#""status":200,"#, ""),
        entry_with(r#""postData":null,"#, r#""_error":null,"#),
        entry_with(r#""queryString":[{"name":"a","value":"\u00e9\n"}],"#, ""),
        entry_with(
            r#""postData":{"params":[{"name":"a"},{"name":"b","value":null}]},"#,
            "",
        ),
        entry_with("", r#""redirectURL":"\/x","#).replace("12.5", "-0"),
        entry_with("", "").replace("12.5", "1.000000000000000000001e2"),
        entry_with("", "").replace("12.5", "null"),
        entry_with("", "").replace(r#""size":2"#, r#""size":null"#),
        entry_with("", "").replace(r#""{}""#, r#""{\"a\":\"\\\"b\"}""#),
        // serde_json checks a lone surrogate only in a string it keeps.
        entry_with(r#""comment":"\ud800","#, ""),
    ];
    for text in read {
        assert!(agrees(&text), "{text}");
    }
    let no_time = entry_with("", "").replace(r#""time":12.5,"#, "");
    assert!(agrees(&no_time));
}

#[test]
fn a_duration_of_more_than_a_year_is_left_to_serde_to_refuse() {
    let text = entry_with("", "").replace("12.5", "4e10");
    assert_eq!((scanned(&text), by_serde_debug(&text)), (None, None));
}

#[test]
fn nesting_past_the_limit_is_left_to_serde_which_reads_it() {
    let deep = format!("{}{}", "[".repeat(120), "]".repeat(120));
    let text = entry_with(&format!(r#""deep":{deep},"#), "");
    assert!(scanned(&text).is_none());
    assert!(crate::har::each::entry_at_start(&text).is_some());
}

#[test]
fn a_string_ends_at_its_first_unescaped_quote_wherever_it_falls() {
    for len in 0..20 {
        let inside = format!("{}\\\\\\\"{}", "a".repeat(len), "é".repeat(len % 5));
        let text = format!(r#""{inside}" ,"#);
        let mut json = Json::new(&text, 0);
        assert_eq!(json.raw_string(), Some((inside.as_str(), true)));
        assert_eq!(json.peek(), Some(b','));
    }
}
