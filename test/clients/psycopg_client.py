#!/usr/bin/env python3
"""psycopg 3 (Debian's python3-psycopg) against a running taskdb: the CRUD
contract through the canonical and the model functions, the types as psycopg
surfaces them, every error of errors.json with its SQLSTATE, message, detail
and hint, and the (f()).* trap.  The server and database come from the PG*
variables (test/clients/run sets PGDATABASE to a database of its own)."""
import datetime
import json
import os
import re
import sys
import threading
import time

import psycopg
from psycopg.types.composite import CompositeInfo, register_composite
from psycopg.types.json import Jsonb

from common import (Checks, case_applies, described_refs, env_role, fill, load_errors,
                    resolve, jsonb_params)

ck = Checks("psycopg")
UTC = datetime.timezone.utc
TASK_COLUMNS = json.loads(os.environ["TASKDB_TASK_COLUMNS"])  # the catalog's, derived by run


def connect():
    # README: psycopg
    conn = psycopg.connect(autocommit=True)  # the PG* variables name the server
    # README: end
    return conn


def one(conn, sql, *args):
    cur = conn.execute(sql, args)
    return cur.fetchone()


def val(conn, sql, *args):
    row = one(conn, sql, *args)
    return None if row is None else row[0]


def rows(conn, sql, *args):
    return conn.execute(sql, args).fetchall()


def as_dict(cur, row):
    return dict(zip([c.name for c in cur.description], row))


def fetch_dict(conn, sql, *args):
    cur = conn.execute(sql, args)
    row = cur.fetchone()
    return None if row is None else as_dict(cur, row)


def types_and_shapes(conn):
    # README: psycopg rows
    cur = conn.execute(
        'SELECT * FROM taskdb.create_task(%s, due_at => %s)',
        ['write the docs',
         datetime.datetime(2030, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.timezone.utc)])
    task = cur.fetchone()   # a tuple; the names are in cur.description
    task[0]                 # int: int8 is a Python int
    task[6]                 # due_at: an aware datetime, microseconds kept
    # README: end
    ck.eq("SELECT * FROM f(...) gives the columns", [c.name for c in cur.description], TASK_COLUMNS)
    ck.eq("int8 id is int", type(task[0]), int)
    ck.eq("timestamptz keeps microseconds", task[6], datetime.datetime(2030, 1, 2, 3, 4, 5, 123456, tzinfo=UTC))
    back = val(conn, "SELECT due_at FROM taskdb.get_task(%s)", task[0])
    ck.eq("timestamptz round-trips exactly through get_task", back, task[6])

    text = val(conn, "SELECT taskdb.create_task(%s)", "one value")
    ck.eq("SELECT f(...) gives one composite, as its text by default", type(text), str)
    m = re.match(r'\((\d+),"one value",', text)
    ck.true("... the row literal, id and title first", m, text)
    ck.eq("... the row literal, as the server writes the row",
          text, m and val(conn, "SELECT t::text FROM taskdb.tasks t WHERE t.id = %s", int(m.group(1))))
    # README: psycopg composite
    info = CompositeInfo.fetch(conn, 'taskdb.tasks')
    register_composite(info, conn)   # now SELECT taskdb.create_task(...) is a named tuple
    value = conn.execute('SELECT taskdb.create_task(%s)', ['one value']).fetchone()[0]
    value.title                      # 'one value'
    # README: end
    ck.eq("a registered composite is a named tuple", list(value._fields), TASK_COLUMNS)
    ck.eq("the named tuple's title", value.title, "one value")

    # jsonb: psycopg decodes results by itself, parameters need Jsonb()
    model = val(conn, "SELECT taskdb.model_get_task(%s)", task[0])
    ck.eq("jsonb result is a dict", type(model), dict)
    ck.eq("model timestamps are ISO text with microseconds", model["due_at"], "2030-01-02T03:04:05.123456+00:00")
    try:
        conn.execute("SELECT taskdb.model_list_tasks(%s)", [{"limit": 1}])
        ck.eq("a bare dict parameter is refused", "accepted", "refused")
    except psycopg.ProgrammingError as e:
        ck.true("a bare dict parameter is refused (ProgrammingError)", "cannot adapt type 'dict'" in str(e), str(e))
    # README: psycopg jsonb
    page = conn.execute('SELECT taskdb.model_list_tasks(%s)',
                        [Jsonb({'limit': 1})]).fetchone()[0]   # a list of dicts
    # README: end
    ck.eq("Jsonb() parameter, list result", (type(page), len(page)), (list, 1))


def trap(conn):
    count = "SELECT count(*) FROM taskdb.tasks WHERE title = %s"
    before = val(conn, "SELECT count(*) FROM taskdb.tasks")
    once0, trap0 = val(conn, count, "once"), val(conn, count, "trap")
    # README: psycopg trap
    # one row: the function runs once
    conn.execute("SELECT * FROM taskdb.create_task('once')")
    # a PostgreSQL trap: (f()).* calls f once per result column
    conn.execute("SELECT (taskdb.create_task('trap')).*")
    # README: end
    once = val(conn, count, "once") - once0
    trapped = val(conn, count, "trap") - trap0
    ncols = val(conn, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'taskdb.tasks'::regclass AND attnum > 0 AND NOT attisdropped")
    ck.eq("SELECT * FROM create_task(...) inserts one row", once, 1)
    ck.eq("SELECT (create_task(...)).* inserts one row per column", trapped, ncols)
    ck.eq("rows added by the two statements", val(conn, "SELECT count(*) FROM taskdb.tasks") - before, 1 + ncols)


def canonical(conn):
    p = fetch_dict(conn, "SELECT * FROM taskdb.create_project(%s)", "psycopg project")
    ck.eq("create_project columns", list(p), ["id", "name", "created_at"])
    ck.eq("get_project", fetch_dict(conn, "SELECT * FROM taskdb.get_project(%s)", p["id"]), p)
    due = datetime.datetime(2031, 5, 6, 7, 8, 9, 654321, tzinfo=UTC)
    t = fetch_dict(conn, "SELECT * FROM taskdb.create_task(%s, %s, %s, %s::smallint)", "first", p["id"], due, 2)
    ck.eq("create_task with project, due date and priority",
          (t["title"], t["project_id"], t["due_at"], t["priority"], t["version"], t["done"]),
          ("first", p["id"], due, 2, 1, False))
    ck.eq("get_task returns the row", fetch_dict(conn, "SELECT * FROM taskdb.get_task(%s)", t["id"]), t)
    ck.eq("get_task of a missing id: no row", rows(conn, "SELECT * FROM taskdb.get_task(%s)", 9000000000000), [])
    many = rows(conn, "SELECT id, title, project_id FROM taskdb.create_tasks(%s, %s)", ["b", "c", "d"], p["id"])
    ids = [r[0] for r in many]
    ck.eq("create_tasks: three rows in the project", [r[1:] for r in many],
          [("b", p["id"]), ("c", p["id"]), ("d", p["id"])])
    got = rows(conn, "SELECT id FROM taskdb.get_tasks(%s)", [ids[2], t["id"], ids[0], ids[2]])
    ck.eq("get_tasks: id order, each once", [r[0] for r in got], sorted({ids[2], t["id"], ids[0]}))
    page1 = rows(conn, "SELECT id FROM taskdb.list_tasks(project_id => %s, lim => 2)", p["id"])
    page2 = rows(conn, "SELECT id FROM taskdb.list_tasks(project_id => %s, lim => 2, after_id => %s)", p["id"], page1[-1][0])
    ck.eq("list_tasks keyset pages", [r[0] for r in page1 + page2], [t["id"]] + ids)
    by_prio = rows(conn, "SELECT id FROM taskdb.list_tasks(project_id => %s, order_by => '-priority')", p["id"])
    # ties in a descending order come in descending id order too (every path alike)
    ck.eq("list_tasks order_by -priority, ties by -id", [r[0] for r in by_prio], [t["id"]] + ids[::-1])
    ck.eq("list_tasks priority filter",
          [r[0] for r in rows(conn, "SELECT id FROM taskdb.list_tasks(project_id => %s, priority => 2::smallint)", p["id"])],
          [t["id"]])
    ck.eq("list_tasks due_before filter",
          [r[0] for r in rows(conn, "SELECT id FROM taskdb.list_tasks(project_id => %s, due_before => %s)",
                              p["id"], due + datetime.timedelta(microseconds=1))],
          [t["id"]])
    u = fetch_dict(conn, "SELECT * FROM taskdb.update_task(%s, title => %s, done => true)", t["id"], "first, done")
    ck.eq("update_task: title, done, version bumped", (u["title"], u["done"], u["version"]), ("first, done", True, 2))
    u = fetch_dict(conn, "SELECT * FROM taskdb.update_task(%s, clear_project => true, clear_due_at => true, expected_version => 2)", t["id"])
    ck.eq("update_task clear_x with the expected version", (u["project_id"], u["due_at"], u["version"]), (None, None, 3))
    ck.eq("list_tasks done filter", rows(conn, "SELECT id FROM taskdb.list_tasks(done => true, project_id => %s)", p["id"]), [])
    found = rows(conn, "SELECT id FROM taskdb.find_tasks(%s)", Jsonb({"project_id": p["id"], "order": "-id", "limit": 2}))
    ck.eq("find_tasks with a Jsonb filter", [r[0] for r in found], [ids[2], ids[1]])
    rep = one(conn, "SELECT total, done, open FROM taskdb.project_report(%s)", Jsonb({"project_id": p["id"]}))
    ck.eq("project_report", rep, (3, 0, 3))
    tree = val(conn, "SELECT taskdb.project_tree(%s)", p["id"])
    ck.eq("project_tree is decoded jsonb", [x["id"] for x in tree[0]["tasks"]], ids)
    d = fetch_dict(conn, "SELECT * FROM taskdb.delete_task(%s)", t["id"])
    ck.eq("delete_task returns the deleted row", (d["id"], d["version"]), (t["id"], 3))
    ck.eq("deleted task is gone", rows(conn, "SELECT * FROM taskdb.get_task(%s)", t["id"]), [])
    p2 = fetch_dict(conn, "SELECT * FROM taskdb.create_project(%s)", "psycopg second")
    lp = rows(conn, "SELECT id FROM taskdb.list_projects(after_id => %s, lim => 10)", p["id"])
    ck.eq("list_projects after an id", [r[0] for r in lp], [p2["id"]])
    dp = fetch_dict(conn, "SELECT * FROM taskdb.delete_project(%s, cascade => true)", p["id"])
    ck.eq("delete_project cascade returns the project", dp["id"], p["id"])
    ck.eq("its tasks went with it", rows(conn, "SELECT * FROM taskdb.get_tasks(%s)", ids), [])


def model(conn):
    p = val(conn, "SELECT taskdb.model_create_project(%s)", Jsonb({"name": "psycopg model"}))
    ck.eq("model_create_project keys", sorted(p), ["created_at", "id", "name"])
    ck.eq("model_get_project", val(conn, "SELECT taskdb.model_get_project(%s)", p["id"]), p)
    body = {"title": "from JSON", "project_id": p["id"], "due_at": "2030-01-02T03:04:05.123456+00:00"}
    t = val(conn, "SELECT taskdb.model_create_task(%s)", Jsonb(body))
    ck.eq("model_create_task: project_id as a number is accepted", t["project_id"], p["id"])
    ck.eq("model_create_task: id is a JSON number", type(t["id"]), int)
    ck.eq("model due_at keeps microseconds", t["due_at"], "2030-01-02T03:04:05.123456+00:00")
    ck.eq("model_get_task", val(conn, "SELECT taskdb.model_get_task(%s)", t["id"]), t)
    ck.eq("model_get_task of a missing id is NULL", val(conn, "SELECT taskdb.model_get_task(%s)", 9000000000000), None)
    u = val(conn, "SELECT taskdb.model_update_task(%s, %s)", t["id"], Jsonb({"done": True, "version": 1}))
    ck.eq("model_update_task with the version", (u["done"], u["version"]), (True, 2))
    u = val(conn, "SELECT taskdb.model_update_task(%s, %s)", t["id"], Jsonb({"due_at": None, "project_id": None}))
    ck.eq("model_update_task null clears", (u["due_at"], u["project_id"], u["version"]), (None, None, 3))
    t2 = val(conn, "SELECT taskdb.model_create_task(%s)", Jsonb({"title": "second", "project_id": p["id"], "priority": 3}))
    lst = val(conn, "SELECT taskdb.model_list_tasks(%s)", Jsonb({"project_id": p["id"], "order": "-priority"}))
    ck.eq("model_list_tasks is a JSON array", [x["id"] for x in lst], [t2["id"]])
    lst = val(conn, "SELECT taskdb.model_list_tasks(%s)", Jsonb({"ids": [t["id"], t2["id"]], "after": t["id"]}))
    ck.eq("model_list_tasks keyset", [x["id"] for x in lst], [t2["id"]])
    up = val(conn, "SELECT taskdb.model_update_project(%s, %s)", p["id"], Jsonb({"name": "renamed"}))
    ck.eq("model_update_project", up["name"], "renamed")
    lp = val(conn, "SELECT taskdb.model_list_projects(%s)", Jsonb({"after": p["id"] - 1, "limit": 1}))
    ck.eq("model_list_projects", [x["id"] for x in lp], [p["id"]])
    ck.eq("model_delete_task returns the task", val(conn, "SELECT taskdb.model_delete_task(%s)", t["id"])["id"], t["id"])
    ck.eq("model_delete_project cascade", val(conn, "SELECT taskdb.model_delete_project(%s, true)", p["id"])["id"], p["id"])
    ck.eq("model_get_project after delete is NULL", val(conn, "SELECT taskdb.model_get_project(%s)", p["id"]), None)


def to_psycopg(sql):
    """errors.json's $1, $2, ... (each once, in order) as psycopg's %s."""
    nums = [int(n) for n in re.findall(r"\$(\d+)", sql)]
    assert nums == list(range(1, len(nums) + 1)), sql
    return re.sub(r"\$\d+", "%s", sql)


def surfaced(e):
    # README: psycopg errors
    fields = (e.sqlstate, e.diag.message_primary, e.diag.message_detail, e.diag.message_hint)
    # README: end
    return fields


def race(conn, other, watch, sql, args, task, name):
    got = {"v": ("no error",)}
    with other.transaction():
        other.execute("UPDATE taskdb.tasks SET title = 'changed meanwhile' WHERE id = %s", [task])

        def call():
            try:
                conn.execute(sql, args)
            except psycopg.Error as e:
                got["v"] = surfaced(e)
        th = threading.Thread(target=call)
        th.start()
        blocked = False
        for _ in range(100):
            if val(watch, "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s", conn.info.backend_pid):
                blocked = True
                break
            time.sleep(0.05)
    th.join(30)
    ck.true(name + ": the call waited on the row lock", blocked)
    return got["v"]


def errors(conn, other, watch, extversion):
    spec = load_errors()
    refs = {**described_refs(), "role": env_role(), "missing": spec["fixtures"]["missing"],
            "task": val(conn, spec["fixtures"]["task"]),
            "project": val(conn, spec["fixtures"]["project"])}
    for case in spec["cases"]:
        if not case_applies(case, extversion):
            continue
        r = dict(refs)
        if case.get("fresh_task"):
            r["task"] = val(conn, "SELECT id FROM taskdb.create_task('clients: fresh')")
        js = jsonb_params(case["sql"])
        args = [Jsonb(a) if i in js else a for i, a in enumerate(resolve(case["args"], r))]
        sql = to_psycopg(case["sql"])
        want = (case["sqlstate"], fill(case["message"], r), fill(case["detail"], r), fill(case["hint"], r))
        got = ("no error",)
        for s in case.get("before", []):
            conn.execute(fill(s, r))
        try:
            if case.get("race"):
                got = race(conn, other, watch, sql, args, r["task"], case["name"])
            else:
                try:
                    conn.execute(sql, args)
                except psycopg.Error as e:
                    got = surfaced(e)
        finally:
            for s in case.get("after", []):
                conn.execute(fill(s, r))
        ck.eq(case["name"], got, want)
        if want[2] and want[2].startswith("["):
            ck.eq(case["name"] + ": detail parses as JSON", isinstance(json.loads(got[2]), list) if len(got) > 2 and got[2] else None, True)
    try:
        conn.execute("SELECT * FROM taskdb.create_task('')")
    except psycopg.Error as e:
        ck.eq("exception class by SQLSTATE", type(e).__name__, "CheckViolation")
        ck.eq("str(e) is the message", str(e), "task title must not be empty")


def main():
    conn, other = connect(), connect()
    watch = connect()  # pg_stat_activity outside other's transaction (a snapshot per transaction)
    try:
        conn.execute("SET TimeZone = 'UTC'")
        extversion = val(conn, "SELECT extversion FROM pg_extension WHERE extname = 'taskdb'")
        print(f"psycopg {psycopg.__version__} (libpq {psycopg.pq.version()}), taskdb {extversion}")
        types_and_shapes(conn)
        trap(conn)
        canonical(conn)
        model(conn)
        errors(conn, other, watch, extversion)
    finally:
        conn.close()
        other.close()
        watch.close()


try:
    main()
except Exception as e:
    ck.eq("the script ran to its end", f"{type(e).__name__}: {e}", "no exception")
sys.exit(ck.finish())
