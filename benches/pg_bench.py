#!/usr/bin/env python3
"""botctl on PostgreSQL: bulk jobs at a million contacts against `psql` doing the same SQL
on the same server in the same run, point calls, and event streams (issues 11 and 14).

    python3 benches/pg_bench.py [--contacts N] [--runs K] [--calls C] [--events E]
                                [--jobs import,sweep,set,undo,status,check,record,check-stdin]
                                [--binary PATH] [--timeout S]

Without --binary it runs `cargo build --release` and uses target/release/botctl. It needs
python3 (3.9+), PostgreSQL's server programs (initdb, pg_ctl; `apt-get install
postgresql`), `psql`, and GNU time for the peak memory (`apt-get install time`).

What it does: starts a throwaway server with `tests/pg/server.sh start` (fsync off, a unix
socket; stopped at the end, also on error or Ctrl-C), writes a CSV of N contacts (10%
snoozed with a timer that has run out at the sweep's clock, 5% inactive, the rest active)
and a file of N/10 ids of active contacts, and prepares, once, template databases: an
empty botctl schema, one holding the N contacts (made by `botctl contacts import`,
untimed) and one where those N/10 ids were set inactive (for `undo`); each is VACUUM
ANALYZEd. Every timed run, of either side, works on a new database made with `CREATE
DATABASE run TEMPLATE …` (untimed, followed by a CHECKPOINT), so every run starts from
the same data. Each command runs as its own process over the unix socket, timed from
start to exit, connection included.

Jobs:
  import       `botctl contacts import FILE` of N rows into an empty database, vs psql:
               `\\copy` into a temp staging table, then (under botctl's write lock) a batch
               row, INSERT … SELECT into contacts and `added` history rows (with the details
               as JSON), as botctl does
  sweep        `botctl sweep` waking N/10, vs psql: a batch row, INSERT INTO history …
               SELECT + UPDATE contacts … WHERE wake_at <= now, under the write lock
  set          `botctl set inactive --stdin --yes` of N/10 ids, vs psql: `\\copy` the ids
               into a temp table, count the unknown ones and the due timers among them, a
               batch row, INSERT INTO history … SELECT + UPDATE, under the write lock
  undo         `botctl undo BATCH` of that set's batch; compared (per the target) with
               psql's bulk set of the same rows
  status       `botctl status ID` per call, vs `psql -c` of the point queries it needs
  check        `botctl check ID` per call, vs `psql -c` of a point query
  record       `botctl record --stdin` of E bot-message events (two channels, an event id
               each) on a database of 10k contacts; events/s
  check-stdin  `botctl check --stdin` of E ids; ids/s
After the first run of import, sweep and set, the two sides' databases are compared
(counts and sums per status, reason and kind; which commands made batches, not how many:
botctl's sweep makes one batch per chunk of 20,000) and any difference is reported.

Medians over --runs (default 3). The figures are only as quiet as the machine: run it on
an idle one.
"""

import argparse
import getpass
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

NOW = "2026-11-21T09:00:00Z"
NOW_TS = 1795251600
LATER = "2026-11-21T12:00:00Z"  # the sweep's clock: every timer has run out
LATER_TS = NOW_TS + 3 * 3600
ACTOR = "bench"
OS_USER = getpass.getuser()
# botctl's write lock (src/store/postgres/store.rs: WRITE_LOCK), taken by psql's side too.
WRITE_LOCK = 0x626F7463746C0003

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER_SH = os.path.join(ROOT, "tests", "pg", "server.sh")

# ======================================================================================
# psql's SQL, one entry per job: the statements botctl runs (src/store/postgres/tx.rs and
# import.rs), without what only a general tool needs (chunks, SKIP LOCKED, temp tables
# created per session). Placeholders: {now} {actor} {os_user} {csv} {ids} {id} {lock}.
# ======================================================================================

# botctl's sweep wakes at most this many contacts per transaction (src/engine/sweep.rs).
SWEEP_CHUNK = 20_000

PSQL_PREAMBLE = "\\set ON_ERROR_STOP 1\nSET client_min_messages = warning;\n"

DETAILS_JSON = (
    "('{{\"name\":' || coalesce(to_json({p}name)::text, 'null') || ',\"phone\":' || "
    "coalesce(to_json({p}phone)::text, 'null') || ',\"email\":' || "
    "coalesce(to_json({p}email)::text, 'null') || '}}')"
)

NEW_BATCH = (
    "INSERT INTO batches (id, at, command, actor, os_user) "
    "SELECT coalesce(max(id), 0) + 1, {now}, '%s', '{actor}', '{os_user}' FROM batches;"
)

PSQL_SQL = {
    "import": """
CREATE TEMP TABLE staging (id text COLLATE "C" PRIMARY KEY, name text, phone text, email text,
                           status text, wake_at text);
\\copy staging FROM '{csv}' CSV HEADER
BEGIN;
SELECT pg_advisory_xact_lock({lock});
""" + NEW_BATCH % "contacts import" + """
CREATE TEMP TABLE rows ON COMMIT DROP AS
  SELECT s.id, nullif(s.name, '') AS name, nullif(s.phone, '') AS phone,
         nullif(s.email, '') AS email, nullif(s.status, '') AS status,
         extract(epoch FROM nullif(s.wake_at, '')::timestamptz)::bigint AS wake_at,
         NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = s.id) AS new
  FROM staging s;
UPDATE contacts c SET name = coalesce(r.name, c.name), phone = coalesce(r.phone, c.phone),
                      email = coalesce(r.email, c.email)
  FROM rows r WHERE c.id = r.id AND NOT r.new;
INSERT INTO contacts (id, name, phone, email, status, reason, wake_at, bot_messages,
                      changed_at, changed_by, note, created_at, created_batch)
  SELECT id, name, phone, email, coalesce(status, 'active'), 'manual', wake_at, 0,
         {now}, '{actor}', NULL, {now}, (SELECT max(id) FROM batches)
  FROM rows WHERE new ORDER BY id;
INSERT INTO history (batch, at, kind, contact, to_status, reason, wake_at, to_value, note,
                     actor, os_user)
  SELECT (SELECT max(id) FROM batches), {now}, 'added', r.id, coalesce(r.status, 'active'),
         'manual', r.wake_at,
         CASE WHEN coalesce(r.name, r.phone, r.email) IS NULL THEN NULL
              ELSE """ + DETAILS_JSON.replace("{p}", "r.") + """ END,
         NULL, '{actor}', '{os_user}'
  FROM rows r WHERE r.new ORDER BY r.id;
COMMIT;
""",
    # `sweep` works in chunks of 20,000, a transaction and a batch each, picked with
    # FOR UPDATE SKIP LOCKED (both required by the contract: short lock holds, several
    # hosts sweeping), so psql runs the same chunks with botctl's statements (tx.rs:
    # any_due, new_batch, wake_due), as the SQLite benchmark's shell does. (Before, psql
    # ran one unchunked UPDATE: see the README.)
    "sweep": ("""
BEGIN;
SET LOCAL jit = off;
SELECT pg_advisory_xact_lock({lock});
SELECT (SELECT wake_at FROM contacts WHERE wake_at <= {now} ORDER BY wake_at LIMIT 1) IS NOT NULL;
""" + NEW_BATCH % "sweep" + """
WITH picked AS (SELECT id, wake_at, status, reason, counters FROM contacts
  WHERE wake_at <= {now} AND true ORDER BY wake_at, id LIMIT {chunk} FOR UPDATE SKIP LOCKED),
h AS (INSERT INTO history (batch, at, kind, contact, from_status, from_reason,
  from_wake_at, to_status, reason, wake_at, from_counters, to_counters, actor, os_user)
  SELECT (SELECT max(id) FROM batches), wake_at, 'status', id, status, reason, wake_at,
  'active', 'timer', NULL, counters, NULL, 'timer', '{os_user}' FROM picked
  ORDER BY wake_at, id),
u AS (UPDATE contacts c SET status = 'active', reason = 'timer', wake_at = NULL,
  bot_messages = 0, counters = NULL, changed_at = c.wake_at, changed_by = 'timer',
  note = NULL WHERE c.id = ANY (ARRAY(SELECT id FROM picked)))
SELECT id FROM picked ORDER BY wake_at, id;
COMMIT;
""", """
BEGIN;
SET LOCAL jit = off;
SELECT pg_advisory_xact_lock({lock});
SELECT (SELECT wake_at FROM contacts WHERE wake_at <= {now} ORDER BY wake_at LIMIT 1) IS NOT NULL;
COMMIT;
"""),
    "set": """
CREATE TEMP TABLE staged (id text COLLATE "C" PRIMARY KEY);
\\copy staged FROM '{ids}'
BEGIN;
SELECT pg_advisory_xact_lock({lock});
SELECT count(*) FROM staged s WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = s.id);
SELECT count(*) FROM contacts WHERE wake_at <= {now} AND id IN (SELECT id FROM staged);
""" + NEW_BATCH % "set inactive" + """
INSERT INTO history (batch, at, kind, contact, from_status, from_reason, from_wake_at,
                     to_status, reason, wake_at, from_counters, to_counters, note, actor,
                     os_user)
  SELECT (SELECT max(id) FROM batches), {now}, 'status', c.id, c.status, c.reason, c.wake_at,
         'inactive', 'manual', NULL, c.counters, c.counters, NULL, '{actor}', '{os_user}'
  FROM staged s JOIN contacts c ON c.id = s.id
  WHERE NOT (c.status = 'inactive' AND c.wake_at IS NULL) ORDER BY s.id;
UPDATE contacts c SET status = 'inactive', reason = 'manual', wake_at = NULL,
                      changed_at = {now}, changed_by = '{actor}', note = NULL
  WHERE c.id IN (SELECT id FROM staged) AND NOT (c.status = 'inactive' AND c.wake_at IS NULL);
COMMIT;
""",
    # `status ID`: the contact, the mode and the settings.
    "status": """
SELECT id, name, phone, email, status, reason, wake_at, bot_messages, changed_at, changed_by,
       counters, note FROM contacts WHERE id = '{id}';
SELECT key, value FROM settings;
""",
    # `check ID`: the effective status and the bot mode.
    "check": """
SELECT CASE WHEN status = 'active' OR wake_at <= {now} THEN 'answer' ELSE 'silent' END,
       (SELECT value FROM settings WHERE key = 'mode')
  FROM contacts WHERE id = '{id}';
""",
}

BOTCTL_JOBS = {
    "import": (["contacts", "import", "{csv}"], None, NOW),
    "sweep": (["sweep"], None, LATER),
    "set": (["set", "inactive", "--stdin", "--yes"], "{ids}", NOW),
    "undo": (["undo", "{batch}"], None, NOW),
    "status": (["status", "{id}"], None, NOW),
    "check": (["check", "{id}"], None, NOW),
}
PSQL_CLOCK = {"sweep": LATER_TS}

BULK_JOBS = ["import", "sweep", "set", "undo"]
POINT_JOBS = ["status", "check"]
STREAM_JOBS = ["record", "check-stdin"]
ALL_JOBS = BULK_JOBS + POINT_JOBS + STREAM_JOBS

TARGETS = {
    "import": ("≤ 1.2×", lambda r: r["ratio"] <= 1.2),
    "sweep": ("≤ 1.2×", lambda r: r["ratio"] <= 1.2),
    "set": ("≤ 1.2×", lambda r: r["ratio"] <= 1.2),
    "undo": ("≤ 1.2× psql set", lambda r: r["ratio"] <= 1.2),
    "status": ("—", None),
    "check": ("≤ 15 ms", lambda r: r["botctl"] <= 0.015),
}


class Failed(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def size_name(n):
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return f"{n:,}"


def parse_size(s):
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", s)
    if not m:
        raise argparse.ArgumentTypeError(f"`{s}` is not a size like 10k, 100k or 1M")
    return int(float(m.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2).lower()])


# --------------------------------------------------------------------------------------
# Running and measuring.
# --------------------------------------------------------------------------------------

GNU_TIME = "/usr/bin/time"


def gnu_time_works():
    try:
        with tempfile.NamedTemporaryFile() as f:
            subprocess.run([GNU_TIME, "-o", f.name, "-f", "%M", "true"], check=True)
            return f.read().strip().isdigit()
    except (OSError, subprocess.CalledProcessError):
        return False


HAVE_GNU_TIME = gnu_time_works()


def run(argv, stdin_path=None, env=None, timeout=600.0, rss=False, stdout=None):
    """Runs argv (stdout discarded unless `stdout` is a path). Returns (seconds, peak RSS
    in MiB or None). Raises Failed on a non-zero exit or a timeout. With `rss`, it runs
    under GNU time, which reports its child's own peak."""
    rss_file = None
    if rss and HAVE_GNU_TIME:
        fd, rss_file = tempfile.mkstemp(suffix=".rss")
        os.close(fd)
        argv = [GNU_TIME, "-q", "-o", rss_file, "-f", "%M", *argv]
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    try:
        with open(stdin_path or os.devnull, "rb") as fin, tempfile.TemporaryFile() as ferr:
            start = time.perf_counter()
            p = subprocess.Popen(argv, stdin=fin, stdout=out, stderr=ferr, env=env)
            # A blocking wait, timed exactly (as benches/bench.py does): Popen.wait with a
            # timeout polls with growing sleeps (0.5, 1, 2, 4, 8 ms …), which rounded a
            # 10 ms call up to about 16 ms.
            killer = threading.Timer(timeout, p.kill)
            killer.start()
            p.wait()
            elapsed = time.perf_counter() - start
            killer.cancel()
            if elapsed >= timeout:
                raise Failed(f"ran past --timeout {timeout:g} s: {shlex.join(argv)}")
            if p.returncode != 0:
                ferr.seek(0)
                err = ferr.read().decode(errors="replace")[-2000:]
                raise Failed(f"exit {p.returncode}: {shlex.join(argv)}\n{err}")
    finally:
        if stdout:
            out.close()
    peak = None
    if rss_file:
        with open(rss_file) as f:
            kib = f.read().split()
        os.remove(rss_file)
        peak = int(kib[-1]) / 1024 if kib and kib[-1].isdigit() else None
    return elapsed, peak


class Server:
    """The throwaway server of tests/pg/server.sh."""

    def __init__(self):
        p = subprocess.run(["bash", SERVER_SH, "start"], capture_output=True, text=True)
        if p.returncode == 3:
            sys.exit("error: PostgreSQL is not installed here; install it "
                     "(Debian/Ubuntu: `apt-get install postgresql`) and run again")
        if p.returncode != 0:
            sys.exit(f"error: tests/pg/server.sh could not start a server:\n{p.stderr}")
        env = dict(re.findall(r"^export (\w+)=(.*)$", p.stdout, re.M))
        self.host = env["BOTCTL_TEST_PG_HOST"]
        self.port = env["BOTCTL_TEST_PG_PORT"]
        self.user = env.get("BOTCTL_TEST_PG_USER", "botctl")
        self.psql = shutil.which("psql") or os.path.join(self.bindir(), "psql")
        if not os.access(self.psql, os.X_OK):
            self.stop()
            sys.exit("error: psql is needed for the comparison (Debian/Ubuntu: "
                     "`apt-get install postgresql-client`)")

    def bindir(self):
        return subprocess.run(["bash", SERVER_SH, "bindir"], capture_output=True,
                              text=True).stdout.strip()

    def stop(self):
        subprocess.run(["bash", SERVER_SH, "stop", self.host], capture_output=True)

    def url(self, db):
        return f"postgresql://{self.user}@/{db}?host={self.host}&port={self.port}"

    def psql_argv(self, db):
        return [self.psql, "-X", "-q", "-h", self.host, "-p", self.port, "-U", self.user,
                "-d", db]

    def sql(self, sql, db="postgres"):
        """Runs `sql` (untimed); returns its unaligned output."""
        p = subprocess.run(self.psql_argv(db) + ["-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise Failed(f"psql: {sql}\n{p.stderr}")
        return p.stdout.strip()

    def version(self):
        return self.sql("SHOW server_version").split()[0]

    def tune(self):
        """Less disk: a database copied file by file (not through the WAL, PostgreSQL 15
        and newer), and a small WAL."""
        self.copy = " STRATEGY FILE_COPY" if int(self.sql("SHOW server_version_num")) >= 150000 else ""
        self.sql("ALTER SYSTEM SET max_wal_size = '256MB'")
        self.sql("SELECT pg_reload_conf()")

    def create(self, name, template):
        self.sql(f"CREATE DATABASE {name} TEMPLATE {template}{self.copy}")

    def fresh(self, name, template):
        self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.create(name, template)
        self.sql("CHECKPOINT")

    def drop(self, name):
        self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.sql("CHECKPOINT")


def write_data(d, n):
    """The CSV of n contacts and the file of the n/10 ids that `set` changes (the same
    data as benches/bench.py)."""
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
            out.append(f"c-{i:08d},Contact {i},+1555{i:08d},c{i}@example.com,{extra}\n")
            if len(out) >= 100_000:
                f.writelines(out)
                out.clear()
        f.writelines(out)
    ids_path = os.path.join(d, "set.ids")
    with open(ids_path, "w") as f:
        f.writelines(f"c-{i:08d}\n" for i in range(5, n, 10))  # all active
    return csv_path, ids_path


DIGEST = """
SELECT 'c', status, reason, count(*), sum(wake_at), sum(bot_messages), sum(changed_at),
       sum(created_at), count(name), count(phone), count(email), count(counters),
       count(DISTINCT changed_by)
  FROM contacts GROUP BY status, reason ORDER BY 2, 3;
SELECT 'h', kind, to_status, reason, count(*), sum(at), sum(wake_at), sum(from_wake_at),
       count(from_status), count(to_value), sum(length(to_value)), count(DISTINCT actor)
  FROM history GROUP BY kind, to_status, reason ORDER BY 2, 3, 4;
SELECT 'b', command FROM batches GROUP BY command ORDER BY 2;
"""


class Bench:
    def __init__(self, a, exe, work, server):
        self.a, self.exe, self.work, self.pg = a, exe, work, server
        self.notes = []

    def env(self, db, clock):
        return dict(os.environ, BOTCTL_NOW=clock, BOTCTL_DB=self.pg.url(db),
                    BOTCTL_ACTOR=ACTOR, TZ="UTC", NO_COLOR="1")

    def botctl(self, db, args, stdin=None, clock=NOW):
        """Runs botctl untimed (preparation)."""
        return run([self.exe, "--db", self.pg.url(db), *args], stdin, self.env(db, clock), 7200)

    def prepare(self, n, jobs):
        log(f"[{size_name(n)}] writing the CSV and ids")
        self.n = n
        self.csv, self.ids = write_data(self.work, n)
        self.rows = {"import": n, "sweep": len(range(0, n, 10)), "set": len(range(5, n, 10))}
        self.rows["undo"] = self.rows["set"]
        empty_csv = os.path.join(self.work, "empty.csv")
        with open(empty_csv, "w") as f:
            f.write("id\n")
        pg = self.pg
        pg.tune()
        pg.create("tpl_empty", "template0")
        self.botctl("tpl_empty", ["contacts", "import", empty_csv])  # the schema only
        self.templates = {"empty": "tpl_empty"}
        if any(j in jobs for j in ["sweep", "set", "undo", "status", "check"]):
            log(f"[{size_name(n)}] preparing the template with botctl contacts import (untimed)")
            pg.create("tpl_full", "tpl_empty")
            self.botctl("tpl_full", ["contacts", "import", self.csv])
            pg.sql("VACUUM ANALYZE", "tpl_full")
            self.templates["full"] = "tpl_full"
        mid = n // 2
        self.point_id = f"c-{mid - mid % 20 + 2:08d}"  # an active contact
        # No connection may stay open to a template.
        pg.sql("CHECKPOINT")

    def prepare_undo(self):
        """The template for undo, made (and the full one dropped) once the jobs that need
        the full one have run: the disk holds two copies of the data at a time."""
        pg = self.pg
        if "after_set" not in self.templates:
            pg.create("tpl_after_set", "tpl_full")
            self.botctl("tpl_after_set", ["set", "inactive", "--stdin", "--yes"], stdin=self.ids)
            pg.sql("VACUUM ANALYZE", "tpl_after_set")
            self.batch = pg.sql("SELECT max(id) FROM batches WHERE command = 'set inactive'",
                                "tpl_after_set")
            self.templates["after_set"] = "tpl_after_set"
            pg.drop("tpl_full")
            pg.sql("CHECKPOINT")

    def params(self):
        return {"csv": self.csv, "ids": self.ids, "id": self.point_id,
                "batch": str(getattr(self, "batch", "")), "lock": WRITE_LOCK,
                "actor": ACTOR, "os_user": OS_USER}

    def template(self, job, side):
        if job == "import":
            return self.templates["empty"]
        if job == "undo" and side == "botctl":
            return self.templates["after_set"]
        return self.templates["full"]

    def argv(self, job, side, db):
        """(argv, stdin path, env) of one side of a job on database `db`."""
        p = self.params()
        if side == "botctl":
            args, stdin, clock = BOTCTL_JOBS[job]
            argv = [self.exe, "--db", self.pg.url(db), *[x.format(**p) for x in args]]
            return argv, stdin.format(**p) if stdin else None, self.env(db, clock)
        sql_job = "set" if job == "undo" else job
        text = PSQL_SQL[sql_job]
        if isinstance(text, tuple):  # (per chunk, last): as many chunks as botctl makes
            each, last = text
            text = each * -(-self.rows["sweep"] // SWEEP_CHUNK) + last
        sql = PSQL_PREAMBLE + text.format(now=PSQL_CLOCK.get(sql_job, NOW_TS),
                                          chunk=SWEEP_CHUNK, **p)
        path = os.path.join(self.work, f"{sql_job}.sql")
        with open(path, "w") as f:
            f.write(sql)
        return self.pg.psql_argv(db) + ["-f", path], None, dict(os.environ)

    def timed(self, job, side, runs):
        times, rss = [], []
        for r in range(runs):
            self.pg.fresh("run", self.template(job, side))
            argv, stdin, env = self.argv(job, side, "run")
            calls = self.a.calls if job in POINT_JOBS else 1
            for _ in range(calls):
                # A point call is timed as it is, not under GNU time (whose own start
                # would count), as benches/bench.py does; bulk jobs report their peak.
                t, m = run(argv, stdin, env, self.a.timeout, rss=job not in POINT_JOBS)
                times.append(t)
                if m is not None:
                    rss.append(m)
            if r == 0 and job in ("import", "sweep", "set"):
                self.digests[side] = self.pg.sql(DIGEST, "run")
        self.pg.drop("run")
        return statistics.median(times), max(rss, default=None)

    def measure(self, job, psql_set=None):
        runs = self.a.runs
        log(f"[{size_name(self.n)}] {job}: {runs} runs each")
        self.digests = {}
        res = {}
        res["botctl"], res["botctl_rss"] = self.timed(job, "botctl", runs)
        if job == "undo" and psql_set:
            res["psql"], res["psql_rss"] = psql_set["psql"], psql_set["psql_rss"]
        else:
            res["psql"], res["psql_rss"] = self.timed(job, "psql", runs)
        res["ratio"] = res["botctl"] / res["psql"]
        d = self.digests
        if len(d) == 2 and d["botctl"] != d["psql"]:
            self.notes.append(f"{job}: botctl and psql's SQL left different data:\n"
                              f"    botctl: {d['botctl']!r}\n    psql:   {d['psql']!r}")
        return res

    def streams(self, jobs):
        """record --stdin and check --stdin on a database of --event-contacts contacts."""
        k, e = self.a.event_contacts, self.a.events
        pg = self.pg
        csv = os.path.join(self.work, "ev_contacts.csv")
        with open(csv, "w") as f:
            f.write("id\n")
            f.writelines(f"c-{i}\n" for i in range(k))
        pg.create("tpl_events", "tpl_empty")
        self.botctl("tpl_events", ["-q", "contacts", "import", csv])
        self.botctl("tpl_events", ["-q", "config", "set", "max-bot-messages", "none"])
        pg.sql("VACUUM ANALYZE", "tpl_events")
        events = os.path.join(self.work, "events.ndjson")
        with open(events, "w") as f:
            for i in range(e):
                ch = "sms" if i % 2 else "webchat"
                f.write(f'{{"event": "bot-message", "contact": "c-{(i * 7919) % k}", '
                        f'"channel": "{ch}", "id": "evt-{i}"}}\n')
        ids = os.path.join(self.work, "ids.txt")
        with open(ids, "w") as f:
            f.writelines(f"c-{(i * 7919) % k}\n" for i in range(e))
        pg.sql("CHECKPOINT")
        out = os.path.join(self.work, "stream.out")
        res = {}
        for job, args, stdin in (("record", ["-q", "record", "--stdin"], events),
                                 ("check-stdin", ["check", "--stdin"], ids)):
            if job not in jobs:
                continue
            log(f"[events] {job}: {self.a.runs} runs of {e:,} lines")
            times, rss = [], []
            for _ in range(self.a.runs):
                pg.fresh("run", "tpl_events")
                env = self.env("run", NOW)
                t, m = run([self.exe, "--db", pg.url("run"), *args], stdin, env,
                           self.a.timeout, rss=True, stdout=out)
                with open(out, "rb") as f:
                    got = sum(1 for _ in f)
                if got != e:
                    raise Failed(f"{job}: {got} answers for {e} lines")
                times.append(t)
                if m is not None:
                    rss.append(m)
            res[job] = {"rate": e / statistics.median(times), "rss": max(rss, default=None)}
        pg.drop("run")
        return res


def fmt_s(t):
    return f"{t:.2f} s" if t >= 1 else f"{t * 1000:.0f} ms"


def fmt_mb(m):
    return "—" if m is None else f"{m:.0f} MB"


def job_label(job, rows):
    return {
        "import": f"`contacts import` {size_name(rows['import'])} rows",
        "sweep": f"`sweep` waking {size_name(rows['sweep'])}",
        "set": f"`set inactive --stdin --yes` {size_name(rows['set'])} ids",
        "undo": f"`undo` of that {size_name(rows['undo'])} batch (psql: its bulk set)",
        "status": "`status ID` per call, connection included",
        "check": "`check ID` per call, connection included",
    }[job]


def table(results, rows, streams, a):
    lines = ["| job | botctl | psql | ratio | botctl peak RSS | target | met |",
             "|---|---|---|---|---|---|---|"]
    for job, r in results.items():
        if job in POINT_JOBS:
            b, s = f"{r['botctl'] * 1000:.1f} ms", f"{r['psql'] * 1000:.1f} ms"
        else:
            b, s = fmt_s(r["botctl"]), fmt_s(r["psql"])
        target, ok = TARGETS[job]
        met = "" if ok is None else ("yes" if ok(r) else "**no**")
        lines.append(f"| {job_label(job, rows)} | {b} | {s} | {r['ratio']:.2f}× | "
                     f"{fmt_mb(r['botctl_rss'])} | {target} | {met} |")
    if "record" in streams:
        r = streams["record"]
        lines.append(f"| `record --stdin`, {a.events:,} events on {size_name(a.event_contacts)} "
                     f"contacts | {r['rate']:,.0f} events/s | — | — | {fmt_mb(r['rss'])} | "
                     f"≥ 5,000/s | {'yes' if r['rate'] >= 5000 else '**no**'} |")
    if "check-stdin" in streams:
        r = streams["check-stdin"]
        lines.append(f"| `check --stdin`, {a.events:,} ids | {r['rate']:,.0f} ids/s | — | — | "
                     f"{fmt_mb(r['rss'])} | — | |")
    return "\n".join(lines)


def machine():
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.+)", f.read())
            cpu = m.group(1).strip() if m else cpu
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores"


def main():
    ap = argparse.ArgumentParser(
        description="botctl on PostgreSQL against psql on the same server (issues 11, 14).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2],
    )
    ap.add_argument("--contacts", type=parse_size, default=1_000_000, metavar="N",
                    help="contacts (default 1M)")
    ap.add_argument("--runs", type=int, default=3, metavar="K", help="runs per side (default 3)")
    ap.add_argument("--calls", type=int, default=20, metavar="C",
                    help="status/check calls per run (default 20)")
    ap.add_argument("--events", type=parse_size, default=50_000, metavar="E",
                    help="lines per record/check --stdin run (default 50k)")
    ap.add_argument("--event-contacts", type=parse_size, default=10_000, metavar="K",
                    help="contacts of the events database (default 10k)")
    ap.add_argument("--jobs", default=",".join(ALL_JOBS),
                    help=f"jobs to run (default all: {','.join(ALL_JOBS)})")
    ap.add_argument("--binary", "--bin", metavar="PATH",
                    help="the botctl binary (default: `cargo build --release`)")
    ap.add_argument("--timeout", type=float, default=1800, metavar="S",
                    help="stop any one command after S seconds and fail (default 1800)")
    a = ap.parse_args()
    jobs = [j.strip() for j in a.jobs.split(",") if j.strip()]
    bad = [j for j in jobs if j not in ALL_JOBS]
    if bad:
        ap.error(f"unknown job(s) {', '.join(bad)}; the jobs are {', '.join(ALL_JOBS)}")
    if "undo" in jobs and "set" not in jobs:
        jobs.append("set")  # undo's ratio is against psql's set
    if a.runs < 1 or a.calls < 1:
        ap.error("--runs and --calls must be at least 1")
    if a.binary:
        exe = os.path.abspath(a.binary)
        if not os.access(exe, os.X_OK):
            sys.exit(f"error: `{a.binary}` is not an executable botctl binary")
    else:
        log("building botctl (cargo build --release)")
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True)
        exe = os.path.join(ROOT, "target", "release", "botctl")

    # Stop the server on Ctrl-C and SIGTERM too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("error: stopped"))
    work = tempfile.mkdtemp(prefix="botctl-pgbench-")
    server = Server()
    try:
        bench = Bench(a, exe, work, server)
        version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
        load_start = os.getloadavg()
        bench.prepare(a.contacts, jobs)
        results = {}
        for job in [j for j in ["import", "sweep", "set", "status", "check", "undo"] if j in jobs]:
            if job == "undo":
                bench.prepare_undo()
            results[job] = bench.measure(job, psql_set=results.get("set"))
        streams = bench.streams(jobs) if any(j in jobs for j in STREAM_JOBS) else {}
        load_end = os.getloadavg()
        out = [f"`{shlex.join(['python3', 'benches/pg_bench.py', *sys.argv[1:]])}`", "",
               f"{version} ({commit or 'no git'}), PostgreSQL {server.version()} (throwaway "
               f"server of tests/pg/server.sh: fsync off, unix socket), psql; {machine()}; "
               f"load average {load_start[0]:.1f} at the start, {load_end[0]:.1f} at the end.",
               "",
               f"Medians of {a.runs} runs at {size_name(a.contacts)} contacts ({a.calls} calls "
               "per run for status and check); each run on a new database from a template:",
               "", table({j: results[j] for j in BULK_JOBS + POINT_JOBS if j in results},
                         bench.rows, streams, a), ""]
        if not HAVE_GNU_TIME:
            out.append("- note: peak RSS not measured: GNU time is missing "
                       "(Debian/Ubuntu: `apt-get install time`)")
        for note in bench.notes:
            out.append(f"- note: {note}")
        print("\n".join(out))
    except Failed as e:
        sys.exit(f"error: a command failed: {e}")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
