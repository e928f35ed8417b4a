//! Reading a well-formed HAR file one entry at a time, so that only the
//! file is ever held whole: each entry is handed over as soon as it is read
//! and dropped once its reader is done with it.
//!
//! Anything unusual (a syntax error, a malformed entry, a missing `log`)
//! ends the reading with `None`; [`super::read`] then reads the file again
//! and says what is wrong, keeping the entries it can.

use super::read::{as_text, Object};
use super::scan::{self, Json};
use super::Entry;

/// Reads a well-formed HAR file's entries in order, handing each to `each`
/// with its position in `log.entries` and the creator's name when the file
/// gives it before its entries (Chrome and Firefox both do).
///
/// Gives the creator's name, empty when there is none, or `None` when the
/// file is not well formed; the entries handed over before that was found
/// are then to be discarded.
pub fn read_each(bytes: &[u8], each: impl FnMut(usize, Entry, Option<&str>)) -> Option<String> {
    each_in(as_text(bytes).ok()?, each)
}

type Each<'f> = &'f mut dyn FnMut(usize, Entry, Option<&str>);

/// [`read_each`] on the file's text.
pub(super) fn each_in(
    text: &str,
    mut each: impl FnMut(usize, Entry, Option<&str>),
) -> Option<String> {
    let each: Each = &mut each;
    let mut json = Json::new(text, 0);
    let mut log = None;
    json.object(|json, key| {
        match key {
            "log" if log.is_none() => log = Some(read_log(json, each)?),
            "log" => return None,
            _ => json.skip()?,
        }
        Some(())
    })?;
    if !json.at_end() {
        return None;
    }
    log
}

/// `log`: its creator's name, and its entries handed over one by one.
fn read_log(json: &mut Json, each: Each) -> Option<String> {
    let mut creator: Option<Option<String>> = None;
    let mut entries = false;
    json.object(|json, key| {
        match key {
            "creator" if creator.is_none() => creator = Some(read_creator(json)?),
            "entries" if !entries => {
                let name = creator.as_ref().map(|c| c.as_deref().unwrap_or(""));
                let mut index = 0;
                json.list(|json| {
                    (each)(index, entry_in(json)?, name);
                    index += 1;
                    Some(())
                })?;
                entries = true;
            }
            "creator" | "entries" => return None,
            _ => json.skip()?,
        }
        Some(())
    })?;
    entries.then(|| creator.flatten().unwrap_or_default())
}

/// `log.creator`, or `null`: its name, empty when it has none.
fn read_creator(json: &mut Json) -> Option<Option<String>> {
    if json.null()? {
        return Some(None);
    }
    let mut name = None;
    json.object(|json, key| {
        match key {
            "name" if name.is_none() => name = Some(json.string()?),
            "name" => return None,
            _ => json.skip()?,
        }
        Some(())
    })?;
    Some(Some(name.unwrap_or_default()))
}

/// The entry that comes next in `log.entries`: by the hand-written reader,
/// else by serde's.
fn entry_in(json: &mut Json) -> Option<Entry> {
    if json.peek()? != b'{' {
        return None;
    }
    let start = json.at();
    let (entry, len) = entry_at_start(&json.whole()[start..])?;
    json.skip_to(start + len);
    Some(entry)
}

/// Reads the entry that `text` starts with, as [`read_each`] reads each of
/// a file's entries, and leaves the rest of `text` unread: gives the entry
/// and how many bytes it takes, or `None` when `text` ends before the entry
/// does or holds no entry that `read_each` would take (which
/// [`super::read`] then explains).
pub(crate) fn entry_at_start(text: &str) -> Option<(Entry, usize)> {
    let mut json = Json::new(text, 0);
    let read = match json.peek()? {
        b'{' => scan::entry(&mut json).map(|entry| (entry, json.at())),
        _ => return None,
    };
    // The entry-by-entry reader refuses an entry without a URL.
    match read.or_else(|| by_serde(text))? {
        (entry, _) if entry.request.url.is_empty() => None,
        read => Some(read),
    }
}

/// The entry that `text` starts with, read by serde: for what the
/// hand-written reader leaves to it.
pub(super) fn by_serde(text: &str) -> Option<(Entry, usize)> {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<Object<Entry>>();
    match values.next() {
        Some(Ok(Object(entry))) => Some((entry, values.byte_offset())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(status: u16) -> String {
        format!(
            r#"{{"startedDateTime":"2026-11-20T10:00:00Z","time":5,
               "request":{{"method":"GET","url":"https://acme.looker.com/api/4.0/user","headers":[]}},
               "response":{{"status":{status},"headers":[],"content":{{"size":0,"mimeType":""}}}}}}"#
        )
    }

    /// Position, status and the creator as known then, for each entry.
    type Seen = Vec<(usize, u16, Option<String>)>;

    fn statuses(file: &str) -> Option<(String, Seen)> {
        let mut seen = Vec::new();
        let creator = read_each(file.as_bytes(), |index, entry, creator| {
            seen.push((index, entry.response.status, creator.map(str::to_owned)));
        })?;
        Some((creator, seen))
    }

    #[test]
    fn entries_arrive_in_order_with_the_creator_written_before_them() {
        let file = format!(
            r#"{{"log":{{"version":"1.2","creator":{{"name":"WebInspector"}},
                "entries":[{},{}]}}}}"#,
            entry(200),
            entry(404)
        );
        let web = Some("WebInspector".to_owned());
        let (creator, seen) = statuses(&file).unwrap();
        assert_eq!(creator, "WebInspector");
        assert_eq!(seen, [(0, 200, web.clone()), (1, 404, web)]);
    }

    #[test]
    fn a_creator_written_after_the_entries_is_given_at_the_end() {
        let file = format!(
            r#"{{"log":{{"entries":[{}],"creator":{{"name":"Firefox"}}}},"extra":[1]}}"#,
            entry(500)
        );
        let (creator, seen) = statuses(&file).unwrap();
        assert_eq!((creator.as_str(), seen), ("Firefox", vec![(0, 500, None)]));
    }

    #[test]
    fn anything_unusual_ends_the_reading() {
        let good = entry(200);
        let bad = [
            format!(r#"{{"log":{{"entries":[{good}]}}"#),
            format!(r#"{{"log":{{"entries":[{good}]}}}} trailing"#),
            format!(r#"{{"log":{{"entries":[{good}],"entries":[]}}}}"#),
            r#"{"log":{"entries":[]},"log":{"entries":[]}}"#.to_owned(),
            r#"{"log":{"version":"1.2"}}"#.to_owned(),
            r#"{"log":null}"#.to_owned(),
            r#"[{"entries":[]}]"#.to_owned(),
            format!(r#"{{"log":{{"entries":[[{good}]]}}}}"#),
            r#"{"log":{"entries":[{"request":{"method":"GET","url":""}}]}}"#.to_owned(),
            format!(r#"{{"log":{{"creator":"me","entries":[{good}]}}}}"#),
        ];
        for file in bad {
            assert!(statuses(&file).is_none(), "{file}");
        }
    }

    #[test]
    fn an_escaped_key_is_read_as_the_key_it_spells() {
        let file = format!(r#"{{"\u006cog":{{"entries":[{}]}}}}"#, entry(401));
        assert_eq!(statuses(&file).unwrap().1, [(0, 401, None)]);
    }
}
