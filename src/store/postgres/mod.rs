//! PostgreSQL: connecting (URL, password sources, TLS), the schema and its migrations,
//! and the `Store`/`Tx` implementation chosen by a `postgres://` `--db`.
//!
//! - [`store`]: [`PgStore`], the write lock, and the reading queries.
//! - `tx`, `import`, `stats`: writes and the set-based bulk steps (temporary tables
//!   filled with `COPY`), import staging and merging, and `stats`.
//! - [`conn`]: parses `postgres://` URLs, finds the password (URL, `PGPASSWORD`,
//!   `~/.pgpass`), connects with TLS per `sslmode`, explains failures without the password.
//! - [`schema`]: botctl's tables, created on first use, migrated under an advisory lock.
//! - [`pgpass`]: the password file, read as libpq reads it.
//! - [`tls`]: certificate checks per `sslmode`.

pub mod conn;
mod copyio;
mod group;
mod import;
pub mod pgpass;
mod raw;
pub mod schema;
mod stats;
pub mod store;
pub mod tls;
mod tx;

pub use store::PgStore;

pub use conn::{Cause, ConnectError, PgEnv, PgTarget, is_postgres_url};
pub use schema::{Outcome, SchemaError, SchemaState};

/// Connects to the database `url` names and makes sure botctl's schema is there and
/// current (creating or migrating it). Warnings (an unsafe password file) are in the
/// returned target's `warnings`, for the caller to print. Errors name the server, never
/// the password.
pub fn open(url: &str, env: &PgEnv) -> anyhow::Result<(postgres::Client, PgTarget, Outcome)> {
    let target = PgTarget::resolve(url, env)?;
    let mut client = target.connect()?;
    let outcome = schema::ensure(&mut client)
        .map_err(|e| anyhow::anyhow!("{e} (database {})", target.display_url()))?;
    Ok((client, target, outcome))
}

/// A PostgreSQL failure people can act on, in words: a role without the rights botctl
/// needs on its tables. `None` for everything else.
pub fn explain(err: &anyhow::Error) -> Option<String> {
    let db = err
        .chain()
        .find_map(|e| e.downcast_ref::<postgres::Error>())?
        .as_db_error()?;
    (db.code() == &postgres::error::SqlState::INSUFFICIENT_PRIVILEGE).then(|| {
        format!(
            "the PostgreSQL role may not do this ({}); nothing was changed: grant it the use of \
             botctl's tables (e.g. `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \
             public TO ROLE`, and `USAGE` on their sequences), or connect as a role that has it",
            crate::escape::shown(db.message())
        )
    })
}
