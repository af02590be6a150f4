//! The queries of shell completion. They run on a connection opened read-only (a missing
//! file is never created), read at most `limit` rows through a primary key, and so stay
//! fast on a million contacts.

use std::path::Path;

use anyhow::Result;
use rusqlite::{Connection, OpenFlags, params};

use crate::status::Ts;

/// A contact as completion shows it: id, name, stored status and timer.
pub struct ContactHint {
    pub id: String,
    pub name: Option<String>,
    pub status: String,
    pub wake_at: Option<Ts>,
}

/// A batch as completion shows it.
pub struct BatchHint {
    pub id: i64,
    pub at: Ts,
    pub command: String,
    pub actor: String,
}

/// Opens `path` read-only, without creating it, its folder or a journal. `None` when it
/// cannot be opened or is not a botctl database.
pub fn open_read_only(path: &Path) -> Option<Connection> {
    if !path.is_file() {
        return None;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).ok()?;
    conn.busy_timeout(std::time::Duration::from_millis(200))
        .ok()?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .ok()?;
    (version >= 1).then_some(conn)
}

/// Contacts whose id starts with `prefix`, in id order, at most `limit`. A range scan of
/// the primary key from `prefix`: ids with a common prefix sort together.
pub fn contact_ids(conn: &Connection, prefix: &str, limit: usize) -> Result<Vec<ContactHint>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, status, wake_at FROM contacts WHERE id >= ?1 ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![prefix, limit as i64], |r| {
        Ok(ContactHint {
            id: r.get(0)?,
            name: r.get(1)?,
            status: r.get(2)?,
            wake_at: r.get(3)?,
        })
    })?;
    let mut out = Vec::new();
    for row in rows {
        let row = row?;
        if !row.id.starts_with(prefix) {
            break;
        }
        out.push(row);
    }
    Ok(out)
}

/// The channels counted on the contacts with counters, from a bounded sample (so
/// completion stays quick on a million contacts), at most `limit`.
pub fn channels(conn: &Connection, limit: usize) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT j.key FROM (SELECT counters FROM contacts WHERE counters IS NOT NULL          LIMIT 20000) c, json_each(c.counters) j ORDER BY 1 LIMIT ?1",
    )?;
    let names = stmt
        .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// Batches whose id starts with the digits `prefix`, newest first, at most `limit`. Each
/// length of id is one range of the primary key (`1` → 1, 10–19, 100–199, …).
pub fn batch_ids(conn: &Connection, prefix: &str, limit: usize) -> Result<Vec<BatchHint>> {
    let max: Option<i64> = conn.query_row("SELECT max(id) FROM batches", [], |r| r.get(0))?;
    let mut stmt = conn.prepare(
        "SELECT id, at, command, actor FROM batches WHERE id >= ?1 AND id < ?2 \
         ORDER BY id DESC LIMIT ?3",
    )?;
    batches_in_ranges(prefix, max, limit, &mut |lo, hi, left| {
        let rows = stmt.query_map(params![lo, hi, left], |r| {
            Ok(BatchHint {
                id: r.get(0)?,
                at: r.get(1)?,
                command: r.get(2)?,
                actor: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })
}

/// The ranges of batch ids that start with `prefix` (up to `max`), newest first, each read
/// with `query(lo, hi, at_most)`, until `limit`.
fn batches_in_ranges(
    prefix: &str,
    max: Option<i64>,
    limit: usize,
    query: &mut dyn FnMut(i64, i64, i64) -> Result<Vec<BatchHint>>,
) -> Result<Vec<BatchHint>> {
    if !prefix.chars().all(|c| c.is_ascii_digit()) || prefix.starts_with('0') {
        return Ok(Vec::new());
    }
    let Some(max) = max else {
        return Ok(Vec::new());
    };
    let mut ranges = Vec::new();
    if prefix.is_empty() {
        ranges.push((1, max + 1));
    } else {
        let Ok(p) = prefix.parse::<i64>() else {
            return Ok(Vec::new());
        };
        let (mut lo, mut hi) = (p, p + 1);
        while lo <= max {
            ranges.push((lo, hi));
            match (lo.checked_mul(10), hi.checked_mul(10)) {
                (Some(l), Some(h)) => (lo, hi) = (l, h),
                _ => break,
            }
        }
    }
    let mut out = Vec::new();
    for (lo, hi) in ranges.into_iter().rev() {
        let left = limit.saturating_sub(out.len());
        if left == 0 {
            break;
        }
        out.extend(query(lo, hi, left as i64)?);
    }
    Ok(out)
}

/// The same queries on a PostgreSQL database, for a `postgres://` `--db`.
pub mod pg {
    use super::{BatchHint, ContactHint, batches_in_ranges};
    use anyhow::Result;
    use postgres::Client;

    /// Connects to `url` (its own `connect_timeout`, at least 2 s, bounds the wait), or
    /// `None`: completion then offers nothing.
    pub fn connect(url: &str) -> Option<Client> {
        use crate::store::postgres::conn::{PgEnv, PgTarget};
        PgTarget::resolve(url, &PgEnv::from_process())
            .ok()?
            .connect()
            .ok()
    }

    pub fn contact_ids(c: &mut Client, prefix: &str, limit: usize) -> Result<Vec<ContactHint>> {
        let mut out = Vec::new();
        for r in c.query(
            "SELECT id, name, status, wake_at FROM contacts WHERE id >= $1 ORDER BY id LIMIT $2",
            &[&prefix, &(limit as i64)],
        )? {
            let id: String = r.get(0);
            if !id.starts_with(prefix) {
                break;
            }
            out.push(ContactHint {
                id,
                name: r.get(1),
                status: r.get(2),
                wake_at: r.get(3),
            });
        }
        Ok(out)
    }

    pub fn channels(c: &mut Client, limit: usize) -> Result<Vec<String>> {
        Ok(c.query(
            "SELECT DISTINCT k FROM (SELECT counters FROM contacts \
                 WHERE counters IS NOT NULL LIMIT 20000) s, \
                 jsonb_object_keys(s.counters::jsonb) k ORDER BY 1 LIMIT $1",
            &[&(limit as i64)],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect())
    }

    pub fn batch_ids(c: &mut Client, prefix: &str, limit: usize) -> Result<Vec<BatchHint>> {
        let max: Option<i64> = c.query_one("SELECT max(id) FROM batches", &[])?.get(0);
        batches_in_ranges(prefix, max, limit, &mut |lo, hi, left| {
            Ok(c.query(
                "SELECT id, at, command, actor FROM batches WHERE id >= $1 AND id < $2 \
                 ORDER BY id DESC LIMIT $3",
                &[&lo, &hi, &left],
            )?
            .iter()
            .map(|r| BatchHint {
                id: r.get(0),
                at: r.get(1),
                command: r.get(2),
                actor: r.get(3),
            })
            .collect())
        })
    }
}
