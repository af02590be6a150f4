//! `botctl set STATUS [ID...]`, and the interactive form: `botctl set` on a terminal.

use anyhow::Result;
use dialoguer::{FuzzySelect, Select};

use super::change::{Verb, bulk_to, target_ids};
use crate::Ctx;
use crate::cli::SetArgs;
use crate::engine::change::Target;
use crate::error::{code, usage};
use crate::prompt;
use crate::status::{self, Status};
use crate::time;

/// The picker lists contacts when there are at most this many; else the id is typed.
const PICK_AT_MOST: usize = 5000;

pub fn run(ctx: &Ctx, a: &SetArgs) -> Result<u8> {
    let Some(status) = a.status else {
        if !a.ids.is_empty()
            || a.targets.stdin
            || a.targets.stdin_csv.is_some()
            || a.timer.for_.is_some()
            || a.timer.until.is_some()
        {
            return Err(usage(
                "`botctl set` needs a status first: `botctl set inactive c-1`",
            ));
        }
        if !ctx.ui.can_ask() {
            return Err(usage(
                "`botctl set` needs a status and contact ids, e.g. `botctl set inactive c-1 --for 2h`; \
                 run it on a terminal with no arguments to be asked step by step",
            ));
        }
        return interactive(ctx, a);
    };
    let (target, store) = super::target_of(ctx, status, &a.timer)?;
    let Some(ids) = target_ids(ctx, &a.ids, &a.targets)? else {
        return Ok(code::OK);
    };
    bulk_to(
        ctx,
        store.map_or_else(|| ctx.open_or_create(), Ok)?,
        &ids,
        target,
        a.create_missing,
        &a.targets,
        Verb::Set,
    )
}

/// Text from the database as a picker shows it: control characters escaped, cut short.
fn shown(s: &str, max: usize) -> String {
    let mut out: String = s
        .chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .take(max)
        .collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

/// Asks for the contact, the status, and whether and when to reactivate.
fn interactive(ctx: &Ctx, a: &SetArgs) -> Result<u8> {
    let store = ctx.open_or_create()?;
    super::require_bot_on(store.mode()?)?;
    let total = store.contact_count()?;
    let id = if total == 0 {
        return Err(anyhow::anyhow!(
            "there are no contacts yet; add one with `botctl contacts add ID` or `botctl contacts import FILE`"
        ));
    } else if total as usize <= PICK_AT_MOST {
        // Each item shows the id and the name, so typing either filters the list.
        let entries = store.picker_entries(PICK_AT_MOST)?;
        let items: Vec<String> = entries
            .iter()
            .map(|(id, name)| match name {
                Some(n) => format!("{}  ({})", shown(id, 80), shown(n, 60)),
                None => shown(id, 80),
            })
            .collect();
        let i = prompt::ask(|| {
            FuzzySelect::new()
                .with_prompt("Contact (type part of its id or name)")
                .items(&items)
                .default(0)
                .interact_opt()
        })?
        .ok_or(crate::error::Cancelled)?;
        entries[i].0.clone()
    } else {
        // Too many to list: the id is typed, and asked again until it names a contact.
        prompt::text("Contact id", None, |s| {
            let id = s.trim();
            crate::ids::validate(id)?;
            match store.contact(id) {
                Ok(Some(_)) => Ok(()),
                Ok(None) => Err(format!(
                    "no contact has the id `{}`; type it again (Esc to stop)",
                    shown(id, 80)
                )),
                Err(e) => Err(format!("{e:#}")),
            }
        })?
        .ok_or(crate::error::Cancelled)?
        .trim()
        .to_string()
    };
    let current = store
        .contact(&id)?
        .ok_or_else(|| super::unknown_contact(&id))?
        .effective(ctx.now);
    let names = ["Active", "Snoozed", "Inactive"];
    let start = Status::ALL
        .iter()
        .position(|s| *s == current.state.status)
        .unwrap_or(0);
    let pick = prompt::ask(|| {
        Select::new()
            .with_prompt(format!(
                "Status of {} (now {})",
                shown(&id, 80),
                current.state.status
            ))
            .items(names)
            .default(start)
            .interact_opt()
    })?
    .ok_or(crate::error::Cancelled)?;
    let status = Status::ALL[pick];
    let mut target = Target::Fixed(status::requested(status, None).map_err(anyhow::Error::msg)?);
    if status != Status::Active {
        // A pick, not a y/n key: a `y` typed with Enter out of habit would otherwise leave
        // that Enter to answer the next question with its default.
        let reactivate = prompt::ask(|| {
            Select::new()
                .with_prompt("Reactivate automatically?")
                .items(["Yes", "No"])
                .default(if status == Status::Snoozed { 0 } else { 1 })
                .interact_opt()
        })?
        .ok_or(crate::error::Cancelled)?
            == 0;
        if reactivate {
            let now = ctx.now;
            // Errors speak of what was typed here, not of a flag nobody typed.
            let after = |s: &str| {
                time::parse_duration(s)
                    .and_then(|secs| time::check_timer(now.saturating_add(secs), now))
            };
            let typed = prompt::text("Reactivate after (e.g. 30m, 2h, 1day)", Some("2h"), |s| {
                after(s).map(|_| ()).map_err(|e| format!("{e:#}"))
            })?
            .ok_or(crate::error::Cancelled)?;
            // Counted from when the change is made, after the questions.
            target = Target::For(status, after(&typed)? - now);
        }
    }
    bulk_to(ctx, store, &[id], target, false, &a.targets, Verb::Set)
}
