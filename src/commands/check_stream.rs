//! `botctl check --stdin`: ids in, one NDJSON answer per id out, streaming. Each answer
//! is the object of `check --format json`; an id that cannot be answered gets
//! `{"id", "line", "error"}`. Answers are flushed whenever the input read so far is
//! used up, so a reader waiting on a pipe gets each answer without delay.

use std::io::{BufReader, Write};

use anyhow::{Result, anyhow};

use super::check::{CheckJson, why};
use crate::Ctx;
use crate::core::check;
use crate::error::code;
use crate::lines::{self, Line};
use crate::{ids, output, time};

/// The answer for a line that has no answer.
#[derive(serde::Serialize)]
struct Failure<'a> {
    id: Option<&'a str>,
    line: u64,
    error: String,
}

pub fn run(ctx: &Ctx) -> Result<u8> {
    let store = ctx.open()?;
    let mut input = BufReader::with_capacity(64 * 1024, std::io::stdin().lock());
    let mut out = output::stdout();
    let mut line_no = 0u64;
    let mut failed: Vec<u64> = Vec::new();
    let mut fresh = true;
    let (mut now, mut mode) = (ctx.now, store.mode()?);
    while let Some(line) = lines::read(&mut input, ids::MAX_ID_BYTES * 4)? {
        line_no += 1;
        if fresh {
            // New input after a pause: the clock and the mode as they are now.
            now = time::now()?;
            mode = store.mode()?;
            fresh = false;
        }
        let answer = match &line {
            Line::TooLong(n) => Err((
                None,
                format!(
                    "the line has {n} bytes; a contact id is at most {} bytes",
                    ids::MAX_ID_BYTES
                ),
            )),
            Line::Text(bytes) => match lines::text(bytes, line_no == 1) {
                Err(e) => Err((None, e)),
                Ok(text) => {
                    let id = text.trim();
                    if id.is_empty() || id.starts_with('#') {
                        Ok(None)
                    } else if let Err(e) = ids::validate(id) {
                        Err((None, e))
                    } else {
                        match store.contact(id)? {
                            None => {
                                Err((Some(id), format!("unknown contact `{}`", output::shown(id))))
                            }
                            Some(c) => Ok(Some(c.effective(now))),
                        }
                    }
                }
            },
        };
        match answer {
            Ok(None) => {}
            Ok(Some(c)) => {
                let answer = check(mode, &c.state);
                let reason = why(&c, mode, answer);
                serde_json::to_writer(
                    &mut out,
                    &CheckJson {
                        id: &c.id,
                        answer: answer.as_str(),
                        reason: &reason,
                        status: c.state.status.as_str(),
                        mode: mode.as_str(),
                        wake_at: c.state.wake_at.map(time::rfc3339),
                    },
                )?;
                out.write_all(b"\n")?;
            }
            Err((id, error)) => {
                failed.push(line_no);
                serde_json::to_writer(
                    &mut out,
                    &Failure {
                        id,
                        line: line_no,
                        error,
                    },
                )?;
                out.write_all(b"\n")?;
            }
        }
        if input.buffer().is_empty() {
            // All the input read so far is answered: let a waiting reader have it.
            out.flush()?;
            fresh = true;
        }
    }
    out.flush()?;
    if !failed.is_empty() {
        let shown: Vec<String> = failed
            .iter()
            .take(crate::engine::SHOWN)
            .map(u64::to_string)
            .collect();
        let more = failed.len() - shown.len();
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        return Err(anyhow!(
            "{} line{} had no answer (line{} {}{more}), each answered with an `error` object on stdout",
            failed.len(),
            if failed.len() == 1 { "" } else { "s" },
            if failed.len() == 1 { "" } else { "s" },
            shown.join(", ")
        ));
    }
    Ok(code::OK)
}
