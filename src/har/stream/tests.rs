use std::path::Path;

use super::{HarStream, ReadWhole, Span};
use crate::har::{self, Entry};

/// What reading in pieces of `size` bytes gives: each entry with its span
/// (entries as their debug text, since `Entry` has no equality), and the
/// problems as the user reads them.
type Read = (Vec<(usize, Span, String)>, Vec<String>);

fn read_in_pieces(file: &[u8], size: usize) -> Result<Read, ReadWhole> {
    let mut stream = HarStream::new();
    let mut pieces = Vec::new();
    for chunk in file.chunks(size.max(1)) {
        pieces.push(stream.push(chunk)?);
    }
    pieces.push(stream.finish()?);

    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for piece in pieces {
        entries.extend(
            piece
                .entries
                .into_iter()
                .map(|(i, s, e)| (i, s, format!("{e:?}"))),
        );
        problems.extend(piece.problems.iter().map(ToString::to_string));
    }
    Ok((entries, problems))
}

/// What `har::read` gives for the whole file, in the same terms.
fn read_whole(file: &[u8]) -> (Vec<(usize, String)>, Vec<String>) {
    let read = har::read(file).expect("a readable file");
    let entries = read.entries.iter().map(|(i, e)| (*i, format!("{e:?}")));
    let problems = read.problems.iter().map(ToString::to_string).collect();
    (entries.collect(), problems)
}

fn assert_same_as_whole(name: &str, file: &[u8], size: usize) {
    let (entries, problems) = read_in_pieces(file, size)
        .unwrap_or_else(|_| panic!("{name} in pieces of {size}: not read in pieces"));
    let whole = read_whole(file);
    let without_spans: Vec<_> = entries.iter().map(|(i, _, e)| (*i, e.clone())).collect();
    assert_eq!(without_spans, whole.0, "{name} in pieces of {size}");
    assert_eq!(problems, whole.1, "{name} in pieces of {size}");

    // Each span holds the entry's own JSON, as the panel reads it again.
    for (index, span, entry) in &entries {
        let text = std::str::from_utf8(&file[span.start as usize..span.end as usize])
            .expect("an entry's span is UTF-8");
        let again = Entry::from_json(text).expect("an entry's span reads alone");
        assert_eq!(&format!("{again:?}"), entry, "{name}: entry {index}");
    }
}

fn fixture_files() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for item in std::fs::read_dir(&dir).expect("the fixtures folder") {
            let path = item.expect("a fixture").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "har") {
                let bytes = std::fs::read(&path).expect("a fixture file");
                files.push((path.display().to_string(), bytes));
            }
        }
    }
    files.sort();
    files
}

const ENTRY: &str = r#"{"startedDateTime":"2026-11-20T10:00:00Z","time":5,
  "request":{"method":"GET","url":"https://acme.looker.com/api/4.0/user","headers":[]},
  "response":{"status":401,"headers":[],"content":{"size":0,"mimeType":"","text":"é \"[,]\""}}}"#;

fn file_of(entries: &str) -> Vec<u8> {
    format!(r#"{{"log":{{"version":"1.2","creator":{{"name":"test"}},"entries":[{entries}]}}}}"#)
        .into_bytes()
}

#[test]
fn every_fixture_reads_the_same_in_pieces_as_whole() {
    let files = fixture_files();
    assert!(files.len() > 20, "found {} fixtures", files.len());
    for (name, file) in &files {
        if har::read(file).is_err() {
            assert!(read_in_pieces(file, 64).is_err(), "{name} is refused whole");
            continue;
        }
        for size in [1, 7, 4096, file.len()] {
            assert_same_as_whole(name, file, size);
        }
    }
}

#[test]
fn malformed_entries_keep_their_position_across_pieces() {
    let bad = r#"{"request":{"method":"GET","url":""}}"#;
    let file = file_of(&[ENTRY, bad, ENTRY, "[1]", ENTRY, "7"].join(",\n  "));
    for size in [1, 50, 300, 100_000] {
        assert_same_as_whole("mixed", &file, size);
    }
    let (entries, problems) = read_in_pieces(&file, 50).expect("read in pieces");
    assert_eq!(entries.iter().map(|e| e.0).collect::<Vec<_>>(), [0, 2, 4]);
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].starts_with("entry 1: "), "{problems:?}");
}

#[test]
fn an_empty_list_gives_no_entry() {
    for file in [file_of(""), file_of(" \n ")] {
        let (entries, problems) = read_in_pieces(&file, 3).expect("read in pieces");
        assert!(entries.is_empty() && problems.is_empty());
    }
}

#[test]
fn a_file_that_is_not_a_plain_har_is_left_to_the_whole_reader() {
    let good = file_of(ENTRY);
    let text = String::from_utf8(good.clone()).expect("UTF-8");
    let cases = [
        ("truncated", good[..good.len() / 2].to_vec()),
        ("trailing comma", file_of(&format!("{ENTRY},"))),
        ("leading comma", file_of(&format!(",{ENTRY}"))),
        ("two commas", file_of(&format!("{ENTRY},,{ENTRY}"))),
        ("no comma", file_of(&format!("{ENTRY} {ENTRY}"))),
        ("garbage after", [&good[..], b" x"].concat()),
        (
            "entries twice",
            text.replace(r#""version""#, r#""entries":[],"version""#)
                .into(),
        ),
        (
            "escaped key",
            text.replace("entries", r"entr\u0069es").into(),
        ),
        (
            "entries elsewhere",
            text.replace(r#"{"log":"#, r#"{"other":"#).into(),
        ),
        ("a bracket too many", text.replacen("]}}", "]}}}", 1).into()),
        ("not UTF-8", text.replacen('é', "\u{ff}", 1).into()),
        ("empty", Vec::new()),
    ];
    for (name, mut file) in cases {
        if let Some(at) = file.windows(2).position(|w| w == "\u{ff}".as_bytes()) {
            file[at] = 0xff; // the first byte of ÿ, alone
        }
        assert_eq!(read_in_pieces(&file, 16).err(), Some(ReadWhole), "{name}");
    }
}

#[test]
fn the_whole_reader_reads_what_the_pieces_leave_to_it() {
    // An escaped key is valid JSON: left to har::read, which reads it.
    let file = String::from_utf8(file_of(ENTRY))
        .expect("UTF-8")
        .replace("entries", r"entr\u0069es");
    assert!(read_in_pieces(file.as_bytes(), 16).is_err());
    assert_eq!(har::read(file.as_bytes()).expect("a HAR").entries.len(), 1);
}

#[test]
fn a_byte_order_mark_and_characters_split_across_pieces_read() {
    let file = [&b"\xef\xbb\xbf"[..], &file_of(&[ENTRY, ENTRY].join(","))].concat();
    for size in 1..12 {
        assert_same_as_whole("with a BOM", &file, size);
    }
}

#[test]
fn the_quick_search_finds_what_a_plain_one_finds() {
    let text = br#"abcdefgh"ij\klmnopqrstuvwxyz0123456789"\"#;
    for start in 0..text.len() {
        for end in start..=text.len() {
            let bytes = &text[start..end];
            let plain = bytes.iter().position(|&b| b == b'"' || b == b'\\');
            assert_eq!(super::quote_or_backslash(bytes), plain, "{start}..{end}");
        }
    }
    // Bytes just below and above the ones looked for are not taken for them.
    let near = [0x21, 0x23, 0x5b, 0x5d, 0x80, 0xff, 0, b'"'];
    assert_eq!(super::quote_or_backslash(&near), Some(7));
}

#[test]
fn a_file_that_is_no_object_is_given_up_at_its_first_byte() {
    for file in [
        &b"\x89PNG\r\n"[..],
        b"[{\"log\":{}}]",
        b" \"log\"",
        b"{} {}",
    ] {
        let mut stream = HarStream::new();
        let refused = stream.push(file).is_err() || stream.finish().is_err();
        assert!(refused, "{file:?}");
    }
    let mut stream = HarStream::new();
    assert!(stream.push(b"\x89PNG\r\n").is_err());
    assert!(stream.outline.is_empty(), "nothing of it is kept");
}
