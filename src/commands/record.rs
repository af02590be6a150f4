//! `botctl record EVENT ID`: a message was sent; apply the bot's rules to the contact.

use std::io::Write;

use anyhow::Result;

use super::{batch_note, batch_only, describe, look, unknown_contact};
use crate::Ctx;
use crate::cli::RecordArgs;
use crate::error::code;
use crate::output::{self, Format};
use crate::status::{self, Mode, Settings};
use crate::store::{Contact, Details};
use crate::{ids, time};

pub fn run(ctx: &Ctx, a: &RecordArgs) -> Result<u8> {
    ids::check(&a.id)?;
    let mut store = ctx.open()?;
    let settings = store.settings()?;
    let look = look(&store, ctx.now)?;
    let mut w = store.write(&ctx.who, ctx.now, &format!("record {}", a.event))?;
    if w.mode()? == Mode::Off {
        // Integrations keep running: exit 0, change nothing, say so.
        let c = w.contact(&a.id)?.map(|c| c.effective(ctx.now));
        drop(w);
        ctx.ui.note(format!(
            "the bot mode is off: `{}` recorded nothing and `{}` is unchanged",
            a.event, a.id
        ));
        if let Some(c) = c {
            print(ctx, &c, &settings, a.format.format, look)?;
        }
        return Ok(code::OK);
    }
    let (mut c, created) = match w.settled(&a.id)? {
        Some(c) => (c, false),
        None if a.create_missing => {
            ids::check_new(&a.id)?;
            (w.create(&a.id, &Details::default(), None)?, true)
        }
        None => return Err(unknown_contact(&a.id)),
    };
    let after = status::apply_event(&c.state, a.event, &settings, ctx.now);
    let changed = w.change(&mut c, after)?;
    if a.dry_run {
        drop(w);
        ctx.ui
            .note("dry run: nothing was recorded; the contact would be:");
        print(ctx, &c, &settings, a.format.format, look)?;
        return Ok(code::OK);
    }
    let batch = w.commit()?;
    if changed {
        ctx.ui.note(format!(
            "{}: {} {}{}",
            c.id,
            describe(&c.state, ctx.now),
            c.state.reason.in_words(),
            batch_note(batch)
        ));
    } else if created {
        ctx.ui
            .note(format!("added contact `{}`{}", c.id, batch_only(batch)));
    }
    // The event is saved: the exit code says so even if the result cannot be printed
    // (a full disk, a closed pipe), so that an integration does not retry and count twice.
    if let Err(e) = print(ctx, &c, &settings, a.format.format, look)
        && !crate::error::is_broken_pipe(&e)
    {
        let _ = writeln!(
            std::io::stderr(),
            "warning: the event was saved{}, but printing the result failed: {e:#}",
            batch_only(batch)
        );
    }
    Ok(code::OK)
}

/// The resulting status, one line for logs (or the contact object with `--format json`).
fn print(
    ctx: &Ctx,
    c: &Contact,
    settings: &Settings,
    format: Format,
    look: output::Look,
) -> Result<()> {
    if format != Format::Table {
        return output::single(c, format, &ctx.ui, look);
    }
    let s = &c.state;
    let until = s
        .wake_at
        .map_or(String::new(), |t| format!(" until {}", time::rfc3339(t)));
    let limit = settings
        .max_bot_messages
        .map_or("no limit".into(), |m| m.to_string());
    let mut out = output::stdout();
    writeln!(
        out,
        "{}: {} ({}){until}; bot messages {}/{limit}",
        c.id, s.status, s.reason, s.bot_messages
    )?;
    out.flush()?;
    Ok(())
}
