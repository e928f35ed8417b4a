//! Name-value pairs of query strings and form bodies.

use crate::redact::percent_decode;

/// Decoded `name=value` pairs of a URL's query string.
pub fn query_pairs(url: &str) -> Vec<(String, String)> {
    let without_fragment = url.split('#').next().unwrap_or(url);
    match without_fragment.split_once('?') {
        Some((_, query)) => form_pairs(query),
        None => Vec::new(),
    }
}

/// Decoded `name=value` pairs of an `application/x-www-form-urlencoded`
/// text.
pub fn form_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) => (percent_decode(name), percent_decode(value)),
            None => (percent_decode(pair), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_pairs_are_decoded() {
        let pairs = query_pairs("https://h/x?a=1&client%5Fsecret=s+t#frag");
        assert_eq!(
            pairs,
            vec![
                ("a".into(), "1".into()),
                ("client_secret".into(), "s t".into())
            ]
        );
    }
}
