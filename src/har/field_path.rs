//! Which field of an entry a failed read stopped at, such as
//! `request.headers[0].name`, so that the error can name it.
//!
//! Reading an entry keeps no record of where it is: that would cost every
//! entry, and only a malformed one needs it. Once a read has failed, the
//! entry is read again one field at a time, in the order serde reads it:
//! the first field that does not read on its own is where the whole read
//! stopped, and the search goes on inside it. A field that reads is never
//! taken apart, so the cost is a few small reads along one path.
//!
//! Text that is not JSON at all, which only [`super::Entry::from_json`] can
//! be given (a file's entries are checked first), gets no path: the search
//! reads values whole and cannot enter one that does not parse.

use std::fmt::{self, Write as _};

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::read::{duration_ms, lenient_f64};
use super::{Content, Header, Param, PostData, Request, Response, Text};

/// One field of a struct that serde reads, as its JSON key.
struct Field {
    name: &'static str,
    /// Whether a JSON value reads on its own as the field's type.
    reads: fn(&str) -> bool,
    /// What to look inside when it does not.
    inner: Inner,
}

/// What a field holds that can itself hold the error.
enum Inner {
    /// Nothing: the field is where the read stopped.
    Value,
    /// A struct, or an optional one, with these fields in declaration order.
    Struct(&'static [Field]),
    /// A list of structs with these fields.
    List(fn(&str) -> bool, &'static [Field]),
}

const fn field(name: &'static str, reads: fn(&str) -> bool, inner: Inner) -> Field {
    Field { name, reads, inner }
}

const fn value(name: &'static str, reads: fn(&str) -> bool) -> Field {
    field(name, reads, Inner::Value)
}

// The structs of `har/mod.rs`, field for field in declaration order (serde
// reads a struct from a list by position). A test below checks them
// against the names serde itself asks for.

const ENTRY: &[Field] = &[
    value("startedDateTime", reads::<String>),
    value("time", |json| duration_ms(&mut reader(json)).is_ok()),
    field("request", reads::<Request>, Inner::Struct(REQUEST)),
    field("response", reads::<Response>, Inner::Struct(RESPONSE)),
    value("_error", reads::<Option<String>>),
    value("_resourceType", reads::<Option<String>>),
];

const REQUEST: &[Field] = &[
    value("method", reads::<String>),
    value("url", reads::<String>),
    headers(),
    field(
        "postData",
        reads::<Option<PostData>>,
        Inner::Struct(POST_DATA),
    ),
];

const POST_DATA: &[Field] = &[
    value("mimeType", reads::<String>),
    value("text", reads::<Option<Text>>),
    field(
        "params",
        reads::<Vec<Param>>,
        Inner::List(reads::<Param>, PARAM),
    ),
];

const PARAM: &[Field] = &[
    value("name", reads::<String>),
    value("value", reads::<Option<String>>),
];

const RESPONSE: &[Field] = &[
    value("status", reads::<u16>),
    value("statusText", reads::<String>),
    headers(),
    field("content", reads::<Content>, Inner::Struct(CONTENT)),
    value("redirectURL", reads::<String>),
    value("_error", reads::<Option<String>>),
];

const CONTENT: &[Field] = &[
    value("size", |json| lenient_f64(&mut reader(json)).is_ok()),
    value("mimeType", reads::<String>),
    value("text", reads::<Option<Text>>),
    value("encoding", reads::<Option<String>>),
];

const HEADER: &[Field] = &[
    value("name", reads::<String>),
    value("value", reads::<String>),
];

const fn headers() -> Field {
    field(
        "headers",
        reads::<Vec<Header>>,
        Inner::List(reads::<Header>, HEADER),
    )
}

/// The path of the field at which reading `entry` as an [`super::Entry`]
/// failed: keys joined by dots, list positions in brackets
/// (`response.headers[2].value`), `?` for a key that is not text, empty
/// for the entry as a whole.
pub(super) fn error_path(entry: &str) -> String {
    let mut path = String::new();
    in_struct(entry, ENTRY, &mut path);
    path
}

/// Extends `path` from a struct that does not read to the first of its
/// fields that does not, if any: when all of them read, the struct itself
/// is wrong (a field missing or given twice, a list of the wrong length).
fn in_struct(json: &str, fields: &'static [Field], path: &mut String) {
    // serde reads a struct from an object by key, skipping keys it does
    // not know, or from a list by position.
    if let Ok(Pairs(pairs)) = read::<Pairs>(json) {
        let mut seen = Vec::new();
        for (key, value) in pairs {
            // A key serde cannot read as text, such as one holding half of
            // a UTF-16 surrogate pair, stops it with no name to give.
            let Ok(key) = read::<String>(key.get()) else {
                return push_key(path, "?");
            };
            let Some(field) = fields.iter().find(|f| f.name == key) else {
                continue;
            };
            // serde stops at the second key, before reading its value.
            if seen.contains(&field.name) {
                return;
            }
            seen.push(field.name);
            if !(field.reads)(value.get()) {
                push_key(path, field.name);
                return in_field(value.get(), &field.inner, path);
            }
        }
    } else if let Ok(items) = read::<Vec<&RawValue>>(json) {
        for (index, (item, field)) in items.iter().zip(fields).enumerate() {
            if !(field.reads)(item.get()) {
                push_index(path, index);
                return in_field(item.get(), &field.inner, path);
            }
        }
    }
}

/// Extends `path` from a field that does not read to what inside it does
/// not, if anything.
fn in_field(json: &str, inner: &Inner, path: &mut String) {
    match inner {
        Inner::Value => {}
        // `null` reads as an optional struct, so this one is not null.
        Inner::Struct(fields) => in_struct(json, fields, path),
        Inner::List(item_reads, fields) => {
            let Ok(items) = read::<Vec<&RawValue>>(json) else {
                return;
            };
            if let Some(index) = items.iter().position(|item| !item_reads(item.get())) {
                push_index(path, index);
                in_struct(items[index].get(), fields, path);
            }
        }
    }
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

fn push_index(path: &mut String, index: usize) {
    // Writing to a String cannot fail.
    let _ = write!(path, "[{index}]");
}

/// A JSON reader over `json` that, like the entry's own read, ignores
/// whatever follows the value.
fn reader(json: &str) -> serde_json::Deserializer<serde_json::de::StrRead<'_>> {
    serde_json::Deserializer::from_str(json)
}

fn read<'a, T: Deserialize<'a>>(json: &'a str) -> serde_json::Result<T> {
    T::deserialize(&mut reader(json))
}

fn reads<T: DeserializeOwned>(json: &str) -> bool {
    read::<T>(json).is_ok()
}

/// An object's keys and values as written, in order, repeated keys kept.
struct Pairs<'a>(Vec<(&'a RawValue, &'a RawValue)>);

impl<'de> Deserialize<'de> for Pairs<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;

        impl<'de> de::Visitor<'de> for Visit {
            type Value = Pairs<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Pairs<'de>, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }

        d.deserialize_map(Visit)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use serde::de::{self, DeserializeOwned, Deserializer, Visitor};

    use super::*;
    use crate::har::Entry;

    /// The message for an entry made of `request` and `response`.
    fn problem(request: &str, response: &str) -> String {
        let text = format!(r#"{{"time":5,"request":{request},"response":{response}}}"#);
        let error = Entry::from_json(&text).expect_err("the entry is malformed");
        error.to_string()
    }

    const GET: &str = r#"{"method":"GET","url":"https://acme.looker.com/api/4.0/user"}"#;

    #[test]
    fn a_bad_value_in_a_list_is_named_by_its_position() {
        let headers = r#"{"status":200,"headers":[
            {"name":"a","value":"1"},{"name":"b","value":"2"},{"name":"c","value":3}]}"#;
        assert_eq!(
            problem(GET, headers),
            "entry 0: response.headers[2].value: expected a string, found a number"
        );

        let params = r#"{"method":"POST","url":"https://acme.looker.com/api/4.0/login",
            "postData":{"mimeType":"application/x-www-form-urlencoded",
            "params":[{"name":"client_id","value":"x"},{"name":null}]}}"#;
        assert_eq!(
            problem(params, "{}"),
            "entry 0: request.postData.params[1].name: expected a string, found null"
        );
        let unnamed = params.replace(r#"{"name":null}"#, r#"{"value":"y"}"#);
        assert_eq!(
            problem(&unnamed, "{}"),
            "entry 0: request.postData.params[1].name is missing"
        );
    }

    #[test]
    fn a_struct_written_as_a_list_is_read_by_position() {
        let request = r#"{"method":"GET","url":"https://a/","headers":[["Accept",5]]}"#;
        assert_eq!(
            problem(request, "{}"),
            "entry 0: request.headers[0][1]: expected a string, found a number"
        );
        let short = r#"{"method":"GET","url":"https://a/","headers":[["Accept"]]}"#;
        assert_eq!(
            problem(short, "{}"),
            "entry 0: request.headers[0]: invalid length 1, expected struct Header with 2 elements"
        );
    }

    #[test]
    fn a_field_given_twice_is_named_before_its_second_value_is_read() {
        let twice = r#"{"status":200,"content":{"mimeType":"text/html","mimeType":5}}"#;
        assert_eq!(
            problem(GET, twice),
            "entry 0: response.content.mimeType appears twice"
        );
        // A bad first value comes first.
        let bad_first = r#"{"status":200,"content":{"mimeType":5,"mimeType":"text/html"}}"#;
        assert_eq!(
            problem(GET, bad_first),
            "entry 0: response.content.mimeType: expected a string, found a number"
        );
        // Keys are compared as read: an escape does not hide a repeat.
        let escaped = r#"{"method":"GET","url":"https://a/","\u0075rl":"https://b/"}"#;
        assert_eq!(problem(escaped, "{}"), "entry 0: request.url appears twice");
    }

    #[test]
    fn null_numbers_read_as_unknown_but_a_null_status_does_not() {
        let text = format!(
            r#"{{"time":null,"request":{GET},"response":{{"status":200,"content":{{"size":null}}}}}}"#
        );
        let entry = Entry::from_json(&text).expect("null time and size read");
        assert_eq!((entry.time, entry.response.content.size), (-1.0, -1.0));

        assert_eq!(
            problem(GET, r#"{"status":null}"#),
            "entry 0: response.status: expected a number, found null"
        );
        assert_eq!(
            problem(GET, r#"{"status":200,"content":{"size":"12"}}"#),
            "entry 0: response.content.size: expected a number, found a string"
        );
    }

    #[test]
    fn a_time_of_more_than_a_year_is_named() {
        let text = format!(r#"{{"time":1e11,"request":{GET}}}"#);
        assert_eq!(
            Entry::from_json(&text).unwrap_err().to_string(),
            "entry 0: time: 100000000000 ms is more than a year: not a duration a browser records"
        );
    }

    #[test]
    fn fields_serde_skips_are_not_searched() {
        // A known name inside an unknown field is not that field.
        let request = r#"{"_extra":{"url":5,"headers":7},"method":"GET","url":["x"]}"#;
        assert_eq!(
            problem(request, "{}"),
            "entry 0: request.url: expected a string, found a list"
        );
    }

    #[test]
    fn a_key_that_is_not_text_stops_the_entry_without_a_name() {
        // Half of a UTF-16 surrogate pair: valid JSON, but not a string.
        let request = r#"{"method":"GET","\ud800":1,"url":5}"#;
        assert_eq!(
            problem(request, "{}"),
            "entry 0: request.?: unexpected end of hex escape"
        );
    }

    /// A deserializer that only notes the field names a struct asks for.
    struct FieldNames<'a>(&'a Cell<&'static [&'static str]>);

    impl<'de> Deserializer<'de> for FieldNames<'_> {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("only structs are asked for"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.set(fields);
            Err(de::Error::custom("the names are all that is wanted"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    fn serde_names<T: DeserializeOwned>() -> &'static [&'static str] {
        let names = Cell::new(&[][..]);
        let _ = T::deserialize(FieldNames(&names));
        names.get()
    }

    #[test]
    fn the_shapes_name_every_field_serde_reads_in_order() {
        let shapes: [(&[&str], &[Field]); 7] = [
            (serde_names::<Entry>(), ENTRY),
            (serde_names::<Request>(), REQUEST),
            (serde_names::<PostData>(), POST_DATA),
            (serde_names::<Param>(), PARAM),
            (serde_names::<Response>(), RESPONSE),
            (serde_names::<Content>(), CONTENT),
            (serde_names::<Header>(), HEADER),
        ];
        for (names, fields) in shapes {
            let ours: Vec<&str> = fields.iter().map(|f| f.name).collect();
            assert_eq!(ours, names);
        }
    }
}
