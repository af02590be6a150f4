//! The schema, as a list of migrations. `PRAGMA user_version` holds how many have run.
//! Never edit a migration that has shipped: add a new one at the end.

pub const MIGRATIONS: &[&str] = &[
    // 1: contacts, settings, batches and the history of every status change.
    r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE contacts (
        id           TEXT PRIMARY KEY NOT NULL,
        name         TEXT,
        phone        TEXT,
        email        TEXT,
        status       TEXT NOT NULL CHECK (status IN ('active', 'snoozed', 'inactive')),
        reason       TEXT NOT NULL,
        wake_at      INTEGER,
        changed_at   INTEGER NOT NULL,
        changed_by   TEXT NOT NULL,
        bot_messages INTEGER NOT NULL DEFAULT 0,
        created_at   INTEGER NOT NULL,
        -- the batch that created the contact: `undo` of an older batch leaves it alone
        created_batch INTEGER,
        CHECK (status <> 'active' OR wake_at IS NULL)
    ) WITHOUT ROWID;
    -- serves `sweep` (wake_at <= now) and `list --waking-within` (now < wake_at <= t)
    CREATE INDEX contacts_wake_at ON contacts (wake_at) WHERE wake_at IS NOT NULL;
    CREATE INDEX contacts_status ON contacts (status);

    CREATE TABLE batches (
        id      INTEGER PRIMARY KEY,
        at      INTEGER NOT NULL,
        command TEXT NOT NULL,
        actor   TEXT NOT NULL,
        os_user TEXT NOT NULL
    );

    CREATE TABLE history (
        seq               INTEGER PRIMARY KEY,
        batch             INTEGER NOT NULL REFERENCES batches (id),
        at                INTEGER NOT NULL,
        contact           TEXT NOT NULL,
        from_status       TEXT,
        from_reason       TEXT,
        from_wake_at      INTEGER,
        from_bot_messages INTEGER,
        to_status         TEXT NOT NULL,
        reason            TEXT NOT NULL,
        wake_at           INTEGER,
        to_bot_messages   INTEGER NOT NULL,
        actor             TEXT NOT NULL,
        os_user           TEXT NOT NULL
    );
    CREATE INDEX history_contact ON history (contact, seq);
    CREATE INDEX history_batch ON history (batch);
    CREATE INDEX history_at ON history (at, seq);
    "#,
];
