//! `botctl record EVENT ID`: a message was sent; apply the bot's rules to the contact.

use std::io::Write;

use anyhow::Result;

use super::{batch_note, batch_only, describe, unknown_contact};
use crate::Ctx;
use crate::cli::RecordArgs;
use crate::error::code;
use crate::formats::TextFormat;
use crate::output::{self, Record};
use crate::status::{self, Mode, Settings};
use crate::store::{Contact, Details};
use crate::{ids, time};

pub fn run(ctx: &Ctx, a: &RecordArgs) -> Result<u8> {
    ids::check(&a.id)?;
    let mut store = ctx.open()?;
    let settings = store.settings()?;
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
            print(&c, &settings, a.format, None)?;
        }
        return Ok(code::OK);
    }
    let (mut c, created) = match w.settled(&a.id)? {
        Some(c) => (c, false),
        None if a.create_missing => (w.create(&a.id, &Details::default(), None)?, true),
        None => return Err(unknown_contact(&a.id)),
    };
    let after = status::apply_event(&c.state, a.event, &settings, ctx.now);
    let changed = w.change(&mut c, after)?;
    if a.dry_run {
        drop(w);
        ctx.ui
            .note("dry run: nothing was recorded; the contact would be:");
        print(&c, &settings, a.format, None)?;
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
    print(&c, &settings, a.format, batch)?;
    Ok(code::OK)
}

/// `record --format json`: the contact object and the batch the event made (`null` when
/// it made none: a dry run, the bot mode off).
#[derive(serde::Serialize)]
struct RecordJson<'a> {
    #[serde(flatten)]
    contact: output::ContactJson<'a>,
    batch: Option<i64>,
}

/// The resulting status, one line for logs (or the contact object with `--format json`).
fn print(c: &Contact, settings: &Settings, format: TextFormat, batch: Option<i64>) -> Result<()> {
    if format == TextFormat::Json {
        let mut out = output::stdout();
        let obj = RecordJson {
            contact: c.json(),
            batch,
        };
        serde_json::to_writer_pretty(&mut out, &obj)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(());
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
