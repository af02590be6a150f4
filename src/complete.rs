//! Dynamic shell completion: what bash, zsh and fish are offered while a person types.
//! The shell runs `COMPLETE=SHELL botctl -- WORDS…` (see `botctl completions`); clap's
//! completion engine calls the functions here for the values it cannot know itself.
//!
//! Completion only reads: the database is opened read-only and never created (on
//! PostgreSQL it only queries), and any problem (no file, not botctl's, locked, a server
//! that cannot be reached within its `connect_timeout`) offers nothing rather than an
//! error.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap_complete::engine::CompletionCandidate;

use crate::settings::KEYS;
use crate::store::{self, complete as q};
use crate::time;

/// At most this many candidates per completion: a shell shows no more usefully.
pub const LIMIT: usize = 200;

/// The database a completion reads: `--db` as typed on the command line so far, else
/// `BOTCTL_DB`, else the default path.
fn db_path() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip_while(|a| a != "--");
    let mut typed: Option<OsString> = None;
    while let Some(a) = args.next() {
        if a == "--db" {
            typed = args.next();
        } else if let Some(v) = a.to_str().and_then(|s| s.strip_prefix("--db=")) {
            typed = Some(v.into());
        }
    }
    if let Some(p) = typed.filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if let Some(p) = std::env::var_os("BOTCTL_DB").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    store::sqlite::default_path().ok()
}

fn source() -> Option<q::Source> {
    q::Source::open(&store::Location::parse(Some(db_path()?.as_os_str())).ok()?)
}

/// Text from the database for a completion menu: one line, control and bidirectional
/// control characters shown as `?`, cut to `max` characters.
fn clean(s: &str, max: usize) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if crate::escape::needs_escape(c) {
                '?'
            } else {
                c
            }
        })
        .take(max)
        .collect();
    if s.chars().count() > max {
        out.pop();
        out.push_str("...");
    }
    out
}

/// Contact ids that start with what was typed, described by name and effective status.
pub fn contact_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(prefix) = current.to_str() else {
        return Vec::new();
    };
    let Some(mut source) = source() else {
        return Vec::new();
    };
    let now = time::now().ok();
    let Ok(hints) = source.contact_ids(prefix, LIMIT) else {
        return Vec::new();
    };
    hints
        .into_iter()
        .map(|h| {
            let due = matches!((h.wake_at, now), (Some(at), Some(now)) if at <= now);
            let status = if due { "active" } else { h.status.as_str() };
            let state = match (h.wake_at, now) {
                (Some(at), Some(now)) if !due => {
                    format!("{status} until {}", time::local_short(at, now))
                }
                _ => status.to_string(),
            };
            let help = match h.name.as_deref().filter(|n| !n.is_empty()) {
                Some(name) => format!("{}, {state}", clean(name, 40)),
                None => state,
            };
            CompletionCandidate::new(h.id).help(Some(help.into()))
        })
        .collect()
}

/// Batch ids that start with the digits typed, newest first, described by their command.
pub fn batch_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(prefix) = current.to_str() else {
        return Vec::new();
    };
    let Some(mut source) = source() else {
        return Vec::new();
    };
    let now = time::now().unwrap_or_default();
    let Ok(hints) = source.batch_ids(prefix, LIMIT) else {
        return Vec::new();
    };
    hints
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let help = format!(
                "{} by {}, {}",
                clean(&b.command, 40),
                clean(&b.actor, 20),
                time::local_short(b.at, now)
            );
            CompletionCandidate::new(b.id.to_string())
                .help(Some(help.into()))
                .display_order(Some(i))
        })
        .collect()
}

/// Channels that bot messages were counted on, from the database (`default` always).
pub fn channels(current: &OsStr) -> Vec<CompletionCandidate> {
    let prefix = current.to_str().unwrap_or_default();
    let mut names = source()
        .and_then(|mut source| source.channels(LIMIT).ok())
        .unwrap_or_default();
    if !names.iter().any(|n| n == crate::core::DEFAULT_CHANNEL) {
        names.push(crate::core::DEFAULT_CHANNEL.to_string());
    }
    names.sort();
    names
        .into_iter()
        .filter(|n| n.starts_with(prefix) && crate::core::validate_channel(n).is_ok())
        .map(CompletionCandidate::new)
        .collect()
}

/// The setting keys, with their valid values.
pub fn setting_keys(current: &OsStr) -> Vec<CompletionCandidate> {
    let prefix = current.to_str().unwrap_or_default();
    KEYS.iter()
        .filter(|k| k.name.starts_with(prefix))
        .map(|k| {
            CompletionCandidate::new(k.name)
                .help(Some(format!("default {}; {}", k.default, k.valid).into()))
        })
        .collect()
}
