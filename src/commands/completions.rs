//! `botctl completions SHELL`: the completion script, as kept under `completions/`.

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::code;

/// Writes the completion script for `shell` to `out`.
pub fn generate(shell: clap_complete::Shell, out: &mut impl std::io::Write) {
    clap_complete::generate(shell, &mut Cli::command(), "botctl", out);
}

pub fn run(a: &CompletionsArgs) -> Result<u8> {
    let mut buf = Vec::new();
    generate(a.shell, &mut buf);
    let mut out = std::io::stdout().lock();
    std::io::Write::write_all(&mut out, &buf)?;
    std::io::Write::flush(&mut out)?;
    Ok(code::OK)
}
