//! A throwaway PostgreSQL server for the tests, and a new database per test.
//!
//! The server is the one `.ci/run` started (named by `BOTCTL_TEST_PG_HOST`, from
//! `tests/pg/server.sh start`), or else one this test process starts on first use with
//! the same script and stops when it exits (at exit, and by a watchdog should the process
//! die). Where PostgreSQL is not installed, [`server`] returns `None` after saying loudly
//! that the PostgreSQL tests were skipped, unless `CI=true` or `BOTCTL_REQUIRE_PG=1`, when
//! it panics: CI must run them.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pg/server.sh");

/// A running server.
#[derive(Debug)]
pub struct Server {
    /// The folder holding its unix socket.
    pub host: PathBuf,
    /// Its port: the socket's number, and its TCP port on 127.0.0.1.
    pub port: u16,
    /// A superuser that logs in without a password over the socket and 127.0.0.1.
    pub user: String,
    /// The test CA that signed the server's certificate (for `localhost`), when the
    /// server has TLS.
    pub ca: Option<PathBuf>,
    /// Whether this process started it (and so stops it).
    owned: bool,
}

static SERVER: OnceLock<Option<Server>> = OnceLock::new();
static NEXT_DB: AtomicU32 = AtomicU32::new(0);

fn required() -> bool {
    let set = |k: &str| std::env::var(k).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    set("CI") || set("BOTCTL_REQUIRE_PG")
}

/// Written straight to the process's stderr, past the test harness's capture.
fn loudly(msg: &str) {
    let _ = std::io::stderr().write_all(msg.as_bytes());
}

/// The server, started on first use; `None` when PostgreSQL is not installed here.
pub fn server() -> Option<&'static Server> {
    SERVER.get_or_init(start).as_ref()
}

/// For tests that need a server: `let Some(pg) = common::pg::server() else { return };`
/// says nothing more; [`server`] has already said why the tests are skipped.
fn start() -> Option<Server> {
    if let Ok(host) = std::env::var("BOTCTL_TEST_PG_HOST") {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        return Some(Server {
            host: PathBuf::from(host),
            port: var("BOTCTL_TEST_PG_PORT")
                .and_then(|p| p.parse().ok())
                .unwrap_or(5432),
            user: var("BOTCTL_TEST_PG_USER").unwrap_or_else(|| "botctl".into()),
            ca: var("BOTCTL_TEST_PG_CA").map(PathBuf::from),
            owned: false,
        });
    }
    let out = Command::new("bash")
        .args([SCRIPT, "start", "--watch", &std::process::id().to_string()])
        .output()
        .expect("running tests/pg/server.sh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(3) {
        if required() {
            panic!("the PostgreSQL tests must run here (CI or BOTCTL_REQUIRE_PG), but: {stderr}");
        }
        loudly(&format!(
            "\n**********************************************************************\n\
             SKIPPED: the PostgreSQL half of the tests ({}).\n\
             {}\n\
             **********************************************************************\n\n",
            std::env::args().next().unwrap_or_default(),
            stderr.trim_end()
        ));
        return None;
    }
    if !out.status.success() {
        panic!("could not start a PostgreSQL server for the tests:\n{stderr}");
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let get = |k: &str| {
        stdout.lines().find_map(|l| {
            l.strip_prefix("export ")?
                .strip_prefix(k)?
                .strip_prefix('=')
                .map(str::to_string)
        })
    };
    let server = Server {
        host: PathBuf::from(get("BOTCTL_TEST_PG_HOST").expect("server.sh printed its host")),
        port: get("BOTCTL_TEST_PG_PORT")
            .and_then(|p| p.parse().ok())
            .expect("server.sh printed its port"),
        user: get("BOTCTL_TEST_PG_USER").unwrap_or_else(|| "botctl".into()),
        ca: get("BOTCTL_TEST_PG_CA").map(PathBuf::from),
        owned: true,
    };
    // SAFETY: registers a plain function with the C library, once.
    unsafe {
        atexit(stop_at_exit);
    }
    Some(server)
}

unsafe extern "C" {
    fn atexit(f: extern "C" fn()) -> std::os::raw::c_int;
}

/// Stops the server this process started, as the process exits.
extern "C" fn stop_at_exit() {
    if let Some(Some(s)) = SERVER.get()
        && s.owned
    {
        let _ = Command::new("bash")
            .arg(SCRIPT)
            .arg("stop")
            .arg(&s.host)
            .output();
    }
}

impl Server {
    /// A URL for database `db` over the unix socket, as the superuser, with no password.
    pub fn url(&self, db: &str) -> String {
        format!(
            "postgresql://{}@/{db}?host={}&port={}",
            self.user,
            self.host.display(),
            self.port
        )
    }

    /// A driver connection to database `db` as the superuser, over the socket.
    pub fn client(&self, db: &str) -> postgres::Client {
        postgres::Config::new()
            .host_path(&self.host)
            .port(self.port)
            .user(&self.user)
            .dbname(db)
            .connect(postgres::NoTls)
            .unwrap_or_else(|e| panic!("connecting to the test server: {e:?}"))
    }

    /// A new empty database, dropped when the returned value is.
    pub fn create_db(&'static self) -> Db {
        let n = NEXT_DB.fetch_add(1, Ordering::Relaxed);
        let name = format!("t{}_{n}", std::process::id());
        self.client("postgres")
            .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE template0"))
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e:?}"));
        Db { server: self, name }
    }

    /// A login role that must give `password` (it is in `botctl_password_users`, which
    /// the server's pg_hba.conf asks for a password), allowed to use every database.
    pub fn password_user(&self, name: &str, password: &str) {
        let mut c = self.client("postgres");
        c.batch_execute(
            "DO $$ BEGIN CREATE ROLE botctl_password_users NOLOGIN; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
        )
        .expect("creating botctl_password_users");
        let password = password.replace('\'', "''");
        c.batch_execute(&format!(
            "DO $$ BEGIN CREATE ROLE {name} LOGIN PASSWORD '{password}' \
             IN ROLE botctl_password_users; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        ))
        .expect("creating a password user");
    }
}

/// The database of this test process that end-to-end tests share, one schema each.
static E2E_DB: OnceLock<String> = OnceLock::new();

impl Server {
    /// A new empty schema of its own for one end-to-end test, in a database this test
    /// process shares (a `CREATE DATABASE` per test would cost ~0.7 s), dropped when the
    /// returned value is. Its URL sets the `search_path` to it.
    pub fn create_schema(&'static self) -> Schema {
        let db = E2E_DB.get_or_init(|| {
            let name = format!("e2e_{}", std::process::id());
            self.client("postgres")
                .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE template0"))
                .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e:?}"));
            name
        });
        let n = NEXT_DB.fetch_add(1, Ordering::Relaxed);
        let name = format!("s{n}");
        self.client(db)
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .unwrap_or_else(|e| panic!("CREATE SCHEMA {name}: {e:?}"));
        Schema {
            server: self,
            db: db.clone(),
            name,
        }
    }
}

/// A schema of its own for one test (see [`Server::create_schema`]).
pub struct Schema {
    pub server: &'static Server,
    pub db: String,
    pub name: String,
}

impl Schema {
    pub fn url(&self) -> String {
        format!(
            "{}&options=-c%20search_path%3D{}",
            self.server.url(&self.db),
            self.name
        )
    }

    /// A driver connection whose search_path is this schema.
    pub fn client(&self) -> postgres::Client {
        let mut c = self.server.client(&self.db);
        c.batch_execute(&format!("SET search_path = {}", self.name))
            .expect("SET search_path");
        c
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        let _ = self
            .server
            .client(&self.db)
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
    }
}

/// A database of its own for one test.
pub struct Db {
    pub server: &'static Server,
    pub name: String,
}

impl Db {
    pub fn url(&self) -> String {
        self.server.url(&self.name)
    }

    pub fn client(&self) -> postgres::Client {
        self.server.client(&self.name)
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let _ = self.server.client("postgres").batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}
