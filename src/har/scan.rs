//! A hand-written reader for the entries of a well-formed HAR file.
//!
//! serde's derived reader took 60% of an import: its visitors run for every
//! field, and it skips the strings it does not keep a few bytes at a time,
//! stopping at each of the escapes that fill a JSON body written inside a
//! JSON string. This reader fills the same [`Entry`] from the same fields
//! and skips the rest eight bytes at a time.
//!
//! It reads only what it is sure serde reads alike. At anything else (a
//! field given twice, a struct written as a list, a `null` where serde
//! wants a string, a number it would refuse, nesting past [`DEEPEST`]) it
//! gives up with `None`, and the caller reads the entry with serde, which
//! also says what is wrong. `src/har/scan/tests.rs` holds the two readers
//! to that over every test file's entries and many thousand broken copies
//! of them, and so does the fuzz target.

use std::borrow::Cow;

use super::read::LONGEST_TIME_MS;
use super::{Content, Entry, Header, Param, PostData, Request, Response, Text};

/// Nesting (counted from the entry) past which the entry is left to serde,
/// whose own limit is 128 levels from where its reading starts.
const DEEPEST: u32 = 100;

/// A position in JSON text, read forward.
///
/// Its one-line steps (`peek`, `take`, …) are `#[inline(always)]`: they run
/// at every comma and colon of the file, and a call costs more than they do
/// (3% of an import's instructions, for a few hundred bytes of wasm).
pub(super) struct Json<'a> {
    text: &'a str,
    at: usize,
    depth: u32,
}

impl<'a> Json<'a> {
    /// A reader of `text` from byte `at`.
    pub(super) fn new(text: &'a str, at: usize) -> Json<'a> {
        Json { text, at, depth: 0 }
    }

    /// The byte offset reached.
    pub(super) fn at(&self) -> usize {
        self.at
    }

    /// The text being read, all of it.
    pub(super) fn whole(&self) -> &'a str {
        self.text
    }

    /// Goes on from byte `at`, past a value read by other means.
    pub(super) fn skip_to(&mut self, at: usize) {
        self.at = at;
    }

    /// The next byte after any whitespace, not taken.
    #[inline(always)]
    pub(super) fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.at) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(b);
            }
            self.at += 1;
        }
        None
    }

    /// Whether nothing but whitespace is left.
    #[inline(always)]
    pub(super) fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    #[inline(always)]
    fn take(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// Takes `null` if it comes next: whether it did.
    #[inline(always)]
    pub(super) fn null(&mut self) -> Option<bool> {
        if self.peek()? != b'n' {
            return Some(false);
        }
        self.word("null").map(|()| true)
    }

    #[inline(always)]
    fn word(&mut self, word: &str) -> Option<()> {
        let rest = &self.text.as_bytes()[self.at..];
        rest.starts_with(word.as_bytes())
            .then(|| self.at += word.len())
    }

    /// A string's inside as written, and whether it holds an escape.
    #[inline(always)]
    fn raw_string(&mut self) -> Option<(&'a str, bool)> {
        self.take(b'"')?;
        let start = self.at;
        let escaped = self.string_end()?;
        Some((&self.text[start..self.at - 1], escaped))
    }

    /// Moves past the closing quote of the string whose opening quote was
    /// just taken, checking it as serde_json does: a control character or
    /// an unknown escape ends the reading. Gives whether it holds an escape.
    fn string_end(&mut self) -> Option<bool> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        let mut escaped = false;
        loop {
            // Eight bytes at a time up to the first one that needs a look.
            while let Some(word) = bytes.get(at..at + 8) {
                let word = u64::from_le_bytes(word.try_into().ok()?);
                let special = special_bytes(word);
                if special != 0 {
                    at += special.trailing_zeros() as usize / 8;
                    break;
                }
                at += 8;
            }
            match *bytes.get(at)? {
                b'"' => {
                    self.at = at + 1;
                    return Some(escaped);
                }
                b'\\' => {
                    escaped = true;
                    at += match *bytes.get(at + 1)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => 2,
                        b'u' if bytes.get(at + 2..at + 6)?.iter().all(u8::is_ascii_hexdigit) => 6,
                        _ => return None,
                    };
                }
                0..=0x1f => return None,
                _ => at += 1,
            }
        }
    }

    /// A string, its escapes undone.
    pub(super) fn string(&mut self) -> Option<String> {
        let (inside, escaped) = self.raw_string()?;
        if !escaped {
            return Some(inside.to_owned());
        }
        // Rare in the fields kept: serde_json undoes the escapes, so that
        // a lone surrogate fails here as it does there.
        serde_json::from_str(&self.text[self.at - inside.len() - 2..self.at]).ok()
    }

    /// A string or `null`.
    fn optional_string(&mut self) -> Option<Option<String>> {
        match self.null()? {
            true => Some(None),
            false => self.string().map(Some),
        }
    }

    /// An object's key and the colon after it.
    #[inline(always)]
    fn key(&mut self) -> Option<Cow<'a, str>> {
        let (inside, escaped) = self.raw_string()?;
        let key = if escaped {
            let quoted = &self.text[self.at - inside.len() - 2..self.at];
            Cow::Owned(serde_json::from_str(quoted).ok()?)
        } else {
            Cow::Borrowed(inside)
        };
        self.take(b':')?;
        Some(key)
    }

    /// Reads an object, handing each key to `field`, which reads its value.
    pub(super) fn object(
        &mut self,
        mut field: impl FnMut(&mut Self, &str) -> Option<()>,
    ) -> Option<()> {
        // One loop for every kind of object, however many callers: the
        // panel's wasm pays for each copy of a generic function.
        self.each_field(&mut field)
    }

    fn each_field(&mut self, field: &mut dyn FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        self.take(b'{')?;
        self.enter()?;
        if self.peek()? == b'}' {
            self.at += 1;
        } else {
            loop {
                let key = self.key()?;
                field(self, &key)?;
                match self.peek()? {
                    b',' => self.at += 1,
                    b'}' => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        Some(())
    }

    /// Reads a list, `item` reading each of its values.
    pub(super) fn list(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.each_item(&mut item)
    }

    fn each_item(&mut self, item: &mut dyn FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.take(b'[')?;
        self.enter()?;
        if self.peek()? == b']' {
            self.at += 1;
        } else {
            loop {
                item(self)?;
                match self.peek()? {
                    b',' => self.at += 1,
                    b']' => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        Some(())
    }

    #[inline(always)]
    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= DEEPEST).then_some(())
    }

    /// Moves past a value of any kind, checking its syntax.
    pub(super) fn skip(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => {
                self.at += 1;
                self.string_end().map(drop)
            }
            b'{' => self.object(|json, _| json.skip()),
            b'[' => self.list(Self::skip),
            b't' => self.word("true"),
            b'f' => self.word("false"),
            b'n' => self.word("null"),
            _ => self.number().map(drop),
        }
    }

    /// A number as written, checked against JSON's grammar.
    fn number(&mut self) -> Option<&'a str> {
        self.peek()?;
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut at = start + usize::from(bytes[start] == b'-');
        match bytes.get(at)? {
            // Only one leading zero: serde_json refuses `012`, and the
            // caller finds the `1` where a comma should be.
            b'0' => at += 1,
            b'1'..=b'9' => at = digits_end(bytes, at),
            _ => return None,
        }
        if bytes.get(at) == Some(&b'.') {
            let end = digits_end(bytes, at + 1);
            if end == at + 1 {
                return None;
            }
            at = end;
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            let end = digits_end(bytes, at);
            if end == at {
                return None;
            }
            at = end;
        }
        self.at = at;
        Some(&self.text[start..at])
    }

    /// A number or `null` as the HAR reader's `lenient_f64` takes it:
    /// `null` is -1 (unknown), and the number must be finite.
    fn lenient_number(&mut self) -> Option<f64> {
        if self.null()? {
            return Some(-1.0);
        }
        float(self.number()?).filter(|n| n.is_finite())
    }

    /// A body text or `null`, kept as written.
    fn body_text(&mut self) -> Option<Option<Text>> {
        if self.null()? {
            return Some(None);
        }
        let (inside, escaped) = self.raw_string()?;
        Some(Some(Text::written(inside, escaped)))
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` below `n` (at most 0x80), exact up
/// to the first such byte, which is all the caller reads.
#[inline(always)]
fn below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS
}

/// Marks the bytes of `word` that end a string's plain run: a quote, a
/// backslash or a control character.
#[inline(always)]
fn special_bytes(word: u64) -> u64 {
    below(word ^ (ONES * u64::from(b'"')), 1)
        | below(word ^ (ONES * u64::from(b'\\')), 1)
        | below(word, 0x20)
}

fn digits_end(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_digit) {
        at += 1;
    }
    at
}

/// A number as serde_json reads it into an `f64`: a small whole number
/// here, anything else by serde_json itself, whose rounding and range
/// this must match.
fn float(number: &str) -> Option<f64> {
    if number.len() <= 15 && number.bytes().all(|b| b.is_ascii_digit()) {
        return number.parse::<u64>().ok().map(|n| n as f64);
    }
    serde_json::from_str(number).ok()
}

/// Which of a struct's fields have been read: serde refuses a field
/// given twice.
#[derive(Default)]
struct Seen(u8);

impl Seen {
    /// Notes field `bit`; `None` when it was read before.
    fn first(&mut self, bit: u8) -> Option<()> {
        let mask = 1 << bit;
        if self.0 & mask != 0 {
            return None;
        }
        self.0 |= mask;
        Some(())
    }

    fn has(&self, bit: u8) -> bool {
        self.0 & (1 << bit) != 0
    }
}

/// Reads the entry object that comes next.
pub(super) fn entry(json: &mut Json) -> Option<Entry> {
    let mut entry = Entry::default();
    let mut seen = Seen::default();
    json.object(|json, key| {
        match key {
            "startedDateTime" => {
                seen.first(0)?;
                entry.started = json.string()?;
            }
            "time" => {
                seen.first(1)?;
                entry.time = json.lenient_number().filter(|ms| *ms <= LONGEST_TIME_MS)?;
            }
            "request" => {
                seen.first(2)?;
                entry.request = request(json)?;
            }
            "response" => {
                seen.first(3)?;
                entry.response = response(json)?;
            }
            "_error" => {
                seen.first(4)?;
                entry.error = json.optional_string()?;
            }
            "_resourceType" => {
                seen.first(5)?;
                entry.resource_type = json.optional_string()?;
            }
            _ => json.skip()?,
        }
        Some(())
    })?;
    seen.has(2).then_some(entry)
}

fn request(json: &mut Json) -> Option<Request> {
    let mut request = Request::default();
    let mut seen = Seen::default();
    json.object(|json, key| {
        match key {
            "method" => {
                seen.first(0)?;
                request.method = json.string()?;
            }
            "url" => {
                seen.first(1)?;
                request.url = json.string()?;
            }
            "headers" => {
                seen.first(2)?;
                request.headers = headers(json)?;
            }
            "postData" => {
                seen.first(3)?;
                request.post_data = match json.null()? {
                    true => None,
                    false => Some(post_data(json)?),
                };
            }
            _ => json.skip()?,
        }
        Some(())
    })?;
    (seen.has(0) && seen.has(1)).then_some(request)
}

fn post_data(json: &mut Json) -> Option<PostData> {
    let mut post = PostData::default();
    let mut seen = Seen::default();
    json.object(|json, key| {
        match key {
            "mimeType" => {
                seen.first(0)?;
                post.mime_type = json.string()?;
            }
            "text" => {
                seen.first(1)?;
                post.text = json.body_text()?;
            }
            "params" => {
                seen.first(2)?;
                json.list(|json| {
                    post.params.push(param(json)?);
                    Some(())
                })?;
            }
            _ => json.skip()?,
        }
        Some(())
    })?;
    Some(post)
}

fn param(json: &mut Json) -> Option<Param> {
    let mut param = Param::default();
    let mut seen = Seen::default();
    json.object(|json, key| {
        match key {
            "name" => {
                seen.first(0)?;
                param.name = json.string()?;
            }
            "value" => {
                seen.first(1)?;
                param.value = json.optional_string()?;
            }
            _ => json.skip()?,
        }
        Some(())
    })?;
    seen.has(0).then_some(param)
}

fn response(json: &mut Json) -> Option<Response> {
    let mut response = Response::default();
    let mut seen = Seen::default();
    json.object(|json, key| {
        match key {
            "status" => {
                seen.first(0)?;
                response.status = status(json.number()?)?;
            }
            "statusText" => {
                seen.first(1)?;
                response.status_text = json.string()?;
            }
            "headers" => {
                seen.first(2)?;
                response.headers = headers(json)?;
            }
            "content" => {
                seen.first(3)?;
                response.content = content(json)?;
            }
            "redirectURL" => {
                seen.first(4)?;
                response.redirect_url = json.string()?;
            }
            "_error" => {
                seen.first(5)?;
                response.error = json.optional_string()?;
            }
            _ => json.skip()?,
        }
        Some(())
    })?;
    Some(response)
}

/// A status as the HAR reader's `status` takes it: a whole number from 0
/// to 65535, possibly written as a float (`401.0`).
fn status(number: &str) -> Option<u16> {
    if number.len() <= 5 && number.bytes().all(|b| b.is_ascii_digit()) {
        return number.parse().ok();
    }
    let n = float(number)?;
    (n.fract() == 0.0 && (0.0..=65535.0).contains(&n)).then_some(n as u16)
}

fn content(json: &mut Json) -> Option<Content> {
    let mut content = Content::default();
    let mut seen = Seen::default();
    json.object(|json, key| {
        match key {
            "size" => {
                seen.first(0)?;
                content.size = json.lenient_number()?;
            }
            "mimeType" => {
                seen.first(1)?;
                content.mime_type = json.string()?;
            }
            "text" => {
                seen.first(2)?;
                content.text = json.body_text()?;
            }
            "encoding" => {
                seen.first(3)?;
                content.encoding = json.optional_string()?;
            }
            _ => json.skip()?,
        }
        Some(())
    })?;
    Some(content)
}

fn headers(json: &mut Json) -> Option<Vec<Header>> {
    let mut headers = Vec::new();
    json.list(|json| {
        headers.push(header(json)?);
        Some(())
    })?;
    Some(headers)
}

fn header(json: &mut Json) -> Option<Header> {
    let mut name = None;
    let mut value = None;
    json.object(|json, key| {
        match key {
            "name" if name.is_none() => name = Some(json.string()?),
            "value" if value.is_none() => value = Some(json.string()?),
            "name" | "value" => return None,
            _ => json.skip()?,
        }
        Some(())
    })?;
    Some(Header {
        name: name?,
        value: value?,
    })
}

#[cfg(test)]
mod tests;
