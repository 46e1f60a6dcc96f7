//! Time builtins. There is no "now": evaluation is deterministic, so the host passes the
//! current time as data when a policy needs it. Timestamps are RFC 3339, durations hours,
//! minutes and seconds.

use super::{Builtin, f};

const D: &str = "time";

pub(super) const BUILTINS: &[Builtin] = &[
    f(
        D,
        "time_parse",
        "(rfc3339: string) -> int",
        "seconds since the Unix epoch",
    ),
    f(
        D,
        "duration_parse",
        "(duration: string) -> int",
        "seconds in a duration such as `1h30m`",
    ),
];

/// Seconds in a duration written as hours, minutes and seconds, each at most once and in that
/// order: `1h30m`, `45s`, `2h0m5s`. `None` when malformed or beyond 64 bits.
pub fn parse_duration(text: &str) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    let mut rest = text;
    let mut allowed = ['h', 'm', 's'].as_slice();
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        if digits == 0 {
            return None;
        }
        let amount: i64 = rest.get(..digits)?.parse().ok()?;
        let unit = rest.get(digits..)?.chars().next()?;
        let position = allowed.iter().position(|u| *u == unit)?;
        let scale = match unit {
            'h' => 3600,
            'm' => 60,
            _ => 1,
        };
        total = total.checked_add(amount.checked_mul(scale)?)?;
        allowed = allowed.get(position + 1..)?;
        rest = rest.get(digits + 1..)?;
    }
    Some(total)
}

/// Seconds since the Unix epoch of an RFC 3339 timestamp (`2026-11-22T05:30:00Z`,
/// `2026-11-22T06:30:00.250+01:00`); fractions of a second are dropped. `None` when malformed
/// or not a real calendar date.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let s = text.get(from..from + len)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let sep = |at: usize, allowed: &[u8]| b.get(at).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut at = 19;
    if b.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        if at == start {
            return None;
        }
    }
    let offset = match b.get(at) {
        Some(b'Z' | b'z') if at + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if at + 6 == b.len() && sep(at + 3, b":") => {
            let (h, m) = (num(at + 1, 2)?, num(at + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            if *sign == b'+' { minutes } else { -minutes }
        }
        _ => return None,
    };
    // A leap second counts as the last second of its minute.
    let second = second.min(59);
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset * 60)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (the civil-from-days inverse of
/// Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("45s"), Some(45));
        assert_eq!(parse_duration("2h0m5s"), Some(7205));
        assert_eq!(parse_duration("90m"), Some(5400));
        for bad in ["", "h", "1", "1x", "30m1h", "1h1h", "-1h", "1.5h", "1h 30m"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        assert_eq!(parse_duration("99999999999999999999h"), None);
        assert_eq!(parse_duration(&format!("{}h", i64::MAX / 3600 + 1)), None);
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(parse_rfc3339("2026-11-22T05:30:00Z"), Some(1_795_325_400));
        assert_eq!(
            parse_rfc3339("2026-11-22T06:30:00.250+01:00"),
            parse_rfc3339("2026-11-22T05:30:00Z")
        );
        assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z"), Some(-1));
        assert_eq!(parse_rfc3339("2024-02-29T12:00:00z"), Some(1_709_208_000));
        for bad in [
            "2023-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-31T00:00:00Z",
            "2026-11-22T24:00:00Z",
            "2026-11-22T05:30:00",
            "2026-11-22T05:30:00+1:00",
            "2026-11-22T05:30:00.Z",
            "2026-11-22",
            "26-11-22T05:30:00Z",
            "2026-11-22T05:30:00Zjunk",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}
