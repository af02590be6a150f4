//! Output: tables for people, JSON/NDJSON/CSV/ids for programs, colour, and the
//! messages that go to stderr. Machine formats stream row by row.

use std::fmt::Display;
use std::io::{self, BufWriter, Stdout, Write};

use anyhow::Result;
use clap::ValueEnum;
use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use serde::Serialize;

use crate::core::{Change, Contact, Counters, Kind as RowKind, Status, Ts};
use crate::escape::escape;
use crate::time;

/// A value that came from outside (a file, stdin, the database, an argument), made safe
/// for a terminal: control and escape characters escaped, cut to a sensible length.
pub fn shown(s: &str) -> String {
    crate::escape::shown(s).into_owned()
}

/// `1 contact`, `3 contacts or settings` — for conflict counts.
pub fn contacts_or_items(n: u64) -> String {
    format!("{} item{}", thousands(n), if n == 1 { "" } else { "s" })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table on a terminal; tab-separated text with a header otherwise
    Table,
    /// One JSON array (a single object for `status`)
    Json,
    /// One JSON object per line
    Ndjson,
    /// CSV with a header row
    Csv,
    /// One id per line, for `--stdin`
    Ids,
}

/// How the terminal behaves, resolved once at start-up.
#[derive(Clone, Copy, Debug)]
pub struct Ui {
    /// Colour on stdout (see `term`: `--color`, `NO_COLOR`, `CLICOLOR`, `TERM`).
    pub color: bool,
    /// `●`, `→`, `…` and box drawing; ASCII otherwise.
    pub unicode: bool,
    pub quiet: bool,
    pub verbose: bool,
    pub stdin_tty: bool,
    pub stdout_tty: bool,
    pub stderr_tty: bool,
}

impl Ui {
    /// A message for people on stderr, unless `--quiet`.
    pub fn note(&self, msg: impl Display) {
        if !self.quiet {
            let text = crate::escape::message(&msg.to_string()).into_owned();
            let _ = writeln!(io::stderr(), "{}", crate::term::glyphs(&text, self.unicode));
        }
    }

    /// A `--verbose` line on stderr: `botctl: database: …`.
    pub fn info(&self, msg: impl Display) {
        let _ = writeln!(io::stderr(), "botctl: {msg}");
    }

    /// `s` in the glyphs this terminal can show.
    pub fn glyphs<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        crate::term::glyphs(s, self.unicode)
    }

    /// Whether a person can be asked: stdin and stderr are both terminals.
    pub fn can_ask(&self) -> bool {
        self.stdin_tty && self.stderr_tty
    }
}

/// Stdout, buffered and, on a terminal, guarded ([`crate::escape::TerminalGuard`]).
pub type Out = BufWriter<Explained<crate::escape::TerminalGuard<Stdout>>>;

/// Standard output whose write failures say what failed and what to do, in words (not
/// "No space left on device (os error 28)"). The error kind is kept, so a closed pipe is
/// still recognised as one.
pub struct Explained<W>(W);

impl<W: Write> Explained<W> {
    fn explain(e: io::Error) -> io::Error {
        let what = match e.raw_os_error() {
            _ if e.kind() == io::ErrorKind::BrokenPipe => return e,
            Some(nix::libc::ENOSPC) | Some(nix::libc::EDQUOT) => {
                "the disk it goes to is full; free some space there, or send the output elsewhere"
                    .to_string()
            }
            Some(nix::libc::EFBIG) => {
                "the file it goes to reached the file size limit (`ulimit -f`); raise the limit, \
                 or send the output elsewhere"
                    .to_string()
            }
            _ => format!(
                "{}; check where the output goes",
                crate::dbfile::io_words(&e)
            ),
        };
        io::Error::new(
            e.kind(),
            format!("cannot write the output (stdout): {what}"),
        )
    }
}

impl<W: Write> Write for Explained<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(Self::explain)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(Self::explain)
    }
}

/// Stdout, buffered. Every write goes through `?`, so a closed pipe becomes an error
/// that `main` turns into a quiet exit 0. On a terminal, machine formats (JSON) are
/// guarded too: characters that could act on the terminal are written as `\uXXXX`.
pub fn stdout() -> Out {
    use std::io::IsTerminal;
    let out = io::stdout();
    let tty = out.is_terminal();
    BufWriter::with_capacity(
        64 * 1024,
        Explained(crate::escape::TerminalGuard::new(out, tty)),
    )
}

/// `5,000`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `1 contact`, `5,000 contacts`.
pub fn contacts(n: usize) -> String {
    format!(
        "{} contact{}",
        thousands(n as u64),
        if n == 1 { "" } else { "s" }
    )
}

fn status_color(s: Status) -> Color {
    match s {
        Status::Active => Color::Green,
        Status::Snoozed => Color::Yellow,
        Status::Inactive => Color::Red,
    }
}

/// `● snoozed` (`* snoozed` in ASCII), with the dot coloured when `ui.color`.
pub fn status_word(s: Status, ui: &Ui) -> String {
    let dot = if ui.unicode { "●" } else { "*" };
    if ui.color {
        let color = match s {
            Status::Active => anstyle::AnsiColor::Green,
            Status::Snoozed => anstyle::AnsiColor::Yellow,
            Status::Inactive => anstyle::AnsiColor::Red,
        };
        let style = anstyle::Style::new().fg_color(Some(color.into()));
        format!("{style}{dot}{style:#} {s}")
    } else {
        format!("{dot} {s}")
    }
}

/// What rows need to be drawn for people.
pub struct Look {
    pub now: Ts,
    pub max_bot_messages: Option<u32>,
    /// Unicode glyphs, set from the `Ui` by [`Sink::new`].
    pub unicode: bool,
}

/// A row that can be printed in every format.
pub trait Record {
    /// Column names of csv, tab-separated text and JSON keys, in order.
    const FIELDS: &'static [&'static str];
    /// Column titles of the terminal table.
    const TITLES: &'static [&'static str];
    /// Table columns never wrapped (ids): a narrow terminal shortens the others first.
    const NO_WRAP: &'static [usize] = &[0];
    /// The JSON object of one row.
    type Json<'a>: Serialize
    where
        Self: 'a;
    fn key(&self) -> &str;
    /// The contact id `--format ids` prints, if the record has one.
    fn id(&self) -> Option<&str> {
        Some(self.key())
    }
    fn json(&self) -> Self::Json<'_>;
    /// Field values for csv and tab-separated text: times in RFC 3339 UTC.
    fn fields(&self) -> Vec<String>;
    /// Cells of the terminal table: relative times, coloured status.
    fn cells(&self, look: &Look) -> Vec<Cell>;
}

/// A contact as JSON, fields in the order of the spec.
#[derive(Serialize)]
pub struct ContactJson<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub status: &'static str,
    pub reason: &'static str,
    pub wake_at: Option<String>,
    pub changed_at: String,
    pub changed_by: &'a str,
    pub bot_messages: u32,
    pub bot_messages_by_channel: &'a Counters,
    pub note: Option<&'a str>,
}

/// A history row as JSON.
#[derive(Serialize)]
pub struct ChangeJson<'a> {
    pub batch: i64,
    pub at: String,
    pub kind: &'static str,
    pub contact: Option<&'a str>,
    pub setting: Option<&'a str>,
    pub from: Option<serde_json::Value>,
    pub to: Option<serde_json::Value>,
    pub wake_at: Option<String>,
    pub reason: Option<&'static str>,
    pub actor: &'a str,
    pub os_user: &'a str,
    pub note: Option<&'a str>,
}

fn opt_field(t: Option<Ts>) -> String {
    t.map(time::rfc3339).unwrap_or_default()
}

fn status_cell(s: Status, look: &Look) -> Cell {
    let dot = if look.unicode { "●" } else { "*" };
    Cell::new(format!("{dot} {s}")).fg(status_color(s))
}

impl Record for Contact {
    const FIELDS: &'static [&'static str] = &[
        "id",
        "name",
        "phone",
        "email",
        "status",
        "reason",
        "wake_at",
        "changed_at",
        "changed_by",
        "bot_messages",
        "bot_messages_by_channel",
        "note",
    ];
    const TITLES: &'static [&'static str] = &[
        "ID", "NAME", "STATUS", "REASON", "WAKES", "CHANGED", "BY", "BOT MSGS",
    ];

    fn key(&self) -> &str {
        &self.id
    }

    type Json<'a> = ContactJson<'a>;

    fn json(&self) -> ContactJson<'_> {
        ContactJson {
            id: &self.id,
            name: self.name.as_deref(),
            phone: self.phone.as_deref(),
            email: self.email.as_deref(),
            status: self.state.status.as_str(),
            reason: self.state.reason.as_str(),
            wake_at: self.state.wake_at.map(time::rfc3339),
            changed_at: time::rfc3339(self.changed_at),
            changed_by: &self.changed_by,
            bot_messages: self.state.bot_messages,
            bot_messages_by_channel: &self.counters,
            note: self.note.as_deref(),
        }
    }

    fn fields(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone().unwrap_or_default(),
            self.phone.clone().unwrap_or_default(),
            self.email.clone().unwrap_or_default(),
            self.state.status.to_string(),
            self.state.reason.to_string(),
            opt_field(self.state.wake_at),
            time::rfc3339(self.changed_at),
            self.changed_by.clone(),
            self.state.bot_messages.to_string(),
            serde_json::to_string(&self.counters).unwrap_or_default(),
            self.note.clone().unwrap_or_default(),
        ]
    }

    fn cells(&self, look: &Look) -> Vec<Cell> {
        let limit = look
            .max_bot_messages
            .map_or(if look.unicode { "∞" } else { "none" }.to_string(), |m| {
                m.to_string()
            });
        vec![
            Cell::new(escape(&self.id)),
            Cell::new(escape(self.name.as_deref().unwrap_or(""))),
            status_cell(self.state.status, look),
            Cell::new(self.state.reason),
            Cell::new(
                self.state
                    .wake_at
                    .map_or("-".into(), |t| time::relative(t, look.now)),
            ),
            Cell::new(time::relative(self.changed_at, look.now)),
            Cell::new(escape(&self.changed_by)),
            Cell::new(format!("{}/{limit}", self.state.bot_messages)),
        ]
    }
}

impl Change {
    /// What the row changed from, in words: a status, a mode or setting value, details.
    pub fn from_words(&self) -> Option<String> {
        match self.kind {
            RowKind::Status | RowKind::Removed => self.from.map(|s| s.status.to_string()),
            RowKind::Added => None,
            RowKind::Details | RowKind::Mode | RowKind::Setting => self.from_value.clone(),
        }
    }

    /// What the row changed to, in words.
    pub fn to_words(&self) -> Option<String> {
        match self.kind {
            RowKind::Status | RowKind::Added => self.to.map(|s| s.status.to_string()),
            RowKind::Removed => None,
            RowKind::Details | RowKind::Mode | RowKind::Setting => self.to_value.clone(),
        }
    }

    /// A `from` or `to` in JSON: the details of a `details` row as the object they are
    /// stored as, every other value as a string.
    fn json_value(&self, words: String) -> serde_json::Value {
        match self.kind {
            RowKind::Details => {
                serde_json::from_str(&words).unwrap_or(serde_json::Value::String(words))
            }
            _ => serde_json::Value::String(words),
        }
    }

    /// The row's subject: the contact, `mode`, or the setting's key.
    pub fn subject(&self) -> &str {
        match (&self.contact, &self.setting) {
            (Some(c), _) => c,
            (None, Some(s)) => s,
            (None, None) => "mode",
        }
    }
}

impl Record for Change {
    const FIELDS: &'static [&'static str] = &[
        "batch", "at", "kind", "contact", "setting", "from", "to", "wake_at", "reason", "actor",
        "os_user", "note",
    ];
    const TITLES: &'static [&'static str] = &[
        "BATCH", "WHEN", "WHAT", "CHANGE", "WAKES", "REASON", "ACTOR", "NOTE",
    ];
    const NO_WRAP: &'static [usize] = &[0, 2];

    fn key(&self) -> &str {
        self.subject()
    }

    /// `mode` and `setting` rows name no contact: `--format ids` leaves them out, so that
    /// its output can be piped into `--stdin`.
    fn id(&self) -> Option<&str> {
        self.contact.as_deref()
    }

    type Json<'a> = ChangeJson<'a>;

    fn json(&self) -> ChangeJson<'_> {
        ChangeJson {
            batch: self.batch,
            at: time::rfc3339(self.at),
            kind: self.kind.as_str(),
            contact: self.contact.as_deref(),
            setting: self.setting.as_deref(),
            from: self.from_words().map(|w| self.json_value(w)),
            to: self.to_words().map(|w| self.json_value(w)),
            wake_at: self.to.and_then(|s| s.wake_at).map(time::rfc3339),
            reason: self.to.map(|s| s.reason.as_str()),
            actor: &self.actor,
            os_user: &self.os_user,
            note: self.note.as_deref(),
        }
    }

    fn fields(&self) -> Vec<String> {
        vec![
            self.batch.to_string(),
            time::rfc3339(self.at),
            self.kind.to_string(),
            self.contact.clone().unwrap_or_default(),
            self.setting.clone().unwrap_or_default(),
            self.from_words().unwrap_or_default(),
            self.to_words().unwrap_or_default(),
            opt_field(self.to.and_then(|s| s.wake_at)),
            self.to.map(|s| s.reason.to_string()).unwrap_or_default(),
            self.actor.clone(),
            self.os_user.clone(),
            self.note.clone().unwrap_or_default(),
        ]
    }

    fn cells(&self, look: &Look) -> Vec<Cell> {
        let actor = if self.actor == self.os_user {
            escape(&self.actor).into_owned()
        } else {
            format!("{} ({})", escape(&self.actor), escape(&self.os_user))
        };
        let what = match self.kind {
            RowKind::Mode => "mode".to_string(),
            RowKind::Setting => shown(self.setting.as_deref().unwrap_or("")),
            _ => escape(self.contact.as_deref().unwrap_or("")).into_owned(),
        };
        let arrow = if look.unicode { "→" } else { "->" };
        let change = match self.kind {
            RowKind::Status => format!(
                "{} {arrow} {}",
                self.from_words().unwrap_or_default(),
                self.to_words().unwrap_or_default()
            ),
            RowKind::Added => format!("added ({})", self.to_words().unwrap_or_default()),
            RowKind::Removed => "removed".to_string(),
            RowKind::Details => "details changed".to_string(),
            RowKind::Mode | RowKind::Setting => format!(
                "{} {arrow} {}",
                shown(&self.from_words().unwrap_or_default()),
                shown(&self.to_words().unwrap_or_default())
            ),
        };
        let mut change_cell = Cell::new(change);
        if let Some(to) = self.to {
            change_cell = change_cell.fg(status_color(to.status));
        }
        vec![
            Cell::new(self.batch),
            Cell::new(format!(
                "{} ({})",
                time::local_short(self.at, look.now),
                time::relative(self.at, look.now)
            )),
            Cell::new(what),
            change_cell,
            Cell::new(
                self.to
                    .and_then(|s| s.wake_at)
                    .map_or("-".into(), |t| time::local_short(t, look.now)),
            ),
            Cell::new(self.to.map(|s| s.reason.to_string()).unwrap_or_default()),
            Cell::new(actor),
            Cell::new(self.note.as_deref().map(shown).unwrap_or_default()),
        ]
    }
}

/// Tab-separated text: one line, control characters (tabs, newlines) made spaces.
fn write_tsv(out: &mut impl Write, fields: &[impl AsRef<str>]) -> io::Result<()> {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\t")?;
        }
        let f = f.as_ref();
        if f.chars().any(char::is_control) {
            let clean: String = f
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            out.write_all(clean.as_bytes())?;
        } else {
            out.write_all(f.as_bytes())?;
        }
    }
    out.write_all(b"\n")
}

enum Kind {
    Json {
        first: bool,
    },
    Ndjson,
    Csv(Box<csv::Writer<Out>>),
    Ids,
    Tsv,
    Table {
        rows: Vec<Vec<Cell>>,
        cap: Option<u64>,
        more: u64,
    },
}

/// Prints rows one at a time in the chosen format. Machine formats write each row as it
/// comes; the terminal table keeps at most `cap` rows and counts the rest.
pub struct Sink {
    kind: Kind,
    out: Out,
    look: Look,
    color: bool,
    titles: &'static [&'static str],
    no_wrap: &'static [usize],
    rows: u64,
    /// Stdout is a terminal: even machine formats escape control characters there.
    tty: bool,
}

impl Sink {
    /// `cap`: on a terminal, how many rows the table shows (`None`: all).
    pub fn new<R: Record>(
        format: Format,
        ui: &Ui,
        mut look: Look,
        cap: Option<u64>,
    ) -> Result<Sink> {
        look.unicode = ui.unicode;
        let mut out = stdout();
        let kind = match format {
            Format::Json => Kind::Json { first: true },
            Format::Ndjson => Kind::Ndjson,
            Format::Csv => {
                let mut w = csv::Writer::from_writer(stdout());
                w.write_record(R::FIELDS)?;
                Kind::Csv(Box::new(w))
            }
            Format::Ids => Kind::Ids,
            Format::Table if ui.stdout_tty => Kind::Table {
                rows: Vec::new(),
                cap,
                more: 0,
            },
            Format::Table => {
                write_tsv(&mut out, R::FIELDS)?;
                Kind::Tsv
            }
        };
        Ok(Sink {
            kind,
            out,
            look,
            color: ui.color,
            titles: R::TITLES,
            no_wrap: R::NO_WRAP,
            rows: 0,
            tty: ui.stdout_tty,
        })
    }

    pub fn push<R: Record>(&mut self, r: &R) -> Result<()> {
        self.rows += 1;
        let out = &mut self.out;
        match &mut self.kind {
            Kind::Json { first } => {
                out.write_all(if *first { b"[\n  " } else { b",\n  " })?;
                *first = false;
                serde_json::to_writer(&mut *out, &r.json())?;
            }
            Kind::Ndjson => {
                serde_json::to_writer(&mut *out, &r.json())?;
                out.write_all(b"\n")?;
            }
            Kind::Csv(w) if self.tty => {
                w.write_record(r.fields().iter().map(|f| escape(f).into_owned()))?
            }
            Kind::Csv(w) => w.write_record(r.fields())?,
            Kind::Ids => {
                if let Some(key) = r.id() {
                    let key = if self.tty { escape(key) } else { key.into() };
                    out.write_all(key.as_bytes())?;
                    out.write_all(b"\n")?;
                }
            }
            Kind::Tsv => write_tsv(out, &r.fields())?,
            Kind::Table { rows, cap, more } => {
                if cap.is_some_and(|c| rows.len() as u64 >= c) {
                    *more += 1;
                } else {
                    rows.push(r.cells(&self.look));
                }
            }
        }
        Ok(())
    }

    /// Ends the output. Returns how many rows the table left out (0 in other formats).
    pub fn finish(mut self) -> Result<u64> {
        let mut left_out = 0;
        match self.kind {
            Kind::Json { first } => self.out.write_all(if first { b"[]\n" } else { b"\n]\n" })?,
            Kind::Csv(mut w) => w.flush()?,
            Kind::Table { rows, more, .. } => {
                left_out = more;
                if !rows.is_empty() {
                    let mut table = Table::new();
                    if self.look.unicode {
                        table.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners());
                    } else {
                        table.load_style(presets::ASCII_FULL_CONDENSED);
                    }
                    table.set_header(self.titles.iter().map(Cell::new));
                    // Fit the terminal when it reports a usable width (a pty may say 0). The
                    // width is fixed now: without colour the table is told it is not on a
                    // terminal, and would then stop asking for the width.
                    if let Some(width) = table.width().filter(|&w| w >= 40) {
                        table.set_width(width);
                        table.set_content_arrangement(ContentArrangement::Dynamic);
                    }
                    if self.color {
                        table.enforce_styling();
                    } else {
                        table.force_no_tty();
                    }
                    for row in rows {
                        table.add_row(row);
                    }
                    // The columns that are never wrapped (ids) keep their width. Every other
                    // column keeps at least the longest word of its title (or its widest
                    // value, if narrower) when the terminal has room for that, so that short
                    // values are not split a letter a line.
                    let widest = table.column_max_content_widths();
                    let least: Vec<u16> = (0..widest.len())
                        .map(|i| {
                            let word = self.titles.get(i).map_or(0, |t| {
                                t.split(' ').map(|w| w.chars().count()).max().unwrap_or(0)
                            });
                            let own = if self.no_wrap.contains(&i) {
                                widest[i]
                            } else {
                                widest[i].min(word as u16)
                            };
                            own.saturating_add(2)
                        })
                        .collect();
                    let needed = least.iter().map(|&w| usize::from(w) + 1).sum::<usize>() + 1;
                    let room = table.width().is_none_or(|w| usize::from(w) >= needed);
                    for (i, col) in table.column_iter_mut().enumerate() {
                        use comfy_table::{ColumnConstraint, Width};
                        if self.no_wrap.contains(&i) {
                            col.set_constraint(ColumnConstraint::ContentWidth);
                        } else if room {
                            col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                                least[i],
                            )));
                        }
                    }
                    writeln!(self.out, "{table}")?;
                }
            }
            Kind::Ndjson | Kind::Ids | Kind::Tsv => {}
        }
        self.out.flush()?;
        Ok(left_out)
    }

    /// How many rows were pushed.
    pub fn rows(&self) -> u64 {
        self.rows
    }
}

/// Prints one record in `format`: a JSON object (not an array) for `json`.
pub fn single<R: Record>(r: &R, format: Format, ui: &Ui, look: Look) -> Result<()> {
    if format == Format::Json {
        let mut out = stdout();
        serde_json::to_writer_pretty(&mut out, &r.json())?;
        out.write_all(b"\n")?;
        out.flush()?;
        return Ok(());
    }
    let mut sink = Sink::new::<R>(format, ui, look, None)?;
    sink.push(r)?;
    sink.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(5000), "5,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(contacts(1), "1 contact");
        assert_eq!(contacts(5000), "5,000 contacts");
    }

    #[test]
    fn tsv_replaces_control_characters() {
        let mut v = Vec::new();
        write_tsv(&mut v, &["a\tb", "c\nd", "é"]).unwrap();
        assert_eq!(String::from_utf8(v).unwrap(), "a b\tc d\té\n");
    }
}
