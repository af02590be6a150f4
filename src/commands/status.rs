//! `botctl status ID`: one contact, in words for people or as one object for programs.

use std::io::Write;

use anyhow::Result;

use super::unknown_contact;
use crate::Ctx;
use crate::cli::StatusArgs;
use crate::core::{Answer, Contact, Mode, Settings, Status, check};
use crate::error::code;
use crate::escape::escape;
use crate::formats::TextFormat;
use crate::output::{self, Record, status_word};
use crate::{ids, time};

/// `status --format json`: the contact object, and what else `status` shows.
#[derive(serde::Serialize)]
struct StatusJson<'a> {
    #[serde(flatten)]
    contact: output::ContactJson<'a>,
    max_bot_messages: Option<u32>,
    mode: &'static str,
    answer: &'static str,
    summary: String,
}

pub fn run(ctx: &Ctx, a: &StatusArgs) -> Result<u8> {
    ids::check(&a.id)?;
    let store = ctx.open_existing()?;
    let c = store
        .contact(&a.id)?
        .ok_or_else(|| unknown_contact(&a.id))?
        .effective(ctx.now);
    let mode = store.mode()?;
    let settings = store.settings()?;
    let answer = check(mode, &c.state);
    match a.format {
        TextFormat::Text => human(ctx, &c, mode, &settings, answer)?,
        TextFormat::Json => {
            let obj = StatusJson {
                contact: c.json(),
                max_bot_messages: settings.max_bot_messages,
                mode: mode.as_str(),
                answer: answer.as_str(),
                summary: summary(&c, ctx.now),
            };
            let mut out = output::stdout();
            serde_json::to_writer_pretty(&mut out, &obj)?;
            writeln!(out)?;
            out.flush()?;
        }
    }
    Ok(code::OK)
}

/// Each channel's count, when any channel other than `default` has one:
/// ` (sms 3, webchat 1)`. The limit applies to each; the total shown is the highest.
fn by_channel(c: &Contact) -> String {
    if c.counters.keys().all(|k| k == crate::core::DEFAULT_CHANNEL) {
        return String::new();
    }
    let parts: Vec<String> = c
        .counters
        .iter()
        .map(|(ch, n)| format!("{} {n}", escape(ch)))
        .collect();
    format!(" ({})", parts.join(", "))
}

fn human(ctx: &Ctx, c: &Contact, mode: Mode, settings: &Settings, answer: Answer) -> Result<()> {
    let now = ctx.now;
    let s = &c.state;
    let mut out = output::stdout();
    let id = escape(&c.id);
    match &c.name {
        Some(name) => writeln!(out, "{id} ({})", escape(name))?,
        None => writeln!(out, "{id}")?,
    }
    let mut line = |k: &str, v: &str| writeln!(out, "  {k:<14}{v}");
    line("status:", &status_word(s.status, &ctx.ui))?;
    line("last change:", &summary(c, now))?;
    line("reason:", s.reason.as_str())?;
    line(
        "since:",
        &format!(
            "{} ({}) by {}",
            time::local_short(c.changed_at, now),
            time::relative(c.changed_at, now),
            escape(&c.changed_by)
        ),
    )?;
    let wakes = match (s.status, s.wake_at) {
        (Status::Active, _) => "-".to_string(),
        (_, Some(at)) => format!(
            "{} ({})",
            time::local_short(at, now),
            time::relative(at, now)
        ),
        (_, None) => "never by itself (no timer)".to_string(),
    };
    line("wakes:", &wakes)?;
    let limit = settings
        .max_bot_messages
        .map_or("no limit".to_string(), |m| m.to_string());
    line(
        "bot messages:",
        &format!("{} / {limit}{}", s.bot_messages, by_channel(c)),
    )?;
    line("mode:", mode.as_str())?;
    line("bot now:", &bot_now(c, mode, answer, now))?;
    for (k, v) in [("phone:", &c.phone), ("email:", &c.email)] {
        if let Some(v) = v {
            line(k, &escape(v))?;
        }
    }
    out.flush()?;
    Ok(())
}

pub use crate::words::{bot_now, summary};
