//! The queries of `botctl stats` on PostgreSQL: the same aggregates as on SQLite, in
//! the caller's transaction (a REPEATABLE READ snapshot when read from the store).

use std::collections::HashMap;

use anyhow::{Result, anyhow};
use postgres::GenericClient;

use super::store::{Param, refs};
use crate::core::{Reason, Status, Ts};
use crate::store::stats::{
    ActorCount, DayCount, HOURS, HistoryGroup, Stats, StatsQuery, StatusCount, Wakes, day_rows_sql,
    tally,
};

fn n(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn word<T: std::str::FromStr<Err = String>>(s: &str) -> Result<T> {
    s.parse()
        .map_err(|e: String| anyhow!("a value stored in the database is damaged: {e}"))
}

pub fn stats<C: GenericClient>(c: &mut C, q: &StatsQuery) -> Result<Stats> {
    let now = q.now;
    let mut counts: HashMap<(Status, Reason), i64> = HashMap::new();
    for r in c.query(
        "SELECT status, reason, count(*) FROM contacts GROUP BY status, reason",
        &[],
    )? {
        *counts
            .entry((word(r.get(0))?, word(r.get(1))?))
            .or_default() += r.get::<_, i64>(2);
    }
    for r in c.query(
        "SELECT status, reason, count(*) FROM contacts WHERE wake_at <= $1 \
         GROUP BY status, reason",
        &[&now],
    )? {
        let k: i64 = r.get(2);
        *counts
            .entry((word(r.get(0))?, word(r.get(1))?))
            .or_default() -= k;
        *counts.entry((Status::Active, Reason::Timer)).or_default() += k;
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
    let (hour, day, week) = (3600i64, 86_400i64, 7 * 86_400i64);
    let r = c.query_one(
        "SELECT count(*) FILTER (WHERE wake_at <= $1::bigint), \
                count(*) FILTER (WHERE wake_at > $1 AND wake_at <= $1 + $2::bigint), \
                count(*) FILTER (WHERE wake_at > $1 AND wake_at <= $1 + $3::bigint), \
                count(*) FILTER (WHERE wake_at > $1) \
         FROM contacts WHERE wake_at <= $1 + $4::bigint",
        &[&now, &hour, &day, &week],
    )?;
    (
        wakes.overdue,
        wakes.next_hour,
        wakes.next_day,
        wakes.next_week,
    ) = (n(r.get(0)), n(r.get(1)), n(r.get(2)), n(r.get(3)));
    for r in c.query(
        "SELECT (wake_at - $1::bigint - 1) / $2::bigint, count(*) FROM contacts \
         WHERE wake_at > $1 AND wake_at <= $1 + $2 * $3::bigint GROUP BY 1",
        &[&now, &hour, &(HOURS as i64)],
    )? {
        let i: i64 = r.get(0);
        if let Some(slot) = usize::try_from(i)
            .ok()
            .and_then(|i| wakes.by_hour.get_mut(i))
        {
            *slot = n(r.get(1));
        }
    }

    let (by_day, actors) = history_counts(c, q.day_bounds, now, q.top_actors)?;
    Ok(Stats {
        by_status,
        wakes,
        by_day,
        actors,
    })
}

fn history_counts<C: GenericClient>(
    c: &mut C,
    bounds: &[Ts],
    now: Ts,
    top: usize,
) -> Result<(Vec<DayCount>, Vec<ActorCount>)> {
    let days = bounds.len().saturating_sub(1);
    if days == 0 {
        return Ok((Vec::new(), Vec::new()));
    }
    let case = if days == 1 {
        "0".to_string()
    } else {
        let mut case = String::from("CASE");
        for i in 1..days {
            case.push_str(&format!(" WHEN at < ${}::bigint THEN {}", i + 1, i - 1));
        }
        case.push_str(&format!(" ELSE {} END", days - 1));
        case
    };
    let rows = day_rows_sql(
        "$1::bigint",
        &format!("${}::bigint", days + 1),
        &format!("${}::bigint", days + 2),
    );
    let sql = format!(
        "SELECT {case} AS day, kind, reason, actor, count(*), max(at) \
         FROM ({rows}) AS day_rows GROUP BY day, kind, reason, actor"
    );
    let args: Vec<Param> = bounds
        .iter()
        .chain([&now])
        .map(|&b| Box::new(b) as Param)
        .collect();
    let groups = c
        .query(&sql, &refs(&args))?
        .into_iter()
        .map(|r| HistoryGroup {
            day: usize::try_from(r.get::<_, i32>(0)).unwrap_or(0),
            kind: r.get(1),
            reason: r.get(2),
            actor: r.get(3),
            count: n(r.get(4)),
            last: r.get(5),
        })
        .collect::<Vec<_>>();
    let (by_day, actors) = tally(groups, top);
    Ok((by_day, actors))
}
