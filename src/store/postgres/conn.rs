//! Connecting to PostgreSQL: the URL, where the password comes from, TLS, and errors
//! that name their cause and never the password.
//!
//! URL forms (as libpq's):
//! `postgresql://[user[:password]@][host][:port][/dbname][?param=value&...]`, also with the
//! scheme `postgres://`. `host` is a name, an IPv4 address, `[IPv6]`, or a percent-encoded
//! unix socket folder (`%2Fvar%2Frun%2Fpostgresql`); `?host=/var/run/postgresql` works
//! too. Parameters: `host`, `port`, `dbname`, `user`, `password`, `sslmode`,
//! `sslrootcert`, `connect_timeout`, `application_name`, `options`. What the URL leaves
//! out comes from `PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER`, `PGSSLMODE`,
//! `PGSSLROOTCERT`, `PGCONNECT_TIMEOUT`, `PGAPPNAME` and `PGOPTIONS`, then the defaults (the default unix socket, port
//! 5432, the operating-system user, a database named as the user, `sslmode=prefer`, 10 s).
//!
//! The password: from the URL, else `PGPASSWORD`, else the password file (`PGPASSFILE`
//! or `~/.pgpass`), in that order.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use postgres::Client;
use postgres::error::SqlState;

use super::pgpass;
use super::tls;

/// The oldest PostgreSQL server botctl works with, as `server_version_num`.
pub const MIN_SERVER_VERSION: i32 = 130000;
/// The default port.
pub const DEFAULT_PORT: u16 = 5432;
/// How long connecting may take when neither the URL nor `PGCONNECT_TIMEOUT` says.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The unix socket folders tried, in order, when no host is given.
pub const DEFAULT_SOCKET_DIRS: [&str; 2] = ["/var/run/postgresql", "/tmp"];

/// Whether a `--db` value names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// libpq's `sslmode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SslMode {
    /// No TLS.
    Disable,
    /// As `prefer` (the driver cannot try plain text first).
    Allow,
    /// TLS when the server offers it, else plain text (the default).
    Prefer,
    /// TLS or fail; the certificate is checked only when a root certificate is given.
    Require,
    /// TLS or fail; the certificate chain must lead to a trusted root.
    VerifyCa,
    /// As `verify-ca`, and the certificate must name the host.
    VerifyFull,
}

impl SslMode {
    pub fn parse(s: &str) -> Option<SslMode> {
        Some(match s {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

/// Where the server is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Host {
    /// A host name or IP address, over TCP.
    Tcp(String),
    /// The folder holding the server's unix socket `.s.PGSQL.<port>`.
    Socket(PathBuf),
}

/// A password: never shown, not even by `{:?}`.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn new(s: impl Into<String>) -> Password {
        Password(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Where the password came from, for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PasswordSource {
    None,
    Url,
    Env,
    File(PathBuf),
}

/// A parsed URL, before defaults: each part as the URL gives it, or `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PgUrl {
    pub user: Option<String>,
    pub password: Option<Password>,
    pub host: Option<Host>,
    pub port: Option<u16>,
    pub dbname: Option<String>,
    pub sslmode: Option<SslMode>,
    pub sslrootcert: Option<PathBuf>,
    pub connect_timeout: Option<Duration>,
    pub application_name: Option<String>,
    /// Server settings for the session, as libpq's `options` (`-c search_path=team1`).
    pub options: Option<String>,
}

/// Why connecting failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The URL (or a `PG*` variable) is malformed.
    BadUrl,
    /// No server answers there (refused, no socket, unknown host, timeout).
    Unreachable,
    /// The server refused the password.
    WrongPassword,
    /// The server wants a password and none was found.
    NoPassword,
    /// The server refused the user (no such role, or no `pg_hba.conf` entry).
    Refused,
    /// The database does not exist.
    MissingDatabase,
    /// TLS could not be set up, or the certificate was not trusted.
    Tls,
    /// The server is older than PostgreSQL 13.
    TooOld,
    /// The server is starting, stopping, or full.
    Unavailable,
    /// Anything else.
    Other,
}

/// A connection error. Its message names the cause and the server (as
/// [`PgTarget::display_url`] shows it), and never contains the password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectError {
    pub cause: Cause,
    message: String,
}

impl ConnectError {
    fn new(cause: Cause, message: impl Into<String>) -> ConnectError {
        ConnectError {
            cause,
            message: message.into(),
        }
    }
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConnectError {}

fn bad_url(msg: impl Into<String>) -> ConnectError {
    ConnectError::new(Cause::BadUrl, msg)
}

/// Decodes `%XX` escapes. `what` names the part in errors; the text itself is never
/// quoted (it may be a password).
fn percent_decode(s: &str, what: &str) -> Result<String, ConnectError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    bad_url(format!(
                        "the {what} in the PostgreSQL URL has a `%` that is not followed by two \
                         hex digits; write a literal `%` as `%25`"
                    ))
                })?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(out).map_err(|_| {
        bad_url(format!(
            "the {what} in the PostgreSQL URL is not UTF-8 once its %-escapes are decoded"
        ))
    })?;
    if text.contains('\0') {
        return Err(bad_url(format!(
            "the {what} in the PostgreSQL URL contains a NUL character (%00)"
        )));
    }
    Ok(text)
}

/// Text from outside made safe to show: control characters escaped, long values cut.
fn shown(s: &str) -> String {
    // Controls and bidirectional controls escaped; quotes left as the server wrote them.
    let cut: String = s.chars().take(200).collect();
    let mut out = crate::escape::escape(&cut).into_owned();
    if s.chars().count() > 200 {
        out.push('…');
    }
    out
}

fn parse_port(s: &str, from: &str) -> Result<u16, ConnectError> {
    match s.parse::<u16>() {
        Ok(p) if p > 0 => Ok(p),
        _ => Err(bad_url(format!(
            "the port `{}` {from} is not a number from 1 to 65535",
            shown(s)
        ))),
    }
}

fn parse_timeout(s: &str, from: &str) -> Result<Duration, ConnectError> {
    s.trim()
        .parse::<u64>()
        .map(Duration::from_secs)
        .map_err(|_| {
            bad_url(format!(
                "connect_timeout `{}` {from} is not a whole number of seconds",
                shown(s)
            ))
        })
}

fn parse_sslmode(s: &str, from: &str) -> Result<SslMode, ConnectError> {
    SslMode::parse(s).ok_or_else(|| {
        bad_url(format!(
            "sslmode `{}` {from} is not one of disable, allow, prefer, require, verify-ca, \
             verify-full",
            shown(s)
        ))
    })
}

/// A host as written (already decoded): a socket folder when it starts with `/`.
fn parse_host(h: &str) -> Result<Host, ConnectError> {
    if h.starts_with('/') {
        return Ok(Host::Socket(PathBuf::from(h)));
    }
    if h.contains(',') {
        return Err(bad_url(
            "several hosts in one PostgreSQL URL are not supported; name one host",
        ));
    }
    if h.chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '/')
    {
        return Err(bad_url(format!(
            "the host `{}` in the PostgreSQL URL is not a host name or address",
            shown(h)
        )));
    }
    Ok(Host::Tcp(h.to_string()))
}

impl PgUrl {
    /// Parses a `postgres://` or `postgresql://` URL. Errors never quote the password.
    pub fn parse(url: &str) -> Result<PgUrl, ConnectError> {
        let rest = url
            .strip_prefix("postgresql://")
            .or_else(|| url.strip_prefix("postgres://"))
            .ok_or_else(|| bad_url("a PostgreSQL URL starts with postgresql:// or postgres://"))?;
        let (before_query, query) = match rest.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (rest, None),
        };
        // `user:pa?ss@host`: the `?` was in the password; say so without quoting any of it
        if query.is_some_and(|q| q.contains('@'))
            && before_query.contains(':')
            && !before_query.contains(['@', '/'])
        {
            return Err(bad_url(
                "the PostgreSQL URL has an `@` after its `?`: percent-encode special \
                 characters in the user name and password (`?` as %3F, `@` as %40, `/` as \
                 %2F, `:` as %3A, `%` as %25)",
            ));
        }
        // The authority ends at the first `/`; user info ends at its last `@`, so that an
        // unescaped `@` in a password still parses.
        let (authority, path) = match before_query.find('/') {
            Some(i) => {
                // a `/` after an `@` that follows it means the `/` was in the password
                if before_query[i..].contains('@') {
                    return Err(bad_url(
                        "the PostgreSQL URL has an `@` after its first `/`: percent-encode \
                         special characters in the user name and password (`@` as %40, `/` \
                         as %2F, `:` as %3A, `?` as %3F, `#` as %23, `%` as %25)",
                    ));
                }
                (&before_query[..i], Some(&before_query[i + 1..]))
            }
            None => (before_query, None),
        };
        let mut out = PgUrl::default();
        let hostport = match authority.rfind('@') {
            Some(at) => {
                let userinfo = &authority[..at];
                let (user, password) = match userinfo.split_once(':') {
                    Some((u, p)) => (u, Some(p)),
                    None => (userinfo, None),
                };
                if !user.is_empty() {
                    out.user = Some(percent_decode(user, "user name")?);
                }
                if let Some(p) = password {
                    out.password = Some(Password(percent_decode(p, "password")?));
                }
                &authority[at + 1..]
            }
            None => authority,
        };
        if hostport.contains(',') {
            return Err(bad_url(
                "several hosts in one PostgreSQL URL are not supported; name one host",
            ));
        }
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let (addr, after) = v6.split_once(']').ok_or_else(|| {
                bad_url("the IPv6 address in the PostgreSQL URL lacks its closing `]`")
            })?;
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or_else(|| {
                    bad_url("after `]` the PostgreSQL URL expects `:port`, `/` or the end")
                })?),
            };
            (Some(addr.to_string()), port)
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (Some(h.to_string()), Some(p)),
                None => (Some(hostport.to_string()), None),
            }
        };
        if let Some(h) = host.filter(|h| !h.is_empty()) {
            out.host = Some(parse_host(&percent_decode(&h, "host")?)?);
        }
        if let Some(p) = port.filter(|p| !p.is_empty()) {
            out.port = Some(parse_port(p, "in the PostgreSQL URL")?);
        }
        if let Some(db) = path.filter(|p| !p.is_empty()) {
            if db.contains('/') {
                return Err(bad_url(
                    "the database name in the PostgreSQL URL contains `/`; percent-encode \
                     special characters in the user name and password (`/` as %2F, `@` as \
                     %40)",
                ));
            }
            out.dbname = Some(percent_decode(db, "database name")?);
        }
        for pair in query.into_iter().flat_map(|q| q.split('&')) {
            if pair.is_empty() {
                continue;
            }
            let (k, v) = pair.split_once('=').ok_or_else(|| {
                bad_url(format!(
                    "the PostgreSQL URL parameter `{}` has no `=value`",
                    shown(pair)
                ))
            })?;
            let key = percent_decode(k, "parameter name")?;
            let from = "in the PostgreSQL URL";
            match key.as_str() {
                "password" => out.password = Some(Password(percent_decode(v, "password")?)),
                "user" => out.user = Some(percent_decode(v, "user name")?),
                "dbname" => out.dbname = Some(percent_decode(v, "database name")?),
                "host" => out.host = Some(parse_host(&percent_decode(v, "host")?)?),
                "port" => out.port = Some(parse_port(&percent_decode(v, "port")?, from)?),
                "sslmode" => {
                    out.sslmode = Some(parse_sslmode(&percent_decode(v, "sslmode")?, from)?)
                }
                "sslrootcert" => {
                    out.sslrootcert = Some(PathBuf::from(percent_decode(v, "sslrootcert")?))
                }
                "connect_timeout" => {
                    out.connect_timeout =
                        Some(parse_timeout(&percent_decode(v, "connect_timeout")?, from)?)
                }
                "application_name" => {
                    out.application_name = Some(percent_decode(v, "application_name")?)
                }
                "options" => out.options = Some(percent_decode(v, "options")?),
                "sslcert" | "sslkey" | "sslpassword" => {
                    return Err(bad_url(format!(
                        "`{key}` (client certificates) is not supported yet; authenticate \
                         with a password"
                    )));
                }
                _ => {
                    return Err(bad_url(format!(
                        "unknown parameter `{}` in the PostgreSQL URL; botctl knows host, \
                         port, dbname, user, password, sslmode, sslrootcert, connect_timeout, \
                         application_name and options",
                        shown(&key)
                    )));
                }
            }
        }
        Ok(out)
    }
}

/// Where the defaults come from: the `PG*` variables, the home folder and the user.
#[derive(Clone, Debug, Default)]
pub struct PgEnv {
    pub vars: HashMap<String, String>,
    pub home: Option<PathBuf>,
    /// The operating-system user, the default database user.
    pub os_user: Option<String>,
}

const PG_VARS: [&str; 11] = [
    "PGHOST",
    "PGPORT",
    "PGDATABASE",
    "PGUSER",
    "PGPASSWORD",
    "PGPASSFILE",
    "PGSSLMODE",
    "PGSSLROOTCERT",
    "PGCONNECT_TIMEOUT",
    "PGAPPNAME",
    "PGOPTIONS",
];

impl PgEnv {
    /// This process's environment.
    pub fn from_process() -> PgEnv {
        let vars = PG_VARS
            .iter()
            .filter_map(|k| {
                let v = std::env::var(k).ok()?;
                (!v.is_empty()).then(|| (k.to_string(), v))
            })
            .collect();
        let home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from);
        PgEnv {
            vars,
            home,
            os_user: process_user(),
        }
    }

    fn var(&self, k: &str) -> Option<&str> {
        self.vars
            .get(k)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// The name of the process's user, as libpq takes it (the passwd entry of the uid).
fn process_user() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let passwd = std::fs::read_to_string("/etc/passwd").ok();
    passwd
        .and_then(|p| {
            p.lines().find_map(|line| {
                let mut f = line.split(':');
                let name = f.next()?;
                let id: u32 = f.nth(1)?.parse().ok()?;
                (id == uid).then(|| name.to_string())
            })
        })
        .or_else(|| {
            ["LOGNAME", "USER"]
                .iter()
                .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        })
}

/// Everything needed to connect, resolved: URL, then `PG*` variables, then defaults.
#[derive(Clone, Debug)]
pub struct PgTarget {
    pub host: Host,
    pub port: u16,
    pub user: String,
    pub dbname: String,
    pub password: Option<Password>,
    pub password_source: PasswordSource,
    pub sslmode: SslMode,
    /// Whether `sslmode` was given (URL or `PGSSLMODE`) rather than defaulted.
    pub sslmode_given: bool,
    pub roots: tls::Roots,
    pub connect_timeout: Duration,
    pub application_name: String,
    pub options: Option<String>,
    /// Things the person should know (an unsafe password file), to print as `warning:`.
    pub warnings: Vec<String>,
}

impl PgTarget {
    /// Parses `url` and fills in what it leaves out from `env`.
    pub fn resolve(url: &str, env: &PgEnv) -> Result<PgTarget, ConnectError> {
        let u = PgUrl::parse(url)?;
        let from_env = "in PG* variables";
        let host = match u.host {
            Some(h) => h,
            None => match env.var("PGHOST") {
                Some(h) => parse_host(h)?,
                None => Host::Socket(default_socket_dir()),
            },
        };
        let port = match (u.port, env.var("PGPORT")) {
            (Some(p), _) => p,
            (None, Some(p)) => parse_port(p, "in PGPORT")?,
            (None, None) => DEFAULT_PORT,
        };
        let user = u
            .user
            .or_else(|| env.var("PGUSER").map(str::to_string))
            .or_else(|| env.os_user.clone())
            .ok_or_else(|| {
                bad_url("the PostgreSQL URL names no user and the current user is unknown; add `user@` to the URL")
            })?;
        let dbname = u
            .dbname
            .or_else(|| env.var("PGDATABASE").map(str::to_string))
            .unwrap_or_else(|| user.clone());
        let (sslmode, sslmode_given) = match (u.sslmode, env.var("PGSSLMODE")) {
            (Some(m), _) => (m, true),
            (None, Some(m)) => (parse_sslmode(m, "in PGSSLMODE")?, true),
            (None, None) => (SslMode::Prefer, false),
        };
        let rootcert = u
            .sslrootcert
            .or_else(|| env.var("PGSSLROOTCERT").map(PathBuf::from));
        let connect_timeout = match (u.connect_timeout, env.var("PGCONNECT_TIMEOUT")) {
            (Some(t), _) => t,
            (None, Some(t)) => parse_timeout(t, "in PGCONNECT_TIMEOUT")?,
            (None, None) => DEFAULT_CONNECT_TIMEOUT,
        };
        let application_name = u
            .application_name
            .or_else(|| env.var("PGAPPNAME").map(str::to_string))
            .unwrap_or_else(|| "botctl".to_string());
        let options = u
            .options
            .or_else(|| env.var("PGOPTIONS").map(str::to_string));
        for (what, v) in [("user name", &user), ("database name", &dbname)] {
            if v.contains('\0') {
                return Err(bad_url(format!(
                    "the {what} {from_env} contains a NUL character"
                )));
            }
        }
        let mut target = PgTarget {
            roots: tls::roots(sslmode, rootcert.as_deref(), env.home.as_deref()),
            host,
            port,
            user,
            dbname,
            password: None,
            password_source: PasswordSource::None,
            sslmode,
            sslmode_given,
            connect_timeout,
            application_name,
            options,
            warnings: Vec::new(),
        };
        if let Some(p) = u.password {
            target.password = Some(p);
            target.password_source = PasswordSource::Url;
        } else if let Some(p) = env.var("PGPASSWORD") {
            target.password = Some(Password(p.to_string()));
            target.password_source = PasswordSource::Env;
        } else if let Some(file) = env
            .var("PGPASSFILE")
            .map(PathBuf::from)
            .or_else(|| env.home.as_ref().map(|h| h.join(".pgpass")))
        {
            let (text, warning) = pgpass::read(&file);
            target.warnings.extend(warning);
            if let Some(text) = text {
                let host = target.pgpass_host();
                let port = target.port.to_string();
                let want = pgpass::Entry {
                    host: &host,
                    port: &port,
                    database: &target.dbname,
                    user: &target.user,
                };
                if let Some(p) = pgpass::lookup(&text, &want) {
                    target.password = Some(Password(p));
                    target.password_source = PasswordSource::File(file);
                }
            }
        }
        Ok(target)
    }

    /// The host as the password file names it: `localhost` for the default socket folder.
    fn pgpass_host(&self) -> String {
        match &self.host {
            Host::Tcp(h) => h.clone(),
            Host::Socket(dir) if DEFAULT_SOCKET_DIRS.iter().any(|d| Path::new(d) == dir) => {
                "localhost".to_string()
            }
            Host::Socket(dir) => dir.display().to_string(),
        }
    }

    /// The URL without its password, safe for a terminal: every part percent-encoded
    /// where needed, so control characters never reach the screen.
    pub fn display_url(&self) -> String {
        let mut s = format!("postgresql://{}@", encode(&self.user));
        let mut params = Vec::new();
        match &self.host {
            Host::Tcp(h) if h.contains(':') => s.push_str(&format!("[{h}]")),
            Host::Tcp(h) => s.push_str(&encode(h)),
            Host::Socket(dir) => {
                params.push(format!("host={}", encode_path(&dir.display().to_string())))
            }
        }
        match &self.host {
            Host::Tcp(_) => s.push_str(&format!(":{}", self.port)),
            Host::Socket(_) if self.port != DEFAULT_PORT => {
                params.push(format!("port={}", self.port))
            }
            Host::Socket(_) => {}
        }
        s.push('/');
        s.push_str(&encode(&self.dbname));
        if self.sslmode_given {
            params.push(format!("sslmode={}", self.sslmode.as_str()));
        }
        if !params.is_empty() {
            s.push('?');
            s.push_str(&params.join("&"));
        }
        s
    }

    /// How long connecting may take (`connect_timeout`, at least 2 s); `None`: no limit (0).
    fn handshake_limit(&self) -> Option<Duration> {
        (!self.connect_timeout.is_zero()).then(|| self.connect_timeout.max(Duration::from_secs(2)))
    }

    /// Connects and checks the server's version. Errors name the cause and the server,
    /// never the password.
    pub fn connect(&self) -> Result<Client, ConnectError> {
        let mut config = postgres::Config::new();
        config
            .user(&self.user)
            .dbname(&self.dbname)
            .port(self.port)
            .application_name(&self.application_name);
        if let Some(limit) = self.handshake_limit() {
            config.connect_timeout(limit);
        }
        match &self.host {
            Host::Tcp(h) => config.host(h),
            Host::Socket(dir) => config.host_path(dir),
        };
        if let Some(p) = &self.password {
            config.password(p.expose());
        }
        if let Some(o) = &self.options {
            config.options(o);
        }
        // Unix sockets are local: libpq never uses TLS on them, whatever sslmode says.
        config.ssl_mode(match (&self.host, self.sslmode) {
            (Host::Socket(_), _) | (_, SslMode::Disable) => postgres::config::SslMode::Disable,
            (_, SslMode::Allow | SslMode::Prefer) => postgres::config::SslMode::Prefer,
            (_, SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull) => {
                postgres::config::SslMode::Require
            }
        });
        let tls = tls::connector(self.sslmode, &self.roots)
            .map_err(|e| ConnectError::new(Cause::Tls, self.scrub(&e)))?;
        let mut client = match self.handshake_limit() {
            None => config.connect(tls),
            // `connect_timeout` bounds the TCP connect only: a server that accepts and then
            // never answers (wedged, or not PostgreSQL) would hold botctl forever. So the
            // whole handshake runs beside a clock; the thread left behind ends with botctl.
            Some(limit) => {
                let (send, answer) = std::sync::mpsc::channel();
                std::thread::spawn(move || {
                    let _ = send.send(config.connect(tls));
                });
                match answer.recv_timeout(limit + Duration::from_millis(500)) {
                    Ok(r) => r,
                    Err(_) => {
                        return Err(ConnectError::new(
                            Cause::Unreachable,
                            format!(
                                "the server at {} took the connection but did not answer within \
                                 {} s (connect_timeout); is it a PostgreSQL server, running \
                                 normally, and are host and port right?",
                                self.display_url(),
                                limit.as_secs()
                            ),
                        ));
                    }
                }
            }
        }
        .map_err(|e| self.explain(&e))?;
        // query_typed: one round trip (no separate prepare), on every connection.
        let row = client
            .query_typed_one(
                "SELECT current_setting('server_version_num')::int, current_setting('server_version')",
                &[],
            )
            .map_err(|e| self.explain(&e))?;
        check_server_version(row.get(0), row.get(1)).map_err(|e| {
            ConnectError::new(e.cause, format!("{} ({})", e.message, self.display_url()))
        })?;
        Ok(client)
    }

    /// Removes the password from a message, should any part of the stack ever echo it.
    fn scrub(&self, msg: &str) -> String {
        match &self.password {
            Some(p) if p.0.chars().count() >= 3 => msg.replace(&p.0, "***"),
            _ => msg.to_string(),
        }
    }

    fn where_password(&self) -> String {
        match &self.password_source {
            PasswordSource::None => "no password was given".to_string(),
            PasswordSource::Url => "the password came from the URL".to_string(),
            PasswordSource::Env => "the password came from PGPASSWORD".to_string(),
            PasswordSource::File(f) => format!(
                "the password came from the password file {}",
                shown(&f.display().to_string())
            ),
        }
    }

    /// Turns a driver error into one that names the cause.
    pub fn explain(&self, e: &postgres::Error) -> ConnectError {
        let url = self.display_url();
        let (cause, msg) = self.classify(e, &url);
        ConnectError::new(cause, self.scrub(&msg))
    }

    fn classify(&self, e: &postgres::Error, url: &str) -> (Cause, String) {
        if let Some(db) = e.as_db_error() {
            let server = shown(db.message());
            let code = db.code();
            return if *code == SqlState::INVALID_PASSWORD {
                (
                    Cause::WrongPassword,
                    format!(
                        "the PostgreSQL server at {url} refused the password for user `{}` \
                         ({server}); {}; fix it in the URL, PGPASSWORD or ~/.pgpass",
                        shown(&self.user),
                        self.where_password()
                    ),
                )
            } else if *code == SqlState::INVALID_CATALOG_NAME {
                (
                    Cause::MissingDatabase,
                    format!(
                        "the database `{}` does not exist on the PostgreSQL server at {url}; \
                         create it (createdb {}) or name another one in the URL",
                        shown(&self.dbname),
                        shown(&self.dbname)
                    ),
                )
            } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
                (
                    Cause::Refused,
                    format!("the PostgreSQL server at {url} refused the connection: {server}"),
                )
            } else if *code == SqlState::CANNOT_CONNECT_NOW
                || *code == SqlState::TOO_MANY_CONNECTIONS
                || *code == SqlState::ADMIN_SHUTDOWN
            {
                (
                    Cause::Unavailable,
                    format!(
                        "the PostgreSQL server at {url} cannot take connections now: {server}; try again later"
                    ),
                )
            } else {
                (
                    Cause::Other,
                    format!(
                        "the PostgreSQL server at {url} answered: {server} (SQLSTATE {})",
                        code.code()
                    ),
                )
            };
        }
        let top = e.to_string();
        let mut chain: Vec<&(dyn std::error::Error + 'static)> = Vec::new();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            chain.push(s);
            source = s.source();
        }
        let detail = chain
            .iter()
            .map(|s| shown(&s.to_string()))
            .collect::<Vec<_>>()
            .join(": ");
        let tls_hint = match self.sslmode {
            SslMode::VerifyFull => {
                "; sslmode=verify-full needs a certificate for this host name from a trusted \
                 CA (the system's, or the one named by sslrootcert=FILE)"
            }
            SslMode::VerifyCa => {
                "; sslmode=verify-ca needs a certificate from a trusted CA (the system's, or \
                 the one named by sslrootcert=FILE)"
            }
            _ => "",
        };
        if chain
            .iter()
            .any(|s| s.downcast_ref::<rustls::Error>().is_some())
            || top.starts_with("error performing TLS handshake")
        {
            let detail = if detail.is_empty() {
                top.clone()
            } else {
                detail
            };
            let detail = if detail.contains("server does not support TLS") {
                format!(
                    "the server does not offer TLS, but sslmode={} requires it",
                    self.sslmode.as_str()
                )
            } else {
                detail
            };
            return (
                Cause::Tls,
                format!("TLS with the PostgreSQL server at {url} failed: {detail}{tls_hint}"),
            );
        }
        if top.contains("password missing") || detail.contains("password missing") {
            return (
                Cause::NoPassword,
                format!(
                    "the PostgreSQL server at {url} asks for a password for user `{}` and none \
                     was given; put it in ~/.pgpass (host:port:database:user:password, mode \
                     0600), in PGPASSWORD, or in the URL",
                    shown(&self.user)
                ),
            );
        }
        if let Some(io) = chain
            .iter()
            .find_map(|s| s.downcast_ref::<std::io::Error>())
        {
            use std::io::ErrorKind as K;
            let why = match (io.kind(), &self.host) {
                (K::NotFound, Host::Socket(dir)) => format!(
                    "no server socket .s.PGSQL.{} in {}",
                    self.port,
                    shown(&dir.display().to_string())
                ),
                (K::ConnectionRefused, _) => "connection refused".to_string(),
                (K::TimedOut, _) => format!(
                    "no answer within {} s (connect_timeout)",
                    self.connect_timeout.as_secs()
                ),
                (K::PermissionDenied, _) => {
                    format!("permission denied ({})", shown(&io.to_string()))
                }
                _ => shown(&io.to_string()),
            };
            return (
                Cause::Unreachable,
                format!(
                    "cannot reach the PostgreSQL server at {url}: {why}; is it running, and are \
                     host and port right?"
                ),
            );
        }
        if top.starts_with("timeout waiting for server") {
            return (
                Cause::Unreachable,
                format!(
                    "cannot reach the PostgreSQL server at {url}: no answer within {} s \
                     (connect_timeout)",
                    self.connect_timeout.as_secs()
                ),
            );
        }
        if top.starts_with("error connecting to server") {
            return (
                Cause::Unreachable,
                format!("cannot reach the PostgreSQL server at {url}: {detail}"),
            );
        }
        let detail = if detail.is_empty() {
            top
        } else {
            format!("{top}: {detail}")
        };
        (
            Cause::Other,
            format!("talking to the PostgreSQL server at {url} failed: {detail}"),
        )
    }
}

impl fmt::Display for PgTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_url())
    }
}

/// Refuses a server older than PostgreSQL 13.
pub fn check_server_version(num: i32, text: &str) -> Result<(), ConnectError> {
    if num < MIN_SERVER_VERSION {
        return Err(ConnectError::new(
            Cause::TooOld,
            format!(
                "the PostgreSQL server runs version {}; botctl needs PostgreSQL 13 or newer",
                shown(text)
            ),
        ));
    }
    Ok(())
}

fn default_socket_dir() -> PathBuf {
    DEFAULT_SOCKET_DIRS
        .iter()
        .map(PathBuf::from)
        .find(|d| d.is_dir())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SOCKET_DIRS[0]))
}

/// Percent-encodes everything but unreserved characters (and non-ASCII letters, which
/// are safe to show); control characters always.
fn encode(s: &str) -> String {
    encode_keeping(s, "-._~")
}

fn encode_path(s: &str) -> String {
    encode_keeping(s, "-._~/")
}

fn encode_keeping(s: &str, keep: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric()
            || keep.contains(c)
            || (!c.is_ascii() && !c.is_control() && !is_bidi(c))
        {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Bidirectional-override characters, which would reorder what a terminal shows.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> PgEnv {
        PgEnv {
            vars: HashMap::new(),
            home: None,
            os_user: Some("osuser".into()),
        }
    }

    fn env_with(pairs: &[(&str, &str)]) -> PgEnv {
        let mut e = env();
        for (k, v) in pairs {
            e.vars.insert(k.to_string(), v.to_string());
        }
        e
    }

    #[test]
    fn detects_urls() {
        assert!(is_postgres_url("postgres://h/db"));
        assert!(is_postgres_url("postgresql://"));
        assert!(!is_postgres_url("botctl.db"));
        assert!(!is_postgres_url("./postgres://x"));
    }

    #[test]
    fn parses_the_full_form() {
        let u = PgUrl::parse(
            "postgresql://bob:s%40cret@db.example.com:6543/my%20db?sslmode=verify-full&connect_timeout=3&application_name=x",
        )
        .unwrap();
        assert_eq!(u.user.as_deref(), Some("bob"));
        assert_eq!(u.password, Some(Password::new("s@cret")));
        assert_eq!(u.host, Some(Host::Tcp("db.example.com".into())));
        assert_eq!(u.port, Some(6543));
        assert_eq!(u.dbname.as_deref(), Some("my db"));
        assert_eq!(u.sslmode, Some(SslMode::VerifyFull));
        assert_eq!(u.connect_timeout, Some(Duration::from_secs(3)));
        assert_eq!(u.application_name.as_deref(), Some("x"));
    }

    #[test]
    fn parses_short_forms() {
        assert_eq!(PgUrl::parse("postgres://").unwrap(), PgUrl::default());
        assert_eq!(PgUrl::parse("postgresql:///").unwrap(), PgUrl::default());
        let u = PgUrl::parse("postgres://localhost").unwrap();
        assert_eq!(u.host, Some(Host::Tcp("localhost".into())));
        assert_eq!(u.port, None);
        let u = PgUrl::parse("postgres://[::1]:5433/db").unwrap();
        assert_eq!(u.host, Some(Host::Tcp("::1".into())));
        assert_eq!(u.port, Some(5433));
        let u = PgUrl::parse("postgres://%2Fvar%2Frun%2Fpostgresql/db").unwrap();
        assert_eq!(u.host, Some(Host::Socket("/var/run/postgresql".into())));
        let u = PgUrl::parse("postgresql:///db?host=/tmp/sock&port=7000&user=al").unwrap();
        assert_eq!(u.host, Some(Host::Socket("/tmp/sock".into())));
        assert_eq!(u.port, Some(7000));
        assert_eq!(u.user.as_deref(), Some("al"));
        assert_eq!(u.dbname.as_deref(), Some("db"));
        // an unescaped `@` in the password: the user info ends at the last `@`
        let u = PgUrl::parse("postgres://bob:p@ss@host/db").unwrap();
        assert_eq!(u.password, Some(Password::new("p@ss")));
        assert_eq!(u.host, Some(Host::Tcp("host".into())));
        // a password may be empty
        let u = PgUrl::parse("postgres://bob:@host/db").unwrap();
        assert_eq!(u.password, Some(Password::new("")));
    }

    #[test]
    fn refuses_bad_urls_without_quoting_the_password() {
        let bad = [
            ("mysql://x", "starts with postgresql://"),
            ("postgres://h:99999/db", "port `99999`"),
            ("postgres://h:0/db", "port `0`"),
            ("postgres://h1,h2/db", "several hosts"),
            ("postgres://[::1/db", "closing `]`"),
            ("postgres://h/db?sslmode=strict", "sslmode `strict`"),
            (
                "postgres://h/db?frobnicate=1",
                "unknown parameter `frobnicate`",
            ),
            ("postgres://h/db?sslmode", "no `=value`"),
            (
                "postgres://h/db?connect_timeout=soon",
                "whole number of seconds",
            ),
            ("postgres://h/db?sslcert=a.pem", "client certificates"),
            ("postgres://h/d%zzb", "hex digits"),
        ];
        for (url, want) in bad {
            let e = PgUrl::parse(url).unwrap_err();
            assert_eq!(e.cause, Cause::BadUrl, "{url}");
            assert!(e.to_string().contains(want), "{url}: {e}");
        }
        for url in [
            "postgres://bob:s3cret%zz@h/db",
            "postgres://bob:s3cret/x@h/db",
            "postgres://bob:s3cret%00@h/db",
            "postgres://bob:s3cret@h:port/db",
            "postgres://h/db?password=s3cret%ff",
            "postgres://bob:s3?cret@h/db",
            "postgres://bob:s3?cr=et@h/db",
        ] {
            let e = PgUrl::parse(url).unwrap_err();
            assert!(!e.to_string().contains("s3cret"), "{url}: {e}");
        }
    }

    #[test]
    fn defaults_come_from_pg_variables_then_the_os_user() {
        let t = PgTarget::resolve("postgres://", &env()).unwrap();
        assert_eq!(t.user, "osuser");
        assert_eq!(t.dbname, "osuser");
        assert_eq!(t.port, 5432);
        assert!(matches!(t.host, Host::Socket(_)));
        assert_eq!(t.sslmode, SslMode::Prefer);
        assert_eq!(t.connect_timeout, DEFAULT_CONNECT_TIMEOUT);
        assert_eq!(t.application_name, "botctl");
        assert_eq!(t.password, None);

        let e = env_with(&[
            ("PGHOST", "db.internal"),
            ("PGPORT", "6000"),
            ("PGUSER", "envuser"),
            ("PGDATABASE", "envdb"),
            ("PGSSLMODE", "require"),
            ("PGCONNECT_TIMEOUT", "4"),
            ("PGAPPNAME", "cron"),
        ]);
        let t = PgTarget::resolve("postgres://", &e).unwrap();
        assert_eq!(t.host, Host::Tcp("db.internal".into()));
        assert_eq!(
            (t.port, t.user.as_str(), t.dbname.as_str()),
            (6000, "envuser", "envdb")
        );
        assert_eq!(t.sslmode, SslMode::Require);
        assert_eq!(t.connect_timeout, Duration::from_secs(4));
        assert_eq!(t.application_name, "cron");
        // the URL wins over the variables
        let t = PgTarget::resolve("postgres://u@h:1/d?sslmode=disable", &e).unwrap();
        assert_eq!(t.host, Host::Tcp("h".into()));
        assert_eq!((t.port, t.user.as_str(), t.dbname.as_str()), (1, "u", "d"));
        assert_eq!(t.sslmode, SslMode::Disable);

        let e = env_with(&[("PGPORT", "x")]);
        let err = PgTarget::resolve("postgres://", &e).unwrap_err();
        assert!(err.to_string().contains("in PGPORT"), "{err}");
    }

    #[test]
    fn password_from_url_then_env_then_file() {
        let home = tempfile::tempdir().unwrap();
        let pgpass = home.path().join(".pgpass");
        std::fs::write(
            &pgpass,
            "h:5432:d:u:fromfile\nlocalhost:5432:d:u:fromsocket\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
        let mut e = env();
        e.home = Some(home.path().to_path_buf());

        let t = PgTarget::resolve("postgres://u:fromurl@h/d", &e).unwrap();
        assert_eq!(t.password, Some(Password::new("fromurl")));
        assert_eq!(t.password_source, PasswordSource::Url);

        let t = PgTarget::resolve("postgres://u@h/d", &e).unwrap();
        assert_eq!(t.password, Some(Password::new("fromfile")));
        assert_eq!(t.password_source, PasswordSource::File(pgpass.clone()));

        // the default socket folder is `localhost` in the password file
        let t = PgTarget::resolve("postgres://u@%2Fvar%2Frun%2Fpostgresql/d", &e).unwrap();
        assert_eq!(t.password, Some(Password::new("fromsocket")));
        let t = PgTarget::resolve("postgres://u@%2Fsomewhere%2Felse/d", &e).unwrap();
        assert_eq!(t.password, None);

        e.vars.insert("PGPASSWORD".into(), "fromenv".into());
        let t = PgTarget::resolve("postgres://u@h/d", &e).unwrap();
        assert_eq!(t.password, Some(Password::new("fromenv")));
        assert_eq!(t.password_source, PasswordSource::Env);
        e.vars.remove("PGPASSWORD");

        // PGPASSFILE names another file
        let other = home.path().join("other");
        std::fs::write(&other, "*:*:*:*:fromother\n").unwrap();
        std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o600)).unwrap();
        e.vars
            .insert("PGPASSFILE".into(), other.display().to_string());
        let t = PgTarget::resolve("postgres://u@h/d", &e).unwrap();
        assert_eq!(t.password, Some(Password::new("fromother")));

        // a file others can read is ignored, with a warning
        std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o640)).unwrap();
        let t = PgTarget::resolve("postgres://u@h/d", &e).unwrap();
        assert_eq!(t.password, None);
        assert_eq!(t.warnings.len(), 1);
        assert!(
            t.warnings[0].contains("group or world access"),
            "{:?}",
            t.warnings
        );
    }

    #[test]
    fn display_hides_the_password_and_escapes() {
        let t = PgTarget::resolve("postgres://bob:s3cret@db.example:5432/botctl", &env()).unwrap();
        assert_eq!(t.display_url(), "postgresql://bob@db.example:5432/botctl");
        assert_eq!(t.to_string(), t.display_url());
        assert!(!format!("{t:?}").contains("s3cret"));

        let t =
            PgTarget::resolve("postgres://bob:s3cret@[::1]/d?sslmode=verify-full", &env()).unwrap();
        assert_eq!(
            t.display_url(),
            "postgresql://bob@[::1]:5432/d?sslmode=verify-full"
        );

        let t = PgTarget::resolve(
            "postgresql:///d?host=/tmp/pg&port=7000&user=al&password=s3cret",
            &env(),
        )
        .unwrap();
        assert_eq!(t.display_url(), "postgresql://al@/d?host=/tmp/pg&port=7000");

        let t = PgTarget::resolve("postgres://a%1Bb%0A:s3cret@h/d%E2%80%AEx%20y", &env()).unwrap();
        assert_eq!(
            t.display_url(),
            "postgresql://a%1Bb%0A@h:5432/d%E2%80%AEx%20y"
        );
    }

    #[test]
    fn old_servers_are_refused() {
        assert!(check_server_version(130000, "13.0").is_ok());
        assert!(check_server_version(170002, "17.2").is_ok());
        let e = check_server_version(120019, "12.19").unwrap_err();
        assert_eq!(e.cause, Cause::TooOld);
        assert!(e.to_string().contains("version 12.19"), "{e}");
        assert!(e.to_string().contains("13 or newer"), "{e}");
    }

    #[test]
    fn scrub_removes_the_password() {
        let t = PgTarget::resolve("postgres://bob:s3cret@h/d", &env()).unwrap();
        assert_eq!(t.scrub("x s3cret y"), "x *** y");
    }
}
