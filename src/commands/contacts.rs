//! `botctl contacts add|edit|import|remove`.

use anyhow::{Context, Result, bail};

use super::change::target_ids;
use super::{Planned, batch_note, count, look, print_plan, unknown_ids};
use crate::Ctx;
use crate::cli::{AddArgs, ContactsCommand, EditArgs, ImportArgs, RemoveArgs};
use crate::commands::import_errors::ErrorsFile;
use crate::core::Details;
use crate::engine::import::{Options, RowError, detail};
use crate::engine::{self};
use crate::error::{code, usage};
use crate::output::{shown, thousands};
use crate::store::ImportMode;
use crate::{ids, prompt};

pub fn run(ctx: &Ctx, c: &ContactsCommand) -> Result<u8> {
    match c {
        ContactsCommand::Add(a) => add(ctx, a),
        ContactsCommand::Edit(a) => edit(ctx, a),
        ContactsCommand::Import(a) => import(ctx, a),
        ContactsCommand::Remove(a) => remove(ctx, a),
    }
}

fn details(name: Option<&str>, phone: Option<&str>, email: Option<&str>) -> Result<Details> {
    Ok(Details {
        name: detail("name", name).map_err(usage)?,
        phone: detail("phone", phone).map_err(usage)?,
        email: detail("email", email).map_err(usage)?,
    })
}

fn add(ctx: &Ctx, a: &AddArgs) -> Result<u8> {
    ids::check_new(&a.id)?;
    let details = details(a.name.as_deref(), a.phone.as_deref(), a.email.as_deref())?;
    let by = ctx.author(a.note.note.as_deref())?;
    if a.dry_run {
        let store = ctx.open_or_create()?;
        if store.contact(&a.id)?.is_some() {
            anyhow::bail!("contact `{}` already exists", shown(&a.id));
        }
        ctx.ui.note(format!(
            "dry run: would add contact `{}` (active); nothing was changed",
            shown(&a.id)
        ));
        return Ok(code::OK);
    }
    let mut store = ctx.open_or_create()?;
    let batch = engine::contacts::add(store.as_mut(), &a.id, &details, &by)?;
    ctx.ui.note(format!(
        "added contact `{}` (active){}",
        shown(&a.id),
        batch_note(Some(batch))
    ));
    Ok(code::OK)
}

fn edit(ctx: &Ctx, a: &EditArgs) -> Result<u8> {
    ids::check(&a.id)?;
    if a.name.is_none() && a.phone.is_none() && a.email.is_none() {
        return Err(usage(
            "nothing to edit: give `--name`, `--phone` or `--email`",
        ));
    }
    // A value given empty (`--phone ""`) clears that field.
    let field = |what: &str, v: Option<&str>| -> Result<Option<String>> {
        match v {
            Some(v) if v.trim().is_empty() => Ok(Some(String::new())),
            v => detail(what, v).map_err(usage),
        }
    };
    let d = Details {
        name: field("name", a.name.as_deref())?,
        phone: field("phone", a.phone.as_deref())?,
        email: field("email", a.email.as_deref())?,
    };
    let by = ctx.author(a.note.note.as_deref())?;
    let mut store = ctx.open_for_write()?;
    if a.dry_run {
        store
            .contact(&a.id)?
            .ok_or_else(|| unknown_ids(std::slice::from_ref(&a.id), false))?;
        ctx.ui.note(format!(
            "dry run: would change the details of `{}`; nothing was changed",
            shown(&a.id)
        ));
        return Ok(code::OK);
    }
    match engine::contacts::edit(store.as_mut(), &a.id, &d, &by)? {
        Some(batch) => ctx.ui.note(format!(
            "changed the details of `{}`{}",
            shown(&a.id),
            batch_note(Some(batch))
        )),
        None => ctx.ui.note(format!(
            "nothing to change: `{}` already has these details",
            shown(&a.id)
        )),
    }
    Ok(code::OK)
}

fn import(ctx: &Ctx, a: &ImportArgs) -> Result<u8> {
    let by = ctx.author(a.note.note.as_deref())?;
    let mode = match (a.only_new, a.only_existing) {
        (true, _) => ImportMode::OnlyNew,
        (_, true) => ImportMode::OnlyExisting,
        _ => ImportMode::Upsert,
    };
    // The header is read and understood before the database is opened.
    let stdin = a.file.as_os_str() == "-";
    let input: Box<dyn std::io::Read> = if stdin {
        Box::new(std::io::stdin().lock())
    } else {
        let name = shown(&a.file.display().to_string());
        let f = std::fs::File::open(&a.file).with_context(|| format!("cannot open `{name}`"))?;
        if f.metadata().is_ok_and(|m| m.is_dir()) {
            bail!("`{name}` is a folder; give `contacts import` a CSV file (or `-` to read stdin)");
        }
        Box::new(std::io::BufReader::new(f))
    };
    let source = engine::import::open(input, a.delimiter, &a.map)?;
    let mut report = match &a.errors {
        Some(path) => Some(ErrorsFile::create(
            path,
            (!stdin).then_some(a.file.as_path()),
            ctx.db_file(),
        )?),
        None => None,
    };
    // No note for botctl's own `list --format csv`: it is plainly botctl's header.
    let own = source.layout.names.iter().map(String::as_str).eq(
        <crate::core::Contact as crate::output::Record>::FIELDS
            .iter()
            .copied(),
    );
    if let Some(note) = source.layout.note().filter(|_| !own) {
        ctx.ui.note(note);
    }
    let mut store = ctx.open_or_create()?;
    // The number of rows is known only at the end: a spinner with the rows read so far,
    // once there are enough of them.
    let mut bar = None;
    let errors_to = report.as_ref().map(|r| r.shown().to_string());
    let out = {
        let mut on_error = |e: &RowError| match report.as_mut() {
            Some(r) => r.write(e),
            None => Ok(()),
        };
        let mut on_progress = |n: u64| {
            if n >= prompt::PROGRESS_FROM as u64 {
                bar.get_or_insert_with(|| prompt::spinner(&ctx.ui, prompt::PROGRESS_FROM, ""))
                    .set_message(format!("importing: {} rows read", thousands(n)));
            }
        };
        let opts = Options {
            mode,
            dry_run: a.confirm.dry_run,
            on_error: &mut on_error,
            on_progress: &mut on_progress,
            errors_to: errors_to.as_deref(),
        };
        engine::import::import(store.as_mut(), source, &by, opts)
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(r) = report {
        r.finish()?;
    }
    let out = out?;
    let c = &out.counts;
    if c.rows == 0 {
        ctx.ui
            .note("nothing to import: the CSV has no rows after its header");
        return Ok(code::OK);
    }
    let skipped = match mode {
        ImportMode::Upsert => String::new(),
        ImportMode::OnlyNew => format!(", {} existing left alone", thousands(c.skipped)),
        ImportMode::OnlyExisting => format!(", {} unknown skipped", thousands(c.skipped)),
    };
    let summary = format!(
        "{} row{}: {} added, {} updated, {} status change{}{skipped}",
        thousands(c.rows),
        if c.rows == 1 { "" } else { "s" },
        thousands(c.added),
        thousands(c.updated),
        thousands(c.status_changes),
        if c.status_changes == 1 { "" } else { "s" }
    );
    if a.confirm.dry_run {
        ctx.ui.note(format!(
            "dry run: would import {summary}; nothing was changed"
        ));
        return Ok(code::OK);
    }
    if out.batch.is_none() {
        // Every row matched its contact, or was left alone: no batch was made.
        let why = if c.skipped == 0 {
            "; the contacts already have these values"
        } else {
            ""
        };
        ctx.ui.note(format!("nothing to change: {summary}{why}"));
        return Ok(code::OK);
    }
    ctx.ui
        .note(format!("imported {summary}{}", batch_note(out.batch)));
    Ok(code::OK)
}

fn remove(ctx: &Ctx, a: &RemoveArgs) -> Result<u8> {
    let Some(ids) = target_ids(ctx, &a.ids, &a.targets)? else {
        return Ok(code::OK);
    };
    let by = ctx.author(a.targets.note.note.as_deref())?;
    let mut store = ctx.open_for_write()?;
    // The ids came in deduplicated (`target_ids`).
    let n = ids.len();
    if a.targets.confirm.dry_run || !a.targets.confirm.yes {
        let mut plan = Vec::new();
        let mut missing = Vec::new();
        for id in &ids {
            match store.contact(id)? {
                Some(c) => plan.push(Planned {
                    id: id.clone(),
                    from: Some(c.effective(ctx.now).state),
                    to: None,
                }),
                None => missing.push(id.clone()),
            }
        }
        if !missing.is_empty() {
            return Err(unknown_ids(&missing, false));
        }
        if a.targets.confirm.dry_run {
            print_plan(ctx, &plan, look(store.as_ref(), ctx.now)?)?;
            ctx.ui.note(format!(
                "dry run: would remove {}; nothing was changed",
                count(plan.len())
            ));
            return Ok(code::OK);
        }
        prompt::confirm(
            &ctx.ui,
            a.targets.confirm.yes,
            n,
            &format!("Remove {}? Their history stays.", count(n)),
        )?;
    }
    let bar = prompt::spinner(&ctx.ui, n, "removing");
    let out = engine::contacts::remove(store.as_mut(), &ids, &by)?;
    bar.finish_and_clear();
    let batch = out.batch;
    ctx.ui.note(format!(
        "removed {}{}; their history stays, and `botctl undo` restores them",
        count(out.changed as usize),
        batch_note(batch)
    ));
    Ok(code::OK)
}
