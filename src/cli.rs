//! The command line: clap definitions. Doc comments are the help text.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use clap_complete::engine::ArgValueCompleter;

use crate::complete;
use crate::core::{Event, Kind, Mode, Reason, Status};
use crate::formats::{ConfigFormat, RowsFormat, SweepFormat, TextFormat};

/// The heading of the options every command takes, apart from each command's own.
const GLOBAL: &str = "Global options";

/// Per-contact AI bot status: see and change whether the bot answers each contact,
/// wake contacts whose timer ran out, and keep a history of every change.
#[derive(Debug, Parser)]
#[command(
    name = "botctl",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Exit codes: 0 success, 1 failure, 2 usage error, 3 `check`: the bot stays silent.",
    after_long_help = "\
Exit codes: 0 success, 1 failure, 2 usage error, 3 `check`: the bot stays silent.

Examples:
  botctl status c-1003                       one contact, in words
  botctl snooze c-1003 --for 2h              pause the bot for a contact
  botctl list --status inactive --format ids | botctl wake --stdin --yes
  botctl sweep                               from cron, every minute
  botctl check c-1003 && echo may answer     for integrations
  botctl history --limit 20                  the latest changes; `botctl undo BATCH` puts one back

Manual: `botctl man | man -l -`; completion: `botctl completions SHELL`."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The database: a file, or a `postgres://` URL [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]
    #[arg(long, global = true, env = "BOTCTL_DB", value_name = "PATH|URL", help_heading = GLOBAL)]
    pub db: Option<PathBuf>,
    /// Who is making the change, as recorded in the history [default: your login name]
    #[arg(long, global = true, env = "BOTCTL_ACTOR", value_name = "NAME", help_heading = GLOBAL)]
    pub actor: Option<String>,
    /// When to use colour, here and in help (`auto` honours `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", help_heading = GLOBAL)]
    pub color: ColorChoice,
    /// Print no messages on stderr (data on stdout and errors still appear)
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub quiet: bool,
    /// Say on stderr which database the command used and how long it took
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub verbose: bool,
}

pub use crate::term::ColorChoice;

// Each command's arguments are built only when that command runs (or for help, the
// manual and completions): start-up builds 19 names, not every argument of every command.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Show one contact: status, reason, timer, bot messages and what the bot does now
    Status(StatusArgs),
    /// Set contacts `active`, `snoozed` or `inactive` (no arguments on a terminal: ask)
    Set(SetArgs),
    /// Snooze contacts for a while (`--for`, `--until`, else the `sleep-time` setting)
    Snooze(SnoozeArgs),
    /// Make contacts active now
    Wake(WakeArgs),
    /// List contacts, with filters, as a table or for programs
    List(ListArgs),
    /// Write down every timer that has run out (run it from cron every minute)
    Sweep(SweepArgs),
    /// May the bot answer this contact now? Prints reply, suggest or silent; exit 3 when silent
    Check(CheckArgs),
    /// Record a message event and apply the bot's rules to the contact
    Record(RecordArgs),
    /// Show the history of status changes, newest first
    History(HistoryArgs),
    /// Put back every contact a batch changed, as it was before
    Undo(UndoArgs),
    /// The workspace at a glance: statuses, wakes due, changes per day, most active actors
    Stats(crate::commands::stats::StatsArgs),
    /// Add, import or remove contacts
    #[command(subcommand)]
    Contacts(ContactsCommand),
    /// Show or set the workspace's bot mode: off, suggestive or autopilot
    Mode(ModeArgs),
    /// Show or change the settings
    Config(ConfigArgs),
    /// Copy a whole workspace into an empty database (a file or PostgreSQL, either way)
    Copy(CopyArgs),
    /// Print a shell completion script (it completes contact ids, batch ids and setting keys too)
    Completions(CompletionsArgs),
    /// Print the manual page (roff), as kept under `man/`
    Man(ManArgs),
    /// Check the database and its surroundings: integrity, schema, file modes, the sweeper
    Doctor(crate::commands::doctor::DoctorArgs),
    /// Copy the whole database consistently while others keep working (safe from cron)
    Backup(crate::commands::backup::BackupArgs),
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Everything is copied: contacts with their counters, the history, batches with their notes,
event ids, the bot mode and the settings. Batch ids stay the same, so `botctl undo N` of a
batch made before the copy works after it. The target must be empty (a missing file is
created; a PostgreSQL database gets botctl's tables); the counts are checked before the
copy is committed, and a failed copy leaves the target as it was.

Examples:
  botctl copy ~/.local/share/botctl/botctl.db postgres://bot@db.example.com/botctl
  botctl copy postgres://bot@db.example.com/botctl offline.db")]
pub struct CopyArgs {
    /// The database to copy: a file, or a `postgres://` URL
    #[arg(value_name = "FROM")]
    pub from: std::ffi::OsString,
    /// The empty database to copy into: a file (created when missing), or a `postgres://` URL
    #[arg(value_name = "TO")]
    pub to: std::ffi::OsString,
}

// Output format of commands that print contacts or history rows. (Plain comments on the
// argument groups below: a doc comment would become the `about` of every command that
// flattens the group, over the command's own, once its arguments are built.)
#[derive(Debug, Args)]
pub struct FormatArg {
    /// Output format (`table` is a table on a terminal, tab-separated text otherwise)
    #[arg(long, value_enum, default_value_t = RowsFormat::Table)]
    pub format: RowsFormat,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  botctl status c-1003
  botctl status c-1003 --format json | jq -r .status")]
pub struct StatusArgs {
    /// The contact id
    #[arg(add = ArgValueCompleter::new(complete::contact_ids))]
    pub id: String,
    /// Output format: text for people, or one JSON object
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

// The ids a changing command works on, and how careful it is.
#[derive(Debug, Args)]
pub struct Targets {
    /// Read contact ids from stdin, one per line (same as the single argument `-`)
    #[arg(long)]
    pub stdin: bool,
    /// Read contact ids from column COLUMN (its header name, or its number from 1) of a CSV
    /// file with a header row on stdin
    #[arg(long, value_name = "COLUMN", conflicts_with = "stdin")]
    pub stdin_csv: Option<String>,
    #[command(flatten)]
    pub confirm: Confirm,
    #[command(flatten)]
    pub note: NoteArg,
}

// The note a changing command keeps on its batch.
#[derive(Debug, Args)]
pub struct NoteArg {
    /// A note kept with this change in the history (at most 1000 bytes), e.g. "customer asked for a human"
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct Confirm {
    /// Do not ask for confirmation (required off a terminal to change more than one contact)
    #[arg(short, long)]
    pub yes: bool,
    /// Show what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

// `--dry-run` alone, for changing commands that never ask (`undo`, `contacts import`).
#[derive(Debug, Args)]
pub struct DryRun {
    /// Show what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct Timer {
    /// Turn active again after this long (`90m`, `1h 30m`, `2days`)
    #[arg(long = "for", value_name = "DURATION", conflicts_with = "until")]
    pub for_: Option<String>,
    /// Turn active again at this time: `HH:MM`, `tomorrow [HH:MM]`, `monday [HH:MM]`,
    /// `next-week`, `YYYY-MM-DD HH:MM[:SS]` (local) or RFC 3339
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  botctl set inactive c-1001                   off until turned back on
  botctl set inactive c-1001 --for 3days       off, and on again in 3 days
  botctl set snoozed c-1002 --until '2026-11-22 09:00'
  botctl set active c-1001 c-1002 --yes
  botctl set                                   on a terminal: asks step by step")]
pub struct SetArgs {
    /// active, snoozed or inactive
    pub status: Option<Status>,
    /// Contact ids (`-`: read them from stdin)
    #[arg(add = ArgValueCompleter::new(complete::contact_ids))]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub timer: Timer,
    /// Create contacts that do not exist yet instead of refusing
    #[arg(long)]
    pub create_missing: bool,
    #[command(flatten)]
    pub targets: Targets,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  botctl snooze c-1002 --for 90m
  botctl snooze c-1002 --until tomorrow
  botctl snooze c-1002                         for the `sleep-time` setting")]
pub struct SnoozeArgs {
    /// Contact ids (`-`: read them from stdin)
    #[arg(add = ArgValueCompleter::new(complete::contact_ids))]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub timer: Timer,
    /// Push each contact's existing timer later by this long (`30m`, `1h`)
    #[arg(long, value_name = "DURATION", conflicts_with_all = ["for_", "until", "create_missing"])]
    pub extend: Option<String>,
    /// Create contacts that do not exist yet instead of refusing
    #[arg(long)]
    pub create_missing: bool,
    #[command(flatten)]
    pub targets: Targets,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  botctl wake c-1002
  botctl list --reason message_limit --format ids | botctl wake --stdin --yes")]
pub struct WakeArgs {
    /// Contact ids (`-`: read them from stdin)
    #[arg(add = ArgValueCompleter::new(complete::contact_ids))]
    pub ids: Vec<String>,
    /// Create contacts that do not exist yet instead of refusing
    #[arg(long)]
    pub create_missing: bool,
    #[command(flatten)]
    pub targets: Targets,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  botctl list --status snoozed --status inactive
  botctl list --waking-within 1h --format csv > waking.csv
  botctl list --search smith --format ids | botctl snooze --stdin --for 1h --yes")]
pub struct ListArgs {
    /// Only contacts with this (effective) status; repeat for several
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<Status>,
    /// Only contacts whose status has this reason
    #[arg(long, value_name = "REASON")]
    pub reason: Option<Reason>,
    /// Only contacts whose timer runs out within this duration
    #[arg(long, value_name = "DURATION")]
    pub waking_within: Option<String>,
    /// Only contacts whose id, name or email contains this text, ignoring case in any
    /// script, or whose phone holds its digits (`555 0100` finds `+1 (555) 010-0199`;
    /// text starting with `-`: `--search=-x`)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Print at most N contacts, in id order (a terminal table otherwise shows the first 50)
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  * * * * *  botctl sweep --quiet              a crontab line: every minute
  botctl sweep --dry-run                       who would wake now")]
pub struct SweepArgs {
    /// Show which contacts would wake, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub note: NoteArg,
    /// Print the contacts woken (with `--dry-run`: that would wake) on stdout, for hooks
    #[arg(long, value_enum)]
    pub format: Option<SweepFormat>,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  botctl check c-1003 && send-reply c-1003
  botctl check c-1003 --format json
  botctl list --format ids | botctl check --stdin     one JSON answer per id

`reply` and `suggest` both exit 0: tell them apart by the printed answer when it matters.
With `--stdin` every line is answered (one JSON object a line, flushed as soon as the
input pauses); exit 1 if any line had no answer (an unknown id), else 0.")]
pub struct CheckArgs {
    /// The contact id (`-`: read ids from stdin)
    #[arg(add = ArgValueCompleter::new(complete::contact_ids), required_unless_present = "stdin")]
    pub id: Option<String>,
    /// Read contact ids from stdin, one per line, and answer each with a JSON line
    #[arg(long, conflicts_with_all = ["id", "format"])]
    pub stdin: bool,
    /// Output format: `text` is `ANSWER: reason`; `json` one object with the answer and its reason
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  botctl record agent-message c-1003           a person wrote to the contact
  botctl record bot-message c-1003 --format json
  tail -F events.ndjson | botctl record --stdin  a stream of NDJSON events

With `--stdin`, each line is an event such as
{\"event\": \"bot-message\", \"contact\": \"c-1\", \"channel\": \"sms\", \"id\": \"evt-7f3a\", \"at\": \"2026-11-21T09:00:00Z\"}
(`channel`, `id` and `at` optional), answered with one JSON line once it is committed;
a bad line gets an `error` object and the stream goes on (exit 1 at the end).")]
pub struct RecordArgs {
    /// agent-message, workflow-message or bot-message
    #[arg(required_unless_present = "stdin")]
    pub event: Option<Event>,
    /// The contact id
    #[arg(add = ArgValueCompleter::new(complete::contact_ids), required_unless_present = "stdin")]
    pub id: Option<String>,
    /// Read NDJSON events from stdin and answer each with a JSON line once it is committed
    #[arg(long, conflicts_with_all = ["event", "id", "event_id", "dry_run", "format"])]
    pub stdin: bool,
    /// The channel the message went out on (such as `sms` or `webchat`); the limit counts per channel.
    /// With `--stdin`: the channel of events that name none
    #[arg(long, value_name = "NAME", default_value = crate::core::DEFAULT_CHANNEL,
          add = ArgValueCompleter::new(complete::channels))]
    pub channel: String,
    /// The event's id: an id already recorded changes nothing (webhooks delivered twice)
    #[arg(long, value_name = "ID")]
    pub event_id: Option<String>,
    /// Create the contact if it does not exist yet
    #[arg(long)]
    pub create_missing: bool,
    #[command(flatten)]
    pub note: NoteArg,
    /// Show what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Output format: a line of text, or the contact as one JSON object with the `batch`
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  botctl history c-1003
  botctl history --since 1day --format csv > changes.csv")]
pub struct HistoryArgs {
    /// Only this contact's history
    #[arg(add = ArgValueCompleter::new(complete::contact_ids))]
    pub id: Option<String>,
    /// Only changes since this long ago (`2h`, `7days`) or this time
    #[arg(long, value_name = "DURATION|TIME")]
    pub since: Option<String>,
    /// Only the rows of this batch
    #[arg(long, value_name = "N", add = ArgValueCompleter::new(complete::batch_ids))]
    pub batch: Option<i64>,
    /// Only changes made by this actor
    #[arg(long, value_name = "ACTOR")]
    pub by: Option<String>,
    /// Only rows of this kind
    #[arg(long, value_name = "KIND")]
    pub kind: Option<Kind>,
    /// Only status changes with this reason
    #[arg(long, value_name = "REASON")]
    pub reason: Option<Reason>,
    /// At most this many rows
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  botctl undo 17 --dry-run                     what would be put back
  botctl undo 17")]
pub struct UndoArgs {
    /// The batch id, as printed by the command that made it (see `botctl history`)
    #[arg(add = ArgValueCompleter::new(complete::batch_ids))]
    pub batch: i64,
    /// Skip contacts that changed again since the batch, and undo the rest
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub confirm: DryRun,
    #[command(flatten)]
    pub note: NoteArg,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ContactsCommand {
    /// Add one contact
    Add(AddArgs),
    /// Change a contact's name, phone or email
    Edit(EditArgs),
    /// Add or update contacts from a CSV file with a header row (`-`: stdin)
    #[command(after_long_help = "\
Columns are recognised under the names CRMs export (`Contact Id`, `First Name` + `Last Name`,
`Phone Number`, `Mobile`, `E-mail`, ...), case and punctuation aside; `--map` names one
explicitly. The separator (`,`, `;` or tab) is detected from the header line.

Examples:
  botctl contacts import examples/crm-export.csv
  botctl contacts import export.csv --map id=\"Kundennummer\" --delimiter ';'
  botctl contacts import export.csv --only-new --errors bad-rows.csv
  some-crm-export | botctl contacts import -")]
    Import(ImportArgs),
    /// Remove contacts (their history stays)
    Remove(RemoveArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The contact id, as the CRM gives it
    pub id: String,
    /// The contact's name, as people know it
    #[arg(long)]
    pub name: Option<String>,
    /// The contact's phone number (`--search` finds it by its digits)
    #[arg(long)]
    pub phone: Option<String>,
    /// The contact's e-mail address
    #[arg(long)]
    pub email: Option<String>,
    /// Show what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub note: NoteArg,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The contact id
    #[arg(add = ArgValueCompleter::new(complete::contact_ids))]
    pub id: String,
    /// The new name
    #[arg(long)]
    pub name: Option<String>,
    /// The new phone number
    #[arg(long)]
    pub phone: Option<String>,
    /// The new email address
    #[arg(long)]
    pub email: Option<String>,
    /// Show what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub note: NoteArg,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// CSV file with columns `id` (required), `name`, `phone`, `email`, `status`, `wake_at`; `-` for stdin
    pub file: PathBuf,
    /// Only add new contacts; rows of existing ids are left alone (and counted)
    #[arg(long, conflicts_with = "only_existing")]
    pub only_new: bool,
    /// Only update existing contacts; rows of unknown ids are skipped (and counted)
    #[arg(long)]
    pub only_existing: bool,
    /// Take FIELD from the column HEADER (repeatable; wins over the recognised names). FIELD:
    /// id, name, first_name, last_name, phone, email, status, wake_at. HEADER `#N` is the
    /// Nth column; an empty HEADER leaves the field out
    #[arg(long = "map", value_name = "FIELD=HEADER", value_parser = crate::engine::columns::parse_map)]
    pub map: Vec<(crate::engine::columns::Field, String)>,
    /// The column separator: `,`, `;`, `tab` or `|` (default: detected from the header line)
    #[arg(long, value_name = "SEP", value_parser = crate::engine::columns::parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Write every bad row to FILE as CSV (line, column, value, problem); the file is
    /// written afresh on every run
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    #[command(flatten)]
    pub confirm: DryRun,
    #[command(flatten)]
    pub note: NoteArg,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Contact ids (`-`: read them from stdin)
    #[arg(add = ArgValueCompleter::new(complete::contact_ids))]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub targets: Targets,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  botctl mode                                  print the mode
  botctl mode suggestive                       the bot drafts, people send
  botctl mode --format json")]
pub struct ModeArgs {
    /// The new mode; without it, print the current one
    pub mode: Option<Mode>,
    /// Show what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub note: NoteArg,
    /// Output format: the mode as text, or one JSON object (`mode`, `from`, `batch`)
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  botctl config
  botctl config --format json
  botctl config get sleep-time
  botctl config set max-bot-messages 10")]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: Option<ConfigAction>,
    /// Output format of the list of settings
    #[arg(long, value_enum, default_value_t = ConfigFormat::Table)]
    pub format: ConfigFormat,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print one setting's value
    Get {
        /// The setting, as `botctl config` lists it
        #[arg(add = ArgValueCompleter::new(complete::setting_keys))]
        key: String,
    },
    /// Change a setting
    Set {
        /// The setting, as `botctl config` lists it
        #[arg(add = ArgValueCompleter::new(complete::setting_keys))]
        key: String,
        /// The new value (`botctl config` shows the valid values in errors)
        value: String,
        /// Show what would change, and change nothing
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        note: NoteArg,
    },
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
bash, zsh and fish ask botctl itself while completing, so they also offer contact ids
(with name and status), batch ids and setting keys from the database (read-only; never
created). elvish and powershell get a script of the commands and flags.

Examples:
  botctl completions bash > ~/.local/share/bash-completion/completions/botctl
  botctl completions zsh > ~/.zfunc/_botctl
  botctl completions fish > ~/.config/fish/completions/botctl.fish")]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  botctl man | man -l -                        read it now
  botctl man > ~/.local/share/man/man1/botctl.1  install it for `man botctl`")]
pub struct ManArgs {
    /// A subcommand's own page (`set`, `contacts-import`, ...); without it, the main page
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// The core's word enums as clap values, so help and completions list them.
macro_rules! clap_words {
    ($($t:ty),+) => {$(
        impl ValueEnum for $t {
            fn value_variants<'a>() -> &'a [Self] {
                <$t>::ALL
            }
            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(self.as_str()))
            }
        }
    )+};
}
clap_words!(Status, Reason, Mode, Event, Kind);

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
