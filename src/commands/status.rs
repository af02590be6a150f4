//! `botctl status ID`: one contact, in words for people or as one object for programs.

use std::io::Write;

use anyhow::Result;

use super::unknown_contact;
use crate::Ctx;
use crate::cli::StatusArgs;
use crate::core::{Answer, Contact, Mode, Settings, Status, Ts, check};
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

/// The latest change, its cause and its note in plain words:
/// `snoozed 14:02 by a workflow message; wakes 16:02`,
/// `inactive 09:12 by alice: customer asked for a human; off until turned back on`.
pub fn summary(c: &Contact, now: Ts) -> String {
    let s = &c.state;
    let cause = super::cause(c);
    // The note of the latest change, beside who made it: "by alice: asked for a human".
    let note = c
        .note
        .as_deref()
        .map_or(String::new(), |n| format!(": {}", escape(n)));
    let mut out = format!(
        "{} {} {cause}{note}",
        s.status,
        time::local_short(c.changed_at, now)
    );
    match (s.status, s.wake_at) {
        (Status::Active, _) => {}
        (_, Some(at)) => out.push_str(&format!("; wakes {}", time::local_short(at, now))),
        (Status::Snoozed, None) => out.push_str("; until woken"),
        (Status::Inactive, None) => out.push_str("; off until turned back on"),
    }
    out
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

/// What the bot does for the contact now, in words.
pub fn bot_now(c: &Contact, mode: Mode, answer: Answer, now: Ts) -> String {
    match answer {
        Answer::Reply => "replies to every incoming message (autopilot)".into(),
        Answer::Suggest => "suggests replies for a person to send (suggestive)".into(),
        Answer::Silent if mode == Mode::Off => "silent: the bot mode is off (`botctl mode`)".into(),
        Answer::Silent => match c.state.wake_at {
            Some(at) => format!(
                "silent until {} ({}), then it answers again",
                time::local_short(at, now),
                time::relative(at, now)
            ),
            None if c.state.status == Status::Snoozed => "silent until the contact is woken".into(),
            None => "silent until the contact is turned back on".into(),
        },
    }
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
