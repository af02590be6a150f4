//! `botctl mode [MODE]`: the workspace's bot mode.

use std::io::Write;

use anyhow::Result;

use crate::Ctx;
use crate::cli::ModeArgs;
use crate::error::code;
use crate::output;

pub fn run(ctx: &Ctx, a: &ModeArgs) -> Result<u8> {
    let mut store = ctx.open()?;
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
    let mut w = store.write(&ctx.who, ctx.now, &format!("mode {mode}"))?;
    w.set_setting("mode", mode.as_str())?;
    w.commit()?;
    ctx.ui.note(format!("bot mode: {current} → {mode}"));
    Ok(code::OK)
}
