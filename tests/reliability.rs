//! Reliability: many processes at once never see "database is locked" and lose no update;
//! a process killed with SIGKILL mid-batch leaves the batch whole or absent.

mod common;

use std::io::Write;
use std::process::{Child, Stdio};
use std::time::Duration;

use common::*;

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

fn import(env: &Env, ids: &[String]) {
    let csv = format!("id\n{}\n", ids.join("\n"));
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(csv)
        .assert()
        .success();
}

#[test]
fn concurrent_writers_and_sweeps_lose_nothing() {
    let env = Env::new();
    let ids: Vec<String> = (0..160).map(|i| format!("c-{i:03}")).collect();
    import(&env, &ids);
    // Half the contacts have a timer that has already run out, for the sweeps to find.
    let due: Vec<&str> = ids[80..].iter().map(String::as_str).collect();
    let mut args = vec!["set", "snoozed", "--yes", "--for", "1m"];
    args.extend(&due);
    env.ok(&args);

    let later = "2026-11-21T09:05:00Z";
    let mut children = Vec::new();
    // 8 writers, each snoozing its own 10 contacts one by one, and 4 sweeps, all at once.
    for w in 0..8 {
        let mine: Vec<String> = ids[w * 10..w * 10 + 10].to_vec();
        for id in mine {
            children.push(spawn(&env, later, &["snooze", &id, "--for", "1h"], None));
        }
    }
    for _ in 0..4 {
        children.push(spawn(&env, later, &["sweep"], None));
    }
    for c in children {
        let out = c.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "a process failed: {err}");
        assert!(!err.contains("locked"), "{err}");
    }

    // Every manual snooze landed; every due contact was woken exactly once.
    let list = env.list_at(later, &[]);
    let snoozed = list.iter().filter(|c| c["status"] == "snoozed").count();
    assert_eq!(snoozed, 80);
    let hist = env.history(&["--limit", "100000"]);
    let timer_rows = hist.iter().filter(|h| h["reason"] == "timer").count();
    assert_eq!(timer_rows, 80, "each due contact woken once");
    let manual_snoozes = hist
        .iter()
        .filter(|h| h["reason"] == "manual" && h["to"] == "snoozed")
        .count();
    assert_eq!(manual_snoozes, 80 + 80);
}

#[test]
fn killed_mid_batch_leaves_it_whole_or_absent() {
    sqlite_only!(
        "reads the SQLite file directly (tests/postgres_store.rs kills a bulk change on PostgreSQL)"
    );
    let env = Env::new();
    let ids: Vec<String> = (0..30_000).map(|i| format!("k-{i:05}")).collect();
    import(&env, &ids);
    let input = ids.join("\n");
    let mut outcomes = Vec::new();
    for delay_ms in [1u64, 250, 600, 900, 1200] {
        let mut child = spawn(
            &env,
            NOW,
            &["set", "inactive", "--stdin", "--yes"],
            Some(input.clone()),
        );
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let conn = rusqlite::Connection::open(&env.db).expect("open");
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity_check");
        assert_eq!(check, "ok");
        let inactive: i64 = conn
            .query_row(
                "SELECT count(*) FROM contacts WHERE status = 'inactive'",
                [],
                |r| r.get(0),
            )
            .expect("count");
        let rows: i64 = conn
            .query_row(
                "SELECT count(*) FROM history WHERE kind = 'status'",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert!(
            inactive == 0 || inactive == 30_000,
            "partial batch: {inactive}"
        );
        assert_eq!(rows, inactive, "history matches the contacts");
        outcomes.push(inactive);
        if inactive > 0 {
            // Put everything back for the next round.
            env.cmd()
                .args(["wake", "--stdin", "--yes"])
                .write_stdin(input.clone())
                .assert()
                .success();
            let conn = rusqlite::Connection::open(&env.db).expect("open");
            conn.execute("DELETE FROM history WHERE kind = 'status'", [])
                .expect("reset");
        }
    }
    // The database is still usable afterwards.
    env.ok(&["list", "--limit", "1"]);
    assert_eq!(outcomes.len(), 5);
}

/// An import that other processes write around (while it stages its file, and while it
/// waits for the lock) adds each of its rows once, in one batch, and every other
/// process's change lands too, in the order the changes were committed.
#[test]
fn an_import_beside_other_writers_adds_each_row_once() {
    let env = Env::new();
    let mine: Vec<String> = (0..10).map(|i| format!("w-{i}")).collect();
    import(&env, &mine);
    let n = 20_000;
    let csv: String = std::iter::once("id,name\n".to_string())
        .chain((0..n).map(|i| format!("n-{i:05},New {i}\n")))
        .collect();
    let file = env.dir.path().join("new.csv");
    std::fs::write(&file, csv).unwrap();
    let importer = spawn(
        &env,
        NOW,
        &["contacts", "import", file.to_str().unwrap()],
        None,
    );
    // Until the import ends (and at least a few times): a snooze of one of the other
    // contacts (a new timer each time) and a contact added, each by a process of its own.
    let mut rounds = 0;
    let mut importer = Some(importer);
    while rounds < 3 || importer.as_mut().unwrap().try_wait().unwrap().is_none() {
        let until = format!("{}m", rounds + 1);
        env.ok(&["snooze", &mine[rounds % mine.len()], "--for", &until]);
        env.ok(&["contacts", "add", &format!("x-{rounds}")]);
        rounds += 1;
        assert!(rounds < 10_000, "the import never ended");
    }
    let out = importer.take().unwrap().wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let list = env.list(&[]);
    assert_eq!(list.len(), 10 + n + rounds);
    let hist = env.history(&["--limit", "1000000", "--kind", "added"]);
    let imported: Vec<&serde_json::Value> = hist
        .iter()
        .filter(|h| h["contact"].as_str().unwrap().starts_with("n-"))
        .collect();
    assert_eq!(imported.len(), n, "one `added` row per imported contact");
    let batch = &imported[0]["batch"];
    assert!(imported.iter().all(|h| &h["batch"] == batch), "one batch");
    // History is newest first in commit order: the import's rows are one run, and the
    // other processes' rows fall wholly before or after it.
    let all: Vec<serde_json::Value> =
        serde_json::from_str(&env.ok(&["history", "--format", "json", "--limit", "1000000"]))
            .unwrap();
    let at: Vec<usize> = all
        .iter()
        .enumerate()
        .filter(|(_, h)| &h["batch"] == batch)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(at.len(), n);
    assert_eq!(
        at[n - 1] - at[0],
        n - 1,
        "the import's rows are not interleaved"
    );
    let added_x = all
        .iter()
        .filter(|h| h["kind"] == "added" && h["contact"].as_str().unwrap().starts_with("x-"))
        .count();
    assert_eq!(added_x, rounds);
    let snoozes = all
        .iter()
        .filter(|h| h["kind"] == "status" && h["to"] == "snoozed")
        .count();
    assert_eq!(snoozes, rounds);
}
