//! End-to-end tests of `contacts import` with files as CRMs and spreadsheets export them:
//! header spellings, `First Name` + `Last Name`, `--map`, `,` `;` and tab separators,
//! `--only-new` / `--only-existing`, and the full error report (`--errors FILE`).

mod common;

use std::path::PathBuf;

use assert_cmd::Command;
use common::*;
use serde_json::Value;

/// What a finished command left behind.
struct Run {
    code: Option<i32>,
    stderr: String,
}

fn run(mut cmd: Command, args: &[&str]) -> Run {
    let out = cmd.args(args).output().expect("run botctl");
    Run {
        code: out.status.code(),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

fn import(env: &Env, args: &[&str]) -> Run {
    let mut all = vec!["contacts", "import"];
    all.extend_from_slice(args);
    run(env.cmd(), &all)
}

/// Imports, asserts success, returns stderr.
fn import_ok(env: &Env, args: &[&str]) -> String {
    let r = import(env, args);
    assert_eq!(r.code, Some(0), "import {args:?} failed:\n{}", r.stderr);
    r.stderr
}

/// Imports, asserts the exit code and an `error:` message, and that nothing changed.
fn import_fails(env: &Env, args: &[&str], code: i32) -> String {
    let before = env.snapshot();
    let r = import(env, args);
    assert_eq!(r.code, Some(code), "import {args:?}:\n{}", r.stderr);
    // The columns note may come first; the error follows it.
    let at = r
        .stderr
        .find("error:")
        .filter(|&i| i == 0 || r.stderr[..i].ends_with('\n'))
        .unwrap_or_else(|| panic!("no `error:` in {}", r.stderr));
    assert_eq!(env.snapshot(), before, "import {args:?} changed something");
    r.stderr[at..].to_string()
}

fn write(env: &Env, name: &str, text: &str) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, text).expect("write file");
    path.to_str().expect("utf-8 path").to_string()
}

fn example(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
        .to_str()
        .expect("utf-8 path")
        .to_string()
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
    let v = |s: &str| {
        if s.is_empty() {
            Value::Null
        } else {
            Value::from(s)
        }
    };
    (id.to_string(), v(name), v(phone), v(email))
}

// ----- the shape of a real CRM export -----

/// A bad value is shown once, escaped (a byte order mark too), and the error report keeps
/// the value of a timer that breaks a rule with its status.
#[test]
fn bad_values_are_echoed_once_escaped_and_kept_in_the_report() {
    let env = Env::new();
    let file = write(
        &env,
        "v.csv",
        &format!(
            "id,status,wake_at\n\u{feff}x-1,,\n{},,\na,active,2026-11-22T10:00:00Z\n",
            "h".repeat(257)
        ),
    );
    let report = env.dir.path().join("err.csv");
    let err = import_fails(&env, &[&file, "--errors", report.to_str().unwrap()], 1);
    assert!(!err.contains('\u{feff}'), "a raw U+FEFF: {err:?}");
    for line in err.lines().filter(|l| l.contains("line ")) {
        assert_eq!(line.matches("(`").count(), 1, "echoed once: {line}");
    }
    let written = std::fs::read_to_string(&report).unwrap();
    assert!(
        written.contains("wake_at,2026-11-22T10:00:00Z,an active contact has no `wake_at`"),
        "{written}"
    );
}

/// A bad row is named by the line it is on in the file, whatever ends its lines: CRLF
/// with blank lines after a row, or CR alone (an old Mac export).
#[test]
fn bad_rows_are_named_by_their_line_whatever_ends_lines() {
    let env = Env::new();
    for (name, text, lines) in [
        (
            "crlf.csv",
            "id,name,status\r\ne-1,Ann,active\r\n\r\n\r\n\r\ne-2,Bob,bogus\r\n",
            &["line 6,"][..],
        ),
        (
            "cr.csv",
            "id,status\rr-1,bad1\rr-2,active\r\rr-3,bad3\r",
            &["line 2,", "line 5,"],
        ),
    ] {
        let file = write(&env, name, text);
        let err = import_fails(&env, &[&file], 1);
        for line in lines {
            assert!(err.contains(line), "{name}: {line} in {err}");
        }
        assert!(
            !err.contains("line 1,") && !err.contains("line 3,"),
            "{name}: {err}"
        );
    }
}

/// botctl's own `list --format csv` is plainly botctl's: it imports back with no note
/// about columns, while a file with one column more gets the note.
#[test]
fn botctl_own_export_imports_back_without_a_columns_note() {
    let env = Env::new();
    env.ok(&[
        "contacts",
        "add",
        "k1",
        "--name",
        "Kim",
        "--phone",
        "+1 555 0100",
    ]);
    env.ok(&["set", "snoozed", "k1", "--for", "2h"]);
    let export = env.ok(&["list", "--format", "csv"]);
    let path = write(&env, "export.csv", &export);
    let err = import_ok(&env, &[&path]);
    assert!(!err.contains("columns:"), "{err}");
    assert!(err.contains("nothing to change"), "{err}");
    let (head, rest) = export.split_once('\n').unwrap();
    let more = write(
        &env,
        "more.csv",
        &format!("{head},tags\n{}", rest.replace('\n', ",x\n")),
    );
    let err = import_ok(&env, &[&more]);
    assert!(
        err.contains("ignored:") && err.contains("\"tags\""),
        "{err}"
    );
}

#[test]
fn a_crm_export_loads_as_it_comes() {
    let env = Env::new();
    let err = import_ok(&env, &[&example("crm-export.csv")]);
    // Quoted fields with commas, doubled quotes and line breaks; First + Last Name.
    assert_eq!(
        details(&env),
        vec![
            d(
                "Bn6Lt3VyA9oDh2Sx5Gm8",
                "Edsger Dijkstra",
                "+31 20 555 0105",
                ""
            ),
            d(
                "Mv2Hd7QwB4xLp9Tn6Ca3",
                "Alan Turing",
                "+44 20 7946 0003",
                "alan@example.com"
            ),
            d(
                "Qa4Jn7CpW2iGk8Ry1Uv6",
                "Barbara",
                "+1 617 555 0106",
                "barbara@example.com"
            ),
            d(
                "Rt5Gz8NcY1sQe6Jm2Kf9",
                "Grace Hopper, Jr.",
                "+1 202 555 0102",
                "grace@example.com"
            ),
            d(
                "Ws8Fk1ZrE5uJc3Ng7Pb4",
                "Katherine \"Kathy\" Johnson",
                "+1 757 555 0104",
                "katherine@example.com"
            ),
            d(
                "Xk3Pq9LmT2vRb7Hn4Wd1",
                "Ada Lovelace",
                "+44 20 7946 0001",
                "ada@example.com"
            ),
        ]
    );
    // The note says which column fed which field, and that `Tags` is ignored.
    assert!(
        err.contains(
            "columns: \"Contact Id\" -> id, \"First Name\" + \"Last Name\" -> name, \"Phone\" -> phone, \"Email\" -> email; ignored: \"Tags\""
        ),
        "{err}"
    );
    assert!(err.contains("imported 6 rows: 6 added"), "{err}");
    // Imported again, nothing is added; the contacts are matched by their ids.
    let again = import_ok(&env, &[&example("crm-export.csv")]);
    assert!(
        again.contains("nothing to change: 6 rows: 0 added, 0 updated"),
        "{again}"
    );
    assert_eq!(env.list(&[]).len(), 6);
}

#[test]
fn header_spellings_are_recognised_whatever_their_case_and_punctuation() {
    let env = Env::new();
    for (i, header) in [
        "contact_id,Full Name,Phone Number,E-mail",
        "ContactID,name,Mobile,Email Address",
        "CONTACT ID,Full-Name,Mobile Phone,EMAIL",
    ]
    .iter()
    .enumerate()
    {
        let file = write(
            &env,
            &format!("h{i}.csv"),
            &format!("{header}\nh{i},Name {i},+1555000{i},h{i}@example.com\n"),
        );
        import_ok(&env, &[&file]);
        let c = env.contact(&format!("h{i}"));
        assert_eq!(c["name"], format!("Name {i}"), "{header}");
        assert_eq!(c["phone"], format!("+1555000{i}"), "{header}");
        assert_eq!(c["email"], format!("h{i}@example.com"), "{header}");
    }
    // `Status` and `Wake At` too.
    let file = write(
        &env,
        "s.csv",
        "Contact Id,Status,Wake At\ns1,snoozed,2026-11-22T09:00:00Z\n",
    );
    import_ok(&env, &[&file]);
    let s1 = env.contact("s1");
    assert_eq!(s1["status"], "snoozed");
    assert_eq!(s1["wake_at"], "2026-11-22T09:00:00Z");
}

#[test]
fn a_plain_file_gets_no_columns_note() {
    let env = Env::new();
    let err = import_ok(&env, &[&example("contacts.csv")]);
    assert!(!err.contains("columns:"), "{err}");
    assert_eq!(env.list(&[]).len(), 8);
}

// ----- separators -----

#[test]
fn a_semicolon_file_is_detected() {
    let env = Env::new();
    let file = write(
        &env,
        "semi.csv",
        "Contact ID;Vorname;Nachname;Telefon;E-Mail\n\
         k1;Hans;\"Müller; Sohn\";+49 30 1234;hans@example.de\n\
         k2;Eva;Schmidt, geb. Koch;+49 30 5678;\n",
    );
    let err = import_ok(&env, &[&file]);
    assert_eq!(
        details(&env),
        vec![
            d("k1", "Hans Müller; Sohn", "+49 30 1234", "hans@example.de"),
            d("k2", "Eva Schmidt, geb. Koch", "+49 30 5678", ""),
        ]
    );
    assert!(err.contains("\"Telefon\" -> phone"), "{err}");
}

#[test]
fn a_tab_file_is_detected() {
    let env = Env::new();
    let file = write(
        &env,
        "tabs.tsv",
        "contact_id\tName\tMobile\tEmail Address\tNotes\n\
         t1\tTess, T.\t+1 555 0001\ttess@example.com\t\"two\tcells\nand a line\"\n\
         t2\tTim\t\t\t\n",
    );
    let err = import_ok(&env, &[&file]);
    assert_eq!(
        details(&env),
        vec![
            d("t1", "Tess, T.", "+1 555 0001", "tess@example.com"),
            d("t2", "Tim", "", ""),
        ]
    );
    assert!(err.contains("ignored: \"Notes\""), "{err}");
}

#[test]
fn delimiter_overrides_the_detection() {
    let env = Env::new();
    let file = write(&env, "pipe.txt", "id|name\np1|Pat, P.\n");
    // Read with `,`, the header is one column: the error shows it and suggests a fix.
    let err = import_fails(&env, &[&file, "--delimiter", ","], 1);
    assert!(err.contains("\"id|name\""), "{err}");
    assert!(err.contains("--delimiter"), "{err}");
    assert!(err.contains("--map id="), "{err}");
    import_ok(&env, &[&file, "--delimiter", "|"]);
    assert_eq!(details(&env), vec![d("p1", "Pat, P.", "", "")]);
    // `tab` names the tab.
    let tabs = write(&env, "t.txt", "id\tname\nq1\tQuinn\n");
    import_ok(&env, &[&tabs, "--delimiter", "tab"]);
    assert_eq!(env.contact("q1")["name"], "Quinn");
    let r = import(&env, &[&tabs, "--delimiter", "xy"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
}

#[test]
fn a_header_that_cannot_be_understood_is_shown() {
    let env = Env::new();
    let file = write(
        &env,
        "odd.csv",
        "Kundennummer;Firma;Bemerkung\x1b[31m\n1;ACME;x\n",
    );
    let err = import_fails(&env, &[&file], 1);
    assert!(err.contains("line 1"), "{err}");
    assert!(
        err.contains("\"Kundennummer\", \"Firma\", \"Bemerkung\\e[31m\""),
        "the header as read, escaped: {err}"
    );
    assert!(!err.contains('\x1b'), "{err}");
    assert!(err.contains("--map id=HEADER"), "{err}");
    // A semicolon file read with `,` says so.
    let err = import_fails(&env, &[&file, "--delimiter", ","], 1);
    assert!(err.contains("--delimiter ';'"), "{err}");
    // A UTF-16 file (a spreadsheet's "Unicode text") is named as such.
    let mut utf16 = vec![0xff, 0xfe];
    for u in "id\tname\r\nu1\tUma\r\n".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let path = env.dir.path().join("utf16.txt");
    std::fs::write(&path, utf16).unwrap();
    let err = import_fails(&env, &[path.to_str().unwrap()], 1);
    assert!(err.contains("UTF-16"), "{err}");
    // Files that are not text are named for what they are, and change nothing.
    for (name, bytes, says) in [
        (
            "db.sqlite",
            &b"SQLite format 3\0\x10\x00\x01\x01"[..],
            "SQLite database",
        ),
        ("c.csv.gz", &b"\x1f\x8b\x08\x00\x00\x00"[..], "gunzip -c"),
        ("c.xlsx", &b"PK\x03\x04\x14\x00"[..], "ZIP archive"),
    ] {
        let path = env.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = import_fails(&env, &[path.to_str().unwrap()], 1);
        assert!(err.contains(says), "{name}: {err}");
    }
}

// ----- modes -----

fn two_rows(env: &Env) -> String {
    write(
        env,
        "two.csv",
        "Contact Id,Full Name\nold,Olga New\nnew,Nina\n",
    )
}

fn with_old() -> Env {
    let env = Env::new();
    env.ok(&["contacts", "add", "old", "--name", "Olga"]);
    env
}

#[test]
fn only_new_leaves_existing_contacts_alone() {
    let env = with_old();
    let err = import_ok(&env, &[&two_rows(&env), "--only-new"]);
    assert!(
        err.contains("1 added, 0 updated, 0 status changes, 1 existing left alone"),
        "{err}"
    );
    assert_eq!(env.contact("old")["name"], "Olga");
    assert_eq!(env.contact("new")["name"], "Nina");
}

#[test]
fn only_existing_skips_unknown_ids() {
    let env = with_old();
    let err = import_ok(&env, &[&two_rows(&env), "--only-existing"]);
    assert!(
        err.contains("0 added, 1 updated, 0 status changes, 1 unknown skipped"),
        "{err}"
    );
    assert_eq!(env.contact("old")["name"], "Olga New");
    assert_eq!(env.list(&[]).len(), 1, "`new` is not added");
}

#[test]
fn the_default_adds_and_updates() {
    let env = with_old();
    let err = import_ok(&env, &[&two_rows(&env)]);
    assert!(err.contains("1 added, 1 updated"), "{err}");
    assert_eq!(env.contact("old")["name"], "Olga New");
    assert_eq!(env.contact("new")["name"], "Nina");
}

#[test]
fn rows_equal_to_the_contacts_change_nothing_and_make_no_batch() {
    let env = Env::new();
    let file = write(
        &env,
        "same.csv",
        "id,name,phone,status\na,Ann,,\nb,Bob,+1 555,inactive\nc,,,\n",
    );
    let first = import_ok(&env, &[&file]);
    assert!(first.contains("3 added"), "{first}");
    let before = env.snapshot();
    let batches = env.history(&["--kind", "added"]).len();
    let again = import_ok(&env, &[&file]);
    assert!(
        again.contains(
            "nothing to change: 3 rows: 0 added, 0 updated, 0 status changes; the contacts already have these values"
        ),
        "{again}"
    );
    assert!(!again.contains("batch"), "{again}");
    assert_eq!(env.snapshot(), before, "no batch, no history row");
    assert_eq!(env.history(&["--kind", "added"]).len(), batches);
    // Only the rows whose values change count: a new name, a new status, or both.
    let changed = write(
        &env,
        "changed.csv",
        "id,name,phone,status\na,Anna,,\nb,Bob,+1 555,active\nc,Cy,,snoozed\n",
    );
    let out = import_ok(&env, &[&changed, "--dry-run"]);
    assert!(
        out.contains("would import 3 rows: 0 added, 3 updated, 2 status changes"),
        "{out}"
    );
    let half = write(
        &env,
        "half.csv",
        "id,name,phone,status\na,Anna,,\nb,Bob,+1 555,inactive\nc,,,\n",
    );
    let out = import_ok(&env, &[&half]);
    assert!(
        out.contains("imported 3 rows: 0 added, 1 updated, 0 status changes (batch"),
        "{out}"
    );
}

#[test]
fn bad_new_ids_are_reported_with_the_other_bad_rows() {
    let env = Env::new();
    let file = write(&env, "e.csv", "id,name\n b7,x\n#b8,y\n,z\nok,w\n");
    let report = env.dir.path().join("err.csv");
    let err = import_fails(&env, &[&file, "--errors", report.to_str().unwrap()], 1);
    assert!(err.starts_with("error: 3 bad rows in the CSV"), "{err}");
    let lines: Vec<&str> = err.lines().skip(1).collect();
    assert!(
        lines[0].starts_with(
            "  line 2, column \"id\": a new contact id cannot start or end with white space (` b7`)"
        ),
        "{err}"
    );
    assert!(
        lines[1]
            .starts_with("  line 3, column \"id\": a new contact id cannot start with `#` (`#b8`)"),
        "{err}"
    );
    assert!(
        lines[2].starts_with("  line 4, column \"id\": the `id` is missing"),
        "{err}"
    );
    let rows: Vec<csv::StringRecord> = csv::Reader::from_path(&report)
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect();
    let mut found: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r[0].to_string(), r[2].to_string()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("2".to_string(), " b7".to_string()),
            ("3".to_string(), "#b8".to_string()),
            ("4".to_string(), String::new())
        ]
    );
    // With --only-existing no row adds a contact: the unknown ids are skipped.
    let fixed = write(&env, "f.csv", "id,name\n b7,x\nok,w\n");
    let out = import_ok(&env, &[&fixed, "--only-existing"]);
    assert!(out.contains("2 unknown skipped"), "{out}");
    // The first 50 bad rows by line are listed, new ids among them.
    let mut many = String::from("id,status\n#first,\n");
    for i in 0..60 {
        many.push_str(&format!("m{i},paused\n"));
    }
    let file = write(&env, "many.csv", &many);
    let err = import_fails(&env, &[&file], 1);
    assert!(err.starts_with("error: 61 bad rows"), "{err}");
    assert!(
        err.lines()
            .nth(1)
            .unwrap()
            .starts_with("  line 2, column \"id\""),
        "{err}"
    );
    assert!(
        err.lines().nth(50).unwrap().starts_with("  line 51,"),
        "{err}"
    );
    assert!(err.contains("... and 11 more"), "{err}");
}

#[test]
fn only_new_with_only_existing_is_a_usage_error() {
    let env = with_old();
    let file = two_rows(&env);
    let err = import_fails(&env, &[&file, "--only-new", "--only-existing"], 2);
    assert!(err.contains("--only-new"), "{err}");
    assert!(err.contains("--only-existing"), "{err}");
}

// ----- --map -----

#[test]
fn map_names_columns_and_wins_over_recognition() {
    let env = Env::new();
    let file = write(
        &env,
        "map.csv",
        "id,Kundennummer,Name,Handynummer,Phone\n\
         row-1,K-1,Kim,+49 170 1,+49 30 1\n",
    );
    let err = import_ok(
        &env,
        &[
            &file,
            "--map",
            "id=Kundennummer",
            "--map",
            "Phone=handynummer",
        ],
    );
    assert_eq!(details(&env), vec![d("K-1", "Kim", "+49 170 1", "")]);
    assert!(
        err.contains("\"Kundennummer\" -> id, \"Name\" -> name, \"Handynummer\" -> phone"),
        "{err}"
    );
    assert!(err.contains("ignored: \"id\", \"Phone\""), "{err}");

    // `--map` of a name's parts wins over a recognised whole-name column; naming both
    // ways at once is refused.
    let file = write(
        &env,
        "parts.csv",
        "Contact Id,Full Name,Given,Family\nl-1,Ann Lee,Annie,Leigh\n",
    );
    let err = import_ok(
        &env,
        &[
            &file,
            "--map",
            "first_name=Given",
            "--map",
            "last_name=Family",
        ],
    );
    assert!(err.contains("\"Given\" + \"Family\" -> name"), "{err}");
    assert_eq!(env.contact("l-1")["name"], "Annie Leigh");
    let err = import_fails(
        &env,
        &[&file, "--map", "first_name=Given", "--map", "name=Family"],
        2,
    );
    assert!(err.contains("give one of them"), "{err}");
}

#[test]
fn map_takes_a_column_number_and_an_empty_header_leaves_a_field_out() {
    let env = Env::new();
    let file = write(
        &env,
        "dup.csv",
        "Ref,Phone,Phone,Status\nr1,+1 1,+1 2,Lead\n",
    );
    // Two `Phone` columns, and a `Status` that is a CRM's lead status, not botctl's.
    let err = import_fails(&env, &[&file, "--map", "id=Ref"], 1);
    assert!(err.contains("both map to `phone`"), "{err}");
    import_ok(
        &env,
        &[
            &file, "--map", "id=Ref", "--map", "phone=#3", "--map", "status=",
        ],
    );
    let c = env.contact("r1");
    assert_eq!(c["phone"], "+1 2");
    assert_eq!(c["status"], "active");
}

#[test]
fn bad_maps_are_refused_and_nothing_is_imported() {
    let env = with_old();
    let file = write(&env, "m.csv", "id,Contact Id,Name\nx1,c1,Xena\n");
    // Two columns that both map to `id`.
    let err = import_fails(&env, &[&file], 1);
    assert!(err.contains("both map to `id`"), "{err}");
    assert!(err.contains("--map id="), "{err}");
    // A header that is not there: the error shows the header it read.
    let err = import_fails(&env, &[&file, "--map", "id=Customer"], 1);
    assert!(err.contains("no column \"Customer\""), "{err}");
    assert!(err.contains("\"id\", \"Contact Id\", \"Name\""), "{err}");
    // An unknown field: a usage error naming the fields.
    let err = import_fails(&env, &[&file, "--map", "colour=Name"], 2);
    assert!(err.contains("unknown field `colour`"), "{err}");
    assert!(err.contains("first_name"), "{err}");
    // No `=`.
    import_fails(&env, &[&file, "--map", "id"], 2);
    // One field twice, one column for two fields.
    import_fails(
        &env,
        &[&file, "--map", "id=id", "--map", "id=Contact Id"],
        2,
    );
    let err = import_fails(
        &env,
        &[&file, "--map", "id=Contact Id", "--map", "name=contact id"],
        1,
    );
    assert!(err.contains("to both `id` and `name`"), "{err}");
    // A column number that is not there.
    import_fails(&env, &[&file, "--map", "id=#9"], 1);
    // With a good map it loads.
    import_ok(&env, &[&file, "--map", "id=Contact Id"]);
    assert_eq!(env.contact("c1")["name"], "Xena");
}

// ----- the full error report -----

/// A file with 60 bad rows of several kinds among good ones.
fn sixty_bad(env: &Env) -> String {
    let mut s = String::from("Contact Id,Full Name,Status,Wake At\n");
    for i in 0..60 {
        s.push_str(&format!("good-{i},Good {i},,\n"));
        match i % 4 {
            0 => s.push_str(&format!("bad-{i},Bad {i},paused,\n")),
            1 => s.push_str(&format!(",No id {i},,\n")),
            2 => s.push_str(&format!("bad-{i},\"Bad, {i}\",snoozed,yesterday\n")),
            _ => s.push_str(&format!("bad-{i},too,few\n")),
        }
    }
    write(env, "sixty.csv", &s)
}

#[test]
fn sixty_bad_rows_are_reported_in_one_pass() {
    let env = with_old();
    let file = sixty_bad(&env);
    let err = import_fails(&env, &[&file], 1);
    assert!(
        err.starts_with("error: 60 bad rows in the CSV; nothing was imported"),
        "{err}"
    );
    // The first 50, in file order (bad rows are on the odd lines 3, 5, ...), and a count.
    let listed: Vec<&str> = err.lines().filter(|l| l.starts_with("  line ")).collect();
    assert_eq!(listed.len(), 50, "{err}");
    assert!(
        listed[0].starts_with("  line 3, column \"Status\": "),
        "{err}"
    );
    assert!(
        listed[1].starts_with("  line 5, column \"Contact Id\": "),
        "{err}"
    );
    assert!(
        listed[2].starts_with("  line 7, column \"Wake At\": "),
        "{err}"
    );
    assert!(
        listed[3].starts_with("  line 9: the row has 3 fields but the header has 4"),
        "{err}"
    );
    assert!(listed[49].starts_with("  line 101,"), "{err}");
    assert!(
        err.contains("... and 10 more (`--errors FILE` writes them all as CSV)"),
        "{err}"
    );
    assert_eq!(env.list(&[]).len(), 1, "none of the good rows either");
}

#[test]
fn errors_writes_every_bad_row_as_csv() {
    let env = with_old();
    let file = sixty_bad(&env);
    let report = env.dir.path().join("bad-rows.csv");
    let report_s = report.to_str().unwrap();
    let err = import_fails(&env, &[&file, "--errors", report_s], 1);
    assert!(err.contains("all 60 are written to"), "{err}");
    let mut r = csv::Reader::from_path(&report).expect("the report is CSV");
    assert_eq!(
        r.headers().unwrap(),
        vec!["line", "column", "value", "problem"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 60);
    let lines: Vec<u64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(lines, (0..60).map(|i| 3 + 2 * i).collect::<Vec<u64>>());
    assert_eq!(&rows[0][1], "Status");
    assert_eq!(&rows[0][2], "paused");
    assert!(rows[0][3].contains("paused"), "{:?}", rows[0]);
    assert_eq!(&rows[1][1], "Contact Id");
    assert_eq!(&rows[2][1], "Wake At");
    assert_eq!(&rows[2][2], "yesterday");
    assert!(rows[3][3].contains("3 fields"), "{:?}", rows[3]);
    // Written afresh each run: after the file is fixed, only its header row is left.
    let fixed = write(&env, "fixed.csv", "Contact Id,Full Name\nf1,Fay\n");
    import_ok(&env, &[&fixed, "--errors", report_s]);
    let mut r = csv::Reader::from_path(&report).unwrap();
    assert_eq!(r.records().count(), 0);
    assert_eq!(env.contact("f1")["name"], "Fay");
}

#[test]
fn values_in_the_error_are_escaped_and_cut_and_whole_in_the_report() {
    let env = Env::new();
    let long = "x".repeat(2000);
    let file = write(
        &env,
        "v.csv",
        &format!("id,name,status\ne1,\"Eve\x1b[2J\",\ne2,{long},\ne3,Ed,\"sleep\x1b[31m\"\n"),
    );
    let report = env.dir.path().join("report.csv");
    let err = import_fails(&env, &[&file, "--errors", report.to_str().unwrap()], 1);
    assert!(!err.contains('\x1b'), "{err}");
    assert!(err.contains("Eve\\e[2J"), "{err}");
    assert!(
        !err.contains(&"x".repeat(100)),
        "a long value is cut: {err}"
    );
    assert!(err.contains("line 3, column \"name\""), "{err}");
    let rows: Vec<csv::StringRecord> = csv::Reader::from_path(&report)
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][2], "Eve\x1b[2J", "the report keeps the value");
    assert!(
        rows[1][2].starts_with(&"x".repeat(1000)),
        "{:?}",
        &rows[1][2][..20]
    );
}

#[test]
fn errors_never_writes_through_a_link_or_over_the_input() {
    let env = Env::new();
    let file = write(&env, "in.csv", "id,status\na,paused\n");
    let target = write(&env, "precious.txt", "keep me\n");
    let link = env.dir.path().join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let err = import_fails(&env, &[&file, "--errors", link.to_str().unwrap()], 1);
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me\n");
    let err = import_fails(&env, &[&file, "--errors", &file], 1);
    assert!(err.contains("the file being imported"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "id,status\na,paused\n"
    );
    let dir = env.dir.path().to_str().unwrap();
    import_fails(&env, &[&file, "--errors", dir], 1);
}

#[test]
fn errors_is_never_the_database_or_its_journal_files() {
    sqlite_only!("the database is a file");
    let env = Env::new();
    env.add(&["keep1"]);
    let file = write(&env, "g.csv", "id,name\nnew1,x\n");
    let db = env.db.to_str().unwrap().to_string();
    let folder = env.db.parent().unwrap();
    let link = env.dir.path().join("hard-link.db");
    std::fs::hard_link(&env.db, &link).unwrap();
    let mut targets = vec![
        db.clone(),
        format!("{}/./botctl.db", folder.display()),
        link.to_str().unwrap().to_string(),
    ];
    targets.extend(["-wal", "-shm", "-journal"].map(|side| format!("{db}{side}")));
    for target in &targets {
        let err = import_fails(&env, &[&file, "--errors", target], 1);
        assert!(
            err.contains("is the database or one of its journal files"),
            "{target}: {err}"
        );
    }
    // A path relative to the current folder is the same file.
    let mut cmd = env.cmd();
    cmd.current_dir(folder);
    let r = run(cmd, &["contacts", "import", &file, "--errors", "botctl.db"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("journal files"), "{}", r.stderr);
    let ids: Vec<Value> = env.list(&[]).iter().map(|c| c["id"].clone()).collect();
    assert_eq!(ids, ["keep1"]);
    assert_eq!(env.history(&["--kind", "added"]).len(), 1);
}

#[test]
fn an_import_from_stdin_is_detected_too() {
    let env = Env::new();
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin("Contact Id;First Name;Last Name\ns1;Sal;\"Smith; Jones\"\n")
        .assert()
        .success();
    assert_eq!(env.contact("s1")["name"], "Sal Smith; Jones");
}
