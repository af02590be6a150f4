//! `COPY … FROM STDIN` in text format: the rows of a bulk step sent in one stream
//! rather than a round trip each.

use std::io::Write;

use anyhow::Result;
use postgres::GenericClient;

/// Appends one field of a text-format COPY row (`\N` for NULL), escaped.
pub fn field(out: &mut Vec<u8>, v: Option<&str>) {
    let Some(v) = v else {
        out.extend_from_slice(b"\\N");
        return;
    };
    for b in v.bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

/// Appends a row of fields.
pub fn row(out: &mut Vec<u8>, fields: &[Option<&str>]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        field(out, *f);
    }
    out.push(b'\n');
}

/// Sends `data` (whole rows) with `copy` (`COPY t (cols) FROM STDIN`).
pub fn send<C: GenericClient>(c: &mut C, copy: &str, data: &[u8]) -> Result<u64> {
    let mut w = c.copy_in(copy)?;
    w.write_all(data)?;
    Ok(w.finish()?)
}

/// Streams rows from `rows` with `copy`, flushing every 256 KiB.
pub fn stream<C: GenericClient>(
    c: &mut C,
    copy: &str,
    rows: &mut dyn FnMut(&mut Vec<u8>) -> Result<bool>,
) -> Result<u64> {
    let mut w = c.copy_in(copy)?;
    let mut buf = Vec::with_capacity(1 << 18);
    loop {
        let more = rows(&mut buf)?;
        if buf.len() >= 1 << 18 || !more {
            w.write_all(&buf)?;
            buf.clear();
        }
        if !more {
            break;
        }
    }
    Ok(w.finish()?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fields_are_escaped() {
        let mut out = Vec::new();
        super::row(&mut out, &[Some("a\tb\\c\nd\re"), None, Some("")]);
        assert_eq!(out, b"a\\tb\\\\c\\nd\\re\t\\N\t\n");
    }
}
