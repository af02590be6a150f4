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
    let mut to =
        store::open(&to_at, store::Access::Create).map_err(|e| crate::explained(&to_at, e))?;
    let (from_name, to_name) = (from.location(), to.location());
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
    // Writing the target is what runs out of room or is refused; a damaged page is the
    // source's (the target is new, and checked only once written).
    .map_err(|e| {
        let damaged = e.chain().any(|c| {
            matches!(
                c.downcast_ref::<rusqlite::Error>(),
                Some(rusqlite::Error::SqliteFailure(f, _))
                    if f.code == rusqlite::ErrorCode::DatabaseCorrupt
            )
        });
        crate::explained(if damaged { &from_at } else { &to_at }, e)
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    ctx.ui.note(format!(
        "copied {counts} from {} to {}",
        shown(&from_name),
        shown(&to_name)
    ));
    Ok(code::OK)
}
