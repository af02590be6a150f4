//! `botctl copy FROM TO`: move a whole workspace between two databases of either kind.

use anyhow::Result;

use crate::Ctx;
use crate::cli::CopyArgs;
use crate::engine;
use crate::error::code;
use crate::output::shown;
use crate::store::{self, Location};

pub fn run(ctx: &Ctx, a: &CopyArgs) -> Result<u8> {
    let from_at = Location::parse(Some(&a.from))?;
    let to_at = Location::parse(Some(&a.to))?;
    // Failures in words, each of the database it happened to.
    let mut from =
        store::open(&from_at, store::Access::Read).map_err(|e| crate::explained(&from_at, e))?;
    // A new file is written beside its place under a temporary name and put in place when
    // whole, so that a copy stopped halfway (Ctrl-C, a kill) leaves no database there; the
    // next copy to that place removes what it left.
    // (A folder that does not exist or cannot be written is left to the checks of the
    // target itself, which name it.)
    let new_file = |p: &std::path::Path| {
        let folder = crate::dbfile::folder_of(p);
        std::fs::symlink_metadata(p).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
            && folder.is_dir()
            && nix::unistd::access(&folder, nix::unistd::AccessFlags::W_OK).is_ok()
    };
    let mut temp = crate::dbfile::Temp(None);
    let write_at = match &to_at {
        Location::File(p) if new_file(p) => {
            crate::dbfile::remove_stale_temps(p);
            let tmp = crate::dbfile::temp_beside(p);
            temp.0 = Some(tmp.clone());
            Location::File(tmp)
        }
        other => other.clone(),
    };
    // The target's failures, in words that name it (not its temporary name).
    let to_words = |e: anyhow::Error| -> anyhow::Error {
        match (&to_at, &write_at) {
            (Location::File(target), Location::File(written)) => {
                match crate::dbfile::explain_as(&e, written, target) {
                    Some(words) => words.into(),
                    None => e,
                }
            }
            _ => crate::explained(&to_at, e),
        }
    };
    let mut to = store::open(&write_at, store::Access::Create).map_err(to_words)?;
    let from_name = from.location();
    let to_name = match &to_at {
        Location::File(p) => p.display().to_string(),
        Location::Postgres(_) => to.location(),
    };
    if ctx.ui.verbose {
        ctx.ui.info(format!(
            "copying {} to {}",
            shown(&from_name),
            shown(&to_name)
        ));
    }
    let mut bar: Option<indicatif::ProgressBar> = None;
    let counts = engine::copy::copy(from.as_mut(), to.as_mut(), &mut |total, done| {
        if let Some(total) = total {
            bar = Some(crate::prompt::progress(
                &ctx.ui,
                usize::try_from(total).unwrap_or(usize::MAX),
                "copying",
            ));
        }
        if let Some(b) = &bar {
            b.set_position(done);
        }
    })
    // A failure writing the target is told in words of the target's file; any other,
    // of the source's.
    .map_err(|e| {
        if e.downcast_ref::<engine::copy::OnTarget>().is_some() {
            to_words(e)
        } else {
            crate::explained(&from_at, e)
        }
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let (Location::File(target), Some(tmp)) = (&to_at, temp.0.clone()) {
        // Everything into the file itself (its log folded in and emptied), then closed,
        // then put in place without replacing a file that appeared there meanwhile.
        if let Some(sqlite) = to.as_sqlite() {
            sqlite.settle().map_err(&to_words)?;
        }
        drop(to);
        crate::dbfile::remove_side_files(&tmp).map_err(|e| to_words(e.into()))?;
        put_in_place(&tmp, target).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => anyhow::anyhow!(
                "`{}` appeared while the copy was written; nothing was copied there \
                 (`copy` only fills an empty database)",
                crate::escape::path(target)
            ),
            _ => to_words(e.into()),
        })?;
        temp.0 = None;
        if let Ok(dir) = std::fs::File::open(crate::dbfile::folder_of(target)) {
            let _ = dir.sync_all();
        }
    }
    ctx.ui.note(format!(
        "copied {counts} from {} to {}",
        shown(&from_name),
        shown(&to_name)
    ));
    Ok(code::OK)
}

/// Puts the finished copy `tmp` in place at `target`, which must not exist: a hard link
/// (which fails if it does), or where the file system has none (FAT, some network
/// mounts), a rename after checking. Side files left at `target` by a database that
/// stood there before are removed first (SQLite would read them as the copy's own), but
/// only while `target` itself is absent.
fn put_in_place(tmp: &std::path::Path, target: &std::path::Path) -> std::io::Result<()> {
    let absent = || {
        std::fs::symlink_metadata(target).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
    };
    let exists = || std::io::Error::from(std::io::ErrorKind::AlreadyExists);
    if !absent() {
        return Err(exists());
    }
    crate::dbfile::remove_side_files(target)?;
    match std::fs::hard_link(tmp, target) {
        Ok(()) => std::fs::remove_file(tmp),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if absent() => std::fs::rename(tmp, target),
        Err(_) => Err(exists()),
    }
}
