//! Contract corners: ids that must round-trip, `record`'s exit code, one 10-year rule,
//! leap seconds, Unicode search, settings set to what they are, help that offers only
//! what works, the environment (`BOTCTL_ACTOR`, `TZ`), hints, and CSV columns on stdin.

mod common;
use common::*;

use std::process::Output;

use predicates::prelude::*;

fn run(env: &Env, args: &[&str]) -> Output {
    env.cmd().args(args).output().expect("run botctl")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ids(env: &Env) -> Vec<String> {
    env.list(&[])
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

/// Renames a contact directly in the database, as an older botctl could have stored it.
fn store_legacy_id(env: &Env, from: &str, to: &str) {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute("UPDATE contacts SET id = ?2 WHERE id = ?1", [from, to])
        .unwrap();
}

// ----- 1: ids that cannot round-trip are refused when created -----

#[test]
fn new_ids_that_cannot_round_trip_are_refused() {
    let env = Env::new();
    env.add(&["c1"]);
    let before = env.snapshot();
    let bad = ["#1", " c2", "c2 ", "\u{a0}c2", "a\u{202E}b", "a\u{2067}b"];
    for id in bad {
        let o = run(&env, &["contacts", "add", id]);
        assert_eq!(o.status.code(), Some(1), "add {id:?}: {}", stderr(&o));
        assert!(stderr(&o).starts_with("error:"), "{}", stderr(&o));
        for cmd in [
            vec!["set", "inactive", "--create-missing", "--yes", "c1", id],
            vec![
                "snooze",
                "--for",
                "1h",
                "--create-missing",
                "--yes",
                "c1",
                id,
            ],
            vec!["wake", "--create-missing", "--yes", id],
            vec!["record", "bot-message", "--create-missing", id],
        ] {
            let o = run(&env, &cmd);
            assert_eq!(o.status.code(), Some(1), "{cmd:?}: {}", stderr(&o));
            assert!(stderr(&o).contains("new contact id"), "{}", stderr(&o));
        }
    }
    assert_eq!(env.snapshot(), before, "nothing changed");
    assert_eq!(ids(&env), ["c1"]);
    // Inside: spaces, `#` and quotes are fine.
    env.add(&["a b", "c#1", "O'Brien"]);
    assert_eq!(ids(&env), ["O'Brien", "a b", "c#1", "c1"]);
}

#[test]
fn ids_an_older_botctl_stored_can_still_be_named() {
    sqlite_only!("plants ids in the SQLite file directly");
    let env = Env::new();
    env.add(&["tmp1", "tmp2"]);
    store_legacy_id(&env, "tmp1", "#legacy");
    store_legacy_id(&env, "tmp2", " padded ");
    env.ok(&["set", "inactive", "#legacy", " padded ", "--yes"]);
    assert_eq!(env.contact("#legacy")["status"], "inactive");
    assert_eq!(env.contact(" padded ")["status"], "inactive");
    env.ok(&["wake", "#legacy", "--create-missing"]);
    assert_eq!(env.contact("#legacy")["status"], "active");
}

#[test]
fn import_takes_ids_exactly_as_written() {
    sqlite_only!("plants ids in the SQLite file directly");
    let env = Env::new();
    env.add(&["a b", "c1", "tmp"]);
    store_legacy_id(&env, "tmp", " padded ");
    // botctl's own export imports back as the same contacts.
    let export = env.ok(&["list", "--format", "csv"]);
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(export)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "nothing to change: 3 rows: 0 added, 0 updated",
        ));
    assert_eq!(ids(&env), [" padded ", "a b", "c1"]);

    // A new id with white space at an end is refused, naming its line; nothing imported.
    let before = env.snapshot();
    let o = env
        .cmd()
        .args(["contacts", "import", "-"])
        .write_stdin("id,name\nnew-1,x\n\" new-2\",y\n")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("line 3") && stderr(&o).contains("white space"),
        "{}",
        stderr(&o)
    );
    assert_eq!(env.snapshot(), before);
    // And `#` at the start.
    let o = env
        .cmd()
        .args(["contacts", "import", "-"])
        .write_stdin("id\n\"#x\"\n")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(env.snapshot(), before);
}

#[test]
fn every_id_botctl_creates_survives_the_ids_pipe() {
    let env = Env::new();
    for id in ["x y", "c#1", "z"] {
        env.ok(&["set", "inactive", id, "--create-missing"]);
    }
    let listed = env.ok(&["list", "--format", "ids"]);
    env.cmd()
        .args(["wake", "--stdin", "--yes"])
        .write_stdin(listed)
        .assert()
        .success()
        .stderr(predicate::str::contains("woke 3 contacts"));
    assert!(env.list(&[]).iter().all(|c| c["status"] == "active"));
}

// ----- 4: `record` exits 0 once the event is saved -----

#[test]
fn record_exits_0_when_saved_even_if_stdout_fails() {
    let env = Env::new();
    env.add(&["c1"]);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let o = env
        .std_cmd()
        .args(["record", "bot-message", "c1"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("saved"), "{}", stderr(&o));
    assert_eq!(env.contact("c1")["bot_messages"], 1);
}

/// Output to a full disk: said in words, and a sweep says what it woke (it is saved).
#[test]
fn a_full_stdout_is_said_in_words_and_a_sweep_says_what_it_saved() {
    let env = Env::new();
    env.add(&["c1", "c2"]);
    env.ok(&["snooze", "c1", "c2", "--for", "1h", "--yes"]);
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full")
    };
    let o = env
        .std_cmd()
        .args(["history", "--format", "csv"])
        .stdout(full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot write the output (stdout): the disk it goes to is full"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("os error"), "{}", stderr(&o));
    let o = env
        .std_cmd()
        .env("BOTCTL_NOW", "2026-11-21T11:00:00Z")
        .args(["sweep", "--format", "ids"])
        .stdout(full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("woke 2 contacts whose timer ran out (batch"),
        "{}",
        stderr(&o)
    );
    let woken = env.history(&["--reason", "timer"]);
    assert_eq!(woken.len(), 2, "{woken:?}");
}

// ----- 7: one 10-year rule; durations as people write them -----

#[test]
fn sleep_time_and_timers_share_one_ten_year_rule() {
    let env = Env::new();
    env.add(&["c1", "c2"]);
    env.ok(&["config", "set", "sleep-time", "10y"]);
    assert_eq!(env.ok(&["config", "get", "sleep-time"]), "3652days 12h\n");
    env.ok(&["snooze", "c1"]);
    // 10 years of 365.25 days from 2026-11-21T09:00:00Z.
    assert_eq!(env.contact("c1")["wake_at"], "2036-11-20T21:00:00Z");
    env.ok(&["snooze", "c2", "--for", "10y"]);
    assert_eq!(env.contact("c2")["wake_at"], "2036-11-20T21:00:00Z");
    env.ok(&["snooze", "c2", "--until", "2036-11-20T21:00:00Z"]);

    for over in [
        vec!["config", "set", "sleep-time", "10years 1s"],
        vec!["snooze", "c2", "--for", "10years 1s"],
        vec!["snooze", "c2", "--until", "2036-11-20T21:00:01Z"],
    ] {
        let o = run(&env, &over);
        assert_eq!(o.status.code(), Some(1), "{over:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("10 years"), "{}", stderr(&o));
    }

    env.ok(&["config", "set", "sleep-time", "3650days"]);
    assert_eq!(env.ok(&["config", "get", "sleep-time"]), "3650days\n");
    let listing = env.ok(&["config"]);
    assert!(listing.contains("3650days"), "{listing}");
    assert!(!listing.contains("months"), "{listing}");
    env.ok(&["config", "set", "sleep-time", "90m"]);
    assert_eq!(env.ok(&["config", "get", "sleep-time"]), "1h 30m\n");
}

// ----- 8: a leap second is not a valid time -----

#[test]
fn a_leap_second_is_not_a_valid_time() {
    let env = Env::new();
    env.add(&["c1"]);
    let before = env.snapshot();
    for t in ["2026-12-31 23:59:60", "2026-12-31T23:59:60Z"] {
        let o = run(&env, &["snooze", "c1", "--until", t]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("not a valid time"), "{}", stderr(&o));
        assert!(!stderr(&o).contains("daylight"), "{}", stderr(&o));
    }
    assert_eq!(env.snapshot(), before);
}

// ----- 9: search with full Unicode case folding -----

#[test]
fn search_uses_full_unicode_case_folding() {
    let env = Env::new();
    env.ok(&["contacts", "add", "g1", "--name", "ΟΔΟΣ Αθηνάς"]);
    env.ok(&["contacts", "add", "d1", "--name", "Großstraße 5"]);
    env.ok(&["contacts", "add", "ΣΟΦΟΣ-1"]);
    env.add(&["other"]);
    let found = |q: &str| -> Vec<String> {
        env.list(&["--search", q])
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(found("οδοσ"), ["g1"]);
    assert_eq!(found("οδος"), ["g1"]);
    assert_eq!(found("STRASSE"), ["d1"]);
    assert_eq!(found("großstrasse"), ["d1"]);
    assert_eq!(found("σοφοσ"), ["ΣΟΦΟΣ-1"]);
    // An accent stored decomposed (as some CRMs and macOS export names) is found by the
    // precomposed one people type, and the reverse.
    env.ok(&[
        "contacts",
        "add",
        "j1",
        "--name",
        "Jose\u{301} Pe\u{301}rez",
    ]);
    env.ok(&["contacts", "add", "j2", "--name", "Mar\u{ed}a"]);
    assert_eq!(found("jos\u{e9}"), ["j1"]);
    assert_eq!(found("P\u{c9}REZ"), ["j1"]);
    assert_eq!(found("MARI\u{301}A"), ["j2"]);
}

// ----- 11: setting a setting to its value changes nothing -----

fn batches(env: &Env) -> i64 {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.query_row("SELECT count(*) FROM batches", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn config_set_to_the_same_value_says_already_and_makes_no_batch() {
    sqlite_only!("counts batches in the SQLite file directly");
    let env = Env::new();
    env.ok(&["config", "set", "sleep-on-agent-message", "off"]);
    let n = batches(&env);
    env.cmd()
        .args(["config", "set", "sleep-on-agent-message", "OFF"])
        .assert()
        .success()
        .stderr(predicate::str::contains("already off"))
        .stderr(predicate::str::contains("batch").not());
    env.cmd()
        .args(["config", "set", "sleep-time", "120m"])
        .assert()
        .success()
        .stderr(predicate::str::contains("already 2h"));
    assert_eq!(batches(&env), n);
}

// ----- 12: help offers only flags that do something -----

#[test]
fn undo_and_import_do_not_offer_yes() {
    let env = Env::new();
    for cmd in [vec!["undo", "--help"], vec!["contacts", "import", "--help"]] {
        let help = env.ok(&cmd);
        assert!(help.contains("--dry-run"), "{help}");
        assert!(!help.contains("--yes"), "{cmd:?}: {help}");
    }
    env.cmd().args(["undo", "1", "--yes"]).assert().code(2);
    let help = env.ok(&["set", "--help"]);
    assert!(help.contains("--yes"), "{help}");
}

// ----- 13: one story per change -----

#[test]
fn status_after_an_undo_that_restored_a_run_out_timer_tells_one_story() {
    let env = Env::new();
    env.add(&["c1"]);
    env.ok(&["snooze", "c1", "--for", "10m"]);
    env.ok(&["set", "inactive", "c1"]);
    let undo = env.history(&[])[0]["batch"].as_i64().unwrap().to_string();
    env.at("2026-11-21T09:20:00Z")
        .args(["--actor", "root", "undo", &undo])
        .assert()
        .success();
    let out = env
        .at("2026-11-21T09:25:00Z")
        .args(["status", "c1"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = |k: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(k))
            .unwrap_or_else(|| panic!("no {k} in {text}"))
            .to_string()
    };
    assert!(line("since:").contains("by root"), "{text}");
    assert!(line("last change:").contains("by root"), "{text}");
    assert!(!text.contains("by its timer"), "{text}");
}

// ----- 15: the environment, hints, and usage errors -----

#[test]
fn an_empty_actor_means_not_set() {
    let env = Env::new();
    env.add(&["c1"]);
    env.cmd()
        .env("BOTCTL_ACTOR", "")
        .args(["list"])
        .assert()
        .success();
    env.cmd()
        .env("BOTCTL_ACTOR", "")
        .args(["set", "inactive", "c1"])
        .assert()
        .success();
    assert_eq!(env.history(&[])[0]["actor"], "tester");
    // A bad actor fails only the commands that would record it.
    env.cmd()
        .env("BOTCTL_ACTOR", "a\u{1b}b")
        .args(["status", "c1"])
        .assert()
        .success();
    env.cmd()
        .env("BOTCTL_ACTOR", "a\u{1b}b")
        .args(["wake", "c1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("BOTCTL_ACTOR"));
    assert_eq!(env.contact("c1")["status"], "inactive");
}

#[test]
fn an_unknown_time_zone_is_an_error_naming_tz() {
    let env = Env::new();
    env.add(&["c1"]);
    for cmd in [
        vec!["list"],
        vec!["snooze", "c1", "--until", "2026-11-22 09:00"],
    ] {
        env.cmd()
            .env("TZ", "Nowhere/Bogus")
            .args(&cmd)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("`TZ`"));
    }
    assert_eq!(env.contact("c1")["status"], "active");
    for tz in [
        "Europe/Paris",
        ":Europe/Paris",
        "CET-1CEST,M3.5.0,M10.5.0/3",
        "UTC",
        "",
    ] {
        env.cmd().env("TZ", tz).args(["list"]).assert().success();
    }
    env.cmd()
        .env("TZ", "Europe/Paris")
        .args(["snooze", "c1", "--until", "2026-11-22 09:00"])
        .assert()
        .success();
    assert_eq!(env.contact("c1")["wake_at"], "2026-11-22T08:00:00Z");
}

#[test]
fn the_hint_for_an_unknown_dash_id_works() {
    let env = Env::new();
    env.ok(&["contacts", "add", "--", "-x1"]);
    let o = run(&env, &["status", "--", "-x"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let hint = err
        .split("see `")
        .nth(1)
        .and_then(|h| h.split('`').next())
        .unwrap_or_else(|| panic!("a hint: {err}"));
    let words: Vec<&str> = hint.split_whitespace().collect();
    assert_eq!(words[0], "botctl", "{hint}");
    let o = env.cmd().args(&words[1..]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "`{hint}`: {}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("-x1"), "{hint}");
}

#[test]
fn an_unknown_config_key_is_a_usage_error() {
    let env = Env::new();
    for cmd in [
        vec!["config", "get", "max-messages"],
        vec!["config", "set", "max-messages", "3"],
    ] {
        env.cmd()
            .args(&cmd)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unknown setting"));
    }
}

// ----- 16: ids from a CSV column on stdin -----

/// A CRM export: the id in the second column, a name with a comma, a note over two lines,
/// a doubled quote, and a row without an id.
const CRM_EXPORT: &str = "Name,Contact Id,Notes\r\n\
\"Smith, Jo\",crm-1,\"called back\r\ncrm-junk, please ignore\"\r\n\
\"Ann \"\"Annie\"\" Lee\",crm-2,\r\n\
No Id,,\r\n\
Jo again,crm-1,dup\r\n";

#[test]
fn stdin_csv_takes_ids_from_a_column() {
    let env = Env::new();
    env.add(&["crm-2"]);
    env.cmd()
        .args(["snooze", "--stdin-csv", "Contact Id", "--for", "1day"])
        .args(["--create-missing", "--yes"])
        .write_stdin(CRM_EXPORT)
        .assert()
        .success()
        .stderr(predicate::str::contains("snoozed 2 contacts"));
    assert_eq!(ids(&env), ["crm-1", "crm-2"], "no junk contacts");
    assert!(env.list(&[]).iter().all(|c| c["status"] == "snoozed"));

    // By number, for wake and set; and remove.
    env.cmd()
        .args(["wake", "--stdin-csv", "2", "--yes"])
        .write_stdin(CRM_EXPORT)
        .assert()
        .success();
    assert!(env.list(&[]).iter().all(|c| c["status"] == "active"));
    env.cmd()
        .args(["set", "inactive", "--stdin-csv", "contact id", "--yes"])
        .write_stdin("contact id\ncrm-2\n")
        .assert()
        .success();
    assert_eq!(env.contact("crm-2")["status"], "inactive");
    env.cmd()
        .args(["contacts", "remove", "--stdin-csv", "Contact Id", "--yes"])
        .write_stdin(CRM_EXPORT)
        .assert()
        .success();
    assert!(ids(&env).is_empty());
}

#[test]
fn stdin_csv_refuses_a_missing_column_and_mixed_sources() {
    let env = Env::new();
    env.add(&["a"]);
    let before = env.snapshot();
    env.cmd()
        .args(["wake", "--stdin-csv", "id", "--yes"])
        .write_stdin(CRM_EXPORT)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`Contact Id`"));
    env.cmd()
        .args(["wake", "a", "--stdin-csv", "id"])
        .write_stdin("id\na\n")
        .assert()
        .code(2);
    env.cmd()
        .args(["wake", "--stdin", "--stdin-csv", "id"])
        .write_stdin("id\na\n")
        .assert()
        .code(2);
    assert_eq!(env.snapshot(), before);
}

// ----- 18: the README's `check` example tells `suggest` from `reply` -----

/// The README's shell example for `check` (the block with `case`), as written.
fn readme_check_example() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let section = readme
        .split("### `botctl check ID`")
        .nth(1)
        .and_then(|s| s.split("\n### ").next())
        .expect("a `check` section");
    section
        .split("```sh\n")
        .skip(1)
        .filter_map(|b| b.split("\n```").next())
        .find(|b| b.contains("case "))
        .expect("a `case` example in the `check` section")
        .to_string()
}

#[test]
fn the_readme_check_example_tells_suggest_from_reply() {
    let env = Env::new();
    env.add(&["c1", "c2"]);
    env.ok(&["set", "inactive", "c2"]);
    let example = readme_check_example();
    let bin = env.std_cmd().get_program().to_owned();
    let dir = std::path::Path::new(&bin).parent().unwrap().to_owned();
    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap());
    let branch = |contact: &str| -> String {
        let script = format!(
            "set -eu\nsend_bot_reply() {{ echo REPLY; }}\nqueue_draft_for_agent() {{ echo DRAFT; }}\n\
             contact={contact}\n{example}\necho END\n"
        );
        let mut sh = std::process::Command::new("sh");
        sh.env_clear();
        for (k, v) in env.std_cmd().get_envs() {
            if let Some(v) = v {
                sh.env(k, v);
            }
        }
        let o = sh
            .env("PATH", &path)
            .arg("-c")
            .arg(script)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout).trim(),
            if o.stderr.is_empty() { "" } else { " +stderr" }
        )
    };
    assert_eq!(branch("c1"), "REPLY\nEND");
    assert_eq!(branch("c2"), "END");
    assert_eq!(branch("nobody"), "END +stderr");
    env.ok(&["mode", "suggestive"]);
    assert_eq!(branch("c1"), "DRAFT\nEND");
    assert_eq!(branch("c2"), "END");
}

// ----- found by a black-box audit -----

#[test]
fn usage_errors_show_what_was_typed_escaped_and_cut() {
    let env = Env::new();
    for args in [
        vec!["list".to_string(), "--status".into(), "x\x1b[31mY".into()],
        vec!["x\x1b[31mY".to_string()],
        vec!["list".to_string(), "--limit".into(), "x\x1b[31mY".into()],
        vec!["list".to_string(), "--bogus\x1b]0;t\x07".into()],
    ] {
        let out = env.cmd().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!err.contains('\x1b') && !err.contains('\x07'), "{err:?}");
        assert!(
            err.contains("\\e"),
            "the escape is shown, not dropped: {err}"
        );
    }
    let long = "A".repeat(5000);
    let out = env
        .cmd()
        .args(["list", "--status", &long])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("…(5000 bytes)"), "{err}");
    assert!(err.len() < 400, "cut: {err}");
}

#[test]
fn history_ids_are_contact_ids_only() {
    let env = Env::new();
    env.add(&["a"]);
    env.ok(&["mode", "off"]);
    env.ok(&["config", "set", "sleep-time", "3h"]);
    env.ok(&["mode", "autopilot"]);
    env.ok(&["contacts", "edit", "a", "--name", "B"]);
    assert_eq!(env.ok(&["history", "--format", "ids"]), "a\na\n");
    // So that it can be piped into `--stdin`.
    env.cmd()
        .args(["wake", "--stdin", "--yes"])
        .write_stdin(env.ok(&["history", "--format", "ids"]))
        .assert()
        .success();
}

#[test]
fn details_rows_carry_objects_in_json() {
    let env = Env::new();
    env.ok(&["contacts", "add", "a", "--name", "A", "--phone", "+1 555"]);
    env.ok(&["contacts", "edit", "a", "--name", "B"]);
    let rows = env.history(&["--kind", "details"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["from"]["name"], "A", "{}", rows[0]);
    assert_eq!(rows[0]["to"]["name"], "B", "{}", rows[0]);
    assert_eq!(rows[0]["to"]["phone"], "+1 555", "{}", rows[0]);
    // csv keeps the object's text in its cell.
    let csv = env.ok(&["history", "--kind", "details", "--format", "csv"]);
    assert!(csv.contains(r#"""name"":""B"""#), "{csv}");
}

#[test]
fn a_new_id_may_not_start_with_a_byte_order_mark() {
    let env = Env::new();
    env.add(&["z"]);
    let out = env
        .cmd()
        .args(["contacts", "add", "\u{feff}bom3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("byte order mark"), "{err}");
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin("id\n\"\u{feff}x\"\n")
        .assert()
        .code(1);
    assert_eq!(env.list(&[]).len(), 1);
}

#[test]
fn durations_are_whole_seconds_and_far_timers_are_not_numbers() {
    let env = Env::new();
    env.add(&["a"]);
    for args in [
        &["snooze", "a", "--for", "500ms"][..],
        &["config", "set", "sleep-time", "1500ms"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("whole number of seconds"), "{err}");
    }
    assert_eq!(env.ok(&["config", "get", "sleep-time"]).trim(), "2h");
    let out = env
        .cmd()
        .args(["snooze", "a", "--for", "1000000000years"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("more than 10 years away") && !err.contains("31557"),
        "{err}"
    );
}

#[test]
fn an_empty_botctl_db_means_none_and_a_text_file_is_named_as_such() {
    sqlite_only!("database files");
    let env = Env::new();
    // `BOTCTL_DB=`: the default path (here under the test's HOME), which does not exist.
    let out = env.cmd().env("BOTCTL_DB", "").arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(".local/share/botctl/botctl.db"), "{err}");
    let text = env.dir.path().join("notes.db");
    std::fs::write(&text, "hello world, this is not a database at all\n").unwrap();
    std::fs::set_permissions(&text, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let out = env
        .cmd()
        .arg("--db")
        .arg(&text)
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("not an SQLite database") && !err.contains("code 26"),
        "{err}"
    );
}

#[test]
fn unknown_ids_are_listed_in_the_order_given() {
    let env = Env::new();
    env.add(&["a"]);
    let ids: String = (1..=30).rev().map(|i| format!("zz-{i}\n")).collect();
    let out = env
        .cmd()
        .args(["wake", "--stdin", "--yes"])
        .write_stdin(ids)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let first: Vec<String> = (11..=30).rev().map(|i| format!("`zz-{i}`")).collect();
    assert!(
        err.contains(&format!("{} and 10 more", first.join(", "))),
        "{err}"
    );
}

#[test]
fn an_empty_value_clears_a_detail() {
    let env = Env::new();
    env.ok(&["contacts", "add", "r1", "--name", "R", "--phone", "+1 555"]);
    env.ok(&["contacts", "edit", "r1", "--phone", ""]);
    let c = env.contact("r1");
    assert_eq!(c["phone"], serde_json::Value::Null, "{c}");
    assert_eq!(c["name"], "R", "{c}");
    let rows = env.history(&["--kind", "details"]);
    assert_eq!(rows[0]["from"]["phone"], "+1 555");
    // Undo puts it back.
    let batch = rows[0]["batch"].to_string();
    env.ok(&["undo", &batch]);
    assert_eq!(env.contact("r1")["phone"], "+1 555");
}

#[test]
fn created_contacts_are_counted_and_a_far_extend_names_its_contact() {
    let env = Env::new();
    env.add(&["a"]);
    let out = env
        .cmd()
        .args(["set", "active", "a", "new2", "--create-missing", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("1 of them created"), "{err}");
    env.ok(&["snooze", "a", "--for", "1h"]);
    env.ok(&["snooze", "new2", "--until", "2036-11-20T09:00:00Z"]);
    let out = env
        .cmd()
        .args(["snooze", "a", "new2", "--extend", "2days", "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("`new2`") && err.contains("10 years"), "{err}");
}
