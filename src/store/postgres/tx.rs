//! A write transaction on PostgreSQL (under the write lock, see `store.rs`), with the
//! set-based bulk steps: the same statements as on SQLite, over temporary tables that
//! `COPY` fills.

use std::cell::{RefCell, RefMut};

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
         CREATE TEMP TABLE IF NOT EXISTS staged_in (id text COLLATE \"C\") ON COMMIT DELETE ROWS;
         CREATE TEMP TABLE IF NOT EXISTS undo_plan (
             contact text COLLATE \"C\" PRIMARY KEY, first_seq bigint, last_seq bigint,
             mixed boolean, last_kind text, conflict text) ON COMMIT DELETE ROWS;
         CREATE TEMP TABLE IF NOT EXISTS undo_target (
             contact text COLLATE \"C\" PRIMARY KEY, status text, reason text, wake_at bigint,
             counters text) ON COMMIT DELETE ROWS;
         CREATE TEMP TABLE IF NOT EXISTS woken (id text COLLATE \"C\" PRIMARY KEY, wake_at bigint)
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
    fn event_seen(&self, id: &str) -> Result<bool> {
        if let Some(kept) = self.kept(|g| g.event_seen(id))? {
            return Ok(kept);
        }
        read::event_seen(&mut *self.t()?, self.stmts, id)
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
        let mut first: Vec<String> = Vec::new();
        for id in &mut *ids {
            first.push(id.to_string());
            if first.len() > ARRAY_MAX {
                break;
            }
        }
        if first.len() <= ARRAY_MAX {
            return Ok(t.execute(
                "INSERT INTO pg_temp.staged (id) SELECT unnest($1::text[]) \
                 ON CONFLICT DO NOTHING",
                &[&first],
            )?);
        }
        let mut first = first.into_iter();
        copyio::stream(t, "COPY pg_temp.staged_in (id) FROM STDIN", &mut |buf| {
            for _ in 0..4096 {
                let Some(id) = first.next().or_else(|| ids.next().map(str::to_string)) else {
                    return Ok(false);
                };
                copyio::row(buf, &[Some(&id)]);
            }
            Ok(true)
        })?;
        let n = t.execute(
            "INSERT INTO pg_temp.staged (id) SELECT id FROM pg_temp.staged_in \
             ON CONFLICT DO NOTHING",
            &[],
        )?;
        // Statistics for the joins that follow (the planner has none for temporary
        // tables).
        t.batch_execute("TRUNCATE pg_temp.staged_in; ANALYZE pg_temp.staged")?;
        Ok(n)
    }

    fn staged_missing(&self, limit: usize) -> Result<(Vec<String>, u64)> {
        let mut t = self.t()?;
        let total: i64 = t
            .query_one(
                "SELECT count(*) FROM pg_temp.staged s \
                 WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = s.id)",
                &[],
            )?
            .get(0);
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

    fn count_due(&self, scope: Scope, now: Ts) -> Result<u64> {
        let sql = format!(
            "SELECT count(*) FROM contacts WHERE wake_at <= $1 AND {}",
            Self::scope_clause(scope, 2)
        );
        let mut t = self.t()?;
        let row = match scope {
            Scope::One(id) => t.query_one(&sql, &[&now, &id])?,
            _ => t.query_one(&sql, &[&now])?,
        };
        Ok(n(row.get(0)))
    }

    fn wake_due(
        &mut self,
        scope: Scope,
        batch: i64,
        now: Ts,
        who: &Who,
        limit: Option<u64>,
    ) -> Result<Vec<String>> {
        self.ensure_temp()?;
        let t = self.w()?;
        t.batch_execute("DELETE FROM pg_temp.woken")?;
        let limit = limit.map(|l| i64::try_from(l).unwrap_or(i64::MAX));
        // SKIP LOCKED: a row another program holds is left for the next sweep. The
        // history rows come from the picked rows themselves (no join).
        let pick = format!(
            "WITH picked AS (SELECT id, wake_at, status, reason, counters FROM contacts \
             WHERE wake_at <= $1 AND {} ORDER BY wake_at, id LIMIT $2 FOR UPDATE SKIP LOCKED), \
             h AS (INSERT INTO history (batch, at, kind, contact, from_status, from_reason, \
             from_wake_at, to_status, reason, wake_at, from_counters, to_counters, actor, \
             os_user) \
             SELECT $3::bigint, wake_at, 'status', id, status, reason, wake_at, 'active', \
             'timer', NULL, counters, NULL, $4::text, $5::text FROM picked \
             ORDER BY wake_at, id) \
             INSERT INTO pg_temp.woken (id, wake_at) SELECT id, wake_at FROM picked",
            Self::scope_clause(scope, 6)
        );
        let (actor, os_user) = (crate::core::TIMER_ACTOR, who.os_user.as_str());
        match scope {
            Scope::One(id) => t.execute(&pick, &[&now, &limit, &batch, &actor, &os_user, &id])?,
            _ => t.execute(&pick, &[&now, &limit, &batch, &actor, &os_user])?,
        };
        // The planner has no statistics for the temporary table: without them (and even
        // with them) it hashes the chunk and scans every contact. Look each one up by its
        // key instead.
        t.batch_execute(
            "ANALYZE pg_temp.woken; SET LOCAL enable_hashjoin = off; \
             SET LOCAL enable_mergejoin = off",
        )?;
        t.execute(
            "UPDATE contacts c SET status = 'active', reason = 'timer', wake_at = NULL, \
             bot_messages = 0, counters = NULL, changed_at = w.wake_at, changed_by = $1, \
             note = NULL FROM pg_temp.woken w WHERE c.id = w.id",
            &[&crate::core::TIMER_ACTOR],
        )?;
        t.batch_execute(
            "SET LOCAL enable_hashjoin TO DEFAULT; SET LOCAL enable_mergejoin TO DEFAULT",
        )?;
        Ok(
            t.query("SELECT id FROM pg_temp.woken ORDER BY wake_at, id", &[])?
                .iter()
                .map(|r| r.get(0))
                .collect(),
        )
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
        t.batch_execute("DELETE FROM pg_temp.undo_plan")?;
        t.execute(
            "INSERT INTO pg_temp.undo_plan (contact, first_seq, last_seq, mixed, last_kind) \
             SELECT contact, min(seq), max(seq), bool_or(kind <> 'status'), \
             (array_agg(kind ORDER BY seq DESC))[1] FROM history \
             WHERE batch = $1 AND contact IS NOT NULL GROUP BY contact",
            &[&batch],
        )?;
        // Statistics for the joins that follow (the planner has none for temporary
        // tables).
        t.batch_execute("ANALYZE pg_temp.undo_plan")?;
        // The conflicts, the first that applies, in one pass over the plan.
        t.execute(
            "UPDATE pg_temp.undo_plan p SET conflict = x.conflict FROM (SELECT q.contact, \
             CASE WHEN c.created_batch > $1 THEN 'removed and added again' \
             WHEN (SELECT max(h.seq) FROM history h WHERE h.contact = q.contact) \
               <> q.last_seq THEN 'now ' || coalesce(c.status, 'removed') || ', batch ' || \
               (SELECT h.batch FROM history h WHERE h.contact = q.contact \
                ORDER BY h.seq DESC LIMIT 1) \
             WHEN q.last_kind <> 'removed' AND c.id IS NULL THEN 'removed since' \
             WHEN q.last_kind = 'removed' AND c.id IS NOT NULL THEN 'added again since' \
             WHEN q.last_kind <> 'removed' AND c.wake_at <= $2 THEN 'its timer ran out at ' || \
               to_char(to_timestamp(c.wake_at) AT TIME ZONE 'UTC', \
               'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') \
             END AS conflict \
             FROM pg_temp.undo_plan q LEFT JOIN contacts c ON c.id = q.contact) x \
             WHERE x.contact = p.contact AND x.conflict IS NOT NULL",
            &[&batch, &now],
        )?;
        let row = t.query_one(
            "SELECT count(*), count(*) FILTER (WHERE conflict IS NOT NULL) FROM pg_temp.undo_plan",
            &[],
        )?;
        let (targets, conflict_count): (i64, i64) = (row.get(0), row.get(1));
        let conflicts = t
            .query(
                "SELECT contact, conflict FROM pg_temp.undo_plan WHERE conflict IS NOT NULL \
                 ORDER BY contact LIMIT 20",
                &[],
            )?
            .iter()
            .map(|r| {
                let id: &str = r.get(0);
                let why: &str = r.get(1);
                format!("`{id}` ({why})")
            })
            .collect();
        Ok(UndoPlan {
            targets: n(targets),
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
        let t = self.w()?;
        t.batch_execute("DELETE FROM pg_temp.undo_target")?;
        t.execute(
            "INSERT INTO pg_temp.undo_target (contact, status, reason, wake_at, counters) \
             SELECT p.contact, \
               CASE WHEN f.from_wake_at <= $1 THEN 'active' ELSE f.from_status END, \
               CASE WHEN f.from_wake_at <= $1 THEN 'timer' ELSE f.from_reason END, \
               CASE WHEN f.from_wake_at <= $1 THEN NULL ELSE f.from_wake_at END, \
               CASE WHEN f.from_wake_at <= $1 THEN NULL \
                    WHEN f.from_status = 'active' AND c.status <> 'active' THEN NULL \
                    WHEN c.counters IS NOT DISTINCT FROM l.to_counters THEN f.from_counters \
                    ELSE c.counters END \
             FROM pg_temp.undo_plan p JOIN history f ON f.seq = p.first_seq \
             JOIN history l ON l.seq = p.last_seq JOIN contacts c ON c.id = p.contact \
             WHERE p.conflict IS NULL AND NOT p.mixed",
            &[&now],
        )?;
        t.execute(
            "DELETE FROM pg_temp.undo_target u USING contacts c \
             WHERE c.id = u.contact AND c.status = u.status AND c.reason = u.reason \
             AND c.wake_at IS NOT DISTINCT FROM u.wake_at",
            &[],
        )?;
        t.batch_execute("ANALYZE pg_temp.undo_target")?;
        t.execute(
            "INSERT INTO history (batch, at, kind, contact, from_status, from_reason, \
             from_wake_at, to_status, reason, wake_at, from_counters, to_counters, note, actor, \
             os_user) \
             SELECT $1::bigint, $2::bigint, 'status', c.id, c.status, c.reason, c.wake_at, \
             u.status, u.reason, u.wake_at, c.counters, u.counters, $3::text, $4::text, $5::text \
             FROM pg_temp.undo_target u JOIN contacts c ON c.id = u.contact ORDER BY u.contact",
            &[&new_batch, &now, &note, &who.actor, &who.os_user],
        )?;
        let n = t.execute(
            &format!(
                "UPDATE contacts c SET status = u.status, reason = u.reason, wake_at = u.wake_at, \
                 counters = u.counters, bot_messages = {}, changed_at = $1, changed_by = $2, \
                 note = $3 FROM pg_temp.undo_target u WHERE c.id = u.contact",
                highest("u.counters")
            ),
            &[&now, &who.actor, &note],
        )?;
        Ok(n)
    }

    fn undo_others(&self) -> Result<Vec<String>> {
        Ok(self
            .t()?
            .query(
                "SELECT contact FROM pg_temp.undo_plan WHERE conflict IS NULL AND mixed \
                 ORDER BY contact",
                &[],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
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
        super::import::merge(self.w()?, batch, mode, who, now, note)
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
