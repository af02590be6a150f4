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
    let env = Env::new();
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
