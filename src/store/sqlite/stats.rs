//! The queries of `botctl stats` on SQLite.

use std::collections::HashMap;

use anyhow::Result;
use rusqlite::Connection;
use rusqlite::types::Value;

use super::word;
use crate::core::{Reason, Status, Ts};
use crate::store::stats::{
    ActorCount, DayCount, HOURS, HistoryGroup, Stats, StatsQuery, StatusCount, Wakes, day_rows_sql,
    tally,
};

fn n(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// Everything `stats` shows, read in one transaction.
pub fn stats(conn: &Connection, q: &StatsQuery) -> Result<Stats> {
    let tx = conn.unchecked_transaction()?;
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

    let (by_day, actors) = history_counts(&tx, q.day_bounds, now, q.top_actors)?;
    tx.finish()?;
    Ok(Stats {
        by_status,
        wakes,
        by_day,
        actors,
    })
}

/// History rows per day, kind and reason, and the most active actors, from one pass
/// over the days' rows. Timer wakes are nobody's:
/// they count per day (reason `timer`) but not for an actor.
fn history_counts(
    tx: &rusqlite::Connection,
    bounds: &[Ts],
    now: Ts,
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
    let rows = day_rows_sql("?1", &format!("?{}", days + 1), &format!("?{}", days + 2));
    let sql = format!(
        "SELECT {case} AS day, kind, reason, actor, count(*), max(at) \
             FROM ({rows}) GROUP BY day, kind, reason, actor"
    );
    let mut stmt = tx.prepare(&sql)?;
    let args: Vec<Value> = bounds
        .iter()
        .chain([&now])
        .map(|&b| Value::Integer(b))
        .collect();
    let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
    let mut groups = Vec::new();
    while let Some(r) = rows.next()? {
        groups.push(HistoryGroup {
            day: usize::try_from(r.get::<_, i64>(0)?).unwrap_or(0),
            kind: r.get(1)?,
            reason: r.get(2)?,
            actor: r.get(3)?,
            count: n(r.get(4)?),
            last: r.get(5)?,
        });
    }
    let (by_day, actors) = tally(groups, top);
    Ok((by_day, actors))
}
