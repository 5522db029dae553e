//! Timestamps as the current collector writes them (Python's `isoformat()` of a naive UTC
//! datetime): UTC, no zone suffix, six fraction digits only when the fraction is not zero
//! (`2024-05-01T12:00:00`, `2024-03-01T10:00:06.789000`), whatever offset the input had.

/// Converts an ISO 8601 / RFC 3339 timestamp (`2024-05-01T12:00:00.000Z`,
/// `2024-05-01T21:00:00+09:00`, `2024-05-01 12:00:00`) to that form; an unparseable value is
/// passed through unchanged rather than lost.
pub fn cloudforet_time(value: &str) -> String {
    parse_utc(value).map(|(seconds, micros)| format_utc(seconds, micros)).unwrap_or_else(|| value.to_string())
}

/// Seconds since the Unix epoch in UTC, and microseconds (further digits are dropped, as
/// Python's datetime holds no more).
fn parse_utc(value: &str) -> Option<(i64, u32)> {
    let b = value.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let s = value.get(range)?;
        s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
    };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b' ') {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &value[19..];
    let mut micros = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        let six = format!("{:0<6}", &fraction[..digits.min(6)]);
        micros = six.parse().ok()?;
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hm = rest[1..].replace(':', "");
            if hm.len() != 4 || !hm.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            sign * (hm[..2].parse::<i64>().ok()? * 3600 + hm[2..].parse::<i64>().ok()? * 60)
        }
    };
    Some((days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset, micros))
}

fn format_utc(seconds: i64, micros: u32) -> String {
    let (days, secs) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let whole = format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60);
    if micros == 0 {
        whole
    } else {
        format!("{whole}.{micros:06}")
    }
}

// Howard Hinnant's proleptic Gregorian calendar algorithms.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::cloudforet_time;

    #[test]
    fn every_input_form_becomes_naive_utc() {
        assert_eq!(cloudforet_time("2024-05-01T12:00:00.000Z"), "2024-05-01T12:00:00");
        assert_eq!(cloudforet_time("2024-05-01T12:00:00+00:00"), "2024-05-01T12:00:00");
        assert_eq!(cloudforet_time("2024-05-01T12:00:00"), "2024-05-01T12:00:00");
        assert_eq!(cloudforet_time("2024-03-01T08:30:05.123456+09:00"), "2024-02-29T23:30:05.123456");
        // real AWS sends milliseconds: kept as Python's isoformat() writes them
        assert_eq!(cloudforet_time("2024-03-01T10:00:06.789Z"), "2024-03-01T10:00:06.789000");
        assert_eq!(cloudforet_time("2024-03-01T10:00:06.1234567Z"), "2024-03-01T10:00:06.123456");
        assert_eq!(cloudforet_time("1999-12-31T23:59:59-0130"), "2000-01-01T01:29:59");
    }

    #[test]
    fn garbage_is_kept_not_lost() {
        assert_eq!(cloudforet_time("yesterday"), "yesterday");
        assert_eq!(cloudforet_time("2024-13-01T00:00:00Z"), "2024-13-01T00:00:00Z");
    }
}
