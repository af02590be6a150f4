//! `botctl mode [MODE]`: the workspace's bot mode.

use std::io::Write;

use anyhow::Result;

use super::batch_only;
use crate::Ctx;
use crate::cli::ModeArgs;
use crate::error::code;
use crate::formats::TextFormat;
use crate::output;
use crate::status::Mode;

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
    let mut store = ctx.open()?;
    let current = store.mode()?;
    let Some(mode) = a.mode else {
        print(a, current, None, None)?;
        return Ok(code::OK);
    };
    if mode == current {
        ctx.ui.note(format!("the bot mode is already {mode}"));
        if a.format == TextFormat::Json {
            print(a, current, None, None)?;
        }
        return Ok(code::OK);
    }
    if a.dry_run {
        ctx.ui.note(format!(
            "dry run: the bot mode would change: {current} → {mode}; nothing was changed"
        ));
        if a.format == TextFormat::Json {
            print(a, current, None, None)?;
        }
        return Ok(code::OK);
    }
    let mut w = store.write(&ctx.who, ctx.now, &format!("mode {mode}"))?;
    w.set_setting("mode", mode.as_str())?;
    let batch = w.commit()?;
    ctx.ui
        .note(format!("bot mode: {current} → {mode}{}", batch_only(batch)));
    if a.format == TextFormat::Json {
        print(a, mode, Some(current), batch)?;
    }
    Ok(code::OK)
}
