//! `botctl completions SHELL`: the completion script, as kept under `completions/`.
//!
//! bash, zsh and fish get a script that asks `botctl` itself while completing
//! (`COMPLETE=SHELL botctl -- WORDS…`, answered in `botctl::main` by clap's completion
//! engine), so they complete contact ids, batch ids and setting keys from the database
//! (see `crate::complete`). elvish and powershell get a fixed script of commands and flags.

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;
use clap_complete::env::{Bash, EnvCompleter, Fish, Zsh};

use crate::cli::{Cli, CompletionsArgs};
use crate::error::code;

/// Writes the completion script for `shell` to `out`.
pub fn generate(shell: Shell, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let dynamic: Option<&dyn EnvCompleter> = match shell {
        Shell::Bash => Some(&Bash),
        Shell::Zsh => Some(&Zsh),
        Shell::Fish => Some(&Fish),
        _ => None,
    };
    match dynamic {
        // The script calls `botctl` from PATH, so it stays valid wherever botctl is installed.
        Some(shell) => shell.write_registration("COMPLETE", "botctl", "botctl", "botctl", out),
        None => {
            clap_complete::generate(shell, &mut Cli::command(), "botctl", out);
            Ok(())
        }
    }
}

pub fn run(a: &CompletionsArgs) -> Result<u8> {
    let mut buf = Vec::new();
    generate(a.shell, &mut buf)?;
    let mut out = std::io::stdout().lock();
    std::io::Write::write_all(&mut out, &buf)?;
    std::io::Write::flush(&mut out)?;
    Ok(code::OK)
}
