//! `botctl history [ID]`: status changes, newest first.

use anyhow::Result;

use super::{look, unknown_contact};
use crate::Ctx;
use crate::cli::HistoryArgs;
use crate::core::{Change, HistoryFilter};
use crate::error::code;
use crate::output::{Format, Sink, thousands};
use crate::{ids, time};

use super::list::TERMINAL_ROWS;

pub fn run(ctx: &Ctx, a: &HistoryArgs) -> Result<u8> {
    if let Some(id) = &a.id {
        ids::check(id)?;
    }
    let since = a
        .since
        .as_deref()
        .map(|s| time::parse_since(s, ctx.now))
        .transpose()
        .map_err(|e| e.context("bad `--since`"))?;
    let store = ctx.open_existing()?;
    if let Some(id) = &a.id {
        // A removed contact keeps its history, so only an id never seen is unknown.
        if store.contact(id)?.is_none() && store.latest_change(id)?.is_none() {
            return Err(unknown_contact(id));
        }
    }
    let filter = HistoryFilter {
        contact: a.id.clone(),
        since,
        batch: a.batch,
        by: a.by.clone(),
        kind: a.kind,
        reason: a.reason,
        limit: a.limit,
    };
    let format = Format::from(a.format.format);
    let cap = if a.limit.is_some() {
        None
    } else {
        Some(TERMINAL_ROWS)
    };
    let mut sink = Sink::new::<Change>(format, &ctx.ui, look(store.as_ref(), ctx.now)?, cap)?;
    store.history(&filter, &mut |row| sink.push(&row))?;
    let rows = sink.rows();
    let more = sink.finish()?;
    if more > 0 {
        ctx.ui.note(format!(
            "… and {} older changes; see them with `--limit {rows}` or `--format csv`",
            thousands(more)
        ));
    } else if rows == 0 && a.limit != Some(0) && format == Format::Table && ctx.ui.stdout_tty {
        ctx.ui.note("no changes recorded");
    }
    Ok(code::OK)
}
