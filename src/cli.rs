//! The command line: clap definitions. Doc comments are the help text.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::output::Format;
use crate::status::{Event, Mode, Reason, Status};

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
    after_help = "Exit codes: 0 success, 1 failure, 2 usage error, 3 `check`: the bot stays silent."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The database file [default: $XDG_DATA_HOME/botctl/botctl.db, else ~/.local/share/botctl/botctl.db]
    #[arg(long, global = true, env = "BOTCTL_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Who is making the change, as recorded in the history [default: your login name]
    #[arg(long, global = true, env = "BOTCTL_ACTOR", value_name = "NAME")]
    pub actor: Option<String>,
    /// When to use colour (`NO_COLOR` turns it off under `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print no messages on stderr (data on stdout and errors still appear)
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
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
    /// Add, import or remove contacts
    #[command(subcommand)]
    Contacts(ContactsCommand),
    /// Show or set the workspace's bot mode: off, suggestive or autopilot
    Mode(ModeArgs),
    /// Show or change the settings
    Config(ConfigArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
}

/// Output format of commands that print contacts or history rows.
#[derive(Debug, Args)]
pub struct FormatArg {
    /// Output format (`table` is a table on a terminal, tab-separated text otherwise)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The contact id
    pub id: String,
    #[command(flatten)]
    pub format: FormatArg,
}

/// The ids a changing command works on, and how careful it is.
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

/// `--dry-run` alone, for changing commands that never ask (`undo`, `contacts import`).
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
    /// Turn active again at this time (RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` local time)
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// active, snoozed or inactive
    pub status: Option<Status>,
    /// Contact ids (`-`: read them from stdin)
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
pub struct SnoozeArgs {
    /// Contact ids (`-`: read them from stdin)
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
pub struct WakeArgs {
    /// Contact ids (`-`: read them from stdin)
    pub ids: Vec<String>,
    /// Create contacts that do not exist yet instead of refusing
    #[arg(long)]
    pub create_missing: bool,
    #[command(flatten)]
    pub targets: Targets,
}

#[derive(Debug, Args)]
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
    /// Only contacts whose id or name contains this text, ignoring case in any script
    /// (text starting with `-`: `--search=-x`)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// At most this many contacts (on a terminal the table shows 50 unless this is given)
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Show which contacts would wake, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The contact id
    pub id: String,
    /// `json` prints an object with the answer and its reason
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// agent-message, workflow-message or bot-message
    pub event: Event,
    /// The contact id
    pub id: String,
    /// Create the contact if it does not exist yet
    #[arg(long)]
    pub create_missing: bool,
    /// Show what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this contact's history
    pub id: Option<String>,
    /// Only changes since this long ago (`2h`, `7days`) or this time
    #[arg(long, value_name = "DURATION|TIME")]
    pub since: Option<String>,
    /// At most this many rows
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct UndoArgs {
    /// The batch id, as printed by the command that made it (see `botctl history`)
    pub batch: i64,
    /// Skip contacts that changed again since the batch, and undo the rest
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub confirm: DryRun,
}

#[derive(Debug, Subcommand)]
pub enum ContactsCommand {
    /// Add one contact
    Add(AddArgs),
    /// Add or update contacts from a CSV file with a header row (`-`: stdin)
    Import(ImportArgs),
    /// Remove contacts (their history stays)
    Remove(RemoveArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The contact id, as the CRM gives it
    pub id: String,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    /// Show what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// CSV file with columns `id` (required), `name`, `phone`, `email`, `status`, `wake_at`; `-` for stdin
    pub file: PathBuf,
    #[command(flatten)]
    pub confirm: DryRun,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Contact ids (`-`: read them from stdin)
    pub ids: Vec<String>,
    #[command(flatten)]
    pub targets: Targets,
}

#[derive(Debug, Args)]
pub struct ModeArgs {
    /// The new mode; without it, print the current one
    pub mode: Option<Mode>,
    /// Show what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: Option<ConfigAction>,
    /// Output format of the list (`table` or `json`)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print one setting's value
    Get { key: String },
    /// Change a setting
    Set {
        key: String,
        value: String,
        /// Show what would change, and change nothing
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    pub shell: clap_complete::Shell,
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
clap_words!(Status, Reason, Mode, Event);

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
