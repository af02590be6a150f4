//! `sweep`: write down every timer that has run out, dated at its `wake_at`, set-based in
//! chunks. Each chunk is one transaction and one batch, so a person's command never waits
//! long behind a big sweep; concurrent sweeps never wake a contact twice.

use anyhow::Result;

use super::Author;
use crate::store::{Scope, Store};

/// Contacts woken per transaction: well under a second of write lock.
pub const CHUNK: u64 = 20_000;

/// One chunk: the batch and the ids it woke, oldest timer first. `None` when nothing was
/// due.
pub fn chunk(store: &mut dyn Store, by: &Author, limit: u64) -> Result<Option<(i64, Vec<String>)>> {
    let mut tx = store.write()?;
    if !tx.any_due(Scope::All, by.now)? {
        return Ok(None);
    }
    let batch = tx.new_batch("sweep", by.who, by.now, by.note)?;
    let ids = tx.wake_due(Scope::All, batch, by.now, by.who, Some(limit), by.note)?;
    if ids.is_empty() {
        return Ok(None);
    }
    tx.commit()?;
    Ok(Some((batch, ids)))
}
