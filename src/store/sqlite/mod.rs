//! The SQLite store: opening, pragmas, migrations and every query of the embedded
//! backend. All user values are bound parameters; every write runs in `BEGIN IMMEDIATE`.

mod backup;
mod health;
mod import;
mod ours;
mod raw;
mod schema;
pub(crate) mod stats;
mod tx;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior};

use super::{Each, ImportStage, Read, Store, StoreError, Tx};
use crate::core::{
    Batch, Change, Contact, HistoryFilter, Kind, ListFilter, Reason, State, Ts, counters_from_json,
};
use crate::dbfile::{Access, FileId};

/// How long a command waits for another one's write lock before giving up. Longer than
/// any command holds it (about 2 s per million rows changed).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(300);

/// `PRAGMA application_id` of a botctl database: "botc".
pub const APPLICATION_ID: i32 = 0x626f_7463;

pub(crate) const CONTACT_COLUMNS: &str = "id, name, phone, email, status, reason, wake_at, bot_messages, \
     changed_at, changed_by, counters, note";

pub(crate) use crate::store::query::CHANGE_COLUMNS;

fn word<T: std::str::FromStr<Err = String>>(row: &Row, i: usize) -> rusqlite::Result<T> {
    let s: String = row.get(i)?;
    s.parse().map_err(|e: String| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    })
}

fn count(row: &Row, i: usize) -> rusqlite::Result<u32> {
    let n: i64 = row.get(i)?;
    Ok(u32::try_from(n.max(0)).unwrap_or(u32::MAX))
}

pub(crate) fn contact_from_row(row: &Row) -> rusqlite::Result<Contact> {
    let counters: Option<String> = row.get(10)?;
    Ok(Contact {
        id: row.get(0)?,
        name: row.get(1)?,
        phone: row.get(2)?,
        email: row.get(3)?,
        state: State {
            status: word(row, 4)?,
            reason: word(row, 5)?,
            wake_at: row.get(6)?,
            bot_messages: count(row, 7)?,
        },
        counters: counters_from_json(counters.as_deref()),
        changed_at: row.get(8)?,
        changed_by: row.get(9)?,
        note: row.get(11)?,
    })
}

fn state_at(row: &Row, i: usize, counters: usize) -> rusqlite::Result<Option<State>> {
    let status: Option<String> = row.get(i)?;
    if status.is_none() {
        return Ok(None);
    }
    let c: Option<String> = row.get(counters)?;
    Ok(Some(State {
        status: word(row, i)?,
        reason: word::<Reason>(row, i + 1)?,
        wake_at: row.get(i + 2)?,
        bot_messages: crate::core::highest(&counters_from_json(c.as_deref())),
    }))
}

pub(crate) fn change_from_row(row: &Row) -> rusqlite::Result<Change> {
    Ok(Change {
        seq: row.get(0)?,
        batch: row.get(1)?,
        at: row.get(2)?,
        kind: word::<Kind>(row, 3)?,
        contact: row.get(4)?,
        setting: row.get(5)?,
        from: state_at(row, 6, 14)?,
        to: state_at(row, 9, 15)?,
        from_value: row.get(12)?,
        to_value: row.get(13)?,
        from_counters: row.get(14)?,
        to_counters: row.get(15)?,
        record: row.get(16)?,
        note: row.get(17)?,
        actor: row.get(18)?,
        os_user: row.get(19)?,
    })
}

/// The default database path: `$XDG_DATA_HOME/botctl/botctl.db`, else
/// `~/.local/share/botctl/botctl.db`.
pub fn default_path() -> Result<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = match env("XDG_DATA_HOME").filter(|p| p.is_absolute()) {
        Some(p) => p,
        None => env("HOME").map(|h| h.join(".local/share")).ok_or_else(|| {
            anyhow!("cannot find a place for the database: set `HOME`, `XDG_DATA_HOME` or `--db`")
        })?,
    };
    Ok(base.join("botctl").join("botctl.db"))
}

pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    /// The file opened; a change is reported done only if the path still names it.
    file: FileId,
    /// What the last import staged prepared for its merge (taken by the next write).
    import_plan: Option<import::Plan>,
    /// Foreign keys are off for the current write (see [`Store::write`]).
    foreign_keys_off: bool,
    /// The shared hold on the file (declared last: dropped after the connection closed).
    hold: Option<crate::dbfile::Hold>,
}

/// A database file moved or replaced while botctl had it open keeps its write-ahead log
/// under the old name, beside whatever file has that name now, which would read it as its
/// own and be corrupted (SQLite skips its checkpoint on close when the file has moved).
/// So the log is folded into the file it belongs to, through the open connection, and
/// emptied.
impl Drop for SqliteStore {
    fn drop(&mut self) {
        if crate::dbfile::still_there(&self.path, self.file).is_err() {
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
    }
}

/// Switches to WAL. SQLite answers a switch with "busy" at once, without waiting, while
/// another connection (a concurrent first run) holds the file in rollback mode: retry.
fn wal_mode(conn: &Connection) -> Result<String> {
    let start = std::time::Instant::now();
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            r => return Ok(r?),
        }
    }
}

/// Whether an error came from SQLite (and so may be a full disk or a read-only file).
fn is_sqlite_error(e: &anyhow::Error) -> bool {
    e.chain()
        .any(|e| e.downcast_ref::<rusqlite::Error>().is_some())
}

impl SqliteStore {
    /// Folds the write-ahead log into the file and empties it, or says why it could not
    /// (a full disk, a file size limit): for a file about to be put in place under
    /// another name, which must hold everything by itself.
    pub fn settle(&self) -> Result<()> {
        let (busy, log, done): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        if busy != 0 || log != done {
            anyhow::bail!(
                "the copy's write-ahead log could not be folded into it ({done} of {log} pages)"
            );
        }
        Ok(())
    }

    /// A transaction of `behavior`, carrying an import's `plan` if any.
    fn begin(
        &mut self,
        behavior: TransactionBehavior,
        plan: Option<import::Plan>,
    ) -> Result<Box<dyn Tx + '_>> {
        // An import's planned merge copies its history rows whole, which SQLite does
        // only with foreign keys off (the one foreign key, history.batch, names the
        // import's own batch). The setting holds for a whole transaction.
        if plan.is_some() != self.foreign_keys_off {
            self.conn.execute_batch(if plan.is_some() {
                "PRAGMA foreign_keys = OFF"
            } else {
                "PRAGMA foreign_keys = ON"
            })?;
            self.foreign_keys_off = plan.is_some();
        }
        let tx = self
            .conn
            .transaction_with_behavior(behavior)
            .context("cannot start a transaction")?;
        Ok(Box::new(tx::SqliteTx {
            tx,
            file: (&self.path, self.file),
            plan,
        }))
    }

    /// Opens and migrates the database, after [`crate::dbfile`] has checked the file (and
    /// created it, with its folder, when `access` allows; a missing file is otherwise an
    /// error naming the path). A reading command whose file cannot be written (a full
    /// disk, a read-only file or folder) gets a read-only connection. A database written
    /// by a newer botctl, or by another program, is refused before anything is written.
    pub fn open(path: &Path, access: Access) -> Result<SqliteStore> {
        // A file removed as unused between its check and the hold is prepared again.
        for _ in 0..5 {
            let file = crate::dbfile::prepare(path, access)?;
            if let Some(hold) = crate::dbfile::hold(path, file)? {
                let mut store = SqliteStore::connect_for(path, file, access)?;
                store.hold = Some(hold);
                return Ok(store);
            }
        }
        Err(crate::dbfile::FileError::Vanished {
            path: crate::escape::path(path),
        }
        .into())
    }

    fn connect_for(path: &Path, file: FileId, access: Access) -> Result<SqliteStore> {
        let base = OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_NOFOLLOW;
        match SqliteStore::connect(path, base | OpenFlags::SQLITE_OPEN_READ_WRITE, file, access) {
            Err(e) if access == Access::Read && is_sqlite_error(&e) => {
                SqliteStore::connect(path, base | OpenFlags::SQLITE_OPEN_READ_ONLY, file, access)
                    .or_else(|_| SqliteStore::connect_immutable(path, file))
                    .map_err(|_| e)
            }
            r => r,
        }
    }

    /// Reads a file nobody can write (no room for SQLite's `-shm` file) as immutable:
    /// only when it has no write-ahead log to miss.
    fn connect_immutable(path: &Path, file: FileId) -> Result<SqliteStore> {
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            bail!("the database has a write-ahead log that cannot be read without writing");
        }
        let uri = format!("file:{}?immutable=1", crate::dbfile::uri_path(path)?);
        SqliteStore::connect(
            Path::new(&uri),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            file,
            Access::Read,
        )
        .map(|mut s| {
            s.path = path.to_path_buf();
            s
        })
    }

    fn connect(path: &Path, flags: OpenFlags, file: FileId, access: Access) -> Result<SqliteStore> {
        let shown = crate::escape::path(path);
        let conn = Connection::open_with_flags(path, flags)
            .with_context(|| format!("cannot open the database `{shown}`"))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Full Unicode case folding for `list --search` (SQLite's lower() is ASCII only).
        conn.create_scalar_function(
            "botctl_fold",
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| Ok(ctx.get_raw(0).as_str_or_null()?.map(crate::search::fold)),
        )?;
        // The digits of a phone number, for `list --search "555 0100"`.
        conn.create_scalar_function(
            "botctl_digits",
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| {
                Ok(ctx
                    .get_raw(0)
                    .as_str_or_null()?
                    .map(crate::search::phone_digits))
            },
        )?;
        let mut store = SqliteStore {
            conn,
            path: path.to_path_buf(),
            file,
            import_plan: None,
            foreign_keys_off: false,
            hold: None,
        };
        store
            .prepare(access)
            .with_context(|| format!("cannot use the database `{shown}`"))?;
        Ok(store)
    }

    fn prepare(&mut self, access: Access) -> Result<()> {
        let latest = schema::MIGRATIONS.len() as i64;
        // One read transaction: a consistent snapshot even while another process migrates.
        // Nothing is written (not even the switch to WAL) before the file is known to be
        // botctl's, of a version this botctl knows.
        let version = {
            let tx = self.conn.transaction()?;
            let version: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(|e| match e.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::NotADatabase) => anyhow::anyhow!(
                        "it is not an SQLite database (nor botctl's): check `--db` (or \
                         `BOTCTL_DB`); botctl keeps its data in a file it creates itself"
                    ),
                    _ => e.into(),
                })?;
            ours::check(&tx, version)?;
            tx.commit()?;
            version
        };
        // An empty file (0 bytes: made by hand, or left by a crash as it was created) is
        // set up only by a change: a reading command never writes.
        if version == 0 && access != Access::Create {
            bail!(
                "it is empty and holds no botctl data yet; check `--db` (or `BOTCTL_DB`), or set it \
                 up with a change, e.g. `botctl contacts add ID`"
            );
        }
        if version > latest {
            return Err(StoreError::SchemaNewer {
                found: version,
                known: latest,
            }
            .into());
        }
        let readonly = self.conn.is_readonly(rusqlite::MAIN_DB)?;
        if !readonly {
            let mode = wal_mode(&self.conn)?;
            if !mode.eq_ignore_ascii_case("wal") {
                bail!("cannot switch it to WAL journal mode (got `{mode}`)");
            }
        }
        self.conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = FILE; \
             PRAGMA cache_size = -16000;",
        )?;
        if version < latest {
            if readonly {
                bail!(
                    "it was written by an older botctl (schema version {version}; this one reads \
                     {latest}), and upgrading it needs write access, which this process lacks: run \
                     botctl on it once as a user who can write it (its owner), or read a copy \
                     (`cp` it to a folder of yours and pass that to `--db`)"
                );
            }
            self.migrate()?;
        }
        Ok(())
    }

    /// Runs each pending migration in its own `BEGIN IMMEDIATE` transaction, re-reading
    /// the version under the lock so that concurrent first runs migrate once.
    fn migrate(&mut self) -> Result<()> {
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let Some(step) = usize::try_from(version)
                .ok()
                .and_then(|v| schema::MIGRATIONS.get(v))
            else {
                return Ok(());
            };
            tx.execute_batch(step)?;
            tx.pragma_update(None, "user_version", version + 1)?;
            tx.commit()?;
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Removes a database file this process created (with the folders it made for it)
    /// when the command that created it left nothing in it: every table empty. It looks
    /// and removes under an exclusive `flock`, which no other botctl can hold the file
    /// without ([`crate::dbfile::hold`]): one that found the file meanwhile waits, then
    /// finds it gone and makes its own.
    pub fn remove_if_unused(made: &crate::dbfile::Created) -> Result<bool> {
        let Some(_alone) = crate::dbfile::hold_alone(&made.path, made.id) else {
            return Ok(false);
        };
        let unused = {
            // Read-write: as the last connection to close, it removes the journal files
            // it opened (a read-only one would leave them behind), while the file is still
            // in place, so nobody can have made new ones at these names.
            let conn = Connection::open_with_flags(
                &made.path,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_NOFOLLOW
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            version == 0 || raw::counts(&conn)?.is_empty()
        };
        Ok(unused && crate::dbfile::remove_created(made))
    }

    /// The connection, for store-specific extras (completion, stats, health).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// `Read` for a type whose connection is `$conn` (the store's own, or its transaction's):
/// every read is one of the queries in [`read`].
macro_rules! read_through {
    ($ty:ty, $self:ident => $conn:expr) => {
        impl Read for $ty {
            fn setting(&$self, key: &str) -> Result<Option<String>> {
                read::setting($conn, key)
            }
            fn settings(&$self) -> Result<crate::core::Settings> {
                read::settings($conn)
            }
            fn contact(&$self, id: &str) -> Result<Option<Contact>> {
                read::contact($conn, id)
            }
            fn contact_count(&$self) -> Result<u64> {
                read::contact_count($conn)
            }
            fn picker_entries(&$self, limit: usize) -> Result<Vec<(String, Option<String>)>> {
                read::picker_entries($conn, limit)
            }
            fn list(&$self, filter: &ListFilter, now: Ts, each: Each<Contact>) -> Result<()> {
                read::list($conn, filter, now, each)
            }
            fn list_ids(
                &$self,
                filter: &ListFilter,
                now: Ts,
                each: &mut dyn FnMut(&str) -> Result<()>,
            ) -> Result<()> {
                read::list_ids($conn, filter, now, each)
            }
            fn due(&$self, now: Ts, each: Each<Contact>) -> Result<()> {
                read::due($conn, now, each)
            }
            fn history(&$self, filter: &HistoryFilter, each: Each<Change>) -> Result<()> {
                read::history($conn, filter, each)
            }
            fn latest_change(&$self, contact: &str) -> Result<Option<Change>> {
                read::latest_change($conn, contact)
            }
            fn batch(&$self, id: i64) -> Result<Option<Batch>> {
                read::batch($conn, id)
            }
            fn batch_changes(&$self, batch: i64, each: Each<Change>) -> Result<()> {
                read::batch_changes($conn, batch, each)
            }
            fn created_batch(&$self, id: &str) -> Result<Option<i64>> {
                read::created_batch($conn, id)
            }
            fn event_seen(&$self, id: &str, since: Ts) -> Result<bool> {
                read::event_seen($conn, id, since)
            }
            fn stats(
                &$self,
                q: &crate::store::stats::StatsQuery,
            ) -> Result<crate::store::stats::Stats> {
                crate::store::sqlite::stats::stats($conn, q)
            }
        }
    };
}
pub(crate) use read_through;

read_through!(SqliteStore, self => &self.conn);

impl Store for SqliteStore {
    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn health(&self, before: Ts) -> Result<crate::store::Health> {
        Ok(crate::store::Health {
            schema: self.schema_version()?,
            overdue: self.overdue(before)?,
            last_sweep: self.last_sweep()?,
        })
    }

    fn as_sqlite(&self) -> Option<&SqliteStore> {
        Some(self)
    }

    fn stage_import(&mut self) -> Result<Box<dyn ImportStage + '_>> {
        tx::ensure_temp(&self.conn)?;
        self.import_plan = None;
        let tx = self.conn.transaction()?;
        import::create_stage(&tx)?;
        Ok(Box::new(import::SqliteImportStage {
            tx,
            rows: 0,
            plan: &mut self.import_plan,
        }))
    }

    fn write(&mut self) -> Result<Box<dyn Tx + '_>> {
        let plan = self.import_plan.take();
        self.begin(TransactionBehavior::Immediate, plan)
    }

    fn dry(&mut self) -> Result<Box<dyn Tx + '_>> {
        // Deferred: a read snapshot from its first read; writes to `temp` tables take no
        // lock of the database file.
        self.begin(TransactionBehavior::Deferred, None)
    }

    fn export(
        &mut self,
        start: &mut dyn FnMut(&crate::store::raw::Counts) -> Result<()>,
        each: &mut dyn FnMut(crate::store::raw::Table, crate::store::raw::RawRow) -> Result<()>,
    ) -> Result<crate::store::raw::Counts> {
        raw::export(&mut self.conn, start, each)
    }

    fn durable_commits(&mut self) -> Result<()> {
        self.conn.execute_batch("PRAGMA synchronous = FULL;")?;
        Ok(())
    }
}

/// The reading queries, shared by the store and its transactions.
pub(crate) mod read {
    use super::*;

    pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
        Ok(conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Every setting in one statement.
    pub fn settings(conn: &Connection) -> Result<crate::core::Settings> {
        let mut stmt = conn.prepare_cached("SELECT key, value FROM settings")?;
        let rows: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        crate::store::settings_from(rows.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    pub fn contact(conn: &Connection, id: &str) -> Result<Option<Contact>> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = ?1"
            ))?
            .query_row([id], contact_from_row)
            .optional()?)
    }

    pub fn contact_count(conn: &Connection) -> Result<u64> {
        let n: i64 = conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    pub fn picker_entries(
        conn: &Connection,
        limit: usize,
    ) -> Result<Vec<(String, Option<String>)>> {
        let mut stmt = conn.prepare("SELECT id, name FROM contacts ORDER BY id LIMIT ?1")?;
        let rows = stmt
            .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The query of `list`: `columns` of the contacts that match `filter` at `now`, ordered
    /// by id, or by wake time with `waking_within`.
    /// Shared query parameters as SQLite values.
    fn values(args: Vec<crate::store::query::Arg>) -> Vec<Value> {
        use crate::store::query::Arg;
        args.into_iter()
            .map(|a| match a {
                Arg::Int(i) => Value::Integer(i),
                Arg::Text(t) => Value::Text(t),
            })
            .collect()
    }

    fn list_query(filter: &ListFilter, now: Ts, columns: &str) -> (String, Vec<Value>) {
        use crate::store::query::{self, Arg};
        let mark = |n: usize| format!("?{n}");
        let (mut clauses, mut args) = query::list_where(filter, now, mark);
        if let Some(q) = &filter.search {
            args.push(Arg::Text(crate::search::fold(q)));
            let n = args.len();
            let mut any = format!(
                "instr(botctl_fold(id), ?{n}) > 0 OR instr(botctl_fold(coalesce(name, '')), ?{n}) > 0 \
                 OR instr(botctl_fold(coalesce(email, '')), ?{n}) > 0"
            );
            if let Some(digits) = crate::search::phone_query(q) {
                args.push(Arg::Text(digits));
                any.push_str(&format!(
                    " OR instr(botctl_digits(phone), ?{}) > 0",
                    args.len()
                ));
            }
            clauses.push(format!("({any})"));
        }
        let sql = query::list_select(filter, columns, clauses, &mut args, true, mark);
        (sql, values(args))
    }

    pub fn list(
        conn: &Connection,
        filter: &ListFilter,
        now: Ts,
        each: Each<Contact>,
    ) -> Result<()> {
        let (sql, args) = list_query(filter, now, CONTACT_COLUMNS);
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            each(contact_from_row(row)?)?;
        }
        Ok(())
    }

    pub fn list_ids(
        conn: &Connection,
        filter: &ListFilter,
        now: Ts,
        each: &mut dyn FnMut(&str) -> Result<()>,
    ) -> Result<()> {
        let (sql, args) = list_query(filter, now, "id");
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            each(row.get_ref(0)?.as_str()?)?;
        }
        Ok(())
    }

    pub fn due(conn: &Connection, now: Ts, each: Each<Contact>) -> Result<()> {
        let mut stmt = conn.prepare(&format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts WHERE wake_at <= ?1 ORDER BY wake_at, id"
        ))?;
        let mut rows = stmt.query([now])?;
        while let Some(row) = rows.next()? {
            each(contact_from_row(row)?)?;
        }
        Ok(())
    }

    pub fn history(conn: &Connection, filter: &HistoryFilter, each: Each<Change>) -> Result<()> {
        let (sql, args) = crate::store::query::history(filter, |n| format!("?{n}"));
        let args = values(args);
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            each(change_from_row(row)?)?;
        }
        Ok(())
    }

    pub fn latest_change(conn: &Connection, contact: &str) -> Result<Option<Change>> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT {CHANGE_COLUMNS} FROM history h JOIN batches b ON b.id = h.batch \
                 WHERE h.contact = ?1 ORDER BY h.seq DESC LIMIT 1"
            ))?
            .query_row([contact], change_from_row)
            .optional()?)
    }

    pub fn batch(conn: &Connection, id: i64) -> Result<Option<Batch>> {
        Ok(conn
            .prepare_cached(
                "SELECT id, at, command, actor, os_user, note FROM batches WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(Batch {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    command: r.get(2)?,
                    actor: r.get(3)?,
                    os_user: r.get(4)?,
                    note: r.get(5)?,
                })
            })
            .optional()?)
    }

    pub fn batch_changes(conn: &Connection, batch: i64, each: Each<Change>) -> Result<()> {
        batch_rows(conn, batch, "", each)
    }

    /// The rows of `batch` (`?1`) that `and` (SQL over `h`, the history row) keeps, in
    /// commit order.
    pub fn batch_rows(conn: &Connection, batch: i64, and: &str, each: Each<Change>) -> Result<()> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {CHANGE_COLUMNS} FROM history h JOIN batches b ON b.id = h.batch \
             WHERE h.batch = ?1 {and} ORDER BY h.seq"
        ))?;
        let mut rows = stmt.query([batch])?;
        while let Some(row) = rows.next()? {
            each(change_from_row(row)?)?;
        }
        Ok(())
    }

    pub fn created_batch(conn: &Connection, id: &str) -> Result<Option<i64>> {
        Ok(conn
            .prepare_cached("SELECT created_batch FROM contacts WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    pub fn event_seen(conn: &Connection, id: &str, since: Ts) -> Result<bool> {
        Ok(conn
            .prepare_cached("SELECT 1 FROM events WHERE id = ?1 AND at >= ?2")?
            .query_row(rusqlite::params![id, since], |_| Ok(()))
            .optional()?
            .is_some())
    }
}
