//! `contacts import`: the CSV is read, checked and staged in constant memory before the
//! write lock is taken, then merged in one short transaction. All or nothing: any bad row
//! refuses the whole file, and every bad row is reported in one pass.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::io::Read as IoRead;
use std::rc::Rc;

use anyhow::{Context, Result, anyhow, bail};

use super::{Author, catch_up, require_bot_on};
use crate::core::{Details, Status, Ts};
use crate::output::shown;
use crate::store::{ImportCounts, ImportMode, ImportRow, Scope, Store};
use crate::{ids, time};

/// The columns an import file may have.
pub const COLUMNS: [&str; 6] = ["id", "name", "phone", "email", "status", "wake_at"];

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
    /// Called once with the unknown columns that are ignored.
    pub on_ignored: &'a mut dyn FnMut(&[String]),
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

/// Newline positions of the bytes read so far, consumed as records go by: exact line
/// numbers (CRLF and blank lines included) in constant memory.
#[derive(Default)]
struct Lines {
    /// Offsets of `\n` bytes not yet passed by a record.
    pending: VecDeque<u64>,
    /// Lines completed before the first pending newline.
    passed: u64,
    /// Bytes read so far.
    offset: u64,
    quote: QuoteState,
}

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
    /// The 1-based line of the byte at `offset`.
    fn line_of(&mut self, offset: u64) -> u64 {
        while self.pending.front().is_some_and(|&nl| nl < offset) {
            self.pending.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }

    fn feed(&mut self, bytes: &[u8], delimiter: u8) {
        for &b in bytes {
            let line = self.passed + self.pending.len() as u64 + 1;
            let q = &mut self.quote;
            if !q.started {
                q.started = true;
                q.field_start = true;
            }
            if q.open.is_some() {
                if q.maybe_close {
                    q.maybe_close = false;
                    if b == b'"' {
                        // an escaped quote: still open
                        if b == b'\n' {
                            self.pending.push_back(self.offset);
                        }
                        self.offset += 1;
                        continue;
                    }
                    q.open = None;
                    q.field_start = false;
                    // fall through: this byte is outside the field
                } else {
                    if b == b'"' {
                        q.maybe_close = true;
                    }
                    if b == b'\n' {
                        self.pending.push_back(self.offset);
                    }
                    self.offset += 1;
                    continue;
                }
            }
            match b {
                b'"' if q.field_start => q.open = Some(line),
                b'\n' => {
                    q.field_start = true;
                    self.pending.push_back(self.offset);
                }
                b'\r' => {}
                _ if b == delimiter => q.field_start = true,
                _ => q.field_start = false,
            }
            self.offset += 1;
        }
    }

    fn unclosed(&self) -> Option<u64> {
        if self.quote.maybe_close {
            None
        } else {
            self.quote.open
        }
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
        self.lines.borrow_mut().feed(&buf[..n], self.delimiter);
        Ok(n)
    }
}

/// Which column feeds which field.
struct Columns {
    index: HashMap<&'static str, usize>,
}

impl Columns {
    fn from_header(header: &csv::ByteRecord) -> Result<(Columns, Vec<String>)> {
        let mut index = HashMap::new();
        let mut ignored = Vec::new();
        for (i, h) in header.iter().enumerate() {
            let name = std::str::from_utf8(h)
                .map_err(|_| anyhow!("line 1: the header row is not valid UTF-8"))?;
            let name = name.strip_prefix('\u{feff}').unwrap_or(name);
            let key = name.trim().to_ascii_lowercase();
            match COLUMNS.iter().find(|c| **c == key) {
                Some(field) => {
                    if index.insert(*field, i).is_some() {
                        bail!(
                            "line 1: the column `{}` appears twice in the header row",
                            shown(&key)
                        );
                    }
                }
                None => ignored.push(shown(name)),
            }
        }
        if !index.contains_key("id") {
            bail!(
                "line 1: the CSV has no `id` column; its first line must name the columns, e.g. `id,name,phone,email,status,wake_at`"
            );
        }
        Ok((Columns { index }, ignored))
    }
}

/// Checks one record. `Ok(Err(errors))` when the row is bad.
fn check_row(
    record: &csv::ByteRecord,
    cols: &Columns,
    line: u64,
    now: Ts,
) -> std::result::Result<ImportRow, Vec<RowError>> {
    let errors = std::cell::RefCell::new(Vec::new());
    let raw = |field: &str| -> Option<&[u8]> { cols.index.get(field).and_then(|&i| record.get(i)) };
    let bad = |column: &str, value: &[u8], problem: String| {
        errors.borrow_mut().push(RowError {
            line,
            column: column.to_string(),
            value: String::from_utf8_lossy(value).into_owned(),
            problem,
        });
    };
    let text = |field: &str| -> Option<String> {
        let b = raw(field)?;
        match std::str::from_utf8(b) {
            Ok(s) => Some(s.to_string()),
            Err(_) => {
                bad(field, b, format!("the `{field}` field is not valid UTF-8"));
                None
            }
        }
    };
    // Ids are taken exactly as written.
    let id = text("id").unwrap_or_default();
    let name = text("name");
    let phone = text("phone");
    let email = text("email");
    let status_text = text("status");
    let wake_text = text("wake_at");
    let mut row = ImportRow {
        line,
        id: id.clone(),
        details: Details::default(),
        status: None,
        wake_at: None,
        new_id_problem: None,
    };
    if id.is_empty() {
        bad("id", b"", "the `id` is missing".into());
    } else if let Err(e) = ids::validate(&id) {
        bad("id", id.as_bytes(), e);
    } else {
        // Checked when the merge finds that this row creates the contact.
        row.new_id_problem = ids::validate_new(&id).err();
    }
    for (field, value, slot) in [
        ("name", name, &mut row.details.name),
        ("phone", phone, &mut row.details.phone),
        ("email", email, &mut row.details.email),
    ] {
        match detail(field, value.as_deref()) {
            Ok(v) => *slot = v,
            Err(e) => bad(field, value.unwrap_or_default().as_bytes(), e),
        }
    }
    if let Some(s) = status_text
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match s.parse::<Status>() {
            Ok(st) => row.status = Some(st),
            Err(e) => bad("status", s.as_bytes(), e),
        }
    }
    if let Some(t) = wake_text
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match time::parse_time(t).and_then(|at| time::check_timer(at, now)) {
            Ok(at) => row.wake_at = Some(at),
            Err(e) => bad("wake_at", t.as_bytes(), format!("bad `wake_at`: {e:#}")),
        }
    }
    match (row.status, row.wake_at) {
        (None, Some(_)) if errors.borrow().is_empty() => bad(
            "wake_at",
            b"",
            "a `wake_at` needs a `status` of `snoozed` or `inactive`".into(),
        ),
        (Some(Status::Active), Some(_)) => bad(
            "wake_at",
            b"",
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

/// The error that refuses a file with bad rows: the first [`ERRORS_SHOWN`] and a count.
pub fn rows_error(errors: &[RowError], total: u64) -> anyhow::Error {
    let mut msg = format!(
        "{} bad row{} in the CSV; nothing was imported:",
        total,
        if total == 1 { "" } else { "s" }
    );
    for e in errors.iter().take(ERRORS_SHOWN) {
        let value = if e.value.is_empty() {
            String::new()
        } else {
            format!(" (`{}`)", shown(&e.value))
        };
        msg.push_str(&format!("\n  line {}: {}{value}", e.line, e.problem));
    }
    if total > errors.len().min(ERRORS_SHOWN) as u64 {
        msg.push_str(&format!(
            "\n  … and {} more (`--errors FILE` writes them all as CSV)",
            total - errors.len().min(ERRORS_SHOWN) as u64
        ));
    }
    anyhow!(msg)
}

/// Reads, checks and stages `input`, then merges it into `store` in one transaction.
pub fn import(
    store: &mut dyn Store,
    input: impl IoRead,
    by: &Author,
    opts: Options,
) -> Result<Imported> {
    let delimiter = b',';
    let lines = Rc::new(RefCell::new(Lines::default()));
    let tracked = Tracked {
        inner: input,
        lines: Rc::clone(&lines),
        delimiter,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(delimiter)
        .buffer_capacity(64 * 1024)
        .from_reader(tracked);
    let header = reader
        .byte_headers()
        .context("cannot read the CSV header row")?
        .clone();
    let (cols, ignored) = Columns::from_header(&header)?;
    if !ignored.is_empty() {
        (opts.on_ignored)(&ignored);
    }
    let mut shown_errors: Vec<RowError> = Vec::new();
    let mut error_count = 0u64;
    let mut stage = store.stage_import()?;
    let mut record = csv::ByteRecord::new();
    let mut read = 0u64;
    loop {
        let more = match reader.read_byte_record(&mut record) {
            Ok(more) => more,
            Err(e) => {
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
                let what = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!(
                        "the row has {len} field{} but the header has {expected_len}",
                        if *len == 1 { "" } else { "s" }
                    ),
                    csv::ErrorKind::Io(io) => {
                        return Err(anyhow!("cannot read the CSV: {io}"));
                    }
                    other => format!("malformed CSV: {other:?}"),
                };
                bail!("line {line}: {what}; nothing was imported");
            }
        };
        if !more {
            break;
        }
        let line = record
            .position()
            .map_or(0, |p| lines.borrow_mut().line_of(p.byte()));
        read += 1;
        if read.is_multiple_of(4096) {
            (opts.on_progress)(read);
        }
        match check_row(&record, &cols, line, by.now) {
            Ok(row) => {
                if let Some(first) = stage.push(&row)? {
                    let e = RowError {
                        line,
                        column: "id".into(),
                        value: row.id.clone(),
                        problem: format!("the id appears twice (also on line {first})"),
                    };
                    (opts.on_error)(&e)?;
                    error_count += 1;
                    if shown_errors.len() < ERRORS_SHOWN {
                        shown_errors.push(e);
                    }
                }
            }
            Err(errs) => {
                for e in errs {
                    (opts.on_error)(&e)?;
                    error_count += 1;
                    if shown_errors.len() < ERRORS_SHOWN {
                        shown_errors.push(e);
                    }
                }
            }
        }
    }
    if let Some(line) = lines.borrow().unclosed() {
        bail!(
            "line {line}: a quoted field is never closed (a `\"` is missing); nothing was imported"
        );
    }
    stage.finish()?;
    (opts.on_progress)(read);
    if error_count > 0 {
        return Err(rows_error(&shown_errors, error_count));
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
}
