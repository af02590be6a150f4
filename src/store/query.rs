//! SQL that both backends share, with each backend's own way of writing a parameter:
//! `?N` on SQLite, `$N` on PostgreSQL.

use crate::core::{HistoryFilter, ListFilter, Reason, Status, Ts};

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

/// The conditions of `list` other than its search, for both backends: parameter 1 is
/// `now`; a contact whose timer has run out by then is active, reason `timer`.
pub fn list_where(
    filter: &ListFilter,
    now: Ts,
    mark: impl Fn(usize) -> String,
) -> (Vec<String>, Vec<Arg>) {
    let now_mark = mark(1);
    let mut clauses: Vec<String> = Vec::new();
    let mut args = vec![Arg::Int(now)];
    if !filter.statuses.is_empty() {
        let parts: Vec<String> = filter
            .statuses
            .iter()
            .map(|s| match s {
                Status::Active => format!("(status = 'active' OR wake_at <= {now_mark})"),
                Status::Snoozed => {
                    format!("(status = 'snoozed' AND (wake_at IS NULL OR wake_at > {now_mark}))")
                }
                Status::Inactive => {
                    format!("(status = 'inactive' AND (wake_at IS NULL OR wake_at > {now_mark}))")
                }
            })
            .collect();
        clauses.push(format!("({})", parts.join(" OR ")));
    }
    if let Some(reason) = filter.reason {
        args.push(Arg::Text(reason.as_str().into()));
        let n = mark(args.len());
        clauses.push(if reason == Reason::Timer {
            format!("(reason = {n} OR wake_at <= {now_mark})")
        } else {
            format!("(reason = {n} AND (wake_at IS NULL OR wake_at > {now_mark}))")
        });
    }
    if let Some(within) = filter.waking_within {
        args.push(Arg::Int(now.saturating_add(within)));
        clauses.push(format!(
            "(wake_at > {now_mark} AND wake_at <= {})",
            mark(args.len())
        ));
    }
    (clauses, args)
}

/// `SELECT columns … WHERE clauses ORDER BY …` of `list`, with its limit when `limit`.
pub fn list_select(
    filter: &ListFilter,
    columns: &str,
    mut clauses: Vec<String>,
    args: &mut Vec<Arg>,
    limit: bool,
    mark: impl Fn(usize) -> String,
) -> String {
    if clauses.is_empty() {
        // Every query binds parameter 1; this keeps it used when no filter refers to it.
        clauses.push(format!("{} IS NOT NULL", mark(1)));
    }
    let mut sql = format!(
        "SELECT {columns} FROM contacts WHERE {}",
        clauses.join(" AND ")
    );
    sql.push_str(if filter.waking_within.is_some() {
        " ORDER BY wake_at, id"
    } else {
        " ORDER BY id"
    });
    if let (true, Some(n)) = (limit, filter.limit) {
        args.push(Arg::Int(i64::try_from(n).unwrap_or(i64::MAX)));
        sql.push_str(&format!(" LIMIT {}", mark(args.len())));
    }
    sql
}
