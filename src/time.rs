//! The clock (real, or fixed by `BOTCTL_NOW`), parsing of durations and times people
//! type, and formatting of instants for people and for programs.

use anyhow::{Context, Result, anyhow, bail};
use chrono::{
    DateTime, Datelike, Days, Local, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
    Timelike, Utc, Weekday,
};

use crate::status::Ts;

/// The current instant: `BOTCTL_NOW` (RFC 3339) if set, else the system clock.
pub fn now() -> Result<Ts> {
    now_precise().map(|(t, _)| t)
}

/// [`now`] with the fraction of its second (nanoseconds), for comparing with times
/// that have one.
pub fn now_precise() -> Result<(Ts, u32)> {
    match std::env::var("BOTCTL_NOW") {
        Ok(v) if !v.trim().is_empty() => {
            let t = parse_rfc3339(v.trim()).with_context(|| {
                format!("`BOTCTL_NOW` is `{}`, which is not an RFC 3339 time such as `2026-11-21T09:00:00Z`", crate::escape::shown(&v))
            })?;
            let nanos = DateTime::parse_from_rfc3339(v.trim()).map_or(0, |d| d.nanosecond());
            Ok((t, nanos))
        }
        Err(std::env::VarError::NotUnicode(v)) => bail!(
            "`BOTCTL_NOW` is `{}`, which is not UTF-8 text, let alone an RFC 3339 time such as `2026-11-21T09:00:00Z`",
            crate::escape::shown(&v.to_string_lossy())
        ),
        _ => {
            let t = Utc::now();
            Ok((t.timestamp(), t.nanosecond().min(999_999_999)))
        }
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
        anyhow!(
            "`{}` is not a duration ({}); write it like `90m`, `1h 30m`, `2days` or `1week`",
            crate::escape::shown(s),
            crate::escape::shown(&e.to_string())
        )
    })?;
    if d.subsec_nanos() != 0 {
        bail!(
            "`{}` is not a whole number of seconds; botctl counts time in seconds: write it \
             like `90s`, `90m` or `2h`",
            crate::escape::shown(s)
        );
    }
    i64::try_from(d.as_secs())
        .map_err(|_| anyhow!("the duration `{}` is too long", crate::escape::shown(s)))
}

/// A time as RFC 3339 with an offset, or `YYYY-MM-DD HH:MM[:SS]` in the local time zone
/// (`TZ` honoured). A local time in a DST gap is an error naming the gap; an ambiguous
/// one (the repeated hour) means the earlier instant.
pub fn parse_time(s: &str) -> Result<Ts> {
    parse_absolute(s, &Local)?.ok_or_else(|| {
        anyhow!(
            "`{}` is not a time; write RFC 3339 with an offset (`2026-11-22T09:00:00+01:00`) \
                 or a local time (`2026-11-22 09:00`)",
            crate::escape::shown(s)
        )
    })
}

/// [`parse_time`] in the zone `tz`; `Ok(None)` when `s` has neither shape.
fn parse_absolute<Tz: TimeZone>(s: &str, tz: &Tz) -> Result<Option<Ts>> {
    let t = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        if d.nanosecond() >= 1_000_000_000 {
            bail!(leap_second(&crate::escape::shown(s)));
        }
        return Ok(Some(d.timestamp()));
    }
    let Some(naive) = parse_naive(t) else {
        return Ok(None);
    };
    if naive.nanosecond() >= 1_000_000_000 {
        bail!(leap_second(&crate::escape::shown(s)));
    }
    if !(1970..=9999).contains(&naive.year()) {
        bail!(
            "`{}` is out of range; give a time between the years 1970 and 9999",
            crate::escape::shown(s)
        );
    }
    local_to_instant(naive, tz).map(Some)
}

/// The instant of a local wall-clock time in `tz`: an error naming the gap when it does not
/// exist (clocks jump over it), the earlier instant when it happens twice.
fn local_to_instant<Tz: TimeZone>(naive: NaiveDateTime, tz: &Tz) -> Result<Ts> {
    match local_instants(naive, tz).as_slice() {
        [] => Err(gap_error(naive, tz)),
        // One instant, or two in the repeated hour: the earlier.
        [first, ..] => Ok(*first),
    }
}

fn gap_error<Tz: TimeZone>(naive: NaiveDateTime, tz: &Tz) -> anyhow::Error {
    let (from, to) = gap_around(naive, tz);
    let shown = if naive.second() == 0 {
        naive.format("%Y-%m-%d %H:%M")
    } else {
        naive.format("%Y-%m-%d %H:%M:%S")
    };
    if naive.nanosecond() >= 1_000_000_000 {
        return anyhow!(leap_second(&shown.to_string()));
    }
    if from >= to || to.signed_duration_since(from) > chrono::Duration::hours(25) {
        return anyhow!("`{shown}` is not a valid time in {}", zone_name());
    }
    anyhow!(
        "the local time `{shown}` does not exist in {}: clocks jump from {} to {} that day \
         (a daylight-saving gap); pick a time outside it or give an offset",
        zone_name(),
        from.format("%H:%M"),
        to.format("%H:%M"),
    )
}

/// The instants whose local wall-clock time in `tz` is `naive`, earliest first: none in a
/// DST gap, two in the repeated hour. Built from UTC-to-local conversions, which are
/// reliable, rather than chrono's local-to-UTC (which misorders ambiguous times).
fn local_instants<Tz: TimeZone>(naive: NaiveDateTime, tz: &Tz) -> Vec<Ts> {
    let as_utc = naive.and_utc().timestamp();
    let offset_at = |ts: Ts| {
        DateTime::from_timestamp(ts, 0).map(|d| {
            tz.offset_from_utc_datetime(&d.naive_utc())
                .fix()
                .local_minus_utc()
        })
    };
    let mut out: Vec<Ts> = [as_utc - 86_400, as_utc, as_utc + 86_400]
        .into_iter()
        .filter_map(offset_at)
        .map(|off| as_utc - i64::from(off))
        .filter(|&t| {
            DateTime::from_timestamp(t, 0)
                .is_some_and(|d| tz.from_utc_datetime(&d.naive_utc()).naive_local() == naive)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The first missing and the first valid local minute around a time in a DST gap.
fn gap_around<Tz: TimeZone>(naive: NaiveDateTime, tz: &Tz) -> (NaiveDateTime, NaiveDateTime) {
    let minute = chrono::Duration::minutes(1);
    let exists = |t: NaiveDateTime| !local_instants(t, tz).is_empty();
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
        Ok(tz) if !tz.is_empty() => crate::escape::shown(tz.trim_start_matches(':')).into_owned(),
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
        // A time past the calendar's end is not shown as a number of seconds.
        let when = DateTime::from_timestamp(at, 0)
            .map_or_else(|| "asked for".to_string(), |_| rfc3339(at));
        bail!(
            "the timer {when} is more than 10 years away; give a time before {}",
            rfc3339(limit)
        );
    }
    Ok(at)
}

/// A timer from `--for DURATION` or `--until TIME`, validated: in the future and within
/// 10 years. `None` when neither is given. `day_start` (the `day-start` setting) is asked
/// for only when `--until` names a day without a time of day (`tomorrow`, `monday`).
pub fn timer(
    for_: Option<&str>,
    until: Option<&str>,
    now: Ts,
    day_start: impl FnOnce() -> Result<NaiveTime>,
) -> Result<Option<Ts>> {
    let at = match (for_, until) {
        (Some(d), _) => {
            let secs = parse_duration(d).context("bad `--for`")?;
            Some(
                now.checked_add(secs)
                    .ok_or_else(|| {
                        anyhow!("the duration `{}` is too long", crate::escape::shown(d))
                    })
                    .context("bad `--for`")?,
            )
        }
        (None, Some(t)) => {
            let until = parse_until(t).context("bad `--until`")?;
            let start = if until.needs_day_start() {
                day_start()?
            } else {
                NaiveTime::MIN
            };
            Some(until.resolve(now, start, &Local).context("bad `--until`")?)
        }
        (None, None) => None,
    };
    at.map(|at| check_timer(at, now)).transpose()
}

/// What `--until` says, before it is placed on the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Until {
    /// RFC 3339 with an offset: one instant everywhere.
    Instant(Ts),
    /// `YYYY-MM-DD HH:MM[:SS]`, a local time.
    Local(NaiveDateTime),
    /// `HH:MM`: its next occurrence (today if still ahead, else tomorrow).
    Next(NaiveTime),
    /// `tomorrow`, a weekday or `next-week`, at a time of day (`None`: `day-start`).
    Day(Day, Option<NaiveTime>),
}

/// A day named relative to today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Day {
    Tomorrow,
    /// The next such weekday after today: on a Monday, `monday` is a week ahead.
    Weekday(Weekday),
    /// Next Monday, as `monday`.
    NextWeek,
}

/// A time of day `HH:MM` (or `H:MM`), from 00:00 to 23:59.
pub fn parse_clock(s: &str) -> Result<NaiveTime> {
    let t = s.trim();
    let bad = || {
        anyhow!(
            "`{s}` is not a time of day; write `HH:MM` from `00:00` to `23:59`, such as `14:30`"
        )
    };
    let (h, m) = t.split_once(':').ok_or_else(bad)?;
    let digits = |p: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(h, 1..=2) || !digits(m, 2..=2) {
        return Err(bad());
    }
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(bad)
}

/// A time of day as minutes after midnight (how `day-start` is kept in `Settings`).
pub fn clock_minutes(t: NaiveTime) -> u32 {
    t.hour() * 60 + t.minute()
}

/// Minutes after midnight as a time of day (values past 23:59 wrap around).
pub fn clock_of(minutes: u32) -> NaiveTime {
    let m = minutes % 1440;
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or(NaiveTime::MIN)
}

fn looks_like_clock(s: &str) -> bool {
    s.contains(':') && s.bytes().all(|b| b.is_ascii_digit() || b == b':')
}

/// Parses `--until`: RFC 3339, a local date and time, `HH:MM`, `tomorrow [HH:MM]`, a
/// weekday name (`monday [HH:MM]`, also `mon`) or `next-week [HH:MM]`. Words are
/// case-insensitive.
pub fn parse_until(s: &str) -> Result<Until> {
    let t = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        if d.nanosecond() >= 1_000_000_000 {
            bail!(leap_second(&crate::escape::shown(s)));
        }
        return Ok(Until::Instant(d.timestamp()));
    }
    if let Some(naive) = parse_naive(t) {
        if naive.nanosecond() >= 1_000_000_000 {
            bail!(leap_second(&crate::escape::shown(s)));
        }
        if !(1970..=9999).contains(&naive.year()) {
            bail!(
                "`{}` is out of range; give a time between the years 1970 and 9999",
                crate::escape::shown(s)
            );
        }
        return Ok(Until::Local(naive));
    }
    let lower = t.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let (day, rest) = match words.as_slice() {
        [one] if looks_like_clock(one) => return Ok(Until::Next(parse_clock(one)?)),
        ["tomorrow", rest @ ..] => (Day::Tomorrow, rest),
        ["next-week", rest @ ..] | ["next", "week", rest @ ..] => (Day::NextWeek, rest),
        [w, rest @ ..] if w.len() >= 3 && w.parse::<Weekday>().is_ok() => (
            Day::Weekday(w.parse::<Weekday>().map_err(|_| until_error(s))?),
            rest,
        ),
        _ => return Err(until_error(s)),
    };
    match rest {
        [] => Ok(Until::Day(day, None)),
        [clock] => Ok(Until::Day(day, Some(parse_clock(clock)?))),
        _ => Err(until_error(s)),
    }
}

fn until_error(s: &str) -> anyhow::Error {
    let s = crate::escape::shown(s);
    anyhow!(
        "`{s}` is not a time; write `HH:MM`, `tomorrow [HH:MM]`, a weekday (`monday [HH:MM]`), \
         `next-week`, a local time (`2026-11-22 09:00`) or RFC 3339 with an offset \
         (`2026-11-22T09:00:00+01:00`)"
    )
}

fn parse_naive(t: &str) -> Option<NaiveDateTime> {
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
}

impl Until {
    /// Whether [`Until::resolve`] uses `day_start`.
    pub fn needs_day_start(&self) -> bool {
        matches!(self, Until::Day(_, None))
    }

    /// The instant meant, seen from `now` in the zone `tz`. A local time that does not
    /// exist (a DST gap) is an error; one that happens twice is the earlier instant.
    pub fn resolve<Tz: TimeZone>(&self, now: Ts, day_start: NaiveTime, tz: &Tz) -> Result<Ts> {
        let today = || -> Result<NaiveDateTime> {
            DateTime::from_timestamp(now, 0)
                .map(|d| tz.from_utc_datetime(&d.naive_utc()).naive_local())
                .ok_or_else(|| anyhow!("the clock ({now}) is out of range"))
        };
        let plus = |date: NaiveDate, days: u64| {
            date.checked_add_days(Days::new(days))
                .ok_or_else(|| anyhow!("the date is out of range"))
        };
        match *self {
            Until::Instant(ts) => Ok(ts),
            Until::Local(naive) => local_to_instant(naive, tz),
            Until::Next(clock) => {
                // Today's, if one of its instants is still ahead (in the repeated hour the
                // second may be, when the clock has passed it once already), else
                // tomorrow's.
                let local_now = today()?;
                let date = local_now.date();
                for (naive, last) in [
                    (date.and_time(clock), false),
                    (plus(date, 1)?.and_time(clock), true),
                ] {
                    let instants = local_instants(naive, tz);
                    if let Some(i) = instants.iter().copied().find(|&i| i > now) {
                        return Ok(i);
                    }
                    if instants.is_empty() && (last || naive > local_now) {
                        return Err(gap_error(naive, tz));
                    }
                }
                bail!("the date is out of range")
            }
            Until::Day(day, clock) => {
                let date = today()?.date();
                let ahead = |w: Weekday| {
                    let d =
                        (7 + w.num_days_from_monday() - date.weekday().num_days_from_monday()) % 7;
                    if d == 0 { 7 } else { u64::from(d) }
                };
                let days = match day {
                    Day::Tomorrow => 1,
                    Day::Weekday(w) => ahead(w),
                    Day::NextWeek => ahead(Weekday::Mon),
                };
                local_to_instant(plus(date, days)?.and_time(clock.unwrap_or(day_start)), tz)
            }
        }
    }
}

/// `--since`: a duration back from `now`, or a time.
pub fn parse_since(s: &str, now: Ts) -> Result<Ts> {
    if let Ok(secs) = parse_duration(s) {
        return Ok(now.saturating_sub(secs));
    }
    // A time that has the shape of one but does not exist (a DST gap, a leap second, out
    // of range) says so, as `--until` does.
    parse_absolute(s, &Local)?.ok_or_else(|| {
        anyhow!(
            "`{}` is neither a duration (`2h`, `7days`) nor a time (`2026-11-20T09:00:00Z`, `2026-11-20 09:00`)",
            crate::escape::shown(s)
        )
    })
}

/// The local days that end with today's: `days` of them, oldest first, each with the
/// instant it starts (local midnight; where midnight falls in a DST gap, the first minute
/// after it), followed by tomorrow and its start, which ends the last day.
pub fn day_starts<Tz: TimeZone>(now: Ts, days: u32, tz: &Tz) -> Result<Vec<(NaiveDate, Ts)>> {
    let today = DateTime::from_timestamp(now, 0)
        .map(|d| tz.from_utc_datetime(&d.naive_utc()).date_naive())
        .ok_or_else(|| anyhow!("the clock ({now}) is out of range"))?;
    let first = today
        .checked_sub_days(Days::new(u64::from(days.saturating_sub(1))))
        .ok_or_else(|| anyhow!("the date is out of range"))?;
    first
        .iter_days()
        .take(days as usize + 1)
        .map(|date| {
            let midnight = date.and_time(NaiveTime::MIN);
            let start = match local_instants(midnight, tz).first() {
                Some(&t) => Some(t),
                None => local_instants(gap_around(midnight, tz).1, tz)
                    .first()
                    .copied(),
            };
            start
                .map(|t| (date, t))
                .ok_or_else(|| anyhow!("cannot find the start of {date} in the local time zone"))
        })
        .collect()
}

/// An instant as local time in `format` (chrono's `strftime` syntax).
pub fn local_format(ts: Ts, format: &str) -> String {
    Local
        .timestamp_opt(ts, 0)
        .single()
        .map_or_else(|| rfc3339(ts), |t| t.format(format).to_string())
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

    const NOW: Ts = 1_795_251_600; // 2026-11-21T09:00:00Z, a Saturday

    fn nine() -> Result<NaiveTime> {
        parse_clock("09:00")
    }

    /// `--until s` seen at `now` in `tz` with `day-start` `start`, as RFC 3339 in UTC.
    fn until<Tz: TimeZone>(tz: &Tz, now: &str, s: &str, start: &str) -> Result<String> {
        let now = parse_rfc3339(now).unwrap();
        let at = parse_until(s)?.resolve(now, parse_clock(start).unwrap(), tz)?;
        Ok(rfc3339(at))
    }

    #[test]
    fn times_for_people() {
        use chrono_tz::America::New_York as NY;
        use chrono_tz::Europe::Berlin;
        let sat = "2026-11-21T09:00:00Z"; // 04:00 EST on a Saturday in New York
        let fall = "2026-10-31T16:00:00Z"; // Saturday 12:00 EDT; EST from Sunday 02:00
        let spring = "2027-03-13T17:00:00Z"; // Saturday 12:00 EST; EDT from Sunday 02:00
        let repeated = "2026-11-01T06:10:00Z"; // 01:10 EST, the second pass of 01:xx
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str, &str)] = &[
            // now, --until, day-start, expected
            (sat, "14:30", "09:00", "2026-11-21T19:30:00Z"),
            (sat, "03:00", "09:00", "2026-11-22T08:00:00Z"), // passed today: tomorrow
            (sat, "04:00", "09:00", "2026-11-22T09:00:00Z"), // now itself: tomorrow
            (sat, "4:01", "09:00", "2026-11-21T09:01:00Z"),
            (sat, "tomorrow", "09:00", "2026-11-22T14:00:00Z"),
            (sat, "Tomorrow", "08:30", "2026-11-22T13:30:00Z"),
            (sat, "tomorrow 7:15", "09:00", "2026-11-22T12:15:00Z"),
            (sat, "  tomorrow   23:59 ", "09:00", "2026-11-23T04:59:00Z"),
            (sat, "saturday", "09:00", "2026-11-28T14:00:00Z"), // today's weekday: next week
            (sat, "sunday 18:00", "09:00", "2026-11-22T23:00:00Z"),
            (sat, "monday", "09:00", "2026-11-23T14:00:00Z"),
            (sat, "FRI", "07:00", "2026-11-27T12:00:00Z"),
            (sat, "next-week", "09:00", "2026-11-23T14:00:00Z"),
            (sat, "next week 10:00", "09:00", "2026-11-23T15:00:00Z"),
            (sat, "2026-11-22 09:00", "07:00", "2026-11-22T14:00:00Z"),
            (sat, "2026-11-22T09:00:00+01:00", "07:00", "2026-11-22T08:00:00Z"),
            // across the fall change: 09:00 is EST (UTC-5) the next day, not EDT
            (fall, "tomorrow", "09:00", "2026-11-01T14:00:00Z"),
            (fall, "tomorrow 01:30", "09:00", "2026-11-01T05:30:00Z"), // ambiguous: earlier
            (fall, "monday", "09:00", "2026-11-02T14:00:00Z"),
            (fall, "11:00", "09:00", "2026-11-01T16:00:00Z"),
            // across the spring change: 09:00 is EDT (UTC-4)
            (spring, "tomorrow", "09:00", "2027-03-14T13:00:00Z"),
            (spring, "tomorrow 03:00", "09:00", "2027-03-14T07:00:00Z"),
            (spring, "tomorrow 01:59", "09:00", "2027-03-14T06:59:00Z"),
            // in the repeated hour, the next 01:45 is the second one (the first has passed)
            (repeated, "01:45", "09:00", "2026-11-01T06:45:00Z"),
            (repeated, "01:05", "09:00", "2026-11-02T06:05:00Z"),
            // in the first pass of the repeated hour, an earlier minute comes again today
            ("2026-11-01T05:50:00Z", "01:30", "09:00", "2026-11-01T06:30:00Z"),
            ("2026-11-01T05:50:00Z", "01:55", "09:00", "2026-11-01T05:55:00Z"),
            ("2026-11-01T05:50:00Z", "00:30", "09:00", "2026-11-02T05:30:00Z"),
        ];
        for (now, s, start, want) in cases {
            let got = until(&NY, now, s, start).map_err(|e| format!("{e:#}"));
            assert_eq!(
                got.as_deref(),
                Ok(*want),
                "{s} at {now} (day-start {start})"
            );
        }
        assert_eq!(
            until(&Berlin, sat, "tomorrow", "09:00").unwrap(),
            "2026-11-22T08:00:00Z"
        );
        assert_eq!(
            until(&Utc, sat, "08:59", "09:00").unwrap(),
            "2026-11-22T08:59:00Z"
        );
        assert_eq!(
            until(&Utc, sat, "next-week 00:00", "09:00").unwrap(),
            "2026-11-23T00:00:00Z"
        );
    }

    #[test]
    fn bad_times_for_people() {
        use chrono_tz::America::New_York as NY;
        let spring = "2027-03-13T17:00:00Z";
        for (s, needle) in [
            ("tomorrow 25:00", "not a time of day"),
            ("tomorrow 24:00", "not a time of day"),
            ("tomorrow 9", "not a time of day"),
            ("tomorrow 9:5", "not a time of day"),
            ("tomorrow soon", "not a time of day"),
            ("12:60", "not a time of day"),
            ("monday 10:00 sharp", "is not a time"),
            ("someday", "is not a time"),
            ("mo", "is not a time"),
            ("", "is not a time"),
            ("tomorrow 02:30", "gap"),
        ] {
            let err = until(&NY, spring, s, "09:00").map(|ok| format!("ok {ok}"));
            let e = match err {
                Err(e) => format!("{e:#}"),
                Ok(ok) => panic!("`{s}` gave {ok}"),
            };
            assert!(e.contains(needle), "`{s}`: {e}");
        }
        // A day-start in the gap is an error too, named by its date.
        let e = until(&NY, spring, "tomorrow", "02:15").unwrap_err();
        assert!(format!("{e:#}").contains("2027-03-14 02:15"), "{e:#}");
        // The timer rules still apply: `HH:MM` is always ahead, so only the range can fail.
        assert!(timer(None, Some("tomorrow"), NOW, nine).unwrap().unwrap() > NOW);
        assert!(timer(None, Some("tomorrow 25:00"), NOW, nine).is_err());
        // day-start is read only when needed.
        let never = || -> Result<NaiveTime> { panic!("day-start read") };
        assert!(timer(None, Some("tomorrow 10:00"), NOW, never).is_ok());
        assert!(timer(Some("1h"), None, NOW, never).is_ok());
    }

    #[test]
    fn days_start_at_local_midnight() {
        use chrono_tz::America::New_York as NY;
        let now = parse_rfc3339("2026-11-02T12:00:00Z").unwrap();
        let days = day_starts(now, 3, &NY).unwrap();
        let shown: Vec<(String, String)> = days
            .iter()
            .map(|(d, t)| (d.to_string(), rfc3339(*t)))
            .collect();
        let want = [
            ("2026-10-31", "2026-10-31T04:00:00Z"), // EDT
            ("2026-11-01", "2026-11-01T04:00:00Z"), // EDT; this day has 25 hours
            ("2026-11-02", "2026-11-02T05:00:00Z"), // EST
            ("2026-11-03", "2026-11-03T05:00:00Z"), // the end of the last day
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(shown, want);
        // Where midnight itself is skipped (Santiago, 2026-09-06), the day starts at 01:00.
        let santiago = chrono_tz::America::Santiago;
        let now = parse_rfc3339("2026-09-06T15:00:00Z").unwrap();
        let days = day_starts(now, 1, &santiago).unwrap();
        assert_eq!(rfc3339(days[0].1), "2026-09-06T04:00:00Z");
    }

    #[test]
    fn clock_round_trip() {
        for m in [0, 1, 59, 60, 9 * 60, 1439] {
            assert_eq!(clock_minutes(clock_of(m)), m);
        }
        assert_eq!(
            parse_clock("9:05").unwrap(),
            NaiveTime::from_hms_opt(9, 5, 0).unwrap()
        );
    }

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
        assert_eq!(
            timer(Some("2h"), None, NOW, nine).unwrap(),
            Some(NOW + 7200)
        );
        assert!(timer(Some("0s"), None, NOW, nine).is_err());
        assert!(timer(Some("11y"), None, NOW, nine).is_err());
        assert!(timer(Some("9y"), None, NOW, nine).is_ok());
        for ten in ["10y", "10years", "3650days", "3652days 12h"] {
            assert!(timer(Some(ten), None, NOW, nine).is_ok(), "{ten}");
        }
        assert!(timer(Some("10years 1s"), None, NOW, nine).is_err());
        assert!(timer(None, Some("2026-11-21T08:59:59Z"), NOW, nine).is_err());
        assert_eq!(
            timer(Some("2h"), None, NOW, nine).unwrap(),
            Some(NOW + 7200)
        );
        assert!(timer(Some("0s"), None, NOW, nine).is_err());
        assert!(timer(Some("11y"), None, NOW, nine).is_err());
        assert!(timer(Some("9y"), None, NOW, nine).is_ok());
        assert!(timer(None, Some("2026-11-21T08:59:59Z"), NOW, nine).is_err());
        assert_eq!(
            timer(None, Some("2026-11-22T09:00:00+01:00"), NOW, nine).unwrap(),
            Some(NOW + 86400 - 3600)
        );
        assert!(timer(Some("99999999999999y"), None, NOW, nine).is_err());
        assert_eq!(timer(None, None, NOW, nine).unwrap(), None);
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
        assert!(timer(None, Some("9999-12-31 23:59"), NOW, nine).is_err());
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
        // A time that does not exist is named as such, not as "neither".
        let leap = format!("{:#}", parse_since("2026-12-31 23:59:60", NOW).unwrap_err());
        assert!(leap.contains("seconds go from 00 to 59"), "{leap}");
        let far = format!("{:#}", parse_since("1900-01-01 00:00", NOW).unwrap_err());
        assert!(far.contains("out of range"), "{far}");
    }
}
