//! Import on SQLite: rows are staged in a temporary table (on disk, outside the write
//! lock), then merged in a few set-based statements under `BEGIN IMMEDIATE`.

use anyhow::Result;
use rusqlite::{OptionalExtension, Transaction, params};

use crate::core::{Ts, Who};
use crate::store::{ImportCounts, ImportMode, ImportRow, ImportStage};

pub struct SqliteImportStage<'a> {
    pub(super) tx: Transaction<'a>,
    pub(super) rows: u64,
}

/// Creates (empty) the staging table. Temporary tables live in the connection's own
/// temporary database, so writing them takes no lock on the database file.
pub fn create_stage(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS import_rows (
             id TEXT PRIMARY KEY NOT NULL, line INTEGER NOT NULL, name TEXT, phone TEXT,
             email TEXT, status TEXT, wake_at INTEGER, new INTEGER, new_id_problem TEXT)
             WITHOUT ROWID;
         DELETE FROM temp.import_rows;",
    )?;
    Ok(())
}

impl ImportStage for SqliteImportStage<'_> {
    fn push(&mut self, r: &ImportRow) -> Result<Option<u64>> {
        let n = self
            .tx
            .prepare_cached(
                "INSERT INTO temp.import_rows (id, line, name, phone, email, status, wake_at, \
                 new_id_problem) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO NOTHING",
            )?
            .execute(params![
                r.id,
                i64::try_from(r.line).unwrap_or(i64::MAX),
                r.details.name,
                r.details.phone,
                r.details.email,
                r.status.map(|s| s.as_str()),
                r.wake_at,
                r.new_id_problem
            ])?;
        if n == 1 {
            self.rows += 1;
            return Ok(None);
        }
        let first: Option<i64> = self
            .tx
            .prepare_cached("SELECT line FROM temp.import_rows WHERE id = ?1")?
            .query_row([&r.id], |row| row.get(0))
            .optional()?;
        Ok(first.map(|l| u64::try_from(l).unwrap_or(0)))
    }

    fn finish(self: Box<Self>) -> Result<u64> {
        self.tx.commit()?;
        Ok(self.rows)
    }
}

const DETAILS_OF_ROW: &str = "CASE WHEN coalesce(r.name, r.phone, r.email) IS NULL THEN NULL \
     ELSE json_object('name', r.name, 'phone', r.phone, 'email', r.email) END";

const DETAILS_DIFFER: &str = "((r.name IS NOT NULL AND r.name IS NOT c.name) \
     OR (r.phone IS NOT NULL AND r.phone IS NOT c.phone) \
     OR (r.email IS NOT NULL AND r.email IS NOT c.email))";

const STATUS_DIFFERS: &str =
    "r.status IS NOT NULL AND NOT (c.status = r.status AND c.wake_at IS r.wake_at)";

pub fn sets_status(tx: &Transaction) -> Result<bool> {
    Ok(tx
        .query_row(
            "SELECT 1 FROM temp.import_rows WHERE status IS NOT NULL LIMIT 1",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub fn stage_ids(tx: &Transaction) -> Result<u64> {
    tx.execute("DELETE FROM temp.staged", [])?;
    Ok(tx.execute(
        "INSERT INTO temp.staged (id) SELECT id FROM temp.import_rows",
        [],
    )? as u64)
}

pub fn merge(
    tx: &Transaction,
    batch: i64,
    mode: ImportMode,
    who: &Who,
    now: Ts,
    note: Option<&str>,
) -> Result<ImportCounts> {
    let rows: i64 = tx.query_row("SELECT count(*) FROM temp.import_rows", [], |r| r.get(0))?;
    let skipped = match mode {
        ImportMode::Upsert => 0,
        ImportMode::OnlyNew => tx.execute(
            "DELETE FROM temp.import_rows WHERE id IN (SELECT id FROM contacts)",
            [],
        )?,
        ImportMode::OnlyExisting => tx.execute(
            "DELETE FROM temp.import_rows WHERE id NOT IN (SELECT id FROM contacts)",
            [],
        )?,
    };
    tx.execute(
        "UPDATE temp.import_rows SET new = NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = import_rows.id)",
        [],
    )?;
    // Rows that would create a contact with an id that cannot round-trip.
    let mut stmt = tx.prepare(
        "SELECT line, new_id_problem FROM temp.import_rows WHERE new = 1 \
         AND new_id_problem IS NOT NULL ORDER BY line",
    )?;
    let bad: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    drop(stmt);
    if !bad.is_empty() {
        let lines: Vec<String> = bad
            .iter()
            .take(50)
            .map(|(line, why)| format!("\n  line {line}: {why}"))
            .collect();
        anyhow::bail!(
            "{} row{} would add a contact whose id cannot be used; nothing was imported:{}",
            bad.len(),
            if bad.len() == 1 { "" } else { "s" },
            lines.concat()
        );
    }
    let added = tx.execute(
        "INSERT INTO contacts (id, name, phone, email, status, reason, wake_at, bot_messages, \
         changed_at, changed_by, note, created_at, created_batch) \
         SELECT id, name, phone, email, coalesce(status, 'active'), 'manual', wake_at, 0, ?1, ?2, ?3, ?1, ?4 \
         FROM temp.import_rows WHERE new = 1 ORDER BY id",
        params![now, who.actor, note, batch],
    )?;
    tx.execute(
        &format!(
            "INSERT INTO history (batch, at, kind, contact, to_status, reason, wake_at, to_value, note, actor, os_user) \
             SELECT ?1, ?2, 'added', r.id, coalesce(r.status, 'active'), 'manual', r.wake_at, {DETAILS_OF_ROW}, \
             ?3, ?4, ?5 FROM temp.import_rows r WHERE r.new = 1 ORDER BY r.id"
        ),
        params![batch, now, note, who.actor, who.os_user],
    )?;
    let updated: i64 = tx.query_row(
        "SELECT count(*) FROM temp.import_rows WHERE new = 0",
        [],
        |r| r.get(0),
    )?;
    tx.execute(
        &format!(
            "INSERT INTO history (batch, at, kind, contact, from_value, to_value, note, actor, os_user) \
             SELECT ?1, ?2, 'details', c.id, \
             json_object('name', c.name, 'phone', c.phone, 'email', c.email), \
             json_object('name', coalesce(r.name, c.name), 'phone', coalesce(r.phone, c.phone), \
                         'email', coalesce(r.email, c.email)), ?3, ?4, ?5 \
             FROM temp.import_rows r JOIN contacts c ON c.id = r.id \
             WHERE r.new = 0 AND {DETAILS_DIFFER} ORDER BY r.id"
        ),
        params![batch, now, note, who.actor, who.os_user],
    )?;
    tx.execute(
        &format!(
            "UPDATE contacts AS c SET name = coalesce(r.name, c.name), phone = coalesce(r.phone, c.phone), \
             email = coalesce(r.email, c.email) FROM temp.import_rows r \
             WHERE c.id = r.id AND r.new = 0 AND {DETAILS_DIFFER}"
        ),
        [],
    )?;
    tx.execute(
        &format!(
            "INSERT INTO history (batch, at, kind, contact, from_status, from_reason, from_wake_at, \
             to_status, reason, wake_at, from_counters, to_counters, note, actor, os_user) \
             SELECT ?1, ?2, 'status', c.id, c.status, c.reason, c.wake_at, r.status, 'manual', r.wake_at, \
             c.counters, CASE WHEN r.status = 'active' THEN NULL ELSE c.counters END, ?3, ?4, ?5 \
             FROM temp.import_rows r JOIN contacts c ON c.id = r.id \
             WHERE r.new = 0 AND {STATUS_DIFFERS} ORDER BY r.id"
        ),
        params![batch, now, note, who.actor, who.os_user],
    )?;
    let status_changes = tx.execute(
        &format!(
            "UPDATE contacts AS c SET status = r.status, reason = 'manual', wake_at = r.wake_at, \
             counters = CASE WHEN r.status = 'active' THEN NULL ELSE c.counters END, \
             bot_messages = CASE WHEN r.status = 'active' THEN 0 ELSE c.bot_messages END, \
             changed_at = ?1, changed_by = ?2, note = ?3 FROM temp.import_rows r \
             WHERE c.id = r.id AND r.new = 0 AND {STATUS_DIFFERS}"
        ),
        params![now, who.actor, note],
    )?;
    Ok(ImportCounts {
        rows: u64::try_from(rows).unwrap_or(0),
        added: added as u64,
        updated: u64::try_from(updated).unwrap_or(0),
        status_changes: status_changes as u64,
        skipped: skipped as u64,
    })
}
