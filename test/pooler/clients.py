#!/usr/bin/python3
"""The clients of test/pooler/run: 16 of them, through pgbouncer in
transaction mode, calling every taskdb path for a bounded time.

Started by test/pooler/run, which makes the cluster and the pgbouncer and
passes them in POOLER_SOCKETS (the directory of both unix sockets),
POOLER_PG_PORT, POOLER_BOUNCER_PORT and POOLER_SECONDS.  Prints ok/FAIL
lines and one summary line; exits 1 on any failure.

Which client does what (n = 0..15):
  0-9    plain: no settings of their own; must never see a NOTICE or
         WARNING except the lazy-load WARNING that project_tree(NULL,
         'lazy') gives at the default taskdb.lazy_load_warning (there
         are always more than 10 projects)
  10-11  echo: part of every cycle inside BEGIN; SET LOCAL taskdb.echo =
         on; ...; COMMIT, where every call must give echo NOTICEs; none
         outside it
  12-13  quiet: project_tree(NULL, 'lazy') inside BEGIN; SET LOCAL
         taskdb.lazy_load_warning = 0; ...; COMMIT must not warn, and the
         same call outside it must
  14-15  the role taskdb_echo_role (ALTER ROLE ... SET taskdb.echo = on),
         through its own pool: every call that sends a statement must
         give echo NOTICEs
Expected errors, made on purpose and counted apart: 55000 (an update
with a stale expected_version, on every path; 40001 before 1.7) and P0002 (deleting a task
a second time, on every path).  Any other error, or a deliberate call
that does not raise exactly its SQLSTATE, fails the suite.
"""
import collections
import contextlib
import json
import os
import random
import sys
import threading
import time

import psycopg

SOCKETS = os.environ["POOLER_SOCKETS"]
PG_PORT = int(os.environ["POOLER_PG_PORT"])
BOUNCER_PORT = int(os.environ["POOLER_BOUNCER_PORT"])
SECONDS = float(os.environ.get("POOLER_SECONDS", "18"))
N_CLIENTS = 16
ROLE = "taskdb_echo_role"
STATS_ROUNDS = 10
PATHS = ("raw", "builder", "orm", "model")
LAZY_WARNING = "one call made more than 10 lazy loads"
EXPECTED_ERRORS = {
    "55000": "update with a stale expected_version (deliberate; 40001 before 1.7)",
    "P0002": "delete of a task already deleted (deliberate)",
}

checks = 0
failures = 0


def ok(msg):
    global checks
    checks += 1
    print("ok   - " + msg, flush=True)


def notok(msg):
    global checks, failures
    checks += 1
    failures += 1
    print("FAIL - " + msg, flush=True)


def check(label, cond, detail=""):
    if cond:
        ok(label)
    else:
        notok(label + (": " + detail if detail else ""))


def connect(port=BOUNCER_PORT, dbname="taskdb", user="postgres"):
    # autocommit: each call is its own transaction, so pgbouncer may give
    # the next call another server connection; prepare_threshold=None:
    # no named prepared statements, which a transaction-mode pool cannot
    # keep for a client
    return psycopg.connect(host=SOCKETS, port=port, dbname=dbname, user=user,
                           autocommit=True, prepare_threshold=None,
                           connect_timeout=10)


class Client:
    def __init__(self, n):
        self.n = n
        self.kind = ("plain" if n < 10 else "echo" if n < 12
                     else "quiet" if n < 14 else "role")
        self.user = ROLE if self.kind == "role" else "postgres"
        self.conn = connect(user=self.user)
        self.notices = []
        self.conn.add_notice_handler(self._notice)
        self.rng = random.Random(n)
        self.calls = 0
        self.path_calls = collections.Counter()
        self.errors = collections.Counter()      # every error, by SQLSTATE
        self.expected = collections.Counter()    # deliberate ones
        self.unexpected = []
        self.violations = []
        self.wrong = []                          # results that are not right
        self.called = set()
        self.pids = set()
        self.cycles = 0
        self.echo_local = False
        self.quiet_local = False
        self.echo_seen = 0      # echo NOTICEs received
        self.warnings_seen = 0  # lazy-load WARNINGs received

    def _notice(self, diag):
        self.notices.append((diag.severity_nonlocalized or diag.severity,
                             diag.sqlstate, diag.message_primary or ""))

    @contextlib.contextmanager
    def local(self, setting, value):
        """BEGIN; SET LOCAL setting = value; ... COMMIT"""
        with self.conn.transaction():
            self.conn.execute("SET LOCAL %s = %s" % (setting, value))
            if setting == "taskdb.echo":
                self.echo_local = True
            else:
                self.quiet_local = True
            try:
                yield
            finally:
                self.echo_local = False
                self.quiet_local = False

    def echo_expected(self):
        return self.kind == "role" or self.echo_local

    def call(self, fn, path, sql, params=(), expect_error=None,
             lazy=False, sends=True):
        """One taskdb call; checks its error and its notices."""
        self.notices.clear()
        self.called.add(fn)
        self.calls += 1
        self.path_calls[path] += 1
        rows = None
        state = None
        try:
            rows = self.conn.execute(sql, params).fetchall()
        except psycopg.Error as e:
            state = e.sqlstate or "connection"
            self.errors[state] += 1
            if state != expect_error:
                self.unexpected.append("%s: %s %s" % (fn, state, str(e).splitlines()[0]))
        if expect_error is not None:
            if state == expect_error:
                self.expected[state] += 1
            elif state is None:
                self.unexpected.append("%s: no error, expected %s" % (fn, expect_error))
        self._check_notices(fn, lazy, sends)
        return rows

    def _check_notices(self, fn, lazy, sends):
        echo = [x for x in self.notices if x[0] == "NOTICE" and x[2].startswith("taskdb: ")]
        warn = [x for x in self.notices if x[0] == "WARNING" and x[2] == LAZY_WARNING]
        other = [x for x in self.notices if x not in echo and x not in warn]
        self.echo_seen += len(echo)
        self.warnings_seen += len(warn)
        want_warn = 1 if lazy and not self.quiet_local else 0
        who = "client %d (%s)" % (self.n, self.kind)
        if other:
            self.violations.append("%s %s: unasked %s" % (who, fn, other[:2]))
        if len(warn) != want_warn:
            self.violations.append("%s %s: %d lazy-load warnings, expected %d%s"
                                   % (who, fn, len(warn), want_warn,
                                      " (inside SET LOCAL taskdb.lazy_load_warning = 0)"
                                      if self.quiet_local else ""))
        if self.echo_expected():
            if sends and not echo:
                self.violations.append("%s %s: no echo NOTICE, though echo is on for it" % (who, fn))
        elif echo:
            self.violations.append("%s %s: echo NOTICE it did not ask for: %s"
                                   % (who, fn, echo[0][2][:80]))

    def expect(self, label, cond):
        if not cond:
            self.wrong.append("client %d: %s" % (self.n, label))

    def pid(self):
        self.pids.add(self.conn.execute("SELECT pg_backend_pid()").fetchone()[0])

    # ---- the canonical, raw_, builder_ and orm_ paths: one SQL contract
    def sql_cycle(self, pre):
        path = {"": "raw", "raw_": "raw", "builder_": "builder", "orm_": "orm"}[pre]
        tag = "c%d-%d-%s" % (self.n, self.cycles, pre or "canonical")

        def c(op, sql, params=(), **kw):
            return self.call(pre + op, path, sql.replace("{p}", "taskdb." + pre), params, **kw)

        pid = c("create_project", "SELECT id FROM {p}create_project(%s)", ["project " + tag])[0][0]
        due = "2031-%02d-%02d 12:00:00+00" % (self.rng.randint(1, 12), self.rng.randint(1, 28))
        tid, ver = c("create_task", "SELECT id, version FROM {p}create_task(%s, %s::bigint, %s::timestamptz, %s::smallint)",
                     ["task " + tag, pid, due, self.rng.randint(0, 3)])[0]
        ids = [r[0] for r in c("create_tasks", "SELECT id FROM {p}create_tasks(%s::text[], %s::bigint)",
                               [["bulk %s %d" % (tag, i) for i in range(3)], pid])]
        self.expect(pre + "create_tasks gives 3 rows", len(ids) == 3)

        scope = (self.local("taskdb.echo", "on") if self.kind == "echo"
                 else contextlib.nullcontext())
        with scope:
            r = c("get_project", "SELECT id FROM {p}get_project(%s::bigint)", [pid])
            self.expect(pre + "get_project finds its project", r == [(pid,)])
            r = c("list_projects", "SELECT id FROM {p}list_projects(after_id => %s::bigint, lim => 3)", [pid - 1])
            self.expect(pre + "list_projects after id-1 starts at the project", r and r[0][0] == pid)
            r = c("get_task", "SELECT id, title FROM {p}get_task(%s::bigint)", [tid])
            self.expect(pre + "get_task finds its task", r == [(tid, "task " + tag)])
            r = c("get_tasks", "SELECT id FROM {p}get_tasks(%s::bigint[])", [list(reversed(ids))])
            self.expect(pre + "get_tasks in id order", [x[0] for x in r] == sorted(ids))
            r = c("list_tasks", "SELECT id FROM {p}list_tasks(project_id => %s::bigint, order_by => '-priority', lim => 10)", [pid])
            self.expect(pre + "list_tasks of the project", sorted(x[0] for x in r) == sorted(ids + [tid]))
            if pre == "":
                # the keyset cursor token of the page's second row: the page after it
                k = self.call("task_cursor", path, "SELECT taskdb.task_cursor(t, 'title') FROM "
                              "taskdb.get_task(%s::bigint) t", [ids[1]])
                r = c("list_tasks", "SELECT id FROM {p}list_tasks(project_id => %s::bigint, order_by => 'title', "
                      "after => %s)", [pid, k[0][0] if k else None])
                self.expect(pre + "list_tasks after a cursor token", [x[0] for x in r] == [ids[2], tid])
            r = c("list_tasks", "SELECT id FROM {p}list_tasks(done => false, project_id => %s::bigint, "
                  "due_before => '2032-01-01'::timestamptz, overdue => false, order_by => 'due_at')", [pid])
            self.expect(pre + "list_tasks with due filters", [x[0] for x in r] == [tid])
            r = c("update_task", "SELECT version, title FROM {p}update_task(%s::bigint, title => %s, "
                  "priority => 3::smallint, expected_version => %s::integer)", [tid, "renamed " + tag, ver])
            self.expect(pre + "update_task with expected_version bumps the version", r == [(ver + 1, "renamed " + tag)])
            c("update_task", "SELECT id FROM {p}update_task(%s::bigint, clear_project => true)", [ids[0]])
            r = c("update_task", "SELECT project_id, due_at FROM {p}update_task(%s::bigint, project_id => %s::bigint, clear_due_at => true)",
                  [ids[0], pid])
            self.expect(pre + "update_task back into the project", r == [(pid, None)])
            if pre == "builder_":
                filt = json.dumps({"project_id": pid, "order": "-priority", "limit": 10})
                r = self.call("find_tasks", path, "SELECT id FROM taskdb.find_tasks(%s::jsonb)", [filt])
                self.expect("find_tasks of the project", len(r) == 4)
                self.call("find_tasks_sql", path, "SELECT * FROM taskdb.find_tasks_sql(%s::jsonb)", [filt], sends=False)
                r = self.call("project_report", path, "SELECT project_id, total FROM taskdb.project_report(%s::jsonb)",
                              [json.dumps({"project_id": pid})])
                self.expect("project_report counts the project's tasks", r == [(pid, 4)])
            if pre == "orm_":
                for load in ("selectin", "joined", "lazy"):
                    r = self.call("project_tree", path, "SELECT taskdb.project_tree(%s::bigint, %s)", [pid, load])
                    tree = r[0][0] if r else None
                    self.expect("project_tree(%s) has the project's 4 tasks" % load,
                                isinstance(tree, list) and len(tree) == 1 and len(tree[0].get("tasks", [])) == 4)
                r = self.call("move_tasks", path, "SELECT taskdb.move_tasks(%s::bigint[], NULL)", [ids])
                self.expect("move_tasks out of the project moves 3", r == [(3,)])
                r = self.call("move_tasks", path, "SELECT taskdb.move_tasks(%s::bigint[], %s::bigint)", [ids, pid])
                self.expect("move_tasks back moves 3", r == [(3,)])
                r = self.call("complete_project", path, "SELECT taskdb.complete_project(%s::bigint)", [pid])
                self.expect("complete_project completes 4", r == [(4,)])

        if pre == "orm_":
            self.lazy_all(path)
        # deliberate errors: a stale expected_version, a second delete
        c("update_task", "SELECT id FROM {p}update_task(%s::bigint, done => true, expected_version => %s::integer)",
          [tid, ver], expect_error="55000")
        r = c("delete_task", "SELECT id FROM {p}delete_task(%s::bigint)", [tid])
        self.expect(pre + "delete_task returns the task", r == [(tid,)])
        c("delete_task", "SELECT id FROM {p}delete_task(%s::bigint)", [tid], expect_error="P0002")
        r = c("delete_project", "SELECT id FROM {p}delete_project(%s::bigint, cascade => true)", [pid])
        self.expect(pre + "delete_project(cascade) returns the project", r == [(pid,)])

    def lazy_all(self, path):
        """project_tree(NULL, 'lazy') over all projects (always more than 10):
        warns at the default threshold; under SET LOCAL ... = 0 it must not."""
        sql = "SELECT jsonb_array_length(taskdb.project_tree(NULL, 'lazy'))"
        if self.kind == "quiet":
            with self.local("taskdb.lazy_load_warning", "0"):
                self.call("project_tree", path, sql, lazy=True)
        self.call("project_tree", path, sql, lazy=True)

    # ---- the model path: JSON in and out
    def model_cycle(self):
        path = "model"
        tag = "c%d-%d-model" % (self.n, self.cycles)

        def c(fn, args, **kw):
            sql = "SELECT taskdb.%s(%s)" % (fn, ", ".join(a for a, _ in args))
            r = self.call(fn, path, sql, [v for _, v in args], **kw)
            return r[0][0] if r else None

        J = json.dumps
        p = c("model_create_project", [("%s::jsonb", J({"name": "project " + tag}))])
        pid = p["id"]
        t = c("model_create_task", [("%s::jsonb", J({"title": "task " + tag, "project_id": pid,
                                                     "priority": self.rng.randint(0, 3),
                                                     "due_at": "2031-06-01T12:00:00Z"}))])
        tid, ver = t["id"], t["version"]
        scope = (self.local("taskdb.echo", "on") if self.kind == "echo"
                 else contextlib.nullcontext())
        with scope:
            r = c("model_get_project", [("%s::bigint", pid)])
            self.expect("model_get_project", r and r["id"] == pid)
            r = c("model_list_projects", [("%s::jsonb", J({"after": pid - 1, "limit": 3}))])
            self.expect("model_list_projects starts at the project", r and r[0]["id"] == pid)
            r = c("model_update_project", [("%s::bigint", pid), ("%s::jsonb", J({"name": "renamed " + tag}))])
            self.expect("model_update_project", r and r["name"] == "renamed " + tag)
            r = c("model_get_task", [("%s::bigint", tid)])
            self.expect("model_get_task", r and r["title"] == "task " + tag)
            r = c("model_list_tasks", [("%s::jsonb", J({"project_id": pid, "order": "-priority"}))])
            self.expect("model_list_tasks", isinstance(r, list) and [x["id"] for x in r] == [tid])
            k = c("model_task_cursor", [("%s::jsonb", J(r[0] if r else {})), ("%s", "-priority")], sends=False)
            r = c("model_list_tasks", [("%s::jsonb", J({"project_id": pid, "order": "-priority", "after": k}))])
            self.expect("model_list_tasks after the last task's cursor", r == [])
            r = c("model_update_task", [("%s::bigint", tid), ("%s::jsonb", J({"title": "renamed " + tag, "version": ver}))])
            self.expect("model_update_task with a version bumps it", r and r["version"] == ver + 1)
        c("model_update_task", [("%s::bigint", tid), ("%s::jsonb", J({"done": True, "version": ver}))],
          expect_error="55000")
        r = c("model_delete_task", [("%s::bigint", tid)])
        self.expect("model_delete_task returns the task", r and r["id"] == tid)
        c("model_delete_task", [("%s::bigint", tid)], expect_error="P0002")
        r = c("model_delete_project", [("%s::bigint", pid), ("%s::boolean", True)])
        self.expect("model_delete_project returns the project", r and r["id"] == pid)

    def views(self):
        # the views are no path: plain SELECTs, which must not echo
        for v in ("task_list", "project_summary"):
            self.notices.clear()
            self.conn.execute("SELECT count(*) FROM taskdb.%s" % v).fetchall()
            if self.notices:
                self.violations.append("client %d: SELECT from %s gave %s" % (self.n, v, self.notices[:1]))

    def load(self, deadline, start):
        start.wait()
        order = ["", "raw_", "builder_", "orm_", "model"]
        k = self.n % len(order)
        order = order[k:] + order[:k]
        try:
            while time.monotonic() < deadline:
                for pre in order:
                    self.pid()
                    if pre == "model":
                        self.model_cycle()
                    else:
                        self.sql_cycle(pre)
                self.views()
                self.cycles += 1
        except Exception as e:   # a failed cycle (e.g. a lost connection) fails the suite
            self.unexpected.append("client %d stopped: %r" % (self.n, e))

    # ---- the statistics round: a known number of calls per path
    STATS_PER_ROUND = {"raw": 3, "builder": 2, "orm": 2, "model": 2}

    def stats_round(self, pid, tid):
        def c(fn, path, sql, params):
            self.call(fn, path, sql, params)
        for _ in range(STATS_ROUNDS):
            c("get_task", "raw", "SELECT id FROM taskdb.get_task(%s::bigint)", [tid])
            c("raw_list_tasks", "raw", "SELECT id FROM taskdb.raw_list_tasks(project_id => %s::bigint)", [pid])
            c("list_projects", "raw", "SELECT id FROM taskdb.list_projects(lim => 3)", [])
            c("builder_get_task", "builder", "SELECT id FROM taskdb.builder_get_task(%s::bigint)", [tid])
            c("find_tasks", "builder", "SELECT id FROM taskdb.find_tasks(%s::jsonb)", [json.dumps({"project_id": pid})])
            c("orm_get_task", "orm", "SELECT id FROM taskdb.orm_get_task(%s::bigint)", [tid])
            c("project_tree", "orm", "SELECT taskdb.project_tree(%s::bigint, 'selectin')", [pid])
            c("model_get_task", "model", "SELECT taskdb.model_get_task(%s::bigint)", [tid])
            c("model_list_tasks", "model", "SELECT taskdb.model_list_tasks(%s::jsonb)", [json.dumps({"project_id": pid})])


def read_stats(conn):
    rows = conn.execute("SELECT path, calls FROM taskdb.path_stats ORDER BY path").fetchall()
    return {p: c for p, c in rows}


def fmt(d):
    return ", ".join("%s %d" % (p, d.get(p, 0)) for p in PATHS)


def main():
    direct = connect(port=PG_PORT)
    t0 = time.monotonic()

    # ---- 16 clients; the 17th is refused (max_client_conn = 16)
    clients = [Client(n) for n in range(N_CLIENTS)]
    try:
        extra = connect()
        extra.execute("SELECT 1")
        extra.close()
        notok("a 17th client is refused by pgbouncer (max_client_conn = 16): it was let in")
    except psycopg.Error as e:
        check("a 17th client is refused by pgbouncer (max_client_conn = 16)",
              "no more connections allowed" in str(e), str(e).strip())

    # ---- the load
    start = threading.Event()
    deadline = time.monotonic() + SECONDS
    threads = [threading.Thread(target=cl.load, args=(deadline, start)) for cl in clients]
    for t in threads:
        t.start()
    start.set()
    for t in threads:
        t.join(SECONDS + 60)
    hung = [cl.n for cl, t in zip(clients, threads) if t.is_alive()]
    if hung:
        notok("clients %s did not finish within the load time + 60 s" % hung)
        for cl in clients:
            cl.unexpected.append("hung")
        print("pooler: aborted", flush=True)
        os._exit(1)
    load_s = time.monotonic() - t0

    calls = sum(cl.calls for cl in clients)
    path_calls = sum((cl.path_calls for cl in clients), collections.Counter())
    errors = sum((cl.errors for cl in clients), collections.Counter())
    expected = sum((cl.expected for cl in clients), collections.Counter())
    unexpected = [u for cl in clients for u in cl.unexpected]
    violations = [v for cl in clients for v in cl.violations]
    wrong = [w for cl in clients for w in cl.wrong]
    cycles = sum(cl.cycles for cl in clients)

    check("every client completed at least one cycle over all five paths",
          all(cl.cycles >= 1 for cl in clients),
          "cycles per client: %s" % [cl.cycles for cl in clients])
    check("no unexpected error (%d)" % len(unexpected), not unexpected, "; ".join(unexpected[:8]))
    check("the deliberate errors raised exactly their SQLSTATE (55000 stale version, P0002 second delete)",
          set(expected) <= set(EXPECTED_ERRORS) and expected["55000"] > 0 and expected["P0002"] > 0
          and sum(expected.values()) == sum(errors.values()),
          "deliberate %s, all errors %s" % (dict(expected), dict(errors)))
    check("every result was right (%d checked calls)" % calls, not wrong, "; ".join(wrong[:8]))
    check("no client saw a NOTICE or WARNING it did not ask for, and every asked-for one came",
          not violations, "%d: %s" % (len(violations), "; ".join(violations[:8])))
    by_kind = collections.defaultdict(lambda: [0, 0])
    for cl in clients:
        by_kind[cl.kind][0] += cl.echo_seen
        by_kind[cl.kind][1] += cl.warnings_seen
    print("# echo NOTICEs / lazy-load WARNINGs received: "
          + ", ".join("%s %d / %d" % (k, e, w) for k, (e, w) in sorted(by_kind.items())))
    check("ALTER ROLE %s SET taskdb.echo = on reached that role's clients (through its own pool) and no other"
          % ROLE, by_kind["role"][0] > 0 and by_kind["plain"][0] == 0 and by_kind["quiet"][0] == 0)
    check("SET LOCAL taskdb.echo = on reached only the transactions that set it", by_kind["echo"][0] > 0)

    # what the catalog has that the load should have called: every
    # function of a path (not the description, model schema and
    # validation, migration and statistics helpers, nor the trigger)
    not_paths = {"schema_description", "schema_drift", "migration_status", "library_version",
                 "model_schema", "model_validate", "model_validate_json",
                 "path_statistics", "path_stats_reset", "bump_version"}
    catalog = {r[0] for r in direct.execute(
        "SELECT p.proname FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid "
        "WHERE d.classid = 'pg_proc'::regclass AND d.deptype = 'e' AND d.refclassid = 'pg_extension'::regclass "
        "AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'taskdb')").fetchall()}
    called = set().union(*(cl.called for cl in clients))
    missing = sorted(catalog - not_paths - called)
    check("the load called every path function of the catalog (%d)" % len(catalog - not_paths),
          not missing, "not called: %s" % missing)

    # transaction pooling really happened: at most 4 server connections per
    # pool, and a client's calls ran on more than one of them
    main_pids = set().union(*(cl.pids for cl in clients if cl.user == "postgres"))
    role_pids = set().union(*(cl.pids for cl in clients if cl.user == ROLE))
    check("postgres's pool used 2 to 4 server connections (default_pool_size 4): %d" % len(main_pids),
          2 <= len(main_pids) <= 4)
    check("%s's pool used its own 1 to 4 server connections: %d" % (ROLE, len(role_pids)),
          1 <= len(role_pids) <= 4 and not (role_pids & main_pids))
    check("clients moved between server connections (transaction mode)",
          any(len(cl.pids) > 1 for cl in clients),
          "server connections per client: %s" % [len(cl.pids) for cl in clients])

    # ---- path_stats: server-wide with shared_preload_libraries
    try:
        scope = direct.execute("SHOW taskdb.stats_scope").fetchone()[0]
    except psycopg.Error as e:
        scope = "error: " + str(e).splitlines()[0]
    check("SHOW taskdb.stats_scope is 'server' with shared_preload_libraries", scope == "server", "got " + scope)
    try:
        via_pool = clients[0].conn.execute("SHOW taskdb.stats_scope").fetchone()[0]
    except psycopg.Error as e:
        via_pool = "error: " + str(e).splitlines()[0]
    check("SHOW taskdb.stats_scope through the pooler is 'server'", via_pool == "server", "got " + via_pool)

    pid, tid = direct.execute("SELECT t.project_id, t.id FROM taskdb.tasks t JOIN taskdb.projects p "
                              "ON p.id = t.project_id WHERE p.name = 'seed 1' ORDER BY t.id LIMIT 1").fetchone()
    try:
        clients[3].conn.execute("SELECT taskdb.path_stats_reset()")
        readers = [direct] + [cl.conn for cl in clients]
        after_reset = [read_stats(c) for c in readers]
        check("after path_stats_reset() (through the pooler) every connection reads 0 calls per path",
              all(all(s.get(p) == 0 for p in PATHS) for s in after_reset),
              "; ".join(fmt(s) for s in after_reset[:4]))
        for cl in clients:
            cl.path_calls.clear()
        threads = [threading.Thread(target=cl.stats_round, args=(pid, tid)) for cl in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        made = sum((cl.path_calls for cl in clients), collections.Counter())
        want = {p: N_CLIENTS * STATS_ROUNDS * Client.STATS_PER_ROUND[p] for p in PATHS}
        check("the statistics round made the calls it meant to (%s)" % fmt(want), dict(made) == want, fmt(made))
        stop = time.monotonic() + 5
        while read_stats(direct) != want and time.monotonic() < stop:
            time.sleep(0.2)
        seen = [read_stats(c) for c in readers]
        check("taskdb.path_stats read directly shows exactly %s" % fmt(want), seen[0] == want, fmt(seen[0]))
        bad = [i for i, s in enumerate(seen[1:]) if s != want]
        check("taskdb.path_stats read through the pooler by each of the 16 clients shows the same",
              not bad, "clients %s read e.g. %s" % (bad, fmt(seen[1 + bad[0]]) if bad else ""))
    except psycopg.Error as e:
        notok("path_stats round: %s" % str(e).splitlines()[0])

    for cl in clients:
        cl.conn.close()

    # ---- a session-level SET leaks in transaction mode (documented)
    a = connect(dbname="leak")
    b = connect(dbname="leak")
    b_notices = []
    b.add_notice_handler(lambda d: b_notices.append(d.message_primary or ""))
    apid = a.execute("SELECT pg_backend_pid()").fetchone()[0]
    bpid = b.execute("SELECT pg_backend_pid()").fetchone()[0]
    check("the 'leak' pool has one server connection, shared by both clients", apid == bpid, "%s %s" % (apid, bpid))
    with a.transaction():
        a.execute("SET LOCAL taskdb.echo = on")
    b_notices.clear()
    echo_b = b.execute("SHOW taskdb.echo").fetchone()[0]
    b.execute("SELECT count(*) FROM taskdb.get_task(%s::bigint)", [tid]).fetchall()
    check("SET LOCAL taskdb.echo in a transaction does not reach the next client on the same server connection",
          echo_b == "off" and not b_notices, "SHOW gave %s, notices %s" % (echo_b, b_notices[:1]))
    a.execute("SET taskdb.echo = on")      # session level, outside a transaction
    b_notices.clear()
    echo_b = b.execute("SHOW taskdb.echo").fetchone()[0]
    b.execute("SELECT count(*) FROM taskdb.get_task(%s::bigint)", [tid]).fetchall()
    check("a session-level SET taskdb.echo = on by one client DOES reach another client in transaction mode",
          echo_b == "on" and any(n.startswith("taskdb: ") for n in b_notices),
          "SHOW gave %s, notices %s" % (echo_b, b_notices[:1]))
    a.execute("SET taskdb.lazy_load_warning = 0")
    b_notices.clear()
    b.execute("SELECT taskdb.project_tree(NULL, 'lazy') IS NOT NULL").fetchall()
    check("a session-level SET taskdb.lazy_load_warning = 0 by one client silences another's warning",
          not any(n == LAZY_WARNING for n in b_notices) and any(n.startswith("taskdb: ") for n in b_notices),
          "notices %s" % b_notices[:2])
    a.execute("RESET ALL")
    a.close()
    b.close()

    total_s = time.monotonic() - t0
    summary = ", ".join("%s=%d%s" % (s, n, " (expected: %s)" % EXPECTED_ERRORS[s] if s in EXPECTED_ERRORS else " (UNEXPECTED)")
                        for s, n in sorted(errors.items())) or "none"
    print("# %d checks, %d failed, %.1f s (load %.1f s)" % (checks, failures, total_s, load_s))
    print("pooler summary: %d calls by %d clients in %.1f s, %d cycles (%s); errors by SQLSTATE: %s; unexpected: %d"
          % (calls, N_CLIENTS, load_s, cycles, fmt(path_calls), summary, len(unexpected)), flush=True)
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
