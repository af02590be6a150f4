//! End-to-end tests of the core: the database file, every core command, effective
//! status, `sweep`, `list` filters and formats, closed pipes, exit codes and
//! completions. Each test runs the real binary against a temporary database with a
//! fixed clock (`BOTCTL_NOW`).

mod common;
use common::*;

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use predicates::prelude::*;
use serde_json::{Value, json};

/// Two hours after `NOW`.
const NOW_2H: &str = "2026-11-21T11:00:00Z";

// ----- helpers -----

/// Runs `botctl ARGS`, asserts the exit code, that stderr starts with `error:`, and that
/// the database is the same before and after. Returns stderr.
fn fails(env: &Env, args: &[&str], code: i32) -> String {
    let before = env.snapshot();
    let assert = env
        .cmd()
        .args(args)
        .assert()
        .code(code)
        .stderr(predicate::str::starts_with("error:"));
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert_eq!(
        env.snapshot(),
        before,
        "botctl {args:?} changed the database"
    );
    stderr
}

/// Runs `botctl ARGS` at `now`, asserts success, returns stdout.
fn ok_at(env: &Env, now: &str, args: &[&str]) -> String {
    let out = env.at(now).args(args).output().expect("run botctl");
    assert!(
        out.status.success(),
        "botctl {args:?} at {now} failed ({:?}):\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

/// `status ID --format json` at another instant.
fn contact_at(env: &Env, now: &str, id: &str) -> Value {
    serde_json::from_str(&ok_at(env, now, &["status", id, "--format", "json"]))
        .expect("json object")
}

/// The ids of a parsed JSON list.
fn ids(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["id"].as_str().expect("id is a string").to_string())
        .collect()
}

/// The file's permission bits.
fn mode_of(path: &Path) -> u32 {
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

/// Asserts that a JSON value is an RFC 3339 time in UTC ending in `Z`.
fn assert_utc(v: &Value, what: &str) {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("{what} is not a string: {v}"));
    assert!(s.ends_with('Z'), "{what} `{s}` does not end in Z");
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{what} `{s}` is not RFC 3339: {e}"));
}

fn history_len(env: &Env) -> usize {
    env.history(&[]).len()
}

// ----- the database file -----

#[test]
fn database_is_created_on_first_change_with_its_folder_and_mode_0600() {
    sqlite_only!("about the SQLite file, its folder and modes");
    let env = Env::bare();
    assert!(!env.db.parent().unwrap().exists());
    // Reading commands do not create it: they name the path and how to create it.
    for args in [&["mode"][..], &["list"], &["sweep"], &["status", "c-1"]] {
        env.cmd()
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("there is no database at"))
            .stderr(predicate::str::contains(env.db.to_str().unwrap()))
            .stderr(predicate::str::contains("contacts add"));
    }
    assert!(
        !env.db.parent().unwrap().exists(),
        "a read created the folder"
    );
    // Setting the mode it would have changes nothing, so creates nothing.
    env.cmd().args(["mode", "autopilot"]).assert().success();
    assert!(
        !env.db.parent().unwrap().exists(),
        "a no-op created the folder"
    );
    env.cmd().args(["mode", "suggestive"]).assert().success();
    assert!(env.db.is_file(), "the database was not created");
    assert_eq!(mode_of(&env.db), 0o600);
    assert_eq!(mode_of(env.db.parent().unwrap()), 0o700);
    env.cmd()
        .arg("mode")
        .assert()
        .success()
        .stdout("suggestive\n");
}

#[test]
fn default_path_is_under_xdg_data_home() {
    let env = Env::bare();
    let xdg = env.dir.path().join("xdg");
    env.cmd()
        .env_remove("BOTCTL_DB")
        .env("XDG_DATA_HOME", &xdg)
        .args(["contacts", "add", "c-1"])
        .assert()
        .success();
    let db = xdg.join("botctl").join("botctl.db");
    assert!(db.is_file(), "no database at {}", db.display());
    assert_eq!(mode_of(&db), 0o600);
    assert!(
        !env.dir
            .path()
            .join(".local/share/botctl/botctl.db")
            .exists()
    );
    assert!(!env.db.exists());
    env.cmd()
        .args(["list", "--format", "ids", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout("c-1\n");
}

#[test]
fn default_path_is_under_home_without_xdg_data_home() {
    let env = Env::bare();
    env.cmd()
        .env_remove("BOTCTL_DB")
        .args(["contacts", "add", "c-1"])
        .assert()
        .success();
    let db = env.dir.path().join(".local/share/botctl/botctl.db");
    assert!(db.is_file(), "no database at {}", db.display());
    assert_eq!(mode_of(&db), 0o600);
    assert!(!env.db.exists());
    env.cmd()
        .env_remove("BOTCTL_DB")
        .args(["list", "--format", "ids"])
        .assert()
        .success()
        .stdout("c-1\n");
}

#[test]
fn db_flag_works_before_and_after_the_subcommand() {
    let env = Env::bare();
    let other = env.dir.path().join("other").join("x.db");
    env.cmd()
        .arg("--db")
        .arg(&other)
        .args(["contacts", "add", "c-1"])
        .assert()
        .success();
    env.cmd()
        .args(["contacts", "add", "c-2", "--db"])
        .arg(&other)
        .assert()
        .success();
    assert!(other.is_file());
    assert_eq!(mode_of(&other), 0o600);
    // `--db` wins over BOTCTL_DB, which was never touched.
    assert!(!env.db.exists());
    env.cmd()
        .args(["list", "--format", "ids", "--db"])
        .arg(&other)
        .assert()
        .success()
        .stdout("c-1\nc-2\n");
    env.cmd()
        .arg("--db")
        .arg(&other)
        .args(["list", "--format", "ids"])
        .assert()
        .success()
        .stdout("c-1\nc-2\n");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_unchanged() {
    sqlite_only!(
        "about a file that is not a SQLite database (tests/postgres.rs covers a foreign PostgreSQL schema)"
    );
    let env = Env::new();
    fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    let junk: Vec<u8> = b"this is not a database, just some text\n"
        .iter()
        .copied()
        .cycle()
        .take(4000)
        .collect();
    fs::write(&env.db, &junk).unwrap();
    for args in [
        &["list"][..],
        &["contacts", "add", "c-1"],
        &["mode", "off"],
        &["sweep"],
    ] {
        env.cmd()
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::starts_with("error:"));
        assert_eq!(
            fs::read(&env.db).unwrap(),
            junk,
            "botctl {args:?} wrote to it"
        );
    }
}

/// `doctor` works on both backends: the schema version and the sweeper are checked
/// alike (the file checks are SQLite's own, the connection PostgreSQL's).
#[test]
fn doctor_checks_the_schema_and_the_sweeper_on_either_backend() {
    let env = Env::new();
    env.add(&["d1"]);
    env.ok(&["snooze", "d1", "--for", "1h"]);
    let report = |now: &str| -> (i32, Value) {
        let o = env
            .at(now)
            .args(["doctor", "--format", "json"])
            .output()
            .unwrap();
        let v = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
        (o.status.code().unwrap_or(-1), v)
    };
    let (code, r) = report("2026-11-21T09:30:00Z");
    assert_eq!(code, 0, "{r}");
    assert_eq!(
        (&r["healthy"], &r["overdue_timers"]),
        (&json!(true), &json!(0)),
        "{r}"
    );
    assert_eq!(r["schema_version"], r["latest_schema_version"], "{r}");
    let (code, r) = report("2026-11-21T11:00:00Z");
    assert_eq!(code, 1, "{r}");
    assert_eq!(r["overdue_timers"], 1, "{r}");
    let sweeper = r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "sweeper")
        .cloned()
        .unwrap_or_default();
    assert!(
        sweeper["fix"]
            .as_str()
            .is_some_and(|f| f.contains("sweep --db")),
        "{r}"
    );
}

/// A database cut short (a copy interrupted, a disk that failed) is named damaged, with
/// the ways to get the data back, not an SQLite error code.
#[test]
fn a_damaged_database_is_named_with_its_fix() {
    sqlite_only!("about a damaged SQLite file");
    let env = Env::new();
    let mut csv = String::from("id\n");
    for i in 0..5000 {
        csv.push_str(&format!("c{i}\n"));
    }
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(csv)
        .assert()
        .success();
    let whole = fs::read(&env.db).unwrap();
    fs::write(&env.db, &whole[..4096]).unwrap();
    for args in [
        &["status", "c1"][..],
        &["contacts", "add", "x"],
        &["doctor"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {text}");
        assert!(
            text.contains("is damaged") && text.contains(".recover"),
            "{args:?}: {text}"
        );
        assert!(!text.contains("Error code"), "{args:?}: {text}");
    }
}

#[test]
fn a_database_from_a_newer_botctl_is_refused_before_anything_is_written() {
    sqlite_only!(
        "writes a SQLite user_version (tests/postgres.rs covers a newer PostgreSQL schema)"
    );
    let env = Env::bare();
    fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let bytes = fs::read(&env.db).unwrap();
    for args in [&["contacts", "add", "c-1"][..], &["list"], &["sweep"]] {
        env.cmd()
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::starts_with("error:"))
            .stderr(predicate::str::contains("newer").or(predicate::str::contains("version")));
    }
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 0, "tables were added");
    drop(conn);
    assert_eq!(fs::read(&env.db).unwrap(), bytes, "the file changed");
}

// ----- status, set, snooze, wake -----

#[test]
fn status_shows_one_contact() {
    let env = Env::new();
    env.ok(&[
        "contacts",
        "add",
        "c-1",
        "--name",
        "Alice Smith",
        "--phone",
        "+15550100",
        "--email",
        "alice@example.com",
    ]);
    let c = env.contact("c-1");
    assert!(c.is_object(), "status --format json is one object: {c}");
    assert_eq!(c["id"], "c-1");
    assert_eq!(c["name"], "Alice Smith");
    assert_eq!(c["phone"], "+15550100");
    assert_eq!(c["email"], "alice@example.com");
    assert_eq!(c["status"], "active");
    assert_eq!(c["reason"], "manual");
    assert_eq!(c["wake_at"], Value::Null);
    assert_eq!(c["bot_messages"], 0);
    assert_eq!(c["changed_at"], NOW);

    env.ok(&["snooze", "c-1", "--for", "2h"]);
    let text = env.ok(&["status", "c-1"]);
    assert!(text.contains("c-1"), "{text}");
    assert!(text.contains("Alice Smith"), "{text}");
    assert!(text.contains("snoozed"), "{text}");
    assert!(text.contains("manual"), "{text}");
    assert!(text.contains("tester"), "{text}");
    assert!(text.contains("11:00"), "wake time, absolute: {text}");
    assert!(text.contains("in 2h"), "wake time, relative: {text}");
    assert!(text.contains("autopilot"), "{text}");
    assert!(text.contains("25"), "bot message limit: {text}");
    assert!(!text.contains('\x1b'), "colour off a terminal: {text:?}");
}

#[test]
fn set_changes_status_and_writes_history() {
    let env = Env::new();
    env.add(&["c-1"]);
    let assert = env
        .cmd()
        .args(["set", "inactive", "c-1"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("batch"));
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let c = env.contact("c-1");
    assert_eq!(c["status"], "inactive");
    assert_eq!(c["reason"], "manual");
    assert_eq!(c["wake_at"], Value::Null);
    assert_eq!(c["changed_at"], NOW);
    assert_eq!(c["changed_by"], "tester");
    let h = env.history(&[]);
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0]["contact"], "c-1");
    assert_eq!(h[0]["from"], "active");
    assert_eq!(h[0]["to"], "inactive");
    assert_eq!(h[0]["reason"], "manual");
    assert_eq!(h[0]["actor"], "tester");
    assert_eq!(h[0]["at"], NOW);
    let batch = h[0]["batch"].as_i64().expect("batch id");
    assert!(
        stderr.contains(&format!("batch {batch}")),
        "stderr names batch {batch}: {stderr}"
    );

    env.ok(&["set", "snoozed", "c-1", "--for", "2h"]);
    let c = env.contact("c-1");
    assert_eq!(c["status"], "snoozed");
    assert_eq!(c["wake_at"], NOW_2H);

    env.ok(&[
        "set",
        "inactive",
        "c-1",
        "--until",
        "2026-11-22T09:00:00+01:00",
    ]);
    let c = env.contact("c-1");
    assert_eq!(c["status"], "inactive");
    assert_eq!(c["wake_at"], "2026-11-22T08:00:00Z");

    env.ok(&["set", "active", "c-1"]);
    let c = env.contact("c-1");
    assert_eq!(c["status"], "active");
    assert_eq!(c["wake_at"], Value::Null);
    assert_eq!(history_len(&env), 4);
}

#[test]
fn set_several_contacts_needs_yes_off_a_terminal_and_is_one_batch() {
    let env = Env::new();
    env.add(&["c-1", "c-2"]);
    let err = fails(&env, &["set", "inactive", "c-1", "c-2"], 1);
    assert!(err.contains("--yes"), "{err}");
    env.ok(&["set", "inactive", "c-1", "c-2", "--yes"]);
    assert_eq!(env.list(&["--status", "inactive"]).len(), 2);
    let h = env.history(&[]);
    assert_eq!(h.len(), 2);
    assert_eq!(h[0]["batch"], h[1]["batch"]);
    // An unknown id among them: nothing changes.
    let err = fails(&env, &["set", "active", "c-1", "nobody", "--yes"], 1);
    assert!(err.contains("nobody"), "{err}");
    assert_eq!(env.contact("c-1")["status"], "inactive");
}

#[test]
fn snooze_takes_for_until_or_the_sleep_time() {
    let env = Env::new();
    env.add(&["c-1", "c-2", "c-3"]);
    env.ok(&["snooze", "c-1", "--for", "90m"]);
    env.ok(&["snooze", "c-2"]);
    env.ok(&["snooze", "c-3", "--until", "2026-11-22 09:30"]);
    let c1 = env.contact("c-1");
    assert_eq!(c1["status"], "snoozed");
    assert_eq!(c1["reason"], "manual");
    assert_eq!(c1["wake_at"], "2026-11-21T10:30:00Z");
    // `sleep-time` defaults to 2h.
    assert_eq!(env.contact("c-2")["wake_at"], NOW_2H);
    // A local time, in TZ=UTC.
    assert_eq!(env.contact("c-3")["wake_at"], "2026-11-22T09:30:00Z");
    assert_eq!(history_len(&env), 3);
}

#[test]
fn wake_makes_active_and_leaves_active_contacts_alone() {
    let env = Env::new();
    env.add(&["c-1", "c-2"]);
    env.ok(&["snooze", "c-1", "--for", "2h"]);
    env.ok(&["wake", "c-1"]);
    let c = env.contact("c-1");
    assert_eq!(c["status"], "active");
    assert_eq!(c["wake_at"], Value::Null);
    assert_eq!(c["bot_messages"], 0);
    let h = env.history(&[]);
    assert_eq!(h.len(), 2);
    assert_eq!(h[0]["from"], "snoozed");
    assert_eq!(h[0]["to"], "active");

    // Already active: exit 0, no history row.
    env.ok(&["wake", "c-2"]);
    env.ok(&["wake", "c-1"]);
    assert_eq!(history_len(&env), 2);
}

#[test]
fn actor_comes_from_the_flag_or_the_environment() {
    let env = Env::new();
    env.add(&["c-1", "c-2"]);
    env.ok(&["--actor", "alice", "set", "inactive", "c-1"]);
    env.cmd()
        .env("BOTCTL_ACTOR", "bob")
        .args(["set", "inactive", "c-2"])
        .assert()
        .success();
    let h = env.history(&[]);
    assert_eq!(h[0]["contact"], "c-2");
    assert_eq!(h[0]["actor"], "bob");
    assert_eq!(h[1]["contact"], "c-1");
    assert_eq!(h[1]["actor"], "alice");
    for row in &h {
        assert!(
            row["os_user"].as_str().is_some_and(|u| !u.is_empty()),
            "{row}"
        );
    }
    assert_eq!(env.contact("c-1")["changed_by"], "alice");
}

#[test]
fn timers_up_to_ten_years_away_are_accepted() {
    let env = Env::new();
    env.add(&["c-1", "c-2"]);
    env.ok(&["snooze", "c-1", "--for", "9years"]);
    env.ok(&["set", "inactive", "c-2", "--until", "2036-11-20T09:00:00Z"]);
    assert_eq!(env.contact("c-1")["status"], "snoozed");
    assert_eq!(env.contact("c-2")["wake_at"], "2036-11-20T09:00:00Z");
}

#[test]
fn colour_and_quiet_options() {
    let env = Env::new();
    env.add(&["c-1"]);
    env.cmd()
        .args(["status", "c-1", "--color", "always"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b["));
    env.cmd()
        .args(["--color", "never", "status", "c-1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
    env.cmd()
        .env("NO_COLOR", "1")
        .args(["status", "c-1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
    env.cmd()
        .args(["-q", "set", "inactive", "c-1"])
        .assert()
        .success()
        .stderr("");
    env.cmd()
        .args(["wake", "c-1", "--quiet"])
        .assert()
        .success()
        .stderr("");
    assert_eq!(history_len(&env), 2);
}

// ----- check and mode -----

#[test]
fn check_answers_reply_suggest_or_silent() {
    let env = Env::new();
    env.add(&["c-1", "c-2", "c-3"]);
    env.ok(&["snooze", "c-2", "--for", "2h"]);
    env.ok(&["set", "inactive", "c-3"]);

    env.cmd()
        .args(["check", "c-1"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("reply"));
    env.cmd()
        .args(["check", "c-2"])
        .assert()
        .code(3)
        .stdout(predicate::str::starts_with("silent"));
    env.cmd()
        .args(["check", "c-3"])
        .assert()
        .code(3)
        .stdout(predicate::str::starts_with("silent"));

    env.ok(&["mode", "suggestive"]);
    env.cmd()
        .args(["check", "c-1"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("suggest"));
    env.cmd()
        .args(["check", "c-2"])
        .assert()
        .code(3)
        .stdout(predicate::str::starts_with("silent"));

    env.ok(&["mode", "off"]);
    env.cmd()
        .args(["check", "c-1"])
        .assert()
        .code(3)
        .stdout(predicate::str::starts_with("silent"));

    fails(&env, &["check", "nobody"], 1);
}

#[test]
fn mode_prints_and_sets_the_bot_mode() {
    let env = Env::new();
    env.ok(&["mode", "autopilot"]);
    assert_eq!(env.ok(&["mode"]), "autopilot\n");
    env.ok(&["mode", "suggestive"]);
    assert_eq!(env.ok(&["mode"]), "suggestive\n");
    env.ok(&["mode", "off"]);
    assert_eq!(env.ok(&["mode"]), "off\n");
    env.ok(&["mode", "autopilot"]);
    assert_eq!(env.ok(&["mode"]), "autopilot\n");
    fails(&env, &["mode", "sometimes"], 2);
    assert_eq!(env.ok(&["mode"]), "autopilot\n");
}

#[test]
fn mode_off_refuses_status_changes() {
    let env = Env::new();
    env.add(&["c-1", "c-2"]);
    env.ok(&["snooze", "c-2", "--for", "2h"]);
    env.ok(&["mode", "off"]);
    for args in [
        &["set", "inactive", "c-1"][..],
        &["set", "snoozed", "c-1", "--for", "1h"],
        &["snooze", "c-1", "--for", "1h"],
        &["snooze", "c-1"],
        &["wake", "c-2"],
    ] {
        let err = fails(&env, args, 1);
        assert!(err.contains("botctl mode"), "botctl {args:?}: {err}");
    }
    assert_eq!(env.contact("c-1")["status"], "active");
    assert_eq!(env.contact("c-2")["status"], "snoozed");
    assert_eq!(history_len(&env), 1);
}

// ----- contacts -----

#[test]
fn contacts_add_and_remove() {
    let env = Env::new();
    env.cmd()
        .args(["contacts", "add", "c-1", "--name", "Alice"])
        .assert()
        .success()
        .stdout("");
    env.add(&["c-2", "c-3"]);
    let c = env.contact("c-1");
    assert_eq!(c["status"], "active");
    assert_eq!(c["name"], "Alice");
    // A duplicate is refused.
    fails(&env, &["contacts", "add", "c-1", "--name", "Other"], 1);
    assert_eq!(env.contact("c-1")["name"], "Alice");

    env.ok(&["set", "inactive", "c-1"]);
    env.ok(&["contacts", "remove", "c-1"]);
    assert_eq!(ids(&env.list(&[])), ["c-2", "c-3"]);
    // Its history stays.
    let h = env.history(&["c-1"]);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0]["contact"], "c-1");
    fails(&env, &["status", "c-1"], 1);
    fails(&env, &["contacts", "remove", "nobody"], 1);
    fails(&env, &["contacts", "remove", "c-2", "nobody", "--yes"], 1);
    env.ok(&["contacts", "remove", "c-2", "c-3", "--yes"]);
    assert!(env.list(&[]).is_empty());
}

#[test]
fn ids_up_to_256_bytes_of_any_text_are_accepted() {
    let env = Env::new();
    let long = "x".repeat(256);
    let wide = "é".repeat(128); // 256 bytes
    let odd = "O'Brien; \"quoted\" -- id";
    env.add(&[&long, &wide, odd]);
    env.ok(&["set", "inactive", odd]);
    assert_eq!(env.contact(&long)["id"], long.as_str());
    assert_eq!(env.contact(&wide)["id"], wide.as_str());
    assert_eq!(env.contact(odd)["status"], "inactive");
}

// ----- effective status -----

#[test]
fn a_passed_timer_reads_as_active_before_any_sweep() {
    let env = Env::new();
    env.add(&["c-1"]);
    env.ok(&["record", "bot-message", "c-1"]);
    env.ok(&["snooze", "c-1", "--for", "2h"]);
    let stored = env.contact("c-1");
    assert_eq!(stored["status"], "snoozed");
    assert_eq!(stored["bot_messages"], 1);
    let rows_before = history_len(&env);
    let later = "2026-11-21T13:00:00Z";

    let c = contact_at(&env, later, "c-1");
    assert_eq!(c["status"], "active");
    assert_eq!(c["reason"], "timer");
    assert_eq!(c["bot_messages"], 0);
    assert_eq!(c["wake_at"], Value::Null);
    assert_eq!(c["changed_at"], NOW_2H);

    let text = ok_at(&env, later, &["status", "c-1"]);
    assert!(text.contains("active"), "{text}");
    assert!(!text.contains("snoozed"), "{text}");

    let l = env.list_at(later, &[]);
    assert_eq!(l.len(), 1);
    assert_eq!(l[0]["status"], "active");
    assert_eq!(l[0]["reason"], "timer");
    assert_eq!(l[0]["bot_messages"], 0);
    assert_eq!(l[0]["changed_at"], NOW_2H);
    assert_eq!(ids(&env.list_at(later, &["--status", "active"])), ["c-1"]);
    assert!(env.list_at(later, &["--status", "snoozed"]).is_empty());
    assert_eq!(ids(&env.list_at(later, &["--reason", "timer"])), ["c-1"]);

    env.at(later)
        .args(["check", "c-1"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("reply"));

    // Reading wrote nothing down: that is sweep's job.
    assert_eq!(history_len(&env), rows_before);
}

#[test]
fn a_timer_fires_exactly_at_wake_at_and_not_a_second_before() {
    let env = Env::new();
    env.add(&["c-1"]);
    env.ok(&["snooze", "c-1", "--for", "2h"]);
    let before = "2026-11-21T10:59:59Z";

    let c = contact_at(&env, before, "c-1");
    assert_eq!(c["status"], "snoozed");
    assert_eq!(c["wake_at"], NOW_2H);
    assert_eq!(ids(&env.list_at(before, &["--status", "snoozed"])), ["c-1"]);
    env.at(before)
        .args(["check", "c-1"])
        .assert()
        .code(3)
        .stdout(predicate::str::starts_with("silent"));

    let c = contact_at(&env, NOW_2H, "c-1");
    assert_eq!(c["status"], "active");
    assert_eq!(c["reason"], "timer");
    assert_eq!(c["changed_at"], NOW_2H);
    assert_eq!(ids(&env.list_at(NOW_2H, &["--status", "active"])), ["c-1"]);
    env.at(NOW_2H)
        .args(["check", "c-1"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("reply"));
}

#[test]
fn an_inactive_contact_with_a_timer_wakes_too() {
    let env = Env::new();
    env.add(&["c-1"]);
    env.ok(&["set", "inactive", "c-1", "--for", "2h"]);
    let c = contact_at(&env, "2026-11-21T12:00:00Z", "c-1");
    assert_eq!(c["status"], "active");
    assert_eq!(c["reason"], "timer");
    assert_eq!(c["changed_at"], NOW_2H);
}

#[test]
fn inactive_without_a_timer_stays_inactive_for_good() {
    let env = Env::new();
    env.add(&["c-1", "c-2"]);
    env.ok(&["set", "inactive", "c-1"]);
    env.ok(&["snooze", "c-2", "--for", "1h"]);
    env.ok(&["set", "snoozed", "c-2"]); // snoozed, no timer
    for later in [
        "2026-11-22T09:00:00Z",
        "2031-06-01T00:00:00Z",
        "2045-01-01T00:00:00Z",
    ] {
        let c = contact_at(&env, later, "c-1");
        assert_eq!(c["status"], "inactive", "at {later}");
        assert_eq!(c["reason"], "manual");
        assert_eq!(contact_at(&env, later, "c-2")["status"], "snoozed");
        env.at(later)
            .args(["check", "c-1"])
            .assert()
            .code(3)
            .stdout(predicate::str::starts_with("silent"));
        env.at(later)
            .arg("sweep")
            .assert()
            .success()
            .stdout("")
            .stderr("");
    }
    assert_eq!(history_len(&env), 3);
}

// ----- sweep -----

#[test]
fn sweep_writes_down_a_wake_dated_at_wake_at() {
    let env = Env::new();
    env.add(&["c-1", "c-2", "c-3"]);
    env.ok(&["snooze", "c-1", "--for", "2h"]);
    env.ok(&["set", "inactive", "c-2", "--for", "1h"]);
    env.ok(&["snooze", "c-3", "--for", "1day"]);
    let sweep_time = "2026-11-21T15:00:00Z";
    env.at(sweep_time)
        .arg("sweep")
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    let h = env.history(&[]);
    assert_eq!(h.len(), 5);
    let woken: Vec<&Value> = h.iter().filter(|r| r["reason"] == "timer").collect();
    assert_eq!(woken.len(), 2, "{h:?}");
    let c1 = woken
        .iter()
        .find(|r| r["contact"] == "c-1")
        .expect("c-1 woken");
    assert_eq!(c1["at"], NOW_2H);
    assert_eq!(c1["from"], "snoozed");
    assert_eq!(c1["to"], "active");
    let c2 = woken
        .iter()
        .find(|r| r["contact"] == "c-2")
        .expect("c-2 woken");
    assert_eq!(c2["at"], "2026-11-21T10:00:00Z");
    assert_eq!(c2["from"], "inactive");
    assert_eq!(c2["to"], "active");
    // Newest first: by the time it was due, not the time of the sweep.
    let ats: Vec<&str> = h.iter().map(|r| r["at"].as_str().unwrap()).collect();
    let mut sorted = ats.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(ats, sorted);
    // c-3 still snoozed; the stored state is now active.
    assert_eq!(contact_at(&env, sweep_time, "c-3")["status"], "snoozed");
    let c = env.contact("c-1");
    assert_eq!(c["status"], "active");
    assert_eq!(c["reason"], "timer");
    assert_eq!(c["changed_at"], NOW_2H);

    // A second sweep finds nothing and is silent.
    env.at(sweep_time)
        .arg("sweep")
        .assert()
        .success()
        .stdout("")
        .stderr("");
    assert_eq!(history_len(&env), 5);
}

#[test]
fn sweep_is_silent_when_nothing_is_due() {
    let env = Env::new();
    env.ok(&["mode", "autopilot"]);
    env.cmd()
        .arg("sweep")
        .assert()
        .success()
        .stdout("")
        .stderr("");
    env.add(&["c-1"]);
    env.ok(&["snooze", "c-1", "--for", "2h"]);
    env.at("2026-11-21T10:59:59Z")
        .arg("sweep")
        .assert()
        .success()
        .stdout("")
        .stderr("");
    assert_eq!(
        contact_at(&env, "2026-11-21T10:59:59Z", "c-1")["status"],
        "snoozed"
    );
    assert_eq!(history_len(&env), 1);
}

#[test]
fn sweep_wakes_a_contact_overdue_by_weeks() {
    let env = Env::new();
    env.add(&["c-1"]);
    env.ok(&["snooze", "c-1", "--for", "2h"]);
    let weeks_later = "2026-12-19T09:00:00Z";
    env.at(weeks_later)
        .arg("sweep")
        .assert()
        .success()
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    let h = env.history(&[]);
    assert_eq!(h.len(), 2);
    assert_eq!(h[0]["contact"], "c-1");
    assert_eq!(h[0]["reason"], "timer");
    assert_eq!(h[0]["at"], NOW_2H);
    let c = contact_at(&env, weeks_later, "c-1");
    assert_eq!(c["status"], "active");
    assert_eq!(c["changed_at"], NOW_2H);
}

#[test]
fn sweep_dry_run_changes_nothing() {
    let env = Env::new();
    env.add(&["c-1", "c-2"]);
    env.ok(&["snooze", "c-1", "--for", "2h"]);
    let later = "2026-11-21T12:00:00Z";
    let before = env.snapshot();
    let out = ok_at(&env, later, &["sweep", "--dry-run"]);
    assert!(out.contains("c-1"), "dry run names the contact: {out}");
    assert!(!out.contains("c-2"), "{out}");
    assert_eq!(env.snapshot(), before);
    assert_eq!(history_len(&env), 1);
    // Still only due, not written down: a real sweep does it.
    env.at(later)
        .arg("sweep")
        .assert()
        .success()
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    assert_eq!(history_len(&env), 2);
}

// ----- list -----

/// a-1 active; b-2 snoozed until 10:00; c-3 snoozed for 3 days; d-4 inactive, no timer;
/// e-5 inactive until 11:00.
fn five_contacts() -> Env {
    let env = Env::new();
    env.ok(&["contacts", "add", "a-1", "--name", "Alice Smith"]);
    env.ok(&["contacts", "add", "b-2", "--name", "Bob Jones"]);
    env.ok(&["contacts", "add", "c-3", "--name", "Carol"]);
    env.add(&["d-4", "e-5"]);
    env.ok(&["snooze", "b-2", "--for", "1h"]);
    env.ok(&["snooze", "c-3", "--for", "3days"]);
    env.ok(&["set", "inactive", "d-4"]);
    env.ok(&["set", "inactive", "e-5", "--for", "2h"]);
    env
}

#[test]
fn list_filters() {
    let env = five_contacts();
    assert_eq!(ids(&env.list(&[])), ["a-1", "b-2", "c-3", "d-4", "e-5"]);
    assert_eq!(ids(&env.list(&["--status", "active"])), ["a-1"]);
    assert_eq!(ids(&env.list(&["--status", "inactive"])), ["d-4", "e-5"]);
    assert_eq!(
        ids(&env.list(&["--status", "snoozed", "--status", "inactive"])),
        ["b-2", "c-3", "d-4", "e-5"]
    );
    assert_eq!(
        ids(&env.list(&["--reason", "manual"])),
        ["a-1", "b-2", "c-3", "d-4", "e-5"]
    );
    assert!(env.list(&["--reason", "timer"]).is_empty());
    assert_eq!(ids(&env.list(&["--waking-within", "90m"])), ["b-2"]);
    assert_eq!(ids(&env.list(&["--waking-within", "2h"])), ["b-2", "e-5"]);
    let mut week = ids(&env.list(&["--waking-within", "1week"]));
    week.sort();
    assert_eq!(week, ["b-2", "c-3", "e-5"]);
    assert_eq!(ids(&env.list(&["--search", "ALICE"])), ["a-1"]);
    assert_eq!(ids(&env.list(&["--search", "jones"])), ["b-2"]);
    assert_eq!(ids(&env.list(&["--search", "C-3"])), ["c-3"]);
    assert_eq!(ids(&env.list(&["--search", "e-5"])), ["e-5"]);
    assert!(env.list(&["--search", "nobody"]).is_empty());
    assert_eq!(ids(&env.list(&["--limit", "2"])), ["a-1", "b-2"]);
    assert_eq!(
        ids(&env.list(&["--status", "inactive", "--limit", "1"])),
        ["d-4"]
    );
    assert_eq!(
        ids(&env.list(&["--status", "snoozed", "--search", "bob"])),
        ["b-2"]
    );

    // At 10:30 b-2's timer has run out: it is active, by its timer.
    let t = "2026-11-21T10:30:00Z";
    assert_eq!(
        ids(&env.list_at(t, &["--status", "active"])),
        ["a-1", "b-2"]
    );
    assert_eq!(ids(&env.list_at(t, &["--status", "snoozed"])), ["c-3"]);
    assert_eq!(ids(&env.list_at(t, &["--reason", "timer"])), ["b-2"]);
    assert_eq!(
        ids(&env.list_at(t, &["--reason", "manual"])),
        ["a-1", "c-3", "d-4", "e-5"]
    );
    assert_eq!(ids(&env.list_at(t, &["--waking-within", "1h"])), ["e-5"]);
}

#[test]
fn list_bad_filter_values_are_errors() {
    let env = five_contacts();
    fails(&env, &["list", "--status", "paused"], 2);
    fails(&env, &["list", "--reason", "whim"], 2);
    fails(&env, &["list", "--limit", "many"], 2);
    fails(&env, &["list", "--format", "xml"], 2);
    fails(&env, &["list", "--waking-within", "soon"], 1);
}

#[test]
fn list_formats() {
    let env = five_contacts();
    let required = CONTACT_FIELDS;

    // json: one array of objects with the spec's fields, times in UTC.
    let json: Vec<Value> =
        serde_json::from_str(&env.ok(&["list", "--format", "json"])).expect("json array");
    assert_eq!(json.len(), 5);
    for obj in &json {
        for k in required {
            assert!(obj.get(k).is_some(), "`{k}` missing from {obj}");
        }
        assert_utc(&obj["changed_at"], "changed_at");
        if !obj["wake_at"].is_null() {
            assert_utc(&obj["wake_at"], "wake_at");
        }
    }
    let b2 = json.iter().find(|o| o["id"] == "b-2").unwrap();
    assert_eq!(b2["wake_at"], "2026-11-21T10:00:00Z");
    assert_eq!(b2["name"], "Bob Jones");
    assert_eq!(b2["status"], "snoozed");
    assert_eq!(b2["changed_by"], "tester");
    assert_eq!(b2["bot_messages"], 0);

    // ndjson: the same objects, one a line.
    let nd = env.ok(&["list", "--format", "ndjson"]);
    let nd: Vec<Value> = nd
        .lines()
        .map(|l| serde_json::from_str(l).expect("one json object a line"))
        .collect();
    assert_eq!(nd, json);

    // csv: a header row, then the same fields.
    let csv_text = env.ok(&["list", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    for k in required {
        assert!(
            header.iter().any(|h| h == k),
            "`{k}` missing from {header:?}"
        );
    }
    let col = |k: &str| header.iter().position(|h| h == k).unwrap();
    let records: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 5);
    let b2 = records.iter().find(|r| &r[col("id")] == "b-2").unwrap();
    assert_eq!(&b2[col("wake_at")], "2026-11-21T10:00:00Z");
    assert_eq!(&b2[col("status")], "snoozed");
    assert_eq!(&b2[col("name")], "Bob Jones");
    for rec in &records {
        assert!(rec[col("changed_at")].ends_with('Z'), "{rec:?}");
    }

    // table off a terminal: tab-separated, with a header row.
    let table = env.ok(&["list"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 6, "{table}");
    let head: Vec<&str> = lines[0].split('\t').collect();
    for k in required {
        assert!(head.contains(&k), "`{k}` missing from the header {head:?}");
    }
    for line in &lines[1..] {
        assert_eq!(line.split('\t').count(), head.len(), "{line:?}");
    }
    let id_col = head.iter().position(|h| *h == "id").unwrap();
    let wake_col = head.iter().position(|h| *h == "wake_at").unwrap();
    let b2: Vec<&str> = lines
        .iter()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|f| f[id_col] == "b-2")
        .unwrap();
    assert_eq!(b2[wake_col], "2026-11-21T10:00:00Z");
    assert!(!table.contains('│') && !table.contains('\x1b'), "{table}");

    // ids: one id a line.
    assert_eq!(
        env.ok(&["list", "--format", "ids"]),
        "a-1\nb-2\nc-3\nd-4\ne-5\n"
    );
    assert_eq!(
        env.ok(&["list", "--format", "ids", "--status", "inactive"]),
        "d-4\ne-5\n"
    );
}

#[test]
fn list_of_an_empty_database_is_empty_in_every_format() {
    let env = Env::new();
    env.ok(&["mode", "autopilot"]);
    assert!(env.list(&[]).is_empty());
    assert_eq!(env.ok(&["list", "--format", "ndjson"]), "");
    assert_eq!(env.ok(&["list", "--format", "ids"]), "");
    let csv_text = env.ok(&["list", "--format", "csv"]);
    assert_eq!(csv_text.lines().count(), 1, "just the header: {csv_text}");
    assert!(csv_text.starts_with("id,"), "{csv_text}");
}

// ----- history -----

#[test]
fn history_lists_changes_newest_first() {
    let env = Env::new();
    env.add(&["c-1", "c-2"]);
    env.ok(&["set", "inactive", "c-1"]);
    env.at("2026-11-21T09:05:00Z")
        .args(["snooze", "c-2", "--for", "1h"])
        .assert()
        .success();
    env.at("2026-11-21T09:10:00Z")
        .args(["wake", "c-1"])
        .assert()
        .success();
    let h = env.history(&[]);
    assert_eq!(h.len(), 3);
    for row in &h {
        for k in [
            "batch", "at", "contact", "from", "to", "wake_at", "reason", "actor", "os_user",
        ] {
            assert!(row.get(k).is_some(), "`{k}` missing from {row}");
        }
        assert_utc(&row["at"], "at");
    }
    assert_eq!(h[0]["contact"], "c-1");
    assert_eq!(h[0]["at"], "2026-11-21T09:10:00Z");
    assert_eq!(h[0]["from"], "inactive");
    assert_eq!(h[0]["to"], "active");
    assert_eq!(h[1]["contact"], "c-2");
    assert_eq!(h[1]["to"], "snoozed");
    assert_eq!(h[1]["wake_at"], "2026-11-21T10:05:00Z");
    assert_eq!(h[2]["contact"], "c-1");
    assert_eq!(h[2]["to"], "inactive");
    assert_eq!(h[2]["at"], NOW);
    let batches: Vec<i64> = h.iter().map(|r| r["batch"].as_i64().unwrap()).collect();
    assert!(
        batches[0] > batches[1] && batches[1] > batches[2],
        "{batches:?}"
    );

    let table = env.ok(&["history", "--kind", "status"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(lines[0].split('\t').any(|f| f == "batch"), "{table}");
    assert!(
        lines[1].contains("c-1") && lines[3].contains("c-1"),
        "{table}"
    );

    let csv_text = env.ok(&["history", "--kind", "status", "--format", "csv"]);
    assert_eq!(csv_text.lines().count(), 4, "{csv_text}");
    assert!(csv_text.lines().next().unwrap().contains("contact"));

    let nd = env.ok(&["history", "--kind", "status", "--format", "ndjson"]);
    let nd: Vec<Value> = nd
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(nd, h);
}

#[test]
fn history_of_a_new_database_is_empty() {
    let env = Env::new();
    env.ok(&["mode", "autopilot"]);
    assert!(env.history(&[]).is_empty());
    env.add(&["c-1"]);
    // Adding a contact is not a status change.
    assert!(env.history(&[]).is_empty());
}

// ----- closed pipes -----

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    let env = Env::new();
    let mut csv_text = String::from("id,status\n");
    for i in 0..5000 {
        csv_text.push_str(&format!("contact-with-a-rather-long-id-{i:05},inactive\n"));
    }
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(csv_text)
        .assert()
        .success();
    assert_eq!(
        env.ok(&["list", "--format", "ids"]).lines().count(),
        5000,
        "the import"
    );

    for args in [
        &["list"][..],
        &["list", "--format", "json"],
        &["list", "--format", "ndjson"],
        &["list", "--format", "csv"],
        &["list", "--format", "ids"],
        &["history"],
        &["history", "--format", "json"],
    ] {
        let mut child = env
            .std_cmd()
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn botctl");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        assert!(!first.is_empty(), "botctl {args:?} printed nothing");
        drop(stdout);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(
            status.code(),
            Some(0),
            "botctl {args:?} | head -1: {status:?}, stderr: {stderr}"
        );
        assert!(
            !stderr.contains("error"),
            "botctl {args:?} | head -1: {stderr}"
        );
        assert!(!stderr.contains("panic"), "botctl {args:?}: {stderr}");
    }
}

// ----- exit codes -----

#[test]
fn failures_exit_1_with_an_error_and_change_nothing() {
    let env = Env::new();
    env.add(&["c-1", "c-2"]);
    env.ok(&["snooze", "c-2", "--for", "2h"]);
    let long = "x".repeat(257);
    let wide = format!("{}x", "é".repeat(128)); // 257 bytes
    let cases: Vec<Vec<&str>> = vec![
        // unknown contact
        vec!["status", "nobody"],
        vec!["check", "nobody"],
        vec!["set", "inactive", "nobody"],
        vec!["snooze", "nobody", "--for", "1h"],
        vec!["wake", "nobody"],
        vec!["contacts", "remove", "nobody"],
        // bad duration
        vec!["snooze", "c-1", "--for", "soon"],
        vec!["set", "snoozed", "c-1", "--for", "soon"],
        // a timer in the past, or more than 10 years away
        vec!["snooze", "c-1", "--until", "2026-11-21T08:00:00Z"],
        vec!["snooze", "c-1", "--until", "2026-11-21 08:59"],
        vec!["set", "inactive", "c-1", "--until", "2020-01-01T00:00:00Z"],
        vec!["snooze", "c-1", "--for", "11years"],
        vec!["snooze", "c-1", "--until", "2026-11-21T09:00:00Z"],
        vec!["snooze", "c-1", "--for", "0s"],
        vec!["set", "inactive", "c-1", "--until", "2037-01-01T00:00:00Z"],
        vec!["snooze", "c-1", "--until", "not a time"],
        // a timer with `set active`
        vec!["set", "active", "c-1", "--for", "2h"],
        vec!["set", "active", "c-2", "--until", "2026-11-22T09:00:00Z"],
        // ids of 257 bytes
        vec!["contacts", "add", &long],
        vec!["contacts", "add", &wide],
        vec!["set", "inactive", &long],
        vec!["status", &long],
        vec!["check", &long],
        // empty ids
        vec!["contacts", "add", ""],
        vec!["set", "inactive", ""],
        vec!["status", ""],
        vec!["check", ""],
        vec!["wake", ""],
        // control characters
        vec!["contacts", "add", "a\tb"],
        vec!["set", "inactive", "c-1\n"],
    ];
    for args in &cases {
        fails(&env, args, 1);
    }
    assert_eq!(history_len(&env), 1);
    assert_eq!(ids(&env.list(&[])), ["c-1", "c-2"]);
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    env.add(&["c-1"]);
    let cases: &[&[&str]] = &[
        &["list", "--bogus"],
        &["--bogus", "list"],
        &["set", "inactive", "c-1", "--bogus"],
        &["set", "paused", "c-1"],
        &["status"],
        &["check"],
        &["contacts", "add"],
        &["snooze"],
        &["wake"],
        &["set"],
        &["set", "inactive"],
        &["frobnicate"],
        &["completions"],
        &["completions", "tcsh"],
        &["snooze", "c-1", "--for"],
    ];
    for args in cases {
        fails(&env, args, 2);
    }
    assert_eq!(env.contact("c-1")["status"], "active");
}

#[test]
fn success_is_exit_0_even_with_nothing_to_do() {
    let env = Env::new();
    env.add(&["c-1"]);
    env.cmd().args(["wake", "c-1"]).assert().code(0);
    env.ok(&["set", "inactive", "c-1"]);
    env.cmd().args(["set", "inactive", "c-1"]).assert().code(0);
    env.cmd().arg("sweep").assert().code(0);
    assert_eq!(history_len(&env), 1);
}

// ----- completions -----

const SHELLS: [(&str, &str); 5] = [
    ("bash", "botctl.bash"),
    ("zsh", "_botctl"),
    ("fish", "botctl.fish"),
    ("elvish", "botctl.elv"),
    ("powershell", "_botctl.ps1"),
];

fn completion(env: &Env, shell: &str) -> String {
    let out = env.ok(&["completions", shell]);
    assert!(out.contains("botctl"), "{shell}: {out}");
    out
}

#[test]
fn completions_print_a_script_for_every_shell() {
    let env = Env::bare();
    for (shell, _) in SHELLS {
        // bash, zsh and fish ask botctl itself (so they know the data); the others get
        // a fixed list of commands.
        let knows = if ["bash", "zsh", "fish"].contains(&shell) {
            "COMPLETE="
        } else {
            "snooze"
        };
        env.cmd()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("botctl"))
            .stdout(predicate::str::contains(knows));
    }
    assert!(!env.db.exists(), "completions should not need the database");
}

/// The scripts under `completions/` are what `botctl completions` prints.
/// Regenerate them with `BOTCTL_BLESS=1 cargo test --test core completions`.
#[test]
fn completions_are_current() {
    let env = Env::new();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("completions");
    let bless = std::env::var("BOTCTL_BLESS").is_ok_and(|v| v == "1");
    for (shell, file) in SHELLS {
        let script = completion(&env, shell);
        let path = dir.join(file);
        if bless {
            fs::create_dir_all(&dir).unwrap();
            fs::write(&path, &script).unwrap();
            continue;
        }
        let kept = fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {}: {e}; create it with `BOTCTL_BLESS=1 cargo test --test core completions`",
                path.display()
            )
        });
        assert!(
            kept == script,
            "{} is out of date; regenerate it with `BOTCTL_BLESS=1 cargo test --test core completions`",
            path.display()
        );
    }
}
