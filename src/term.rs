//! One colour and glyph policy for everything botctl prints, its help included, decided
//! once at start-up.
//!
//! Colour: `--color always|never` wins; under `auto` (the default), `NO_COLOR` (non-empty)
//! turns it off, else `CLICOLOR_FORCE` (non-empty) turns it on, else `CLICOLOR=0` turns it
//! off, else a stream is coloured when it is a terminal and `TERM` is set and not `dumb`.
//! These are the rules of anstream, which clap's help and errors use, so the help obeys
//! the same choice: the `--color` given on the command line is applied before clap parses.
//!
//! Glyphs: `●`, `→`, `…` and box drawing only where the locale (`LC_ALL`, else `LC_CTYPE`,
//! else `LANG`) is UTF-8 and `TERM` is not `dumb`; ASCII everywhere else.

use std::borrow::Cow;
use std::ffi::OsString;

/// `--color`: when to use colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless the environment says otherwise
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

/// What the terminal policy decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    pub color_stdout: bool,
    pub color_stderr: bool,
    pub unicode: bool,
}

/// The `--color` value on a command line, before clap has parsed it (so that help and
/// usage errors obey it too). The last one counts, as in clap; nothing after `--`.
pub fn color_arg(args: &[OsString]) -> Option<ColorChoice> {
    let mut found = None;
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let Some(a) = a.to_str() else { continue };
        if a == "--" {
            break;
        }
        let value = if a == "--color" {
            it.next().and_then(|v| v.to_str())
        } else {
            a.strip_prefix("--color=")
        };
        found = match value {
            Some("always") => Some(ColorChoice::Always),
            Some("never") => Some(ColorChoice::Never),
            Some("auto") => Some(ColorChoice::Auto),
            _ => found,
        };
    }
    found
}

/// Makes `choice` the process-wide colour choice (read by clap and anstream) and decides
/// the colour of each stream and the glyphs.
pub fn apply(choice: ColorChoice) -> Policy {
    let global = match choice {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    global.write_global();
    let on = |c: anstream::ColorChoice| c != anstream::ColorChoice::Never;
    Policy {
        color_stdout: on(anstream::AutoStream::choice(&std::io::stdout())),
        color_stderr: on(anstream::AutoStream::choice(&std::io::stderr())),
        unicode: unicode(),
    }
}

/// Whether the terminal can show `●`, `→` and box drawing.
pub fn unicode() -> bool {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if var("TERM").as_deref() == Some("dumb") {
        return false;
    }
    let locale = var("LC_ALL")
        .or_else(|| var("LC_CTYPE"))
        .or_else(|| var("LANG"));
    locale.is_some_and(|l| {
        let l = l.to_ascii_lowercase();
        l.contains("utf-8") || l.contains("utf8")
    })
}

/// The glyphs botctl itself writes, with their ASCII stand-ins.
const GLYPHS: [(char, &str); 4] = [('→', "->"), ('●', "*"), ('…', "..."), ('∞', "none")];

/// `s` with botctl's own glyphs made ASCII when `unicode` is false.
pub fn glyphs(s: &str, unicode: bool) -> Cow<'_, str> {
    if unicode || !s.chars().any(|c| GLYPHS.iter().any(|g| g.0 == c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match GLYPHS.iter().find(|g| g.0 == c) {
            Some((_, ascii)) => out.push_str(ascii),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        a.iter().map(OsString::from).collect()
    }

    #[test]
    fn color_arg_is_found_before_parsing() {
        assert_eq!(color_arg(&args(&["botctl", "list"])), None);
        assert_eq!(
            color_arg(&args(&["botctl", "--color", "never", "--help"])),
            Some(ColorChoice::Never)
        );
        assert_eq!(
            color_arg(&args(&["botctl", "list", "--color=always"])),
            Some(ColorChoice::Always)
        );
        assert_eq!(
            color_arg(&args(&["botctl", "--color=never", "--color", "auto"])),
            Some(ColorChoice::Auto)
        );
        assert_eq!(
            color_arg(&args(&["botctl", "set", "--", "--color=never"])),
            None
        );
    }

    #[test]
    fn glyphs_fall_back_to_ascii() {
        assert_eq!(glyphs("a → b …", false), "a -> b ...");
        assert_eq!(glyphs("● 3/∞", false), "* 3/none");
        assert_eq!(glyphs("a → b", true), "a → b");
        assert_eq!(glyphs("José", false), "José");
    }
}
