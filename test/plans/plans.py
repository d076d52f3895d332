#!/usr/bin/env python3
"""The plans taskdb's reads run, on a table large enough for the planner to
care (#21): for every order the description offers (both directions, the
first page and a deep one from a task_cursor token), every filter key (in
id order and in its own column's order), a project in every order, and the
distributions that matter (a rare and a common word in the title, a one-day
due range, a one-day creation range), on every path that takes them (raw,
builder and orm list_tasks, find_tasks, model_list_tasks), the plan of the
statement taskdb runs inside the call is captured with auto_explain and
must do work bounded by the page, not by the table:

  - no Seq Scan on taskdb.tasks;
  - no Sort of more than BOUND input rows (a project, a day, a rare word);
  - no node that removes more than BOUND rows by a filter (an index walked
    past rows it does not want, as a generic plan or a misjudged custom
    plan does for a selective filter in another column's order).

One case is skipped, with its reason printed: a "<column>_prefix" filter
in that column's own order, unless the database's collation is C.  Its
rows are next to each other in that order, so walking the order's index
to them reads every row before them; only a range on that index finds
them at once, which PostgreSQL makes of LIKE 'abc%' in the C collation
only (README, "Indexes and plans").

The orders and filter keys come from the description (test/description.sql
and test/described.sql, which the run script loads), so a new column is
checked without a change here.

Usage: plans.py DESCRIPTION_SQL DESCRIBED_SQL (the server from the PG*
variables, a superuser, in a database of its own; taskdb installed, the
table empty).  Prints "ok"/"not ok" lines, one per case and path, and a
closing "plans: N passed, M failed".
"""
import json
import re
import sys

import psycopg

ROWS = 200_000          # tasks
PER_PROJECT = 1_000     # tasks per project
BOUND = 2 * PER_PROJECT  # rows a page may read past or sort

passed = failed = skipped = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok     {name}")
    else:
        failed += 1
        print(f"not ok {name}")
        for line in detail.splitlines():
            print(f"#   {line}")


def load(conn):
    conn.execute(f"""
        INSERT INTO taskdb.projects (name)
        SELECT 'project ' || g FROM generate_series(1, {ROWS // PER_PROJECT}) g;
        INSERT INTO taskdb.tasks (title, done, created_at, project_id, due_at, priority)
        SELECT (ARRAY['write', 'review', 'fix', 'ship', 'plan'])[1 + g % 5] || ' '
               || (ARRAY['report', 'budget', 'release', 'invoice', 'draft', 'docs'])[1 + (g / 5) % 6]
               || ' ' || CASE WHEN g % 50000 = 7 THEN 'zqx' ELSE md5(g::text)::varchar(8) END,
               g % 10 < 7,
               timestamptz '2024-01-01' + (g * interval '7 minutes'),
               1 + (g - 1) / {PER_PROJECT},
               CASE WHEN g % 10 < 3 THEN NULL
                    ELSE timestamptz '2026-01-01' + ((hashint4(g) & 1048575) * interval '1 minute') END,
               hashint4(g + 1) & 3
        FROM generate_series(1, {ROWS}) g;
        ANALYZE taskdb.tasks;
        ANALYZE taskdb.projects;
    """)


def plans_of(conn, sql, params):
    """The auto_explain plans of the statements taskdb ran on taskdb.tasks
    for one call, as lists of lines."""
    notices = []

    def keep(diag):
        # a Diagnostic is valid only during the callback: keep its text
        notices.append(diag.message_primary or "")

    conn.add_notice_handler(keep)
    try:
        conn.execute(sql, params).fetchall()
    finally:
        conn.remove_notice_handler(keep)
    plans = []
    for text in notices:
        if "Query Text:" not in text or "taskdb.tasks t" not in text:
            continue
        plans.append(text)
    return plans


def judge(plan):
    """Why a plan does work beyond its page, or None."""
    lines = plan.splitlines()
    for i, line in enumerate(lines):
        if re.search(r"Seq Scan on tasks\b", line):
            return "reads the whole table: " + line.strip()
        m = re.search(r"Rows Removed by Filter: (\d+)", line)
        if m and int(m.group(1)) > BOUND:
            return f"reads {m.group(1)} rows past its filter: {lines[i - 1].strip()}"
        if re.match(r"\s*(->\s*)?(Incremental )?Sort\b", line):
            indent = len(line) - len(line.lstrip())
            for child in lines[i + 1:]:
                cindent = len(child) - len(child.lstrip())
                if cindent <= indent:
                    break
                m = re.search(r"->.*actual rows=(\d+)", child)
                if m:
                    if int(m.group(1)) > BOUND:
                        return f"sorts {m.group(1)} rows: {child.strip()}"
                    break
    return None


def main():
    description, described = sys.argv[1], sys.argv[2]
    conn = psycopg.connect(autocommit=True)
    conn.execute(open(description, encoding="utf-8").read())
    conn.execute(open(described, encoding="utf-8").read())
    load(conn)

    orders = [r[0] for r in conn.execute(
        "SELECT name FROM described_columns WHERE table_name = 'tasks' AND orderable ORDER BY position")]
    columns = {r[0]: r for r in conn.execute(
        "SELECT name, keys, sqltype, NOT not_null FROM described_columns WHERE table_name = 'tasks'")}
    list_args = {r[0] for r in conn.execute(
        "SELECT name FROM described_args WHERE function = 'list_tasks'")}

    # a value for every filter key of the description: selective where the
    # key can be, as the distributions that matter
    project = ROWS // PER_PROJECT // 2
    day = "2026-06-01"
    values = {}
    for name, keys, sqltype, nullable in columns.values():
        for key in keys or []:
            if key == name and sqltype == "boolean":
                values[key] = False
            elif key == name and name == "project_id":
                values[key] = project
            elif key == name:
                values[key] = 3
            elif key.startswith("has_"):
                values[key] = False
            elif key.endswith("_contains"):
                values[key] = "zqx"
            elif key.endswith("_prefix"):
                values[key] = "ship budget"
            elif key.endswith("_after") or key.endswith("_min"):
                values[key] = day if "timestamp" in sqltype else 1
            elif key.endswith("_before") or key.endswith("_max"):
                values[key] = "2026-06-02" if "timestamp" in sqltype else 2
            elif sqltype == "bigint":
                values[key] = list(range(1000, 200000, 10000))
    # the key pairs of a range go together: one day
    pairs = []
    for key in values:
        if key.endswith("_after") and key[:-6] + "_before" in values:
            pairs.append({key: values[key], key[:-6] + "_before": values[key[:-6] + "_before"]})
    singles = [{k: v} for k, v in values.items()
               if not (k.endswith("_after") or k.endswith("_before"))]
    extra = [{"title_contains": "budget"}, {"overdue": True}, {"done": False, "project_id": project}]
    extra = [f for f in extra if all(k in values or k == "overdue" for k in f)]

    def column_of_key(key):
        for name, keys, _, _ in columns.values():
            if key in (keys or []):
                return name
        return None

    cases = []
    for o in orders:
        for d in ("", "-"):
            cases.append((f"order {d}{o}", {}, d + o))
    for f in singles + pairs + extra:
        cases.append((f"{f} in id order", f, "id"))
        own = {column_of_key(k) for k in f} & set(orders)
        for o in sorted(own - {"id"}):
            cases.append((f"{f} in {o} order", f, o))
    for o in orders:
        if o != "id":
            cases.append((f"a project in {o} order", {"project_id": project}, o))
            cases.append((f"a project in -{o} order", {"project_id": project}, "-" + o))

    c_collation = conn.execute(
        "SELECT datcollate IN ('C', 'POSIX') FROM pg_database WHERE datname = current_database()").fetchone()[0]

    conn.execute("LOAD 'auto_explain'")
    conn.execute("SET auto_explain.log_min_duration = 0")
    conn.execute("SET auto_explain.log_nested_statements = on")
    conn.execute("SET auto_explain.log_analyze = on")
    conn.execute("SET auto_explain.log_timing = off")
    conn.execute("SET auto_explain.log_level = notice")
    conn.execute("SET client_min_messages = notice")

    global skipped
    for name, filt, order in cases:
        column = order.lstrip("-")
        if not c_collation and any(k.endswith("_prefix") and column_of_key(k) == column for k in filt):
            skipped += 1
            print(f"skip   {name}: a prefix in its own column's order needs the C collation")
            continue
        # a deep page: after the task in the middle of this order
        middle = conn.execute(
            f"SELECT taskdb.task_cursor(t, %s) FROM taskdb.find_tasks(%s::jsonb) t "
            f"OFFSET 5 LIMIT 1", (column, json.dumps({**filt, "order": order, "limit": 10}))).fetchone()
        for page, cursor in (("first page", None), ("deep page", middle[0] if middle else None)):
            if page == "deep page" and cursor is None:
                continue
            query = {**filt, "order": order, "limit": 20}
            if cursor:
                query["after"] = cursor
            calls = [("find_tasks", "SELECT * FROM taskdb.find_tasks(%s::jsonb)", (json.dumps(query),)),
                     ("model_list_tasks", "SELECT taskdb.model_list_tasks(%s::jsonb)", (json.dumps(query),))]
            if all(k in list_args for k in filt):
                args = ", ".join(f"{k} => %s" for k in filt)
                params = [v for v in filt.values()]
                sig = f"{args}{', ' if args else ''}order_by => %s, lim => 20"
                params.append(order)
                if cursor:
                    sig += ", after => %s"
                    params.append(cursor)
                for fn in ("list_tasks", "builder_list_tasks", "orm_list_tasks"):
                    calls.append((fn, f"SELECT * FROM taskdb.{fn}({sig})", tuple(params)))
            for fn, sql, params in calls:
                plans = plans_of(conn, sql, params)
                label = f"{fn}: {name}, {page}"
                if not plans:
                    check(label, False, "no plan of a statement on taskdb.tasks was captured")
                    continue
                reasons = [r for r in (judge(p) for p in plans) if r]
                check(label, not reasons, "\n".join(reasons + [plans[0]]))

    print(f"# {skipped} skipped")
    print(f"plans: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
