//! Durations and sizes for people, written with integers only; and text
//! with its invisible characters made visible.
//!
//! Formatting an `f64` with `{}` or `{:.1}` pulls core's float printer
//! (Grisu and Dragon4, about 8 KB gzipped) into the panel's wasm; every
//! figure here needs at most one decimal, so whole tenths do the same work.

/// `x` rounded to the nearest whole number, or `None` when it is negative,
/// not a number, or too large to count.
pub fn whole(x: f64) -> Option<u64> {
    // 2^53: above it an f64 no longer holds every whole number.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    (x.is_finite() && (0.0..EXACT).contains(&x.round())).then(|| x.round() as u64)
}

/// `x` with one decimal: `1.5`, `10.0`; negative or unreadable values are `0.0`.
pub fn one_decimal(x: f64) -> String {
    let tenths = whole(x * 10.0).unwrap_or(0);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A wait in a sentence: `850 ms`, `10.0 s`.
pub fn seconds(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{} ms", whole(ms).unwrap_or(0))
    } else {
        format!("{} s", one_decimal(ms / 1000.0))
    }
}

/// A duration for a list or a table: `85 ms`, `1.2 s`, `2 min 5 s`, `3 h 1 min`,
/// `2 d 4 h`; empty when there is none to show.
pub fn duration(ms: f64) -> String {
    let Some(whole_ms) = whole(ms) else {
        return String::new();
    };
    if whole_ms < 1000 {
        return format!("{whole_ms} ms");
    }
    if ms < 59_950.0 {
        return format!("{} s", one_decimal(ms / 1000.0));
    }
    let s = whole(ms / 1000.0).unwrap_or(0);
    match s {
        0..=3599 => format!("{} min {} s", s / 60, s % 60),
        3600..=86_399 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ => format!("{} d {} h", s / 86_400, s % 86_400 / 3600),
    }
}

/// A byte count: `512 B`, `12.3 KB`, `4.1 MB`.
pub fn size(bytes: usize) -> String {
    const KB: usize = 1024;
    const MB: usize = 1024 * 1024;

    match bytes {
        0..KB => format!("{bytes} B"),
        KB..MB => format!("{} KB", one_decimal(bytes as f64 / KB as f64)),
        _ => format!("{} MB", one_decimal(bytes as f64 / MB as f64)),
    }
}

/// Whether a character reorders or hides the text around it: the bidi
/// controls (U+202A–U+202E, U+2066–U+2069, the marks U+200E, U+200F and
/// U+061C), zero-width characters and the byte order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200B}'..='\u{200F}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

/// The text with each invisible character written as `<U+202E>`, so that a
/// URL from traffic cannot show itself as another (a right-to-left
/// override makes `/api/4.0/user\u{202E}nimda` read backwards).
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    // Every such character is written in UTF-8 starting with one of these
    // bytes: most texts have none, and bytes are read without decoding.
    let may_hold = text.bytes().any(|b| matches!(b, 0xD8 | 0xE2 | 0xEF));
    if !may_hold || !text.chars().any(is_invisible) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_invisible(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// [`visible`] for a text already owned, which is kept when nothing in it
/// needs spelling out.
pub fn visible_owned(text: String) -> String {
    match visible(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        shown => shown.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{duration, one_decimal, seconds, size, visible, whole};

    #[test]
    fn whole_numbers_refuse_what_cannot_be_counted() {
        assert_eq!(whole(2.5), Some(3));
        assert_eq!(whole(-0.4), Some(0));
        assert_eq!(whole(-1.0), None);
        assert_eq!(whole(f64::NAN), None);
        assert_eq!(whole(f64::INFINITY), None);
        assert_eq!(whole(1e300), None);
    }

    #[test]
    fn one_decimal_rounds_to_the_nearest_tenth() {
        assert_eq!(one_decimal(1.04), "1.0");
        assert_eq!(one_decimal(1.06), "1.1");
        assert_eq!(one_decimal(10.0), "10.0");
        assert_eq!(one_decimal(59.96), "60.0");
        assert_eq!(one_decimal(-3.0), "0.0");
    }

    #[test]
    fn waits_read_as_ms_below_a_second_and_as_seconds_above() {
        assert_eq!(seconds(85.4), "85 ms");
        assert_eq!(seconds(-5.0), "0 ms");
        assert_eq!(seconds(10_000.0), "10.0 s");
        assert_eq!(seconds(1_250.0), "1.3 s");
    }

    #[test]
    fn durations_grow_units_as_they_grow() {
        assert_eq!(duration(85.4), "85 ms");
        assert_eq!(duration(999.4), "999 ms");
        assert_eq!(duration(1_200.0), "1.2 s");
        assert_eq!(duration(59_940.0), "59.9 s");
        assert_eq!(duration(59_960.0), "1 min 0 s");
        assert_eq!(duration(125_000.0), "2 min 5 s");
        assert_eq!(duration(3_660_000.0), "1 h 1 min");
        assert_eq!(duration(187_200_000.0), "2 d 4 h");
        assert_eq!(duration(-1.0), "");
        assert_eq!(duration(f64::NAN), "");
    }

    #[test]
    fn sizes_use_bytes_then_kilobytes_then_megabytes() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(12_595), "12.3 KB");
        assert_eq!(size(4_299_161), "4.1 MB");
    }

    #[test]
    fn invisible_characters_are_written_out_and_other_text_is_kept() {
        assert_eq!(
            visible("/api/4.0/user\u{202E}nimda"),
            "/api/4.0/user<U+202E>nimda"
        );
        assert_eq!(visible("a\u{200B}b\u{2066}"), "a<U+200B>b<U+2066>");
        assert!(matches!(
            visible("/api/4.0/looks/é"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
