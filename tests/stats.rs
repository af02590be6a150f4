//! End-to-end tests of `botctl stats`: the whole text on a fixed clock, the JSON fields,
//! and the chart's glyphs on a terminal.

mod common;

use common::*;
use serde_json::{Value, json};

/// Runs `botctl ARGS` at `now` as `actor`, asserting success.
fn at(env: &Env, now: &str, actor: &str, args: &[&str]) {
    let out = env
        .at(now)
        .env("BOTCTL_ACTOR", actor)
        .args(args)
        .output()
        .expect("run botctl");
    assert!(
        out.status.success(),
        "botctl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A workspace with a known history, seen at NOW (Saturday 2026-11-21 09:00 UTC):
///
/// | contact | history | at NOW |
/// |---|---|---|
/// | a1 | dave snoozes it on 11-01 (too old to count), alice sets it inactive on 11-10 | inactive, manual |
/// | a2 | bob snoozes it for 2h on 11-19 12:00; a sweep writes down its wake at 14:00 | active, timer |
/// | a3 | alice snoozes it on 11-20 until 11-21 09:30 | snoozed, wakes in the next hour |
/// | a4 | alice sets it inactive until 15:10 today | inactive, wakes today |
/// | a5 | an agent message recorded by `hook` at NOW: snoozed 2h | snoozed (agent_message) until 11:00 |
/// | a6 | carol snoozes it for 3 days | snoozed, wakes this week |
/// | a7 | bob snoozes it for 1h at 07:00; nobody swept | overdue: active, timer; its wake counts on 11-21 |
/// | a8 | never changed | active, manual |
fn workspace() -> Env {
    let env = Env::new();
    let early = "2026-11-01T10:00:00Z";
    for id in ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"] {
        at(&env, early, "admin", &["contacts", "add", id]);
    }
    at(&env, early, "dave", &["set", "snoozed", "a1"]);
    at(
        &env,
        "2026-11-10T10:00:00Z",
        "alice",
        &["set", "inactive", "a1"],
    );
    at(
        &env,
        "2026-11-19T12:00:00Z",
        "bob",
        &["snooze", "a2", "--for", "2h"],
    );
    at(&env, "2026-11-20T00:00:00Z", "cron", &["sweep"]);
    at(
        &env,
        "2026-11-20T08:00:00Z",
        "alice",
        &["snooze", "a3", "--until", "2026-11-21 09:30"],
    );
    at(
        &env,
        "2026-11-21T07:00:00Z",
        "bob",
        &["snooze", "a7", "--for", "1h"],
    );
    at(
        &env,
        NOW,
        "alice",
        &["set", "inactive", "a4", "--until", "15:10"],
    );
    at(&env, NOW, "hook", &["record", "agent-message", "a5"]);
    at(&env, NOW, "carol", &["snooze", "a6", "--for", "3days"]);
    env
}

const EXPECTED: &str = "\
Workspace at 2026-11-21 09:00 (bot mode autopilot)

Contacts   8
  active   3  manual 1, timer 2
  snoozed  3  manual 2, agent_message 1
  inactive 2  manual 2

Wakes due  next hour 1, next day 3, next week 4
  1 timer ran out already (its contact is active); `botctl sweep` writes it down

Wakes by hour, next 24 h
  09:00  1  ########################################
  10:00  1  ########################################
  11:00  0
  12:00  0
  13:00  0
  14:00  0
  15:00  1  ########################################
  16:00  0
  17:00  0
  18:00  0
  19:00  0
  20:00  0
  21:00  0
  22:00  0
  23:00  0
  00:00  0
  01:00  0
  02:00  0
  03:00  0
  04:00  0
  05:00  0
  06:00  0
  07:00  0
  08:00  0

Changes per day, last 14 days
  2026-11-08 Sun  0
  2026-11-09 Mon  0
  2026-11-10 Tue  1  status 1 (manual 1)
  2026-11-11 Wed  0
  2026-11-12 Thu  0
  2026-11-13 Fri  0
  2026-11-14 Sat  0
  2026-11-15 Sun  0
  2026-11-16 Mon  0
  2026-11-17 Tue  0
  2026-11-18 Wed  0
  2026-11-19 Thu  2  status 2 (manual 1, timer 1)
  2026-11-20 Fri  1  status 1 (manual 1)
  2026-11-21 Sat  5  status 5 (agent_message 1, manual 3, timer 1)

Most active, last 14 days
  alice  3 changes, the latest 09:00
  bob    2 changes, the latest 07:00
  carol  1 change, the latest 09:00
  hook   1 change, the latest 09:00
";

#[test]
fn stats_on_a_fixed_clock_compared_whole() {
    let env = workspace();
    let out = env.cmd().arg("stats").output().expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(text, EXPECTED, "\n{text}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn stats_json_has_typed_snake_case_fields() {
    let env = workspace();
    let s: Value =
        serde_json::from_str(&env.ok(&["stats", "--format", "json"])).expect("one json object");
    assert_eq!(s["at"], "2026-11-21T09:00:00Z");
    assert_eq!(s["mode"], "autopilot");
    assert_eq!(s["contacts"], 8);
    assert_eq!(
        s["by_status"],
        json!({"active": 3, "snoozed": 3, "inactive": 2})
    );
    assert_eq!(
        s["by_status_and_reason"],
        json!([
            {"status": "active", "reason": "manual", "count": 1},
            {"status": "active", "reason": "timer", "count": 2},
            {"status": "snoozed", "reason": "manual", "count": 2},
            {"status": "snoozed", "reason": "agent_message", "count": 1},
            {"status": "inactive", "reason": "manual", "count": 2},
        ])
    );
    assert_eq!(
        s["wakes"],
        json!({"overdue": 1, "next_hour": 1, "next_day": 3, "next_week": 4})
    );
    let hours = s["wakes_by_hour"].as_array().expect("array");
    assert_eq!(hours.len(), 24);
    assert_eq!(
        hours[0],
        json!({"from": "2026-11-21T09:00:00Z", "to": "2026-11-21T10:00:00Z", "count": 1})
    );
    let counts: Vec<u64> = hours.iter().map(|h| h["count"].as_u64().unwrap()).collect();
    let mut want = vec![0; 24];
    (want[0], want[1], want[6]) = (1, 1, 1);
    assert_eq!(counts, want);
    let days = s["changes_by_day"].as_array().expect("array");
    assert_eq!(days.len(), 14);
    assert_eq!(
        days[0],
        json!({"day": "2026-11-08", "from": "2026-11-08T00:00:00Z", "total": 0,
               "by_kind": {}, "by_reason": {}})
    );
    assert_eq!(
        days[13],
        json!({"day": "2026-11-21", "from": "2026-11-21T00:00:00Z", "total": 5,
               "by_kind": {"status": 5}, "by_reason": {"agent_message": 1, "manual": 3, "timer": 1}})
    );
    assert_eq!(days[11]["by_reason"], json!({"manual": 1, "timer": 1}));
    assert_eq!(
        s["actors"],
        json!([
            {"actor": "alice", "changes": 3, "last_change_at": "2026-11-21T09:00:00Z"},
            {"actor": "bob", "changes": 2, "last_change_at": "2026-11-21T07:00:00Z"},
            {"actor": "carol", "changes": 1, "last_change_at": "2026-11-21T09:00:00Z"},
            {"actor": "hook", "changes": 1, "last_change_at": "2026-11-21T09:00:00Z"},
        ])
    );
}

#[test]
fn stats_days_follow_the_local_time_zone() {
    // In Los Angeles NOW is 01:00 on Saturday: bob's change at 2026-11-21T07:00Z
    // (23:00) falls on Friday beside alice's at 2026-11-20T08:00Z (00:00).
    let env = workspace();
    let out = env
        .cmd()
        .env("TZ", "America/Los_Angeles")
        .args(["stats", "--format", "json"])
        .output()
        .expect("run");
    let s: Value = serde_json::from_slice(&out.stdout).expect("json");
    let days = s["changes_by_day"].as_array().expect("array");
    assert_eq!(days[13]["day"], "2026-11-21");
    assert_eq!(days[13]["from"], "2026-11-21T08:00:00Z");
    // Three changes, and a7's wake at 08:00Z (00:00), not swept but counted.
    assert_eq!(days[13]["total"], 4, "{}", days[13]);
    assert_eq!(days[12]["day"], "2026-11-20");
    assert_eq!(days[12]["total"], 2, "{}", days[12]);
    // The chart is labelled in local time too.
    let text = env
        .cmd()
        .env("TZ", "America/Los_Angeles")
        .arg("stats")
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.starts_with("Workspace at 2026-11-21 01:00 "), "{text}");
    assert!(text.contains("\n  01:00  1  #"), "{text}");
}

#[test]
fn stats_on_an_empty_workspace() {
    let env = Env::new();
    env.ok(&["contacts", "add", "only"]);
    let text = env.ok(&["stats"]);
    assert!(
        text.contains("Contacts   1\n  active   1  manual 1\n"),
        "{text}"
    );
    assert!(
        text.contains("Wakes due  next hour 0, next day 0, next week 0\n\n"),
        "{text}"
    );
    assert!(text.contains("  09:00  0\n"), "{text}");
    // Adding the contact is the one change of the day (reasons are counted for status
    // changes only).
    assert!(text.contains("  2026-11-21 Sat  1  added 1\n"), "{text}");
    assert!(
        text.ends_with("Most active, last 14 days\n  tester  1 change, the latest 09:00\n"),
        "{text}"
    );
    // Only `table` (alias `text`) and `json`.
    env.cmd()
        .args(["stats", "--format", "text"])
        .assert()
        .success();
    env.cmd()
        .args(["stats", "--format", "csv"])
        .assert()
        .code(2);
}

#[test]
fn stats_escapes_actor_names_from_the_database() {
    sqlite_only!("writes the SQLite file directly");
    let env = Env::new();
    env.ok(&["contacts", "add", "c1"]);
    env.ok(&["snooze", "c1", "--for", "1h"]);
    // An actor name as an older botctl or another program may have stored it.
    let conn = rusqlite::Connection::open(&env.db).expect("open the database");
    conn.execute(
        "UPDATE history SET actor = 'evil' || char(27) || '[31m' || char(8238)",
        [],
    )
    .expect("update");
    drop(conn);
    let text = env.ok(&["stats"]);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    assert!(
        text.contains("  evil\\u{1b}[31m\\u{202e}  2 changes, the latest 09:00\n"),
        "{text}"
    );
}

/// `botctl stats` on a pseudo-terminal with `TERM` and `LANG`; returns what it showed.
fn on_terminal(env: &Env, term: &str, lang: &str) -> String {
    use rexpect::session::{Options, spawn_with_options};
    let mut c = env.std_cmd();
    c.arg("stats").env("TERM", term).env("LANG", lang);
    let options = Options::new()
        .timeout_ms(Some(10_000))
        .strip_ansi_escape_codes(true);
    let mut p = spawn_with_options(c, options).expect("spawn botctl in a pty");
    let seen = p.exp_eof().expect("botctl ends");
    // rexpect hands each byte over as one char: put the UTF-8 back together.
    let bytes: Vec<u8> = seen
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a byte"))
        .collect();
    String::from_utf8(bytes).expect("utf-8 from the terminal")
}

#[test]
fn stats_chart_uses_blocks_on_a_utf8_terminal_and_ascii_otherwise() {
    let env = workspace();
    let utf8 = on_terminal(&env, "xterm-256color", "C.UTF-8");
    assert!(
        utf8.contains(&format!("09:00  1  {}", "█".repeat(40))),
        "{utf8}"
    );
    assert!(!utf8.contains('#'), "{utf8}");
    for (term, lang) in [("dumb", "C.UTF-8"), ("xterm", "C"), ("xterm", "")] {
        let ascii = on_terminal(&env, term, lang);
        assert!(
            ascii.contains(&format!("09:00  1  {}", "#".repeat(40))),
            "TERM={term} LANG={lang}: {ascii}"
        );
        assert!(!ascii.contains('█'), "TERM={term} LANG={lang}: {ascii}");
        // Nothing else outside ASCII either (the separators included).
        assert!(ascii.is_ascii(), "TERM={term} LANG={lang}: {ascii}");
    }
}

#[test]
fn stats_counts_the_same_before_and_after_a_sweep() {
    // Timer wakes count per day whether or not `sweep` wrote them down, and reasons are
    // counted for status changes only.
    let env = workspace();
    let before = env.ok(&["stats", "--format", "json"]);
    at(&env, NOW, "cron", &["sweep"]);
    let after = env.ok(&["stats", "--format", "json"]);
    let days = |s: &str| serde_json::from_str::<Value>(s).expect("json")["changes_by_day"].clone();
    assert_eq!(days(&before), days(&after));
    let text = env.ok(&["stats"]);
    assert!(
        text.contains("  2026-11-21 Sat  5  status 5 (agent_message 1, manual 3, timer 1)\n"),
        "{text}"
    );
}
