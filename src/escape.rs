//! Text from outside (files, stdin, the database, arguments, the environment) shown to
//! people: control, escape and bidirectional-override characters escaped, so that no value
//! can move the cursor, recolour or retitle a terminal; echoed values cut to a sensible
//! length. Machine formats (json, csv, ids to a pipe) never go through here: they carry
//! the data exactly.

use std::borrow::Cow;
use std::fmt::Write;

/// How many characters of an echoed value are shown before it is cut.
pub const SHOWN_CHARS: usize = 80;

/// Characters that reorder text on screen (bidirectional overrides and isolates).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{1b}' => out.push_str("\\e"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// The whole value with control and escape characters escaped (`\e`, `\n`, `\u{9b}`).
/// For values whose length is already bounded (ids, names in a table).
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A value echoed in a message: escaped, and cut after [`SHOWN_CHARS`] characters with a
/// note of its full size: `aaaa…(10485760 bytes)`.
pub fn shown(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(SHOWN_CHARS) {
        None => escape(s),
        Some((cut, _)) => Cow::Owned(format!("{}…({} bytes)", escape(&s[..cut]), s.len())),
    }
}

/// Bytes that may not be UTF-8 (a CSV cell, a stdin line), shown like [`shown`].
pub fn shown_bytes(b: &[u8]) -> String {
    let head = &b[..b.len().min(SHOWN_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    match text.char_indices().nth(SHOWN_CHARS) {
        None if head.len() == b.len() => escape(&text).into_owned(),
        None => format!("{}…({} bytes)", escape(&text), b.len()),
        Some((cut, _)) => format!("{}…({} bytes)", escape(&text[..cut]), b.len()),
    }
}

/// A path shown in a message, escaped and cut like any other value.
pub fn path(p: &std::path::Path) -> String {
    shown(&p.to_string_lossy()).into_owned()
}

/// A whole message (an error or a note) made safe for a terminal: every control
/// character but the line breaks and tabs botctl itself writes is escaped.
pub fn message(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| needs_escape(c) && c != '\n' && c != '\t') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) && c != '\n' && c != '\t' {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(escape("plain é"), "plain é");
        assert_eq!(escape("a\x1b]0;x\x07b"), "a\\e]0;x\\u{7}b");
        assert_eq!(escape("\x1b[31mred"), "\\e[31mred");
        assert_eq!(escape("x\u{9b}y"), "x\\u{9b}y");
        assert_eq!(escape("a\u{202E}b"), "a\\u{202e}b");
        assert_eq!(escape("l1\nl2\t"), "l1\\nl2\\t");
    }

    #[test]
    fn cuts_long_values_with_their_size() {
        let long = "x".repeat(10_485_760);
        let s = shown(&long);
        assert!(s.starts_with(&"x".repeat(SHOWN_CHARS)));
        assert!(s.ends_with("…(10485760 bytes)"), "{s}");
        assert!(s.len() < 120);
        assert_eq!(shown("short"), "short");
        let bytes = vec![b'\x1b'; 5000];
        let b = shown_bytes(&bytes);
        assert!(b.ends_with("(5000 bytes)") && !b.contains('\x1b'), "{b}");
    }

    #[test]
    fn messages_keep_line_breaks() {
        assert_eq!(message("a\nb\x1b[2J"), "a\nb\\e[2J");
    }
}
