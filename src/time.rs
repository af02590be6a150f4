//! The clock (real, or fixed by `BOTCTL_NOW`), parsing of durations and times people
//! type, and formatting of instants for people and for programs.

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Datelike, Local, NaiveDateTime, TimeZone, Timelike, Utc};

use crate::status::Ts;

/// The current instant: `BOTCTL_NOW` (RFC 3339) if set, else the system clock.
pub fn now() -> Result<Ts> {
    match std::env::var("BOTCTL_NOW") {
        Ok(v) if !v.trim().is_empty() => parse_rfc3339(v.trim()).with_context(|| {
            format!("`BOTCTL_NOW` is `{v}`, which is not an RFC 3339 time such as `2026-11-21T09:00:00Z`")
        }),
        _ => Ok(Utc::now().timestamp()),
    }
}

fn parse_rfc3339(s: &str) -> Result<Ts> {
    let t = DateTime::parse_from_rfc3339(s)?;
    if t.nanosecond() >= 1_000_000_000 {
        bail!(leap_second(s));
    }
    Ok(t.timestamp())
}

/// The error for `23:59:60`: chrono reads it as a leap second, botctl's clock has none.
fn leap_second(s: &str) -> String {
    format!("`{s}` is not a valid time: seconds go from 00 to 59")
}

/// A humantime duration in whole seconds (`90m`, `1h 30m`, `2days`, `1week`).
pub fn parse_duration(s: &str) -> Result<i64> {
    let d = humantime::parse_duration(s.trim()).map_err(|e| {
        anyhow!("`{s}` is not a duration ({e}); write it like `90m`, `1h 30m`, `2days` or `1week`")
    })?;
    i64::try_from(d.as_secs()).map_err(|_| anyhow!("the duration `{s}` is too long"))
}

/// A time as RFC 3339 with an offset, or `YYYY-MM-DD HH:MM[:SS]` in the local time zone
/// (`TZ` honoured). A local time in a DST gap is an error naming the gap; an ambiguous
/// one (the repeated hour) means the earlier instant.
pub fn parse_time(s: &str) -> Result<Ts> {
    let t = s.trim();
    match DateTime::parse_from_rfc3339(t) {
        Ok(d) if d.nanosecond() >= 1_000_000_000 => bail!(leap_second(s)),
        Ok(d) => return Ok(d.timestamp()),
        Err(_) => {}
    }
    let naive = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    .ok_or_else(|| {
        anyhow!(
            "`{s}` is not a time; write RFC 3339 with an offset (`2026-11-22T09:00:00+01:00`) \
                 or a local time (`2026-11-22 09:00`)"
        )
    })?;
    if naive.nanosecond() >= 1_000_000_000 {
        bail!(leap_second(s));
    }
    if !(1970..=9999).contains(&naive.year()) {
        bail!("`{s}` is out of range; give a time between the years 1970 and 9999");
    }
    match local_instants(naive).as_slice() {
        [] => {
            let (from, to) = gap_around(naive);
            if from >= to || to.signed_duration_since(from) > chrono::Duration::hours(25) {
                bail!("`{s}` is not a valid time in {}", zone_name());
            }
            bail!(
                "the local time `{s}` does not exist in {}: clocks jump from {} to {} that day \
                 (a daylight-saving gap); pick a time outside it or give an offset",
                zone_name(),
                from.format("%H:%M"),
                to.format("%H:%M"),
            )
        }
        // One instant, or two in the repeated hour: the earlier.
        [first, ..] => Ok(*first),
    }
}

/// The instants whose local wall-clock time is `naive`, earliest first: none in a DST gap,
/// two in the repeated hour. Built from UTC-to-local conversions, which are reliable,
/// rather than chrono's local-to-UTC (which misorders ambiguous times).
fn local_instants(naive: NaiveDateTime) -> Vec<Ts> {
    let as_utc = naive.and_utc().timestamp();
    let offset_at = |ts: Ts| {
        DateTime::from_timestamp(ts, 0).map(|d| {
            Local
                .offset_from_utc_datetime(&d.naive_utc())
                .local_minus_utc()
        })
    };
    let mut out: Vec<Ts> = [as_utc - 86_400, as_utc, as_utc + 86_400]
        .into_iter()
        .filter_map(offset_at)
        .map(|off| as_utc - i64::from(off))
        .filter(|&t| {
            DateTime::from_timestamp(t, 0)
                .is_some_and(|d| Local.from_utc_datetime(&d.naive_utc()).naive_local() == naive)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The first missing and the first valid local minute around a time in a DST gap.
fn gap_around(naive: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
    let minute = chrono::Duration::minutes(1);
    let exists = |t: NaiveDateTime| !local_instants(t).is_empty();
    let at_minute = naive.with_second(0).unwrap_or(naive);
    let mut start = at_minute;
    for _ in 0..1440 {
        match start.checked_sub_signed(minute) {
            Some(before) if !exists(before) => start = before,
            _ => break,
        }
    }
    let mut end = at_minute;
    for _ in 0..1440 {
        match end.checked_add_signed(minute) {
            Some(after) => {
                end = after;
                if exists(end) {
                    break;
                }
            }
            None => break,
        }
    }
    (start, end)
}

/// Checks `TZ`: when set, it must name a time zone (a zoneinfo name such as
/// `Europe/Paris`, a path, or a POSIX rule such as `CET-1CEST,M3.5.0,M10.5.0/3`). The
/// system library would silently use UTC for a name it does not know.
pub fn check_zone() -> Result<()> {
    let Some(tz) = std::env::var_os("TZ") else {
        return Ok(());
    };
    let Some(tz) = tz.to_str() else {
        bail!("`TZ` is not valid UTF-8; set it to a time zone such as `Europe/Paris`, or unset it");
    };
    let bare = tz.trim_start_matches(':');
    if tz.is_empty() || matches!(bare, "UTC" | "GMT" | "UTC0" | "GMT0" | "Z") {
        return Ok(());
    }
    if tz::TimeZone::from_posix_tz(tz).is_err() {
        let shown: String = tz.escape_debug().take(80).collect();
        bail!(
            "`TZ` is `{shown}`, which is not a time zone botctl can find; set it to a name such as \
             `Europe/Paris` or `UTC` (see /usr/share/zoneinfo), or unset it"
        );
    }
    Ok(())
}

fn zone_name() -> String {
    match std::env::var("TZ") {
        Ok(tz) if !tz.is_empty() => tz.trim_start_matches(':').to_string(),
        _ => "the local time zone".to_string(),
    }
}

/// The longest timer, and the longest `sleep-time`: 10 years as `--for 10years` counts
/// them (humantime's year is 365.25 days), so `10y`, `10years` and `3650days` all fit.
pub const MAX_TIMER_SECS: i64 = 10 * 31_557_600;

/// A duration for people, in the units they type and `parse_duration` reads back: days,
/// hours, minutes and seconds (`2h`, `1h 30m`, `3650days`, `1day 12h`), never months or
/// years, whose length varies.
pub fn format_duration(secs: i64) -> String {
    let mut rest = secs.unsigned_abs();
    let mut parts = Vec::new();
    let days = rest / 86_400;
    rest %= 86_400;
    match days {
        0 => {}
        1 => parts.push("1day".to_string()),
        d => parts.push(format!("{d}days")),
    }
    for (size, unit) in [(3600, "h"), (60, "m"), (1, "s")] {
        if rest >= size {
            parts.push(format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    if parts.is_empty() {
        "0s".into()
    } else {
        parts.join(" ")
    }
}

/// Checks that a timer lies in the future and within 10 years of `now`
/// ([`MAX_TIMER_SECS`]).
pub fn check_timer(at: Ts, now: Ts) -> Result<Ts> {
    if at <= now {
        bail!(
            "the timer {} is not in the future (now is {}); give a later time or a positive duration",
            rfc3339(at),
            rfc3339(now)
        );
    }
    let limit = now.saturating_add(MAX_TIMER_SECS);
    if at > limit {
        bail!(
            "the timer {} is more than 10 years away; give a time before {}",
            rfc3339(at),
            rfc3339(limit)
        );
    }
    Ok(at)
}

/// A timer from `--for DURATION` or `--until TIME`, validated. `None` when neither is given.
pub fn timer(for_: Option<&str>, until: Option<&str>, now: Ts) -> Result<Option<Ts>> {
    let at = match (for_, until) {
        (Some(d), _) => {
            let secs = parse_duration(d).context("bad `--for`")?;
            Some(
                now.checked_add(secs)
                    .ok_or_else(|| anyhow!("the duration `{d}` is too long"))?,
            )
        }
        (None, Some(t)) => Some(parse_time(t).context("bad `--until`")?),
        (None, None) => None,
    };
    at.map(|at| check_timer(at, now)).transpose()
}

/// `--since`: a duration back from `now`, or a time.
pub fn parse_since(s: &str, now: Ts) -> Result<Ts> {
    if let Ok(secs) = parse_duration(s) {
        return Ok(now.saturating_sub(secs));
    }
    parse_time(s).map_err(|_| {
        anyhow!(
            "`{s}` is neither a duration (`2h`, `7days`) nor a time (`2026-11-20T09:00:00Z`, `2026-11-20 09:00`)"
        )
    })
}

/// RFC 3339 in UTC, seconds precision: `2026-11-21T09:00:00Z`.
pub fn rfc3339(ts: Ts) -> String {
    DateTime::from_timestamp(ts, 0).map_or_else(
        || ts.to_string(),
        |d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

/// A local time for people: `14:02` today, else `2026-11-22 14:02`.
pub fn local_short(ts: Ts, now: Ts) -> String {
    let (Some(t), Some(n)) = (
        Local.timestamp_opt(ts, 0).single(),
        Local.timestamp_opt(now, 0).single(),
    ) else {
        return rfc3339(ts);
    };
    if t.date_naive() == n.date_naive() {
        t.format("%H:%M").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// A relative time for people: `in 1h 59m`, `3d 2h ago`, `now`.
pub fn relative(ts: Ts, now: Ts) -> String {
    let diff = ts.saturating_sub(now);
    if diff == 0 {
        return "now".into();
    }
    let span = span(diff.unsigned_abs());
    if diff > 0 {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}

/// The two largest units of a span of seconds: `1h 59m`, `3d 2h`, `45s`.
pub fn span(secs: u64) -> String {
    const UNITS: [(u64, &str); 5] = [
        (365 * 86400, "y"),
        (86400, "d"),
        (3600, "h"),
        (60, "m"),
        (1, "s"),
    ];
    let mut parts = Vec::new();
    let mut rest = secs;
    for (size, name) in UNITS {
        if rest >= size {
            parts.push(format!("{}{name}", rest / size));
            rest %= size;
        } else if !parts.is_empty() {
            parts.push(String::new());
        }
        if parts.len() == 2 {
            break;
        }
    }
    let parts: Vec<_> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        "0s".into()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Ts = 1_795_251_600; // 2026-11-21T09:00:00Z

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90m").unwrap(), 5400);
        assert_eq!(parse_duration("1h 30m").unwrap(), 5400);
        assert_eq!(parse_duration("2days").unwrap(), 172_800);
        assert_eq!(parse_duration("1week").unwrap(), 604_800);
        for bad in ["", "soon", "-5m", "5 parsecs"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timers_must_be_future_and_within_ten_years() {
        assert_eq!(timer(Some("2h"), None, NOW).unwrap(), Some(NOW + 7200));
        assert!(timer(Some("0s"), None, NOW).is_err());
        assert!(timer(Some("11y"), None, NOW).is_err());
        assert!(timer(Some("9y"), None, NOW).is_ok());
        for ten in ["10y", "10years", "3650days", "3652days 12h"] {
            assert!(timer(Some(ten), None, NOW).is_ok(), "{ten}");
        }
        assert!(timer(Some("10years 1s"), None, NOW).is_err());
        assert!(timer(None, Some("2026-11-21T08:59:59Z"), NOW).is_err());
        assert_eq!(
            timer(None, Some("2026-11-22T09:00:00+01:00"), NOW).unwrap(),
            Some(NOW + 86400 - 3600)
        );
        assert!(timer(Some("99999999999999y"), None, NOW).is_err());
        assert_eq!(timer(None, None, NOW).unwrap(), None);
    }

    #[test]
    fn durations_for_people() {
        assert_eq!(format_duration(7200), "2h");
        assert_eq!(format_duration(5400), "1h 30m");
        assert_eq!(format_duration(3650 * 86400), "3650days");
        assert_eq!(format_duration(MAX_TIMER_SECS), "3652days 12h");
        assert_eq!(format_duration(86400 + 61), "1day 1m 1s");
        assert_eq!(format_duration(0), "0s");
        for secs in [1, 59, 5400, 86400, 3650 * 86400, MAX_TIMER_SECS, 90061] {
            assert_eq!(parse_duration(&format_duration(secs)).unwrap(), secs);
        }
    }

    #[test]
    fn rfc3339_and_relative() {
        assert_eq!(rfc3339(NOW), "2026-11-21T09:00:00Z");
        assert_eq!(relative(NOW + 7140, NOW), "in 1h 59m");
        assert_eq!(relative(NOW - 3 * 86400 - 7200, NOW), "3d 2h ago");
        assert_eq!(relative(NOW, NOW), "now");
        assert_eq!(relative(NOW + 3601, NOW), "in 1h");
        assert_eq!(span(45), "45s");
        assert_eq!(span(86400 + 5), "1d");
    }

    #[test]
    fn extreme_years_are_errors_not_panics() {
        for t in [
            "+262142-12-31 23:59",
            "-262143-01-01 00:00",
            "0001-01-01 00:00",
            "9999-12-31 23:59",
        ] {
            let _ = parse_time(t);
        }
        assert!(parse_time("+262142-12-31 23:59").is_err());
        assert!(timer(None, Some("9999-12-31 23:59"), NOW).is_err());
    }

    #[test]
    fn a_leap_second_is_not_a_valid_time() {
        for t in [
            "2026-12-31 23:59:60",
            "2026-12-31T23:59:60Z",
            "2026-12-31T23:59:60",
        ] {
            let err = format!("{:#}", parse_time(t).unwrap_err());
            assert!(err.contains("not a valid time"), "{t}: {err}");
            assert!(!err.contains("daylight"), "{t}: {err}");
        }
    }

    #[test]
    fn since_takes_a_duration_or_a_time() {
        assert_eq!(parse_since("2h", NOW).unwrap(), NOW - 7200);
        assert_eq!(
            parse_since("2026-11-21T08:00:00Z", NOW).unwrap(),
            NOW - 3600
        );
        assert!(parse_since("yesterday-ish", NOW).is_err());
    }
}
