//! SQLite: opening, pragmas, migrations and every query. Nothing else knows SQL.
//! All user values are bound parameters; every write runs in `BEGIN IMMEDIATE`.

mod picker;
mod schema;

use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Row, Transaction, TransactionBehavior, params,
};

use crate::status::{Mode, Reason, Settings, State, Status, Ts};

/// How long a command waits for another one's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// The actor named on changes, and the operating-system user that ran the command.
#[derive(Clone, Debug)]
pub struct Who {
    pub actor: String,
    pub os_user: String,
}

/// The actor recorded on timer wakes, which nobody performs.
pub const TIMER_ACTOR: &str = "timer";

/// A contact as stored. Use [`Contact::effective`] before showing or deciding anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub id: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub state: State,
    pub changed_at: Ts,
    pub changed_by: String,
}

impl Contact {
    /// The contact as it is at `now`: a timer that has run out has woken it, dated at its
    /// `wake_at`, exactly as `sweep` writes it down.
    pub fn effective(mut self, now: Ts) -> Contact {
        if let Some(at) = self.state.due(now) {
            self.state = State::WOKEN;
            self.changed_at = at;
            self.changed_by = TIMER_ACTOR.to_string();
        }
        self
    }
}

/// Optional contact details, as `contacts add` and `import` take them.
#[derive(Clone, Debug, Default)]
pub struct Details {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// One row of the history: one status change of one contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub seq: i64,
    pub batch: i64,
    pub at: Ts,
    pub contact: String,
    /// `None` when the contact was created with this status.
    pub from: Option<State>,
    pub to: State,
    pub actor: String,
    pub os_user: String,
}

/// A batch: what one command changed.
#[derive(Clone, Debug)]
pub struct Batch {
    pub id: i64,
    pub at: Ts,
    pub command: String,
}

/// The filters of `botctl list`.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub statuses: Vec<Status>,
    pub reason: Option<Reason>,
    /// Seconds from now.
    pub waking_within: Option<i64>,
    pub search: Option<String>,
    pub limit: Option<u64>,
}

/// The filters of `botctl history`.
#[derive(Clone, Debug, Default)]
pub struct HistoryFilter {
    pub contact: Option<String>,
    pub since: Option<Ts>,
    pub limit: Option<u64>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

const CONTACT_COLUMNS: &str =
    "id, name, phone, email, status, reason, wake_at, bot_messages, changed_at, changed_by";

const CHANGE_COLUMNS: &str = "seq, batch, at, contact, from_status, from_reason, from_wake_at, \
     from_bot_messages, to_status, reason, wake_at, to_bot_messages, actor, os_user";

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

fn contact_from_row(row: &Row) -> rusqlite::Result<Contact> {
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
        changed_at: row.get(8)?,
        changed_by: row.get(9)?,
    })
}

fn change_from_row(row: &Row) -> rusqlite::Result<Change> {
    let from_status: Option<String> = row.get(4)?;
    let from = match from_status {
        None => None,
        Some(_) => Some(State {
            status: word(row, 4)?,
            reason: word(row, 5)?,
            wake_at: row.get(6)?,
            bot_messages: count(row, 7)?,
        }),
    };
    Ok(Change {
        seq: row.get(0)?,
        batch: row.get(1)?,
        at: row.get(2)?,
        contact: row.get(3)?,
        from,
        to: State {
            status: word(row, 8)?,
            reason: word(row, 9)?,
            wake_at: row.get(10)?,
            bot_messages: count(row, 11)?,
        },
        actor: row.get(12)?,
        os_user: row.get(13)?,
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

impl Store {
    /// Opens (creating it, with its folder, if needed) and migrates the database.
    /// A database written by a newer botctl is refused before anything is written.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display();
        if let Some(parent) = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty() && !p.exists())
        {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .with_context(|| {
                    format!(
                        "cannot create the folder `{}` for the database",
                        parent.display()
                    )
                })?;
        }
        if path.is_dir() {
            bail!("`{shown}` is a folder; give `--db` the path of a database file");
        }
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied && path.exists() => {}
            Err(e) => {
                return Err(e).with_context(|| format!("cannot create the database `{shown}`"));
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .or_else(|_| Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY))
            .with_context(|| format!("cannot open the database `{shown}`"))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Full Unicode case folding for `list --search` (SQLite's lower() is ASCII only).
        conn.create_scalar_function(
            "botctl_fold",
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| Ok(ctx.get_raw(0).as_str_or_null()?.map(crate::search::fold)),
        )?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store
            .prepare()
            .with_context(|| format!("cannot use the database `{shown}`"))?;
        Ok(store)
    }

    fn prepare(&mut self) -> Result<()> {
        let latest = schema::MIGRATIONS.len() as i64;
        // One read transaction: a consistent snapshot even while another process migrates.
        let (version, tables) = {
            let tx = self.conn.transaction()?;
            let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let tables: i64 =
                tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            tx.commit()?;
            (version, tables)
        };
        if version > latest {
            bail!(
                "it was written by a newer botctl (schema version {version}; this botctl knows up to {latest}); \
                 upgrade botctl to use it"
            );
        }
        if version == 0 && tables > 0 {
            bail!(
                "it is an SQLite database of another program, not botctl's; give `--db` another path"
            );
        }
        let readonly = self.conn.is_readonly(rusqlite::MAIN_DB)?;
        if !readonly {
            let mode: String = self
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                bail!("cannot switch it to WAL journal mode (got `{mode}`)");
            }
        }
        self.conn
            .execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
        if version < latest {
            if readonly {
                bail!("it is read-only and needs upgrading (schema version {version} to {latest})");
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

    // ----- settings and mode -----

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        read_setting(&self.conn, key)
    }

    pub fn mode(&self) -> Result<Mode> {
        read_mode(&self.conn)
    }

    pub fn settings(&self) -> Result<Settings> {
        let mut s = Settings::default();
        for key in crate::settings::KEYS {
            if let Some(v) = self.setting(key.name)? {
                (key.apply)(&mut s, &v)
                    .map_err(|e| anyhow!("the stored setting `{}` is damaged: {e}", key.name))?;
            }
        }
        Ok(s)
    }

    // ----- contacts -----

    pub fn contact(&self, id: &str) -> Result<Option<Contact>> {
        find_contact(&self.conn, id)
    }

    pub fn contact_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The query of `list`: `columns` of the contacts that match `filter` at `now`, ordered
    /// by id, or by wake time with `waking_within`.
    fn list_query(filter: &ListFilter, now: Ts, columns: &str) -> (String, Vec<Value>) {
        let mut clauses: Vec<String> = Vec::new();
        let mut args: Vec<Value> = vec![Value::Integer(now)];
        // ?1 is now. A contact is due (effectively active, reason timer) when wake_at <= ?1.
        if !filter.statuses.is_empty() {
            let parts: Vec<&str> = filter
                .statuses
                .iter()
                .map(|s| match s {
                    Status::Active => "(status = 'active' OR wake_at <= ?1)",
                    Status::Snoozed => "(status = 'snoozed' AND (wake_at IS NULL OR wake_at > ?1))",
                    Status::Inactive => {
                        "(status = 'inactive' AND (wake_at IS NULL OR wake_at > ?1))"
                    }
                })
                .collect();
            clauses.push(format!("({})", parts.join(" OR ")));
        }
        if let Some(reason) = filter.reason {
            args.push(Value::Text(reason.as_str().into()));
            let n = args.len();
            clauses.push(if reason == Reason::Timer {
                format!("(reason = ?{n} OR wake_at <= ?1)")
            } else {
                format!("(reason = ?{n} AND (wake_at IS NULL OR wake_at > ?1))")
            });
        }
        if let Some(within) = filter.waking_within {
            args.push(Value::Integer(now.saturating_add(within)));
            clauses.push(format!("(wake_at > ?1 AND wake_at <= ?{})", args.len()));
        }
        if clauses.is_empty() {
            // Every query binds ?1; this keeps it used when no filter refers to it.
            clauses.push("?1 IS NOT NULL".into());
        }
        if let Some(q) = &filter.search {
            args.push(Value::Text(crate::search::fold(q)));
            let n = args.len();
            clauses.push(format!(
                "(instr(botctl_fold(id), ?{n}) > 0 OR instr(botctl_fold(coalesce(name, '')), ?{n}) > 0)"
            ));
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
        if let Some(limit) = filter.limit {
            args.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
            sql.push_str(&format!(" LIMIT ?{}", args.len()));
        }
        (sql, args)
    }

    /// Streams the contacts that match `filter` at `now`, as stored (call
    /// [`Contact::effective`]), ordered by id, or by wake time with `waking_within`.
    pub fn list(
        &self,
        filter: &ListFilter,
        now: Ts,
        mut each: impl FnMut(Contact) -> Result<()>,
    ) -> Result<()> {
        let (sql, args) = Self::list_query(filter, now, CONTACT_COLUMNS);
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            each(contact_from_row(row)?)?;
        }
        Ok(())
    }

    /// Like [`Store::list`], but only the ids: for `--format ids`, without decoding rows.
    pub fn list_ids(
        &self,
        filter: &ListFilter,
        now: Ts,
        mut each: impl FnMut(&str) -> Result<()>,
    ) -> Result<()> {
        let (sql, args) = Self::list_query(filter, now, "id");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            each(row.get_ref(0)?.as_str()?)?;
        }
        Ok(())
    }

    /// Streams the contacts whose timer has run out by `now` (as stored), oldest first.
    pub fn due(&self, now: Ts, mut each: impl FnMut(Contact) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts WHERE wake_at <= ?1 ORDER BY wake_at, id"
        ))?;
        let mut rows = stmt.query([now])?;
        while let Some(row) = rows.next()? {
            each(contact_from_row(row)?)?;
        }
        Ok(())
    }

    /// A few contact ids, for the interactive picker.
    pub fn contact_ids(&self, limit: usize) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM contacts ORDER BY id LIMIT ?1")?;
        let ids = stmt
            .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(ids)
    }

    // ----- history and batches -----

    /// Streams history rows, newest first.
    pub fn history(
        &self,
        filter: &HistoryFilter,
        mut each: impl FnMut(Change) -> Result<()>,
    ) -> Result<()> {
        let mut clauses = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        if let Some(c) = &filter.contact {
            args.push(Value::Text(c.clone()));
            clauses.push(format!("contact = ?{}", args.len()));
        }
        if let Some(since) = filter.since {
            args.push(Value::Integer(since));
            clauses.push(format!("at >= ?{}", args.len()));
        }
        let mut sql = format!("SELECT {CHANGE_COLUMNS} FROM history");
        if !clauses.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&clauses.join(" AND "));
        }
        sql.push_str(" ORDER BY at DESC, seq DESC");
        if let Some(limit) = filter.limit {
            args.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
            sql.push_str(&format!(" LIMIT ?{}", args.len()));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            each(change_from_row(row)?)?;
        }
        Ok(())
    }

    /// The latest recorded change of a contact.
    pub fn latest_change(&self, contact: &str) -> Result<Option<Change>> {
        latest_change(&self.conn, contact)
    }

    pub fn batch(&self, id: i64) -> Result<Option<Batch>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, at, command FROM batches WHERE id = ?1",
                [id],
                |r| {
                    Ok(Batch {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        command: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// The history rows of one batch, in the order they were written.
    pub fn batch_changes(&self, batch: i64) -> Result<Vec<Change>> {
        batch_changes(&self.conn, batch)
    }

    /// Begins a write: one `BEGIN IMMEDIATE` transaction. Changes made through the
    /// writer belong to one batch, created when the first change is made.
    pub fn write<'a>(&'a mut self, who: &'a Who, now: Ts, command: &str) -> Result<Writer<'a>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("cannot start a write transaction")?;
        Ok(Writer {
            tx,
            who,
            now,
            command: command.to_string(),
            batch: None,
            timer_batch: None,
            changes: 0,
        })
    }
}

fn read_setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// The bot mode; a new database is in autopilot.
fn read_mode(conn: &Connection) -> Result<Mode> {
    match read_setting(conn, "mode")? {
        None => Ok(Mode::Autopilot),
        Some(v) => v
            .parse()
            .map_err(|e: String| anyhow!("the stored bot mode is damaged: {e}")),
    }
}

fn find_contact(conn: &Connection, id: &str) -> Result<Option<Contact>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = ?1"
        ))?
        .query_row([id], contact_from_row)
        .optional()?)
}

fn latest_change(conn: &Connection, contact: &str) -> Result<Option<Change>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {CHANGE_COLUMNS} FROM history WHERE contact = ?1 ORDER BY seq DESC LIMIT 1"
        ))?
        .query_row([contact], change_from_row)
        .optional()?)
}

fn batch_changes(conn: &Connection, batch: i64) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CHANGE_COLUMNS} FROM history WHERE batch = ?1 ORDER BY seq"
    ))?;
    let rows = stmt
        .query_map([batch], change_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One write transaction. Dropping it without [`Writer::commit`] rolls everything back.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    who: &'a Who,
    now: Ts,
    command: String,
    batch: Option<i64>,
    /// The batch that timer wakes found during another command are written down in.
    timer_batch: Option<i64>,
    changes: usize,
}

impl Writer<'_> {
    pub fn now(&self) -> Ts {
        self.now
    }

    fn new_batch(&self, command: &str) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO batches (at, command, actor, os_user) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![self.now, command, self.who.actor, self.who.os_user])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// This command's batch, created on first use.
    pub fn batch(&mut self) -> Result<i64> {
        match self.batch {
            Some(b) => Ok(b),
            None => {
                let b = self.new_batch(&self.command)?;
                self.batch = Some(b);
                Ok(b)
            }
        }
    }

    /// How many status changes this writer made (timer wakes it wrote down excluded).
    pub fn changes(&self) -> usize {
        self.changes
    }

    pub fn contact(&self, id: &str) -> Result<Option<Contact>> {
        find_contact(&self.tx, id)
    }

    /// Loads a contact as it is now, first writing down its timer wake if it is due,
    /// so that history shows it before whatever this command does next.
    pub fn settled(&mut self, id: &str) -> Result<Option<Contact>> {
        let Some(mut c) = self.contact(id)? else {
            return Ok(None);
        };
        if let Some(at) = c.state.due(self.now) {
            let batch = match self.timer_batch {
                Some(b) => b,
                None => {
                    let b = self.new_batch("sweep")?;
                    self.timer_batch = Some(b);
                    b
                }
            };
            self.record(batch, &mut c, State::WOKEN, at, TIMER_ACTOR)?;
        }
        Ok(Some(c))
    }

    /// Writes down a due timer wake as part of this command's batch (for `sweep`).
    pub fn wake_due(&mut self, c: &mut Contact) -> Result<bool> {
        let Some(at) = c.state.due(self.now) else {
            return Ok(false);
        };
        let batch = self.batch()?;
        self.record(batch, c, State::WOKEN, at, TIMER_ACTOR)?;
        self.changes += 1;
        Ok(true)
    }

    /// Due contacts, oldest timer first, for `sweep`.
    pub fn due(&self, limit: usize) -> Result<Vec<Contact>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts WHERE wake_at <= ?1 ORDER BY wake_at, id LIMIT ?2"
        ))?;
        let rows = stmt
            .query_map(
                params![self.now, i64::try_from(limit).unwrap_or(i64::MAX)],
                contact_from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Moves a contact to `to`, now, by this command's actor. A change of status, reason
    /// or timer writes a history row; a change of the bot message counter alone does not.
    /// Returns whether the status changed.
    pub fn change(&mut self, c: &mut Contact, to: State) -> Result<bool> {
        if c.state == to {
            return Ok(false);
        }
        if (c.state.status, c.state.reason, c.state.wake_at) == (to.status, to.reason, to.wake_at) {
            self.tx
                .prepare_cached("UPDATE contacts SET bot_messages = ?1 WHERE id = ?2")?
                .execute(params![to.bot_messages, c.id])?;
            c.state = to;
            return Ok(false);
        }
        let batch = self.batch()?;
        let actor = self.who.actor.clone();
        self.record(batch, c, to, self.now, &actor)?;
        self.changes += 1;
        Ok(true)
    }

    fn record(
        &mut self,
        batch: i64,
        c: &mut Contact,
        to: State,
        at: Ts,
        actor: &str,
    ) -> Result<()> {
        insert_change(
            &self.tx,
            batch,
            at,
            &c.id,
            Some(&c.state),
            &to,
            actor,
            &self.who.os_user,
        )?;
        self.tx
            .prepare_cached(
                "UPDATE contacts SET status = ?1, reason = ?2, wake_at = ?3, bot_messages = ?4, \
                 changed_at = ?5, changed_by = ?6 WHERE id = ?7",
            )?
            .execute(params![
                to.status.as_str(),
                to.reason.as_str(),
                to.wake_at,
                to.bot_messages,
                at,
                actor,
                c.id
            ])?;
        c.state = to;
        c.changed_at = at;
        c.changed_by = actor.to_string();
        Ok(())
    }

    /// Creates a contact. With `state`, its status is set by this command and a history
    /// row (from nothing) is written; without, it starts active with no history row.
    pub fn create(&mut self, id: &str, details: &Details, state: Option<State>) -> Result<Contact> {
        let s = state.unwrap_or(State::NEW);
        let batch = self.batch()?;
        self.tx
            .prepare_cached(
                "INSERT INTO contacts (id, name, phone, email, status, reason, wake_at, bot_messages, \
                 changed_at, changed_by, created_at, created_batch) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9, ?11)",
            )?
            .execute(params![
                id,
                details.name,
                details.phone,
                details.email,
                s.status.as_str(),
                s.reason.as_str(),
                s.wake_at,
                s.bot_messages,
                self.now,
                self.who.actor,
                batch
            ])?;
        if state.is_some() {
            insert_change(
                &self.tx,
                batch,
                self.now,
                id,
                None,
                &s,
                &self.who.actor,
                &self.who.os_user,
            )?;
            self.changes += 1;
        }
        Ok(Contact {
            id: id.to_string(),
            name: details.name.clone(),
            phone: details.phone.clone(),
            email: details.email.clone(),
            state: s,
            changed_at: self.now,
            changed_by: self.who.actor.clone(),
        })
    }

    /// Updates the details given (a `None` leaves that field as it is).
    pub fn update_details(&mut self, id: &str, d: &Details) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE contacts SET name = coalesce(?2, name), phone = coalesce(?3, phone), \
                 email = coalesce(?4, email) WHERE id = ?1",
            )?
            .execute(params![id, d.name, d.phone, d.email])?;
        self.batch()?;
        Ok(())
    }

    /// Removes a contact; its history stays.
    pub fn remove(&mut self, id: &str) -> Result<bool> {
        let n = self
            .tx
            .prepare_cached("DELETE FROM contacts WHERE id = ?1")?
            .execute([id])?;
        if n > 0 {
            self.batch()?;
        }
        Ok(n > 0)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2")?
            .execute([key, value])?;
        self.batch()?;
        Ok(())
    }

    pub fn latest_change(&self, contact: &str) -> Result<Option<Change>> {
        latest_change(&self.tx, contact)
    }

    /// The bot mode, read under this transaction's lock.
    pub fn mode(&self) -> Result<Mode> {
        read_mode(&self.tx)
    }

    /// The batch that created a contact (`None` for contacts made before it was recorded).
    pub fn created_batch(&self, id: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached("SELECT created_batch FROM contacts WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    pub fn batch_changes(&self, batch: i64) -> Result<Vec<Change>> {
        batch_changes(&self.tx, batch)
    }

    /// Commits, and returns this command's batch id if it changed anything.
    pub fn commit(self) -> Result<Option<i64>> {
        let batch = self.batch;
        self.tx.commit().context("cannot commit the change")?;
        Ok(batch)
    }
}

#[allow(clippy::too_many_arguments)]
fn insert_change(
    conn: &Connection,
    batch: i64,
    at: Ts,
    contact: &str,
    from: Option<&State>,
    to: &State,
    actor: &str,
    os_user: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO history (batch, at, contact, from_status, from_reason, from_wake_at, from_bot_messages, \
         to_status, reason, wake_at, to_bot_messages, actor, os_user) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        batch,
        at,
        contact,
        from.map(|s| s.status.as_str()),
        from.map(|s| s.reason.as_str()),
        from.and_then(|s| s.wake_at),
        from.map(|s| s.bot_messages),
        to.status.as_str(),
        to.reason.as_str(),
        to.wake_at,
        to.bot_messages,
        actor,
        os_user
    ])?;
    Ok(())
}
