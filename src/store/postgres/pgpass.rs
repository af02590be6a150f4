//! The password file `~/.pgpass` (or `PGPASSFILE`), read as libpq reads it.
//!
//! One entry a line: `hostname:port:database:username:password`. A field that is exactly
//! `*` matches anything; `\:` and `\\` stand for a literal `:` and `\`. Lines starting with
//! `#` are comments. The first matching line wins. A file that group or others may read or
//! write is ignored with a warning, as libpq does.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// What a connection is matched against in the password file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The host name, or `localhost` for the default unix socket, or the socket folder.
    pub host: &'a str,
    pub port: &'a str,
    pub database: &'a str,
    pub user: &'a str,
}

/// The password of the first line of `contents` that matches `want`.
pub fn lookup(contents: &str, want: &Entry<'_>) -> Option<String> {
    for raw in contents.lines() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut rest = line;
        let mut matched = true;
        for field in [want.host, want.port, want.database, want.user] {
            match match_field(rest, field) {
                Some(after) => rest = after,
                None => {
                    matched = false;
                    break;
                }
            }
        }
        if !matched {
            continue;
        }
        let password = unescape_until_colon(rest);
        if !password.is_empty() {
            return Some(password);
        }
    }
    None
}

/// Matches one `:`-terminated field at the start of `line` against `value`; returns the
/// text after the `:` on a match.
fn match_field<'a>(line: &'a str, value: &str) -> Option<&'a str> {
    if let Some(after) = line.strip_prefix("*:") {
        return Some(after);
    }
    let mut want = value.chars();
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        let c = match c {
            ':' => {
                return want.next().is_none().then(|| &line[i + 1..]);
            }
            '\\' => match chars.next() {
                Some((_, escaped)) => escaped,
                None => return None,
            },
            c => c,
        };
        if want.next() != Some(c) {
            return None;
        }
    }
    None
}

/// The password field: up to an unescaped `:` or the end, backslash escapes removed.
fn unescape_until_colon(field: &str) -> String {
    let mut out = String::new();
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        match c {
            ':' => break,
            '\\' => match chars.next() {
                Some(e) => out.push(e),
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}

/// The password file's text, or `None` when there is none to use. A file that exists but
/// must not be used (not a plain file, readable by others, unreadable) gives a warning.
pub fn read(path: &Path) -> (Option<String>, Option<String>) {
    let shown = path.display().to_string().escape_debug().to_string();
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (None, None),
        Err(e) => {
            return (
                None,
                Some(format!(
                    "password file {shown} cannot be read ({e}); it is ignored"
                )),
            );
        }
    };
    if !meta.is_file() {
        return (
            None,
            Some(format!(
                "password file {shown} is not a plain file; it is ignored"
            )),
        );
    }
    let mode = meta.permissions().mode();
    if mode & 0o077 != 0 {
        return (
            None,
            Some(format!(
                "password file {shown} has group or world access (mode {:04o}); it is ignored; \
                 permissions should be u=rw (0600) or less: chmod 600 {shown}",
                mode & 0o7777
            )),
        );
    }
    match fs::read_to_string(path) {
        Ok(text) => (Some(text), None),
        Err(e) => (
            None,
            Some(format!(
                "password file {shown} cannot be read ({e}); it is ignored"
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want<'a>(host: &'a str, port: &'a str, database: &'a str, user: &'a str) -> Entry<'a> {
        Entry {
            host,
            port,
            database,
            user,
        }
    }

    #[test]
    fn first_matching_line_wins() {
        let file = "# comment\n\
                    db.example:5432:botctl:bob:first\n\
                    *:*:*:bob:second\n\
                    *:*:*:*:any\n";
        assert_eq!(
            lookup(file, &want("db.example", "5432", "botctl", "bob")).as_deref(),
            Some("first")
        );
        assert_eq!(
            lookup(file, &want("other", "5432", "botctl", "bob")).as_deref(),
            Some("second")
        );
        assert_eq!(
            lookup(file, &want("db.example", "5433", "botctl", "alice")).as_deref(),
            Some("any")
        );
    }

    #[test]
    fn no_match_gives_none() {
        let file = "db.example:5432:botctl:bob:pw\n";
        assert_eq!(
            lookup(file, &want("db.example", "5432", "botctl", "al")),
            None
        );
        assert_eq!(
            lookup(file, &want("db.example", "5432", "botct", "bob")),
            None
        );
        assert_eq!(
            lookup(file, &want("db.example", "543", "botctl", "bob")),
            None
        );
        assert_eq!(lookup("", &want("h", "1", "d", "u")), None);
        // a field must match whole, not as a prefix
        assert_eq!(
            lookup(file, &want("db.example", "5432", "botctl", "bobby")),
            None
        );
    }

    #[test]
    fn escapes_in_fields_and_password() {
        let file = r"/tmp/a\:b:5432:my\\db:bob:pa\:ss\\word:ignored";
        assert_eq!(
            lookup(file, &want("/tmp/a:b", "5432", r"my\db", "bob")).as_deref(),
            Some(r"pa:ss\word")
        );
        // an unescaped colon ends a field: `a` is not `a:b`
        assert_eq!(lookup(file, &want("/tmp/a", "5432", r"my\db", "bob")), None);
    }

    #[test]
    fn star_only_as_a_whole_field() {
        let file = "db*:*:*:*:pw\n";
        assert_eq!(lookup(file, &want("dbx", "1", "d", "u")), None);
        assert_eq!(
            lookup(file, &want("db*", "1", "d", "u")).as_deref(),
            Some("pw")
        );
    }

    #[test]
    fn crlf_short_lines_and_empty_passwords() {
        let file = "h:1:d:u\r\nh:1:d:u:\r\nh:1:d:u:pw\r\n";
        assert_eq!(
            lookup(file, &want("h", "1", "d", "u")).as_deref(),
            Some("pw")
        );
    }

    #[test]
    fn unicode_fields() {
        let file = "hôst:1:dä:ü:pö\n";
        assert_eq!(
            lookup(file, &want("hôst", "1", "dä", "ü")).as_deref(),
            Some("pö")
        );
    }

    #[test]
    fn open_permissions_are_refused_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        fs::write(&path, "*:*:*:*:pw\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let (text, warning) = read(&path);
        assert_eq!(text, None);
        let warning = warning.unwrap();
        assert!(warning.contains("group or world access"), "{warning}");
        assert!(warning.contains("chmod 600"), "{warning}");
        assert!(!warning.contains("pw\n"), "{warning}");

        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read(&path), (Some("*:*:*:*:pw\n".to_string()), None));

        assert_eq!(read(&dir.path().join("missing")), (None, None));
        let (text, warning) = read(dir.path());
        assert_eq!(text, None);
        assert!(warning.unwrap().contains("not a plain file"));
    }
}
