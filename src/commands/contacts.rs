//! `botctl contacts add|import|remove`.

use std::collections::HashMap;
use std::io::Read;

use anyhow::{Context, Result, anyhow, bail};

use super::change::target_ids;
use super::{
    Planned, batch_note, batch_only, count, look, print_plan, require_bot_on, unknown_ids,
};
use crate::Ctx;
use crate::cli::{AddArgs, ContactsCommand, ImportArgs, RemoveArgs};
use crate::error::code;
use crate::output::thousands;
use crate::status::{self, Status, Ts};
use crate::store::Details;
use crate::{ids, prompt, time};

pub fn run(ctx: &Ctx, c: &ContactsCommand) -> Result<u8> {
    match c {
        ContactsCommand::Add(a) => add(ctx, a),
        ContactsCommand::Import(a) => import(ctx, a),
        ContactsCommand::Remove(a) => remove(ctx, a),
    }
}

/// A contact detail: trimmed, `None` when empty; no control characters.
fn detail(what: &str, v: Option<&str>) -> Result<Option<String>, String> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().any(char::is_control) || v.len() > 1024 {
        return Err(format!(
            "the {what} must be at most 1024 bytes without control characters"
        ));
    }
    Ok(Some(v.to_string()))
}

fn add(ctx: &Ctx, a: &AddArgs) -> Result<u8> {
    ids::check_new(&a.id)?;
    let details = Details {
        name: detail("name", a.name.as_deref()).map_err(anyhow::Error::msg)?,
        phone: detail("phone", a.phone.as_deref()).map_err(anyhow::Error::msg)?,
        email: detail("email", a.email.as_deref()).map_err(anyhow::Error::msg)?,
    };
    let mut store = ctx.open()?;
    let mut w = store.write(&ctx.who, ctx.now, "contacts add")?;
    if w.contact(&a.id)?.is_some() {
        bail!(
            "contact `{}` already exists; see it with `botctl status '{}'`, or update its details with `botctl contacts import`",
            a.id,
            a.id
        );
    }
    w.create(&a.id, &details, None)?;
    if a.dry_run {
        drop(w);
        ctx.ui.note(format!(
            "dry run: would add contact `{}` (active); nothing was changed",
            a.id
        ));
        return Ok(code::OK);
    }
    let batch = w.commit()?;
    ctx.ui.note(format!(
        "added contact `{}` (active){}",
        a.id,
        batch_only(batch)
    ));
    Ok(code::OK)
}

/// The columns an import file may have.
const COLUMNS: [&str; 6] = ["id", "name", "phone", "email", "status", "wake_at"];

/// One validated row of an import file.
struct Row {
    line: u64,
    id: String,
    details: Details,
    status: Option<Status>,
    wake_at: Option<Ts>,
}

/// The line where a quoted field opens and is never closed, if any. (The csv reader
/// would silently end such a field at the end of the input.)
fn unclosed_quote(data: &[u8]) -> Option<u64> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let (mut line, mut field_start, mut open) = (1u64, true, None);
    let mut bytes = data.iter().peekable();
    while let Some(&b) = bytes.next() {
        if open.is_some() {
            match b {
                b'"' if bytes.peek() == Some(&&b'"') => {
                    bytes.next();
                }
                b'"' => {
                    open = None;
                    field_start = false;
                }
                b'\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' if field_start => open = Some(line),
            b',' => field_start = true,
            b'\n' => {
                line += 1;
                field_start = true;
            }
            b'\r' => {}
            _ => field_start = false,
        }
    }
    open
}

/// Reads and validates the whole CSV before anything is written: a bad row names its
/// line, and nothing of the file is imported.
fn read_rows(mut input: impl Read, now: Ts, ui: &crate::output::Ui) -> Result<Vec<Row>> {
    let mut data = Vec::new();
    input
        .read_to_end(&mut data)
        .context("cannot read the CSV")?;
    if let Some(line) = unclosed_quote(&data) {
        bail!(
            "line {line}: a quoted field is never closed (a `\"` is missing); nothing was imported"
        );
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(data.as_slice());
    let headers = reader
        .byte_headers()
        .context("cannot read the CSV header row")?
        .clone();
    let mut col: HashMap<&str, usize> = HashMap::new();
    let mut ignored = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let name = std::str::from_utf8(h)
            .map_err(|_| anyhow!("line 1: the header row is not valid UTF-8"))?
            .trim()
            .to_ascii_lowercase();
        match COLUMNS.iter().find(|c| **c == name) {
            Some(key) => {
                if col.insert(key, i).is_some() {
                    bail!("line 1: the column `{name}` appears twice in the header row");
                }
            }
            None => ignored.push(name),
        }
    }
    let Some(&id_col) = col.get("id") else {
        bail!(
            "line 1: the CSV has no `id` column; its first line must name the columns, e.g. `id,name,phone,email,status,wake_at`"
        );
    };
    if !ignored.is_empty() {
        ui.note(format!("ignoring unknown columns: {}", ignored.join(", ")));
    }
    let mut rows = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let more = reader.read_byte_record(&mut record).map_err(|e| {
            let line = e
                .position()
                .map_or(String::new(), |p| format!("line {}: ", p.line()));
            anyhow!("{line}malformed CSV: {e}")
        })?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, |p| p.line());
        let at = |e: String| anyhow!("line {line}: {e}; nothing was imported");
        let field = |name: &str| -> Result<Option<&str>> {
            match col.get(name).and_then(|&i| record.get(i)) {
                None => Ok(None),
                Some(b) => std::str::from_utf8(b)
                    .map(|s| Some(s.trim()).filter(|s| !s.is_empty()))
                    .map_err(|_| at(format!("the `{name}` field is not valid UTF-8"))),
            }
        };
        let id = match record.get(id_col).map(std::str::from_utf8) {
            // Exactly as written: an export of botctl's own must import as the same ids.
            Some(Ok(s)) => s.to_string(),
            _ => return Err(at("the `id` field is not valid UTF-8".into())),
        };
        if id.is_empty() {
            return Err(at("the `id` is missing".into()));
        }
        ids::validate(&id).map_err(at)?;
        if let Some(first) = seen.insert(id.clone(), line) {
            return Err(at(format!(
                "the id `{id}` appears twice (also on line {first})"
            )));
        }
        let details = Details {
            name: detail("name", field("name")?).map_err(at)?,
            phone: detail("phone", field("phone")?).map_err(at)?,
            email: detail("email", field("email")?).map_err(at)?,
        };
        let status = field("status")?
            .map(str::parse::<Status>)
            .transpose()
            .map_err(at)?;
        let wake_at = field("wake_at")?
            .map(|t| time::parse_time(t).and_then(|t| time::check_timer(t, now)))
            .transpose()
            .map_err(|e| at(format!("bad `wake_at`: {e:#}")))?;
        match (status, wake_at) {
            (None, Some(_)) => {
                return Err(at(
                    "a `wake_at` needs a `status` of `snoozed` or `inactive`".into(),
                ));
            }
            (Some(Status::Active), Some(_)) => {
                return Err(at(
                    "an active contact has no `wake_at`; leave it empty".into()
                ));
            }
            _ => {}
        }
        rows.push(Row {
            line,
            id,
            details,
            status,
            wake_at,
        });
    }
    Ok(rows)
}

fn import(ctx: &Ctx, a: &ImportArgs) -> Result<u8> {
    let now = ctx.now;
    let rows = if a.file.as_os_str() == "-" {
        read_rows(std::io::stdin().lock(), now, &ctx.ui)?
    } else {
        let f = std::fs::File::open(&a.file)
            .with_context(|| format!("cannot open `{}`", a.file.display()))?;
        read_rows(f, now, &ctx.ui)?
    };
    if rows.is_empty() {
        ctx.ui
            .note("nothing to import: the CSV has no rows after its header");
        return Ok(code::OK);
    }
    let mut store = ctx.open()?;
    let sets_status = rows.iter().any(|r| r.status.is_some());
    if sets_status {
        require_bot_on(store.mode()?)?;
    }
    let bar = prompt::progress(&ctx.ui, rows.len(), "importing");
    let mut w = store.write(&ctx.who, now, "contacts import")?;
    if sets_status {
        require_bot_on(w.mode()?)?;
    }
    let (mut added, mut updated) = (0u64, 0u64);
    for r in &rows {
        let target = r
            .status
            .map(|s| status::requested(s, r.wake_at))
            .transpose()
            .map_err(anyhow::Error::msg)?;
        match w.settled(&r.id)? {
            None => {
                // A new id must round-trip; an existing one (even one an older botctl
                // stored) is updated as written.
                ids::validate_new(&r.id)
                    .map_err(|e| anyhow!("line {}: {e}; nothing was imported", r.line))?;
                w.create(
                    &r.id,
                    &r.details,
                    target.filter(|t| *t != status::State::NEW),
                )?;
                added += 1;
            }
            Some(mut c) => {
                w.update_details(&r.id, &r.details)?;
                if let Some(t) = target.filter(|t| !c.state.satisfies(t)) {
                    let to = status::apply_manual(&c.state, &t);
                    w.change(&mut c, to)?;
                }
                updated += 1;
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let changes = w.changes();
    let summary = format!(
        "{}: {} added, {} updated, {} status change{}",
        count(rows.len()),
        thousands(added),
        thousands(updated),
        thousands(changes as u64),
        if changes == 1 { "" } else { "s" }
    );
    if a.confirm.dry_run {
        drop(w);
        ctx.ui.note(format!(
            "dry run: would import {summary}; nothing was changed"
        ));
        return Ok(code::OK);
    }
    let batch = w.commit()?;
    let note = if changes > 0 {
        batch_note(batch)
    } else {
        batch_only(batch)
    };
    ctx.ui.note(format!("imported {summary}{note}"));
    Ok(code::OK)
}

fn remove(ctx: &Ctx, a: &RemoveArgs) -> Result<u8> {
    let Some(ids) = target_ids(ctx, &a.ids, &a.targets)? else {
        return Ok(code::OK);
    };
    let mut store = ctx.open()?;
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
        print_plan(ctx, &plan, look(&store, ctx.now)?)?;
        ctx.ui.note(format!(
            "dry run: would remove {}; nothing was changed",
            count(plan.len())
        ));
        return Ok(code::OK);
    }
    let n = ids.len();
    prompt::confirm(
        &ctx.ui,
        a.targets.confirm.yes,
        n,
        &format!("Remove {}? Their history stays.", count(n)),
    )?;
    let bar = prompt::progress(&ctx.ui, n, "removing");
    let mut w = store.write(&ctx.who, ctx.now, "contacts remove")?;
    for id in &ids {
        if !w.remove(id)? {
            return Err(unknown_ids(std::slice::from_ref(id), false));
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let batch = w.commit()?;
    ctx.ui.note(format!(
        "removed {}{}; their history stays",
        count(n),
        batch_only(batch)
    ));
    Ok(code::OK)
}

#[cfg(test)]
mod tests {
    use super::unclosed_quote;

    #[test]
    fn unclosed_quotes_are_found() {
        assert_eq!(unclosed_quote(b"id\n\"unterminated\n"), Some(2));
        assert_eq!(unclosed_quote(b"id,name\n\"a\",\"b \"\"x\"\"\"\n"), None);
        assert_eq!(unclosed_quote(b"id,name\na,\"multi\nline\"\nb,x\n"), None);
        assert_eq!(unclosed_quote(b"id,name\na,O\"Brien\n"), None);
        assert_eq!(unclosed_quote(b"\xEF\xBB\xBF\"id\"\nx\n"), None);
        assert_eq!(unclosed_quote(b"id\nok\n\"x\"\"\n"), Some(3));
    }
}
