//! Changing the status of contacts by hand (`set`, `snooze`, `wake`): one transaction,
//! all or nothing, set-based over the staged ids.

use anyhow::Result;

use super::{Author, catch_up, require_bot_on, staged_unknown};
use crate::core::{self, State, Ts};
use crate::store::Read;
use crate::store::{Scope, Store, Tx};

/// A planned change of one contact, as `--dry-run` and confirmation show it.
#[derive(Clone, Debug)]
pub struct Planned {
    pub id: String,
    /// `None`: the contact does not exist yet (it would be created).
    pub from: Option<State>,
    /// `None`: the contact would be removed.
    pub to: Option<State>,
}

/// The status a bulk change moves contacts to.
#[derive(Clone, Copy, Debug)]
pub enum Target {
    /// A status (and timer) given in full.
    Fixed(State),
    /// Snoozed for the `sleep-time` setting (`snooze` without `--for`/`--until`), read
    /// under the write lock, so that a concurrent `config set` is never missed.
    SleepTime,
    /// A status with a timer `secs` after the change is made (`--for`), so that time spent
    /// on a question or on reading stdin is not taken from the timer.
    For(core::Status, i64),
}

impl Target {
    /// The state this target means at `now` under `settings`.
    pub fn resolve(&self, settings: &core::Settings, now: Ts) -> Result<State> {
        match self {
            // A timer given as an instant must still lie ahead when the change is made.
            Target::Fixed(s) => match s.wake_at {
                Some(at) => {
                    crate::time::check_timer(at, now)?;
                    Ok(*s)
                }
                None => Ok(*s),
            },
            Target::For(status, secs) => {
                let wake_at = crate::time::check_timer(now.saturating_add(*secs), now)?;
                core::requested(*status, Some(wake_at)).map_err(anyhow::Error::msg)
            }
            Target::SleepTime => {
                let wake_at = match settings.sleep_time {
                    Some(secs) => Some(crate::time::check_timer(now.saturating_add(secs), now)?),
                    None => None,
                };
                core::requested(core::Status::Snoozed, wake_at).map_err(anyhow::Error::msg)
            }
        }
    }
}

/// What a bulk change did.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Contacts whose status changed.
    pub changed: u64,
    /// Contacts created (with `--create-missing`).
    pub created: u64,
    /// Distinct ids asked for.
    pub asked: u64,
    pub batch: Option<i64>,
    /// The state the contacts were moved to.
    pub target: Option<State>,
}

/// Plans moving `ids` to `target` from a read: the contacts that would change, and the
/// ids that are not contacts. Nothing is locked, so a person can be asked in between.
pub fn plan(
    store: &dyn Read,
    ids: &[String],
    target: &State,
    now: Ts,
) -> Result<(Vec<Planned>, Vec<String>)> {
    let mut plan = Vec::new();
    let mut missing = Vec::new();
    for id in ids {
        match store.contact(id)? {
            None => missing.push(id.clone()),
            Some(c) => {
                let c = c.effective(now);
                if !c.state.satisfies(target) {
                    plan.push(Planned {
                        id: id.clone(),
                        from: Some(c.state),
                        to: Some(core::apply_manual(&c.state, target)),
                    });
                }
            }
        }
    }
    Ok((plan, missing))
}

/// Moves every contact in `ids` to `target` in one batch named `command`. Contacts already
/// there are left alone. Unknown ids refuse the whole change unless `create_missing`.
pub fn apply(
    store: &mut dyn Store,
    ids: &[String],
    target: &Target,
    create_missing: bool,
    command: &str,
    by: &Author,
) -> Result<Outcome> {
    let mut tx = store.write()?;
    require_bot_on(tx.mode()?)?;
    let target = &target.resolve(&tx.settings()?, by.now)?;
    let asked = tx.stage(&mut ids.iter().map(String::as_str))?;
    let (_, total) = tx.staged_missing(0)?;
    if total > 0 && !create_missing {
        return Err(staged_unknown(&*tx, ids, total, true)?);
    }
    if total > 0 {
        // Ids created here must follow the rules for new ids (they round-trip).
        let (all, _) = tx.staged_missing(usize::MAX)?;
        let bad: Vec<String> = all
            .iter()
            .filter_map(|id| crate::ids::validate_new(id).err())
            .collect();
        if !bad.is_empty() {
            anyhow::bail!(
                "{} id{} cannot be created: {}; nothing was changed",
                bad.len(),
                if bad.len() == 1 { "" } else { "s" },
                super::listed_of(&bad, bad.len() as u64)
            );
        }
    }
    let woke = catch_up(tx.as_mut(), Scope::Staged, by)?;
    let batch = tx.new_batch(command, by.who, by.now, by.note)?;
    let changed = tx.set_staged(batch, target, by.who, by.now, by.note)?;
    let created = if total > 0 {
        tx.add_staged_missing(batch, target, by.who, by.now, by.note)?
    } else {
        0
    };
    let batch = finish_batch(tx, batch, changed + created, woke)?;
    Ok(Outcome {
        changed,
        created,
        asked,
        batch,
        target: Some(*target),
    })
}

/// Commits when anything was written; a batch that changed nothing is not kept.
pub fn finish_batch(
    mut tx: Box<dyn Tx + '_>,
    batch: i64,
    changes: u64,
    other_writes: u64,
) -> Result<Option<i64>> {
    if changes == 0 {
        tx.discard_batch(batch)?;
        if other_writes > 0 {
            tx.commit()?;
        }
        return Ok(None);
    }
    tx.commit()?;
    Ok(Some(batch))
}

/// Pushes the timers of `ids` later by `secs` (`snooze --extend`). Every contact must be
/// snoozed or inactive with a timer; the new time must lie within 10 years.
pub fn extend(store: &mut dyn Store, ids: &[String], secs: i64, by: &Author) -> Result<Outcome> {
    let mut tx = store.write()?;
    require_bot_on(tx.mode()?)?;
    let asked = tx.stage(&mut ids.iter().map(String::as_str))?;
    let (_, total) = tx.staged_missing(0)?;
    if total > 0 {
        return Err(staged_unknown(&*tx, ids, total, false)?);
    }
    let woke = catch_up(tx.as_mut(), Scope::Staged, by)?;
    // Checked and written set-based: a contact without a timer refuses the whole
    // change; so does a timer pushed past the 10-year limit (the latest one is checked).
    let timers = tx.staged_timers(super::SHOWN)?;
    if timers.without_count > 0 {
        let without: Vec<String> = timers
            .without
            .iter()
            .map(|(id, status)| format!("`{}` ({status})", crate::output::shown(id)))
            .collect();
        anyhow::bail!(
            "cannot extend: {} no timer: {}; nothing was changed (give them one with `botctl snooze ID --for DURATION`)",
            if timers.without_count == 1 {
                "this contact has"
            } else {
                "these contacts have"
            },
            super::listed_of(&without, timers.without_count)
        );
    }
    if let Some((id, at)) = &timers.latest {
        crate::time::check_timer(at.saturating_add(secs), by.now)
            .map_err(|e| e.context(format!("`{}`", crate::escape::shown(id))))?;
    }
    let batch = tx.new_batch("snooze --extend", by.who, by.now, by.note)?;
    let changed = tx.extend_staged(batch, secs, by.who, by.now, by.note)?;
    let batch = finish_batch(tx, batch, changed, woke)?;
    Ok(Outcome {
        changed,
        created: 0,
        asked,
        batch,
        target: None,
    })
}
