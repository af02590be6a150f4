//! Message events (`record`): the core's event rules applied to one contact, with
//! per-channel counters and idempotency by event id.

use anyhow::{Result, bail};

use super::{Author, catch_up};
use crate::core::{
    self, Change, Contact, Details, Event, Kind, Mode, Reason, Settings, State, Status, Ts,
    counters_json,
};
use crate::store::{Scope, Tx};
use crate::time;

/// One event to record.
#[derive(Clone, Debug)]
pub struct EventIn<'a> {
    pub event: Event,
    pub contact: &'a str,
    pub channel: &'a str,
    /// The event's id, for idempotency.
    pub id: Option<&'a str>,
}

/// What recording an event did.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// The contact as it is now (`None` when the mode is off and it does not exist).
    pub contact: Option<Contact>,
    /// The status (or reason, or timer) changed.
    pub changed: bool,
    pub created: bool,
    /// The event id was recorded before: nothing changed.
    pub duplicate: bool,
    /// The bot mode is off: nothing was recorded.
    pub off: bool,
    pub batch: Option<i64>,
}

/// Checks an event id (`record --event-id`, a stream's `id`) by the rules of a contact
/// id: non-empty, at most 256 bytes, no control characters.
pub fn validate_event_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("an event id cannot be empty; leave it out instead".into());
    }
    crate::ids::validate_opaque("an event id", id)
}

/// How long event ids are kept for deduplication.
pub const KEEP_EVENT_IDS_SECS: i64 = 8 * 86_400;

/// The oldest instant an event id recorded at or after is still kept, for an event
/// recorded at `recorded_at`: an older id counts as forgotten, pruned yet or not.
pub fn kept_since(recorded_at: Ts) -> Ts {
    recorded_at.saturating_sub(KEEP_EVENT_IDS_SECS)
}

/// The note of a message-limit snooze: the user's `--note`, if any, then the channel
/// (`lim; bot message limit reached on channel sms`).
pub fn limit_note(note: Option<&str>, channel: &str) -> String {
    let limit = format!("bot message limit reached on channel {channel}");
    match note {
        Some(n) if !n.is_empty() => format!("{n}; {limit}"),
        _ => limit,
    }
}

/// Writes a contact's move to `to` as a status row in `batch`, and the contact itself.
/// Becoming active (from another status) resets every channel's counter.
pub fn change_state(
    tx: &mut dyn Tx,
    batch: i64,
    c: Contact,
    to: State,
    by: &Author,
    row_note: Option<&str>,
) -> Result<Contact> {
    change_state_counting(tx, batch, c, to, None, by, row_note)
}

/// Like [`change_state`], with the counters after the change given (an event counted).
pub fn change_state_counting(
    tx: &mut dyn Tx,
    batch: i64,
    c: Contact,
    to: State,
    counters: Option<crate::core::Counters>,
    by: &Author,
    row_note: Option<&str>,
) -> Result<Contact> {
    let mut counters = counters.unwrap_or_else(|| c.counters.clone());
    if to.status == Status::Active && c.state.status != Status::Active {
        counters.clear();
    }
    write_state(tx, batch, c, to, counters, by, row_note)
}

/// Writes a contact's move to `to` with exactly `counters` after it (no reset for
/// becoming active: what `undo` puts back), as a status row in `batch`.
pub fn write_state(
    tx: &mut dyn Tx,
    batch: i64,
    mut c: Contact,
    to: State,
    counters: crate::core::Counters,
    by: &Author,
    row_note: Option<&str>,
) -> Result<Contact> {
    let mut row = Change::new(batch, by.now, Kind::Status, by.who);
    row.contact = Some(c.id.clone());
    row.from = Some(c.state);
    row.to = Some(to);
    row.from_counters = counters_json(&c.counters);
    row.to_counters = counters_json(&counters);
    row.note = row_note.map(str::to_string).or(by.note.map(str::to_string));
    tx.insert_change(&row)?;
    c.state = State {
        bot_messages: core::highest(&counters),
        ..to
    };
    c.counters = counters;
    c.changed_at = by.now;
    c.changed_by = by.who.actor.clone();
    c.note = row.note;
    tx.update_state(&c)?;
    Ok(c)
}

/// Adds a new, active contact in `batch` with an `added` row.
pub fn add_contact(
    tx: &mut dyn Tx,
    batch: i64,
    id: &str,
    details: &Details,
    by: &Author,
) -> Result<Contact> {
    let mut c = Contact::new(id, details, by.now, &by.who.actor);
    c.note = by.note.map(str::to_string);
    tx.insert_contact(&c, batch, by.now)?;
    let mut row = Change::new(batch, by.now, Kind::Added, by.who);
    row.contact = Some(id.to_string());
    row.to = Some(c.state);
    row.to_value = details_json(details);
    tx.insert_change(&row)?;
    Ok(c)
}

/// Details as JSON for history rows (`None` when all are empty).
pub fn details_json(d: &Details) -> Option<String> {
    if d.name.is_none() && d.phone.is_none() && d.email.is_none() {
        None
    } else {
        serde_json::to_string(d).ok()
    }
}

/// Records one event inside `tx` (the caller commits). Everything the decision depends
/// on (mode, settings, the contact, the event id) is read under the write lock.
pub fn record(
    tx: &mut dyn Tx,
    ev: &EventIn,
    create_missing: bool,
    command: &str,
    by: &Author,
) -> Result<Recorded> {
    let given = Given {
        mode: tx.mode()?,
        settings: tx.settings()?,
        create_missing,
        recorded_at: by.now,
        in_order: false,
        prune: true,
    };
    record_with(tx, ev, &given, command, by)
}

/// What recording reads once per transaction (a stream reads it once per group: nothing
/// else can change it while the write lock is held), and how it records.
#[derive(Clone, Debug)]
pub struct Given {
    pub mode: Mode,
    pub settings: Settings,
    pub create_missing: bool,
    /// When the event is recorded (the clock; `by.now` is the event's own time). Its id
    /// is kept from then, so that an old event's id is still kept for the full period.
    pub recorded_at: Ts,
    /// Refuse an event dated before the contact's last change: its latest status change
    /// as `status` shows it at `recorded_at` (a timer that ran out by then counts, at its
    /// `wake_at`).
    pub in_order: bool,
    /// Forget expired event ids first (a stream does it once per group instead).
    pub prune: bool,
}

/// The instant a contact last changed, as seen at `now`: a timer that ran out by then
/// woke it at its `wake_at`.
pub fn last_change(c: &Contact, now: Ts) -> Ts {
    c.state.due(now).unwrap_or(c.changed_at)
}

/// [`record`] with the mode and settings given.
pub fn record_with(
    tx: &mut dyn Tx,
    ev: &EventIn,
    given: &Given,
    command: &str,
    by: &Author,
) -> Result<Recorded> {
    let mut out = Recorded {
        contact: None,
        changed: false,
        created: false,
        duplicate: false,
        off: false,
        batch: None,
    };
    if given.mode == Mode::Off {
        out.off = true;
        out.contact = tx.contact(ev.contact)?.map(|c| c.effective(by.now));
        return Ok(out);
    }
    if let Some(id) = ev.id
        && tx.event_seen(id, kept_since(given.recorded_at))?
    {
        // Nothing changes, whatever became of the contact since (removed: `None`), so a
        // retried delivery never fails for good.
        out.duplicate = true;
        out.contact = tx.contact(ev.contact)?.map(|c| c.effective(by.now));
        return Ok(out);
    }
    let stored = tx.contact(ev.contact)?;
    if given.in_order
        && let Some(c) = &stored
    {
        let last = last_change(c, given.recorded_at);
        if by.now < last {
            bail!(
                "the event's `at` ({}) is before the contact's last change ({}); events of a \
                 contact must come in order (leave `at` out to mean now)",
                time::rfc3339(by.now),
                time::rfc3339(last)
            );
        }
    }
    let stored = match stored {
        Some(c) if c.state.due(by.now).is_some() => {
            catch_up(tx, Scope::One(ev.contact), by)?;
            tx.contact(ev.contact)?
        }
        other => other,
    };
    let settings = &given.settings;
    let c = match stored {
        Some(c) => c,
        None if given.create_missing => {
            crate::ids::validate_new(ev.contact).map_err(anyhow::Error::msg)?;
            let batch = tx.new_batch(command, by.who, by.now, by.note)?;
            out.batch = Some(batch);
            out.created = true;
            add_contact(tx, batch, ev.contact, &Details::default(), by)?
        }
        None => return Err(super::unknown_ids(&[ev.contact.to_string()], 1, true)),
    };
    let (after, counters) = core::apply_channel_event(
        &c.state,
        &c.counters,
        ev.event,
        ev.channel,
        settings,
        by.now,
    );
    let status_changed = (after.status, after.reason, after.wake_at)
        != (c.state.status, c.state.reason, c.state.wake_at);
    let c = if status_changed {
        let batch = match out.batch {
            Some(b) => b,
            None => tx.new_batch(command, by.who, by.now, by.note)?,
        };
        out.batch = Some(batch);
        out.changed = true;
        let note = (after.reason == Reason::MessageLimit).then(|| limit_note(by.note, ev.channel));
        change_state_counting(tx, batch, c, after, Some(counters), by, note.as_deref())?
    } else if counters != c.counters {
        let mut c = c;
        c.state.bot_messages = core::highest(&counters);
        c.counters = counters;
        tx.update_counters(&c)?;
        c
    } else {
        c
    };
    if let Some(id) = ev.id {
        if given.prune {
            tx.prune_events(kept_since(given.recorded_at))?;
        }
        tx.insert_event(id, given.recorded_at, ev.contact, out.batch)?;
    }
    out.contact = Some(c);
    Ok(out)
}
