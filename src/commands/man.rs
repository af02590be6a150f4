//! `botctl man [COMMAND]`: the manual pages (roff), rendered from the same definitions as
//! `--help`, and kept under `man/`.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::error::{code, usage};

/// Every page: (file name, roff). `botctl.1`, then `botctl-COMMAND.1` for each command
/// and `botctl-contacts-add.1` for nested ones.
pub fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = Vec::new();
    render(&cmd, "botctl", &mut out)?;
    Ok(out)
}

fn render(cmd: &clap::Command, name: &str, out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let page = cmd.clone().name(name.to_string());
    let mut buf = Vec::new();
    clap_mangen::Man::new(page)
        .title(name.to_ascii_uppercase())
        .manual("botctl manual")
        .source(format!("botctl {}", env!("CARGO_PKG_VERSION")))
        .render(&mut buf)?;
    out.push((format!("{name}.1"), buf));
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        render(sub, &format!("{name}-{}", sub.get_name()), out)?;
    }
    Ok(())
}

pub fn run(a: &ManArgs) -> Result<u8> {
    let want = match &a.command {
        None => "botctl.1".to_string(),
        Some(c) => format!("botctl-{}.1", c.trim().replace(' ', "-")),
    };
    let pages = pages()?;
    let Some((_, page)) = pages.iter().find(|(n, _)| *n == want) else {
        let names: Vec<&str> = pages
            .iter()
            .filter_map(|(n, _)| n.strip_prefix("botctl-")?.strip_suffix(".1"))
            .collect();
        return Err(usage(format!(
            "no manual page for `{}`; the commands are {}",
            a.command.as_deref().unwrap_or_default(),
            names.join(", ")
        )));
    };
    let mut out = std::io::stdout().lock();
    out.write_all(page)?;
    out.flush()?;
    Ok(code::OK)
}
