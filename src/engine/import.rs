//! `contacts import`: the CSV is read, checked and staged in constant memory before the
//! write lock is taken, then merged in one short transaction. All or nothing: any bad row
//! refuses the whole file, and every bad row is reported in one pass.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Read as IoRead;
use std::rc::Rc;

use anyhow::{Result, anyhow, bail};

use super::columns::{self, Field, Layout, Source as ColumnSource};
use super::{Author, catch_up, require_bot_on};
use crate::core::{Details, Status, Ts};
use crate::output::shown;
use crate::store::{ImportCounts, ImportMode, ImportRow, Scope, Store};
use crate::{ids, time};

/// How many bad rows an error lists (all of them go to `--errors`).
pub const ERRORS_SHOWN: usize = 50;

/// One bad row.
#[derive(Clone, Debug)]
pub struct RowError {
    pub line: u64,
    pub column: String,
    pub value: String,
    pub problem: String,
}

/// What `import` needs to know besides the file.
pub struct Options<'a> {
    pub mode: ImportMode,
    pub dry_run: bool,
    /// Called with each bad row (for `--errors FILE`).
    pub on_error: &'a mut dyn FnMut(&RowError) -> Result<()>,
    /// Called with the number of rows read so far (for a progress bar).
    pub on_progress: &'a mut dyn FnMut(u64),
    /// The `--errors` file, named in the error when there are bad rows.
    pub errors_to: Option<&'a str>,
}

/// What an import did.
#[derive(Clone, Debug, Default)]
pub struct Imported {
    pub counts: ImportCounts,
    pub batch: Option<i64>,
}

/// A contact detail: trimmed, `None` when empty; no control characters, at most 1024 bytes.
pub fn detail(what: &str, v: Option<&str>) -> Result<Option<String>, String> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().any(char::is_control) || v.len() > 1024 {
        return Err(format!(
            "the {what} must be at most 1024 bytes without control characters"
        ));
    }
    Ok(Some(v.to_string()))
}

/// The longest row (record) read, in bytes as written in the file: fields are at most
/// 1024 bytes, but columns that are ignored may be longer. A longer row stops the reading,
/// so that a file bounds the memory it takes whatever it holds.
pub const MAX_ROW_BYTES: u64 = 1024 * 1024;

/// The line where each record starts, for the records read ahead and not yet returned:
/// exact line numbers (CRLF, CR-only and blank lines included) in constant memory.
#[derive(Default)]
struct Lines {
    /// Where each record read ahead starts (its first byte that is not a line end), and
    /// on which line, oldest first; consumed as records go by.
    starts: VecDeque<(u64, u64)>,
    /// Line ends before the next byte (the line of the next byte, less one).
    ended: u64,
    /// The last byte was a `\r`: a line end of its own unless a `\n` follows.
    after_cr: bool,
    /// Outside quotes, the last byte ended a record (or nothing was read yet).
    at_record_end: bool,
    /// Bytes read so far.
    offset: u64,
    quote: QuoteState,
    /// Bytes of the record being read (from the end of the last record: a `\n` or `\r`
    /// outside quotes, as the csv reader ends records), and the line where it starts.
    record_bytes: u64,
    record_line: u64,
    /// The line of the first record longer than [`MAX_ROW_BYTES`].
    too_long: Option<u64>,
}

/// A row longer than [`MAX_ROW_BYTES`], which ends the reading.
#[derive(Debug)]
struct RowTooLong;

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a row longer than {} bytes", MAX_ROW_BYTES)
    }
}

impl std::error::Error for RowTooLong {}

/// Watches quotes, to find a quoted field that is never closed (the csv reader would end
/// it silently at the end of the input).
#[derive(Default)]
struct QuoteState {
    field_start: bool,
    /// The line where an open quoted field started.
    open: Option<u64>,
    /// A `"` inside a quoted field, which may be the first of `""`.
    maybe_close: bool,
    started: bool,
}

impl Lines {
    /// The 1-based line of the record the csv reader places at `offset`: the first record
    /// that starts there or later (the reader may place a record at the line ends before
    /// it, such as the `\n` of a CRLF or blank lines).
    fn line_of(&mut self, offset: u64) -> u64 {
        while self.starts.front().is_some_and(|&(at, _)| at < offset) {
            self.starts.pop_front();
        }
        match self.starts.front() {
            Some(&(_, line)) => line,
            None => self.ended + 1,
        }
    }

    fn feed(&mut self, bytes: &[u8], delimiter: u8) {
        for &b in bytes {
            if std::mem::take(&mut self.after_cr) && b != b'\n' {
                self.ended += 1;
            }
            let line = self.ended + 1;
            let offset = self.offset;
            self.offset += 1;
            match b {
                b'\n' => self.ended += 1,
                b'\r' => self.after_cr = true,
                _ => {}
            }
            if self.record_bytes == 0 {
                self.record_line = line;
            }
            self.record_bytes += 1;
            if self.record_bytes > MAX_ROW_BYTES && self.too_long.is_none() {
                self.too_long = Some(self.record_line);
            }
            let q = &mut self.quote;
            if !q.started {
                q.started = true;
                q.field_start = true;
                self.at_record_end = true;
            }
            if q.open.is_some() {
                if q.maybe_close {
                    q.maybe_close = false;
                    if b == b'"' {
                        // an escaped quote: still open
                        continue;
                    }
                    q.open = None;
                    q.field_start = false;
                    // fall through: this byte is outside the field
                } else {
                    if b == b'"' {
                        q.maybe_close = true;
                    }
                    continue;
                }
            }
            let line_end = b == b'\n' || b == b'\r';
            if !line_end && std::mem::take(&mut self.at_record_end) {
                self.starts.push_back((offset, line));
            }
            match b {
                b'"' if q.field_start => q.open = Some(line),
                b'\n' | b'\r' => {
                    q.field_start = true;
                    self.record_bytes = 0;
                    self.at_record_end = true;
                }
                _ if b == delimiter => q.field_start = true,
                _ => q.field_start = false,
            }
        }
    }

    fn unclosed(&self) -> Option<u64> {
        if self.quote.maybe_close {
            None
        } else {
            self.quote.open
        }
    }

    /// The error for a failed read: a row over [`MAX_ROW_BYTES`] (with the quote that may
    /// have made it so), or what the system said.
    fn read_error(&self, io: &std::io::Error) -> anyhow::Error {
        let Some(line) = self.too_long.filter(|_| {
            io.get_ref()
                .is_some_and(|e| e.downcast_ref::<RowTooLong>().is_some())
        }) else {
            return anyhow!("cannot read the CSV: {io}");
        };
        let quote = match self.quote.open {
            Some(q) if !self.quote.maybe_close => {
                format!(" (a quoted field starts on line {q} and runs on: is a `\"` missing?)")
            }
            _ => String::new(),
        };
        anyhow!(
            "line {line}: the row is longer than {} MiB{quote}; botctl reads rows of at most {} MiB \
             (as written in the file): shorten or remove the long column; nothing was imported",
            MAX_ROW_BYTES >> 20,
            MAX_ROW_BYTES >> 20
        )
    }
}

/// A reader that tells [`Lines`] every byte it passes on.
struct Tracked<R> {
    inner: R,
    lines: Rc<RefCell<Lines>>,
    delimiter: u8,
}

impl<R: IoRead> IoRead for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut lines = self.lines.borrow_mut();
        lines.feed(&buf[..n], self.delimiter);
        if lines.too_long.is_some() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                RowTooLong,
            ));
        }
        Ok(n)
    }
}

/// How many bytes are read ahead to find the header line and its separator.
const HEAD_BYTES: usize = 64 * 1024;

/// The first bytes of the input: up to the end of the header line (a newline outside
/// quotes), at most about [`HEAD_BYTES`].
fn read_head(input: &mut impl IoRead) -> Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 8192];
    let mut quoted = false;
    let mut scanned = 0;
    while head.len() < HEAD_BYTES {
        let n = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(anyhow!("cannot read the CSV: {e}")),
        };
        head.extend_from_slice(&chunk[..n]);
        let mut ended = false;
        for &b in &head[scanned..] {
            match b {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => {
                    ended = true;
                    break;
                }
                _ => {}
            }
        }
        scanned = head.len();
        if ended {
            break;
        }
    }
    Ok(head)
}

type Input<R> = std::io::Chain<std::io::Cursor<Vec<u8>>, R>;

/// An import file whose header has been read and understood.
pub struct Source<R: IoRead> {
    reader: csv::Reader<Tracked<Input<R>>>,
    lines: Rc<RefCell<Lines>>,
    /// Which column feeds which field.
    pub layout: Layout,
}

/// Reads the header of `input` and decides which column feeds which field: `delimiter`
/// (`--delimiter`) or the one detected from the header line, and `map` (`--map`) over the
/// recognised spellings. Nothing is opened or changed yet.
pub fn open<R: IoRead>(
    mut input: R,
    delimiter: Option<u8>,
    map: &[(Field, String)],
) -> Result<Source<R>> {
    let head = read_head(&mut input)?;
    const SAVE_AS: &str = "save it as UTF-8 (in a spreadsheet: \"CSV UTF-8\") and import that";
    // Files that are not text at all, named for what they are.
    if head.starts_with(b"SQLite format 3\0") {
        bail!(
            "the file is an SQLite database, not a CSV file; to move contacts between botctl databases use `botctl copy`, or export them with `botctl list --format csv`"
        );
    }
    if head.starts_with(b"\x1f\x8b") {
        bail!(
            "the file is gzip-compressed; decompress it first, e.g. `gunzip -c FILE | botctl contacts import -`"
        );
    }
    if head.starts_with(b"PK\x03\x04") {
        bail!(
            "the file is a ZIP archive (a spreadsheet such as .xlsx?), not a CSV file; {SAVE_AS}"
        );
    }
    if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        bail!("the file is UTF-16 text; {SAVE_AS}");
    }
    // UTF-16 without a byte order mark: every other byte of the header is NUL.
    let header_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    if header_line.contains(&0) {
        bail!(
            "line 1: the header has NUL bytes: the file is UTF-16 text (or not text at all); {SAVE_AS}"
        );
    }
    let delimiter = delimiter.unwrap_or_else(|| columns::detect_delimiter(&head, map));
    let lines = Rc::new(RefCell::new(Lines::default()));
    let tracked = Tracked {
        inner: std::io::Cursor::new(head).chain(input),
        lines: Rc::clone(&lines),
        delimiter,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(64 * 1024)
        .from_reader(tracked);
    let header = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => match e.kind() {
            csv::ErrorKind::Io(io) => return Err(lines.borrow().read_error(io)),
            _ => bail!("line 1: cannot read the CSV header row: {e}"),
        },
    };
    let names = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if i == 0 {
                h.strip_prefix(b"\xef\xbb\xbf").unwrap_or(h)
            } else {
                h
            };
            String::from_utf8_lossy(h).into_owned()
        })
        .collect();
    let layout = Layout::resolve(names, map, delimiter)?;
    Ok(Source {
        reader,
        lines,
        layout,
    })
}

/// Checks one record. `Err(errors)` when the row is bad.
fn check_row(
    record: &csv::ByteRecord,
    layout: &Layout,
    line: u64,
    now: Ts,
) -> std::result::Result<ImportRow, Vec<RowError>> {
    let errors = RefCell::new(Vec::new());
    // The column is named (an allocation) only for a bad row.
    let bad = |column: Option<ColumnSource>, value: &[u8], problem: String| {
        errors.borrow_mut().push(RowError {
            line,
            column: column.map(|c| layout.header_of(&c)).unwrap_or_default(),
            value: String::from_utf8_lossy(value).into_owned(),
            problem,
        });
    };
    let header = |i: usize| Some(ColumnSource::Column(i));
    let text = |i: usize, field: &str| -> Option<String> {
        let b = record.get(i)?;
        match std::str::from_utf8(b) {
            Ok(s) => Some(s.to_string()),
            Err(_) => {
                bad(
                    header(i),
                    b,
                    format!(
                        "the `{field}` is not UTF-8 text; save the file as UTF-8 (in a spreadsheet: \"CSV UTF-8\")"
                    ),
                );
                None
            }
        }
    };
    // Ids are taken exactly as written.
    let id = text(layout.id, "id").unwrap_or_default();
    let (name, name_column) = match &layout.name {
        Some(src @ ColumnSource::Column(i)) => (text(*i, "name"), Some(src.clone())),
        Some(src @ ColumnSource::Joined(first, last)) => {
            let parts: Vec<String> = first
                .iter()
                .zip(["first_name"].iter())
                .chain(last.iter().zip(["last_name"].iter()))
                .filter_map(|(&i, f)| text(i, f))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            let name = (!parts.is_empty()).then(|| parts.join(" "));
            (name, Some(src.clone()))
        }
        None => (None, None),
    };
    let phone = layout.phone.and_then(|i| text(i, "phone"));
    let email = layout.email.and_then(|i| text(i, "email"));
    let status_text = layout.status.and_then(|i| text(i, "status"));
    let wake_text = layout.wake_at.and_then(|i| text(i, "wake_at"));
    let mut row = ImportRow {
        line,
        id: id.clone(),
        details: Details::default(),
        status: None,
        wake_at: None,
        new_id_problem: None,
    };
    if id.is_empty() {
        if errors.borrow().is_empty() {
            bad(header(layout.id), b"", "the `id` is missing".into());
        }
    } else if let Err(e) = ids::validate(&id) {
        bad(header(layout.id), id.as_bytes(), e);
    } else {
        // Checked once the file is read, for the rows that create their contact.
        row.new_id_problem = ids::validate_new(&id).err();
    }
    for (field, column, value, slot) in [
        ("name", name_column, name, &mut row.details.name),
        (
            "phone",
            layout.phone.and_then(header),
            phone,
            &mut row.details.phone,
        ),
        (
            "email",
            layout.email.and_then(header),
            email,
            &mut row.details.email,
        ),
    ] {
        match detail(field, value.as_deref()) {
            Ok(v) => *slot = v,
            Err(e) => bad(column, value.unwrap_or_default().as_bytes(), e),
        }
    }
    let status_column = layout.status.and_then(header);
    if let Some(s) = status_text
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match s.parse::<Status>() {
            Ok(st) => row.status = Some(st),
            Err(e) => bad(status_column, s.as_bytes(), e),
        }
    }
    let wake_column = layout.wake_at.and_then(header);
    if let Some(t) = wake_text
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match time::parse_time(t).and_then(|at| time::check_timer(at, now)) {
            Ok(at) => row.wake_at = Some(at),
            Err(e) => bad(
                wake_column.clone(),
                t.as_bytes(),
                format!("bad `wake_at`: {e:#}"),
            ),
        }
    }
    let wake_value = wake_text.as_deref().map_or("", str::trim).as_bytes();
    match (row.status, row.wake_at) {
        (None, Some(_)) if errors.borrow().is_empty() => bad(
            wake_column,
            wake_value,
            "a `wake_at` needs a `status` of `snoozed` or `inactive`".into(),
        ),
        (Some(Status::Active), Some(_)) => bad(
            wake_column,
            wake_value,
            "an active contact has no `wake_at`; leave it empty".into(),
        ),
        _ => {}
    }
    let errors = errors.into_inner();
    if errors.is_empty() {
        Ok(row)
    } else {
        Err(errors)
    }
}

/// How many characters of a value the error message shows.
const VALUE_SHOWN: usize = 40;

/// A value for the error message: escaped, cut to [`VALUE_SHOWN`] characters.
fn value_shown(v: &str) -> String {
    let mut cut: String = v.chars().take(VALUE_SHOWN).collect();
    if cut.len() < v.len() {
        cut.push('…');
    }
    shown(&cut)
}

/// A problem for the error message: control and bidi characters escaped, cut at 300
/// characters (a problem may quote the value).
fn escaped(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i >= 300 {
            out.push('…');
            break;
        }
        if crate::escape::needs_escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The error that refuses a file with bad rows: the first [`ERRORS_SHOWN`] and a count.
/// `written_to` is the `--errors` file, when there is one.
pub fn rows_error(
    errors: &[RowError],
    total: u64,
    rows: u64,
    written_to: Option<&str>,
) -> anyhow::Error {
    // Rows, and the problems found in them when a row has several.
    let problems = if total == rows {
        String::new()
    } else {
        format!(" ({} problems)", crate::output::thousands(total))
    };
    let mut msg = format!(
        "{} bad row{} in the CSV{problems}; nothing was imported:",
        crate::output::thousands(rows),
        if rows == 1 { "" } else { "s" }
    );
    for e in errors.iter().take(ERRORS_SHOWN) {
        let column = if e.column.is_empty() {
            String::new()
        } else {
            format!(", column \"{}\"", shown(&e.column))
        };
        // Not echoed again when the problem quotes it already (whole, or cut and escaped
        // as ids are).
        let start: String = e.value.chars().take(10).collect();
        let quoted = e.problem.contains(&format!("`{start}"))
            || e.problem.contains(&format!("`{}", start.escape_debug()));
        let value = if e.value.is_empty() || quoted {
            String::new()
        } else {
            format!(" (`{}`)", value_shown(&e.value))
        };
        msg.push_str(&format!(
            "\n  line {}{column}: {}{value}",
            e.line,
            escaped(&e.problem)
        ));
    }
    let listed = errors.len().min(ERRORS_SHOWN) as u64;
    let more = total.saturating_sub(listed);
    match written_to {
        Some(file) if more > 0 => msg.push_str(&format!(
            "\n  … and {} more; all {} are written to `{}`",
            crate::output::thousands(more),
            crate::output::thousands(total),
            shown(file)
        )),
        Some(file) => msg.push_str(&format!("\n  (also written to `{}`)", shown(file))),
        None if more > 0 => msg.push_str(&format!(
            "\n  … and {} more (`--errors FILE` writes them all as CSV)",
            crate::output::thousands(more)
        )),
        None => {}
    }
    anyhow!(msg)
}

/// Checks and stages every row of `source`, then merges them into `store` in one
/// transaction.
pub fn import<R: IoRead>(
    store: &mut dyn Store,
    source: Source<R>,
    by: &Author,
    opts: Options,
) -> Result<Imported> {
    let Source {
        mut reader,
        lines,
        layout,
    } = source;
    let width = layout.names.len();
    let mut shown_errors: Vec<RowError> = Vec::new();
    let mut error_count = 0u64;
    // A row's problems are reported one after another (those of new ids, found once the
    // file is read, are of rows without other problems).
    let mut bad_rows = 0u64;
    let mut last_bad_line = None;
    let mut report = |e: RowError| -> Result<()> {
        (opts.on_error)(&e)?;
        error_count += 1;
        if last_bad_line != Some(e.line) {
            bad_rows += 1;
            last_bad_line = Some(e.line);
        }
        // Rows come in line order, but for new ids found once the file is read: the
        // message keeps the first ERRORS_SHOWN by line.
        if shown_errors.len() < ERRORS_SHOWN || shown_errors.last().is_some_and(|l| e.line < l.line)
        {
            let at = shown_errors.partition_point(|s| s.line <= e.line);
            shown_errors.insert(at, e);
            shown_errors.truncate(ERRORS_SHOWN);
        }
        Ok(())
    };
    let id_column = layout.header_of(&ColumnSource::Column(layout.id));
    // Staged rows whose id may not be created (they may name existing contacts).
    let mut new_id_problems = 0u64;
    let mut stage = store.stage_import()?;
    let mut record = csv::ByteRecord::new();
    let mut read = 0u64;
    loop {
        let more = match reader.read_byte_record(&mut record) {
            Ok(more) => more,
            Err(e) => {
                if let csv::ErrorKind::Io(io) = e.kind()
                    && lines.borrow().too_long.is_some()
                {
                    return Err(lines.borrow().read_error(io));
                }
                // A quote never closed makes the rest of the file one field: say so
                // rather than what the csv reader stumbled on.
                let mut rest = reader.into_inner();
                let _ = std::io::copy(&mut rest, &mut std::io::sink());
                if let Some(line) = lines.borrow().unclosed() {
                    bail!(
                        "line {line}: a quoted field is never closed (a `\"` is missing); nothing was imported"
                    );
                }
                let line = e
                    .position()
                    .map_or(0, |p| lines.borrow_mut().line_of(p.byte()));
                if let csv::ErrorKind::Io(io) = e.kind() {
                    return Err(lines.borrow().read_error(io));
                }
                bail!("line {line}: malformed CSV ({e}); nothing was imported");
            }
        };
        if !more {
            break;
        }
        let line = record
            .position()
            .map_or(0, |p| lines.borrow_mut().line_of(p.byte()));
        read += 1;
        if read.is_multiple_of(1000) {
            (opts.on_progress)(read);
        }
        if record.len() != width {
            let len = record.len();
            report(RowError {
                line,
                column: String::new(),
                value: String::new(),
                problem: format!(
                    "the row has {len} field{} but the header has {width} (separated by {})",
                    if len == 1 { "" } else { "s" },
                    columns::delimiter_name(layout.delimiter)
                ),
            })?;
            continue;
        }
        match check_row(&record, &layout, line, by.now) {
            Ok(row) => match stage.push(&row)? {
                Some(first) => report(RowError {
                    line,
                    column: id_column.clone(),
                    value: row.id.clone(),
                    problem: format!("the id appears twice (also on line {first})"),
                })?,
                None => new_id_problems += u64::from(row.new_id_problem.is_some()),
            },
            Err(errs) => {
                for e in errs {
                    report(e)?;
                }
            }
        }
    }
    if let Some(line) = lines.borrow().unclosed() {
        bail!(
            "line {line}: a quoted field is never closed (a `\"` is missing); nothing was imported"
        );
    }
    // Rows that would add a contact with an id that breaks the rules for new ids, as the
    // database is now (the merge checks again under the lock).
    if new_id_problems > 0 && opts.mode != ImportMode::OnlyExisting {
        stage.new_id_problems(&mut |line, id, problem| {
            report(RowError {
                line,
                column: id_column.clone(),
                value: id,
                problem,
            })
        })?;
    }
    if error_count == 0 && read > 0 {
        stage.prepare_merge(opts.mode, by.who, by.now, by.note)?;
    }
    stage.finish()?;
    (opts.on_progress)(read);
    if error_count > 0 {
        return Err(rows_error(
            &shown_errors,
            error_count,
            bad_rows,
            opts.errors_to,
        ));
    }
    if read == 0 {
        return Ok(Imported::default());
    }
    let mut tx = store.write()?;
    if tx.import_sets_status()? {
        require_bot_on(tx.mode()?)?;
    }
    tx.stage_import_ids()?;
    let woke = catch_up(tx.as_mut(), Scope::Staged, by)?;
    let batch = tx.new_batch("contacts import", by.who, by.now, by.note)?;
    let counts = tx.merge_import(batch, opts.mode, by.who, by.now, by.note)?;
    if opts.dry_run {
        return Ok(Imported {
            counts,
            batch: None,
        });
    }
    let changes = counts.added + counts.updated + counts.status_changes;
    let batch = super::change::finish_batch(tx, batch, changes, woke)?;
    Ok(Imported { counts, batch })
}

#[cfg(test)]
mod tests {
    use super::Lines;

    fn unclosed(data: &[u8]) -> Option<u64> {
        let mut l = Lines::default();
        l.feed(data, b',');
        l.unclosed()
    }

    #[test]
    fn unclosed_quotes_are_found() {
        assert_eq!(unclosed(b"id\n\"unterminated\n"), Some(2));
        assert_eq!(unclosed(b"id,name\n\"a\",\"b \"\"x\"\"\"\n"), None);
        assert_eq!(unclosed(b"id,name\na,\"multi\nline\"\nb,x\n"), None);
        assert_eq!(unclosed(b"id,name\na,O\"Brien\n"), None);
        assert_eq!(unclosed(b"id\nok\n\"x\"\"\n"), Some(3));
    }

    #[test]
    fn lines_count_crlf_and_blank_lines() {
        let mut l = Lines::default();
        let data = b"id,name\r\nb1,x\r\n\r\n,missing\r\n";
        l.feed(data, b',');
        assert_eq!(l.line_of(0), 1);
        assert_eq!(l.line_of(9), 2);
        assert_eq!(l.line_of(17), 4);
    }

    /// Wherever the csv reader places a record among the line ends before it, its line
    /// is the one its first byte is on: CRLF, CR only, LF, blank lines, a quoted field
    /// over two lines, and input fed in pieces that split a CRLF.
    #[test]
    fn a_record_is_on_the_line_of_its_first_byte() {
        for (data, want) in [
            (&b"id\r\ne1\r\n\r\n\r\n\r\ne2\r\n"[..], &[1u64, 2, 6][..]),
            (b"id\re1\r\re2\r", &[1, 2, 4]),
            (b"id\n\ne1\n\n\ne2", &[1, 3, 6]),
            (b"id,n\r\na,\"x\r\ny\"\r\n\r\nb,z\r\n", &[1, 2, 5]),
        ] {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(data);
            let mut l = Lines::default();
            for piece in data.chunks(3) {
                l.feed(piece, b',');
            }
            let got: Vec<u64> = reader
                .byte_records()
                .map(|r| l.line_of(r.unwrap().position().unwrap().byte()))
                .collect();
            assert_eq!(got, want, "{:?}", String::from_utf8_lossy(data));
        }
    }
}
