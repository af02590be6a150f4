//! `botctl undo BATCH`: put every contact the batch changed back as it was before it,
//! as one new batch. Refuses, changing nothing, when any of them changed again since,
//! unless `--force` (which skips those). Undoing an undo redoes.

use anyhow::{Result, anyhow, bail};

use super::{Planned, batch_note, count, listed, look, print_plan, require_bot_on};
use crate::Ctx;
use crate::cli::UndoArgs;
use crate::error::code;
use crate::status::{State, Status};
use crate::time;

pub fn run(ctx: &Ctx, a: &UndoArgs) -> Result<u8> {
    let mut store = ctx.open_for(crate::dbfile::Access::Write)?;
    let batch = store.batch(a.batch)?.ok_or_else(|| {
        anyhow!(
            "there is no batch {} (see `botctl history` for batch ids)",
            a.batch
        )
    })?;
    let rows = store.batch_changes(batch.id)?;
    if rows.is_empty() {
        bail!(
            "batch {} (`{}`) changed no contact's status, so there is nothing to undo",
            batch.id,
            batch.command
        );
    }
    require_bot_on(store.mode()?)?;
    // Each contact once: its state before the batch's first row, and the batch's last row.
    let mut targets: Vec<(String, Option<State>, i64)> = Vec::new();
    for row in rows {
        match targets.iter_mut().find(|t| t.0 == row.contact) {
            Some(t) => t.2 = row.seq,
            None => targets.push((row.contact, row.from, row.seq)),
        }
    }
    let look = look(&store, ctx.now)?;
    let now = ctx.now;
    let mut w = store.write(&ctx.who, now, &format!("undo {}", batch.id))?;
    require_bot_on(w.mode()?)?;
    let mut conflicts = Vec::new();
    let mut restore = Vec::new();
    for (id, before, seq) in targets {
        let Some(c) = w.contact(&id)? else {
            conflicts.push(format!("`{id}` (removed)"));
            continue;
        };
        if w.created_batch(&id)?.is_some_and(|b| b > batch.id) {
            conflicts.push(format!("`{id}` (removed and added again)"));
            continue;
        }
        if let Some(at) = c.state.due(now) {
            conflicts.push(format!(
                "`{id}` (its timer ran out at {})",
                time::rfc3339(at)
            ));
            continue;
        }
        match w.latest_change(&id)? {
            Some(latest) if latest.seq != seq => {
                conflicts.push(format!(
                    "`{id}` (now {}, batch {})",
                    c.state.status, latest.batch
                ));
            }
            _ => restore.push((c, before)),
        }
    }
    if !conflicts.is_empty() && !a.force {
        bail!(
            "cannot undo batch {}: {} changed again since: {}; nothing was changed \
             (`botctl undo {} --force` undoes the others and skips these)",
            batch.id,
            count(conflicts.len()),
            listed(&conflicts),
            batch.id
        );
    }
    let plan: Vec<(crate::store::Contact, State)> = restore
        .into_iter()
        .map(|(c, before)| {
            let to = restored(before, now);
            (c, to)
        })
        .collect();
    if a.confirm.dry_run {
        let shown: Vec<Planned> = plan
            .iter()
            .map(|(c, to)| Planned {
                id: c.id.clone(),
                from: Some(c.state),
                to: Some(*to),
            })
            .collect();
        drop(w);
        print_plan(ctx, &shown, look)?;
        ctx.ui.note(format!(
            "dry run: would restore {}{}; nothing was changed",
            count(shown.len()),
            skipped_note(&conflicts)
        ));
        return Ok(code::OK);
    }
    for (mut c, to) in plan {
        w.change(&mut c, to)?;
    }
    let n = w.changes();
    let new_batch = w.commit()?;
    ctx.ui.note(format!(
        "undid batch {}: restored {}{}{}",
        batch.id,
        count(n),
        batch_note(new_batch),
        skipped_note(&conflicts)
    ));
    Ok(code::OK)
}

/// The state to restore: the one before the batch (a contact the batch created goes back
/// to a new contact's state). A timer that has run out meanwhile has woken it.
fn restored(before: Option<State>, now: i64) -> State {
    let mut to = before.unwrap_or(State::NEW);
    if to.status == Status::Active {
        to.bot_messages = 0;
        to.wake_at = None;
    }
    if to.due(now).is_some() {
        to = State::WOKEN;
    }
    to
}

fn skipped_note(conflicts: &[String]) -> String {
    if conflicts.is_empty() {
        return String::new();
    }
    format!(
        "; skipped {} changed since: {}",
        count(conflicts.len()),
        listed(conflicts)
    )
}
