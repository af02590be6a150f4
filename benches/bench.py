#!/usr/bin/env python3
"""botctl benchmark: bulk jobs at a million contacts, against the sqlite3 shell doing the
same SQL on the same data in the same run (issue 7, "The benchmark" and "Targets").

    python3 benches/bench.py [--contacts N] [--runs K] [--sizes 10k,100k,1M]
                             [--jobs import,sweep,set,undo,status,check,list]
                             [--binary PATH] [--big] [--no-lock] [--timeout S]

Without --binary it runs `cargo build --release` and uses target/release/botctl, copied
into the work folder as `cargo install --path .` would install it (see main()). It needs
python3 (3.9+) and the sqlite3 command-line shell (`apt-get install sqlite3`).

What it does, per size: writes a CSV of N contacts (10% snoozed with a timer that has run
out at the sweep's clock, 5% inactive, the rest active) and a file of N/10 ids of active
contacts; prepares, once, an empty botctl database (made by a change, then emptied), one
holding the N contacts (made by `botctl contacts import`, untimed) and one where those
N/10 ids were set inactive (for `undo`). Each timed run works on a fresh copy of the
prepared file (the copy is not timed). Every command runs as its own process, timed from
start to exit; its peak memory is its own maximum RSS (from GNU time) and its CPU time
(user + system) comes from `os.wait4`.

The shell runs the statements botctl's SQLite store runs (schema v2; SHELL_SQL below, one
marked entry per job), so that a ratio is botctl's own overhead. After the first run of
import, sweep and set, the script checks that both sides left the same contacts, history
rows (by batch command and kind, with from/to counters, values, notes), batches, rows per
batch and history order.

Jobs (the main table is at --contacts, 1M by default):
  import  `botctl contacts import FILE` of N rows into an empty database (an `added`
          history row each), vs `.import` into a temp table, converted into the staging
          table, then the merge's statements
  sweep   `botctl sweep` waking N/10 in chunks of 20k (a transaction and a batch each),
          vs the same chunks
  set     `botctl set inactive --stdin --yes` of N/10 ids, vs the ids `.import`ed into
          temp.staged and the same statements
  undo    `botctl undo BATCH` of that set's batch; compared (per the target) with the
          shell's bulk set of the same rows
  status  `botctl status ID` per call, vs the shell's same point queries (ms per call)
  check   `botctl check ID` per call, vs the shell's same point queries (ms per call); for
          status and check the two sides' calls alternate, 10 each per run
  list    `botctl list --format ids` vs SELECT id FROM contacts ... ORDER BY id
Lock hold: for import, sweep, set and undo, one extra (untimed) run of each side beside a
probe process that keeps trying `BEGIN IMMEDIATE` with a 50 ms busy timeout on the same
database (python's sqlite3 module) and reports the longest time the write lock was
unavailable (its resolution is a few ms).
Growth: the time per row of import, sweep, set and undo at each of --sizes (and 10M for
import and sweep with --big), so that growth can be seen.

Medians over --runs (default 5, and 3 for sizes of 1M and more). The figures are only as
quiet as the machine: run it on an idle one; the CPU column is less sensitive to a busy
machine than the elapsed time the targets are stated in.
"""

import argparse
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

# The clock: every timer in the data runs out between NOW and LATER.
NOW = "2026-11-21T09:00:00Z"
NOW_TS = 1795251600
LATER = "2026-11-21T12:00:00Z"  # the sweep's clock: every timer has run out
LATER_TS = NOW_TS + 3 * 3600
ACTOR = "bench"
OS_USER = "bench"

# ======================================================================================
# THE SHELL'S SQL, one entry per job, against schema v2 (src/store/sqlite/schema.rs). Each
# entry runs the statements botctl's SQLite store runs for that command, in the same order
# and shape (src/store/sqlite/tx.rs, src/store/sqlite/import.rs, the reads in
# src/store/sqlite/mod.rs), so that the ratio is botctl's own overhead: its process, its
# parsing and checking, its round trips. Where botctl binds a value the shell writes it
# out; where botctl uses last_insert_rowid() the shell uses (SELECT max(id) FROM batches).
# Placeholders: {now} {actor} {os_user} {csv} {ids} {id} {chunk} (filled by str.format;
# the SQL therefore has no literal braces). A tuple (per chunk, last) is repeated: the
# first part once per chunk of work, then the last part once.
# ======================================================================================

# What botctl sets on every connection (src/store/sqlite/mod.rs: open), plus a busy
# timeout like botctl's, so that the shell also waits for the lock probe.
SHELL_PREAMBLE = """\
.timeout 60000
PRAGMA foreign_keys = ON;
PRAGMA synchronous = NORMAL;
PRAGMA temp_store = FILE;
PRAGMA cache_size = -16000;
"""

# The temporary tables every writing connection of botctl's makes (tx.rs: ensure_temp).
TEMP_TABLES = """\
CREATE TEMP TABLE IF NOT EXISTS staged (id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
CREATE TEMP TABLE IF NOT EXISTS undo_plan (
    contact TEXT PRIMARY KEY NOT NULL, first_seq INTEGER, last_seq INTEGER,
    mixed INTEGER, last_kind TEXT, conflict TEXT,
    status TEXT, reason TEXT, wake_at INTEGER, counters TEXT,
    now_status TEXT, now_reason TEXT, now_wake_at INTEGER, now_counters TEXT) WITHOUT ROWID;
"""

BATCH = "(SELECT max(id) FROM batches)"  # the batch just inserted
NEXT_BATCH = "(SELECT coalesce(max(id), 0) + 1 FROM main.batches)"  # the next batch
LAST_SEQ = "(SELECT coalesce(max(seq), 0) FROM main.history)"  # the last history row

# Columns of a history row of kind `status` (tx.rs: wake_due, set_staged).
HISTORY_COLUMNS = (
    "batch, at, kind, contact, from_status, from_reason, from_wake_at, "
    "to_status, reason, wake_at, from_counters, to_counters, note, actor, os_user"
)

# Botctl's sweep wakes at most this many contacts per transaction (src/engine/sweep.rs).
SWEEP_CHUNK = 20_000

SHELL_SQL = {
    # ---- import ----------------------------------------------------------------------
    # `contacts import FILE` into an empty database (engine/import.rs, sqlite/import.rs).
    # Staging, outside the write lock: botctl parses and checks each CSV row and inserts
    # it into temp.import_rows; the shell `.import`s the text and converts it with one
    # INSERT ... SELECT. Still outside the lock (import.rs: plan): which rows are new, the
    # staged ids, and the new contacts' rows and `added` history rows, fully formed (the
    # batch and seq the database will give them), in temp tables shaped like contacts and
    # history. Then, under BEGIN IMMEDIATE (with foreign keys off, so that SQLite copies
    # whole records): does the file set statuses (then the bot mode is read), the
    # due-timer catch-up among the ids is counted, a batch, the check that nothing was
    # written since the plan, and the two copies. (No row names an existing contact, so
    # the statements for those do not run; botctl skips them too.)
    "import": """
CREATE TEMP TABLE csv_rows (id TEXT, name TEXT, phone TEXT, email TEXT, status TEXT, wake_at TEXT);
.import --csv --skip 1 "{csv}" csv_rows
""" + TEMP_TABLES + """
BEGIN;
CREATE TEMP TABLE IF NOT EXISTS import_rows (
    id TEXT PRIMARY KEY NOT NULL, line INTEGER NOT NULL, name TEXT, phone TEXT,
    email TEXT, status TEXT, wake_at INTEGER, new INTEGER, new_id_problem TEXT)
    WITHOUT ROWID;
DELETE FROM temp.import_rows;
INSERT INTO temp.import_rows (id, line, name, phone, email, status, wake_at, new_id_problem)
  SELECT id, rowid + 1, nullif(name, ''), nullif(phone, ''), nullif(email, ''),
         nullif(status, ''), unixepoch(nullif(wake_at, '')), NULL
  FROM temp.csv_rows ORDER BY rowid
  ON CONFLICT (id) DO NOTHING;
DROP TABLE IF EXISTS temp.import_contacts;
DROP TABLE IF EXISTS temp.import_history;
UPDATE temp.import_rows SET new = NOT EXISTS (SELECT 1 FROM main.contacts c WHERE c.id = import_rows.id);
SELECT 1 FROM temp.import_rows WHERE new = 1 AND new_id_problem IS NOT NULL LIMIT 1;
SELECT type, sql FROM main.sqlite_schema WHERE tbl_name = 'contacts' AND sql IS NOT NULL
  ORDER BY type = 'index', name;
SELECT type, sql FROM main.sqlite_schema WHERE tbl_name = 'history' AND sql IS NOT NULL
  ORDER BY type = 'index', name;
DELETE FROM temp.staged;
INSERT INTO temp.staged (id) SELECT id FROM temp.import_rows;
SELECT count(*) FROM temp.import_rows WHERE new = 0;
SELECT coalesce(max(seq), 0) FROM main.history;
SELECT coalesce(max(id), 0) + 1 FROM main.batches;
PRAGMA main.data_version;
CREATE TABLE temp.import_contacts (
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
    created_batch INTEGER, counters TEXT, note TEXT,
    CHECK (status <> 'active' OR wake_at IS NULL)
) WITHOUT ROWID;
CREATE INDEX temp.import_contacts_status_reason ON import_contacts (status, reason);
CREATE INDEX temp.import_contacts_wake_at ON import_contacts (wake_at) WHERE wake_at IS NOT NULL;
CREATE TABLE temp.import_history (
    seq           INTEGER PRIMARY KEY,
    batch         INTEGER NOT NULL,
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
CREATE INDEX temp.import_history_at ON import_history (at);
CREATE INDEX temp.import_history_batch ON import_history (batch, contact, seq);
CREATE INDEX temp.import_history_contact ON import_history (contact, seq);
INSERT INTO temp.import_contacts (id, name, phone, email, status, reason, wake_at, bot_messages,
                                  changed_at, changed_by, note, created_at, created_batch)
  SELECT id, name, phone, email, coalesce(status, 'active'), 'manual', wake_at, 0,
         {now}, '{actor}', NULL, {now}, """ + NEXT_BATCH + """
  FROM temp.import_rows WHERE new = 1 ORDER BY id;
INSERT INTO temp.import_history (seq, batch, at, kind, actor, os_user)
  VALUES (""" + LAST_SEQ + """, 0, 0, 'added', '', '');
INSERT INTO temp.import_history (batch, at, kind, contact, to_status, reason, wake_at, to_value, note, actor, os_user)
  SELECT """ + NEXT_BATCH + """, {now}, 'added', r.id, coalesce(r.status, 'active'), 'manual', r.wake_at,
         CASE WHEN coalesce(r.name, r.phone, r.email) IS NULL THEN NULL
              ELSE json_object('name', r.name, 'phone', r.phone, 'email', r.email) END,
         NULL, '{actor}', '{os_user}'
  FROM temp.import_rows r WHERE r.new = 1 ORDER BY r.id;
DELETE FROM temp.import_history WHERE seq = """ + LAST_SEQ + """;
COMMIT;
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
SELECT 1 FROM temp.import_rows WHERE status IS NOT NULL LIMIT 1;
SELECT value FROM settings WHERE key = 'mode';
SELECT count(*) FROM contacts WHERE wake_at <= {now} AND id IN (SELECT id FROM temp.staged);
INSERT INTO batches (at, command, actor, os_user, note)
  VALUES ({now}, 'contacts import', '{actor}', '{os_user}', NULL);
PRAGMA main.data_version;
SELECT coalesce(max(seq), 0) FROM main.history;
INSERT INTO main.contacts SELECT * FROM temp.import_contacts;
INSERT INTO main.history SELECT * FROM temp.import_history;
COMMIT;
""",
    # ---- sweep -----------------------------------------------------------------------
    # `sweep` (engine/sweep.rs, tx.rs: any_due, wake_due): one transaction and one batch
    # per chunk of SWEEP_CHUNK contacts, oldest timer first, each wake dated at its
    # wake_at, by `timer`; then one more transaction that finds nothing due.
    "sweep": ("""
BEGIN IMMEDIATE;
SELECT EXISTS (SELECT 1 FROM contacts WHERE wake_at <= {now} AND 1);
INSERT INTO batches (at, command, actor, os_user, note)
  SELECT {now}, 'sweep', '{actor}', '{os_user}', NULL
  WHERE EXISTS (SELECT 1 FROM contacts WHERE wake_at <= {now});
""" + TEMP_TABLES + """
CREATE TEMP TABLE IF NOT EXISTS woken (id TEXT PRIMARY KEY NOT NULL, wake_at INTEGER) WITHOUT ROWID;
DELETE FROM temp.woken;
INSERT INTO temp.woken (id, wake_at) SELECT id, wake_at FROM contacts
  WHERE wake_at <= {now} AND 1 ORDER BY wake_at, id LIMIT {chunk};
INSERT INTO history (""" + HISTORY_COLUMNS + """)
  SELECT """ + BATCH + """, c.wake_at, 'status', c.id, c.status, c.reason, c.wake_at,
         'active', 'timer', NULL, c.counters, NULL, NULL, 'timer', '{os_user}'
  FROM temp.woken w CROSS JOIN contacts c ON c.id = w.id ORDER BY w.wake_at, w.id;
UPDATE OR ROLLBACK contacts SET status = 'active', reason = 'timer', wake_at = NULL, bot_messages = 0,
                    counters = NULL, changed_at = wake_at, changed_by = 'timer', note = NULL
  WHERE id IN (SELECT id FROM temp.woken);
SELECT id FROM temp.woken ORDER BY wake_at, id;
COMMIT;
""", """
BEGIN IMMEDIATE;
SELECT EXISTS (SELECT 1 FROM contacts WHERE wake_at <= {now} AND 1);
COMMIT;
"""),
    # ---- set -------------------------------------------------------------------------
    # `set inactive --stdin --yes` (engine/change.rs: apply; tx.rs: stage, staged_missing,
    # any_due with staged_due_clause, wake_due, set_staged). Under BEGIN IMMEDIATE: the bot
    # mode, the ids staged (botctl: 256 ids per INSERT OR IGNORE; the shell: `.import`),
    # the unknown ids counted (and, were there any, the first 20 listed: there are none
    # here), the due timers among them looked for from the smaller side (the staged ids
    # counted, then the due timers, no further than that; none are due here, so the search
    # stops there) and woken in a `sweep` batch of their own, then the batch, a `status`
    # history row for every contact not already inactive without a timer, and its new
    # state (counters kept).
    "set": """
""" + TEMP_TABLES + """
BEGIN IMMEDIATE;
SELECT value FROM settings WHERE key = 'mode';
DELETE FROM temp.staged;
.import --csv "{ids}" staged
SELECT count(*) FROM temp.staged s WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = s.id);
SELECT count(*) FROM temp.staged;
SELECT count(*) FROM (SELECT 1 FROM contacts WHERE wake_at <= {now}
  LIMIT (SELECT count(*) FROM temp.staged));
INSERT INTO batches (at, command, actor, os_user, note)
  VALUES ({now}, 'set inactive', '{actor}', '{os_user}', NULL);
INSERT INTO history (""" + HISTORY_COLUMNS + """)
  SELECT """ + BATCH + """, {now}, 'status', c.id, c.status, c.reason, c.wake_at,
         'inactive', 'manual', NULL, c.counters, c.counters, NULL, '{actor}', '{os_user}'
  FROM temp.staged s JOIN contacts c ON c.id = s.id
  WHERE NOT (c.status = 'inactive' AND c.wake_at IS NULL) ORDER BY s.id;
UPDATE OR ROLLBACK contacts AS c SET status = 'inactive', reason = 'manual', wake_at = NULL,
       counters = c.counters, bot_messages = c.bot_messages, changed_at = {now},
       changed_by = '{actor}', note = NULL
  WHERE c.id IN (SELECT id FROM temp.staged) AND NOT (c.status = 'inactive' AND c.wake_at IS NULL);
COMMIT;
""",
    # ---- undo ------------------------------------------------------------------------
    # `undo` has no SQL of its own here: the target compares it with the shell's "set"
    # above, run on the same rows.
    #
    # ---- status ----------------------------------------------------------------------
    # `status ID` (commands/status.rs): the contact, the bot mode, then each setting.
    "status": """
SELECT id, name, phone, email, status, reason, wake_at, bot_messages, changed_at, changed_by,
       counters, note
  FROM contacts WHERE id = '{id}';
SELECT value FROM settings WHERE key = 'mode';
SELECT value FROM settings WHERE key = 'max-bot-messages';
SELECT value FROM settings WHERE key = 'sleep-time';
SELECT value FROM settings WHERE key = 'sleep-on-agent-message';
SELECT value FROM settings WHERE key = 'sleep-on-workflow-message';
SELECT value FROM settings WHERE key = 'day-start';
""",
    # ---- check -----------------------------------------------------------------------
    # `check ID` (commands/check.rs): the contact and the bot mode.
    "check": """
SELECT id, name, phone, email, status, reason, wake_at, bot_messages, changed_at, changed_by,
       counters, note
  FROM contacts WHERE id = '{id}';
SELECT value FROM settings WHERE key = 'mode';
""",
    # ---- list ------------------------------------------------------------------------
    # `list --format ids` (sqlite/mod.rs: list_ids with no filter).
    "list": """
SELECT id FROM contacts WHERE {now} IS NOT NULL ORDER BY id;
""",
}

# botctl's side of each job: its arguments (after `botctl --db DB`), its stdin, its clock.
BOTCTL_JOBS = {
    "import": (["contacts", "import", "{csv}"], None, NOW),
    "sweep": (["sweep"], None, LATER),
    "set": (["set", "inactive", "--stdin", "--yes"], "{ids}", NOW),
    "undo": (["undo", "{batch}"], None, NOW),
    "status": (["status", "{id}"], None, NOW),
    "check": (["check", "{id}"], None, NOW),
    "list": (["list", "--format", "ids"], None, NOW),
}
SHELL_CLOCK = {"sweep": LATER_TS}  # every other job runs at NOW_TS

ALL_JOBS = ["import", "sweep", "set", "undo", "status", "check", "list"]
WRITE_JOBS = ["import", "sweep", "set", "undo"]  # lock hold and growth
POINT_JOBS = ["status", "check"]  # reported in ms per call
CALLS_PER_RUN = 10  # point queries per run

TARGETS = {
    "import": "≤ 1.0×, ≤ 64 MB",
    "sweep": "≤ 1.0×",
    "set": "≤ 1.0×",
    "undo": "≤ 1.2× shell set",
    "status": "≤ 1.1×, < 10 ms",
    "check": "≤ 1.1×, < 10 ms",
    "list": "≤ 1.0×, ≤ 40 MB",
}


# ======================================================================================
# Backends. Only the sqlite3 shell today.
# HOOK for PostgreSQL (a later issue): a `PostgresShell` with the same three methods, run
# as `--backend postgres --pg-url URL`: botctl would be pointed at the server (however
# its PostgreSQL backend is configured), the shell side would be
# `psql -X -q -v ON_ERROR_STOP=1 URL -f FILE` with a PG_SQL dict shaped like SHELL_SQL
# (`\copy staging FROM 'csv' CSV HEADER` for `.import`), and a "fresh copy" would be
# `CREATE DATABASE run TEMPLATE base` instead of a file copy.
# ======================================================================================


class SqliteShell:
    name = "sqlite3"

    def __init__(self, work):
        self.work = work
        self.exe = shutil.which("sqlite3")
        if not self.exe:
            sys.exit(
                "error: the sqlite3 command-line shell is needed for the comparison; "
                "install it (Debian/Ubuntu: `apt-get install sqlite3`) and run again"
            )

    def version(self):
        out = subprocess.run([self.exe, "--version"], capture_output=True, text=True).stdout
        return "sqlite3 " + (out.split() or ["?"])[0]

    def command(self, job, db, params):
        """The argv and stdin file that run `job` on `db`."""
        fill = dict(now=SHELL_CLOCK.get(job, NOW_TS), actor=ACTOR, os_user=OS_USER,
                    chunk=SWEEP_CHUNK, **params)
        text = SHELL_SQL[job]
        if isinstance(text, tuple):  # (per chunk, last): as many chunks as botctl makes
            each, last = text
            text = each * params["chunks"] + last
        sql = SHELL_PREAMBLE + text.format(**fill)
        path = os.path.join(self.work, f"{job}-{params.get('tag', '')}.sql")
        with open(path, "w") as f:
            f.write(sql)
        return [self.exe, "-bail", db], path


def backend(a, work):
    if a.backend == "sqlite":
        return SqliteShell(work)
    sys.exit(
        "error: `--backend postgres` is not implemented yet: see the PostgreSQL hook in "
        "benches/bench.py (psql against --pg-url, a PG_SQL dict like SHELL_SQL)"
    )


# ======================================================================================
# Running and measuring.
# ======================================================================================


class Failed(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# Peak memory. A child forked from this (large) python process reports python's RSS as
# its own ru_maxrss, even after exec (Linux keeps the high-water mark across exec), so a
# measured command is started by GNU time, a small process, which reports its child's.
GNU_TIME = "/usr/bin/time"


def gnu_time_works():
    try:
        with tempfile.NamedTemporaryFile() as f:
            subprocess.run([GNU_TIME, "-o", f.name, "-f", "%M", "true"], check=True)
            return f.read().strip().isdigit()
    except (OSError, subprocess.CalledProcessError):
        return False


HAVE_GNU_TIME = gnu_time_works()


LAST_CPU = [None]  # CPU seconds of the last run()


def run(argv, stdin_path=None, env=None, timeout=600.0, rss=False):
    """Runs argv, stdout discarded. Returns (seconds, peak RSS in MiB or None); None
    seconds if it ran past `timeout` (then it is killed). Raises Failed on a non-zero exit.
    With `rss`, it runs under GNU time (about 1 ms more, on both sides alike)."""
    rss_file = None
    if rss and HAVE_GNU_TIME:
        fd, rss_file = tempfile.mkstemp(suffix=".rss")
        os.close(fd)
        argv_run = [GNU_TIME, "-q", "-o", rss_file, "-f", "%M", *argv]
    else:
        argv_run = argv
    with open(stdin_path or os.devnull, "rb") as fin, tempfile.TemporaryFile() as ferr:
        start = time.perf_counter()
        p = subprocess.Popen(argv_run, stdin=fin, stdout=subprocess.DEVNULL, stderr=ferr, env=env)
        killer = threading.Timer(timeout, p.kill)
        killer.start()
        _, status, usage = os.wait4(p.pid, 0)
        elapsed = time.perf_counter() - start
        # CPU seconds, its waited-for children (GNU time's command) included: less noisy
        # than the elapsed time on a shared machine.
        LAST_CPU[0] = usage.ru_utime + usage.ru_stime
        killer.cancel()
        code = os.waitstatus_to_exitcode(status)
        p.returncode = code  # reaped here; keeps Popen from waiting again
        peak = None
        if rss_file:
            with open(rss_file) as f:
                kib = f.read().split()
            os.remove(rss_file)
            peak = int(kib[-1]) / 1024 if kib and kib[-1].isdigit() else None
        if elapsed >= timeout:
            return None, peak
        if code != 0:
            ferr.seek(0)
            err = ferr.read().decode(errors="replace")[-2000:]
            raise Failed(f"exit {code}: {' '.join(argv)}\n{err}")
    return elapsed, peak


def fresh_copy(src, dst):
    for ext in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(dst + ext):
            os.remove(dst + ext)
    if src:
        shutil.copyfile(src, dst)
        # On disk before the clock starts, so that a run does not pay for the copy's writeback.
        fd = os.open(dst, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)


def empty_database(botctl, db):
    """Makes an empty botctl database at `db`: only a change creates one, so one contact is
    added (`botctl(args)` runs botctl on `db`) and its rows are taken out again (the ids of
    batches and history rows start at 1 again)."""
    botctl(["contacts", "add", "first"])
    con = sqlite3.connect(db)
    con.executescript(
        "DELETE FROM history; DELETE FROM contacts; DELETE FROM events; DELETE FROM batches;"
    )
    con.close()
    checkpoint(db)


def checkpoint(db):
    """Folds the WAL into the file, so that a copy of the file is the whole database."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


# The lock probe: a separate process, so that neither side shares a GIL with it.
PROBE = r"""
import json, os, sqlite3, sys, time
db, stop = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db, timeout=0.05, isolation_level=None)
def attempt():
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            return False
        raise
while not attempt():
    time.sleep(0.01)
last = time.perf_counter()
print("ready", flush=True)
worst, tries, fails, stopping = 0.0, 0, 0, False
while True:
    stopping = stopping or os.path.exists(stop)
    ok = attempt()
    now = time.perf_counter()
    tries += 1
    if ok:
        worst = max(worst, now - last)
        last = now
        if stopping:
            break
    else:
        fails += 1
    time.sleep(0.002)
print(json.dumps({"worst": worst, "tries": tries, "fails": fails}), flush=True)
"""


def with_probe(db, argv, stdin_path, env, timeout):
    """Runs argv beside the lock probe; returns the longest time (s) the write lock was
    unavailable to the probe."""
    stop = db + ".stop"
    if os.path.exists(stop):
        os.remove(stop)
    probe = subprocess.Popen(
        [sys.executable, "-c", PROBE, db, stop], stdout=subprocess.PIPE, text=True
    )
    if probe.stdout.readline().strip() != "ready":
        raise Failed("the lock probe did not start")
    try:
        run(argv, stdin_path, env, timeout)
    finally:
        open(stop, "w").close()
        out, _ = probe.communicate(timeout=120)
        os.remove(stop)
    return json.loads(out)["worst"]


# ======================================================================================
# Data.
# ======================================================================================


def parse_size(s):
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", s)
    if not m:
        raise argparse.ArgumentTypeError(f"`{s}` is not a size like 10k, 100k or 1M")
    return int(float(m.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2).lower()])


def size_name(n):
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return f"{n:,}"


def contact_id(i):
    return f"c-{i:08d}"


def write_data(d, n):
    """The CSV of n contacts and the file of the n/10 ids that `set` changes."""
    csv_path = os.path.join(d, "contacts.csv")
    with open(csv_path, "w") as f:
        f.write("id,name,phone,email,status,wake_at\n")
        out = []
        for i in range(n):
            if i % 10 == 0:  # snoozed; the timer runs out between NOW and LATER
                t = NOW_TS + 60 + (i % 7200)
                extra = "snoozed," + time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
            elif i % 20 == 1:
                extra = "inactive,"
            else:
                extra = ","
            out.append(f"{contact_id(i)},Contact {i},+1555{i:08d},c{i}@example.com,{extra}\n")
            if len(out) >= 100_000:
                f.writelines(out)
                out.clear()
        f.writelines(out)
    ids_path = os.path.join(d, "set.ids")
    with open(ids_path, "w") as f:
        f.writelines(f"{contact_id(i)}\n" for i in range(5, n, 10))  # all active
    return csv_path, ids_path


class Dataset:
    """The prepared files for one size: CSV, ids, empty/full/after-set databases."""

    def __init__(self, bench, n, need_undo):
        self.n = n
        self.dir = os.path.join(bench.work, f"n{n}")
        os.makedirs(self.dir)
        log(f"[{size_name(n)}] writing the CSV and ids")
        self.csv, self.ids = write_data(self.dir, n)
        self.rows = {"import": n, "sweep": len(range(0, n, 10)), "set": len(range(5, n, 10))}
        self.rows["undo"] = self.rows["set"]
        self.empty = os.path.join(self.dir, "empty.db")
        empty_database(lambda args: bench.botctl(self.empty, args), self.empty)
        self.full = os.path.join(self.dir, "full.db")
        fresh_copy(self.empty, self.full)
        log(f"[{size_name(n)}] preparing the database with botctl contacts import (untimed)")
        bench.botctl(self.full, ["contacts", "import", self.csv])
        checkpoint(self.full)
        self.after_set, self.batch = None, None
        if need_undo:
            self.after_set = os.path.join(self.dir, "after-set.db")
            fresh_copy(self.full, self.after_set)
            bench.botctl(self.after_set, ["set", "inactive", "--stdin", "--yes"], stdin=self.ids)
            checkpoint(self.after_set)
            con = sqlite3.connect(self.after_set)
            self.batch = con.execute(
                "SELECT max(id) FROM batches WHERE command = 'set inactive'"
            ).fetchone()[0]
            con.close()
        self.run_db = os.path.join(self.dir, "run.db")
        mid = n // 2
        self.point_id = contact_id(mid - mid % 20 + 2)  # an active contact

    def source(self, job):
        """The prepared database a job starts from."""
        return {"import": self.empty, "undo": self.after_set}.get(job, self.full)

    def params(self, job):
        return {
            "csv": self.csv,
            "ids": self.ids,
            "id": self.point_id,
            "batch": str(self.batch),
            "tag": size_name(self.n),
            "chunks": -(-self.rows["sweep"] // SWEEP_CHUNK),  # botctl's sweep transactions
        }


def digest(db):
    """What botctl and the shell should agree on after a write (batch ids, os_user and the
    staging tables aside): contacts by status, history rows by batch command and kind,
    the batches, how many rows each batch has, and the contacts in history order."""
    con = sqlite3.connect(db)
    q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    out = {
        "contacts": q(
            "SELECT status, reason, count(*), total(wake_at), total(bot_messages), "
            "total(changed_at), total(created_at), count(name), count(phone), count(email), "
            "count(counters), count(note), count(created_batch), count(DISTINCT changed_by) "
            "FROM contacts GROUP BY status, reason ORDER BY 1, 2"
        ),
        "history": q(
            "SELECT b.command, h.kind, h.to_status, h.reason, count(*), total(h.at), "
            "total(h.wake_at), total(h.from_wake_at), count(h.from_status), "
            "count(h.from_reason), count(h.from_counters), count(h.to_counters), "
            "count(h.from_value), total(length(h.to_value)), count(h.record), count(h.note), "
            "count(h.setting), count(DISTINCT h.actor) "
            "FROM history h JOIN batches b ON b.id = h.batch GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
        ),
        "batches": q(
            "SELECT command, count(*), total(at), count(note), count(DISTINCT actor) "
            "FROM batches GROUP BY command ORDER BY command"
        ),
        "batch sizes": q("SELECT count(*) FROM history GROUP BY batch ORDER BY batch"),
        "history order": hashlib.sha256(
            "\n".join(str(r[0]) for r in con.execute("SELECT contact FROM history ORDER BY seq"))
            .encode()
        ).hexdigest(),
    }
    con.close()
    return out


# ======================================================================================
# The benchmark.
# ======================================================================================


class Bench:
    def __init__(self, a, botctl, work):
        self.a = a
        self.exe = botctl
        self.work = work
        self.shell = backend(a, work)
        self.notes = []

    def env(self, db, clock):
        return dict(
            os.environ, BOTCTL_NOW=clock, BOTCTL_DB=db, BOTCTL_ACTOR=ACTOR, TZ="UTC", NO_COLOR="1"
        )

    def botctl(self, db, args, stdin=None, clock=NOW):
        """Runs botctl untimed (preparation)."""
        return run([self.exe, "--db", db, *args], stdin, self.env(db, clock), 3600)

    def sides(self, ds, job, db):
        """(botctl argv, stdin, env) and (shell argv, stdin, env) for `job` on `db`."""
        params = ds.params(job)
        args, stdin, clock = BOTCTL_JOBS[job]
        argv = [self.exe, "--db", db, *[x.format(**params) for x in args]]
        ours = (argv, stdin.format(**params) if stdin else None, self.env(db, clock))
        shell_job = "set" if job == "undo" else job
        sargv, sstdin = self.shell.command(shell_job, db, params)
        theirs = (sargv, sstdin, self.env(db, clock))
        return ours, theirs

    def runs_for(self, n):
        return self.a.runs or (5 if n < 1_000_000 else 3)

    def timed(self, ds, job, side, runs, check_with=None):
        """Median seconds (None if a run timed out), peak RSS (MiB) and median CPU seconds
        of `runs` runs."""
        times, rss, cpu = [], [], []
        src = ds.source("set" if (job == "undo" and side == 1) else job)
        for r in range(runs):
            fresh_copy(src, ds.run_db)
            argv, stdin, env = self.sides(ds, job, ds.run_db)[side]
            t, m = run(argv, stdin, env, self.a.timeout, rss=True)
            if t is None:
                self.notes.append(
                    f"{size_name(ds.n)} {job}: {'botctl' if side == 0 else 'shell'} ran past "
                    f"--timeout {self.a.timeout:g} s and was stopped"
                )
                return None, m, None
            times.append(t)
            cpu.append(LAST_CPU[0])
            if m is not None:
                rss.append(m)
            if r == 0 and check_with is not None:
                check_with[side] = digest(ds.run_db)
        return statistics.median(times), max(rss, default=None), statistics.median(cpu)

    def timed_point(self, ds, job, runs):
        """For a read-only point job: median seconds and median CPU seconds per call of
        each side, the two sides' calls alternating on one fresh copy per run, so that a
        machine whose speed drifts during the run weighs on both alike."""
        times, cpu = ([], []), ([], [])
        for _ in range(runs):
            fresh_copy(ds.source(job), ds.run_db)
            sides = self.sides(ds, job, ds.run_db)
            for _ in range(CALLS_PER_RUN):
                for side, (argv, stdin, env) in enumerate(sides):
                    t, _ = run(argv, stdin, env, self.a.timeout)
                    if t is None:
                        self.notes.append(f"{size_name(ds.n)} {job}: a call ran past --timeout")
                        return None
                    times[side].append(t)
                    cpu[side].append(LAST_CPU[0])
        return [(statistics.median(times[i]), None, statistics.median(cpu[i])) for i in (0, 1)]

    def measure(self, ds, job, lock, shell=None):
        """Times both sides of `job` (the shell's side is `shell` when given: undo reuses
        the shell's set), then runs the lock probe beside each."""
        runs = self.runs_for(ds.n)
        log(f"[{size_name(ds.n)}] {job}: {runs} runs each")
        res = {"rows": ds.rows.get(job), "runs": runs}
        if job in POINT_JOBS:
            both = self.timed_point(ds, job, runs) or [(None, None, None)] * 2
            for side, key in enumerate(("botctl", "shell")):
                res[key], res[key + "_rss"], res[key + "_cpu"] = both[side]
            return res
        agree = {} if job in ("import", "sweep", "set") else None
        res["botctl"], res["botctl_rss"], res["botctl_cpu"] = self.timed(ds, job, 0, runs, agree)
        if shell:
            for k in ("shell", "shell_rss", "shell_cpu"):
                res[k] = shell[k]
        else:
            res["shell"], res["shell_rss"], res["shell_cpu"] = self.timed(ds, job, 1, runs, agree)
        if agree is not None and len(agree) == 2 and agree[0] != agree[1]:
            differ = " and ".join(k for k in agree[0] if agree[0][k] != agree[1][k])
            self.notes.append(
                f"{size_name(ds.n)} {job}: botctl and the shell's SQL left different "
                f"{differ} (see digest()): fix SHELL_SQL['{job}']"
            )
        if lock and job in WRITE_JOBS:
            log(f"[{size_name(ds.n)}] {job}: lock probe")
            for side, key in ((0, "botctl_lock"), (1, "shell_lock")):
                src = ds.source("set" if (job == "undo" and side == 1) else job)
                fresh_copy(src, ds.run_db)
                argv, stdin, env = self.sides(ds, job, ds.run_db)[side]
                res[key] = with_probe(ds.run_db, argv, stdin, env, self.a.timeout)
        return res


def fmt_s(t):
    if t is None:
        return "timed out"
    return f"{t:.2f} s" if t >= 1 else f"{t * 1000:.0f} ms"


def fmt_cpu(b, s, ms):
    if b is None or s is None:
        return "—"
    f = (lambda t: f"{t * 1000:.1f} ms") if ms else fmt_s
    return f"{f(b)} / {f(s)} ({ratio(b, s)})"


def ratio(a, b):
    return "—" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def target_met(job, r):
    b, s, rss = r["botctl"], r["shell"], r["botctl_rss"]
    if b is None or s is None:
        return "no"
    if rss is None:
        rss = float("inf")  # not measured (point jobs, or no GNU time)
    x = b / s
    ok = {
        "import": x <= 1.0 and rss <= 64,
        "sweep": x <= 1.0,
        "set": x <= 1.0,
        "undo": x <= 1.2,
        "status": x <= 1.1 and b < 0.010,
        "check": x <= 1.1 and b < 0.010,
        "list": x <= 1.0 and rss <= 40,
    }[job]
    return "yes" if ok else "no"


def job_label(job, ds):
    r = ds.rows
    return {
        "import": f"`contacts import` {size_name(r['import'])} rows",
        "sweep": f"`sweep` waking {size_name(r['sweep'])}",
        "set": f"`set inactive --stdin --yes` {size_name(r['set'])} ids",
        "undo": f"`undo` of that {size_name(r['undo'])} batch (shell: its bulk set)",
        "status": "`status ID` per call",
        "check": "`check ID` per call",
        "list": f"`list --format ids` ({size_name(ds.n)})",
    }[job]


def main_table(results, ds, lock):
    cols = ["job", "botctl", "shell", "ratio", "CPU botctl / shell", "botctl peak RSS",
            "shell peak RSS"]
    if lock:
        cols += ["lock held, botctl", "lock held, shell"]
    cols += ["target", "met"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for job, r in results.items():
        cells = [
            job_label(job, ds),
            fmt_s(r["botctl"]),
            fmt_s(r["shell"]),
            ratio(r["botctl"], r["shell"]),
            fmt_cpu(r.get("botctl_cpu"), r.get("shell_cpu"), job in POINT_JOBS),
            "—" if r["botctl_rss"] is None else f"{r['botctl_rss']:.0f} MB",
            "—" if r["shell_rss"] is None else f"{r['shell_rss']:.0f} MB",
        ]
        if job in POINT_JOBS:
            cells[1:3] = [f"{r[k] * 1000:.1f} ms" if r[k] else "timed out" for k in ("botctl", "shell")]
        if lock:
            for k in ("botctl_lock", "shell_lock"):
                cells.append(fmt_s(r[k]) if k in r else "")
        cells += [TARGETS[job], target_met(job, r)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def growth_table(growth, sizes):
    lines = [
        "| job | " + " | ".join(f"{size_name(n)}: botctl / shell" for n in sizes)
        + " | botctl growth (largest ÷ smallest) |",
        "|---|" + "---|" * len(sizes) + "---|",
    ]
    for job in WRITE_JOBS:
        cells, per_row = [], []
        for n in sizes:
            r = growth.get((job, n))
            if not r:
                cells.append("")
                continue
            b = r["botctl"] / r["rows"] * 1e6 if r["botctl"] else None
            s = r["shell"] / r["rows"] * 1e6 if r["shell"] else None
            cells.append(f"{b:.2f} / {s:.2f} µs" if b and s else "timed out")
            if b:
                per_row.append(b)
        if not any(cells):
            continue
        g = f"{per_row[-1] / per_row[0]:.2f}×" if len(per_row) > 1 else ""
        lines.append(f"| {job} | " + " | ".join(cells) + f" | {g} |")
    return "\n".join(lines)


def machine():
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.+)", f.read())
            cpu = m.group(1).strip() if m else cpu
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"


def main():
    ap = argparse.ArgumentParser(
        description="botctl against the sqlite3 shell on the same data (issue 7).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2],
    )
    ap.add_argument("--contacts", type=parse_size, default=1_000_000, metavar="N",
                    help="contacts in the main table (default 1M)")
    ap.add_argument("--runs", type=int, metavar="K",
                    help="runs per measurement (default 5, and 3 at 1M contacts or more)")
    ap.add_argument("--sizes", default="10k,100k,1M",
                    help="sizes for the time-per-row table (default 10k,100k,1M; '' for none)")
    ap.add_argument("--big", action="store_true",
                    help="also 10M contacts for import and sweep in the time-per-row table")
    ap.add_argument("--jobs", default=",".join(ALL_JOBS),
                    help=f"jobs to run (default all: {','.join(ALL_JOBS)})")
    ap.add_argument("--binary", "--bin", metavar="PATH",
                    help="the botctl binary (default: `cargo build --release`, then target/release/botctl)")
    ap.add_argument("--no-lock", action="store_true", help="skip the lock-hold probe runs")
    ap.add_argument("--timeout", type=float, default=600, metavar="S",
                    help="stop any one command after S seconds (default 600)")
    ap.add_argument("--workdir", metavar="DIR", help="where to put the data (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the data afterwards")
    ap.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite",
                    help="postgres: not implemented yet (see the hook in the script)")
    ap.add_argument("--pg-url", help="with --backend postgres: the server to use")
    a = ap.parse_args()
    jobs = [j.strip() for j in a.jobs.split(",") if j.strip()]
    bad = [j for j in jobs if j not in ALL_JOBS]
    if bad:
        ap.error(f"unknown job(s) {', '.join(bad)}; the jobs are {', '.join(ALL_JOBS)}")
    try:
        sizes = sorted({parse_size(s) for s in a.sizes.split(",") if s.strip()})
    except argparse.ArgumentTypeError as e:
        ap.error(str(e))
    if a.big:
        sizes.append(10_000_000)
        sizes = sorted(set(sizes))
    if a.runs is not None and a.runs < 1:
        ap.error("--runs must be at least 1")

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if a.binary:
        exe = os.path.abspath(a.binary)
        if not os.access(exe, os.X_OK):
            sys.exit(f"error: `{a.binary}` is not an executable botctl binary")
    else:
        log("building botctl (cargo build --release)")
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=root, check=True)
        exe = os.path.join(root, "target", "release", "botctl")
    work = tempfile.mkdtemp(prefix="botctl-bench-", dir=a.workdir)
    try:
        # Timed as installed (`cargo install --path .` copies the binary), beside the shell's
        # installed /usr/bin/sqlite3: the file the linker has just written is slower to
        # start, by about 0.9 ms a call here (README, "Benchmark").
        installed = os.path.join(work, "botctl")
        shutil.copy2(exe, installed)
        bench = Bench(a, installed, work)
        version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
        commit = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
        header = (f"{version} ({commit or 'no git'}), {bench.shell.version()} shell; "
                  f"{machine()} at start")
        lock = not a.no_lock
        out = [f"`{shlex.join(['python3', 'benches/bench.py', *sys.argv[1:]])}`", "", header, ""]

        n = a.contacts
        growth_jobs = [j for j in WRITE_JOBS if j in jobs]
        # Undo needs the set's batch; its ratio needs the shell's set.
        datasets = {}

        def dataset(size):
            if size not in datasets:
                datasets[size] = Dataset(bench, size, need_undo="undo" in jobs)
            return datasets[size]

        main = {}
        ds = dataset(n)
        for job in jobs:
            main[job] = bench.measure(ds, job, lock, shell=main.get("set") if job == "undo" else None)
        out.append(f"Medians of {bench.runs_for(n)} runs at {size_name(n)} contacts "
                   f"({CALLS_PER_RUN} calls a side per run, alternating, for status and check):")
        out += ["", main_table(main, ds, lock), ""]

        growth = {}
        if sizes and growth_jobs:
            for size in sizes:
                if size == n:
                    for job in growth_jobs:
                        growth[(job, size)] = main[job]
                    continue
                todo = [j for j in growth_jobs if size <= 1_000_000 or j in ("import", "sweep")]
                dsz = dataset(size)
                for job in todo:
                    shell = growth.get(("set", size)) if job == "undo" else None
                    growth[(job, size)] = bench.measure(dsz, job, lock=False, shell=shell)
                if size != n:
                    shutil.rmtree(dsz.dir)  # big sizes take room
            out.append("Time per row (botctl / shell), medians; the target is botctl flat "
                       "within 1.5× from 10k to 1M:")
            out += ["", growth_table(growth, sizes), ""]
        out.append(f"Load average at the end: {os.getloadavg()[0]:.1f}. Peak RSS is each "
                   "command's own maximum resident set (MB = MiB), from GNU time; CPU is user + "
                   "system time (median); lock held is the longest time a probe could not "
                   "take the write lock.")
        if not HAVE_GNU_TIME:
            out.append("- note: peak RSS not measured: GNU time is missing "
                       "(Debian/Ubuntu: `apt-get install time`)")
        for note in bench.notes:
            out.append(f"- note: {note}")
        print("\n".join(out))
    except Failed as e:
        sys.exit(f"error: a command failed: {e}")
    finally:
        if a.keep:
            log(f"data kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
