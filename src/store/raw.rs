//! Whole tables as rows of plain values, for `botctl copy`: every column of every table,
//! the same on both backends, so a workspace moves between any two databases with its
//! batch ids and history order intact.

use std::fmt;

/// A table, in the order `copy` writes them (batches before the history that refers to
/// them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Settings,
    Batches,
    Contacts,
    History,
    Events,
}

pub const TABLES: [Table; 5] = [
    Table::Settings,
    Table::Batches,
    Table::Contacts,
    Table::History,
    Table::Events,
];

/// A column's type: Unix seconds and ids are integers, everything else text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    Int,
    Text,
}

use Col::{Int, Text};

impl Table {
    pub fn name(self) -> &'static str {
        match self {
            Table::Settings => "settings",
            Table::Batches => "batches",
            Table::Contacts => "contacts",
            Table::History => "history",
            Table::Events => "events",
        }
    }

    /// What one and several of its rows are called.
    fn rows_word(self) -> (&'static str, &'static str) {
        match self {
            Table::Settings => ("setting", "settings"),
            Table::Batches => ("batch", "batches"),
            Table::Contacts => ("contact", "contacts"),
            Table::History => ("history row", "history rows"),
            Table::Events => ("event id", "event ids"),
        }
    }

    /// The primary key, which orders the rows read.
    pub fn key(self) -> &'static str {
        match self {
            Table::Settings => "key",
            Table::Batches | Table::Contacts | Table::Events => "id",
            Table::History => "seq",
        }
    }

    pub fn columns(self) -> &'static [(&'static str, Col)] {
        match self {
            Table::Settings => &[("key", Text), ("value", Text)],
            Table::Batches => &[
                ("id", Int),
                ("at", Int),
                ("command", Text),
                ("actor", Text),
                ("os_user", Text),
                ("note", Text),
            ],
            Table::Contacts => &[
                ("id", Text),
                ("name", Text),
                ("phone", Text),
                ("email", Text),
                ("status", Text),
                ("reason", Text),
                ("wake_at", Int),
                ("changed_at", Int),
                ("changed_by", Text),
                ("bot_messages", Int),
                ("counters", Text),
                ("note", Text),
                ("created_at", Int),
                ("created_batch", Int),
            ],
            Table::History => &[
                ("seq", Int),
                ("batch", Int),
                ("at", Int),
                ("kind", Text),
                ("contact", Text),
                ("setting", Text),
                ("from_status", Text),
                ("from_reason", Text),
                ("from_wake_at", Int),
                ("to_status", Text),
                ("reason", Text),
                ("wake_at", Int),
                ("from_value", Text),
                ("to_value", Text),
                ("from_counters", Text),
                ("to_counters", Text),
                ("record", Text),
                ("note", Text),
                ("actor", Text),
                ("os_user", Text),
            ],
            Table::Events => &[("id", Text), ("at", Int), ("contact", Text), ("batch", Int)],
        }
    }

    /// `a, b, c`.
    pub fn column_list(self) -> String {
        self.columns()
            .iter()
            .map(|(c, _)| *c)
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn index(self) -> usize {
        TABLES.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// One stored value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl Value {
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// One row: its values in [`Table::columns`] order.
pub type RawRow = Vec<Value>;

/// How many rows each table holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts(pub [u64; 5]);

impl Counts {
    pub fn get(&self, t: Table) -> u64 {
        self.0[t.index()]
    }

    pub fn add(&mut self, t: Table, n: u64) {
        self.0[t.index()] += n;
    }

    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }
}

impl fmt::Display for Counts {
    /// `3 contacts, 10 history rows, 4 batches` (tables that hold rows only).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = [
            Table::Contacts,
            Table::History,
            Table::Batches,
            Table::Settings,
            Table::Events,
        ]
        .iter()
        .filter(|t| self.get(**t) > 0)
        .map(|t| {
            let (one, many) = t.rows_word();
            let n = self.get(*t);
            format!("{n} {}", if n == 1 { one } else { many })
        })
        .collect();
        if parts.is_empty() {
            write!(f, "nothing")
        } else {
            write!(f, "{}", parts.join(", "))
        }
    }
}
