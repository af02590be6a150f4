//! End-to-end tests of the rules of SPEC.md: settings, `record`, the bot message
//! counter, history, `status` in words, batches and `undo`, `contacts import`, and
//! local times around daylight-saving changes. Each test runs the real binary against
//! its own temporary database with a fixed clock.

mod common;

use assert_cmd::Command;
use common::*;
use predicates::prelude::*;
use serde_json::Value;

const TWO_H_LATER: &str = "2026-11-21T11:00:00Z";
const NEW_YORK: &str = "America/New_York";

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

/// Runs, asserts success, returns the run (stdout and stderr).
fn run_ok(cmd: Command, args: &[&str]) -> Run {
    let r = run(cmd, args);
    assert_eq!(r.code, Some(0), "botctl {args:?} failed:\n{}", r.stderr);
    r
}

/// Runs, asserts exit 1 with an `error:` message, returns stderr.
fn run_fails(cmd: Command, args: &[&str]) -> String {
    let r = run(cmd, args);
    assert_eq!(
        r.code,
        Some(1),
        "botctl {args:?}: expected exit 1\nstdout: {}\nstderr: {}",
        r.stdout,
        r.stderr
    );
    assert!(
        r.stderr.starts_with("error:"),
        "botctl {args:?}: {}",
        r.stderr
    );
    r.stderr
}

/// The batch id a changing command reported: `(batch N; undo: botctl undo N)`.
fn batch_of(stderr: &str) -> i64 {
    let start = stderr
        .find("(batch ")
        .unwrap_or_else(|| panic!("no batch note in: {stderr}"))
        + "(batch ".len();
    let digits: String = stderr[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let n: i64 = digits
        .parse()
        .unwrap_or_else(|_| panic!("no batch id in: {stderr}"));
    assert!(
        stderr.contains(&format!("(batch {n}; undo: botctl undo {n})")),
        "batch note not in the form `(batch {n}; undo: botctl undo {n})`: {stderr}"
    );
    n
}

fn env_with(ids: &[&str]) -> Env {
    let env = Env::new();
    env.add(ids);
    env
}

/// A contact's (status, reason, wake_at, bot_messages), from `status --format json`.
fn state(env: &Env, id: &str) -> (String, String, Value, u64) {
    state_of(&env.contact(id))
}

fn state_at(env: &Env, now: &str, id: &str) -> (String, String, Value, u64) {
    let out = run_ok(env.at(now), &["status", id, "--format", "json"]);
    state_of(&serde_json::from_str(&out.stdout).expect("json object"))
}

fn state_of(c: &Value) -> (String, String, Value, u64) {
    (
        c["status"].as_str().expect("status").to_string(),
        c["reason"].as_str().expect("reason").to_string(),
        c["wake_at"].clone(),
        c["bot_messages"].as_u64().expect("bot_messages"),
    )
}

fn st(
    status: &str,
    reason: &str,
    wake_at: Option<&str>,
    bot_messages: u64,
) -> (String, String, Value, u64) {
    (
        status.to_string(),
        reason.to_string(),
        wake_at.map_or(Value::Null, |t| Value::String(t.to_string())),
        bot_messages,
    )
}

fn set_config(env: &Env, key: &str, value: &str) {
    env.ok(&["config", "set", key, value]);
}

/// Limit 3, three bot messages: the contact is snoozed by the limit. Returns the batch
/// of the snooze.
fn reach_limit(env: &Env, id: &str) -> i64 {
    set_config(env, "max-bot-messages", "3");
    env.ok(&["record", "bot-message", id]);
    env.ok(&["record", "bot-message", id]);
    let r = run_ok(env.cmd(), &["record", "bot-message", id]);
    assert_eq!(state(env, id), st("snoozed", "message_limit", None, 3));
    batch_of(&r.stderr)
}

const EVENTS: [(&str, &str); 2] = [
    ("agent-message", "agent_message"),
    ("workflow-message", "workflow_message"),
];

// ----- config -----

#[test]
fn config_lists_the_settings_with_defaults() {
    let env = Env::new();
    env.ok(&["mode", "autopilot"]);
    let out = env.ok(&["config"]);
    let rows: Vec<Vec<&str>> = out
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows,
        vec![
            vec!["max-bot-messages", "25"],
            vec!["sleep-time", "2h"],
            vec!["sleep-on-agent-message", "on"],
            vec!["sleep-on-workflow-message", "on"],
            vec!["day-start", "09:00"],
        ],
        "{out}"
    );
    for (key, default) in [
        ("max-bot-messages", "25"),
        ("sleep-time", "2h"),
        ("sleep-on-agent-message", "on"),
        ("sleep-on-workflow-message", "on"),
        ("day-start", "09:00"),
    ] {
        env.cmd()
            .args(["config", "get", key])
            .assert()
            .success()
            .stdout(format!("{default}\n"));
    }
}

#[test]
fn config_set_then_get_round_trips() {
    let env = Env::new();
    for (key, value) in [
        ("max-bot-messages", "3"),
        ("max-bot-messages", "1"),
        ("max-bot-messages", "10000"),
        ("max-bot-messages", "none"),
        ("sleep-time", "45m"),
        ("sleep-time", "none"),
        ("sleep-time", "3h"),
        ("sleep-on-agent-message", "off"),
        ("sleep-on-workflow-message", "off"),
        ("sleep-on-workflow-message", "on"),
        ("day-start", "07:45"),
    ] {
        env.cmd()
            .args(["config", "set", key, value])
            .assert()
            .success();
        env.cmd()
            .args(["config", "get", key])
            .assert()
            .success()
            .stdout(format!("{value}\n"));
    }
    let out = env.ok(&["config"]);
    let rows: Vec<Vec<&str>> = out
        .lines()
        .map(|l| l.split_whitespace().take(2).collect())
        .collect();
    assert_eq!(
        rows,
        vec![
            vec!["max-bot-messages", "none"],
            vec!["sleep-time", "3h"],
            vec!["sleep-on-agent-message", "off"],
            vec!["sleep-on-workflow-message", "on"],
            vec!["day-start", "07:45"],
        ],
        "{out}"
    );
}

#[test]
fn config_unknown_key_lists_the_valid_keys() {
    let env = Env::new();
    env.ok(&["mode", "autopilot"]);
    let before = env.ok(&["config"]);
    for args in [
        &["config", "get", "max-messages"][..],
        &["config", "set", "max-messages", "3"][..],
    ] {
        // A usage error: exit 2.
        let r = run(env.cmd(), args);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        let err = r.stderr;
        for key in [
            "max-bot-messages",
            "sleep-time",
            "sleep-on-agent-message",
            "sleep-on-workflow-message",
        ] {
            assert!(err.contains(key), "{args:?}: {err}");
        }
    }
    assert_eq!(env.ok(&["config"]), before);
}

#[test]
fn config_out_of_range_values_are_refused_and_change_nothing() {
    let env = Env::new();
    set_config(&env, "max-bot-messages", "7");
    set_config(&env, "sleep-time", "45m");
    let before = env.ok(&["config"]);
    for (key, bad) in [
        ("max-bot-messages", "0"),
        ("max-bot-messages", "10001"),
        ("max-bot-messages", "ten"),
        ("sleep-time", "soon"),
        ("sleep-on-agent-message", "maybe"),
        ("sleep-on-workflow-message", "maybe"),
    ] {
        let err = run_fails(env.cmd(), &["config", "set", key, bad]);
        assert!(err.contains(key), "{key} {bad}: {err}");
        assert_eq!(
            env.ok(&["config"]),
            before,
            "{key} {bad} changed the settings"
        );
    }
    assert_eq!(env.ok(&["config", "get", "max-bot-messages"]), "7\n");
}

// ----- record agent-message / workflow-message -----

#[test]
fn pausing_event_snoozes_an_active_contact_for_sleep_time() {
    for (event, reason) in EVENTS {
        let env = env_with(&["c1"]);
        env.ok(&["record", event, "c1"]);
        assert_eq!(
            state(&env, "c1"),
            st("snoozed", reason, Some(TWO_H_LATER), 0),
            "{event}"
        );
        let h = env.history(&[]);
        assert_eq!(h.len(), 1, "{event}: {h:?}");
        assert_eq!(h[0]["from"], "active");
        assert_eq!(h[0]["to"], "snoozed");
        assert_eq!(h[0]["reason"], reason);
        assert_eq!(h[0]["wake_at"], TWO_H_LATER);
        assert_eq!(h[0]["at"], NOW);
    }
}

#[test]
fn pausing_event_uses_the_configured_sleep_time() {
    for (event, reason) in EVENTS {
        let env = env_with(&["c1", "c2"]);
        set_config(&env, "sleep-time", "45m");
        env.ok(&["record", event, "c1"]);
        assert_eq!(
            state(&env, "c1"),
            st("snoozed", reason, Some("2026-11-21T09:45:00Z"), 0),
            "{event}"
        );
        set_config(&env, "sleep-time", "none");
        env.ok(&["record", event, "c2"]);
        assert_eq!(state(&env, "c2"), st("snoozed", reason, None, 0), "{event}");
    }
}

#[test]
fn pausing_event_with_its_switch_off_changes_nothing() {
    for ((event, _), (key, other, other_reason)) in EVENTS.into_iter().zip([
        (
            "sleep-on-agent-message",
            "workflow-message",
            "workflow_message",
        ),
        (
            "sleep-on-workflow-message",
            "agent-message",
            "agent_message",
        ),
    ]) {
        let env = env_with(&["c1"]);
        set_config(&env, key, "off");
        let before = env.snapshot();
        env.ok(&["record", event, "c1"]);
        assert_eq!(
            state(&env, "c1"),
            st("active", "manual", None, 0),
            "{event}"
        );
        assert_eq!(env.snapshot(), before, "{event} with {key} off");
        // The other event's switch is still on.
        env.ok(&["record", other, "c1"]);
        assert_eq!(
            state(&env, "c1"),
            st("snoozed", other_reason, Some(TWO_H_LATER), 0),
            "{other} with {key} off"
        );
    }
}

#[test]
fn pausing_event_never_shortens_a_longer_snooze() {
    for (event, _) in EVENTS {
        let env = env_with(&["c1"]);
        env.ok(&["snooze", "c1", "--for", "5h"]);
        let before = env.snapshot();
        env.ok(&["record", event, "c1"]);
        assert_eq!(
            state(&env, "c1"),
            st("snoozed", "manual", Some("2026-11-21T14:00:00Z"), 0),
            "{event}"
        );
        assert_eq!(env.snapshot(), before, "{event}");
    }
}

#[test]
fn pausing_event_leaves_an_untimed_snooze_alone() {
    for (event, _) in EVENTS {
        let env = env_with(&["c1"]);
        env.ok(&["set", "snoozed", "c1"]);
        assert_eq!(state(&env, "c1"), st("snoozed", "manual", None, 0));
        env.ok(&["record", event, "c1"]);
        assert_eq!(
            state(&env, "c1"),
            st("snoozed", "manual", None, 0),
            "{event}"
        );
        assert_eq!(env.history(&[]).len(), 1, "{event}");
    }
}

#[test]
fn pausing_event_leaves_an_inactive_contact_inactive() {
    for (event, _) in EVENTS {
        let env = env_with(&["c1", "c2", "c3"]);
        env.ok(&["set", "inactive", "c1"]);
        env.ok(&["set", "inactive", "c2", "--for", "1h"]);
        env.ok(&["set", "inactive", "c3", "--for", "1day"]);
        let before = env.snapshot();
        for id in ["c1", "c2", "c3"] {
            env.ok(&["record", event, id]);
        }
        assert_eq!(
            state(&env, "c1"),
            st("inactive", "manual", None, 0),
            "{event}"
        );
        assert_eq!(
            state(&env, "c2"),
            st("inactive", "manual", Some("2026-11-21T10:00:00Z"), 0),
            "{event}"
        );
        assert_eq!(
            state(&env, "c3"),
            st("inactive", "manual", Some("2026-11-22T09:00:00Z"), 0),
            "{event}"
        );
        assert_eq!(env.snapshot(), before, "{event}");
    }
}

#[test]
fn pausing_event_extends_a_snooze_ending_sooner() {
    for (event, reason) in EVENTS {
        let env = env_with(&["c1", "c2"]);
        env.ok(&["snooze", "c1", "--for", "1h"]);
        env.ok(&["record", event, "c1"]);
        assert_eq!(
            state(&env, "c1"),
            st("snoozed", reason, Some(TWO_H_LATER), 0),
            "{event}"
        );
        // With `sleep-time none` the extension is "until woken".
        set_config(&env, "sleep-time", "none");
        env.ok(&["snooze", "c2", "--for", "1h"]);
        env.ok(&["record", event, "c2"]);
        assert_eq!(state(&env, "c2"), st("snoozed", reason, None, 0), "{event}");
    }
}

#[test]
fn pausing_event_after_a_timer_ran_out_treats_the_contact_as_active() {
    for (event, reason) in EVENTS {
        let env = env_with(&["c1"]);
        env.ok(&["snooze", "c1", "--for", "1h"]);
        // 10:30: the 10:00 timer has run out but no sweep ran.
        run_ok(env.at("2026-11-21T10:30:00Z"), &["record", event, "c1"]);
        assert_eq!(
            state_at(&env, "2026-11-21T10:30:00Z", "c1"),
            st("snoozed", reason, Some("2026-11-21T12:30:00Z"), 0),
            "{event}"
        );
        let h = env.history(&[]);
        let seen: Vec<(&str, &str, &str)> = h
            .iter()
            .map(|r| {
                (
                    r["at"].as_str().unwrap(),
                    r["to"].as_str().unwrap(),
                    r["reason"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("2026-11-21T10:30:00Z", "snoozed", reason),
                ("2026-11-21T10:00:00Z", "active", "timer"),
                (NOW, "snoozed", "manual"),
            ],
            "{event}"
        );
    }
}

// ----- record bot-message and the counter -----

#[test]
fn bot_messages_snooze_exactly_at_the_limit() {
    let env = env_with(&["c1"]);
    set_config(&env, "max-bot-messages", "3");
    let r = run_ok(env.cmd(), &["record", "bot-message", "c1"]);
    assert!(r.stdout.contains("active"), "{}", r.stdout);
    assert_eq!(state(&env, "c1"), st("active", "manual", None, 1));
    env.ok(&["record", "bot-message", "c1"]);
    assert_eq!(state(&env, "c1"), st("active", "manual", None, 2));
    assert!(
        env.history(&[]).is_empty(),
        "counting alone is no status change"
    );
    let r = run_ok(env.cmd(), &["record", "bot-message", "c1"]);
    assert!(r.stdout.contains("snoozed"), "{}", r.stdout);
    assert_eq!(state(&env, "c1"), st("snoozed", "message_limit", None, 3));
    let h = env.history(&[]);
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0]["reason"], "message_limit");
    assert_eq!(h[0]["wake_at"], Value::Null);
    assert_eq!(h[0]["batch"].as_i64(), Some(batch_of(&r.stderr)));
}

#[test]
fn bot_message_counter_resets_on_wake() {
    let env = env_with(&["c1"]);
    reach_limit(&env, "c1");
    env.ok(&["wake", "c1"]);
    assert_eq!(state(&env, "c1"), st("active", "manual", None, 0));
    env.ok(&["record", "bot-message", "c1"]);
    assert_eq!(state(&env, "c1"), st("active", "manual", None, 1));
}

#[test]
fn bot_message_counter_resets_on_set_active() {
    let env = env_with(&["c1"]);
    reach_limit(&env, "c1");
    env.ok(&["set", "active", "c1"]);
    assert_eq!(state(&env, "c1"), st("active", "manual", None, 0));
    env.ok(&["record", "bot-message", "c1"]);
    env.ok(&["record", "bot-message", "c1"]);
    assert_eq!(state(&env, "c1"), st("active", "manual", None, 2));
}

/// Two bot messages, then a 1h snooze: when the timer has passed the counter is 0,
/// so the next message counts 1 and does not reach the limit of 3.
fn counted_then_snoozed_for_an_hour() -> Env {
    let env = env_with(&["c1"]);
    set_config(&env, "max-bot-messages", "3");
    env.ok(&["record", "bot-message", "c1"]);
    env.ok(&["record", "bot-message", "c1"]);
    env.ok(&["snooze", "c1", "--for", "1h"]);
    env
}

const AFTER_TIMER: &str = "2026-11-21T10:30:00Z";

#[test]
fn bot_message_counter_is_zero_once_the_timer_passed_before_sweep() {
    let env = counted_then_snoozed_for_an_hour();
    assert_eq!(
        state_at(&env, AFTER_TIMER, "c1"),
        st("active", "timer", None, 0)
    );
    let listed = env.list_at(AFTER_TIMER, &[]);
    assert_eq!(listed.len(), 1);
    assert_eq!(state_of(&listed[0]), st("active", "timer", None, 0));
    // `record` sees the effective state too.
    run_ok(env.at(AFTER_TIMER), &["record", "bot-message", "c1"]);
    assert_eq!(
        state_at(&env, AFTER_TIMER, "c1"),
        st("active", "timer", None, 1)
    );
}

#[test]
fn bot_message_counter_is_zero_after_sweep() {
    let env = counted_then_snoozed_for_an_hour();
    run_ok(env.at(AFTER_TIMER), &["sweep"]);
    assert_eq!(
        state_at(&env, AFTER_TIMER, "c1"),
        st("active", "timer", None, 0)
    );
    run_ok(env.at(AFTER_TIMER), &["record", "bot-message", "c1"]);
    run_ok(env.at(AFTER_TIMER), &["record", "bot-message", "c1"]);
    assert_eq!(
        state_at(&env, AFTER_TIMER, "c1"),
        st("active", "timer", None, 2)
    );
}

#[test]
fn undo_of_a_limit_snooze_puts_back_the_counter_from_before_it() {
    let env = env_with(&["c1"]);
    let batch = reach_limit(&env, "c1");
    env.ok(&["undo", &batch.to_string()]);
    // Back to the state before the snooze: active, by hand, no timer, and the counter
    // from before the message that reached the limit (an undo puts counters back; it
    // does not reset them as becoming active does). It is under the limit, so the next
    // bot message reaches it again.
    assert_eq!(state(&env, "c1"), st("active", "manual", None, 2));
    env.ok(&["record", "bot-message", "c1"]);
    assert_eq!(state(&env, "c1"), st("snoozed", "message_limit", None, 3));
}

// ----- record: output and errors -----

#[test]
fn record_prints_the_resulting_status() {
    let env = env_with(&["c1"]);
    env.cmd()
        .args(["record", "agent-message", "c1"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("c1")
                .and(predicate::str::contains("snoozed"))
                .and(predicate::str::contains("agent_message"))
                .and(predicate::str::contains(TWO_H_LATER)),
        );
}

#[test]
fn record_json_prints_the_contact_object() {
    let env = env_with(&["c1"]);
    let r = run_ok(
        env.cmd(),
        &["record", "workflow-message", "c1", "--format", "json"],
    );
    let c: Value = serde_json::from_str(&r.stdout).expect("one json object");
    assert!(c.is_object(), "{c}");
    for key in CONTACT_FIELDS {
        assert!(c.get(key).is_some(), "missing `{key}` in {c}");
    }
    assert_eq!(c["id"], "c1");
    assert_eq!(
        state_of(&c),
        st("snoozed", "workflow_message", Some(TWO_H_LATER), 0)
    );
    assert_eq!(c["changed_at"], NOW);
    assert_eq!(c["changed_by"], "tester");
}

#[test]
fn record_unknown_event_is_a_usage_error() {
    let env = env_with(&["c1"]);
    let before = env.snapshot();
    env.cmd()
        .args(["record", "bot-msg", "c1"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::starts_with("error:").and(predicate::str::contains("agent-message")),
        );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn record_unknown_contact_fails_and_changes_nothing() {
    let env = env_with(&["c1"]);
    let before = env.snapshot();
    for event in ["agent-message", "workflow-message", "bot-message"] {
        let err = run_fails(env.cmd(), &["record", event, "nobody"]);
        assert!(err.contains("nobody"), "{err}");
    }
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.list(&[]).len(), 1);
}

#[test]
fn record_while_mode_is_off_changes_nothing_and_says_so() {
    let env = env_with(&["c1"]);
    set_config(&env, "max-bot-messages", "1");
    env.ok(&["mode", "off"]);
    let before = env.snapshot();
    for event in ["agent-message", "workflow-message", "bot-message"] {
        env.cmd()
            .args(["record", event, "c1"])
            .assert()
            .success()
            .stderr(predicate::str::contains("off"));
    }
    assert_eq!(env.snapshot(), before);
    assert_eq!(state(&env, "c1"), st("active", "manual", None, 0));
    env.ok(&["mode", "autopilot"]);
    assert_eq!(state(&env, "c1"), st("active", "manual", None, 0));
}

// ----- history -----

/// c1 snoozed by hand at 09:00 (actor from the login name), c2 set inactive at 10:00
/// (`--actor alice`), c3 paused by a workflow message at 11:00 (`BOTCTL_ACTOR=bob`).
/// The clock then reads 11:30.
fn three_changes() -> Env {
    let mut env = env_with(&["c1", "c2", "c3"]);
    env.ok(&["snooze", "c1", "--for", "5h"]);
    run_ok(
        env.at("2026-11-21T10:00:00Z"),
        &["set", "inactive", "c2", "--actor", "alice"],
    );
    let mut bob = env.at("2026-11-21T11:00:00Z");
    bob.env("BOTCTL_ACTOR", "bob");
    run_ok(bob, &["record", "workflow-message", "c3"]);
    env.now = "2026-11-21T11:30:00Z".to_string();
    env
}

fn contacts_of(rows: &[Value]) -> Vec<&str> {
    rows.iter()
        .map(|r| r["contact"].as_str().expect("contact"))
        .collect()
}

const HISTORY_FIELDS: [&str; 12] = [
    "batch", "at", "kind", "contact", "setting", "from", "to", "wake_at", "reason", "actor",
    "os_user", "note",
];

#[test]
fn history_is_newest_first_with_every_field() {
    let env = three_changes();
    let h = env.history(&[]);
    assert_eq!(contacts_of(&h), ["c3", "c2", "c1"]);
    for row in &h {
        let obj = row.as_object().expect("object");
        for key in HISTORY_FIELDS {
            assert!(obj.contains_key(key), "missing `{key}` in {row}");
        }
        assert!(
            row["os_user"].as_str().is_some_and(|u| !u.is_empty()),
            "os_user: {row}"
        );
    }
    let (c3, c2, c1) = (&h[0], &h[1], &h[2]);
    assert_eq!(c1["at"], NOW);
    assert_eq!(c1["from"], "active");
    assert_eq!(c1["to"], "snoozed");
    assert_eq!(c1["wake_at"], "2026-11-21T14:00:00Z");
    assert_eq!(c1["reason"], "manual");
    assert_eq!(c2["at"], "2026-11-21T10:00:00Z");
    assert_eq!(c2["to"], "inactive");
    assert_eq!(c2["wake_at"], Value::Null);
    assert_eq!(c3["at"], "2026-11-21T11:00:00Z");
    assert_eq!(c3["reason"], "workflow_message");
    assert_eq!(c3["wake_at"], "2026-11-21T13:00:00Z");
    let batches: Vec<i64> = h
        .iter()
        .map(|r| r["batch"].as_i64().expect("batch"))
        .collect();
    assert!(
        batches[0] > batches[1] && batches[1] > batches[2],
        "{batches:?}"
    );
}

#[test]
fn history_actor_comes_from_flag_env_or_login_name() {
    let env = three_changes();
    let h = env.history(&[]);
    assert_eq!(h[0]["actor"], "bob", "BOTCTL_ACTOR");
    assert_eq!(h[1]["actor"], "alice", "--actor");
    assert_eq!(h[2]["actor"], "tester", "login name");
    // `--actor` wins over `BOTCTL_ACTOR`.
    let mut cmd = env.cmd();
    cmd.env("BOTCTL_ACTOR", "bob");
    run_ok(cmd, &["wake", "c2", "--actor", "carol"]);
    let h = env.history(&["c2"]);
    assert_eq!(h[0]["actor"], "carol");
    assert_eq!(env.contact("c2")["changed_by"], "carol");
}

#[test]
fn history_ndjson_and_csv_carry_the_same_rows() {
    let env = three_changes();
    let json = env.history(&[]);
    let ndjson = env.ok(&["history", "--kind", "status", "--format", "ndjson"]);
    let lines: Vec<Value> = ndjson
        .lines()
        .map(|l| serde_json::from_str(l).expect("one object a line"))
        .collect();
    assert_eq!(lines, json);

    let csv = env.ok(&["history", "--kind", "status", "--format", "csv"]);
    let mut rows = csv.lines();
    assert_eq!(rows.next(), Some(HISTORY_FIELDS.join(",").as_str()));
    let rows: Vec<Vec<&str>> = rows.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 3, "{csv}");
    for (row, obj) in rows.iter().zip(&json) {
        for (i, key) in HISTORY_FIELDS.iter().enumerate() {
            let want = match &obj[key] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            assert_eq!(row[i], want, "column {key} in {csv}");
        }
    }
}

#[test]
fn history_of_one_contact() {
    let env = three_changes();
    env.ok(&["wake", "c2"]);
    let h = env.history(&["c2"]);
    assert_eq!(contacts_of(&h), ["c2", "c2"]);
    assert_eq!(h[0]["to"], "active");
    assert_eq!(h[1]["to"], "inactive");
    let err = run_fails(env.cmd(), &["history", "nobody"]);
    assert!(err.contains("nobody"), "{err}");
}

#[test]
fn history_since_and_limit() {
    let env = three_changes();
    // Now is 11:30.
    assert_eq!(contacts_of(&env.history(&["--since", "1h"])), ["c3"]);
    assert_eq!(contacts_of(&env.history(&["--since", "2h"])), ["c3", "c2"]);
    assert_eq!(
        contacts_of(&env.history(&["--since", "1day"])),
        ["c3", "c2", "c1"]
    );
    assert_eq!(
        contacts_of(&env.history(&["--since", "2026-11-21T09:30:00Z"])),
        ["c3", "c2"]
    );
    assert_eq!(
        contacts_of(&env.history(&["--since", "2026-11-21T10:30:00+01:00"])),
        ["c3", "c2"]
    );
    assert_eq!(contacts_of(&env.history(&["--limit", "1"])), ["c3"]);
    assert_eq!(contacts_of(&env.history(&["--limit", "2"])), ["c3", "c2"]);
    assert_eq!(
        contacts_of(&env.history(&["--since", "3h", "--limit", "1"])),
        ["c3"]
    );
    run_fails(env.cmd(), &["history", "--since", "a while"]);
}

#[test]
fn sweep_dates_its_history_rows_at_the_due_time() {
    let env = env_with(&["c1", "c2"]);
    env.ok(&["snooze", "c1", "--for", "1h"]);
    env.ok(&["set", "inactive", "c2", "--for", "2h"]);
    run_ok(env.at("2026-11-21T15:00:00Z"), &["sweep"]);
    let h = env.history(&[]);
    let wakes: Vec<&Value> = h.iter().filter(|r| r["reason"] == "timer").collect();
    assert_eq!(wakes.len(), 2, "{h:?}");
    assert_eq!(wakes[0]["contact"], "c2");
    assert_eq!(wakes[0]["at"], "2026-11-21T11:00:00Z");
    assert_eq!(wakes[0]["from"], "inactive");
    assert_eq!(wakes[1]["contact"], "c1");
    assert_eq!(wakes[1]["at"], "2026-11-21T10:00:00Z");
    assert_eq!(wakes[1]["from"], "snoozed");
    for w in &wakes {
        assert_eq!(w["to"], "active");
        assert_eq!(w["wake_at"], Value::Null);
    }
    // A second sweep has nothing left to do.
    let before = env.snapshot();
    let r = run_ok(env.at("2026-11-21T15:01:00Z"), &["sweep"]);
    assert_eq!(r.stderr, "");
    assert_eq!(env.snapshot(), before);
}

// ----- status in words -----

#[test]
fn status_shows_the_latest_change_and_its_cause() {
    let env = env_with(&["c1", "c2", "c3"]);
    env.ok(&["record", "workflow-message", "c1"]);
    env.cmd().args(["status", "c1"]).assert().success().stdout(
        predicate::str::contains("snoozed")
            .and(predicate::str::contains("by a workflow message"))
            .and(predicate::str::contains("wakes"))
            .and(predicate::str::contains("11:00")),
    );
    env.ok(&["record", "agent-message", "c2"]);
    env.cmd().args(["status", "c2"]).assert().success().stdout(
        predicate::str::contains("by an agent message").and(predicate::str::contains("wakes")),
    );
    run_ok(env.cmd(), &["set", "inactive", "c3", "--actor", "dana"]);
    env.cmd()
        .args(["status", "c3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("inactive").and(predicate::str::contains("dana")));
}

// ----- batches and undo -----

#[test]
fn changing_commands_report_their_batch() {
    let env = env_with(&["c1", "c2", "c3"]);
    let newest_batch = |env: &Env| env.history(&["--limit", "1"])[0]["batch"].as_i64().unwrap();
    let mut seen = Vec::new();
    for args in [
        &["set", "inactive", "c1", "c2", "--yes"][..],
        &["snooze", "c3", "--for", "1h"][..],
        &["wake", "c1"][..],
        &["record", "agent-message", "c3"][..],
    ] {
        let r = run_ok(env.cmd(), args);
        let b = batch_of(&r.stderr);
        assert_eq!(b, newest_batch(&env), "{args:?}");
        seen.push(b);
    }
    let mut sorted = seen.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted, seen, "batch ids are new and increasing: {seen:?}");
}

#[test]
fn undo_restores_each_contact_of_the_batch_as_one_new_batch() {
    let env = env_with(&["c1", "c2", "c3", "c4"]);
    env.ok(&["snooze", "c1", "--for", "5h"]);
    env.ok(&["record", "workflow-message", "c2"]);
    env.ok(&["set", "inactive", "c4", "--for", "1day"]);
    let before = [
        state(&env, "c1"),
        state(&env, "c2"),
        state(&env, "c3"),
        state(&env, "c4"),
    ];
    assert_eq!(
        before[0],
        st("snoozed", "manual", Some("2026-11-21T14:00:00Z"), 0)
    );
    let r = run_ok(
        env.cmd(),
        &["set", "inactive", "c1", "c2", "c3", "c4", "--yes"],
    );
    let batch = batch_of(&r.stderr);
    for id in ["c1", "c2", "c3", "c4"] {
        assert_eq!(state(&env, id), st("inactive", "manual", None, 0), "{id}");
    }
    let r = run_ok(env.cmd(), &["undo", &batch.to_string()]);
    let undo_batch = batch_of(&r.stderr);
    assert_ne!(undo_batch, batch);
    let after = [
        state(&env, "c1"),
        state(&env, "c2"),
        state(&env, "c3"),
        state(&env, "c4"),
    ];
    assert_eq!(after, before);
    let rows: Vec<Value> = env
        .history(&[])
        .into_iter()
        .filter(|r| r["batch"].as_i64() == Some(undo_batch))
        .collect();
    let mut ids = contacts_of(&rows);
    ids.sort_unstable();
    assert_eq!(ids, ["c1", "c2", "c3", "c4"]);
    assert!(rows.iter().all(|r| r["from"] == "inactive"), "{rows:?}");
}

#[test]
fn undo_is_refused_when_a_contact_changed_again() {
    let env = env_with(&["c1", "c2", "c3"]);
    env.ok(&["snooze", "c1", "--for", "5h"]);
    env.ok(&["set", "snoozed", "c2"]);
    let r = run_ok(env.cmd(), &["set", "inactive", "c1", "c2", "c3", "--yes"]);
    let batch = batch_of(&r.stderr).to_string();
    env.ok(&["snooze", "c2", "--for", "3h"]);
    let before = env.snapshot();
    let err = run_fails(env.cmd(), &["undo", &batch]);
    assert!(err.contains("c2"), "names the contact: {err}");
    assert!(
        !err.contains("c1") && !err.contains("c3"),
        "names only c2: {err}"
    );
    assert_eq!(env.snapshot(), before, "a refused undo changes nothing");

    let r = run_ok(env.cmd(), &["undo", &batch, "--force"]);
    assert!(
        r.stderr.contains("c2"),
        "says what it skipped: {}",
        r.stderr
    );
    assert_eq!(
        state(&env, "c1"),
        st("snoozed", "manual", Some("2026-11-21T14:00:00Z"), 0)
    );
    assert_eq!(state(&env, "c3"), st("active", "manual", None, 0));
    assert_eq!(
        state(&env, "c2"),
        st("snoozed", "manual", Some("2026-11-21T12:00:00Z"), 0),
        "the skipped contact keeps its later change"
    );
}

#[test]
fn undo_of_an_undo_redoes() {
    let env = env_with(&["c1", "c2"]);
    let r = run_ok(
        env.cmd(),
        &["set", "inactive", "c1", "c2", "--for", "1day", "--yes"],
    );
    let batch = batch_of(&r.stderr);
    let r = run_ok(env.cmd(), &["undo", &batch.to_string()]);
    let undo = batch_of(&r.stderr);
    assert_eq!(state(&env, "c1"), st("active", "manual", None, 0));
    assert_eq!(state(&env, "c2"), st("active", "manual", None, 0));
    let r = run_ok(env.cmd(), &["undo", &undo.to_string()]);
    let redo = batch_of(&r.stderr);
    assert!(redo > undo);
    for id in ["c1", "c2"] {
        assert_eq!(
            state(&env, id),
            st("inactive", "manual", Some("2026-11-22T09:00:00Z"), 0),
            "{id}"
        );
    }
}

#[test]
fn undo_of_a_batch_that_does_not_exist_fails() {
    let env = env_with(&["c1"]);
    env.ok(&["set", "inactive", "c1"]);
    let before = env.snapshot();
    let err = run_fails(env.cmd(), &["undo", "999"]);
    assert!(err.contains("999"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn undo_while_mode_is_off_is_refused() {
    let env = env_with(&["c1"]);
    let r = run_ok(env.cmd(), &["set", "inactive", "c1"]);
    let batch = batch_of(&r.stderr).to_string();
    env.ok(&["mode", "off"]);
    let before = env.snapshot();
    let err = run_fails(env.cmd(), &["undo", &batch]);
    assert!(err.contains("botctl mode"), "{err}");
    assert_eq!(env.snapshot(), before);
    assert_eq!(state(&env, "c1"), st("inactive", "manual", None, 0));
}

// ----- contacts import -----

fn write_csv(env: &Env, name: &str, text: &str) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, text).expect("write csv");
    path.to_str().expect("utf-8 path").to_string()
}

/// (id, name, phone, email) of every contact, by id.
fn details(env: &Env) -> Vec<(String, Value, Value, Value)> {
    env.list(&[])
        .into_iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["name"].clone(),
                c["phone"].clone(),
                c["email"].clone(),
            )
        })
        .collect()
}

fn d(id: &str, name: &str, phone: &str, email: &str) -> (String, Value, Value, Value) {
    (id.to_string(), name.into(), phone.into(), email.into())
}

#[test]
fn import_adds_then_updates_contacts() {
    let env = Env::new();
    let first = write_csv(
        &env,
        "first.csv",
        "id,name,phone,email\na1,Ann,+15550001,ann@example.com\nb2,Bob,+15550002,bob@example.com\n",
    );
    env.ok(&["contacts", "import", &first]);
    assert_eq!(
        details(&env),
        vec![
            d("a1", "Ann", "+15550001", "ann@example.com"),
            d("b2", "Bob", "+15550002", "bob@example.com"),
        ]
    );
    let second = write_csv(
        &env,
        "second.csv",
        "id,name,phone,email\na1,Anna,+15550009,anna@example.com\nc3,Cy,+15550003,cy@example.com\n",
    );
    env.ok(&["contacts", "import", &second]);
    assert_eq!(
        details(&env),
        vec![
            d("a1", "Anna", "+15550009", "anna@example.com"),
            d("b2", "Bob", "+15550002", "bob@example.com"),
            d("c3", "Cy", "+15550003", "cy@example.com"),
        ]
    );
    for id in ["a1", "b2", "c3"] {
        assert_eq!(state(&env, id), st("active", "manual", None, 0), "{id}");
    }
}

#[test]
fn import_sets_status_and_wake_at() {
    let env = env_with(&["old"]);
    let file = write_csv(
        &env,
        "s.csv",
        "id,name,status,wake_at\n\
         s1,Sam,snoozed,2026-11-22T09:00:00Z\n\
         s2,Sue,inactive,\n\
         s3,Sid,inactive,2026-11-22T10:00:00+01:00\n\
         s4,Sol,,\n\
         old,Olga,snoozed,\n",
    );
    let r = run_ok(env.cmd(), &["contacts", "import", &file]);
    let batch = batch_of(&r.stderr);
    assert_eq!(
        state(&env, "s1"),
        st("snoozed", "manual", Some("2026-11-22T09:00:00Z"), 0)
    );
    assert_eq!(state(&env, "s2"), st("inactive", "manual", None, 0));
    assert_eq!(
        state(&env, "s3"),
        st("inactive", "manual", Some("2026-11-22T09:00:00Z"), 0)
    );
    assert_eq!(state(&env, "s4"), st("active", "manual", None, 0));
    assert_eq!(state(&env, "old"), st("snoozed", "manual", None, 0));
    assert_eq!(env.contact("old")["name"], "Olga");
    let rows = env.history(&[]);
    assert!(
        rows.iter().all(|r| r["batch"].as_i64() == Some(batch)),
        "{rows:?}"
    );
    assert_eq!(contacts_of(&rows), ["old"]);
    // New contacts are `added` rows, with the status they were added in.
    let added = env.history(&["--kind", "added", "--batch", &batch.to_string()]);
    let mut ids = contacts_of(&added);
    ids.sort_unstable();
    assert_eq!(ids, ["s1", "s2", "s3", "s4"]);
    let s3 = added.iter().find(|r| r["contact"] == "s3").expect("s3 row");
    assert_eq!(s3["to"], "inactive");
    assert_eq!(s3["wake_at"], "2026-11-22T09:00:00Z");
}

#[test]
fn import_refuses_a_bad_file_whole_and_names_the_line() {
    let header = "id,name,phone,email,status,wake_at\n";
    let good = "ok1,Good,+1555,ok@example.com,inactive,\n";
    let cases = [
        ("bad status", "x1,X,,,paused,\n"),
        ("bad wake_at", "x1,X,,,snoozed,tomorrow\n"),
        ("past wake_at", "x1,X,,,snoozed,2026-11-20T09:00:00Z\n"),
        ("missing id", ",X,,,,\n"),
        ("duplicate id", "ok1,Again,,,,\n"),
    ];
    for (what, bad) in cases {
        let env = env_with(&["pre"]);
        let before = env.snapshot();
        let file = write_csv(
            &env,
            "bad.csv",
            &format!("{header}pre,Renamed,,,snoozed,\n{good}{bad}"),
        );
        let err = run_fails(env.cmd(), &["contacts", "import", &file]);
        assert!(err.contains("line 4"), "{what}: {err}");
        assert_eq!(
            env.snapshot(),
            before,
            "{what}: nothing of the file is imported"
        );
        assert_eq!(env.list(&[]).len(), 1, "{what}");
        assert_eq!(env.contact("pre")["name"], Value::Null, "{what}");
    }
}

#[test]
fn import_reads_stdin_with_dash() {
    let env = Env::new();
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin("id,name,phone,email\nd1,Dee,,dee@example.com\nd2,Dan,+1555,\n")
        .assert()
        .success();
    assert_eq!(
        details(&env),
        vec![
            (
                "d1".to_string(),
                "Dee".into(),
                Value::Null,
                "dee@example.com".into()
            ),
            ("d2".to_string(), "Dan".into(), "+1555".into(), Value::Null),
        ]
    );
}

// ----- local times -----

fn in_new_york(env: &Env, args: &[&str]) -> Run {
    let mut cmd = env.cmd();
    cmd.env("TZ", NEW_YORK);
    run(cmd, args)
}

fn wake_at(env: &Env, id: &str) -> Value {
    env.contact(id)["wake_at"].clone()
}

#[test]
fn local_time_in_the_spring_forward_gap_is_refused() {
    let env = env_with(&["c1"]);
    let before = env.snapshot();
    let r = in_new_york(&env, &["snooze", "c1", "--until", "2027-03-14 02:30"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.starts_with("error:"), "{}", r.stderr);
    assert!(r.stderr.contains("gap"), "{}", r.stderr);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn local_time_at_the_start_of_the_gap_is_refused() {
    // On 2027-03-14 New York clocks jump from 02:00 EST straight to 03:00 EDT: 02:00
    // itself does not exist either.
    let env = env_with(&["c1"]);
    let before = env.snapshot();
    let r = in_new_york(
        &env,
        &["set", "inactive", "c1", "--until", "2027-03-14 02:00"],
    );
    assert_eq!(
        r.code,
        Some(1),
        "stdout: {}\nstderr: {}",
        r.stdout,
        r.stderr
    );
    assert!(r.stderr.contains("gap"), "{}", r.stderr);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn ambiguous_local_time_means_the_earlier_instant() {
    let mut env = env_with(&["c1", "c2"]);
    env.now = "2026-10-31T12:00:00Z".to_string();
    // 2026-11-01 01:30 happens twice in New York: first in EDT (05:30Z), then EST (06:30Z).
    let r = in_new_york(&env, &["snooze", "c1", "--until", "2026-11-01 01:30"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(wake_at(&env, "c1"), "2026-11-01T05:30:00Z");
    let r = in_new_york(
        &env,
        &["set", "inactive", "c2", "--until", "2026-11-01 01:00"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(wake_at(&env, "c2"), "2026-11-01T05:00:00Z");
}

#[test]
fn local_time_converts_in_winter_and_in_summer() {
    let env = env_with(&["winter", "summer", "eve"]);
    let r = in_new_york(&env, &["snooze", "winter", "--until", "2026-12-01 10:00"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        wake_at(&env, "winter"),
        "2026-12-01T15:00:00Z",
        "EST is UTC-5"
    );
    let r = in_new_york(
        &env,
        &[
            "set",
            "inactive",
            "summer",
            "--until",
            "2027-07-01 10:00:30",
        ],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        wake_at(&env, "summer"),
        "2027-07-01T14:00:30Z",
        "EDT is UTC-4"
    );
    // The hour before the spring gap is still EST; the hour after it is EDT.
    let r = in_new_york(&env, &["snooze", "eve", "--until", "2027-03-14 01:59"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(wake_at(&env, "eve"), "2027-03-14T06:59:00Z");
    let r = in_new_york(&env, &["snooze", "eve", "--until", "2027-03-14 03:00"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(wake_at(&env, "eve"), "2027-03-14T07:00:00Z");
}

#[test]
fn until_a_clock_time_in_the_first_pass_of_the_repeated_hour_is_today() {
    // 01:50 EDT on 2026-11-01; at 02:00 clocks go back to 01:00 EST, so 01:30 comes again
    // in 40 minutes (06:30Z), not tomorrow.
    let env = env_with(&["c1"]);
    let mut cmd = env.at("2026-11-01T05:50:00Z");
    cmd.env("TZ", NEW_YORK);
    let r = run(cmd, &["snooze", "c1", "--until", "01:30"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let mut cmd = env.at("2026-11-01T05:50:00Z");
    cmd.env("TZ", NEW_YORK);
    let r = run(cmd, &["status", "c1", "--format", "json"]);
    let c: Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(c["wake_at"], "2026-11-01T06:30:00Z");
}

#[test]
fn since_names_a_local_time_that_does_not_exist() {
    let env = env_with(&["c1"]);
    let r = in_new_york(&env, &["history", "--since", "2027-03-14 02:30"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("gap"), "{}", r.stderr);
    assert!(!r.stderr.contains("neither"), "{}", r.stderr);
    let r = run(env.cmd(), &["history", "--since", "2026-12-31 23:59:60"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("seconds go from 00 to 59"),
        "{}",
        r.stderr
    );
}

/// Removing or editing a contact whose timer ran out unswept writes the wake first, as
/// every other change does: the trail does not depend on how often `sweep` ran.
#[test]
fn remove_and_edit_write_down_a_timer_that_ran_out_first() {
    for how in ["remove", "edit", "undo-edit"] {
        let env = env_with(&["g"]);
        env.ok(&["snooze", "g", "--for", "1h"]);
        if how == "undo-edit" {
            env.ok(&["contacts", "edit", "g", "--name", "G"]);
        }
        let later = "2026-11-21T12:00:00Z";
        let args: Vec<&str> = match how {
            "remove" => vec!["contacts", "remove", "g", "--yes"],
            "edit" => vec!["contacts", "edit", "g", "--name", "F"],
            _ => vec!["undo", "3"],
        };
        let r = run(env.at(later), &args);
        assert_eq!(r.code, Some(0), "{how}: {}", r.stderr);
        let r = run(env.at(later), &["history", "g", "--format", "json"]);
        let rows: Vec<Value> = serde_json::from_str(&r.stdout).expect("json");
        let wake = rows
            .iter()
            .find(|h| h["actor"] == "timer")
            .unwrap_or_else(|| panic!("{how}: no timer wake in {rows:?}"));
        assert_eq!(wake["at"], "2026-11-21T10:00:00Z", "{how}");
        assert_eq!(wake["to"], "active", "{how}");
        if how == "remove" {
            let removed = rows
                .iter()
                .find(|h| h["kind"] == "removed")
                .expect("removed row");
            assert_eq!(removed["from"], "active", "{rows:?}");
        }
    }
}

/// On the real clock, a change is dated, and its `--for` timer counted, from when it is
/// made: ids that take a while to arrive on stdin do not shorten the timer.
#[test]
fn a_timer_counts_from_the_change_not_from_the_start() {
    use std::io::Write;
    let env = env_with(&["a"]);
    let start = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let mut cmd = env.std_cmd();
    cmd.env_remove("BOTCTL_NOW")
        .args(["snooze", "--stdin", "--for", "1h", "--yes"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"a\n").expect("write");
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = env.history(&["a"]);
    let row = rows
        .iter()
        .find(|h| h["to"] == "snoozed")
        .expect("snooze row");
    let ts = |v: &Value| {
        chrono::DateTime::parse_from_rfc3339(v.as_str().expect("time"))
            .expect("rfc 3339")
            .timestamp()
    };
    let at = ts(&row["at"]);
    assert!(at >= start + 2, "dated {at}, started {start}");
    assert_eq!(ts(&row["wake_at"]), at + 3600, "{row}");
}

/// Undoing an import or an add says that it removed the contacts the batch added, not
/// that it restored them.
#[test]
fn undo_of_added_contacts_says_it_removed_them() {
    let env = Env::new();
    let csv = env.dir.path().join("two.csv");
    std::fs::write(&csv, "id,name\na,A\nb,B\n").unwrap();
    env.ok(&["contacts", "import", csv.to_str().unwrap()]);
    let n = env.history(&["--kind", "added"])[0]["batch"].to_string();
    let r = run(env.cmd(), &["undo", &n, "--dry-run"]);
    assert!(
        r.stderr.contains("2 contacts it added to remove"),
        "{}",
        r.stderr
    );
    let r = run(env.cmd(), &["undo", &n]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr.contains("removed the 2 contacts it had added"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("restored"), "{}", r.stderr);
    assert!(env.list(&[]).is_empty());
}

/// A row with several problems is one bad row: the summary counts rows, and says how
/// many problems they hold.
#[test]
fn import_counts_bad_rows_not_problems() {
    let env = Env::new();
    let csv = env.dir.path().join("tiny.csv");
    std::fs::write(&csv, "id,name,status,wake_at\n,X,bogus,notatime\nok1,Y,,\n").unwrap();
    let r = run(env.cmd(), &["contacts", "import", csv.to_str().unwrap()]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("1 bad row in the CSV (3 problems)"),
        "{}",
        r.stderr
    );
}
