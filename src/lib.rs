//! botctl: per-contact AI bot status, kept in a SQLite file or a PostgreSQL database.
//!
//! `core` is the pure rules, `engine` applies them to a `store` (the storage seam, with
//! one implementation per backend), `commands` hold one file per subcommand, `output`
//! prints, and this file wires them together and turns results into exit codes.

pub mod cli;
pub mod commands;
pub mod complete;
pub mod core;
pub mod dbfile;
pub mod engine;
pub mod error;
pub mod escape;
pub mod formats;
pub mod ids;
pub mod lines;
pub mod output;
pub mod prompt;
pub mod search;
pub mod settings;
pub mod store;
pub mod term;
pub mod time;
pub mod words;

/// The pure core under its former name.
pub use self::core as status;

use std::cell::OnceCell;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, bail};
use clap::{CommandFactory, FromArgMatches};

use crate::core::{Ts, Who};
use cli::{Cli, ColorChoice, Command};
use engine::Author;
use output::Ui;
use store::{Location, Store};

/// Everything a command needs from its surroundings, resolved once.
pub struct Ctx {
    location: Location,
    /// The database file, once a command has opened it: to explain its failures.
    opened: OnceCell<std::path::PathBuf>,
    pub who: Who,
    pub now: Ts,
    pub ui: Ui,
}

impl Ctx {
    /// Opens an existing database for reading: reading commands never create one, and
    /// get a read-only connection where the file cannot be written.
    pub fn open(&self) -> Result<Box<dyn Store>> {
        self.open_for(dbfile::Access::Read)
    }

    /// Opens an existing database to change it (`sweep`, `undo`, `remove`): never creates.
    pub fn open_for_write(&self) -> Result<Box<dyn Store>> {
        self.open_for(dbfile::Access::Write)
    }

    /// Opens the database for `access`: only [`dbfile::Access::Create`] creates a missing
    /// file.
    pub fn open_for(&self, access: dbfile::Access) -> Result<Box<dyn Store>> {
        self.say_where();
        if let Location::File(path) = &self.location {
            let _ = self.opened.set(path.clone());
        }
        store::open(&self.location, access)
    }

    /// A database failure in words (a full disk, a read-only file) instead of an
    /// SQLite error code.
    fn explain(&self, err: anyhow::Error) -> anyhow::Error {
        match (&self.location, self.opened.get()) {
            (Location::File(_), None) => err,
            (Location::File(_), Some(path)) => explained(&Location::File(path.clone()), err),
            (at, _) => explained(at, err),
        }
    }

    /// `-v`: which database a command uses (a URL without its password).
    fn say_where(&self) {
        if self.ui.verbose {
            self.ui
                .info(format!("database: {}", escape::escape(&self.db_shown())));
        }
    }

    /// Opens the database, creating a missing SQLite file: for changing commands.
    pub fn open_or_create(&self) -> Result<Box<dyn Store>> {
        self.open_for(dbfile::Access::Create)
    }

    /// Same as [`Ctx::open`]: an existing database, for reading.
    pub fn open_existing(&self) -> Result<Box<dyn Store>> {
        self.open()
    }

    /// The SQLite file's path, `None` for PostgreSQL.
    pub fn db_file(&self) -> Option<&std::path::Path> {
        match &self.location {
            Location::File(p) => Some(p),
            Location::Postgres(_) => None,
        }
    }

    /// The database for people: a path, or a URL without its password.
    pub fn db_shown(&self) -> String {
        match &self.location {
            Location::File(path) => shown_db(path),
            Location::Postgres(url) => shown_db(std::path::Path::new(url)),
        }
    }

    /// The database file's path (`--db`, `BOTCTL_DB`, or the default).
    pub fn db_path(&self) -> Result<std::path::PathBuf> {
        match self.db_file() {
            Some(p) => Ok(p.to_path_buf()),
            None => anyhow::bail!(
                "this command works on an SQLite file, and `--db` names a PostgreSQL database"
            ),
        }
    }

    /// Who changes something now, with the `--note` they gave (checked). The clock is
    /// read again here (never earlier than `now`): a change is dated, and its timer
    /// counted from, when it is made, not when the command started (a person may have
    /// taken a minute to answer its question, or stdin to deliver its ids).
    pub fn author<'a>(&'a self, note: Option<&'a str>) -> Result<Author<'a>> {
        if let Some(n) = note {
            engine::validate_note(n).map_err(error::usage)?;
        }
        Ok(Author {
            who: &self.who,
            now: self.clock()?,
            note,
        })
    }

    /// The clock read now, never earlier than `now` (`BOTCTL_NOW` when set).
    pub fn clock(&self) -> Result<Ts> {
        Ok(time::now()?.max(self.now))
    }
}

/// A failure of the database at `at` in words (a full disk, a read-only file, a missing
/// grant) where it is one of those, instead of an SQLite or server error code.
pub fn explained(at: &Location, err: anyhow::Error) -> anyhow::Error {
    match at {
        Location::Postgres(_) => match store::postgres::explain(&err) {
            Some(words) => anyhow::anyhow!(words),
            None => err,
        },
        Location::File(path) => match dbfile::explain(&err, path) {
            Some(fe) => fe.into(),
            None => err,
        },
    }
}

/// A database as `--verbose` shows it: a path, or a URL without its password.
pub fn shown_db(db: &std::path::Path) -> String {
    let s = db.display().to_string();
    let Some((scheme, rest)) = s.split_once("://") else {
        return s;
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let Some((auth, host)) = authority.rsplit_once('@') else {
        return s;
    };
    let user = auth.split_once(':').map_or(auth, |(u, _)| u);
    format!("{scheme}://{user}@{host}{tail}")
}

pub fn main() -> ExitCode {
    dbfile::ignore_sigxfsz();
    // `BOTCTL_DB=` (set but empty, as shells write "unset for this command") means no
    // database was named, as an empty `XDG_DATA_HOME` means none was set.
    if std::env::var_os("BOTCTL_DB").is_some_and(|v| v.is_empty()) {
        // SAFETY: botctl has started no thread yet, so nothing reads the environment
        // concurrently.
        unsafe { std::env::remove_var("BOTCTL_DB") };
    }
    // The shell asking for completions (`COMPLETE=bash botctl -- …`): answer and exit.
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .bin("botctl")
        .completer("botctl")
        .complete();
    let started = Instant::now();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Decided before clap parses, so that `--help` and usage errors obey `--color` too.
    let policy = term::apply(term::color_arg(&args).unwrap_or(ColorChoice::Auto));
    let cli = match Cli::command()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        // Usage errors echo what was typed: escape it (help and version go out as they are).
        Err(e) if e.use_stderr() => {
            let code = u8::try_from(e.exit_code()).unwrap_or(error::code::USAGE);
            let text = shown_values(e).render().to_string();
            let _ = write!(std::io::stderr(), "{}", escape::message(&text));
            return ExitCode::from(code);
        }
        Err(e) => e.exit(),
    };
    let verbose = cli.global.verbose;
    let ui = resolve_ui(&cli.global, policy);
    let result = run(cli, ui);
    let code = match &result {
        Ok(code) => *code,
        Err(err) => {
            if !error::is_broken_pipe(err) {
                let msg = format!("error: {}", escape::message(&format!("{err:#}")));
                let _ = writeln!(std::io::stderr(), "{}", term::glyphs(&msg, policy.unicode));
            }
            error::exit_code(err)
        }
    };
    if verbose {
        ui.info(format!(
            "took {:.1} ms (exit {code})",
            started.elapsed().as_secs_f64() * 1000.0
        ));
    }
    ExitCode::from(code)
}

/// A usage error with every value it echoes (what was typed, and clap's suggestions)
/// escaped and cut as botctl's own messages show them. Escaping before rendering matters:
/// rendering drops escape sequences from the text instead of showing them.
fn shown_values(mut e: clap::Error) -> clap::Error {
    use clap::error::ContextValue;
    let values: Vec<_> = e
        .context()
        .filter_map(|(kind, value)| match value {
            ContextValue::String(s) => {
                Some((kind, ContextValue::String(escape::shown(s).into_owned())))
            }
            ContextValue::Strings(v) => Some((
                kind,
                ContextValue::Strings(v.iter().map(|s| escape::shown(s).into_owned()).collect()),
            )),
            _ => None,
        })
        .collect();
    for (kind, value) in values {
        e.insert(kind, value);
    }
    e
}

fn resolve_ui(global: &cli::Global, policy: term::Policy) -> Ui {
    Ui {
        color: policy.color_stdout,
        unicode: policy.unicode,
        quiet: global.quiet,
        verbose: global.verbose,
        stdin_tty: std::io::stdin().is_terminal(),
        stdout_tty: std::io::stdout().is_terminal(),
        stderr_tty: std::io::stderr().is_terminal(),
    }
}

/// The operating-system user running botctl: the name of the process's real uid in the
/// system's user database (passwd, LDAP, SSSD, … through NSS), never the environment.
pub fn os_user() -> String {
    let uid = nix::unistd::Uid::current();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(user)) => user.name,
        _ => format!("uid{uid}"),
    }
}

/// The login name, as the shell says it: only the default of the actor, never the OS user.
fn env_user() -> Option<String> {
    ["LOGNAME", "USER"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
}

/// Who acts: `--actor` / `BOTCTL_ACTOR`, else the login name. An empty (or blank) actor
/// means "not set". A bad actor (control characters, over 256 bytes) is refused only by a
/// command that changes something, since only those record it.
fn resolve_who(actor: Option<&str>, changing: bool) -> Result<Who> {
    // Only a changing command records who acted: a reading one spares the lookup in the
    // user database (NSS can be slow: LDAP, SSSD), and `check` its start-up time.
    let os_user = if changing { os_user() } else { String::new() };
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
        | Command::Stats(_)
        | Command::Doctor(_)
        | Command::Backup(_)
        | Command::Man(_)
        | Command::Completions(_) => false,
        Command::Mode(a) => a.mode.is_some(),
        Command::Config(a) => matches!(a.action, Some(ConfigAction::Set { .. })),
        Command::Contacts(
            ContactsCommand::Add(_)
            | ContactsCommand::Edit(_)
            | ContactsCommand::Import(_)
            | ContactsCommand::Remove(_),
        )
        | Command::Set(_)
        | Command::Snooze(_)
        | Command::Wake(_)
        | Command::Sweep(_)
        | Command::Record(_)
        | Command::Undo(_)
        | Command::Copy(_) => true,
    }
}

pub fn run(cli: Cli, ui: Ui) -> Result<u8> {
    match &cli.command {
        Command::Completions(args) => return commands::completions::run(args),
        Command::Man(args) => return commands::man::run(args),
        _ => {}
    }
    time::check_zone()?;
    let ctx = Ctx {
        location: Location::parse(cli.global.db.as_deref().map(std::path::Path::as_os_str))?,
        opened: OnceCell::new(),
        who: resolve_who(cli.global.actor.as_deref(), is_changing(&cli.command))?,
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
        Command::Stats(a) => stats::run(&ctx, &a),
        Command::Contacts(c) => contacts::run(&ctx, &c),
        Command::Mode(a) => mode::run(&ctx, &a),
        Command::Config(a) => config::run(&ctx, &a),
        Command::Copy(a) => copy::run(&ctx, &a),
        Command::Completions(a) => completions::run(&a),
        Command::Man(a) => man::run(&a),
        Command::Doctor(a) => doctor::run(&ctx, &a),
        Command::Backup(a) => backup::run(&ctx, &a),
    };
    // Explained before a file this command created is removed below: a failure is then
    // still told by its cause, not as a file that vanished.
    let result = result.map_err(|e| ctx.explain(e));
    // Only a change creates a database: a file this command created and left without a
    // batch (a dry run, a failure, nothing to do) is removed again.
    for made in dbfile::take_created() {
        let _ = store::sqlite::SqliteStore::remove_if_unused(&made);
    }
    store::postgres::store::remove_unused_created();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbose_never_shows_a_password() {
        let shown = |s: &str| shown_db(std::path::Path::new(s));
        assert_eq!(shown("/var/lib/botctl.db"), "/var/lib/botctl.db");
        assert_eq!(
            shown("postgres://bot:s3cr:et@db.example.com:5432/botctl?sslmode=require"),
            "postgres://bot@db.example.com:5432/botctl?sslmode=require"
        );
        assert_eq!(
            shown("postgresql://bot@db/botctl"),
            "postgresql://bot@db/botctl"
        );
        assert_eq!(shown("postgres://db/botctl"), "postgres://db/botctl");
        assert_eq!(
            shown("postgres://u:p@ss@db/x?options=a@b"),
            "postgres://u@db/x?options=a@b"
        );
    }

    #[test]
    fn os_user_is_the_name_of_the_uid() {
        let uid = nix::unistd::Uid::current();
        let name = nix::unistd::User::from_uid(uid).unwrap().map(|u| u.name);
        assert_eq!(Some(os_user()), name);
    }
}
