//! Contract corners on a terminal: Ctrl-C at a prompt gives the cursor back, the `set`
//! wizard's picker and prompts, and tables in a narrow terminal. Each test runs the built
//! binary in a pseudo-terminal with rexpect.

mod common;
use common::*;

use rexpect::process::WaitStatus;
use rexpect::session::{Options, PtySession, spawn_with_options};

const TIMEOUT_MS: u64 = 10_000;
const HIDE_CURSOR: &str = "\x1b[?25l";
const SHOW_CURSOR: &str = "\x1b[?25h";

/// `botctl ARGS` in a pseudo-terminal of `cols` columns (stdin, stdout and stderr all the
/// terminal), with the environment of `Env::cmd`. Escape codes are kept when `raw`.
fn pty_sized(env: &Env, cols: u16, raw: bool, args: &[&str]) -> PtySession {
    let botctl = env.std_cmd();
    let mut c = std::process::Command::new("sh");
    c.env_clear();
    for (k, v) in botctl.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    c.env("TERM", "xterm")
        .arg("-c")
        .arg(format!("stty cols {cols} rows 50 && exec \"$0\" \"$@\""))
        .arg(botctl.get_program())
        .args(args);
    let options = Options::new()
        .timeout_ms(Some(TIMEOUT_MS))
        .strip_ansi_escape_codes(!raw);
    spawn_with_options(c, options).expect("spawn botctl in a pty")
}

fn pty(env: &Env, args: &[&str]) -> PtySession {
    pty_sized(env, 100, false, args)
}

fn keys(p: &mut PtySession, s: &str) {
    p.send(s).expect("send keys");
    p.flush().expect("flush keys");
}

#[track_caller]
fn expect(p: &mut PtySession, needle: &str) -> String {
    p.exp_string(needle)
        .unwrap_or_else(|e| panic!("expected {needle:?} on the terminal: {e}"))
}

/// The terminal's bytes, which rexpect hands over one char per byte, as UTF-8.
fn utf8(s: &str) -> String {
    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Reads the rest of the output and the exit code (or the signal that ended botctl).
fn finish(mut p: PtySession) -> (String, String) {
    let rest = utf8(&p.exp_eof().expect("botctl ends"));
    let how = match p.process_mut().wait().expect("wait for botctl") {
        WaitStatus::Exited(_, code) => format!("exit {code}"),
        other => format!("{other:?}"),
    };
    (rest, how)
}

// ----- 17: ids are never wrapped in a narrow terminal -----

const LONG_IDS: [&str; 3] = [
    "crm-eu-west-0000012345",
    "crm-us-east-0000067890",
    "crm-ap-south-000001111",
];

#[test]
fn list_and_history_never_wrap_an_id_in_70_columns() {
    let env = Env::new();
    let mut csv = String::from("id,name,email\n");
    for (i, id) in LONG_IDS.iter().enumerate() {
        csv.push_str(&format!(
            "{id},Alexandra Konstantinidou-Papadopoulou {i},alexandra.k{i}@example.com\n"
        ));
    }
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(csv)
        .assert()
        .success();
    env.ok(&["snooze", "--for", "2h", "--yes", LONG_IDS[0], LONG_IDS[1]]);
    env.ok(&[
        "--actor",
        "a-rather-long-actor-name",
        "set",
        "inactive",
        LONG_IDS[2],
    ]);
    // With colour and without it (`--color never` tells the table it is not on a
    // terminal, which must not make it forget the terminal's width).
    for cmd in [
        &["list"][..],
        &["history"],
        &["--color", "never", "list"],
        &["--color", "never", "history"],
    ] {
        let (out, how) = finish(pty_sized(&env, 70, false, cmd));
        assert_eq!(how, "exit 0", "{out}");
        assert!(
            out.lines().any(|l| l.contains('│') || l.contains('|')),
            "{cmd:?}: a table:\n{out}"
        );
        let widest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(widest <= 70, "{cmd:?}: fits 70 columns:\n{out}");
        for id in LONG_IDS {
            assert!(
                out.contains(id),
                "{cmd:?}: `{id}` whole on one line:\n{out}"
            );
        }
    }
}

/// With room for every column's title, no title and no short value is split a letter a
/// line: the header is one line.
#[test]
fn a_narrow_table_keeps_its_titles_whole() {
    let env = Env::new();
    env.ok(&["contacts", "add", "c1", "--name", "Some Person"]);
    env.ok(&["record", "agent-message", "c1"]);
    let (out, how) = finish(pty_sized(&env, 66, false, &["--color", "never", "list"]));
    assert_eq!(how, "exit 0", "{out}");
    let header = out.lines().find(|l| l.contains("ID")).unwrap_or_default();
    for title in ["NAME", "STATUS", "REASON", "WAKES", "CHANGED"] {
        assert!(
            header.contains(title),
            "`{title}` whole in {header:?}:\n{out}"
        );
    }
    let widest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest <= 66, "fits 66 columns:\n{out}");
}

// ----- 14: Ctrl-C, and the `set` wizard's picker and prompts -----

/// Asserts the cursor is shown at the end: no hide-cursor code after the last show.
#[track_caller]
fn cursor_shown_at_the_end(out: &str) {
    let hidden = out.rfind(HIDE_CURSOR);
    let shown = out.rfind(SHOW_CURSOR);
    assert!(
        hidden.is_none() || shown > hidden,
        "the cursor is left hidden: {out:?}"
    );
}

#[test]
fn ctrl_c_at_a_prompt_gives_the_cursor_back_and_changes_nothing() {
    let env = Env::new();
    env.add(&["a", "b", "c"]);
    env.ok(&["contacts", "add", "d", "--name", "Dana"]);
    let before = env.snapshot();

    // The `[y/N]` question of a bulk change.
    let mut p = pty_sized(&env, 100, true, &["set", "inactive", "a", "b", "c"]);
    let seen = expect(&mut p, "Set 3 contacts to inactive");
    keys(&mut p, "\x03");
    let (out, how) = finish(p);
    let out = utf8(&seen) + &out;
    assert_eq!(how, "exit 130", "{out}");
    cursor_shown_at_the_end(&out);
    assert!(
        out.contains("error: interrupted; nothing was changed"),
        "{out}"
    );
    assert_eq!(env.snapshot(), before);

    // Each step of the wizard.
    for (steps, at) in [
        (&[][..], "Contact"),
        (&["Dana", "\r"][..], "Status of d"),
        (
            &["Dana", "\r", "\x1b[B", "\r"][..],
            "Reactivate automatically?",
        ),
        (
            &["Dana", "\r", "\x1b[B", "\r", "\r"][..],
            "Reactivate after",
        ),
    ] {
        let mut p = pty_sized(&env, 100, true, &["set"]);
        let mut seen = expect(&mut p, "Contact");
        for k in steps {
            keys(&mut p, k);
            std::thread::sleep(std::time::Duration::from_millis(150));
        }
        if !steps.is_empty() {
            seen += &expect(&mut p, at);
        }
        std::thread::sleep(std::time::Duration::from_millis(150));
        keys(&mut p, "\x03");
        let (out, how) = finish(p);
        let all = utf8(&seen) + &out;
        assert_eq!(how, "exit 130", "at {at:?}: {all:?}");
        assert!(
            all.contains(HIDE_CURSOR),
            "the picker hides the cursor: {all:?}"
        );
        cursor_shown_at_the_end(&all);
        assert_eq!(env.snapshot(), before, "at {at:?}");
    }
}

#[test]
fn the_wizard_picker_finds_contacts_by_name() {
    let env = Env::new();
    env.add(&["c-100", "c-200"]);
    env.ok(&["contacts", "add", "c-300", "--name", "Zoë Quintero"]);
    let mut p = pty(&env, &["set"]);
    expect(&mut p, "Contact");
    keys(&mut p, "Quintero");
    std::thread::sleep(std::time::Duration::from_millis(200));
    keys(&mut p, "\r");
    expect(&mut p, "Status of c-300");
    keys(&mut p, "\x1b[B\x1b[B");
    std::thread::sleep(std::time::Duration::from_millis(150));
    keys(&mut p, "\r");
    expect(&mut p, "Reactivate automatically?");
    // Inactive: the pick starts at No.
    keys(&mut p, "\r");
    let (out, how) = finish(p);
    assert_eq!(how, "exit 0", "{out}");
    assert_eq!(env.contact("c-300")["status"], "inactive");
    assert_eq!(env.contact("c-100")["status"], "active");
}

#[test]
fn the_wizard_asks_again_after_a_typo_and_names_no_flag() {
    let env = Env::new();
    // More contacts than the picker lists: the id is typed.
    let mut csv = String::from("id\n");
    for i in 0..5001 {
        csv.push_str(&format!("row-{i:05}\n"));
    }
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(csv)
        .assert()
        .success();
    let mut p = pty(&env, &["set"]);
    expect(&mut p, "Contact id");
    keys(&mut p, "row-9999\r");
    expect(&mut p, "row-9999");
    expect(&mut p, "type it again");
    keys(&mut p, "\x15");
    keys(&mut p, "row-00042\r");
    expect(&mut p, "Status of row-00042");
    keys(&mut p, "\x1b[B");
    std::thread::sleep(std::time::Duration::from_millis(150));
    keys(&mut p, "\r");
    expect(&mut p, "Reactivate automatically?");
    keys(&mut p, "\r");
    expect(&mut p, "Reactivate after");
    // Clear the default, then a bad duration: the error speaks of what was typed.
    keys(&mut p, "\x7f\x7fsoon\r");
    let shown = expect(&mut p, "not a duration");
    let more = expect(&mut p, "Reactivate after");
    assert!(
        !shown.contains("--for") && !more.contains("--for"),
        "{shown}{more}"
    );
    keys(&mut p, "\x7f\x7f\x7f\x7f45m\r");
    let (out, how) = finish(p);
    assert_eq!(how, "exit 0", "{out}");
    assert!(!out.contains("--for"), "{out}");
    let c = env.contact("row-00042");
    assert_eq!(c["status"], "snoozed", "{c}");
    assert_eq!(c["wake_at"], "2026-11-21T09:45:00Z", "{c}");

    // Esc at the typed id cancels, with a whole id typed and an Enter after it.
    let before = env.snapshot();
    let mut p = pty(&env, &["set"]);
    expect(&mut p, "Contact id");
    keys(&mut p, "row-00007");
    std::thread::sleep(std::time::Duration::from_millis(200));
    keys(&mut p, "\x1b");
    std::thread::sleep(std::time::Duration::from_millis(200));
    keys(&mut p, "\r");
    let (out, how) = finish(p);
    assert_eq!(how, "exit 130", "{out}");
    assert!(out.contains("nothing was changed"), "{out}");
    assert_eq!(env.snapshot(), before);
}

// ----- machine formats on a terminal -----

/// JSON shown on a terminal stays JSON, with every character that could act on the
/// terminal (here a right-to-left override in a name) written as `\uXXXX`; through a
/// pipe the same command gives the exact bytes.
#[test]
fn json_on_a_terminal_escapes_bidi_controls() {
    let env = Env::new();
    env.ok(&["contacts", "add", "c-1", "--name", "a\u{202e}b"]);
    for args in [
        &["list", "--format", "json"][..],
        &["status", "c-1", "--format", "json"],
        &["list", "--format", "ndjson"],
    ] {
        let (out, how) = finish(pty(&env, args));
        assert_eq!(how, "exit 0", "{args:?}: {out}");
        assert!(out.contains("a\\u202eb"), "{args:?}: {out:?}");
        assert!(!out.contains('\u{202e}'), "{args:?}: {out:?}");
    }
    let piped = env.ok(&["list", "--format", "json"]);
    assert!(piped.contains("a\u{202e}b"), "{piped}");
}
