//! The engine's bulk paths end to end: exact line numbers from a streamed import, the
//! `sleep-time` read by the change itself, set-based bulk changes and their undo.

mod common;
use common::*;

fn import_error(env: &Env, csv: &str) -> String {
    let out = env
        .cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(csv.to_string())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn import_line_numbers_are_exact_with_crlf_and_blank_lines() {
    let env = Env::new();
    let err = import_error(&env, "id,name\r\nb1,x\r\n,missing\r\n");
    assert!(err.contains("line 3"), "{err}");
    assert!(!err.contains("line 2"), "{err}");
    let err = import_error(&env, "id,name\nb1,x\n\n,missing\n");
    assert!(err.contains("line 4"), "{err}");
    let err = import_error(&env, "id,name\r\n\"q\r\nuoted\",x\r\n,missing\r\n");
    assert!(err.contains("line 4"), "a quoted line break counts: {err}");
    // Nothing of a refused file is imported.
    assert!(env.list(&[]).is_empty());
}

#[test]
fn a_duplicate_id_names_the_line_of_its_first_row() {
    let env = Env::new();
    let err = import_error(&env, "id,name\nd1,x\nd2,y\nd1,z\n");
    assert!(err.contains("line 4"), "{err}");
    assert!(err.contains("also on line 2"), "{err}");
}

#[test]
fn a_duplicate_far_from_its_first_row_names_that_line() {
    // Far enough apart that the first row has been sent to the stage before the second
    // comes (PostgreSQL stages in chunks of 8,192 rows).
    let env = Env::new();
    let mut csv = String::from("id,name\n");
    for i in 0..20_000 {
        csv.push_str(&format!("f{i:05},x\n"));
    }
    csv.push_str("f00003,again\n");
    let err = import_error(&env, &csv);
    assert!(err.contains("line 20002"), "{err}");
    assert!(err.contains("also on line 5"), "{err}");
    assert!(env.list(&[]).is_empty());
}

#[test]
fn ids_given_twice_in_a_long_list_count_once() {
    // 700 ids, each twice, the second time far from the first and next to its
    // neighbours' repeats: ids are staged many to a statement.
    let env = Env::new();
    let mut csv = String::from("id\n");
    for i in 0..700 {
        csv.push_str(&format!("t{i:04}\n"));
    }
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(csv)
        .assert()
        .success();
    let mut ids: String = (0..700).map(|i| format!("t{i:04}\n")).collect();
    ids.extend((0..700).rev().map(|i| format!("t{i:04}\n")));
    ids.push_str("t0001\nt0001\n");
    let out = env
        .cmd()
        .args(["set", "inactive", "--stdin", "--yes"])
        .write_stdin(ids)
        .output()
        .expect("run");
    let note = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{note}");
    assert!(note.contains("set 700 contacts inactive"), "{note}");
    assert_eq!(env.history(&[]).len(), 700);
}

#[test]
fn snooze_without_a_timer_uses_the_sleep_time_in_force() {
    let env = Env::new();
    env.add(&["s1"]);
    env.ok(&["config", "set", "sleep-time", "30m"]);
    env.ok(&["snooze", "s1"]);
    assert_eq!(env.contact("s1")["wake_at"], "2026-11-21T09:30:00Z");
    env.ok(&["config", "set", "sleep-time", "none"]);
    env.ok(&["snooze", "s1"]);
    assert_eq!(env.contact("s1")["wake_at"], serde_json::Value::Null);
}

#[test]
fn a_bulk_change_of_thousands_is_one_batch_and_undo_puts_it_back() {
    let env = Env::new();
    let mut csv = String::from("id,status,wake_at\n");
    for i in 0..3000 {
        match i % 3 {
            0 => csv.push_str(&format!("b{i:05},,\n")),
            1 => csv.push_str(&format!("b{i:05},snoozed,2026-11-21T12:00:00Z\n")),
            _ => csv.push_str(&format!("b{i:05},inactive,\n")),
        }
    }
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(csv)
        .assert()
        .success();
    let before = env.ok(&["list", "--format", "csv"]);
    let ids: String = (0..3000).map(|i| format!("b{i:05}\n")).collect();
    let out = env
        .cmd()
        .args(["set", "inactive", "--stdin", "--yes", "--for", "1h"])
        .write_stdin(ids)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let note = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(note.contains("set 3,000 contacts inactive"), "{note}");
    let batch: i64 = note
        .split("(batch ")
        .nth(1)
        .and_then(|t| t.split(';').next())
        .and_then(|t| t.parse().ok())
        .expect("a batch id");
    let rows = env.history(&["--batch", &batch.to_string()]);
    assert_eq!(rows.len(), 3000);
    assert!(
        env.list(&[])
            .iter()
            .all(|c| c["status"] == "inactive" && c["wake_at"] == "2026-11-21T10:00:00Z")
    );
    env.ok(&["undo", &batch.to_string()]);
    let after = env.ok(&["list", "--format", "csv"]);
    // Statuses, timers and reasons are back (change times and authors are the undo's).
    let essence = |csv: &str| -> Vec<String> {
        csv.lines()
            .map(|l| l.split(',').take(7).collect::<Vec<_>>().join(","))
            .collect()
    };
    assert_eq!(essence(&after), essence(&before));
}
