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
    let mut from = store::open(&from_at, store::Access::Read)?;
    let mut to = store::open(&to_at, store::Access::Create)?;
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
