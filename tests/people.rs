//! End-to-end tests of the conveniences for people: `--until` as `HH:MM`, `tomorrow`,
//! weekday names and `next-week` with the `day-start` setting, and `list --search` by
//! phone digits. Each test runs the real binary against its own temporary database.

mod common;

use common::*;
use serde_json::Value;

const NEW_YORK: &str = "America/New_York";

fn env_with(ids: &[&str]) -> Env {
    let env = Env::new();
    env.add(ids);
    env
}

/// Runs in New York time at `now`; returns (exit code, stderr).
fn in_new_york(env: &Env, now: &str, args: &[&str]) -> (Option<i32>, String) {
    let out = env
        .at(now)
        .env("TZ", NEW_YORK)
        .args(args)
        .output()
        .expect("run botctl");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn wake_at(env: &Env, id: &str) -> Value {
    env.contact(id)["wake_at"].clone()
}

/// The stored timer of a contact, seen at `now` (before it runs out).
fn wake_at_seen(env: &Env, now: &str, id: &str) -> Value {
    let list = env.list_at(now, &["--search", id]);
    let c = list.iter().find(|c| c["id"] == id).expect("listed");
    c["wake_at"].clone()
}

#[test]
fn until_tomorrow_across_the_fall_dst_change_in_new_york() {
    // Saturday 2026-10-31 12:00 EDT; New York falls back to EST on Sunday at 02:00.
    let env = env_with(&["c1", "c2", "c3"]);
    let sat_noon = "2026-10-31T16:00:00Z";
    let (code, err) = in_new_york(&env, sat_noon, &["snooze", "c1", "--until", "tomorrow"]);
    assert_eq!(code, Some(0), "{err}");
    // 09:00 EST (UTC-5), not 09:00 EDT and not "24 hours later".
    assert_eq!(wake_at_seen(&env, sat_noon, "c1"), "2026-11-01T14:00:00Z");
    let (code, err) = in_new_york(
        &env,
        sat_noon,
        &["set", "inactive", "c2", "--until", "tomorrow 17:30"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(wake_at_seen(&env, sat_noon, "c2"), "2026-11-01T22:30:00Z");
    // The repeated hour means its earlier instant (EDT).
    let (code, err) = in_new_york(
        &env,
        sat_noon,
        &["snooze", "c3", "--until", "tomorrow 01:30"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(wake_at_seen(&env, sat_noon, "c3"), "2026-11-01T05:30:00Z");
}

#[test]
fn until_tomorrow_across_the_spring_dst_change_in_new_york() {
    // Saturday 2027-03-13 12:00 EST; clocks jump from 02:00 to 03:00 on Sunday.
    let env = env_with(&["c1", "c2"]);
    let sat_noon = "2027-03-13T17:00:00Z";
    let (code, err) = in_new_york(&env, sat_noon, &["snooze", "c1", "--until", "tomorrow"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(wake_at(&env, "c1"), "2027-03-14T13:00:00Z", "09:00 EDT");
    let before = env.snapshot();
    let (code, err) = in_new_york(
        &env,
        sat_noon,
        &["snooze", "c2", "--until", "tomorrow 02:30"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.starts_with("error:") && err.contains("gap"), "{err}");
    assert!(err.contains("2027-03-14 02:30"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn day_start_setting_is_what_a_day_without_a_time_means() {
    // NOW is Saturday 2026-11-21 09:00 UTC (TZ=UTC in tests).
    let env = env_with(&["a", "b", "c", "d"]);
    assert_eq!(env.ok(&["config", "get", "day-start"]), "09:00\n");
    env.ok(&["snooze", "a", "--until", "tomorrow"]);
    assert_eq!(wake_at(&env, "a"), "2026-11-22T09:00:00Z");
    env.ok(&["config", "set", "day-start", "7:30"]);
    assert_eq!(env.ok(&["config", "get", "day-start"]), "07:30\n");
    env.ok(&["set", "inactive", "b", "--until", "monday"]);
    assert_eq!(wake_at(&env, "b"), "2026-11-23T07:30:00Z");
    env.ok(&["snooze", "c", "--until", "next-week"]);
    assert_eq!(wake_at(&env, "c"), "2026-11-23T07:30:00Z");
    // A time given wins over day-start.
    env.ok(&["snooze", "d", "--until", "Wednesday 16:00"]);
    assert_eq!(wake_at(&env, "d"), "2026-11-25T16:00:00Z");
}

#[test]
fn weekday_of_today_means_next_week_and_clock_means_its_next_occurrence() {
    let env = env_with(&["sat", "later", "earlier"]);
    env.ok(&["snooze", "sat", "--until", "saturday 18:00"]);
    assert_eq!(wake_at(&env, "sat"), "2026-11-28T18:00:00Z");
    env.ok(&["snooze", "later", "--until", "18:00"]);
    assert_eq!(wake_at(&env, "later"), "2026-11-21T18:00:00Z");
    env.ok(&["snooze", "earlier", "--until", "08:00"]);
    assert_eq!(wake_at(&env, "earlier"), "2026-11-22T08:00:00Z");
}

#[test]
fn bad_times_for_people_are_refused_and_change_nothing() {
    let env = env_with(&["c1"]);
    let before = env.snapshot();
    for (args, needle) in [
        (
            vec!["snooze", "c1", "--until", "tomorrow 25:00"],
            "`25:00` is not a time of day",
        ),
        (
            vec!["set", "inactive", "c1", "--until", "tomorrow at 9"],
            "is not a time",
        ),
        (
            vec!["snooze", "c1", "--until", "24:00"],
            "not a time of day",
        ),
        (
            vec!["snooze", "c1", "--until", "someday"],
            "`tomorrow [HH:MM]`",
        ),
        (
            vec!["config", "set", "day-start", "25:00"],
            "bad value for `day-start`",
        ),
        (
            vec!["set", "active", "c1", "--until", "tomorrow"],
            "an active contact has no timer",
        ),
    ] {
        let out = env.cmd().args(&args).output().expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.starts_with("error:"), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.ok(&["config", "get", "day-start"]), "09:00\n");
}

#[test]
fn a_day_start_needing_no_database_creates_none_on_bad_input() {
    // A bad `--until` is refused before the database is opened, so none is created.
    let env = Env::bare();
    let out = env
        .cmd()
        .args(["snooze", "c1", "--until", "tomorrow 99:00"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(!env.db.exists(), "a refused command created the database");
}

// ----- list --search -----

fn found(env: &Env, q: &str) -> Vec<String> {
    env.ok(&["list", "--search", q, "--format", "ids"])
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn search_finds_phone_numbers_by_their_digits_and_emails() {
    let env = Env::new();
    for (id, flags) in [
        ("p1", vec!["--name", "Pat", "--phone", "+1 (555) 010-0199"]),
        ("p2", vec!["--phone", "555.020.0001"]),
        ("p3", vec!["--phone", "+1 555 1001"]),
        ("e1", vec!["--email", "Smith@Example.COM"]),
        ("c-1001", vec![]),
    ] {
        let mut args = vec!["contacts", "add", id];
        args.extend(flags);
        env.ok(&args);
    }
    assert_eq!(found(&env, "555 0100"), ["p1"]);
    assert_eq!(found(&env, "(555) 010-01"), ["p1"]);
    assert_eq!(found(&env, "+1 555"), ["p1", "p3"]);
    assert_eq!(found(&env, "5550"), ["p1", "p2"]);
    assert_eq!(found(&env, "example.com"), ["e1"]);
    assert_eq!(found(&env, "SMITH@"), ["e1"]);
    assert_eq!(found(&env, "pat"), ["p1"]);
    // Text that is not phone-like compares as text only: `c-1001` is not p3's `1001`.
    assert_eq!(found(&env, "c-1001"), ["c-1001"]);
    // Digits match across punctuation: p1 is 1555010|0199, p3 1555|1001.
    assert_eq!(found(&env, "1001"), ["c-1001", "p1", "p3"]);
    assert!(found(&env, "555 9999").is_empty());
    // Combined with other filters, and in JSON.
    let json = env.list(&["--search", "555 0100", "--status", "active"]);
    assert_eq!(json.len(), 1);
    assert_eq!(json[0]["phone"], "+1 (555) 010-0199");
}
