//! `copy` on PostgreSQL: every table read in one REPEATABLE READ snapshot, and written
//! with `COPY`; the identity sequences then continue after the copied ids.

use anyhow::Result;
use postgres::{Client, GenericClient, Row};

use super::copyio;
use super::store::stream;
use crate::store::raw::{Col, Counts, RawRow, TABLES, Table, Value};

fn values(t: Table, r: &Row) -> Result<RawRow> {
    let mut row = Vec::with_capacity(t.columns().len());
    for (i, (_, col)) in t.columns().iter().enumerate() {
        row.push(match col {
            Col::Int => r
                .try_get::<_, Option<i64>>(i)?
                .map_or(Value::Null, Value::Int),
            Col::Text => r
                .try_get::<_, Option<String>>(i)?
                .map_or(Value::Null, Value::Text),
        });
    }
    Ok(row)
}

pub fn counts<C: GenericClient>(c: &mut C) -> Result<Counts> {
    let mut out = Counts::default();
    for t in TABLES {
        let n: i64 = c
            .query_one(&format!("SELECT count(*) FROM {}", t.name()), &[])?
            .get(0);
        out.add(t, u64::try_from(n).unwrap_or(0));
    }
    Ok(out)
}

pub fn export(
    client: &mut Client,
    start: &mut dyn FnMut(&Counts) -> Result<()>,
    each: &mut dyn FnMut(Table, RawRow) -> Result<()>,
) -> Result<Counts> {
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    start(&counts(&mut tx)?)?;
    let mut read = Counts::default();
    for t in TABLES {
        let sql = format!(
            "SELECT {} FROM {} ORDER BY {}",
            t.column_list(),
            t.name(),
            t.key()
        );
        stream(&mut tx, &sql, &[], &mut |r| {
            each(t, values(t, r)?)?;
            read.add(t, 1);
            Ok(())
        })?;
    }
    tx.commit()?;
    Ok(read)
}

pub fn import<C: GenericClient>(c: &mut C, t: Table, rows: &[RawRow]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut data = Vec::new();
    for row in rows {
        let texts: Vec<Option<String>> = row
            .iter()
            .map(|v| match v {
                Value::Null => None,
                Value::Int(i) => Some(i.to_string()),
                Value::Text(s) => Some(s.clone()),
            })
            .collect();
        let fields: Vec<Option<&str>> = texts.iter().map(Option::as_deref).collect();
        copyio::row(&mut data, &fields);
    }
    copyio::send(
        c,
        &format!("COPY {} ({}) FROM STDIN", t.name(), t.column_list()),
        &data,
    )?;
    Ok(())
}

/// The identity sequences of batch ids and history `seq` continue after the highest.
pub fn finish<C: GenericClient>(c: &mut C) -> Result<()> {
    c.batch_execute(
        "SELECT setval(pg_get_serial_sequence('batches', 'id'), \
             coalesce((SELECT max(id) FROM batches), 0) + 1, false); \
         SELECT setval(pg_get_serial_sequence('history', 'seq'), \
             coalesce((SELECT max(seq) FROM history), 0) + 1, false);",
    )?;
    Ok(())
}
