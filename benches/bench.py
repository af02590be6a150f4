#!/usr/bin/env python3
"""botctl benchmark: a million contacts, botctl against the sqlite3 shell doing the same SQL.

Usage: python3 benches/bench.py [--contacts N] [--runs R] [--bin PATH]

Builds botctl in release mode (unless --bin is given), makes a database of N contacts
with `botctl contacts import` (5% snoozed with a timer, 5% inactive), then times each
command R times against `sqlite3` running the equivalent SQL on a copy of the same
database. Prints medians, the ratio botctl/sqlite3, and botctl's peak memory (max RSS).
Commands that write run on a fresh copy of the database each time (the copy is not
timed). Needs python3 and the sqlite3 command-line shell.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

NOW = "2026-11-21T09:00:00Z"
NOW_TS = 1795251600
LATER = "2026-11-21T12:00:00Z"  # after every timer: sweep wakes all snoozed contacts
LATER_TS = NOW_TS + 3 * 3600


def run(cmd, stdin_path=None, env=None):
    """Runs cmd, discarding stdout; returns (seconds, max RSS in MiB)."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    if stdin_path:
        stdin.close()
    err = p.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024


def median_of(runs, cmd, fresh=None, stdin_path=None, env=None):
    times, rss = [], []
    for _ in range(runs):
        if fresh:
            fresh()
        t, m = run(cmd, stdin_path, env)
        times.append(t)
        rss.append(m)
    return statistics.median(times), max(rss)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--contacts", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin")
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if a.bin:
        botctl = os.path.abspath(a.bin)
    else:
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=root, check=True)
        botctl = os.path.join(root, "target", "release", "botctl")
    if not shutil.which("sqlite3"):
        sys.exit("the sqlite3 shell is needed (apt-get install sqlite3)")

    work = tempfile.mkdtemp(prefix="botctl-bench-")
    base = os.path.join(work, "base.db")
    db = os.path.join(work, "run.db")
    env = dict(os.environ, BOTCTL_NOW=NOW, BOTCTL_DB=db, TZ="UTC", BOTCTL_ACTOR="bench")
    n = a.contacts

    csv_path = os.path.join(work, "contacts.csv")
    with open(csv_path, "w") as f:
        f.write("id,name,phone,email,status,wake_at\n")
        for i in range(n):
            if i % 20 == 0:
                wake = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(NOW_TS + 60 + (i % 7200)))
                extra = f"snoozed,{wake}"
            elif i % 20 == 1:
                extra = "inactive,"
            else:
                extra = ","
            f.write(f"c-{i:07d},Contact {i},+1555{i:07d},c{i}@example.com,{extra}\n")
    bulk_n = min(100_000, n)
    ids_path = os.path.join(work, "bulk.ids")
    with open(ids_path, "w") as f:
        for i in range(0, n, max(1, n // bulk_n)):
            f.write(f"c-{i:07d}\n")

    print(f"botctl {subprocess.run([botctl, '--version'], capture_output=True, text=True).stdout.strip()}, "
          f"{subprocess.run(['sqlite3', '--version'], capture_output=True, text=True).stdout.split()[0]} shell; "
          f"{n:,} contacts, median of {a.runs} runs", flush=True)

    t, m = run([botctl, "--db", base, "contacts", "import", csv_path], env=env)
    print(f"setup: botctl contacts import of {n:,} rows: {t:.2f} s, {m:.0f} MiB max RSS", flush=True)
    shutil.copy(base, db)

    def fresh():
        shutil.copy(base, db)
        for ext in ("-wal", "-shm"):
            if os.path.exists(db + ext):
                os.remove(db + ext)

    later = dict(env, BOTCTL_NOW=LATER)
    eff = (f"CASE WHEN wake_at <= {NOW_TS} THEN 'active' ELSE status END")
    cols = ("id, name, phone, email, " + eff + " AS status, reason, wake_at, changed_at, changed_by, bot_messages")
    sweep_sql = f"""
        BEGIN IMMEDIATE;
        INSERT INTO batches (at, command, actor, os_user) VALUES ({LATER_TS}, 'sweep', 'bench', 'bench');
        INSERT INTO history (batch, at, contact, from_status, from_reason, from_wake_at, from_bot_messages,
                             to_status, reason, wake_at, to_bot_messages, actor, os_user)
          SELECT last_insert_rowid(), wake_at, id, status, reason, wake_at, bot_messages,
                 'active', 'timer', NULL, 0, 'timer', 'bench'
          FROM contacts WHERE wake_at <= {LATER_TS};
        UPDATE contacts SET status = 'active', reason = 'timer', changed_at = wake_at, changed_by = 'timer',
               bot_messages = 0, wake_at = NULL WHERE wake_at <= {LATER_TS};
        COMMIT;"""
    bulk_sql = f"""
        CREATE TEMP TABLE ids (id TEXT PRIMARY KEY);
        .import {ids_path} ids
        BEGIN IMMEDIATE;
        INSERT INTO batches (at, command, actor, os_user) VALUES ({NOW_TS}, 'set inactive', 'bench', 'bench');
        INSERT INTO history (batch, at, contact, from_status, from_reason, from_wake_at, from_bot_messages,
                             to_status, reason, wake_at, to_bot_messages, actor, os_user)
          SELECT (SELECT max(id) FROM batches), {NOW_TS}, c.id, c.status, c.reason, c.wake_at, c.bot_messages,
                 'inactive', 'manual', NULL, c.bot_messages, 'bench', 'bench'
          FROM contacts c JOIN ids USING (id) WHERE c.status <> 'inactive' OR c.wake_at IS NOT NULL;
        UPDATE contacts SET status = 'inactive', reason = 'manual', wake_at = NULL, changed_at = {NOW_TS},
               changed_by = 'bench' WHERE id IN (SELECT id FROM ids);
        COMMIT;"""
    def sqlite(sql, *mode):
        sql_file = os.path.join(work, f"q{len(os.listdir(work))}.sql")
        with open(sql_file, "w") as f:
            f.write(textwrap.dedent(sql))
        return ["sqlite3", *mode, db, f".read {sql_file}"]

    mid = n // 2 + 2  # an active contact
    cases = [
        ("list --format ndjson (all)", [botctl, "list", "--format", "ndjson"], None,
         sqlite(f"SELECT {cols} FROM contacts ORDER BY id;", "-json"), env),
        ("list --format csv (all)", [botctl, "list", "--format", "csv"], None,
         sqlite(f"SELECT {cols} FROM contacts ORDER BY id;", "-csv", "-header"), env),
        ("list --format ids (all)", [botctl, "list", "--format", "ids"], None,
         sqlite("SELECT id FROM contacts ORDER BY id;"), env),
        ("list --status snoozed --format ids", [botctl, "list", "--status", "snoozed", "--format", "ids"], None,
         sqlite(f"SELECT id FROM contacts WHERE status = 'snoozed' AND (wake_at IS NULL OR wake_at > {NOW_TS}) ORDER BY id;"), env),
        ("list --waking-within 10m --format ids", [botctl, "list", "--waking-within", "10m", "--format", "ids"], None,
         sqlite(f"SELECT id FROM contacts WHERE wake_at > {NOW_TS} AND wake_at <= {NOW_TS + 600} ORDER BY wake_at, id;"), env),
        ("status ID", [botctl, "status", f"c-{mid:07d}", "--format", "json"], None,
         sqlite(f"SELECT {cols} FROM contacts WHERE id = 'c-{mid:07d}';", "-json"), env),
        ("check ID", [botctl, "check", f"c-{mid:07d}"], None,
         sqlite(f"SELECT {eff} FROM contacts WHERE id = 'c-{mid:07d}';"), env),
        (f"sweep (wakes {n // 20:,})", [botctl, "sweep"], fresh, sqlite(sweep_sql), later),
        (f"set inactive --stdin ({bulk_n:,} ids)", [botctl, "set", "inactive", "--stdin", "--yes"], fresh,
         sqlite(bulk_sql), env),
    ]
    print(f"\n{'case':<42}{'botctl':>10}{'sqlite3':>10}{'ratio':>8}{'botctl RSS':>12}")
    for name, cmd, fr, sq, e in cases:
        stdin = ids_path if "--stdin" in cmd else None
        bt, bm = median_of(a.runs, cmd, fr, stdin, e)
        st, _ = median_of(a.runs, sq, fr, None, e)
        print(f"{name:<42}{bt:>9.3f}s{st:>9.3f}s{bt / st:>7.2f}x{bm:>9.0f} MiB", flush=True)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
