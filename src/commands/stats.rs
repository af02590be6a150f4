//! `botctl stats`: the workspace at a glance, for people (text with a bar chart) or as
//! one JSON object. Every number comes from a few aggregate queries (`store::stats`).

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use chrono::Local;
use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::Ctx;
use crate::error::code;
use crate::output;
use crate::status::{Reason, Status, Ts};
use crate::store::stats::{HOURS, Stats, StatsQuery};
use crate::time;

/// Days of history counted.
pub const DAYS: u32 = 14;
/// Actors named.
pub const TOP_ACTORS: usize = 5;
/// Width of the longest bar in the chart.
const BAR: usize = 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// Text for people, with a bar chart of wakes by hour
    #[value(alias = "text")]
    Table,
    /// One JSON object
    Json,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
}

/// Everything shown, worked out from the store's counts.
#[derive(Serialize)]
struct Report {
    at: String,
    mode: &'static str,
    contacts: u64,
    by_status: ByStatus,
    by_status_and_reason: Vec<StatusReason>,
    wakes: WakesJson,
    wakes_by_hour: Vec<HourJson>,
    changes_by_day: Vec<DayJson>,
    actors: Vec<ActorJson>,
}

#[derive(Serialize, Default)]
struct ByStatus {
    active: u64,
    snoozed: u64,
    inactive: u64,
}

#[derive(Serialize)]
struct StatusReason {
    status: &'static str,
    reason: &'static str,
    count: u64,
}

#[derive(Serialize)]
struct WakesJson {
    overdue: u64,
    next_hour: u64,
    next_day: u64,
    next_week: u64,
}

#[derive(Serialize)]
struct HourJson {
    from: String,
    to: String,
    count: u64,
    #[serde(skip)]
    start: Ts,
}

#[derive(Serialize)]
struct DayJson {
    day: String,
    from: String,
    total: u64,
    by_kind: BTreeMap<String, u64>,
    by_reason: BTreeMap<String, u64>,
    /// kind → reason → count, for the text.
    #[serde(skip)]
    detail: BTreeMap<String, BTreeMap<String, u64>>,
    #[serde(skip)]
    weekday: String,
}

#[derive(Serialize)]
struct ActorJson {
    actor: String,
    changes: u64,
    last_change_at: String,
    #[serde(skip)]
    last: Ts,
}

pub fn run(ctx: &Ctx, a: &StatsArgs) -> Result<u8> {
    let StatsArgs { format } = a;
    let store = ctx.open()?;
    let now = ctx.now;
    let days = time::day_starts(now, DAYS, &Local)?;
    let bounds: Vec<Ts> = days.iter().map(|(_, t)| *t).collect();
    let stats = store.stats(&StatsQuery {
        now,
        day_bounds: &bounds,
        top_actors: TOP_ACTORS,
    })?;
    let report = report(stats, now, store.mode()?.as_str(), &days);
    let mut out = output::stdout();
    match format {
        StatsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        StatsFormat::Table => {
            let glyphs = if unicode_terminal(ctx.ui.stdout_tty) {
                Glyphs::Unicode
            } else {
                Glyphs::Ascii
            };
            text(&mut out, &report, glyphs)?;
        }
    }
    out.flush()?;
    Ok(code::OK)
}

fn report(stats: Stats, now: Ts, mode: &'static str, days: &[(chrono::NaiveDate, Ts)]) -> Report {
    let mut by_status = ByStatus::default();
    let mut pairs = stats.by_status;
    let rank = |s: Status, r: Reason| {
        (
            Status::ALL.iter().position(|&x| x == s),
            Reason::ALL.iter().position(|&x| x == r),
        )
    };
    pairs.sort_by_key(|c| rank(c.status, c.reason));
    for c in &pairs {
        *match c.status {
            Status::Active => &mut by_status.active,
            Status::Snoozed => &mut by_status.snoozed,
            Status::Inactive => &mut by_status.inactive,
        } += c.count;
    }
    let w = stats.wakes;
    let wakes_by_hour = w
        .by_hour
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            let start = now + 3600 * i as i64;
            HourJson {
                from: time::rfc3339(start),
                to: time::rfc3339(start + 3600),
                count,
                start,
            }
        })
        .collect();
    let mut changes_by_day: Vec<DayJson> = days
        .iter()
        .take(days.len().saturating_sub(1))
        .map(|(date, start)| DayJson {
            day: date.to_string(),
            from: time::rfc3339(*start),
            total: 0,
            by_kind: BTreeMap::new(),
            by_reason: BTreeMap::new(),
            detail: BTreeMap::new(),
            weekday: date.format("%a").to_string(),
        })
        .collect();
    for c in stats.by_day {
        let Some(d) = changes_by_day.get_mut(c.day) else {
            continue;
        };
        d.total += c.count;
        *d.by_kind.entry(c.kind.clone()).or_default() += c.count;
        if let Some(r) = c.reason {
            *d.by_reason.entry(r.clone()).or_default() += c.count;
            *d.detail.entry(c.kind).or_default().entry(r).or_default() += c.count;
        } else {
            d.detail.entry(c.kind).or_default();
        }
    }
    Report {
        at: time::rfc3339(now),
        mode,
        contacts: by_status.active + by_status.snoozed + by_status.inactive,
        by_status,
        by_status_and_reason: pairs
            .iter()
            .map(|c| StatusReason {
                status: c.status.as_str(),
                reason: c.reason.as_str(),
                count: c.count,
            })
            .collect(),
        wakes: WakesJson {
            overdue: w.overdue,
            next_hour: w.next_hour,
            next_day: w.next_day,
            next_week: w.next_week,
        },
        wakes_by_hour,
        changes_by_day,
        actors: stats
            .actors
            .into_iter()
            .map(|a| ActorJson {
                actor: a.actor,
                changes: a.changes,
                last_change_at: time::rfc3339(a.last),
                last: a.last,
            })
            .collect(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Glyphs {
    Unicode,
    Ascii,
}

/// Unicode block bars only on a terminal that can show them: not `TERM=dumb`, and a
/// UTF-8 locale (`LC_ALL`, else `LC_CTYPE`, else `LANG`).
fn unicode_terminal(stdout_tty: bool) -> bool {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let dumb = var("TERM").is_some_and(|t| t == "dumb");
    let locale = var("LC_ALL")
        .or_else(|| var("LC_CTYPE"))
        .or_else(|| var("LANG"))
        .unwrap_or_default()
        .to_ascii_lowercase();
    stdout_tty && !dumb && (locale.contains("utf-8") || locale.contains("utf8"))
}

/// A bar of `count` scaled so that `max` is [`BAR`] wide; a non-zero count shows at
/// least a sliver.
fn bar(count: u64, max: u64, glyphs: Glyphs) -> String {
    if count == 0 || max == 0 {
        return String::new();
    }
    let eighths = ((count as u128 * BAR as u128 * 8) / max as u128).max(1) as usize;
    match glyphs {
        Glyphs::Unicode => {
            const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
            let mut s = "█".repeat(eighths / 8);
            if !eighths.is_multiple_of(8) {
                s.push(PARTS[eighths % 8]);
            }
            s
        }
        Glyphs::Ascii => "#".repeat(eighths.div_ceil(8)),
    }
}

/// Text from the database as it may be shown on a terminal: control and bidirectional
/// characters escaped, cut to 40 characters.
fn shown(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        if c.is_control()
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
        {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        output::thousands(n),
        if n == 1 { one } else { many }
    )
}

fn text(out: &mut impl Write, r: &Report, glyphs: Glyphs) -> Result<()> {
    let now = time_of(&r.at);
    writeln!(
        out,
        "Workspace at {} (bot mode {})",
        time::local_format(now, "%Y-%m-%d %H:%M"),
        r.mode
    )?;
    writeln!(out)?;

    // Contacts by effective status and reason.
    let width = output::thousands(r.contacts).len();
    writeln!(out, "Contacts   {:>width$}", output::thousands(r.contacts))?;
    for (status, count) in [
        (Status::Active, r.by_status.active),
        (Status::Snoozed, r.by_status.snoozed),
        (Status::Inactive, r.by_status.inactive),
    ] {
        let reasons: Vec<String> = r
            .by_status_and_reason
            .iter()
            .filter(|p| p.status == status.as_str())
            .map(|p| format!("{} {}", p.reason, output::thousands(p.count)))
            .collect();
        let tail = if reasons.is_empty() {
            String::new()
        } else {
            format!("  {}", reasons.join(", "))
        };
        writeln!(
            out,
            "  {:<9}{:>width$}{tail}",
            status.as_str(),
            output::thousands(count)
        )?;
    }
    writeln!(out)?;

    // Wakes.
    writeln!(
        out,
        "Wakes due  next hour {}, next day {}, next week {}",
        output::thousands(r.wakes.next_hour),
        output::thousands(r.wakes.next_day),
        output::thousands(r.wakes.next_week)
    )?;
    if r.wakes.overdue > 0 {
        writeln!(
            out,
            "  {} ran out already ({} active); `botctl sweep` writes {} down",
            plural(r.wakes.overdue, "timer", "timers"),
            if r.wakes.overdue == 1 {
                "its contact is"
            } else {
                "their contacts are"
            },
            if r.wakes.overdue == 1 { "it" } else { "them" }
        )?;
    }
    writeln!(out)?;
    writeln!(out, "Wakes by hour, next {HOURS} h")?;
    let max = r.wakes_by_hour.iter().map(|h| h.count).max().unwrap_or(0);
    let cw = output::thousands(max).len();
    for h in &r.wakes_by_hour {
        let b = bar(h.count, max, glyphs);
        let gap = if b.is_empty() { "" } else { "  " };
        writeln!(
            out,
            "  {}  {:>cw$}{gap}{b}",
            time::local_format(h.start, "%H:%M"),
            output::thousands(h.count),
        )?;
    }
    writeln!(out)?;

    // Changes per day.
    writeln!(out, "Changes per day, last {DAYS} days")?;
    let dmax = r.changes_by_day.iter().map(|d| d.total).max().unwrap_or(0);
    let dw = output::thousands(dmax).len();
    for d in &r.changes_by_day {
        let kinds: Vec<String> = d
            .detail
            .iter()
            .map(|(kind, reasons)| {
                let total: u64 = d.by_kind.get(kind).copied().unwrap_or(0);
                let inner: Vec<String> = reasons
                    .iter()
                    .map(|(reason, n)| format!("{} {}", shown(reason), output::thousands(*n)))
                    .collect();
                if inner.is_empty() {
                    format!("{} {}", shown(kind), output::thousands(total))
                } else {
                    format!(
                        "{} {} ({})",
                        shown(kind),
                        output::thousands(total),
                        inner.join(", ")
                    )
                }
            })
            .collect();
        let tail = if kinds.is_empty() {
            String::new()
        } else {
            format!("  {}", kinds.join("; "))
        };
        writeln!(
            out,
            "  {} {}  {:>dw$}{tail}",
            d.day,
            d.weekday,
            output::thousands(d.total)
        )?;
    }
    writeln!(out)?;

    // Actors.
    writeln!(out, "Most active, last {DAYS} days")?;
    if r.actors.is_empty() {
        writeln!(out, "  nobody changed anything")?;
    }
    let aw = r
        .actors
        .iter()
        .map(|a| shown(&a.actor).chars().count())
        .max()
        .unwrap_or(0);
    for a in &r.actors {
        writeln!(
            out,
            "  {:<aw$}  {}, the latest {}",
            shown(&a.actor),
            plural(a.changes, "change", "changes"),
            time::local_short(a.last, now)
        )?;
    }
    Ok(())
}

fn time_of(rfc: &str) -> Ts {
    chrono::DateTime::parse_from_rfc3339(rfc).map_or(0, |d| d.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_longest() {
        assert_eq!(bar(0, 10, Glyphs::Unicode), "");
        assert_eq!(bar(10, 10, Glyphs::Unicode), "█".repeat(BAR));
        assert_eq!(bar(10, 10, Glyphs::Ascii), "#".repeat(BAR));
        assert_eq!(bar(5, 10, Glyphs::Ascii), "#".repeat(BAR / 2));
        // A single wake among thousands still shows.
        assert_eq!(bar(1, 100_000, Glyphs::Unicode), "▏");
        assert_eq!(bar(1, 100_000, Glyphs::Ascii), "#");
        assert_eq!(bar(3, 16, Glyphs::Unicode), "███████▌");
    }

    #[test]
    fn database_text_is_escaped_and_cut() {
        assert_eq!(shown("alice"), "alice");
        assert_eq!(shown("a\u{1b}[31m"), "a\\u{1b}[31m");
        assert_eq!(shown("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(shown(&"n".repeat(50)).chars().count(), 41);
    }
}
