//! Secrets an HTML page carries in its tags: the CSRF token a web app
//! (Looker's own pages among them) writes as `<meta name="csrf-token"
//! content="…">`, and hidden form fields such as `<input type="hidden"
//! name="authenticity_token" value="…">`. An HTML page shows up where an
//! API answer was expected (`html_instead_of_api`), and its body is shown
//! and exported.

use std::borrow::Cow;
use std::ops::Range;

use super::{is_secret_name, MASK};

/// The page with the value of every `<meta>` and `<input>` whose name is
/// secret replaced by [`MASK`]; a text without one is returned as it is.
pub fn mask_html_secrets(text: &str) -> Cow<'_, str> {
    let mut values = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find('<') {
        let start = from + at + 1;
        let end = text[start..].find('>').map_or(text.len(), |i| start + i);
        from = end;
        let tag = &text[start..end];
        let carrier = if starts_with_word(tag, "meta") {
            "content"
        } else if starts_with_word(tag, "input") {
            "value"
        } else {
            continue;
        };
        let named = attribute(tag, "name").or_else(|| attribute(tag, "property"));
        if !named.is_some_and(|r| is_secret_name(&tag[r])) {
            continue;
        }
        if let Some(value) = attribute(tag, carrier).filter(|r| !r.is_empty()) {
            values.push(start + value.start..start + value.end);
        }
    }
    super::replace_ranges(text, values, |_, out| out.push_str(MASK))
}

/// Whether `tag` (the inside of `<…>`) opens with the element `name`.
fn starts_with_word(tag: &str, name: &str) -> bool {
    let bytes = tag.as_bytes();
    bytes.len() > name.len()
        && bytes[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        && (bytes[name.len()].is_ascii_whitespace() || bytes[name.len()] == b'/')
}

/// Where the value of attribute `name` lies in `tag`, without its quotes.
fn attribute(tag: &str, name: &str) -> Option<Range<usize>> {
    let bytes = tag.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // An attribute name starts after whitespace.
        let starts = at > 0 && bytes[at - 1].is_ascii_whitespace();
        let here = bytes[at..].len() > name.len()
            && bytes[at..at + name.len()].eq_ignore_ascii_case(name.as_bytes());
        if !(starts && here) {
            at += 1;
            continue;
        }
        let mut after = at + name.len();
        while bytes.get(after).is_some_and(u8::is_ascii_whitespace) {
            after += 1;
        }
        if bytes.get(after) != Some(&b'=') {
            at += 1;
            continue;
        }
        after += 1;
        while bytes.get(after).is_some_and(u8::is_ascii_whitespace) {
            after += 1;
        }
        return Some(match bytes.get(after) {
            Some(&quote @ (b'"' | b'\'')) => {
                let open = after + 1;
                let close = tag[open..]
                    .find(char::from(quote))
                    .map_or(tag.len(), |i| open + i);
                open..close
            }
            _ => {
                let end = tag[after..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '/')
                    .map_or(tag.len(), |i| after + i);
                after..end
            }
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csrf_meta_tag_and_a_hidden_token_field_are_masked() {
        let page = "<html><head><meta charset=\"utf-8\">\n\
            <META NAME='csrf-token' CONTENT='k9Zx+/t0k3n=='>\
            <meta name=\"viewport\" content=\"width=device-width\"></head>\
            <form><input type=hidden name=authenticity_token value=AbC123/>\
            <input name=\"q\" value=\"dashboards\"></form></html>";
        let masked = mask_html_secrets(page);
        assert!(
            !masked.contains("k9Zx") && !masked.contains("AbC123"),
            "{masked}"
        );
        assert!(masked.contains("CONTENT='REDACTED'"), "{masked}");
        assert!(masked.contains("value=REDACTED/>"), "{masked}");
        assert!(
            masked.contains("content=\"width=device-width\""),
            "{masked}"
        );
        assert!(masked.contains("value=\"dashboards\""), "{masked}");
    }

    #[test]
    fn a_page_without_a_secret_tag_is_not_copied() {
        let page = "<p>metadata</p><meta name=\"description\" content=\"Looker\"><input>";
        assert!(matches!(mask_html_secrets(page), Cow::Borrowed(_)));
        assert!(matches!(mask_html_secrets("a < b"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_tag_cut_short_masks_what_is_there() {
        let masked = mask_html_secrets("<meta name=csrf-token content=\"abc");
        assert_eq!(masked, "<meta name=csrf-token content=\"REDACTED");
    }
}
