//! Removing secrets from anything the product shows or writes.
//!
//! Every output path (findings, the request view, reports, sanitized HAR,
//! cURL, the CLI) goes through these functions, so a secret cannot reach the
//! user by a path that forgot to redact it.

use std::borrow::Cow;

mod html;
mod json;
mod multipart;

pub use html::mask_html_secrets;
pub use json::{
    json_pair_values, mask_json_document, mask_json_pairs, secret_values as json_secret_values,
};
pub use multipart::mask_multipart;

/// What a redacted value is replaced with.
pub const MASK: &str = "REDACTED";

/// Parts of a name that make it secret wherever they occur.
const SECRET_PARTS: &[&str] = &[
    "authorization",
    "cookie",
    "token",
    "secret",
    "password",
    "passwd",
    "apikey",
    "api_key",
    "api-key",
    "session",
    "csrf",
    "signature",
    "credential",
    "certificate",
    "private_key",
    "privatekey",
    "private-key",
    "passphrase",
    "jwt",
];

/// Names that are secret when they are the whole name.
const SECRET_NAMES: &[&str] = &[
    "code",
    "code_verifier",
    "pwd",
    "auth",
    "samlresponse",
    "nonce",
    // Google's API key parameter, and the signature of Azure's and other
    // signed URLs.
    "key",
    "sig",
];

/// Whether a header, query parameter, form field or JSON key holds a secret.
///
/// Covers the credentials Looker's API uses (`Authorization`,
/// `access_token`, `client_secret`, `refresh_token`), cookies, and the
/// usual names for passwords, API keys and OAuth codes.
pub fn is_secret_name(name: &str) -> bool {
    // Names are short: lower-case them on the stack, as this runs for
    // every header of every request.
    let name = name.trim().as_bytes();
    let mut buffer = [0u8; 64];
    let heap;
    let lower: &[u8] = match buffer.get_mut(..name.len()) {
        Some(lower) => {
            lower.copy_from_slice(name);
            lower.make_ascii_lowercase();
            lower
        }
        None => {
            heap = name.to_ascii_lowercase();
            &heap
        }
    };
    if matches!(lower, b"token_type" | b"tokentype") {
        return false;
    }
    // Byte by byte rather than `starts_with`: the slices are a few bytes
    // long, and a call to compare them costs more than comparing.
    const BY_LETTER: [u32; 26] = parts_by_first_letter(SECRET_PARTS);
    let part_at = |i: usize| {
        let here = &lower[i..];
        let Some(&(mut parts)) = BY_LETTER.get(usize::from(here[0].wrapping_sub(b'a'))) else {
            return false;
        };
        while parts != 0 {
            let part = SECRET_PARTS[parts.trailing_zeros() as usize].as_bytes();
            if part.len() <= here.len() && part.iter().zip(here).all(|(a, b)| a == b) {
                return true;
            }
            parts &= parts - 1;
        }
        false
    };
    (0..lower.len()).any(part_at) || SECRET_NAMES.iter().any(|e| lower == e.as_bytes())
}

/// For each letter (`a` first), the lower-case words that start with it,
/// as bits of their positions in `words` (at most 32: a longer list fails
/// to compile).
const fn parts_by_first_letter(words: &[&str]) -> [u32; 26] {
    let mut table = [0; 26];
    let mut i = 0;
    while i < words.len() {
        table[(words[i].as_bytes()[0] - b'a') as usize] |= 1 << i;
        i += 1;
    }
    table
}

/// Whether a text may contain a secret name (as a header, form field or
/// JSON key): `false` means none of [`is_secret_name`]'s words appears in
/// it, in any case, and it has no escape that could spell one. Lets a
/// caller skip taking apart a body that cannot hold a secret.
pub fn may_name_secret(text: &str) -> bool {
    // By first letter, as in `is_secret_name`: most letters of a body start
    // no word, and a multi-megabyte body is read in one pass.
    const PARTS: [u32; 26] = parts_by_first_letter(SECRET_PARTS);
    const NAMES: [u32; 26] = parts_by_first_letter(SECRET_NAMES);
    let bytes = text.as_bytes();
    let any_at = |i: usize, mut words: u32, list: &[&str]| {
        while words != 0 {
            let word = list[words.trailing_zeros() as usize].as_bytes();
            if bytes
                .get(i..i + word.len())
                .is_some_and(|here| here.eq_ignore_ascii_case(word))
            {
                return true;
            }
            words &= words - 1;
        }
        false
    };
    bytes.iter().enumerate().any(|(i, b)| match b {
        b'%' | b'\\' => true,
        b'a'..=b'z' | b'A'..=b'Z' => {
            let letter = usize::from(b.to_ascii_lowercase() - b'a');
            any_at(i, PARTS[letter], SECRET_PARTS) || any_at(i, NAMES[letter], SECRET_NAMES)
        }
        _ => false,
    })
}

/// Whether a JSON key holds a secret. In a response body `code` is the
/// code of a validation error (Looker's 422 `errors[].code`), not an OAuth
/// authorization code, so it stays readable there.
pub fn is_secret_json_key(key: &str, in_response: bool) -> bool {
    is_secret_name(key) && !(in_response && key.trim() == "code")
}

/// A header value as it may be shown: secret headers keep their scheme
/// (`Bearer`, `token`) so the user can still tell what was sent.
pub fn redact_header(name: &str, value: &str) -> String {
    // A challenge (`WWW-Authenticate: Bearer realm="x", token="…"`) keeps
    // its scheme and realm; a parameter with a secret name is masked.
    let challenge = ["www-authenticate", "proxy-authenticate"];
    if challenge
        .iter()
        .any(|c| name.trim().eq_ignore_ascii_case(c))
    {
        return redact_pairs(value, ",", '=', is_secret_name);
    }
    if !is_secret_name(name) {
        return scrub_text(value, &[]);
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with("authorization") {
        if let Some((scheme, _)) = value.trim().split_once(' ') {
            return format!("{scheme} {MASK}");
        }
    }
    if lower == "cookie" {
        return redact_pairs(value, "; ", '=', |_| true);
    }
    if lower == "set-cookie" {
        let (pair, attributes) = value.split_once(';').unwrap_or((value, ""));
        let name = pair.split_once('=').map_or(pair, |(n, _)| n);
        let rest = if attributes.is_empty() {
            String::new()
        } else {
            format!(";{attributes}")
        };
        return format!("{name}={MASK}{rest}");
    }
    MASK.to_owned()
}

/// A URL with the values of secret query parameters, and any password in
/// it, replaced. The rest is kept byte for byte.
pub fn redact_url(url: &str) -> String {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let (base, query) = match before_fragment.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (before_fragment, None),
    };

    let mut out = redact_userinfo(base);
    if let Some(query) = query {
        out.push('?');
        out.push_str(&redact_pairs(query, "&", '=', is_secret_name));
    }
    if let Some(fragment) = fragment {
        // OAuth implicit flows put tokens in the fragment.
        out.push('#');
        out.push_str(&redact_pairs(fragment, "&", '=', is_secret_name));
    }
    out
}

/// A body that is not JSON (or is broken JSON) with the values of its
/// secret fields replaced, wherever it names them: `key: value` and
/// `key=value` pairs in any quotes, `multipart/form-data` parts, and an
/// HTML page's token tags.
pub fn mask_secret_fields(text: &str, in_response: bool) -> Cow<'_, str> {
    let text = then(Cow::Borrowed(text), mask_multipart);
    let text = then(text, mask_html_secrets);
    then(text, |t| mask_json_pairs(t, in_response))
}

/// `text` passed through `mask`, copied only when one of them changed it.
fn then<'a>(text: Cow<'a, str>, mask: impl Fn(&str) -> Cow<'_, str>) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(text) => mask(text),
        Cow::Owned(text) => Cow::Owned(mask(&text).into_owned()),
    }
}

/// `text` with each of `ranges` (in order, apart) replaced by what `mask`
/// writes for the text it covers; `text` itself when there is none.
fn replace_ranges(
    text: &str,
    ranges: Vec<std::ops::Range<usize>>,
    mask: impl Fn(&str, &mut String),
) -> Cow<'_, str> {
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for range in ranges {
        out.push_str(&text[copied..range.start]);
        mask(&text[range.clone()], &mut out);
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// A form body (`a=1&b=2`) with secret fields replaced.
pub fn redact_form(body: &str) -> String {
    redact_pairs(body, "&", '=', |name| is_secret_name(&percent_decode(name)))
}

fn redact_userinfo(base: &str) -> String {
    let Some(scheme_end) = base.find("://") else {
        return base.to_owned();
    };
    let authority_start = scheme_end + 3;
    let authority_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let authority = &base[authority_start..authority_end];
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            format!(
                "{}{user}:{MASK}@{host}{}",
                &base[..authority_start],
                &base[authority_end..]
            )
        }
        None => base.to_owned(),
    }
}

fn redact_pairs(
    text: &str,
    separator: &str,
    equals: char,
    secret: impl Fn(&str) -> bool,
) -> String {
    text.split(separator)
        .map(|pair| match pair.split_once(equals) {
            Some((name, _)) if secret(name.trim()) => format!("{name}{equals}{MASK}"),
            _ => scrub_text(pair, &[]),
        })
        .collect::<Vec<_>>()
        .join(separator)
}

/// Text with every known secret value, every JWT and every bearer token
/// replaced. `secrets` are values seen in the session (tokens, client
/// secrets) that may appear anywhere, even in a response body.
pub fn scrub_text(text: &str, secrets: &[String]) -> String {
    let mut out = Cow::Borrowed(text);
    for secret in secrets.iter().filter(|s| s.len() >= 6) {
        if out.contains(secret.as_str()) {
            out = Cow::Owned(out.replace(secret.as_str(), MASK));
        }
    }
    for mask in [mask_after_schemes, mask_url_secrets, mask_jwts] {
        if let Some(masked) = mask(&out) {
            out = Cow::Owned(masked);
        }
    }
    out.into_owned()
}

/// Redacts secret query parameters of the URLs inside a text, such as a
/// signed embed URL (`…&signature=…`) quoted in a JSON body; `None` when
/// the text has no URL with a query.
fn mask_url_secrets(text: &str) -> Option<String> {
    // Bytes: a search for either of two chars decodes every character.
    if !text.contains("://") || !text.bytes().any(|b| b == b'?' || b == b'#') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = ["http://", "https://"]
        .iter()
        .filter_map(|scheme| rest.find(scheme))
        .min()
    {
        let len = rest[start..]
            .find(|c: char| c.is_whitespace() || "\"'<>`\\".contains(c))
            .unwrap_or(rest.len() - start);
        out.push_str(&rest[..start]);
        out.push_str(&redact_url(&rest[start..start + len]));
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    Some(out)
}

/// Masks the credential after `Bearer ` or `token ` (case-insensitive);
/// `None` when the text has neither.
fn mask_after_schemes(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let starts = |i: usize, word: &[u8]| {
        bytes
            .get(i..i + word.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(word))
    };
    // Both schemes end in a space after an `r` or an `n`: look back from
    // each such space, to a `b` or a `t` first (English text has many
    // spaces after an `r` or an `n`).
    let before = |i: usize, back: usize, letter: u8| {
        i.checked_sub(back)
            .is_some_and(|at| bytes[at].to_ascii_lowercase() == letter)
    };
    let mut spaces = bytes.windows(2).enumerate().filter_map(|(i, pair)| {
        (pair[1] == b' ' && matches!(pair[0], b'r' | b'R' | b'n' | b'N')).then_some(i + 1)
    });
    if !spaces.any(|i| {
        before(i, 5, b't') && starts(i - 5, b"token ")
            || before(i, 6, b'b') && starts(i - 6, b"bearer ")
    }) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Bytes, not `&str`: `i` steps through multi-byte characters.
        let skip = if starts(i, b"bearer ") {
            7
        } else if starts(i, b"token ") && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            6
        } else {
            0
        };
        if skip > 0 {
            let start = i + skip;
            let end = start
                + bytes[start..]
                    .iter()
                    .take_while(|b| is_token_byte(**b))
                    .count();
            // Only a credential-looking word, not prose such as "the
            // token parameter".
            if looks_like_credential(&text[start..end]) && text[start..end] != *MASK {
                out.push_str(&text[rest_start..start]);
                out.push_str(MASK);
                rest_start = end;
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out.push_str(&text[rest_start..]);
    Some(out)
}

/// Whether a word after `Bearer ` or `token ` is a credential: long, and
/// with a digit, a symbol or a capital inside, or too long for a word.
fn looks_like_credential(word: &str) -> bool {
    let inner = word.bytes().skip(1);
    word.len() >= 8
        && (word.len() >= 20
            || word
                .bytes()
                .any(|b| b.is_ascii_digit() || !b.is_ascii_alphanumeric())
            || inner.clone().any(|b| b.is_ascii_uppercase()))
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'+' | b'/' | b'=')
}

/// Masks JSON Web Tokens (`eyJ….eyJ….…`), wherever they appear; `None`
/// when the text has no `eyJ`.
fn mask_jwts(text: &str) -> Option<String> {
    if !text.contains("eyJ") {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = 0;
    while let Some(found) = text[i..].find("eyJ") {
        let start = i + found;
        let run = bytes[start..]
            .iter()
            .take_while(|b| is_token_byte(**b))
            .count();
        // A sentence may end right after the token: its period is not part of it.
        let end = start + text[start..start + run].trim_end_matches('.').len();
        let candidate = &text[start..end];
        if candidate.matches('.').count() >= 2 && candidate.len() >= 20 {
            out.push_str(&text[last..start]);
            out.push_str(MASK);
            last = end;
        }
        i = end.max(start + 3);
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// Decodes `%XX` escapes and `+` of a form field name, leniently.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(high), Some(low)) => {
                        out.push((high * 16 + low) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests;
