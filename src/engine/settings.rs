//! Workspace-wide changes: the bot mode and the settings, each with its history row.

use anyhow::Result;

use super::Author;
use crate::core::{Change, Kind, Mode};
use crate::store::Store;

/// What a mode or setting change did.
#[derive(Clone, Debug)]
pub struct Changed {
    pub before: String,
    pub after: String,
    /// `None`: it already had that value, and nothing was written.
    pub batch: Option<i64>,
}

/// Sets the bot mode. The current mode is read under the write lock.
pub fn set_mode(store: &mut dyn Store, mode: Mode, by: &Author) -> Result<Changed> {
    let mut tx = store.write()?;
    let before = tx.mode()?;
    if before == mode {
        return Ok(Changed {
            before: before.to_string(),
            after: mode.to_string(),
            batch: None,
        });
    }
    let batch = tx.new_batch(&format!("mode {mode}"), by.who, by.now, by.note)?;
    tx.set_setting("mode", mode.as_str())?;
    let mut row = Change::new(batch, by.now, Kind::Mode, by.who);
    row.from_value = Some(before.to_string());
    row.to_value = Some(mode.to_string());
    row.note = by.note.map(str::to_string);
    tx.insert_change(&row)?;
    tx.commit()?;
    Ok(Changed {
        before: before.to_string(),
        after: mode.to_string(),
        batch: Some(batch),
    })
}

/// Sets a setting to `value` (already validated and normalized).
pub fn set_setting(
    store: &mut dyn Store,
    key: &'static crate::settings::Key,
    value: &str,
    by: &Author,
) -> Result<Changed> {
    let mut tx = store.write()?;
    let before = (key.show)(&tx.settings()?);
    if before == value {
        return Ok(Changed {
            before,
            after: value.to_string(),
            batch: None,
        });
    }
    let batch = tx.new_batch(&format!("config set {}", key.name), by.who, by.now, by.note)?;
    tx.set_setting(key.name, value)?;
    let mut row = Change::new(batch, by.now, Kind::Setting, by.who);
    row.setting = Some(key.name.to_string());
    row.from_value = Some(before.clone());
    row.to_value = Some(value.to_string());
    row.note = by.note.map(str::to_string);
    tx.insert_change(&row)?;
    tx.commit()?;
    Ok(Changed {
        before,
        after: value.to_string(),
        batch: Some(batch),
    })
}
