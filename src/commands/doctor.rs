//! `botctl doctor`: checks the database and its surroundings — the file (owner, modes,
//! what botctl refuses), integrity, schema version, the write-ahead log, whether it can be
//! written, and whether the sweeper runs. Exit 0 when healthy, 1 with each problem and
//! its fix.

use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use anyhow::Result;
use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::Ctx;
use crate::dbfile;
use crate::error::code;
use crate::escape;
use crate::output;
use crate::time;

/// A timer overdue by more than this, and not written down, means the sweeper is not running.
pub const SWEEP_GRACE_SECS: i64 = 5 * 60;

/// A write-ahead log larger than this is a problem: something keeps it from being checkpointed.
const WAL_TOO_BIG: u64 = 256 * 1024 * 1024;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DoctorFormat {
    /// One line per check, for people
    #[default]
    Text,
    /// One JSON object with every check
    Json,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = DoctorFormat::Text)]
    pub format: DoctorFormat,
}

#[derive(Serialize)]
struct Check {
    check: &'static str,
    ok: bool,
    detail: String,
    fix: Option<String>,
}

#[derive(Default, Serialize)]
struct Report {
    database: String,
    healthy: bool,
    schema_version: Option<i64>,
    latest_schema_version: Option<i64>,
    wal_bytes: Option<u64>,
    overdue_timers: Option<u64>,
    last_sweep: Option<String>,
    checks: Vec<Check>,
}

impl Report {
    fn ok(&mut self, check: &'static str, detail: impl Into<String>) {
        self.checks.push(Check {
            check,
            ok: true,
            detail: detail.into(),
            fix: None,
        });
    }

    fn problem(&mut self, check: &'static str, detail: impl Into<String>, fix: impl Into<String>) {
        self.checks.push(Check {
            check,
            ok: false,
            detail: detail.into(),
            fix: Some(fix.into()).filter(|f: &String| !f.is_empty()),
        });
    }
}

fn quoted(p: &Path) -> String {
    shell_quoted(&escape::path(p))
}

/// Text in single quotes for a shell.
fn shell_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A path made absolute (for a cron line, which runs elsewhere).
fn abs(p: &Path) -> std::path::PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The cron line that runs the sweeper every minute for a database (`db` quoted for the
/// shell).
pub fn cron_line(db: &str) -> String {
    let exe = std::env::current_exe()
        .ok()
        .filter(|p| p.is_absolute())
        .map_or("botctl".to_string(), |p| quoted(&p));
    format!("* * * * * {exe} sweep --db {db}")
}

fn size_words(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / f64::from(1u32 << 20)),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} bytes"),
    }
}

fn owner_name(uid: u32) -> String {
    match nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid)) {
        Ok(Some(u)) => escape::shown(&u.name).into_owned(),
        _ => format!("uid {uid}"),
    }
}

fn group_name(gid: u32) -> String {
    match nix::unistd::Group::from_gid(nix::unistd::Gid::from_raw(gid)) {
        Ok(Some(g)) => escape::shown(&g.name).into_owned(),
        _ => format!("gid {gid}"),
    }
}

fn examine(ctx: &Ctx, path: &Path, r: &mut Report) {
    let shown = escape::path(path);
    match dbfile::inspect(path) {
        Err(e) => {
            r.problem("file", e.to_string(), "");
            return;
        }
        Ok(None) => {
            r.problem(
                "file",
                format!("there is no database at `{shown}`"),
                format!(
                    "check `--db` (or `BOTCTL_DB`); a new database is created by the first change, \
                     e.g. `botctl --db {} contacts add ID`",
                    quoted(path)
                ),
            );
            return;
        }
        Ok(Some(_)) => {}
    }
    if let Ok(m) = std::fs::metadata(path) {
        let mode = m.mode() & 0o7777;
        let detail = format!(
            "`{shown}`: mode {mode:04o}, owner {}, group {}, {}",
            owner_name(m.uid()),
            group_name(m.gid()),
            size_words(m.len())
        );
        if mode & 0o004 != 0 {
            r.problem(
                "file",
                format!("{detail}; readable by everyone, who can see every contact"),
                format!("chmod o-rwx {}", quoted(path)),
            );
        } else {
            r.ok("file", detail);
        }
    }
    let opened = match ctx.open_existing() {
        Ok(s) => s,
        Err(e) => {
            let e = dbfile::explain(&e, path).map_or_else(|| format!("{e:#}"), |fe| fe.to_string());
            r.problem("open", e, "");
            return;
        }
    };
    let Some(store) = opened.as_sqlite() else {
        r.problem("open", "not an SQLite database".to_string(), "");
        return;
    };
    match store.integrity() {
        Ok(rows) if rows == ["ok"] => r.ok("integrity", "SQLite's integrity check passed"),
        Ok(rows) => r.problem(
            "integrity",
            format!(
                "SQLite's integrity check found problems: {}",
                escape::shown(&rows.join("; "))
            ),
            "restore the latest copy made with `botctl backup`, or copy what can be read into a \
             new file with `sqlite3 DB .recover`",
        ),
        Err(e) => r.problem(
            "integrity",
            format!("cannot run the integrity check: {e:#}"),
            "",
        ),
    }
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal_bytes = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    r.wal_bytes = Some(wal_bytes);
    let mode = store.journal_mode().unwrap_or_default();
    if wal_bytes > WAL_TOO_BIG {
        r.problem(
            "wal",
            format!(
                "the write-ahead log is {}: a long-running reader keeps SQLite from folding it \
                 into the database",
                size_words(wal_bytes)
            ),
            "end long-running readers of the file; the next botctl command then folds the log in",
        );
    } else {
        r.ok(
            "wal",
            format!(
                "journal mode {mode}, write-ahead log {}",
                size_words(wal_bytes)
            ),
        );
    }
    if store.read_only() {
        r.problem(
            "writable",
            "the database can only be read: changes and `sweep` fail",
            dbfile::why_unwritable(path),
        );
    } else if let Some(why) = dbfile::write_obstacle(path) {
        r.problem("writable", "changes will fail", why);
    } else {
        r.ok("writable", "changes can be written");
    }
    common(ctx, store, &cron_line(&quoted(&abs(path))), r);
}

/// The checks of every backend: the schema version and the sweeper. `cron` is the line
/// that runs the sweeper for this database.
fn common(ctx: &Ctx, store: &dyn crate::store::Store, cron: &str, r: &mut Report) {
    let health = match store.health(ctx.now - SWEEP_GRACE_SECS) {
        Ok(h) => h,
        Err(e) => {
            r.problem(
                "schema",
                format!("cannot read the database's state: {e:#}"),
                "",
            );
            return;
        }
    };
    let (v, latest) = health.schema;
    r.schema_version = Some(v);
    r.latest_schema_version = Some(latest);
    if v == latest {
        r.ok("schema", format!("schema version {v} (current)"));
    } else {
        r.problem(
            "schema",
            format!("schema version {v}; this botctl uses {latest}"),
            "make any change with botctl where the database can be written: it upgrades the \
             schema in place",
        );
    }
    let last = health.last_sweep;
    r.last_sweep = last.map(time::rfc3339);
    match health.overdue {
        (0, _) => {
            r.overdue_timers = Some(0);
            r.ok(
                "sweeper",
                match last {
                    Some(at) => format!(
                        "no timer overdue by more than 5 minutes; the last sweep woke contacts at {}",
                        time::rfc3339(at)
                    ),
                    None => "no timer overdue by more than 5 minutes".into(),
                },
            );
        }
        (n, oldest) => {
            r.overdue_timers = Some(n);
            let oldest = oldest.map_or(String::new(), |t| {
                format!(" (the oldest at {})", time::rfc3339(t))
            });
            r.problem(
                "sweeper",
                format!(
                    "{} ran out more than 5 minutes ago{oldest} and {} not written down: cron is not \
                     running `botctl sweep` (botctl still treats them as woken, but history and \
                     hooks lag behind)",
                    if n == 1 { "1 timer".to_string() } else { format!("{} timers", output::thousands(n)) },
                    if n == 1 { "is" } else { "are" }
                ),
                format!(
                    "run the sweeper every minute: add this line with `crontab -e` (or use the \
                     systemd timer in the README): {cron}"
                ),
            );
        }
    }
}

/// `doctor` on PostgreSQL: the connection (server, TLS, password), then what every
/// backend checks. The file checks have no counterpart there.
fn examine_server(ctx: &Ctx, r: &mut Report) -> Option<String> {
    let opened = match ctx.open_existing() {
        Ok(s) => s,
        Err(e) => {
            r.problem("server", format!("{e:#}"), "");
            return None;
        }
    };
    let url = opened.location();
    let shown = escape::shown(&url).into_owned();
    r.ok("server", format!("connected to {shown}"));
    common(ctx, opened.as_ref(), &cron_line(&shell_quoted(&shown)), r);
    Some(url)
}

pub fn run(ctx: &Ctx, a: &DoctorArgs) -> Result<u8> {
    let Some(path) = ctx.db_file().map(Path::to_path_buf) else {
        return run_server(ctx, a);
    };
    let mut r = Report {
        database: escape::path(&path),
        ..Report::default()
    };
    examine(ctx, &path, &mut r);
    print(r, path.to_string_lossy().into_owned(), a)
}

fn run_server(ctx: &Ctx, a: &DoctorArgs) -> Result<u8> {
    let mut r = Report::default();
    let url = examine_server(ctx, &mut r).unwrap_or_else(|| ctx.db_shown());
    r.database = escape::shown(&url).into_owned();
    print(r, url, a)
}

/// Prints the report; `exact` is the database as programs get it in JSON.
fn print(mut r: Report, exact: String, a: &DoctorArgs) -> Result<u8> {
    r.healthy = r.checks.iter().all(|c| c.ok);
    let mut out = output::stdout();
    match a.format {
        DoctorFormat::Json => {
            // The exact path for programs (escaped above only for the terminal).
            r.database = exact;
            serde_json::to_writer_pretty(&mut out, &r)?;
            writeln!(out)?;
        }
        DoctorFormat::Text => {
            writeln!(out, "database: {}", r.database)?;
            for c in &r.checks {
                let mark = if c.ok { "ok" } else { "PROBLEM" };
                writeln!(out, "{mark:<8} {:<10} {}", c.check, c.detail)?;
                if let Some(fix) = &c.fix {
                    writeln!(out, "{:<19}fix: {fix}", "")?;
                }
            }
            let problems = r.checks.iter().filter(|c| !c.ok).count();
            if problems == 0 {
                writeln!(out, "healthy")?;
            } else {
                writeln!(
                    out,
                    "{problems} problem{} found",
                    if problems == 1 { "" } else { "s" }
                )?;
            }
        }
    }
    out.flush()?;
    Ok(if r.healthy { code::OK } else { code::FAILED })
}
