//! `botctl backup FILE`: a consistent copy of the whole database, taken with SQLite's
//! online backup while other commands keep reading and writing. The copy is written to a
//! temporary file (0600) in the target's folder and renamed into place, so a reader of
//! FILE never sees half a copy, and a backup from cron never leaves one behind.

use std::fs::{File, OpenOptions, Permissions};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;

use crate::Ctx;
use crate::dbfile;
use crate::error::code;
use crate::escape;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (a new file; see `--force`)
    pub file: PathBuf,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Ctx, a: &BackupArgs) -> Result<u8> {
    let target = &a.file;
    let shown = escape::path(target);
    let opened = ctx.open_existing()?;
    let Some(store) = opened.as_sqlite() else {
        bail!(
            "`botctl backup` copies an SQLite file; for PostgreSQL use `pg_dump`, or `botctl copy` into a file"
        );
    };
    let db = store.path().to_path_buf();
    if dbfile::is_database_file(&db, target) {
        bail!(
            "`{shown}` is the database itself or one of its journal files; give `botctl backup` another path"
        );
    }
    match std::fs::symlink_metadata(target) {
        Ok(m) if m.is_dir() => {
            bail!(
                "`{shown}` is a folder; give `botctl backup` the path of the copy, e.g. `{shown}/botctl-backup.db`"
            )
        }
        Ok(m) if !m.is_file() => {
            let kind = dbfile::kind_of(&m);
            bail!(
                "`{shown}` is a {kind}, not a regular file; nothing was written: give `botctl backup` the path of a file (`--force` replaces only a regular file)"
            )
        }
        Ok(_) => {
            if !a.force {
                bail!(
                    "`{shown}` already exists; nothing was written (pass `--force` to replace it)"
                );
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot look at `{shown}`")),
    }
    let folder = dbfile::folder_of(target);
    if !folder.is_dir() {
        bail!(
            "the folder `{}` does not exist; create it first (`mkdir -p '{}'`)",
            escape::path(&folder),
            escape::path(&folder)
        );
    }
    // Copies of earlier runs that were stopped halfway go first.
    dbfile::remove_stale_temps(target);
    let tmp = dbfile::temp_beside(target);
    let mut guard = dbfile::Temp(None);
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(nix::libc::O_NOFOLLOW)
        .open(&tmp)
        .and_then(|f| f.set_permissions(Permissions::from_mode(0o600)))
        .map_err(|e| explained(e.into(), &tmp))?;
    guard.0 = Some(tmp.clone());
    store.backup_to(&tmp).map_err(|e| explained(e, &tmp))?;
    File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| explained(e.into(), &tmp))?;
    // What a database that stood at FILE left beside it must not be read as the copy's.
    dbfile::remove_side_files(target)
        .map_err(|e| explained(e.into(), target))
        .with_context(|| format!("cannot put the copy in place at `{shown}`"))?;
    std::fs::rename(&tmp, target)
        .map_err(|e| explained(e.into(), target))
        .with_context(|| format!("cannot put the copy in place at `{shown}`"))?;
    guard.0 = None;
    if let Ok(dir) = File::open(&folder) {
        let _ = dir.sync_all();
    }
    let size = std::fs::metadata(target).map(|m| m.len()).unwrap_or(0);
    ctx.ui.note(format!(
        "backed up `{}` to `{shown}` ({size} bytes); check it with `botctl --db '{shown}' doctor`",
        escape::path(&db)
    ));
    Ok(code::OK)
}

/// A failure writing the copy, in words (a full disk, a read-only folder) where possible.
fn explained(e: anyhow::Error, at: &Path) -> anyhow::Error {
    let words = e
        .downcast_ref::<std::io::Error>()
        .and_then(|io| dbfile::classify_io(io, at))
        .or_else(|| dbfile::explain(&e, at));
    match words {
        Some(fe) => anyhow::Error::from(fe).context("the backup was not made"),
        None => e.context("the backup was not made"),
    }
}
