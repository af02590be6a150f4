//! botctl: per-contact AI bot status, kept in one SQLite file.
//!
//! `status` is the pure core, `store` alone knows SQL, `commands` hold one file per
//! subcommand, and this file wires them together and turns results into exit codes.

pub mod cli;
pub mod commands;
pub mod error;
pub mod ids;
pub mod output;
pub mod prompt;
pub mod search;
pub mod settings;
pub mod status;
pub mod store;
pub mod time;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Parser;

use cli::{Cli, ColorChoice, Command};
use output::Ui;
use status::Ts;
use store::{Store, Who};

/// Everything a command needs from its surroundings, resolved once.
pub struct Ctx {
    db: Option<PathBuf>,
    pub who: Who,
    pub now: Ts,
    pub ui: Ui,
}

impl Ctx {
    pub fn open(&self) -> Result<Store> {
        let path = match &self.db {
            Some(p) if p.as_os_str().is_empty() => {
                bail!("`--db` (or `BOTCTL_DB`) is empty; give it a file path")
            }
            Some(p) => p.clone(),
            None => store::default_path()?,
        };
        Store::open(&path)
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::try_parse().unwrap_or_else(|e| e.exit());
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let code = error::exit_code(&err);
            if !error::is_broken_pipe(&err) {
                let _ = writeln!(std::io::stderr(), "error: {err:#}");
            }
            ExitCode::from(code)
        }
    }
}

fn resolve_ui(global: &cli::Global) -> Ui {
    let stdout_tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_tty && !no_color,
    };
    Ui {
        color,
        quiet: global.quiet,
        stdin_tty: std::io::stdin().is_terminal(),
        stdout_tty,
        stderr_tty: std::io::stderr().is_terminal(),
    }
}

/// The operating-system user running botctl: the name of the process's uid.
fn os_user() -> String {
    use std::os::unix::fs::MetadataExt;
    let Ok(uid) = std::fs::metadata("/proc/self").map(|m| m.uid()) else {
        return env_user().unwrap_or_else(|| "unknown".into());
    };
    let from_passwd = std::fs::read_to_string("/etc/passwd").ok().and_then(|p| {
        p.lines().find_map(|line| {
            let mut f = line.split(':');
            let name = f.next()?;
            let id: u32 = f.nth(1)?.parse().ok()?;
            (id == uid).then(|| name.to_string())
        })
    });
    from_passwd
        .or_else(env_user)
        .unwrap_or_else(|| format!("uid{uid}"))
}

fn env_user() -> Option<String> {
    ["LOGNAME", "USER"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
}

/// Who acts: `--actor` / `BOTCTL_ACTOR`, else the login name. An empty (or blank) actor
/// means "not set". A bad actor (control characters, over 256 bytes) is refused only by a
/// command that changes something, since only those record it.
fn resolve_who(actor: Option<&str>, changing: bool) -> Result<Who> {
    let os_user = os_user();
    let login = || env_user().unwrap_or_else(|| os_user.clone());
    let actor = match actor.map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) if a.len() <= 256 && !a.chars().any(char::is_control) => a.to_string(),
        Some(_) if changing => bail!(
            "`--actor` (or `BOTCTL_ACTOR`) must be at most 256 bytes of text without control characters"
        ),
        _ => login(),
    };
    Ok(Who { actor, os_user })
}

/// Whether the command may change the database (and so records who acted).
fn is_changing(command: &Command) -> bool {
    use cli::{ConfigAction, ContactsCommand};
    match command {
        Command::Status(_)
        | Command::List(_)
        | Command::Check(_)
        | Command::History(_)
        | Command::Completions(_) => false,
        Command::Mode(a) => a.mode.is_some(),
        Command::Config(a) => matches!(a.action, Some(ConfigAction::Set { .. })),
        Command::Contacts(
            ContactsCommand::Add(_) | ContactsCommand::Import(_) | ContactsCommand::Remove(_),
        )
        | Command::Set(_)
        | Command::Snooze(_)
        | Command::Wake(_)
        | Command::Sweep(_)
        | Command::Record(_)
        | Command::Undo(_) => true,
    }
}

pub fn run(cli: Cli) -> Result<u8> {
    let ui = resolve_ui(&cli.global);
    if let Command::Completions(args) = &cli.command {
        return commands::completions::run(args);
    }
    time::check_zone()?;
    let ctx = Ctx {
        db: cli.global.db.clone(),
        who: resolve_who(cli.global.actor.as_deref(), is_changing(&cli.command))?,
        now: time::now()?,
        ui,
    };
    use commands::*;
    match cli.command {
        Command::Status(a) => status::run(&ctx, &a),
        Command::Set(a) => set::run(&ctx, &a),
        Command::Snooze(a) => change::snooze(&ctx, &a),
        Command::Wake(a) => change::wake(&ctx, &a),
        Command::List(a) => list::run(&ctx, &a),
        Command::Sweep(a) => sweep::run(&ctx, &a),
        Command::Check(a) => check::run(&ctx, &a),
        Command::Record(a) => record::run(&ctx, &a),
        Command::History(a) => history::run(&ctx, &a),
        Command::Undo(a) => undo::run(&ctx, &a),
        Command::Contacts(c) => contacts::run(&ctx, &c),
        Command::Mode(a) => mode::run(&ctx, &a),
        Command::Config(a) => config::run(&ctx, &a),
        Command::Completions(a) => completions::run(&a),
    }
}
