#!/usr/bin/env python3
"""How long `botctl contacts import` holds the SQLite write lock, quiet and beside another
writer (issue 7, "Lock hold").

    python3 benches/import_lock.py [--binary PATH] [--rows N] [--runs K] [--workdir DIR]

Each case is a fresh copy of a prepared database importing a CSV of N new contacts
(default 1M), into:
  empty   an empty database (no contact yet)
  N       a database of N other contacts, the new ids falling between theirs
          (`c-00000001x` after `c-00000001`), so that new rows land on every page of
          `contacts`
while another process, from before the import starts until it ends, every 50 ms runs
(each a botctl process of its own):
  -           nothing (quiet)
  add         `contacts add` of a new contact (into empty): a batch and a history row each
  record      `record bot-message` for one of the N contacts (a different one each time):
              a counter and no history row, as most of a busy workspace's writes
  set         `set` of one contact's status, back and forth: a batch and a history row
For each run it reports the import's elapsed time, the longest time a probe (bench.py's:
`BEGIN IMMEDIATE` with a 50 ms busy timeout, every 2 ms) could not take the write lock,
and how many writes the other process made, its slowest one and its failures.
Medians over --runs (default 3). Without --binary it uses target/release/botctl.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the data, the lock probe, the process runner)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--binary", default=os.path.join(root, "target", "release", "botctl"))
    ap.add_argument("--rows", type=bench.parse_size, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workdir", default=None)
    a = ap.parse_args()
    exe = os.path.abspath(a.binary)
    work = tempfile.mkdtemp(prefix="botctl-lock-", dir=a.workdir)
    env = dict(os.environ, BOTCTL_NOW=bench.NOW, TZ="UTC", NO_COLOR="1", BOTCTL_ACTOR="bench")
    n = a.rows

    def botctl(db, args):
        bench.run([exe, "--db", db, *args], None, env, 3600)

    bench.log(f"preparing the databases and a CSV of {bench.size_name(n)} new contacts")
    empty = os.path.join(work, "empty.db")
    bench.empty_database(lambda args: botctl(empty, args), empty)
    csv, _ = bench.write_data(work, n)
    full = os.path.join(work, "full.db")
    bench.fresh_copy(empty, full)
    botctl(full, ["contacts", "import", csv])
    bench.checkpoint(full)
    new = os.path.join(work, "new.csv")
    with open(new, "w") as f:
        f.write("id,name,phone,email,status,wake_at\n")
        for start in range(0, n, 100_000):
            f.writelines(
                f"{bench.contact_id(i)}x,New {i},+1666{i:08d},n{i}@example.com,,\n"
                for i in range(start, min(n, start + 100_000))
            )

    def one(source, busy):
        """One import into a copy of `source`, beside `busy` (None, add, record, set)."""
        db = os.path.join(work, "run.db")
        bench.fresh_copy(source, db)
        stop, made, slowest, fails = threading.Event(), [0], [0.0], [0]

        def writer():
            i = 0
            while not stop.is_set():
                args = {
                    "add": ["contacts", "add", f"w-{i}"],
                    "record": ["record", "bot-message", bench.contact_id(5 + 10 * (i % (n // 10)))],
                    "set": ["set", "inactive" if i % 2 == 0 else "active", "c-00000005", "--yes"],
                }[busy]
                t = time.perf_counter()
                r = subprocess.run([exe, "--db", db, *args], env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                slowest[0] = max(slowest[0], time.perf_counter() - t)
                fails[0] += r.returncode != 0
                made[0] += 1
                i += 1
                time.sleep(0.05)

        th = threading.Thread(target=writer) if busy else None
        if th:
            th.start()
            time.sleep(0.5)
        t = time.perf_counter()
        held = bench.with_probe(db, [exe, "--db", db, "contacts", "import", new], None, env, 3600)
        elapsed = time.perf_counter() - t
        stop.set()
        if th:
            th.join()
        return elapsed, held, made[0], slowest[0], fails[0]

    rows = []
    cases = [("empty", empty, None), ("empty", empty, "add")]
    cases += [(bench.size_name(n), full, busy) for busy in (None, "record", "set")]
    for name, source, busy in cases:
        runs = []
        for k in range(a.runs):
            bench.log(f"into {name}, beside {busy or 'nothing'}: run {k + 1}")
            runs.append(one(source, busy))
        med = lambda i: statistics.median(r[i] for r in runs)  # noqa: E731
        other = (
            f"{med(2):.0f} writes, slowest {med(3):.2f} s, {sum(r[4] for r in runs)} failed"
            if busy
            else ""
        )
        rows.append(
            f"| into {name} | {busy or '—'} | {med(0):.2f} s | "
            f"{med(1):.2f} s | {med(1) / n * 1e6:.2f} s | {other} |"
        )
    print(f"\n{bench.machine()}\n")
    print(f"`contacts import` of {bench.size_name(n)} new contacts, medians of {a.runs}:\n")
    print("| database | other process | import | lock held | lock held per million rows | its writes |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
