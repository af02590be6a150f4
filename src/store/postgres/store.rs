//! The PostgreSQL store: opening, the write lock, and every reading query. All user
//! values are bound parameters.
//!
//! Concurrency. Every write transaction (`Store::write`) is `BEGIN` (READ COMMITTED)
//! followed by `pg_advisory_xact_lock(WRITE_LOCK)`: one writer at a time per database,
//! held until commit or rollback, which is what `BEGIN IMMEDIATE` is on SQLite. Readers
//! never wait (MVCC). Because writers never hold one lock while waiting for another of
//! botctl's, they cannot deadlock; because each writer reads under the lock with a fresh
//! READ COMMITTED snapshot per statement, no update is lost, batch ids and history `seq`
//! follow commit order, and two `sweep`s (on any hosts) never wake a contact twice. Nor
//! can a serialization failure (SQLSTATE 40001) happen at READ COMMITTED, so there is
//! nothing to retry; should one ever reach a command (a deadlock with some other
//! program's locks, 40P01), `write` callers see a plain error and nothing is written.
//! `sweep` also picks its chunk `FOR UPDATE SKIP LOCKED`, in case a program other than
//! botctl holds a contact's row.

use std::cell::{RefCell, RefMut};
use std::collections::HashMap;

use anyhow::{Context, Result, anyhow};
use postgres::types::{ToSql, Type};
use postgres::{Client, GenericClient, Row, Statement};

use super::conn::{PgEnv, PgTarget};
use super::schema::{self, SchemaState};
use crate::core::{
    Batch, Change, Contact, HistoryFilter, Kind, ListFilter, Reason, Settings, State, Ts,
    counters_from_json,
};
use crate::store::{Each, ImportStage, Read, Store, Tx};

/// The advisory lock every write transaction holds until it ends (see the module doc).
pub const WRITE_LOCK: i64 = 0x626f_7463_746c_0003;

/// Rows fetched per round trip when streaming.
const FETCH: i32 = 1000;

pub(crate) const CONTACT_COLUMNS: &str = "id, name, phone, email, status, reason, wake_at, \
     bot_messages, changed_at, changed_by, counters, note";

pub(crate) use crate::store::query::CHANGE_COLUMNS;

/// The prepared statements of a connection, by their SQL (`None`: run once, unprepared).
/// A statement run once per event or per id (`record --stdin`, `check --stdin`) is then
/// parsed and planned once per connection and costs one round trip, not two (prepare,
/// then execute). Only for statements on botctl's own tables (not temporary ones, which a
/// session may recreate).
pub(crate) type Stmts = RefCell<HashMap<String, Option<Statement>>>;

/// The statement for `sql`, prepared on first use.
pub(crate) fn cached<C: GenericClient>(c: &mut C, stmts: &Stmts, sql: &str) -> Result<Statement> {
    if let Some(Some(s)) = stmts.borrow().get(sql) {
        return Ok(s.clone());
    }
    let s = c.prepare(sql)?;
    stmts.borrow_mut().insert(sql.to_string(), Some(s.clone()));
    Ok(s)
}

/// Runs a reading query that a command may run once (`check ID`) or once per line of a
/// stream: the first time in one round trip, unprepared (preparing would cost a second);
/// prepared from the second time on (then planned once per connection).
pub(crate) fn query_hot<C: GenericClient>(
    c: &mut C,
    stmts: &Stmts,
    sql: &str,
    params: &[(&(dyn ToSql + Sync), Type)],
) -> Result<Option<Row>> {
    if !stmts.borrow().contains_key(sql) {
        stmts.borrow_mut().insert(sql.to_string(), None);
        return Ok(c.query_typed_opt(sql, params)?);
    }
    let st = cached(c, stmts, sql)?;
    let plain: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.0).collect();
    Ok(c.query_opt(&st, &plain)?)
}

/// A query parameter.
pub(crate) type Param = Box<dyn ToSql + Sync>;

pub(crate) fn refs(params: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    params
        .iter()
        .map(|p| p.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

fn word<T: std::str::FromStr<Err = String>>(row: &Row, i: usize) -> Result<T> {
    let s: &str = row.try_get(i)?;
    s.parse()
        .map_err(|e: String| anyhow!("a value stored in the database is damaged: {e}"))
}

fn count(row: &Row, i: usize) -> Result<u32> {
    let n: i64 = row.try_get(i)?;
    Ok(u32::try_from(n.max(0)).unwrap_or(u32::MAX))
}

pub(crate) fn contact_from_row(row: &Row) -> Result<Contact> {
    let counters: Option<&str> = row.try_get(10)?;
    Ok(Contact {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        phone: row.try_get(2)?,
        email: row.try_get(3)?,
        state: State {
            status: word(row, 4)?,
            reason: word(row, 5)?,
            wake_at: row.try_get(6)?,
            bot_messages: count(row, 7)?,
        },
        counters: counters_from_json(counters),
        changed_at: row.try_get(8)?,
        changed_by: row.try_get(9)?,
        note: row.try_get(11)?,
    })
}

fn state_at(row: &Row, i: usize, counters: usize) -> Result<Option<State>> {
    let status: Option<&str> = row.try_get(i)?;
    if status.is_none() {
        return Ok(None);
    }
    let c: Option<&str> = row.try_get(counters)?;
    Ok(Some(State {
        status: word(row, i)?,
        reason: word::<Reason>(row, i + 1)?,
        wake_at: row.try_get(i + 2)?,
        bot_messages: crate::core::highest(&counters_from_json(c)),
    }))
}

pub(crate) fn change_from_row(row: &Row) -> Result<Change> {
    Ok(Change {
        seq: row.try_get(0)?,
        batch: row.try_get(1)?,
        at: row.try_get(2)?,
        kind: word::<Kind>(row, 3)?,
        contact: row.try_get(4)?,
        setting: row.try_get(5)?,
        from: state_at(row, 6, 14)?,
        to: state_at(row, 9, 15)?,
        from_value: row.try_get(12)?,
        to_value: row.try_get(13)?,
        from_counters: row.try_get(14)?,
        to_counters: row.try_get(15)?,
        record: row.try_get(16)?,
        note: row.try_get(17)?,
        actor: row.try_get(18)?,
        os_user: row.try_get(19)?,
    })
}

/// `list --search`: the same Unicode case folding as SQLite's `botctl_fold` (full Unicode
/// case folding, `crate::search::fold`), whatever the database's collation, so it is matched here.
struct Search {
    folded: String,
    digits: Option<String>,
}

impl Search {
    fn new(q: &str) -> Search {
        Search {
            folded: crate::search::fold(q),
            digits: crate::search::phone_query(q),
        }
    }

    fn matches(&self, c: &Contact) -> bool {
        let has =
            |v: Option<&str>| v.is_some_and(|v| crate::search::fold(v).contains(&self.folded));
        has(Some(&c.id))
            || has(c.name.as_deref())
            || has(c.email.as_deref())
            || self.digits.as_ref().is_some_and(|d| {
                c.phone
                    .as_deref()
                    .is_some_and(|p| crate::search::phone_digits(p).contains(d.as_str()))
            })
    }
}

/// Runs `sql` and hands each row to `each`, fetching [`FETCH`] rows per round trip
/// through a portal (in a transaction, or a savepoint inside one), in constant memory.
pub(crate) fn stream<C: GenericClient>(
    c: &mut C,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
    each: &mut dyn FnMut(&Row) -> Result<()>,
) -> Result<()> {
    stream_while(c, sql, params, &mut |row| each(row).map(|()| true))
}

/// Like [`stream`]; stops when `each` returns `false`.
pub(crate) fn stream_while<C: GenericClient>(
    c: &mut C,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
    each: &mut dyn FnMut(&Row) -> Result<bool>,
) -> Result<()> {
    let mut t = c.transaction()?;
    let portal = t.bind(sql, params)?;
    'fetch: loop {
        let rows = t.query_portal(&portal, FETCH)?;
        for r in &rows {
            if !each(r)? {
                break 'fetch;
            }
        }
        if rows.len() < FETCH as usize {
            break;
        }
    }
    drop(portal);
    t.commit()?;
    Ok(())
}

/// The session-level advisory lock every botctl connection holds shared on its
/// workspace (the connection's current schema).
const WORKSPACE_LOCK: &str =
    "hashtext('botctl workspace ' || coalesce(current_schema(), ''))::bigint";

/// The databases (URLs as given) whose botctl tables this process created.
static CREATED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Only a change creates a database: botctl's tables that this process created and left
/// empty (a dry run, a failure, nothing to do) are dropped again, unless another botctl
/// session uses them. Returns how many workspaces were dropped.
pub fn remove_unused_created() -> usize {
    let urls = std::mem::take(
        &mut *CREATED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    urls.iter()
        .filter(|url| remove_if_unused(url).unwrap_or(false))
        .count()
}

fn remove_if_unused(url: &str) -> Result<bool> {
    let mut store = PgStore::open(url, false)?;
    let c = store.client();
    let alone: bool = c
        .query_one(
            &format!("SELECT pg_try_advisory_lock({WORKSPACE_LOCK})"),
            &[],
        )?
        .get(0);
    if !alone {
        return Ok(false);
    }
    let mut t = c.transaction()?;
    let rows: i64 = t
        .query_one(
            "SELECT (SELECT count(*) FROM settings) + (SELECT count(*) FROM contacts) \
             + (SELECT count(*) FROM batches) + (SELECT count(*) FROM history) \
             + (SELECT count(*) FROM events)",
            &[],
        )?
        .get(0);
    if rows != 0 {
        return Ok(false);
    }
    t.batch_execute("DROP TABLE events, history, batches, contacts, settings, botctl_meta")?;
    t.commit()?;
    Ok(true)
}

pub struct PgStore {
    client: RefCell<Client>,
    url: String,
    stmts: Stmts,
}

impl PgStore {
    /// Connects. With `create`, botctl's schema is created in an empty database (or an
    /// older one migrated); without, a database without botctl's tables is an error that
    /// names it, and nothing is written. A newer or foreign database is refused untouched.
    pub fn open(url: &str, create: bool) -> Result<PgStore> {
        let target = PgTarget::resolve(url, &PgEnv::from_process())?;
        for w in &target.warnings {
            eprintln!("warning: {w}");
        }
        let shown = target.display_url();
        let mut client = target.connect()?;
        // Held for the whole session: the tables this command may create are dropped again
        // (it changed nothing) only by a session that finds nobody else holding it.
        client.batch_execute(&format!("SELECT pg_advisory_lock_shared({WORKSPACE_LOCK})"))?;
        let state = schema::inspect(&mut client).map_err(|e| anyhow!("{e} (database {shown})"))?;
        match state {
            SchemaState::Current => {}
            SchemaState::Empty if !create => {
                return Err(anyhow!(
                    "the database {shown} has no botctl tables yet; a command that changes \
                     something creates them (e.g. `botctl contacts add ID`), or check `--db` / \
                     `BOTCTL_DB`"
                ));
            }
            _ => {
                let outcome =
                    schema::ensure(&mut client).map_err(|e| anyhow!("{e} (database {shown})"))?;
                if outcome == schema::Outcome::Created {
                    CREATED
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(url.to_string());
                }
            }
        }
        Ok(PgStore {
            client: RefCell::new(client),
            url: shown,
            stmts: Stmts::default(),
        })
    }

    fn c(&self) -> Result<RefMut<'_, Client>> {
        self.client
            .try_borrow_mut()
            .map_err(|_| anyhow!("internal error: the database connection is already in use"))
    }

    /// The connection, for store-specific extras (copy).
    pub fn client(&mut self) -> &mut Client {
        self.client.get_mut()
    }
}

impl Read for PgStore {
    fn setting(&self, key: &str) -> Result<Option<String>> {
        read::setting(&mut *self.c()?, &self.stmts, key)
    }
    fn settings(&self) -> Result<Settings> {
        read::settings(&mut *self.c()?)
    }
    fn contact(&self, id: &str) -> Result<Option<Contact>> {
        read::contact(&mut *self.c()?, &self.stmts, id)
    }
    fn contact_count(&self) -> Result<u64> {
        read::contact_count(&mut *self.c()?)
    }
    fn picker_entries(&self, limit: usize) -> Result<Vec<(String, Option<String>)>> {
        read::picker_entries(&mut *self.c()?, limit)
    }
    fn list(&self, filter: &ListFilter, now: Ts, each: Each<Contact>) -> Result<()> {
        read::list(&mut *self.c()?, filter, now, each)
    }
    fn list_ids(
        &self,
        filter: &ListFilter,
        now: Ts,
        each: &mut dyn FnMut(&str) -> Result<()>,
    ) -> Result<()> {
        read::list_ids(&mut *self.c()?, filter, now, each)
    }
    fn due(&self, now: Ts, each: Each<Contact>) -> Result<()> {
        read::due(&mut *self.c()?, now, each)
    }
    fn history(&self, filter: &HistoryFilter, each: Each<Change>) -> Result<()> {
        read::history(&mut *self.c()?, filter, each)
    }
    fn latest_change(&self, contact: &str) -> Result<Option<Change>> {
        read::latest_change(&mut *self.c()?, contact)
    }
    fn batch(&self, id: i64) -> Result<Option<Batch>> {
        read::batch(&mut *self.c()?, id)
    }
    fn batch_changes(&self, batch: i64, each: Each<Change>) -> Result<()> {
        read::batch_changes(&mut *self.c()?, batch, each)
    }
    fn created_batch(&self, id: &str) -> Result<Option<i64>> {
        read::created_batch(&mut *self.c()?, id)
    }
    fn event_seen(&self, id: &str, since: Ts) -> Result<bool> {
        read::event_seen(&mut *self.c()?, &self.stmts, id, since)
    }
    fn stats(&self, q: &crate::store::stats::StatsQuery) -> Result<crate::store::stats::Stats> {
        let mut c = self.c()?;
        let mut t = c
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let s = super::stats::stats(&mut t, q)?;
        t.commit()?;
        Ok(s)
    }
}

impl Store for PgStore {
    fn location(&self) -> String {
        self.url.clone()
    }

    fn health(&self, before: Ts) -> Result<crate::store::Health> {
        let mut c = self.c()?;
        let version: String = c
            .query_one(
                "SELECT value FROM botctl_meta WHERE key = 'schema_version'",
                &[],
            )?
            .get(0);
        let latest = schema::MIGRATIONS.last().map_or(0, |(v, _)| *v);
        let row = c.query_one(
            "SELECT count(*), min(wake_at) FROM contacts WHERE wake_at < $1",
            &[&before],
        )?;
        let n: i64 = row.get(0);
        let last: Option<Ts> = c
            .query_one("SELECT max(at) FROM batches WHERE command = 'sweep'", &[])?
            .get(0);
        Ok(crate::store::Health {
            schema: (version.trim().parse().unwrap_or(0), latest),
            overdue: (u64::try_from(n).unwrap_or(0), row.get(1)),
            last_sweep: last,
        })
    }

    fn stage_import(&mut self) -> Result<Box<dyn ImportStage + '_>> {
        Ok(Box::new(super::import::PgImportStage::new(
            self.client.get_mut(),
        )?))
    }

    fn write(&mut self) -> Result<Box<dyn Tx + '_>> {
        let PgStore { client, stmts, .. } = self;
        let mut tx = client
            .get_mut()
            .transaction()
            .context("cannot start a write transaction")?;
        // No JIT compilation: it costs more than it saves on botctl's statements (half a
        // second of compiling for a plan over 100k contacts that runs in less).
        tx.batch_execute(&format!(
            "SET LOCAL jit = off; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
        ))
        .context("cannot take the write lock")?;
        Ok(Box::new(super::tx::PgTx::new(tx, stmts)))
    }

    fn dry(&mut self) -> Result<Box<dyn Tx + '_>> {
        let PgStore { client, stmts, .. } = self;
        let mut tx = client
            .get_mut()
            .transaction()
            .context("cannot start a transaction")?;
        // No advisory lock; one snapshot for the whole plan.
        tx.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; SET LOCAL jit = off")
            .context("cannot start a transaction")?;
        Ok(Box::new(super::tx::PgTx::new(tx, stmts)))
    }

    fn export(
        &mut self,
        start: &mut dyn FnMut(&crate::store::raw::Counts) -> Result<()>,
        each: &mut dyn FnMut(crate::store::raw::Table, crate::store::raw::RawRow) -> Result<()>,
    ) -> Result<crate::store::raw::Counts> {
        super::raw::export(self.client.get_mut(), start, each)
    }
}

/// The reading queries, shared by the store and its transactions.
pub(crate) mod read {
    use super::*;

    pub fn setting<C: GenericClient>(
        c: &mut C,
        stmts: &Stmts,
        key: &str,
    ) -> Result<Option<String>> {
        let sql = "SELECT value FROM settings WHERE key = $1";
        Ok(query_hot(c, stmts, sql, &[(&key, Type::TEXT)])?.map(|r| r.get(0)))
    }

    /// Every setting in one round trip, read as [`Read::settings`] reads them.
    pub fn settings<C: GenericClient>(c: &mut C) -> Result<Settings> {
        let rows = c.query_typed("SELECT key, value FROM settings", &[])?;
        crate::store::settings_from(rows.iter().map(|r| (r.get(0), r.get(1))))
    }

    pub fn contact<C: GenericClient>(
        c: &mut C,
        stmts: &Stmts,
        id: &str,
    ) -> Result<Option<Contact>> {
        let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = $1");
        query_hot(c, stmts, &sql, &[(&id, Type::TEXT)])?
            .map(|r| contact_from_row(&r))
            .transpose()
    }

    pub fn contact_count<C: GenericClient>(c: &mut C) -> Result<u64> {
        let n: i64 = c.query_one("SELECT count(*) FROM contacts", &[])?.get(0);
        Ok(u64::try_from(n).unwrap_or(0))
    }

    pub fn picker_entries<C: GenericClient>(
        c: &mut C,
        limit: usize,
    ) -> Result<Vec<(String, Option<String>)>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        Ok(c.query(
            "SELECT id, name FROM contacts ORDER BY id LIMIT $1",
            &[&limit],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect())
    }

    /// The query of `list` without its search: `columns` of the contacts that match the
    /// other filters at `now`, ordered as on SQLite. The limit is left to the caller when
    /// there is a search (matched here, not in SQL).
    fn list_query(filter: &ListFilter, now: Ts, columns: &str) -> (String, Vec<Param>) {
        use crate::store::query;
        let mark = |n: usize| format!("${n}");
        let (clauses, mut args) = query::list_where(filter, now, mark);
        let sql = query::list_select(
            filter,
            columns,
            clauses,
            &mut args,
            filter.search.is_none(),
            |n| {
                if n == 1 {
                    "$1::bigint".into()
                } else {
                    format!("${n}")
                }
            },
        );
        (sql, params(args))
    }

    /// Shared query parameters as driver parameters.
    fn params(args: Vec<crate::store::query::Arg>) -> Vec<Param> {
        use crate::store::query::Arg;
        args.into_iter()
            .map(|a| -> Param {
                match a {
                    Arg::Int(i) => Box::new(i),
                    Arg::Text(t) => Box::new(t),
                }
            })
            .collect()
    }

    /// Streams the contacts of `list`, with the search and its limit applied.
    fn list_contacts<C: GenericClient>(
        c: &mut C,
        filter: &ListFilter,
        now: Ts,
        each: &mut dyn FnMut(Contact) -> Result<()>,
    ) -> Result<()> {
        let (sql, args) = list_query(filter, now, CONTACT_COLUMNS);
        let search = filter.search.as_deref().map(Search::new);
        let mut left = filter.limit;
        if left == Some(0) {
            return Ok(());
        }
        stream_while(c, &sql, &refs(&args), &mut |row| {
            let contact = contact_from_row(row)?;
            if search.as_ref().is_some_and(|s| !s.matches(&contact)) {
                return Ok(true);
            }
            each(contact)?;
            if let Some(n) = left.as_mut() {
                *n -= 1;
            }
            Ok(left != Some(0))
        })
    }

    pub fn list<C: GenericClient>(
        c: &mut C,
        filter: &ListFilter,
        now: Ts,
        each: Each<Contact>,
    ) -> Result<()> {
        list_contacts(c, filter, now, each)
    }

    pub fn list_ids<C: GenericClient>(
        c: &mut C,
        filter: &ListFilter,
        now: Ts,
        each: &mut dyn FnMut(&str) -> Result<()>,
    ) -> Result<()> {
        if filter.search.is_some() {
            return list_contacts(c, filter, now, &mut |contact| each(&contact.id));
        }
        let (sql, args) = list_query(filter, now, "id");
        stream(c, &sql, &refs(&args), &mut |row| each(row.try_get(0)?))
    }

    pub fn due<C: GenericClient>(c: &mut C, now: Ts, each: Each<Contact>) -> Result<()> {
        stream(
            c,
            &format!(
                "SELECT {CONTACT_COLUMNS} FROM contacts WHERE wake_at <= $1 ORDER BY wake_at, id"
            ),
            &[&now],
            &mut |row| each(contact_from_row(row)?),
        )
    }

    pub fn history<C: GenericClient>(
        c: &mut C,
        filter: &HistoryFilter,
        each: Each<Change>,
    ) -> Result<()> {
        let (sql, args) = crate::store::query::history(filter, |n| format!("${n}"));
        let args = params(args);
        stream(c, &sql, &refs(&args), &mut |row| {
            each(change_from_row(row)?)
        })
    }

    pub fn latest_change<C: GenericClient>(c: &mut C, contact: &str) -> Result<Option<Change>> {
        c.query_opt(
            &format!(
                "SELECT {CHANGE_COLUMNS} FROM history h JOIN batches b ON b.id = h.batch \
                 WHERE h.contact = $1 ORDER BY h.seq DESC LIMIT 1"
            ),
            &[&contact],
        )?
        .map(|r| change_from_row(&r))
        .transpose()
    }

    pub fn batch<C: GenericClient>(c: &mut C, id: i64) -> Result<Option<Batch>> {
        let row = c.query_opt(
            "SELECT id, at, command, actor, os_user, note FROM batches WHERE id = $1",
            &[&id],
        )?;
        Ok(row.map(|r| Batch {
            id: r.get(0),
            at: r.get(1),
            command: r.get(2),
            actor: r.get(3),
            os_user: r.get(4),
            note: r.get(5),
        }))
    }

    pub fn batch_changes<C: GenericClient>(
        c: &mut C,
        batch: i64,
        each: Each<Change>,
    ) -> Result<()> {
        stream(
            c,
            &format!(
                "SELECT {CHANGE_COLUMNS} FROM history h JOIN batches b ON b.id = h.batch \
                 WHERE h.batch = $1 ORDER BY h.seq"
            ),
            &[&batch],
            &mut |row| each(change_from_row(row)?),
        )
    }

    pub fn created_batch<C: GenericClient>(c: &mut C, id: &str) -> Result<Option<i64>> {
        Ok(
            c.query_opt("SELECT created_batch FROM contacts WHERE id = $1", &[&id])?
                .and_then(|r| r.get(0)),
        )
    }

    pub fn event_seen<C: GenericClient>(
        c: &mut C,
        stmts: &Stmts,
        id: &str,
        since: Ts,
    ) -> Result<bool> {
        let sql = "SELECT 1 FROM events WHERE id = $1 AND at >= $2";
        Ok(query_hot(c, stmts, sql, &[(&id, Type::TEXT), (&since, Type::INT8)])?.is_some())
    }
}
