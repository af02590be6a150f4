//! The pure status core: states, effective status at an instant, transitions, the
//! rules for message events, and what the bot may do. No I/O, no clock, no SQL:
//! every function takes the instant it reasons about as a Unix time in seconds.

pub mod model;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

pub use model::*;

/// Unix time in seconds, UTC.
pub type Ts = i64;

/// Defines a `Copy` enum with its wire names (snake_case words) and parsing.
macro_rules! word_enum {
    ($(#[$m:meta])* $name:ident, $what:literal { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
            /// The valid words, for error messages: `a`, `b` or `c`.
            pub fn choices() -> String {
                let words: Vec<String> = Self::ALL.iter().map(|v| format!("`{}`", v.as_str())).collect();
                match words.split_last() {
                    Some((last, rest)) if !rest.is_empty() => format!("{} or {}", rest.join(", "), last),
                    _ => words.join(""),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let t = s.trim();
                $(if t.eq_ignore_ascii_case($word) { return Ok($name::$variant); })+
                Err(format!("unknown {} `{}` (expected {})", $what, crate::escape::shown(s), Self::choices()))
            }
        }
    };
}

word_enum!(
    /// A contact's bot status.
    Status, "status" {
        Active => "active",
        Snoozed => "snoozed",
        Inactive => "inactive",
    }
);

word_enum!(
    /// Why a status was set.
    Reason, "reason" {
        Manual => "manual",
        AgentMessage => "agent_message",
        WorkflowMessage => "workflow_message",
        MessageLimit => "message_limit",
        Timer => "timer",
    }
);

word_enum!(
    /// The workspace-wide bot mode.
    Mode, "mode" {
        Off => "off",
        Suggestive => "suggestive",
        Autopilot => "autopilot",
    }
);

word_enum!(
    /// What a history row records.
    Kind, "kind" {
        Status => "status",
        Added => "added",
        Removed => "removed",
        Details => "details",
        Mode => "mode",
        Setting => "setting",
    }
);

word_enum!(
    /// A message event fed to `botctl record`.
    Event, "event" {
        AgentMessage => "agent-message",
        WorkflowMessage => "workflow-message",
        BotMessage => "bot-message",
    }
);

impl Reason {
    /// The cause in plain words, as in "snoozed by a workflow message".
    pub fn in_words(self) -> &'static str {
        match self {
            Reason::Manual => "by hand",
            Reason::AgentMessage => "by an agent message",
            Reason::WorkflowMessage => "by a workflow message",
            Reason::MessageLimit => "by the bot message limit",
            Reason::Timer => "by its timer",
        }
    }
}

/// The part of a contact that the rules look at and change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    pub status: Status,
    pub reason: Reason,
    /// When a snoozed or inactive contact turns active by itself. Always `None` when active.
    pub wake_at: Option<Ts>,
    /// Bot messages sent since the contact last became active.
    pub bot_messages: u32,
}

impl State {
    /// The state of a new contact.
    pub const NEW: State = State {
        status: Status::Active,
        reason: Reason::Manual,
        wake_at: None,
        bot_messages: 0,
    };

    /// The state after its timer fired.
    pub const WOKEN: State = State {
        status: Status::Active,
        reason: Reason::Timer,
        wake_at: None,
        bot_messages: 0,
    };

    /// The instant this contact's timer ran out, if it has by `now`.
    pub fn due(&self, now: Ts) -> Option<Ts> {
        match (self.status, self.wake_at) {
            (Status::Snoozed | Status::Inactive, Some(at)) if at <= now => Some(at),
            _ => None,
        }
    }

    /// The status in force at `now`: a timer that has run out has woken the contact,
    /// whether or not a sweep has written it down yet.
    pub fn effective(&self, now: Ts) -> State {
        if self.due(now).is_some() {
            State::WOKEN
        } else {
            *self
        }
    }

    /// Whether `self` already is the status a command asks for (status and timer).
    pub fn satisfies(&self, target: &State) -> bool {
        self.status == target.status && self.wake_at == target.wake_at
    }
}

/// A status a person or script asks for, before it is applied to a contact.
pub fn requested(status: Status, wake_at: Option<Ts>) -> Result<State, String> {
    if status == Status::Active && wake_at.is_some() {
        return Err(
            "an active contact has no timer: `--for` and `--until` only go with `snoozed` or `inactive`"
                .into(),
        );
    }
    Ok(State {
        status,
        reason: Reason::Manual,
        wake_at,
        bot_messages: 0,
    })
}

/// The state a contact moves to when `target` is applied by hand: the bot message
/// counter goes back to 0 when it becomes active, and is kept otherwise.
pub fn apply_manual(current: &State, target: &State) -> State {
    State {
        bot_messages: if target.status == Status::Active {
            0
        } else {
            current.bot_messages
        },
        ..*target
    }
}

/// The workspace settings the rules depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// `None`: no limit.
    pub max_bot_messages: Option<u32>,
    /// Seconds; `None`: an automatic pause lasts until woken.
    pub sleep_time: Option<i64>,
    pub sleep_on_agent_message: bool,
    pub sleep_on_workflow_message: bool,
    /// `day-start`: minutes after midnight, local time (what `--until tomorrow` means).
    pub day_start: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_bot_messages: Some(25),
            sleep_time: Some(2 * 3600),
            sleep_on_agent_message: true,
            sleep_on_workflow_message: true,
            day_start: 9 * 60,
        }
    }
}

/// What an event does to a contact whose effective state at `now` is `current`.
/// Returns the new state; equal to `current` when the event changes nothing.
pub fn apply_event(current: &State, event: Event, settings: &Settings, now: Ts) -> State {
    match event {
        Event::AgentMessage | Event::WorkflowMessage => {
            let (switch, reason) = if event == Event::AgentMessage {
                (settings.sleep_on_agent_message, Reason::AgentMessage)
            } else {
                (settings.sleep_on_workflow_message, Reason::WorkflowMessage)
            };
            if !switch {
                return *current;
            }
            let until = settings.sleep_time.map(|d| now.saturating_add(d));
            let pause = State {
                status: Status::Snoozed,
                reason,
                wake_at: until,
                bot_messages: current.bot_messages,
            };
            match current.status {
                Status::Active => pause,
                // Inactive stays inactive, whatever its timer.
                Status::Inactive => *current,
                // Never shorten a pause: an untimed snooze stays, a later timer stays.
                Status::Snoozed => match (current.wake_at, until) {
                    (None, _) => *current,
                    (Some(at), Some(new)) if at >= new => *current,
                    _ => pause,
                },
            }
        }
        Event::BotMessage => {
            let count = current.bot_messages.saturating_add(1);
            let reached = settings.max_bot_messages.is_some_and(|max| count >= max);
            // The limit's pause has no timer, so it is longer than any timed snooze and
            // replaces one; it never shortens a pause: an untimed snooze stays as it is,
            // and an inactive contact stays inactive.
            let paused_longer = match current.status {
                Status::Active => true,
                Status::Snoozed => current.wake_at.is_some(),
                Status::Inactive => false,
            };
            if reached && paused_longer {
                State {
                    status: Status::Snoozed,
                    reason: Reason::MessageLimit,
                    wake_at: None,
                    bot_messages: count,
                }
            } else {
                State {
                    bot_messages: count,
                    ..*current
                }
            }
        }
    }
}

/// Bot messages per channel. Empty (every channel at 0) whenever the contact becomes active.
pub type Counters = BTreeMap<String, u32>;

/// The channel of an event that names none.
pub const DEFAULT_CHANNEL: &str = "default";

/// The highest channel's count: what `max-bot-messages` is compared with, and what
/// `bot_messages` shows.
pub fn highest(counters: &Counters) -> u32 {
    counters.values().copied().max().unwrap_or(0)
}

/// Checks a channel name: a word of letters, digits, `-` and `_`, at most 64 bytes.
pub fn validate_channel(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "bad channel `{}`: a channel is a word of letters, digits, `-` and `_` (at most 64 bytes), such as `sms` or `webchat`",
            crate::escape::shown(name)
        ))
    }
}

/// What an event on `channel` does to a contact whose effective state at `now` is
/// `current`, with its per-channel counters. A bot message counts on its channel only,
/// and the limit applies to each channel's counter. Becoming active resets them all.
pub fn apply_channel_event(
    current: &State,
    counters: &Counters,
    event: Event,
    channel: &str,
    settings: &Settings,
    now: Ts,
) -> (State, Counters) {
    let mut counters = counters.clone();
    let after = if event == Event::BotMessage {
        let on_channel = State {
            bot_messages: counters.get(channel).copied().unwrap_or(0),
            ..*current
        };
        let after = apply_event(&on_channel, event, settings, now);
        counters.insert(channel.to_string(), after.bot_messages);
        after
    } else {
        apply_event(current, event, settings, now)
    };
    if after.status == Status::Active && current.status != Status::Active {
        counters.clear();
    }
    let state = State {
        bot_messages: highest(&counters),
        ..after
    };
    (state, counters)
}

/// What `undo` puts back for a contact whose status a batch changed: the state `before`
/// the batch's first row for it, with the counters `before_counters` it had then. An undo
/// is not a contact becoming active: counters come back as they were, not reset.
/// Counters that changed after the batch (now `current_counters`, no longer the
/// `after_counters` its last row left) stay as they are. A timer that would be put back
/// but has run out by `now` wakes the contact instead (reason `timer`, counters reset),
/// exactly as the timer would have.
pub fn undo_restore(
    before: &State,
    before_counters: &Counters,
    after_counters: &Counters,
    current_counters: &Counters,
    now: Ts,
) -> (State, Counters) {
    if before.due(now).is_some() {
        return (State::WOKEN, Counters::new());
    }
    let nonzero = |c: &Counters| -> Counters {
        c.iter()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| (k.clone(), *n))
            .collect()
    };
    let counters = if nonzero(current_counters) == nonzero(after_counters) {
        nonzero(before_counters)
    } else {
        nonzero(current_counters)
    };
    let state = State {
        bot_messages: highest(&counters),
        ..*before
    };
    (state, counters)
}

/// What the bot does for a contact right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Reply,
    Suggest,
    Silent,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Reply => "reply",
            Answer::Suggest => "suggest",
            Answer::Silent => "silent",
        }
    }
}

/// May the bot answer a contact whose effective state is `state`, in `mode`?
pub fn check(mode: Mode, state: &State) -> Answer {
    match (mode, state.status) {
        (Mode::Off, _) => Answer::Silent,
        (_, Status::Snoozed | Status::Inactive) => Answer::Silent,
        (Mode::Suggestive, Status::Active) => Answer::Suggest,
        (Mode::Autopilot, Status::Active) => Answer::Reply,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Ts = 1_000_000;
    const H: i64 = 3600;

    fn st(status: Status, reason: Reason, wake_at: Option<Ts>, n: u32) -> State {
        State {
            status,
            reason,
            wake_at,
            bot_messages: n,
        }
    }

    #[test]
    fn effective_status_at_an_instant() {
        use Reason::*;
        use Status::*;
        let cases = [
            // (stored, now, expected effective)
            (State::NEW, NOW, State::NEW),
            (
                st(Snoozed, Manual, Some(NOW + 1), 3),
                NOW,
                st(Snoozed, Manual, Some(NOW + 1), 3),
            ),
            // the timer crosses its wake time: exactly at wake_at it is active
            (st(Snoozed, Manual, Some(NOW), 3), NOW, State::WOKEN),
            (
                st(Snoozed, AgentMessage, Some(NOW - 1), 3),
                NOW,
                State::WOKEN,
            ),
            // overdue by weeks
            (
                st(Inactive, Manual, Some(NOW - 21 * 24 * H), 0),
                NOW,
                State::WOKEN,
            ),
            // inactive without a timer stays off forever
            (
                st(Inactive, Manual, None, 0),
                i64::MAX,
                st(Inactive, Manual, None, 0),
            ),
            (
                st(Snoozed, MessageLimit, None, 25),
                i64::MAX,
                st(Snoozed, MessageLimit, None, 25),
            ),
        ];
        for (stored, now, want) in cases {
            assert_eq!(stored.effective(now), want, "{stored:?} at {now}");
        }
    }

    #[test]
    fn due_only_for_paused_contacts_with_a_passed_timer() {
        assert_eq!(State::NEW.due(NOW), None);
        let s = st(Status::Snoozed, Reason::Manual, Some(NOW - 5), 0);
        assert_eq!(s.due(NOW), Some(NOW - 5));
        assert_eq!(s.due(NOW - 6), None);
    }

    #[test]
    fn requested_rejects_a_timer_on_active() {
        assert!(requested(Status::Active, Some(NOW)).is_err());
        assert!(requested(Status::Active, None).is_ok());
        assert_eq!(
            requested(Status::Inactive, Some(NOW)).map(|s| s.wake_at),
            Ok(Some(NOW))
        );
    }

    #[test]
    fn manual_changes_reset_the_counter_only_when_active() {
        let cur = st(Status::Snoozed, Reason::MessageLimit, None, 25);
        let to_active = requested(Status::Active, None).unwrap();
        assert_eq!(apply_manual(&cur, &to_active).bot_messages, 0);
        let to_inactive = requested(Status::Inactive, None).unwrap();
        let got = apply_manual(&cur, &to_inactive);
        assert_eq!(got.bot_messages, 25);
        assert_eq!(got.reason, Reason::Manual);
    }

    #[test]
    fn satisfies_compares_status_and_timer() {
        let a = st(Status::Snoozed, Reason::AgentMessage, Some(NOW), 1);
        assert!(a.satisfies(&st(Status::Snoozed, Reason::Manual, Some(NOW), 0)));
        assert!(!a.satisfies(&st(Status::Snoozed, Reason::Manual, None, 0)));
        assert!(!a.satisfies(&st(Status::Inactive, Reason::Manual, Some(NOW), 0)));
    }

    /// Undo puts back the state and counters from before the batch, never resetting
    /// them for becoming active; counters changed since stay; a run-out timer wakes.
    #[test]
    fn undo_restore_table() {
        use Reason::*;
        use Status::*;
        let c = |pairs: &[(&str, u32)]| -> Counters {
            pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
        };
        let cases = [
            // (before, before counters, after counters, current counters, want, want counters)
            // set inactive, undone: active again with its counter (nothing counted since)
            (
                st(Active, Manual, None, 3),
                c(&[("default", 3)]),
                c(&[("default", 3)]),
                c(&[("default", 3)]),
                st(Active, Manual, None, 3),
                c(&[("default", 3)]),
            ),
            // a bot message counted after the batch: the counters as they are now stay
            (
                st(Active, Manual, None, 3),
                c(&[("default", 3)]),
                c(&[("default", 3)]),
                c(&[("default", 3), ("sms", 1)]),
                st(Active, Manual, None, 3),
                c(&[("default", 3), ("sms", 1)]),
            ),
            // a limit snooze, undone: active with the count from before the message
            (
                st(Active, Manual, None, 2),
                c(&[("default", 2)]),
                c(&[("default", 3)]),
                c(&[("default", 3)]),
                st(Active, Manual, None, 2),
                c(&[("default", 2)]),
            ),
            // a wake, undone: the counters the wake reset come back
            (
                st(Snoozed, Manual, Some(NOW + H), 4),
                c(&[("sms", 4)]),
                c(&[]),
                c(&[]),
                st(Snoozed, Manual, Some(NOW + H), 4),
                c(&[("sms", 4)]),
            ),
            // zero counts are no counts
            (
                st(Inactive, Manual, None, 0),
                c(&[("default", 0)]),
                c(&[]),
                c(&[("sms", 0)]),
                st(Inactive, Manual, None, 0),
                c(&[]),
            ),
            // a timer that ran out meanwhile wakes it instead, counters reset
            (
                st(Snoozed, Manual, Some(NOW), 4),
                c(&[("sms", 4)]),
                c(&[]),
                c(&[]),
                State::WOKEN,
                c(&[]),
            ),
        ];
        for (before, bc, ac, cc, want, want_c) in cases {
            assert_eq!(
                undo_restore(&before, &bc, &ac, &cc, NOW),
                (want, want_c),
                "{before:?} {bc:?} {ac:?} {cc:?}"
            );
        }
    }

    /// Every pausing event × every prior state × each setting that matters.
    #[test]
    fn pausing_events_table() {
        use Reason::*;
        use Status::*;
        let two_h = Settings::default();
        let untimed = Settings {
            sleep_time: None,
            ..two_h
        };
        let off = Settings {
            sleep_on_agent_message: false,
            sleep_on_workflow_message: false,
            ..two_h
        };
        let later = Some(NOW + 5 * H);
        let sooner = Some(NOW + H);
        for (event, reason) in [
            (Event::AgentMessage, AgentMessage),
            (Event::WorkflowMessage, WorkflowMessage),
        ] {
            let cases = [
                // (prior, settings, expected)
                (State::NEW, two_h, st(Snoozed, reason, Some(NOW + 2 * H), 0)),
                (
                    st(Active, Timer, None, 4),
                    two_h,
                    st(Snoozed, reason, Some(NOW + 2 * H), 4),
                ),
                (State::NEW, untimed, st(Snoozed, reason, None, 0)),
                (State::NEW, off, State::NEW),
                // a later timer stays
                (
                    st(Snoozed, Manual, later, 0),
                    two_h,
                    st(Snoozed, Manual, later, 0),
                ),
                // a sooner timer is extended
                (
                    st(Snoozed, Manual, sooner, 0),
                    two_h,
                    st(Snoozed, reason, Some(NOW + 2 * H), 0),
                ),
                (
                    st(Snoozed, Manual, sooner, 0),
                    untimed,
                    st(Snoozed, reason, None, 0),
                ),
                (
                    st(Snoozed, Manual, sooner, 0),
                    off,
                    st(Snoozed, Manual, sooner, 0),
                ),
                // an untimed snooze stays
                (
                    st(Snoozed, MessageLimit, None, 25),
                    two_h,
                    st(Snoozed, MessageLimit, None, 25),
                ),
                (
                    st(Snoozed, Manual, None, 0),
                    untimed,
                    st(Snoozed, Manual, None, 0),
                ),
                // inactive stays inactive, timed or not
                (
                    st(Inactive, Manual, None, 0),
                    two_h,
                    st(Inactive, Manual, None, 0),
                ),
                (
                    st(Inactive, Manual, sooner, 0),
                    two_h,
                    st(Inactive, Manual, sooner, 0),
                ),
                (
                    st(Inactive, Manual, later, 0),
                    untimed,
                    st(Inactive, Manual, later, 0),
                ),
            ];
            for (prior, settings, want) in cases {
                assert_eq!(
                    apply_event(&prior, event, &settings, NOW),
                    want,
                    "{event:?} on {prior:?} with {settings:?}"
                );
            }
        }
    }

    #[test]
    fn each_switch_only_governs_its_own_event() {
        let agent_off = Settings {
            sleep_on_agent_message: false,
            ..Settings::default()
        };
        assert_eq!(
            apply_event(&State::NEW, Event::AgentMessage, &agent_off, NOW),
            State::NEW
        );
        assert_eq!(
            apply_event(&State::NEW, Event::WorkflowMessage, &agent_off, NOW).status,
            Status::Snoozed
        );
    }

    #[test]
    fn bot_message_limit_table() {
        use Reason::*;
        use Status::*;
        let limit3 = Settings {
            max_bot_messages: Some(3),
            ..Settings::default()
        };
        let no_limit = Settings {
            max_bot_messages: None,
            ..Settings::default()
        };
        let cases = [
            (
                st(Active, Manual, None, 0),
                limit3,
                st(Active, Manual, None, 1),
            ),
            (
                st(Active, Manual, None, 1),
                limit3,
                st(Active, Manual, None, 2),
            ),
            // reached exactly at N
            (
                st(Active, Timer, None, 2),
                limit3,
                st(Snoozed, MessageLimit, None, 3),
            ),
            // a lowered limit already passed
            (
                st(Active, Manual, None, 9),
                limit3,
                st(Snoozed, MessageLimit, None, 10),
            ),
            (
                st(Active, Manual, None, 10_000),
                no_limit,
                st(Active, Manual, None, 10_001),
            ),
            // a timed snooze gives way to the limit's pause, which has no timer
            (
                st(Snoozed, Manual, Some(NOW + H), 2),
                limit3,
                st(Snoozed, MessageLimit, None, 3),
            ),
            (
                st(Snoozed, AgentMessage, Some(NOW + 5 * H), 7),
                limit3,
                st(Snoozed, MessageLimit, None, 8),
            ),
            // below the limit, a timed snooze keeps its timer; the message still counts
            (
                st(Snoozed, Manual, Some(NOW + H), 1),
                limit3,
                st(Snoozed, Manual, Some(NOW + H), 2),
            ),
            (
                st(Snoozed, Manual, Some(NOW + H), 2),
                no_limit,
                st(Snoozed, Manual, Some(NOW + H), 3),
            ),
            // an untimed snooze stays as it is
            (
                st(Snoozed, Manual, None, 2),
                limit3,
                st(Snoozed, Manual, None, 3),
            ),
            (
                st(Snoozed, MessageLimit, None, 3),
                limit3,
                st(Snoozed, MessageLimit, None, 4),
            ),
            // an inactive contact stays inactive, timed or not
            (
                st(Inactive, Manual, None, 5),
                limit3,
                st(Inactive, Manual, None, 6),
            ),
            (
                st(Inactive, Manual, Some(NOW + H), 2),
                limit3,
                st(Inactive, Manual, Some(NOW + H), 3),
            ),
            (
                st(Active, Manual, None, u32::MAX),
                no_limit,
                st(Active, Manual, None, u32::MAX),
            ),
        ];
        for (prior, settings, want) in cases {
            assert_eq!(
                apply_event(&prior, Event::BotMessage, &settings, NOW),
                want,
                "{prior:?}"
            );
        }
    }

    #[test]
    fn check_table() {
        use Answer::*;
        let snoozed = st(Status::Snoozed, Reason::Manual, None, 0);
        let inactive = st(Status::Inactive, Reason::Manual, None, 0);
        let cases = [
            (Mode::Autopilot, State::NEW, Reply),
            (Mode::Suggestive, State::NEW, Suggest),
            (Mode::Off, State::NEW, Silent),
            (Mode::Autopilot, snoozed, Silent),
            (Mode::Suggestive, snoozed, Silent),
            (Mode::Autopilot, inactive, Silent),
            (Mode::Off, inactive, Silent),
        ];
        for (mode, state, want) in cases {
            assert_eq!(check(mode, &state), want, "{mode} {state:?}");
        }
    }

    #[test]
    fn words_parse_and_print() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>(), Ok(*s));
        }
        for r in Reason::ALL {
            assert_eq!(r.as_str().parse::<Reason>(), Ok(*r));
        }
        assert_eq!("Snoozed".parse::<Status>(), Ok(Status::Snoozed));
        let err = "paused".parse::<Status>().unwrap_err();
        assert!(err.contains("`active`, `snoozed` or `inactive`"), "{err}");
        assert!("bot-msg".parse::<Event>().is_err());
    }
}
