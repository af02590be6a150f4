#!/usr/bin/env python3
"""botctl event benchmark: `record --stdin` and `check --stdin` against one call per event.

Usage: python3 benches/events.py [--contacts N] [--events E] [--singles S] [--runs R] [--bin PATH]

Builds botctl in release mode (unless --bin is given) and makes a SQLite database of N
contacts. Then, in one run on this machine:
  - `record --stdin`: E bot-message events (two channels, each with an event id, no
    message limit) piped in one stream; events/s.
  - `record` one process per event, S calls in a row; events/s per process.
  - `check --stdin`: E ids piped in one stream; ids/s.
Each is timed R times (medians; a fresh copy of the database for the writing ones, not
timed). Prints the rates and `record --stdin` against single calls.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

NOW = "2026-11-21T09:00:00Z"


def env_for(db):
    e = dict(os.environ)
    e.update({"BOTCTL_DB": db, "BOTCTL_NOW": NOW, "BOTCTL_ACTOR": "bench", "TZ": "UTC"})
    return e


def timed(cmd, env, stdin_path=None, expect_lines=None):
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    start = time.perf_counter()
    p = subprocess.run(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if stdin_path:
        stdin.close()
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr.decode(errors='replace')}")
    if expect_lines is not None:
        got = p.stdout.count(b"\n")
        if got != expect_lines:
            sys.exit(f"{' '.join(cmd)}: {got} answers for {expect_lines} lines")
    return elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--contacts", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--singles", type=int, default=300)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin")
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if a.bin:
        botctl = a.bin
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=root, check=True)
        botctl = os.path.join(root, "target", "release", "botctl")
    work = tempfile.mkdtemp(prefix="botctl-events-")
    try:
        base = os.path.join(work, "base.db")
        csv = os.path.join(work, "contacts.csv")
        with open(csv, "w") as f:
            f.write("id\n")
            for i in range(a.contacts):
                f.write(f"c-{i}\n")
        env = env_for(base)
        subprocess.run([botctl, "-q", "contacts", "import", csv], env=env, check=True)
        subprocess.run([botctl, "-q", "config", "set", "max-bot-messages", "none"], env=env, check=True)
        events = os.path.join(work, "events.ndjson")
        with open(events, "w") as f:
            for i in range(a.events):
                ch = "sms" if i % 2 else "webchat"
                f.write(
                    f'{{"event": "bot-message", "contact": "c-{(i * 7919) % a.contacts}", '
                    f'"channel": "{ch}", "id": "evt-{i}"}}\n'
                )
        ids = os.path.join(work, "ids.txt")
        with open(ids, "w") as f:
            for i in range(a.events):
                f.write(f"c-{(i * 7919) % a.contacts}\n")
        db = os.path.join(work, "run.db")

        def fresh():
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            shutil.copy(base, db)

        renv = env_for(db)
        stream_t, single_t, check_t = [], [], []
        for _ in range(a.runs):
            fresh()
            stream_t.append(
                timed([botctl, "-q", "record", "--stdin"], renv, events, expect_lines=a.events)
            )
            fresh()
            start = time.perf_counter()
            for i in range(a.singles):
                subprocess.run(
                    [botctl, "-q", "record", "bot-message", f"c-{i % a.contacts}",
                     "--channel", "sms", "--event-id", f"one-{i}"],
                    env=renv, stdout=subprocess.DEVNULL, check=True,
                )
            single_t.append(time.perf_counter() - start)
            check_t.append(timed([botctl, "check", "--stdin"], renv, ids, expect_lines=a.events))
        stream_rate = a.events / statistics.median(stream_t)
        single_rate = a.singles / statistics.median(single_t)
        check_rate = a.events / statistics.median(check_t)
        print(f"botctl events benchmark: {a.contacts:,} contacts, {a.events:,} events, "
              f"{a.singles} single calls, median of {a.runs} runs, {os.cpu_count()} cores")
        print(f"  record --stdin      {stream_rate:>10,.0f} events/s")
        print(f"  record (one each)   {single_rate:>10,.0f} events/s")
        print(f"  record --stdin / record: {stream_rate / single_rate:,.0f}x")
        print(f"  check --stdin       {check_rate:>10,.0f} ids/s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
