//! botctl as shell scripts and integrations use it: ids on stdin, all-or-nothing bulk
//! changes, `--dry-run`, `--yes` off a terminal, machine formats and bad input.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::process::Output;

use serde_json::Value;

/// Runs `botctl ARGS` with `stdin` as its standard input.
fn run_in(env: &Env, args: &[&str], stdin: impl Into<Vec<u8>>) -> Output {
    env.cmd()
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("run botctl")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 stdout")
}

#[track_caller]
fn assert_code(out: &Output, code: i32, what: &str) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}: expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(out)
    );
}

/// Every contact's effective status, by id.
fn statuses(env: &Env) -> BTreeMap<String, String> {
    env.list(&[])
        .iter()
        .map(|c| {
            (
                c["id"].as_str().expect("id").to_string(),
                c["status"].as_str().expect("status").to_string(),
            )
        })
        .collect()
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Imports contacts with `contacts import -` (much faster than one `contacts add` each).
fn import(env: &Env, ids: impl IntoIterator<Item = String>) {
    let mut csv = String::from("id\n");
    for id in ids {
        csv.push_str(&id);
        csv.push('\n');
    }
    let out = run_in(env, &["contacts", "import", "-"], csv);
    assert_code(&out, 0, "contacts import -");
}

/// Stdin with everything the spec says must be cleaned up: a leading UTF-8 BOM, CRLF line
/// ends, `#` comments, blank lines, surrounding white space and duplicates. It names the
/// contacts `a`, `b` and `x y` (twice each, counted once); `c` only appears in comments.
const MESSY: &[u8] =
    b"\xEF\xBB\xBFa\r\n  b  \r\n# c\r\n\r\n   \r\n\t x y \t\r\n#c\n a\r\nb\r\n  # c\r\nx y";

/// The contacts of the messy-stdin tests: `a`, `b`, `c`, `d` and `x y`.
fn messy_env() -> Env {
    let env = Env::new();
    env.add(&["a", "b", "c", "d", "x y"]);
    env
}

/// The history rows of one batch.
fn batch_rows(env: &Env, batch: i64) -> Vec<Value> {
    env.history(&[])
        .into_iter()
        .filter(|h| h["batch"].as_i64() == Some(batch))
        .collect()
}

/// The batch id in a report like `... (batch 17; undo: botctl undo 17)`.
fn batch_of(report: &str) -> i64 {
    let at = report
        .find("(batch ")
        .unwrap_or_else(|| panic!("no batch id in {report:?}"));
    report[at + 7..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or_else(|_| panic!("no batch id in {report:?}"))
}

#[test]
fn set_reads_messy_ids_from_stdin() {
    for how in [
        &["set", "inactive", "--stdin", "--yes"][..],
        &["set", "inactive", "-", "--yes"],
    ] {
        let env = messy_env();
        let out = run_in(&env, how, MESSY);
        assert_code(&out, 0, &format!("{how:?}"));
        let err = stderr(&out);
        assert!(err.contains("set 3 contacts inactive"), "{how:?}: {err}");
        assert_eq!(
            statuses(&env),
            map(&[
                ("a", "inactive"),
                ("b", "inactive"),
                ("c", "active"),
                ("d", "active"),
                ("x y", "inactive")
            ]),
            "{how:?}"
        );
        let rows = batch_rows(&env, batch_of(&err));
        let mut changed: Vec<&str> = rows
            .iter()
            .map(|h| h["contact"].as_str().unwrap())
            .collect();
        changed.sort();
        assert_eq!(
            changed,
            ["a", "b", "x y"],
            "{how:?}: one history row per contact"
        );
    }
}

#[test]
fn snooze_reads_messy_ids_from_stdin() {
    for how in [
        &["snooze", "--for", "1h", "--stdin", "--yes"][..],
        &["snooze", "--for", "1h", "-", "--yes"],
    ] {
        let env = messy_env();
        let out = run_in(&env, how, MESSY);
        assert_code(&out, 0, &format!("{how:?}"));
        let err = stderr(&out);
        assert!(err.contains("snoozed 3 contacts"), "{how:?}: {err}");
        assert_eq!(
            statuses(&env),
            map(&[
                ("a", "snoozed"),
                ("b", "snoozed"),
                ("c", "active"),
                ("d", "active"),
                ("x y", "snoozed")
            ]),
            "{how:?}"
        );
        let a = env.contact("a");
        assert_eq!(a["wake_at"], "2026-11-21T10:00:00Z");
        assert_eq!(batch_rows(&env, batch_of(&err)).len(), 3, "{how:?}");
    }
}

#[test]
fn wake_reads_messy_ids_from_stdin() {
    for how in [&["wake", "--stdin", "--yes"][..], &["wake", "-", "--yes"]] {
        let env = messy_env();
        env.ok(&["set", "inactive", "a", "b", "c", "d", "x y", "--yes"]);
        let out = run_in(&env, how, MESSY);
        assert_code(&out, 0, &format!("{how:?}"));
        let err = stderr(&out);
        assert!(err.contains("woke 3 contacts"), "{how:?}: {err}");
        assert_eq!(
            statuses(&env),
            map(&[
                ("a", "active"),
                ("b", "active"),
                ("c", "inactive"),
                ("d", "inactive"),
                ("x y", "active")
            ]),
            "{how:?}"
        );
        assert_eq!(batch_rows(&env, batch_of(&err)).len(), 3, "{how:?}");
    }
}

#[test]
fn contacts_remove_reads_messy_ids_from_stdin() {
    for how in [
        &["contacts", "remove", "--stdin", "--yes"][..],
        &["contacts", "remove", "-", "--yes"],
    ] {
        let env = messy_env();
        let out = run_in(&env, how, MESSY);
        assert_code(&out, 0, &format!("{how:?}"));
        let err = stderr(&out);
        assert!(err.contains("removed 3 contacts"), "{how:?}: {err}");
        assert_eq!(
            statuses(&env),
            map(&[("c", "active"), ("d", "active")]),
            "{how:?}"
        );
    }
}

#[test]
fn empty_stdin_changes_nothing() {
    let commands: [&[&str]; 8] = [
        &["set", "inactive", "--stdin"],
        &["set", "inactive", "-"],
        &["snooze", "--stdin"],
        &["snooze", "-", "--for", "1h"],
        &["wake", "--stdin"],
        &["wake", "-"],
        &["contacts", "remove", "--stdin"],
        &["contacts", "remove", "-"],
    ];
    let env = Env::new();
    env.add(&["a", "b"]);
    env.ok(&["set", "inactive", "b"]);
    let before = env.snapshot();
    for args in commands {
        for input in [
            &b""[..],
            b"\n\n",
            b"# only\r\n  # comments\n\n",
            b"\xEF\xBB\xBF# bom and a comment\n",
        ] {
            let out = run_in(&env, args, input);
            assert_code(&out, 0, &format!("{args:?} with {input:?}"));
            assert!(
                !stderr(&out).trim().is_empty(),
                "{args:?} with {input:?}: a note on stderr expected"
            );
            assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
            assert_eq!(
                env.snapshot(),
                before,
                "{args:?} with {input:?} changed something"
            );
        }
    }
}

#[test]
fn unknown_ids_change_nothing() {
    let commands: [&[&str]; 4] = [
        &["set", "inactive", "--stdin", "--yes"],
        &["snooze", "--for", "1h", "-", "--yes"],
        &["wake", "--stdin", "--yes"],
        &["contacts", "remove", "--stdin", "--yes"],
    ];
    let env = Env::new();
    env.add(&["a", "b", "c"]);
    env.ok(&["set", "snoozed", "c"]);
    let before = env.snapshot();
    for args in commands {
        let out = run_in(&env, args, "a\nnope-1\nb\nc\nnope-2\n");
        assert_code(&out, 1, &format!("{args:?}"));
        let err = stderr(&out);
        assert!(err.starts_with("error:"), "{args:?}: {err}");
        assert!(
            err.contains("nope-1") && err.contains("nope-2"),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains("`a`") && !err.contains("`b`"),
            "{args:?} lists known ids: {err}"
        );
        assert_eq!(env.snapshot(), before, "{args:?} changed something");
    }
    // The same with ids as arguments.
    let out = env
        .cmd()
        .args(["set", "inactive", "a", "nope-3", "--yes"])
        .output()
        .unwrap();
    assert_code(&out, 1, "set with an unknown argument");
    assert!(stderr(&out).contains("nope-3"), "{}", stderr(&out));
    assert_eq!(env.snapshot(), before);
}

#[test]
fn unknown_ids_list_the_first_20_and_a_count() {
    let env = Env::new();
    env.add(&["a", "b"]);
    let before = env.snapshot();
    let unknown: Vec<String> = (1..=25).map(|i| format!("zz-{i:02}")).collect();
    let mut input = String::from("a\n");
    for id in &unknown {
        input.push_str(id);
        input.push('\n');
    }
    input.push_str("b\n");
    for args in [
        &["set", "inactive", "--stdin", "--yes"][..],
        &["wake", "-", "--yes"],
    ] {
        let out = run_in(&env, args, input.clone());
        assert_code(&out, 1, &format!("{args:?}"));
        let err = stderr(&out);
        assert!(err.starts_with("error:"), "{err}");
        for id in &unknown[..20] {
            assert!(
                err.contains(id.as_str()),
                "{args:?}: {id} missing from {err}"
            );
        }
        for id in &unknown[20..] {
            assert!(
                !err.contains(id.as_str()),
                "{args:?}: {id} is past the first 20: {err}"
            );
        }
        assert!(
            err.contains("25"),
            "{args:?}: the total count is missing: {err}"
        );
        assert_eq!(env.snapshot(), before, "{args:?} changed something");
    }
}

#[test]
fn create_missing_creates_unknown_ids() {
    let env = Env::new();
    env.add(&["a"]);
    let out = run_in(
        &env,
        &["set", "inactive", "--stdin", "--create-missing", "--yes"],
        "a\nnew-1\r\nnew-2\nnew-1\n",
    );
    assert_code(&out, 0, "set --create-missing");
    assert_eq!(
        statuses(&env),
        map(&[
            ("a", "inactive"),
            ("new-1", "inactive"),
            ("new-2", "inactive")
        ])
    );

    let out = run_in(
        &env,
        &["snooze", "-", "--for", "2h", "--create-missing", "--yes"],
        "new-3\nnew-4\n",
    );
    assert_code(&out, 0, "snooze --create-missing");
    let c = env.contact("new-3");
    assert_eq!(c["status"], "snoozed");
    assert_eq!(c["wake_at"], "2026-11-21T11:00:00Z");
    assert_eq!(env.contact("new-4")["status"], "snoozed");

    let out = run_in(
        &env,
        &["wake", "--stdin", "--create-missing", "--yes"],
        "new-1\nnew-5\n",
    );
    assert_code(&out, 0, "wake --create-missing");
    assert_eq!(env.contact("new-1")["status"], "active");
    assert_eq!(env.contact("new-5")["status"], "active");
    assert_eq!(env.list(&[]).len(), 6);
}

#[test]
fn a_long_id_list_with_three_unknown_ids_changes_nothing() {
    const N: usize = 100_000;
    let env = Env::new();
    let id = |i: usize| format!("crm-{i:06}");
    let unknown = [id(17), id(50_001), id(99_998)];
    import(&env, (0..N).map(id).filter(|i| !unknown.contains(i)));
    assert_eq!(env.list(&["--status", "active"]).len(), N - 3);
    let before = env.snapshot();

    let mut input = String::with_capacity(N * 12);
    for i in 0..N {
        input.push_str(&id(i));
        input.push('\n');
    }
    let out = run_in(
        &env,
        &["set", "inactive", "--stdin", "--yes"],
        input.clone(),
    );
    assert_code(&out, 1, "set inactive with 3 unknown ids among 100k");
    let err = stderr(&out);
    assert!(err.starts_with("error:"), "{err}");
    for u in &unknown {
        assert!(err.contains(u.as_str()), "{u} missing from {err}");
    }
    let listed = err.matches("`crm-").count();
    assert_eq!(listed, 3, "exactly the 3 unknown ids are listed: {err}");
    assert!(err.contains('3'), "{err}");
    assert_eq!(env.snapshot(), before, "nothing may change");
    assert!(env.list(&["--status", "inactive"]).is_empty());
}

#[test]
fn contacts_already_in_the_requested_state_are_left_alone() {
    let env = Env::new();
    env.add(&["a", "b", "c"]);
    env.ok(&["set", "inactive", "a"]);
    let a_before = env.contact("a");
    let history_before = env.history(&[]).len();

    let out = env
        .at("2026-11-21T09:30:00Z")
        .args(["set", "inactive", "a", "b", "--yes"])
        .output()
        .unwrap();
    assert_code(&out, 0, "set inactive a b");
    let err = stderr(&out);
    assert!(
        err.contains("set 1 contact inactive"),
        "only b is counted: {err}"
    );
    let rows = batch_rows(&env, batch_of(&err));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["contact"], "b");
    assert_eq!(env.history(&[]).len(), history_before + 1);
    let a_after = env.contact("a");
    assert_eq!(
        a_after["changed_at"], a_before["changed_at"],
        "a was not touched"
    );

    // Waking an active contact writes no history row; nothing to do at all is exit 0.
    let before = env.snapshot();
    let out = run_in(&env, &["wake", "--stdin"], "c\n");
    assert_code(&out, 0, "wake c (already active)");
    assert_eq!(
        env.snapshot(),
        before,
        "no history row for an already active contact"
    );

    let out = run_in(&env, &["set", "inactive", "-"], "a\nb\n");
    assert_code(&out, 0, "set inactive a b, both already inactive");
    assert_eq!(env.snapshot(), before);

    // wake a b c: only a and b change.
    let out = env
        .cmd()
        .args(["wake", "a", "b", "c", "--yes"])
        .output()
        .unwrap();
    assert_code(&out, 0, "wake a b c");
    let err = stderr(&out);
    assert!(err.contains("woke 2 contacts"), "{err}");
    let mut woke: Vec<String> = batch_rows(&env, batch_of(&err))
        .iter()
        .map(|h| h["contact"].as_str().unwrap().to_string())
        .collect();
    woke.sort();
    assert_eq!(woke, ["a", "b"]);
}

fn lines(s: &str) -> Vec<&str> {
    let mut v: Vec<&str> = s.lines().collect();
    v.sort();
    v
}

#[test]
fn dry_run_prints_the_ids_and_changes_nothing() {
    let env = Env::new();
    env.add(&["a", "b", "c", "d"]);
    env.ok(&["set", "inactive", "c", "d", "--yes"]);
    let before = env.snapshot();

    let cases: [(&[&str], &str, &[&str]); 8] = [
        (
            &["set", "inactive", "a", "b", "c", "--dry-run"],
            "",
            &["a", "b"],
        ),
        (
            &["set", "snoozed", "--stdin", "--for", "1h", "--dry-run"],
            "a\nc\n",
            &["a", "c"],
        ),
        (
            &["snooze", "a", "b", "c", "--dry-run"],
            "",
            &["a", "b", "c"],
        ),
        (&["snooze", "-", "--dry-run"], "b\nd\n", &["b", "d"]),
        (&["wake", "a", "c", "d", "--dry-run"], "", &["c", "d"]),
        (&["wake", "--stdin", "--dry-run"], "a\nb\nc\n", &["c"]),
        (
            &["contacts", "remove", "a", "c", "--dry-run"],
            "",
            &["a", "c"],
        ),
        (
            &["contacts", "remove", "--stdin", "--dry-run"],
            "b\nd\na\n",
            &["a", "b", "d"],
        ),
    ];
    for (args, input, expected) in cases {
        let out = run_in(&env, args, input);
        assert_code(&out, 0, &format!("{args:?}"));
        assert_eq!(
            lines(&stdout(&out)),
            expected,
            "{args:?}: stdout lists the ids that would change"
        );
        assert_eq!(env.snapshot(), before, "{args:?} changed something");
    }

    // sweep --dry-run: a timer that ran out.
    let mut env = Env::new();
    env.add(&["s1", "s2", "s3"]);
    env.ok(&["snooze", "s1", "s2", "--for", "1h", "--yes"]);
    env.ok(&["snooze", "s3", "--for", "5h"]);
    env.now = "2026-11-21T11:00:00Z".to_string();
    let before = env.snapshot();
    let out = env.cmd().args(["sweep", "--dry-run"]).output().unwrap();
    assert_code(&out, 0, "sweep --dry-run");
    assert_eq!(lines(&stdout(&out)), ["s1", "s2"]);
    assert_eq!(env.snapshot(), before, "sweep --dry-run changed something");
    let history_rows = env.history(&[]).len();
    env.ok(&["sweep"]);
    assert_eq!(
        env.history(&[]).len(),
        history_rows + 2,
        "the real sweep does write"
    );
}

#[test]
fn bulk_changes_off_a_terminal_need_yes() {
    let env = Env::new();
    env.add(&["a", "b", "c"]);
    let before = env.snapshot();
    let cases: [(&[&str], &str); 6] = [
        (&["set", "inactive", "a", "b"], ""),
        (&["set", "inactive", "--stdin"], "a\nb\n"),
        (&["snooze", "a", "b", "c", "--for", "1h"], ""),
        (&["snooze", "-"], "b\nc\n"),
        (&["contacts", "remove", "a", "b"], ""),
        (&["contacts", "remove", "--stdin"], "a\nc\n"),
    ];
    for (args, input) in cases {
        let out = run_in(&env, args, input);
        assert_code(&out, 1, &format!("{args:?} without --yes"));
        let err = stderr(&out);
        assert!(err.starts_with("error:"), "{args:?}: {err}");
        assert!(err.contains("refusing to change"), "{args:?}: {err}");
        assert!(err.contains("--yes"), "{args:?}: {err}");
        assert_eq!(env.snapshot(), before, "{args:?} changed something");
    }

    // wake needs --yes as well.
    env.ok(&["set", "inactive", "a", "b", "--yes"]);
    let before = env.snapshot();
    let out = env.cmd().args(["wake", "a", "b"]).output().unwrap();
    assert_code(&out, 1, "wake a b without --yes");
    assert!(
        stderr(&out).contains("refusing to change"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.snapshot(), before);

    // One contact needs no --yes, from arguments or from stdin.
    let out = env.cmd().args(["wake", "a"]).output().unwrap();
    assert_code(&out, 0, "wake a");
    let out = run_in(&env, &["set", "snoozed", "--stdin"], "c\n");
    assert_code(&out, 0, "set snoozed c from stdin");
    // Two ids of which only one changes: one contact, no --yes needed.
    let out = env
        .cmd()
        .args(["set", "inactive", "b", "c"])
        .output()
        .unwrap();
    assert_code(&out, 0, "set inactive b c (b already inactive)");
    assert_eq!(
        statuses(&env),
        map(&[("a", "active"), ("b", "inactive"), ("c", "inactive")])
    );

    // With --yes it works.
    let out = run_in(&env, &["wake", "--stdin", "--yes"], "b\nc\n");
    assert_code(&out, 0, "wake --yes");
    let out = env
        .cmd()
        .args(["contacts", "remove", "a", "b", "-y"])
        .output()
        .unwrap();
    assert_code(&out, 0, "contacts remove -y");
    assert_eq!(statuses(&env), map(&[("c", "active")]));
}

#[test]
fn list_ids_pipes_into_wake_stdin() {
    let env = Env::new();
    let ids: Vec<String> = (0..30).map(|i| format!("p-{i:02}")).collect();
    import(&env, ids.clone());
    let to_disable: Vec<&str> = ids.iter().step_by(3).map(String::as_str).collect();
    let mut args = vec!["set", "inactive", "--yes"];
    args.extend(&to_disable);
    env.ok(&args);
    env.ok(&["snooze", "p-01", "p-02", "--yes"]);
    assert_eq!(env.list(&["--status", "inactive"]).len(), 10);

    let listed = env
        .cmd()
        .args(["list", "--status", "inactive", "--format", "ids"])
        .output()
        .unwrap();
    assert_code(&listed, 0, "list --format ids");
    assert_eq!(stdout(&listed).lines().count(), 10);
    let out = env
        .cmd()
        .args(["wake", "--stdin", "--yes"])
        .write_stdin(listed.stdout)
        .output()
        .unwrap();
    assert_code(&out, 0, "wake --stdin --yes");
    assert!(
        stderr(&out).contains("woke 10 contacts"),
        "{}",
        stderr(&out)
    );
    assert!(env.list(&["--status", "inactive"]).is_empty());
    let snoozed: Vec<Value> = env.list(&["--status", "snoozed"]);
    assert_eq!(snoozed.len(), 2, "the snoozed ones were not in the list");
    assert_eq!(env.list(&["--status", "active"]).len(), 28);
}

#[test]
fn bad_stdin_is_refused_with_the_line_number() {
    let env = Env::new();
    env.add(&["a", "b"]);
    let before = env.snapshot();

    let mut huge = b"a\n".to_vec();
    huge.extend(std::iter::repeat_n(b'x', 10 << 20));
    huge.extend(b"\nb\n");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("non-UTF-8", b"a\nb-\xff\xfe\n".to_vec(), "line 2"),
        ("latin-1", b"a\nb\n\xe9t\xe9\n".to_vec(), "line 3"),
        ("NUL byte", b"a\r\nb\r\nc\0d\r\n".to_vec(), "line 3"),
        ("10 MB line", huge, "line 2"),
        (
            "257-byte id",
            format!("a\n# fine\n{}\nb\n", "i".repeat(257)).into_bytes(),
            "line 3",
        ),
        (
            "257-byte id of 2-byte characters",
            format!("a\n{}x\n", "é".repeat(128)).into_bytes(),
            "line 2",
        ),
    ];
    let commands: [&[&str]; 4] = [
        &["set", "inactive", "--stdin", "--yes"],
        &["snooze", "-", "--yes"],
        &["wake", "--stdin", "--yes", "--create-missing"],
        &["contacts", "remove", "-", "--yes"],
    ];
    for (what, input, line) in &cases {
        for args in commands {
            let out = run_in(&env, args, input.clone());
            assert_code(&out, 1, &format!("{args:?} with {what}"));
            let err = stderr(&out);
            assert!(err.starts_with("error:"), "{args:?} with {what}: {err}");
            assert!(
                err.contains(line),
                "{args:?} with {what}: `{line}` expected in {err}"
            );
            assert!(
                err.len() < 2000,
                "{args:?} with {what}: the error echoes the input: {} bytes",
                err.len()
            );
            assert_eq!(
                env.snapshot(),
                before,
                "{args:?} with {what} changed something"
            );
        }
    }
    // A 256-byte id is fine.
    let ok = "i".repeat(256);
    let out = run_in(
        &env,
        &["set", "inactive", "--stdin", "--create-missing"],
        format!("{ok}\n"),
    );
    assert_code(&out, 0, "a 256-byte id");
    assert_eq!(env.contact(&ok)["status"], "inactive");
}

#[test]
fn stdin_and_id_arguments_together_are_a_usage_error() {
    let env = Env::new();
    env.add(&["a", "b"]);
    let before = env.snapshot();
    let commands: [&[&str]; 6] = [
        &["set", "inactive", "a", "--stdin", "--yes"],
        &["snooze", "a", "--stdin", "--yes"],
        &["wake", "a", "b", "--stdin", "--yes"],
        &["contacts", "remove", "a", "--stdin", "--yes"],
        &["set", "inactive", "a", "-", "--yes"],
        &["wake", "-", "b", "--yes"],
    ];
    for args in commands {
        let out = run_in(&env, args, "b\n");
        assert_code(&out, 2, &format!("{args:?}"));
        assert!(
            stderr(&out).contains("error:"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(env.snapshot(), before, "{args:?} changed something");
    }
}

#[test]
fn odd_ids_are_stored_and_printed_exactly() {
    let odd = [
        "O'Brien; \"x\"",
        "клиент 7",
        "顧客",
        "x'); DROP TABLE contacts; --",
        "a,b \"c\"",
        "emoji 🤖 ü",
    ];
    let env = Env::new();
    env.add(&odd[..3]);
    let out = run_in(
        &env,
        &["set", "inactive", "--stdin", "--create-missing", "--yes"],
        odd[3..].join("\r\n"),
    );
    assert_code(&out, 0, "create odd ids from stdin");
    let mut expected: Vec<&str> = odd.to_vec();
    expected.sort();

    let ids = env.ok(&["list", "--format", "ids"]);
    assert_eq!(lines(&ids), expected, "list --format ids");

    let mut json: Vec<String> = env
        .list(&[])
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    json.sort();
    assert_eq!(json, expected, "list --format json");

    let csv_out = env.ok(&["list", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_out.as_bytes());
    let id_col = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "id")
        .expect("id column");
    let mut from_csv: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[id_col].to_string())
        .collect();
    from_csv.sort();
    assert_eq!(from_csv, expected, "list --format csv");

    let nd = env.ok(&["list", "--format", "ndjson"]);
    let mut from_nd: Vec<String> = nd
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    from_nd.sort();
    assert_eq!(from_nd, expected, "list --format ndjson");

    // Each one works as an argument and round-trips through --stdin.
    for id in odd {
        assert_eq!(env.contact(id)["id"], id);
        env.ok(&["wake", id]);
        assert_eq!(env.contact(id)["status"], "active", "{id}");
    }
    let out = run_in(&env, &["snooze", "--stdin", "--yes"], ids);
    assert_code(&out, 0, "snooze the odd ids from list --format ids");
    assert_eq!(env.list(&["--status", "snoozed"]).len(), odd.len());
}

#[test]
fn set_without_arguments_off_a_terminal_is_a_usage_error() {
    let env = Env::new();
    env.add(&["a"]);
    let before = env.snapshot();
    let out = run_in(&env, &["set"], "");
    assert_code(&out, 2, "set with no arguments");
    let err = stderr(&out);
    assert!(err.contains("error:"), "{err}");
    assert!(err.contains("status"), "says a status is needed: {err}");
    assert!(err.contains("id"), "says contact ids are needed: {err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn machine_formats_print_every_row() {
    let env = Env::new();
    let ids: Vec<String> = (0..120).map(|i| format!("m-{i:03}")).collect();
    import(&env, ids.clone());

    let out = env.ok(&["list", "--format", "ids"]);
    assert_eq!(out.lines().count(), 120);
    assert_eq!(
        lines(&out),
        ids.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(env.list(&[]).len(), 120);
    assert_eq!(env.ok(&["list", "--format", "ndjson"]).lines().count(), 120);
    let csv_out = env.ok(&["list", "--format", "csv"]);
    assert_eq!(
        csv::Reader::from_reader(csv_out.as_bytes())
            .records()
            .count(),
        120
    );
    // The table format off a terminal is tab-separated text: a header and every row.
    assert_eq!(env.ok(&["list"]).lines().count(), 121);
    // --limit still limits.
    assert_eq!(
        env.ok(&["list", "--format", "ids", "--limit", "70"])
            .lines()
            .count(),
        70
    );
}
