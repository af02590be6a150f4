//! Contact ids: validation, and reading them from arguments or from stdin.

use std::collections::HashSet;
use std::io::{BufRead, Read};

use anyhow::{Result, bail};

use crate::error::usage;

/// The longest id, in bytes.
pub const MAX_ID_BYTES: usize = 256;
/// The longest line read from stdin; longer lines are refused without reading them whole.
const MAX_LINE_BYTES: u64 = 64 * 1024;

/// Checks an id: non-empty UTF-8 without control characters, at most 256 bytes.
pub fn validate(id: &str) -> Result<(), String> {
    validate_opaque("a contact id", id)
}

/// Checks an opaque id that `noun` names in messages (`a contact id`, `an event id`):
/// non-empty UTF-8 without control characters, at most 256 bytes.
pub fn validate_opaque(noun: &str, id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err(format!("{noun} cannot be empty"));
    }
    if id.len() > MAX_ID_BYTES {
        return Err(format!(
            "{noun} is at most {MAX_ID_BYTES} bytes; this one has {} (`{}…`)",
            id.len(),
            id.chars().take(24).collect::<String>()
        ));
    }
    if let Some(c) = id.chars().find(|c| c.is_control()) {
        return Err(format!(
            "{noun} cannot contain control characters; `{}` has {:?}",
            id.escape_debug(),
            c
        ));
    }
    Ok(())
}

/// Checks an id that is about to be created (`contacts add`, `--create-missing`,
/// `contacts import`): on top of [`validate`], no bidirectional control characters, no
/// white space at either end, and no `#` or byte order mark at the start, so that every id survives
/// `list --format ids | … --stdin`. Ids stored by an older botctl that break these rules
/// can still be named; only new ones are refused.
pub fn validate_new(id: &str) -> Result<(), String> {
    validate(id)?;
    let shown = || id.escape_debug().to_string();
    // An id with a bidirectional control could show as another id on a terminal.
    if let Some(c) = id.chars().find(|&c| crate::escape::is_bidi_control(c)) {
        return Err(format!(
            "a new contact id cannot contain bidirectional control characters; `{}` has U+{:04X}",
            shown(),
            u32::from(c)
        ));
    }
    if id.starts_with(char::is_whitespace) || id.ends_with(char::is_whitespace) {
        return Err(format!(
            "a new contact id cannot start or end with white space (`{}`); remove it, since `--stdin` strips it",
            shown()
        ));
    }
    if id.starts_with('#') {
        return Err(format!(
            "a new contact id cannot start with `#` (`{}`), since `--stdin` skips such lines as comments",
            shown()
        ));
    }
    if id.starts_with('\u{FEFF}') {
        return Err(format!(
            "a new contact id cannot start with a byte order mark (U+FEFF) (`{}`), since `--stdin` strips it",
            shown()
        ));
    }
    Ok(())
}

/// Checks an id that is about to be created; see [`validate_new`].
pub fn check_new(id: &str) -> Result<()> {
    validate_new(id).map_err(|e| anyhow::anyhow!("{e}"))
}

/// Validates one id given as an argument.
pub fn check(id: &str) -> Result<()> {
    validate(id).map_err(|e| anyhow::anyhow!("{e}"))
}

/// Where a command's ids come from.
pub enum Source<'a> {
    Args(&'a [String]),
    Stdin,
}

/// Decides where ids come from: arguments, `--stdin`, or the single argument `-`.
pub fn source(args: &[String], stdin: bool) -> Result<Source<'_>> {
    let dash = args.len() == 1 && args[0] == "-";
    if stdin && !args.is_empty() && !dash {
        return Err(usage(
            "give contact ids either as arguments or with `--stdin`, not both",
        ));
    }
    if stdin || dash {
        return Ok(Source::Stdin);
    }
    if args.iter().any(|a| a == "-") {
        return Err(usage(
            "`-` (read ids from stdin) must be the only id argument",
        ));
    }
    Ok(Source::Args(args))
}

/// The ids, validated and without duplicates, in the order first given.
pub fn gather(source: Source<'_>) -> Result<Vec<String>> {
    match source {
        Source::Args(args) => {
            let mut seen = HashSet::new();
            let mut out = Vec::new();
            for id in args {
                check(id)?;
                if seen.insert(id.as_str()) {
                    out.push(id.clone());
                }
            }
            Ok(out)
        }
        Source::Stdin => read(std::io::stdin().lock()),
    }
}

/// Reads ids one per line: blank lines and `#` comments skipped; surrounding white space,
/// a trailing CR and a leading UTF-8 BOM stripped; duplicates counted once. A bad line
/// is an error naming its number.
pub fn read(mut input: impl BufRead) -> Result<Vec<String>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = (&mut input)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if buf.len() as u64 > MAX_LINE_BYTES {
            bail!(
                "stdin line {line_no} is longer than {MAX_LINE_BYTES} bytes; a contact id is at most {MAX_ID_BYTES}"
            );
        }
        let mut bytes = buf.as_slice();
        if line_no == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            bail!("stdin line {line_no} is not valid UTF-8; contact ids must be UTF-8 text");
        };
        let text = text.strip_suffix('\n').unwrap_or(text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        let id = text.trim();
        if id.is_empty() || id.starts_with('#') {
            continue;
        }
        if let Err(e) = validate(id) {
            bail!("stdin line {line_no}: {e}");
        }
        if seen.insert(id.to_string()) {
            out.push(id.to_string());
        }
    }
    Ok(out)
}

/// Reads ids from one column of CSV with a header row (`--stdin-csv COLUMN`): the column
/// is named by its header (case and surrounding white space ignored) or by its number
/// from 1. Quoted fields, quotes inside them and fields over several lines are CSV's; the
/// delimiter is `,`, or `;` or a tab when the header line has no comma. Ids are taken
/// exactly as written; empty cells are skipped, duplicates count once. A bad id is an
/// error naming its line.
pub fn read_csv_column(mut input: impl BufRead, column: &str) -> Result<Vec<String>> {
    let mut head = Vec::new();
    input.read_until(b'\n', &mut head)?;
    let first = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    let delimiter = if first.contains(&b',') {
        b','
    } else if first.contains(&b';') {
        b';'
    } else if first.contains(&b'\t') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(std::io::Cursor::new(head).chain(input));
    let headers = reader
        .byte_headers()
        .map_err(|e| anyhow::anyhow!("cannot read the CSV header row on stdin: {e}"))?
        .clone();
    if headers.is_empty() || (headers.len() == 1 && headers[0].is_empty()) {
        return Ok(Vec::new());
    }
    let names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let wanted = column.trim();
    let index = names
        .iter()
        .position(|n| crate::search::fold(n) == crate::search::fold(wanted))
        .or_else(|| {
            wanted
                .parse::<usize>()
                .ok()
                .filter(|&n| (1..=names.len()).contains(&n))
                .map(|n| n - 1)
        });
    let Some(index) = index else {
        let shown: Vec<String> = names
            .iter()
            .take(20)
            .map(|n| format!("`{}`", n.escape_debug()))
            .collect();
        return Err(usage(format!(
            "the CSV on stdin has no column `{}`; its columns are {} (or give a number from 1 to {})",
            wanted.escape_debug(),
            shown.join(", "),
            names.len()
        )));
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let more = reader.read_byte_record(&mut record).map_err(|e| {
            let line = e
                .position()
                .map_or(String::new(), |p| format!("line {}: ", p.line()));
            anyhow::anyhow!("stdin {line}malformed CSV: {e}")
        })?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, |p| p.line());
        let Some(field) = record.get(index).filter(|f| !f.is_empty()) else {
            continue;
        };
        let Ok(id) = std::str::from_utf8(field) else {
            bail!("stdin line {line}: the id is not valid UTF-8; contact ids must be UTF-8 text");
        };
        if let Err(e) = validate(id) {
            bail!("stdin line {line}: {e}");
        }
        if seen.insert(id.to_string()) {
            out.push(id.to_string());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation() {
        assert!(validate("c-1").is_ok());
        assert!(validate("O'Brien; \"quoted\" id").is_ok());
        assert!(validate("клиент-7 顧客").is_ok());
        assert!(validate(&"x".repeat(256)).is_ok());
        assert!(validate(&"x".repeat(257)).is_err());
        assert!(validate("").is_err());
        assert!(validate("a\tb").is_err());
        assert!(validate("a\0b").is_err());
    }

    #[test]
    fn new_ids_must_round_trip() {
        for ok in ["c-1", "O'Brien; \"x\"", "a b", "c#1", "клиент-7 顧客", "-x"] {
            assert!(validate_new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "#1",
            " c1",
            "c1 ",
            "c1\u{a0}",
            "\u{3000}c1",
            "a\u{202E}b",
            "a\u{2066}b",
            "\u{200F}x",
            "",
            "a\nb",
        ] {
            assert!(validate_new(bad).is_err(), "{bad:?}");
        }
        // Only new ids are held to these rules.
        assert!(validate("#1").is_ok() && validate(" c1").is_ok());
    }

    #[test]
    fn reading_stdin() {
        let input = b"\xEF\xBB\xBFc-1\r\n  c-2  \r\n\n# a comment\nc-1\n\t\nc-3";
        assert_eq!(read(&input[..]).unwrap(), ["c-1", "c-2", "c-3"]);
        assert_eq!(read(&b""[..]).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn bad_lines_name_their_number() {
        let err = read(&b"c-1\nc-\xff\n"[..]).unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("UTF-8"), "{err}");
        let err = read(&b"ok\nok2\na\0b\n"[..]).unwrap_err().to_string();
        assert!(err.contains("line 3") && err.contains("control"), "{err}");
        let long = format!("c-1\n{}\n", "x".repeat(300));
        let err = read(long.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("256"), "{err}");
        let huge = vec![b'x'; 10 << 20];
        let err = read(&huge[..]).unwrap_err().to_string();
        assert!(err.contains("line 1") && err.contains("longer"), "{err}");
    }

    #[test]
    fn csv_columns() {
        let csv = b"\xEF\xBB\xBFName,Contact Id,Note\n\"Smith, J\",c-1,\"two\nlines\"\nx,\"c-2\",\nno id,,\ny,c-1,\n";
        assert_eq!(
            read_csv_column(&csv[..], "contact id").unwrap(),
            ["c-1", "c-2"]
        );
        assert_eq!(read_csv_column(&csv[..], "2").unwrap(), ["c-1", "c-2"]);
        assert_eq!(
            read_csv_column(&csv[..], "name").unwrap(),
            ["Smith, J", "x", "no id", "y"]
        );
        assert!(read_csv_column(&csv[..], "id").is_err());
        let semi = b"id;name\na;b\n";
        assert_eq!(read_csv_column(&semi[..], "id").unwrap(), ["a"]);
        assert_eq!(
            read_csv_column(&b""[..], "id").unwrap(),
            Vec::<String>::new()
        );
        let err = read_csv_column(&b"id\nok\n\"a\tb\"\n"[..], "id").unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
    }

    #[test]
    fn sources() {
        let dash = vec!["-".to_string()];
        assert!(matches!(source(&dash, false), Ok(Source::Stdin)));
        assert!(matches!(source(&dash, true), Ok(Source::Stdin)));
        let two = vec!["a".to_string(), "b".to_string()];
        assert!(source(&two, true).is_err());
        let mixed = vec!["a".to_string(), "-".to_string()];
        assert!(source(&mixed, false).is_err());
    }
}
