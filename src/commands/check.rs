//! `botctl check ID`: may the bot answer this contact now? Exit 0 for reply or
//! suggest, 3 for silent.

use std::io::Write;

use anyhow::Result;

use super::unknown_contact;
use crate::Ctx;
use crate::cli::CheckArgs;
use crate::core::{Answer, check};
use crate::error::code;
use crate::formats::TextFormat;
use crate::output;
use crate::{ids, time};

/// `check --format json`, keys in this order (documented in the README).
#[derive(serde::Serialize)]
pub(super) struct CheckJson<'a> {
    pub id: &'a str,
    pub answer: &'static str,
    pub reason: &'a str,
    pub status: &'static str,
    pub mode: &'static str,
    pub wake_at: Option<String>,
}

pub fn run(ctx: &Ctx, a: &CheckArgs) -> Result<u8> {
    let id = match a.id.as_deref() {
        None | Some("-") => return super::check_stream::run(ctx),
        Some(id) => id,
    };
    ids::check(id)?;
    let store = ctx.open_existing()?;
    let c = store
        .contact(id)?
        .ok_or_else(|| unknown_contact(id))?
        .effective(ctx.now);
    let mode = store.mode()?;
    let answer = check(mode, &c.state);
    let reason = why(&c, mode, answer);
    let mut out = output::stdout();
    if a.format == TextFormat::Json {
        let obj = CheckJson {
            id: &c.id,
            answer: answer.as_str(),
            reason: &reason,
            status: c.state.status.as_str(),
            mode: mode.as_str(),
            wake_at: c.state.wake_at.map(time::rfc3339),
        };
        serde_json::to_writer(&mut out, &obj)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}: {reason}", answer.as_str())?;
    }
    out.flush()?;
    Ok(if answer == Answer::Silent {
        code::SILENT
    } else {
        code::OK
    })
}

pub(super) use crate::words::why;
