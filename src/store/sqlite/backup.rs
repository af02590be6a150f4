//! `botctl backup`: SQLite's online backup, a consistent copy taken while other commands
//! keep reading and writing (WAL readers do not block writers).

use std::path::Path;

use anyhow::{Context, Result};
use rusqlite::Connection;
use rusqlite::backup::Backup;

use super::SqliteStore;

impl SqliteStore {
    /// Copies the whole database, as of one instant, into the (new, empty) file `dest`.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let mut out = Connection::open(dest).context("cannot open the copy")?;
        {
            let backup = Backup::new(&self.conn, &mut out).context("cannot start the copy")?;
            // All pages in one step: one read snapshot, so the copy is consistent.
            loop {
                match backup.step(-1).context("cannot copy the database")? {
                    rusqlite::backup::StepResult::Done => break,
                    rusqlite::backup::StepResult::More => {}
                    _ => std::thread::sleep(std::time::Duration::from_millis(50)),
                }
            }
        }
        let check: String = out.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            anyhow::bail!("the copy failed its integrity check: {check}");
        }
        // A copy that stands alone: no write-ahead log beside it.
        out.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
        out.close()
            .map_err(|(_, e)| e)
            .context("cannot close the copy")?;
        Ok(())
    }
}
