//! What `botctl stats` reads: a few aggregate statements in one read transaction
//! (one consistent snapshot), never a row per contact in memory. Contacts are counted
//! by one scan of the table; timers through the `wake_at` index; history through the
//! `at` index over the last days only.

use crate::core::{Kind, Reason, Status, Ts};

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

/// One group of history rows: the day (an index into the query's days), kind, reason and
/// actor, how many, and the latest one's time.
pub struct HistoryGroup {
    pub day: usize,
    pub kind: String,
    pub reason: Option<String>,
    pub actor: String,
    pub count: u64,
    pub last: Ts,
}

/// The rows the per-day counts are made of, as `(at, kind, reason, actor)`: history rows
/// dated in `[first, end)`, and the timers that ran out in that span but are not written
/// down yet, counted as the `sweep` would write them (a `status` row, reason and actor
/// `timer`, dated at `wake_at`), so that the counts do not depend on when cron ran.
/// `first`, `end` and `now` are the query's placeholders for those times.
pub fn day_rows_sql(first: &str, end: &str, now: &str) -> String {
    let timer = crate::core::TIMER_ACTOR;
    format!(
        "SELECT at, kind, reason, actor FROM history WHERE at >= {first} AND at < {end} \
         UNION ALL \
         SELECT wake_at, 'status', '{timer}', '{timer}' FROM contacts \
         WHERE wake_at >= {first} AND wake_at < {end} AND wake_at <= {now}"
    )
}

/// The counts per day, kind and reason, and the `top` most active actors (most changes
/// first, then by name), from the groups a backend read. Timer wakes are nobody's: they
/// count per day but not for an actor.
pub fn tally(
    groups: impl IntoIterator<Item = HistoryGroup>,
    top: usize,
) -> (Vec<DayCount>, Vec<ActorCount>) {
    use std::collections::HashMap;
    let mut by_day: HashMap<(usize, String, Option<String>), u64> = HashMap::new();
    let mut actors: HashMap<String, (u64, Ts)> = HashMap::new();
    for g in groups {
        // Reasons are counted for status changes only (an `added` row carries one too).
        let reason = g.reason.filter(|_| g.kind == Kind::Status.as_str());
        *by_day.entry((g.day, g.kind, reason)).or_default() += g.count;
        if g.actor != crate::core::TIMER_ACTOR {
            let e = actors.entry(g.actor).or_insert((0, g.last));
            e.0 += g.count;
            e.1 = e.1.max(g.last);
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
    (by_day, actors)
}
