//! `contacts import --errors FILE`: every bad row as CSV (`line,column,value,problem`),
//! written as the rows are read, in constant memory.
//!
//! The file is written afresh on every run, like a shell's `>` (so it always describes the
//! last import: just its header row when there were no bad rows), but never through a
//! symbolic link, never over something that is not a regular file, and never over the
//! file being imported or the database (nor its journal files).

use std::fs::{File, OpenOptions};
use std::io::BufWriter;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

use anyhow::{Result, anyhow, bail};

use crate::dbfile;
use crate::engine::import::RowError;
use crate::output::shown;

/// How much of a value the file keeps (a longer one is an error of its own).
const VALUE_KEPT: usize = 1100;

pub struct ErrorsFile {
    out: csv::Writer<BufWriter<File>>,
    shown: String,
}

impl ErrorsFile {
    /// Creates (or empties) `path` and writes the header row. `input` is the file being
    /// imported (`None` for stdin), `db` the SQLite database (`None` for PostgreSQL).
    pub fn create(path: &Path, input: Option<&Path>, db: Option<&Path>) -> Result<ErrorsFile> {
        let shown_path = shown(&path.display().to_string());
        if let Some(db) = db
            && dbfile::is_database_file(db, path)
        {
            bail!(
                "`--errors {shown_path}` is the database or one of its journal files; name another file for the error report"
            );
        }
        if let Ok(meta) = std::fs::symlink_metadata(path) {
            if meta.file_type().is_symlink() {
                bail!(
                    "`--errors {shown_path}` is a symbolic link; botctl does not write through one: name the file itself"
                );
            }
            if !meta.is_file() {
                bail!("`--errors {shown_path}` exists and is not a regular file; name a file");
            }
            if let Some(input) = input
                && let Ok(inp) = std::fs::metadata(input)
                && inp.dev() == meta.dev()
                && inp.ino() == meta.ino()
            {
                bail!(
                    "`--errors {shown_path}` is the file being imported; name another file for the error report"
                );
            }
        }
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .custom_flags(nix::libc::O_NOFOLLOW)
            .open(path)
            .map_err(|e| anyhow!("cannot write the error report `{shown_path}`: {e}"))?;
        let mut out = csv::Writer::from_writer(BufWriter::new(file));
        // Written through now: a disk too full for the report fails the import before it
        // changes anything, not after.
        out.write_record(["line", "column", "value", "problem"])
            .and_then(|()| out.flush().map_err(csv::Error::from))
            .map_err(|e| anyhow!("cannot write the error report `{shown_path}`: {e}"))?;
        Ok(ErrorsFile {
            out,
            shown: shown_path,
        })
    }

    /// Writes one bad row.
    pub fn write(&mut self, e: &RowError) -> Result<()> {
        let value = if e.value.len() > VALUE_KEPT {
            let mut end = VALUE_KEPT;
            while !e.value.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}…({} bytes)", &e.value[..end], e.value.len())
        } else {
            e.value.clone()
        };
        self.out
            .write_record([e.line.to_string().as_str(), &e.column, &value, &e.problem])
            .map_err(|err| anyhow!("cannot write the error report `{}`: {err}", self.shown))
    }

    /// Flushes the file to the disk.
    pub fn finish(self) -> Result<()> {
        let shown_path = self.shown.clone();
        let fail = |e: &dyn std::fmt::Display| {
            anyhow!("cannot write the error report `{shown_path}`: {e}")
        };
        let buf = self.out.into_inner().map_err(|e| fail(&e.error()))?;
        let file = buf.into_inner().map_err(|e| fail(&e.error()))?;
        file.sync_all().map_err(|e| fail(&e))?;
        Ok(())
    }

    /// The file's name, escaped, for messages.
    pub fn shown(&self) -> &str {
        &self.shown
    }
}
