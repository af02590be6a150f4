//! botctl: per-contact AI bot status, kept in one SQLite file.
//!
//! `status` is the pure core, `store` alone knows SQL, `commands` hold one file per
//! subcommand, and this file wires them together and turns results into exit codes.

pub mod cli;
pub mod commands;
pub mod dbfile;
pub mod error;
pub mod escape;
pub mod ids;
pub mod output;
pub mod prompt;
pub mod settings;
pub mod status;
pub mod store;
pub mod time;

use std::cell::OnceCell;
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
    /// The database path, once a command has opened it: to explain its failures.
    opened: OnceCell<PathBuf>,
    pub who: Who,
    pub now: Ts,
    pub ui: Ui,
}

impl Ctx {
    /// The database path: `--db`, `BOTCTL_DB`, or the default.
    pub fn db_path(&self) -> Result<PathBuf> {
        match &self.db {
            Some(p) if p.as_os_str().is_empty() => {
                bail!("`--db` (or `BOTCTL_DB`) is empty; give it a file path")
            }
            Some(p) => Ok(p.clone()),
            None => store::default_path(),
        }
    }

    /// Opens the database for `access`: only [`Access::Create`] creates a missing file.
    pub fn open_for(&self, access: dbfile::Access) -> Result<Store> {
        let path = self.db_path()?;
        let _ = self.opened.set(path.clone());
        Store::open_with(&path, access)
    }

    /// For reading commands: the file must exist; read-only where it cannot be written.
    pub fn open_existing(&self) -> Result<Store> {
        self.open_for(dbfile::Access::Read)
    }

    /// For commands that change something, creating a missing database and its folder.
    pub fn open_or_create(&self) -> Result<Store> {
        self.open_for(dbfile::Access::Create)
    }

    /// Same as [`Ctx::open_or_create`]; kept for commands written before the two.
    pub fn open(&self) -> Result<Store> {
        self.open_or_create()
    }

    /// A database failure in words (a full disk, a read-only file) instead of an
    /// SQLite error code.
    fn explain(&self, err: anyhow::Error) -> anyhow::Error {
        match self.opened.get().and_then(|p| dbfile::explain(&err, p)) {
            Some(fe) => fe.into(),
            None => err,
        }
    }
}

pub fn main() -> ExitCode {
    dbfile::ignore_sigxfsz();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Usage errors echo what was typed: escape it (help and version go out as they are).
        Err(e) if e.use_stderr() => {
            let text = e.render().to_string();
            let _ = write!(std::io::stderr(), "{}", escape::message(&text));
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(error::code::USAGE));
        }
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let code = error::exit_code(&err);
            if !error::is_broken_pipe(&err) {
                let text = format!("{err:#}");
                let _ = writeln!(std::io::stderr(), "error: {}", escape::message(&text));
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

fn resolve_who(actor: Option<&str>) -> Result<Who> {
    let os_user = os_user();
    let actor = match actor {
        Some(a) => {
            let a = a.trim();
            if a.is_empty() || a.len() > 256 || a.chars().any(char::is_control) {
                bail!(
                    "`--actor` (or `BOTCTL_ACTOR`) must be 1 to 256 bytes of text without control characters"
                );
            }
            a.to_string()
        }
        None => env_user().unwrap_or_else(|| os_user.clone()),
    };
    Ok(Who { actor, os_user })
}

pub fn run(cli: Cli) -> Result<u8> {
    let ui = resolve_ui(&cli.global);
    if let Command::Completions(args) = &cli.command {
        return commands::completions::run(args);
    }
    let ctx = Ctx {
        db: cli.global.db.clone(),
        opened: OnceCell::new(),
        who: resolve_who(cli.global.actor.as_deref())?,
        now: time::now()?,
        ui,
    };
    use commands::*;
    let result = match cli.command {
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
        Command::Doctor(a) => doctor::run(&ctx, &a),
        Command::Backup(a) => backup::run(&ctx, &a),
    };
    result.map_err(|e| ctx.explain(e))
}
