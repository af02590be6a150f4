//! `botctl sweep`: write down every timer that has run out, dated at its `wake_at`.
//! Works in chunks, each its own transaction and batch, so that a person's command never
//! waits long behind it; concurrent sweeps never wake a contact twice.

use anyhow::Result;

use super::{Planned, look};
use crate::Ctx;
use crate::cli::SweepArgs;
use crate::error::code;
use crate::output::{Format, Sink};
use crate::status::State;

/// Contacts woken per transaction.
pub const CHUNK: usize = 1000;

pub fn run(ctx: &Ctx, a: &SweepArgs) -> Result<u8> {
    let access = if a.dry_run {
        crate::dbfile::Access::Read
    } else {
        crate::dbfile::Access::Write
    };
    let mut store = ctx.open_for(access)?;
    if a.dry_run {
        let format = match a.format.format {
            Format::Table if !ctx.ui.stdout_tty => Format::Ids,
            f => f,
        };
        let mut sink = Sink::new::<Planned>(format, &ctx.ui, look(&store, ctx.now)?, None)?;
        store.due(ctx.now, |c| {
            sink.push(&Planned {
                id: c.id,
                from: Some(c.state),
                to: Some(State::WOKEN),
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
    let mut total = 0;
    let mut batches = Vec::new();
    loop {
        let mut w = store.write(&ctx.who, ctx.now, "sweep")?;
        let due = w.due(CHUNK)?;
        if due.is_empty() {
            break;
        }
        for mut c in due {
            w.wake_due(&mut c)?;
        }
        total += w.changes();
        batches.extend(w.commit()?);
    }
    let ids: Vec<String> = batches.iter().map(i64::to_string).collect();
    let which = match ids.as_slice() {
        [] => String::new(),
        [b] => format!(" (batch {b})"),
        _ => format!(" (batches {})", super::listed(&ids)),
    };
    if total > 0 {
        ctx.ui.note(format!(
            "woke {} whose timer ran out{which}",
            super::count(total)
        ));
    }
    Ok(code::OK)
}
