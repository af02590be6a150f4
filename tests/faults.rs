//! The fault suite: botctl in hostile surroundings. Paths that are not what they seem
//! (missing, symlinks, FIFOs, other users' files, world-writable folders, other programs'
//! databases), a full disk, read-only files, folders and file systems, a file size limit,
//! a folder deleted mid-change, escape sequences in everything that comes from outside,
//! kill -9 at random instants of every bulk command, and a fuzz of arguments and stdin.
//!
//! Cases that need root (mounting a small tmpfs, a read-only bind mount, running as
//! another user) print why they are skipped where they cannot run.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;
use predicates::prelude::*;

const NOBODY: u32 = 65534;

// ----- helpers -----

fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// A mount that is undone when dropped.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn run_ok(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A tmpfs of `kib` KiB at `dir`, or why not.
fn tmpfs(dir: &Path, kib: u64) -> Result<Mount, String> {
    if !is_root() {
        return Err("not running as root, so no tmpfs can be mounted".into());
    }
    fs::create_dir_all(dir).unwrap();
    if !run_ok(
        Command::new("mount")
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("size={kib}k,mode=0700"))
            .arg("tmpfs")
            .arg(dir),
    ) {
        return Err("`mount -t tmpfs` failed (no CAP_SYS_ADMIN?)".into());
    }
    Ok(Mount(dir.to_path_buf()))
}

/// `dir` bind-mounted read-only onto itself, or why not.
fn read_only_bind(dir: &Path) -> Result<Mount, String> {
    if !is_root() {
        return Err("not running as root, so no read-only bind mount can be made".into());
    }
    if !run_ok(Command::new("mount").arg("--bind").arg(dir).arg(dir)) {
        return Err("`mount --bind` failed".into());
    }
    let m = Mount(dir.to_path_buf());
    if !run_ok(
        Command::new("mount")
            .args(["-o", "remount,bind,ro"])
            .arg(dir),
    ) {
        return Err("remounting read-only failed".into());
    }
    Ok(m)
}

fn skip(test: &str, why: &str) {
    eprintln!("skipped {test}: {why}");
}

/// Runs a command with a time limit: `None` if it had to be killed.
fn run_with_timeout(mut cmd: Command, stdin: Option<Vec<u8>>, limit: Duration) -> Option<Output> {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    if let Some(data) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        std::thread::spawn(move || {
            let _ = pipe.write_all(&data);
        });
    }
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return Some(Output {
                status,
                stdout: t_out.join().unwrap(),
                stderr: t_err.join().unwrap(),
            });
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn stderr_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `botctl ARGS` as user nobody (with `groups`), with the test environment.
fn as_user(env: &Env, uid: u32, groups: &[u32], args: &[&str]) -> Command {
    let inner = env.std_cmd();
    let mut c = Command::new("setpriv");
    c.arg(format!("--reuid={uid}"))
        .arg(format!("--regid={uid}"));
    if groups.is_empty() {
        c.arg("--clear-groups");
    } else {
        let g: Vec<String> = groups.iter().map(u32::to_string).collect();
        c.arg(format!("--groups={}", g.join(",")));
    }
    c.arg(inner.get_program()).args(args).env_clear();
    for (k, v) in inner.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    c.env("HOME", "/tmp");
    c
}

/// Whether setpriv can run botctl as another user here.
fn can_switch_user(env: &Env) -> Result<(), String> {
    if !is_root() {
        return Err("not running as root, so cannot run botctl as another user".into());
    }
    let out = as_user(env, NOBODY, &[], &["--version"]).output();
    match out {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(format!(
            "setpriv cannot run botctl as nobody: {}",
            String::from_utf8_lossy(&o.stderr)
        )),
        Err(e) => Err(format!("no setpriv: {e}")),
    }
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

fn ids(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i:05}")).collect()
}

fn import(env: &Env, ids: &[String]) {
    let csv = format!("id\n{}\n", ids.join("\n"));
    env.cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(csv)
        .assert()
        .success();
}

// ----- paths -----

#[test]
fn reading_commands_and_sweep_never_create_a_missing_database() {
    let env = Env::bare();
    let reads: &[&[&str]] = &[
        &["list"],
        &["status", "c1"],
        &["check", "c1"],
        &["history"],
        &["config"],
        &["config", "get", "sleep-time"],
        &["mode"],
        &["sweep"],
        &["sweep", "--dry-run"],
        &["undo", "1"],
        &["doctor"],
        &["backup", "/tmp/never-written.db"],
    ];
    for args in reads {
        let out = env.cmd().args(*args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        // `doctor` reports on stdout, the others fail on stderr.
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            stderr_of(&out)
        );
        assert!(text.contains(env.db.to_str().unwrap()), "{args:?}: {text}");
    }
    assert!(!env.db.exists() && !env.db.parent().unwrap().exists());
    // A mistyped path names itself and how to create a database.
    env.cmd()
        .args(["sweep"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("there is no database at"))
        .stderr(predicate::str::contains("contacts add"));
}

#[test]
fn a_symlinked_database_is_refused_and_its_target_untouched() {
    let env = Env::bare();
    // Someone plants `botctl/botctl.db` as a link to their own file.
    let xdg = env.dir.path().join("xdg");
    fs::create_dir_all(xdg.join("botctl")).unwrap();
    let theirs = env.dir.path().join("theirs.db");
    fs::write(&theirs, b"").unwrap();
    fs::set_permissions(&theirs, fs::Permissions::from_mode(0o666)).unwrap();
    std::os::unix::fs::symlink(&theirs, xdg.join("botctl/botctl.db")).unwrap();
    for args in [&["contacts", "add", "c1"][..], &["list"]] {
        env.cmd()
            .env_remove("BOTCTL_DB")
            .env("XDG_DATA_HOME", &xdg)
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("symbolic link"));
    }
    assert_eq!(
        fs::read(&theirs).unwrap(),
        b"",
        "the link's target was written"
    );
}

#[test]
fn a_fifo_a_device_and_a_folder_are_refused_without_hanging() {
    let env = Env::bare();
    let fifo = env.dir.path().join("fifo.db");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let folder = env.dir.path().join("folder.db");
    fs::create_dir(&folder).unwrap();
    for (path, words) in [
        (fifo.as_path(), "named pipe"),
        (Path::new("/dev/null"), "character device"),
        (folder.as_path(), "is a folder"),
    ] {
        for args in [&["sweep"][..], &["contacts", "add", "c1"]] {
            let mut c = env.std_cmd();
            c.env("BOTCTL_DB", path).args(args);
            let out = run_with_timeout(c, None, Duration::from_secs(10))
                .unwrap_or_else(|| panic!("botctl {args:?} hung on {}", path.display()));
            assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
            assert!(stderr_of(&out).contains(words), "{}", stderr_of(&out));
        }
    }
}

#[test]
fn world_writable_files_and_folders_are_refused() {
    let env = Env::bare();
    env.ok(&["contacts", "add", "c1"]);
    let folder = env.db.parent().unwrap();
    fs::set_permissions(&env.db, fs::Permissions::from_mode(0o666)).unwrap();
    env.cmd()
        .args(["list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("writable by everyone"))
        .stderr(predicate::str::contains("chmod o-w"));
    fs::set_permissions(&env.db, fs::Permissions::from_mode(0o600)).unwrap();
    fs::set_permissions(folder, fs::Permissions::from_mode(0o777)).unwrap();
    env.cmd()
        .args(["contacts", "add", "c2"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("folder"))
        .stderr(predicate::str::contains("writable by everyone"));
    // With the sticky bit (as on /tmp) nobody else can replace the file: allowed.
    fs::set_permissions(folder, fs::Permissions::from_mode(0o1777)).unwrap();
    env.ok(&["contacts", "add", "c2"]);
}

#[test]
fn another_users_database_is_refused() {
    let env = Env::bare();
    if !is_root() {
        return skip("another_users_database_is_refused", "needs root to chown");
    }
    env.ok(&["contacts", "add", "c1"]);
    nix::unistd::chown(&env.db, Some(nix::unistd::Uid::from_raw(NOBODY)), None).unwrap();
    env.cmd()
        .args(["list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("belongs to user nobody"));
}

#[test]
fn a_setgid_group_folder_shares_one_database() {
    let env = Env::bare();
    if let Err(why) = can_switch_user(&env) {
        return skip("a_setgid_group_folder_shares_one_database", &why);
    }
    let gid = 4242u32;
    let team = env.dir.path().join("team");
    fs::create_dir(&team).unwrap();
    nix::unistd::chown(&team, None, Some(nix::unistd::Gid::from_raw(gid))).unwrap();
    fs::set_permissions(&team, fs::Permissions::from_mode(0o2770)).unwrap();
    fs::set_permissions(env.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let db = team.join("sub").join("botctl.db");
    let db_s = db.to_str().unwrap();
    env.ok(&["--db", db_s, "contacts", "add", "c1"]);
    let m = fs::metadata(&db).unwrap();
    assert_eq!(m.mode() & 0o777, 0o660, "file mode");
    assert_eq!(m.gid(), gid, "file group");
    let sub = fs::metadata(db.parent().unwrap()).unwrap();
    assert_eq!(sub.mode() & 0o7777, 0o2770, "folder mode");
    assert_eq!(sub.gid(), gid, "folder group");
    // A member of the group uses it; someone outside the group is refused.
    let out = as_user(
        &env,
        NOBODY,
        &[gid],
        &["--db", db_s, "set", "inactive", "c1"],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = as_user(&env, NOBODY, &[], &["--db", db_s, "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // The folder is closed to them: said so, with what to do, not "the disk may be failing".
    assert!(
        stderr_of(&out).contains("a folder on its path is closed to user nobody")
            && stderr_of(&out).contains("ask the folder's owner"),
        "{}",
        stderr_of(&out)
    );
    let status = env.ok(&["--db", db_s, "status", "c1", "--format", "json"]);
    assert!(status.contains("\"inactive\""), "{status}");
    // Its journal files are the group's too.
    env.ok(&["--db", db_s, "list"]);
}

#[test]
fn another_programs_database_is_refused_untouched_whatever_its_version() {
    let env = Env::bare();
    fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    for version in [0, 1, 2, 7] {
        let _ = fs::remove_file(&env.db);
        {
            let conn = rusqlite::Connection::open(&env.db).unwrap();
            conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);")
                .unwrap();
            conn.pragma_update(None, "user_version", version).unwrap();
        }
        fs::set_permissions(&env.db, fs::Permissions::from_mode(0o600)).unwrap();
        let before = fs::read(&env.db).unwrap();
        for args in [&["contacts", "add", "c1"][..], &["list"], &["sweep"]] {
            env.cmd()
                .args(args)
                .assert()
                .code(1)
                .stderr(predicate::str::contains("another program"));
        }
        assert_eq!(
            fs::read(&env.db).unwrap(),
            before,
            "version {version}: file changed"
        );
        let mut wal = env.db.clone().into_os_string();
        wal.push("-wal");
        assert!(!Path::new(&wal).exists(), "switched to WAL");
    }
}

// ----- disks and files -----

#[test]
fn a_full_disk_leaves_reads_working_and_changes_fail_in_words() {
    let env = Env::bare();
    let mnt = env.dir.path().join("small");
    let _m = match tmpfs(&mnt, 512) {
        Ok(m) => m,
        Err(why) => return skip("a_full_disk_leaves_reads_working", &why),
    };
    let db = mnt.join("d").join("botctl.db");
    let db_s = db.to_str().unwrap();
    env.ok(&["--db", db_s, "contacts", "add", "c1"]);
    env.ok(&["--db", db_s, "snooze", "c1", "--for", "1h"]);
    // Fill the disk.
    let fill = mnt.join("fill");
    let mut f = fs::File::create(&fill).unwrap();
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    drop(f);
    // Reads work.
    let out = env.ok(&["--db", db_s, "list", "--format", "ids"]);
    assert_eq!(out, "c1\n");
    let s = env.ok(&["--db", db_s, "status", "c1", "--format", "json"]);
    assert!(s.contains("snoozed"), "{s}");
    // Changes fail, naming the cause, never an error code.
    let big = format!("id\n{}\n", ids("f", 3000).join("\n"));
    for (args, stdin) in [
        (&["contacts", "add", "c2"][..], None),
        (&["contacts", "import", "-"], Some(big.clone())),
        (&["wake", "c1"], None),
    ] {
        let mut c = env.cmd();
        c.args(["--db", db_s]).args(args);
        if let Some(s) = stdin {
            c.write_stdin(s);
        }
        c.assert()
            .code(1)
            .stderr(predicate::str::contains("is full"))
            .stderr(predicate::str::contains("code").not());
    }
    fs::remove_file(&fill).unwrap();
    assert_eq!(integrity(&db), "ok");
    env.ok(&["--db", db_s, "contacts", "add", "c2"]);
    assert_eq!(
        env.ok(&["--db", db_s, "list", "--format", "ids"]),
        "c1\nc2\n"
    );
}

#[test]
fn a_read_only_file_system_leaves_reads_working() {
    let env = Env::bare();
    env.ok(&["contacts", "add", "c1"]);
    env.ok(&["snooze", "c1", "--for", "1m"]);
    let folder = env.db.parent().unwrap().to_path_buf();
    let _m = match read_only_bind(&folder) {
        Ok(m) => m,
        Err(why) => return skip("a_read_only_file_system_leaves_reads_working", &why),
    };
    assert_eq!(env.ok(&["list", "--format", "ids"]), "c1\n");
    env.ok(&["history"]);
    for args in [&["contacts", "add", "c2"][..], &["wake", "c1"]] {
        env.cmd()
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("read-only"))
            .stderr(predicate::str::contains("code").not());
    }
    env.at("2026-11-21T10:00:00Z")
        .arg("sweep")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("read-only"));
    // Reading commands still see the timer as run out.
    let list = env.list_at("2026-11-21T10:00:00Z", &[]);
    assert_eq!(list[0]["status"], "active");
}

#[test]
fn read_only_files_and_folders_of_an_unprivileged_user() {
    let env = Env::bare();
    if let Err(why) = can_switch_user(&env) {
        return skip("read_only_files_and_folders_of_an_unprivileged_user", &why);
    }
    let home = env.dir.path().join("nobody");
    fs::create_dir(&home).unwrap();
    fs::set_permissions(env.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    nix::unistd::chown(&home, Some(nix::unistd::Uid::from_raw(NOBODY)), None).unwrap();
    let db = home.join("botctl.db");
    let db_s = db.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut a = vec!["--db", db_s];
        a.extend_from_slice(args);
        as_user(&env, NOBODY, &[], &a).output().unwrap()
    };
    assert!(run(&["contacts", "add", "c1"]).status.success());
    // A folder nobody may write to: reads work, a change says why it cannot.
    fs::set_permissions(&home, fs::Permissions::from_mode(0o500)).unwrap();
    let out = run(&["list", "--format", "ids"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "c1\n",
        "{}",
        stderr_of(&out)
    );
    let out = run(&["contacts", "add", "c2"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("read-only"), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("folder"), "{}", stderr_of(&out));
    // A read-only file.
    fs::set_permissions(&home, fs::Permissions::from_mode(0o700)).unwrap();
    fs::set_permissions(&db, fs::Permissions::from_mode(0o400)).unwrap();
    let out = run(&["list", "--format", "ids"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "c1\n",
        "{}",
        stderr_of(&out)
    );
    let out = run(&["contacts", "add", "c2"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("read-only"), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains("code"), "{}", stderr_of(&out));
    // The read left journal files as read-only as the file was. Made writable again, the
    // file takes changes: doctor says what stands in the way until then, and the next
    // change gives the journal files their write permission back.
    let shm = home.join("botctl.db-shm");
    assert!(shm.exists());
    fs::set_permissions(&shm, fs::Permissions::from_mode(0o400)).unwrap();
    fs::set_permissions(&db, fs::Permissions::from_mode(0o600)).unwrap();
    let out = run(&["doctor"]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("changes will fail") && said.contains("-shm"),
        "{said}"
    );
    let out = run(&["contacts", "add", "c2"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = run(&["list", "--format", "ids"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "c1\nc2\n");
}

#[test]
fn a_file_size_limit_is_an_error_not_a_signal() {
    let env = Env::bare();
    env.ok(&["contacts", "add", "c1"]);
    let csv = env.dir.path().join("big.csv");
    let rows: Vec<String> = ids("s", 20_000)
        .iter()
        .map(|i| format!("{i},some name"))
        .collect();
    fs::write(&csv, format!("id,name\n{}\n", rows.join("\n"))).unwrap();
    let limited = |args: &[&std::ffi::OsStr]| {
        let inner = env.std_cmd();
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg("ulimit -f 200; exec \"$0\" \"$@\"")
            .arg(inner.get_program())
            .args(args);
        for (k, v) in inner.get_envs() {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        let out = run_with_timeout(c, None, Duration::from_secs(60)).expect("hung");
        assert_eq!(out.status.code(), Some(1), "killed? {:?}", out.status);
        let err = stderr_of(&out);
        assert!(err.contains("file size limit"), "{args:?}: {err}");
        assert!(!err.contains("Error code"), "{args:?}: {err}");
    };
    limited(&["contacts".as_ref(), "import".as_ref(), csv.as_os_str()]);
    assert_eq!(count(&env.db, "SELECT count(*) FROM contacts"), 1);
    assert_eq!(integrity(&env.db), "ok");
    // Into a new file, which is removed again: still told by its cause, not as a file
    // that vanished.
    let new = env.dir.path().join("new.db");
    limited(&[
        "--db".as_ref(),
        new.as_os_str(),
        "contacts".as_ref(),
        "import".as_ref(),
        csv.as_os_str(),
    ]);
    assert!(!new.exists());
    // A copy into a new file that outgrows the limit.
    env.ok(&["contacts", "import", csv.to_str().unwrap()]);
    limited(&["copy".as_ref(), env.db.as_os_str(), new.as_os_str()]);
    assert!(!new.exists());
}

/// An import of 120,000 new contacts, started and already writing (its log has grown).
fn import_under_way(env: &Env) -> std::process::Child {
    let csv = env.dir.path().join("big.csv");
    fs::write(&csv, format!("id\n{}\n", ids("v", 120_000).join("\n"))).unwrap();
    let mut wal = env.db.clone().into_os_string();
    wal.push("-wal");
    let mut c = env.std_cmd();
    c.args(["contacts", "import"])
        .arg(&csv)
        .stderr(Stdio::piped());
    let child = c.spawn().unwrap();
    let start = Instant::now();
    while fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) < 256 * 1024 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the import never wrote"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child
}

#[test]
fn a_folder_deleted_during_an_import_is_not_reported_done() {
    let env = Env::bare();
    env.ok(&["mode", "autopilot"]);
    let child = import_under_way(&env);
    // Once the import is writing, delete the whole folder.
    fs::remove_dir_all(env.db.parent().unwrap()).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("deleted or replaced"), "{err}");
    assert!(!err.contains("imported"), "{err}");
}

/// A database replaced with `mv` while an import writes to it (a backup restored under a
/// running cron job): the import is reported failed, and the file now at the path is
/// intact and holds only its own contacts: the log of the old file is not read as its own.
#[test]
fn a_database_replaced_during_an_import_stays_intact() {
    let env = Env::bare();
    env.ok(&["contacts", "add", "mine"]);
    let other = env.dir.path().join("other.db");
    fs::copy(&env.db, &other).unwrap();
    let child = import_under_way(&env);
    fs::rename(&other, &env.db).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("deleted or replaced"), "{err}");
    assert_eq!(integrity(&env.db), "ok");
    assert_eq!(count(&env.db, "SELECT count(*) FROM contacts"), 1);
    env.ok(&["doctor"]);
}

// ----- terminals -----

#[test]
fn escape_sequences_from_outside_never_reach_the_terminal_raw() {
    let env = Env::bare();
    env.ok(&["contacts", "add", "c1"]);
    let esc = "\u{1b}]0;pwned\u{7}\u{1b}[31m";
    /// Arguments, stdin, and environment variables of one case.
    type Case<'a> = (Vec<String>, Option<String>, Vec<(&'a str, &'a str)>);
    let cases: Vec<Case> = vec![
        (
            vec!["contacts".into(), "import".into(), "-".into()],
            Some(format!("id,{esc}\nc2,x\n")),
            vec![],
        ),
        (
            vec!["contacts".into(), "import".into(), "-".into()],
            Some(format!("id,status\nc3,{esc}\n")),
            vec![],
        ),
        (
            vec!["contacts".into(), "import".into(), "-".into()],
            Some(format!("id,status,wake_at\nc3,snoozed,{esc}\n")),
            vec![],
        ),
        (
            vec!["config".into(), "get".into(), esc.into()],
            None,
            vec![],
        ),
        (
            vec![
                "config".into(),
                "set".into(),
                "sleep-time".into(),
                esc.into(),
            ],
            None,
            vec![],
        ),
        (
            vec!["snooze".into(), "c1".into(), "--for".into(), esc.into()],
            None,
            vec![],
        ),
        (
            vec!["snooze".into(), "c1".into(), "--until".into(), esc.into()],
            None,
            vec![],
        ),
        (
            vec!["history".into(), "--since".into(), esc.into()],
            None,
            vec![],
        ),
        (vec!["list".into()], None, vec![("BOTCTL_NOW", esc)]),
        (
            vec![
                "contacts".into(),
                "import".into(),
                format!("/nonexistent/{esc}.csv"),
            ],
            None,
            vec![],
        ),
        (
            vec!["list".into()],
            None,
            vec![("BOTCTL_DB", "/tmp/\u{1b}[2J/x.db")],
        ),
        (vec!["set".into(), esc.into(), "c1".into()], None, vec![]),
    ];
    for (args, stdin, envs) in cases {
        let mut c = env.cmd();
        c.args(&args);
        for (k, v) in envs {
            c.env(k, v);
        }
        if let Some(s) = stdin {
            c.write_stdin(s);
        }
        let out = c.output().unwrap();
        let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
        assert!(
            !all.contains(&0x1b) && !all.contains(&0x07),
            "botctl {args:?} wrote a raw escape: {:?}",
            String::from_utf8_lossy(&all)
        );
    }
}

#[test]
fn a_huge_echoed_value_is_cut() {
    let env = Env::bare();
    env.ok(&["contacts", "add", "c1"]);
    // Just under the longest row read (1 MiB).
    let cell = "A".repeat(1_000_000);
    let out = env
        .cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(format!("id,{cell}\nc2,x\n"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = stderr_of(&out);
    assert!(err.len() < 1000, "{} bytes of stderr", err.len());
    assert!(err.contains("(1000000 bytes)"), "{err}");
    // Over it, the row is refused, in a few words.
    let cell = "A".repeat(10 * 1024 * 1024);
    let out = env
        .cmd()
        .args(["contacts", "import", "-"])
        .write_stdin(format!("id,{cell}\nc3,x\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.len() < 1000, "{} bytes of stderr", err.len());
    assert!(
        err.contains("line 1: the row is longer than 1 MiB"),
        "{err}"
    );
    // An argument (at most 128 KiB on Linux) is cut the same way.
    let arg = "B".repeat(100_000);
    for args in [
        &["config", "get", &arg][..],
        &["snooze", "c1", "--for", &arg],
        &["history", "--since", &arg],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert!(matches!(out.status.code(), Some(1 | 2)), "{:?}", out.status);
        assert!(
            out.stderr.len() < 1000,
            "{} bytes of stderr",
            out.stderr.len()
        );
    }
}

#[test]
fn control_characters_stored_in_the_database_are_escaped_in_tables() {
    use rexpect::session::{Options, spawn_with_options};
    let env = Env::bare();
    env.ok(&["contacts", "add", "c1"]);
    {
        // As an older botctl, or another tool, might have stored them.
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute(
            "UPDATE contacts SET id = ?1, name = ?2",
            ["c\u{1b}]0;id\u{7}", "\u{1b}[31mname\u{9b}2J"],
        )
        .unwrap();
    }
    for args in [
        &["list", "--color", "never"][..],
        &["list", "--format", "ids"],
    ] {
        let mut c = env.std_cmd();
        c.args(args).env("TERM", "xterm");
        let options = Options::new()
            .timeout_ms(Some(10_000))
            .strip_ansi_escape_codes(false);
        let mut p = spawn_with_options(c, options).expect("pty");
        let out = p.exp_eof().expect("eof");
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{9b}'),
            "{out:?}"
        );
        assert!(out.contains("\\e]0;id"), "{out:?}");
    }
    // Programs reading a pipe get the exact data.
    let ids = env.ok(&["list", "--format", "ids"]);
    assert_eq!(ids, "c\u{1b}]0;id\u{7}\n");
}

// ----- history order -----

#[test]
fn a_clock_stepped_back_never_hides_the_current_state() {
    let env = Env::bare();
    env.add(&["c1"]);
    env.at("2026-11-21T10:00:00Z")
        .args(["set", "snoozed", "c1"])
        .assert()
        .success();
    // The clock steps back an hour; the next change is the current state.
    env.at("2026-11-21T09:00:00Z")
        .args(["set", "inactive", "c1"])
        .assert()
        .success();
    let h = env.history(&["c1", "--limit", "1"]);
    assert_eq!(h[0]["to"], "inactive");
    assert_eq!(h[0]["at"], "2026-11-21T09:00:00Z", "`at` stays as recorded");
    assert_eq!(env.history(&[])[1]["to"], "snoozed");
}

// ----- doctor and backup -----

#[test]
fn doctor_reports_a_healthy_database_and_a_stopped_sweeper() {
    let env = Env::bare();
    env.add(&["c1", "c2"]);
    env.ok(&["snooze", "c1", "--for", "1m"]);
    let out = env.ok(&["doctor"]);
    assert!(out.contains("healthy"), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["doctor", "--format", "json"])).unwrap();
    assert_eq!(json["healthy"], true);
    assert_eq!(json["schema_version"], json["latest_schema_version"]);
    // Four minutes overdue is fine; six means cron is not running.
    env.at("2026-11-21T09:05:00Z")
        .arg("doctor")
        .assert()
        .success();
    let out = env
        .at("2026-11-21T09:07:00Z")
        .arg("doctor")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("cron is not running"), "{text}");
    assert!(text.contains("* * * * *"), "{text}");
    assert!(text.contains("sweep --db"), "{text}");
    let out = env
        .at("2026-11-21T09:07:00Z")
        .args(["doctor", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["healthy"], false);
    assert_eq!(json["overdue_timers"], 1);
    env.at("2026-11-21T09:07:00Z")
        .arg("sweep")
        .assert()
        .success();
    env.at("2026-11-21T09:07:00Z")
        .arg("doctor")
        .assert()
        .success();
    // File problems: readable by everyone.
    fs::set_permissions(&env.db, fs::Permissions::from_mode(0o644)).unwrap();
    env.cmd()
        .arg("doctor")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("readable by everyone"))
        .stdout(predicate::str::contains("chmod o-rwx"));
}

#[test]
fn backup_copies_consistently_while_others_write() {
    let env = Env::bare();
    let all = ids("b", 3000);
    import(&env, &all);
    // Writers keep changing while the backup runs.
    let mut writers = Vec::new();
    for i in 0..3 {
        let mut c = env.std_cmd();
        c.args(["set", "inactive", "--stdin", "--yes"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = c.spawn().unwrap();
        let chunk = all[i * 1000..(i + 1) * 1000].join("\n");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(chunk.as_bytes())
            .unwrap();
        writers.push(child);
    }
    let copy = env.dir.path().join("copy.db");
    let copy_s = copy.to_str().unwrap();
    env.ok(&["backup", copy_s]);
    for mut w in writers {
        assert!(w.wait().unwrap().success());
    }
    assert_eq!(fs::metadata(&copy).unwrap().mode() & 0o777, 0o600);
    // The copy opens, passes doctor, and holds whole batches only.
    env.cmd()
        .args(["--db", copy_s, "doctor"])
        .assert()
        .success();
    let inactive = count(
        &copy,
        "SELECT count(*) FROM contacts WHERE status = 'inactive'",
    );
    assert_eq!(inactive % 1000, 0, "a batch was cut in half: {inactive}");
    assert_eq!(count(&copy, "SELECT count(*) FROM contacts"), 3000);
    // No overwrite without --force; then it replaces the copy.
    let before = fs::read(&copy).unwrap();
    env.cmd()
        .args(["backup", copy_s])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read(&copy).unwrap(), before);
    env.ok(&["backup", copy_s, "--force"]);
    assert_eq!(
        count(
            &copy,
            "SELECT count(*) FROM contacts WHERE status = 'inactive'"
        ),
        3000
    );
    // Nothing left behind in the folder but the copy.
    let left: Vec<_> = fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // The database itself is refused as a target, and so are its journal files and
    // another name of it.
    let db = env.db.to_str().unwrap();
    let link = env.dir.path().join("hard-link.db");
    fs::hard_link(&env.db, &link).unwrap();
    let before = env.snapshot();
    for target in [
        db.to_string(),
        format!("{db}-wal"),
        format!("{db}-shm"),
        format!("{db}-journal"),
        link.to_str().unwrap().to_string(),
    ] {
        env.cmd()
            .args(["backup", &target, "--force"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "is the database itself or one of its journal files",
            ));
    }
    assert_eq!(env.snapshot(), before);
    // `--force` replaces a regular file only: a FIFO, a symbolic link (to a device or to a
    // file) stay what they are.
    let fifo = env.dir.path().join("pipe");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let to_null = env.dir.path().join("to-null");
    std::os::unix::fs::symlink("/dev/null", &to_null).unwrap();
    let to_file = env.dir.path().join("to-file");
    std::os::unix::fs::symlink(&copy, &to_file).unwrap();
    for (target, kind) in [
        (&fifo, "named pipe"),
        (&to_null, "symbolic link"),
        (&to_file, "symbolic link"),
    ] {
        env.cmd()
            .args(["backup", "--force"])
            .arg(target)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!("is a {kind}")));
    }
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(
        fs::symlink_metadata(&to_null)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::symlink_metadata(&to_file)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

// ----- kill -9 -----

/// A small deterministic generator, seeded from the clock and printed, so a failure
/// can be replayed with `BOTCTL_FAULT_SEED`.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("BOTCTL_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("BOTCTL_FAULT_SEED={seed}");
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[test]
fn kill_9_at_random_instants_leaves_every_batch_whole_or_absent() {
    let env = Env::bare();
    let mut rng = Rng::new();
    let n = 4000;
    let all = ids("k", n);
    import(&env, &all);
    let input = all.join("\n");
    let csv = format!(
        "id,name\n{}\n",
        all.iter()
            .map(|i| format!("{i},renamed"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Each bulk command, killed at a random instant, then the database is checked.
    for round in 0..10 {
        // A batch to undo, and due timers for sweep.
        env.cmd()
            .args(["wake", "--stdin", "--yes"])
            .write_stdin(input.clone())
            .assert()
            .success();
        let _ = env
            .cmd()
            .args(["snooze", "--stdin", "--yes", "--for", "1m"])
            .write_stdin(input.clone())
            .output();
        let last_batch = count(&env.db, "SELECT max(id) FROM batches");
        let later = "2026-11-21T10:00:00Z";
        let (args, stdin): (Vec<String>, Option<String>) = match round % 5 {
            0 => (
                vec![
                    "set".into(),
                    "inactive".into(),
                    "--stdin".into(),
                    "--yes".into(),
                ],
                Some(input.clone()),
            ),
            1 => (
                vec!["contacts".into(), "import".into(), "-".into()],
                Some(csv.clone()),
            ),
            2 => (
                vec![
                    "contacts".into(),
                    "remove".into(),
                    "--stdin".into(),
                    "--yes".into(),
                ],
                Some(input.clone()),
            ),
            3 => (vec!["undo".into(), last_batch.to_string()], None),
            _ => (vec!["sweep".into()], None),
        };
        let before_batches = count(&env.db, "SELECT count(*) FROM batches");
        let before_history = count(&env.db, "SELECT count(*) FROM history");
        let mut c = env.std_cmd();
        c.env("BOTCTL_NOW", if round % 5 == 4 { later } else { NOW })
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = c.spawn().unwrap();
        let mut pipe = child.stdin.take().unwrap();
        let data = stdin.unwrap_or_default();
        let feeder = std::thread::spawn(move || {
            let _ = pipe.write_all(data.as_bytes());
        });
        std::thread::sleep(Duration::from_millis(rng.below(400)));
        let _ = child.kill();
        let _ = child.wait();
        let _ = feeder.join();
        assert_eq!(integrity(&env.db), "ok", "round {round} {args:?}");
        let batches = count(&env.db, "SELECT count(*) FROM batches") - before_batches;
        let rows = count(&env.db, "SELECT count(*) FROM history") - before_history;
        let contacts = count(&env.db, "SELECT count(*) FROM contacts");
        match round % 5 {
            0 | 3 => {
                // Status batches: all n contacts changed, or none.
                assert!(
                    rows == 0 || rows == n as i64,
                    "round {round} {args:?}: {rows} rows"
                );
            }
            4 => {
                // A sweep writes chunks of 1000, each its own batch.
                assert_eq!(
                    rows % 1000,
                    0,
                    "round {round}: a sweep chunk was cut: {rows}"
                );
            }
            1 => {
                let renamed = count(
                    &env.db,
                    "SELECT count(*) FROM contacts WHERE name = 'renamed'",
                );
                assert!(
                    renamed == 0 || renamed == n as i64,
                    "partial import: {renamed}"
                );
                assert!(batches <= 1);
            }
            _ => {
                assert!(
                    contacts == 0 || contacts == n as i64,
                    "partial remove: {contacts}"
                );
            }
        }
        if contacts < n as i64 {
            import(&env, &all);
        }
    }
    env.ok(&["list", "--limit", "1"]);
}

// ----- fuzz -----

#[test]
fn fuzzed_arguments_and_stdin_never_panic_or_hang() {
    let env = Env::bare();
    env.add(&["c1", "c2"]);
    let mut rng = Rng::new();
    let words = [
        "status",
        "set",
        "snooze",
        "wake",
        "list",
        "sweep",
        "check",
        "record",
        "history",
        "undo",
        "contacts",
        "add",
        "import",
        "remove",
        "mode",
        "config",
        "get",
        "doctor",
        "backup",
        "active",
        "snoozed",
        "inactive",
        "agent-message",
        "bot-message",
        "off",
        "autopilot",
        "sleep-time",
        "max-bot-messages",
        "c1",
        "c2",
        "-",
        "--stdin",
        "--yes",
        "--dry-run",
        "--for",
        "--until",
        "--format",
        "json",
        "csv",
        "ids",
        "ndjson",
        "--limit",
        "--since",
        "--force",
        "2h",
        "0",
        "-1",
        "99999999999999999999",
        "",
        " ",
        "\u{1b}[2J",
        "é",
        "\u{202e}",
        "--db",
        "--actor",
        "--color",
        "always",
        "never",
        "-q",
        "tomorrow",
        "monday 25:99",
        "1970-01-01 00:00",
        "--create-missing",
        "--search",
        "%",
        "'",
        "\"",
        "\\",
        "\0x",
    ];
    let start = Instant::now();
    for _ in 0..120 {
        let mut args: Vec<String> = (0..rng.below(6) + 1)
            .map(|_| words[rng.below(words.len() as u64) as usize].replace('\0', ""))
            .collect();
        // Never let the fuzz write outside its temp dir.
        if let Some(i) = args.iter().position(|a| a == "--db" || a == "backup") {
            args.truncate(i);
        }
        let stdin: Vec<u8> = (0..rng.below(64)).map(|_| rng.below(256) as u8).collect();
        let mut c = env.std_cmd();
        c.args(&args);
        let out = run_with_timeout(c, Some(stdin), Duration::from_secs(20))
            .unwrap_or_else(|| panic!("botctl {args:?} hung"));
        let err = stderr_of(&out);
        let code = out.status.code();
        assert!(
            matches!(code, Some(0..=3)),
            "botctl {args:?} exited {:?}: {err}",
            out.status
        );
        assert!(!err.contains("panicked"), "botctl {args:?}: {err}");
        assert!(
            !out.stderr.contains(&0x1b),
            "botctl {args:?} wrote a raw escape: {err}"
        );
    }
    eprintln!("fuzz: 120 runs in {:?}", start.elapsed());
    assert_eq!(integrity(&env.db), "ok");
}

/// A write-ahead log left beside the target (a process killed while using the file
/// there, or a file deleted since) is not read as part of the new copy.
#[test]
fn a_backup_is_not_mixed_with_a_log_left_beside_its_target() {
    let env = Env::bare();
    env.ok(&["contacts", "add", "old-1"]);
    let copy = env.dir.path().join("nightly.db");
    let copy_s = copy.to_str().unwrap();
    env.ok(&["backup", copy_s]);
    // A writer of the old copy that never closed: its committed frames stay in the log.
    let c = rusqlite::Connection::open(&copy).unwrap();
    c.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; \
         UPDATE contacts SET name = 'from the log';",
    )
    .unwrap();
    std::mem::forget(c);
    let wal = env.dir.path().join("nightly.db-wal");
    assert!(fs::metadata(&wal).unwrap().len() > 0);
    let saved = fs::read(&wal).unwrap();
    env.ok(&["contacts", "remove", "old-1", "--yes"]);
    env.ok(&["contacts", "add", "new-1"]);
    for force in [true, false] {
        if !force {
            // The old copy deleted since, its log left behind.
            fs::remove_file(&copy).unwrap();
            fs::write(&wal, &saved).unwrap();
        }
        let mut args = vec!["backup", copy_s];
        if force {
            args.push("--force");
        }
        env.ok(&args);
        let ids = env.ok(&["--db", copy_s, "list", "--format", "ids"]);
        assert_eq!(ids, "new-1\n", "force: {force}");
        env.cmd()
            .args(["--db", copy_s, "doctor"])
            .assert()
            .success();
    }
}

/// A `copy` into a new file, or a `backup`, stopped at any instant leaves no database at
/// its target (the copy is written under a temporary name and put in place when whole),
/// and the next run removes what the stopped one left.
#[test]
fn a_stopped_copy_or_backup_leaves_nothing_at_its_target() {
    let env = Env::bare();
    import(&env, &ids("k", 30_000));
    for (what, delay) in [
        ("copy", 150),
        ("copy", 400),
        ("backup", 100),
        ("backup", 300),
    ] {
        let target = env.dir.path().join(format!("{what}.db"));
        let _ = fs::remove_file(&target);
        let mut c = env.std_cmd();
        match what {
            "copy" => c.arg("copy").arg(&env.db).arg(&target),
            _ => c.arg("backup").arg(&target),
        };
        let mut child = c
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if target.exists() {
            // It finished before the kill: then it is whole.
            assert!(status.success(), "{what}: a target left by a killed run");
            assert_eq!(count(&target, "SELECT count(*) FROM contacts"), 30_000);
            fs::remove_file(&target).unwrap();
        }
        let mut again = env.cmd();
        match what {
            "copy" => again.arg("copy").arg(&env.db).arg(&target),
            _ => again.arg("backup").arg(&target),
        };
        again.assert().success();
        assert_eq!(count(&target, "SELECT count(*) FROM contacts"), 30_000);
        let left: Vec<String> = fs::read_dir(env.dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect();
        assert!(left.is_empty(), "{what} after {delay} ms: {left:?}");
    }
}

/// `undo --dry-run` changes nothing, so it does not wait for the write lock, and no
/// writer waits for it.
#[test]
fn an_undo_dry_run_does_not_take_the_write_lock() {
    let env = Env::bare();
    import(&env, &ids("d", 50));
    env.ok(&["set", "inactive", "d00001", "d00002", "--yes"]);
    let holder = rusqlite::Connection::open(&env.db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut c = env.std_cmd();
    c.args(["undo", "2", "--dry-run"]);
    let out = run_with_timeout(c, None, Duration::from_secs(20)).expect("waited for the lock");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("2 contacts"),
        "{}",
        stderr_of(&out)
    );
    holder.execute_batch("ROLLBACK").unwrap();
}
