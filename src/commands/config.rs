//! `botctl config [get KEY | set KEY VALUE]`: the settings.

use std::io::Write;

use anyhow::{Result, anyhow};

use crate::Ctx;
use crate::cli::{ConfigAction, ConfigArgs};
use crate::error::{code, usage};
use crate::formats::ConfigFormat;
use crate::output;
use crate::settings::{self, KEYS};

/// A setting's JSON key: `max-bot-messages` → `max_bot_messages`.
pub fn json_key(name: &str) -> String {
    name.replace('-', "_")
}

/// A setting's canonical text as a typed JSON value: `none` → null, `on`/`off` → booleans,
/// whole numbers → numbers, anything else (durations, times of day) → a string.
pub fn typed(shown: String) -> serde_json::Value {
    use serde_json::Value;
    match shown.as_str() {
        "none" => Value::Null,
        "on" => Value::Bool(true),
        "off" => Value::Bool(false),
        s => match s.parse::<u64>() {
            Ok(n) => Value::from(n),
            Err(_) => Value::String(shown),
        },
    }
}

pub fn run(ctx: &Ctx, a: &ConfigArgs) -> Result<u8> {
    // An unknown key is a usage error (exit 2), found before the database is opened.
    if let Some(ConfigAction::Get { key } | ConfigAction::Set { key, .. }) = &a.action {
        settings::find(key).map_err(usage)?;
    }
    if let Some(ConfigAction::Set {
        key,
        value,
        dry_run,
        note,
    }) = &a.action
    {
        return set(ctx, key, value, *dry_run, note.note.as_deref());
    }
    let store = ctx.open()?;
    let current = store.settings()?;
    let mut out = output::stdout();
    match &a.action {
        None if a.format == ConfigFormat::Json => {
            // Keys in the order of `KEYS`, which is the order `config` lists them.
            out.write_all(b"{")?;
            for (i, k) in KEYS.iter().enumerate() {
                let key = serde_json::to_string(&json_key(k.name))?;
                let value = serde_json::to_string(&typed((k.show)(&current)))?;
                let sep = if i == 0 { "" } else { "," };
                write!(out, "{sep}\n  {key}: {value}")?;
            }
            out.write_all(b"\n}\n")?;
        }
        None => {
            for k in KEYS {
                let value = (k.show)(&current);
                let note = if value == k.default {
                    ""
                } else {
                    "  (default "
                };
                let close = if note.is_empty() {
                    String::new()
                } else {
                    format!("{})", k.default)
                };
                writeln!(out, "{:<27}{value}{note}{close}", k.name)?;
            }
        }
        Some(ConfigAction::Get { key }) => {
            let k = settings::find(key).map_err(usage)?;
            writeln!(out, "{}", (k.show)(&current))?;
        }
        Some(ConfigAction::Set { .. }) => unreachable!("handled above"),
    }
    out.flush()?;
    Ok(code::OK)
}

fn set(ctx: &Ctx, key: &str, value: &str, dry_run: bool, note: Option<&str>) -> Result<u8> {
    let k = settings::find(key).map_err(|e| anyhow!(e))?;
    let value = settings::normalize(k, value).map_err(|e| anyhow!(e))?;
    let by = ctx.author(note)?;
    let mut store = ctx.open_or_create()?;
    if dry_run {
        let before = (k.show)(&store.settings()?);
        if before == value {
            ctx.ui.note(format!("{} is already {value}", k.name));
        } else {
            ctx.ui.note(format!(
                "dry run: {} would change: {before} → {value}; nothing was changed",
                k.name
            ));
        }
        return Ok(code::OK);
    }
    let done = crate::engine::settings::set_setting(store.as_mut(), k, &value, &by)?;
    match done.batch {
        None => ctx.ui.note(format!("{} is already {value}", k.name)),
        Some(_) => ctx.ui.note(format!(
            "{}: {} → {}{}",
            k.name,
            done.before,
            done.after,
            super::batch_note(done.batch)
        )),
    }
    Ok(code::OK)
}
