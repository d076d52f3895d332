#!/usr/bin/env python3
"""Every migration step (each pair of adjacent versions, up and down) run
by a superuser while (#19; ATTACKS.md, concurrency with change):

  - a writer holds an open transaction that created a task at the old
    version: a step that alters a table waits for it, and after the step
    the task is there (a step must not drop or skip what the writer
    commits; the guarded downgrades with data to lose are
    test/specs/downgrade_guard.spec);
  - a reader prepared its statement on the server before the step, and
    its transaction began before the step committed: its next call answers
    at the new version or fails with 0A000 (taskdb: planned before the
    update; PostgreSQL: the result columns changed), never anything else.

The versions come from the server, so a new version's steps are covered by
its scripts alone.  Each step runs in a database of its own.  Prints one
ok/FAIL line per step and exits non-zero on any failure.

Usage: migration_steps.py (the server from the PG* variables)
"""
import sys
import threading
import time
import uuid

import psycopg


def main():
    failures = 0
    admin = psycopg.connect("", autocommit=True)
    versions = [r[0] for r in admin.execute(
        "SELECT version FROM pg_available_extension_versions WHERE name = 'taskdb' "
        "ORDER BY string_to_array(version, '.')::int[]")]
    steps = [(a, b) for a, b in zip(versions, versions[1:])]
    steps += [(b, a) for a, b in reversed(steps)]
    for old, new in steps:
        db = f"tdbstep_{uuid.uuid4().hex[:12]}"
        admin.execute(f'CREATE DATABASE "{db}" TEMPLATE template0')
        try:
            failures += run_step(db, old, new)
        finally:
            admin.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
    admin.close()
    print(f"# {len(steps)} steps, {failures} failed")
    return 1 if failures else 0


def run_step(db, old, new):
    conninfo = f"dbname={db}"
    with psycopg.connect(conninfo, autocommit=True) as c:
        c.execute("CREATE EXTENSION pg_trgm")  # required from 1.8
        c.execute(f"CREATE EXTENSION taskdb VERSION '{old}'")
        c.execute("SELECT count(*) FROM taskdb.create_task('before')")
    writer = psycopg.connect(conninfo, autocommit=True)
    reader = psycopg.connect(conninfo, autocommit=True)
    migrator = psycopg.connect(conninfo, autocommit=True)
    result = {}

    def migrate():
        try:
            migrator.execute(f"ALTER EXTENSION taskdb UPDATE TO '{new}'")
            result["migration"] = "ok"
        except psycopg.Error as e:
            result["migration"] = f"{e.sqlstate} {e}"

    # the reader's statement, prepared on the server at the old version
    reader_sql = "SELECT * FROM taskdb.get_task(1)"
    reader.execute(reader_sql, prepare=True).fetchall()
    writer.execute("BEGIN")
    writer.execute("SELECT count(*) FROM taskdb.create_task('written during the step')")
    reader.execute("BEGIN")
    reader.execute("SELECT 1")
    pid = migrator.info.backend_pid
    t = threading.Thread(target=migrate)
    t.start()
    # wait until the step waits for the writer's locks (or is done)
    deadline = time.monotonic() + 30
    waiting = False
    with psycopg.connect(conninfo, autocommit=True) as w:
        while time.monotonic() < deadline and t.is_alive():
            row = w.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                            (pid,)).fetchone()
            if row and row[0] == "Lock":
                waiting = True
                break
            time.sleep(0.01)
    writer.execute("COMMIT")
    t.join(60)
    try:
        reader.execute(reader_sql, prepare=True).fetchall()
        read = "ok"
    except psycopg.Error as e:
        read = e.sqlstate
    reader.execute("ROLLBACK")
    with psycopg.connect(conninfo, autocommit=True) as c:
        version = c.execute("SELECT extversion FROM pg_extension WHERE extname = 'taskdb'").fetchone()[0]
        written = c.execute("SELECT count(*) FROM taskdb.tasks WHERE title = 'written during the step'").fetchone()[0]
    for conn in (writer, reader, migrator):
        conn.close()
    problems = []
    if result.get("migration") != "ok":
        problems.append(f"the step failed: {result.get('migration', 'did not end')}")
    if version != new:
        problems.append(f"at {version}, not {new}")
    if written != 1:
        problems.append(f"the writer's task is there {written} times")
    if read not in ("ok", "0A000"):
        problems.append(f"the reader's call in its old transaction ended with {read}")
    if problems:
        print(f"FAIL - {old} -> {new} with a writer and a reader in open transactions: {'; '.join(problems)}")
        return 1
    how = "waited for the writer" if waiting else "did not need to wait for the writer"
    print(f"ok   - {old} -> {new} {how} and kept its task; the reader's call: {read}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
