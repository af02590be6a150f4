//! Import on SQLite: rows are staged in a temporary table (on disk, outside the write
//! lock), then merged in a few set-based statements under `BEGIN IMMEDIATE`. What the
//! merge can do ahead (which rows are new, their contact and history rows) is done before
//! the lock too, and used under it only if nothing was written meanwhile (see [`Plan`]).

use anyhow::Result;
use rusqlite::{OptionalExtension, Transaction, params};

use super::tx::BULK;
use crate::core::{Ts, Who};
use crate::store::{ImportCounts, ImportMode, ImportRow, ImportStage};

pub struct SqliteImportStage<'a> {
    pub(super) tx: Transaction<'a>,
    pub(super) rows: u64,
    /// Where [`ImportStage::prepare_merge`] leaves its plan for the merge.
    pub(super) plan: &'a mut Option<Plan>,
}

/// What was prepared before the write lock for the merge of new contacts: their rows
/// (`temp.import_contacts`) and `added` history rows (`temp.import_history`), fully
/// formed, in tables shaped like `contacts` and `history` (same columns, checks and
/// indexes), so that under the lock each is one `INSERT ... SELECT *`, which SQLite runs
/// as a copy of whole records and index entries, not a row at a time. The rows name the
/// batch and history `seq` the database would give them if nothing were written before
/// the lock.
///
/// Other writers may commit meanwhile (a `record` stream does, every few milliseconds),
/// so under the lock the merge checks what the plan rests on, not whether anything at all
/// was written (see [`merge_planned`]): each id planned as new is still unknown, each id
/// planned as existing still exists. A batch or `seq` that moved on is applied as the rows
/// are copied (then a copy of named columns, a row at a time: about half the speed of the
/// copy of whole records, with nothing else redone).
#[derive(Debug)]
pub struct Plan {
    mode: ImportMode,
    actor: String,
    os_user: String,
    now: Ts,
    note: Option<String>,
    /// `PRAGMA schema_version` of the main database when planned: the rows are shaped
    /// like its tables then.
    schema_version: i64,
    /// The batch foreseen, and the last history `seq` before it.
    batch: i64,
    last_seq: i64,
    /// Import rows staged (the ids are in `temp.staged` already), and how many of them
    /// name an existing contact.
    pub(super) rows: u64,
    existing: u64,
}

/// The `CREATE` statements of `table` and its indexes in the main database, rewritten to
/// make `temp.import_{table}`; `None` if one is not in the expected form.
fn shaped_like(tx: &Transaction, table: &str) -> Result<Option<Vec<String>>> {
    let mut stmt = tx.prepare(
        "SELECT type, sql FROM main.sqlite_schema WHERE tbl_name = ?1 AND sql IS NOT NULL \
         ORDER BY type = 'index', name",
    )?;
    let rows = stmt
        .query_map([table], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for (kind, sql) in rows {
        let made = if kind == "table" {
            // The history's foreign key names a table of the main database.
            let sql = sql.replace(" REFERENCES batches (id)", "");
            [
                format!("CREATE TABLE {table} ("),
                format!("CREATE TABLE \"{table}\" ("),
            ]
            .iter()
            .find(|head| sql.starts_with(head.as_str()))
            .map(|head| format!("CREATE TABLE temp.import_{table} ({}", &sql[head.len()..]))
        } else if kind == "index" && sql.starts_with("CREATE INDEX ") {
            let on = format!(" ON {table} (");
            sql.find(&on).map(|at| {
                format!(
                    "CREATE INDEX temp.import_{} ON import_{table} ({}",
                    &sql["CREATE INDEX ".len()..at],
                    &sql[at + on.len()..]
                )
            })
        } else {
            None
        };
        match made {
            Some(m) if !m.contains("REFERENCES") => out.push(m),
            _ => return Ok(None),
        }
    }
    Ok(Some(out))
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

    fn prepare_merge(
        &mut self,
        mode: ImportMode,
        who: &Who,
        now: Ts,
        note: Option<&str>,
    ) -> Result<()> {
        *self.plan = match plan(&self.tx, self.rows, mode, who, now, note) {
            Ok(plan) => plan,
            // The prepared rows take temporary space (about as much again as the new
            // contacts and their history): without it, the merge does it all under the
            // lock, as it can.
            Err(e)
                if e.downcast_ref::<rusqlite::Error>()
                    .and_then(|e| e.sqlite_error_code())
                    == Some(rusqlite::ErrorCode::DiskFull) =>
            {
                self.tx.execute_batch(DROP_PLANNED)?;
                None
            }
            Err(e) => return Err(e),
        };
        Ok(())
    }

    fn new_id_problems(
        &mut self,
        each: &mut dyn FnMut(u64, String, String) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.tx.prepare(
            "SELECT line, id, new_id_problem FROM temp.import_rows r \
             WHERE new_id_problem IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM main.contacts c WHERE c.id = r.id) ORDER BY line",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let line: i64 = r.get(0)?;
            each(u64::try_from(line).unwrap_or(0), r.get(1)?, r.get(2)?)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<u64> {
        self.tx.commit()?;
        Ok(self.rows)
    }
}

/// Prepares, in the staging transaction (a snapshot of the main database, no write lock),
/// what [`merge`] can do ahead: which rows are new, the staged ids, and the new contacts'
/// rows and history rows (see [`Plan`]). `None` when there is nothing to plan (only
/// existing contacts are updated, a new id cannot be used) or the schema is not in the
/// form expected: the merge then does it all under the lock.
fn plan(
    tx: &Transaction,
    rows: u64,
    mode: ImportMode,
    who: &Who,
    now: Ts,
    note: Option<&str>,
) -> Result<Option<Plan>> {
    tx.execute_batch(DROP_PLANNED)?;
    if mode == ImportMode::OnlyExisting {
        return Ok(None);
    }
    tx.execute(MARK_NEW, [])?;
    let bad = tx
        .query_row(
            "SELECT 1 FROM temp.import_rows WHERE new = 1 AND new_id_problem IS NOT NULL LIMIT 1",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    let (Some(contacts), Some(history)) =
        (shaped_like(tx, "contacts")?, shaped_like(tx, "history")?)
    else {
        return Ok(None);
    };
    if bad {
        return Ok(None);
    }
    stage_ids(tx)?;
    let existing = existing_rows(tx)?;
    let last_seq = last_seq(tx)?;
    let batch: i64 = tx.query_row(
        "SELECT coalesce(max(id), 0) + 1 FROM main.batches",
        [],
        |r| r.get(0),
    )?;
    let schema_version: i64 = tx.query_row("PRAGMA main.schema_version", [], |r| r.get(0))?;
    // The rows arrive in id order: each index grows at its end (or in a few runs), which
    // is cheaper than sorting afterwards.
    for ddl in contacts.iter().chain(&history) {
        tx.execute(ddl, [])?;
    }
    // A row at the last `seq` makes the next ones follow it; it goes afterwards.
    tx.execute(
        "INSERT INTO temp.import_history (seq, batch, at, kind, actor, os_user) \
         VALUES (?1, 0, 0, 'added', '', '')",
        [last_seq],
    )?;
    add_new(tx, "temp.import_", batch, who, now, note)?;
    tx.execute("DELETE FROM temp.import_history WHERE seq = ?1", [last_seq])?;
    Ok(Some(Plan {
        mode,
        actor: who.actor.clone(),
        os_user: who.os_user.clone(),
        now,
        note: note.map(str::to_string),
        schema_version,
        batch,
        last_seq,
        rows,
        existing,
    }))
}

const DROP_PLANNED: &str =
    "DROP TABLE IF EXISTS temp.import_contacts; DROP TABLE IF EXISTS temp.import_history;";

/// Marks each staged row new (no contact has its id) or not.
const MARK_NEW: &str = "UPDATE temp.import_rows SET new = \
     NOT EXISTS (SELECT 1 FROM main.contacts c WHERE c.id = import_rows.id)";

const NEW_CONTACT_COLUMNS: &str = "id, name, phone, email, status, reason, wake_at, \
     bot_messages, changed_at, changed_by, note, created_at, created_batch";

/// A new contact's row from an import row; ?1 now, ?2 actor, ?3 note, ?4 batch.
const NEW_CONTACT_VALUES: &str = "id, name, phone, email, coalesce(status, 'active'), \
     'manual', wake_at, 0, ?1, ?2, ?3, ?1, ?4";

const ADDED_COLUMNS: &str =
    "batch, at, kind, contact, to_status, reason, wake_at, to_value, note, actor, os_user";

/// A new contact's `added` history row from an import row `r`; ?1 batch, ?2 now, ?3 note,
/// ?4 actor, ?5 os user.
const ADDED_VALUES: &str = "?1, ?2, 'added', r.id, coalesce(r.status, 'active'), 'manual', \
     r.wake_at, CASE WHEN coalesce(r.name, r.phone, r.email) IS NULL THEN NULL \
     ELSE json_object('name', r.name, 'phone', r.phone, 'email', r.email) END, ?3, ?4, ?5";

/// Whether `plan` was made for this merge (the batch and `seq` are checked by
/// [`merge_planned`]).
fn made_for(plan: &Plan, mode: ImportMode, who: &Who, now: Ts, note: Option<&str>) -> bool {
    (plan.mode, plan.now, plan.note.as_deref()) == (mode, now, note)
        && (plan.actor.as_str(), plan.os_user.as_str())
            == (who.actor.as_str(), who.os_user.as_str())
}

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

#[allow(clippy::too_many_arguments)]
pub fn merge(
    tx: &Transaction,
    plan: Option<&Plan>,
    batch: i64,
    mode: ImportMode,
    who: &Who,
    now: Ts,
    note: Option<&str>,
) -> Result<ImportCounts> {
    if let Some(plan) = plan
        && made_for(plan, mode, who, now, note)
        && let Some(counts) = merge_planned(tx, plan, batch, mode, who, now, note)?
    {
        return Ok(counts);
    }
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
    tx.execute(MARK_NEW, [])?;
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
    let added = add_new(tx, "main.", batch, who, now, note)?;
    update_existing(tx, rows, (added, skipped as u64), batch, who, now, note)
}

/// Adds the staged rows marked new as contacts, with their `added` history rows, to the
/// tables `{into}contacts` and `{into}history` (`main.` for the merge, `temp.import_`
/// for its plan); returns how many.
fn add_new(
    tx: &Transaction,
    into: &str,
    batch: i64,
    who: &Who,
    now: Ts,
    note: Option<&str>,
) -> Result<u64> {
    let added = tx.execute(
        &format!(
            "INSERT INTO {into}contacts ({NEW_CONTACT_COLUMNS}) \
             SELECT {NEW_CONTACT_VALUES} FROM temp.import_rows WHERE new = 1 ORDER BY id"
        ),
        params![now, who.actor, note, batch],
    )?;
    tx.execute(
        &format!(
            "INSERT INTO {into}history ({ADDED_COLUMNS}) \
             SELECT {ADDED_VALUES} FROM temp.import_rows r WHERE r.new = 1 ORDER BY r.id"
        ),
        params![batch, now, note, who.actor, who.os_user],
    )?;
    Ok(added as u64)
}

/// How many staged rows name an existing contact (`new = 0`).
fn existing_rows(tx: &Transaction) -> Result<u64> {
    let n: i64 = tx.query_row(
        "SELECT count(*) FROM temp.import_rows WHERE new = 0",
        [],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The last history `seq` (0 for none).
fn last_seq(tx: &Transaction) -> Result<i64> {
    Ok(
        tx.query_row("SELECT coalesce(max(seq), 0) FROM main.history", [], |r| {
            r.get(0)
        })?,
    )
}

/// The merge from its [`Plan`]: the new contacts and their history rows are copied from
/// the tables prepared before the lock. `None`, with nothing written, if the plan no
/// longer holds because another process added or removed one of the staged ids since (or
/// changed the schema): the full merge then does the work.
fn merge_planned(
    tx: &Transaction,
    plan: &Plan,
    batch: i64,
    mode: ImportMode,
    who: &Who,
    now: Ts,
    note: Option<&str>,
) -> Result<Option<ImportCounts>> {
    // A newer botctl may have migrated the file since: the rows are shaped like the
    // tables they were planned for.
    let schema_version: i64 = tx.query_row("PRAGMA main.schema_version", [], |r| r.get(0))?;
    if schema_version != plan.schema_version {
        return Ok(None);
    }
    // Each id planned as existing still names a contact (one removed since is added by
    // the full merge).
    if plan.existing > 0 {
        let still: i64 = tx.query_row(
            "SELECT count(*) FROM temp.import_rows r JOIN main.contacts c ON c.id = r.id \
             WHERE r.new = 0",
            [],
            |r| r.get(0),
        )?;
        if u64::try_from(still).ok() != Some(plan.existing) {
            return Ok(None);
        }
    }
    let last_seq = last_seq(tx)?;
    // Whole records while the batch and `seq` are the ones foreseen; else named columns,
    // with the batch and `seq` the rows get now.
    let shift = last_seq - plan.last_seq;
    let contacts = if batch == plan.batch {
        Some("INSERT INTO main.contacts SELECT * FROM temp.import_contacts".to_string())
    } else {
        copy_with(tx, "contacts", &[("created_batch", ":batch")])?
    };
    let history = if batch == plan.batch && shift == 0 {
        Some("INSERT INTO main.history SELECT * FROM temp.import_history".to_string())
    } else {
        copy_with(
            tx,
            "history",
            &[("seq", "seq + :shift"), ("batch", ":batch")],
        )?
    };
    let (Some(contacts), Some(history)) = (contacts, history) else {
        return Ok(None);
    };
    let run = |sql: &str| -> rusqlite::Result<usize> {
        let mut stmt = tx.prepare(sql)?;
        for (name, value) in [(":batch", batch), (":shift", shift)] {
            if let Some(i) = stmt.parameter_index(name)? {
                stmt.raw_bind_parameter(i, value)?;
            }
        }
        stmt.raw_execute()
    };
    let taken = |e: &rusqlite::Error| {
        e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation)
    };
    tx.execute_batch("SAVEPOINT import_planned")?;
    // Whatever fails, nothing of the copy stays.
    let copied = run(&contacts).and_then(|added| {
        run(&history)
            .inspect_err(|e| {
                debug_assert!(!taken(e), "the planned history rows do not fit: {e}");
            })
            .map(|_| added)
    });
    let added = match copied {
        Ok(added) => {
            tx.execute_batch("RELEASE import_planned")?;
            added as u64
        }
        Err(e) => {
            // An id planned as new was added since: only the copy is undone, and the
            // merge is done again under the lock.
            if taken(&e) {
                tx.execute_batch("ROLLBACK TO import_planned; RELEASE import_planned")?;
                return Ok(None);
            }
            // Anything else fails the import. SQLite may have rolled the whole
            // transaction back already (a full disk does), savepoint and all: its error
            // is the one to report, not that the savepoint is gone.
            let _ = tx.execute_batch("ROLLBACK TO import_planned; RELEASE import_planned");
            return Err(e.into());
        }
    };
    #[cfg(test)]
    tests::PLANNED.with(|n| n.set(n.get() + 1));
    let rows = i64::try_from(plan.rows).unwrap_or(i64::MAX);
    if plan.existing == 0 {
        return Ok(Some(ImportCounts {
            rows: plan.rows,
            added,
            ..ImportCounts::default()
        }));
    }
    if mode == ImportMode::OnlyNew {
        return Ok(Some(ImportCounts {
            rows: plan.rows,
            added,
            skipped: plan.existing,
            ..ImportCounts::default()
        }));
    }
    // The rows naming existing contacts are the ones planned (checked above).
    update_existing(tx, rows, (added, 0), batch, who, now, note).map(Some)
}

/// `INSERT INTO main.{table} SELECT ... FROM temp.import_{table}`, every column copied
/// as it is except those `set` gives an expression for; `None` if one of those is not a
/// column of the table.
fn copy_with(tx: &Transaction, table: &str, set: &[(&str, &str)]) -> Result<Option<String>> {
    let mut stmt = tx.prepare("SELECT name FROM pragma_table_info(?1, 'temp') ORDER BY cid")?;
    let columns = stmt
        .query_map([format!("import_{table}")], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if !set
        .iter()
        .all(|(name, _)| columns.iter().any(|c| c == name))
    {
        return Ok(None);
    }
    let quoted = |c: &String| format!("\"{}\"", c.replace('"', "\"\""));
    let value = |c: &String| {
        set.iter()
            .find(|(name, _)| name == c)
            .map_or_else(|| quoted(c), |(_, e)| (*e).to_string())
    };
    Ok(Some(format!(
        "INSERT INTO main.{table} ({}) SELECT {} FROM temp.import_{table}",
        columns.iter().map(quoted).collect::<Vec<_>>().join(", "),
        columns.iter().map(value).collect::<Vec<_>>().join(", ")
    )))
}

/// The rest of the merge: the details and status of existing contacts (rows with
/// `new = 0`); `(added, skipped)` are the counts of rows so far. A contact counts as
/// updated when its details or its status change; a row equal to it changes nothing.
fn update_existing(
    tx: &Transaction,
    rows: i64,
    (added, skipped): (u64, u64),
    batch: i64,
    who: &Who,
    now: Ts,
    note: Option<&str>,
) -> Result<ImportCounts> {
    // The history rows first, while the contacts are as they were; then the contacts.
    let details = tx.execute(
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
    let status_changes = tx.execute(
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
    // Contacts whose details and status both change count once.
    let both: i64 = if details > 0 && status_changes > 0 {
        tx.query_row(
            &format!(
                "SELECT count(*) FROM temp.import_rows r JOIN contacts c ON c.id = r.id \
                 WHERE r.new = 0 AND {DETAILS_DIFFER} AND {STATUS_DIFFERS}"
            ),
            [],
            |r| r.get(0),
        )?
    } else {
        0
    };
    if details > 0 {
        tx.execute(
            &format!(
                "UPDATE {BULK} contacts AS c SET name = coalesce(r.name, c.name), phone = coalesce(r.phone, c.phone), \
                 email = coalesce(r.email, c.email) FROM temp.import_rows r \
                 WHERE c.id = r.id AND r.new = 0 AND {DETAILS_DIFFER}"
            ),
            [],
        )?;
    }
    if status_changes > 0 {
        tx.execute(
            &format!(
                "UPDATE {BULK} contacts AS c SET status = r.status, reason = 'manual', wake_at = r.wake_at, \
                 counters = CASE WHEN r.status = 'active' THEN NULL ELSE c.counters END, \
                 bot_messages = CASE WHEN r.status = 'active' THEN 0 ELSE c.bot_messages END, \
                 changed_at = ?1, changed_by = ?2, note = ?3 FROM temp.import_rows r \
                 WHERE c.id = r.id AND r.new = 0 AND {STATUS_DIFFERS}"
            ),
            params![now, who.actor, note],
        )?;
    }
    let (details, status_changes) = (details as u64, status_changes as u64);
    Ok(ImportCounts {
        rows: u64::try_from(rows).unwrap_or(0),
        added,
        updated: details + status_changes - u64::try_from(both).unwrap_or(0),
        status_changes,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use crate::core::{Details, Status, Who};
    use crate::store::{ImportMode, ImportRow, Store, sqlite::SqliteStore};

    const NOW: i64 = 1_800_000_000;

    thread_local! {
        /// How many merges this thread ran from their plan.
        pub(super) static PLANNED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }

    fn planned() -> u32 {
        PLANNED.with(|n| n.get())
    }

    fn who() -> Who {
        Who {
            actor: "t".into(),
            os_user: "u".into(),
        }
    }

    /// A database with two contacts (one snoozed with a timer) and their history.
    fn seeded(path: &std::path::Path) -> SqliteStore {
        let mut store = SqliteStore::open(path, crate::dbfile::Access::Create).unwrap();
        let rows = [
            row(2, "old-a", Some(Status::Snoozed), Some(NOW + 99)),
            row(3, "old-b", None, None),
        ];
        merge_rows(&mut store, &rows, ImportMode::Upsert, NOW - 10, true);
        store
    }

    fn row(line: u64, id: &str, status: Option<Status>, wake_at: Option<i64>) -> ImportRow {
        ImportRow {
            line,
            id: id.into(),
            details: Details {
                name: Some(format!("name {id}")),
                phone: line.is_multiple_of(2).then(|| format!("+1555{line}")),
                email: None,
            },
            status,
            wake_at,
            new_id_problem: None,
        }
    }

    /// Stages `rows` (preparing the merge or not), then merges them as the engine does.
    fn merge_rows(
        store: &mut SqliteStore,
        rows: &[ImportRow],
        mode: ImportMode,
        now: i64,
        prepare: bool,
    ) -> crate::store::ImportCounts {
        stage(store, rows, mode, now, prepare);
        merge_staged(store, mode, now)
    }

    fn stage(
        store: &mut SqliteStore,
        rows: &[ImportRow],
        mode: ImportMode,
        now: i64,
        prepare: bool,
    ) {
        let mut stage = store.stage_import().unwrap();
        for r in rows {
            assert!(stage.push(r).unwrap().is_none());
        }
        if prepare {
            stage.prepare_merge(mode, &who(), now, None).unwrap();
        }
        stage.finish().unwrap();
    }

    /// Merges what was staged, as the engine does: the due timers of the staged contacts
    /// are woken first (a batch of their own), then the import's batch is merged.
    fn merge_staged(
        store: &mut SqliteStore,
        mode: ImportMode,
        now: i64,
    ) -> crate::store::ImportCounts {
        let mut tx = store.write().unwrap();
        tx.stage_import_ids().unwrap();
        let by_whom = who();
        let by = crate::engine::Author {
            who: &by_whom,
            now,
            note: None,
        };
        crate::engine::catch_up(tx.as_mut(), crate::store::Scope::Staged, &by).unwrap();
        let batch = tx
            .new_batch("contacts import", &by_whom, now, None)
            .unwrap();
        let counts = tx.merge_import(batch, mode, &who(), now, None).unwrap();
        tx.commit().unwrap();
        counts
    }

    /// Every row of contacts, batches and history, as text.
    fn dump(store: &SqliteStore) -> Vec<String> {
        let mut out = Vec::new();
        for sql in [
            "SELECT * FROM contacts ORDER BY id",
            "SELECT * FROM batches ORDER BY id",
            "SELECT * FROM history ORDER BY seq",
        ] {
            let mut stmt = store.conn().prepare(sql).unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let cells: Vec<String> = (0..n)
                        .map(|i| match r.get_ref(i).unwrap() {
                            rusqlite::types::ValueRef::Text(t) => {
                                format!("{:?}", String::from_utf8_lossy(t))
                            }
                            v => format!("{v:?}"),
                        })
                        .collect();
                    Ok(cells.join("|"))
                })
                .unwrap()
                .collect::<rusqlite::Result<Vec<_>>>()
                .unwrap();
            out.extend(rows);
        }
        out
    }

    fn import_rows() -> Vec<ImportRow> {
        vec![
            row(2, "new-z", Some(Status::Inactive), None),
            row(3, "old-a", Some(Status::Active), None),
            row(4, "new-m", None, None),
            row(5, "old-b", None, None),
            row(6, "new-a", Some(Status::Snoozed), Some(NOW + 50)),
        ]
    }

    /// The merge prepared before the lock leaves exactly what the merge done wholly under
    /// the lock leaves: the same contacts, batches and history rows in the same order, in
    /// each mode; and foreign keys are on again for the next write.
    #[test]
    fn prepared_merge_matches_the_merge_under_the_lock() {
        for mode in [
            ImportMode::Upsert,
            ImportMode::OnlyNew,
            ImportMode::OnlyExisting,
        ] {
            let dir = tempfile::tempdir().unwrap();
            let mut dumps = Vec::new();
            let mut counts = Vec::new();
            for prepare in [true, false] {
                let mut store = seeded(&dir.path().join(format!("{prepare}.db")));
                let before = planned();
                let c = merge_rows(&mut store, &import_rows(), mode, NOW, prepare);
                // Only existing contacts are planned for no merge.
                let from_plan = prepare && mode != ImportMode::OnlyExisting;
                assert_eq!(planned() - before, u32::from(from_plan), "{mode:?}");
                counts.push(format!("{c:?}"));
                dumps.push(dump(&store));
                drop(store.write().unwrap());
                let fk: i64 = store
                    .conn()
                    .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
                    .unwrap();
                assert_eq!(fk, 1, "foreign keys are on again");
            }
            assert_eq!(counts[0], counts[1], "{mode:?}");
            assert_eq!(dumps[0], dumps[1], "{mode:?}");
        }
    }

    /// Another process that writes between staging and the lock (here: adds one of the
    /// new ids, and a history row) makes the merge redo its work under the lock: the id is
    /// updated, not added twice, and history rows follow the other process's.
    #[test]
    fn a_write_between_staging_and_the_lock_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut store = seeded(&path);
        stage(&mut store, &import_rows(), ImportMode::Upsert, NOW, true);
        {
            let mut other = SqliteStore::open(&path, crate::dbfile::Access::Write).unwrap();
            let mut rows = vec![row(2, "new-m", Some(Status::Inactive), None)];
            rows[0].details.name = Some("theirs".into());
            merge_rows(&mut other, &rows, ImportMode::Upsert, NOW - 5, true);
        }
        let before = planned();
        let counts = merge_staged(&mut store, ImportMode::Upsert, NOW);
        assert_eq!(planned(), before, "the plan no longer holds");
        // Updated: old-a (its status) and new-m (its name); old-b is as it was.
        assert_eq!(
            (counts.added, counts.updated, counts.status_changes),
            (2, 2, 1)
        );
        let seqs: Vec<(i64, i64, String, String)> = store
            .conn()
            .prepare("SELECT seq, batch, kind, contact FROM history ORDER BY seq")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let kinds: Vec<String> = seqs
            .iter()
            .map(|(s, b, k, c)| format!("{s} {b} {k} {c}"))
            .collect();
        assert_eq!(
            kinds,
            [
                "1 1 added old-a",
                "2 1 added old-b",
                "3 2 added new-m",
                "4 3 added new-a",
                "5 3 added new-z",
                "6 3 details new-m",
                "7 3 status old-a",
            ]
        );
        let m = crate::store::Read::contact(&store, "new-m")
            .unwrap()
            .unwrap();
        assert_eq!(m.name.as_deref(), Some("name new-m"));
        assert_eq!(m.state.status, Status::Inactive);
        assert_eq!(
            crate::store::Read::created_batch(&store, "new-m").unwrap(),
            Some(2)
        );
    }

    /// Stages `import_rows()` into a seeded database (planning its merge or not), lets
    /// `other` write through a second connection, then merges at `now`: the counts, the
    /// dump, and whether the merge ran from its plan.
    fn with_a_write_between(
        prepare: bool,
        mode: ImportMode,
        now: i64,
        other: impl Fn(&mut SqliteStore),
    ) -> (String, Vec<String>, bool) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut store = seeded(&path);
        stage(&mut store, &import_rows(), mode, now, prepare);
        other(&mut SqliteStore::open(&path, crate::dbfile::Access::Write).unwrap());
        let before = planned();
        let counts = merge_staged(&mut store, mode, now);
        (format!("{counts:?}"), dump(&store), planned() > before)
    }

    /// The merge from a plan and the one without, after `other`, in `mode` at `now`:
    /// they leave the same database and counts; returns whether the plan was used, and
    /// the dump.
    fn same_either_way(
        mode: ImportMode,
        now: i64,
        other: impl Fn(&mut SqliteStore),
    ) -> (bool, Vec<String>) {
        let (counts, dump, from_plan) = with_a_write_between(true, mode, now, &other);
        let (want_counts, want_dump, _) = with_a_write_between(false, mode, now, &other);
        assert_eq!(counts, want_counts, "{mode:?}");
        assert_eq!(dump, want_dump, "{mode:?}");
        (from_plan, dump)
    }

    /// Writes of other processes that leave the staged ids as they were planned (new ids
    /// still unknown, existing ones still there) do not undo the plan: the merge still
    /// copies the prepared rows, under the batch and after the history rows the other
    /// process took, and leaves what the merge done wholly under the lock leaves.
    #[test]
    fn other_writes_between_staging_and_the_lock_keep_the_plan() {
        let other = |store: &mut SqliteStore| {
            // A new contact of its own, and a status change of one the import updates.
            let rows = [
                row(2, "theirs", None, None),
                row(3, "old-b", Some(Status::Inactive), None),
            ];
            merge_rows(store, &rows, ImportMode::Upsert, NOW - 5, true);
        };
        for mode in [ImportMode::Upsert, ImportMode::OnlyNew] {
            let (from_plan, dump) = same_either_way(mode, NOW, other);
            assert!(from_plan, "the merge ran from its plan ({mode:?})");
            // The other process took batch 2 and history rows 3 and 4.
            assert!(
                dump.iter()
                    .any(|r| r.starts_with("Integer(5)|Integer(3)|") && r.contains("|\"new-a\"|")),
                "{dump:#?}"
            );
            let new_a = dump.iter().find(|r| r.starts_with("\"new-a\"|")).unwrap();
            // created_at, then created_batch
            assert!(
                new_a.contains("|Integer(1800000000)|Integer(3)|"),
                "created in batch 3: {new_a}"
            );
        }
    }

    /// A timer of a staged contact that runs out before the merge is woken under the lock
    /// (a batch and a history row before the import's): the plan still holds, its rows
    /// follow the wake.
    #[test]
    fn a_wake_under_the_lock_keeps_the_plan() {
        // old-a is snoozed until NOW + 99.
        let (from_plan, dump) = same_either_way(ImportMode::Upsert, NOW + 100, |_| {});
        assert!(from_plan, "the merge ran from its plan");
        assert!(
            dump.iter()
                .any(|r| r.starts_with("Integer(3)|Integer(2)|") && r.contains("|\"timer\"|")),
            "{dump:#?}"
        );
    }

    /// A contact the plan counted on as existing, removed by another process before the
    /// lock, is added again by the merge (done under the lock). A new id another process
    /// added meanwhile, or a change of the schema, sets the plan aside too.
    #[test]
    fn changes_to_the_staged_ids_or_the_schema_set_the_plan_aside() {
        let remove = |store: &mut SqliteStore| {
            let mut tx = store.write().unwrap();
            assert!(tx.delete_contact("old-a").unwrap());
            tx.commit().unwrap();
        };
        let (from_plan, _) = same_either_way(ImportMode::Upsert, NOW, remove);
        assert!(!from_plan, "the plan no longer holds");
        let (counts, ..) = with_a_write_between(false, ImportMode::Upsert, NOW, remove);
        assert!(counts.contains("added: 4"), "{counts}");
        let add_new = |store: &mut SqliteStore| {
            merge_rows(
                store,
                &[row(2, "new-a", None, None)],
                ImportMode::Upsert,
                NOW - 5,
                true,
            );
        };
        for mode in [ImportMode::Upsert, ImportMode::OnlyNew] {
            let (from_plan, _) = same_either_way(mode, NOW, add_new);
            assert!(!from_plan, "the plan no longer holds ({mode:?})");
        }
        let schema = |store: &mut SqliteStore| {
            store
                .conn()
                .execute_batch("CREATE INDEX contacts_name ON contacts (name)")
                .unwrap();
        };
        let (from_plan, _) = same_either_way(ImportMode::Upsert, NOW, schema);
        assert!(!from_plan, "the plan no longer holds");
    }
}
