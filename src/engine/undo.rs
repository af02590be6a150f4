//! `undo BATCH`: put back everything a batch changed (statuses, counters, added and
//! removed contacts, details, mode, settings) as one new batch. Refuses, changing
//! nothing, when any of it changed again since, unless `force` (which skips those).
//! Linear in the batch's size: status rows are restored, and contacts the batch added are
//! removed, set-based; contacts it removed are put back in bulk; the rest one by one with
//! lookups by map.

use std::collections::HashMap;

use anyhow::{Result, anyhow, bail};

use super::contacts::write_details;
use super::{Author, listed_of, require_bot_on};
use crate::core::{Change, Contact, Details, Kind, State, counters_from_json};
use crate::store::{Store, Tx};

/// What an undo did (or, with `dry_run`, would do).
#[derive(Clone, Debug, Default)]
pub struct Undone {
    pub command: String,
    /// Contacts and settings put back.
    pub restored: u64,
    /// Of `restored`, the contacts the batch had added, removed again.
    pub removed: u64,
    /// Contacts and settings the batch changed (put back, already as before it, or
    /// skipped).
    pub total: u64,
    /// What was skipped (with `force`) or refused, in words, and how many.
    pub skipped: Vec<String>,
    pub skipped_count: u64,
    pub batch: Option<i64>,
    /// The mode and settings put back (counted in `restored` too), in words:
    /// "the bot mode (off → autopilot)", "`sleep-time` (30m → 2h)".
    pub workspace: Vec<String>,
}

/// A mode or setting the batch changed: its value before the batch's first row and after
/// its last.
struct Workspace {
    key: String,
    kind: Kind,
    before: String,
    after: String,
}

pub fn undo(
    store: &mut dyn Store,
    batch: i64,
    force: bool,
    dry_run: bool,
    by: &Author,
) -> Result<Undone> {
    // A dry run changes nothing, so other writers need not wait for it.
    let mut tx = if dry_run {
        store.dry()?
    } else {
        store.write()?
    };
    let b = tx
        .batch(batch)?
        .ok_or_else(|| anyhow!("there is no batch {batch} (see `botctl history` for batch ids)"))?;
    let plan = tx.undo_plan(batch, by.now)?;
    let mut workspace: Vec<Workspace> = Vec::new();
    let mut others: HashMap<String, Kept> = tx
        .undo_others()?
        .into_iter()
        .map(|id| (id, Kept::Nothing))
        .collect();
    let mut touches_status = false;
    tx.undo_rows(batch, &mut |row| {
        // Adding and removing contacts works while the bot is off, and so does their undo.
        if row.kind == Kind::Status {
            touches_status = true;
        }
        match (&row.contact, row.kind) {
            (None, Kind::Mode | Kind::Setting) => {
                let key = row.setting.clone().unwrap_or_else(|| "mode".into());
                let before = row.from_value.clone().unwrap_or_default();
                let after = row.to_value.clone().unwrap_or_default();
                match workspace.iter_mut().find(|w| w.key == key) {
                    Some(w) => w.after = after,
                    None => workspace.push(Workspace {
                        key,
                        kind: row.kind,
                        before,
                        after,
                    }),
                }
            }
            (Some(id), _) => {
                if let Some(kept) = others.get_mut(id) {
                    kept.keep(row);
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    if plan.targets == 0 && workspace.is_empty() {
        bail!(
            "batch {batch} (`{}`) changed nothing that can be undone",
            crate::output::shown(&b.command)
        );
    }
    let mut skipped = plan.conflicts.clone();
    let mut skipped_count = plan.conflict_count;
    let current: HashMap<&str, String> = {
        let settings = tx.settings()?;
        let mode = tx.mode()?;
        let mut m = HashMap::new();
        for w in &workspace {
            let now = if w.kind == Kind::Mode {
                mode.to_string()
            } else {
                match crate::settings::find(&w.key) {
                    Ok(k) => (k.show)(&settings),
                    Err(_) => String::new(),
                }
            };
            m.insert(w.key.as_str(), now);
        }
        m
    };
    let mut restore_ws = Vec::new();
    for w in &workspace {
        if current.get(w.key.as_str()) == Some(&w.after) {
            restore_ws.push(w);
        } else {
            skipped.push(format!(
                "{} (now {})",
                if w.kind == Kind::Mode {
                    "the bot mode".to_string()
                } else {
                    format!("`{}`", w.key)
                },
                current.get(w.key.as_str()).map_or("", String::as_str)
            ));
            skipped_count += 1;
        }
    }
    if skipped_count > 0 && !force {
        bail!(
            "cannot undo batch {batch}: {} changed again since: {}; nothing was changed \
             (`botctl undo {batch} --force` undoes the rest and skips these)",
            crate::output::contacts_or_items(skipped_count),
            listed_of(&skipped, skipped_count),
        );
    }
    if touches_status && plan.targets > skipped_count {
        // Restoring a mode of `off` is allowed; changing statuses needs the bot on.
        require_bot_on(tx.mode()?)?;
    }
    let restorable = plan.targets + workspace.len() as u64 - skipped_count;
    let words: Vec<String> = restore_ws
        .iter()
        .map(|w| {
            let what = if w.kind == Kind::Mode {
                "the bot mode".to_string()
            } else {
                format!("`{}`", w.key)
            };
            format!(
                "{what} ({} → {})",
                crate::output::shown(&w.after),
                crate::output::shown(&w.before)
            )
        })
        .collect();
    let mut others: Vec<(&String, &Kept)> = others.iter().collect();
    others.sort_by_key(|(id, _)| *id);
    // By what the batch did to each contact first: added, removed, or changed.
    let (mut added, mut removed, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    for (id, kept) in others {
        match kept {
            Kept::Added => added.push(id),
            Kept::Removed(record) => removed.push((id, record.as_deref())),
            Kept::Changed(rows) => changed.push((id, rows)),
            Kept::Nothing => {}
        }
    }
    if dry_run {
        return Ok(Undone {
            command: b.command,
            restored: restorable,
            removed: added.len() as u64,
            total: plan.targets + workspace.len() as u64,
            skipped,
            skipped_count,
            batch: None,
            workspace: words,
        });
    }
    // A timer that ran out of a contact whose details come back is written down first (a
    // status the batch changed is a conflict above instead).
    let mut woke = 0;
    if !changed.is_empty() {
        tx.stage(&mut changed.iter().map(|(id, _)| id.as_str()))?;
        woke = super::catch_up(tx.as_mut(), crate::store::Scope::Staged, by)?;
    }
    let new_batch = tx.new_batch(&format!("undo {batch}"), by.who, by.now, by.note)?;
    let mut restored = tx.undo_status(new_batch, by.now, by.who, by.note)?;
    // Contacts the batch added (an import's new rows, say) are removed again in one
    // set-based step, keeping each record; those removed since are simply not there.
    let mut removed_again = 0;
    if !added.is_empty() {
        tx.stage(&mut added.iter().map(|id| id.as_str()))?;
        removed_again = tx.remove_staged(new_batch, by.who, by.now, by.note)?;
        restored += removed_again;
    }
    // Contacts the batch removed come back whole, sent to the store in bulk.
    for ids in removed.chunks(PUT_BACK_AT_ONCE) {
        let back = ids
            .iter()
            .map(|(id, record)| put_back(*record, id, new_batch, by))
            .collect::<Result<Vec<_>>>()?;
        tx.insert_contacts(new_batch, &back)?;
        restored += back.len() as u64;
    }
    for (id, rows) in changed {
        if undo_contact(tx.as_mut(), new_batch, id, rows, by)? {
            restored += 1;
        }
    }
    for w in restore_ws {
        let mut row = Change::new(new_batch, by.now, w.kind, by.who);
        row.from_value = Some(w.after.clone());
        row.to_value = Some(w.before.clone());
        row.note = by.note.map(str::to_string);
        if w.kind == Kind::Setting {
            row.setting = Some(w.key.clone());
        }
        tx.set_setting(&w.key, &w.before)?;
        tx.insert_change(&row)?;
        restored += 1;
    }
    let batch_id = super::change::finish_batch(tx, new_batch, restored, woke)?;
    Ok(Undone {
        command: b.command,
        restored,
        removed: removed_again,
        total: plan.targets + workspace.len() as u64,
        skipped,
        skipped_count,
        batch: batch_id,
        workspace: words,
    })
}

/// Puts back one contact whose rows in the batch are not only status rows and that the
/// batch neither added nor removed (those are put back in bulk by [`undo`]). Returns
/// whether anything changed.
fn undo_contact(
    tx: &mut dyn Tx,
    batch: i64,
    id: &str,
    rows: &[Change],
    by: &Author,
) -> Result<bool> {
    let Some(first) = rows.first() else {
        return Ok(false);
    };
    match first.kind {
        Kind::Added | Kind::Removed => Ok(false),
        _ => {
            let Some(c) = tx.contact(id)? else {
                return Ok(false);
            };
            let mut changed = false;
            if let Some(d) = rows.iter().find(|r| r.kind == Kind::Details) {
                let before: Details = d
                    .from_value
                    .as_deref()
                    .and_then(|v| serde_json::from_str(v).ok())
                    .unwrap_or_default();
                let after = c.details();
                if before != after {
                    write_details(tx, batch, id, &after, &before, by)?;
                    changed = true;
                }
            }
            let status_rows: Vec<&Change> =
                rows.iter().filter(|r| r.kind == Kind::Status).collect();
            if let (Some(f), Some(l)) = (status_rows.first(), status_rows.last())
                && let Some(before) = f.from
            {
                let (to, counters) = crate::core::undo_restore(
                    &before,
                    &counters_from_json(f.from_counters.as_deref()),
                    &counters_from_json(l.to_counters.as_deref()),
                    &c.counters,
                    by.now,
                );
                if (to.status, to.reason, to.wake_at)
                    != (c.state.status, c.state.reason, c.state.wake_at)
                {
                    super::record::write_state(tx, batch, c, to, counters, by, None)?;
                    changed = true;
                }
            }
            Ok(changed)
        }
    }
}

/// What undo keeps of the rows in the batch of a contact it does not restore set-based:
/// only what putting it back needs, so that a batch of a million removed, added or edited
/// contacts fits in memory.
enum Kept {
    /// No row seen yet.
    Nothing,
    /// The batch added it first: it is removed again.
    Added,
    /// The batch removed it first: its whole record, to bring it back.
    Removed(Option<String>),
    /// The batch changed it: its first details row, and its first and last status rows,
    /// without what [`undo_contact`] does not read.
    Changed(Vec<Change>),
}

impl Kept {
    fn keep(&mut self, mut row: Change) {
        match self {
            Kept::Nothing => {
                *self = match row.kind {
                    Kind::Added => Kept::Added,
                    Kind::Removed => Kept::Removed(row.record.take()),
                    _ => Kept::Changed(Vec::new()),
                };
                if let Kept::Changed(rows) = self {
                    rows.push(slim(row));
                }
            }
            // Only what the batch did first matters for these.
            Kept::Added | Kept::Removed(_) => {}
            Kept::Changed(rows) => match row.kind {
                Kind::Details if !rows.iter().any(|r| r.kind == Kind::Details) => {
                    rows.push(slim(row));
                }
                Kind::Status => {
                    let statuses = rows.iter().filter(|r| r.kind == Kind::Status).count();
                    match rows.iter().rposition(|r| r.kind == Kind::Status) {
                        // The last status row so far gives way to this later one.
                        Some(last) if statuses >= 2 => rows[last] = slim(row),
                        _ => rows.push(slim(row)),
                    }
                }
                _ => {}
            },
        }
    }
}

/// A row without the text [`undo_contact`] does not read.
fn slim(mut row: Change) -> Change {
    row.contact = None;
    row.setting = None;
    row.to_value = None;
    row.record = None;
    row.note = None;
    row.actor = String::new();
    row.os_user = String::new();
    row
}

/// How many removed contacts are sent to the store at once when put back.
const PUT_BACK_AT_ONCE: usize = 10_000;

/// A removed contact as it comes back (its timer run out meanwhile woken), its creation
/// time, and the `added` row that says so.
fn put_back(
    record: Option<&str>,
    id: &str,
    batch: i64,
    by: &Author,
) -> Result<(Contact, i64, Change)> {
    let record = record
        .ok_or_else(|| anyhow!("the history row removing `{id}` has no record to restore"))?;
    let (c, created_at) = contact_from_record(record, by.now)?;
    let c = c.effective(by.now);
    let mut row = Change::new(batch, by.now, Kind::Added, by.who);
    row.contact = Some(id.to_string());
    row.to = Some(c.state);
    row.to_counters = crate::core::counters_json(&c.counters);
    row.to_value = super::record::details_json(&c.details());
    row.note = by.note.map(str::to_string);
    Ok((c, created_at, row))
}

/// A removed contact's record, as its history row keeps it.
fn contact_from_record(record: &str, now: i64) -> Result<(Contact, i64)> {
    #[derive(serde::Deserialize)]
    struct Rec {
        id: String,
        name: Option<String>,
        phone: Option<String>,
        email: Option<String>,
        status: String,
        reason: String,
        wake_at: Option<i64>,
        counters: Option<String>,
        changed_at: i64,
        changed_by: String,
        note: Option<String>,
        created_at: Option<i64>,
    }
    let r: Rec = serde_json::from_str(record)
        .map_err(|e| anyhow!("the removed contact's record is damaged: {e}"))?;
    let counters = counters_from_json(r.counters.as_deref());
    let state = State {
        status: r.status.parse().map_err(anyhow::Error::msg)?,
        reason: r.reason.parse().map_err(anyhow::Error::msg)?,
        wake_at: r.wake_at,
        bot_messages: crate::core::highest(&counters),
    };
    Ok((
        Contact {
            id: r.id,
            name: r.name,
            phone: r.phone,
            email: r.email,
            state,
            counters,
            changed_at: r.changed_at,
            changed_by: r.changed_by,
            note: r.note,
        },
        r.created_at.unwrap_or(now),
    ))
}
