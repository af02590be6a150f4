//! Changing the status of contacts by hand: the engine behind `set`, `snooze` and `wake`.
//! A change is planned from a read, shown (`--dry-run`) or confirmed, then applied in one
//! `BEGIN IMMEDIATE` transaction: all or nothing.

use anyhow::Result;

use super::{Planned, batch_note, count, describe, look, print_plan, timer_words, unknown_ids};
use crate::Ctx;
use crate::cli::{SnoozeArgs, Targets, WakeArgs};
use crate::core::{self, State, Status, Ts};
use crate::engine::change::Target;
use crate::engine::{self, require_bot_on};
use crate::error::{code, usage};
use crate::ids;
use crate::output::thousands;
use crate::prompt;
use crate::store::Store;
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
    store: Box<dyn Store>,
    ids: &[String],
    target: State,
    create_missing: bool,
    targets: &Targets,
    verb: Verb,
) -> Result<u8> {
    bulk_to(
        ctx,
        store,
        ids,
        Target::Fixed(target),
        create_missing,
        targets,
        verb,
    )
}

/// Like [`bulk`], for a target that may depend on the settings (read under the lock).
pub fn bulk_to(
    ctx: &Ctx,
    mut store: Box<dyn Store>,
    ids: &[String],
    to: Target,
    create_missing: bool,
    targets: &Targets,
    verb: Verb,
) -> Result<u8> {
    let now = ctx.now;
    // What the target means now, for the question and the plan; the change itself works
    // it out again under the write lock.
    let target = to.resolve(&store.settings()?, now)?;
    let mut by = ctx.author(targets.note.note.as_deref())?;
    // Plan from a read when a person must be asked or shown the plan, so that nothing
    // holds the write lock while they answer. With `--yes`, the transaction decides.
    if targets.confirm.dry_run || !targets.confirm.yes {
        require_bot_on(store.mode()?)?;
        let (mut plan, missing) = engine::change::plan(store.as_ref(), ids, &target, now)?;
        if !missing.is_empty() && !create_missing {
            return Err(unknown_ids(&missing, true));
        }
        refuse_bad_new_ids(&missing)?;
        let n = plan.len() + missing.len();
        if n == 0 {
            nothing_to_change(ctx, ids.len(), &target);
            return Ok(code::OK);
        }
        if targets.confirm.dry_run {
            plan.extend(missing.iter().map(|id| Planned {
                id: id.clone(),
                from: None,
                to: Some(target),
            }));
            print_plan(ctx, &plan, look(store.as_ref(), now)?)?;
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
    }
    // The change is dated, and a `--for` timer counted, from now: after the question.
    by.now = ctx.clock()?;
    let bar = prompt::spinner(&ctx.ui, ids.len(), "changing");
    let out = engine::change::apply(
        store.as_mut(),
        ids,
        &to,
        create_missing,
        &verb.command(&target),
        &by,
    )?;
    let target = out.target.unwrap_or(target);
    bar.finish_and_clear();
    let changed = (out.changed + out.created) as usize;
    if changed == 0 {
        nothing_to_change(ctx, ids.len(), &target);
        return Ok(code::OK);
    }
    let skipped = (out.asked as usize).saturating_sub(changed);
    let mut msg = format!(
        "{}{}",
        verb.done(changed, &target, by.now),
        batch_note(out.batch)
    );
    if out.created > 0 {
        msg.push_str(&format!(
            "; {} of them created (`--create-missing`)",
            thousands(out.created)
        ));
    }
    if skipped > 0 {
        msg.push_str(&format!("; {} already so, left alone", count(skipped)));
    }
    ctx.ui.note(msg);
    Ok(code::OK)
}

fn nothing_to_change(ctx: &Ctx, n: usize, target: &State) {
    let already = if target.status == Status::Active {
        "active".to_string()
    } else {
        describe(target, ctx.now)
    };
    ctx.ui.note(format!(
        "nothing to change: {} already {already}",
        if n == 1 {
            "the contact is".to_string()
        } else {
            format!("all {} are", count(n))
        }
    ));
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
    if let Some(ext) = &a.extend {
        return extend(ctx, &ids, ext, a);
    }
    let (to, store) = if a.timer.for_.is_none() && a.timer.until.is_none() {
        (Target::SleepTime, None)
    } else {
        super::target_of(ctx, Status::Snoozed, &a.timer)?
    };
    let store = store.map_or_else(|| ctx.open_or_create(), Ok)?;
    bulk_to(
        ctx,
        store,
        &ids,
        to,
        a.create_missing,
        &a.targets,
        Verb::Snooze,
    )
}

pub fn wake(ctx: &Ctx, a: &WakeArgs) -> Result<u8> {
    let Some(ids) = target_ids(ctx, &a.ids, &a.targets)? else {
        return Ok(code::OK);
    };
    let target = core::requested(Status::Active, None).map_err(anyhow::Error::msg)?;
    bulk(
        ctx,
        ctx.open_or_create()?,
        &ids,
        target,
        a.create_missing,
        &a.targets,
        Verb::Wake,
    )
}

/// `snooze --extend DURATION`: push existing timers later.
fn extend(ctx: &Ctx, ids: &[String], ext: &str, a: &SnoozeArgs) -> Result<u8> {
    let secs = time::parse_duration(ext).map_err(|e| e.context("bad `--extend`"))?;
    if secs <= 0 {
        return Err(usage(
            "`--extend` needs a duration longer than 0, such as `30m`",
        ));
    }
    let mut store = ctx.open_for_write()?;
    let mut by = ctx.author(a.targets.note.note.as_deref())?;
    if a.targets.confirm.dry_run {
        require_bot_on(store.mode()?)?;
        let mut plan = Vec::new();
        for id in ids {
            let c = store
                .contact(id)?
                .ok_or_else(|| unknown_ids(std::slice::from_ref(id), false))?
                .effective(ctx.now);
            let Some(at) = c.state.wake_at else {
                anyhow::bail!(
                    "cannot extend: `{}` has no timer; nothing was changed",
                    crate::output::shown(id)
                );
            };
            plan.push(Planned {
                id: id.clone(),
                from: Some(c.state),
                to: Some(State {
                    wake_at: Some(time::check_timer(at.saturating_add(secs), ctx.now)?),
                    ..c.state
                }),
            });
        }
        print_plan(ctx, &plan, look(store.as_ref(), ctx.now)?)?;
        ctx.ui.note(format!(
            "dry run: would extend {}; nothing was changed",
            count(plan.len())
        ));
        return Ok(code::OK);
    }
    prompt::confirm(
        &ctx.ui,
        a.targets.confirm.yes,
        ids.len(),
        &format!(
            "Push the timers of {} later by {}?",
            count(ids.len()),
            time::span(secs.unsigned_abs())
        ),
    )?;
    by.now = ctx.clock()?;
    let out = engine::change::extend(store.as_mut(), ids, secs, &by)?;
    ctx.ui.note(format!(
        "extended the timers of {} by {}{}",
        count(out.changed as usize),
        time::span(secs.unsigned_abs()),
        batch_note(out.batch)
    ));
    Ok(code::OK)
}
