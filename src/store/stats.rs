//! The queries of `botctl stats`: a few aggregate statements in one read transaction
//! (one consistent snapshot), never a row per contact in memory. Contacts are counted
//! by one scan of the table; timers through the `wake_at` index; history through the
//! `at` index over the last days only.

use std::collections::HashMap;

use anyhow::Result;
use rusqlite::types::Value;

use super::{Store, TIMER_ACTOR, word};
use crate::status::{Reason, Status, Ts};

/// Length of the chart of wakes by hour.
pub const HOURS: usize = 24;

/// What `stats` asks for: the instant, and the starts of the days to count changes in.
pub struct StatsQuery<'a> {
    pub now: Ts,
    /// Ascending starts of each day counted, then the end of the last one (so one more
    /// than the number of days).
    pub day_bounds: &'a [Ts],
    /// How many actors to name.
    pub top_actors: usize,
}

/// Contacts with one effective status and reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusCount {
    pub status: Status,
    pub reason: Reason,
    pub count: u64,
}

/// Timers still to run out, counted from `now`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wakes {
    /// Timers that have run out but are not yet written down by `sweep` (these contacts
    /// are already effectively active).
    pub overdue: u64,
    pub next_hour: u64,
    pub next_day: u64,
    pub next_week: u64,
    /// `by_hour[i]`: timers in (now + i h, now + (i+1) h].
    pub by_hour: [u64; HOURS],
}

/// History rows of one kind and reason in one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayCount {
    /// Index into the query's days.
    pub day: usize,
    pub kind: String,
    /// `None` for kinds without a reason.
    pub reason: Option<String>,
    pub count: u64,
}

/// One actor's share of the history in the counted days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorCount {
    pub actor: String,
    pub changes: u64,
    /// The time of the actor's latest change.
    pub last: Ts,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Non-zero counts only, in no particular order.
    pub by_status: Vec<StatusCount>,
    pub wakes: Wakes,
    pub by_day: Vec<DayCount>,
    /// Most changes first, then by name; at most `top_actors`.
    pub actors: Vec<ActorCount>,
}

fn n(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

impl Store {
    /// Everything `stats` shows, read in one transaction.
    pub fn stats(&self, q: &StatsQuery) -> Result<Stats> {
        let tx = self.conn.unchecked_transaction()?;
        let now = q.now;

        // Stored status and reason (a scan of an index on them where there is one),
        // less the contacts whose timer has run out (through the `wake_at` index; the
        // `+` keeps SQLite on it), which count as active with reason timer.
        let mut counts: HashMap<(Status, Reason), i64> = HashMap::new();
        for (sql, sign) in [
            (
                "SELECT status, reason, count(*) FROM contacts GROUP BY status, reason",
                1,
            ),
            (
                "SELECT status, reason, count(*) FROM contacts WHERE wake_at <= ?1 \
                 GROUP BY +status, +reason",
                -1,
            ),
        ] {
            let mut stmt = tx.prepare(sql)?;
            let mut rows = if sign > 0 {
                stmt.query([])?
            } else {
                stmt.query([now])?
            };
            while let Some(r) = rows.next()? {
                let n: i64 = r.get(2)?;
                *counts.entry((word(r, 0)?, word(r, 1)?)).or_default() += sign * n;
                if sign < 0 {
                    *counts.entry((Status::Active, Reason::Timer)).or_default() += n;
                }
            }
        }
        let by_status = counts
            .into_iter()
            .filter(|&(_, count)| count > 0)
            .map(|((status, reason), count)| StatusCount {
                status,
                reason,
                count: n(count),
            })
            .collect();

        let mut wakes = Wakes::default();
        let (hour, day, week) = (3600, 86_400, 7 * 86_400);
        (
            wakes.overdue,
            wakes.next_hour,
            wakes.next_day,
            wakes.next_week,
        ) = tx.query_row(
            "SELECT count(*) FILTER (WHERE wake_at <= ?1), \
                    count(*) FILTER (WHERE wake_at > ?1 AND wake_at <= ?1 + ?2), \
                    count(*) FILTER (WHERE wake_at > ?1 AND wake_at <= ?1 + ?3), \
                    count(*) FILTER (WHERE wake_at > ?1) \
             FROM contacts WHERE wake_at <= ?1 + ?4",
            [now, hour, day, week],
            |r| Ok((n(r.get(0)?), n(r.get(1)?), n(r.get(2)?), n(r.get(3)?))),
        )?;
        let mut stmt = tx.prepare(
            "SELECT (wake_at - ?1 - 1) / ?2, count(*) FROM contacts \
             WHERE wake_at > ?1 AND wake_at <= ?1 + ?2 * ?3 GROUP BY 1",
        )?;
        let mut rows = stmt.query([now, hour, HOURS as i64])?;
        while let Some(r) = rows.next()? {
            let i: i64 = r.get(0)?;
            if let Some(slot) = usize::try_from(i)
                .ok()
                .and_then(|i| wakes.by_hour.get_mut(i))
            {
                *slot = n(r.get(1)?);
            }
        }
        drop(rows);
        drop(stmt);

        let (by_day, actors) = Self::history_counts(&tx, q.day_bounds, q.top_actors)?;
        tx.finish()?;
        Ok(Stats {
            by_status,
            wakes,
            by_day,
            actors,
        })
    }

    /// History rows per day, kind and reason, and the most active actors, from one pass
    /// over the days' rows. Every row is kind `status` until the history records other
    /// kinds; then `'status'` below becomes the `kind` column. Timer wakes are nobody's:
    /// they count per day (reason `timer`) but not for an actor.
    fn history_counts(
        tx: &rusqlite::Connection,
        bounds: &[Ts],
        top: usize,
    ) -> Result<(Vec<DayCount>, Vec<ActorCount>)> {
        let days = bounds.len().saturating_sub(1);
        if days == 0 {
            return Ok((Vec::new(), Vec::new()));
        }
        // ?1 .. ?(days+1) are the bounds; a row's day is the last start at or before it.
        let mut case = String::from("CASE");
        for i in 1..days {
            case.push_str(&format!(" WHEN at < ?{} THEN {}", i + 1, i - 1));
        }
        case.push_str(&format!(" ELSE {} END", days - 1));
        let sql = format!(
            "SELECT {case} AS day, 'status' AS kind, reason, actor, count(*), max(at) \
             FROM history WHERE at >= ?1 AND at < ?{} GROUP BY day, kind, reason, actor",
            days + 1
        );
        let mut stmt = tx.prepare(&sql)?;
        let args: Vec<Value> = bounds.iter().map(|&b| Value::Integer(b)).collect();
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        let mut by_day: HashMap<(usize, String, Option<String>), u64> = HashMap::new();
        let mut actors: HashMap<String, (u64, Ts)> = HashMap::new();
        while let Some(r) = rows.next()? {
            let day = usize::try_from(r.get::<_, i64>(0)?).unwrap_or(0);
            let count = n(r.get(4)?);
            *by_day.entry((day, r.get(1)?, r.get(2)?)).or_default() += count;
            let actor: String = r.get(3)?;
            if actor != TIMER_ACTOR {
                let last: Ts = r.get(5)?;
                let e = actors.entry(actor).or_insert((0, last));
                e.0 += count;
                e.1 = e.1.max(last);
            }
        }
        let by_day = by_day
            .into_iter()
            .map(|((day, kind, reason), count)| DayCount {
                day,
                kind,
                reason,
                count,
            })
            .collect();
        let mut actors: Vec<ActorCount> = actors
            .into_iter()
            .map(|(actor, (changes, last))| ActorCount {
                actor,
                changes,
                last,
            })
            .collect();
        actors.sort_by(|a, b| {
            b.changes
                .cmp(&a.changes)
                .then_with(|| a.actor.cmp(&b.actor))
        });
        actors.truncate(top);
        Ok((by_day, actors))
    }
}
