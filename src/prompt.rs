//! Asking people: confirmation that fails closed, progress bars, interactive picks.
//! Nothing here prompts unless stdin and stderr are both terminals.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once};

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
    let answer = ask(|| {
        dialoguer::Confirm::new()
            .with_prompt(question)
            .default(false)
            .interact_opt()
    });
    match answer {
        Ok(Some(true)) => Ok(()),
        Ok(None) => Err(crate::error::Cancelled.into()),
        _ => bail!("nothing was changed (not confirmed)"),
    }
}

/// Asks for a line of text on the terminal, again until `check` accepts it (its message is
/// shown, and the question asked afresh). Enter on an empty line takes `default`. Esc
/// cancels (`Ok(None)`), as at every other question; Ctrl-C ends botctl as at every
/// prompt. Backspace and Ctrl-U edit; characters that would act on the terminal (controls,
/// bidirectional controls) are not taken.
pub fn text(
    question: &str,
    default: Option<&str>,
    check: impl Fn(&str) -> Result<(), String>,
) -> Result<Option<String>> {
    use console::Key;
    ask(|| {
        let term = console::Term::stderr();
        if !term.is_term() {
            return Err(std::io::Error::other("not a terminal").into());
        }
        loop {
            match default {
                Some(d) => term.write_str(&format!("{question} [{d}]: "))?,
                None => term.write_str(&format!("{question}: "))?,
            }
            let mut line: Vec<char> = Vec::new();
            loop {
                match term.read_key()? {
                    Key::Enter => break,
                    Key::Escape => {
                        term.write_line("")?;
                        return Ok(None);
                    }
                    Key::CtrlC => {
                        return Err(std::io::Error::from(std::io::ErrorKind::Interrupted).into());
                    }
                    Key::Backspace => {
                        if let Some(c) = line.pop() {
                            term.clear_chars(console::measure_text_width(&c.to_string()))?;
                        }
                    }
                    Key::Char('\u{15}') => {
                        let typed: String = line.drain(..).collect();
                        term.clear_chars(console::measure_text_width(&typed))?;
                    }
                    Key::Char(c) if !crate::escape::needs_escape(c) => {
                        line.push(c);
                        term.write_str(&c.to_string())?;
                    }
                    _ => {}
                }
                term.flush()?;
            }
            term.write_line("")?;
            let typed: String = line.into_iter().collect();
            let answer = match default {
                Some(d) if typed.trim().is_empty() => d.to_string(),
                _ => typed,
            };
            match check(&answer) {
                Ok(()) => return Ok(Some(answer)),
                Err(e) => term.write_line(&format!("error: {}", crate::escape::message(&e)))?,
            }
        }
    })
}

/// Whether a prompt is open: Ctrl-C then means "cancel", and nothing has been written.
static PROMPTING: AtomicBool = AtomicBool::new(false);

/// Runs one dialoguer prompt. dialoguer hides the cursor while it draws and reads keys in
/// raw mode, where console turns Ctrl-C into SIGINT; without a handler botctl would die
/// with the cursor hidden. So the first prompt installs one that shows the cursor again
/// and exits 130, and an interrupted prompt ends the same way here.
pub fn ask<T>(prompt: impl FnOnce() -> dialoguer::Result<T>) -> Result<T> {
    static HANDLER: Once = Once::new();
    HANDLER.call_once(|| {
        let _ = ctrlc::set_handler(|| interrupted(PROMPTING.load(Ordering::SeqCst)));
    });
    PROMPTING.store(true, Ordering::SeqCst);
    let answer = prompt();
    match answer {
        // Interrupted: the prompt stays "open" for the signal handler, which may run
        // first and must still say that nothing was changed.
        Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted => {
            interrupted(true)
        }
        Ok(v) => {
            PROMPTING.store(false, Ordering::SeqCst);
            Ok(v)
        }
        Err(e) => {
            PROMPTING.store(false, Ordering::SeqCst);
            let _ = console::Term::stderr().show_cursor();
            Err(e.into())
        }
    }
}

/// Ends botctl after Ctrl-C with the cursor shown: exit 130, as a shell reports SIGINT.
/// At a prompt nothing has been written yet, and it says so. Called from the signal
/// handler's thread and from the prompt's: the first caller exits, the other waits.
fn interrupted(at_prompt: bool) -> ! {
    static EXITING: Mutex<()> = Mutex::new(());
    let _held = EXITING.lock();
    let _ = console::Term::stderr().show_cursor();
    if at_prompt {
        let _ = writeln!(
            std::io::stderr(),
            "\nerror: interrupted; nothing was changed"
        );
    }
    std::process::exit(crate::error::code::CANCELLED.into())
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
