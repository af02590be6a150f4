//! One file per subcommand. Each parses nothing itself: it gets its clap `Args`, calls
//! the engine (or reads the store), and prints. Helpers shared by several commands live
//! here.

pub mod backup;
pub mod change;
pub mod check;
pub mod check_stream;
pub mod completions;
pub mod config;
pub mod contacts;
pub mod copy;
pub mod doctor;
pub mod history;
pub mod import_errors;
pub mod list;
pub mod man;
pub mod mode;
pub mod record;
pub mod record_stream;
pub mod set;
pub mod stats;
pub mod status;
pub mod sweep;
pub mod undo;

use anyhow::{Result, anyhow};

use crate::core::Ts;
pub use crate::engine::change::Planned;
pub use crate::engine::{SHOWN, require_bot_on};
use crate::output::{Look, Record, shown};
use crate::store::Read;
use crate::time;

/// A database a command opened.
pub type OpenStore = Box<dyn crate::store::Store>;

/// `--for` / `--until` as a checked timer. The `day-start` setting is read only when
/// `--until` needs it (`tomorrow`, a weekday, `next-week`), which opens the store; that
/// store is returned so the command opens it once.
pub fn timer(ctx: &crate::Ctx, t: &crate::cli::Timer) -> Result<(Option<Ts>, Option<OpenStore>)> {
    let mut opened = None;
    let at = time::timer(t.for_.as_deref(), t.until.as_deref(), ctx.now, || {
        let store = ctx.open_or_create()?;
        let start = store.settings()?.day_start;
        opened = Some(store);
        Ok(time::clock_of(start))
    })?;
    Ok((at, opened))
}

/// A status with `--for` / `--until` as the target of a change, checked now. A duration
/// counts from when the change is made (after any question), an instant stays put.
pub fn target_of(
    ctx: &crate::Ctx,
    status: crate::status::Status,
    t: &crate::cli::Timer,
) -> Result<(crate::engine::change::Target, Option<OpenStore>)> {
    use crate::engine::change::Target;
    let (wake_at, store) = timer(ctx, t)?;
    let fixed = crate::core::requested(status, wake_at).map_err(anyhow::Error::msg)?;
    let target = match (&t.for_, wake_at) {
        (Some(_), Some(at)) => Target::For(status, at - ctx.now),
        _ => Target::Fixed(fixed),
    };
    Ok((target, store))
}

/// Text quoted for a POSIX shell, when it needs quoting.
pub fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | '+' | ':' | '/'));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

pub fn unknown_contact(id: &str) -> anyhow::Error {
    let hint: String = id.chars().take(12).collect();
    // `--search=VALUE` keeps a value that starts with `-` from reading as a flag.
    let dashes = if id.starts_with('-') { "-- " } else { "" };
    // A hint is a command that works: an id shown cut or escaped is not the id, and one
    // that cannot be created cannot be added.
    let search = if shown(&hint) == hint.as_str() {
        shell_quote(&hint)
    } else {
        "TEXT".into()
    };
    let add = if shown(id) == id && crate::ids::validate_new(id).is_ok() {
        format!("{dashes}{}", shell_quote(id))
    } else {
        "ID".into()
    };
    anyhow!(
        "unknown contact `{}` (see `botctl list --search={search}`, or add it with `botctl contacts add {add}`)",
        shown(id),
    )
}

/// The first [`SHOWN`] items, and how many more.
pub fn listed(items: &[String]) -> String {
    crate::engine::listed_of(items, items.len() as u64)
}

/// The error for ids that are not contacts (all of them given).
pub fn unknown_ids(ids: &[String], create_hint: bool) -> anyhow::Error {
    crate::engine::unknown_ids(ids, ids.len() as u64, create_hint)
}

/// ` (batch 4)`, for changes that cannot be undone.
pub fn batch_only(batch: Option<i64>) -> String {
    batch.map_or(String::new(), |b| format!(" (batch {b})"))
}

/// ` (batch 17; undo: botctl undo 17)`.
pub fn batch_note(batch: Option<i64>) -> String {
    batch.map_or(String::new(), |b| {
        format!(" (batch {b}; undo: botctl undo {b})")
    })
}

pub fn look(store: &dyn Read, now: Ts) -> Result<Look> {
    Ok(Look {
        now,
        max_bot_messages: store.settings()?.max_bot_messages,
        unicode: false,
    })
}

#[derive(serde::Serialize)]
pub struct PlannedJson<'a> {
    id: &'a str,
    from: Option<&'static str>,
    to: &'static str,
    wake_at: Option<String>,
}

impl Record for Planned {
    const FIELDS: &'static [&'static str] = &["id", "from", "to", "wake_at"];
    const TITLES: &'static [&'static str] = &["ID", "NOW", "WOULD BE"];

    fn key(&self) -> &str {
        &self.id
    }

    type Json<'a> = PlannedJson<'a>;

    fn json(&self) -> PlannedJson<'_> {
        PlannedJson {
            id: &self.id,
            from: self.from.map(|s| s.status.as_str()),
            to: self.to.map_or("removed", |s| s.status.as_str()),
            wake_at: self.to.and_then(|s| s.wake_at).map(time::rfc3339),
        }
    }

    fn fields(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.from.map(|s| s.status.to_string()).unwrap_or_default(),
            self.to.map_or("removed".into(), |s| s.status.to_string()),
            self.to
                .and_then(|s| s.wake_at)
                .map(time::rfc3339)
                .unwrap_or_default(),
        ]
    }

    fn cells(&self, look: &Look) -> Vec<comfy_table::Cell> {
        use comfy_table::Cell;
        vec![
            Cell::new(shown(&self.id)),
            Cell::new(
                self.from
                    .map_or("(new contact)".into(), |s| describe(&s, look.now)),
            ),
            // An active state has no timer; a sweep's plan carries the due time in
            // `wake_at` for the machine formats only.
            Cell::new(self.to.map_or("removed".into(), |s| match s.status {
                crate::core::Status::Active => s.status.to_string(),
                _ => describe(&s, look.now),
            })),
        ]
    }
}

/// Prints planned changes: a table on a terminal, ids otherwise.
pub fn print_plan(ctx: &crate::Ctx, plan: &[Planned], look: Look) -> Result<()> {
    use crate::output::{Format, Sink};
    let format = if ctx.ui.stdout_tty {
        Format::Table
    } else {
        Format::Ids
    };
    let mut sink = Sink::new::<Planned>(format, &ctx.ui, look, None)?;
    for p in plan {
        sink.push(p)?;
    }
    sink.finish()?;
    Ok(())
}

pub use crate::output::contacts as count;

pub use crate::words::{cause, describe, timer_words};
