-- contract-since: 1.6
--
-- Due dates and priorities as 1.6 defined them, for any access path:
--
--   create_task(title, project_id, due_at, priority): a NULL priority is
--     the default 0; a priority outside 0..3 is refused, and so is a due
--     date of +/-infinity;
--   update_task(..., due_at, clear_due_at, priority) sets only what is
--     given, clear_due_at => true sets due_at to NULL, and both together
--     are refused (22023); an update that changes nothing keeps the
--     version;
--   list_tasks(..., priority, due_before, due_after, overdue, order_by):
--     priority equal, due_at < due_before, due_at > due_after; overdue =>
--     true keeps the tasks due before now() and not done, false the others
--     (no due date, due from now on, or done); order_by is a column name,
--     optionally with "-" for descending, ties broken by id in the same
--     direction, a task without a due date as if due at infinity; in an
--     order other than id, after_id is a keyset cursor: the page starts
--     after that task in the order;
--   the views project_summary (overdue) and task_list (due_at, priority),
--     and project_report's overdue, agree with the path.
--
-- Every list here is compared with plain SQL over taskdb.tasks, which
-- states the contract.  The tasks it lists are in a project of their own,
-- so the rows that already exist (seeded, or kept by an upgrade) do not
-- matter, except where the whole table is listed and compared.  The path
-- comes from the psql variable "prefix" (see _setup.psql and run).
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off
\ir _setup.psql

BEGIN;
SELECT plan(121);
SELECT diag(format('due contract (1.6), path %L (prefix %L)', :'path', :'prefix'));

-- pages(list_tasks, args, lim): the ids of every page of lim rows that
-- list_tasks(args) gives when walked with its keyset cursor (after_id =>
-- the last id of the previous page), until a page is short
CREATE FUNCTION pg_temp.pages(fn text, args text, lim integer) RETURNS bigint[]
LANGUAGE plpgsql AS $fn$
DECLARE
	after bigint;
	page bigint[];
	result bigint[] := '{}';
BEGIN
	FOR i IN 1..100 LOOP
		EXECUTE format('SELECT array_agg(l.id ORDER BY l.ordinality) FROM %s(%s) WITH ORDINALITY l',
					   fn, concat_ws(', ', nullif(args, ''), 'after_id => $1', 'lim => $2'))
			INTO page USING after, lim;
		result := result || coalesce(page, '{}');
		IF coalesce(cardinality(page), 0) < lim THEN
			RETURN result;
		END IF;
		after := page[cardinality(page)];
	END LOOP;
	RAISE EXCEPTION 'pages: more than 100 pages';
END
$fn$;

-- ordered(order_by, condition): the ids of the tasks that meet the
-- condition, in the order order_by means by the contract
CREATE FUNCTION pg_temp.ordered(order_by text, cond text) RETURNS bigint[]
LANGUAGE plpgsql AS $fn$
DECLARE
	col text := ltrim(order_by, '-');
	dir text := CASE WHEN left(order_by, 1) = '-' THEN ' DESC' ELSE '' END;
	r bigint[];
BEGIN
	EXECUTE format('SELECT coalesce(array_agg(id ORDER BY %s%s, id%s), %L) FROM taskdb.tasks t WHERE %s',
				   CASE WHEN col = 'due_at' THEN $$coalesce(t.due_at, 'infinity')$$ ELSE 't.' || quote_ident(col) END,
				   dir, dir, '{}', cond)
		INTO r;
	RETURN r;
END
$fn$;

-- listed(args): the ids list_tasks(args) of this path returns, in order
CREATE FUNCTION pg_temp.listed(fn text, args text) RETURNS bigint[]
LANGUAGE plpgsql AS $fn$
DECLARE
	r bigint[];
BEGIN
	EXECUTE format('SELECT coalesce(array_agg(l.id ORDER BY l.ordinality), %L) FROM %s(%s) WITH ORDINALITY l',
				   '{}', fn, args)
		INTO r;
	RETURN r;
END
$fn$;

SELECT id AS p FROM :create_project('due contract') \gset

--------------------------------------------------------------------------
-- create_task(title, project_id, due_at, priority)
--------------------------------------------------------------------------
SELECT id AS c1, due_at = '2101-01-02 00:00:00+00' AS c1_due, priority AS c1_priority,
       version AS c1_version, project_id AS c1_project
FROM :create_task('due and priority', :p, '2101-01-02 00:00:00+00', 2::smallint) \gset
SELECT ok(:'c1_due'::boolean, 'create_task returns the due_at given');
SELECT is(:c1_priority::smallint, 2::smallint, 'create_task returns the priority given');
SELECT is(:c1_project::bigint, :p::bigint, 'create_task with due_at and priority keeps the project');
SELECT is(:c1_version, 1, 'create_task with due_at and priority returns version 1');
SELECT results_eq(format('SELECT title::text, due_at, priority FROM taskdb.tasks WHERE id = %s', :c1),
                  $$VALUES ('due and priority'::text, '2101-01-02 00:00:00+00'::timestamptz, 2::smallint)$$,
                  'create_task stored the due_at and the priority');

SELECT results_eq(format('SELECT due_at, priority FROM %s(%L, %s)', :'create_task', 'no due, default priority', :p),
                  'VALUES (NULL::timestamptz, 0::smallint)',
                  'create_task without due_at and priority: no due date, priority 0');
SELECT results_eq(format('SELECT due_at, priority FROM %s(%L, NULL, NULL, NULL)', :'create_task', 'nulls'),
                  'VALUES (NULL::timestamptz, 0::smallint)',
                  'create_task(due_at => NULL, priority => NULL): no due date, priority 0');
SELECT results_eq(format('SELECT due_at, priority FROM %s(%L, due_at => %L)', :'create_task', 'due only', '2101-01-02 02:00:00+02'),
                  $$VALUES ('2101-01-02 00:00:00+00'::timestamptz, 0::smallint)$$,
                  'create_task takes due_at by name');
SELECT results_eq(format('SELECT due_at, priority FROM %s(%L, priority => 3::smallint)', :'create_task', 'priority only'),
                  'VALUES (NULL::timestamptz, 3::smallint)',
                  'create_task takes priority by name');
SELECT results_eq(format('SELECT due_at, priority FROM %s(%L, NULL, %L, 0::smallint)', :'create_task', 'past', '2001-01-01 00:00:00+00'),
                  $$VALUES ('2001-01-01 00:00:00+00'::timestamptz, 0::smallint)$$,
                  'create_task accepts a due date in the past and priority 0');

SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format('SELECT %s(%L, priority => 4::smallint)', :'create_task', 'x'),
                 e.sqlstate, e.message, 'create_task(priority => 4) raises ' || e.sqlstate)
FROM pg_temp.input_error('task priority too high', '4', NULL) e;
SELECT is(pg_temp.error_of(format('SELECT %s(%L, %s, NULL, 4::smallint)', :'create_task', 'x', :p)), e.whole,
          'create_task: the priority error tells the value')
FROM pg_temp.input_error('task priority too high', '4', NULL) e;
SELECT throws_ok(format('SELECT %s(%L, priority => -1::smallint)', :'create_task', 'x'),
                 e.sqlstate, e.message, 'create_task(priority => -1) raises ' || e.sqlstate)
FROM pg_temp.input_error('task priority too low', '-1', NULL) e;
SELECT is(pg_temp.error_of(format('SELECT %s(%L, due_at => %L, priority => -1::smallint)', :'create_task', 'x', '2101-01-01')), e.whole,
          'create_task: the negative priority error tells the value')
FROM pg_temp.input_error('task priority too low', '-1', NULL) e;
SELECT is(pg_temp.error_of(format('SELECT %s(%L, priority => 32767::smallint)', :'create_task', 'x')), e.whole,
          'create_task(priority => 32767) is refused the same way')
FROM pg_temp.input_error('task priority too high', '32767', NULL) e;
SELECT throws_ok(format('SELECT %s(%L, due_at => %L)', :'create_task', 'x', 'infinity'),
                 e.sqlstate, e.message, 'create_task(due_at => infinity) raises ' || e.sqlstate)
FROM pg_temp.input_error('task due_at infinite', '"infinity"', NULL) e;
SELECT is(pg_temp.error_of(format('SELECT %s(%L, %s, %L)', :'create_task', 'x', :p, '-infinity')), e.whole,
          'create_task: a due date must be finite, and the error tells the value')
FROM pg_temp.input_error('task due_at infinite', '"-infinity"', NULL) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'create_task with a bad priority or an infinite due date wrote nothing');

--------------------------------------------------------------------------
-- update_task(..., due_at, clear_due_at, priority)
--------------------------------------------------------------------------
SELECT id AS u FROM :create_task('to update', :p) \gset

SELECT results_eq(format('SELECT title::text, due_at, priority, version FROM %s(%s, due_at => %L)',
                         :'update_task', :u, '2101-03-01 00:00:00+00'),
                  $$VALUES ('to update'::text, '2101-03-01 00:00:00+00'::timestamptz, 0::smallint, 2)$$,
                  'update_task(due_at) sets the due date, keeps the rest, bumps the version');
SELECT results_eq(format('SELECT due_at, priority, version FROM taskdb.tasks WHERE id = %s', :u),
                  $$VALUES ('2101-03-01 00:00:00+00'::timestamptz, 0::smallint, 2)$$,
                  'update_task(due_at) stored it');
SELECT is((SELECT version FROM :update_task(:u, due_at => '2101-03-01 01:00:00+01')), 2,
          'update_task setting the same due_at (another offset) keeps the version');
SELECT results_eq(format('SELECT due_at, priority, version FROM %s(%s, priority => 3::smallint)', :'update_task', :u),
                  $$VALUES ('2101-03-01 00:00:00+00'::timestamptz, 3::smallint, 3)$$,
                  'update_task(priority) sets the priority and keeps the due date');
SELECT is((SELECT version FROM :update_task(:u, priority => 3::smallint)), 3,
          'update_task setting the same priority keeps the version');
SELECT results_eq(format('SELECT due_at, priority, version FROM %s(%s)', :'update_task', :u),
                  $$VALUES ('2101-03-01 00:00:00+00'::timestamptz, 3::smallint, 3)$$,
                  'update_task(id) with nothing given changes nothing');
SELECT results_eq(format('SELECT due_at, priority, version FROM %s(%s, NULL, NULL, NULL, false, NULL, NULL, false, NULL)', :'update_task', :u),
                  $$VALUES ('2101-03-01 00:00:00+00'::timestamptz, 3::smallint, 3)$$,
                  'update_task with all nine arguments NULL or false changes nothing');
SELECT results_eq(format('SELECT title::text, due_at, priority, version FROM %s(%s, %L)', :'update_task', :u, 'renamed'),
                  $$VALUES ('renamed'::text, '2101-03-01 00:00:00+00'::timestamptz, 3::smallint, 4)$$,
                  'update_task(title) keeps the due date and the priority');
SELECT results_eq(format('SELECT done, project_id, due_at, priority, version FROM %s(%s, done => true, clear_project => true)', :'update_task', :u),
                  $$VALUES (true, NULL::bigint, '2101-03-01 00:00:00+00'::timestamptz, 3::smallint, 5)$$,
                  'update_task(done, clear_project) keeps the due date and the priority');
SELECT results_eq(format('SELECT due_at, priority, version FROM %s(%s, clear_due_at => true)', :'update_task', :u),
                  'VALUES (NULL::timestamptz, 3::smallint, 6)',
                  'update_task(clear_due_at => true) clears the due date and keeps the priority');
SELECT is((SELECT due_at FROM taskdb.tasks WHERE id = :u), NULL::timestamptz,
          'update_task(clear_due_at => true) stored it');
SELECT is((SELECT version FROM :update_task(:u, clear_due_at => true)), 6,
          'clearing a due date that is not there keeps the version');
SELECT results_eq(format('SELECT due_at, priority, version FROM %s(%s, clear_due_at => false)', :'update_task', :u),
                  'VALUES (NULL::timestamptz, 3::smallint, 6)',
                  'update_task(clear_due_at => false) leaves the due date');
SELECT results_eq(format('SELECT title::text, done, project_id, due_at, priority, version FROM %s(%s, %L, false, %s, false, 6, %L, false, 1::smallint)',
                         :'update_task', :u, 'all', :p, '2001-02-03 04:05:06+00'),
                  format($$VALUES ('all'::text, false, %s::bigint, '2001-02-03 04:05:06+00'::timestamptz, 1::smallint, 7)$$, :p),
                  'update_task takes due_at, clear_due_at and priority as the 7th to 9th positional arguments');
SELECT results_eq(format('SELECT due_at, priority, version FROM %s(%s, priority => 0::smallint, clear_due_at => true, expected_version => 7)', :'update_task', :u),
                  'VALUES (NULL::timestamptz, 0::smallint, 8)',
                  'update_task clears the due date and sets the priority with a matching expected_version');

SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format('SELECT %s(%s, due_at => %L, clear_due_at => true)', :'update_task', :u, '2101-01-01'),
                 '22023', format('cannot both set and clear the due_at of task %s', :u),
                 'update_task with due_at and clear_due_at => true raises 22023');
SELECT is(pg_temp.error_of(format('SELECT %s(%s, due_at => %L, clear_due_at => true)', :'update_task', :u, '2101-01-01')),
          format('22023: cannot both set and clear the due_at of task %s | detail: - | hint: Pass due_at or clear_due_at => true, not both.', :u),
          'update_task: the set-and-clear error hints at the fix');
SELECT throws_ok(format('SELECT %s(%s, due_at => %L, clear_due_at => true, expected_version => 1)', :'update_task', :u, '2101-01-01'),
                 '22023', format('cannot both set and clear the due_at of task %s', :u),
                 'update_task with due_at, clear_due_at and a stale expected_version raises 22023');
SELECT throws_ok(format('SELECT %s(999999999, due_at => %L, clear_due_at => true)', :'update_task', '2101-01-01'),
                 '22023', 'cannot both set and clear the due_at of task 999999999',
                 'update_task of an unknown task with due_at and clear_due_at raises 22023');
SELECT throws_ok(format('SELECT %s(%s, clear_due_at => NULL)', :'update_task', :u),
                 '22004', 'clear_due_at must not be null',
                 'update_task(clear_due_at => NULL) raises 22004');
SELECT throws_ok(format('SELECT %s(%s, priority => 4::smallint)', :'update_task', :u),
                 e.sqlstate, e.message, 'update_task(priority => 4) raises ' || e.sqlstate)
FROM pg_temp.input_error('new task priority too high', '4', NULL) e;
SELECT is(pg_temp.error_of(format('SELECT %s(%s, priority => 4::smallint)', :'update_task', :u)), e.whole,
          'update_task: the priority error tells the value')
FROM pg_temp.input_error('new task priority too high', '4', NULL) e;
SELECT is(pg_temp.error_of(format('SELECT %s(%s, done => true, priority => -1::smallint)', :'update_task', :u)), e.whole,
          'update_task: the negative priority error tells the value')
FROM pg_temp.input_error('new task priority too low', '-1', NULL) e;
SELECT throws_ok(format('SELECT %s(%s, due_at => %L)', :'update_task', :u, 'infinity'),
                 e.sqlstate, e.message, 'update_task(due_at => infinity) raises ' || e.sqlstate)
FROM pg_temp.input_error('new task due_at infinite', '"infinity"', NULL) e;
SELECT is(pg_temp.error_of(format('SELECT %s(%s, due_at => %L, priority => 1::smallint)', :'update_task', :u, '-infinity')), e.whole,
          'update_task: a due date must be finite, and the error tells the value')
FROM pg_temp.input_error('new task due_at infinite', '"-infinity"', NULL) e;
SELECT throws_ok(format('SELECT %s(999999999, priority => 9::smallint)', :'update_task'),
                 e.sqlstate, e.message, 'update_task of an unknown task with a bad priority reports the priority')
FROM pg_temp.input_error('new task priority too high', '9', NULL) e;
SELECT throws_ok(format('SELECT %s(999999999, priority => 2::smallint)', :'update_task'),
                 'P0002', 'task 999999999 does not exist',
                 'update_task(priority) of an unknown task raises P0002');
SELECT throws_ok(format('SELECT %s(999999999, clear_due_at => true)', :'update_task'),
                 'P0002', 'task 999999999 does not exist',
                 'update_task(clear_due_at => true) of an unknown task raises P0002');
SELECT throws_ok(format('SELECT %s(%s, due_at => %L, expected_version => 1)', :'update_task', :u, '2101-01-01'),
                 :'stale_code', format('task %s is at version 8, not the expected version 1', :u),
                 'update_task(due_at) with a stale expected_version raises ' || :'stale_code');
SELECT throws_ok(format('SELECT %s(%s, clear_due_at => true, priority => 1::smallint, expected_version => 1)', :'update_task', :u),
                 :'stale_code', format('task %s is at version 8, not the expected version 1', :u),
                 'update_task(clear_due_at, priority) with a stale expected_version raises ' || :'stale_code');
SELECT is(pg_temp.fingerprint(), :'fp', 'those failed updates wrote nothing');

--------------------------------------------------------------------------
-- list_tasks: the data set
--------------------------------------------------------------------------
-- Nine tasks in a project of their own, with ties in every order: the
-- titles come in pairs, created_at is the same for all (the transaction
-- time), due dates repeat and three have none, priorities repeat.
-- Overdue (due before now, not done): d and g; c is due in the past but
-- done.
SELECT id AS q FROM :create_project('due lists') \gset
CREATE TEMP TABLE d (name text PRIMARY KEY, id bigint);
INSERT INTO d SELECT 'a', id FROM :create_task('t2', :q, '2101-01-02 00:00:00+00', 2::smallint);
INSERT INTO d SELECT 'b', id FROM :create_task('t1', :q, NULL, 1::smallint);
INSERT INTO d SELECT 'c', id FROM :create_task('t3', :q, '2001-01-01 00:00:00+00', 3::smallint);
INSERT INTO d SELECT 'd', id FROM :create_task('t1', :q, '2001-01-01 00:00:00+00', 2::smallint);
INSERT INTO d SELECT 'e', id FROM :create_task('t4', :q, '2101-01-02 00:00:00+00', 0::smallint);
INSERT INTO d SELECT 'f', id FROM :create_task('t5', :q, NULL, 2::smallint);
INSERT INTO d SELECT 'g', id FROM :create_task('t2', :q, '2001-01-03 00:00:00+00', 0::smallint);
INSERT INTO d SELECT 'h', id FROM :create_task('t6', :q, NULL, 3::smallint);
INSERT INTO d SELECT 'i', id FROM :create_task('t3', :q, '2101-01-01 00:00:00+00', 1::smallint);
SELECT id AS c FROM d WHERE name = 'c' \gset
SELECT id AS h FROM d WHERE name = 'h' \gset
SELECT done FROM :update_task(:c, done => true) \g /dev/null
SELECT done FROM :update_task(:h, done => true) \g /dev/null
SELECT format('t.project_id = %s', :q) AS inq \gset

SELECT is((SELECT array_agg(name ORDER BY name) FROM d
           JOIN taskdb.tasks t USING (id) WHERE t.due_at < now() AND NOT t.done),
          '{d,g}'::text[], 'the data set: d and g are overdue');

--------------------------------------------------------------------------
-- list_tasks: each filter
--------------------------------------------------------------------------
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, priority => 2::smallint', :q)),
          pg_temp.ordered('id', :'inq' || ' AND t.priority = 2'),
          'list_tasks(priority) keeps the tasks of that priority');
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, priority => 0::smallint', :q)),
          (SELECT array_agg(id ORDER BY id) FROM d WHERE name IN ('e', 'g')),
          'list_tasks(priority => 0) keeps e and g');
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, priority => 3::smallint, done => false', :q)),
          '{}'::bigint[],
          'list_tasks(priority => 3, done => false): none');
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, due_before => %L', :q, '2101-01-01 00:00:00+00')),
          pg_temp.ordered('id', :'inq' || $$ AND t.due_at < '2101-01-01 00:00:00+00'$$),
          'list_tasks(due_before) keeps the tasks due before it, not on it, nor those without a due date');
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, due_after => %L', :q, '2101-01-01 00:00:00+00')),
          pg_temp.ordered('id', :'inq' || $$ AND t.due_at > '2101-01-01 00:00:00+00'$$),
          'list_tasks(due_after) keeps the tasks due after it, not on it, nor those without a due date');
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, due_after => %L, due_before => %L', :q,
                                               '2001-01-01 00:00:00+00', '2101-01-02 00:00:00+00')),
          (SELECT array_agg(id ORDER BY id) FROM d WHERE name IN ('g', 'i')),
          'list_tasks(due_after, due_before) keeps the tasks due between them: g and i');
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, due_before => %L', :q, '2001-01-01 00:00:00+00')),
          '{}'::bigint[],
          'list_tasks(due_before) of the earliest due date: none');
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, overdue => true', :q)),
          (SELECT array_agg(id ORDER BY id) FROM d WHERE name IN ('d', 'g')),
          'list_tasks(overdue => true) keeps d and g');
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, overdue => false', :q)),
          (SELECT array_agg(id ORDER BY id) FROM d WHERE name NOT IN ('d', 'g')),
          'list_tasks(overdue => false) keeps the others: no due date, due later, or done');
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, overdue => false, done => false', :q)),
          (SELECT array_agg(id ORDER BY id) FROM d WHERE name IN ('a', 'b', 'e', 'f', 'i')),
          'list_tasks(overdue => false, done => false) keeps the open tasks not yet due');
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, overdue => true, priority => 2::smallint', :q)),
          (SELECT array_agg(id ORDER BY id) FROM d WHERE name = 'd'),
          'list_tasks(overdue, priority) combines them');
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, overdue => NULL, priority => NULL, due_before => NULL, due_after => NULL', :q)),
          pg_temp.ordered('id', :'inq'),
          'list_tasks with the 1.6 filters NULL filters nothing');
SELECT is(pg_temp.listed(:'list_tasks', format('false, NULL, 100, %s, 2::smallint, %L, %L, false, %L', :q,
                                               '2101-01-03 00:00:00+00', '2001-01-01 00:00:00+00', 'priority')),
          (SELECT array_agg(id ORDER BY id) FROM d WHERE name = 'a'),
          'list_tasks takes priority, due_before, due_after, overdue and order_by as the 5th to 9th positional arguments');
SELECT is(pg_temp.listed(:'list_tasks', 'overdue => true, lim => 1000'),
          pg_temp.ordered('id', 't.due_at < now() AND NOT t.done'),
          'list_tasks(overdue => true) over the whole table');
SELECT is(pg_temp.listed(:'list_tasks', 'overdue => false, lim => 1000'),
          pg_temp.ordered('id', 't.due_at IS NULL OR t.due_at >= now() OR t.done'),
          'list_tasks(overdue => false) over the whole table');

-- due exactly now (this transaction's time) is not overdue yet.  On the
-- router each partition call is its own transaction, and overdue compares
-- with the partition's time of the call: a task due at this transaction's
-- start is overdue by the time it is listed, one due an hour later not.
\if :router
SELECT id AS nowtask FROM :create_task('due now', :p, now()) \gset
SELECT id AS latertask FROM :create_task('due in an hour', :p, clock_timestamp() + interval '1 hour') \gset
SELECT ok(:nowtask = ANY (pg_temp.listed(:'list_tasks', format('project_id => %s, overdue => true', :p)))
          AND :latertask <> ALL (pg_temp.listed(:'list_tasks', format('project_id => %s, overdue => true', :p))),
          'overdue compares with the partition''s time of the call (router): due at this transaction''s start is overdue, due in an hour not');
SELECT ok(:latertask = ANY (pg_temp.listed(:'list_tasks', format('project_id => %s, overdue => false', :p)))
          AND :nowtask <> ALL (pg_temp.listed(:'list_tasks', format('project_id => %s, overdue => false', :p))),
          'overdue => false lists the task due in an hour, not the one due at this transaction''s start (router)');
\else
SELECT id AS nowtask FROM :create_task('due now', :p, now()) \gset
SELECT ok(:nowtask <> ALL (pg_temp.listed(:'list_tasks', format('project_id => %s, overdue => true', :p))),
          'a task due exactly now is not overdue');
SELECT ok(:nowtask = ANY (pg_temp.listed(:'list_tasks', format('project_id => %s, overdue => false', :p))),
          'a task due exactly now is listed by overdue => false');
\endif

--------------------------------------------------------------------------
-- list_tasks: each order, and the keyset cursor in it
--------------------------------------------------------------------------
CREATE TEMP TABLE orders (n serial, o text);
INSERT INTO orders (o) VALUES ('id'), ('-id'), ('title'), ('-title'), ('created_at'), ('-created_at'),
	('due_at'), ('-due_at'), ('priority'), ('-priority');

SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L', :q, o.o)),
          pg_temp.ordered(o.o, :'inq'),
          format('list_tasks(order_by => %L) orders by it, then by id', o.o))
FROM orders o ORDER BY o.n;
SELECT is(pg_temp.pages(:'list_tasks', format('project_id => %s, order_by => %L', :q, o.o), 2),
          pg_temp.ordered(o.o, :'inq'),
          format('list_tasks(order_by => %L): pages of 2 walked by after_id give the whole order', o.o))
FROM orders o ORDER BY o.n;

-- the order in words, for the nullable column
SELECT is((SELECT array_agg(name ORDER BY ord) FROM d
           JOIN unnest(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L', :q, 'due_at'))) WITH ORDINALITY l(id, ord) USING (id)),
          '{c,d,g,i,a,e,b,f,h}'::text[],
          'list_tasks(order_by => due_at): earliest first, ties by id, no due date last');
SELECT is((SELECT array_agg(name ORDER BY ord) FROM d
           JOIN unnest(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L', :q, '-due_at'))) WITH ORDINALITY l(id, ord) USING (id)),
          '{h,f,b,e,a,i,g,d,c}'::text[],
          'list_tasks(order_by => -due_at): no due date first, then latest first, ties by id descending');
SELECT is((SELECT array_agg(name ORDER BY ord) FROM d
           JOIN unnest(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L', :q, '-priority'))) WITH ORDINALITY l(id, ord) USING (id)),
          '{h,c,f,d,a,i,b,g,e}'::text[],
          'list_tasks(order_by => -priority): highest first, ties by id descending');

-- single pages
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L, after_id => %s, lim => 3', :q, 'due_at', d.id)),
          (SELECT array_agg(id ORDER BY array_position('{i,a,e}', name)) FROM d WHERE name IN ('i', 'a', 'e')),
          'list_tasks(order_by => due_at) after g: i, a, e')
FROM d WHERE name = 'g';
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L, after_id => %s, lim => 3', :q, 'due_at', d.id)),
          (SELECT array_agg(id ORDER BY array_position('{e,b,f}', name)) FROM d WHERE name IN ('e', 'b', 'f')),
          'list_tasks(order_by => due_at) after a, which ties with e: e, then those without a due date')
FROM d WHERE name = 'a';
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L, after_id => %s', :q, 'due_at', d.id)),
          (SELECT array_agg(id ORDER BY id) FROM d WHERE name IN ('f', 'h')),
          'list_tasks(order_by => due_at) after b, which has no due date: the others without one, by id')
FROM d WHERE name = 'b';
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L, after_id => %s, lim => 2', :q, '-due_at', d.id)),
          (SELECT array_agg(id ORDER BY array_position('{b,e}', name)) FROM d WHERE name IN ('b', 'e')),
          'list_tasks(order_by => -due_at) after f, which has no due date: b, then the latest due')
FROM d WHERE name = 'f';
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L, after_id => %s', :q, '-due_at', d.id)),
          '{}'::bigint[],
          'list_tasks(order_by => -due_at) after the earliest due task: none')
FROM d WHERE name = 'c';
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L, after_id => %s, lim => 3', :q, 'priority', d.id)),
          (SELECT array_agg(id ORDER BY array_position('{d,f,c}', name)) FROM d WHERE name IN ('d', 'f', 'c')),
          'list_tasks(order_by => priority) after a, which ties with d and f: d, f, then priority 3')
FROM d WHERE name = 'a';
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L, after_id => %s, lim => 2', :q, 'created_at', d.id)),
          (SELECT array_agg(id ORDER BY id) FROM d WHERE name IN ('f', 'g')),
          'list_tasks(order_by => created_at) with every created_at the same: after the cursor by id')
FROM d WHERE name = 'e';
-- the cursor marks a place in the order, whatever the filters keep
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L, after_id => %s, done => false', :q, 'due_at', :c)),
          (SELECT array_agg(id ORDER BY array_position('{d,g,i,a,e,b,f}', name)) FROM d WHERE name IN ('d', 'g', 'i', 'a', 'e', 'b', 'f')),
          'list_tasks(done => false, order_by => due_at) after c, which is done: from d on');
SELECT is(pg_temp.pages(:'list_tasks', format('project_id => %s, order_by => %L, overdue => false', :q, '-due_at'), 3),
          pg_temp.ordered('-due_at', :'inq' || ' AND (t.due_at IS NULL OR t.due_at >= now() OR t.done)'),
          'list_tasks(overdue => false, order_by => -due_at): pages of 3 give the whole order');
SELECT is(pg_temp.pages(:'list_tasks', format('project_id => %s, order_by => %L, priority => 2::smallint', :q, 'title'), 1),
          pg_temp.ordered('title', :'inq' || ' AND t.priority = 2'),
          'list_tasks(priority => 2, order_by => title): pages of 1 give the whole order');
-- the whole table, rows that existed before included
SELECT is(pg_temp.pages(:'list_tasks', format('order_by => %L', 'due_at'), 4),
          pg_temp.ordered('due_at', 'true'),
          'list_tasks(order_by => due_at) over the whole table, in pages of 4');
SELECT is(pg_temp.pages(:'list_tasks', format('order_by => %L', '-priority'), 5),
          pg_temp.ordered('-priority', 'true'),
          'list_tasks(order_by => -priority) over the whole table, in pages of 5');
SELECT results_eq(format('SELECT * FROM %s(project_id => %s, order_by => %L)', :'list_tasks', :q, '-due_at'),
                  format($$SELECT * FROM taskdb.tasks t WHERE t.project_id = %s ORDER BY coalesce(t.due_at, 'infinity') DESC, t.id DESC$$, :q),
                  'list_tasks in another order returns whole rows');

-- a cursor task that is gone: in id order the page starts after its id,
-- in any other order it is empty
SELECT max(id) + 1000 AS gone FROM taskdb.tasks \gset
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L, after_id => %s', :q, '-id', :gone)),
          pg_temp.ordered('-id', :'inq'),
          'list_tasks(order_by => -id) after an id above every task: all of them');
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L, after_id => %s', :q, 'due_at', :gone)),
          '{}'::bigint[],
          'list_tasks(order_by => due_at) after a task that does not exist: none');
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, order_by => %L, after_id => %s', :q, '-priority', :gone)),
          '{}'::bigint[],
          'list_tasks(order_by => -priority) after a task that does not exist: none');

-- errors
SELECT throws_ok(format('SELECT * FROM %s(order_by => NULL)', :'list_tasks'),
                 '22004', 'order_by must not be null',
                 'list_tasks(order_by => NULL) raises 22004');
SELECT throws_ok(format('SELECT * FROM %s(order_by => %L)', :'list_tasks', o),
                 e.sqlstate, e.message,
                 format('list_tasks(order_by => %L) raises %s', o, e.sqlstate))
FROM unnest(ARRAY['due', 'Due_at', '--id', '+priority', '', 'version']) o,
     pg_temp.input_error('task order unknown', NULL, NULL) e;

--------------------------------------------------------------------------
-- the views and project_report agree with the path
--------------------------------------------------------------------------
SELECT is((SELECT overdue FROM taskdb.project_summary WHERE id = :q),
          cardinality(pg_temp.listed(:'list_tasks', format('project_id => %s, overdue => true', :q)))::bigint,
          'project_summary.overdue counts the tasks list_tasks(overdue => true) lists');
SELECT is((SELECT overdue FROM taskdb.project_report(jsonb_build_object('project_id', :q))),
          2::bigint, 'project_report counts the overdue tasks');
SELECT is((SELECT overdue FROM taskdb.project_report(jsonb_build_object('project_id', :q, 'priority', 0))),
          1::bigint, 'project_report counts the overdue tasks that match its filter');
SELECT results_eq(format('SELECT id, due_at, priority FROM taskdb.task_list WHERE project_id = %s ORDER BY id', :q),
                  format('SELECT id, due_at, priority FROM %s(project_id => %s)', :'list_tasks', :q),
                  'task_list shows each task''s due_at and priority');

-- marking an overdue task done, or moving its due date, ends it
SELECT done FROM :update_task((SELECT id FROM d WHERE name = 'd'), done => true) \g /dev/null
SELECT version FROM :update_task((SELECT id FROM d WHERE name = 'g'), clear_due_at => true) \g /dev/null
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, overdue => true', :q)), '{}'::bigint[],
          'a done task, or one without a due date, is not overdue');
SELECT is((SELECT overdue FROM taskdb.project_summary WHERE id = :q), 0::bigint,
          'project_summary.overdue follows');
SELECT version FROM :update_task((SELECT id FROM d WHERE name = 'a'), due_at => '2001-06-01 00:00:00+00') \g /dev/null
SELECT is(pg_temp.listed(:'list_tasks', format('project_id => %s, overdue => true', :q)),
          (SELECT array_agg(id) FROM d WHERE name = 'a'),
          'a task whose due date moves into the past is overdue');
SELECT is((SELECT overdue FROM taskdb.project_report(jsonb_build_object('project_id', :q))), 1::bigint,
          'project_report follows');

\if :router
SELECT diag(pg_temp.router_cleanup());
\endif
SELECT * FROM finish();
ROLLBACK;
