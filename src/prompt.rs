//! Asking people: confirmation that fails closed, progress bars, interactive picks.
//! Nothing here prompts unless stdin and stderr are both terminals.

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::output::{Ui, contacts};

/// Bulk changes of at least this many contacts show a progress bar on a terminal.
pub const PROGRESS_FROM: usize = 2000;

/// Confirms a change of `n` contacts. One contact, or `--yes`, needs no question. On a
/// terminal it asks (default no; end of input is no); elsewhere it refuses.
pub fn confirm(ui: &Ui, yes: bool, n: usize, question: &str) -> Result<()> {
    if yes || n <= 1 {
        return Ok(());
    }
    if !ui.can_ask() {
        bail!(
            "refusing to change {} without `--yes` (not a terminal)",
            contacts(n)
        );
    }
    let answer = dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact_opt();
    match answer {
        Ok(Some(true)) => Ok(()),
        _ => bail!("nothing was changed (not confirmed)"),
    }
}

/// A progress bar on stderr for `n` steps, shown only on a terminal for long work.
pub fn progress(ui: &Ui, n: usize, what: &str) -> ProgressBar {
    if ui.quiet || !ui.stderr_tty || n < PROGRESS_FROM {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(n as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{msg} [{bar:40}] {human_pos}/{human_len} ({eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

/// A spinner for one set-based step over `n` contacts, on a terminal only.
pub fn spinner(ui: &Ui, n: usize, what: &str) -> ProgressBar {
    if ui.quiet || !ui.stderr_tty || n < PROGRESS_FROM {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_message(format!(
        "{what} {} contacts",
        crate::output::thousands(n as u64)
    ));
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}
