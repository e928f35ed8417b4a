//! Reading a HAR file in pieces as its bytes arrive, so that a large file is
//! never held whole: the panel imports files of hundreds of megabytes this
//! way, one piece at a time, and keeps where each entry is in the file.
//!
//! [`HarStream`] follows the file's outline byte by byte, and reads each
//! entry of `log.entries` where it starts, in one pass, as [`har::read`]
//! reads a well-formed file's entries. An entry that the piece ends in the
//! middle of, or that is malformed, is followed to its end instead and then
//! read alone with `har::read`: the entries, and the problems of malformed
//! ones, are what reading the whole file gives. The rest of the file (its
//! outline: `log` without its entries) is kept and checked with `har::read`
//! at the end.
//!
//! Anything unusual (a syntax error, an escaped key, a truncated file) ends
//! the reading with [`ReadWhole`]: the caller then reads the whole file with
//! `har::read`, which reads it or says what is wrong with it.
//!
//! ```
//! use looker_api_doctor::har::stream::HarStream;
//!
//! let file = br#"{"log":{"version":"1.2","entries":[
//!   {"startedDateTime":"2026-11-20T10:00:00Z","time":5,
//!    "request":{"method":"GET","url":"https://acme.looker.com/api/4.0/user","headers":[]},
//!    "response":{"status":401,"headers":[],"content":{"size":0,"mimeType":""}}}]}}"#;
//! let mut stream = HarStream::new();
//! let mut entries = Vec::new();
//! for piece in file.chunks(16) {
//!     entries.extend(stream.push(piece).expect("a well-formed file").entries);
//! }
//! entries.extend(stream.finish().expect("a well-formed file").entries);
//!
//! let (index, span, entry) = &entries[0];
//! assert_eq!((*index, entry.response.status), (0, 401));
//! assert_eq!(file[span.start as usize], b'{');
//! ```

use super::each;
use super::Entry;
use crate::har;
use crate::Error;

/// Where an entry's JSON text is in the file, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Offset of its first byte.
    pub start: u64,
    /// Offset just past its last byte.
    pub end: u64,
}

/// The entries completed by the bytes given so far.
#[derive(Debug, Default)]
pub struct Piece {
    /// Readable entries: position in `log.entries`, place in the file, entry.
    pub entries: Vec<(usize, Span, Entry)>,
    /// One [`Error::Entry`] per entry that could not be read.
    pub problems: Vec<Error>,
}

/// The file cannot be read in pieces: read it whole with [`har::read`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadWhole;

/// An entry that is not read where it starts is read as a HAR file of its
/// own.
const PREFIX: &[u8] = br#"{"log":{"entries":["#;
const SUFFIX: &[u8] = b"]}}";

/// The most of the file kept outside its entries (`log.pages`, …).
const MAX_OUTLINE: usize = 16 * 1024 * 1024;

/// Longer keys are neither `log` nor `entries`.
const KEY_MAX: usize = 8;

/// The keys that lead to the entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Key {
    #[default]
    Other,
    Log,
    Entries,
}

/// An object or list at depth 1 (the file) or 2 (a member of it).
#[derive(Debug, Clone, Copy, Default)]
struct Frame {
    object: bool,
    /// The `log` object.
    log: bool,
    /// Key of the member being read.
    key: Key,
}

/// Splits a HAR file into its entries; see the module's documentation.
#[derive(Debug)]
pub struct HarStream {
    /// Offset in the file of the next byte given.
    offset: u64,
    /// Objects and lists open around the byte being read.
    depth: usize,
    /// The file's object has started.
    rooted: bool,
    in_string: bool,
    escaped: bool,
    frames: [Frame; 3],
    /// A string at depth 1 or 2 is read, as it may be a key.
    capturing: bool,
    key: [u8; KEY_MAX],
    key_len: usize,
    /// The last string read at depth 1 or 2: a key when `:` follows.
    last_string: Key,
    /// Inside `log.entries`.
    in_entries: bool,
    lists_found: usize,
    /// An entry that was not read where it started has not ended yet.
    entry_open: bool,
    entry_start: u64,
    /// After `[` or `,` in the list.
    expecting: bool,
    /// Just after an entry that was read where it started.
    after_entry: bool,
    /// The bytes so far of the open entry, when it started in an earlier
    /// piece.
    partial: Vec<u8>,
    /// Entries begun so far: the position of the next one.
    count: usize,
    /// The entries and problems not yet handed over.
    read: Piece,
    /// The file without the entries of its list.
    outline: Vec<u8>,
    broken: bool,
}

impl Default for HarStream {
    fn default() -> Self {
        HarStream::new()
    }
}

impl HarStream {
    /// A reader at the start of a file.
    pub fn new() -> HarStream {
        HarStream {
            offset: 0,
            depth: 0,
            rooted: false,
            in_string: false,
            escaped: false,
            frames: [Frame::default(); 3],
            capturing: false,
            key: [0; KEY_MAX],
            key_len: 0,
            last_string: Key::Other,
            in_entries: false,
            lists_found: 0,
            entry_open: false,
            entry_start: 0,
            expecting: false,
            after_entry: false,
            partial: Vec::new(),
            count: 0,
            read: Piece::default(),
            outline: Vec::new(),
            broken: false,
        }
    }

    /// Reads the next bytes of the file; returns the entries they complete.
    pub fn push(&mut self, bytes: &[u8]) -> Result<Piece, ReadWhole> {
        if !self.broken {
            self.scan(bytes);
            self.offset += bytes.len() as u64;
        }
        if self.broken {
            return Err(ReadWhole);
        }
        Ok(std::mem::take(&mut self.read))
    }

    /// After the last bytes: the entries left, once the outline is checked.
    pub fn finish(mut self) -> Result<Piece, ReadWhole> {
        let complete = !self.in_string && self.depth == 0 && !self.in_entries;
        if self.broken || !complete || self.lists_found != 1 {
            return Err(ReadWhole);
        }
        let piece = std::mem::take(&mut self.read);

        // An outline that reads as a HAR with no entries has its one list
        // of entries where har::read looks for it, and nothing else wrong.
        let outline = har::read(&self.outline).map_err(|_| ReadWhole)?;
        if !outline.entries.is_empty() || !outline.problems.is_empty() {
            return Err(ReadWhole);
        }
        Ok(piece)
    }

    fn scan(&mut self, bytes: &[u8]) {
        // Entries are read from the piece's text: as far as it is UTF-8,
        // which is all of it unless it ends inside a character (or is not
        // UTF-8, which har::read then says).
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
        };
        // Where the bytes not yet copied start: to the outline outside the
        // list, to the open entry inside it.
        let mut outline_from = (!self.in_entries).then_some(0);
        let mut entry_from = 0;
        let mut i = 0;

        while i < bytes.len() && !self.broken {
            if self.in_string {
                i = self.string(bytes, i);
                continue;
            }
            let b = bytes[i];
            if self.depth == 0 && !self.may_start(b, self.offset + i as u64) {
                self.broken = true;
                continue;
            }
            if self.in_entries && self.depth == 3 {
                // The list's own level: between entries, or in a scalar one.
                match b {
                    b',' | b']' => {
                        if self.entry_open {
                            self.end_entry(&bytes[entry_from..i]);
                        } else if !self.after_entry && (b == b',' || self.count > 0) {
                            self.broken = true; // `[,`, `,,` or `,]`
                        }
                        self.after_entry = false;
                        if b == b']' {
                            self.in_entries = false;
                            self.depth = 2;
                            outline_from = Some(i);
                        }
                        self.expecting = true;
                        i += 1;
                        continue;
                    }
                    b' ' | b'\t' | b'\n' | b'\r' => {
                        i += 1;
                        continue;
                    }
                    b'}' => {
                        self.broken = true;
                        continue;
                    }
                    _ if !self.entry_open => {
                        if !self.expecting {
                            self.broken = true;
                            continue;
                        }
                        self.expecting = false;
                        if let Some(len) = self.read_at(text, i) {
                            self.after_entry = true;
                            i += len;
                            continue;
                        }
                        self.entry_open = true;
                        self.entry_start = self.offset + i as u64;
                        entry_from = i;
                    }
                    _ => {}
                }
            }
            match b {
                b'"' => self.begin_string(),
                b'{' | b'[' => self.open(&bytes[..=i], &mut outline_from),
                b'}' | b']' => match self.depth.checked_sub(1) {
                    Some(depth) => self.depth = depth,
                    None => self.broken = true,
                },
                b':' => self.colon(),
                _ => {}
            }
            i += 1;
        }

        if self.broken {
            return;
        }
        if let Some(from) = outline_from {
            self.outline.extend_from_slice(&bytes[from..]);
            // A HAR file's outline is small: a large one is some other file.
            self.broken |= self.outline.len() > MAX_OUTLINE;
        }
        if self.entry_open {
            self.partial.extend_from_slice(&bytes[entry_from..]);
        }
    }

    /// Whether `b`, at `offset` outside the file's object, may be there: a
    /// byte order mark, white space, or the object's `{`. Anything else is
    /// not a HAR file, and is left to har::read without reading it all.
    fn may_start(&mut self, b: u8, offset: u64) -> bool {
        const BOM: &[u8] = b"\xef\xbb\xbf";
        let bom = usize::try_from(offset).ok().and_then(|at| BOM.get(at)) == Some(&b);
        if b == b'{' && !self.rooted {
            self.rooted = true;
            return true;
        }
        bom || b.is_ascii_whitespace()
    }

    /// Reads string bytes from `i` to the string's end; returns where
    /// reading stopped: past the closing quote, or at the piece's end.
    fn string(&mut self, bytes: &[u8], mut i: usize) -> usize {
        if self.escaped {
            self.escaped = false;
            i += 1;
        }
        loop {
            let rest = bytes.get(i..).unwrap_or_default();
            let Some(at) = quote_or_backslash(rest) else {
                self.capture(rest);
                return bytes.len();
            };
            self.capture(&rest[..at]);
            if rest[at] == b'\\' {
                self.key_len = KEY_MAX + 1; // an escaped key is left to har::read
                if i + at + 1 == bytes.len() {
                    self.escaped = true;
                    return bytes.len();
                }
                i += at + 2;
                continue;
            }
            self.in_string = false;
            if self.capturing {
                self.capturing = false;
                self.last_string = self.captured_key();
            }
            return i + at + 1;
        }
    }

    fn capture(&mut self, bytes: &[u8]) {
        if !self.capturing {
            return;
        }
        if let Some(room) = self.key.get_mut(self.key_len..) {
            let n = room.len().min(bytes.len());
            room[..n].copy_from_slice(&bytes[..n]);
        }
        self.key_len += bytes.len();
    }

    fn begin_string(&mut self) {
        self.in_string = true;
        let depth = self.depth;
        self.capturing = !self.in_entries && (1..=2).contains(&depth) && self.frames[depth].object;
        self.key_len = 0;
    }

    fn captured_key(&self) -> Key {
        match self.key.get(..self.key_len) {
            Some(b"log") => Key::Log,
            Some(b"entries") => Key::Entries,
            _ => Key::Other,
        }
    }

    fn colon(&mut self) {
        let depth = self.depth;
        if !self.in_entries && (1..=2).contains(&depth) {
            self.frames[depth].key = std::mem::take(&mut self.last_string);
        }
    }

    /// Opens the object or list that `read` (this piece up to here) ends
    /// with. The list of entries ends the outline's part of the piece,
    /// which starts at `outline_from`, with its `[`.
    fn open(&mut self, read: &[u8], outline_from: &mut Option<usize>) {
        let at = read.len() - 1;
        let b = read[at];
        let depth = self.depth;
        self.depth += 1;
        if self.in_entries {
            return;
        }
        let key = match self.frames.get_mut(depth) {
            Some(frame) if depth > 0 => std::mem::take(&mut frame.key),
            _ => Key::Other,
        };
        if depth == 2 && self.frames[2].log && key == Key::Entries && b == b'[' {
            let from = outline_from.take().unwrap_or(at);
            self.outline.extend_from_slice(&read[from..]);
            self.in_entries = true;
            self.expecting = true;
            self.lists_found += 1;
            return;
        }
        if let Some(frame) = self.frames.get_mut(depth + 1) {
            *frame = Frame {
                object: b == b'{',
                log: depth == 1 && key == Key::Log && b == b'{',
                key: Key::Other,
            };
        }
    }

    /// Reads the entry that starts at `at` in the piece's `text`, if it
    /// is there whole and well formed; gives how many bytes it takes.
    fn read_at(&mut self, text: &str, at: usize) -> Option<usize> {
        let (entry, len) = each::entry_at_start(text.get(at..)?)?;
        let start = self.offset + at as u64;
        let span = Span {
            start,
            end: start + len as u64,
        };
        self.read.entries.push((self.count, span, entry));
        self.count += 1;
        Some(len)
    }

    /// Reads the open entry, which ends with `tail`, alone.
    fn end_entry(&mut self, tail: &[u8]) {
        let text = if self.partial.is_empty() {
            tail
        } else {
            self.partial.extend_from_slice(tail);
            &self.partial
        };
        let len = text.len()
            - text
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        let file = [PREFIX, &text[..len], SUFFIX].concat();
        self.partial.clear();
        self.entry_open = false;

        let index = self.count;
        self.count += 1;
        let span = Span {
            start: self.entry_start,
            end: self.entry_start + len as u64,
        };
        match har::read(&file) {
            Ok(read) if read.entries.len() + read.problems.len() == 1 => {
                for (_, entry) in read.entries {
                    self.read.entries.push((index, span, entry));
                }
                for problem in read.problems {
                    self.read.problems.push(match problem {
                        Error::Entry { message, .. } => Error::Entry { index, message },
                        other => other,
                    });
                }
            }
            _ => self.broken = true,
        }
    }
}

/// Where the first `"` or `\\` is. Nearly all of a HAR file is strings (the
/// bodies), so this looks at eight bytes at a time.
fn quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte equal to `b`; exact up to the first one.
    let equal = |word: u64, b: u8| {
        let x = word ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGHS
    };

    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut words {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let found = equal(word, b'"') | equal(word, b'\\');
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let tail = words.remainder();
    tail.iter()
        .position(|&b| b == b'"' || b == b'\\')
        .map(|i| at + i)
}

#[cfg(test)]
mod tests;
