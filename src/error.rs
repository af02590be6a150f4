//! Errors and exit codes, in one place.

use std::io;

/// A usage error found after clap parsed the arguments: exit code 2, like clap's own.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Usage(pub String);

pub fn usage(msg: impl Into<String>) -> anyhow::Error {
    Usage(msg.into()).into()
}

/// A question left with Esc: nothing was changed, and botctl exits 130 as after Ctrl-C.
#[derive(Debug, thiserror::Error)]
#[error("cancelled; nothing was changed")]
pub struct Cancelled;

/// The exit codes of the spec.
pub mod code {
    pub const OK: u8 = 0;
    pub const FAILED: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const SILENT: u8 = 3;
    /// Interrupted (Ctrl-C) or cancelled (Esc) at a question, as a shell reports SIGINT.
    pub const CANCELLED: u8 = 130;
}

/// Whether the error is a write to a closed pipe (`botctl list | head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        if let Some(e) = e.downcast_ref::<io::Error>() {
            return e.kind() == io::ErrorKind::BrokenPipe;
        }
        if let Some(e) = e.downcast_ref::<serde_json::Error>() {
            return e.io_error_kind() == Some(io::ErrorKind::BrokenPipe);
        }
        if let Some(e) = e.downcast_ref::<csv::Error>() {
            return matches!(e.kind(), csv::ErrorKind::Io(e) if e.kind() == io::ErrorKind::BrokenPipe);
        }
        false
    })
}

/// The exit code for an error.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if is_broken_pipe(err) {
        code::OK
    } else if err.downcast_ref::<Usage>().is_some() {
        code::USAGE
    } else if err.downcast_ref::<Cancelled>().is_some() {
        code::CANCELLED
    } else {
        code::FAILED
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(exit_code(&usage("x")), code::USAGE);
        assert_eq!(exit_code(&Cancelled.into()), code::CANCELLED);
        assert_eq!(exit_code(&anyhow::anyhow!("x")), code::FAILED);
        let pipe =
            anyhow::Error::from(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
        assert_eq!(exit_code(&pipe), code::OK);
    }
}
