//! The engine: the pure core's rules applied to a store, one batch per command, set-based
//! where volume lives. One file per kind of change. Nothing here prints: each step
//! returns what it did, and the command turns that into words.

pub mod change;
pub mod columns;
pub mod contacts;
pub mod copy;
pub mod import;
pub mod record;
pub mod settings;
pub mod sweep;
pub mod undo;

use anyhow::{Result, anyhow, bail};

use crate::core::{Mode, Ts, Who};
use crate::store::{Scope, Tx};

/// Who changes something, when, and the note they left on the batch.
#[derive(Clone, Copy, Debug)]
pub struct Author<'a> {
    pub who: &'a Who,
    pub now: Ts,
    pub note: Option<&'a str>,
}

/// The longest `--note`, in bytes.
pub const MAX_NOTE_BYTES: usize = 1000;

/// Checks a note: at most 1000 bytes, no control characters.
pub fn validate_note(note: &str) -> Result<(), String> {
    if note.len() > MAX_NOTE_BYTES {
        return Err(format!(
            "a `--note` is at most {MAX_NOTE_BYTES} bytes; this one has {}",
            note.len()
        ));
    }
    if note.chars().any(char::is_control) {
        return Err(
            "a `--note` cannot contain control characters (such as newlines or tabs)".into(),
        );
    }
    Ok(())
}

/// Refuses a status change while the bot mode is off.
pub fn require_bot_on(mode: Mode) -> Result<()> {
    if mode == Mode::Off {
        bail!(
            "the bot mode is `off`, so contact statuses cannot change; turn the bot on first with \
             `botctl mode autopilot` or `botctl mode suggestive`"
        );
    }
    Ok(())
}

/// How many ids or contacts an error or note names before "and N more".
pub const SHOWN: usize = 20;

/// The error for staged `ids` of which `total` name no contact: it lists the first
/// [`SHOWN`] of those in the order they were given (so that a person finds them in their
/// file).
pub fn staged_unknown(
    tx: &dyn Tx,
    ids: &[String],
    total: u64,
    create_hint: bool,
) -> Result<anyhow::Error> {
    let (all, _) = tx.staged_missing(usize::MAX)?;
    let unknown: std::collections::HashSet<&str> = all.iter().map(String::as_str).collect();
    let mut seen = std::collections::HashSet::new();
    let first = ids
        .iter()
        .filter(|id| unknown.contains(id.as_str()) && seen.insert(id.as_str()))
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>();
    Ok(unknown_ids(&first, total, create_hint))
}

/// The first items (at most [`SHOWN`]), and how many more there are of `total`.
pub fn listed_of(items: &[String], total: u64) -> String {
    let mut list = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    let shown = items.len().min(SHOWN) as u64;
    if total > shown {
        list.push_str(&format!(
            " and {} more",
            crate::output::thousands(total - shown)
        ));
    }
    list
}

/// The error for ids that are not contacts: the first 20 and how many in all.
pub fn unknown_ids(ids: &[String], total: u64, create_hint: bool) -> anyhow::Error {
    let hint = if create_hint {
        "; add them with `botctl contacts add` or `import`, or pass `--create-missing`"
    } else {
        ""
    };
    if let ([id], 1) = (ids, total) {
        return anyhow!(
            "unknown contact `{}`; nothing was changed{hint}",
            crate::output::shown(id)
        );
    }
    let quoted: Vec<String> = ids
        .iter()
        .map(|i| format!("`{}`", crate::output::shown(i)))
        .collect();
    anyhow!(
        "{} unknown contacts: {}; nothing was changed{hint}",
        crate::output::thousands(total),
        listed_of(&quoted, total)
    )
}

/// Writes down, in a `sweep` batch of their own, the timer wakes in `scope` that are due:
/// a command that touches a contact whose timer ran out first records that wake, so the
/// history never skips a step. Returns how many were woken. The wake carries no note:
/// the command's `--note` belongs to its own change, not to the timer's.
pub fn catch_up(tx: &mut dyn Tx, scope: Scope, by: &Author) -> Result<u64> {
    if !tx.any_due(scope, by.now)? {
        return Ok(0);
    }
    let batch = tx.new_batch("sweep", by.who, by.now, None)?;
    Ok(tx.wake_due(scope, batch, by.now, by.who, None, None)?.len() as u64)
}
