//! Every sentence botctl says about a status, in one place: what a contact is, who or
//! what made it so, until when, and what the bot does now. Commands print these; nothing
//! else words a status.

use crate::core::{Answer, Contact, Mode, Reason, State, Status, Ts};
use crate::escape::{escape, shown};
use crate::time;

/// Who or what set a contact's status, in words: `by alice`, `by a workflow message`.
/// A timer wake written by someone other than the timer (an undo that put back a timer
/// which had run out meanwhile) names that someone, so that every line about the change
/// tells the same story.
pub fn cause(c: &Contact) -> String {
    match c.state.reason {
        Reason::Manual => format!("by {}", shown(&c.changed_by)),
        Reason::Timer if c.changed_by != crate::core::TIMER_ACTOR => format!(
            "by {}, putting back a timer that had already run out",
            shown(&c.changed_by)
        ),
        r => r.in_words().to_string(),
    }
}

/// A status for people: `inactive`, `snoozed until 16:02 (in 2h)`.
pub fn describe(state: &State, now: Ts) -> String {
    format!("{}{}", state.status, timer_words(state, now))
}

/// ` until 16:02 (in 2h)`, or nothing without a timer.
pub fn timer_words(state: &State, now: Ts) -> String {
    match state.wake_at {
        Some(at) => format!(
            " until {} ({})",
            time::local_short(at, now),
            time::relative(at, now)
        ),
        None => String::new(),
    }
}

/// The latest change, its cause and its note in plain words:
/// `snoozed 14:02 by a workflow message; wakes 16:02`,
/// `inactive 09:12 by alice: customer asked for a human; off until turned back on`.
pub fn summary(c: &Contact, now: Ts) -> String {
    let s = &c.state;
    let cause = cause(c);
    // The note of the latest change, beside who made it: "by alice: asked for a human".
    let note = c
        .note
        .as_deref()
        .map_or(String::new(), |n| format!(": {}", escape(n)));
    let mut out = format!(
        "{} {} {cause}{note}",
        s.status,
        time::local_short(c.changed_at, now)
    );
    match (s.status, s.wake_at) {
        (Status::Active, _) => {}
        (_, Some(at)) => out.push_str(&format!("; wakes {}", time::local_short(at, now))),
        (Status::Snoozed, None) => out.push_str("; until woken"),
        (Status::Inactive, None) => out.push_str("; off until turned back on"),
    }
    out
}

/// What the bot does for the contact now, in words.
pub fn bot_now(c: &Contact, mode: Mode, answer: Answer, now: Ts) -> String {
    match answer {
        Answer::Reply => "replies to every incoming message (autopilot)".into(),
        Answer::Suggest => "suggests replies for a person to send (suggestive)".into(),
        Answer::Silent if mode == Mode::Off => "silent: the bot mode is off (`botctl mode`)".into(),
        Answer::Silent => match c.state.wake_at {
            Some(at) => format!(
                "silent until {} ({}), then it answers again",
                time::local_short(at, now),
                time::relative(at, now)
            ),
            None if c.state.status == Status::Snoozed => "silent until the contact is woken".into(),
            None => "silent until the contact is turned back on".into(),
        },
    }
}

/// Why the bot answers as it does, for scripts and logs.
pub fn why(c: &Contact, mode: Mode, answer: Answer) -> String {
    let s = &c.state;
    match answer {
        Answer::Reply | Answer::Suggest => {
            format!("the contact is active and the bot mode is {mode}")
        }
        Answer::Silent if mode == Mode::Off => "the bot mode is off".into(),
        Answer::Silent => {
            let cause = cause(c);
            let until = match (s.status, s.wake_at) {
                (_, Some(at)) => format!("until {}", time::rfc3339(at)),
                (Status::Snoozed, None) => "until woken".into(),
                _ => "until turned back on".into(),
            };
            format!("the contact is {} {cause} {until}", s.status)
        }
    }
}
