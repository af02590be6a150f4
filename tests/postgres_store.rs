//! The PostgreSQL backend as a whole, against the throwaway test server: `copy` between
//! SQLite and PostgreSQL (and back), concurrent sweeps and writers, a bulk change killed
//! midway, and a database without botctl's tables. (The end-to-end suites also run
//! against PostgreSQL: `BOTCTL_TEST_BACKEND=postgres`, see `.ci/run`.)
//! Skipped, loudly, where PostgreSQL is not installed; required in CI.

mod common;

use std::io::Write;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::pg::{self, Schema};
use common::*;
use serde_json::Value;

macro_rules! server {
    () => {
        match pg::server() {
            Some(s) => s,
            None => return,
        }
    };
}

/// An environment whose database is a fresh PostgreSQL schema (whatever the backend of
/// the run), with a SQLite file beside it for `copy`.
fn pg_env(schema: &Schema) -> Env {
    let mut env = Env::bare();
    env.db = std::path::PathBuf::from(schema.url());
    env
}

fn run(env: &Env, args: &[&str]) -> std::process::Output {
    env.cmd().args(args).output().expect("run botctl")
}

fn spawn(env: &Env, now: &str, args: &[&str], stdin: Option<String>) -> Child {
    let mut c = env.std_cmd();
    c.env("BOTCTL_NOW", now)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn botctl");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        std::thread::spawn(move || {
            let _ = pipe.write_all(input.as_bytes());
        });
    }
    child
}

fn import(env: &Env, csv: &str) {
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(csv.to_string())
        .assert()
        .success();
}

/// Everything a workspace shows: contacts, the whole history, settings and mode.
fn everything(env: &Env) -> String {
    let parts = [
        env.ok(&["list", "--format", "csv"]),
        env.ok(&["history", "--format", "csv"]),
        env.ok(&["config", "--format", "json"]),
        env.ok(&["mode"]),
    ];
    parts.join("\n---\n")
}

/// A workspace with a bit of everything: details, statuses with timers and notes,
/// counters per channel, an event id, a removed contact, settings and the mode.
fn fill(env: &Env) {
    env.ok(&["mode", "autopilot"]);
    import(
        env,
        "id,name,phone,email,status\nc-1,Ann,+1 555 0100,ann@example.com,\nc-2,Bo\\b \"x\",,,inactive\nc-3,,,,\nc-4,Zoë,,,\n",
    );
    env.ok(&["config", "set", "max-bot-messages", "3"]);
    env.ok(&["snooze", "c-1", "--for", "2h", "--note", "customer asked"]);
    env.ok(&[
        "record",
        "bot-message",
        "c-3",
        "--channel",
        "sms",
        "--event-id",
        "ev-1",
    ]);
    env.ok(&["record", "bot-message", "c-3", "--channel", "webchat"]);
    env.ok(&["contacts", "edit", "c-4", "--phone", "555"]);
    env.ok(&["contacts", "remove", "c-2"]);
    env.ok(&["set", "inactive", "c-3", "c-4", "--yes", "--note", "bulk"]);
    env.ok(&["mode", "suggestive"]);
}

#[test]
fn copy_sqlite_to_postgres_and_back_keeps_everything() {
    let pg = server!();
    let schema = pg.create_schema();
    let file = Env::new();
    fill(&file);
    let before = everything(&file);

    let target = pg_env(&schema);
    let url = target.db.to_str().unwrap().to_string();
    let out = run(&file, &["copy", file.db.to_str().unwrap(), &url]);
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("copied 3 contacts, 11 history rows, 7 batches"),
        "{said}"
    );
    assert!(!said.contains("password"), "{said}");
    assert_eq!(everything(&target), before, "SQLite → PostgreSQL");

    // And back, into a new file.
    let back = Env::bare();
    let out = run(&back, &["copy", &url, back.db.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(everything(&back), before, "PostgreSQL → SQLite");

    // Undo of a batch made before the copy works after it, on both copies, the same way.
    let bulk = target.history(&["--limit", "1"]);
    let batch = bulk[0]["batch"].as_i64().unwrap().to_string();
    for env in [&target, &back, &file] {
        env.ok(&["mode", "autopilot"]);
        assert_eq!(env.ok(&["mode"]).trim(), "autopilot");
        env.ok(&["undo", &batch]);
        env.ok(&["contacts", "add", "c-new"]);
    }
    assert_eq!(everything(&target), everything(&file));
    assert_eq!(everything(&back), everything(&file));
    // New batches continue after the copied ids, newest first.
    let latest = target.history(&["--kind", "added", "--limit", "1"]);
    assert_eq!(latest[0]["contact"], "c-new");
    let c3 = target.contact("c-3");
    assert_eq!(c3["status"], "active", "{c3}");
}

#[test]
fn copy_refuses_a_target_that_is_not_empty_and_leaves_it_alone() {
    let pg = server!();
    let schema = pg.create_schema();
    let target = pg_env(&schema);
    target.ok(&["contacts", "add", "there"]);
    let before = everything(&target);
    let file = Env::new();
    fill(&file);
    let url = target.db.to_str().unwrap().to_string();
    let out = run(&file, &["copy", file.db.to_str().unwrap(), &url]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is not empty: it holds 1 contact, 1 history row, 1 batch"),
        "{err}"
    );
    assert_eq!(everything(&target), before);
    // The other way round: a SQLite file that has contacts.
    let out = run(&file, &["copy", &url, file.db.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));
    // A missing source is an error, and creates nothing.
    let missing = file.dir.path().join("nope.db");
    let out = run(&file, &["copy", missing.to_str().unwrap(), "other.db"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!missing.exists());
}

#[test]
fn a_database_without_botctl_tables_is_an_error_for_reading_commands() {
    let pg = server!();
    let schema = pg.create_schema();
    let env = pg_env(&schema);
    for args in [&["list"][..], &["sweep"], &["status", "x"], &["history"]] {
        let out = run(&env, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("has no botctl tables yet"), "{err}");
        assert!(err.contains("postgresql://"), "{err}");
    }
    let tables: i64 = schema
        .client()
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = $1",
            &[&schema.name],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 0, "a reading command created tables");
    // A changing command creates them.
    env.ok(&["contacts", "add", "a"]);
    assert_eq!(env.list(&[]).len(), 1);
}

#[test]
fn verbose_shows_the_url_without_its_password() {
    let pg = server!();
    let schema = pg.create_schema();
    let mut env = pg_env(&schema);
    env.ok(&["contacts", "add", "a"]);
    // The superuser logs in without a password over the socket; one given is ignored.
    let url = env
        .db
        .to_str()
        .unwrap()
        .replace(&format!("{}@", pg.user), &format!("{}:s3cret-pw@", pg.user));
    env.db = url.into();
    let out = env.cmd().args(["-v", "list"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("database: postgresql://"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
}

#[test]
fn concurrent_sweeps_wake_each_contact_once() {
    let pg = server!();
    let schema = pg.create_schema();
    let env = pg_env(&schema);
    let mut csv = String::from("id,status,wake_at\n");
    for i in 0..3000 {
        csv.push_str(&format!("t-{i:04},snoozed,2026-11-21T10:00:00Z\n"));
    }
    import(&env, &csv);
    let later = "2026-11-21T12:00:00Z";
    let sweeps: Vec<Child> = (0..4)
        .map(|_| spawn(&env, later, &["sweep"], None))
        .collect();
    for c in sweeps {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{out:?}");
    }
    let hist = env.history(&["--reason", "timer"]);
    assert_eq!(hist.len(), 3000);
    let mut ids: Vec<&str> = hist
        .iter()
        .map(|h| h["contact"].as_str().unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3000, "a contact was woken twice");
    assert!(env.list_at(later, &["--status", "snoozed"]).is_empty());
}

#[test]
fn many_writers_and_sweepers_lose_nothing_and_never_fail() {
    let pg = server!();
    let schema = pg.create_schema();
    let env = pg_env(&schema);
    let writers = 32;
    let mut csv = String::from("id,status,wake_at\n");
    for i in 0..2000 {
        csv.push_str(&format!("t-{i:04},snoozed,2026-11-21T10:00:00Z\n"));
    }
    for w in 0..writers {
        csv.push_str(&format!("w-{w:02},,\n"));
    }
    import(&env, &csv);
    let later = "2026-11-21T12:00:00Z";
    let deadline = Instant::now() + Duration::from_secs(10);
    let run_at = |args: &[&str]| {
        let out = env.at(later).args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "{args:?} failed: {err}");
        assert!(!err.contains("deadlock"), "{err}");
    };
    let notes: Vec<String> = std::thread::scope(|s| {
        let writers: Vec<_> = (0..writers)
            .map(|w| {
                s.spawn(move || {
                    let mut done = Vec::new();
                    let mut k = 0;
                    while Instant::now() < deadline || k < 2 {
                        let id = format!("w-{w:02}");
                        let note = format!("{id}-{k}");
                        if k % 2 == 0 {
                            run_at(&["snooze", &id, "--for", "1h", "--note", &note]);
                        } else {
                            run_at(&["wake", &id, "--note", &note]);
                        }
                        done.push(note);
                        k += 1;
                    }
                    done
                })
            })
            .collect();
        for _ in 0..3 {
            s.spawn(move || {
                while Instant::now() < deadline {
                    run_at(&["sweep"]);
                }
            });
        }
        writers
            .into_iter()
            .flat_map(|t| t.join().expect("a writer failed"))
            .collect()
    });
    env.at(later).arg("sweep").assert().success();
    let hist: Vec<Value> = serde_json::from_str(&env.ok(&["history", "--format", "json"])).unwrap();
    for note in &notes {
        let n = hist.iter().filter(|h| h["note"] == note.as_str()).count();
        assert_eq!(n, 1, "the change noted {note} is not in the history once");
    }
    let woken: Vec<&str> = hist
        .iter()
        .filter(|h| h["reason"] == "timer")
        .map(|h| h["contact"].as_str().unwrap())
        .collect();
    let mut distinct = woken.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(woken.len(), 2000, "every timer woken");
    assert_eq!(distinct.len(), 2000, "each timer woken once");
    // History order is commit order: batch ids never go down, newest first.
    let batches: Vec<i64> = hist.iter().map(|h| h["batch"].as_i64().unwrap()).collect();
    assert!(
        batches.windows(2).all(|w| w[0] >= w[1]),
        "history out of order"
    );
}

#[test]
fn a_bulk_change_killed_midway_is_whole_or_absent() {
    let pg = server!();
    let schema = pg.create_schema();
    let env = pg_env(&schema);
    let ids: Vec<String> = (0..30_000).map(|i| format!("k-{i:05}")).collect();
    import(&env, &format!("id\n{}\n", ids.join("\n")));
    let input = ids.join("\n");
    let mut client = schema.client();
    for delay_ms in [1u64, 300, 700, 1200] {
        let mut child = spawn(
            &env,
            NOW,
            &["set", "inactive", "--stdin", "--yes"],
            Some(input.clone()),
        );
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // The server ends the killed session's transaction; wait for that.
        let t0 = Instant::now();
        while client
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'botctl' \
                 AND datname = current_database() AND pid <> pg_backend_pid()",
                &[],
            )
            .unwrap()
            .get::<_, i64>(0)
            > 0
            && t0.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        let inactive: i64 = client
            .query_one(
                "SELECT count(*) FROM contacts WHERE status = 'inactive'",
                &[],
            )
            .unwrap()
            .get(0);
        let rows: i64 = client
            .query_one("SELECT count(*) FROM history WHERE kind = 'status'", &[])
            .unwrap()
            .get(0);
        assert!(
            inactive == 0 || inactive == 30_000,
            "partial batch: {inactive}"
        );
        assert_eq!(rows, inactive, "history matches the contacts");
        if inactive > 0 {
            client
                .batch_execute(
                    "UPDATE contacts SET status = 'active'; \
                     DELETE FROM history WHERE kind = 'status'",
                )
                .unwrap();
        }
    }
    env.ok(&["list", "--limit", "1"]);
}
