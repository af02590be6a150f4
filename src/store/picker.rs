//! The query behind the interactive `set` wizard's contact picker.

use anyhow::Result;

use super::Store;

impl Store {
    /// Up to `limit` contacts as (id, name), ordered by id: the picker filters on both.
    pub fn picker_entries(&self, limit: usize) -> Result<Vec<(String, Option<String>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name FROM contacts ORDER BY id LIMIT ?1")?;
        let rows = stmt
            .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
