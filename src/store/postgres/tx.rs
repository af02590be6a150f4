//! A write transaction on PostgreSQL (under the write lock, see `store.rs`), with the
//! set-based bulk steps: the same statements as on SQLite, over temporary tables that
//! `COPY` fills.

use std::cell::{RefCell, RefMut};
use std::collections::HashSet;

use anyhow::{Context, Result, anyhow};
use postgres::Transaction;

use super::copyio;
use super::group::Group;
use super::store::{Stmts, cached, read};
use crate::core::{
    Batch, Change, Contact, Details, HistoryFilter, ListFilter, Settings, State, Status, Ts, Who,
    counters_json,
};
use crate::store::{Each, Read, Scope, Tx, UndoPlan};

pub struct PgTx<'a> {
    tx: RefCell<Transaction<'a>>,
    /// Contacts and event ids read ahead, and writes held back (see `group.rs`).
    group: RefCell<Group>,
    /// Whether this transaction has made sure of the temporary tables.
    temp: bool,
    /// The connection's prepared statements.
    stmts: &'a Stmts,
    /// How many ids the last [`Tx::stage`] staged.
    staged: u64,
}

/// Ids staged with one statement (an array parameter) up to this many; `COPY` above.
const ARRAY_MAX: usize = 512;

/// The contact's stored row as a JSON object, for `removed` history rows.
const RECORD_JSON: &str = "json_build_object('id', c.id, 'name', c.name, 'phone', c.phone, \
     'email', c.email, 'status', c.status, 'reason', c.reason, 'wake_at', c.wake_at, \
     'bot_messages', c.bot_messages, 'counters', c.counters, 'changed_at', c.changed_at, \
     'changed_by', c.changed_by, 'note', c.note, 'created_at', c.created_at, \
     'created_batch', c.created_batch)::text";

/// The highest count in a counters JSON value (0 for NULL).
fn highest(expr: &str) -> String {
    format!("coalesce((SELECT max(value::bigint) FROM json_each_text(({expr})::json)), 0)")
}

/// The rows of `undo_target` (columns prefixed by `p`) that [`Tx::undo_status`] restores:
/// no conflict, status rows only, and a change.
fn restored(p: &str) -> String {
    format!(
        "{p}conflict IS NULL AND NOT {p}mixed AND NOT ({p}status = {p}to_status AND \
         {p}reason = {p}to_reason AND {p}wake_at IS NOT DISTINCT FROM {p}to_wake_at)"
    )
}

/// Whether history row `h` changed again what a batch changed of the contact of
/// `undo_plan` row `p`: only a later change of the same thing (status, details) blocks an
/// undo; adding or removing a contact touches all of it. The same rule as SQLite's
/// `UNDO_LATER`.
fn undo_later(p: &str) -> String {
    format!(
        "({p}.has_exist OR h.kind IN ('added', 'removed') \
         OR ({p}.has_status AND h.kind = 'status') OR ({p}.has_details AND h.kind = 'details'))"
    )
}

/// Whether `rows` rows are few against all contacts (a third of them or fewer, by the
/// planner's estimate of the contacts): joins with them should look each one up by its
/// key. The planner's default costs (made for spinning disks) prefer to read every
/// contact (a hash or merge join) long after lookups by key have become the cheaper
/// way: for a tenth of the contacts, reading them all takes about twice as long.
fn few<C: postgres::GenericClient>(c: &mut C, rows: u64) -> Result<bool> {
    let contacts: f64 = c
        .query_one(
            "SELECT reltuples::float8 FROM pg_class WHERE oid = 'contacts'::regclass",
            &[],
        )?
        .get(0);
    // A comparison of estimates: no precision is needed.
    #[allow(clippy::cast_precision_loss)]
    Ok((rows as f64) * 3.0 <= contacts)
}

/// Joins look rows up by key (`true`) or as the planner likes (`false`), until the
/// transaction ends or this is called again.
const BY_KEY: &str = "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off";
const ANY_JOIN: &str =
    "SET LOCAL enable_hashjoin TO DEFAULT; SET LOCAL enable_mergejoin TO DEFAULT";

/// Details as JSON text exactly as SQLite's `json_object('name', …)` and serde write it.
pub(crate) fn details_json(name: &str, phone: &str, email: &str) -> String {
    format!(
        "('{{\"name\":' || coalesce(to_json({name})::text, 'null') || ',\"phone\":' || \
         coalesce(to_json({phone})::text, 'null') || ',\"email\":' || \
         coalesce(to_json({email})::text, 'null') || '}}')"
    )
}

/// Creates the temporary tables of the set-based steps, if this session has none yet.
/// They empty themselves at each commit.
pub(crate) fn ensure_temp(t: &mut Transaction) -> Result<()> {
    t.batch_execute(
        "SET LOCAL client_min_messages = warning;
         CREATE TEMP TABLE IF NOT EXISTS staged (id text COLLATE \"C\" PRIMARY KEY)
             ON COMMIT DELETE ROWS;
         CREATE TEMP TABLE IF NOT EXISTS undo_plan (
             contact text COLLATE \"C\", first_seq bigint, last_seq bigint, mixed boolean,
             has_status boolean, has_details boolean, has_exist boolean, last_kind text, from_status text, from_reason text, from_wake_at bigint,
             from_counters text, last_counters text) ON COMMIT DELETE ROWS;
         CREATE TEMP TABLE IF NOT EXISTS undo_target (
             contact text COLLATE \"C\", mixed boolean, conflict text,
             status text, reason text, wake_at bigint, counters text,
             to_status text, to_reason text, to_wake_at bigint, to_counters text)
             ON COMMIT DELETE ROWS;
         CREATE TEMP TABLE IF NOT EXISTS adding (id text COLLATE \"C\" PRIMARY KEY)
             ON COMMIT DELETE ROWS;",
    )?;
    Ok(())
}

impl<'a> PgTx<'a> {
    pub(crate) fn new(tx: Transaction<'a>, stmts: &'a Stmts) -> PgTx<'a> {
        PgTx {
            tx: RefCell::new(tx),
            group: RefCell::new(Group::default()),
            temp: false,
            stmts,
            staged: 0,
        }
    }

    /// Runs `sql`, prepared once per connection (see [`Stmts`]).
    fn exec(&mut self, sql: &str, params: &[&(dyn postgres::types::ToSql + Sync)]) -> Result<u64> {
        let stmts = self.stmts;
        let t = self.k()?;
        let st = cached(t, stmts, sql)?;
        Ok(t.execute(&st, params)?)
    }

    /// The transaction for a statement that reads, or writes no contact in bulk: what is
    /// held back is written first.
    fn t(&self) -> Result<RefMut<'_, Transaction<'a>>> {
        let busy = || anyhow!("internal error: the transaction is already in use");
        let mut t = self.tx.try_borrow_mut().map_err(|_| busy())?;
        self.group
            .try_borrow_mut()
            .map_err(|_| busy())?
            .flush(&mut t, self.stmts)?;
        Ok(t)
    }

    /// What the group keeps, asked without a statement.
    fn kept<T>(&self, ask: impl FnOnce(&Group) -> Option<T>) -> Result<Option<T>> {
        let g = self
            .group
            .try_borrow()
            .map_err(|_| anyhow!("internal error: the transaction is already in use"))?;
        Ok(ask(&g))
    }

    /// [`Self::t`] for a `&mut self` method.
    fn k(&mut self) -> Result<&mut Transaction<'a>> {
        let t = self.tx.get_mut();
        self.group.get_mut().flush(t, self.stmts)?;
        Ok(t)
    }

    /// The transaction for a statement that may change any contact: what is held back is
    /// written first, and the contacts read ahead are forgotten.
    fn w(&mut self) -> Result<&mut Transaction<'a>> {
        self.group.get_mut().forget();
        self.k()
    }

    fn ensure_temp(&mut self) -> Result<()> {
        if !self.temp {
            ensure_temp(self.tx.get_mut())?;
            self.temp = true;
        }
        Ok(())
    }

    /// Makes the joins that follow look each of `rows` rows (staged ids, a plan) up by
    /// its key when they are [`few`]; the planner's choice otherwise.
    fn by_key(&mut self, rows: u64) -> Result<()> {
        let t = self.k()?;
        let sql = if few(t, rows)? { BY_KEY } else { ANY_JOIN };
        t.batch_execute(sql)?;
        Ok(())
    }

    /// The planner's own choice of joins again (after [`PgTx::by_key`]).
    fn any_join(&mut self) -> Result<()> {
        self.k()?.batch_execute(ANY_JOIN)?;
        Ok(())
    }

    /// The condition that selects `scope`; one id is bound as parameter `${param}`.
    fn scope_clause(scope: Scope, param: usize) -> String {
        match scope {
            Scope::All => "true".into(),
            Scope::Staged => "id IN (SELECT id FROM pg_temp.staged)".into(),
            Scope::One(_) => format!("id = ${param}::text"),
        }
    }
}

fn n(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

impl Read for PgTx<'_> {
    fn setting(&self, key: &str) -> Result<Option<String>> {
        read::setting(&mut *self.t()?, self.stmts, key)
    }
    fn settings(&self) -> Result<Settings> {
        read::settings(&mut *self.t()?)
    }
    fn contact(&self, id: &str) -> Result<Option<Contact>> {
        if let Some(kept) = self.kept(|g| g.contact(id))? {
            return Ok(kept);
        }
        read::contact(&mut *self.t()?, self.stmts, id)
    }
    fn contact_count(&self) -> Result<u64> {
        read::contact_count(&mut *self.t()?)
    }
    fn picker_entries(&self, limit: usize) -> Result<Vec<(String, Option<String>)>> {
        read::picker_entries(&mut *self.t()?, limit)
    }
    fn list(&self, filter: &ListFilter, now: Ts, each: Each<Contact>) -> Result<()> {
        read::list(&mut *self.t()?, filter, now, each)
    }
    fn list_ids(
        &self,
        filter: &ListFilter,
        now: Ts,
        each: &mut dyn FnMut(&str) -> Result<()>,
    ) -> Result<()> {
        read::list_ids(&mut *self.t()?, filter, now, each)
    }
    fn due(&self, now: Ts, each: Each<Contact>) -> Result<()> {
        read::due(&mut *self.t()?, now, each)
    }
    fn history(&self, filter: &HistoryFilter, each: Each<Change>) -> Result<()> {
        read::history(&mut *self.t()?, filter, each)
    }
    fn latest_change(&self, contact: &str) -> Result<Option<Change>> {
        read::latest_change(&mut *self.t()?, contact)
    }
    fn batch(&self, id: i64) -> Result<Option<Batch>> {
        read::batch(&mut *self.t()?, id)
    }
    fn batch_changes(&self, batch: i64, each: Each<Change>) -> Result<()> {
        read::batch_changes(&mut *self.t()?, batch, each)
    }
    fn created_batch(&self, id: &str) -> Result<Option<i64>> {
        read::created_batch(&mut *self.t()?, id)
    }
    fn event_seen(&self, id: &str, since: Ts) -> Result<bool> {
        if let Some(kept) = self.kept(|g| g.event_seen(id, since))? {
            return Ok(kept);
        }
        read::event_seen(&mut *self.t()?, self.stmts, id, since)
    }
    fn stats(&self, q: &crate::store::stats::StatsQuery) -> Result<crate::store::stats::Stats> {
        super::stats::stats(&mut *self.t()?, q)
    }
}

impl Tx for PgTx<'_> {
    fn new_batch(&mut self, command: &str, who: &Who, now: Ts, note: Option<&str>) -> Result<i64> {
        // Under the write lock: the next id after the highest, as SQLite numbers them
        // (an id discarded or rolled back is used again).
        let row = self.k()?.query_one(
            "INSERT INTO batches (id, at, command, actor, os_user, note) \
             SELECT coalesce(max(id), 0) + 1, $1, $2, $3, $4, $5 FROM batches RETURNING id",
            &[&now, &command, &who.actor, &who.os_user, &note],
        )?;
        Ok(row.get(0))
    }

    fn discard_batch(&mut self, id: i64) -> Result<()> {
        self.k()?.execute(
            "DELETE FROM batches WHERE id = $1 \
             AND NOT EXISTS (SELECT 1 FROM history WHERE batch = $1)",
            &[&id],
        )?;
        Ok(())
    }

    fn insert_contact(&mut self, c: &Contact, created_batch: i64, created_at: Ts) -> Result<()> {
        self.exec(
            "INSERT INTO contacts (id, name, phone, email, status, reason, wake_at, bot_messages, \
             changed_at, changed_by, counters, note, created_at, created_batch) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            &[
                &c.id,
                &c.name,
                &c.phone,
                &c.email,
                &c.state.status.as_str(),
                &c.state.reason.as_str(),
                &c.state.wake_at,
                &i64::from(crate::core::highest(&c.counters)),
                &c.changed_at,
                &c.changed_by,
                &counters_json(&c.counters),
                &c.note,
                &created_at,
                &created_batch,
            ],
        )?;
        self.group.get_mut().wrote(c);
        Ok(())
    }

    fn insert_contacts(
        &mut self,
        created_batch: i64,
        items: &[(Contact, Ts, Change)],
    ) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        // Two COPY streams instead of two round trips a contact.
        let int = |v: Option<i64>| v.map(|v| v.to_string());
        let (mut contacts, mut rows) = (Vec::new(), Vec::new());
        for (c, created_at, r) in items {
            let fields = [
                Some(c.id.clone()),
                c.name.clone(),
                c.phone.clone(),
                c.email.clone(),
                Some(c.state.status.as_str().to_string()),
                Some(c.state.reason.as_str().to_string()),
                int(c.state.wake_at),
                int(Some(i64::from(crate::core::highest(&c.counters)))),
                int(Some(c.changed_at)),
                Some(c.changed_by.clone()),
                counters_json(&c.counters),
                c.note.clone(),
                int(Some(*created_at)),
                int(Some(created_batch)),
            ];
            copyio::row(&mut contacts, &fields.each_ref().map(Option::as_deref));
            let fields = [
                int(Some(r.batch)),
                int(Some(r.at)),
                Some(r.kind.as_str().to_string()),
                r.contact.clone(),
                r.setting.clone(),
                r.from.map(|s| s.status.as_str().to_string()),
                r.from.map(|s| s.reason.as_str().to_string()),
                int(r.from.and_then(|s| s.wake_at)),
                r.to.map(|s| s.status.as_str().to_string()),
                r.to.map(|s| s.reason.as_str().to_string()),
                int(r.to.and_then(|s| s.wake_at)),
                r.from_value.clone(),
                r.to_value.clone(),
                r.from_counters.clone(),
                r.to_counters.clone(),
                r.record.clone(),
                r.note.clone(),
                Some(r.actor.clone()),
                Some(r.os_user.clone()),
            ];
            copyio::row(&mut rows, &fields.each_ref().map(Option::as_deref));
        }
        let t = self.k()?;
        copyio::send(
            t,
            "COPY contacts (id, name, phone, email, status, reason, wake_at, bot_messages, \
             changed_at, changed_by, counters, note, created_at, created_batch) FROM STDIN",
            &contacts,
        )?;
        copyio::send(
            t,
            "COPY history (batch, at, kind, contact, setting, from_status, from_reason, \
             from_wake_at, to_status, reason, wake_at, from_value, to_value, from_counters, \
             to_counters, record, note, actor, os_user) FROM STDIN",
            &rows,
        )?;
        for (c, _, _) in items {
            self.group.get_mut().wrote(c);
        }
        Ok(())
    }

    fn update_state(&mut self, c: &Contact) -> Result<()> {
        self.exec(
            "UPDATE contacts SET status = $2, reason = $3, wake_at = $4, bot_messages = $5, \
             counters = $6, changed_at = $7, changed_by = $8, note = $9 WHERE id = $1",
            &[
                &c.id,
                &c.state.status.as_str(),
                &c.state.reason.as_str(),
                &c.state.wake_at,
                &i64::from(crate::core::highest(&c.counters)),
                &counters_json(&c.counters),
                &c.changed_at,
                &c.changed_by,
                &c.note,
            ],
        )?;
        self.group.get_mut().wrote(c);
        Ok(())
    }

    fn update_counters(&mut self, c: &Contact) -> Result<()> {
        // Written with the next statement, with the other counters held back.
        self.group.get_mut().hold_counters(c);
        Ok(())
    }

    fn update_details(&mut self, id: &str, d: &Details) -> Result<()> {
        self.exec(
            "UPDATE contacts SET name = $2, phone = $3, email = $4 WHERE id = $1",
            &[&id, &d.name, &d.phone, &d.email],
        )?;
        self.group.get_mut().forget_contact(id);
        Ok(())
    }

    fn delete_contact(&mut self, id: &str) -> Result<bool> {
        self.group.get_mut().forget_contact(id);
        let n = self
            .k()?
            .execute("DELETE FROM contacts WHERE id = $1", &[&id])?;
        Ok(n > 0)
    }

    fn insert_change(&mut self, r: &Change) -> Result<()> {
        self.exec(
            "INSERT INTO history (batch, at, kind, contact, setting, from_status, from_reason, \
             from_wake_at, to_status, reason, wake_at, from_value, to_value, from_counters, \
             to_counters, record, note, actor, os_user) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
             $18, $19)",
            &[
                &r.batch,
                &r.at,
                &r.kind.as_str(),
                &r.contact,
                &r.setting,
                &r.from.map(|s| s.status.as_str()),
                &r.from.map(|s| s.reason.as_str()),
                &r.from.and_then(|s| s.wake_at),
                &r.to.map(|s| s.status.as_str()),
                &r.to.map(|s| s.reason.as_str()),
                &r.to.and_then(|s| s.wake_at),
                &r.from_value,
                &r.to_value,
                &r.from_counters,
                &r.to_counters,
                &r.record,
                &r.note,
                &r.actor,
                &r.os_user,
            ],
        )?;
        Ok(())
    }

    fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.exec(
            "INSERT INTO settings (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            &[&key, &value],
        )?;
        Ok(())
    }

    fn insert_event(&mut self, id: &str, at: Ts, contact: &str, batch: Option<i64>) -> Result<()> {
        // Written with the next statement (a unique id: `record` asked `event_seen`).
        self.group.get_mut().hold_event(id, at, contact, batch);
        Ok(())
    }

    fn prune_events(&mut self, before: Ts) -> Result<u64> {
        let n = self
            .k()?
            .execute("DELETE FROM events WHERE at < $1", &[&before])?;
        self.group.get_mut().forget_events();
        Ok(n)
    }

    fn stage(&mut self, ids: &mut dyn Iterator<Item = &str>) -> Result<u64> {
        self.ensure_temp()?;
        let t = self.w()?;
        t.batch_execute("DELETE FROM pg_temp.staged")?;
        // Each id once, so that COPY fills the keyed table itself (no second table, no
        // conflict handling per row).
        let mut seen: HashSet<&str> = HashSet::new();
        let mut first: Vec<&str> = Vec::new();
        for id in &mut *ids {
            if seen.insert(id) {
                first.push(id);
                if first.len() > ARRAY_MAX {
                    break;
                }
            }
        }
        let n = if first.len() <= ARRAY_MAX {
            t.execute(
                "INSERT INTO pg_temp.staged (id) SELECT unnest($1::text[])",
                &[&first],
            )?
        } else {
            let mut first = first.into_iter();
            let n = copyio::stream(t, "COPY pg_temp.staged (id) FROM STDIN", &mut |buf| {
                for _ in 0..4096 {
                    let id = match first.next() {
                        Some(id) => id,
                        None => loop {
                            match ids.next() {
                                Some(id) if seen.insert(id) => break id,
                                Some(_) => {}
                                None => return Ok(false),
                            }
                        },
                    };
                    copyio::row(buf, &[Some(id)]);
                }
                Ok(true)
            })?;
            // Statistics for the joins that follow (the planner has none for temporary
            // tables).
            t.batch_execute("ANALYZE pg_temp.staged")?;
            n
        };
        self.staged = n;
        Ok(n)
    }

    fn staged_missing(&self, limit: usize) -> Result<(Vec<String>, u64)> {
        let mut t = self.t()?;
        // A lookup by key per staged id when they are few (see `few`); this only reads,
        // so the join setting is undone with a savepoint.
        let count = "SELECT count(*) FROM pg_temp.staged s \
                     WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = s.id)";
        let total: i64 = if few(&mut *t, self.staged)? {
            let mut sp = t.transaction()?;
            sp.batch_execute(BY_KEY)?;
            let total = sp.query_one(count, &[])?.get(0);
            sp.rollback()?;
            total
        } else {
            t.query_one(count, &[])?.get(0)
        };
        if total == 0 || limit == 0 {
            return Ok((Vec::new(), n(total)));
        }
        let ids = t
            .query(
                "SELECT s.id FROM pg_temp.staged s \
                 WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = s.id) \
                 ORDER BY s.id LIMIT $1",
                &[&i64::try_from(limit).unwrap_or(i64::MAX)],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        Ok((ids, n(total)))
    }

    fn any_due(&self, scope: Scope, now: Ts) -> Result<bool> {
        let sql = match scope {
            // The earliest timer, by the index: with EXISTS the planner may read every
            // contact looking for one (after a sweep, its statistics still count the
            // timers it woke).
            Scope::All => "SELECT (SELECT wake_at FROM contacts WHERE wake_at <= $1 \
                           ORDER BY wake_at LIMIT 1) IS NOT NULL"
                .to_string(),
            _ => format!(
                "SELECT EXISTS (SELECT 1 FROM contacts WHERE wake_at <= $1 AND {})",
                Self::scope_clause(scope, 2)
            ),
        };
        let mut t = self.t()?;
        let row = match scope {
            Scope::One(id) => t.query_one(&sql, &[&now, &id])?,
            _ => t.query_one(&sql, &[&now])?,
        };
        Ok(row.get(0))
    }

    fn wake_due(
        &mut self,
        scope: Scope,
        batch: i64,
        now: Ts,
        who: &Who,
        limit: Option<u64>,
        note: Option<&str>,
    ) -> Result<Vec<String>> {
        let t = self.w()?;
        let limit = limit.map(|l| i64::try_from(l).unwrap_or(i64::MAX));
        // One statement: pick the chunk (SKIP LOCKED: a row another program holds is left
        // for the next sweep), write its history rows from the picked rows themselves, and
        // update the picked rows, each found by its key (`= ANY` of the picked ids: an
        // index lookup each, where a join would hash the chunk and read every contact).
        // The row's own `wake_at` dates the change.
        let sql = format!(
            "WITH picked AS (SELECT id, wake_at, status, reason, counters FROM contacts \
             WHERE wake_at <= $1 AND {} ORDER BY wake_at, id LIMIT $2 FOR UPDATE SKIP LOCKED), \
             h AS (INSERT INTO history (batch, at, kind, contact, from_status, from_reason, \
             from_wake_at, to_status, reason, wake_at, from_counters, to_counters, actor, \
             os_user) \
             SELECT $3::bigint, wake_at, 'status', id, status, reason, wake_at, 'active', \
             'timer', NULL, counters, NULL, $4::text, $5::text FROM picked \
             ORDER BY wake_at, id), \
             u AS (UPDATE contacts c SET status = 'active', reason = 'timer', wake_at = NULL, \
             bot_messages = 0, counters = NULL, changed_at = c.wake_at, changed_by = $4::text, \
             note = $6::text WHERE c.id = ANY (ARRAY(SELECT id FROM picked))) \
             SELECT id FROM picked ORDER BY wake_at, id",
            Self::scope_clause(scope, 7)
        );
        let (actor, os_user) = (crate::core::TIMER_ACTOR, who.os_user.as_str());
        let rows = match scope {
            Scope::One(id) => {
                t.query(&sql, &[&now, &limit, &batch, &actor, &os_user, &note, &id])?
            }
            _ => t.query(&sql, &[&now, &limit, &batch, &actor, &os_user, &note])?,
        };
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn staged_timers(&self, limit: usize) -> Result<crate::store::StagedTimers> {
        let mut t = self.t()?;
        let without_count: i64 = t
            .query_one(
                "SELECT count(*) FROM pg_temp.staged s JOIN contacts c ON c.id = s.id \
                 WHERE c.wake_at IS NULL",
                &[],
            )?
            .get(0);
        let mut without = Vec::new();
        if without_count > 0 {
            for r in t.query(
                "SELECT c.id, c.status FROM pg_temp.staged s JOIN contacts c ON c.id = s.id \
                 WHERE c.wake_at IS NULL ORDER BY s.id LIMIT $1",
                &[&i64::try_from(limit).unwrap_or(i64::MAX)],
            )? {
                let status: String = r.get(1);
                without.push((r.get(0), status.parse().map_err(anyhow::Error::msg)?));
            }
        }
        let latest = t
            .query_opt(
                "SELECT c.id, c.wake_at FROM pg_temp.staged s JOIN contacts c ON c.id = s.id \
                 WHERE c.wake_at IS NOT NULL ORDER BY c.wake_at DESC, s.id LIMIT 1",
                &[],
            )?
            .map(|r| (r.get(0), r.get(1)));
        Ok(crate::store::StagedTimers {
            without,
            without_count: n(without_count),
            latest,
        })
    }

    fn extend_staged(
        &mut self,
        batch: i64,
        secs: i64,
        who: &Who,
        now: Ts,
        note: Option<&str>,
    ) -> Result<u64> {
        self.by_key(self.staged)?;
        let t = self.w()?;
        t.execute(
            "INSERT INTO history (batch, at, kind, contact, from_status, from_reason, \
             from_wake_at, to_status, reason, wake_at, from_counters, to_counters, note, actor, \
             os_user) \
             SELECT $1::bigint, $2::bigint, 'status', c.id, c.status, c.reason, c.wake_at, \
             c.status, c.reason, c.wake_at + $3::bigint, c.counters, c.counters, $4::text, \
             $5::text, $6::text \
             FROM pg_temp.staged s JOIN contacts c ON c.id = s.id ORDER BY s.id",
            &[&batch, &now, &secs, &note, &who.actor, &who.os_user],
        )?;
        let n = t.execute(
            "UPDATE contacts AS c SET wake_at = c.wake_at + $1::bigint, changed_at = $2::bigint, \
             changed_by = $3::text, note = $4::text \
             WHERE c.id IN (SELECT id FROM pg_temp.staged)",
            &[&secs, &now, &who.actor, &note],
        )?;
        self.any_join()?;
        Ok(n)
    }

    fn set_staged(
        &mut self,
        batch: i64,
        target: &State,
        who: &Who,
        now: Ts,
        note: Option<&str>,
    ) -> Result<u64> {
        let active = target.status == Status::Active;
        let differs = "NOT (c.status = $1::text AND c.wake_at IS NOT DISTINCT FROM $3::bigint)";
        let new_counters = if active { "NULL" } else { "c.counters" };
        self.by_key(self.staged)?;
        let t = self.w()?;
        t.execute(
            &format!(
                "INSERT INTO history (batch, at, kind, contact, from_status, from_reason, \
                 from_wake_at, to_status, reason, wake_at, from_counters, to_counters, note, actor, \
                 os_user) \
                 SELECT $4::bigint, $5::bigint, 'status', c.id, c.status, c.reason, c.wake_at, \
                 $1::text, $2::text, $3::bigint, c.counters, {new_counters}, $6::text, $7::text, \
                 $8::text \
                 FROM pg_temp.staged s JOIN contacts c ON c.id = s.id WHERE {differs} ORDER BY s.id"
            ),
            &[
                &target.status.as_str(),
                &target.reason.as_str(),
                &target.wake_at,
                &batch,
                &now,
                &note,
                &who.actor,
                &who.os_user,
            ],
        )?;
        let n = t.execute(
            &format!(
                "UPDATE contacts AS c SET status = $1::text, reason = $2::text, \
                 wake_at = $3::bigint, counters = {new_counters}, bot_messages = {}, \
                 changed_at = $4::bigint, changed_by = $5::text, note = $6::text \
                 WHERE c.id IN (SELECT id FROM pg_temp.staged) AND {differs}",
                if active { "0" } else { "c.bot_messages" }
            ),
            &[
                &target.status.as_str(),
                &target.reason.as_str(),
                &target.wake_at,
                &now,
                &who.actor,
                &note,
            ],
        )?;
        self.any_join()?;
        Ok(n)
    }

    fn add_staged_missing(
        &mut self,
        batch: i64,
        target: &State,
        who: &Who,
        now: Ts,
        note: Option<&str>,
    ) -> Result<u64> {
        self.ensure_temp()?;
        let t = self.w()?;
        t.batch_execute("DELETE FROM pg_temp.adding")?;
        t.execute(
            "INSERT INTO pg_temp.adding (id) SELECT s.id FROM pg_temp.staged s \
             WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = s.id)",
            &[],
        )?;
        let n = t.execute(
            "INSERT INTO contacts (id, status, reason, wake_at, bot_messages, changed_at, \
             changed_by, note, created_at, created_batch) \
             SELECT id, $1::text, $2::text, $3::bigint, 0, $4::bigint, $5::text, $6::text, \
             $4::bigint, $7::bigint FROM pg_temp.adding ORDER BY id",
            &[
                &target.status.as_str(),
                &target.reason.as_str(),
                &target.wake_at,
                &now,
                &who.actor,
                &note,
                &batch,
            ],
        )?;
        t.execute(
            "INSERT INTO history (batch, at, kind, contact, to_status, reason, wake_at, note, \
             actor, os_user) \
             SELECT $1::bigint, $2::bigint, 'added', id, $3::text, $4::text, $5::bigint, \
             $6::text, $7::text, $8::text FROM pg_temp.adding ORDER BY id",
            &[
                &batch,
                &now,
                &target.status.as_str(),
                &target.reason.as_str(),
                &target.wake_at,
                &note,
                &who.actor,
                &who.os_user,
            ],
        )?;
        Ok(n)
    }

    fn remove_staged(&mut self, batch: i64, who: &Who, now: Ts, note: Option<&str>) -> Result<u64> {
        let t = self.w()?;
        t.execute(
            &format!(
                "INSERT INTO history (batch, at, kind, contact, from_status, from_reason, \
                 from_wake_at, from_counters, record, note, actor, os_user) \
                 SELECT $1::bigint, $2::bigint, 'removed', c.id, c.status, c.reason, c.wake_at, \
                 c.counters, {RECORD_JSON}, $3::text, $4::text, $5::text \
                 FROM pg_temp.staged s JOIN contacts c ON c.id = s.id ORDER BY s.id"
            ),
            &[&batch, &now, &note, &who.actor, &who.os_user],
        )?;
        Ok(t.execute(
            "DELETE FROM contacts WHERE id IN (SELECT id FROM pg_temp.staged)",
            &[],
        )?)
    }

    fn undo_plan(&mut self, batch: i64, now: Ts) -> Result<UndoPlan> {
        self.ensure_temp()?;
        let t = self.w()?;
        t.batch_execute("DELETE FROM pg_temp.undo_plan; DELETE FROM pg_temp.undo_target")?;
        // Each contact of the batch once, with its first row's `from` side and its last
        // row's counters, in one sort of the batch's rows.
        let targets = t.execute(
            "INSERT INTO pg_temp.undo_plan (contact, first_seq, last_seq, mixed, has_status, \
             has_details, has_exist, last_kind, \
             from_status, from_reason, from_wake_at, from_counters, last_counters) \
             SELECT DISTINCT ON (contact) contact, seq, max(seq) OVER w, \
             bool_or(kind <> 'status') OVER w, bool_or(kind = 'status') OVER w, \
             bool_or(kind = 'details') OVER w, bool_or(kind IN ('added', 'removed')) OVER w, \
             last_value(kind) OVER w, from_status, \
             from_reason, from_wake_at, from_counters, last_value(to_counters) OVER w \
             FROM history WHERE batch = $1 AND contact IS NOT NULL \
             WINDOW w AS (PARTITION BY contact ORDER BY seq \
             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) \
             ORDER BY contact, seq",
            &[&batch],
        )?;
        // A contact changed again since when it has a row after its last one in the
        // batch that changed again what the batch changed of it (`undo_later`). When the history from the batch's first row on is short (a recent batch:
        // up to three rows per contact of the batch, plus 10,000), the rows of other
        // batches in it are read once, in `seq` order; otherwise each contact's latest
        // row is looked up by its index.
        let row = t.query_one(
            "SELECT (SELECT min(first_seq) FROM pg_temp.undo_plan), \
             (SELECT max(seq) FROM history)",
            &[],
        )?;
        let (first, last): (Option<i64>, Option<i64>) = (row.get(0), row.get(1));
        let span = last.unwrap_or(0) - first.unwrap_or(0);
        let recent = span
            <= i64::try_from(targets)
                .unwrap_or(i64::MAX)
                .saturating_mul(3)
                .saturating_add(10_000);
        let later = if recent {
            format!(
                "LEFT JOIN (SELECT DISTINCT ON (h.contact) h.contact, h.seq, h.batch, h.kind \
                 FROM history h JOIN pg_temp.undo_plan p ON p.contact = h.contact \
                 WHERE h.seq > $3 AND h.batch <> $1 AND h.seq > p.last_seq AND {} \
                 ORDER BY h.contact, h.seq DESC) l ON l.contact = q.contact",
                undo_later("p")
            )
        } else {
            format!(
                "LEFT JOIN LATERAL (SELECT h.seq, h.batch, h.kind FROM history h \
                 WHERE h.contact = q.contact AND h.seq > q.last_seq AND {} \
                 ORDER BY h.seq DESC LIMIT 1) l ON true",
                undo_later("q")
            )
        };
        // Each contact looked up by its key when they are few (see `few`; a lateral
        // subquery that is not flattened, as the later rows are best hashed).
        let contacts = if few(t, targets)? {
            "LEFT JOIN LATERAL (SELECT id, status, reason, wake_at, counters, created_batch \
             FROM contacts WHERE id = q.contact OFFSET 0) c ON true"
        } else {
            "LEFT JOIN contacts c ON c.id = q.contact"
        };
        // The conflicts (the first that applies), the contact as it is now, and what
        // undo puts back (`core::undo_restore`: counters as they were before the batch,
        // not reset for becoming active, unless changed since), in one pass over the plan.
        t.execute(
            &format!(
                "INSERT INTO pg_temp.undo_target (contact, mixed, conflict, status, reason, \
                 wake_at, counters, to_status, to_reason, to_wake_at, to_counters) \
                 SELECT q.contact, q.mixed, \
                 CASE WHEN c.created_batch > $1 THEN 'removed and added again' \
                 WHEN l.seq IS NOT NULL THEN CASE WHEN l.kind = 'details' \
                   THEN 'details changed again' \
                   ELSE 'now ' || coalesce(c.status, 'removed') END || ', batch ' || l.batch \
                 WHEN q.last_kind <> 'removed' AND c.id IS NULL THEN 'removed since' \
                 WHEN q.last_kind = 'removed' AND c.id IS NOT NULL THEN 'added again since' \
                 WHEN (q.has_status OR q.has_exist) AND q.last_kind <> 'removed' \
                   AND c.wake_at <= $2 THEN \
                   'its timer ran out at ' || to_char(to_timestamp(c.wake_at) AT TIME ZONE \
                   'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') \
                 END, \
                 c.status, c.reason, c.wake_at, c.counters, \
                 CASE WHEN q.from_wake_at <= $2 THEN 'active' ELSE q.from_status END, \
                 CASE WHEN q.from_wake_at <= $2 THEN 'timer' ELSE q.from_reason END, \
                 CASE WHEN q.from_wake_at <= $2 THEN NULL ELSE q.from_wake_at END, \
                 CASE WHEN q.from_wake_at <= $2 THEN NULL \
                      WHEN c.counters IS NOT DISTINCT FROM q.last_counters \
                        THEN q.from_counters \
                      ELSE c.counters END \
                 FROM pg_temp.undo_plan q {contacts} {later}"
            ),
            &if recent {
                vec![&batch as &(dyn postgres::types::ToSql + Sync), &now, &first]
            } else {
                vec![&batch as &(dyn postgres::types::ToSql + Sync), &now]
            },
        )?;
        let row = t.query_one(
            "SELECT count(*) FILTER (WHERE conflict IS NOT NULL) FROM pg_temp.undo_target",
            &[],
        )?;
        let conflict_count: i64 = row.get(0);
        let conflicts = if conflict_count == 0 {
            Vec::new()
        } else {
            t.query(
                "SELECT contact, conflict FROM pg_temp.undo_target WHERE conflict IS NOT NULL \
                 ORDER BY contact LIMIT 20",
                &[],
            )?
            .iter()
            .map(|r| {
                let id: &str = r.get(0);
                let why: &str = r.get(1);
                format!("`{id}` ({why})")
            })
            .collect()
        };
        Ok(UndoPlan {
            targets,
            conflicts,
            conflict_count: n(conflict_count),
        })
    }

    fn undo_status(
        &mut self,
        new_batch: i64,
        now: Ts,
        who: &Who,
        note: Option<&str>,
    ) -> Result<u64> {
        // The plan holds each contact as it is now (read under the write lock, and not
        // changed since: the row-by-row work comes after), so one statement updates the
        // contacts and writes their history rows from what the update returns.
        let rows = {
            let t = self.w()?;
            let n: i64 = t
                .query_one(
                    &format!(
                        "SELECT count(*) FROM pg_temp.undo_target WHERE {}",
                        restored("")
                    ),
                    &[],
                )?
                .get(0);
            n
        };
        if rows == 0 {
            return Ok(0);
        }
        self.by_key(n(rows))?;
        let changed = self.w()?.execute(
            &format!(
                "WITH done AS (UPDATE contacts c SET status = u.to_status, reason = u.to_reason, \
                 wake_at = u.to_wake_at, counters = u.to_counters, bot_messages = {}, \
                 changed_at = $2, changed_by = $4, note = $3 \
                 FROM pg_temp.undo_target u WHERE c.id = u.contact AND {} \
                 RETURNING u.*) \
                 INSERT INTO history (batch, at, kind, contact, from_status, from_reason, \
                 from_wake_at, to_status, reason, wake_at, from_counters, to_counters, note, \
                 actor, os_user) \
                 SELECT $1::bigint, $2::bigint, 'status', contact, status, reason, wake_at, \
                 to_status, to_reason, to_wake_at, counters, to_counters, $3::text, $4::text, \
                 $5::text FROM done ORDER BY contact",
                highest("u.to_counters"),
                restored("u.")
            ),
            &[&new_batch, &now, &note, &who.actor, &who.os_user],
        )?;
        self.any_join()?;
        Ok(changed)
    }

    fn undo_others(&self) -> Result<Vec<String>> {
        Ok(self
            .t()?
            .query(
                "SELECT contact FROM pg_temp.undo_target WHERE conflict IS NULL AND mixed \
                 ORDER BY contact",
                &[],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn undo_rows(&self, batch: i64, each: Each<Change>) -> Result<()> {
        // Not the status rows undo_status restored: rows without a contact, the rows of
        // the contacts left for row-by-row work, and the batch's first status row.
        super::store::stream(
            &mut *self.t()?,
            &format!(
                "SELECT {} FROM history h JOIN batches b ON b.id = h.batch \
                 WHERE h.batch = $1 AND (h.contact IS NULL \
                 OR h.contact IN (SELECT contact FROM pg_temp.undo_target \
                   WHERE conflict IS NULL AND mixed) \
                 OR h.seq = (SELECT seq FROM history WHERE batch = $1 AND kind = 'status' \
                   LIMIT 1)) \
                 ORDER BY h.seq",
                super::store::CHANGE_COLUMNS
            ),
            &[&batch],
            &mut |row| each(super::store::change_from_row(row)?),
        )
    }

    fn import_sets_status(&self) -> Result<bool> {
        super::import::sets_status(&mut *self.t()?)
    }

    fn merge_import(
        &mut self,
        batch: i64,
        mode: crate::store::ImportMode,
        who: &Who,
        now: Ts,
        note: Option<&str>,
    ) -> Result<crate::store::ImportCounts> {
        let t = self.w()?;
        // JIT pays off on the merge's few statements over every row of a big file.
        t.batch_execute("SET LOCAL jit = on")?;
        super::import::merge(t, batch, mode, who, now, note)
    }

    fn stage_import_ids(&mut self) -> Result<u64> {
        self.ensure_temp()?;
        super::import::stage_ids(self.w()?)
    }

    fn raw_counts(&self) -> Result<crate::store::raw::Counts> {
        super::raw::counts(&mut *self.t()?)
    }

    fn import_raw(
        &mut self,
        table: crate::store::raw::Table,
        rows: &[crate::store::raw::RawRow],
    ) -> Result<()> {
        super::raw::import(self.w()?, table, rows)
    }

    fn finish_raw(&mut self) -> Result<()> {
        super::raw::finish(self.w()?)
    }

    fn savepoint(&mut self, name: &str) -> Result<()> {
        let name = crate::store::savepoint_name(name)?;
        self.t()?.batch_execute(&format!("SAVEPOINT {name}"))?;
        Ok(())
    }

    fn release(&mut self, name: &str) -> Result<()> {
        let name = crate::store::savepoint_name(name)?;
        self.t()?
            .batch_execute(&format!("RELEASE SAVEPOINT {name}"))?;
        Ok(())
    }

    fn rollback_to(&mut self, name: &str) -> Result<()> {
        let name = crate::store::savepoint_name(name)?;
        // What is held back belongs to what is rolled back (a savepoint writes it first).
        self.group.get_mut().reset();
        self.tx.get_mut().batch_execute(&format!(
            "ROLLBACK TO SAVEPOINT {name}; RELEASE SAVEPOINT {name}"
        ))?;
        Ok(())
    }

    fn prefetch(&mut self, ids: &[&str], event_ids: &[&str]) -> Result<()> {
        let PgTx {
            tx, group, stmts, ..
        } = self;
        group
            .get_mut()
            .prefetch(tx.get_mut(), stmts, ids, event_ids)
    }

    fn commit(mut self: Box<Self>) -> Result<()> {
        self.k()
            .context("cannot commit the change (the last writes failed)")?;
        self.tx
            .into_inner()
            .commit()
            .context("cannot commit the change")?;
        Ok(())
    }
}
