//! Import on PostgreSQL: checked rows are sent with `COPY` into a temporary table of the
//! session (kept across commits), outside the write lock; the write transaction then
//! merges them in a few set-based statements, as on SQLite.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use anyhow::Result;
use postgres::{Client, GenericClient, Transaction};

use super::copyio;
use super::tx::details_json;
use crate::core::{Ts, Who};
use crate::store::{ImportCounts, ImportMode, ImportRow, ImportStage};

/// Rows sent per `COPY`.
const CHUNK: usize = 8192;

const COPY: &str = "COPY pg_temp.import_rows (id, line, name, phone, email, status, wake_at, new_id_problem) \
     FROM STDIN";

pub struct PgImportStage<'a> {
    client: &'a mut Client,
    /// The ids staged so far, as a filter that may say "maybe": a duplicate is then
    /// looked up exactly.
    seen: Seen,
    /// Rows not sent yet, and their ids' lines.
    pending: Vec<u8>,
    pending_ids: HashMap<String, u64>,
    rows: u64,
}

/// Which ids were staged: a Bloom filter of fixed size (32 MiB), so that staging takes
/// the same memory whatever the size of the file. "Not seen" is certain; "maybe seen" is
/// checked exactly, against the rows not sent yet and then the server's table. With 5
/// bits an id it says "maybe" wrongly for about 1 id in 10⁶ at 1M rows, and 1 in 300 at
/// 20M rows (a 1 GB file): a query each.
struct Seen {
    bits: Vec<u64>,
}

/// The filter's size in bits (a power of two).
const SEEN_BITS: u64 = 1 << 28;
/// Bits set per id.
const SEEN_HASHES: u64 = 5;

impl Seen {
    fn new() -> Seen {
        // Zeroed memory is mapped as it is first written: a small file uses little.
        Seen {
            bits: vec![0; (SEEN_BITS / 64) as usize],
        }
    }

    /// Marks `id`; returns whether it may have been marked before.
    fn mark(&mut self, id: &str) -> bool {
        let mut h = DefaultHasher::new();
        id.hash(&mut h);
        let h = h.finish();
        // Double hashing: position i is a + i·b.
        let (a, b) = (h & 0xffff_ffff, (h >> 32) | 1);
        let mut maybe = true;
        for i in 0..SEEN_HASHES {
            let bit = (a.wrapping_add(i.wrapping_mul(b))) & (SEEN_BITS - 1);
            let (word, mask) = ((bit / 64) as usize, 1u64 << (bit % 64));
            maybe &= self.bits[word] & mask != 0;
            self.bits[word] |= mask;
        }
        maybe
    }
}

impl<'a> PgImportStage<'a> {
    pub fn new(client: &'a mut Client) -> Result<PgImportStage<'a>> {
        client.batch_execute(
            "SET client_min_messages = warning;
             CREATE TEMP TABLE IF NOT EXISTS import_rows (
                 id text COLLATE \"C\" PRIMARY KEY, line bigint NOT NULL, name text, phone text,
                 email text, status text, wake_at bigint, new boolean NOT NULL DEFAULT true,
                 new_id_problem text);
             RESET client_min_messages;
             TRUNCATE pg_temp.import_rows;",
        )?;
        Ok(PgImportStage {
            client,
            seen: Seen::new(),
            pending: Vec::new(),
            pending_ids: HashMap::new(),
            rows: 0,
        })
    }

    fn flush(&mut self) -> Result<()> {
        if !self.pending.is_empty() {
            copyio::send(self.client, COPY, &self.pending)?;
            self.pending.clear();
            self.pending_ids.clear();
        }
        Ok(())
    }
}

impl ImportStage for PgImportStage<'_> {
    fn push(&mut self, r: &ImportRow) -> Result<Option<u64>> {
        if self.seen.mark(&r.id) {
            if let Some(&line) = self.pending_ids.get(&r.id) {
                return Ok(Some(line));
            }
            // Not among the rows not sent yet: staged earlier, or not at all.
            if let Some(row) = self.client.query_opt(
                "SELECT line FROM pg_temp.import_rows WHERE id = $1",
                &[&r.id],
            )? {
                let line: i64 = row.get(0);
                return Ok(Some(u64::try_from(line).unwrap_or(0)));
            }
        }
        let line = r.line.to_string();
        let wake = r.wake_at.map(|w| w.to_string());
        copyio::row(
            &mut self.pending,
            &[
                Some(&r.id),
                Some(&line),
                r.details.name.as_deref(),
                r.details.phone.as_deref(),
                r.details.email.as_deref(),
                r.status.map(|s| s.as_str()),
                wake.as_deref(),
                r.new_id_problem.as_deref(),
            ],
        );
        self.pending_ids.insert(r.id.clone(), r.line);
        self.rows += 1;
        if self.pending_ids.len() >= CHUNK {
            self.flush()?;
        }
        Ok(None)
    }

    fn new_id_problems(
        &mut self,
        each: &mut dyn FnMut(u64, String, String) -> Result<()>,
    ) -> Result<()> {
        self.flush()?;
        super::store::stream(
            self.client,
            "SELECT line, id, new_id_problem FROM pg_temp.import_rows r \
             WHERE new_id_problem IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = r.id) ORDER BY line",
            &[],
            &mut |r| {
                let line: i64 = r.get(0);
                each(u64::try_from(line).unwrap_or(0), r.get(1), r.get(2))
            },
        )
    }

    fn finish(mut self: Box<Self>) -> Result<u64> {
        self.flush()?;
        Ok(self.rows)
    }
}

const DETAILS_DIFFER: &str = "((r.name IS NOT NULL AND r.name IS DISTINCT FROM c.name) \
     OR (r.phone IS NOT NULL AND r.phone IS DISTINCT FROM c.phone) \
     OR (r.email IS NOT NULL AND r.email IS DISTINCT FROM c.email))";

const STATUS_DIFFERS: &str = "r.status IS NOT NULL \
     AND NOT (c.status = r.status AND c.wake_at IS NOT DISTINCT FROM r.wake_at)";

pub fn sets_status<C: GenericClient>(c: &mut C) -> Result<bool> {
    Ok(c.query_opt(
        "SELECT 1 FROM pg_temp.import_rows WHERE status IS NOT NULL LIMIT 1",
        &[],
    )?
    .is_some())
}

pub fn stage_ids(t: &mut Transaction) -> Result<u64> {
    t.batch_execute("DELETE FROM pg_temp.staged")?;
    Ok(t.execute(
        "INSERT INTO pg_temp.staged (id) SELECT id FROM pg_temp.import_rows",
        &[],
    )?)
}

pub fn merge(
    t: &mut Transaction,
    batch: i64,
    mode: ImportMode,
    who: &Who,
    now: Ts,
    note: Option<&str>,
) -> Result<ImportCounts> {
    let rows: i64 = t
        .query_one("SELECT count(*) FROM pg_temp.import_rows", &[])?
        .get(0);
    let skipped = match mode {
        ImportMode::Upsert => 0,
        ImportMode::OnlyNew => t.execute(
            "DELETE FROM pg_temp.import_rows r USING contacts c WHERE c.id = r.id",
            &[],
        )?,
        ImportMode::OnlyExisting => t.execute(
            "DELETE FROM pg_temp.import_rows r \
             WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = r.id)",
            &[],
        )?,
    };
    // Rows arrive marked new: only those of existing contacts are rewritten (none, for a
    // file of new contacts, where rewriting every staged row cost 4-5 s per million).
    t.execute(
        "UPDATE pg_temp.import_rows r SET new = false FROM contacts c \
         WHERE c.id = r.id AND r.new",
        &[],
    )?;
    // Rows that would create a contact with an id that cannot round-trip.
    let bad: Vec<(i64, String)> = t
        .query(
            "SELECT line, new_id_problem FROM pg_temp.import_rows \
             WHERE new AND new_id_problem IS NOT NULL ORDER BY line",
            &[],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    if !bad.is_empty() {
        let lines: Vec<String> = bad
            .iter()
            .take(50)
            .map(|(line, why)| format!("\n  line {line}: {why}"))
            .collect();
        anyhow::bail!(
            "{} row{} would add a contact whose id cannot be used; nothing was imported:{}",
            bad.len(),
            if bad.len() == 1 { "" } else { "s" },
            lines.concat()
        );
    }
    let added = t.execute(
        "INSERT INTO contacts (id, name, phone, email, status, reason, wake_at, bot_messages, \
         changed_at, changed_by, note, created_at, created_batch) \
         SELECT id, name, phone, email, coalesce(status, 'active'), 'manual', wake_at, 0, \
         $1::bigint, $2::text, $3::text, $1::bigint, $4::bigint \
         FROM pg_temp.import_rows WHERE new ORDER BY id",
        &[&now, &who.actor, &note, &batch],
    )?;
    let of_row = details_json("r.name", "r.phone", "r.email");
    t.execute(
        &format!(
            "INSERT INTO history (batch, at, kind, contact, to_status, reason, wake_at, to_value, \
             note, actor, os_user) \
             SELECT $1::bigint, $2::bigint, 'added', r.id, coalesce(r.status, 'active'), 'manual', \
             r.wake_at, CASE WHEN coalesce(r.name, r.phone, r.email) IS NULL THEN NULL \
             ELSE {of_row} END, $3::text, $4::text, $5::text \
             FROM pg_temp.import_rows r WHERE r.new ORDER BY r.id"
        ),
        &[&batch, &now, &note, &who.actor, &who.os_user],
    )?;
    // The history rows first, while the contacts are as they were; then the contacts. A
    // contact counts as updated when its details or its status change.
    let before = details_json("c.name", "c.phone", "c.email");
    let after = details_json(
        "coalesce(r.name, c.name)",
        "coalesce(r.phone, c.phone)",
        "coalesce(r.email, c.email)",
    );
    let details = t.execute(
        &format!(
            "INSERT INTO history (batch, at, kind, contact, from_value, to_value, note, actor, \
             os_user) \
             SELECT $1::bigint, $2::bigint, 'details', c.id, {before}, {after}, $3::text, \
             $4::text, $5::text \
             FROM pg_temp.import_rows r JOIN contacts c ON c.id = r.id \
             WHERE NOT r.new AND {DETAILS_DIFFER} ORDER BY r.id"
        ),
        &[&batch, &now, &note, &who.actor, &who.os_user],
    )?;
    let status_changes = t.execute(
        &format!(
            "INSERT INTO history (batch, at, kind, contact, from_status, from_reason, \
             from_wake_at, to_status, reason, wake_at, from_counters, to_counters, note, actor, \
             os_user) \
             SELECT $1::bigint, $2::bigint, 'status', c.id, c.status, c.reason, c.wake_at, \
             r.status, 'manual', r.wake_at, c.counters, \
             CASE WHEN r.status = 'active' THEN NULL ELSE c.counters END, $3::text, $4::text, \
             $5::text \
             FROM pg_temp.import_rows r JOIN contacts c ON c.id = r.id \
             WHERE NOT r.new AND {STATUS_DIFFERS} ORDER BY r.id"
        ),
        &[&batch, &now, &note, &who.actor, &who.os_user],
    )?;
    // Contacts whose details and status both change count once.
    let both: i64 = if details > 0 && status_changes > 0 {
        t.query_one(
            &format!(
                "SELECT count(*) FROM pg_temp.import_rows r JOIN contacts c ON c.id = r.id \
                 WHERE NOT r.new AND {DETAILS_DIFFER} AND {STATUS_DIFFERS}"
            ),
            &[],
        )?
        .get(0)
    } else {
        0
    };
    if details > 0 {
        t.execute(
            &format!(
                "UPDATE contacts AS c SET name = coalesce(r.name, c.name), \
                 phone = coalesce(r.phone, c.phone), email = coalesce(r.email, c.email) \
                 FROM pg_temp.import_rows r WHERE c.id = r.id AND NOT r.new AND {DETAILS_DIFFER}"
            ),
            &[],
        )?;
    }
    if status_changes > 0 {
        t.execute(
            &format!(
                "UPDATE contacts AS c SET status = r.status, reason = 'manual', wake_at = r.wake_at, \
                 counters = CASE WHEN r.status = 'active' THEN NULL ELSE c.counters END, \
                 bot_messages = CASE WHEN r.status = 'active' THEN 0 ELSE c.bot_messages END, \
                 changed_at = $1, changed_by = $2, note = $3 FROM pg_temp.import_rows r \
                 WHERE c.id = r.id AND NOT r.new AND {STATUS_DIFFERS}"
            ),
            &[&now, &who.actor, &note],
        )?;
    }
    Ok(ImportCounts {
        rows: u64::try_from(rows).unwrap_or(0),
        added,
        updated: details + status_changes - u64::try_from(both).unwrap_or(0),
        status_changes,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::Seen;

    #[test]
    fn the_seen_filter_never_forgets_and_rarely_imagines() {
        let mut seen = Seen::new();
        let early = (0..200_000)
            .filter(|i| seen.mark(&format!("c-{i}")))
            .count();
        assert!(early < 20, "{early} new ids wrongly maybe-seen");
        for i in 0..200_000 {
            assert!(seen.mark(&format!("c-{i}")), "c-{i} forgotten");
        }
        let imagined = (0..200_000)
            .filter(|i| seen.mark(&format!("other-{i}")))
            .count();
        assert!(imagined < 20, "{imagined} ids wrongly maybe-seen");
    }
}
