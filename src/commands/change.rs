//! Changing the status of contacts by hand: the engine behind `set`, `snooze` and `wake`.
//! A change is planned from a read, shown (`--dry-run`) or confirmed, then applied in one
//! `BEGIN IMMEDIATE` transaction: all or nothing.

use anyhow::Result;

use super::{
    Planned, batch_note, count, describe, look, print_plan, require_bot_on, timer_words,
    unknown_ids,
};
use crate::Ctx;
use crate::cli::{SnoozeArgs, Targets, WakeArgs};
use crate::error::{code, usage};
use crate::ids;
use crate::prompt;
use crate::status::{self, State, Status, Ts};
use crate::store::{Details, Store};
use crate::time;

/// How a change is worded in questions and reports.
#[derive(Clone, Copy)]
pub enum Verb {
    Set,
    Snooze,
    Wake,
}

impl Verb {
    fn command(self, target: &State) -> String {
        match self {
            Verb::Set => format!("set {}", target.status),
            Verb::Snooze => "snooze".into(),
            Verb::Wake => "wake".into(),
        }
    }

    fn question(self, n: usize, target: &State, now: Ts) -> String {
        match self {
            Verb::Set => format!("Set {} to {}?", count(n), describe(target, now)),
            Verb::Snooze => format!("Snooze {}{}?", count(n), timer_words(target, now)),
            Verb::Wake => format!("Wake {} (make them active)?", count(n)),
        }
    }

    fn done(self, n: usize, target: &State, now: Ts) -> String {
        match self {
            Verb::Set => format!("set {} {}", count(n), describe(target, now)),
            Verb::Snooze => format!("snoozed {}{}", count(n), timer_words(target, now)),
            Verb::Wake => format!("woke {}", count(n)),
        }
    }
}

/// The ids of a changing command; `None` (after a note) when stdin held none.
pub fn target_ids(ctx: &Ctx, args: &[String], targets: &Targets) -> Result<Option<Vec<String>>> {
    let (ids, from_stdin) = match &targets.stdin_csv {
        Some(column) => {
            if !args.is_empty() {
                return Err(usage(
                    "give contact ids either as arguments or with `--stdin-csv`, not both",
                ));
            }
            (ids::read_csv_column(std::io::stdin().lock(), column)?, true)
        }
        None => {
            let source = ids::source(args, targets.stdin)?;
            let from_stdin = matches!(source, ids::Source::Stdin);
            (ids::gather(source)?, from_stdin)
        }
    };
    if ids.is_empty() {
        if from_stdin {
            ctx.ui.note("nothing to do: no contact ids on stdin");
            return Ok(None);
        }
        return Err(usage(
            "no contact ids given; pass them as arguments, or with `--stdin` (one per line)",
        ));
    }
    Ok(Some(ids))
}

/// Moves every contact in `ids` to `target`. Contacts already there are left alone.
/// Takes the store its caller opened to work out the target.
pub fn bulk(
    ctx: &Ctx,
    mut store: Store,
    ids: &[String],
    target: State,
    create_missing: bool,
    targets: &Targets,
    verb: Verb,
) -> Result<u8> {
    require_bot_on(store.mode()?)?;
    let now = ctx.now;
    let wording = describe(&target, now);

    // Plan from a read, so that nothing holds the write lock while a person answers.
    let mut plan = Vec::new();
    let mut missing = Vec::new();
    for id in ids {
        match store.contact(id)? {
            None => missing.push(id.clone()),
            Some(c) => {
                let c = c.effective(now);
                if !c.state.satisfies(&target) {
                    plan.push(Planned {
                        id: id.clone(),
                        from: Some(c.state),
                        to: Some(status::apply_manual(&c.state, &target)),
                    });
                }
            }
        }
    }
    if !missing.is_empty() && !create_missing {
        return Err(unknown_ids(&missing, true));
    }
    refuse_bad_new_ids(&missing)?;
    let n = plan.len() + missing.len();
    if n == 0 {
        let already = if target.status == Status::Active {
            "active".to_string()
        } else {
            wording.clone()
        };
        ctx.ui.note(format!(
            "nothing to change: {} already {already}",
            if ids.len() == 1 {
                "the contact is".to_string()
            } else {
                format!("all {} are", count(ids.len()))
            }
        ));
        return Ok(code::OK);
    }
    if targets.confirm.dry_run {
        plan.extend(missing.iter().map(|id| Planned {
            id: id.clone(),
            from: None,
            to: Some(target),
        }));
        print_plan(ctx, &plan, look(&store, now)?)?;
        ctx.ui.note(format!(
            "dry run: would change {}; nothing was changed",
            count(n)
        ));
        return Ok(code::OK);
    }
    prompt::confirm(
        &ctx.ui,
        targets.confirm.yes,
        n,
        &verb.question(n, &target, now),
    )?;

    let bar = prompt::progress(&ctx.ui, ids.len(), "changing");
    let mut w = store.write(&ctx.who, now, &verb.command(&target))?;
    require_bot_on(w.mode()?)?;
    let mut missing = Vec::new();
    for id in ids {
        match w.settled(id)? {
            None if create_missing => {
                ids::check_new(id)?;
                w.create(id, &Details::default(), Some(target))?;
            }
            None => missing.push(id.clone()),
            Some(mut c) => {
                if !c.state.satisfies(&target) {
                    let to = status::apply_manual(&c.state, &target);
                    w.change(&mut c, to)?;
                }
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if !missing.is_empty() {
        return Err(unknown_ids(&missing, true));
    }
    let changed = w.changes();
    let batch = w.commit()?;
    let skipped = ids.len().saturating_sub(changed);
    let mut msg = format!("{}{}", verb.done(changed, &target, now), batch_note(batch));
    if skipped > 0 {
        msg.push_str(&format!("; {} already so, left alone", count(skipped)));
    }
    ctx.ui.note(msg);
    Ok(code::OK)
}

/// Refuses ids that `--create-missing` would create but that break the rules for new ids.
fn refuse_bad_new_ids(missing: &[String]) -> Result<()> {
    let bad: Vec<String> = missing
        .iter()
        .filter_map(|id| ids::validate_new(id).err())
        .collect();
    match bad.as_slice() {
        [] => Ok(()),
        [one] => anyhow::bail!("{one}; nothing was changed"),
        _ => anyhow::bail!(
            "{} ids cannot be created: {}; nothing was changed",
            bad.len(),
            super::listed(&bad)
        ),
    }
}

pub fn snooze(ctx: &Ctx, a: &SnoozeArgs) -> Result<u8> {
    let Some(ids) = target_ids(ctx, &a.ids, &a.targets)? else {
        return Ok(code::OK);
    };
    let mut wake_at = time::timer(a.timer.for_.as_deref(), a.timer.until.as_deref(), ctx.now)?;
    let store = ctx.open()?;
    if a.timer.for_.is_none() && a.timer.until.is_none() {
        wake_at = match store.settings()?.sleep_time {
            Some(secs) => Some(time::check_timer(ctx.now.saturating_add(secs), ctx.now)?),
            None => None,
        };
    }
    let target = status::requested(Status::Snoozed, wake_at).map_err(anyhow::Error::msg)?;
    bulk(
        ctx,
        store,
        &ids,
        target,
        a.create_missing,
        &a.targets,
        Verb::Snooze,
    )
}

pub fn wake(ctx: &Ctx, a: &WakeArgs) -> Result<u8> {
    let Some(ids) = target_ids(ctx, &a.ids, &a.targets)? else {
        return Ok(code::OK);
    };
    let target = status::requested(Status::Active, None).map_err(anyhow::Error::msg)?;
    bulk(
        ctx,
        ctx.open()?,
        &ids,
        target,
        a.create_missing,
        &a.targets,
        Verb::Wake,
    )
}
