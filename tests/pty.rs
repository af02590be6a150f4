//! botctl on a terminal: confirmation prompts, the interactive `set`, and the capped table
//! of `list`. Each test runs the built binary in a pseudo-terminal with rexpect.

mod common;
use common::*;

use std::collections::BTreeMap;

use rexpect::process::WaitStatus;
use rexpect::session::{Options, PtySession, spawn_with_options};

/// How long any single expectation may wait.
const TIMEOUT_MS: u64 = 10_000;

/// `botctl ARGS` in a pseudo-terminal (stdin, stdout and stderr all the terminal), with the
/// same environment as `Env::cmd`.
fn pty(env: &Env, args: &[&str]) -> PtySession {
    let mut c = env.std_cmd();
    c.args(args).env("TERM", "xterm");
    let options = Options::new()
        .timeout_ms(Some(TIMEOUT_MS))
        .strip_ansi_escape_codes(true);
    spawn_with_options(c, options).expect("spawn botctl in a pty")
}

/// Sends keys at once (an escape sequence must arrive in one piece).
fn keys(p: &mut PtySession, s: &str) {
    p.send(s).expect("send keys");
    p.flush().expect("flush keys");
}

#[track_caller]
fn expect(p: &mut PtySession, needle: &str) -> String {
    p.exp_string(needle)
        .unwrap_or_else(|e| panic!("expected {needle:?} on the terminal: {e}"))
}

/// Reads the rest of the output and the exit code.
fn finish(mut p: PtySession) -> (String, i32) {
    let rest = p.exp_eof().expect("botctl ends");
    match p.process_mut().wait().expect("wait for botctl") {
        WaitStatus::Exited(_, code) => (rest, code),
        other => panic!("botctl did not exit normally: {other:?}\n{rest}"),
    }
}

fn statuses(env: &Env) -> BTreeMap<String, String> {
    env.list(&[])
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn all(ids: &[&str], status: &str) -> BTreeMap<String, String> {
    ids.iter()
        .map(|id| (id.to_string(), status.to_string()))
        .collect()
}

#[test]
fn bulk_set_asks_and_yes_changes() {
    let env = Env::new();
    env.add(&["a", "b", "c", "d"]);
    let mut p = pty(&env, &["set", "inactive", "a", "b", "c"]);
    expect(&mut p, "Set 3 contacts to inactive");
    keys(&mut p, "y");
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    let mut want = all(&["a", "b", "c"], "inactive");
    want.insert("d".into(), "active".into());
    assert_eq!(statuses(&env), want);
    assert_eq!(
        env.history(&[])
            .iter()
            .filter(|h| h["to"] == "inactive")
            .count(),
        3
    );
}

#[test]
fn bulk_set_answered_no_changes_nothing() {
    // `n`, Enter (the default is no), and Esc (which exits 130).
    for (answer, code) in [("n", 1), ("\r", 1), ("\x1b", 130)] {
        let env = Env::new();
        env.add(&["a", "b", "c"]);
        let before = env.snapshot();
        let mut p = pty(&env, &["set", "inactive", "a", "b", "c"]);
        expect(&mut p, "Set 3 contacts to inactive");
        keys(&mut p, answer);
        let (rest, exit) = finish(p);
        assert_eq!(exit, code, "answered {answer:?}: {rest}");
        assert!(rest.contains("nothing was changed"), "{rest}");
        assert_eq!(env.snapshot(), before, "answered {answer:?}: {rest}");
        assert_eq!(statuses(&env), all(&["a", "b", "c"], "active"));
    }
}

#[test]
fn other_bulk_changes_ask_on_a_terminal_too() {
    let env = Env::new();
    env.add(&["a", "b", "c"]);
    env.ok(&["set", "inactive", "a", "b", "--yes"]);

    let before = env.snapshot();
    let mut p = pty(&env, &["wake", "a", "b"]);
    expect(&mut p, "2 contacts");
    keys(&mut p, "n");
    let (rest, _) = finish(p);
    assert_eq!(env.snapshot(), before, "{rest}");

    let mut p = pty(&env, &["contacts", "remove", "b", "c"]);
    expect(&mut p, "Remove 2 contacts");
    keys(&mut p, "y");
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    assert_eq!(statuses(&env), all(&["a"], "inactive"));

    // A single contact is not asked about.
    let (rest, code) = finish(pty(&env, &["wake", "a"]));
    assert_eq!(code, 0, "{rest}");
    assert!(!rest.contains('?'), "no question for one contact: {rest}");
    assert_eq!(statuses(&env), all(&["a"], "active"));
}

/// `botctl set` on a terminal, walked to its typed question: contact `bravo-2` picked by
/// typing part of it, status snoozed, reactivate yes.
fn snooze_bravo_until_asked_after(env: &Env) -> PtySession {
    let mut p = pty(env, &["set"]);
    expect(&mut p, "Contact");
    keys(&mut p, "bravo");
    expect(&mut p, "bravo-2");
    keys(&mut p, "\r");
    expect(&mut p, "Status of bravo-2");
    keys(&mut p, "\x1b[B");
    keys(&mut p, "\r");
    expect(&mut p, "Reactivate automatically?");
    // A pick (Yes, the default for snoozed), so that no key typed here is left over to
    // answer the next question with its default (2h).
    keys(&mut p, "\r");
    expect(&mut p, "Reactivate after");
    p
}

#[test]
fn interactive_set_asks_step_by_step() {
    let env = Env::new();
    env.add(&["alpha-1", "bravo-2", "charlie-3"]);
    let mut p = snooze_bravo_until_asked_after(&env);
    keys(&mut p, "30m\r");
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");

    let c = env.contact("bravo-2");
    assert_eq!(c["status"], "snoozed", "{c}");
    assert_eq!(c["reason"], "manual", "{c}");
    assert_eq!(c["wake_at"], "2026-11-21T09:30:00Z", "{c}");
    for other in ["alpha-1", "charlie-3"] {
        assert_eq!(env.contact(other)["status"], "active", "{other}");
    }
    let history = env.history(&["bravo-2"]);
    assert_eq!(history[0]["to"], "snoozed");
    assert_eq!(history[0]["wake_at"], "2026-11-21T09:30:00Z");
}

#[test]
fn list_on_a_terminal_shows_50_rows_and_says_how_many_more() {
    let env = Env::new();
    let mut csv = String::from("id\n");
    for i in 0..60 {
        csv.push_str(&format!("row-{i:02}\n"));
    }
    let out = env
        .cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(env.list(&[]).len(), 60);

    let (out, code) = finish(pty(&env, &["list"]));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("STATUS") && out.contains("row-00"),
        "a table:\n{out}"
    );
    let rows = out.lines().filter(|l| l.contains("row-")).count();
    assert!(rows > 0 && rows <= 50, "{rows} rows shown:\n{out}");
    assert_eq!(rows, 50, "the first 50 rows:\n{out}");
    assert!(out.contains("10 more"), "says how many more:\n{out}");
    assert!(out.contains("--limit"), "mentions --limit:\n{out}");

    // With --limit the table shows that many, and no note.
    let (out, code) = finish(pty(&env, &["list", "--limit", "55"]));
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.lines().filter(|l| l.contains("row-")).count(),
        55,
        "{out}"
    );
}

#[test]
fn esc_at_a_wizard_question_cancels_with_130() {
    let env = Env::new();
    env.add(&["alpha-1", "bravo-2"]);
    let before = env.snapshot();
    let mut p = pty(&env, &["set"]);
    expect(&mut p, "Contact");
    keys(&mut p, "bravo");
    expect(&mut p, "bravo-2");
    keys(&mut p, "\r");
    expect(&mut p, "Status of bravo-2");
    keys(&mut p, "\x1b");
    let (rest, code) = finish(p);
    assert_eq!(code, 130, "{rest}");
    assert!(rest.contains("nothing was changed"), "{rest}");
    assert_eq!(env.snapshot(), before);

    // The typed question too: Esc there cancels, even with text typed, and an Enter
    // pressed after it changes nothing.
    let mut p = snooze_bravo_until_asked_after(&env);
    keys(&mut p, "45m");
    std::thread::sleep(std::time::Duration::from_millis(200));
    keys(&mut p, "\x1b");
    std::thread::sleep(std::time::Duration::from_millis(200));
    keys(&mut p, "\r");
    let (rest, code) = finish(p);
    assert_eq!(code, 130, "{rest}");
    assert!(
        rest.contains("error: cancelled; nothing was changed"),
        "{rest}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_small_import_on_a_terminal_shows_no_progress() {
    let env = Env::new();
    let file = env.dir.path().join("s.csv");
    std::fs::write(&file, "id,name\na,1\nb,2\n").unwrap();
    let (out, code) = finish(pty(&env, &["contacts", "import", file.to_str().unwrap()]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("imported 2 rows: 2 added"), "{out}");
    assert!(!out.contains("importing"), "no progress for 2 rows:\n{out}");
    // A larger one counts the rows it has read, never a made-up total.
    let mut csv = String::from("id\n");
    for i in 0..5000 {
        csv.push_str(&format!("big-{i}\n"));
    }
    std::fs::write(&file, csv).unwrap();
    let (out, code) = finish(pty(&env, &["contacts", "import", file.to_str().unwrap()]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("imported 5,000 rows: 5,000 added"), "{out}");
    assert!(!out.contains("18,446"), "{out}");
}
