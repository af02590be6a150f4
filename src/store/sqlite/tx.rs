//! A write transaction on SQLite (`BEGIN IMMEDIATE`), with the set-based bulk steps.
//! Bulk steps work over the temporary table `staged`, in a few statements each.

use anyhow::{Context, Result};
use rusqlite::{Transaction, params};

use super::read;
use crate::core::{
    Batch, Change, Contact, Details, HistoryFilter, ListFilter, State, Status, Ts, Who,
    counters_json,
};
use crate::store::{Each, Read, Scope, Tx, UndoPlan};

pub struct SqliteTx<'a> {
    pub(super) tx: Transaction<'a>,
    /// The database's path and the file it named when opened.
    pub(super) file: (&'a std::path::Path, crate::dbfile::FileId),
    /// The plan an import staged for its merge, if any.
    pub(super) plan: Option<super::import::Plan>,
}

/// The contact's stored row as a JSON object, for `removed` history rows.
const RECORD_JSON: &str = "json_object('id', c.id, 'name', c.name, 'phone', c.phone, \
     'email', c.email, 'status', c.status, 'reason', c.reason, 'wake_at', c.wake_at, \
     'bot_messages', c.bot_messages, 'counters', c.counters, 'changed_at', c.changed_at, \
     'changed_by', c.changed_by, 'note', c.note, 'created_at', c.created_at, \
     'created_batch', c.created_batch)";

/// The conflict clause of a bulk `UPDATE` of contacts. A constraint failure there is a
/// bug, and the command fails whole either way; with `ROLLBACK` instead of the default
/// `ABORT`, SQLite need not copy every page the statement changes into a statement
/// journal first, so that it could undo just that statement (about 40,000 pages for a
/// `set` of 100,000 contacts of a million). The price: nothing can undo such a statement
/// alone. A constraint failure rolls the whole transaction back; any other error (a
/// malformed counters value in `json_each`, say) leaves the statement half done in a
/// transaction that is still open. So an error from a `BULK` statement must end the
/// transaction (every caller returns it, and the dropped transaction rolls back): never
/// catch it and go on, and never use it inside a savepoint meant to survive it.
pub(super) const BULK: &str = "OR ROLLBACK";

/// Whether history row `h` changed again what a batch changed of contact `q` (flags: `st`
/// its status, `de` its details, `ex` added or removed it): only a later change of the
/// same thing blocks an undo. Adding or removing a contact touches all of it. The same
/// rule as PostgreSQL's `undo_later`.
const UNDO_LATER: &str = "(q.ex OR h.kind IN ('added', 'removed') \
     OR (q.st AND h.kind = 'status') OR (q.de AND h.kind = 'details'))";

/// The highest count in a counters JSON value (0 for NULL).
const HIGHEST: &str = "coalesce((SELECT max(value) FROM json_each(?)), 0)";

fn highest(expr: &str) -> String {
    HIGHEST.replace('?', expr)
}

/// Creates the temporary tables the set-based steps use (once per connection).
pub fn ensure_temp(conn: &rusqlite::Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS staged (id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
             CREATE TEMP TABLE IF NOT EXISTS undo_plan (
                 contact TEXT PRIMARY KEY NOT NULL, first_seq INTEGER, last_seq INTEGER,
                 mixed INTEGER, last_kind TEXT, conflict TEXT,
                 status TEXT, reason TEXT, wake_at INTEGER, counters TEXT,
                 now_status TEXT, now_reason TEXT, now_wake_at INTEGER, now_counters TEXT)
                 WITHOUT ROWID;",
    )?;
    Ok(())
}

impl SqliteTx<'_> {
    fn ensure_temp(&self) -> Result<()> {
        ensure_temp(&self.tx)
    }

    /// How `any_due` looks for a timer that ran out among the staged ids: from the smaller
    /// side, the timers that ran out (by the `wake_at` index, usually none) or the staged
    /// ids (by primary key). SQLite's planner cannot tell which is smaller and always
    /// takes the ids: about 0.4 s under the lock for an import of a million into a
    /// million. `None` when no timer at all has run out.
    fn staged_due_clause(&self, now: Ts) -> Result<Option<String>> {
        let staged: i64 = self
            .tx
            .prepare_cached("SELECT count(*) FROM temp.staged")?
            .query_row([], |r| r.get(0))?;
        // How many timers ran out, counted no further than the staged ids.
        let due: i64 = self
            .tx
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM contacts WHERE wake_at <= ?1 LIMIT ?2)",
            )?
            .query_row(params![now, staged], |r| r.get(0))?;
        let ids = Self::scope_clause(Scope::Staged, 2);
        Ok(match due {
            0 => None,
            // `+id` keeps the planner off the primary key, so it walks the due timers.
            d if d < staged => Some(format!("+{ids}")),
            _ => Some(ids),
        })
    }

    /// The condition that selects `scope`; one id is bound as parameter `?{param}`.
    fn scope_clause(scope: Scope, param: usize) -> String {
        match scope {
            Scope::All => "1".into(),
            Scope::Staged => "id IN (SELECT id FROM temp.staged)".into(),
            Scope::One(_) => format!("id = ?{param}"),
        }
    }
}

super::read_through!(SqliteTx<'_>, self => &self.tx);

impl Tx for SqliteTx<'_> {
    fn new_batch(&mut self, command: &str, who: &Who, now: Ts, note: Option<&str>) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO batches (at, command, actor, os_user, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![now, command, who.actor, who.os_user, note])?;
        Ok(self.tx.last_insert_rowid())
    }

    fn discard_batch(&mut self, id: i64) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM batches WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM history WHERE batch = ?1)")?
            .execute([id])?;
        Ok(())
    }

    fn insert_contact(&mut self, c: &Contact, created_batch: i64, created_at: Ts) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO contacts (id, name, phone, email, status, reason, wake_at, bot_messages, \
                 changed_at, changed_by, counters, note, created_at, created_batch) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(params![
                c.id,
                c.name,
                c.phone,
                c.email,
                c.state.status.as_str(),
                c.state.reason.as_str(),
                c.state.wake_at,
                crate::core::highest(&c.counters),
                c.changed_at,
                c.changed_by,
                counters_json(&c.counters),
                c.note,
                created_at,
                created_batch
            ])?;
        Ok(())
    }

    fn update_state(&mut self, c: &Contact) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE contacts SET status = ?2, reason = ?3, wake_at = ?4, bot_messages = ?5, \
                 counters = ?6, changed_at = ?7, changed_by = ?8, note = ?9 WHERE id = ?1",
            )?
            .execute(params![
                c.id,
                c.state.status.as_str(),
                c.state.reason.as_str(),
                c.state.wake_at,
                crate::core::highest(&c.counters),
                counters_json(&c.counters),
                c.changed_at,
                c.changed_by,
                c.note
            ])?;
        Ok(())
    }

    fn update_counters(&mut self, c: &Contact) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE contacts SET bot_messages = ?2, counters = ?3 WHERE id = ?1")?
            .execute(params![
                c.id,
                crate::core::highest(&c.counters),
                counters_json(&c.counters)
            ])?;
        Ok(())
    }

    fn update_details(&mut self, id: &str, d: &Details) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE contacts SET name = ?2, phone = ?3, email = ?4 WHERE id = ?1")?
            .execute(params![id, d.name, d.phone, d.email])?;
        Ok(())
    }

    fn delete_contact(&mut self, id: &str) -> Result<bool> {
        let n = self
            .tx
            .prepare_cached("DELETE FROM contacts WHERE id = ?1")?
            .execute([id])?;
        Ok(n > 0)
    }

    fn insert_change(&mut self, r: &Change) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO history (batch, at, kind, contact, setting, from_status, from_reason, \
                 from_wake_at, to_status, reason, wake_at, from_value, to_value, from_counters, \
                 to_counters, record, note, actor, os_user) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            )?
            .execute(params![
                r.batch,
                r.at,
                r.kind.as_str(),
                r.contact,
                r.setting,
                r.from.map(|s| s.status.as_str()),
                r.from.map(|s| s.reason.as_str()),
                r.from.and_then(|s| s.wake_at),
                r.to.map(|s| s.status.as_str()),
                r.to.map(|s| s.reason.as_str()),
                r.to.and_then(|s| s.wake_at),
                r.from_value,
                r.to_value,
                r.from_counters,
                r.to_counters,
                r.record,
                r.note,
                r.actor,
                r.os_user
            ])?;
        Ok(())
    }

    fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = ?2",
            )?
            .execute([key, value])?;
        Ok(())
    }

    fn insert_event(&mut self, id: &str, at: Ts, contact: &str, batch: Option<i64>) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO events (id, at, contact, batch) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (id) DO UPDATE SET at = ?2, contact = ?3, batch = ?4",
            )?
            .execute(params![id, at, contact, batch])?;
        Ok(())
    }

    fn prune_events(&mut self, before: Ts) -> Result<u64> {
        let n = self
            .tx
            .prepare_cached("DELETE FROM events WHERE at < ?1")?
            .execute([before])?;
        Ok(n as u64)
    }

    fn stage(&mut self, ids: &mut dyn Iterator<Item = &str>) -> Result<u64> {
        self.ensure_temp()?;
        self.plan = None;
        self.tx.execute("DELETE FROM temp.staged", [])?;
        // Many ids a statement: each execution has a fixed cost that a row at a time pays
        // per id.
        const MANY: usize = 256;
        let many = format!(
            "INSERT OR IGNORE INTO temp.staged (id) VALUES {}",
            vec!["(?)"; MANY].join(", ")
        );
        let mut n = 0;
        let mut chunk: Vec<&str> = Vec::with_capacity(MANY);
        let mut ids = ids.peekable();
        while ids.peek().is_some() {
            chunk.clear();
            chunk.extend(ids.by_ref().take(MANY));
            if chunk.len() == MANY {
                let mut stmt = self.tx.prepare_cached(&many)?;
                n += stmt.execute(rusqlite::params_from_iter(&chunk))? as u64;
            } else {
                // The last few, one at a time.
                let mut stmt = self
                    .tx
                    .prepare_cached("INSERT OR IGNORE INTO temp.staged (id) VALUES (?1)")?;
                for id in &chunk {
                    n += stmt.execute([id])? as u64;
                }
            }
        }
        Ok(n)
    }

    fn staged_missing(&self, limit: usize) -> Result<(Vec<String>, u64)> {
        let total: i64 = self.tx.query_row(
            "SELECT count(*) FROM temp.staged s WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = s.id)",
            [],
            |r| r.get(0),
        )?;
        if total == 0 || limit == 0 {
            // The usual case: every id is a contact, and a second pass would find none.
            return Ok((Vec::new(), u64::try_from(total).unwrap_or(0)));
        }
        let mut stmt = self.tx.prepare(
            "SELECT s.id FROM temp.staged s WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = s.id) \
             ORDER BY s.id LIMIT ?1",
        )?;
        let ids = stmt
            .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok((ids, u64::try_from(total).unwrap_or(0)))
    }

    fn any_due(&self, scope: Scope, now: Ts) -> Result<bool> {
        let clause = match scope {
            Scope::Staged => match self.staged_due_clause(now)? {
                Some(clause) => clause,
                None => return Ok(false),
            },
            _ => Self::scope_clause(scope, 2),
        };
        let sql =
            format!("SELECT EXISTS (SELECT 1 FROM contacts WHERE wake_at <= ?1 AND {clause})");
        let mut stmt = self.tx.prepare_cached(&sql)?;
        let any: bool = match scope {
            Scope::One(id) => stmt.query_row(params![now, id], |r| r.get(0))?,
            _ => stmt.query_row(params![now], |r| r.get(0))?,
        };
        Ok(any)
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
        self.ensure_temp()?;
        // Statements prepared once per connection: a sweep runs them once per chunk.
        self.tx
            .prepare_cached(
                "CREATE TEMP TABLE IF NOT EXISTS woken (id TEXT PRIMARY KEY NOT NULL, wake_at INTEGER) WITHOUT ROWID",
            )?
            .execute([])?;
        self.tx
            .prepare_cached("DELETE FROM temp.woken")?
            .execute([])?;
        let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let pick = format!(
            "INSERT INTO temp.woken (id, wake_at) SELECT id, wake_at FROM contacts \
             WHERE wake_at <= ?1 AND {} ORDER BY wake_at, id LIMIT ?2",
            Self::scope_clause(scope, 3)
        );
        let mut pick = self.tx.prepare_cached(&pick)?;
        match scope {
            Scope::One(id) => pick.execute(params![now, limit, id])?,
            _ => pick.execute(params![now, limit])?,
        };
        self.tx
            .prepare_cached(
                "INSERT INTO history (batch, at, kind, contact, from_status, from_reason, from_wake_at, \
                 to_status, reason, wake_at, from_counters, to_counters, actor, os_user) \
                 SELECT ?1, c.wake_at, 'status', c.id, c.status, c.reason, c.wake_at, \
                 'active', 'timer', NULL, c.counters, NULL, ?2, ?3 \
                 FROM temp.woken w CROSS JOIN contacts c ON c.id = w.id ORDER BY w.wake_at, w.id",
            )?
            .execute(params![batch, crate::core::TIMER_ACTOR, who.os_user])?;
        // Each woken contact looked up by id (an UPDATE ... FROM woken may scan every
        // contact instead); `changed_at = wake_at` reads the value before this update.
        // One contact (a recorded event's catch-up) keeps the default conflict handling,
        // so that a failure undoes only its event's savepoint.
        let update = format!(
            "UPDATE {} contacts SET status = 'active', reason = 'timer', wake_at = NULL, \
             bot_messages = 0, counters = NULL, changed_at = wake_at, changed_by = ?1, note = ?2 \
             WHERE id IN (SELECT id FROM temp.woken)",
            match scope {
                Scope::One(_) => "",
                _ => BULK,
            }
        );
        self.tx
            .prepare_cached(&update)?
            .execute(params![crate::core::TIMER_ACTOR, note])?;
        let mut stmt = self
            .tx
            .prepare_cached("SELECT id FROM temp.woken ORDER BY wake_at, id")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(ids)
    }

    fn staged_timers(&self, limit: usize) -> Result<crate::store::StagedTimers> {
        let t = &self.tx;
        let without_count: i64 = t.query_row(
            "SELECT count(*) FROM temp.staged s JOIN contacts c ON c.id = s.id \
             WHERE c.wake_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        let mut without = Vec::new();
        if without_count > 0 {
            let mut stmt = t.prepare(
                "SELECT c.id, c.status FROM temp.staged s JOIN contacts c ON c.id = s.id \
                 WHERE c.wake_at IS NULL ORDER BY s.id LIMIT ?1",
            )?;
            let mut rows = stmt.query([i64::try_from(limit).unwrap_or(i64::MAX)])?;
            while let Some(r) = rows.next()? {
                let status: String = r.get(1)?;
                without.push((r.get(0)?, status.parse().map_err(anyhow::Error::msg)?));
            }
        }
        let latest = t
            .query_row(
                "SELECT c.id, c.wake_at FROM temp.staged s JOIN contacts c ON c.id = s.id \
                 WHERE c.wake_at IS NOT NULL ORDER BY c.wake_at DESC, s.id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        Ok(crate::store::StagedTimers {
            without,
            without_count: u64::try_from(without_count).unwrap_or(0),
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
        self.tx.execute(
            "INSERT INTO history (batch, at, kind, contact, from_status, from_reason, from_wake_at, \
             to_status, reason, wake_at, from_counters, to_counters, note, actor, os_user) \
             SELECT ?1, ?2, 'status', c.id, c.status, c.reason, c.wake_at, c.status, c.reason, \
             c.wake_at + ?3, c.counters, c.counters, ?4, ?5, ?6 \
             FROM temp.staged s JOIN contacts c ON c.id = s.id ORDER BY s.id",
            params![batch, now, secs, note, who.actor, who.os_user],
        )?;
        let n = self.tx.execute(
            &format!(
                "UPDATE {BULK} contacts SET wake_at = wake_at + ?1, changed_at = ?2, \
                 changed_by = ?3, note = ?4 WHERE id IN (SELECT id FROM temp.staged)"
            ),
            params![secs, now, who.actor, note],
        )?;
        Ok(n as u64)
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
        // Already there: same status and timer (the reason is not compared).
        let differs = "NOT (c.status = ?1 AND c.wake_at IS ?3)";
        let new_counters = if active { "NULL" } else { "c.counters" };
        self.tx.execute(
            &format!(
                "INSERT INTO history (batch, at, kind, contact, from_status, from_reason, from_wake_at, \
                 to_status, reason, wake_at, from_counters, to_counters, note, actor, os_user) \
                 SELECT ?4, ?5, 'status', c.id, c.status, c.reason, c.wake_at, ?1, ?2, ?3, \
                 c.counters, {new_counters}, ?6, ?7, ?8 \
                 FROM temp.staged s JOIN contacts c ON c.id = s.id WHERE {differs} ORDER BY s.id"
            ),
            params![
                target.status.as_str(),
                target.reason.as_str(),
                target.wake_at,
                batch,
                now,
                note,
                who.actor,
                who.os_user
            ],
        )?;
        let n = self.tx.execute(
            &format!(
                "UPDATE {BULK} contacts AS c SET status = ?1, reason = ?2, wake_at = ?3, \
                 counters = {new_counters}, bot_messages = {}, changed_at = ?4, changed_by = ?5, \
                 note = ?6 \
                 WHERE c.id IN (SELECT id FROM temp.staged) AND {differs}",
                if active { "0" } else { "c.bot_messages" }
            ),
            params![
                target.status.as_str(),
                target.reason.as_str(),
                target.wake_at,
                now,
                who.actor,
                note
            ],
        )?;
        Ok(n as u64)
    }

    fn add_staged_missing(
        &mut self,
        batch: i64,
        target: &State,
        who: &Who,
        now: Ts,
        note: Option<&str>,
    ) -> Result<u64> {
        self.tx.execute(
            "CREATE TEMP TABLE IF NOT EXISTS adding (id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID",
            [],
        )?;
        self.tx.execute("DELETE FROM temp.adding", [])?;
        self.tx.execute(
            "INSERT INTO temp.adding (id) SELECT s.id FROM temp.staged s \
             WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = s.id)",
            [],
        )?;
        let n = self.tx.execute(
            "INSERT INTO contacts (id, status, reason, wake_at, bot_messages, changed_at, changed_by, \
             note, created_at, created_batch) \
             SELECT id, ?1, ?2, ?3, 0, ?4, ?5, ?6, ?4, ?7 FROM temp.adding ORDER BY id",
            params![
                target.status.as_str(),
                target.reason.as_str(),
                target.wake_at,
                now,
                who.actor,
                note,
                batch
            ],
        )?;
        self.tx.execute(
            "INSERT INTO history (batch, at, kind, contact, to_status, reason, wake_at, note, actor, os_user) \
             SELECT ?1, ?2, 'added', id, ?3, ?4, ?5, ?6, ?7, ?8 FROM temp.adding ORDER BY id",
            params![
                batch,
                now,
                target.status.as_str(),
                target.reason.as_str(),
                target.wake_at,
                note,
                who.actor,
                who.os_user
            ],
        )?;
        Ok(n as u64)
    }

    fn remove_staged(&mut self, batch: i64, who: &Who, now: Ts, note: Option<&str>) -> Result<u64> {
        self.tx.execute(
            &format!(
                "INSERT INTO history (batch, at, kind, contact, from_status, from_reason, from_wake_at, \
                 from_counters, record, note, actor, os_user) \
                 SELECT ?1, ?2, 'removed', c.id, c.status, c.reason, c.wake_at, c.counters, {RECORD_JSON}, \
                 ?3, ?4, ?5 FROM temp.staged s JOIN contacts c ON c.id = s.id ORDER BY s.id"
            ),
            params![batch, now, note, who.actor, who.os_user],
        )?;
        let n = self.tx.execute(
            "DELETE FROM contacts WHERE id IN (SELECT id FROM temp.staged)",
            [],
        )?;
        Ok(n as u64)
    }

    fn undo_plan(&mut self, batch: i64, now: Ts) -> Result<UndoPlan> {
        self.ensure_temp()?;
        let t = &self.tx;
        t.execute("DELETE FROM temp.undo_plan", [])?;
        // One pass: each contact of the batch with its first and last row there, and the
        // first reason (in this order) it cannot be undone: removed and added again;
        // changed again since (a later history row of what the batch changed: see
        // `UNDO_LATER`; its kind and batch are named); removed since; added again since;
        // its timer ran out (when the batch changed its status). The same pass reads what `undo_status` needs, so that it
        // looks neither rows nor contacts up again: the contact as it is now (NULL:
        // removed), and the state to put back: the one before the batch's first row; a
        // timer that ran out meanwhile has woken it; counters come back as they were
        // before it (not reset for becoming active), unless something changed them since
        // the batch (`core::undo_restore`).
        t.execute(
            &format!("INSERT INTO temp.undo_plan (contact, first_seq, last_seq, mixed, last_kind, conflict, \
                                         status, reason, wake_at, counters, \
                                         now_status, now_reason, now_wake_at, now_counters) \
             SELECT p.contact, p.first_seq, p.last_seq, p.mixed, l.kind, CASE \
               WHEN c.created_batch > ?1 THEN 'removed and added again' \
               WHEN n.seq IS NOT NULL THEN CASE WHEN n.kind = 'details' \
                 THEN 'details changed again' ELSE 'now ' || coalesce(c.status, 'removed') END \
                 || ', batch ' || n.batch \
               WHEN l.kind <> 'removed' AND c.id IS NULL THEN 'removed since' \
               WHEN l.kind = 'removed' AND c.id IS NOT NULL THEN 'added again since' \
               WHEN (p.st OR p.ex) AND l.kind <> 'removed' AND c.wake_at <= ?2 \
                 THEN 'its timer ran out at ' || \
                 strftime('%Y-%m-%dT%H:%M:%SZ', c.wake_at, 'unixepoch') \
             END, \
             CASE WHEN f.from_wake_at <= ?2 THEN 'active' ELSE f.from_status END, \
             CASE WHEN f.from_wake_at <= ?2 THEN 'timer' ELSE f.from_reason END, \
             CASE WHEN f.from_wake_at <= ?2 THEN NULL ELSE f.from_wake_at END, \
             CASE WHEN f.from_wake_at <= ?2 THEN NULL \
                  WHEN c.counters IS l.to_counters THEN f.from_counters ELSE c.counters END, \
             c.status, c.reason, c.wake_at, c.counters \
             FROM (SELECT q.*, (SELECT h.seq FROM history h \
                      WHERE h.contact = q.contact AND h.seq > q.last_seq AND {UNDO_LATER} \
                      ORDER BY h.seq DESC LIMIT 1) AS later \
                   FROM (SELECT contact, min(seq) AS first_seq, max(seq) AS last_seq, \
                          max(kind <> 'status') AS mixed, max(kind = 'status') AS st, \
                          max(kind = 'details') AS de, max(kind IN ('added', 'removed')) AS ex \
                         FROM history WHERE batch = ?1 AND contact IS NOT NULL \
                         GROUP BY contact) q) p \
             CROSS JOIN history l ON l.seq = p.last_seq \
             CROSS JOIN history f ON f.seq = p.first_seq \
             LEFT JOIN history n ON n.seq = p.later \
             LEFT JOIN contacts c ON c.id = p.contact"),
            params![batch, now],
        )?;
        let (targets, conflict_count): (i64, i64) = t.query_row(
            "SELECT count(*), count(conflict) FROM temp.undo_plan",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut stmt = t.prepare(
            "SELECT contact, conflict FROM temp.undo_plan WHERE conflict IS NOT NULL ORDER BY contact LIMIT 20",
        )?;
        let conflicts = stmt
            .query_map([], |r| {
                let id: String = r.get(0)?;
                let why: String = r.get(1)?;
                Ok(format!("`{id}` ({why})"))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(UndoPlan {
            targets: u64::try_from(targets).unwrap_or(0),
            conflicts,
            conflict_count: u64::try_from(conflict_count).unwrap_or(0),
        })
    }

    fn undo_status(
        &mut self,
        new_batch: i64,
        now: Ts,
        who: &Who,
        note: Option<&str>,
    ) -> Result<u64> {
        // The status-only contacts without a conflict whose state would change (an undo
        // that would restore what is already there changes nothing), with what
        // `undo_plan` read of them under this same lock.
        const RESTORE: &str = "conflict IS NULL AND mixed = 0 AND now_status IS NOT NULL \
             AND NOT coalesce(now_status = status AND now_reason = reason \
                              AND now_wake_at IS wake_at, 0)";
        let t = &self.tx;
        t.execute(
            &format!(
                "INSERT INTO history (batch, at, kind, contact, from_status, from_reason, from_wake_at, \
                 to_status, reason, wake_at, from_counters, to_counters, note, actor, os_user) \
                 SELECT ?1, ?2, 'status', contact, now_status, now_reason, now_wake_at, status, \
                 reason, wake_at, now_counters, counters, ?3, ?4, ?5 \
                 FROM temp.undo_plan WHERE {RESTORE} ORDER BY contact"
            ),
            params![new_batch, now, note, who.actor, who.os_user],
        )?;
        // Each target looked up by id (an UPDATE ... FROM undo_plan may scan every
        // contact instead).
        let n = t.execute(
            &format!(
                "UPDATE {BULK} contacts SET (status, reason, wake_at, counters, bot_messages) = \
                 (SELECT u.status, u.reason, u.wake_at, u.counters, {} \
                  FROM temp.undo_plan u WHERE u.contact = contacts.id), \
                 changed_at = ?1, changed_by = ?2, note = ?3 \
                 WHERE id IN (SELECT contact FROM temp.undo_plan WHERE {RESTORE})",
                highest("u.counters")
            ),
            params![now, who.actor, note],
        )?;
        Ok(n as u64)
    }

    fn undo_others(&self) -> Result<Vec<String>> {
        let mut stmt = self.tx.prepare(
            "SELECT contact FROM temp.undo_plan WHERE conflict IS NULL AND mixed = 1 ORDER BY contact",
        )?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(ids)
    }

    fn undo_rows(&self, batch: i64, each: Each<Change>) -> Result<()> {
        // Not the status rows undo_status restored: rows without a contact, the rows of
        // the contacts left for row-by-row work, and the batch's first status row.
        super::read::batch_rows(
            &self.tx,
            batch,
            "AND (h.contact IS NULL \
             OR h.contact IN (SELECT contact FROM temp.undo_plan \
               WHERE conflict IS NULL AND mixed = 1) \
             OR h.seq = (SELECT min(seq) FROM history WHERE batch = ?1 AND kind = 'status'))",
            each,
        )
    }

    fn import_sets_status(&self) -> Result<bool> {
        super::import::sets_status(&self.tx)
    }

    fn merge_import(
        &mut self,
        batch: i64,
        mode: crate::store::ImportMode,
        who: &Who,
        now: Ts,
        note: Option<&str>,
    ) -> Result<crate::store::ImportCounts> {
        super::import::merge(&self.tx, self.plan.as_ref(), batch, mode, who, now, note)
    }

    fn stage_import_ids(&mut self) -> Result<u64> {
        self.ensure_temp()?;
        if let Some(plan) = &self.plan {
            // Staged with the plan, before the lock.
            return Ok(plan.rows);
        }
        super::import::stage_ids(&self.tx)
    }

    fn savepoint(&mut self, name: &str) -> Result<()> {
        self.tx
            .prepare_cached(&format!(
                "SAVEPOINT {}",
                crate::store::savepoint_name(name)?
            ))?
            .execute([])?;
        Ok(())
    }

    fn release(&mut self, name: &str) -> Result<()> {
        self.tx
            .prepare_cached(&format!("RELEASE {}", crate::store::savepoint_name(name)?))?
            .execute([])?;
        Ok(())
    }

    fn rollback_to(&mut self, name: &str) -> Result<()> {
        let name = crate::store::savepoint_name(name)?;
        self.tx
            .prepare_cached(&format!("ROLLBACK TO {name}"))?
            .execute([])?;
        self.tx
            .prepare_cached(&format!("RELEASE {name}"))?
            .execute([])?;
        Ok(())
    }

    fn raw_counts(&self) -> Result<crate::store::raw::Counts> {
        super::raw::counts(&self.tx)
    }

    fn import_raw(
        &mut self,
        table: crate::store::raw::Table,
        rows: &[crate::store::raw::RawRow],
    ) -> Result<()> {
        super::raw::import(&self.tx, table, rows)
    }

    fn finish_raw(&mut self) -> Result<()> {
        // Batch ids and history `seq` are rowids: the next is one past the highest.
        Ok(())
    }

    fn commit(self: Box<Self>) -> Result<()> {
        let (path, file) = self.file;
        // Replaced or moved meanwhile: the change would go to a file the path no longer
        // names (and its log, beside whatever now has that name). Rolled back instead.
        crate::dbfile::still_there(path, file)?;
        self.tx.commit().context("cannot commit the change")?;
        // A change is done only if it reached the database file the path names.
        crate::dbfile::still_there(path, file)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::core::{Contact, Details, Status, Who};
    use crate::store::{Read, Scope, Store, sqlite::SqliteStore};

    /// A new database in a temporary folder (kept while the folder lives), and who writes.
    fn fresh() -> (tempfile::TempDir, SqliteStore, Who) {
        let dir = tempfile::tempdir().unwrap();
        let store =
            SqliteStore::open(&dir.path().join("t.db"), crate::dbfile::Access::Create).unwrap();
        let who = Who {
            actor: "t".into(),
            os_user: "t".into(),
        };
        (dir, store, who)
    }

    /// A constraint failure in a bulk update (`OR ROLLBACK`) ends the whole transaction:
    /// nothing of the batch stays, and the next write starts afresh.
    #[test]
    fn a_failed_bulk_update_leaves_nothing_and_the_next_write_works() {
        let (_dir, mut store, who) = fresh();
        let mut tx = store.write().unwrap();
        let b = tx.new_batch("add", &who, 1, None).unwrap();
        for id in ["a", "b"] {
            let c = Contact::new(id, &Details::default(), 1, "t");
            tx.insert_contact(&c, b, 1).unwrap();
        }
        tx.commit().unwrap();

        let mut tx = store.write().unwrap();
        let batch = tx.new_batch("set", &who, 2, None).unwrap();
        tx.stage(&mut ["a", "b"].into_iter()).unwrap();
        // Active with a timer breaks the table's CHECK constraint.
        let bad = crate::core::State {
            status: Status::Active,
            reason: crate::core::Reason::Manual,
            wake_at: Some(100),
            bot_messages: 0,
        };
        let err = tx.set_staged(batch, &bad, &who, 2, None).unwrap_err();
        assert!(format!("{err:#}").contains("CHECK"), "{err:#}");
        drop(tx);
        assert!(store.batch(batch).unwrap().is_none(), "the batch is gone");
        let mut rows = 0;
        store
            .batch_changes(batch, &mut |_| {
                rows += 1;
                Ok(())
            })
            .unwrap();
        assert_eq!(rows, 0, "no history row of the batch stayed");
        assert_eq!(
            store.contact("a").unwrap().unwrap().state.status,
            Status::Active
        );

        let mut tx = store.write().unwrap();
        let again = tx.new_batch("set", &who, 3, None).unwrap();
        tx.stage(&mut ["a"].into_iter()).unwrap();
        let snoozed = crate::core::requested(Status::Snoozed, Some(100)).unwrap();
        assert_eq!(tx.set_staged(again, &snoozed, &who, 3, None).unwrap(), 1);
        tx.commit().unwrap();
        assert_eq!(
            store.contact("a").unwrap().unwrap().state.wake_at,
            Some(100)
        );
    }

    /// A due timer among the staged ids is found whichever side is looked from: the due
    /// timers when they are fewer than the staged ids, else the staged ids.
    #[test]
    fn any_due_among_the_staged_ids_from_either_side() {
        let (_dir, mut store, who) = fresh();
        let mut tx = store.write().unwrap();
        let b = tx.new_batch("test", &who, 1, None).unwrap();
        // d*: a timer that runs out at 10; f*: at 1000; a*: active.
        for i in 1..=5 {
            for (prefix, wake_at) in [("d", Some(10)), ("f", Some(1000)), ("a", None)] {
                let mut c = Contact::new(&format!("{prefix}{i}"), &Details::default(), 1, "t");
                if wake_at.is_some() {
                    c.state = crate::core::requested(Status::Snoozed, wake_at).unwrap();
                }
                tx.insert_contact(&c, b, 1).unwrap();
            }
        }
        let mut due = |ids: &[&str], now| {
            tx.stage(&mut ids.iter().copied()).unwrap();
            tx.any_due(Scope::Staged, now).unwrap()
        };
        let others = ["a1", "a2", "a3", "a4", "a5", "f1", "f2", "f3", "f4", "f5"];
        // Fewer due timers (5) than staged ids: the timers are walked.
        assert!(!due(&others, 100));
        assert!(due(&[&others[..], &["d3"]].concat(), 100));
        // As many due timers as staged ids, or more: the ids are looked up.
        assert!(!due(&["a1"], 100));
        assert!(!due(&["f1", "zz"], 100));
        assert!(due(&["d1"], 100));
        assert!(due(&["a1", "d5"], 100));
        // No timer has run out yet.
        assert!(!due(&["d1"], 5));
        assert!(!due(&[], 100));
    }

    /// A savepoint undoes one step and keeps the rest of the transaction; a released one
    /// keeps its step; both can be taken again under the same name.
    #[test]
    fn savepoints() {
        let (_dir, mut store, who) = fresh();
        let mut tx = store.write().unwrap();
        let b = tx.new_batch("test", &who, 1, None).unwrap();
        let add = |tx: &mut dyn crate::store::Tx, id: &str| {
            let c = Contact::new(id, &Details::default(), 1, "t");
            tx.insert_contact(&c, b, 1).unwrap();
        };
        for (id, keep) in [("a", true), ("b", false), ("c", true), ("d", false)] {
            tx.savepoint("event").unwrap();
            add(tx.as_mut(), id);
            if keep {
                tx.release("event").unwrap();
            } else {
                tx.rollback_to("event").unwrap();
            }
        }
        let mut c = tx.contact("c").unwrap().unwrap();
        c.counters.insert("sms".into(), 2);
        tx.update_counters(&c).unwrap();
        assert!(tx.savepoint("no such; DROP").is_err());
        tx.commit().unwrap();
        let ids: Vec<String> = store
            .picker_entries(10)
            .unwrap()
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, ["a", "c"]);
        let c = store.contact("c").unwrap().unwrap();
        assert_eq!((c.state.bot_messages, c.counters.get("sms")), (2, Some(&2)));
    }
}
