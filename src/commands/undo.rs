//! `botctl undo BATCH`: put back everything the batch changed, as one new batch.
//! Refuses, changing nothing, when any of it changed again since, unless `--force`
//! (which skips those). Undoing an undo redoes.

use anyhow::Result;

use super::{batch_note, count};
use crate::Ctx;
use crate::cli::UndoArgs;
use crate::engine::{self, listed_of};
use crate::error::code;

pub fn run(ctx: &Ctx, a: &UndoArgs) -> Result<u8> {
    let by = ctx.author(a.note.note.as_deref())?;
    let mut store = ctx.open_for_write()?;
    let out = engine::undo::undo(store.as_mut(), a.batch, a.force, a.confirm.dry_run, &by)?;
    let skipped = if out.skipped_count == 0 {
        String::new()
    } else {
        format!(
            "; skipped {} changed since: {}",
            crate::output::thousands(out.skipped_count),
            listed_of(&out.skipped, out.skipped_count)
        )
    };
    // "2 contacts and the bot mode (off → autopilot)" put back, and the contacts the
    // batch had added, removed again.
    let contacts = out
        .restored
        .saturating_sub(out.workspace.len() as u64 + out.removed);
    let mut what: Vec<String> = Vec::new();
    if contacts > 0 || (out.workspace.is_empty() && out.removed == 0) {
        what.push(count(contacts as usize));
    }
    what.extend(out.workspace.iter().cloned());
    let what = what.join(" and ");
    let added = count(out.removed as usize);
    if a.confirm.dry_run {
        let mut parts = Vec::new();
        if !what.is_empty() {
            parts.push(format!("{what} to restore"));
        }
        if out.removed > 0 {
            parts.push(format!("{added} it added to remove"));
        }
        ctx.ui.note(format!(
            "dry run: would undo batch {} (`{}`): {}{skipped}; nothing was changed",
            a.batch,
            crate::output::shown(&out.command),
            parts.join(", and "),
        ));
        return Ok(code::OK);
    }
    if out.restored == 0 {
        // Say why: what was skipped changed since (it is not as before the batch); only
        // the rest, if any, is already as it was.
        let why = if out.skipped_count == 0 {
            "everything is already as it was before it".to_string()
        } else if out.skipped_count >= out.total {
            format!(
                "everything it changed has changed again since and was skipped: {}",
                listed_of(&out.skipped, out.skipped_count)
            )
        } else {
            format!(
                "skipped {} changed since: {}; the rest is already as it was before it",
                crate::output::thousands(out.skipped_count),
                listed_of(&out.skipped, out.skipped_count)
            )
        };
        let nothing = if out.skipped_count == 0 {
            "nothing to undo"
        } else {
            "nothing undone"
        };
        ctx.ui
            .note(format!("{nothing} in batch {}: {why}", a.batch));
        return Ok(code::OK);
    }
    let mut done = Vec::new();
    if !what.is_empty() {
        done.push(format!("restored {what}"));
    }
    if out.removed > 0 {
        done.push(format!("removed the {added} it had added"));
    }
    ctx.ui.note(format!(
        "undid batch {}: {}{}{skipped}",
        a.batch,
        done.join(" and "),
        batch_note(out.batch),
    ));
    Ok(code::OK)
}
