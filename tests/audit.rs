//! End-to-end tests of the audit trail (issue 10): every kind of history row and its
//! fields, `undo` of each kind, notes, history filters, bot message counters per channel,
//! `snooze --extend`, `contacts edit`, `sweep --format`, and the migration of a database
//! written by botctl 0.1. Each test runs the real binary against its own database with a
//! fixed clock; the suite runs against SQLite and against PostgreSQL.

mod common;

use assert_cmd::Command;
use common::*;
use serde_json::{Value, json};

const LATER: &str = "2026-11-21T11:00:00Z";

/// What a finished command left behind.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(mut cmd: Command, args: &[&str]) -> Run {
    let out = cmd.args(args).output().expect("run botctl");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

/// Runs, asserts success, returns the run.
fn ok(env: &Env, args: &[&str]) -> Run {
    let r = run(env.cmd(), args);
    assert_eq!(r.code, Some(0), "botctl {args:?} failed:\n{}", r.stderr);
    r
}

/// Everything a failed command must leave as it was: contacts, every history row, the
/// mode and the settings.
fn snapshot(env: &Env) -> String {
    format!(
        "{}\n{}\n{}",
        env.snapshot(),
        env.ok(&["mode"]),
        env.ok(&["config", "--format", "json"])
    )
}

/// Runs, asserts exit `code` with an `error:` message and nothing changed; returns stderr.
fn fails(env: &Env, args: &[&str], code: i32) -> String {
    let before = snapshot(env);
    let r = run(env.cmd(), args);
    assert_eq!(
        r.code,
        Some(code),
        "botctl {args:?}: expected exit {code}\nstdout: {}\nstderr: {}",
        r.stdout,
        r.stderr
    );
    assert!(
        r.stderr.starts_with("error:"),
        "botctl {args:?}: {}",
        r.stderr
    );
    assert_eq!(
        snapshot(env),
        before,
        "botctl {args:?} changed the database"
    );
    r.stderr
}

/// The batch id a changing command reported: `(batch N; undo: botctl undo N)`.
fn batch_of(stderr: &str) -> i64 {
    let start = stderr
        .find("(batch ")
        .unwrap_or_else(|| panic!("no batch id in: {stderr}"))
        + "(batch ".len();
    let digits: String = stderr[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().expect("batch id")
}

/// Runs a changing command and returns its batch id.
fn batch(env: &Env, args: &[&str]) -> i64 {
    batch_of(&ok(env, args).stderr)
}

/// Every history row (all kinds), newest first.
fn all_history(env: &Env, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["history", "--format", "json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&env.ok(&args)).expect("json array")
}

/// The rows of one batch, in the order they were committed.
fn rows_of(env: &Env, batch: i64) -> Vec<Value> {
    let mut rows = all_history(env, &["--batch", &batch.to_string()]);
    rows.reverse();
    rows
}

const ROW_FIELDS: [&str; 12] = [
    "batch", "at", "kind", "contact", "setting", "from", "to", "wake_at", "reason", "actor",
    "os_user", "note",
];

/// Checks that a history row has exactly the SPEC's fields, and the given values.
fn assert_row(row: &Value, expect: Value) {
    let obj = row.as_object().expect("history row is an object");
    for f in ROW_FIELDS {
        assert!(obj.contains_key(f), "history row lacks `{f}`: {row}");
    }
    assert!(
        obj["os_user"].as_str().is_some_and(|u| !u.is_empty()),
        "os_user: {row}"
    );
    assert_eq!(obj["at"], json!(NOW), "{row}");
    for (k, v) in expect.as_object().unwrap() {
        assert_eq!(&obj[k], v, "field `{k}` of {row}");
    }
}

fn details(name: &str, phone: &str, email: &str) -> Value {
    json!({"name": name, "phone": phone, "email": email})
}

// ----- 1. every kind of history row -----

#[test]
fn every_kind_of_change_writes_a_history_row_with_the_spec_fields() {
    let env = Env::new();
    let b_add = batch(
        &env,
        &[
            "contacts", "add", "c1", "--name", "Ann", "--phone", "555", "--email", "a@x.org",
            "--actor", "alice", "--note", "new lead",
        ],
    );
    let b_edit = batch(
        &env,
        &[
            "contacts", "edit", "c1", "--name", "Anna", "--actor", "bob", "--note", "typo",
        ],
    );
    let b_set = batch(
        &env,
        &["set", "inactive", "c1", "--note", "asked for a human"],
    );
    let b_snooze = batch(&env, &["snooze", "c1", "--for", "2h"]);
    let b_wake = batch(&env, &["wake", "c1"]);
    let b_mode = batch(&env, &["mode", "suggestive", "--note", "trial"]);
    let b_conf = batch(&env, &["config", "set", "max-bot-messages", "3"]);
    let b_rm = batch(&env, &["contacts", "remove", "c1", "--note", "gdpr"]);

    let r = &rows_of(&env, b_add);
    assert_eq!(r.len(), 1);
    assert_row(
        &r[0],
        json!({"batch": b_add, "kind": "added", "contact": "c1", "setting": null, "from": null,
               "to": "active", "wake_at": null, "reason": "manual", "actor": "alice",
               "note": "new lead"}),
    );
    let r = &rows_of(&env, b_edit);
    assert_row(
        &r[0],
        json!({"kind": "details", "contact": "c1", "setting": null, "actor": "bob",
               "note": "typo"}),
    );
    // `from` and `to` of a details row are the details as JSON objects.
    assert_eq!(r[0]["from"], details("Ann", "555", "a@x.org"));
    assert_eq!(r[0]["to"], details("Anna", "555", "a@x.org"));
    assert_row(
        &rows_of(&env, b_set)[0],
        json!({"kind": "status", "contact": "c1", "from": "active", "to": "inactive",
               "wake_at": null, "reason": "manual", "actor": "tester",
               "note": "asked for a human"}),
    );
    assert_row(
        &rows_of(&env, b_snooze)[0],
        json!({"kind": "status", "contact": "c1", "from": "inactive", "to": "snoozed",
               "wake_at": LATER, "reason": "manual", "note": null}),
    );
    assert_row(
        &rows_of(&env, b_wake)[0],
        json!({"kind": "status", "contact": "c1", "from": "snoozed", "to": "active",
               "wake_at": null, "reason": "manual"}),
    );
    assert_row(
        &rows_of(&env, b_mode)[0],
        json!({"kind": "mode", "contact": null, "setting": null, "from": "autopilot",
               "to": "suggestive", "note": "trial"}),
    );
    assert_row(
        &rows_of(&env, b_conf)[0],
        json!({"kind": "setting", "contact": null, "setting": "max-bot-messages",
               "from": "25", "to": "3"}),
    );
    assert_row(
        &rows_of(&env, b_rm)[0],
        json!({"kind": "removed", "contact": "c1", "from": "active", "note": "gdpr"}),
    );

    // The same fields as CSV columns, with a header row.
    let csv = env.ok(&["history", "--format", "csv", "--batch", &b_conf.to_string()]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(ROW_FIELDS.join(",").as_str()));
    let row = lines.next().expect("one row");
    assert!(row.contains(",setting,,max-bot-messages,25,3,"), "{row}");
}

#[test]
fn import_writes_added_details_and_status_rows_in_one_batch() {
    let env = Env::new();
    env.ok(&["contacts", "add", "old", "--name", "Old"]);
    let csv = env.dir.path().join("in.csv");
    std::fs::write(
        &csv,
        "id,name,status\nold,Older,inactive\nnew,New,snoozed\n",
    )
    .unwrap();
    let b = batch(
        &env,
        &[
            "contacts",
            "import",
            csv.to_str().unwrap(),
            "--note",
            "crm sync",
        ],
    );
    let rows = rows_of(&env, b);
    let kinds: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["contact"].as_str().unwrap(), r["kind"].as_str().unwrap()))
        .collect();
    for expected in [("old", "details"), ("old", "status"), ("new", "added")] {
        assert!(kinds.contains(&expected), "{expected:?} in {kinds:?}");
    }
    for r in &rows {
        assert_eq!(r["batch"], json!(b));
        assert_eq!(r["note"], json!("crm sync"), "{r}");
    }
    let old_status = rows
        .iter()
        .find(|r| r["contact"] == "old" && r["kind"] == "status")
        .unwrap();
    assert_eq!(old_status["from"], "active");
    assert_eq!(old_status["to"], "inactive");
    let new_added = rows.iter().find(|r| r["contact"] == "new").unwrap();
    assert_eq!(new_added["to"], "snoozed");
}

// ----- 2. undo of each kind -----

#[test]
fn undo_of_contacts_remove_restores_everything() {
    let env = Env::new();
    env.ok(&["config", "set", "max-bot-messages", "5"]);
    env.ok(&[
        "contacts",
        "add",
        "c1",
        "--name",
        "Ann",
        "--phone",
        "+1 555 0100",
        "--email",
        "a@x.org",
    ]);
    for ch in ["sms", "sms", "webchat"] {
        env.ok(&["record", "bot-message", "c1", "--channel", ch]);
    }
    env.ok(&["snooze", "c1", "--for", "2h", "--note", "lunch"]);
    let before = env.contact("c1");
    let b = batch(&env, &["contacts", "remove", "c1"]);
    assert!(env.list(&[]).is_empty());
    fails(&env, &["status", "c1"], 1);

    let r = ok(&env, &["undo", &b.to_string()]);
    assert!(r.stderr.contains("undid batch"), "{}", r.stderr);
    let after = env.contact("c1");
    assert_eq!(after, before, "the restored contact differs");
    assert_eq!(
        after["bot_messages_by_channel"],
        json!({"sms": 2, "webchat": 1})
    );
    assert_eq!(after["wake_at"], json!(LATER));
    let listed = env.list(&[]);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], "c1");
    // The timer still works, and the restore is an `added` row.
    let u = batch_of(&r.stderr);
    assert_eq!(rows_of(&env, u)[0]["kind"], "added");
    assert_eq!(
        env.list_at("2026-11-21T11:00:01Z", &[])[0]["status"],
        "active"
    );
}

#[test]
fn undo_of_mode_off_works_while_the_mode_is_off() {
    let env = Env::new();
    env.add(&["c1"]);
    let b = batch(&env, &["mode", "off"]);
    assert_eq!(env.ok(&["mode"]).trim(), "off");
    let r = ok(&env, &["undo", &b.to_string()]);
    assert_eq!(env.ok(&["mode"]).trim(), "autopilot");
    assert!(
        !r.stderr.contains("contact"),
        "a mode is not a contact: {}",
        r.stderr
    );
    let u = batch_of(&r.stderr);
    assert_row(
        &rows_of(&env, u)[0],
        json!({"kind": "mode", "contact": null, "from": "off", "to": "autopilot"}),
    );
    // Undo of the undo: off again.
    ok(&env, &["undo", &u.to_string()]);
    assert_eq!(env.ok(&["mode"]).trim(), "off");
}

#[test]
fn undo_of_contacts_add_and_remove_does_not_need_the_bot_on() {
    let env = Env::new();
    let add = batch(&env, &["contacts", "add", "a1"]);
    env.add(&["r1", "s1"]);
    let rm = batch(&env, &["contacts", "remove", "r1"]);
    let set = batch(&env, &["set", "inactive", "s1"]);
    env.ok(&["mode", "off"]);
    // Putting back a status needs the bot on.
    let err = fails(&env, &["undo", &set.to_string()], 1);
    assert!(err.contains("botctl mode"), "{err}");
    // Adding and removing contacts works while the mode is off, and so do their undos.
    ok(&env, &["contacts", "add", "x1"]);
    ok(&env, &["undo", &add.to_string()]);
    ok(&env, &["undo", &rm.to_string()]);
    let ids: Vec<Value> = env.list(&[]).iter().map(|c| c["id"].clone()).collect();
    assert_eq!(ids, vec![json!("r1"), json!("s1"), json!("x1")]);
}

#[test]
fn undo_of_config_set_and_of_contacts_edit() {
    let env = Env::new();
    env.ok(&[
        "contacts", "add", "c1", "--name", "Ann", "--email", "a@x.org",
    ]);
    let conf = batch(&env, &["config", "set", "sleep-time", "30m"]);
    let edit = batch(
        &env,
        &["contacts", "edit", "c1", "--name", "Bob", "--phone", "555"],
    );
    assert_eq!(env.contact("c1")["name"], "Bob");
    ok(&env, &["undo", &conf.to_string()]);
    assert_eq!(env.ok(&["config", "get", "sleep-time"]).trim(), "2h");
    ok(&env, &["undo", &edit.to_string()]);
    let c = env.contact("c1");
    assert_eq!(
        (&c["name"], &c["phone"], &c["email"]),
        (&json!("Ann"), &Value::Null, &json!("a@x.org"))
    );
}

#[test]
fn undo_of_contacts_add_removes_it() {
    let env = Env::new();
    let b = batch(&env, &["contacts", "add", "c1", "--name", "Ann"]);
    env.add(&["c2"]);
    ok(&env, &["undo", &b.to_string()]);
    let ids: Vec<Value> = env.list(&[]).iter().map(|c| c["id"].clone()).collect();
    assert_eq!(ids, vec![json!("c2")]);
}

#[test]
fn undo_of_an_import_puts_back_added_details_and_status() {
    let env = Env::new();
    env.ok(&["contacts", "add", "old", "--name", "Old", "--phone", "1"]);
    let before = env.contact("old");
    let csv = env.dir.path().join("in.csv");
    std::fs::write(
        &csv,
        "id,name,status\nold,Older,inactive\nnew1,N1,snoozed\nnew2,,\n",
    )
    .unwrap();
    let b = batch(&env, &["contacts", "import", csv.to_str().unwrap()]);
    assert_eq!(env.list(&[]).len(), 3);
    let u = batch(&env, &["undo", &b.to_string()]);
    let listed = env.list(&[]);
    assert_eq!(listed.len(), 1, "{listed:?}");
    // The new contacts were removed in the undo's batch with their records, so that
    // undoing the undo brings them back as they were.
    let removed = env.history(&["--batch", &u.to_string(), "--kind", "removed"]);
    let mut gone: Vec<&str> = removed
        .iter()
        .filter_map(|r| r["contact"].as_str())
        .collect();
    gone.sort();
    assert_eq!(gone, ["new1", "new2"], "{removed:?}");
    ok(&env, &["undo", &u.to_string()]);
    assert_eq!(env.list(&[]).len(), 3);
    let new1 = env.contact("new1");
    assert_eq!(
        (&new1["name"], &new1["status"]),
        (&json!("N1"), &json!("snoozed"))
    );
    assert_eq!(env.contact("old")["name"], "Older");
    // Back to before the import once more: undo the undo's undo.
    let last = env.history(&["--limit", "1"])[0]["batch"].to_string();
    ok(&env, &["undo", &last]);
    assert_eq!(env.list(&[]).len(), 1);
    let old = env.contact("old");
    for f in [
        "name",
        "phone",
        "status",
        "reason",
        "wake_at",
        "bot_messages",
    ] {
        assert_eq!(old[f], before[f], "field {f}");
    }
}

#[test]
fn undo_refuses_what_changed_since_unless_forced() {
    let env = Env::new();
    env.add(&["a", "b"]);
    let b = batch(&env, &["set", "inactive", "a", "b", "--yes"]);
    env.ok(&["wake", "b"]);
    let err = fails(&env, &["undo", &b.to_string()], 1);
    assert!(err.contains("`b`") && err.contains("--force"), "{err}");
    let r = ok(&env, &["undo", &b.to_string(), "--force"]);
    assert!(r.stderr.contains("skipped 1"), "{}", r.stderr);
    assert_eq!(env.contact("a")["status"], "active");
    assert_eq!(env.contact("b")["status"], "active");

    // A mode changed again since is refused the same way.
    let m = batch(&env, &["mode", "off"]);
    env.ok(&["mode", "suggestive"]);
    let err = fails(&env, &["undo", &m.to_string()], 1);
    assert!(err.contains("mode"), "{err}");
    // A setting too.
    let s = batch(&env, &["config", "set", "max-bot-messages", "3"]);
    env.ok(&["config", "set", "max-bot-messages", "4"]);
    fails(&env, &["undo", &s.to_string()], 1);
    ok(&env, &["undo", &s.to_string(), "--force"]);
    assert_eq!(env.ok(&["config", "get", "max-bot-messages"]).trim(), "4");
}

#[test]
fn undo_of_a_batch_whose_contact_was_removed_and_added_again_is_an_error() {
    let env = Env::new();
    env.add(&["c1"]);
    let b = batch(&env, &["set", "inactive", "c1"]);
    env.ok(&["contacts", "remove", "c1"]);
    env.ok(&["contacts", "add", "c1"]);
    let err = fails(&env, &["undo", &b.to_string()], 1);
    assert!(err.contains("c1") && err.contains("added again"), "{err}");
    // --force skips it, and so changes nothing at all.
    ok(&env, &["undo", &b.to_string(), "--force"]);
    assert_eq!(env.contact("c1")["status"], "active");
}

#[test]
fn undo_of_an_undo_redoes() {
    let env = Env::new();
    env.add(&["c1"]);
    let b = batch(&env, &["set", "inactive", "c1", "--for", "2h"]);
    let u = batch(&env, &["undo", &b.to_string()]);
    assert_eq!(env.contact("c1")["status"], "active");
    batch(&env, &["undo", &u.to_string()]);
    let c = env.contact("c1");
    assert_eq!(
        (&c["status"], &c["wake_at"]),
        (&json!("inactive"), &json!(LATER))
    );
}

#[test]
fn undo_that_restores_nothing_changes_nothing() {
    let env = Env::new();
    env.add(&["c1"]);
    env.ok(&["config", "set", "max-bot-messages", "3"]);
    env.ok(&["snooze", "c1", "--for", "1h"]);
    let at = "2026-11-21T10:30:00Z";
    let sweep = run(env.at(at), &["sweep"]);
    assert_eq!(sweep.code, Some(0));
    let b = batch_of(&sweep.stderr);
    for _ in 0..2 {
        run(env.at(at), &["record", "bot-message", "c1"]);
    }
    let u = run(env.at(at), &["undo", &b.to_string()]);
    assert_eq!(u.code, Some(0), "{}", u.stderr);
    let c: Value =
        serde_json::from_str(&run(env.at(at), &["status", "c1", "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(c["bot_messages"], 2, "{c}");
    assert_eq!(c["status"], "active");
    // No new batch was written.
    assert_eq!(all_history(&env, &[])[0]["batch"], json!(b));
}

#[test]
fn undo_that_makes_a_contact_active_again_puts_back_its_counters() {
    let env = Env::new();
    env.add(&["a", "b"]);
    for id in ["a", "b"] {
        for _ in 0..3 {
            env.ok(&["record", "bot-message", id]);
        }
    }
    let set = batch(&env, &["set", "inactive", "a", "b", "--yes"]);
    // A bot message counted on `b` after the batch stays.
    env.ok(&["record", "bot-message", "b", "--channel", "sms"]);
    ok(&env, &["undo", &set.to_string()]);
    let a = env.contact("a");
    assert_eq!(
        (
            &a["status"],
            &a["bot_messages"],
            &a["bot_messages_by_channel"]
        ),
        (&json!("active"), &json!(3), &json!({"default": 3})),
        "{a}"
    );
    let b = env.contact("b");
    assert_eq!(
        (
            &b["status"],
            &b["bot_messages"],
            &b["bot_messages_by_channel"]
        ),
        (
            &json!("active"),
            &json!(3),
            &json!({"default": 3, "sms": 1})
        ),
        "{b}"
    );
    // The undo's rows say so: from the counters the set left to the ones put back.
    let u = all_history(&env, &["--limit", "1"])[0]["batch"]
        .as_i64()
        .unwrap();
    let rows = rows_of(&env, u);
    assert_eq!(rows.len(), 2, "{rows:?}");
    // Undoing the undo puts the set back, counters and all.
    ok(&env, &["undo", &u.to_string()]);
    let a = env.contact("a");
    assert_eq!(
        (&a["status"], &a["bot_messages_by_channel"]),
        (&json!("inactive"), &json!({"default": 3}))
    );

    // A contact whose details and status an import changed is put back one by one: the
    // same rule.
    env.add(&["c"]);
    env.ok(&["record", "bot-message", "c", "--channel", "sms"]);
    let csv = env.dir.path().join("in.csv");
    std::fs::write(&csv, "id,name,status\nc,Cee,inactive\n").unwrap();
    let imp = batch(&env, &["contacts", "import", csv.to_str().unwrap()]);
    ok(&env, &["undo", &imp.to_string()]);
    let c = env.contact("c");
    assert_eq!(
        (&c["status"], &c["name"], &c["bot_messages_by_channel"]),
        (&json!("active"), &Value::Null, &json!({"sms": 1})),
        "{c}"
    );
}

#[test]
fn a_forced_undo_that_skips_everything_does_not_say_it_was_already_undone() {
    let env = Env::new();
    env.add(&["a"]);
    let s = batch(&env, &["config", "set", "sleep-time", "1h"]);
    env.ok(&["config", "set", "sleep-time", "3h"]);
    let r = ok(&env, &["undo", &s.to_string(), "--force"]);
    assert!(
        !r.stderr.contains("already as it was"),
        "sleep-time was 2h before the batch and is 3h now: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("nothing undone in batch")
            && r.stderr.contains("changed again since")
            && r.stderr.contains("`sleep-time` (now 3h)"),
        "{}",
        r.stderr
    );
    // --force skips it: nothing was put back, and no batch was written.
    assert_eq!(env.ok(&["config", "get", "sleep-time"]).trim(), "3h");
    assert!(!r.stderr.contains("batch 4"), "{}", r.stderr);

    // An import whose contacts were removed and added again since.
    let csv = env.dir.path().join("in.csv");
    std::fs::write(&csv, "id\nc1\nc2\n").unwrap();
    let imp = batch(&env, &["contacts", "import", csv.to_str().unwrap()]);
    env.ok(&["contacts", "remove", "c1", "c2", "--yes"]);
    env.ok(&["contacts", "add", "c1"]);
    env.ok(&["contacts", "add", "c2"]);
    let r = ok(&env, &["undo", &imp.to_string(), "--force"]);
    assert!(
        !r.stderr.contains("already as it was") && r.stderr.contains("changed again since"),
        "{}",
        r.stderr
    );
    assert_eq!(env.list(&[]).len(), 3);

    // Some skipped, the rest already as before: both are said.
    env.add(&["t1", "t2"]);
    env.ok(&["snooze", "t1", "t2", "--for", "1h", "--yes"]);
    let at = "2026-11-21T10:30:00Z";
    let sweep = run(env.at(at), &["sweep"]);
    assert_eq!(sweep.code, Some(0), "{}", sweep.stderr);
    let b = batch_of(&sweep.stderr);
    assert_eq!(run(env.at(at), &["set", "inactive", "t2"]).code, Some(0));
    let r = run(env.at(at), &["undo", &b.to_string(), "--force"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr.contains("skipped 1 changed since: `t2`")
            && r.stderr.contains("the rest is already as it was before it"),
        "{}",
        r.stderr
    );
}

#[test]
fn undo_is_blocked_only_by_a_later_change_of_the_same_thing() {
    let env = Env::new();
    // A details edit after a status change does not block undoing the status change.
    env.add(&["a"]);
    let set = batch(&env, &["set", "inactive", "a"]);
    env.ok(&["contacts", "edit", "a", "--name", "X"]);
    ok(&env, &["undo", &set.to_string()]);
    let a = env.contact("a");
    assert_eq!((&a["status"], &a["name"]), (&json!("active"), &json!("X")));

    // Nor the other way round.
    env.add(&["b"]);
    let edit = batch(&env, &["contacts", "edit", "b", "--name", "Y"]);
    env.ok(&["set", "inactive", "b"]);
    ok(&env, &["undo", &edit.to_string()]);
    let b = env.contact("b");
    assert_eq!(
        (&b["status"], &b["name"]),
        (&json!("inactive"), &Value::Null)
    );

    // A later status change blocks a status undo, and the message names its batch, not
    // the batch of a details edit after it.
    env.add(&["c"]);
    let set = batch(&env, &["set", "inactive", "c"]);
    let snooze = batch(&env, &["snooze", "c", "--for", "1h"]);
    env.ok(&["contacts", "edit", "c", "--name", "Z"]);
    let err = fails(&env, &["undo", &set.to_string()], 1);
    assert!(
        err.contains(&format!("`c` (now snoozed, batch {snooze})")),
        "{err}"
    );

    // A later details edit blocks a details undo, named as such, whatever the status did.
    env.add(&["d"]);
    let edit = batch(&env, &["contacts", "edit", "d", "--name", "D1"]);
    let edit2 = batch(&env, &["contacts", "edit", "d", "--name", "D2"]);
    env.ok(&["set", "inactive", "d"]);
    let err = fails(&env, &["undo", &edit.to_string()], 1);
    assert!(
        err.contains(&format!("`d` (details changed again, batch {edit2})")),
        "{err}"
    );
    ok(&env, &["undo", &edit.to_string(), "--force"]);
    assert_eq!(env.contact("d")["name"], "D2");

    // A contact the batch added or removed is blocked by any later change of it.
    let add = batch(&env, &["contacts", "add", "e"]);
    env.ok(&["contacts", "edit", "e", "--name", "E"]);
    let err = fails(&env, &["undo", &add.to_string()], 1);
    assert!(err.contains("`e` (details changed again, batch"), "{err}");
}

#[test]
fn undo_of_a_thousand_contact_set_is_one_batch() {
    let env = Env::new();
    let mut csv = String::from("id\n");
    let ids: Vec<String> = (0..1000).map(|i| format!("c{i:04}")).collect();
    for id in &ids {
        csv.push_str(id);
        csv.push('\n');
    }
    let path = env.dir.path().join("ids.csv");
    std::fs::write(&path, &csv).unwrap();
    env.ok(&["contacts", "import", path.to_str().unwrap()]);
    let stdin = ids.join("\n");
    let set = env
        .cmd()
        .args(["set", "inactive", "--stdin", "--yes"])
        .write_stdin(stdin)
        .output()
        .unwrap();
    assert!(set.status.success());
    let b = batch_of(&String::from_utf8_lossy(&set.stderr));
    let u = batch(&env, &["undo", &b.to_string()]);
    assert_eq!(u, b + 1);
    let rows = all_history(&env, &["--batch", &u.to_string(), "--limit", "5000"]);
    assert_eq!(rows.len(), 1000);
    assert!(rows.iter().all(|r| r["to"] == "active"));
    assert_eq!(env.list(&["--status", "inactive"]).len(), 0);
}

// ----- 3. notes -----

#[test]
fn notes_are_stored_on_the_batch_and_shown_in_history_and_status() {
    let env = Env::new();
    env.add(&["c1"]);
    let b = batch(
        &env,
        &[
            "set",
            "inactive",
            "c1",
            "--actor",
            "alice",
            "--note",
            "customer asked for a human",
        ],
    );
    let h = env.history(&["--batch", &b.to_string()]);
    assert_eq!(h[0]["note"], "customer asked for a human");
    let table = env.ok(&["history"]);
    assert!(table.contains("customer asked for a human"), "{table}");
    let status = env.ok(&["status", "c1"]);
    assert!(
        status.contains("09:00 by alice: customer asked for a human"),
        "{status}"
    );
    assert_eq!(env.contact("c1")["note"], "customer asked for a human");
    // The next change without a note clears it.
    env.ok(&["wake", "c1"]);
    assert_eq!(env.contact("c1")["note"], Value::Null);
    assert!(!env.ok(&["status", "c1"]).contains("human"));
}

#[test]
fn every_changing_command_takes_a_note() {
    let env = Env::new();
    let csv = env.dir.path().join("in.csv");
    std::fs::write(&csv, "id\ni1\n").unwrap();
    let cmds: Vec<Vec<&str>> = vec![
        vec!["contacts", "add", "c1"],
        vec!["contacts", "edit", "c1", "--name", "N"],
        vec!["contacts", "import", csv.to_str().unwrap()],
        vec!["set", "snoozed", "c1", "--for", "1h"],
        vec!["snooze", "c1", "--extend", "30m"],
        vec!["wake", "c1"],
        vec!["snooze", "c1"],
        vec!["mode", "suggestive"],
        vec!["config", "set", "sleep-time", "1h"],
        vec!["contacts", "remove", "i1"],
    ];
    let mut last = 0;
    for (i, cmd) in cmds.iter().enumerate() {
        let note = format!("note {i}");
        let mut args = cmd.clone();
        args.extend_from_slice(&["--note", &note]);
        last = batch(&env, &args);
        let rows = rows_of(&env, last);
        assert!(!rows.is_empty(), "{cmd:?}");
        assert!(
            rows.iter().all(|r| r["note"] == json!(note)),
            "{cmd:?}: {rows:?}"
        );
    }
    let u = batch(&env, &["undo", &last.to_string(), "--note", "oops"]);
    assert!(rows_of(&env, u).iter().all(|r| r["note"] == "oops"));
}

#[test]
fn a_bad_note_is_a_usage_error_that_changes_nothing() {
    let env = Env::new();
    env.add(&["c1"]);
    let long = "x".repeat(1001);
    for note in [long.as_str(), "two\nlines", "tab\there", "esc\u{1b}[31m"] {
        for cmd in [
            vec!["set", "inactive", "c1"],
            vec!["mode", "off"],
            vec!["contacts", "add", "c2"],
        ] {
            let mut args = cmd.clone();
            args.extend_from_slice(&["--note", note]);
            let err = fails(&env, &args, 2);
            assert!(err.contains("--note"), "{err}");
        }
    }
    // Exactly 1000 bytes is fine.
    ok(&env, &["set", "inactive", "c1", "--note", &"é".repeat(500)]);
}

#[test]
fn a_message_limit_row_carries_the_channel_in_its_note() {
    let env = Env::new();
    env.add(&["c1"]);
    env.ok(&["config", "set", "max-bot-messages", "2"]);
    env.ok(&["record", "bot-message", "c1", "--channel", "webchat"]);
    env.ok(&["record", "bot-message", "c1", "--channel", "webchat"]);
    let h = env.history(&["c1", "--reason", "message_limit"]);
    assert_eq!(h.len(), 1);
    assert!(
        h[0]["note"].as_str().unwrap().contains("webchat"),
        "{}",
        h[0]
    );
}

// ----- 4. history filters -----

#[test]
fn history_filters_combine() {
    let env = Env::new();
    env.add(&["c1", "c2"]);
    let b1 = batch(&env, &["set", "inactive", "c1", "--actor", "alice"]);
    env.ok(&["set", "snoozed", "c2", "--actor", "bob"]);
    env.ok(&["mode", "suggestive", "--actor", "alice"]);
    let b4 = batch(&env, &["wake", "c1", "--actor", "alice"]);
    env.ok(&["config", "set", "sleep-time", "1h", "--actor", "bob"]);

    let of = |rows: Vec<Value>| -> Vec<(i64, String)> {
        rows.iter()
            .map(|r| {
                (
                    r["batch"].as_i64().unwrap(),
                    r["kind"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert_eq!(
        of(all_history(&env, &["--batch", &b1.to_string()])),
        vec![(b1, "status".into())]
    );
    let alice = all_history(&env, &["--by", "alice"]);
    assert_eq!(alice.len(), 3);
    assert!(alice.iter().all(|r| r["actor"] == "alice"));
    assert_eq!(
        of(all_history(&env, &["--by", "alice", "--kind", "mode"])).len(),
        1
    );
    assert_eq!(
        all_history(&env, &["--kind", "setting"])[0]["setting"],
        "sleep-time"
    );
    assert_eq!(all_history(&env, &["--kind", "added"]).len(), 2);
    let manual = all_history(
        &env,
        &["--reason", "manual", "--by", "alice", "--limit", "1"],
    );
    assert_eq!(of(manual), vec![(b4, "status".into())]);
    // --since: a later clock sees only what it asks for.
    let later = run(
        env.at("2026-11-21T12:00:00Z"),
        &[
            "history", "--format", "json", "--since", "1h", "--by", "alice",
        ],
    );
    assert_eq!(later.stdout.trim(), "[]");
    let r = run(
        env.at("2026-11-21T12:00:00Z"),
        &[
            "history", "--format", "json", "--since", "4h", "--kind", "status", "--limit", "2",
        ],
    );
    let rows: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["batch"], json!(b4));

    let err = fails(&env, &["history", "--kind", "bogus"], 2);
    assert!(err.contains("bogus"), "{err}");
}

// ----- 5. channels -----

#[test]
fn bot_messages_count_per_channel_and_the_limit_applies_to_each() {
    let env = Env::new();
    env.add(&["c1"]);
    env.ok(&["config", "set", "max-bot-messages", "3"]);
    env.ok(&["record", "bot-message", "c1", "--channel", "webchat"]);
    for _ in 0..2 {
        env.ok(&["record", "bot-message", "c1", "--channel", "sms"]);
    }
    env.ok(&["record", "bot-message", "c1"]);
    let c = env.contact("c1");
    assert_eq!(c["status"], "active");
    assert_eq!(
        c["bot_messages_by_channel"],
        json!({"default": 1, "sms": 2, "webchat": 1})
    );
    assert_eq!(c["bot_messages"], 2);
    // Text output shows each channel's count.
    let text = env.ok(&["status", "c1"]);
    assert!(
        text.contains("sms 2") && text.contains("webchat 1") && text.contains("default 1"),
        "{text}"
    );
    // The third on sms reaches the limit there, while webchat is low.
    env.ok(&["record", "bot-message", "c1", "--channel", "sms"]);
    let c = env.contact("c1");
    assert_eq!(
        (&c["status"], &c["reason"]),
        (&json!("snoozed"), &json!("message_limit"))
    );
    assert_eq!(c["bot_messages"], 3);
    assert_eq!(c["bot_messages_by_channel"]["webchat"], 1);

    // Becoming active resets every channel.
    env.ok(&["wake", "c1"]);
    let c = env.contact("c1");
    assert_eq!(c["bot_messages_by_channel"], json!({}));
    assert_eq!(c["bot_messages"], 0);
}

#[test]
fn set_active_and_a_timer_reset_every_channel() {
    let env = Env::new();
    env.add(&["c1", "c2"]);
    for id in ["c1", "c2"] {
        env.ok(&["record", "bot-message", id, "--channel", "sms"]);
        env.ok(&["record", "bot-message", id, "--channel", "facebook"]);
    }
    env.ok(&["set", "inactive", "c1"]);
    env.ok(&["set", "active", "c1"]);
    assert_eq!(env.contact("c1")["bot_messages_by_channel"], json!({}));
    env.ok(&["snooze", "c2", "--for", "1h"]);
    assert_eq!(
        env.contact("c2")["bot_messages_by_channel"],
        json!({"sms": 1, "facebook": 1})
    );
    let c: Value =
        serde_json::from_str(&run(env.at(LATER), &["status", "c2", "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(c["bot_messages_by_channel"], json!({}));
    assert_eq!(c["bot_messages"], 0);
}

#[test]
fn a_bad_channel_is_an_error_and_an_event_id_counts_once() {
    let env = Env::new();
    env.add(&["c1"]);
    for bad in ["", "s m s", "sms!", "a/b", "x\u{1b}"] {
        let r = run(
            env.cmd(),
            &["record", "bot-message", "c1", "--channel", bad],
        );
        assert!(matches!(r.code, Some(1 | 2)), "{bad:?}: {:?}", r.code);
        assert!(r.stderr.starts_with("error:"), "{}", r.stderr);
    }
    assert_eq!(env.contact("c1")["bot_messages"], 0);
    env.ok(&[
        "record",
        "bot-message",
        "c1",
        "--channel",
        "web-chat_2",
        "--event-id",
        "e1",
    ]);
    env.ok(&[
        "record",
        "bot-message",
        "c1",
        "--channel",
        "web-chat_2",
        "--event-id",
        "e1",
    ]);
    assert_eq!(
        env.contact("c1")["bot_messages_by_channel"],
        json!({"web-chat_2": 1})
    );
}

// ----- 6. snooze --extend, contacts edit -----

#[test]
fn snooze_extend_pushes_timers_later() {
    let env = Env::new();
    env.add(&["a", "b", "none"]);
    env.ok(&["snooze", "a", "--for", "1h"]);
    env.ok(&["set", "inactive", "b", "--for", "2h"]);
    let b = batch(&env, &["snooze", "a", "b", "--extend", "30m", "--yes"]);
    assert_eq!(env.contact("a")["wake_at"], "2026-11-21T10:30:00Z");
    assert_eq!(env.contact("b")["wake_at"], "2026-11-21T11:30:00Z");
    assert_eq!(env.contact("b")["status"], "inactive");
    assert_eq!(rows_of(&env, b).len(), 2);
    ok(&env, &["undo", &b.to_string()]);
    assert_eq!(env.contact("a")["wake_at"], "2026-11-21T10:00:00Z");

    env.ok(&["set", "inactive", "none"]);
    let err = fails(
        &env,
        &["snooze", "a", "none", "--extend", "30m", "--yes"],
        1,
    );
    assert!(err.contains("none"), "{err}");
    fails(&env, &["snooze", "a", "--extend", "soon"], 1);
}

#[test]
fn contacts_edit_of_an_unknown_contact_is_an_error() {
    let env = Env::new();
    env.add(&["c1"]);
    let err = fails(&env, &["contacts", "edit", "nobody", "--name", "X"], 1);
    assert!(err.contains("nobody"), "{err}");
    // Editing to the same values changes nothing and writes no batch.
    env.ok(&["contacts", "edit", "c1", "--name", "X"]);
    let n = all_history(&env, &[]).len();
    env.ok(&["contacts", "edit", "c1", "--name", "X"]);
    assert_eq!(all_history(&env, &[]).len(), n);
}

// ----- 7. sweep --format -----

#[test]
fn sweep_prints_the_contacts_it_woke() {
    let mk = || {
        let env = Env::new();
        env.add(&["a", "b", "c"]);
        env.ok(&["snooze", "a", "--for", "1h"]);
        env.ok(&["set", "inactive", "b", "--for", "90m"]);
        env.ok(&["snooze", "c", "--for", "3h"]);
        env
    };
    let env = mk();
    let dry = run(env.at(LATER), &["sweep", "--dry-run", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&dry.stdout).unwrap();
    assert_eq!(rows.len(), 2, "{}", dry.stdout);
    let wakes: Vec<&Value> = rows.iter().map(|r| &r["wake_at"]).collect();
    assert!(
        wakes.contains(&&json!("2026-11-21T10:00:00Z"))
            && wakes.contains(&&json!("2026-11-21T10:30:00Z")),
        "{}",
        dry.stdout
    );

    let r = run(env.at(LATER), &["sweep", "--format", "ids"]);
    assert_eq!(r.code, Some(0));
    let mut ids: Vec<&str> = r.stdout.lines().collect();
    ids.sort();
    assert_eq!(ids, vec!["a", "b"]);
    // Nothing more to wake: empty output.
    let again = run(env.at(LATER), &["sweep", "--format", "ids"]);
    assert_eq!(again.stdout, "");

    let env = mk();
    let r = run(env.at(LATER), &["sweep", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        for f in CONTACT_FIELDS {
            assert!(row.get(f).is_some(), "{f} in {row}");
        }
        assert_eq!(row["status"], "active");
        assert_eq!(row["reason"], "timer");
    }

    let env = mk();
    let r = run(env.at(LATER), &["sweep", "--format", "ndjson"]);
    assert_eq!(r.stdout.lines().count(), 2);
    for line in r.stdout.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["status"], "active");
    }

    let env = mk();
    let r = run(env.at(LATER), &["sweep", "--format", "csv"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    assert!(lines[0].starts_with("id,"));
}

// ----- 8. migration from botctl 0.1 -----

/// Schema v1, as botctl 0.1 created it.
const V1_SCHEMA: &str = r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE contacts (
        id           TEXT PRIMARY KEY NOT NULL,
        name         TEXT,
        phone        TEXT,
        email        TEXT,
        status       TEXT NOT NULL CHECK (status IN ('active', 'snoozed', 'inactive')),
        reason       TEXT NOT NULL,
        wake_at      INTEGER,
        changed_at   INTEGER NOT NULL,
        changed_by   TEXT NOT NULL,
        bot_messages INTEGER NOT NULL DEFAULT 0,
        created_at   INTEGER NOT NULL,
        created_batch INTEGER,
        CHECK (status <> 'active' OR wake_at IS NULL)
    ) WITHOUT ROWID;
    CREATE INDEX contacts_wake_at ON contacts (wake_at) WHERE wake_at IS NOT NULL;
    CREATE INDEX contacts_status ON contacts (status);

    CREATE TABLE batches (
        id      INTEGER PRIMARY KEY,
        at      INTEGER NOT NULL,
        command TEXT NOT NULL,
        actor   TEXT NOT NULL,
        os_user TEXT NOT NULL
    );

    CREATE TABLE history (
        seq               INTEGER PRIMARY KEY,
        batch             INTEGER NOT NULL REFERENCES batches (id),
        at                INTEGER NOT NULL,
        contact           TEXT NOT NULL,
        from_status       TEXT,
        from_reason       TEXT,
        from_wake_at      INTEGER,
        from_bot_messages INTEGER,
        to_status         TEXT NOT NULL,
        reason            TEXT NOT NULL,
        wake_at           INTEGER,
        to_bot_messages   INTEGER NOT NULL,
        actor             TEXT NOT NULL,
        os_user           TEXT NOT NULL
    );
    CREATE INDEX history_contact ON history (contact, seq);
    CREATE INDEX history_batch ON history (batch);
    CREATE INDEX history_at ON history (at, seq);
"#;

/// 2026-11-21T08:00:00Z, 07:00, 06:00 as botctl 0.1 stored times (Unix seconds).
const T8: i64 = 1_795_248_000;
const T7: i64 = T8 - 3600;
const T6: i64 = T8 - 7200;

/// A database as botctl 0.1 left it after:
/// batch 1 `contacts import` (06:00, alice): a1 created inactive, a2 created active
///   without a row, both with details;
/// batch 2 `mode suggestive` (06:00): no row (0.1 kept none for the mode);
/// batch 3 `set snoozed` (07:00, bob): a2 active → snoozed until 10:00;
/// then 2 bot messages counted on a2 and 4 on a3, added by `contacts add` (no row).
fn v1_database(path: &std::path::Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let db = rusqlite::Connection::open(path).unwrap();
    db.execute_batch(V1_SCHEMA).unwrap();
    db.execute_batch(&format!(
        "PRAGMA user_version = 1;
         INSERT INTO settings VALUES ('mode', 'suggestive'), ('max-bot-messages', '10'),
                                     ('sleep-time', '30m');
         INSERT INTO batches VALUES (1, {T6}, 'contacts import', 'alice', 'root'),
                                    (2, {T6}, 'mode suggestive', 'alice', 'root'),
                                    (3, {T7}, 'set snoozed', 'bob', 'root'),
                                    (4, {T7}, 'contacts add', 'bob', 'root');
         INSERT INTO contacts VALUES
           ('a1', 'Ann', '+1 555 0100', 'ann@x.org', 'inactive', 'manual', NULL, {T6}, 'alice', 0, {T6}, 1),
           ('a2', 'Bo', NULL, NULL, 'snoozed', 'manual', {T8} + 7200, {T7}, 'bob', 2, {T6}, 1),
           ('a3', NULL, NULL, NULL, 'active', 'manual', NULL, {T7}, 'bob', 4, {T7}, 4);
         INSERT INTO history VALUES
           (1, 1, {T6}, 'a1', NULL, NULL, NULL, NULL, 'inactive', 'manual', NULL, 0, 'alice', 'root'),
           (2, 3, {T7}, 'a2', 'active', 'manual', NULL, 0, 'snoozed', 'manual', {T8} + 7200, 0, 'bob', 'root');"
    ))
    .unwrap();
}

/// A 0.1 database its reader cannot write: refused with what to do (nothing written).
#[test]
fn a_read_only_database_of_botctl_0_1_says_how_to_read_it() {
    sqlite_only!("builds a SQLite file as botctl 0.1 wrote it");
    use std::os::unix::fs::PermissionsExt;
    if !nix::unistd::geteuid().is_root() {
        eprintln!("skipped: needs root to run botctl as another user");
        return;
    }
    let env = Env::bare();
    v1_database(&env.db);
    let folder = env.db.parent().unwrap();
    for dir in [env.dir.path(), folder] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let nobody = nix::unistd::Uid::from_raw(65534);
    nix::unistd::chown(&env.db, Some(nobody), None).unwrap();
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o400)).unwrap();
    let before = std::fs::read(&env.db).unwrap();
    let inner = env.std_cmd();
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(inner.get_program())
        .args(["list"])
        .envs(inner.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .env("HOME", "/tmp")
        .output();
    let Ok(out) = out else {
        eprintln!("skipped: no setpriv");
        return;
    };
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("written by an older botctl") && err.contains("read a copy"),
        "{err}"
    );
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
}

#[test]
fn a_database_written_by_botctl_0_1_migrates_without_loss() {
    sqlite_only!("builds a SQLite file as botctl 0.1 wrote it");
    let env = Env::bare();
    v1_database(&env.db);

    let contacts = env.list(&[]);
    assert_eq!(contacts.len(), 3);
    let by_id = |id: &str| contacts.iter().find(|c| c["id"] == id).unwrap().clone();
    let a1 = by_id("a1");
    assert_eq!(
        (
            &a1["name"],
            &a1["phone"],
            &a1["email"],
            &a1["status"],
            &a1["changed_by"]
        ),
        (
            &json!("Ann"),
            &json!("+1 555 0100"),
            &json!("ann@x.org"),
            &json!("inactive"),
            &json!("alice")
        )
    );
    let a2 = by_id("a2");
    assert_eq!(a2["status"], "snoozed");
    assert_eq!(a2["wake_at"], "2026-11-21T10:00:00Z");
    assert_eq!(a2["bot_messages"], 2);
    assert_eq!(a2["bot_messages_by_channel"], json!({"default": 2}));
    assert_eq!(
        by_id("a3")["bot_messages_by_channel"],
        json!({"default": 4})
    );
    assert_eq!(env.ok(&["mode"]).trim(), "suggestive");
    assert_eq!(env.ok(&["config", "get", "max-bot-messages"]).trim(), "10");
    assert_eq!(env.ok(&["config", "get", "sleep-time"]).trim(), "30m");

    let h = all_history(&env, &[]);
    assert_eq!(h.len(), 2, "{h:?}");
    assert_eq!(
        (
            &h[0]["kind"],
            &h[0]["batch"],
            &h[0]["from"],
            &h[0]["to"],
            &h[0]["actor"]
        ),
        (
            &json!("status"),
            &json!(3),
            &json!("active"),
            &json!("snoozed"),
            &json!("bob")
        )
    );
    assert_eq!(h[0]["at"], "2026-11-21T07:00:00Z");
    assert_eq!(h[0]["wake_at"], "2026-11-21T10:00:00Z");
    assert_eq!(
        (&h[1]["kind"], &h[1]["batch"], &h[1]["to"]),
        (&json!("added"), &json!(1), &json!("inactive"))
    );
    assert_eq!(h[1]["note"], Value::Null);

    // More bot messages on the default channel add to the old count.
    env.ok(&["record", "bot-message", "a3"]);
    assert_eq!(
        env.contact("a3")["bot_messages_by_channel"],
        json!({"default": 5})
    );

    // Undo of a 0.1 batch still works: batch 3 put a2 to sleep.
    ok(&env, &["undo", "3"]);
    let a2 = env.contact("a2");
    assert_eq!(
        (&a2["status"], &a2["wake_at"]),
        (&json!("active"), &Value::Null)
    );
    // And a new batch continues the numbering.
    let b = batch(&env, &["set", "inactive", "a2"]);
    assert_eq!(b, 6);
    // Undo of the 0.1 import removes the contact it created.
    ok(&env, &["undo", "1", "--force"]);
    assert!(env.list(&[]).iter().all(|c| c["id"] != "a1"));
}
