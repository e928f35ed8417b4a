//! Reading HAR files from bytes, with errors that say where and what.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{each, field_path, Entry};
use crate::{Error, Result};

/// A HAR file's entries, and the entries that could not be read.
#[derive(Debug, Default)]
pub struct HarFile {
    /// `log.creator.name`, such as `WebInspector` or `Firefox`.
    pub creator: String,
    /// Readable entries, with their position in `log.entries`.
    pub entries: Vec<(usize, Entry)>,
    /// One error per entry that could not be read ([`Error::Entry`]).
    pub problems: Vec<Error>,
}

#[derive(Deserialize)]
struct Top<'a> {
    #[serde(borrow)]
    log: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Log<'a> {
    #[serde(default, borrow)]
    creator: Option<&'a RawValue>,
    #[serde(borrow)]
    entries: Option<&'a RawValue>,
}

#[derive(Deserialize)]
pub(super) struct Creator {
    #[serde(default)]
    pub(super) name: String,
}

/// Reads a HAR 1.2 file.
///
/// The whole file fails only when it is not a HAR at all; a malformed entry
/// becomes a problem of its own and the other entries are kept.
pub fn read(bytes: &[u8]) -> Result<HarFile> {
    let text = as_text(bytes)?;
    if let Some(file) = read_whole(text) {
        return Ok(file);
    }

    // A page saved instead of the HAR (the HAR link's target, a sign-in page).
    if text.trim_start().starts_with('<') {
        return Err(Error::NotHar(
            "the file is an HTML or XML page, not JSON: save the HAR from DevTools' Network \
             panel (Export HAR)"
                .into(),
        ));
    }

    // Something is wrong: read entry by entry, to say where and keep the rest.
    // The first pass only checks the syntax, so that a shape error below can
    // say "it is JSON".
    let whole: &RawValue =
        serde_json::from_str(text).map_err(|e| Error::NotHar(describe_json_error(&e)))?;
    let top: Top = object(whole, "the file")?;
    let log = top
        .log
        .ok_or_else(|| Error::NotHar("it is JSON, but has no \"log\" object".into()))?;
    let log: Log = object(log, "\"log\"")?;
    let raw_entries = log
        .entries
        .ok_or_else(|| Error::NotHar("it is JSON, but \"log\" has no \"entries\" list".into()))?;
    let kind = json_kind(raw_entries.get());
    if kind != "a list" {
        let why = format!("it is JSON, but \"log.entries\" is {kind}, not a list");
        return Err(Error::NotHar(why));
    }
    let raw_entries: Vec<&RawValue> = serde_json::from_str(raw_entries.get())
        .map_err(|e| Error::NotHar(describe_json_error(&e)))?;

    // The creator only labels the file: a malformed one does not make the
    // entries unreadable.
    let creator = log
        .creator
        .and_then(|c| serde_json::from_str::<Creator>(c.get()).ok());
    let mut file = HarFile {
        creator: creator.map(|c| c.name).unwrap_or_default(),
        ..HarFile::default()
    };
    for (index, raw) in raw_entries.into_iter().enumerate() {
        match entry_from_json(index, raw.get()) {
            Ok(entry) => file.entries.push((index, entry)),
            Err(problem) => file.problems.push(problem),
        }
    }
    Ok(file)
}

/// The file's text, without a byte order mark.
pub(super) fn as_text(bytes: &[u8]) -> Result<&str> {
    if is_utf16(bytes) {
        return Err(Error::NotHar(
            "the file is UTF-16 text, and a HAR file is UTF-8 (Windows tools such as \
             PowerShell's > write UTF-16): save it again as UTF-8, for example with \
             iconv -f UTF-16 -t UTF-8"
                .into(),
        ));
    }
    // gzip's and zip's magic numbers: a compressed HAR, as some support
    // tools and mail clients pass them on.
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(Error::NotHar(
            "the file is gzip-compressed: decompress it first (gunzip, or \
             gzip -dc FILE > FILE.har)"
                .into(),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::NotHar(
            "the file is a ZIP archive: extract the .har file from it first".into(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::NotHar(format!(
            "the file is not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::NotHar("the file is empty".into()));
    }
    Ok(text)
}

/// Whether the bytes are UTF-16: a byte order mark, or JSON's first
/// characters with a zero byte beside each.
fn is_utf16(bytes: &[u8]) -> bool {
    match bytes {
        [0xff, 0xfe, ..] | [0xfe, 0xff, ..] => true,
        [a, 0, b, 0, ..] | [0, a, 0, b, ..] => a.is_ascii() && b.is_ascii() && *a != 0,
        _ => false,
    }
}

/// Reads a well-formed file in one pass, or gives `None` so that the
/// caller reads it entry by entry. Nearly every file is well formed, and
/// the second pass over each entry would cost a third of an import.
fn read_whole(text: &str) -> Option<HarFile> {
    let mut entries = Vec::new();
    let creator = each::each_in(text, |index, entry, _| entries.push((index, entry)))?;
    Some(HarFile {
        creator,
        entries,
        problems: Vec::new(),
    })
}

/// A struct read only from a JSON object. serde's derive also reads a list
/// as the fields in order, so `[["2026-…", 5, {…}]]` would pass as entries;
/// the entry-by-entry reader rejects that, and so must the fast path.
pub(super) struct Object<T>(pub(super) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visit<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> de::Visitor<'de> for Visit<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> std::result::Result<T, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
            }
        }

        d.deserialize_map(Visit(PhantomData)).map(Object)
    }
}

/// Reads `raw` as the object it must be, or says what it is instead.
fn object<'a, T: Deserialize<'a>>(raw: &'a RawValue, what: &str) -> Result<T> {
    let kind = json_kind(raw.get());
    if kind != "an object" {
        let why = if what == "the file" {
            format!("it is JSON, but {kind}, not an object with a \"log\"")
        } else {
            format!("it is JSON, but {what} is {kind}, not an object")
        };
        return Err(Error::NotHar(why));
    }
    serde_json::from_str(raw.get()).map_err(|e| Error::NotHar(describe_json_error(&e)))
}

/// What a JSON value is, by its first character, in the user's words.
fn json_kind(json: &str) -> &'static str {
    match json.trim_start().as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "a list",
        Some(b'"') => "a string",
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        _ => "a number",
    }
}

/// Reads one entry; `index` only labels the error.
pub(super) fn entry_from_json(index: usize, text: &str) -> Result<Entry> {
    // serde would read a list as the struct's fields in order: say plainly
    // that an entry must be an object instead.
    let found = json_kind(text);
    if found != "an object" {
        let message = format!("expected an object, found {found}");
        return Err(Error::Entry { index, message });
    }
    // The hand-written reader first; serde's for what it leaves, and to
    // say what is wrong. One value is read and any text after it is left
    // unread, where `serde_json::from_str` would refuse it.
    if let Some((entry, _)) = each::entry_at_start(text) {
        return Ok(entry);
    }
    let mut json = serde_json::Deserializer::from_str(text);
    let entry = Entry::deserialize(&mut json).map_err(|e| {
        let message = describe_field_error(&field_path::error_path(text), &e);
        Error::Entry { index, message }
    })?;
    if entry.request.url.is_empty() {
        return Err(Error::Entry {
            index,
            message: "request.url is empty".into(),
        });
    }
    Ok(entry)
}

/// Says what is wrong with a whole file in words a user can act on.
fn describe_json_error(e: &serde_json::Error) -> String {
    let at = format!("line {}, column {}", e.line(), e.column());
    match e.classify() {
        serde_json::error::Category::Eof => {
            format!("the file ends early, at {at}: it looks truncated")
        }
        serde_json::error::Category::Syntax => {
            let what = e.to_string();
            if what.contains("recursion limit") {
                format!("the JSON is nested too deeply, at {at}")
            } else {
                format!(
                    "the file is not valid JSON ({}, at {at})",
                    plain_syntax_error(&strip_position(&what))
                )
            }
        }
        serde_json::error::Category::Data => {
            let what = strip_position(&e.to_string());
            match backquoted(&what, "duplicate field ") {
                Some(field) => format!("it is JSON, but \"{field}\" appears twice"),
                None => format!("the JSON does not have the shape of a HAR file ({what})"),
            }
        }
        serde_json::error::Category::Io => format!("the file could not be read ({e})"),
    }
}

/// serde_json's words for a syntax error, said plainly.
fn plain_syntax_error(what: &str) -> String {
    let plain = match what {
        "expected value" => "a value is missing, or is not JSON",
        "trailing comma" => "a trailing comma",
        "trailing characters" => "text after the end of the JSON",
        "key must be a string" => "a key without double quotes",
        "expected `:`" => "a key with no colon after it",
        "expected `,` or `}`" => "a comma or a closing brace is missing",
        "expected `,` or `]`" => "a comma or a closing bracket is missing",
        "expected ident" => "a misspelt true, false or null",
        "invalid number" => "a badly written number",
        "invalid escape" => "a backslash that starts no escape",
        w if w.starts_with("control character") => "a raw control character inside a string",
        other => other,
    };
    plain.to_owned()
}

/// Says what is wrong with one field of an entry, starting with the
/// field's path (`request.url`) unless the entry as a whole is wrong.
fn describe_field_error(path: &str, e: &serde_json::Error) -> String {
    let what = strip_position(&e.to_string());
    let in_path = |field: &str| match path {
        "" => field.to_owned(),
        _ => format!("{path}.{field}"),
    };
    if let Some(field) = backquoted(&what, "missing field ") {
        return format!("{} is missing", in_path(field));
    }
    if let Some(field) = backquoted(&what, "duplicate field ") {
        return format!("{} appears twice", in_path(field));
    }
    let message = plain_field_error(&what);
    match path {
        "" => message,
        _ => format!("{path}: {message}"),
    }
}

/// serde's words for a bad value, such as "invalid type: string \"x\",
/// expected u16", said plainly; never quotes a string, which may be a
/// secret.
fn plain_field_error(what: &str) -> String {
    if what.contains("recursion limit") {
        return "nested too deeply".into();
    }
    let (rest, is_type) = match (
        what.strip_prefix("invalid type: "),
        what.strip_prefix("invalid value: "),
    ) {
        (Some(rest), _) => (rest, true),
        (None, Some(rest)) => (rest, false),
        (None, None) => return what.to_owned(),
    };
    let Some((found, expected)) = rest.split_once(", expected ") else {
        return what.to_owned();
    };
    let kind = found.split(' ').next().unwrap_or(found);
    let number = backquoted(found, "integer ").or_else(|| backquoted(found, "floating point "));
    match (number, expected) {
        // Only `response.status` is a whole number.
        (Some(n), "u16") if is_type => format!("expected a whole number, found {n}"),
        (Some(n), "u16") => format!("expected a whole number from 0 to 65535, found {n}"),
        _ => format!(
            "expected {}, found {}",
            plain_expected(expected),
            article(kind)
        ),
    }
}

/// The text between backquotes after `prefix`: serde quotes field names and
/// numbers so.
fn backquoted<'a>(what: &'a str, prefix: &str) -> Option<&'a str> {
    what.strip_prefix(prefix)?
        .strip_prefix('`')?
        .split_once('`')
        .map(|(inside, _)| inside)
}

fn plain_expected(expected: &str) -> &str {
    match expected {
        "u16" | "u32" | "u64" | "i64" | "f64" => "a number",
        "a string" => "a string",
        "a sequence" => "a list",
        "struct Header" | "struct Param" => "an object with name and value",
        other if other.starts_with("struct ") => "an object",
        other => other,
    }
}

fn article(found: &str) -> String {
    match found {
        "string" => "a string".into(),
        "integer" | "floating" => "a number".into(),
        "sequence" => "a list".into(),
        "map" => "an object".into(),
        "boolean" => "a boolean".into(),
        "null" => "null".into(),
        other => other.into(),
    }
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// Reads `response.status` as serde reads a `u16`, and also a whole number
/// written as a float (`401.0`, `4.01e2`), as some exporters do: refusing
/// it dropped the entry, often the one failing call of the file.
pub(super) fn status<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<u16, D::Error> {
    struct Visit;

    impl de::Visitor<'_> for Visit {
        type Value = u16;

        // serde's own word for the type: the messages are read by
        // `plain_field_error`.
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("u16")
        }

        fn visit_u64<E: de::Error>(self, n: u64) -> std::result::Result<u16, E> {
            u16::try_from(n).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(n), &self))
        }

        fn visit_i64<E: de::Error>(self, n: i64) -> std::result::Result<u16, E> {
            u16::try_from(n).map_err(|_| E::invalid_value(de::Unexpected::Signed(n), &self))
        }

        fn visit_f64<E: de::Error>(self, n: f64) -> std::result::Result<u16, E> {
            if n.fract() != 0.0 {
                return Err(E::invalid_type(de::Unexpected::Float(n), &self));
            }
            if !(0.0..=65535.0).contains(&n) {
                // Said as the whole number it is: 70000, not 70000.0.
                let unexpected = match n {
                    n if (0.0..1e15).contains(&n) => de::Unexpected::Unsigned(n as u64),
                    n if (-1e15..0.0).contains(&n) => de::Unexpected::Signed(n as i64),
                    n => de::Unexpected::Float(n),
                };
                return Err(E::invalid_value(unexpected, &self));
            }
            Ok(n as u16)
        }
    }

    d.deserialize_any(Visit)
}

/// Reads a number that exporters sometimes write as `null`.
pub(super) fn lenient_f64<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<f64, D::Error> {
    let value: Option<f64> = Option::deserialize(d)?;
    match value {
        Some(v) if v.is_finite() => Ok(v),
        Some(_) => Err(de::Error::custom("not a finite number")),
        None => Ok(-1.0),
    }
}

/// The longest `time` taken as recorded: a browser left open for a year
/// has not waited that long for one call, and a larger value would only
/// print as a nonsensical duration in a finding.
pub(super) const LONGEST_TIME_MS: f64 = 365.0 * 24.0 * 3_600_000.0;

/// Reads an entry's `time`, as [`lenient_f64`] does, refusing a duration of
/// more than a year.
pub(super) fn duration_ms<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<f64, D::Error> {
    let ms = lenient_f64(d)?;
    if ms > LONGEST_TIME_MS {
        // Past 1e15 the digits would fill a line: leave the value out.
        let why = match crate::readable::whole(ms).filter(|_| ms < 1e15) {
            Some(ms) => format!("{ms} ms is more than a year: not a duration a browser records"),
            None => "more than a year: not a duration a browser records".to_owned(),
        };
        return Err(de::Error::custom(why));
    }
    Ok(ms)
}

#[cfg(test)]
mod tests;
