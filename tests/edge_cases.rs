//! Edge cases found in review: races on a new database, Unicode search, extreme times,
//! undo after a contact was re-created, malformed CSV, and dry runs everywhere.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

use common::*;
use predicates::prelude::*;

#[test]
fn many_processes_opening_a_new_database_at_once_all_succeed() {
    for round in 0..8 {
        // No database yet: the processes race to make it.
        let env = Env::bare();
        let children: Vec<_> = (0..6)
            .map(|i| {
                let mut c = Command::new(env!("CARGO_BIN_EXE_botctl"));
                c.env("BOTCTL_DB", &env.db)
                    .env("BOTCTL_NOW", NOW)
                    .args(if i % 2 == 0 {
                        vec!["mode".to_string(), "autopilot".to_string()]
                    } else {
                        vec!["contacts".into(), "add".into(), format!("c-{i}")]
                    })
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped());
                c.spawn().expect("spawn")
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().expect("wait");
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // No change was lost, whichever process made the file and whether the ones that
        // changed nothing removed theirs.
        let ids = env.ok(&["list", "--format", "ids"]);
        assert_eq!(ids, "c-1\nc-3\nc-5\n", "round {round}");
    }
}

#[test]
fn search_ignores_case_in_any_script() {
    let env = Env::new();
    env.ok(&["contacts", "add", "Éva-1", "--name", "Ödön Kovács"]);
    env.ok(&["contacts", "add", "plain", "--name", "Smith"]);
    for q in ["Éva", "éva", "ÉVA", "ödön", "KOVÁCS", "smi"] {
        let ids = env.ok(&["list", "--search", q, "--format", "ids"]);
        assert_eq!(ids.lines().count(), 1, "search {q}: {ids}");
    }
    assert_eq!(env.ok(&["list", "--search", "zzz", "--format", "ids"]), "");
}

#[test]
fn extreme_times_are_errors_not_panics() {
    let env = Env::new();
    env.add(&["c1"]);
    for tz in ["America/New_York", "Asia/Tokyo", "UTC"] {
        for t in [
            "+262142-12-31 23:59",
            "9999-12-31 23:59",
            "1969-12-31 23:59",
        ] {
            env.cmd()
                .env("TZ", tz)
                .args(["snooze", "c1", "--until", t])
                .assert()
                .code(1)
                .stderr(predicate::str::starts_with("error:"));
        }
    }
    assert_eq!(env.contact("c1")["status"], "active");
}

/// A `BOTCTL_NOW` that is not UTF-8 is an error, not the wall clock in disguise.
#[test]
fn a_clock_that_is_not_utf8_is_refused() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    env.add(&["c1"]);
    let before = env.snapshot();
    let bad = std::ffi::OsStr::from_bytes(b"2030-01-01T00:00:00Z\xff");
    env.cmd()
        .env("BOTCTL_NOW", bad)
        .args(["set", "inactive", "c1"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("`BOTCTL_NOW`").and(predicate::str::contains("not UTF-8")),
        );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn undo_leaves_a_contact_that_was_removed_and_added_again_alone() {
    let env = Env::new();
    env.add(&["x", "y"]);
    env.ok(&["set", "inactive", "x", "y", "--yes"]);
    env.ok(&["set", "snoozed", "x", "y", "--yes"]); // batch 4
    env.ok(&["contacts", "remove", "x"]);
    env.ok(&["contacts", "add", "x", "--name", "New"]);
    let before = env.snapshot();
    env.cmd()
        .args(["undo", "4"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`x` (removed and added again)"));
    assert_eq!(env.snapshot(), before);
    env.ok(&["undo", "4", "--force"]);
    assert_eq!(env.contact("x")["status"], "active");
    assert_eq!(env.contact("y")["status"], "inactive");
}

#[test]
fn undo_refuses_when_a_timer_ran_out_since() {
    let env = Env::new();
    env.add(&["a", "b"]);
    env.ok(&["snooze", "a", "--for", "1h"]); // batch 3
    let later = "2026-11-21T11:00:00Z";
    let out = env.at(later).args(["undo", "3"]).assert().code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("`a` (its timer ran out at 2026-11-21T10:00:00Z)"),
        "{err}"
    );
    // Nothing was written, not even the timer wake.
    assert!(env.history(&[]).iter().all(|h| h["reason"] != "timer"));
}

#[test]
fn an_unterminated_quote_in_an_import_is_an_error() {
    let env = Env::new();
    env.add(&["keep"]);
    let before = env.snapshot();
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin("id,name\nnew-1,Ann\n\"unterminated,Bob\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 3").and(predicate::str::contains("never closed")));
    assert_eq!(env.snapshot(), before);
    // Quoted fields that do close are fine.
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin("id,name\n\"q,1\",\"two, \"\"quoted\"\"\"\n")
        .assert()
        .success();
    assert_eq!(env.contact("q,1")["name"], "two, \"quoted\"");
}

/// Runs `contacts import -` with its address space capped (`ulimit -v`, in KiB), feeding
/// it `head` and then `fill` repeated `times` times (written as it is read, so the test
/// holds no more of it than a chunk).
fn import_capped(
    env: &Env,
    limit_kib: u64,
    head: &str,
    fill: &[u8],
    times: usize,
) -> (Option<i32>, String) {
    let inner = env.std_cmd();
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(format!("ulimit -v {limit_kib}; exec \"$0\" \"$@\""))
        .arg(inner.get_program())
        .args(["contacts", "import", "-"])
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in inner.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    let mut child = c.spawn().expect("spawn");
    let mut stdin = child.stdin.take().unwrap();
    let head = head.as_bytes().to_vec();
    let fill = fill.to_vec();
    // botctl stops reading early: the rest of the writes fail, as they should.
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        if stdin.write_all(&head).is_err() {
            return;
        }
        for _ in 0..times {
            if stdin.write_all(&fill).is_err() {
                return;
            }
        }
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_huge_row_is_an_error_in_bounded_memory() {
    let env = Env::new();
    env.add(&["keep"]);
    let before = env.snapshot();
    // A 1.5 GB field, read with 1 GB of address space: refused at its line, no abort.
    let chunk = vec![b'A'; 1 << 20];
    let (code, err) = import_capped(&env, 1_000_000, "id,name\nok1,x\nz1,", &chunk, 1536);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("error: line 3: the row is longer than 1 MiB"),
        "{err}"
    );
    assert_eq!(env.snapshot(), before);
    // A quote that never closes makes a long row too: the message points at it.
    let (code, err) = import_capped(
        &env,
        1_000_000,
        "id,name,notes\nz1,a,\"",
        &vec![b'\n'; 1 << 20],
        3,
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("line 2: the row is longer than 1 MiB (a quoted field starts on line 2"),
        "{err}"
    );
    assert_eq!(env.snapshot(), before);
    // A row just under the limit, in an ignored column, is fine.
    let long = "x".repeat((1 << 20) - 100);
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(format!("id,name,notes\nl1,Lee,\"{long}\"\nl2,Lou,\n"))
        .assert()
        .success()
        .stderr(predicate::str::contains("2 added"));
}

#[test]
fn utf16_without_a_bom_and_folders_are_named() {
    let env = Env::new();
    let before = env.snapshot();
    let mut utf16 = Vec::new();
    for u in "id,name\nw1,a\n".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let path = env.dir.path().join("u.csv");
    std::fs::write(&path, utf16).unwrap();
    let out = env
        .cmd()
        .args(["contacts", "import", path.to_str().unwrap()])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.starts_with("error: line 1: the header has NUL bytes"),
        "{err}"
    );
    assert!(err.contains("UTF-16") && err.contains("CSV UTF-8"), "{err}");
    assert!(!err.contains('\0'), "{err}");
    // A folder is named, escaped, with what to give instead.
    let dir = env.dir.path().join("a\x1b[31mdir");
    std::fs::create_dir(&dir).unwrap();
    let out = env
        .cmd()
        .args(["contacts", "import", dir.to_str().unwrap()])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("a\\e[31mdir` is a folder; give `contacts import` a CSV file"),
        "{err}"
    );
    assert!(!err.contains('\x1b'), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn record_while_off_exits_0_even_for_an_unknown_contact() {
    let env = Env::new();
    env.ok(&["mode", "off"]);
    env.cmd()
        .args(["record", "agent-message", "nobody", "--create-missing"])
        .assert()
        .success()
        .stderr(predicate::str::contains("off"));
    env.cmd().args(["status", "nobody"]).assert().code(1);
}

#[test]
fn dry_runs_change_nothing() {
    let env = Env::new();
    env.add(&["c1"]);
    let before = env.snapshot();
    let mode_before = env.ok(&["mode"]);
    let config_before = env.ok(&["config"]);
    for args in [
        vec!["record", "agent-message", "c1", "--dry-run"],
        vec![
            "record",
            "bot-message",
            "new",
            "--create-missing",
            "--dry-run",
        ],
        vec!["contacts", "add", "c2", "--dry-run"],
        vec!["mode", "off", "--dry-run"],
        vec!["config", "set", "sleep-time", "5m", "--dry-run"],
        vec!["set", "inactive", "c1", "--dry-run"],
        vec!["contacts", "remove", "c1", "--dry-run"],
        vec!["undo", "1", "--dry-run"],
    ] {
        let out = env.cmd().args(&args).output().expect("run");
        assert!(
            out.status.success() || args[0] == "undo",
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.ok(&["mode"]), mode_before);
    assert_eq!(env.ok(&["config"]), config_before);
    // The record dry run still shows what would happen.
    let out = env.ok(&["record", "agent-message", "c1", "--dry-run"]);
    assert!(out.contains("snoozed"), "{out}");
}

#[test]
fn every_change_reports_its_batch() {
    let env = Env::new();
    env.add(&["a", "b", "c"]);
    env.cmd()
        .args(["set", "inactive", "a", "b", "c", "--yes"])
        .assert()
        .stderr(predicate::str::contains(
            "set 3 contacts inactive (batch 4; undo: botctl undo 4)",
        ));
    env.cmd()
        .args(["mode", "suggestive"])
        .assert()
        .stderr(predicate::str::contains("(batch 5; undo: botctl undo 5)"));
    env.cmd()
        .args(["config", "set", "max-bot-messages", "3"])
        .assert()
        .stderr(predicate::str::contains("(batch 6; undo: botctl undo 6)"));
}

#[test]
fn a_damaged_stored_setting_is_named_not_ignored() {
    sqlite_only!("writes a setting with SQL on the SQLite file");
    let env = Env::new();
    env.ok(&["contacts", "add", "c-1"]);
    env.ok(&["config", "set", "max-bot-messages", "5"]);
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute(
            "UPDATE settings SET value = 'lots' WHERE key = 'max-bot-messages'",
            [],
        )
        .unwrap();
    }
    for args in [&["status", "c-1"][..], &["record", "bot-message", "c-1"]] {
        env.cmd()
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "the stored setting `max-bot-messages` is damaged",
            ));
    }
}

#[test]
fn only_a_change_creates_a_database() {
    sqlite_only!("creating a database file");
    let env = Env::bare();
    std::fs::write(env.dir.path().join("g.csv"), "id,name\nnew1,x\n").unwrap();
    let csv = env.dir.path().join("g.csv");
    let csv = csv.to_str().unwrap();
    let folder = env.db.parent().unwrap().to_path_buf();
    // Dry runs, failures and commands with nothing to do leave no file and no folder.
    for args in [
        &["contacts", "add", "x", "--dry-run"][..],
        &["mode", "off", "--dry-run"],
        &["config", "set", "sleep-time", "3h", "--dry-run"],
        &["contacts", "import", csv, "--dry-run"],
        &["wake", "x"],
        &["set", "active", "x"],
        &["record", "agent-message", "x"],
        &["mode", "autopilot"],
        &["config", "set", "sleep-time", "2h"],
    ] {
        env.cmd().args(args).output().unwrap();
        assert!(!folder.exists(), "{args:?} left {}", folder.display());
    }
    // A change does create it.
    env.ok(&["contacts", "add", "x"]);
    assert_eq!(env.list(&[]).len(), 1);
}

#[test]
fn a_refused_folder_gets_no_file_and_an_empty_file_is_not_set_up_by_a_read() {
    sqlite_only!("database files");
    let env = Env::bare();
    let open = env.dir.path().join("open");
    std::fs::create_dir(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
    let db = open.join("db");
    env.cmd()
        .arg("--db")
        .arg(&db)
        .args(["contacts", "add", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("writable by everyone"));
    assert!(!db.exists(), "no file is left in a refused folder");

    let empty = env.dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    std::fs::set_permissions(&empty, std::fs::Permissions::from_mode(0o600)).unwrap();
    for args in [&["list"][..], &["doctor"], &["sweep"]] {
        let out = env
            .cmd()
            .arg("--db")
            .arg(&empty)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        // doctor lists it among its problems, on stdout.
        let said = String::from_utf8_lossy(&out.stderr) + String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("is empty"), "{args:?}: {said}");
        assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0, "{args:?}");
    }
    // A change sets it up.
    env.cmd()
        .arg("--db")
        .arg(&empty)
        .args(["contacts", "add", "x"])
        .assert()
        .success();
}
