//! What a write transaction keeps between statements for a group of events
//! (`record --stdin`): the group's contacts and event ids read ahead in one round trip
//! each ([`crate::store::Tx::prefetch`]), and the small writes of counting events (a
//! contact's counters, an event id) held back and written as two set statements.
//!
//! The rule that keeps this exact: every statement a [`super::tx::PgTx`] runs first
//! writes what is held back ([`Group::flush`]), so no statement ever sees the table
//! without it; a statement that may change contacts in bulk also forgets the contacts read
//! ahead ([`Group::forget`]); a rollback to a savepoint forgets everything.
//!
//! The statements that look rows up by an array of ids are not kept prepared: a plan made
//! once for any array (a generic plan), picked while the table was small, scans the whole
//! table for good; planned for each array, they look each id up by key. A second round
//! trip per group is the price.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use postgres::Transaction;

use super::store::{CONTACT_COLUMNS, Stmts, cached, contact_from_row};
use crate::core::{Contact, Ts, counters_json, highest};

#[derive(Default)]
pub(crate) struct Group {
    /// Contacts read ahead, or written since, by id (`None`: known not to exist).
    contacts: HashMap<String, Option<Contact>>,
    /// Event ids asked about ahead of use.
    asked: HashSet<String>,
    /// Event ids known to be recorded (read ahead or held back), with when.
    seen: HashMap<String, Ts>,
    /// Counters to write: contact id → (bot_messages, counters JSON).
    counters: HashMap<String, (i64, Option<String>)>,
    /// Event ids to record: (id, at, contact, batch).
    events: Vec<(String, Ts, String, Option<i64>)>,
}

impl Group {
    /// Reads `ids` and `event_ids` in one statement each and keeps them.
    pub fn prefetch(
        &mut self,
        t: &mut Transaction,
        stmts: &Stmts,
        ids: &[&str],
        event_ids: &[&str],
    ) -> Result<()> {
        self.flush(t, stmts)?;
        if !ids.is_empty() {
            let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = ANY($1::text[])");
            for id in ids {
                self.contacts.insert((*id).to_string(), None);
            }
            for row in t.query(&sql, &[&ids])? {
                let c = contact_from_row(&row)?;
                self.contacts.insert(c.id.clone(), Some(c));
            }
        }
        if !event_ids.is_empty() {
            self.asked.extend(event_ids.iter().map(|s| s.to_string()));
            let sql = "SELECT id, at FROM events WHERE id = ANY($1::text[])";
            for row in t.query(sql, &[&event_ids])? {
                self.seen.insert(row.try_get(0)?, row.try_get(1)?);
            }
        }
        Ok(())
    }

    /// The contact, when it was read ahead or written in this transaction.
    pub fn contact(&self, id: &str) -> Option<Option<Contact>> {
        self.contacts.get(id).cloned()
    }

    /// Whether the event id is recorded at or after `since`, when that is known without
    /// asking.
    pub fn event_seen(&self, id: &str, since: Ts) -> Option<bool> {
        if let Some(at) = self.seen.get(id) {
            Some(*at >= since)
        } else if self.asked.contains(id) {
            Some(false)
        } else {
            None
        }
    }

    /// Keeps the contact as written (with `bot_messages` as the store writes it).
    pub fn wrote(&mut self, c: &Contact) {
        let mut c = c.clone();
        c.state.bot_messages = highest(&c.counters);
        self.contacts.insert(c.id.clone(), Some(c));
    }

    /// Forgets one contact (it changed in a way not kept here).
    pub fn forget_contact(&mut self, id: &str) {
        self.contacts.remove(id);
    }

    /// Holds back a write of the contact's counters.
    pub fn hold_counters(&mut self, c: &Contact) {
        self.counters.insert(
            c.id.clone(),
            (i64::from(highest(&c.counters)), counters_json(&c.counters)),
        );
        self.wrote(c);
    }

    /// Holds back recording an event id.
    pub fn hold_event(&mut self, id: &str, at: Ts, contact: &str, batch: Option<i64>) {
        self.seen.insert(id.to_string(), at);
        self.events
            .push((id.to_string(), at, contact.to_string(), batch));
    }

    /// Forgets the contacts read ahead (a statement may have changed any of them).
    pub fn forget(&mut self) {
        self.contacts.clear();
    }

    /// Forgets which event ids are recorded (some were pruned). Call after a flush.
    pub fn forget_events(&mut self) {
        self.asked.clear();
        self.seen.clear();
    }

    /// Forgets everything, writes held back included (a rollback undid them).
    pub fn reset(&mut self) {
        *self = Group::default();
    }

    /// Writes what is held back: two statements at most.
    pub fn flush(&mut self, t: &mut Transaction, stmts: &Stmts) -> Result<()> {
        if !self.counters.is_empty() {
            let mut rows: Vec<(String, (i64, Option<String>))> = self.counters.drain().collect();
            // In id order, as every bulk write locks rows.
            rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
            let bot: Vec<i64> = rows.iter().map(|r| r.1.0).collect();
            let json: Vec<Option<&str>> = rows.iter().map(|r| r.1.1.as_deref()).collect();
            let sql = "UPDATE contacts c SET bot_messages = u.bot, counters = u.counters \
                 FROM unnest($1::text[], $2::bigint[], $3::text[]) AS u(id, bot, counters) \
                 WHERE c.id = u.id";
            t.execute(sql, &[&ids, &bot, &json])?;
        }
        if !self.events.is_empty() {
            let rows = std::mem::take(&mut self.events);
            let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
            let at: Vec<Ts> = rows.iter().map(|r| r.1).collect();
            let contact: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
            let batch: Vec<Option<i64>> = rows.iter().map(|r| r.3).collect();
            let st = cached(
                t,
                stmts,
                "INSERT INTO events (id, at, contact, batch) \
                 SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[]) \
                 ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at, contact = EXCLUDED.contact, \
                 batch = EXCLUDED.batch",
            )?;
            t.execute(&st, &[&ids, &at, &contact, &batch])?;
        }
        Ok(())
    }
}
