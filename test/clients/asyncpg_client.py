#!/usr/bin/env python3
"""asyncpg (Debian's python3-asyncpg) against a running taskdb: the CRUD
contract through the canonical and the model functions, the types as asyncpg
surfaces them, every error of errors.json with its SQLSTATE, message, detail
and hint, and the (f()).* trap.  The server and database come from the PG*
variables (test/clients/run sets PGDATABASE to a database of its own)."""
import asyncio
import datetime
import json
import os
import sys

import asyncpg

from common import (Checks, case_applies, described_refs, env_role, fill, load_errors,
                    resolve)

ck = Checks("asyncpg")
UTC = datetime.timezone.utc
TASK_COLUMNS = json.loads(os.environ["TASKDB_TASK_COLUMNS"])  # the catalog's, derived by run


# README: asyncpg
async def connect():
    conn = await asyncpg.connect()  # host, port, user, database: the PG* variables
    # jsonb in and out as Python objects (asyncpg's default is str)
    await conn.set_type_codec('jsonb', encoder=json.dumps,
                              decoder=json.loads, schema='pg_catalog')
    return conn
# README: end


async def types_and_shapes(conn):
    # README: asyncpg rows
    task = await conn.fetchrow(
        'SELECT * FROM taskdb.create_task($1, due_at => $2)',
        'write the docs',
        datetime.datetime(2030, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.timezone.utc))
    task['id']       # int: int8 is a Python int
    task['due_at']   # datetime, microseconds kept
    # README: end
    ck.eq("SELECT * FROM f(...) gives the columns", list(task.keys()), TASK_COLUMNS)
    ck.eq("int8 id is int", type(task["id"]), int)
    ck.eq("timestamptz keeps microseconds", task["due_at"],
          datetime.datetime(2030, 1, 2, 3, 4, 5, 123456, tzinfo=UTC))
    back = await conn.fetchval("SELECT due_at FROM taskdb.get_task($1)", task["id"])
    ck.eq("timestamptz round-trips exactly through get_task", back, task["due_at"])
    ck.eq("created_at is an aware datetime", task["created_at"].tzinfo is not None, True)

    # one composite value: asyncpg decodes it into a Record by the type's attributes
    # README: asyncpg composite
    value = await conn.fetchval('SELECT taskdb.create_task($1)', 'one value')
    value['title']   # 'one value': a Record, by attribute name
    # README: end
    ck.eq("SELECT f(...) gives one composite, as a Record", type(value), asyncpg.Record)
    ck.eq("the composite Record has the row's attributes", list(value.keys()), TASK_COLUMNS)
    ck.eq("the composite Record's title", value["title"], "one value")

    # jsonb: without the codec asyncpg returns the text
    raw = await asyncpg.connect()
    try:
        text = await raw.fetchval("SELECT taskdb.model_get_task($1)", task["id"])
        ck.eq("jsonb without a codec is str", type(text), str)
        ck.eq("... which json.loads reads", json.loads(text)["id"], task["id"])
        try:
            await raw.fetchval("SELECT taskdb.model_list_tasks($1)", {"limit": 1})
            ck.eq("a dict for jsonb without a codec is refused", "accepted", "refused")
        except asyncpg.DataError as e:
            ck.true("a dict for jsonb without a codec is refused (DataError)", "expected str" in str(e), str(e))
    finally:
        await raw.close()
    model = await conn.fetchval("SELECT taskdb.model_get_task($1)", task["id"])
    ck.eq("jsonb with the codec is a dict", type(model), dict)
    ck.eq("model timestamps are ISO text with microseconds", model["due_at"], "2030-01-02T03:04:05.123456+00:00")


async def trap(conn):
    count = "SELECT count(*) FROM taskdb.tasks WHERE title = $1"
    before = await conn.fetchval("SELECT count(*) FROM taskdb.tasks")
    once0, trap0 = await conn.fetchval(count, "once"), await conn.fetchval(count, "trap")
    # README: asyncpg trap
    # one row: the function runs once
    await conn.fetch("SELECT * FROM taskdb.create_task('once')")
    # a PostgreSQL trap: (f()).* calls f once per result column
    await conn.fetch("SELECT (taskdb.create_task('trap')).*")
    # README: end
    once = await conn.fetchval(count, "once") - once0
    trapped = await conn.fetchval(count, "trap") - trap0
    ncols = await conn.fetchval(
        "SELECT count(*) FROM pg_attribute WHERE attrelid = 'taskdb.tasks'::regclass AND attnum > 0 AND NOT attisdropped")
    ck.eq("SELECT * FROM create_task(...) inserts one row", once, 1)
    ck.eq("SELECT (create_task(...)).* inserts one row per column", trapped, ncols)
    after = await conn.fetchval("SELECT count(*) FROM taskdb.tasks")
    ck.eq("rows added by the two statements", after - before, 1 + ncols)


async def canonical(conn):
    p = await conn.fetchrow("SELECT * FROM taskdb.create_project($1)", "asyncpg project")
    ck.eq("create_project columns", list(p.keys()), ["id", "name", "created_at"])
    ck.eq("get_project", dict(await conn.fetchrow("SELECT * FROM taskdb.get_project($1)", p["id"])), dict(p))
    due = datetime.datetime(2031, 5, 6, 7, 8, 9, 654321, tzinfo=UTC)
    t = await conn.fetchrow(
        "SELECT * FROM taskdb.create_task($1, $2, $3, $4)", "first", p["id"], due, 2)
    ck.eq("create_task with project, due date and priority",
          (t["title"], t["project_id"], t["due_at"], t["priority"], t["version"], t["done"]),
          ("first", p["id"], due, 2, 1, False))
    ck.eq("get_task returns the row", dict(await conn.fetchrow("SELECT * FROM taskdb.get_task($1)", t["id"])), dict(t))
    ck.eq("get_task of a missing id: no row", await conn.fetch("SELECT * FROM taskdb.get_task($1)", 9000000000000), [])
    many = await conn.fetch("SELECT * FROM taskdb.create_tasks($1, $2)", ["b", "c", "d"], p["id"])
    ids = [r["id"] for r in many]
    ck.eq("create_tasks: three rows in the project", [(r["title"], r["project_id"]) for r in many],
          [("b", p["id"]), ("c", p["id"]), ("d", p["id"])])
    got = await conn.fetch("SELECT id FROM taskdb.get_tasks($1)", [ids[2], t["id"], ids[0], ids[2]])
    ck.eq("get_tasks: id order, each once", [r["id"] for r in got], sorted({ids[2], t["id"], ids[0]}))
    page1 = await conn.fetch("SELECT id FROM taskdb.list_tasks(project_id => $1, lim => 2)", p["id"])
    page2 = await conn.fetch("SELECT id FROM taskdb.list_tasks(project_id => $1, lim => 2, after_id => $2)",
                             p["id"], page1[-1]["id"])
    ck.eq("list_tasks keyset pages", [r["id"] for r in page1 + page2], [t["id"]] + ids)
    by_prio = await conn.fetch("SELECT id FROM taskdb.list_tasks(project_id => $1, order_by => '-priority')", p["id"])
    # ties in a descending order come in descending id order too (every path alike)
    ck.eq("list_tasks order_by -priority, ties by -id", [r["id"] for r in by_prio], [t["id"]] + ids[::-1])
    ck.eq("list_tasks priority filter",
          [r["id"] for r in await conn.fetch("SELECT id FROM taskdb.list_tasks(project_id => $1, priority => 2::smallint)", p["id"])],
          [t["id"]])
    ck.eq("list_tasks due_before filter",
          [r["id"] for r in await conn.fetch("SELECT id FROM taskdb.list_tasks(project_id => $1, due_before => $2)",
                                             p["id"], due + datetime.timedelta(microseconds=1))],
          [t["id"]])
    u = await conn.fetchrow("SELECT * FROM taskdb.update_task($1, title => $2, done => true)", t["id"], "first, done")
    ck.eq("update_task: title, done, version bumped", (u["title"], u["done"], u["version"]), ("first, done", True, 2))
    u = await conn.fetchrow(
        "SELECT * FROM taskdb.update_task($1, clear_project => true, clear_due_at => true, expected_version => 2)", t["id"])
    ck.eq("update_task clear_x with the expected version", (u["project_id"], u["due_at"], u["version"]), (None, None, 3))
    ck.eq("list_tasks done filter",
          [r["id"] for r in await conn.fetch("SELECT id FROM taskdb.list_tasks(done => true, project_id => $1)", p["id"])], [])
    found = await conn.fetch("SELECT id FROM taskdb.find_tasks($1)", {"project_id": p["id"], "order": "-id", "limit": 2})
    ck.eq("find_tasks with a dict filter (jsonb codec)", [r["id"] for r in found], [ids[2], ids[1]])
    rep = await conn.fetchrow("SELECT total, done, open FROM taskdb.project_report($1)", {"project_id": p["id"]})
    ck.eq("project_report", tuple(rep), (3, 0, 3))
    tree = await conn.fetchval("SELECT taskdb.project_tree($1)", p["id"])
    ck.eq("project_tree is decoded jsonb", [x["id"] for x in tree[0]["tasks"]], ids)
    d = await conn.fetchrow("SELECT * FROM taskdb.delete_task($1)", t["id"])
    ck.eq("delete_task returns the deleted row", (d["id"], d["version"]), (t["id"], 3))
    ck.eq("deleted task is gone", await conn.fetch("SELECT * FROM taskdb.get_task($1)", t["id"]), [])
    p2 = await conn.fetchrow("SELECT * FROM taskdb.create_project($1)", "asyncpg second")
    lp = await conn.fetch("SELECT id FROM taskdb.list_projects(after_id => $1, lim => 10)", p["id"])
    ck.eq("list_projects after an id", [r["id"] for r in lp], [p2["id"]])
    dp = await conn.fetchrow("SELECT * FROM taskdb.delete_project($1, cascade => true)", p["id"])
    ck.eq("delete_project cascade returns the project", dp["id"], p["id"])
    ck.eq("its tasks went with it", await conn.fetch("SELECT * FROM taskdb.get_tasks($1)", ids), [])


async def model(conn):
    p = await conn.fetchval("SELECT taskdb.model_create_project($1)", {"name": "asyncpg model"})
    ck.eq("model_create_project keys", sorted(p), ["created_at", "id", "name"])
    ck.eq("model_get_project", await conn.fetchval("SELECT taskdb.model_get_project($1)", p["id"]), p)
    # README: asyncpg model
    body = {'title': 'from JSON', 'project_id': p['id'],  # a number: "1" is int_type
            'due_at': '2030-01-02T03:04:05.123456+00:00'}
    t = await conn.fetchval('SELECT taskdb.model_create_task($1)', body)
    # README: end
    ck.eq("model_create_task: project_id as a number is accepted", t["project_id"], p["id"])
    ck.eq("model_create_task: id is a JSON number", type(t["id"]), int)
    ck.eq("model due_at keeps microseconds", t["due_at"], "2030-01-02T03:04:05.123456+00:00")
    ck.eq("model_get_task", await conn.fetchval("SELECT taskdb.model_get_task($1)", t["id"]), t)
    ck.eq("model_get_task of a missing id is NULL", await conn.fetchval("SELECT taskdb.model_get_task($1)", 9000000000000), None)
    u = await conn.fetchval("SELECT taskdb.model_update_task($1, $2)", t["id"], {"done": True, "version": 1})
    ck.eq("model_update_task with the version", (u["done"], u["version"]), (True, 2))
    u = await conn.fetchval("SELECT taskdb.model_update_task($1, $2)", t["id"], {"due_at": None, "project_id": None})
    ck.eq("model_update_task null clears", (u["due_at"], u["project_id"], u["version"]), (None, None, 3))
    t2 = await conn.fetchval("SELECT taskdb.model_create_task($1)", {"title": "second", "project_id": p["id"], "priority": 3})
    lst = await conn.fetchval("SELECT taskdb.model_list_tasks($1)", {"project_id": p["id"], "order": "-priority"})
    ck.eq("model_list_tasks is a JSON array", [x["id"] for x in lst], [t2["id"]])
    lst = await conn.fetchval("SELECT taskdb.model_list_tasks($1)", {"ids": [t["id"], t2["id"]], "after": t["id"]})
    ck.eq("model_list_tasks keyset", [x["id"] for x in lst], [t2["id"]])
    up = await conn.fetchval("SELECT taskdb.model_update_project($1, $2)", p["id"], {"name": "renamed"})
    ck.eq("model_update_project", up["name"], "renamed")
    lp = await conn.fetchval("SELECT taskdb.model_list_projects($1)", {"after": p["id"] - 1, "limit": 1})
    ck.eq("model_list_projects", [x["id"] for x in lp], [p["id"]])
    d = await conn.fetchval("SELECT taskdb.model_delete_task($1)", t["id"])
    ck.eq("model_delete_task returns the task", d["id"], t["id"])
    dp = await conn.fetchval("SELECT taskdb.model_delete_project($1, true)", p["id"])
    ck.eq("model_delete_project cascade", dp["id"], p["id"])
    ck.eq("model_get_project after delete is NULL", await conn.fetchval("SELECT taskdb.model_get_project($1)", p["id"]), None)


async def wait_for_lock(watch, pid):
    for _ in range(100):
        if await watch.fetchval("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = $1", pid):
            return True
        await asyncio.sleep(0.05)
    return False


async def race(conn, other, watch, sql, args, task, name):
    """other changes the task in an open transaction; the call reads the
    task, waits on the row lock, and after other's COMMIT finds the row
    changed."""
    got = ("no error",)
    tr = other.transaction()
    await tr.start()
    await other.execute("UPDATE taskdb.tasks SET title = 'changed meanwhile' WHERE id = $1", task)
    call = asyncio.ensure_future(conn.fetch(sql, *args))
    blocked = await wait_for_lock(watch, conn.get_server_pid())
    await tr.commit()
    try:
        await call
    except asyncpg.PostgresError as e:
        got = (e.sqlstate, e.args[0], e.detail, e.hint)
    ck.true(name + ": the call waited on the row lock", blocked)
    return got


async def errors(conn, other, watch, extversion):
    spec = load_errors()
    refs = {**described_refs(), "role": env_role(), "missing": spec["fixtures"]["missing"],
            "task": await conn.fetchval(spec["fixtures"]["task"]),
            "project": await conn.fetchval(spec["fixtures"]["project"])}
    for case in spec["cases"]:
        if not case_applies(case, extversion):
            continue
        r = dict(refs)
        if case.get("fresh_task"):
            r["task"] = await conn.fetchval("SELECT id FROM taskdb.create_task('clients: fresh')")
        args = resolve(case["args"], r)
        want = (case["sqlstate"], fill(case["message"], r), fill(case["detail"], r), fill(case["hint"], r))
        got = ("no error",)
        for s in case.get("before", []):
            await conn.execute(fill(s, r))
        try:
            if case.get("race"):
                got = await race(conn, other, watch, case["sql"], args, r["task"], case["name"])
            else:
                # README: asyncpg errors
                try:
                    await conn.fetch(case['sql'], *args)
                except asyncpg.PostgresError as e:
                    got = (e.sqlstate, e.args[0], e.detail, e.hint)
                # README: end
        finally:
            for s in case.get("after", []):
                await conn.execute(fill(s, r))
        ck.eq(case["name"], got, want)
        if case["sqlstate"] == "22023" and want[2] and want[2].startswith("["):
            ck.eq(case["name"] + ": detail parses as JSON", isinstance(json.loads(got[2]), list) if len(got) > 2 and got[2] else None, True)
    # str(e) is the message alone
    try:
        await conn.fetch("SELECT * FROM taskdb.create_task('')")
    except asyncpg.PostgresError as e:
        ck.eq("str(e) is the message", str(e), "task title must not be empty")
        ck.eq("exception class by SQLSTATE", type(e).__name__, "CheckViolationError")


async def main():
    conn = await connect()
    other = await connect()
    watch = await connect()  # pg_stat_activity outside other's transaction (a snapshot per transaction)
    try:
        await conn.execute("SET TimeZone = 'UTC'")
        extversion = await conn.fetchval("SELECT extversion FROM pg_extension WHERE extname = 'taskdb'")
        print(f"asyncpg {asyncpg.__version__}, taskdb {extversion}")
        await types_and_shapes(conn)
        await trap(conn)
        await canonical(conn)
        await model(conn)
        await errors(conn, other, watch, extversion)
    finally:
        await conn.close()
        await other.close()
        await watch.close()


try:
    asyncio.run(asyncio.wait_for(main(), 60))
except Exception as e:  # an unexpected error is a failed check, not a crash without a count
    ck.eq("the script ran to its end", f"{type(e).__name__}: {e}", "no exception")
sys.exit(ck.finish())
