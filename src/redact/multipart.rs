//! Secret fields of `multipart/form-data` bodies, which `curl -F` and
//! browsers' `FormData` send: a part's value is not `name=value` but the
//! lines after its `Content-Disposition: form-data; name="…"` header.

use std::borrow::Cow;

use super::{is_secret_name, MASK};

/// The body with the value of every part whose name is secret replaced by
/// [`MASK`]; a body without one is returned as it is.
pub fn mask_multipart(text: &str) -> Cow<'_, str> {
    let mut values = Vec::new();
    let mut from = 0;
    while let Some(at) = find_ignoring_case(&text[from..], "content-disposition:") {
        let header = from + at;
        // Where the header line's break (`\r\n` or `\n`) starts.
        let line_end = text[header..]
            .find(['\r', '\n'])
            .map_or(text.len(), |i| header + i);
        from = line_end;
        let secret = part_name(&text[header..line_end]).is_some_and(is_secret_name);
        if !secret {
            continue;
        }
        // The value follows the part's blank line and ends before the
        // line break of the next boundary (`--…`).
        let Some(start) = value_start(text, line_end) else {
            continue;
        };
        let end = ["\r\n--", "\n--"]
            .iter()
            .filter_map(|b| text[start..].find(b))
            .min()
            .map_or(text.len(), |i| start + i);
        values.push(start..end);
        from = end;
    }

    super::replace_ranges(text, values, |_, out| out.push_str(MASK))
}

/// `name` of a `Content-Disposition` line: `form-data; name="x"`.
fn part_name(line: &str) -> Option<&str> {
    let mut rest = line;
    while let Some(at) = find_ignoring_case(rest, "name=") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "name=".len()..];
        // Not `filename=`.
        if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let value = rest.trim_start_matches('"');
        let end = value.find(['"', ';', '\r', '\n']).unwrap_or(value.len());
        return Some(&value[..end]);
    }
    None
}

/// Where a part's value starts: after the blank line that ends its
/// headers, searched from the break of its `Content-Disposition` line.
fn value_start(text: &str, from: usize) -> Option<usize> {
    ["\r\n\r\n", "\n\n"]
        .iter()
        .filter_map(|blank| text[from..].find(blank).map(|i| from + i + blank.len()))
        .min()
}

fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "--X1\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\nabc\r\n\
        --X1\r\nContent-Disposition: form-data; name=\"client_secret\"\r\n\r\nmp-s3cret\r\n\
        --X1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"token.txt\"\r\n\
        Content-Type: text/plain\r\n\r\nplain\r\n--X1--\r\n";

    #[test]
    fn a_secret_part_is_masked_and_the_others_kept() {
        let masked = mask_multipart(BODY);
        assert!(!masked.contains("mp-s3cret"), "{masked}");
        assert!(masked.contains("\r\n\r\nREDACTED\r\n--X1"), "{masked}");
        assert!(
            masked.contains("\r\n\r\nabc\r\n") && masked.contains("plain"),
            "{masked}"
        );
    }

    #[test]
    fn line_feeds_alone_and_a_last_part_without_boundary_work_too() {
        let body = "--b\nContent-Disposition: form-data; name=password\n\npw-7";
        assert_eq!(
            mask_multipart(body),
            "--b\nContent-Disposition: form-data; name=password\n\nREDACTED"
        );
    }

    #[test]
    fn a_body_without_a_secret_part_is_not_copied() {
        let body = "--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx\r\n--b--";
        assert!(matches!(mask_multipart(body), Cow::Borrowed(_)));
        assert!(matches!(mask_multipart("no parts"), Cow::Borrowed(_)));
    }
}
