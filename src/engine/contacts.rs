//! Adding, editing and removing contacts, each with its history rows.

use anyhow::{Result, bail};

use super::change::{Outcome, finish_batch};
use super::record::{add_contact, details_json};
use super::{Author, catch_up, staged_unknown, unknown_ids};
use crate::core::{Change, Details, Kind};
use crate::output::shown;
use crate::store::Scope;
use crate::store::Store;

/// Adds one contact (active). An existing id is an error.
pub fn add(store: &mut dyn Store, id: &str, details: &Details, by: &Author) -> Result<i64> {
    let mut tx = store.write()?;
    if tx.contact(id)?.is_some() {
        bail!(
            "contact `{}` already exists; see it with `botctl status '{}'`, or change its details with `botctl contacts edit`",
            shown(id),
            shown(id)
        );
    }
    let batch = tx.new_batch("contacts add", by.who, by.now, by.note)?;
    add_contact(tx.as_mut(), batch, id, details, by)?;
    tx.commit()?;
    Ok(batch)
}

/// Changes the details given (a `None` field is left as it is, an empty one is cleared).
/// Returns the batch, or `None` when nothing changed.
pub fn edit(store: &mut dyn Store, id: &str, d: &Details, by: &Author) -> Result<Option<i64>> {
    let mut tx = store.write()?;
    let Some(c) = tx.contact(id)? else {
        return Err(unknown_ids(&[id.to_string()], 1, false));
    };
    let before = c.details();
    // Each field: not given (kept), empty (cleared), or a new value.
    let pick = |given: &Option<String>, was: &Option<String>| match given.as_deref() {
        None => was.clone(),
        Some("") => None,
        Some(v) => Some(v.to_string()),
    };
    let after = Details {
        name: pick(&d.name, &before.name),
        phone: pick(&d.phone, &before.phone),
        email: pick(&d.email, &before.email),
    };
    if after == before {
        return Ok(None);
    }
    // A timer that ran out is written down first, as before any change of the contact.
    catch_up(tx.as_mut(), Scope::One(id), by)?;
    let batch = tx.new_batch("contacts edit", by.who, by.now, by.note)?;
    write_details(tx.as_mut(), batch, id, &before, &after, by)?;
    tx.commit()?;
    Ok(Some(batch))
}

/// Writes a details change and its `details` row.
pub fn write_details(
    tx: &mut dyn crate::store::Tx,
    batch: i64,
    id: &str,
    before: &Details,
    after: &Details,
    by: &Author,
) -> Result<()> {
    tx.update_details(id, after)?;
    let mut row = Change::new(batch, by.now, Kind::Details, by.who);
    row.contact = Some(id.to_string());
    row.from_value = details_json(before).or(Some("{}".into()));
    row.to_value = details_json(after).or(Some("{}".into()));
    row.note = by.note.map(str::to_string);
    tx.insert_change(&row)
}

/// Removes contacts, all or nothing; each one's whole record stays in its history row.
pub fn remove(store: &mut dyn Store, ids: &[String], by: &Author) -> Result<Outcome> {
    let mut tx = store.write()?;
    let asked = tx.stage(&mut ids.iter().map(String::as_str))?;
    let (_, total) = tx.staged_missing(0)?;
    if total > 0 {
        return Err(staged_unknown(&*tx, ids, total, false)?);
    }
    // Timers that ran out are written down first, so that each removal starts from the
    // contact as it is now (woken), as after a sweep.
    let woke = catch_up(tx.as_mut(), Scope::Staged, by)?;
    let batch = tx.new_batch("contacts remove", by.who, by.now, by.note)?;
    let changed = tx.remove_staged(batch, by.who, by.now, by.note)?;
    let batch = finish_batch(tx, batch, changed, woke)?;
    Ok(Outcome {
        changed,
        created: 0,
        asked,
        batch,
        target: None,
    })
}
