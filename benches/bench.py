#!/usr/bin/env python3
"""botctl benchmark: bulk jobs at a million contacts, against the sqlite3 shell doing the
same SQL on the same data in the same run (issue 7, "The benchmark" and "Targets").

    python3 benches/bench.py [--contacts N] [--runs K] [--sizes 10k,100k,1M]
                             [--jobs import,sweep,set,undo,status,check,list]
                             [--binary PATH] [--big] [--no-lock] [--timeout S]

Without --binary it runs `cargo build --release` and uses target/release/botctl. It needs
python3 (3.9+) and the sqlite3 command-line shell (`apt-get install sqlite3`).

What it does, per size: writes a CSV of N contacts (10% snoozed with a timer that has run
out at the sweep's clock, 5% inactive, the rest active) and a file of N/10 ids of active
contacts; prepares, once, an empty botctl database, one holding the N contacts (made by
`botctl contacts import`, untimed) and one where those N/10 ids were set inactive (for
`undo`). Each timed run works on a fresh copy of the prepared file (the copy is not timed).
Every command runs as its own process, timed from start to exit; its peak memory is its
own `ru_maxrss` from `os.wait4`.

Jobs (the main table is at --contacts, 1M by default):
  import  `botctl contacts import FILE` of N rows into an empty database, vs the shell's
          `.import` into a temp staging table, then INSERT ... SELECT into contacts and history
  sweep   `botctl sweep` waking N/10, vs INSERT INTO history ... SELECT + UPDATE contacts
          ... WHERE wake_at <= now
  set     `botctl set inactive --stdin --yes` of N/10 ids, vs staging the ids in a temp
          table, INSERT INTO history ... SELECT + UPDATE ... WHERE id IN staged
  undo    `botctl undo BATCH --yes` of that set's batch; compared (per the target) with the
          shell's bulk set of the same rows
  status  `botctl status ID` per call, vs a shell point query (ms per call)
  check   `botctl check ID` per call, vs a shell point query (ms per call)
  list    `botctl list --format ids` vs SELECT id FROM contacts ORDER BY id
Lock hold: for import, sweep, set and undo, one extra (untimed) run of each side beside a
probe process that keeps trying `BEGIN IMMEDIATE` with a 50 ms busy timeout on the same
database (python's sqlite3 module) and reports the longest time the write lock was
unavailable (its resolution is a few ms).
Growth: the time per row of import, sweep, set and undo at each of --sizes (and 10M for
import and sweep with --big), so that growth can be seen.

Medians over --runs (default 5, and 3 for sizes of 1M and more). The figures are only as
quiet as the machine: run it on an idle one.
"""

import argparse
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
# THE SHELL'S SQL, one entry per job. Written against schema v1 (src/store/schema.rs:
# contacts, batches, history with from_/to_bot_messages).
#
# Schema v2 (the lead's migration) changes it as follows, to be adjusted here:
#  - batches gains `note` (NULL here);
#  - contacts gains `counters` (NULL when all 0; a wake or a set to active clears it, like
#    bot_messages) and `note` (note of the latest status change; NULL for these commands);
#  - history gains `kind` ('status' for every row written here), `from_value`/`to_value`,
#    `from_counters`/`to_counters`, `record`, `note`; `from_bot_messages`/`to_bot_messages`
#    may go into the counters columns;
#  - import of a new contact may write a `kind = 'added'` row (check the v2 engine).
# Placeholders: {now} {actor} {os_user} {csv} {ids} {id} (filled by str.format; the SQL
# therefore has no literal braces).
# ======================================================================================

# What botctl sets on every connection (src/store/mod.rs: Store::open), plus a busy
# timeout like botctl's 60 s, so that the shell also waits for the lock probe.
SHELL_PREAMBLE = """\
.timeout 60000
PRAGMA foreign_keys = ON;
PRAGMA synchronous = NORMAL;
"""

HISTORY_COLUMNS = (
    "batch, at, contact, from_status, from_reason, from_wake_at, from_bot_messages, "
    "to_status, reason, wake_at, to_bot_messages, actor, os_user"
)

SHELL_SQL = {
    # `contacts import FILE` into an empty database: the file is staged before the write
    # lock is taken (a temp table lives outside the main database file), then merged in
    # one transaction. Details of existing contacts are updated (empty cells leave a field
    # as it is); a new contact with a status other than active gets a history row from
    # nothing. (Status changes of existing contacts are left out: every row is new here.)
    "import": """
CREATE TEMP TABLE staging (id TEXT, name TEXT, phone TEXT, email TEXT, status TEXT, wake_at TEXT);
.import --csv --skip 1 "{csv}" staging
BEGIN IMMEDIATE;
INSERT INTO batches (at, command, actor, os_user) VALUES ({now}, 'contacts import', '{actor}', '{os_user}');
UPDATE contacts SET name = coalesce(nullif(s.name, ''), contacts.name),
                    phone = coalesce(nullif(s.phone, ''), contacts.phone),
                    email = coalesce(nullif(s.email, ''), contacts.email)
  FROM staging s WHERE s.id = contacts.id;
INSERT INTO history (""" + HISTORY_COLUMNS + """)
  SELECT (SELECT max(id) FROM batches), {now}, s.id, NULL, NULL, NULL, NULL,
         s.status, 'manual', unixepoch(nullif(s.wake_at, '')), 0, '{actor}', '{os_user}'
  FROM staging s
  WHERE s.status IN ('snoozed', 'inactive') AND s.id NOT IN (SELECT id FROM contacts);
INSERT INTO contacts (id, name, phone, email, status, reason, wake_at, bot_messages,
                      changed_at, changed_by, created_at, created_batch)
  SELECT s.id, nullif(s.name, ''), nullif(s.phone, ''), nullif(s.email, ''),
         coalesce(nullif(s.status, ''), 'active'), 'manual', unixepoch(nullif(s.wake_at, '')), 0,
         {now}, '{actor}', {now}, (SELECT max(id) FROM batches)
  FROM staging s WHERE s.id NOT IN (SELECT id FROM contacts);
COMMIT;
""",
    # `sweep`: every run-out timer written down, dated at its wake_at, by `timer`. (botctl
    # works in chunks of 1000, one batch each; the shell does it in one statement pair.)
    "sweep": """
BEGIN IMMEDIATE;
INSERT INTO batches (at, command, actor, os_user) VALUES ({now}, 'sweep', '{actor}', '{os_user}');
INSERT INTO history (""" + HISTORY_COLUMNS + """)
  SELECT (SELECT max(id) FROM batches), wake_at, id, status, reason, wake_at, bot_messages,
         'active', 'timer', NULL, 0, 'timer', '{os_user}'
  FROM contacts WHERE wake_at <= {now} ORDER BY wake_at, id;
UPDATE contacts SET status = 'active', reason = 'timer', changed_at = wake_at, changed_by = 'timer',
                    bot_messages = 0, wake_at = NULL
  WHERE wake_at <= {now};
COMMIT;
""",
    # `set inactive --stdin --yes`: the ids staged in a temp table (unknown ids are an
    # error, so they are counted); under the lock, due timers among them are written down
    # first in a `sweep` batch (none are due here), then every contact not already
    # inactive without a timer gets a history row and its new state (bot_messages kept).
    "set": """
CREATE TEMP TABLE staged (id TEXT PRIMARY KEY);
.import --csv "{ids}" staged
SELECT count(*) FROM staged WHERE id NOT IN (SELECT id FROM contacts);
BEGIN IMMEDIATE;
INSERT INTO batches (at, command, actor, os_user)
  SELECT {now}, 'sweep', '{actor}', '{os_user}'
  WHERE EXISTS (SELECT 1 FROM contacts WHERE wake_at <= {now} AND id IN (SELECT id FROM staged));
INSERT INTO history (""" + HISTORY_COLUMNS + """)
  SELECT (SELECT max(id) FROM batches), wake_at, id, status, reason, wake_at, bot_messages,
         'active', 'timer', NULL, 0, 'timer', '{os_user}'
  FROM contacts WHERE wake_at <= {now} AND id IN (SELECT id FROM staged);
UPDATE contacts SET status = 'active', reason = 'timer', changed_at = wake_at, changed_by = 'timer',
                    bot_messages = 0, wake_at = NULL
  WHERE wake_at <= {now} AND id IN (SELECT id FROM staged);
INSERT INTO batches (at, command, actor, os_user) VALUES ({now}, 'set inactive', '{actor}', '{os_user}');
INSERT INTO history (""" + HISTORY_COLUMNS + """)
  SELECT (SELECT max(id) FROM batches), {now}, c.id, c.status, c.reason, c.wake_at, c.bot_messages,
         'inactive', 'manual', NULL, c.bot_messages, '{actor}', '{os_user}'
  FROM staged s JOIN contacts c ON c.id = s.id
  WHERE NOT (c.status = 'inactive' AND c.wake_at IS NULL);
UPDATE contacts SET status = 'inactive', reason = 'manual', wake_at = NULL,
                    changed_at = {now}, changed_by = '{actor}'
  WHERE id IN (SELECT id FROM staged) AND NOT (status = 'inactive' AND wake_at IS NULL);
COMMIT;
""",
    # `undo` has no SQL of its own: the target compares it with the shell's "set" above,
    # run on the same rows.
    #
    # `status ID`: the contact with its timer applied, and the settings.
    "status": """
SELECT id, name, phone, email,
       CASE WHEN wake_at <= {now} THEN 'active' ELSE status END,
       CASE WHEN wake_at <= {now} THEN 'timer' ELSE reason END,
       CASE WHEN wake_at <= {now} THEN NULL ELSE wake_at END,
       changed_at, changed_by, bot_messages
  FROM contacts WHERE id = '{id}';
SELECT key, value FROM settings;
""",
    # `check ID`: the effective status and the bot mode.
    "check": """
SELECT CASE WHEN status = 'active' OR wake_at <= {now} THEN 'answer' ELSE 'silent' END,
       (SELECT value FROM settings WHERE key = 'mode')
  FROM contacts WHERE id = '{id}';
""",
    # `list --format ids`
    "list": """
SELECT id FROM contacts ORDER BY id;
""",
}

# botctl's side of each job: its arguments (after `botctl --db DB`), its stdin, its clock.
BOTCTL_JOBS = {
    "import": (["contacts", "import", "{csv}"], None, NOW),
    "sweep": (["sweep"], None, LATER),
    "set": (["set", "inactive", "--stdin", "--yes"], "{ids}", NOW),
    "undo": (["undo", "{batch}", "--yes"], None, NOW),
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
        sql = SHELL_PREAMBLE + SHELL_SQL[job].format(
            now=SHELL_CLOCK.get(job, NOW_TS), actor=ACTOR, os_user=OS_USER, **params
        )
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
        bench.botctl(self.empty, ["mode"])
        checkpoint(self.empty)
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
        }


def digest(db):
    """What botctl and the shell should agree on after a write (ids of batches and the
    os_user aside)."""
    con = sqlite3.connect(db)
    out = {
        "contacts": con.execute(
            "SELECT status, reason, count(*), total(wake_at), total(bot_messages), "
            "total(changed_at), total(created_at), count(name), count(phone), count(email), "
            "count(DISTINCT changed_by) FROM contacts GROUP BY status, reason ORDER BY 1, 2"
        ).fetchall(),
        "history": con.execute(
            "SELECT to_status, reason, count(*), total(at), total(wake_at), "
            "total(from_wake_at), count(from_status), total(to_bot_messages), "
            "count(DISTINCT actor) FROM history GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall(),
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
        """Median seconds (None if a run timed out) and peak RSS (MiB) of `runs` runs."""
        times, rss = [], []
        src = ds.source("set" if (job == "undo" and side == 1) else job)
        for r in range(runs):
            fresh_copy(src, ds.run_db)
            argv, stdin, env = self.sides(ds, job, ds.run_db)[side]
            calls = CALLS_PER_RUN if job in POINT_JOBS else 1
            for _ in range(calls):
                t, m = run(argv, stdin, env, self.a.timeout, rss=job not in POINT_JOBS)
                if t is None:
                    self.notes.append(
                        f"{size_name(ds.n)} {job}: {'botctl' if side == 0 else 'shell'} ran past "
                        f"--timeout {self.a.timeout:g} s and was stopped"
                    )
                    return None, m
                times.append(t)
                if m is not None:
                    rss.append(m)
            if r == 0 and check_with is not None:
                check_with[side] = digest(ds.run_db)
        return statistics.median(times), max(rss, default=None)

    def measure(self, ds, job, lock, shell=None):
        """Times both sides of `job` (the shell's side is `shell` when given: undo reuses
        the shell's set), then runs the lock probe beside each."""
        runs = self.runs_for(ds.n)
        log(f"[{size_name(ds.n)}] {job}: {runs} runs each")
        agree = {} if job in ("import", "sweep", "set") else None
        res = {"rows": ds.rows.get(job), "runs": runs}
        res["botctl"], res["botctl_rss"] = self.timed(ds, job, 0, runs, agree)
        if shell:
            res["shell"], res["shell_rss"] = shell["shell"], shell["shell_rss"]
        else:
            res["shell"], res["shell_rss"] = self.timed(ds, job, 1, runs, agree)
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
    cols = ["job", "botctl", "shell", "ratio", "botctl peak RSS", "shell peak RSS"]
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
        bench = Bench(a, exe, work)
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
                   f"({CALLS_PER_RUN} calls per run for status and check):")
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
                   "command's own maximum resident set (MB = MiB), from GNU time; lock held is "
                   "the longest time a probe could not take the write lock.")
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
