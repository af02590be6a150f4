//! The queries of shell completion, on a SQLite file opened read-only (a missing file is
//! never created) or a PostgreSQL database (queries only). They read at most `limit` rows
//! through a primary key, and so stay fast on a million contacts.

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
fn open_read_only(path: &Path) -> Option<Connection> {
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

/// Where completion reads.
pub enum Source {
    Sqlite(Connection),
    Pg(postgres::Client),
}

impl Source {
    /// The database at `at`, or `None` (completion then offers nothing): a file that is
    /// missing or not botctl's, a server not reached within its connect timeout.
    pub fn open(at: &crate::store::Location) -> Option<Source> {
        use crate::store::Location;
        use crate::store::postgres::conn::{PgEnv, PgTarget};
        match at {
            Location::File(path) => open_read_only(path).map(Source::Sqlite),
            Location::Postgres(url) => PgTarget::resolve(url, &PgEnv::from_process())
                .ok()?
                .connect()
                .ok()
                .map(Source::Pg),
        }
    }

    /// Contacts whose id starts with `prefix`, in id order, at most `limit`. A range scan
    /// of the primary key from `prefix`: ids with a common prefix sort together.
    pub fn contact_ids(&mut self, prefix: &str, limit: usize) -> Result<Vec<ContactHint>> {
        let limit = limit as i64;
        let from = match self {
            Source::Sqlite(c) => c
                .prepare(
                    "SELECT id, name, status, wake_at FROM contacts WHERE id >= ?1 ORDER BY id \
                     LIMIT ?2",
                )?
                .query_map(params![prefix, limit], |r| {
                    Ok(ContactHint {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        status: r.get(2)?,
                        wake_at: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?,
            Source::Pg(c) => c
                .query(
                    "SELECT id, name, status, wake_at FROM contacts WHERE id >= $1 ORDER BY id \
                     LIMIT $2",
                    &[&prefix, &limit],
                )?
                .iter()
                .map(|r| ContactHint {
                    id: r.get(0),
                    name: r.get(1),
                    status: r.get(2),
                    wake_at: r.get(3),
                })
                .collect(),
        };
        Ok(from
            .into_iter()
            .take_while(|h| h.id.starts_with(prefix))
            .collect())
    }

    /// The channels counted on the contacts with counters, from a bounded sample (so
    /// completion stays quick on a million contacts), at most `limit`.
    pub fn channels(&mut self, limit: usize) -> Result<Vec<String>> {
        let limit = limit as i64;
        Ok(match self {
            Source::Sqlite(c) => c
                .prepare(
                    "SELECT DISTINCT j.key FROM (SELECT counters FROM contacts \
                     WHERE counters IS NOT NULL LIMIT 20000) c, json_each(c.counters) j \
                     ORDER BY 1 LIMIT ?1",
                )?
                .query_map([limit], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?,
            Source::Pg(c) => c
                .query(
                    "SELECT DISTINCT k FROM (SELECT counters FROM contacts \
                     WHERE counters IS NOT NULL LIMIT 20000) s, \
                     jsonb_object_keys(s.counters::jsonb) k ORDER BY 1 LIMIT $1",
                    &[&limit],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect(),
        })
    }

    /// Batches whose id starts with the digits `prefix`, newest first, at most `limit`.
    /// Each length of id is one range of the primary key (`1` → 1, 10–19, 100–199, …).
    pub fn batch_ids(&mut self, prefix: &str, limit: usize) -> Result<Vec<BatchHint>> {
        if !prefix.chars().all(|c| c.is_ascii_digit()) || prefix.starts_with('0') {
            return Ok(Vec::new());
        }
        let max: Option<i64> = match self {
            Source::Sqlite(c) => c.query_row("SELECT max(id) FROM batches", [], |r| r.get(0))?,
            Source::Pg(c) => c.query_one("SELECT max(id) FROM batches", &[])?.get(0),
        };
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
            let left = limit.saturating_sub(out.len()) as i64;
            if left == 0 {
                break;
            }
            match self {
                Source::Sqlite(c) => out.extend(
                    c.prepare_cached(
                        "SELECT id, at, command, actor FROM batches WHERE id >= ?1 AND id < ?2 \
                         ORDER BY id DESC LIMIT ?3",
                    )?
                    .query_map(params![lo, hi, left], |r| {
                        Ok(BatchHint {
                            id: r.get(0)?,
                            at: r.get(1)?,
                            command: r.get(2)?,
                            actor: r.get(3)?,
                        })
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?,
                ),
                Source::Pg(c) => out.extend(
                    c.query(
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
                    }),
                ),
            }
        }
        Ok(out)
    }
}
