//! Each command's own `--format` values: `--help` lists only what the command can print,
//! and any other value is a usage error (exit 2). Commands that print rows turn their
//! choice into the sink's [`Format`].

use clap::ValueEnum;

use crate::output::Format;

/// `list` and `history`: rows in every format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RowsFormat {
    /// A table on a terminal; tab-separated text with a header otherwise
    Table,
    /// One JSON array of objects
    Json,
    /// One JSON object per line
    Ndjson,
    /// CSV with a header row
    Csv,
    /// One id per line, for `--stdin`
    Ids,
}

impl From<RowsFormat> for Format {
    fn from(f: RowsFormat) -> Format {
        match f {
            RowsFormat::Table => Format::Table,
            RowsFormat::Json => Format::Json,
            RowsFormat::Ndjson => Format::Ndjson,
            RowsFormat::Csv => Format::Csv,
            RowsFormat::Ids => Format::Ids,
        }
    }
}

/// `sweep`: the contacts it woke (or, with `--dry-run`, would wake), for hooks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SweepFormat {
    /// One JSON object per line
    Ndjson,
    /// One JSON array of objects
    Json,
    /// CSV with a header row
    Csv,
    /// One id per line, for `--stdin`
    Ids,
}

impl From<SweepFormat> for Format {
    fn from(f: SweepFormat) -> Format {
        match f {
            SweepFormat::Ndjson => Format::Ndjson,
            SweepFormat::Json => Format::Json,
            SweepFormat::Csv => Format::Csv,
            SweepFormat::Ids => Format::Ids,
        }
    }
}

/// Commands that print one answer: a line of text for people and logs, or one JSON
/// object (`status`, `check`, `record`, `mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    /// Text for people and logs
    #[value(alias = "table")]
    Text,
    /// One JSON object
    Json,
}

/// `config`: the settings as an aligned list, or one JSON object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ConfigFormat {
    /// One setting a line: key, value, and the default where it differs
    Table,
    /// One JSON object: snake_case keys, typed values (`null` for `none`)
    Json,
}
