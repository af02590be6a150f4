//! `botctl sweep`: write down every timer that has run out, dated at its `wake_at`.
//! Silent when nothing was due; one summary line when it woke contacts; with `--format`
//! it prints the contacts it woke on stdout, for hooks.

use anyhow::Result;

use super::{Planned, look};
use crate::Ctx;
use crate::cli::SweepArgs;
use crate::core::{Contact, State};
use crate::engine::{self, sweep::CHUNK};
use crate::error::code;
use crate::output::{Format, Sink};

pub fn run(ctx: &Ctx, a: &SweepArgs) -> Result<u8> {
    let by = ctx.author(a.note.note.as_deref())?;
    let mut store = if a.dry_run {
        ctx.open()?
    } else {
        ctx.open_for_write()?
    };
    if a.dry_run {
        // Without `--format`: a table on a terminal, ids otherwise.
        let format = match a.format {
            Some(f) => Format::from(f),
            None if ctx.ui.stdout_tty => Format::Table,
            None => Format::Ids,
        };
        let mut sink = Sink::new::<Planned>(format, &ctx.ui, look(store.as_ref(), ctx.now)?, None)?;
        store.due(ctx.now, &mut |c| {
            // The plan shows when each timer was due (the instant the wake is dated at).
            let due = c.state.wake_at;
            sink.push(&Planned {
                id: c.id,
                from: Some(c.state),
                to: Some(State {
                    wake_at: due,
                    ..State::WOKEN
                }),
            })
        })?;
        let n = sink.rows();
        sink.finish()?;
        if n > 0 {
            ctx.ui.note(format!(
                "dry run: would wake {}; nothing was changed",
                super::count(n as usize)
            ));
        }
        return Ok(code::OK);
    }
    // Without `--format`, nothing goes to stdout; with it, the woken contacts.
    let mut sink = match a.format {
        None => None,
        Some(f) => Some(Sink::new::<Contact>(
            f.into(),
            &ctx.ui,
            look(store.as_ref(), ctx.now)?,
            None,
        )?),
    };
    let mut total = 0usize;
    let mut batches = Vec::new();
    let which = |batches: &[String]| match batches {
        [] => String::new(),
        [b] => format!(" (batch {b})"),
        _ => format!(" (batches {})", super::listed(batches)),
    };
    while let Some((batch, ids)) = engine::sweep::chunk(store.as_mut(), &by, CHUNK)? {
        total += ids.len();
        batches.push(batch.to_string());
        if let Some(sink) = sink.as_mut() {
            let mut printed = Ok(());
            for id in &ids {
                if let Some(c) = store.contact(id)? {
                    printed = sink.push(&c);
                    if printed.is_err() {
                        break;
                    }
                }
            }
            // The wakes are saved: say so, and stop before waking contacts nobody will
            // hear of (the next sweep wakes them).
            printed.map_err(|e| {
                e.context(format!(
                    "woke {} whose timer ran out{}, but printing them failed, so the \
                     sweep stopped there; `botctl history --batch {batch} --format ids` lists \
                     the last batch's",
                    super::count(total),
                    which(&batches)
                ))
            })?;
        }
    }
    if let Some(sink) = sink {
        sink.finish().map_err(|e| {
            e.context(format!(
                "woke {} whose timer ran out{}, but printing them failed",
                super::count(total),
                which(&batches)
            ))
        })?;
    }
    let which = which(&batches);
    if total > 0 {
        ctx.ui.note(format!(
            "woke {} whose timer ran out{which}",
            super::count(total)
        ));
    }
    Ok(code::OK)
}
