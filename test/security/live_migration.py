#!/usr/bin/env python3
"""Clients that keep calling taskdb on every path while another session
moves the installed version down and up (ALTER EXTENSION taskdb UPDATE), as
a service does that lives across a migration (#19, point 7).

Each client holds one connection for the whole run and prepares every
statement on the server (psycopg's prepare_threshold=0, as asyncpg does),
some calls inside an open transaction that began before a migration
committed.  Every error a call meets is classed by SQLSTATE: the errors a
changing installed version explains (the function or table is not at this
version, a prepared plan whose result columns changed, a deadlock with the
migration, a row that a downgrade dropped) are expected and retryable; any
other, XX000 above all, fails the run.  Prints one line per SQLSTATE seen
and exits non-zero on an unexpected one.

Usage: live_migration.py SECONDS (the server from the PG* variables; the
database must hold taskdb at its default version, which the run leaves).
"""
import os
import random
import re
import sys
import threading
import time
from collections import Counter

import psycopg

# SQLSTATEs a call may meet while the installed version changes under it
EXPECTED = {
    "42883": "the function is not at the installed version",
    "42P01": "the table is not at the installed version",
    "0A000": "taskdb: a call planned before the update (retry, or prepare it again)",
    "0A000 PostgreSQL": "a prepared statement whose result columns changed (prepare it again)",
    "40P01": "a deadlock with the migration (retry)",
    "40001": "a row changed by another transaction during an orm call (retry)",
    "23503": "a project that a downgrade to 1.0 dropped",
    "P0002": "a task that another client deleted",
}
# PostgreSQL locks no function: a statement it parsed just before an
# update that drops the function committed, and plans just after, fails in
# its own planner, before taskdb is called; and the parser, which finds a
# function's name in pg_proc and then reads its entry, fails the same way
# when the drop commits between the two (func_get_detail).  Nor does a kept
# plan depend on the row type a function returns: a plan checked just
# before a downgrade that drops a column committed starts its executor just
# after, and the executor finds the column it expects dropped
# (CheckVarSlotCompatibility).  Only these core errors are expected, each
# by its SQLSTATE, its whole message and PostgreSQL's source file.
CORE_RACES = [
    ("XX000", r"cache lookup failed for function \d+$", "lsyscache.c",
     "XX000 in PostgreSQL's planner",
     "a statement parsed or planned as the update dropped its function, before taskdb ran"),
    ("XX000", r"cache lookup failed for function \d+$", "parse_func.c",
     "XX000 in PostgreSQL's parser",
     "a statement parsed or planned as the update dropped its function, before taskdb ran"),
    ("42703", r"attribute \d+ of type \w+ has been dropped$", "execExprInterp.c",
     "42703 in PostgreSQL's executor",
     "a plan checked before a downgrade dropped a column of its row type, run after"),
]

# calls on every path; %(t)s a task id, %(p)s a project id
CALLS = [
    "SELECT * FROM taskdb.get_task(%(t)s)",
    "SELECT id, title FROM taskdb.get_task(%(t)s)",
    "SELECT * FROM taskdb.list_tasks()",
    "SELECT id, title, done FROM taskdb.raw_list_tasks(lim => 5)",
    "SELECT * FROM taskdb.get_tasks(ARRAY[%(t)s, %(t)s + 1]::bigint[])",
    "SELECT * FROM taskdb.create_task('live')",
    "SELECT * FROM taskdb.update_task(%(t)s, title => 'renamed')",
    "SELECT * FROM taskdb.create_tasks(ARRAY['b1', 'b2'])",
    "SELECT * FROM taskdb.builder_list_tasks()",
    "SELECT * FROM taskdb.builder_get_task(%(t)s)",
    "SELECT * FROM taskdb.builder_update_task(%(t)s, done => true)",
    "SELECT * FROM taskdb.find_tasks('{\"limit\": 5, \"order\": \"title\"}')",
    "SELECT * FROM taskdb.orm_get_task(%(t)s)",
    "SELECT * FROM taskdb.orm_list_tasks()",
    "SELECT * FROM taskdb.orm_update_task(%(t)s, title => 'orm')",
    "SELECT * FROM taskdb.orm_create_task('orm')",
    "SELECT taskdb.project_tree()",
    "SELECT taskdb.model_list_tasks('{\"limit\": 5}')",
    "SELECT taskdb.model_get_task(%(t)s)",
    "SELECT taskdb.model_update_task(%(t)s, '{\"title\": \"model\"}')",
    "SELECT taskdb.model_create_task('{\"title\": \"model\"}')",
    "SELECT taskdb.model_list_projects()",
    "SELECT * FROM taskdb.create_project('p')",
    "SELECT * FROM taskdb.list_projects()",
    "SELECT * FROM taskdb.task_list LIMIT 5",
    "SELECT * FROM taskdb.project_summary",
]

stop = threading.Event()
lock = threading.Lock()
seen = Counter()
unexpected = []
calls = Counter()


def client(n, conninfo):
    rnd = random.Random(n)
    conn = psycopg.connect(conninfo, autocommit=True, prepare_threshold=0)
    while not stop.is_set():
        sql = rnd.choice(CALLS)
        args = {"t": rnd.randint(1, 40), "p": rnd.randint(1, 5)}
        in_xact = rnd.random() < 0.3
        try:
            if in_xact:
                conn.execute("BEGIN")
                conn.execute("SELECT 1")
                time.sleep(rnd.random() * 0.05)   # a migration may commit here
            conn.execute(sql, args).fetchall()
            if in_xact:
                conn.execute("COMMIT")
            state = "ok"
        except psycopg.Error as e:
            state = e.sqlstate or "?"
            race = [r for r in CORE_RACES
                    if state == r[0] and e.diag.source_file == r[2]
                    and re.match(r[1], e.diag.message_primary or "")]
            if race:
                state = race[0][3]
            elif state == "0A000" and e.diag.source_function == "RevalidateCachedQuery":
                state = "0A000 PostgreSQL"
            elif state not in EXPECTED:
                with lock:
                    if len(unexpected) < 20:
                        where = f"{e.diag.source_function}, {e.diag.source_file}:{e.diag.source_line}"
                        unexpected.append(f"{state} {sql}: {str(e).splitlines()[0]} ({where})")
            try:
                conn.rollback()
                if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                    conn.execute("ROLLBACK")
            except psycopg.Error:
                conn = psycopg.connect(conninfo, autocommit=True, prepare_threshold=0)
        with lock:
            seen[state] += 1
            calls[sql.split("(")[0]] += 1
    conn.close()


def migrator(conninfo, versions, default, steps):
    conn = psycopg.connect(conninfo, autocommit=True)
    conn.execute("SET taskdb.allow_data_loss = on")
    targets = []
    for v in versions:
        if v != default:
            targets += [v, default]
    i = 0
    while not stop.is_set():
        try:
            conn.execute(f"ALTER EXTENSION taskdb UPDATE TO '{targets[i % len(targets)]}'")
            steps[0] += 1
            i += 1
        except psycopg.Error as e:
            if e.sqlstate != "40P01":
                with lock:
                    unexpected.append(f"migration to {targets[i % len(targets)]}: {e.sqlstate} {str(e).splitlines()[0]}")
        time.sleep(0.05)
    conn.execute(f"ALTER EXTENSION taskdb UPDATE TO '{default}'")
    conn.close()


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 20
    conninfo = ""
    with psycopg.connect(conninfo, autocommit=True) as c:
        versions = [r[0] for r in c.execute(
            "SELECT version FROM pg_available_extension_versions WHERE name = 'taskdb' "
            "ORDER BY string_to_array(version, '.')::int[]")]
        default = c.execute("SELECT default_version FROM pg_available_extensions "
                            "WHERE name = 'taskdb'").fetchone()[0]
        c.execute("SELECT count(*) FROM taskdb.create_tasks(ARRAY(SELECT 't' || g FROM generate_series(1, 40) g))")
    # the versions with the functions the calls use (find_tasks from 1.3)
    versions = [v for v in versions if [int(x) for x in v.split(".")] >= [1, 0]]
    steps = [0]
    threads = [threading.Thread(target=client, args=(n, conninfo)) for n in range(3)]
    threads.append(threading.Thread(target=migrator, args=(conninfo, versions, default, steps)))
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    total = sum(seen.values())
    print(f"# {total} calls, {steps[0]} migrations in {seconds:.0f} s")
    for state, count in sorted(seen.items()):
        races = {r[3]: r[4] for r in CORE_RACES}
        what = ("answered" if state == "ok" else
                races.get(state) or EXPECTED.get(state, "UNEXPECTED"))
        print(f"#   {state}: {count} ({what})")
    for u in unexpected:
        print(f"#   unexpected: {u}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
