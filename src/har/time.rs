//! Reading `startedDateTime` without a date library.

/// Milliseconds since the Unix epoch for an ISO 8601 date-time such as
/// `2026-11-20T10:00:00.123Z` or `2026-11-20T11:00:00.5+01:00`.
///
/// HAR 1.2 requires this form; Firefox writes an offset, Chrome writes `Z`.
/// Returns `None` for anything else rather than guessing.
pub fn parse_iso8601_ms(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b' ') {
        return None;
    }
    let year = digits(b, 0, 4)?;
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    let hour = digits(b, 11, 2)?;
    let minute = digits(b, 14, 2)?;
    let second = digits(b, 17, 2)?;
    if b[13] != b':' || b[16] != b':' || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }

    // Fraction of a second, then the zone.
    let mut i = 19;
    let mut fraction = 0.0;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        fraction = decimal_fraction(&b[start..i]);
    }
    let offset_minutes = match b.get(i) {
        None | Some(b'Z') | Some(b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = digits(b, i + 1, 2)?;
            let rest = if b.get(i + 3) == Some(&b':') {
                i + 4
            } else {
                i + 3
            };
            let minutes = digits(b, rest, 2)?;
            let total = hours * 60 + minutes;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        Some(_) => return None,
    };

    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds as f64 * 1000.0 + fraction * 1000.0)
}

/// The value of the ASCII digits after a decimal point, as `0.250` is read
/// from `250`.
///
/// Integer arithmetic rather than `str::parse::<f64>`: float parsing costs
/// the panel's wasm about 10 KB of tables. Up to 15 digits, numerator and
/// power of ten are exact in an `f64`, so the one division rounds as the
/// parser would; digits past the 15th (below a femtosecond) are dropped.
fn decimal_fraction(digits: &[u8]) -> f64 {
    let kept = &digits[..digits.len().min(15)];
    let (numerator, scale) = kept.iter().fold((0u64, 1u64), |(n, scale), d| {
        (n * 10 + u64::from(d - b'0'), scale * 10)
    });
    numerator as f64 / scale as f64
}

fn digits(b: &[u8], at: usize, len: usize) -> Option<i64> {
    let slice = b.get(at..at + len)?;
    slice.iter().try_fold(0i64, |acc, d| {
        d.is_ascii_digit().then(|| acc * 10 + i64::from(d - b'0'))
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// well-known civil calendar algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::parse_iso8601_ms;

    #[test]
    fn the_epoch_is_zero() {
        assert_eq!(parse_iso8601_ms("1970-01-01T00:00:00Z"), Some(0.0));
    }

    #[test]
    fn fractions_and_offsets_are_honoured() {
        let utc = parse_iso8601_ms("2026-11-20T10:00:00.250Z").unwrap();
        let plus_one = parse_iso8601_ms("2026-11-20T11:00:00.250+01:00").unwrap();
        assert_eq!(utc, plus_one);
        assert_eq!(utc % 1000.0, 250.0);
    }

    #[test]
    fn fractions_read_as_the_float_parser_reads_them() {
        for digits in ["", "5", "25", "123", "999999", "000001", "123456789012345"] {
            let expected: f64 = format!("0.{digits}").parse().unwrap();
            assert_eq!(
                super::decimal_fraction(digits.as_bytes()),
                expected,
                "{digits}"
            );
        }
        let long = super::decimal_fraction(b"12345678901234567890");
        assert!((long - 0.123_456_789_012_345_68).abs() < 1e-15);
    }

    #[test]
    fn an_hour_apart_is_3_600_000_ms() {
        let a = parse_iso8601_ms("2026-11-20T10:00:00.000Z").unwrap();
        let b = parse_iso8601_ms("2026-11-20T11:00:00.000Z").unwrap();
        assert_eq!(b - a, 3_600_000.0);
    }

    #[test]
    fn text_that_is_not_a_date_gives_none() {
        for bad in [
            "",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "2026-11-20T10:00:00Q",
        ] {
            assert_eq!(parse_iso8601_ms(bad), None, "{bad}");
        }
    }
}
