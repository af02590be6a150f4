//! `botctl record EVENT ID`: a message was sent; apply the bot's rules to the contact.
//! The exit code says whether the event was saved: once it is committed, a failure to
//! print the result is only a warning.

use std::io::Write;

use anyhow::Result;

use super::{batch_note, batch_only, describe};
use crate::Ctx;
use crate::cli::RecordArgs;
use crate::core::{Contact, Counters, Settings, validate_channel};
use crate::engine::record::{EventIn, Recorded, record, validate_event_id};
use crate::error::{code, usage};
use crate::formats::TextFormat;
use crate::output::{self, Record, shown};
use crate::{ids, time};

pub fn run(ctx: &Ctx, a: &RecordArgs) -> Result<u8> {
    if a.stdin {
        return super::record_stream::run(ctx, a);
    }
    let (Some(event), Some(id)) = (a.event, a.id.as_deref()) else {
        return Err(usage(
            "give the event and the contact id (`botctl record bot-message c-1`), or `--stdin`",
        ));
    };
    ids::check(id)?;
    validate_channel(&a.channel).map_err(usage)?;
    if let Some(id) = &a.event_id {
        validate_event_id(id).map_err(|e| usage(format!("bad `--event-id`: {e}")))?;
    }
    let by = ctx.author(a.note.note.as_deref())?;
    let mut store = ctx.open_or_create()?;
    let ev = EventIn {
        event,
        contact: id,
        channel: &a.channel,
        id: a.event_id.as_deref(),
    };
    let mut tx = store.write()?;
    let done = record(
        tx.as_mut(),
        &ev,
        a.create_missing,
        &format!("record {event}"),
        &by,
    )?;
    let settings = tx.settings()?;
    if a.dry_run {
        drop(tx);
        ctx.ui
            .note("dry run: nothing was recorded; the contact would be:");
        if let Some(c) = &done.contact {
            print(c, &settings, a.format, None, done.duplicate)?;
        }
        return Ok(code::OK);
    }
    if done.off {
        drop(tx);
        ctx.ui.note(format!(
            "the bot mode is off: `{}` recorded nothing and `{}` is unchanged",
            event,
            shown(id)
        ));
    } else {
        tx.commit()?;
    }
    report(ctx, id, &done);
    // The event is saved: a failure to print (a closed or full stdout) must not make an
    // integration retry and count it twice.
    let printed = match &done.contact {
        Some(c) => print(c, &settings, a.format, done.batch, done.duplicate),
        None if done.duplicate => print_gone(id, a.format),
        None => Ok(()),
    };
    if let Err(e) = printed
        && !crate::error::is_broken_pipe(&e)
    {
        let _ = writeln!(
            std::io::stderr(),
            "warning: the event was saved, but printing the result failed: {e:#}"
        );
    }
    Ok(code::OK)
}

fn report(ctx: &Ctx, id: &str, done: &Recorded) {
    let Some(c) = &done.contact else {
        if done.duplicate {
            ctx.ui.note(format!(
                "{}: this event id was recorded before; nothing changed (the contact has \
                 been removed since)",
                shown(id)
            ));
        }
        return;
    };
    if done.duplicate {
        ctx.ui.note(format!(
            "{}: this event id was recorded before; nothing changed",
            shown(&c.id)
        ));
    } else if done.changed {
        ctx.ui.note(format!(
            "{}: {} {}{}",
            shown(&c.id),
            describe(&c.state, ctx.now),
            c.state.reason.in_words(),
            batch_note(done.batch)
        ));
    } else if done.created {
        ctx.ui.note(format!(
            "added contact `{}`{}",
            shown(&c.id),
            batch_only(done.batch)
        ));
    }
}

/// `record --format json`: the contact object and the batch the event made (`null` when
/// it made none: a dry run, the bot mode off, a duplicate, a count alone), and whether the
/// event id was recorded before.
#[derive(serde::Serialize)]
struct RecordJson<'a> {
    #[serde(flatten)]
    contact: output::ContactJson<'a>,
    batch: Option<i64>,
    duplicate: bool,
}

/// `record --format json` for a duplicate whose contact was removed since: its id, and
/// `null` where the contact object has its fields.
#[derive(serde::Serialize)]
struct GoneJson<'a> {
    id: &'a str,
    status: Option<&'a str>,
    reason: Option<&'a str>,
    wake_at: Option<&'a str>,
    bot_messages: Option<u32>,
    bot_messages_by_channel: Option<&'a Counters>,
    batch: Option<i64>,
    duplicate: bool,
}

/// What a duplicate event of a removed contact prints.
fn print_gone(id: &str, format: TextFormat) -> Result<()> {
    let mut out = output::stdout();
    if format == TextFormat::Json {
        let obj = GoneJson {
            id,
            status: None,
            reason: None,
            wake_at: None,
            bot_messages: None,
            bot_messages_by_channel: None,
            batch: None,
            duplicate: true,
        };
        serde_json::to_writer_pretty(&mut out, &obj)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{}: removed; the event id was recorded before",
            shown(id)
        )?;
    }
    out.flush()?;
    Ok(())
}

/// The resulting status, one line for logs (or the contact object with `--format json`).
fn print(
    c: &Contact,
    settings: &Settings,
    format: TextFormat,
    batch: Option<i64>,
    duplicate: bool,
) -> Result<()> {
    if format == TextFormat::Json {
        let mut out = output::stdout();
        let obj = RecordJson {
            contact: c.json(),
            batch,
            duplicate,
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
        shown(&c.id),
        s.status,
        s.reason,
        s.bot_messages
    )?;
    out.flush()?;
    Ok(())
}
