//! Is this SQLite file botctl's? Checked in a read transaction before anything is
//! written (not even the switch to WAL): another program's database is refused untouched,
//! whatever its `user_version`.
//!
//! The file's tables and columns (and `PRAGMA application_id`) must be exactly those
//! that botctl's own migrations make for the file's `user_version`, replayed in memory;
//! so the check follows every new migration by itself.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use rusqlite::Connection;

use super::schema::MIGRATIONS;

/// The shape of a database: its application id, and each table's columns in order.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    application_id: i64,
    tables: BTreeMap<String, Vec<String>>,
}

fn shape(conn: &Connection) -> Result<Shape> {
    let application_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // Every table's columns in one statement (a `check` opens the file each time).
    let mut cols = conn.prepare(
        "SELECT m.name, p.name FROM sqlite_schema AS m, pragma_table_info(m.name) AS p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
         ORDER BY m.name, p.cid",
    )?;
    let mut rows = cols.query([])?;
    while let Some(r) = rows.next()? {
        tables.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    Ok(Shape {
        application_id,
        tables,
    })
}

/// The shape at the latest version, written out so that opening a current database
/// replays nothing (the replay costs more than the rest of a `check`). The test
/// `latest_shape_is_the_replayed_one` keeps it equal to what the migrations make.
const LATEST_APPLICATION_ID: i64 = 1651471459;
const LATEST_TABLES: &[(&str, &[&str])] = &[
    (
        "batches",
        &["id", "at", "command", "actor", "os_user", "note"],
    ),
    (
        "contacts",
        &[
            "id",
            "name",
            "phone",
            "email",
            "status",
            "reason",
            "wake_at",
            "changed_at",
            "changed_by",
            "bot_messages",
            "created_at",
            "created_batch",
            "counters",
            "note",
        ],
    ),
    ("events", &["id", "at", "contact", "batch"]),
    (
        "history",
        &[
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
            "os_user",
        ],
    ),
    ("settings", &["key", "value"]),
];
const LATEST_VERSION: usize = 2;

fn latest() -> Shape {
    Shape {
        application_id: LATEST_APPLICATION_ID,
        tables: LATEST_TABLES
            .iter()
            .map(|(t, cols)| (t.to_string(), cols.iter().map(|c| c.to_string()).collect()))
            .collect(),
    }
}

/// The shape botctl's migrations give a database at `version`.
fn expected(version: usize) -> Result<Shape> {
    if version == LATEST_VERSION && version == MIGRATIONS.len() {
        return Ok(latest());
    }
    replay(version)
}

/// The shape of an in-memory database after the first `version` migrations.
fn replay(version: usize) -> Result<Shape> {
    let mem = Connection::open_in_memory()?;
    for step in &MIGRATIONS[..version] {
        mem.execute_batch(step)?;
    }
    shape(&mem)
}

const NOT_OURS: &str = "it is an SQLite database of another program, not botctl's, so botctl leaves it untouched; \
     give `--db` another path";

/// Refuses a database that is not botctl's. An empty file (or an empty database) is a
/// new one; a version newer than this botctl knows is left to the caller, unless its
/// tables show it is not botctl's at all.
pub(super) fn check(conn: &Connection, version: i64) -> Result<()> {
    let found = shape(conn)?;
    let Ok(v) = usize::try_from(version) else {
        bail!(NOT_OURS);
    };
    if v == 0 {
        if !found.tables.is_empty() || found.application_id != 0 {
            bail!(NOT_OURS);
        }
        return Ok(());
    }
    if v > MIGRATIONS.len() {
        // A newer botctl keeps these tables, and its application id.
        let ours = expected(MIGRATIONS.len())?;
        let same_family = (found.tables.is_empty()
            || ["contacts", "history", "batches", "settings"]
                .iter()
                .all(|t| found.tables.contains_key(*t)))
            && (found.application_id == 0 || found.application_id == ours.application_id);
        if !same_family {
            bail!(NOT_OURS);
        }
        return Ok(());
    }
    if found != expected(v)? {
        bail!(NOT_OURS);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_shape_is_the_replayed_one() {
        // A new migration: update LATEST_TABLES, LATEST_APPLICATION_ID and LATEST_VERSION.
        assert_eq!(LATEST_VERSION, MIGRATIONS.len());
        assert_eq!(latest(), replay(MIGRATIONS.len()).unwrap());
    }

    #[test]
    fn replayed_migrations_match_themselves() {
        for v in 1..=MIGRATIONS.len() {
            let mem = Connection::open_in_memory().unwrap();
            for step in &MIGRATIONS[..v] {
                mem.execute_batch(step).unwrap();
            }
            check(&mem, v as i64).unwrap();
        }
    }

    #[test]
    fn other_programs_are_refused() {
        let mem = Connection::open_in_memory().unwrap();
        mem.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);")
            .unwrap();
        assert!(check(&mem, 0).is_err());
        assert!(check(&mem, 1).is_err());
        assert!(check(&mem, 99).is_err());
        // A newer botctl's file (its tables unknown here) is left to the version check.
        check(&Connection::open_in_memory().unwrap(), 99).unwrap();
        let empty = Connection::open_in_memory().unwrap();
        check(&empty, 0).unwrap();
    }
}
