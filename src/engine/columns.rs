//! Which column of an import file feeds which field: the header spellings CRMs export
//! (`Contact Id`, `Phone Number`, `E-mail`, `First Name` + `Last Name`, ...), recognised
//! case- and punctuation-insensitively; `--map FIELD=HEADER`, which wins over them; and the
//! field separator, detected from the header line unless `--delimiter` gives it.

use std::collections::HashMap;

use anyhow::{Result, anyhow, bail};

use crate::error::usage;
use crate::escape::shown;

/// A field an import column can feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Id,
    Name,
    FirstName,
    LastName,
    Phone,
    Email,
    Status,
    WakeAt,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Id,
        Field::Name,
        Field::FirstName,
        Field::LastName,
        Field::Phone,
        Field::Email,
        Field::Status,
        Field::WakeAt,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Status => "status",
            Field::WakeAt => "wake_at",
        }
    }

    /// The header spellings recognised for this field, normalised (see [`normalize`]): the
    /// first list wins over the second when a file has columns of both.
    fn spellings(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Field::Id => (
                &["id", "contactid"],
                &["recordid", "personid", "customerid", "leadid", "externalid"],
            ),
            Field::Name => (
                &["name", "fullname", "contactname"],
                &["displayname", "personname", "customername"],
            ),
            Field::FirstName => (
                &[
                    "firstname",
                    "givenname",
                    "forename",
                    "first",
                    "vorname",
                    "prenom",
                    "prénom",
                ],
                &[],
            ),
            Field::LastName => (
                &[
                    "lastname",
                    "surname",
                    "familyname",
                    "last",
                    "nachname",
                    "nom",
                    "apellido",
                    "apellidos",
                    "achternaam",
                ],
                &[],
            ),
            Field::Phone => (
                &[
                    "phone",
                    "phonenumber",
                    "telephone",
                    "tel",
                    "phoneno",
                    "telefon",
                    "telefonnummer",
                    "téléphone",
                    "telefono",
                    "teléfono",
                    "telefoon",
                ],
                &[
                    "mobile",
                    "mobilephone",
                    "mobilenumber",
                    "mobilephonenumber",
                    "cell",
                    "cellphone",
                    "cellphonenumber",
                    "contactphone",
                    "personphone",
                    "workphone",
                    "handy",
                    "mobil",
                    "mobiltelefon",
                    "portable",
                    "movil",
                    "móvil",
                ],
            ),
            Field::Email => (
                &[
                    "email",
                    "emailaddress",
                    "mail",
                    "emailadresse",
                    "courriel",
                    "correo",
                    "correoelectronico",
                    "correoelectrónico",
                ],
                &["contactemail", "personemail", "workemail", "primaryemail"],
            ),
            Field::Status => (&["status", "botstatus"], &[]),
            Field::WakeAt => (
                &["wakeat", "wake", "wakeup", "wakeupat", "snoozeduntil"],
                &[],
            ),
        }
    }

    /// Which field a header names, and its rank (0 wins over 1).
    fn recognise(header: &str) -> Option<(Field, u8)> {
        let key = normalize(header);
        Field::ALL.into_iter().find_map(|f| {
            let (first, second) = f.spellings();
            if first.contains(&key.as_str()) {
                Some((f, 0))
            } else if second.contains(&key.as_str()) {
                Some((f, 1))
            } else {
                None
            }
        })
    }
}

/// A header reduced to its lower-case letters and digits: `Contact Id`, `contact_id` and
/// `ContactID` are all `contactid`.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Parses `--map FIELD=HEADER`.
pub fn parse_map(s: &str) -> std::result::Result<(Field, String), String> {
    let fields = || {
        Field::ALL
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some((field, header)) = s.split_once('=') else {
        return Err(format!(
            "`--map` takes FIELD=HEADER, e.g. `--map id=\"Contact Id\"`; the fields are {}",
            fields()
        ));
    };
    let key = normalize(field);
    let Some(f) = Field::ALL
        .into_iter()
        .find(|f| normalize(f.as_str()) == key)
    else {
        return Err(format!(
            "unknown field `{}` in `--map`; the fields are {}",
            shown(field),
            fields()
        ));
    };
    Ok((f, header.to_string()))
}

/// Parses `--delimiter`: `,`, `;`, `tab` (or `\t`), `|`, or another single ASCII
/// punctuation character.
pub fn parse_delimiter(s: &str) -> std::result::Result<u8, String> {
    match s {
        "tab" | "TAB" | "\\t" | "\t" => return Ok(b'\t'),
        "comma" => return Ok(b','),
        "semicolon" => return Ok(b';'),
        "pipe" => return Ok(b'|'),
        _ => {}
    }
    match s.as_bytes() {
        [b] if b.is_ascii_punctuation() && *b != b'"' => Ok(*b),
        _ => Err(format!(
            "`{}` is not a separator; use `,`, `;`, `tab` or `|`",
            shown(s)
        )),
    }
}

/// A separator as people write it.
pub fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".to_string(),
        d => format!("`{}`", d as char),
    }
}

/// The separators detected from a header line, in the order that wins a tie.
const DETECTED: [u8; 3] = [b',', b';', b'\t'];

/// The separator of a file whose first bytes are `head`: of `,`, `;` and tab, the one that
/// splits the header line (quotes respected) into the most recognised (or `--map`ped)
/// columns, then into the most columns; `,` when the line has none of them.
pub fn detect_delimiter(head: &[u8], map: &[(Field, String)]) -> u8 {
    let line = header_line(head);
    let mut best = (b',', (0usize, 0usize));
    for d in DETECTED {
        let count = count_outside_quotes(line, d);
        if count == 0 {
            continue;
        }
        let names = split_header(line, d);
        let known = names
            .iter()
            .filter(|n| {
                Field::recognise(n).is_some()
                    || map
                        .iter()
                        .any(|(_, h)| !h.is_empty() && h.trim() == n.trim())
            })
            .count();
        let score = (known, names.len());
        if best.1 == (0, 0) || score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// The bytes of the first line (a newline inside quotes does not end it).
fn header_line(head: &[u8]) -> &[u8] {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let mut quoted = false;
    for (i, &b) in head.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return &head[..i],
            _ => {}
        }
    }
    head
}

fn count_outside_quotes(line: &[u8], d: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

fn split_header(line: &[u8], d: u8) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(d)
        .from_reader(line);
    let mut rec = csv::ByteRecord::new();
    match r.read_byte_record(&mut rec) {
        Ok(true) => rec
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect(),
        _ => Vec::new(),
    }
}

/// Where a field's values come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Column(usize),
    /// `First Name` + `Last Name` (either may be missing).
    Joined(Option<usize>, Option<usize>),
}

/// Which column feeds which field.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The header as read (a UTF-8 BOM taken off, invalid UTF-8 replaced).
    pub names: Vec<String>,
    pub id: usize,
    pub name: Option<Source>,
    pub phone: Option<usize>,
    pub email: Option<usize>,
    pub status: Option<usize>,
    pub wake_at: Option<usize>,
    /// Columns that feed nothing.
    pub ignored: Vec<usize>,
    pub delimiter: u8,
}

/// A column as people see it: its header escaped and quoted, or its number when the header
/// is empty.
pub fn column_label(names: &[String], i: usize) -> String {
    match names.get(i).map(|n| n.trim()).filter(|n| !n.is_empty()) {
        Some(n) => format!("\"{}\"", shown(n)),
        None => format!("column {} (no header)", i + 1),
    }
}

/// The header as read, for an error: the first 12 columns, escaped and cut.
fn header_as_read(names: &[String], delimiter: u8) -> String {
    let mut s = names
        .iter()
        .take(12)
        .enumerate()
        .map(|(i, _)| column_label(names, i))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 12 {
        s.push_str(&format!(", … ({} columns)", names.len()));
    }
    format!(
        "{} column{} separated by {}: {s}",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        delimiter_name(delimiter)
    )
}

impl Layout {
    /// Decides which column feeds which field. `map` is `--map`, which wins over the
    /// recognised spellings; an empty HEADER leaves the field out.
    pub fn resolve(names: Vec<String>, map: &[(Field, String)], delimiter: u8) -> Result<Layout> {
        let mut chosen: HashMap<Field, usize> = HashMap::new();
        let mut left_out: Vec<Field> = Vec::new();
        let mut taken: HashMap<usize, Field> = HashMap::new();
        for (i, (field, header)) in map.iter().enumerate() {
            if map[..i].iter().any(|(f, _)| f == field) {
                return Err(usage(format!(
                    "`--map {}=...` is given twice; give each field once",
                    field.as_str()
                )));
            }
            if header.trim().is_empty() {
                left_out.push(*field);
                continue;
            }
            let col = find_column(&names, header).map_err(|e| {
                anyhow!(
                    "{e}; the header has {}\n  fix the HEADER of `--map {}=...`{}",
                    header_as_read(&names, delimiter),
                    field.as_str(),
                    if names.len() == 1 {
                        " (or give the separator with `--delimiter`)"
                    } else {
                        ""
                    }
                )
            })?;
            if let Some(other) = taken.insert(col, *field) {
                bail!(
                    "`--map` gives the column {} to both `{}` and `{}`; a column feeds one field",
                    column_label(&names, col),
                    other.as_str(),
                    field.as_str()
                );
            }
            chosen.insert(*field, col);
        }
        // A name comes from one column, or from first and last name: `--map` may say which,
        // but not both.
        let parts = [Field::FirstName, Field::LastName];
        let mapped_parts = parts.iter().any(|f| chosen.contains_key(f));
        if mapped_parts && chosen.contains_key(&Field::Name) {
            return Err(usage(
                "`--map name=...` and `--map first_name=...`/`last_name=...` both say where the \
                 name comes from; give one of them",
            ));
        }
        // Recognised spellings, for the fields `--map` does not name (and not a whole name
        // when `--map` names its parts).
        let mut candidates: HashMap<Field, Vec<(u8, usize)>> = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            if taken.contains_key(&i) {
                continue;
            }
            if let Some((f, rank)) = Field::recognise(n)
                && !chosen.contains_key(&f)
                && !left_out.contains(&f)
                && !(mapped_parts && f == Field::Name)
            {
                candidates.entry(f).or_default().push((rank, i));
            }
        }
        for f in Field::ALL {
            let Some(c) = candidates.get(&f) else {
                continue;
            };
            let best = c.iter().map(|c| c.0).min().unwrap_or(0);
            let top: Vec<usize> = c.iter().filter(|c| c.0 == best).map(|c| c.1).collect();
            if top.len() > 1 {
                let cols = top
                    .iter()
                    .map(|&i| column_label(&names, i))
                    .collect::<Vec<_>>()
                    .join(" and ");
                bail!(
                    "line 1: the columns {cols} both map to `{}`; name the one to use with `--map {}=HEADER` (or `--map {}=#N` for the Nth column)",
                    f.as_str(),
                    f.as_str(),
                    f.as_str()
                );
            }
            chosen.insert(f, top[0]);
        }
        let Some(&id) = chosen.get(&Field::Id) else {
            if names.len() <= 1 && names.iter().all(|n| n.trim().is_empty()) {
                bail!(
                    "line 1: the CSV is empty; its first line must name the columns, e.g. `id,name,phone,email`"
                );
            }
            let sep = if names.len() == 1 {
                let other = DETECTED
                    .iter()
                    .chain(b"|")
                    .find(|&&d| d != delimiter && names[0].contains(d as char));
                match other {
                    Some(&d) => format!(
                        "; the line looks separated by {}: try `--delimiter {}`",
                        delimiter_name(d),
                        if d == b'\t' {
                            "tab".to_string()
                        } else {
                            format!("'{}'", d as char)
                        }
                    ),
                    None => "; if its columns are separated by something else, give it with `--delimiter`".to_string(),
                }
            } else {
                String::new()
            };
            bail!(
                "line 1: no column of the header is a contact id; it has {}{sep}\n  name the id column with `--map id=HEADER` (recognised: `id`, `Contact Id`, `contact_id`, `ContactID`, `Record ID`, …)",
                header_as_read(&names, delimiter)
            );
        };
        let name = match chosen.get(&Field::Name) {
            Some(&c) => Some(Source::Column(c)),
            None => {
                let first = chosen.get(&Field::FirstName).copied();
                let last = chosen.get(&Field::LastName).copied();
                (first.is_some() || last.is_some()).then_some(Source::Joined(first, last))
            }
        };
        let mut used: Vec<usize> = vec![id];
        match &name {
            Some(Source::Column(c)) => used.push(*c),
            Some(Source::Joined(f, l)) => used.extend(f.iter().chain(l)),
            None => {}
        }
        let get = |f: Field| chosen.get(&f).copied();
        let (phone, email, status, wake_at) = (
            get(Field::Phone),
            get(Field::Email),
            get(Field::Status),
            get(Field::WakeAt),
        );
        used.extend([phone, email, status, wake_at].into_iter().flatten());
        let ignored = (0..names.len()).filter(|i| !used.contains(i)).collect();
        Ok(Layout {
            names,
            id,
            name,
            phone,
            email,
            status,
            wake_at,
            ignored,
            delimiter,
        })
    }

    /// The header of the column(s) feeding a field, as the error report names them.
    pub fn header_of(&self, source: &Source) -> String {
        let name = |i: usize| self.names.get(i).map_or("", |n| n.trim()).to_string();
        match source {
            Source::Column(i) => name(*i),
            Source::Joined(f, l) => f
                .iter()
                .chain(l)
                .map(|&i| name(i))
                .collect::<Vec<_>>()
                .join(" + "),
        }
    }

    /// `"Contact Id" → id, "First Name" + "Last Name" → name, ...; ignored: "Tags"`, or
    /// `None` when every column is a field under its own name.
    pub fn note(&self) -> Option<String> {
        let label = |i: usize| column_label(&self.names, i);
        let plain = |i: usize, field: &str| self.names[i].trim().eq_ignore_ascii_case(field);
        let mut parts = vec![(label(self.id), "id")];
        let mut all_plain = plain(self.id, "id");
        match &self.name {
            Some(Source::Column(c)) => {
                all_plain &= plain(*c, "name");
                parts.push((label(*c), "name"));
            }
            Some(Source::Joined(f, l)) => {
                all_plain = false;
                let joined = f
                    .iter()
                    .chain(l)
                    .map(|&i| label(i))
                    .collect::<Vec<_>>()
                    .join(" + ");
                parts.push((joined, "name"));
            }
            None => {}
        }
        for (col, field) in [
            (self.phone, "phone"),
            (self.email, "email"),
            (self.status, "status"),
            (self.wake_at, "wake_at"),
        ] {
            if let Some(c) = col {
                all_plain &= plain(c, field);
                parts.push((label(c), field));
            }
        }
        if all_plain && self.ignored.is_empty() {
            return None;
        }
        let mut s = format!(
            "columns: {}",
            parts
                .iter()
                .map(|(h, f)| format!("{h} → {f}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if !self.ignored.is_empty() {
            let mut list = self
                .ignored
                .iter()
                .take(20)
                .map(|&i| label(i))
                .collect::<Vec<_>>()
                .join(", ");
            if self.ignored.len() > 20 {
                list.push_str(&format!(" and {} more", self.ignored.len() - 20));
            }
            s.push_str(&format!("; ignored: {list}"));
        }
        Some(s)
    }
}

/// The column `--map` names: exactly as written (outer spaces aside), else ignoring case,
/// else ignoring case and punctuation; `#N` is the Nth column.
fn find_column(names: &[String], header: &str) -> Result<usize> {
    let want = header.trim();
    let tiers: [&dyn Fn(&str) -> bool; 3] = [
        &|n: &str| n.trim() == want,
        &|n: &str| n.trim().to_lowercase() == want.to_lowercase(),
        &|n: &str| !normalize(want).is_empty() && normalize(n) == normalize(want),
    ];
    for matches in tiers {
        let found: Vec<usize> = (0..names.len()).filter(|&i| matches(&names[i])).collect();
        match found.len() {
            0 => continue,
            1 => return Ok(found[0]),
            _ => bail!(
                "the header has {} columns named \"{}\" (columns {}); name one by its number, e.g. `#{}`",
                found.len(),
                shown(want),
                found
                    .iter()
                    .map(|i| (i + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                found[0] + 1
            ),
        }
    }
    if let Some(n) = want.strip_prefix('#').and_then(|n| n.parse::<usize>().ok()) {
        if n >= 1 && n <= names.len() {
            return Ok(n - 1);
        }
        bail!("`#{n}` is not a column (they are numbered from `#1`)");
    }
    bail!("line 1: there is no column \"{}\"", shown(want))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn spellings_are_recognised() {
        for (h, f) in [
            ("Contact Id", Field::Id),
            ("contact_id", Field::Id),
            ("ContactID", Field::Id),
            ("Phone Number", Field::Phone),
            ("Mobile", Field::Phone),
            ("E-mail", Field::Email),
            ("Email Address", Field::Email),
            ("Full Name", Field::Name),
            ("First Name", Field::FirstName),
            ("last_name", Field::LastName),
            ("Wake At", Field::WakeAt),
            ("STATUS", Field::Status),
        ] {
            assert_eq!(Field::recognise(h).map(|r| r.0), Some(f), "{h}");
        }
        assert_eq!(Field::recognise("Tags"), None);
    }

    #[test]
    fn first_and_last_name_make_the_name() {
        let l = Layout::resolve(
            names(&["Contact Id", "First Name", "Last Name", "Phone", "Tags"]),
            &[],
            b',',
        )
        .unwrap();
        assert_eq!(l.id, 0);
        assert_eq!(l.name, Some(Source::Joined(Some(1), Some(2))));
        assert_eq!(l.phone, Some(3));
        assert_eq!(l.ignored, vec![4]);
        assert_eq!(
            l.note().unwrap(),
            "columns: \"Contact Id\" → id, \"First Name\" + \"Last Name\" → name, \"Phone\" → phone; ignored: \"Tags\""
        );
        let plain = Layout::resolve(names(&["id", "Name", "phone"]), &[], b',').unwrap();
        assert_eq!(plain.note(), None);
    }

    #[test]
    fn a_primary_spelling_wins_and_two_ids_are_refused() {
        let l = Layout::resolve(names(&["id", "Mobile", "Phone"]), &[], b',').unwrap();
        assert_eq!(l.phone, Some(2));
        assert_eq!(l.ignored, vec![1]);
        let e = Layout::resolve(names(&["id", "Contact Id"]), &[], b',').unwrap_err();
        assert!(e.to_string().contains("both map to `id`"), "{e}");
    }

    #[test]
    fn map_wins_and_checks_its_header() {
        let map = vec![(Field::Id, "Kundennummer".to_string())];
        let l = Layout::resolve(names(&["id", "Kundennummer"]), &map, b',').unwrap();
        assert_eq!(l.id, 1);
        assert_eq!(l.ignored, vec![0]);
        let map = vec![(Field::Id, "#2".to_string())];
        assert_eq!(
            Layout::resolve(names(&["a", "b"]), &map, b',').unwrap().id,
            1
        );
        let map = vec![(Field::Id, "nope".to_string())];
        let e = Layout::resolve(names(&["id"]), &map, b',').unwrap_err();
        assert!(e.to_string().contains("no column \"nope\""), "{e}");
        assert!(parse_map("colour=x").is_err());
        assert_eq!(
            parse_map("Wake-At=When=Then").unwrap(),
            (Field::WakeAt, "When=Then".to_string())
        );
    }

    #[test]
    fn delimiters_are_detected_from_the_header() {
        assert_eq!(detect_delimiter(b"id;name;phone\n1;a,b;c\n", &[]), b';');
        assert_eq!(detect_delimiter(b"id\tname\n", &[]), b'\t');
        assert_eq!(detect_delimiter(b"id,name\n", &[]), b',');
        assert_eq!(detect_delimiter(b"id\n", &[]), b',');
        assert_eq!(detect_delimiter(b"\"Contact Id;x\",Name\n", &[]), b',');
        assert_eq!(detect_delimiter(b"Id;\"Name, full\"\n", &[]), b';');
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert_eq!(parse_delimiter("|"), Ok(b'|'));
        assert!(parse_delimiter("ab").is_err());
    }
}
