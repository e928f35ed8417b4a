//! A HAR file fit to share: every field kept, every secret replaced.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::body::{self, Side};
use super::secrets;
use crate::har;
use crate::redact::{self, MASK};
use crate::{Error, Result};

/// The HAR file with its secrets replaced by `REDACTED`.
///
/// Headers, cookies, secret query parameters, URLs, request bodies (form
/// fields, JSON keys, form `params`) and response bodies (JSON keys) are
/// redacted where they stand. Then every secret value found anywhere is
/// scrubbed from every string of the file, with JWTs and bearer tokens:
/// a token seen in an `Authorization` header also leaves an HTML page
/// that echoes it. Other fields keep their values.
///
/// An entry that [`har::read`] cannot read has no known shape (its headers
/// may be an object, its body a list): it is kept, and cleaned by name
/// wherever a secret may stand in it.
///
/// Fails as [`har::read`] does when the input is not a HAR file.
///
/// The file is taken apart one entry at a time, so that memory holds the
/// file, the sanitized copy and one entry's tree: natively 123 MB at the
/// peak for a 50 MB file, where the whole file's tree took 337 MB.
///
/// # Known limitations
/// Objects come out with their keys sorted (serde_json's map), and
/// base64 bodies that are not UTF-8 text (images, spreadsheets) are kept
/// as recorded, without looking inside them.
pub fn sanitize_har(bytes: &[u8]) -> Result<Vec<u8>> {
    // The reader's checks give the same errors as every other path, and
    // name the entries it cannot read (in order, so a search finds each);
    // a well-formed file is only skimmed.
    let unreadable: Vec<usize> = if har::read_each(bytes, |_, _, _| {}).is_some() {
        Vec::new()
    } else {
        har::read(bytes)?
            .problems
            .iter()
            .filter_map(|problem| match problem {
                Error::Entry { index, .. } => Some(*index),
                _ => None,
            })
            .collect()
    };
    let json = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = std::str::from_utf8(json).map_err(|e| cannot(&e.to_string()))?;
    let text = har::without_lone_surrogates(text);
    let Outline { top, log, entries } = outline(&text)?;

    // Every entry gives up its secrets before any is written.
    let mut secrets = Vec::new();
    for raw in &entries {
        secrets.extend(secrets::collect(std::slice::from_ref(&parse(raw.get())?)));
    }
    body::sort_longest_first(&mut secrets);

    // Then the file is written as `serde_json::to_vec_pretty` writes the
    // whole tree, each entry taken apart and written in turn.
    let write_entries = |out: &mut Vec<u8>| -> Result<()> {
        if entries.is_empty() {
            out.extend_from_slice(b"[]");
            return Ok(());
        }
        out.push(b'[');
        for (index, raw) in entries.iter().enumerate() {
            let mut entry = parse(raw.get())?;
            if unreadable.binary_search(&index).is_ok() {
                clean_by_name(&mut entry);
            }
            redact_entry(&mut entry, &secrets);
            scrub_strings(&mut entry, &secrets);
            out.extend_from_slice(if index == 0 { b"\n" } else { b",\n" });
            out.extend_from_slice(b"      ");
            out.extend_from_slice(pretty(&entry, 6)?.as_bytes());
        }
        out.extend_from_slice(b"\n    ]");
        Ok(())
    };
    let log = member_texts(log, &secrets, 4)?;
    let top = member_texts(top, &secrets, 2)?;

    let mut out = Vec::with_capacity(json.len() + json.len() / 4);
    write_object(&mut out, &top, 0, "log", |out| {
        write_object(out, &log, 2, "entries", write_entries)
    })?;
    out.push(b'\n');
    Ok(out)
}

/// A HAR file's text, its entries kept as text.
struct Outline<'a> {
    /// The file's object without `log`.
    top: Map<String, Value>,
    /// `log` without `entries`.
    log: Map<String, Value>,
    entries: Vec<&'a RawValue>,
}

fn outline(text: &str) -> Result<Outline<'_>> {
    let fields: BTreeMap<String, &RawValue> = from_text(text)?;
    let mut top = Map::new();
    let mut log = None;
    for (key, raw) in fields {
        if key == "log" {
            log = Some(from_text::<BTreeMap<String, &RawValue>>(raw.get())?);
        } else {
            top.insert(key, parse(raw.get())?);
        }
    }
    // har::read has seen `log` and its list of entries already.
    let mut entries = Vec::new();
    let mut rest = Map::new();
    for (key, raw) in log.unwrap_or_default() {
        if key == "entries" {
            entries = from_text(raw.get())?;
        } else {
            rest.insert(key, parse(raw.get())?);
        }
    }
    Ok(Outline {
        top,
        log: rest,
        entries,
    })
}

/// An object's members, scrubbed, each value written to stand at its
/// depth, in key order.
fn member_texts(
    object: Map<String, Value>,
    secrets: &[String],
    indent: usize,
) -> Result<Vec<(String, String)>> {
    let mut members = Vec::with_capacity(object.len());
    for (key, mut value) in object {
        scrub_strings(&mut value, secrets);
        members.push((key, pretty(&value, indent)?));
    }
    Ok(members)
}

/// Writes an object whose braces stand `indent` spaces in: `members`, and
/// in its place in key order `slot`, whose value `inner` writes.
fn write_object(
    out: &mut Vec<u8>,
    members: &[(String, String)],
    indent: usize,
    slot: &str,
    inner: impl FnOnce(&mut Vec<u8>) -> Result<()>,
) -> Result<()> {
    let at = members.partition_point(|(key, _)| key.as_str() < slot);
    let mut first = true;
    let mut key_of = |out: &mut Vec<u8>, key: &str| -> Result<()> {
        out.extend_from_slice(if first { b"\n" } else { b",\n" });
        first = false;
        out.resize(out.len() + indent + 2, b' ');
        let key = serde_json::to_string(key).map_err(|e| cannot(&e.to_string()))?;
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b": ");
        Ok(())
    };

    out.push(b'{');
    for (key, text) in &members[..at] {
        key_of(out, key)?;
        out.extend_from_slice(text.as_bytes());
    }
    key_of(out, slot)?;
    inner(out)?;
    for (key, text) in &members[at..] {
        key_of(out, key)?;
        out.extend_from_slice(text.as_bytes());
    }
    out.push(b'\n');
    out.resize(out.len() + indent, b' ');
    out.push(b'}');
    Ok(())
}

/// A value as `to_string_pretty` writes it, to stand `indent` spaces in.
/// JSON text has no line break inside a string, so every line of it moves.
fn pretty(value: &Value, indent: usize) -> Result<String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| cannot(&e.to_string()))?;
    Ok(text.replace('\n', &format!("\n{}", " ".repeat(indent))))
}

fn parse(text: &str) -> Result<Value> {
    from_text(text)
}

fn from_text<'a, T: serde::Deserialize<'a>>(text: &'a str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| {
        // The reader skims entries without building them; a tree has
        // serde_json's depth limit of 128.
        if e.to_string().contains("recursion limit") {
            cannot("it is nested too deeply")
        } else {
            cannot(&e.to_string())
        }
    })
}

fn cannot(why: &str) -> Error {
    Error::Invalid(format!("the HAR file cannot be sanitized: {why}"))
}

/// Masks, anywhere in a value of unknown shape, what a secret name labels:
/// the value of a secret key (whole, whatever its type), the `value` of a
/// `{name, value}` pair with a secret name, and secret fields written in
/// strings.
fn clean_by_name(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let named_secret = map
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(redact::is_secret_name);
            for (key, value) in map.iter_mut() {
                if redact::is_secret_name(key) || named_secret && key == "value" {
                    mask_all(value);
                } else {
                    clean_by_name(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(clean_by_name),
        Value::String(s) => {
            if let std::borrow::Cow::Owned(masked) = redact::mask_secret_fields(s, false) {
                *s = masked;
            }
        }
        _ => {}
    }
}

/// Masks every text and number inside a value, keeping its shape: a list
/// of cookies stays a list (of masked cookies), so that tools still read
/// the file.
fn mask_all(value: &mut Value) {
    match value {
        Value::String(s) if s.is_empty() => {}
        Value::String(_) | Value::Number(_) => *value = Value::String(MASK.to_owned()),
        Value::Array(items) => items.iter_mut().for_each(mask_all),
        Value::Object(map) => map.values_mut().for_each(mask_all),
        Value::Null | Value::Bool(_) => {}
    }
}

/// Redacts the fields of one entry that hold secrets by their structure.
fn redact_entry(entry: &mut Value, secrets: &[String]) {
    if let Some(request) = entry.get_mut("request") {
        redact_url_at(request, "url");
        redact_headers(request.get_mut("headers"));
        mask_cookies(request.get_mut("cookies"));
        mask_values(request.get_mut("queryString"), redact::is_secret_name);
        if let Some(post) = request.get_mut("postData") {
            mask_values(post.get_mut("params"), redact::is_secret_name);
            let mime = post.get("mimeType").and_then(Value::as_str).unwrap_or("");
            let mime = mime.to_owned();
            if let Some(Value::String(text)) = post.get_mut("text") {
                *text = body::redact_body(text, &mime, Side::Request, secrets);
            }
        }
    }

    if let Some(response) = entry.get_mut("response") {
        redact_url_at(response, "redirectURL");
        redact_headers(response.get_mut("headers"));
        mask_cookies(response.get_mut("cookies"));
        if let Some(content) = response.get_mut("content") {
            redact_content(content, secrets);
        }
    }
}

/// Redacts a response body, decoding base64 text bodies to look inside.
fn redact_content(content: &mut Value, secrets: &[String]) {
    let mime = content
        .get("mimeType")
        .and_then(Value::as_str)
        .unwrap_or("");
    let mime = mime.to_owned();
    let base64 = is_base64(content);
    let Some(Value::String(text)) = content.get_mut("text") else {
        return;
    };

    if !base64 {
        *text = body::redact_body(text, &mime, Side::Response, secrets);
        return;
    }
    let Some(decoded) = har::decode_base64(text)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
    else {
        return;
    };
    let redacted = body::redact_body(&decoded, &mime, Side::Response, secrets);
    if redacted != decoded {
        *text = base64::engine::general_purpose::STANDARD.encode(redacted);
    }
}

fn is_base64(content: &Value) -> bool {
    content
        .get("encoding")
        .and_then(Value::as_str)
        .is_some_and(|e| e.eq_ignore_ascii_case("base64"))
}

fn redact_url_at(object: &mut Value, key: &str) {
    if let Some(Value::String(url)) = object.get_mut(key) {
        *url = redact::redact_url(url);
    }
}

/// Header values through [`redact::redact_header`]; headers that carry a
/// URL lose that URL's secret parameters too.
fn redact_headers(headers: Option<&mut Value>) {
    for header in headers.and_then(Value::as_array_mut).into_iter().flatten() {
        let name = header.get("name").and_then(Value::as_str).unwrap_or("");
        let name = name.to_ascii_lowercase();
        let Some(Value::String(value)) = header.get_mut("value") else {
            continue;
        };
        *value = if matches!(name.as_str(), "location" | "content-location" | "referer") {
            redact::redact_url(value)
        } else {
            redact::redact_header(&name, value)
        };
    }
}

/// Masks every cookie's value. The reader does not read cookies, so they
/// may come in any shape: a list of `{name, value}` objects keeps its names,
/// and anything else is masked whole.
fn mask_cookies(cookies: Option<&mut Value>) {
    let Some(cookies) = cookies else {
        return;
    };
    let pairs = cookies.as_array().is_some_and(|list| {
        list.iter()
            .all(|c| c.get("name").is_some_and(Value::is_string))
    });
    if pairs {
        mask_values(Some(cookies), |_| true);
    } else {
        mask_all(cookies);
    }
}

/// Masks the `value` of `{name, value}` objects whose name is secret.
fn mask_values(list: Option<&mut Value>, secret: impl Fn(&str) -> bool) {
    for item in list.and_then(Value::as_array_mut).into_iter().flatten() {
        let name = item.get("name").and_then(Value::as_str).unwrap_or("");
        if !secret(name) {
            continue;
        }
        // Whatever its type: a cookie's value written as an object or a
        // number is still its value.
        if let Some(value) = item.get_mut("value") {
            mask_all(value);
        }
    }
}

/// Scrubs every string of the document (page titles, initiators'
/// URLs, `_error` texts, …) of the secrets, JWTs and bearer tokens.
/// Base64 bodies are skipped: they were handled as text above, and a
/// match inside binary data would only corrupt it.
fn scrub_strings(value: &mut Value, secrets: &[String]) {
    match value {
        Value::String(s) => *s = redact::scrub_text(s, secrets),
        Value::Array(items) => items.iter_mut().for_each(|v| scrub_strings(v, secrets)),
        Value::Object(map) => {
            let base64 = map
                .get("encoding")
                .and_then(Value::as_str)
                .is_some_and(|e| e.eq_ignore_ascii_case("base64"));
            for (key, value) in map.iter_mut() {
                if !(base64 && key == "text") {
                    scrub_strings(value, secrets);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
