//! Reading a well-formed HAR file one entry at a time, so that only the
//! file is ever held whole: each entry is handed over as soon as it is read
//! and dropped once its reader is done with it.
//!
//! Anything unusual (a syntax error, a malformed entry, a missing `log`)
//! ends the reading with `None`; [`super::read`] then reads the file again
//! and says what is wrong, keeping the entries it can.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::read::{as_text, Creator, Object};
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

/// [`read_each`] on the file's text.
pub(super) fn each_in(
    text: &str,
    mut each: impl FnMut(usize, Entry, Option<&str>),
) -> Option<String> {
    let mut json = serde_json::Deserializer::from_str(text);
    let creator = json
        .deserialize_map(TopVisit {
            each: &mut each as &mut dyn FnMut(usize, Entry, Option<&str>),
        })
        .ok()?;
    json.end().ok()?;
    Some(creator)
}

type Each<'f> = &'f mut dyn FnMut(usize, Entry, Option<&str>);

/// Reads the entry that `text` starts with, as [`read_each`] reads each of
/// a file's entries, and leaves the rest of `text` unread: gives the entry
/// and how many bytes it takes, or `None` when `text` ends before the entry
/// does or holds no entry that `read_each` would take (which
/// [`super::read`] then explains).
pub(crate) fn entry_at_start(text: &str) -> Option<(Entry, usize)> {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<Object<Entry>>();
    match values.next() {
        // The entry-by-entry reader refuses an entry without a URL.
        Some(Ok(Object(entry))) if !entry.request.url.is_empty() => {
            Some((entry, values.byte_offset()))
        }
        _ => None,
    }
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum TopKey {
    Log,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum LogKey {
    Creator,
    Entries,
    #[serde(other)]
    Other,
}

/// The file's object: its `log`, read once.
struct TopVisit<'f> {
    each: Each<'f>,
}

impl<'de> Visitor<'de> for TopVisit<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        let mut creator = None;
        while let Some(key) = map.next_key()? {
            match key {
                TopKey::Log if creator.is_none() => {
                    creator = Some(map.next_value_seed(LogSeed {
                        each: &mut *self.each,
                    })?);
                }
                TopKey::Log => return Err(de::Error::duplicate_field("log")),
                TopKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        creator.ok_or_else(|| de::Error::missing_field("log"))
    }
}

/// `log`: its creator, and its entries handed over one by one.
struct LogSeed<'f> {
    each: Each<'f>,
}

impl<'de> DeserializeSeed<'de> for LogSeed<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LogSeed<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        let mut creator: Option<Option<Creator>> = None;
        let mut entries = false;
        while let Some(key) = map.next_key()? {
            match key {
                LogKey::Creator if creator.is_none() => creator = Some(map.next_value()?),
                LogKey::Entries if !entries => {
                    let name = creator.as_ref().map(|c| c.as_ref().map_or("", |c| &c.name));
                    map.next_value_seed(EntriesSeed {
                        each: &mut *self.each,
                        creator: name,
                    })?;
                    entries = true;
                }
                LogKey::Creator => return Err(de::Error::duplicate_field("creator")),
                LogKey::Entries => return Err(de::Error::duplicate_field("entries")),
                LogKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !entries {
            return Err(de::Error::missing_field("entries"));
        }
        Ok(creator.flatten().map(|c| c.name).unwrap_or_default())
    }
}

/// `log.entries`, each entry handed over as soon as it is read.
struct EntriesSeed<'f, 'c> {
    each: Each<'f>,
    creator: Option<&'c str>,
}

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(Object(entry)) = seq.next_element::<Object<Entry>>()? {
            // The entry-by-entry reader refuses an entry without a URL.
            if entry.request.url.is_empty() {
                return Err(de::Error::custom("request.url is empty"));
            }
            (self.each)(index, entry, self.creator);
            index += 1;
        }
        Ok(())
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
