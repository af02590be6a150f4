//! Reading a stream line by line with a byte limit: a line longer than the limit is
//! skipped (counted, never buffered whole), so a 10 MB line costs no more memory than a
//! short one, and the lines around it are read as usual.

use std::io::{self, BufRead};

/// One line of input.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The line's bytes, without its `\n` (a trailing `\r` is kept; callers strip it).
    Text(Vec<u8>),
    /// The line had this many bytes (without `\n`), more than the limit; it was skipped.
    TooLong(u64),
}

/// Reads the next line, keeping at most `max` bytes. `Ok(None)` at the end of input.
pub fn read(input: &mut impl BufRead, max: usize) -> io::Result<Option<Line>> {
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    let mut any = false;
    loop {
        let chunk = match input.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, newline) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        let room = (max + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..take.min(room)]);
        total += take as u64;
        input.consume(take + usize::from(newline));
        if newline {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if total > max as u64 {
        return Ok(Some(Line::TooLong(total)));
    }
    Ok(Some(Line::Text(buf)))
}

/// A line's text for a reader of ids or JSON: UTF-8, without a trailing CR, and without
/// a leading UTF-8 byte order mark on the first line.
pub fn text(bytes: &[u8], first: bool) -> Result<&str, String> {
    let bytes = if first {
        bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
    } else {
        bytes
    };
    let s = std::str::from_utf8(bytes).map_err(|_| "the line is not valid UTF-8".to_string())?;
    Ok(s.strip_suffix('\r').unwrap_or(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_a_limit() {
        let mut big = b"ok\n".to_vec();
        big.extend(std::iter::repeat_n(b'x', 10 << 20));
        big.extend_from_slice(b"\nafter\r\nlast");
        let mut r = io::BufReader::with_capacity(4096, &big[..]);
        assert_eq!(read(&mut r, 64).unwrap(), Some(Line::Text(b"ok".to_vec())));
        assert_eq!(read(&mut r, 64).unwrap(), Some(Line::TooLong(10 << 20)));
        assert_eq!(
            read(&mut r, 64).unwrap(),
            Some(Line::Text(b"after\r".to_vec()))
        );
        assert_eq!(
            read(&mut r, 64).unwrap(),
            Some(Line::Text(b"last".to_vec()))
        );
        assert_eq!(read(&mut r, 64).unwrap(), None);
        // Exactly the limit is fine; one more byte is not.
        let mut r = &b"abcd\nabcde\n\n"[..];
        assert_eq!(read(&mut r, 4).unwrap(), Some(Line::Text(b"abcd".to_vec())));
        assert_eq!(read(&mut r, 4).unwrap(), Some(Line::TooLong(5)));
        assert_eq!(read(&mut r, 4).unwrap(), Some(Line::Text(Vec::new())));
        assert_eq!(read(&mut r, 4).unwrap(), None);
    }

    #[test]
    fn line_text() {
        assert_eq!(text(b"\xEF\xBB\xBFc-1\r", true), Ok("c-1"));
        assert_eq!(text(b"\xEF\xBB\xBFc-1", false), Ok("\u{feff}c-1"));
        assert!(text(b"c-\xff", false).is_err());
    }
}
