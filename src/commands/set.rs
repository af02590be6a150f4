//! `botctl set STATUS [ID...]`, and the interactive form: `botctl set` on a terminal.

use anyhow::{Context, Result};
use dialoguer::{Confirm, FuzzySelect, Input, Select};

use super::change::{Verb, bulk, target_ids};
use crate::Ctx;
use crate::cli::SetArgs;
use crate::error::{code, usage};
use crate::status::{self, Status};
use crate::time;

/// The picker lists contacts when there are at most this many; else the id is typed.
const PICK_AT_MOST: usize = 5000;

pub fn run(ctx: &Ctx, a: &SetArgs) -> Result<u8> {
    let Some(status) = a.status else {
        if !a.ids.is_empty() || a.targets.stdin || a.timer.for_.is_some() || a.timer.until.is_some()
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
    let (wake_at, store) = super::timer(ctx, &a.timer)?;
    let target = status::requested(status, wake_at).map_err(anyhow::Error::msg)?;
    let Some(ids) = target_ids(ctx, &a.ids, &a.targets)? else {
        return Ok(code::OK);
    };
    bulk(
        ctx,
        store.map_or_else(|| ctx.open_or_create(), Ok)?,
        &ids,
        target,
        a.create_missing,
        &a.targets,
        Verb::Set,
    )
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
        let ids = store.contact_ids(PICK_AT_MOST)?;
        let i = FuzzySelect::new()
            .with_prompt("Contact (type to filter)")
            .items(
                ids.iter()
                    .map(|i| crate::escape::shown(i).into_owned())
                    .collect::<Vec<_>>(),
            )
            .default(0)
            .interact_opt()
            .context("no contact chosen")?
            .ok_or_else(|| anyhow::anyhow!("cancelled; nothing was changed"))?;
        ids[i].clone()
    } else {
        Input::<String>::new()
            .with_prompt("Contact id")
            .validate_with(|s: &String| crate::ids::validate(s.trim()))
            .interact_text()
            .context("no contact id given")?
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
    let pick = Select::new()
        .with_prompt(format!(
            "Status of {} (now {})",
            crate::escape::shown(&id),
            current.state.status
        ))
        .items(names)
        .default(start)
        .interact_opt()
        .context("no status chosen")?
        .ok_or_else(|| anyhow::anyhow!("cancelled; nothing was changed"))?;
    let status = Status::ALL[pick];
    let mut wake_at = None;
    if status != Status::Active {
        let reactivate = Confirm::new()
            .with_prompt("Reactivate automatically?")
            .default(status == Status::Snoozed)
            .interact_opt()
            .context("no answer")?
            .ok_or_else(|| anyhow::anyhow!("cancelled; nothing was changed"))?;
        if reactivate {
            let now = ctx.now;
            let day_start = time::clock_of(store.settings()?.day_start);
            let after: String = Input::new()
                .with_prompt("Reactivate after (e.g. 30m, 2h, 1day)")
                .default("2h".to_string())
                .validate_with(|s: &String| {
                    time::timer(Some(s), None, now, || Ok(day_start))
                        .map(|_| ())
                        .map_err(|e| format!("{e:#}"))
                })
                .interact_text()
                .context("no duration given")?;
            wake_at = time::timer(Some(&after), None, now, || Ok(day_start))?;
        }
    }
    let target = status::requested(status, wake_at).map_err(anyhow::Error::msg)?;
    bulk(ctx, store, &[id], target, false, &a.targets, Verb::Set)
}
