//! The queries of `botctl doctor`: integrity, schema version, the sweeper's health.

use anyhow::Result;
use rusqlite::OptionalExtension;

use super::{SqliteStore, schema};
use crate::core::Ts;

impl SqliteStore {
    /// SQLite's integrity check: `["ok"]`, or the problems it found (at most 20).
    pub fn integrity(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check(20)")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The file's schema version, and the latest this botctl knows.
    pub fn schema_version(&self) -> Result<(i64, i64)> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok((v, schema::MIGRATIONS.len() as i64))
    }

    /// SQLite's journal mode (`wal` for a database botctl has written).
    pub fn journal_mode(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?)
    }

    /// Whether this connection can only read (a full disk, a read-only file or folder).
    pub fn read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true)
    }

    /// Timers that ran out before `before` and are not written down yet: how many, and
    /// the oldest's due time.
    pub fn overdue(&self, before: Ts) -> Result<(u64, Option<Ts>)> {
        let (n, oldest): (i64, Option<Ts>) = self.conn.query_row(
            "SELECT count(*), min(wake_at) FROM contacts WHERE wake_at < ?1",
            [before],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((u64::try_from(n).unwrap_or(0), oldest))
    }

    /// When the latest sweep batch ran (a sweep that woke someone), if any.
    pub fn last_sweep(&self) -> Result<Option<Ts>> {
        Ok(self
            .conn
            .query_row(
                "SELECT max(at) FROM batches WHERE command = 'sweep'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }
}
