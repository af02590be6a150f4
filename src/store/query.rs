//! SQL that both backends share, with each backend's own way of writing a parameter:
//! `?N` on SQLite, `$N` on PostgreSQL.

use crate::core::HistoryFilter;

/// The history row's columns, in the order both backends decode them.
pub const CHANGE_COLUMNS: &str = "h.seq, h.batch, h.at, h.kind, h.contact, h.setting, \
     h.from_status, h.from_reason, h.from_wake_at, h.to_status, h.reason, h.wake_at, \
     h.from_value, h.to_value, h.from_counters, h.to_counters, h.record, \
     coalesce(h.note, b.note), h.actor, h.os_user";

/// A parameter's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Int(i64),
    Text(String),
}

/// The query of `history`: the rows that match `filter`, newest first in commit order (a
/// clock that stepped back never hides the latest change). `mark(n)` writes parameter
/// `n` (from 1).
pub fn history(filter: &HistoryFilter, mark: impl Fn(usize) -> String) -> (String, Vec<Arg>) {
    let mut clauses = Vec::new();
    let mut args: Vec<Arg> = Vec::new();
    let mut arg = |v: Arg, clause: &str| {
        args.push(v);
        clauses.push(clause.replace('?', &mark(args.len())));
    };
    if let Some(c) = &filter.contact {
        arg(Arg::Text(c.clone()), "h.contact = ?");
    }
    if let Some(since) = filter.since {
        arg(Arg::Int(since), "h.at >= ?");
    }
    if let Some(b) = filter.batch {
        arg(Arg::Int(b), "h.batch = ?");
    }
    if let Some(by) = &filter.by {
        arg(Arg::Text(by.clone()), "h.actor = ?");
    }
    if let Some(k) = filter.kind {
        arg(Arg::Text(k.as_str().into()), "h.kind = ?");
    }
    if let Some(r) = filter.reason {
        arg(Arg::Text(r.as_str().into()), "h.reason = ?");
    }
    let mut sql =
        format!("SELECT {CHANGE_COLUMNS} FROM history h JOIN batches b ON b.id = h.batch");
    if !clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&clauses.join(" AND "));
    }
    sql.push_str(" ORDER BY h.seq DESC");
    if let Some(limit) = filter.limit {
        args.push(Arg::Int(i64::try_from(limit).unwrap_or(i64::MAX)));
        sql.push_str(&format!(" LIMIT {}", mark(args.len())));
    }
    (sql, args)
}
