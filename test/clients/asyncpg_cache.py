#!/usr/bin/env python3
"""A long-lived asyncpg connection keeps its statement cache (the default:
every query is prepared once and reused) while another connection moves
taskdb down and up with ALTER EXTENSION taskdb UPDATE (newest -> 1.5 ->
newest -> 1.0 -> newest).  After each step every reader prepared on the
long-lived connection must give what the same query gives on a fresh
connection without a statement cache: the same rows, or the same SQLSTATE
where the installed version has no such function.

A reader whose result columns changed under a kept plan must fail with
0A000 "cached plan must not change result type", which asyncpg handles by
preparing the statement again; rows read through a stale plan (or 42703
"attribute N of type record has been dropped") fail the check.  The script
prints how many readers were prepared again at each step (their server-side
statement name changed in pg_prepared_statements)."""
import asyncio
import json
import sys

import asyncpg

from common import Checks

ck = Checks("asyncpg-cache")

READERS = [
    ("get_task", "SELECT * FROM taskdb.get_task($1)", ["task"]),
    ("get_tasks", "SELECT * FROM taskdb.get_tasks($1)", ["tasks"]),
    ("list_tasks", "SELECT * FROM taskdb.list_tasks()", []),
    ("list_tasks lim", "SELECT * FROM taskdb.list_tasks(lim => $1)", ["lim"]),
    ("find_tasks", "SELECT * FROM taskdb.find_tasks($1)", ["filter"]),
    ("get_project", "SELECT * FROM taskdb.get_project($1)", ["project"]),
    ("list_projects", "SELECT * FROM taskdb.list_projects()", []),
    ("model_get_task", "SELECT taskdb.model_get_task($1)", ["task"]),
    ("model_list_tasks", "SELECT taskdb.model_list_tasks($1)", ["filter"]),
    ("model_get_project", "SELECT taskdb.model_get_project($1)", ["project"]),
    ("model_list_projects", "SELECT taskdb.model_list_projects()", []),
    ("orm_get_task", "SELECT * FROM taskdb.orm_get_task($1)", ["task"]),
    ("builder_list_tasks", "SELECT * FROM taskdb.builder_list_tasks()", []),
]


async def connect(**kw):
    conn = await asyncpg.connect(**kw)
    await conn.set_type_codec('jsonb', encoder=json.dumps, decoder=json.loads, schema='pg_catalog')
    return conn


async def outcome(conn, sql, args):
    try:
        return ("rows", [dict(r) for r in await conn.fetch(sql, *args)])
    except asyncpg.PostgresError as e:
        return ("error", e.sqlstate, str(e))


def same(a, b):
    """rows equal, or both errors with the same SQLSTATE"""
    if a[0] == "error" and b[0] == "error":
        return a[1] == b[1]
    return a == b


async def statements(conn):
    return {r["statement"]: r["name"] for r in await conn.fetch("SELECT name, statement FROM pg_prepared_statements")}


async def run_readers(reader, label, values):
    before = await statements(reader)
    fresh = await connect(statement_cache_size=0)
    try:
        for name, sql, keys in READERS:
            args = [values[k] for k in keys]
            got = await outcome(reader, sql, args)
            want = await outcome(fresh, sql, args)
            if not ck.true(f"{label}: {name} through the statement cache", same(got, want)):
                print(f"       cached: {got!r}\n       fresh:  {want!r}")
    finally:
        await fresh.close()
    after = await statements(reader)
    again = sum(1 for _, sql, _ in READERS if sql in before and sql in after and before[sql] != after[sql])
    print(f"       {label}: {again} of {len(READERS)} readers were prepared again")
    return again


async def main():
    writer = await connect()
    reader = await connect()  # default statement cache
    try:
        await writer.execute("SET taskdb.allow_data_loss = on")
        versions = [r["version"] for r in await writer.fetch(
            "SELECT version FROM pg_available_extension_versions WHERE name = 'taskdb'")]
        newest = await writer.fetchval("SELECT extversion FROM pg_extension WHERE extname = 'taskdb'")
        plan = [v for v in ["1.5", newest, "1.0", newest] if v in versions]
        ck.eq("versions to move through are available", len(plan), 4)
        p = await writer.fetchval("SELECT id FROM taskdb.create_project('cache project')")
        t = await writer.fetchval("SELECT id FROM taskdb.create_task('cache task', $1)", p)
        t2 = await writer.fetchval("SELECT id FROM taskdb.create_task('cache task 2')")
        values = {"task": t, "tasks": [t, t2], "lim": 5, "project": p, "filter": {"limit": 5}}
        total = 0
        await run_readers(reader, f"at {newest}", values)
        for v in plan:
            await writer.execute(f"ALTER EXTENSION taskdb UPDATE TO '{v}'")
            ck.eq(f"writer moved taskdb to {v}",
                  await writer.fetchval("SELECT extversion FROM pg_extension WHERE extname = 'taskdb'"), v)
            total += await run_readers(reader, f"after UPDATE TO {v}", values)
        print(f"       prepared again in all: {total}")
    finally:
        await reader.close()
        await writer.close()


try:
    asyncio.run(asyncio.wait_for(main(), 60))
except Exception as e:
    ck.eq("the script ran to its end", f"{type(e).__name__}: {e}", "no exception")
sys.exit(ck.finish())
