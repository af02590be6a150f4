//! The PostgreSQL groundwork against a real throwaway server (tests/pg/server.sh):
//! connecting, password sources, errors that name their cause without the password, TLS
//! per sslmode, and the schema (created once, refused when newer or foreign).
//! Skipped, loudly, where PostgreSQL is not installed; required in CI.

mod common;

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::sync::{Arc, Barrier, mpsc};
use std::time::Duration;

use botctl::store::postgres::conn::{Host, PasswordSource, PgEnv, PgTarget, SslMode};
use botctl::store::postgres::schema::{self, SCHEMA_VERSION};
use botctl::store::postgres::{Cause, Outcome, SchemaError};
use common::pg::{self, Db, Server};

/// A clean environment: no PG* variables, no home, so nothing leaks in from the machine.
fn env() -> PgEnv {
    PgEnv {
        vars: HashMap::new(),
        home: None,
        os_user: Some("nobody-here".into()),
    }
}

fn env_with(pairs: &[(&str, &str)]) -> PgEnv {
    let mut e = env();
    for (k, v) in pairs {
        e.vars.insert(k.to_string(), v.to_string());
    }
    e
}

macro_rules! server {
    () => {
        match pg::server() {
            Some(s) => s,
            None => return,
        }
    };
}

fn fresh(pg: &'static Server) -> Db {
    pg.create_db()
}

/// Every table in the database's public schema, sorted.
fn tables(db: &Db) -> Vec<String> {
    db.client()
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

fn meta(db: &Db) -> Vec<(String, String, String)> {
    db.client()
        .query(
            "SELECT key, value, xmin::text FROM botctl_meta ORDER BY key",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

#[test]
fn connects_over_the_unix_socket() {
    let pg = server!();
    let db = fresh(pg);
    let t = PgTarget::resolve(&db.url(), &env()).unwrap();
    assert_eq!(t.host, Host::Socket(pg.host.clone()));
    let mut c = t.connect().unwrap();
    let row = c
        .query_one(
            "SELECT current_database()::text, current_user::text, \
             current_setting('application_name')",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, String>(0), db.name);
    assert_eq!(row.get::<_, String>(1), pg.user);
    assert_eq!(row.get::<_, String>(2), "botctl");
}

#[test]
fn creates_the_schema_once_and_reopens_without_writing() {
    let pg = server!();
    let db = fresh(pg);
    assert_eq!(tables(&db), Vec::<String>::new());
    let (mut c, _, outcome) = botctl::store::postgres::open(&db.url(), &env()).unwrap();
    assert_eq!(outcome, Outcome::Created);
    assert_eq!(
        tables(&db),
        [
            "batches",
            "botctl_meta",
            "contacts",
            "events",
            "history",
            "settings"
        ]
    );
    let m = meta(&db);
    assert_eq!(m[0].0, "application");
    assert_eq!(m[0].1, "botctl");
    assert_eq!(m[1].0, "schema_version");
    assert_eq!(m[1].1, SCHEMA_VERSION.to_string());

    // the v2 columns are there, with the types the spec asks for
    let cols: Vec<(String, String)> = c
        .query(
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_name = 'history' ORDER BY ordinal_position",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "seq",
            "batch",
            "at",
            "kind",
            "contact",
            "setting",
            "from_status",
            "from_reason",
            "from_wake_at",
            "to_status",
            "reason",
            "wake_at",
            "from_value",
            "to_value",
            "from_counters",
            "to_counters",
            "record",
            "note",
            "actor",
            "os_user"
        ]
    );
    assert!(cols.iter().any(|(n, t)| n == "at" && t == "bigint"));
    assert!(cols.iter().any(|(n, t)| n == "seq" && t == "bigint"));

    // ids sort bytewise, as on SQLite
    c.batch_execute(
        "INSERT INTO contacts (id, status, reason, changed_at, changed_by, created_at) VALUES \
         ('b', 'active', 'manual', 0, 'x', 0), ('B', 'active', 'manual', 0, 'x', 0), \
         ('a', 'active', 'manual', 0, 'x', 0), ('é', 'active', 'manual', 0, 'x', 0)",
    )
    .unwrap();
    let ids: Vec<String> = c
        .query("SELECT id FROM contacts ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(ids, ["B", "a", "b", "é"]);
    // the rules hold: an active contact has no timer
    let e = c
        .batch_execute(
            "INSERT INTO contacts (id, status, reason, wake_at, changed_at, changed_by, \
             created_at) VALUES ('t', 'active', 'manual', 5, 0, 'x', 0)",
        )
        .unwrap_err();
    assert!(format!("{e:?}").contains("check"), "{e:?}");
    drop(c);

    // opening again finds it current and writes nothing
    let (_, _, outcome) = botctl::store::postgres::open(&db.url(), &env()).unwrap();
    assert_eq!(outcome, Outcome::UpToDate);
    assert_eq!(meta(&db), m, "the meta rows were not rewritten");
}

#[test]
fn concurrent_first_uses_create_the_schema_once() {
    let pg = server!();
    let db = fresh(pg);
    let url = db.url();
    let n = 6;
    let barrier = Arc::new(Barrier::new(n));
    let handles: Vec<_> = (0..n)
        .map(|_| {
            let url = url.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let t = PgTarget::resolve(&url, &env()).unwrap();
                let mut c = t.connect().unwrap();
                barrier.wait();
                schema::ensure(&mut c).map_err(|e| e.to_string())
            })
        })
        .collect();
    let outcomes: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let created = outcomes
        .iter()
        .filter(|o| **o == Ok(Outcome::Created))
        .count();
    let current = outcomes
        .iter()
        .filter(|o| **o == Ok(Outcome::UpToDate))
        .count();
    assert_eq!((created, current), (1, n - 1), "{outcomes:?}");
}

#[test]
fn a_newer_schema_is_refused_before_anything_is_written() {
    let pg = server!();
    let db = fresh(pg);
    botctl::store::postgres::open(&db.url(), &env()).unwrap();
    db.client()
        .batch_execute("UPDATE botctl_meta SET value = '99' WHERE key = 'schema_version'")
        .unwrap();
    let before = meta(&db);

    let t = PgTarget::resolve(&db.url(), &env()).unwrap();
    let mut c = t.connect().unwrap();
    let e = schema::ensure(&mut c).unwrap_err();
    assert!(matches!(e, SchemaError::Newer { found: 99 }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains("newer botctl"), "{msg}");
    assert!(msg.contains("upgrade botctl"), "{msg}");
    assert_eq!(meta(&db), before);

    let e = botctl::store::postgres::open(&db.url(), &env())
        .err()
        .expect("opening must fail");
    assert!(format!("{e:#}").contains("schema version 99"), "{e:#}");
    assert!(format!("{e:#}").contains(&db.name), "{e:#}");
}

#[test]
fn a_database_that_is_not_botctls_is_refused_untouched() {
    let pg = server!();
    let db = fresh(pg);
    db.client()
        .batch_execute("CREATE TABLE orders (id int); CREATE TABLE customers (id int)")
        .unwrap();
    let e = botctl::store::postgres::open(&db.url(), &env())
        .err()
        .expect("opening must fail");
    let msg = format!("{e:#}");
    assert!(msg.contains("not botctl's"), "{msg}");
    assert!(msg.contains("customers, orders"), "{msg}");
    assert!(msg.contains("public"), "{msg}");
    assert_eq!(tables(&db), ["customers", "orders"], "nothing was created");

    // a botctl_meta that is someone else's
    let db = fresh(pg);
    db.client()
        .batch_execute(
            "CREATE TABLE botctl_meta (key text PRIMARY KEY, value text); \
             INSERT INTO botctl_meta VALUES ('application', 'otherapp')",
        )
        .unwrap();
    let e = botctl::store::postgres::open(&db.url(), &env())
        .err()
        .expect("opening must fail");
    let msg = format!("{e:#}");
    assert!(msg.contains("not botctl's"), "{msg}");
    assert!(msg.contains("otherapp"), "{msg}");
    assert_eq!(tables(&db), ["botctl_meta"]);
}

#[test]
fn a_user_without_create_rights_is_told_what_to_grant() {
    let pg = server!();
    let db = fresh(pg);
    pg.password_user("botctl_nocreate", "pw-nocreate");
    db.client()
        .batch_execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        .unwrap();
    let url = socket_url(pg, "botctl_nocreate:pw-nocreate", &db.name);
    let e = botctl::store::postgres::open(&url, &env())
        .err()
        .expect("opening must fail");
    let msg = format!("{e:#}");
    assert!(msg.contains("cannot create botctl's tables"), "{msg}");
    assert!(msg.contains("GRANT CREATE ON SCHEMA public"), "{msg}");
    assert!(!msg.contains("pw-nocreate"), "{msg}");
    assert_eq!(tables(&db), Vec::<String>::new());
}

/// The botctl binary on `url`, at the tests' clock.
fn botctl(url: &str, args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("botctl")
        .unwrap()
        .env("BOTCTL_NOW", "2026-11-21T09:00:00Z")
        .env_remove("BOTCTL_DB")
        .arg("--db")
        .arg(url)
        .args(args)
        .output()
        .unwrap()
}

/// Only a change creates botctl's tables, as only a change creates a SQLite file: a dry
/// run, a failed change and a change to what already is leave an empty database empty.
#[test]
fn only_a_change_creates_the_tables() {
    let pg = server!();
    let db = fresh(pg);
    let run = |args: &[&str]| botctl(&db.url(), args);
    for (args, ok) in [
        (&["contacts", "add", "x", "--dry-run"][..], true),
        (&["set", "inactive", "nope"], false),
        (&["config", "set", "max-bot-messages", "25"], true),
    ] {
        let o = run(args);
        assert_eq!(
            o.status.success(),
            ok,
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(tables(&db), Vec::<String>::new(), "{args:?} left tables");
    }
    assert_eq!(run(&["list"]).status.code(), Some(1));
    assert!(run(&["contacts", "add", "x"]).status.success());
    assert!(tables(&db).contains(&"contacts".to_string()));
    assert_eq!(
        String::from_utf8_lossy(&run(&["list", "--format", "ids"]).stdout),
        "x\n"
    );
}

/// A role that may read botctl's tables but not write them: reading works, and a change
/// says what to grant instead of the driver's "db error".
#[test]
fn a_read_only_role_reads_and_is_told_what_to_grant_for_changes() {
    let pg = server!();
    let db = fresh(pg);
    assert!(
        botctl(&db.url(), &["contacts", "add", "c1"])
            .status
            .success()
    );
    pg.password_user("botctl_ro", "pw-ro");
    db.client()
        .batch_execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO botctl_ro")
        .unwrap();
    let url = socket_url(pg, "botctl_ro:pw-ro", &db.name);
    assert!(botctl(&url, &["status", "c1"]).status.success());
    let o = botctl(&url, &["set", "inactive", "c1"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("may not do this") && err.contains("GRANT"),
        "{err}"
    );
    assert!(!err.contains("db error") && !err.contains("pw-ro"), "{err}");
}

/// History `seq` is drawn from a sequence; without the history-order lock a transaction
/// that draws later can commit earlier, so `seq` order is not commit order. With the lock
/// taken before the history rows are inserted, the second writer waits for the first to
/// commit, and `seq` follows commit order.
#[test]
fn history_seq_follows_commit_order_under_the_history_lock() {
    let pg = server!();
    let db = fresh(pg);
    let (mut setup, _, _) = botctl::store::postgres::open(&db.url(), &env()).unwrap();
    setup
        .batch_execute(
            "INSERT INTO batches (id, at, command, actor, os_user) VALUES (1, 0, 'set', 'a', 'u')",
        )
        .unwrap();
    let insert = "INSERT INTO history (batch, at, kind, contact, to_status, reason, actor, \
                  os_user) VALUES (1, 0, 'status', $1, 'inactive', 'manual', 'a', 'u') \
                  RETURNING seq";
    let commit_order = |c: &mut postgres::Client| -> Vec<String> {
        c.query("SELECT contact FROM history ORDER BY seq", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };

    // Without the lock: A draws first, B draws later but commits first.
    {
        let mut a = db.client();
        let mut b = db.client();
        let mut ta = a.transaction().unwrap();
        ta.query_one(insert, &[&"A-nolock"]).unwrap();
        let mut tb = b.transaction().unwrap();
        tb.query_one(insert, &[&"B-nolock"]).unwrap();
        tb.commit().unwrap();
        // a reader now sees B's row, a later seq, but not A's earlier one
        let seen = commit_order(&mut setup);
        assert_eq!(seen, ["B-nolock"]);
        ta.commit().unwrap();
        assert_eq!(
            commit_order(&mut setup),
            ["A-nolock", "B-nolock"],
            "seq order"
        );
    }
    setup.batch_execute("DELETE FROM history").unwrap();

    // With the lock: B cannot draw its seq until A has committed.
    let url = db.url();
    let (started_tx, started_rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let a = std::thread::spawn({
        let url = url.clone();
        move || {
            let mut c = PgTarget::resolve(&url, &env()).unwrap().connect().unwrap();
            let mut t = c.transaction().unwrap();
            schema::lock_history_order(&mut t).unwrap();
            t.query_one(insert, &[&"A"]).unwrap();
            started_tx.send(()).unwrap();
            go_rx.recv().unwrap();
            t.commit().unwrap();
        }
    });
    started_rx.recv().unwrap();
    let (done_tx, done_rx) = mpsc::channel();
    let b = std::thread::spawn(move || {
        let mut c = PgTarget::resolve(&url, &env()).unwrap().connect().unwrap();
        let mut t = c.transaction().unwrap();
        schema::lock_history_order(&mut t).unwrap();
        t.query_one(insert, &[&"B"]).unwrap();
        t.commit().unwrap();
        done_tx.send(()).unwrap();
    });
    // B waits for A's lock: it cannot finish while A is open
    assert!(
        done_rx.recv_timeout(Duration::from_millis(500)).is_err(),
        "B finished while A held the history lock"
    );
    assert_eq!(commit_order(&mut setup), Vec::<String>::new());
    go_tx.send(()).unwrap();
    a.join().unwrap();
    done_rx.recv_timeout(Duration::from_secs(30)).unwrap();
    b.join().unwrap();
    assert_eq!(commit_order(&mut setup), ["A", "B"]);
}

// ---- passwords and errors --------------------------------------------------------------

/// The error of connecting to `url`, which must fail.
fn connect_error(url: &str) -> botctl::store::postgres::conn::ConnectError {
    PgTarget::resolve(url, &env())
        .unwrap()
        .connect()
        .err()
        .expect("connecting must fail")
}

fn socket_url(pg: &Server, user_info: &str, db: &str) -> String {
    format!(
        "postgresql://{user_info}@/{db}?host={}&port={}",
        pg.host.display(),
        pg.port
    )
}

#[test]
fn a_wrong_password_is_named_without_the_password() {
    let pg = server!();
    let db = fresh(pg);
    pg.password_user("botctl_pw_wrong", "right-horse-battery");
    let url = socket_url(pg, "botctl_pw_wrong:s3cret", &db.name);
    let e = connect_error(&url);
    assert_eq!(e.cause, Cause::WrongPassword, "{e}");
    let msg = e.to_string();
    assert!(msg.contains("refused the password"), "{msg}");
    assert!(msg.contains("came from the URL"), "{msg}");
    assert!(msg.contains("botctl_pw_wrong"), "{msg}");
    assert!(!msg.contains("s3cret"), "{msg}");
    assert!(!format!("{e:?}").contains("s3cret"), "{e:?}");
    // the same through `open`, with anyhow's chain
    let e = botctl::store::postgres::open(&url, &env())
        .err()
        .expect("opening must fail");
    assert!(!format!("{e:#} {e:?}").contains("s3cret"));

    // from PGPASSWORD, the message says so
    let e = PgTarget::resolve(
        &socket_url(pg, "botctl_pw_wrong", &db.name),
        &env_with(&[("PGPASSWORD", "s3cret")]),
    )
    .unwrap()
    .connect()
    .err()
    .expect("connecting must fail");
    assert_eq!(e.cause, Cause::WrongPassword);
    assert!(e.to_string().contains("came from PGPASSWORD"), "{e}");
    assert!(!e.to_string().contains("s3cret"), "{e}");
}

#[test]
fn the_password_comes_from_the_url_pgpassword_or_pgpass() {
    let pg = server!();
    let db = fresh(pg);
    pg.password_user("botctl_pw_ok", "pa:ss@w/rd");
    let who = |c: &mut postgres::Client| -> String {
        c.query_one("SELECT current_user::text", &[])
            .unwrap()
            .get(0)
    };

    // the URL, percent-encoded
    let url = socket_url(pg, "botctl_pw_ok:pa%3Ass%40w%2Frd", &db.name);
    let t = PgTarget::resolve(&url, &env()).unwrap();
    assert_eq!(t.password_source, PasswordSource::Url);
    assert_eq!(who(&mut t.connect().unwrap()), "botctl_pw_ok");

    // PGPASSWORD
    let url = socket_url(pg, "botctl_pw_ok", &db.name);
    let t = PgTarget::resolve(&url, &env_with(&[("PGPASSWORD", "pa:ss@w/rd")])).unwrap();
    assert_eq!(t.password_source, PasswordSource::Env);
    assert_eq!(who(&mut t.connect().unwrap()), "botctl_pw_ok");

    // ~/.pgpass: the socket folder is the host field, `:` escaped
    let home = tempfile::tempdir().unwrap();
    let pgpass = home.path().join(".pgpass");
    let host = pg.host.display().to_string().replace(':', "\\:");
    std::fs::write(
        &pgpass,
        format!(
            "# other servers\nelsewhere:5432:*:*:nope\n{host}:{}:{}:botctl_pw_ok:pa\\:ss@w/rd\n",
            pg.port, db.name
        ),
    )
    .unwrap();
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut e = env();
    e.home = Some(home.path().to_path_buf());
    let t = PgTarget::resolve(&url, &e).unwrap();
    assert_eq!(t.password_source, PasswordSource::File(pgpass.clone()));
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert_eq!(who(&mut t.connect().unwrap()), "botctl_pw_ok");

    // a pgpass others can read is ignored, with a warning, like libpq does
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    let t = PgTarget::resolve(&url, &e).unwrap();
    assert_eq!(t.password_source, PasswordSource::None);
    assert_eq!(t.warnings.len(), 1, "{:?}", t.warnings);
    assert!(t.warnings[0].contains("group or world access"));
    let err = t.connect().err().expect("connecting must fail");
    assert_eq!(err.cause, Cause::NoPassword, "{err}");
    assert!(err.to_string().contains("~/.pgpass"), "{err}");
    assert!(!err.to_string().contains("pa:ss"), "{err}");
}

#[test]
fn a_missing_database_is_named_without_the_password() {
    let pg = server!();
    let url = socket_url(pg, "botctl:s3cret", "no_such_db");
    let e = connect_error(&url);
    assert_eq!(e.cause, Cause::MissingDatabase, "{e}");
    let msg = e.to_string();
    assert!(msg.contains("`no_such_db` does not exist"), "{msg}");
    assert!(msg.contains("createdb no_such_db"), "{msg}");
    assert!(!msg.contains("s3cret"), "{msg}");
}

#[test]
fn a_missing_role_is_named() {
    let pg = server!();
    let url = socket_url(pg, "no_such_role:s3cret", "postgres");
    let e = connect_error(&url);
    assert_eq!(e.cause, Cause::Refused, "{e}");
    assert!(e.to_string().contains("no_such_role"), "{e}");
    assert!(!e.to_string().contains("s3cret"), "{e}");
}

#[test]
fn an_unreachable_server_is_named_without_the_password() {
    let empty = tempfile::tempdir().unwrap();
    // no server behind this socket folder
    let url = format!(
        "postgresql://bob:s3cret@/botctl?host={}",
        empty.path().display()
    );
    let e = connect_error(&url);
    assert_eq!(e.cause, Cause::Unreachable, "{e}");
    let msg = e.to_string();
    assert!(msg.contains("cannot reach the PostgreSQL server"), "{msg}");
    assert!(msg.contains("no server socket .s.PGSQL.5432"), "{msg}");
    assert!(msg.contains("postgresql://bob@/botctl?host="), "{msg}");
    assert!(!msg.contains("s3cret"), "{msg}");

    // nothing listens on this TCP port
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("postgres://bob:s3cret@127.0.0.1:{port}/botctl?connect_timeout=3");
    let e = connect_error(&url);
    assert_eq!(e.cause, Cause::Unreachable, "{e}");
    assert!(e.to_string().contains("connection refused"), "{e}");
    assert!(!e.to_string().contains("s3cret"), "{e}");

    // something takes the connection and never answers: connect_timeout still holds
    let mute = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = mute.local_addr().unwrap().port();
    let url =
        format!("postgres://bob:s3cret@127.0.0.1:{port}/botctl?sslmode=disable&connect_timeout=2");
    let e = connect_error(&url);
    assert_eq!(e.cause, Cause::Unreachable, "{e}");
    assert!(e.to_string().contains("did not answer within 2 s"), "{e}");
    assert!(!e.to_string().contains("s3cret"), "{e}");
    drop(mute);
}

// ---- TLS ------------------------------------------------------------------------------

fn tcp_url(pg: &Server, host: &str, db: &str, params: &str) -> String {
    format!(
        "postgresql://{}:s3cret@{host}:{}/{db}?{params}",
        pg.user, pg.port
    )
}

fn uses_tls(t: &PgTarget) -> bool {
    t.connect()
        .unwrap_or_else(|e| panic!("{e}"))
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0)
}

#[test]
fn sslmode_is_honoured_and_certificates_are_checked() {
    let pg = server!();
    let Some(ca) = pg.ca.as_ref() else {
        eprintln!("no test CA (openssl missing): TLS not tested");
        return;
    };
    let ca = ca.display();
    let r = |url: &str| PgTarget::resolve(url, &env()).unwrap();

    // verify-full with the CA and the name on the certificate: encrypted
    let t = r(&tcp_url(
        pg,
        "localhost",
        "postgres",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    ));
    assert_eq!(t.sslmode, SslMode::VerifyFull);
    assert!(uses_tls(&t));

    // verify-full against another name fails; verify-ca accepts it
    let t = r(&tcp_url(
        pg,
        "127.0.0.1",
        "postgres",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    ));
    let e = t.connect().err().expect("connecting must fail");
    assert_eq!(e.cause, Cause::Tls, "{e}");
    assert!(
        e.to_string().contains("TLS with the PostgreSQL server"),
        "{e}"
    );
    assert!(!e.to_string().contains("s3cret"), "{e}");
    let t = r(&tcp_url(
        pg,
        "127.0.0.1",
        "postgres",
        &format!("sslmode=verify-ca&sslrootcert={ca}"),
    ));
    assert!(uses_tls(&t));

    // verify-full with only the system's roots: the test CA is not trusted
    let t = r(&tcp_url(pg, "localhost", "postgres", "sslmode=verify-full"));
    let e = t.connect().err().expect("connecting must fail");
    assert_eq!(e.cause, Cause::Tls, "{e}");
    assert!(e.to_string().to_lowercase().contains("certificate"), "{e}");
    assert!(!e.to_string().contains("s3cret"), "{e}");

    // require: encrypted, certificate not checked (no root certificate given)
    assert!(uses_tls(&r(&tcp_url(
        pg,
        "127.0.0.1",
        "postgres",
        "sslmode=require"
    ))));
    // prefer (the default) uses TLS when offered; disable does not
    assert!(uses_tls(&r(&tcp_url(pg, "127.0.0.1", "postgres", ""))));
    assert!(!uses_tls(&r(&tcp_url(
        pg,
        "127.0.0.1",
        "postgres",
        "sslmode=disable"
    ))));

    // require with ~/.postgresql/root.crt present checks the chain against it, as libpq
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".postgresql")).unwrap();
    let other_ca = "-----BEGIN CERTIFICATE-----\n\
        MIIBdjCCAR2gAwIBAgIUQ8Xq3d8m0D0Y1Zz2n8nqkM5b8jUwCgYIKoZIzj0EAwIw\n\
        -----END CERTIFICATE-----\n";
    std::fs::write(home.path().join(".postgresql/root.crt"), other_ca).unwrap();
    let mut e = env();
    e.home = Some(home.path().to_path_buf());
    let t =
        PgTarget::resolve(&tcp_url(pg, "127.0.0.1", "postgres", "sslmode=require"), &e).unwrap();
    let err = t.connect().err().expect("connecting must fail");
    assert_eq!(err.cause, Cause::Tls, "{err}");
    assert!(err.to_string().contains("root.crt"), "{err}");
    std::fs::copy(
        pg.ca.as_ref().unwrap(),
        home.path().join(".postgresql/root.crt"),
    )
    .unwrap();
    let t =
        PgTarget::resolve(&tcp_url(pg, "127.0.0.1", "postgres", "sslmode=require"), &e).unwrap();
    assert!(uses_tls(&t));
}

#[test]
fn unix_sockets_never_use_tls_whatever_sslmode_says() {
    let pg = server!();
    let url = format!("{}&sslmode=verify-full", pg.url("postgres"));
    let t = PgTarget::resolve(&url, &env()).unwrap();
    assert!(!uses_tls(&t));
}

#[test]
fn options_choose_the_schema_botctl_uses() {
    let pg = server!();
    let db = fresh(pg);
    db.client().batch_execute("CREATE SCHEMA team1").unwrap();
    let url = format!("{}&options=-c%20search_path%3Dteam1", db.url());
    let (mut c, _, outcome) = botctl::store::postgres::open(&url, &env()).unwrap();
    assert_eq!(outcome, Outcome::Created);
    let schema: String = c
        .query_one("SELECT current_schema()::text", &[])
        .unwrap()
        .get(0);
    assert_eq!(schema, "team1");
    assert_eq!(tables(&db), Vec::<String>::new(), "nothing in public");
    // a search_path naming no existing schema is refused, naming the fix
    let url = format!("{}&options=-c%20search_path%3Dnope", db.url());
    let e = botctl::store::postgres::open(&url, &env())
        .err()
        .expect("opening must fail");
    assert!(format!("{e:#}").contains("CREATE SCHEMA"), "{e:#}");
}
