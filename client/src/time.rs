//! Times for people: the chain counts milliseconds since the Unix epoch;
//! people read dates and how long until (or since) them.

use chrono::{DateTime, Utc};

/// Now, in milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    u64::try_from(Utc::now().timestamp_millis()).unwrap_or_default()
}

/// A chain time as a UTC date, e.g. `2026-12-02 14:05 UTC`.
pub fn date(ms: u64) -> String {
    i64::try_from(ms)
        .ok()
        .and_then(DateTime::<Utc>::from_timestamp_millis)
        .map_or_else(|| format!("{ms} ms after 1970"), |t| t.format("%Y-%m-%d %H:%M UTC").to_string())
}

/// A chain time as a date and how far it is from `now`, e.g.
/// `2026-12-02 14:05 UTC (in 6 d 23 h)` or `… (2 h 5 min ago)`.
pub fn when(ms: u64, now: u64) -> String {
    let date = date(ms);
    if ms >= now {
        format!("{date} (in {})", duration(ms - now))
    } else {
        format!("{date} ({} ago)", duration(now - ms))
    }
}

/// A duration in its two largest units, e.g. `6 d 23 h`, `5 min 3 s`.
pub fn duration(ms: u64) -> String {
    const UNITS: [(u64, &str); 4] = [(86_400_000, "d"), (3_600_000, "h"), (60_000, "min"), (1_000, "s")];
    let parts: Vec<String> = UNITS
        .iter()
        .scan(ms, |left, &(size, unit)| {
            let n = *left / size;
            *left %= size;
            Some((n, unit))
        })
        .skip_while(|(n, _)| *n == 0)
        .take(2)
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    if parts.is_empty() {
        "less than a second".into()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_durations_read_like_people_write_them() {
        assert_eq!(date(1_798_189_050_001), "2026-12-25 08:57 UTC");
        assert_eq!(duration(6 * 86_400_000 + 23 * 3_600_000 + 59_000), "6 d 23 h");
        assert_eq!(duration(5 * 60_000 + 3_000), "5 min 3 s");
        assert_eq!(duration(86_400_000 + 30_000), "1 d");
        assert_eq!(duration(999), "less than a second");
        assert_eq!(when(10_000, 4_000), "1970-01-01 00:00 UTC (in 6 s)");
        assert_eq!(when(4_000, 64_000), "1970-01-01 00:00 UTC (1 min ago)");
    }
}
