//! `botctl list`: contacts with filters, as a table for people or streamed for programs.

use anyhow::Result;

use super::look;
use crate::Ctx;
use crate::cli::ListArgs;
use crate::error::code;
use std::io::Write;

use crate::core::{Contact, ListFilter};
use crate::output::{self, Format, Sink, thousands};
use crate::time;

/// Rows a terminal table shows unless `--limit` says otherwise.
pub const TERMINAL_ROWS: u64 = 50;

pub fn run(ctx: &Ctx, a: &ListArgs) -> Result<u8> {
    let waking_within = a
        .waking_within
        .as_deref()
        .map(time::parse_duration)
        .transpose()
        .map_err(|e| e.context("bad `--waking-within`"))?;
    let filter = ListFilter {
        statuses: a.status.clone(),
        reason: a.reason,
        waking_within,
        search: a.search.clone().filter(|s| !s.is_empty()),
        limit: a.limit,
    };
    let store = ctx.open()?;
    let format = Format::from(a.format.format);
    if format == Format::Ids {
        let mut out = output::stdout();
        let tty = ctx.ui.stdout_tty;
        store.list_ids(&filter, ctx.now, &mut |id| {
            // Exact data for programs; escaped for a person at a terminal.
            let id = if tty {
                crate::escape::escape(id)
            } else {
                id.into()
            };
            out.write_all(id.as_bytes())?;
            out.write_all(b"\n")?;
            Ok(())
        })?;
        out.flush()?;
        return Ok(code::OK);
    }
    let cap = if a.limit.is_some() {
        None
    } else {
        Some(TERMINAL_ROWS)
    };
    let mut sink = Sink::new::<Contact>(format, &ctx.ui, look(store.as_ref(), ctx.now)?, cap)?;
    store.list(&filter, ctx.now, &mut |c| sink.push(&c.effective(ctx.now)))?;
    let rows = sink.rows();
    let more = sink.finish()?;
    if more > 0 {
        ctx.ui.note(format!(
            "… and {} more (showing {TERMINAL_ROWS} of {}); see them all with `--limit {}` or `--format csv`",
            thousands(more),
            thousands(rows),
            rows
        ));
    } else if rows == 0 && a.limit != Some(0) && format == Format::Table && ctx.ui.stdout_tty {
        ctx.ui.note("no contacts match");
    }
    Ok(code::OK)
}
