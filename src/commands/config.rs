//! `botctl config [get KEY | set KEY VALUE]`: the settings.

use std::io::Write;

use anyhow::{Result, anyhow};

use crate::Ctx;
use crate::cli::{ConfigAction, ConfigArgs};
use crate::error::code;
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
    let mut store = ctx.open()?;
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
            let k = settings::find(key).map_err(|e| anyhow!(e))?;
            writeln!(out, "{}", (k.show)(&current))?;
        }
        Some(ConfigAction::Set {
            key,
            value,
            dry_run,
        }) => {
            let k = settings::find(key).map_err(|e| anyhow!(e))?;
            let value = settings::normalize(k, value).map_err(|e| anyhow!(e))?;
            let before = (k.show)(&current);
            if *dry_run {
                ctx.ui.note(format!(
                    "dry run: {} would change: {before} → {value}; nothing was changed",
                    k.name
                ));
            } else {
                let mut w = store.write(&ctx.who, ctx.now, &format!("config set {}", k.name))?;
                w.set_setting(k.name, &value)?;
                let batch = w.commit()?;
                ctx.ui.note(format!(
                    "{}: {before} → {value}{}",
                    k.name,
                    super::batch_only(batch)
                ));
            }
        }
    }
    out.flush()?;
    Ok(code::OK)
}
