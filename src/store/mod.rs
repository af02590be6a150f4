//! The storage seam: a [`Store`] opens [`Tx`] write transactions (dropped = rolled back);
//! both read through [`Read`]. Stores only store: the rules live in `core`, and the
//! engine applies them. Where a rule is written in SQL for speed (set-based bulk changes,
//! sweep, undo), the conformance suite pins it to the pure core.
//!
//! `sqlite` is the embedded default; `postgres` serves a team. Both pass one conformance
//! suite (`tests/store_conformance.rs`).

pub mod complete;
pub mod postgres;
pub mod query;
pub mod raw;
pub mod sqlite;
pub mod stats;

use std::path::PathBuf;

use anyhow::{Result, anyhow};

pub use crate::dbfile::Access;

use crate::core::{
    Batch, Change, Contact, Details, HistoryFilter, ListFilter, Mode, Settings, State, Ts, Who,
};

/// Errors a caller must tell apart.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "it was written by a newer botctl (schema version {found}; this botctl knows up to {known}); upgrade botctl to use it"
    )]
    SchemaNewer { found: i64, known: i64 },
    #[error("it is not a botctl database ({0}); give `--db` another path")]
    NotOurs(String),
    #[error("the database `{0}` does not exist; {1}")]
    Missing(String, String),
}

/// A row callback: return an error to stop.
pub type Each<'a, T> = &'a mut dyn FnMut(T) -> Result<()>;

/// Which contacts a set-based step works on.
#[derive(Clone, Copy, Debug)]
pub enum Scope<'a> {
    /// Every contact.
    All,
    /// The ids of the last [`Tx::stage`].
    Staged,
    /// One contact.
    One(&'a str),
}

/// What [`Tx::staged_timers`] found.
#[derive(Clone, Debug, Default)]
pub struct StagedTimers {
    /// Staged contacts without a timer (the first few, by id) and their status.
    pub without: Vec<(String, crate::core::Status)>,
    /// How many staged contacts have no timer.
    pub without_count: u64,
    /// The staged contact whose timer is latest, and that timer.
    pub latest: Option<(String, Ts)>,
}

/// What [`Tx::undo_plan`] found.
#[derive(Clone, Debug, Default)]
pub struct UndoPlan {
    /// Contacts (and settings) the batch touched.
    pub targets: u64,
    /// Those that changed again since, in words (the first few), and how many in all.
    pub conflicts: Vec<String>,
    pub conflict_count: u64,
}

/// Reading, from a store or inside a transaction.
pub trait Read {
    fn setting(&self, key: &str) -> Result<Option<String>>;

    /// The bot mode; a new database is in autopilot.
    fn mode(&self) -> Result<Mode> {
        match self.setting("mode")? {
            None => Ok(Mode::Autopilot),
            Some(v) => v
                .parse()
                .map_err(|e: String| anyhow!("the stored bot mode is damaged: {e}")),
        }
    }

    /// Every setting (both backends read them in one statement).
    fn settings(&self) -> Result<Settings>;

    /// A contact as stored (call [`Contact::effective`]).
    fn contact(&self, id: &str) -> Result<Option<Contact>>;
    fn contact_count(&self) -> Result<u64>;
    /// Up to `limit` contacts as (id, name), ordered by id: for the `set` wizard's picker.
    fn picker_entries(&self, limit: usize) -> Result<Vec<(String, Option<String>)>>;
    /// Contacts matching `filter` at `now`, as stored, by id (by wake time with
    /// `waking_within`).
    fn list(&self, filter: &ListFilter, now: Ts, each: Each<Contact>) -> Result<()>;
    /// Like [`Read::list`], only the ids.
    fn list_ids(
        &self,
        filter: &ListFilter,
        now: Ts,
        each: &mut dyn FnMut(&str) -> Result<()>,
    ) -> Result<()>;
    /// Contacts whose timer has run out by `now`, oldest timer first.
    fn due(&self, now: Ts, each: Each<Contact>) -> Result<()>;
    /// History rows, newest first in commit order.
    fn history(&self, filter: &HistoryFilter, each: Each<Change>) -> Result<()>;
    fn latest_change(&self, contact: &str) -> Result<Option<Change>>;
    fn batch(&self, id: i64) -> Result<Option<Batch>>;
    /// The rows of one batch, in the order they were written.
    fn batch_changes(&self, batch: i64, each: Each<Change>) -> Result<()>;
    /// The batch that created a contact (`None` for contacts older than that record).
    fn created_batch(&self, id: &str) -> Result<Option<i64>>;
    /// Whether an event id was recorded at or after `since` (an id recorded before it
    /// is forgotten, whether or not it was pruned yet).
    fn event_seen(&self, id: &str, since: Ts) -> Result<bool>;
    /// Everything `stats` shows, read in one consistent snapshot.
    fn stats(&self, q: &stats::StatsQuery) -> Result<stats::Stats>;
}

/// One checked row of an import file.
#[derive(Clone, Debug)]
pub struct ImportRow {
    /// The line of the file where the row starts.
    pub line: u64,
    pub id: String,
    pub details: Details,
    pub status: Option<crate::core::Status>,
    pub wake_at: Option<Ts>,
    /// Why this id may not be created (it may still name an existing contact).
    pub new_id_problem: Option<String>,
}

/// Which rows of an import apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMode {
    /// Create new contacts and update existing ones.
    Upsert,
    /// Only create: existing ids are left alone.
    OnlyNew,
    /// Only update: unknown ids are skipped.
    OnlyExisting,
}

/// What an import merge did.
#[derive(Clone, Debug, Default)]
pub struct ImportCounts {
    pub rows: u64,
    pub added: u64,
    pub updated: u64,
    pub status_changes: u64,
    /// Rows left alone by `--only-new` / `--only-existing`.
    pub skipped: u64,
}

/// Rows of an import, staged before the write lock is taken.
pub trait ImportStage {
    /// Stages a row. Returns the line of an earlier row with the same id, if any (the row
    /// is then not staged).
    fn push(&mut self, row: &ImportRow) -> Result<Option<u64>>;
    /// Called once every row is staged and none was bad, with what the merge will be
    /// given: a backend may prepare here, without the write lock, whatever shortens the
    /// merge. The merge must stay exact whatever changed in the database meanwhile.
    fn prepare_merge(
        &mut self,
        _mode: ImportMode,
        _who: &Who,
        _now: Ts,
        _note: Option<&str>,
    ) -> Result<()> {
        Ok(())
    }
    /// Calls `each` with the line, id and problem of every staged row that carries a
    /// `new_id_problem` and whose id names no contact now (so the row would add one), in
    /// line order. The merge checks this again under the write lock.
    fn new_id_problems(
        &mut self,
        each: &mut dyn FnMut(u64, String, String) -> Result<()>,
    ) -> Result<()>;
    /// Ends staging; the rows wait for [`Tx::merge_import`].
    fn finish(self: Box<Self>) -> Result<u64>;
}

/// The state `doctor` reports whatever the backend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Health {
    /// The schema version found, and the latest this botctl knows.
    pub schema: (i64, i64),
    /// Timers that ran out before the instant asked about and are not written down: how
    /// many, and the oldest's due time.
    pub overdue: (u64, Option<Ts>),
    /// When the latest sweep that woke someone ran.
    pub last_sweep: Option<Ts>,
}

/// A database.
pub trait Store: Read {
    /// Where it is, for people (a path, or a URL without its password).
    fn location(&self) -> String;
    /// Starts staging import rows, in constant memory and without the write lock.
    fn stage_import(&mut self) -> Result<Box<dyn ImportStage + '_>>;
    /// Begins a write transaction that holds the write lock until commit or drop.
    fn write(&mut self) -> Result<Box<dyn Tx + '_>>;
    /// Begins a transaction for a dry run, which other writers do not wait for: it takes
    /// no write lock and sees one snapshot. It may write its temporary tables only, and
    /// is dropped (rolled back), never committed.
    fn dry(&mut self) -> Result<Box<dyn Tx + '_>>;
    /// The SQLite store, for what only a file has (`doctor`, `backup`).
    fn as_sqlite(&self) -> Option<&sqlite::SqliteStore> {
        None
    }
    /// What `doctor` checks on every backend, with `before` the instant a timer must have
    /// run out by to count as overdue.
    fn health(&self, before: Ts) -> Result<Health>;
    /// Reads every row of every table (`copy`), in one consistent snapshot, table by table
    /// in [`raw::TABLES`] order and each by its key. `start` is told first how many rows
    /// each table holds; returns how many rows were read.
    fn export(
        &mut self,
        start: &mut dyn FnMut(&raw::Counts) -> Result<()>,
        each: &mut dyn FnMut(raw::Table, raw::RawRow) -> Result<()>,
    ) -> Result<raw::Counts>;
    /// Makes every later commit durable against power loss, not only against a crash
    /// (`record --stdin` acknowledges events only once they are). SQLite: `synchronous
    /// = FULL`; a server database is durable at commit already.
    fn durable_commits(&mut self) -> Result<()> {
        Ok(())
    }
}

/// Settings from the stored `(key, value)` rows; a key not stored keeps its default.
pub(crate) fn settings_from<'a>(
    rows: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Settings> {
    let rows: Vec<(&str, &str)> = rows.into_iter().collect();
    let mut s = Settings::default();
    for key in crate::settings::KEYS {
        if let Some((_, v)) = rows.iter().find(|(k, _)| *k == key.name) {
            (key.apply)(&mut s, v)
                .map_err(|e| anyhow!("the stored setting `{}` is damaged: {e}", key.name))?;
        }
    }
    Ok(s)
}

/// One write transaction. Dropping it without [`Tx::commit`] rolls everything back.
pub trait Tx: Read {
    fn new_batch(&mut self, command: &str, who: &Who, now: Ts, note: Option<&str>) -> Result<i64>;
    /// Forgets a batch that turned out to change nothing (it must have no rows).
    fn discard_batch(&mut self, id: i64) -> Result<()>;
    fn insert_contact(&mut self, c: &Contact, created_batch: i64, created_at: Ts) -> Result<()>;
    /// Writes a contact's state, counters, change time, author and note.
    fn update_state(&mut self, c: &Contact) -> Result<()>;
    /// Writes only a contact's counters (`bot_messages` and `counters`): an event that
    /// counted a message and changed nothing else. Cheaper than [`Tx::update_state`]
    /// where the status columns are indexed.
    fn update_counters(&mut self, c: &Contact) -> Result<()> {
        self.update_state(c)
    }
    /// Sets a contact's details exactly.
    fn update_details(&mut self, id: &str, d: &Details) -> Result<()>;
    fn delete_contact(&mut self, id: &str) -> Result<bool>;
    fn insert_change(&mut self, row: &Change) -> Result<()>;
    /// Adds contacts created in `created_batch`, each with its creation time and its
    /// history row, in this order (a batch of removed contacts put back). A store may send
    /// them in bulk; by default, one by one.
    fn insert_contacts(
        &mut self,
        created_batch: i64,
        items: &[(Contact, Ts, Change)],
    ) -> Result<()> {
        for (c, created_at, row) in items {
            self.insert_contact(c, created_batch, *created_at)?;
            self.insert_change(row)?;
        }
        Ok(())
    }
    fn set_setting(&mut self, key: &str, value: &str) -> Result<()>;
    fn insert_event(&mut self, id: &str, at: Ts, contact: &str, batch: Option<i64>) -> Result<()>;
    /// Forgets event ids recorded before `before`.
    fn prune_events(&mut self, before: Ts) -> Result<u64>;
    /// Reads these contacts and event ids ahead, for a group of events that looks them up
    /// one at a time next: a backend across a network keeps them (and holds small writes
    /// back until its next statement), so a group costs a few round trips, not a few per
    /// event. Changes nothing that any read can tell.
    fn prefetch(&mut self, _ids: &[&str], _event_ids: &[&str]) -> Result<()> {
        Ok(())
    }

    // ----- set-based steps over a staged id set -----

    /// Replaces the staged id set (duplicates count once). Returns how many were staged.
    fn stage(&mut self, ids: &mut dyn Iterator<Item = &str>) -> Result<u64>;
    /// Staged ids that are not contacts: the first `limit`, and how many in all.
    fn staged_missing(&self, limit: usize) -> Result<(Vec<String>, u64)>;
    /// Whether any contact in `scope` has a timer that ran out by `now`.
    fn any_due(&self, scope: Scope, now: Ts) -> Result<bool>;
    /// Writes down, in `batch`, the timer wakes in `scope` that are due by `now`
    /// (at most `limit`, oldest first), dated at their `wake_at`, by `timer`, with `note`
    /// (the batch's) as each woken contact's note. Returns the ids woken.
    fn wake_due(
        &mut self,
        scope: Scope,
        batch: i64,
        now: Ts,
        who: &Who,
        limit: Option<u64>,
        note: Option<&str>,
    ) -> Result<Vec<String>>;
    /// Moves every staged contact that does not already satisfy `target` there, as
    /// [`crate::core::apply_manual`] says, in `batch`. Returns how many changed. No
    /// staged contact may be due (write those down first).
    fn set_staged(
        &mut self,
        batch: i64,
        target: &State,
        who: &Who,
        now: Ts,
        note: Option<&str>,
    ) -> Result<u64>;
    /// `snooze --extend`'s check of the staged contacts: those without a timer (the
    /// first `limit`, with their status, by id) and how many in all, and the contact with
    /// the latest timer among the rest.
    fn staged_timers(&self, limit: usize) -> Result<StagedTimers>;
    /// Pushes the timer of every staged contact `secs` later, in `batch` (a status row
    /// each; status, reason and counters are kept). Every staged contact must have a
    /// timer (see [`Tx::staged_timers`]) and none may be due. Returns how many changed.
    fn extend_staged(
        &mut self,
        batch: i64,
        secs: i64,
        who: &Who,
        now: Ts,
        note: Option<&str>,
    ) -> Result<u64>;
    /// Creates the staged ids that are not contacts, in state `target`.
    fn add_staged_missing(
        &mut self,
        batch: i64,
        target: &State,
        who: &Who,
        now: Ts,
        note: Option<&str>,
    ) -> Result<u64>;
    /// Removes the staged contacts, keeping each whole record in its history row.
    fn remove_staged(&mut self, batch: i64, who: &Who, now: Ts, note: Option<&str>) -> Result<u64>;
    /// Works out what undoing `batch` at `now` meets: conflicts are contacts or settings
    /// that changed again since. Keeps the plan for [`Tx::undo_status`].
    fn undo_plan(&mut self, batch: i64, now: Ts) -> Result<UndoPlan>;
    /// Puts back, set-based, the contacts of the plan that only had status rows in the
    /// batch and have no conflict. Returns how many changed.
    fn undo_status(
        &mut self,
        new_batch: i64,
        now: Ts,
        who: &Who,
        note: Option<&str>,
    ) -> Result<u64>;
    /// The contacts of the plan that need row-by-row work (any row other than status),
    /// without conflict.
    fn undo_others(&self) -> Result<Vec<String>>;
    /// The rows of `batch` that undo works through one by one after [`Tx::undo_plan`]:
    /// at least every row without a contact (mode, settings), every row of the contacts
    /// [`Tx::undo_others`] lists, and one status row if the batch has any, in the order
    /// they were written. A store may hand over more (all of them, by default).
    fn undo_rows(&self, batch: i64, each: Each<Change>) -> Result<()> {
        self.batch_changes(batch, each)
    }

    /// How many staged import rows set a status.
    fn import_sets_status(&self) -> Result<bool>;
    /// Merges the staged import rows in `batch`: new contacts added (with their status),
    /// existing ones' details updated and status set. Stages the ids (for catch-up first).
    fn merge_import(
        &mut self,
        batch: i64,
        mode: ImportMode,
        who: &Who,
        now: Ts,
        note: Option<&str>,
    ) -> Result<ImportCounts>;
    /// Stages the ids of the staged import rows as the id set (see [`Tx::stage`]).
    fn stage_import_ids(&mut self) -> Result<u64>;

    // ----- `copy` -----

    /// How many rows each table holds.
    fn raw_counts(&self) -> Result<raw::Counts>;
    /// Writes rows of `table` exactly as given (ids and `seq` included).
    fn import_raw(&mut self, table: raw::Table, rows: &[raw::RawRow]) -> Result<()>;
    /// After [`Tx::import_raw`]: new batch ids and history `seq` follow the copied ones.
    fn finish_raw(&mut self) -> Result<()>;

    /// Marks a point inside the transaction that [`Tx::rollback_to`] returns to (SQL
    /// `SAVEPOINT name`): one event of a group can fail without undoing the others.
    fn savepoint(&mut self, name: &str) -> Result<()>;
    /// Keeps what was done since the savepoint and forgets the savepoint (`RELEASE`).
    fn release(&mut self, name: &str) -> Result<()>;
    /// Undoes what was done since the savepoint, and forgets it (`ROLLBACK TO` then
    /// `RELEASE`); the transaction goes on.
    fn rollback_to(&mut self, name: &str) -> Result<()>;

    fn commit(self: Box<Self>) -> Result<()>;
}

/// A savepoint's name, checked: it is written into the SQL, so letters, digits and `_`.
pub(crate) fn savepoint_name(name: &str) -> Result<&str> {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(name)
    } else {
        anyhow::bail!("bad savepoint name `{}`", name.escape_debug())
    }
}

/// Where the database is, as given by `--db` / `BOTCTL_DB`, or the default path.
#[derive(Clone, Debug)]
pub enum Location {
    File(PathBuf),
    /// A `postgres://` or `postgresql://` URL (with its password, if it has one: show
    /// [`Store::location`] instead).
    Postgres(String),
}

impl Location {
    pub fn parse(given: Option<&std::ffi::OsStr>) -> Result<Location> {
        match given {
            Some(p) if p.is_empty() => Err(anyhow!(
                "`--db` (or `BOTCTL_DB`) is empty; give it a file path"
            )),
            Some(p) => match p.to_str() {
                Some(url) if postgres::is_postgres_url(url) => {
                    Ok(Location::Postgres(url.to_string()))
                }
                _ => Ok(Location::File(PathBuf::from(p))),
            },
            None => Ok(Location::File(sqlite::default_path()?)),
        }
    }
}

/// Opens the database at `location` for `access`: only [`Access::Create`] creates a
/// missing SQLite file (on PostgreSQL: botctl's tables in an empty database).
pub fn open(location: &Location, access: Access) -> Result<Box<dyn Store>> {
    match location {
        Location::File(path) => Ok(Box::new(sqlite::SqliteStore::open(path, access)?)),
        Location::Postgres(url) => Ok(Box::new(postgres::PgStore::open(
            url,
            access == Access::Create,
        )?)),
    }
}
