//! `botctl mode [MODE]`: the workspace's bot mode.

use std::io::Write;

use anyhow::Result;

use super::batch_only;
use crate::Ctx;
use crate::cli::ModeArgs;
use crate::error::code;
use crate::output;

pub fn run(ctx: &Ctx, a: &ModeArgs) -> Result<u8> {
    let mut store = if a.mode.is_some() {
        ctx.open_or_create()?
    } else {
        ctx.open_existing()?
    };
    let current = store.mode()?;
    let Some(mode) = a.mode else {
        let mut out = output::stdout();
        writeln!(out, "{current}")?;
        out.flush()?;
        return Ok(code::OK);
    };
    if mode == current {
        ctx.ui.note(format!("the bot mode is already {mode}"));
        return Ok(code::OK);
    }
    if a.dry_run {
        ctx.ui.note(format!(
            "dry run: the bot mode would change: {current} → {mode}; nothing was changed"
        ));
        return Ok(code::OK);
    }
    let mut w = store.write(&ctx.who, ctx.now, &format!("mode {mode}"))?;
    w.set_setting("mode", mode.as_str())?;
    let batch = w.commit()?;
    ctx.ui
        .note(format!("bot mode: {current} → {mode}{}", batch_only(batch)));
    Ok(code::OK)
}
