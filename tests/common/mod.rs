//! The test environment: each test gets a temporary HOME and database, a cleared
//! environment and a fixed clock, so that output is deterministic.
#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub mod pg;

/// The fixed clock of every test unless it says otherwise: 2026-11-21T09:00:00Z.
pub const NOW: &str = "2026-11-21T09:00:00Z";

/// The fields every contact object has, per the spec.
pub const CONTACT_FIELDS: [&str; 12] = [
    "id",
    "name",
    "phone",
    "email",
    "status",
    "reason",
    "wake_at",
    "changed_at",
    "changed_by",
    "bot_messages",
    "bot_messages_by_channel",
    "note",
];

/// Whether the end-to-end tests run against PostgreSQL (`BOTCTL_TEST_BACKEND=postgres`):
/// each test then gets a schema of its own on the test server instead of a SQLite file.
pub fn on_postgres() -> bool {
    std::env::var("BOTCTL_TEST_BACKEND").is_ok_and(|v| v == "postgres")
}

/// For a test about SQLite files (paths, modes, symlinks): `return`s, saying why, when
/// the suite runs against PostgreSQL.
#[macro_export]
macro_rules! sqlite_only {
    ($why:expr) => {
        if $crate::common::on_postgres() {
            eprintln!("skipped on PostgreSQL: {}", $why);
            return;
        }
    };
}

pub struct Env {
    pub dir: TempDir,
    /// The SQLite file, or on PostgreSQL the URL of the test's schema.
    pub db: PathBuf,
    pub now: String,
    /// The test's PostgreSQL schema, dropped with the environment.
    pub pg: Option<pg::Schema>,
}

impl Env {
    /// A test environment whose database exists, empty: as a first change leaves it,
    /// without that change's rows.
    pub fn new() -> Env {
        let env = Env::bare();
        // Only a change creates a database (a file, or botctl's tables): make one, then
        // take its rows out again (the ids of batches and history rows start at 1 again).
        env.ok(&["contacts", "add", "first"]);
        if let Some(schema) = &env.pg {
            schema
                .client()
                .batch_execute("TRUNCATE history, contacts, events, batches RESTART IDENTITY")
                .expect("empty the new schema");
            return env;
        }
        let conn = rusqlite::Connection::open(&env.db).expect("open the new database");
        conn.execute_batch(
            "DELETE FROM history; DELETE FROM contacts; DELETE FROM events; DELETE FROM batches;",
        )
        .expect("empty the new database");
        env
    }

    /// A test environment without a database file yet (on PostgreSQL: an empty schema).
    pub fn bare() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        if on_postgres() {
            let server = pg::server()
                .expect("BOTCTL_TEST_BACKEND=postgres needs PostgreSQL (see tests/pg/server.sh)");
            let schema = server.create_schema();
            return Env {
                dir,
                db: PathBuf::from(schema.url()),
                now: NOW.to_string(),
                pg: Some(schema),
            };
        }
        let db = dir.path().join("data").join("botctl.db");
        Env {
            dir,
            db,
            now: NOW.to_string(),
            pg: None,
        }
    }

    /// `botctl` as a plain `std::process::Command` with a clean environment: HOME in the
    /// temp dir, the test database, `BOTCTL_NOW`, `TZ=UTC`, login name `tester`. For tests
    /// that hold the child's pipes themselves or run it in a pseudo-terminal.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_botctl"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("BOTCTL_DB", &self.db)
            .env("BOTCTL_NOW", &self.now)
            .env("TZ", "UTC")
            .env("USER", "tester")
            .env("LOGNAME", "tester");
        c
    }

    /// `botctl` with the environment of [`Env::std_cmd`], for assert_cmd.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// `botctl` at another instant.
    pub fn at(&self, now: &str) -> Command {
        let mut c = self.cmd();
        c.env("BOTCTL_NOW", now);
        c
    }

    /// Runs `botctl ARGS`, asserts success, returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run botctl");
        assert!(
            out.status.success(),
            "botctl {args:?} failed ({:?}):\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Adds contacts.
    pub fn add(&self, ids: &[&str]) {
        for id in ids {
            self.ok(&["contacts", "add", id]);
        }
    }

    /// `list --format json`, parsed, at `now`.
    pub fn list_at(&self, now: &str, extra: &[&str]) -> Vec<Value> {
        let out = self
            .at(now)
            .args(["list", "--format", "json"])
            .args(extra)
            .output()
            .expect("run botctl");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Vec<Value>>(&out.stdout).expect("json array")
    }

    pub fn list(&self, extra: &[&str]) -> Vec<Value> {
        self.list_at(&self.now.clone(), extra)
    }

    /// One contact's object from `status --format json`.
    pub fn contact(&self, id: &str) -> Value {
        serde_json::from_str(&self.ok(&["status", id, "--format", "json"])).expect("json object")
    }

    /// `history --kind status --format json` (the status changes), parsed.
    pub fn history(&self, extra: &[&str]) -> Vec<Value> {
        let mut args = vec!["history", "--format", "json"];
        if !extra.contains(&"--kind") {
            args.extend_from_slice(&["--kind", "status"]);
        }
        args.extend_from_slice(extra);
        serde_json::from_str(&self.ok(&args)).expect("json array")
    }

    /// A dump of the database's tables, to show that a failed command changed nothing.
    pub fn snapshot(&self) -> String {
        let mut c = self.cmd();
        let out = c.args(["list", "--format", "csv"]).output().expect("run");
        let hist = self
            .cmd()
            .args(["history", "--format", "csv"])
            .output()
            .expect("run");
        format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&hist.stdout)
        )
    }
}
