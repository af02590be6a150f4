//! Text from outside (files, stdin, the database, arguments, the environment) shown to
//! people: control, escape and bidirectional-override characters escaped, so that no value
//! can move the cursor, recolour or retitle a terminal; echoed values cut to a sensible
//! length. Machine formats (json, csv, ids to a pipe) never go through here: they carry
//! the data exactly. On a terminal, stdout's last guard ([`TerminalGuard`]) writes what
//! machine formats leave (C1 controls, bidi controls in JSON strings) as `\uXXXX`.

use std::borrow::Cow;
use std::fmt::Write;

/// How many characters of an echoed value are shown before it is cut.
pub const SHOWN_CHARS: usize = 80;

/// Characters that reorder text on screen (bidirectional overrides and isolates).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Whether a character must not reach a terminal as it is: a control, a bidirectional
/// control, or an invisible byte order mark (U+FEFF).
pub fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || c == '\u{feff}'
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

/// Whether a character left in machine output (a JSON string) could still act on a
/// terminal: DEL, the C1 controls (U+0080–U+009F: `U+009B` is CSI on some terminals) and
/// the bidirectional controls. serde_json escapes the C0 controls itself.
fn acts_on_terminal(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}') || is_bidi_control(c)
}

/// Stdout's last guard: on a terminal, every character that [`acts_on_terminal`] is
/// written as JSON's `\uXXXX`, so JSON stays exact JSON and a person's screen safe; to a
/// pipe or a file, the bytes pass untouched. Text for people is escaped before it gets
/// here ([`escape`]), so this only ever changes machine formats shown on a terminal.
pub struct TerminalGuard<W: std::io::Write> {
    inner: W,
    tty: bool,
    /// The start of a character split between two writes.
    carry: Vec<u8>,
}

impl<W: std::io::Write> TerminalGuard<W> {
    pub fn new(inner: W, tty: bool) -> TerminalGuard<W> {
        TerminalGuard {
            inner,
            tty,
            carry: Vec::new(),
        }
    }

    /// Writes `bytes`, guarded; keeps an incomplete last character for the next write.
    fn guarded(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let mut rest = bytes;
        let mut out = Vec::with_capacity(bytes.len() + 16);
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    push_guarded(&mut out, text);
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    push_guarded(&mut out, std::str::from_utf8(good).unwrap_or_default());
                    match e.error_len() {
                        // Not UTF-8 (botctl never writes such bytes): shown as escapes.
                        Some(n) => {
                            for b in &bad[..n] {
                                let _ = write!(StringSink(&mut out), "\\x{b:02x}");
                            }
                            rest = &bad[n..];
                        }
                        None => {
                            rest = bad;
                            break;
                        }
                    }
                }
            }
        }
        self.carry = rest.to_vec();
        self.inner.write_all(&out)
    }
}

fn push_guarded(out: &mut Vec<u8>, text: &str) {
    if !text.chars().any(acts_on_terminal) {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    for c in text.chars() {
        if acts_on_terminal(c) {
            let _ = write!(StringSink(out), "\\u{:04x}", c as u32);
        } else {
            let mut b = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
        }
    }
}

/// `write!` into a byte vector.
struct StringSink<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for StringSink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

impl<W: std::io::Write> std::io::Write for TerminalGuard<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.tty {
            return self.inner.write(buf);
        }
        let mut all = std::mem::take(&mut self.carry);
        all.extend_from_slice(buf);
        self.guarded(&all)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.carry.is_empty() {
            // A character cut short for good: its bytes, shown as escapes.
            let carry = std::mem::take(&mut self.carry);
            let mut out = Vec::new();
            for b in carry {
                let _ = write!(StringSink(&mut out), "\\x{b:02x}");
            }
            self.inner.write_all(&out)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guarded(tty: bool, writes: &[&[u8]]) -> Vec<u8> {
        use std::io::Write as _;
        let mut g = TerminalGuard::new(Vec::new(), tty);
        for w in writes {
            g.write_all(w).unwrap();
        }
        g.flush().unwrap();
        g.inner
    }

    #[test]
    fn the_terminal_guard_escapes_what_acts_on_a_terminal() {
        let json = "{\"name\":\"a\u{9b}31m\u{202e}b\u{7f}é→\"}";
        // To a pipe: untouched.
        assert_eq!(guarded(false, &[json.as_bytes()]), json.as_bytes());
        // On a terminal: JSON escapes, still the same JSON value.
        let shown = String::from_utf8(guarded(true, &[json.as_bytes()])).unwrap();
        assert_eq!(shown, "{\"name\":\"a\\u009b31m\\u202eb\\u007fé→\"}");
        let back: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(back["name"], "a\u{9b}31m\u{202e}b\u{7f}é→");
        // A character split between writes is put back together first.
        let bytes = json.as_bytes();
        for cut in 0..bytes.len() {
            let (a, b) = bytes.split_at(cut);
            assert_eq!(guarded(true, &[a, b]), shown.as_bytes(), "cut at {cut}");
        }
        // Bytes that are not UTF-8 (never written by botctl) are shown, not passed on.
        assert_eq!(guarded(true, &[b"a\xff", b"\xc2"]), b"a\\xff\\xc2");
    }

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
