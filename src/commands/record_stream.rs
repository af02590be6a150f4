//! `botctl record --stdin`: a stream of NDJSON events, committed in groups, each
//! answered with one NDJSON line once its group is committed.
//!
//! A thread reads stdin (lines of at most [`MAX_LINE_BYTES`]) into a channel; the main
//! thread gathers a group (at most [`GROUP_EVENTS`] lines, or what arrived within
//! [`GROUP_DELAY`] of the group's first line), applies it in one write transaction with a
//! savepoint per event (a failing event is undone alone), commits, and only then writes
//! the group's answers. Between groups the write lock is free for other commands.

use std::collections::VecDeque;
use std::io::{BufReader, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError, sync_channel};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use serde::{Deserialize, Serialize};

use crate::Ctx;
use crate::cli::RecordArgs;
use crate::core::{Counters, Event, Mode, Ts, validate_channel};
use crate::engine::Author;
use crate::engine::record::{EventIn, Given, Recorded, kept_since, record_with, validate_event_id};
use crate::error::code;
use crate::lines::{self, Line};
use crate::store::Store;
use crate::{ids, output, time};

/// The most events committed together.
pub const GROUP_EVENTS: usize = 256;
/// The longest an event waits for others before its group is committed.
pub const GROUP_DELAY: Duration = Duration::from_millis(20);
/// The longest event line; longer ones are reported and skipped, never read whole.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// What an event line must be, for error messages.
const LINE_IS: &str = "a JSON object with the keys `event` and `contact`, and optionally \
     `channel`, `id` and `at`";

/// One event line as sent.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a JSON object with the keys `event` and `contact`, and optionally `channel`, `id` and `at`"
)]
struct Wire {
    event: String,
    contact: String,
    #[serde(default)]
    channel: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    at: Option<String>,
}

/// An event line, checked.
struct Parsed {
    event: Event,
    contact: String,
    channel: String,
    id: Option<String>,
    at: Option<Ts>,
}

/// What became of one line of input.
enum Item {
    Event(Box<Parsed>),
    /// A bad line: the error, and the contact and event id when they could be read.
    Bad {
        error: String,
        contact: Option<String>,
        id: Option<String>,
    },
    /// A blank line: no answer.
    Blank,
}

/// The answer for an event, keys in this order (documented in the README).
#[derive(Serialize)]
struct Answer<'a> {
    line: u64,
    event_id: Option<&'a str>,
    event: &'static str,
    id: &'a str,
    at: String,
    status: Option<&'static str>,
    reason: Option<&'static str>,
    wake_at: Option<String>,
    bot_messages: Option<u32>,
    bot_messages_by_channel: Option<&'a Counters>,
    batch: Option<i64>,
    duplicate: bool,
    off: bool,
}

/// The answer for a line that failed.
#[derive(Serialize)]
struct Failure<'a> {
    line: u64,
    event_id: Option<&'a str>,
    id: Option<&'a str>,
    error: &'a str,
}

/// Totals for the closing note.
#[derive(Default)]
struct Totals {
    events: u64,
    duplicates: u64,
    failed: u64,
    commits: u64,
    off: u64,
    failed_lines: Vec<u64>,
}

pub fn run(ctx: &Ctx, a: &RecordArgs) -> Result<u8> {
    validate_channel(&a.channel).map_err(crate::error::usage)?;
    let by = ctx.author(a.note.note.as_deref())?;
    let mut store = ctx.open_or_create()?;
    store.durable_commits()?;
    let rx = spawn_reader();
    let mut out = output::stdout();
    let mut totals = Totals::default();
    let mut line_no = 0u64;
    let mut pending = VecDeque::new();
    let mut said_off = false;
    while let Some(group) = gather(&rx, &mut pending, &mut line_no) {
        let (now, now_nanos) = time::now_precise()?;
        let items: Vec<(u64, Item)> = group
            .into_iter()
            .map(|(no, input)| (no, parse(input, no == 1, &a.channel, (now, now_nanos))))
            .collect();
        let mut answers: Vec<String> = Vec::with_capacity(items.len());
        let any_event = items.iter().any(|(_, i)| matches!(i, Item::Event(_)));
        let mut results: Vec<Option<Outcome>> = Vec::new();
        if any_event {
            // Optimistic: the whole group in one go. Should an event fail, the group is
            // rolled back and applied again with a savepoint around each event, so that
            // the failure undoes that event alone (and costs nothing when none fails).
            let mut mode = None;
            for careful in [false, true] {
                let applied = apply(store.as_mut(), &items, a.create_missing, now, &by, careful)?;
                if let Some((m, r)) = applied {
                    mode = Some(m);
                    results = r;
                    break;
                }
            }
            totals.commits += 1;
            if mode == Some(Mode::Off) && !said_off {
                said_off = true;
                ctx.ui.note(
                    "the bot mode is off: `record --stdin` records nothing and changes no contact \
                     (each answer says `\"off\": true`)",
                );
            }
        }
        // Committed: now the answers may be given.
        let mut results = results.into_iter();
        for (no, item) in &items {
            let result = if any_event {
                results.next().flatten()
            } else {
                None
            };
            match item {
                Item::Blank => {}
                Item::Bad { error, contact, id } => {
                    totals.failed += 1;
                    totals.failed_lines.push(*no);
                    answers.push(serde_json::to_string(&Failure {
                        line: *no,
                        event_id: id.as_deref(),
                        id: contact.as_deref(),
                        error,
                    })?);
                }
                Item::Event(ev) => match result {
                    Some(Ok(done)) => {
                        totals.events += 1;
                        totals.duplicates += u64::from(done.duplicate);
                        totals.off += u64::from(done.off);
                        let c = done.contact.map(|c| c.effective(now));
                        let st = c.as_ref().map(|c| &c.state);
                        answers.push(serde_json::to_string(&Answer {
                            line: *no,
                            event_id: ev.id.as_deref(),
                            event: ev.event.as_str(),
                            id: &ev.contact,
                            at: time::rfc3339(ev.at.unwrap_or(now)),
                            status: st.map(|s| s.status.as_str()),
                            reason: st.map(|s| s.reason.as_str()),
                            wake_at: st.and_then(|s| s.wake_at).map(time::rfc3339),
                            bot_messages: st.map(|s| s.bot_messages),
                            bot_messages_by_channel: c.as_ref().map(|c| &c.counters),
                            batch: done.batch,
                            duplicate: done.duplicate,
                            off: done.off,
                        })?);
                    }
                    Some(Err(error)) => {
                        totals.failed += 1;
                        totals.failed_lines.push(*no);
                        answers.push(serde_json::to_string(&Failure {
                            line: *no,
                            event_id: ev.id.as_deref(),
                            id: Some(&ev.contact),
                            error: &error,
                        })?);
                    }
                    None => {}
                },
            }
        }
        let written = answers
            .iter()
            .try_for_each(|a| {
                out.write_all(a.as_bytes())?;
                out.write_all(b"\n")
            })
            .and_then(|()| out.flush());
        if let Err(e) = written {
            return Err(answers_lost(e, &totals, line_no));
        }
    }
    if let Err(e) = out.flush() {
        return Err(answers_lost(e, &totals, line_no));
    }
    let counted = totals.events - totals.duplicates - totals.off;
    let mut summary = format!(
        "recorded {} event{} in {} commit{}",
        counted,
        plural(counted),
        totals.commits,
        plural(totals.commits)
    );
    if totals.duplicates > 0 {
        summary.push_str(&format!(
            "; {} duplicate{} changed nothing",
            totals.duplicates,
            plural(totals.duplicates)
        ));
    }
    if totals.off > 0 {
        summary.push_str(&format!(
            "; {} not recorded (the bot mode is off)",
            totals.off
        ));
    }
    if totals.failed > 0 {
        let shown: Vec<String> = totals
            .failed_lines
            .iter()
            .take(crate::engine::SHOWN)
            .map(u64::to_string)
            .collect();
        let more = totals.failed - shown.len() as u64;
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        return Err(anyhow!(
            "{} line{} failed (line{} {}{more}), each answered with an `error` object on stdout; \
             the other events were recorded ({summary})",
            totals.failed,
            plural(totals.failed),
            plural(totals.failed),
            shown.join(", ")
        ));
    }
    ctx.ui.note(summary);
    Ok(code::OK)
}

/// The error for answers that could not be written (stdout full or gone): what was
/// recorded stays recorded, and replaying the input gets each answer again.
fn answers_lost(e: std::io::Error, totals: &Totals, line_no: u64) -> anyhow::Error {
    let counted = totals.events - totals.duplicates - totals.off;
    anyhow::Error::new(e).context(format!(
        "writing the answers failed; {counted} event{} {} recorded (every event up to \
         line {line_no} is committed) and nothing after it was recorded; replay the input \
         with its ids: events already recorded answer `\"duplicate\": true`",
        plural(counted),
        if counted == 1 { "was" } else { "were" }
    ))
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// What became of one event: what it did, or why it failed.
type Outcome = Result<Recorded, String>;

/// Applies a group's events in one write transaction and commits it. With `careful`,
/// each event is wrapped in a savepoint and a failure undoes that event alone; without,
/// the first failure rolls the whole group back and returns `None` (call again with
/// `careful`). Returns the bot mode and, per item, the outcome of its event.
fn apply(
    store: &mut dyn Store,
    items: &[(u64, Item)],
    create_missing: bool,
    now: Ts,
    by: &Author,
    careful: bool,
) -> Result<Option<(Mode, Vec<Option<Outcome>>)>> {
    let mut tx = store.write()?;
    let given = Given {
        mode: tx.mode()?,
        settings: tx.settings()?,
        create_missing,
        recorded_at: now,
        in_order: true,
        prune: false,
    };
    // Only an event with its own `at` must come in order; one without happens now, as
    // `record` alone has it, even when this host's clock is behind the contact's last
    // change (another host's clock, or before an NTP step back).
    let now_given = Given {
        in_order: false,
        ..given.clone()
    };
    if given.mode != Mode::Off {
        tx.prune_events(kept_since(now))?;
    }
    let events = items.iter().filter_map(|(_, i)| match i {
        Item::Event(ev) => Some(ev),
        _ => None,
    });
    let ids: Vec<&str> = events.clone().map(|ev| ev.contact.as_str()).collect();
    let event_ids: Vec<&str> = events.filter_map(|ev| ev.id.as_deref()).collect();
    tx.prefetch(&ids, &event_ids)?;
    let mut results = Vec::with_capacity(items.len());
    for (_, item) in items {
        let Item::Event(ev) = item else {
            results.push(None);
            continue;
        };
        let author = Author {
            who: by.who,
            now: ev.at.unwrap_or(now),
            note: by.note,
        };
        let input = EventIn {
            event: ev.event,
            contact: &ev.contact,
            channel: &ev.channel,
            id: ev.id.as_deref(),
        };
        let command = format!("record {}", ev.event);
        if careful {
            tx.savepoint("event")?;
        }
        let given = if ev.at.is_some() { &given } else { &now_given };
        match record_with(tx.as_mut(), &input, given, &command, &author) {
            Ok(done) => {
                if careful {
                    tx.release("event")?;
                }
                results.push(Some(Ok(done)));
            }
            Err(_) if !careful => return Ok(None),
            Err(e) => {
                // A failure that took the whole transaction with it (a full disk) is the
                // group's, not the event's: its own error is the one to report.
                if tx.rollback_to("event").is_err() {
                    return Err(e);
                }
                results.push(Some(Err(format!("{e:#}"))));
            }
        }
    }
    tx.commit()
        .context("the group of events was not recorded (none of it was acknowledged)")?;
    Ok(Some((given.mode, results)))
}

/// Lines from the reading thread, as many as were read without waiting.
type Input = std::io::Result<Line>;

/// Reads stdin on its own thread, so that a group's delay bound holds even while the
/// input pauses. Lines are sent in chunks of what could be read without waiting (a line
/// at a time when they trickle in). The channel is bounded: a slow database slows the
/// reading down.
fn spawn_reader() -> Receiver<Vec<Input>> {
    let (tx, rx) = sync_channel::<Vec<Input>>(16);
    std::thread::spawn(move || {
        let mut input = BufReader::with_capacity(64 * 1024, std::io::stdin().lock());
        let mut chunk = Vec::new();
        loop {
            let (line, end) = match lines::read(&mut input, MAX_LINE_BYTES) {
                Ok(Some(line)) => (Some(Ok(line)), false),
                Ok(None) => (None, true),
                Err(e) => (Some(Err(e)), true),
            };
            chunk.extend(line);
            let waits = input.buffer().is_empty();
            if (end || waits || chunk.len() >= GROUP_EVENTS)
                && !chunk.is_empty()
                && tx.send(std::mem::take(&mut chunk)).is_err()
            {
                return;
            }
            if end {
                return;
            }
        }
    });
    rx
}

/// The next group of lines: waits for a first line, then takes what arrives within
/// [`GROUP_DELAY`] of it, up to [`GROUP_EVENTS`] (a chunk that would go over is split,
/// its rest kept in `pending` for the next group). `None` at the end of input.
fn gather(
    rx: &Receiver<Vec<Input>>,
    pending: &mut VecDeque<Input>,
    line_no: &mut u64,
) -> Option<Vec<(u64, Input)>> {
    if pending.is_empty() {
        pending.extend(rx.recv().ok()?);
    }
    let deadline = Instant::now() + GROUP_DELAY;
    let mut group = Vec::with_capacity(GROUP_EVENTS);
    loop {
        while group.len() < GROUP_EVENTS {
            let Some(x) = pending.pop_front() else { break };
            *line_no += 1;
            group.push((*line_no, x));
        }
        if group.len() >= GROUP_EVENTS {
            break;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let next = match rx.try_recv() {
            Ok(x) => Ok(x),
            Err(_) if left.is_zero() => break,
            Err(_) => rx.recv_timeout(left),
        };
        match next {
            Ok(chunk) => pending.extend(chunk),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
        }
    }
    Some(group)
}

/// Checks one line: everything but what needs the database.
fn parse(input: Input, first: bool, default_channel: &str, (now, now_nanos): (Ts, u32)) -> Item {
    let bad = |error: String| Item::Bad {
        error,
        contact: None,
        id: None,
    };
    let bytes = match input {
        Err(e) => return bad(format!("cannot read stdin: {e}")),
        Ok(Line::TooLong(n)) => {
            return bad(format!(
                "the line has {n} bytes; an event line is at most {MAX_LINE_BYTES} bytes"
            ));
        }
        Ok(Line::Text(b)) => b,
    };
    let text = match lines::text(&bytes, first) {
        Ok(t) => t,
        Err(e) => return bad(e),
    };
    if text.trim().is_empty() {
        return Item::Blank;
    }
    // Only an object: serde would also take an array of the values in order.
    if !text.trim_start().starts_with('{') {
        return bad(format!(
            "not an event: a line must be {LINE_IS}, such as \
             {{\"event\": \"bot-message\", \"contact\": \"c-1\", \"channel\": \"sms\", \"id\": \"evt-7f3a\"}}"
        ));
    }
    let wire: Wire = match serde_json::from_str(text) {
        Ok(w) => w,
        Err(e) => {
            return bad(format!(
                "not an event ({e}); write one JSON object a line, such as \
                 {{\"event\": \"bot-message\", \"contact\": \"c-1\", \"channel\": \"sms\", \"id\": \"evt-7f3a\"}}"
            ));
        }
    };
    let contact = Some(wire.contact.clone());
    let id = wire.id.clone();
    let fail = |error: String| Item::Bad {
        error,
        contact: contact.clone(),
        id: id.clone(),
    };
    let event: Event = match wire.event.parse() {
        Ok(e) => e,
        Err(e) => return fail(e),
    };
    if let Err(e) = ids::validate(&wire.contact) {
        return fail(format!("bad `contact`: {e}"));
    }
    let channel = wire.channel.unwrap_or_else(|| default_channel.to_string());
    if let Err(e) = validate_channel(&channel) {
        return fail(e);
    }
    if let Some(id) = &wire.id
        && let Err(e) = validate_event_id(id)
    {
        return fail(format!("bad `id`: {e}"));
    }
    let at = match wire.at.as_deref().map(parse_at) {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => return fail(e),
    };
    // Compared to the nanosecond: `09:00:00.5` is in the future at `09:00:00`.
    if let Some((t, nanos)) = at
        && (t, nanos) > (now, now_nanos)
    {
        return fail(format!(
            "the event's `at` ({}) lies in the future (now is {}); an event is recorded when it \
             has happened",
            crate::output::shown(wire.at.as_deref().unwrap_or_default().trim()),
            time::rfc3339(now)
        ));
    }
    let at = at.map(|(t, _)| t);
    Item::Event(Box::new(Parsed {
        event,
        contact: wire.contact,
        channel,
        id: wire.id,
        at,
    }))
}

/// An event's `at`: RFC 3339 with an offset, as whole seconds and the fraction's
/// nanoseconds. A leap second (`:60`) is refused, as in every other time botctl reads.
fn parse_at(s: &str) -> Result<(Ts, u32), String> {
    use chrono::Timelike;
    let t = chrono::DateTime::parse_from_rfc3339(s.trim()).map_err(|_| {
        format!(
            "bad `at` `{}`: write RFC 3339 with an offset, such as `2026-11-21T09:00:00Z`",
            crate::output::shown(s)
        )
    })?;
    if t.nanosecond() >= 1_000_000_000 {
        return Err(format!(
            "bad `at` `{}`: seconds go from 00 to 59",
            crate::output::shown(s)
        ));
    }
    Ok((t.timestamp(), t.nanosecond()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(line: &str) -> String {
        match parse(
            Ok(Line::Text(line.as_bytes().to_vec())),
            false,
            "default",
            (100, 0),
        ) {
            Item::Bad { error, .. } => error,
            Item::Event(_) => panic!("{line} parsed"),
            Item::Blank => panic!("{line} blank"),
        }
    }

    #[test]
    fn bad_lines() {
        assert!(error_of("{").contains("not an event"));
        assert!(error_of(r#"{"event":"bot-message"}"#).contains("contact"));
        assert!(error_of(r#"{"event":"nope","contact":"c"}"#).contains("unknown event"));
        assert!(
            error_of(r#"{"event":"bot-message","contact":"c","chanel":"sms"}"#).contains("chanel")
        );
        assert!(
            error_of(r#"{"event":"bot-message","contact":"c","channel":"s m"}"#)
                .contains("channel")
        );
        let long = format!(
            r#"{{"event":"bot-message","contact":"c","id":"{}"}}"#,
            "x".repeat(257)
        );
        assert!(error_of(&long).contains("256"));
        assert!(
            error_of(r#"{"event":"bot-message","contact":"c","at":"1970-01-01T00:02:00Z"}"#)
                .contains("future")
        );
        assert!(
            error_of(r#"{"event":"bot-message","contact":"c","at":"yesterday"}"#)
                .contains("RFC 3339")
        );
    }

    #[test]
    fn good_lines() {
        let line = r#"{"event":"bot-message","contact":"c-1","channel":"sms","id":"e","at":"1970-01-01T00:01:00Z"}"#;
        let Item::Event(p) = parse(Ok(Line::Text(line.into())), true, "default", (100, 0)) else {
            panic!("not parsed");
        };
        assert_eq!(
            (p.contact.as_str(), p.channel.as_str(), p.at),
            ("c-1", "sms", Some(60))
        );
        let line = r#"{"event":"agent-message","contact":"c-1"}"#;
        let Item::Event(p) = parse(Ok(Line::Text(line.into())), false, "web", (100, 0)) else {
            panic!("not parsed");
        };
        assert_eq!((p.channel.as_str(), p.at, p.id), ("web", None, None));
        assert!(matches!(
            parse(Ok(Line::Text(b" \r".to_vec())), false, "d", (0, 0)),
            Item::Blank
        ));
    }
}
