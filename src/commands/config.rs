//! `botctl config [get KEY | set KEY VALUE]`: the settings.

use std::io::Write;

use anyhow::{Result, anyhow};

use crate::Ctx;
use crate::cli::{ConfigAction, ConfigArgs};
use crate::error::{code, usage};
use crate::output::{self, Format};
use crate::settings::{self, KEYS};

pub fn run(ctx: &Ctx, a: &ConfigArgs) -> Result<u8> {
    // An unknown key is a usage error (exit 2), found before the database is opened.
    if let Some(ConfigAction::Get { key } | ConfigAction::Set { key, .. }) = &a.action {
        settings::find(key).map_err(usage)?;
    }
    let mut store = ctx.open()?;
    let current = store.settings()?;
    let mut out = output::stdout();
    match &a.action {
        None if a.format == Format::Json => {
            let obj: serde_json::Map<String, serde_json::Value> = KEYS
                .iter()
                .map(|k| (k.name.to_string(), (k.show)(&current).into()))
                .collect();
            serde_json::to_writer_pretty(&mut out, &obj)?;
            writeln!(out)?;
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
        Some(ConfigAction::Set {
            key,
            value,
            dry_run,
        }) => {
            let k = settings::find(key).map_err(usage)?;
            let value = settings::normalize(k, value).map_err(|e| anyhow!(e))?;
            let before = (k.show)(&current);
            if value == before {
                // Like `mode`: nothing to change, no batch.
                ctx.ui
                    .note(format!("the setting `{}` is already {value}", k.name));
            } else if *dry_run {
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
