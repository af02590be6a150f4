//! At home in the shell: the manual pages, dynamic completion from the database, one
//! colour and glyph policy, the OS user from the system's user database, per-command
//! formats, `--verbose`, the help, and the documented JSON fields.

mod common;
use common::*;

use std::fs;
use std::path::PathBuf;

use predicates::prelude::*;

fn bless() -> bool {
    std::env::var("BOTCTL_BLESS").is_ok_and(|v| v == "1")
}

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

// ----- man -----

/// The pages under `man/` are what `botctl man [COMMAND]` prints, one per command.
/// Regenerate them with `BOTCTL_BLESS=1 cargo test --test shell man`.
#[test]
fn man_pages_are_current() {
    let env = Env::bare();
    let dir = repo("man");
    let main = env.ok(&["man"]);
    assert!(
        main.starts_with(".ie") || main.contains(".TH BOTCTL 1"),
        "roff:\n{main}"
    );
    assert!(main.contains("snooze"), "lists the commands:\n{main}");
    // The error for an unknown page lists every command; each has its page.
    let err = env.cmd().args(["man", "no-such"]).output().unwrap();
    assert_eq!(err.status.code(), Some(2));
    let err = String::from_utf8(err.stderr).unwrap();
    let commands: Vec<String> = err
        .split("the commands are ")
        .nth(1)
        .unwrap_or_else(|| panic!("lists the commands: {err}"))
        .trim()
        .split(", ")
        .map(String::from)
        .collect();
    for want in [
        "status",
        "set",
        "sweep",
        "undo",
        "contacts-import",
        "config-set",
        "man",
    ] {
        assert!(commands.iter().any(|c| c == want), "{want} in {commands:?}");
    }
    let nested = env.ok(&["man", "contacts-import"]);
    assert!(nested.contains("CSV"), "{nested}");
    let mut pages = vec![("botctl.1".to_string(), main)];
    for cmd in &commands {
        let page = env.ok(&["man", cmd]);
        let title = format!(".TH BOTCTL-{}", cmd.to_uppercase());
        assert!(page.contains(&title), "{cmd}:\n{page}");
        pages.push((format!("botctl-{cmd}.1"), page));
    }
    if bless() {
        fs::create_dir_all(&dir).unwrap();
    }
    for (file, page) in pages {
        let path = dir.join(&file);
        if bless() {
            fs::write(&path, &page).unwrap();
            continue;
        }
        let kept = fs::read_to_string(&path).unwrap_or_default();
        assert!(
            kept == page,
            "{} is out of date; regenerate with `BOTCTL_BLESS=1 cargo test --test shell man`",
            path.display()
        );
    }
    // Every page `man/` holds is one botctl prints (none left over from a removed command).
    for entry in fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let cmd = name.strip_suffix(".1").unwrap();
        let args: Vec<&str> = match cmd.strip_prefix("botctl-") {
            Some(sub) => vec!["man", sub],
            None => vec!["man"],
        };
        assert_eq!(
            env.ok(&args),
            fs::read_to_string(dir.join(&name)).unwrap(),
            "{name}"
        );
    }
    env.cmd()
        .args(["man", "no-such"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no manual page for `no-such`"));
    assert!(!env.db.exists(), "`man` needs no database");
}

// ----- dynamic completion -----

/// What the shell is offered for the words typed so far (the last one is being
/// completed), as fish asks: one `value<TAB>description` a line.
fn offered(env: &Env, words: &[&str]) -> Vec<(String, String)> {
    let mut c = env.std_cmd();
    c.env("COMPLETE", "fish")
        .arg("--")
        .arg("botctl")
        .args(words);
    let out = c.output().expect("run botctl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (v, d) = l.split_once('\t').unwrap_or((l, ""));
            (v.to_string(), d.to_string())
        })
        .collect()
}

fn values(offers: &[(String, String)]) -> Vec<&str> {
    offers
        .iter()
        .map(|(v, _)| v.as_str())
        .filter(|v| !v.starts_with('-'))
        .collect()
}

#[test]
fn completion_offers_contact_ids_from_the_database() {
    sqlite_only!("plants names an older botctl let in through the SQLite file");
    let env = Env::new();
    env.add(&["c-100", "c-101", "c-2", "d-1"]);
    env.ok(&["contacts", "add", "c-102", "--name", "Ann Smith"]);
    env.ok(&[
        "contacts",
        "add",
        "c-103",
        "--name",
        &"Long Name ".repeat(6),
    ]);
    // Names an older botctl let in, with an escape sequence and a right-to-left override.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute(
        "UPDATE contacts SET name = 'Ann\x1b[31m Smith' WHERE id = 'c-102'",
        [],
    )
    .unwrap();
    env.ok(&["contacts", "add", "d-2"]);
    conn.execute(
        "UPDATE contacts SET name = 'Evil\u{202e}RLO' WHERE id = 'd-2'",
        [],
    )
    .unwrap();
    drop(conn);
    env.ok(&["set", "inactive", "c-101", "--for", "2h"]);
    env.ok(&["snooze", "c-100", "--for", "30m"]);
    let before = fs::read(&env.db).unwrap();

    let offers = offered(&env, &["status", "c-10"]);
    assert_eq!(
        values(&offers),
        ["c-100", "c-101", "c-102", "c-103"],
        "{offers:?}"
    );
    let desc = |id: &str| offers.iter().find(|o| o.0 == id).unwrap().1.clone();
    assert_eq!(desc("c-101"), "inactive until 11:00");
    assert_eq!(
        desc("c-102"),
        "Ann?[31m Smith, active",
        "control characters escaped"
    );
    assert_eq!(
        desc("c-103"),
        format!("{}..., active", &"Long Name ".repeat(4)[..39])
    );
    // Effective status: at 09:31 c-100's timer has run out.
    let mut late = env.std_cmd();
    late.env("COMPLETE", "fish")
        .env("BOTCTL_NOW", "2026-11-21T09:31:00Z")
        .args(["--", "botctl", "check", "c-100"]);
    let out = String::from_utf8(late.output().unwrap().stdout).unwrap();
    assert_eq!(out.trim(), "c-100\tactive", "{out}");

    let offers = offered(&env, &["status", "d-2"]);
    assert_eq!(
        offers,
        [("d-2".to_string(), "Evil?RLO, active".to_string())]
    );

    // Every command that takes ids, and several ids in a row.
    assert_eq!(
        values(&offered(&env, &["wake", "c-2", "d"])),
        ["d-1", "d-2"]
    );
    assert_eq!(values(&offered(&env, &["set", "snoozed", "c-2"])), ["c-2"]);
    assert_eq!(
        values(&offered(&env, &["contacts", "remove", "d"])),
        ["d-1", "d-2"]
    );
    assert_eq!(values(&offered(&env, &["history", "c-1"])).len(), 4);
    assert!(values(&offered(&env, &["status", "x"])).is_empty());

    // Completion only reads: the database is byte for byte the same.
    assert_eq!(
        fs::read(&env.db).unwrap(),
        before,
        "completion wrote to the database"
    );
}

#[test]
fn completion_reads_the_database_typed_on_the_line_and_never_creates_one() {
    let env = Env::bare();
    let other = env.dir.path().join("other.db");
    let missing = env.dir.path().join("nowhere").join("botctl.db");
    env.cmd()
        .args(["--db", other.to_str().unwrap(), "contacts", "add", "o-1"])
        .assert()
        .success();
    let typed = ["--db", other.to_str().unwrap(), "status", "o"];
    assert_eq!(values(&offered(&env, &typed)), ["o-1"]);
    let flag = format!("--db={}", other.display());
    assert_eq!(values(&offered(&env, &[&flag, "status", "o"])), ["o-1"]);

    // A missing database offers nothing and is not created (nor its folder).
    assert!(!env.db.exists());
    assert!(values(&offered(&env, &["status", ""])).is_empty());
    assert!(!env.db.exists() && !env.db.parent().unwrap().exists());
    let typed = ["--db", missing.to_str().unwrap(), "undo", ""];
    assert!(values(&offered(&env, &typed)).is_empty());
    assert!(!missing.parent().unwrap().exists(), "created a folder");
}

/// On either backend: a PostgreSQL `--db` is read as a file is.
#[test]
fn completion_offers_channels_and_batches_of_history() {
    let env = Env::new();
    env.add(&["a"]);
    env.ok(&["record", "bot-message", "a", "--channel", "sms"]);
    env.ok(&["record", "bot-message", "a", "--channel", "webchat"]);
    assert_eq!(
        values(&offered(
            &env,
            &["record", "bot-message", "a", "--channel", ""]
        )),
        ["default", "sms", "webchat"]
    );
    assert_eq!(
        values(&offered(
            &env,
            &["record", "bot-message", "a", "--channel", "w"]
        )),
        ["webchat"]
    );
    assert_eq!(values(&offered(&env, &["history", "--batch", ""])), ["1"]);
    assert_eq!(values(&offered(&env, &["contacts", "edit", ""])), ["a"]);
}

/// On either backend.
#[test]
fn completion_offers_batches_and_setting_keys() {
    let env = Env::new();
    env.add(&["a", "b"]); // batches 1, 2
    for _ in 0..5 {
        env.ok(&["set", "inactive", "a"]);
        env.ok(&["wake", "a"]);
    } // batches 3..=12
    let offers = offered(&env, &["undo", "1"]);
    assert_eq!(
        values(&offers),
        ["12", "11", "10", "1"],
        "newest first: {offers:?}"
    );
    let desc = &offers.iter().find(|o| o.0 == "11").unwrap().1;
    assert!(desc.starts_with("set inactive by tester"), "{desc}");
    assert_eq!(values(&offered(&env, &["undo", ""])).len(), 12);
    assert!(values(&offered(&env, &["undo", "x"])).is_empty());

    let keys = offered(&env, &["config", "get", "sleep"]);
    assert_eq!(
        values(&keys),
        [
            "sleep-time",
            "sleep-on-agent-message",
            "sleep-on-workflow-message"
        ]
    );
    assert!(keys[0].1.contains("default 2h"), "{keys:?}");
    assert_eq!(
        values(&offered(&env, &["config", "set", "max"])),
        ["max-bot-messages"]
    );
}

/// The scripts bash, zsh and fish load call botctl back with `COMPLETE=SHELL`; bash and
/// zsh get the same candidates (zsh with descriptions).
#[test]
fn completion_scripts_call_botctl_back() {
    sqlite_only!("completion reads SQLite files only (it offers nothing for a URL)");
    let env = Env::new();
    env.add(&["c-1", "c-2"]);
    for shell in ["bash", "zsh", "fish"] {
        let script = env.ok(&["completions", shell]);
        let calls = [
            format!("COMPLETE=\"{shell}\""),
            format!("COMPLETE={shell} botctl"),
        ];
        assert!(
            calls.iter().any(|c| script.contains(c)),
            "{shell}:\n{script}"
        );
    }
    let mut c = env.std_cmd();
    c.env("COMPLETE", "zsh")
        .env("_CLAP_COMPLETE_INDEX", "2")
        .args(["--", "botctl", "status", "c-"]);
    let out = String::from_utf8(c.output().unwrap().stdout).unwrap();
    assert_eq!(out.trim(), "c-1:active\nc-2:active", "{out}");
    let mut c = env.std_cmd();
    c.env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "2")
        .args(["--", "botctl", "wake", "c-"]);
    let out = String::from_utf8(c.output().unwrap().stdout).unwrap();
    assert_eq!(out.trim(), "c-1\nc-2", "{out}");
}

// ----- colour and glyphs -----

use rexpect::process::WaitStatus;
use rexpect::session::{Options, spawn_with_options};

/// `botctl ARGS` in a pseudo-terminal with `TERM=xterm` and `vars` (a value `None`
/// removes the variable); everything it wrote, escape codes kept.
fn on_terminal(env: &Env, args: &[&str], vars: &[(&str, Option<&str>)]) -> String {
    let mut c = env.std_cmd();
    c.args(args).env("TERM", "xterm");
    for (k, v) in vars {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    let options = Options::new()
        .timeout_ms(Some(10_000))
        .strip_ansi_escape_codes(false);
    let mut p = spawn_with_options(c, options).expect("spawn botctl in a pty");
    // rexpect hands bytes over one char each: put the UTF-8 back together.
    let raw = p.exp_eof().expect("botctl ends");
    let bytes: Vec<u8> = raw.chars().map(|c| c as u32 as u8).collect();
    let out = String::from_utf8_lossy(&bytes).into_owned();
    match p.process_mut().wait().expect("wait") {
        WaitStatus::Exited(_, 0) => out,
        other => panic!("botctl {args:?} {other:?}:\n{out}"),
    }
}

/// `botctl ARGS` with stdout a pipe; stdout.
fn off_terminal(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> String {
    let out = env
        .cmd()
        .args(args)
        .envs(vars.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const ESC: &str = "\x1b[";

/// Variables to set (`None`: remove) for one case.
type Vars<'a> = &'a [(&'a str, Option<&'a str>)];
/// Variables to set off a terminal.
type PipeVars<'a> = &'a [(&'a str, &'a str)];

#[test]
fn colour_follows_flag_and_environment_on_a_terminal() {
    let env = Env::new();
    env.add(&["c-1"]);
    let status = ["status", "c-1"];
    let cases: [(Vars, &[&str], bool); 9] = [
        (&[], &[], true),
        (&[("NO_COLOR", Some("1"))], &[], false),
        (&[("NO_COLOR", Some(""))], &[], true),
        (&[("CLICOLOR", Some("0"))], &[], false),
        (&[("CLICOLOR", Some("1"))], &[], true),
        (&[("TERM", Some("dumb"))], &[], false),
        (
            &[("TERM", Some("dumb")), ("CLICOLOR_FORCE", Some("1"))],
            &[],
            true,
        ),
        (&[], &["--color", "never"], false),
        (&[("NO_COLOR", Some("1"))], &["--color=always"], true),
    ];
    for (vars, flags, coloured) in cases {
        let args: Vec<&str> = status.iter().chain(flags).copied().collect();
        let out = on_terminal(&env, &args, vars);
        assert!(out.contains("active"), "{out}");
        assert_eq!(out.contains(ESC), coloured, "{vars:?} {flags:?}:\n{out:?}");
        // The help obeys the same choice.
        let args: Vec<&str> = flags.iter().copied().chain(["--help"]).collect();
        let help = on_terminal(&env, &args, vars);
        assert!(help.contains("Usage"), "{help}");
        assert_eq!(
            help.contains(ESC),
            coloured,
            "help, {vars:?} {flags:?}:\n{help:?}"
        );
    }
}

#[test]
fn colour_follows_flag_and_environment_off_a_terminal() {
    let env = Env::new();
    env.add(&["c-1"]);
    let cases: [(PipeVars, &[&str], bool); 6] = [
        (&[], &[], false),
        (&[("CLICOLOR", "1"), ("TERM", "xterm")], &[], false),
        (&[("CLICOLOR_FORCE", "1")], &[], true),
        (&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[], false),
        (&[], &["--color", "always"], true),
        (&[("CLICOLOR_FORCE", "1")], &["--color", "never"], false),
    ];
    for (vars, flags, coloured) in cases {
        let args: Vec<&str> = ["status", "c-1"].iter().chain(flags).copied().collect();
        let out = off_terminal(&env, &args, vars);
        assert!(out.contains("active"), "{out}");
        assert_eq!(out.contains(ESC), coloured, "{vars:?} {flags:?}:\n{out:?}");
        let args: Vec<&str> = flags.iter().copied().chain(["--help"]).collect();
        let help = off_terminal(&env, &args, vars);
        assert_eq!(
            help.contains(ESC),
            coloured,
            "help, {vars:?} {flags:?}:\n{help:?}"
        );
    }
    // Machine formats never carry colour.
    let json = off_terminal(
        &env,
        &["list", "--format", "json", "--color", "always"],
        &[],
    );
    assert!(!json.contains(ESC), "{json}");
}

/// `s` without its `ESC [ … m` colour codes.
fn strip_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(ESC) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        rest = rest.find('m').map_or("", |m| &rest[m + 1..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn glyphs_fall_back_to_ascii_without_a_utf8_locale() {
    let env = Env::new();
    env.add(&["c-1"]);
    env.ok(&["set", "inactive", "c-1"]);
    let utf8 = Some("C.UTF-8");
    let cases: [(Vars, bool); 6] = [
        (&[("LANG", utf8)], true),
        (&[("LC_CTYPE", Some("en_US.utf8"))], true),
        (&[], false),
        (&[("LANG", Some("C"))], false),
        (&[("LANG", utf8), ("LC_ALL", Some("POSIX"))], false),
        (&[("LANG", utf8), ("TERM", Some("dumb"))], false),
    ];
    let plain = |args: &[&str], vars| strip_escapes(&on_terminal(&env, args, vars));
    for (vars, unicode) in cases {
        let status = plain(&["status", "c-1"], vars);
        let list = plain(&["list"], vars);
        let history = plain(&["history"], vars);
        let all = format!("{status}{list}{history}");
        if unicode {
            assert!(status.contains("● inactive"), "{vars:?}:\n{status}");
            assert!(
                list.contains('│') && history.contains("active → inactive"),
                "{all}"
            );
        } else {
            assert!(status.contains("* inactive"), "{vars:?}:\n{status}");
            assert!(
                history.contains("active -> inactive"),
                "{vars:?}:\n{history}"
            );
            assert!(list.contains("| c-1"), "{vars:?}:\n{list}");
            assert!(all.is_ascii(), "{vars:?}: not ASCII:\n{all}");
        }
    }
    // Messages on stderr too.
    let out = env
        .cmd()
        .args(["mode", "off"])
        .env("LANG", "C")
        .output()
        .unwrap();
    let msg = String::from_utf8(out.stderr).unwrap();
    assert!(msg.contains("autopilot -> off"), "{msg}");
    let out = env
        .cmd()
        .args(["mode", "autopilot"])
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    let msg = String::from_utf8(out.stderr).unwrap();
    assert!(msg.contains("off → autopilot"), "{msg}");
}

// ----- who -----

/// The name of this process's uid, as the system's user database says (`id -un`).
fn real_user() -> String {
    let out = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn os_user_comes_from_the_user_database_not_the_environment() {
    let env = Env::new();
    env.add(&["c-1"]);
    let out = env
        .cmd()
        .args(["set", "inactive", "c-1"])
        .env("USER", "mallory")
        .env("LOGNAME", "mallory")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let row = &env.history(&["c-1"])[0];
    let real = real_user();
    assert_ne!(real, "mallory");
    assert_eq!(row["os_user"], real.as_str(), "{row}");
    // The login name is only the actor's default, and `--actor` wins over it.
    assert_eq!(row["actor"], "mallory", "{row}");
    let out = env
        .cmd()
        .args(["wake", "c-1", "--actor", "alice"])
        .env_remove("USER")
        .env_remove("LOGNAME")
        .output()
        .unwrap();
    assert!(out.status.success());
    let row = &env.history(&["c-1"])[0];
    assert_eq!(
        (row["actor"].as_str(), row["os_user"].as_str()),
        (Some("alice"), Some(real.as_str()))
    );
}

// ----- formats, verbose, help -----

#[test]
fn each_command_offers_only_the_formats_it_prints() {
    let env = Env::new();
    env.add(&["c-1"]);
    let refused: [&[&str]; 8] = [
        &["check", "c-1", "--format", "csv"],
        &["config", "--format", "ndjson"],
        &["status", "c-1", "--format", "ids"],
        &["mode", "--format", "csv"],
        &["record", "bot-message", "c-1", "--format", "ndjson"],
        &["sweep", "--format", "table"],
        &["sweep", "--dry-run", "--format", "xml"],
        &["list", "--format", "yaml"],
    ];
    let before = env.snapshot();
    for args in refused {
        env.cmd()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("invalid value"))
            .stderr(predicate::str::contains("possible values"));
    }
    assert_eq!(env.snapshot(), before);
    // The help lists what the command prints, and only that.
    let help = env.ok(&["check", "--help"]);
    assert!(help.contains("text") && help.contains("json"), "{help}");
    assert!(!help.contains("ndjson") && !help.contains("csv"), "{help}");
    let help = env.ok(&["sweep", "--help"]);
    assert!(
        help.contains("ndjson") && help.contains("ids") && !help.contains("table"),
        "{help}"
    );
    // `table` stays a name for the text of single-answer commands.
    env.cmd()
        .args(["check", "c-1", "--format", "table"])
        .assert()
        .code(0);
    let ids = env.ok(&["sweep", "--dry-run", "--format", "ids"]);
    assert_eq!(ids, "");
}

#[test]
fn verbose_names_the_database_and_the_time_taken() {
    let env = Env::new();
    env.add(&["c-1"]);
    let out = env
        .cmd()
        .args(["-v", "list", "--format", "ids"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "c-1\n",
        "stdout is data only"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!("database: {}", env.db.display())),
        "{err}"
    );
    assert!(err.contains("took ") && err.contains(" ms"), "{err}");
    let out = env.cmd().args(["list"]).output().unwrap();
    assert!(out.stderr.is_empty(), "quiet without -v");
    // A failed command says it too.
    let out = env
        .cmd()
        .args(["status", "nope", "--verbose"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("error: unknown contact") && err.contains("(exit 1)"),
        "{err}"
    );
    // A path with an escape sequence is shown escaped.
    sqlite_only!("the path of a file");
    let odd = env.dir.path().join("v\x1b[31mred.db");
    let out = env
        .cmd()
        .arg("--db")
        .arg(&odd)
        .args(["-v", "contacts", "add", "c-1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains('\x1b'), "{err:?}");
    assert!(
        err.contains("database: ") && err.contains("v\\e[31mred.db"),
        "{err}"
    );
}

#[test]
fn help_groups_global_options_describes_every_flag_and_ends_with_examples() {
    let env = Env::new();
    for cmd in [
        "list",
        "set",
        "status",
        "history",
        "contacts add",
        "config",
        "mode",
    ] {
        let mut args: Vec<&str> = cmd.split(' ').collect();
        args.push("--help");
        let help = env.ok(&args);
        let (own, global) = help
            .split_once("Global options:")
            .unwrap_or_else(|| panic!("{cmd}: no global heading:\n{help}"));
        for flag in ["--db", "--actor", "--color", "--quiet", "--verbose"] {
            assert!(
                global.contains(flag) && !own.contains(flag),
                "{cmd} {flag}:\n{help}"
            );
        }
        // Every option has a description: no line that is only a flag.
        for line in help.lines() {
            let t = line.trim();
            if t.starts_with('-') {
                let described = t.split("  ").filter(|s| !s.trim().is_empty()).count() > 1;
                let next = help
                    .lines()
                    .skip_while(|l| l.trim() != t)
                    .nth(1)
                    .unwrap_or("");
                assert!(
                    described || next.starts_with("          "),
                    "{cmd}: `{t}` has no description:\n{help}"
                );
            }
        }
    }
    for cmd in [
        "status", "set", "snooze", "wake", "list", "sweep", "check", "record", "history", "undo",
        "mode", "config",
    ] {
        let help = env.ok(&[cmd, "--help"]);
        assert!(
            help.contains("Examples:\n  "),
            "{cmd} --help has examples:\n{help}"
        );
        let short = env.ok(&[cmd, "-h"]);
        assert!(!short.contains("Examples:"), "{cmd} -h stays short");
    }
    let help = env.ok(&["contacts", "add", "--help"]);
    assert!(help.contains("The contact's name"), "{help}");
    let help = env.ok(&["list", "--help"]);
    assert!(help.contains("Print at most N contacts"), "{help}");
}

// ----- JSON fields -----

/// The README's "JSON fields" table: (command words, keys).
fn documented_json_fields() -> Vec<(Vec<String>, Vec<String>)> {
    let readme = fs::read_to_string(repo("README.md")).unwrap();
    let section = readme
        .split("\n## JSON fields\n")
        .nth(1)
        .expect("README has a JSON fields section");
    let section = section.split("\n## ").next().unwrap();
    let ticked =
        |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(String::from).collect() };
    let mut contact_keys = Vec::new();
    let mut rows = Vec::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let command = ticked(cells[1])[0]
            .replace("ID", "c-1")
            .replace("EVENT", "bot-message");
        let mut keys = Vec::new();
        if cells[2].starts_with("the contact keys") {
            keys.extend(contact_keys.iter().cloned());
        }
        keys.extend(ticked(cells[2]));
        if command.starts_with("list ") {
            contact_keys = keys.clone();
        }
        rows.push((command.split(' ').map(String::from).collect(), keys));
    }
    rows
}

#[test]
fn every_documented_json_field_is_present_in_order() {
    let rows = documented_json_fields();
    assert!(rows.len() >= 8, "{rows:?}");
    let env = Env::new();
    env.ok(&[
        "contacts",
        "add",
        "c-1",
        "--name",
        "Ann",
        "--email",
        "a@example.com",
    ]);
    env.add(&["c-2"]);
    env.ok(&["snooze", "c-2", "--for", "30m"]);
    env.ok(&["config", "set", "max-bot-messages", "none"]);
    for (args, keys) in rows {
        let mut c = env.at("2026-11-21T10:00:00Z"); // c-2's timer has run out
        let out = c.args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"));
        let first = match &value {
            serde_json::Value::Array(items) => items.first().cloned(),
            v => Some(v.clone()),
        }
        .unwrap_or_else(|| panic!("{args:?} printed nothing to check:\n{text}"));
        let mut last = 0;
        for key in &keys {
            assert!(first.get(key).is_some(), "{args:?}: no `{key}` in {first}");
            let at = text
                .find(&format!("\"{key}\":"))
                .unwrap_or_else(|| panic!("{args:?}: `{key}`"));
            assert!(
                at >= last,
                "{args:?}: `{key}` out of the documented order:\n{text}"
            );
            last = at;
        }
        // Values are typed, not strings of numbers or booleans.
        if args[0] == "config" {
            assert_eq!(
                first["max_bot_messages"],
                serde_json::Value::Null,
                "{first}"
            );
            assert_eq!(first["sleep_time"], "2h");
            assert_eq!(first["sleep_on_agent_message"], true);
        }
    }
    // A batch id wherever the command made one.
    let rec: serde_json::Value =
        serde_json::from_str(&env.ok(&["record", "agent-message", "c-1", "--format", "json"]))
            .unwrap();
    let batch = rec["batch"].as_i64().expect("record made a batch");
    assert_eq!(env.history(&["c-1"])[0]["batch"], batch);
    let mode: serde_json::Value =
        serde_json::from_str(&env.ok(&["mode", "off", "--format", "json"])).unwrap();
    assert_eq!(mode["from"], "autopilot");
    assert_eq!(mode["mode"], "off");
    assert_eq!(mode["batch"], batch + 1, "{mode}");
}
