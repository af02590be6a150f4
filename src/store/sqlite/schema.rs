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
    // 2: the audit trail (kinds, notes, whole records of removed contacts), bot message
    // counters per channel, and recorded event ids.
    r#"
    ALTER TABLE batches ADD COLUMN note TEXT;
    ALTER TABLE contacts ADD COLUMN counters TEXT;
    ALTER TABLE contacts ADD COLUMN note TEXT;
    UPDATE contacts SET counters = json_object('default', bot_messages) WHERE bot_messages > 0;

    CREATE TABLE history2 (
        seq           INTEGER PRIMARY KEY,
        batch         INTEGER NOT NULL REFERENCES batches (id),
        at            INTEGER NOT NULL,
        kind          TEXT NOT NULL
                      CHECK (kind IN ('status', 'added', 'removed', 'details', 'mode', 'setting')),
        contact       TEXT,
        setting       TEXT,
        from_status   TEXT,
        from_reason   TEXT,
        from_wake_at  INTEGER,
        to_status     TEXT,
        reason        TEXT,
        wake_at       INTEGER,
        from_value    TEXT,
        to_value      TEXT,
        from_counters TEXT,
        to_counters   TEXT,
        record        TEXT,
        note          TEXT,
        actor         TEXT NOT NULL,
        os_user       TEXT NOT NULL
    );
    INSERT INTO history2 (seq, batch, at, kind, contact, from_status, from_reason, from_wake_at,
                          to_status, reason, wake_at, from_counters, to_counters, actor, os_user)
    SELECT seq, batch, at, CASE WHEN from_status IS NULL THEN 'added' ELSE 'status' END, contact,
           from_status, from_reason, from_wake_at, to_status, reason, wake_at,
           CASE WHEN from_bot_messages > 0 THEN json_object('default', from_bot_messages) END,
           CASE WHEN to_bot_messages > 0 THEN json_object('default', to_bot_messages) END,
           actor, os_user
    FROM history;
    DROP TABLE history;
    ALTER TABLE history2 RENAME TO history;
    CREATE INDEX history_contact ON history (contact, seq);
    CREATE INDEX history_batch ON history (batch, contact, seq);
    CREATE INDEX history_at ON history (at);

    CREATE TABLE events (
        id      TEXT PRIMARY KEY NOT NULL,
        at      INTEGER NOT NULL,
        contact TEXT NOT NULL,
        batch   INTEGER
    ) WITHOUT ROWID;
    CREATE INDEX events_at ON events (at);

    -- A file of botctl's, whatever its version from here on ("botc").
    PRAGMA application_id = 1651471459;

    -- `stats` counts contacts by status and reason from this index alone.
    DROP INDEX contacts_status;
    CREATE INDEX contacts_status_reason ON contacts (status, reason);
    "#,
];
