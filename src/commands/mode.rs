//! `botctl mode [MODE]`: print or set the workspace's bot mode.

use std::io::Write;

use anyhow::Result;

use super::batch_note;
use crate::Ctx;
use crate::cli::ModeArgs;
use crate::engine;
use crate::error::code;
use crate::output;

pub fn run(ctx: &Ctx, a: &ModeArgs) -> Result<u8> {
    let Some(mode) = a.mode else {
        let store = ctx.open()?;
        let mut out = output::stdout();
        writeln!(out, "{}", store.mode()?)?;
        out.flush()?;
        return Ok(code::OK);
    };
    let by = ctx.author(a.note.note.as_deref())?;
    let mut store = ctx.open_or_create()?;
    if a.dry_run {
        let current = store.mode()?;
        if current == mode {
            ctx.ui.note(format!("the bot mode is already {mode}"));
        } else {
            ctx.ui.note(format!(
                "dry run: the bot mode would change: {current} → {mode}; nothing was changed"
            ));
        }
        return Ok(code::OK);
    }
    let done = engine::settings::set_mode(store.as_mut(), mode, &by)?;
    match done.batch {
        None => ctx.ui.note(format!("the bot mode is already {mode}")),
        Some(_) => ctx.ui.note(format!(
            "bot mode: {} → {}{}",
            done.before,
            done.after,
            batch_note(done.batch)
        )),
    }
    Ok(code::OK)
}
