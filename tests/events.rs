//! `record --stdin` and `check --stdin`: streams of events and questions, idempotent by
//! event id, answered after commit, bad lines skipped.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{Env, NOW};
use serde_json::{Value, json};

/// Runs `botctl ARGS` with `input` on stdin; returns (exit code, answers, stderr).
fn stream(env: &Env, now: &str, args: &[&str], input: &str) -> (i32, Vec<Value>, String) {
    let (code, lines, err) = stream_raw(env, now, args, input);
    let answers = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (code, answers, err)
}

/// [`stream`] with the answers as the lines printed.
fn stream_raw(env: &Env, now: &str, args: &[&str], input: &str) -> (i32, Vec<String>, String) {
    let out = env
        .at(now)
        .args(args)
        .write_stdin(input.to_string())
        .output()
        .expect("run botctl");
    let lines = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(String::from)
        .collect();
    (
        out.status.code().unwrap_or(-1),
        lines,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn event(kind: &str, contact: &str, channel: &str, id: &str, at: &str) -> Value {
    json!({"event": kind, "contact": contact, "channel": channel, "id": id, "at": at})
}

/// History rows without what only says when or in which order the rows were written.
fn history_rows(env: &Env) -> Vec<Value> {
    env.history(&["--kind", "status"])
        .into_iter()
        .chain(env.history(&["--kind", "added"]))
        .collect()
}

#[test]
fn a_stream_ends_where_the_same_events_one_by_one_end() {
    let a = Env::new();
    let b = Env::new();
    for env in [&a, &b] {
        for id in ["c-1", "c-2", "c-3"] {
            env.at("2026-11-21T07:00:00Z")
                .args(["contacts", "add", id])
                .assert()
                .success();
        }
        env.ok(&["config", "set", "max-bot-messages", "3"]);
    }
    let t = |m: u32| format!("2026-11-21T08:{m:02}:00Z");
    // (event, applied one by one too)
    let good = vec![
        event("bot-message", "c-1", "sms", "e-1", &t(1)),
        event("bot-message", "c-1", "webchat", "e-2", &t(2)),
        event("bot-message", "c-1", "sms", "e-3", &t(3)),
        event("bot-message", "c-1", "sms", "e-1", &t(3)), // a retried delivery
        event("agent-message", "c-2", "default", "e-4", &t(5)),
        event("bot-message", "c-1", "sms", "e-5", &t(6)), // third on sms: the limit
        event("bot-message", "c-1", "webchat", "e-6", &t(7)),
        event("workflow-message", "c-3", "default", "e-7", &t(8)),
        event("bot-message", "c-3", "sms", "e-8", &t(9)),
        event("bot-message", "c-3", "sms", "e-8", &t(9)), // duplicate inside the group
        event("bot-message", "c-4", "sms", "e-9", &t(10)), // created (--create-missing)
    ];
    let mut lines: Vec<String> = good.iter().map(Value::to_string).collect();
    // Bad lines, each answered with an error and skipped; their neighbours go on.
    let bad = [
        (2, "{not json".to_string()),
        (5, r#"{"event":"bot-mesage","contact":"c-1"}"#.to_string()),
        (
            7,
            event("bot-message", "c-2", "sms", "early", &t(4)).to_string(),
        ), // before c-2's change at 08:05
        (
            9,
            event("bot-message", "c-1", "sms", &"x".repeat(257), &t(9)).to_string(),
        ),
        (
            11,
            event("bot-message", "c-1", "sms", "later", "2026-11-21T09:00:01Z").to_string(),
        ),
        (
            13,
            r#"{"event":"bot-message","contact":"c-1","chanel":"sms"}"#.to_string(),
        ),
    ];
    for (at, line) in &bad {
        lines.insert(*at, line.clone());
    }
    lines.insert(4, String::new()); // a blank line: no answer
    let input = lines.join("\n") + "\n";
    let (code, answers, err) = stream(&a, NOW, &["record", "--stdin", "--create-missing"], &input);
    assert_eq!(code, 1, "a bad line makes the exit 1: {err}");
    assert!(err.contains("6 lines failed"), "{err}");
    assert_eq!(
        answers.len(),
        lines.len() - 1,
        "one answer per non-blank line"
    );
    let errors: Vec<u64> = answers
        .iter()
        .filter(|a| a.get("error").is_some())
        .map(|a| a["line"].as_u64().unwrap())
        .collect();
    let mut want: Vec<u64> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if bad.iter().any(|(_, b)| b == l) {
            want.push(i as u64 + 1);
        }
    }
    assert_eq!(errors, want, "{answers:#?}");
    let early = answers.iter().find(|a| a["event_id"] == "early").unwrap();
    assert!(
        early["error"].as_str().unwrap().contains("before"),
        "{early}"
    );
    let dups: Vec<&str> = answers
        .iter()
        .filter(|a| a["duplicate"] == true)
        .map(|a| a["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(dups, ["e-1", "e-8"]);
    let limit = answers.iter().find(|a| a["event_id"] == "e-5").unwrap();
    assert_eq!(limit["status"], "snoozed");
    assert_eq!(limit["reason"], "message_limit");
    assert_eq!(
        limit["bot_messages_by_channel"],
        json!({"sms": 3, "webchat": 1})
    );
    assert!(
        limit["batch"].is_i64(),
        "a status change has its batch: {limit}"
    );

    // The same good events, one `record` each, at their own time.
    for e in &good {
        let out = b
            .at(e["at"].as_str().unwrap())
            .args(["record", e["event"].as_str().unwrap()])
            .arg(e["contact"].as_str().unwrap())
            .args(["--channel", e["channel"].as_str().unwrap()])
            .args(["--event-id", e["id"].as_str().unwrap(), "--create-missing"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{:?}", out);
    }
    assert_eq!(a.list(&[]), b.list(&[]));
    assert_eq!(history_rows(&a), history_rows(&b));
    let c1 = a.contact("c-1");
    assert_eq!(
        c1["bot_messages_by_channel"],
        json!({"sms": 3, "webchat": 2})
    );
    // Every status change is a batch of its own: undo stays per event.
    let rows = a.history(&["c-1"]);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    a.ok(&["undo", &rows[0]["batch"].to_string()]);
    assert_eq!(a.contact("c-1")["status"], "active");
    assert_eq!(a.contact("c-2")["status"], "snoozed");
}

#[test]
fn event_ids_are_kept_for_seven_days_and_forgotten_after_eight() {
    let env = Env::new();
    env.at("2026-10-01T09:00:00Z")
        .args(["contacts", "add", "c-1"])
        .assert()
        .success();
    env.ok(&["config", "set", "max-bot-messages", "none"]);
    let line = |id: &str| format!(r#"{{"event":"bot-message","contact":"c-1","id":"{id}"}}"#);
    let (code, a, _) = stream(
        &env,
        "2026-11-01T09:00:00Z",
        &["record", "--stdin"],
        &line("old"),
    );
    assert_eq!((code, &a[0]["duplicate"]), (0, &json!(false)));
    let (_, a, _) = stream(
        &env,
        "2026-11-08T08:00:00Z",
        &["record", "--stdin"],
        &line("old"),
    );
    assert_eq!(a[0]["duplicate"], true, "kept after 7 days");
    let (_, a, _) = stream(
        &env,
        "2026-11-09T09:00:01Z",
        &["record", "--stdin"],
        &line("x"),
    );
    assert_eq!(a[0]["duplicate"], false);
    let (_, a, _) = stream(
        &env,
        "2026-11-09T09:00:02Z",
        &["record", "--stdin"],
        &line("old"),
    );
    assert_eq!(a[0]["duplicate"], false, "forgotten after 8 days");
    assert_eq!(env.contact("c-1")["bot_messages"], 3);
    // The one-shot command shares the ids.
    let out = env
        .at("2026-11-09T09:00:03Z")
        .args(["record", "bot-message", "c-1", "--event-id", "x"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(env.contact("c-1")["bot_messages"], 3);
}

#[test]
fn a_ten_megabyte_line_is_reported_and_skipped() {
    let env = Env::new();
    env.add(&["c-1"]);
    let mut input = String::from("{\"event\":\"bot-message\",\"contact\":\"c-1\",\"id\":\"a\"}\n");
    input.push_str(&format!(
        "{{\"event\":\"bot-message\",\"contact\":\"c-1\",\"id\":\"{}\"}}\n",
        "y".repeat(10 << 20)
    ));
    input.push_str("{\"event\":\"bot-message\",\"contact\":\"c-1\",\"id\":\"b\"}\n");
    let (code, answers, _) = stream(&env, NOW, &["record", "--stdin"], &input);
    assert_eq!(code, 1);
    assert_eq!(answers.len(), 3);
    assert!(
        answers[1]["error"].as_str().unwrap().contains("bytes"),
        "{}",
        answers[1]
    );
    assert_eq!(answers[2]["bot_messages"], 2);
    let mut ids = "c-1\n".to_string();
    ids.push_str(&"z".repeat(10 << 20));
    ids.push_str("\nc-1\n");
    let (code, answers, _) = stream(&env, NOW, &["check", "--stdin"], &ids);
    assert_eq!(code, 1);
    assert_eq!(answers.len(), 3);
    assert_eq!(answers[1]["line"], 2);
    assert_eq!(answers[2]["answer"], "reply");
}

#[test]
fn in_mode_off_a_stream_records_nothing_and_says_so() {
    let env = Env::new();
    env.add(&["c-1"]);
    env.ok(&["mode", "off"]);
    let before = env.snapshot();
    let input = "{\"event\":\"agent-message\",\"contact\":\"c-1\",\"id\":\"e\"}\n\
                 {\"event\":\"bot-message\",\"contact\":\"c-9\"}\n";
    let (code, answers, err) = stream(&env, NOW, &["record", "--stdin"], input);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("mode is off"), "{err}");
    assert_eq!(answers.len(), 2);
    assert!(answers.iter().all(|a| a["off"] == true), "{answers:?}");
    assert_eq!(answers[0]["status"], "active");
    assert_eq!(env.snapshot(), before);
    env.ok(&["mode", "autopilot"]);
    // The id was not kept either: the event counts once the bot is on.
    let (_, answers, _) = stream(&env, NOW, &["record", "--stdin"], input);
    assert_eq!(answers[0]["duplicate"], false);
    assert_eq!(answers[0]["status"], "snoozed");
}

#[test]
fn check_stdin_agrees_with_check() {
    let env = Env::new();
    env.add(&["a", "b", "c", "d"]);
    env.ok(&["set", "inactive", "b"]);
    env.ok(&["snooze", "c", "--for", "1h"]);
    env.at("2026-11-21T08:00:00Z")
        .args(["set", "snoozed", "d", "--until", "2026-11-21T08:30:00Z"])
        .assert()
        .success();
    let ids = "\u{feff}a\r\n  b \n\n# comment\nc\nd\nmissing\na\n";
    for mode in ["autopilot", "suggestive", "off"] {
        env.ok(&["mode", mode]);
        let (code, raw, err) = stream_raw(&env, NOW, &["check", "--stdin"], ids);
        assert_eq!(code, 1, "an unknown id makes the exit 1");
        assert!(err.contains("line 7"), "{err}");
        assert_eq!(raw.len(), 6, "{raw:?}");
        for line in &raw {
            let answer: Value = serde_json::from_str(line).unwrap();
            let id = answer["id"].as_str().unwrap();
            if id == "missing" {
                assert_eq!(answer["line"], 7);
                assert!(answer["error"].as_str().unwrap().contains("unknown"));
                continue;
            }
            let one = env
                .cmd()
                .args(["check", id, "--format", "json"])
                .output()
                .unwrap();
            let want: Value = serde_json::from_slice(&one.stdout).unwrap();
            assert_eq!(answer, want, "{mode} {id}");
            // The same text: the same keys in the same order.
            assert_eq!(line, String::from_utf8(one.stdout).unwrap().trim());
        }
    }
    env.ok(&["mode", "autopilot"]);
    let (code, answers, _) = stream(&env, NOW, &["check", "-"], "a\n");
    assert_eq!((code, answers[0]["answer"].as_str()), (0, Some("reply")));
}

/// Reads a child's stdout lines on a thread.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

#[test]
fn an_answer_comes_without_closing_stdin() {
    let env = Env::new();
    env.add(&["c-1"]);
    for args in [["record", "--stdin"], ["check", "--stdin"]] {
        let mut child = env
            .std_cmd()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let rx = lines_of(&mut child);
        let line = if args[0] == "record" {
            "{\"event\":\"bot-message\",\"contact\":\"c-1\"}\n"
        } else {
            "c-1\n"
        };
        for round in 1..=2 {
            stdin.write_all(line.as_bytes()).unwrap();
            stdin.flush().unwrap();
            let got = rx
                .recv_timeout(Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("{args:?}: no answer while stdin stays open"));
            let v: Value = serde_json::from_str(&got).unwrap();
            assert_eq!(v["id"], "c-1", "{got}");
            if args[0] == "record" {
                assert_eq!(v["bot_messages"], round);
            }
        }
        if args[0] == "record" {
            // Between groups the write lock is free: another change goes through while
            // the stream is still open.
            let mut other = env
                .std_cmd()
                .args(["snooze", "c-1", "--for", "1h"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let start = std::time::Instant::now();
            let status = loop {
                if let Some(s) = other.try_wait().unwrap() {
                    break s;
                }
                assert!(
                    start.elapsed() < Duration::from_secs(10),
                    "the stream holds the write lock while it waits for input"
                );
                std::thread::sleep(Duration::from_millis(20));
            };
            assert!(status.success());
        }
        drop(stdin);
        assert!(child.wait().unwrap().success());
    }
    assert_eq!(env.contact("c-1")["status"], "snoozed");
}

/// A small deterministic generator (xorshift), seeded from the clock and printed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn kill_nine_then_replay_counts_every_event_once() {
    let env = Env::new();
    env.ok(&["config", "set", "max-bot-messages", "none"]);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("seed {seed}");
    let mut rng = Rng(seed);
    let mut expected: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut events = Vec::new();
    for n in 0..4000 {
        let contact = format!("c-{}", rng.next() % 25);
        let channel = ["sms", "webchat"][(rng.next() % 2) as usize];
        *expected
            .entry(contact.clone())
            .or_default()
            .entry(channel.to_string())
            .or_default() += 1;
        events.push(
            json!({"event": "bot-message", "contact": contact, "channel": channel, "id": format!("e-{n}")})
                .to_string(),
        );
    }
    let input = events.join("\n") + "\n";
    let by_id: BTreeMap<String, &String> = events
        .iter()
        .enumerate()
        .map(|(n, l)| (format!("e-{n}"), l))
        .collect();
    let mut interrupted = 0;
    for round in 0..3 {
        let mut child = env
            .std_cmd()
            .args(["record", "--stdin", "--create-missing"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feed = input.clone();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(feed.as_bytes());
        });
        let rx = lines_of(&mut child);
        std::thread::sleep(Duration::from_millis(20 + rng.next() % 300));
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        let _ = writer.join();
        let acked: Vec<String> = rx
            .iter()
            .map(|l| {
                let v: Value = serde_json::from_str(&l).unwrap_or_else(|e| panic!("{e}: {l}"));
                assert!(v.get("error").is_none(), "{v}");
                v["event_id"].as_str().unwrap().to_string()
            })
            .collect();
        if !status.success() {
            interrupted += 1;
        }
        eprintln!("round {round}: {} answers before the kill", acked.len());
        // Every acknowledged event was durable: sent again, each is a duplicate.
        if !acked.is_empty() {
            let again: Vec<&str> = acked.iter().map(|id| by_id[id].as_str()).collect();
            let (code, answers, err) = stream(
                &env,
                NOW,
                &["record", "--stdin"],
                &(again.join("\n") + "\n"),
            );
            assert_eq!(code, 0, "{err}");
            let not_dup: HashSet<&str> = answers
                .iter()
                .filter(|a| a["duplicate"] != true)
                .map(|a| a["event_id"].as_str().unwrap())
                .collect();
            assert!(not_dup.is_empty(), "acknowledged but lost: {not_dup:?}");
        }
    }
    // Replay the whole input to its end: each event counted exactly once.
    let (code, answers, err) = stream(
        &env,
        NOW,
        &["record", "--stdin", "--create-missing"],
        &input,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(answers.len(), events.len());
    let got: BTreeMap<String, BTreeMap<String, u64>> = env
        .list(&[])
        .into_iter()
        .map(|c| {
            let id = c["id"].as_str().unwrap().to_string();
            let counts = c["bot_messages_by_channel"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
                .collect();
            (id, counts)
        })
        .collect();
    assert_eq!(got, expected);
    eprintln!("{interrupted} of 3 runs were killed mid-stream");
}

#[test]
fn usage_errors() {
    let env = Env::new();
    for args in [
        vec!["record", "--stdin", "bot-message"],
        vec!["record", "--stdin", "--dry-run"],
        vec!["record", "--stdin", "--event-id", "x"],
        vec!["record", "bot-message"],
        vec!["check", "--stdin", "c-1"],
        vec!["check"],
    ] {
        env.cmd().args(&args).assert().code(2);
    }
}

// ----- `record`: duplicates, limits, notes, event ids -----

/// Runs `botctl ARGS` at `now`; returns (exit code, stdout, stderr).
fn run_at(env: &Env, now: &str, args: &[&str]) -> (i32, String, String) {
    let out = env.at(now).args(args).output().expect("run botctl");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `record ... --format json` at `now`, parsed; asserts exit 0.
fn record_json(env: &Env, now: &str, args: &[&str]) -> Value {
    let mut all = vec!["record"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let (code, out, err) = run_at(env, now, &all);
    assert_eq!(code, 0, "botctl {all:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// (status, reason, wake_at, bot_messages) of a contact at `now`.
fn state_at(env: &Env, now: &str, id: &str) -> (String, String, Value, u64) {
    let (code, out, err) = run_at(env, now, &["status", id, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let c: Value = serde_json::from_str(&out).expect("json");
    (
        c["status"].as_str().unwrap().into(),
        c["reason"].as_str().unwrap().into(),
        c["wake_at"].clone(),
        c["bot_messages"].as_u64().unwrap(),
    )
}

fn state(
    status: &str,
    reason: &str,
    wake_at: Option<&str>,
    n: u64,
) -> (String, String, Value, u64) {
    (status.into(), reason.into(), json!(wake_at), n)
}

#[test]
fn record_json_says_whether_the_event_id_was_recorded_before() {
    let env = Env::new();
    env.add(&["a"]);
    let first = record_json(&env, NOW, &["bot-message", "a", "--event-id", "e1"]);
    assert_eq!(first["duplicate"], false, "{first}");
    let again = record_json(&env, NOW, &["bot-message", "a", "--event-id", "e1"]);
    assert_eq!(again["duplicate"], true, "{again}");
    assert_eq!(again["batch"], Value::Null);
    assert_eq!(again["bot_messages"], 1, "the retry counted nothing");
    let plain = record_json(&env, NOW, &["bot-message", "a"]);
    assert_eq!(plain["duplicate"], false, "{plain}");
    // An id that breaks the rules is a usage error (as the README says), and counts nothing.
    for bad in ["", "a\tb"] {
        env.cmd()
            .args(["record", "bot-message", "a", "--event-id", bad])
            .assert()
            .code(2)
            .stderr(predicates::str::starts_with("error:"));
    }
    assert_eq!(env.contact("a")["bot_messages"], 2);
}

#[test]
fn a_retried_event_of_a_removed_contact_is_a_duplicate() {
    let env = Env::new();
    let args = [
        "record",
        "bot-message",
        "c9",
        "--create-missing",
        "--event-id",
        "m1",
    ];
    env.ok(&args);
    env.ok(&["contacts", "remove", "c9", "--yes"]);
    let before = env.snapshot();
    let (code, out, err) = run_at(&env, NOW, &args);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("recorded before"), "{err}");
    assert!(out.contains("c9"), "{out}");
    let v = record_json(&env, NOW, &["bot-message", "c9", "--event-id", "m1"]);
    assert_eq!(
        (&v["id"], &v["status"], &v["duplicate"], &v["batch"]),
        (&json!("c9"), &Value::Null, &json!(true), &Value::Null),
        "{v}"
    );
    let (code, a, err) = stream(
        &env,
        NOW,
        &["record", "--stdin"],
        "{\"event\":\"bot-message\",\"contact\":\"c9\",\"id\":\"m1\"}\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        (&a[0]["duplicate"], &a[0]["status"], &a[0]["id"]),
        (&json!(true), &Value::Null, &json!("c9")),
        "{a:?}"
    );
    assert_eq!(env.snapshot(), before, "nothing changed");
    // A new event id for the removed contact is still an unknown contact.
    let (code, _, err) = run_at(
        &env,
        NOW,
        &["record", "bot-message", "c9", "--event-id", "m2"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("unknown contact"), "{err}");
}

#[test]
fn reaching_the_limit_ends_a_timed_pause_but_no_other() {
    let env = Env::new();
    env.add(&["active", "timed", "untimed", "off", "off-timed"]);
    env.ok(&["config", "set", "max-bot-messages", "2"]);
    env.ok(&["snooze", "timed", "--for", "1h"]);
    env.ok(&["set", "snoozed", "untimed"]);
    env.ok(&["set", "inactive", "off"]);
    env.ok(&["set", "inactive", "off-timed", "--for", "1h"]);
    for id in ["active", "timed", "untimed", "off", "off-timed"] {
        env.ok(&["record", "bot-message", id]);
        env.ok(&["record", "bot-message", id]);
    }
    let hour = "2026-11-21T10:00:00Z";
    let cases = [
        ("active", state("snoozed", "message_limit", None, 2)),
        ("timed", state("snoozed", "message_limit", None, 2)),
        ("untimed", state("snoozed", "manual", None, 2)),
        ("off", state("inactive", "manual", None, 2)),
        ("off-timed", state("inactive", "manual", Some(hour), 2)),
    ];
    for (id, want) in cases {
        assert_eq!(state_at(&env, NOW, id), want, "{id}");
    }
    // The timer the limit replaced no longer wakes the contact.
    assert_eq!(
        state_at(&env, hour, "timed"),
        state("snoozed", "message_limit", None, 2)
    );
    assert_eq!(
        state_at(&env, hour, "off-timed"),
        state("active", "timer", None, 0)
    );
    let h = env.history(&["timed"]);
    assert_eq!(h[0]["reason"], "message_limit", "{h:?}");
    assert_eq!(h[0]["wake_at"], Value::Null, "{h:?}");
}

#[test]
fn a_note_is_kept_beside_the_limit_reached() {
    let env = Env::new();
    env.add(&["c", "d"]);
    env.ok(&["config", "set", "max-bot-messages", "1"]);
    env.ok(&[
        "record",
        "bot-message",
        "c",
        "--channel",
        "sms",
        "--note",
        "lim",
    ]);
    let both = "lim; bot message limit reached on channel sms";
    let h = env.history(&["c"]);
    assert_eq!(h[0]["note"], both, "{h:?}");
    assert_eq!(env.contact("c")["note"], both);
    let status = env.ok(&["status", "c"]);
    assert!(status.contains(both), "{status}");
    // The batch keeps the note as given.
    let batch = h[0]["batch"].to_string();
    let rows = env.history(&["--batch", &batch]);
    assert_eq!(rows.len(), 1);
    // Without a note, the channel alone.
    env.ok(&["record", "bot-message", "d", "--channel", "sms"]);
    assert_eq!(
        env.contact("d")["note"],
        "bot message limit reached on channel sms"
    );
}

#[test]
fn a_sweep_note_becomes_the_note_of_the_contacts_it_wakes() {
    let env = Env::new();
    env.add(&["a", "b"]);
    env.ok(&["snooze", "a", "--for", "1h"]);
    env.ok(&["snooze", "b", "--for", "1h", "--note", "lunch"]);
    let later = "2026-11-21T11:00:00Z";
    // A command that meets a due timer writes the wake first, in a batch of its own
    // without a note: the note of a command the contact's wake was not part of.
    env.at(later)
        .args(["record", "bot-message", "b", "--note", "hi"])
        .assert()
        .success();
    let (code, out, err) = run_at(
        &env,
        later,
        &["sweep", "--note", "cron", "--format", "ndjson"],
    );
    assert_eq!(code, 0, "{err}");
    let woken: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(woken.len(), 1, "{out}");
    assert_eq!(
        (&woken[0]["id"], &woken[0]["note"]),
        (&json!("a"), &json!("cron"))
    );
    let (_, out, _) = run_at(&env, later, &["status", "a", "--format", "json"]);
    let a: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(a["note"], "cron");
    let h = env.history(&["a"]);
    assert_eq!(h[0]["note"], "cron");
    let (_, out, _) = run_at(&env, later, &["status", "b", "--format", "json"]);
    let b: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(b["note"], Value::Null, "{b}");
}

#[test]
fn an_event_id_is_forgotten_after_eight_days_even_before_any_new_id() {
    let env = Env::new();
    env.add(&["a"]);
    env.ok(&["config", "set", "max-bot-messages", "none"]);
    env.ok(&["record", "bot-message", "a", "--event-id", "k"]);
    let week = "2026-11-28T08:59:59Z";
    let v = record_json(&env, week, &["bot-message", "a", "--event-id", "k"]);
    assert_eq!(v["duplicate"], true, "kept 7 days");
    let later = "2026-12-05T09:00:00Z";
    let v = record_json(&env, later, &["bot-message", "a", "--event-id", "k"]);
    assert_eq!(v["duplicate"], false, "forgotten after 8 days: {v}");
    assert_eq!(v["bot_messages"], 2);
    // Recorded again from now on.
    let v = record_json(&env, later, &["bot-message", "a", "--event-id", "k"]);
    assert_eq!(v["duplicate"], true);
    // A stream forgets the same way.
    let much_later = "2026-12-14T09:00:00Z";
    let line = "{\"event\":\"bot-message\",\"contact\":\"a\",\"id\":\"k\"}\n";
    let (code, a, err) = stream(&env, much_later, &["record", "--stdin"], line);
    assert_eq!(code, 0, "{err}");
    assert_eq!(a[0]["duplicate"], false);
    assert_eq!(a[0]["bot_messages"], 3);
}

#[test]
fn a_stream_whose_stdout_fails_says_how_many_events_were_saved() {
    let env = Env::new();
    env.add(&["a"]);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let mut child = env
        .std_cmd()
        .args(["record", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"event\":\"bot-message\",\"contact\":\"a\",\"id\":\"x1\"}\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error:"), "{err}");
    assert!(err.contains("1 event was recorded"), "{err}");
    assert!(err.contains("the disk it goes to is full"), "{err}");
    assert_eq!(env.contact("a")["bot_messages"], 1);
}

#[test]
fn an_event_time_is_checked_like_every_other_time() {
    let env = Env::new();
    env.at("2026-11-21T08:00:00Z")
        .args(["contacts", "add", "a"])
        .assert()
        .success();
    let line =
        |at: &str| format!("{{\"event\":\"bot-message\",\"contact\":\"a\",\"at\":\"{at}\"}}\n");
    let (code, a, _) = stream(
        &env,
        NOW,
        &["record", "--stdin"],
        &line("2026-11-21T08:59:60Z"),
    );
    assert_eq!(code, 1);
    let e = a[0]["error"].as_str().unwrap();
    assert!(e.contains("seconds go from 00 to 59"), "{e}");
    let (code, a, _) = stream(
        &env,
        NOW,
        &["record", "--stdin"],
        &line("2026-11-21T09:00:00.5Z"),
    );
    assert_eq!(code, 1);
    let e = a[0]["error"].as_str().unwrap();
    assert!(e.contains("future"), "{e}");
    // A fraction of a second in the past is fine.
    let (code, a, err) = stream(
        &env,
        NOW,
        &["record", "--stdin"],
        &line("2026-11-21T08:59:59.5Z"),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(a[0]["bot_messages"], 1);
    assert_eq!(env.contact("a")["bot_messages"], 1);
}

#[test]
fn record_messages_name_what_is_wrong() {
    let env = Env::new();
    env.add(&["a"]);
    let (code, _, err) = run_at(&env, NOW, &["record", "bot-message", "a", "--event-id", ""]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("event id"), "{err}");
    assert!(!err.contains("contact id"), "{err}");
    for input in ["[]", "[\"bot-message\",\"a\",null,null,null]", "5"] {
        let (code, a, _) = stream(&env, NOW, &["record", "--stdin"], &format!("{input}\n"));
        assert_eq!(code, 1, "{input}");
        let e = a[0]["error"].as_str().unwrap();
        assert!(!e.contains("Wire"), "{e}");
        assert!(e.contains("JSON object"), "{e}");
    }
    assert_eq!(env.contact("a")["bot_messages"], 0);
    let long = "x".repeat(300);
    let (code, _, err) = run_at(
        &env,
        NOW,
        &["record", "bot-message", "a", "--channel", &long],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("(300 bytes)"), "{err}");
    // A hint is a command that works: an id that had to be cut is not in it.
    let id = "y".repeat(100);
    for cmd in [["status", &id], ["check", &id], ["history", &id]] {
        let (code, _, err) = run_at(&env, NOW, &cmd);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("(100 bytes)"), "{err}");
        assert!(err.contains("`botctl contacts add ID`"), "{err}");
    }
    let (_, _, err) = run_at(&env, NOW, &["status", "c-404"]);
    assert!(err.contains("`botctl contacts add c-404`"), "{err}");
}

/// An event without `at` happens now, as `record` alone has it: a clock behind the
/// contact's last change (another host's, or stepped back) does not lose it.
#[test]
fn an_event_without_at_is_recorded_even_behind_the_last_change() {
    let env = Env::new();
    env.at("2026-11-21T09:00:00Z")
        .args(["contacts", "add", "c-1"])
        .assert()
        .success();
    let (code, answers, err) = stream(
        &env,
        "2026-11-21T08:59:59Z",
        &["record", "--stdin"],
        "{\"event\":\"agent-message\",\"contact\":\"c-1\"}\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(answers[0]["status"], "snoozed", "{answers:?}");
    assert_eq!(env.contact("c-1")["status"], "snoozed");
    // With its own `at`, an event before the last change is still refused.
    let (code, answers, _) = stream(
        &env,
        "2026-11-21T09:00:00Z",
        &["record", "--stdin"],
        "{\"event\":\"bot-message\",\"contact\":\"c-1\",\"at\":\"2026-11-21T08:00:00Z\"}\n",
    );
    assert_eq!(code, 1);
    assert!(
        answers[0]["error"]
            .as_str()
            .unwrap_or("")
            .contains("before the contact's last change"),
        "{answers:?}"
    );
}
