//! The domain's records: contacts, history rows, batches and the filters that select
//! them. Plain data shared by the engine, the stores and the output; no I/O.

use super::{Counters, Kind, Reason, State, Status, Ts};

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
    /// Bot messages per channel since the contact last became active.
    pub counters: Counters,
    pub changed_at: Ts,
    pub changed_by: String,
    /// The note of the latest status change, if it had one.
    pub note: Option<String>,
}

impl Contact {
    /// A new contact: active, no counters.
    pub fn new(id: &str, details: &Details, now: Ts, by: &str) -> Contact {
        Contact {
            id: id.to_string(),
            name: details.name.clone(),
            phone: details.phone.clone(),
            email: details.email.clone(),
            state: State::NEW,
            counters: Counters::new(),
            changed_at: now,
            changed_by: by.to_string(),
            note: None,
        }
    }

    /// The contact as it is at `now`: a timer that has run out has woken it, dated at its
    /// `wake_at`, exactly as `sweep` writes it down.
    pub fn effective(mut self, now: Ts) -> Contact {
        if let Some(at) = self.state.due(now) {
            self.state = State::WOKEN;
            self.counters.clear();
            self.changed_at = at;
            self.changed_by = TIMER_ACTOR.to_string();
            self.note = None;
        }
        self
    }

    pub fn details(&self) -> Details {
        Details {
            name: self.name.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
        }
    }
}

/// Optional contact details, as `contacts add`, `edit` and `import` take them.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Details {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// One row of the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub seq: i64,
    pub batch: i64,
    pub at: Ts,
    pub kind: Kind,
    /// `None` for `mode` and `setting` rows.
    pub contact: Option<String>,
    /// The setting's key, for `setting` rows.
    pub setting: Option<String>,
    /// Status rows: the state before (`None` for `added`).
    pub from: Option<State>,
    /// Status and added rows: the state after (`None` for `removed`, `details`, …).
    pub to: Option<State>,
    /// Mode and setting rows: the values before and after; details rows: JSON details.
    pub from_value: Option<String>,
    pub to_value: Option<String>,
    /// Status rows: the counters before and after, as canonical JSON (`None`: all 0).
    pub from_counters: Option<String>,
    pub to_counters: Option<String>,
    /// Removed rows: the whole contact, as JSON, so undo can restore it.
    pub record: Option<String>,
    /// The row's own note (the channel of a message limit), else the batch's note.
    pub note: Option<String>,
    pub actor: String,
    pub os_user: String,
}

impl Change {
    /// A row of `kind` by `who` at `at` in `batch`, everything else empty.
    pub fn new(batch: i64, at: Ts, kind: Kind, who: &Who) -> Change {
        Change {
            seq: 0,
            batch,
            at,
            kind,
            contact: None,
            setting: None,
            from: None,
            to: None,
            from_value: None,
            to_value: None,
            from_counters: None,
            to_counters: None,
            record: None,
            note: None,
            actor: who.actor.clone(),
            os_user: who.os_user.clone(),
        }
    }
}

/// A batch: what one command changed.
#[derive(Clone, Debug)]
pub struct Batch {
    pub id: i64,
    pub at: Ts,
    pub command: String,
    pub actor: String,
    pub os_user: String,
    pub note: Option<String>,
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
    pub batch: Option<i64>,
    pub by: Option<String>,
    pub kind: Option<Kind>,
    pub reason: Option<Reason>,
    pub limit: Option<u64>,
}

/// Counters as stored: canonical JSON (keys sorted), `None` when every channel is at 0.
pub fn counters_json(c: &Counters) -> Option<String> {
    let nonzero: Counters = c
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| (k.clone(), *n))
        .collect();
    if nonzero.is_empty() {
        None
    } else {
        serde_json::to_string(&nonzero).ok()
    }
}

/// Counters from their stored JSON; damaged text reads as no counters.
pub fn counters_from_json(s: Option<&str>) -> Counters {
    s.and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}
