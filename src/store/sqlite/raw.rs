//! `copy` on SQLite: every table read in one read transaction, and written as given.

use anyhow::Result;
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, params_from_iter};

use crate::store::raw::{Counts, RawRow, TABLES, Table, Value};

fn value(v: ValueRef) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Int(f as i64),
        ValueRef::Text(t) | ValueRef::Blob(t) => Value::Text(String::from_utf8_lossy(t).into()),
    }
}

pub fn counts(conn: &Connection) -> Result<Counts> {
    let mut c = Counts::default();
    for t in TABLES {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {}", t.name()), [], |r| {
            r.get(0)
        })?;
        c.add(t, u64::try_from(n).unwrap_or(0));
    }
    Ok(c)
}

pub fn export(
    conn: &mut Connection,
    start: &mut dyn FnMut(&Counts) -> Result<()>,
    each: &mut dyn FnMut(Table, RawRow) -> Result<()>,
) -> Result<Counts> {
    // A read transaction: one snapshot of the whole file (WAL), while others write.
    let tx = conn.transaction()?;
    start(&counts(&tx)?)?;
    let mut read = Counts::default();
    for t in TABLES {
        let width = t.columns().len();
        let mut stmt = tx.prepare(&format!(
            "SELECT {} FROM {} ORDER BY {}",
            t.column_list(),
            t.name(),
            t.key()
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(width);
            for i in 0..width {
                row.push(value(r.get_ref(i)?));
            }
            each(t, row)?;
            read.add(t, 1);
        }
    }
    tx.finish()?;
    Ok(read)
}

pub fn import(conn: &Connection, t: Table, rows: &[RawRow]) -> Result<()> {
    let marks: Vec<String> = (1..=t.columns().len()).map(|i| format!("?{i}")).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "INSERT INTO {} ({}) VALUES ({})",
        t.name(),
        t.column_list(),
        marks.join(", ")
    ))?;
    for row in rows {
        stmt.execute(params_from_iter(row.iter().map(|v| match v {
            Value::Null => SqlValue::Null,
            Value::Int(i) => SqlValue::Integer(*i),
            Value::Text(s) => SqlValue::Text(s.clone()),
        })))?;
    }
    Ok(())
}
