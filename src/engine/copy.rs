//! `copy FROM TO`: a whole workspace (settings and mode, batches with their notes,
//! contacts with their counters, the history, event ids) into an empty database, in one
//! transaction of the target, with batch ids and history order kept, so that `undo` of a
//! batch made before the copy works after it. The counts are checked before commit.

use anyhow::{Context, Result, bail};

use crate::store::Store;
use crate::store::raw::{Counts, RawRow, Table};

/// Rows written per step.
const CHUNK: usize = 5000;

/// Marks a failure of writing the target (not of reading the source), so that it is
/// explained in words of the target's file.
#[derive(Debug)]
pub struct OnTarget;

impl std::fmt::Display for OnTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cannot write the copy")
    }
}

/// Copies `from` into `to`. `progress` is told the rows to copy, then the rows copied so
/// far. An error leaves the target as it was.
pub fn copy(
    from: &mut dyn Store,
    to: &mut dyn Store,
    progress: &mut dyn FnMut(Option<u64>, u64),
) -> Result<Counts> {
    let target = to.location();
    let mut tx = to.write()?;
    let there = tx.raw_counts()?;
    if !there.is_empty() {
        bail!(
            "the target {} is not empty: it holds {there}; `copy` only fills an empty \
             database (a new file, or a new PostgreSQL database or schema)",
            crate::output::shown(&target)
        );
    }
    let mut expected = Counts::default();
    let mut buf: Vec<RawRow> = Vec::with_capacity(CHUNK);
    let mut current: Option<Table> = None;
    let mut done = 0u64;
    let progress = std::cell::RefCell::new(progress);
    let read = from.export(
        &mut |counts| {
            expected = *counts;
            (progress.borrow_mut())(Some(counts.total()), 0);
            Ok(())
        },
        &mut |table, row| {
            if current != Some(table) {
                if let Some(t) = current {
                    tx.import_raw(t, &buf).context(OnTarget)?;
                    buf.clear();
                }
                current = Some(table);
            }
            buf.push(row);
            if buf.len() >= CHUNK {
                tx.import_raw(table, &buf).context(OnTarget)?;
                buf.clear();
            }
            done += 1;
            if done.is_multiple_of(1024) {
                (progress.borrow_mut())(None, done);
            }
            Ok(())
        },
    )?;
    if let Some(t) = current {
        tx.import_raw(t, &buf).context(OnTarget)?;
    }
    (progress.borrow_mut())(None, done);
    tx.finish_raw().context(OnTarget)?;
    let written = tx.raw_counts().context(OnTarget)?;
    if read != expected || written != read {
        bail!(
            "the copy does not add up (the source held {expected}; read {read}; the target \
             would hold {written}); nothing was copied"
        );
    }
    tx.commit().context(OnTarget)?;
    Ok(written)
}
