//! `botctl mode [MODE]`: the workspace's bot mode.

use std::io::Write;

use anyhow::Result;

use super::batch_note;
use crate::Ctx;
use crate::cli::ModeArgs;
use crate::core::Mode;
use crate::engine;
use crate::error::code;
use crate::formats::TextFormat;
use crate::output;

/// `mode --format json`: the mode now, the one before when this command changed it, and
/// the batch of that change (`null` when nothing changed).
#[derive(serde::Serialize)]
struct ModeJson {
    mode: &'static str,
    from: Option<&'static str>,
    batch: Option<i64>,
}

fn print(a: &ModeArgs, mode: Mode, from: Option<Mode>, batch: Option<i64>) -> Result<()> {
    let mut out = output::stdout();
    match a.format {
        TextFormat::Text => writeln!(out, "{mode}")?,
        TextFormat::Json => {
            let obj = ModeJson {
                mode: mode.as_str(),
                from: from.map(Mode::as_str),
                batch,
            };
            serde_json::to_writer(&mut out, &obj)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}

pub fn run(ctx: &Ctx, a: &ModeArgs) -> Result<u8> {
    let Some(mode) = a.mode else {
        let store = ctx.open()?;
        print(a, store.mode()?, None, None)?;
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
        if a.format == TextFormat::Json {
            print(a, current, None, None)?;
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
    if a.format == TextFormat::Json {
        let from = done.batch.and_then(|_| done.before.parse().ok());
        print(a, mode, from, done.batch)?;
    }
    Ok(code::OK)
}
