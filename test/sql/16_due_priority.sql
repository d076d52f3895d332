--
-- 16_due_priority: the due dates and priorities of 1.6, on every path
-- (canonical taskdb.x and raw_, builder_, orm_; model_ with JSON).
--
--   - create_task(title, project_id, due_at, priority): NULL priority is
--     the default 0, a priority outside 0..3 is refused (23514 on the SQL
--     paths, a 22023 validation error on the model path), and so is a due
--     date of +/-infinity (22023 on every path);
--   - update_task(..., due_at, clear_due_at, priority) sets only what is
--     given; clear_due_at => true clears due_at; both is 22023;
--     model_update_task clears with {"due_at": null};
--   - list_tasks(..., priority, due_before, due_after, overdue, order_by):
--     each filter, each order ascending and descending, and the keyset
--     cursor in every order (ties broken by id; no due date sorts as if
--     due at infinity); the same through find_tasks and model_list_tasks;
--   - project_report's and project_summary's overdue count, task_list's
--     new columns.
--
-- Timestamps are fixed.  Overdue means "due before now() and not done",
-- so every due date here is far in the past (2001) or far in the future
-- (2101), or now() itself inside one transaction.  Results show only the
-- columns they assert on; created_at is shown only where it was set.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
\set SHOW_CONTEXT never
SET TimeZone = 'UTC';
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;

-- outcome(sql): 'ok', or the error of running sql, whole:
-- "SQLSTATE: message | detail | hint" (a part that is absent is left out),
-- with the orderable columns and the columns' filter keys shown as
-- placeholders when they are the described ones (test/described.sql)
CREATE FUNCTION pg_temp.outcome(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	detail text;
	hint text;
BEGIN
	EXECUTE sql;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
	RETURN SQLSTATE || ': ' || pg_temp.described_message(SQLERRM) || coalesce(' | ' || nullif(detail, ''), '')
		|| coalesce(' | hint: ' || pg_temp.described_message(nullif(hint, '')), '');
END
$$;

-- ids(prefix, args): the ids that taskdb.<prefix>list_tasks(args) returns,
-- in its order ("-" for none), or its error
CREATE FUNCTION pg_temp.ids(p text, args text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	r text;
BEGIN
	EXECUTE format('SELECT string_agg(l.id::text, %L ORDER BY l.ordinality)
					FROM taskdb.%I(%s) WITH ORDINALITY l', ',', p || 'list_tasks', args)
		INTO r;
	RETURN coalesce(r, '-');
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

-- jids(fn, query): the same for find_tasks and model_list_tasks
CREATE FUNCTION pg_temp.jids(fn text, q jsonb) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	r text;
BEGIN
	IF fn = 'find_tasks' THEN
		SELECT string_agg(f.id::text, ',' ORDER BY f.ordinality) INTO r
		FROM taskdb.find_tasks(q) WITH ORDINALITY f;
	ELSE
		SELECT string_agg((e.v ->> 'id'), ',' ORDER BY e.n) INTO r
		FROM jsonb_array_elements(taskdb.model_list_tasks(q)) WITH ORDINALITY e(v, n);
	END IF;
	RETURN coalesce(r, '-');
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

-- pages(prefix, args, lim): every page of lim rows, walked with the keyset
-- cursor (after_id => the last id of the previous page) until a page is
-- short: "4,7 | 3,1 | 9".  prefix 'find_tasks' or 'model_list_tasks'
-- walks that function with args as its JSON query ("after", "limit").
CREATE FUNCTION pg_temp.pages(p text, args text, lim integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	after bigint;
	page bigint[];
	result text[] := '{}';
BEGIN
	FOR i IN 1..20 LOOP
		IF p = 'find_tasks' THEN
			SELECT array_agg(f.id ORDER BY f.ordinality) INTO page
			FROM taskdb.find_tasks(args::jsonb || jsonb_strip_nulls(jsonb_build_object('after', after, 'limit', lim)))
				 WITH ORDINALITY f;
		ELSIF p = 'model_list_tasks' THEN
			SELECT array_agg((e.v ->> 'id')::bigint ORDER BY e.n) INTO page
			FROM jsonb_array_elements(taskdb.model_list_tasks(args::jsonb ||
					jsonb_strip_nulls(jsonb_build_object('after', after, 'limit', lim))))
				 WITH ORDINALITY e(v, n);
		ELSE
			EXECUTE format('SELECT array_agg(l.id ORDER BY l.ordinality)
							FROM taskdb.%I(%s) WITH ORDINALITY l', p || 'list_tasks',
						   concat_ws(', ', nullif(args, ''), 'after_id => $1', 'lim => $2'))
				INTO page USING after, lim;
		END IF;
		IF page IS NOT NULL THEN
			result := result || array_to_string(page, ',');
		END IF;
		EXIT WHEN coalesce(cardinality(page), 0) < lim;
		after := page[cardinality(page)];
	END LOOP;
	RETURN coalesce(nullif(array_to_string(result, ' | '), ''), '-');
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

CREATE TEMP TABLE paths (p text, ord integer);
INSERT INTO paths VALUES ('', 1), ('raw_', 2), ('builder_', 3), ('orm_', 4);

SELECT id, name FROM taskdb.create_project('p1');

--------------------------------------------------------------------------
-- create_task with due_at and priority
--------------------------------------------------------------------------
-- canonical: positional, named, each alone, both, neither
SELECT id, title, project_id, due_at, priority, version
FROM taskdb.create_task('canon both', 1, '2101-03-04 05:06:07+00', 2::smallint);
SELECT id, title, project_id, due_at, priority, version
FROM taskdb.create_task('canon due only', due_at => '2101-03-04 07:06:07+02');
SELECT id, title, project_id, due_at, priority, version
FROM taskdb.create_task('canon priority only', priority => 3::smallint);
SELECT id, title, project_id, due_at, priority, version
FROM taskdb.create_task('canon nulls', NULL, NULL, NULL);
SELECT id, title, project_id, due_at, priority, version
FROM taskdb.create_task('canon 1.5 call', 1);
-- the edges of the range; a date in the past is accepted
SELECT id, title, due_at, priority FROM taskdb.create_task('canon 0', due_at => '2001-01-01 00:00:00+00', priority => 0::smallint);
SELECT id, title, due_at, priority FROM taskdb.create_task('canon 3', priority => 3::smallint);
-- raw_
SELECT id, title, project_id, due_at, priority, version
FROM taskdb.raw_create_task('raw both', 1, '2101-03-04 05:06:07+00', 1::smallint);
SELECT id, title, project_id, due_at, priority, version
FROM taskdb.raw_create_task('raw nulls', NULL, NULL, NULL);
SELECT id, title, project_id, due_at, priority, version
FROM taskdb.raw_create_task('raw priority only', priority => 2::smallint);
-- builder_
SELECT id, title, project_id, due_at, priority, version
FROM taskdb.builder_create_task('builder both', 1, '2101-03-04 05:06:07+00', 3::smallint);
SELECT id, title, project_id, due_at, priority, version
FROM taskdb.builder_create_task('builder nulls', NULL, NULL, NULL);
SELECT id, title, project_id, due_at, priority, version
FROM taskdb.builder_create_task('builder due only', due_at => '2001-06-07 08:09:10+00');
-- orm_
SELECT id, title, project_id, due_at, priority, version
FROM taskdb.orm_create_task('orm both', 1, '2101-03-04 05:06:07+00', 2::smallint);
SELECT id, title, project_id, due_at, priority, version
FROM taskdb.orm_create_task('orm nulls', NULL, NULL, NULL);
SELECT id, title, project_id, due_at, priority, version
FROM taskdb.orm_create_task('orm priority only', priority => 1::smallint);
-- model_: absent keys take the defaults; due_at may be null; an offset is
-- normalized
SELECT r ->> 'id' AS id, r ->> 'title' AS title, r -> 'project_id' AS project_id,
	   r -> 'due_at' AS due_at, r -> 'priority' AS priority, r -> 'version' AS version
FROM taskdb.model_create_task('{"title": "model both", "project_id": 1, "due_at": "2101-03-04T07:06:07+02:00", "priority": 3}') r;
SELECT r ->> 'id' AS id, r ->> 'title' AS title, r -> 'due_at' AS due_at, r -> 'priority' AS priority
FROM taskdb.model_create_task('{"title": "model defaults"}') r;
SELECT r ->> 'id' AS id, r ->> 'title' AS title, r -> 'due_at' AS due_at, r -> 'priority' AS priority
FROM taskdb.model_create_task('{"title": "model due null", "due_at": null, "priority": 0}') r;
-- what every path stored
SELECT id, title, project_id, due_at, priority, version FROM taskdb.tasks ORDER BY id;

-- a priority outside 0..3: 23514 on the SQL paths, nothing written
SELECT count(*) AS tasks_before FROM taskdb.tasks;
SELECT taskdb.create_task('bad', NULL, NULL, 4::smallint);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.create_task('bad', priority => -1::smallint);
\echo SQLSTATE :SQLSTATE
SELECT p,
	   pg_temp.outcome(format('SELECT taskdb.%screate_task(%L, priority => 4::smallint)', p, 'bad')) AS four,
	   pg_temp.outcome(format('SELECT taskdb.%screate_task(%L, 1, %L, -1::smallint)', p, 'bad', '2101-01-01')) AS minus_one,
	   pg_temp.outcome(format('SELECT taskdb.%screate_task(%L, priority => 32767::smallint)', p, 'bad')) AS max_smallint
FROM paths ORDER BY ord;
-- the arguments are checked in their order, before anything is looked up:
-- an empty title first, a bad priority before an unknown project
SELECT p, pg_temp.outcome(format('SELECT taskdb.%screate_task(%L, priority => 4::smallint)', p, '')) AS empty_title,
	   pg_temp.outcome(format('SELECT taskdb.%screate_task(%L, 999, NULL, 4::smallint)', p, 'x')) AS unknown_project
FROM paths ORDER BY ord;
-- a due date must be a finite date and time: 22023 on every path (due_at
-- comes before priority, so it is reported first)
SELECT taskdb.create_task('bad', NULL, 'infinity');
\echo SQLSTATE :SQLSTATE
SELECT p,
	   pg_temp.outcome(format('SELECT taskdb.%screate_task(%L, due_at => %L)', p, 'bad', 'infinity')) AS infinity,
	   pg_temp.outcome(format('SELECT taskdb.%screate_task(%L, 1, %L, 9::smallint)', p, 'bad', '-infinity')) AS minus_infinity_before_bad_priority
FROM paths ORDER BY ord;
-- model_: a 22023 validation error, every error of the body at once
SELECT taskdb.model_create_task('{"title": "bad", "priority": 4}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.model_create_task('{"title": "bad", "priority": -1}');
\echo SQLSTATE :SQLSTATE
SELECT pg_temp.outcome($$SELECT taskdb.model_create_task('{"title": "bad", "priority": null}')$$) AS priority_null;
SELECT pg_temp.outcome($$SELECT taskdb.model_create_task('{"title": "bad", "priority": "1"}')$$) AS priority_string;
SELECT pg_temp.outcome($$SELECT taskdb.model_create_task('{"title": "bad", "priority": 1.5}')$$) AS priority_fraction;
SELECT pg_temp.outcome($$SELECT taskdb.model_create_task('{"title": "bad", "due_at": "2101-02-30T00:00:00Z"}')$$) AS due_bad_date;
SELECT pg_temp.outcome($$SELECT taskdb.model_create_task('{"title": "bad", "due_at": "infinity"}')$$) AS due_infinity;
SELECT pg_temp.outcome($$SELECT taskdb.model_create_task('{"title": "bad", "due_at": 20260101}')$$) AS due_number;
SELECT pg_temp.outcome($$SELECT taskdb.model_create_task('{"title": "", "due_at": "x", "priority": 9}')$$) AS three_errors;
SELECT count(*) AS tasks_after FROM taskdb.tasks;

--------------------------------------------------------------------------
-- update_task: set due_at, clear it, set priority, nothing given
--------------------------------------------------------------------------
TRUNCATE taskdb.tasks RESTART IDENTITY;
-- one task per path: 1 canonical, 2 raw_, 3 builder_, 4 orm_, 5 model_
INSERT INTO taskdb.tasks (title, project_id)
SELECT 'task ' || p, 1 FROM unnest(ARRAY['canonical', 'raw_', 'builder_', 'orm_', 'model_']) p;
-- set due_at: the version goes up, nothing else changes
SELECT id, title, done, project_id, due_at, priority, version
FROM taskdb.update_task(1, due_at => '2101-05-06 07:08:09+00');
SELECT p, pg_temp.outcome(format('SELECT taskdb.%supdate_task(%s, due_at => %L)', p, ord, '2101-05-06 07:08:09+00'))
FROM paths WHERE ord > 1 ORDER BY ord;
SELECT r -> 'due_at' AS due_at, r -> 'priority' AS priority, r -> 'version' AS version
FROM taskdb.model_update_task(5, '{"due_at": "2101-05-06T07:08:09Z"}') r;
SELECT id, title, done, project_id, due_at, priority, version FROM taskdb.tasks ORDER BY id;
-- the same due_at again: no change, so no new version
SELECT p, pg_temp.outcome(format('SELECT taskdb.%supdate_task(%s, due_at => %L)', p, ord, '2101-05-06 09:08:09+02'))
FROM paths ORDER BY ord;
SELECT r -> 'due_at' AS due_at, r -> 'version' AS version
FROM taskdb.model_update_task(5, '{"due_at": "2101-05-06T07:08:09+00:00"}') r;
SELECT id, due_at, version FROM taskdb.tasks ORDER BY id;
-- set priority: due_at stays
SELECT id, due_at, priority, version FROM taskdb.update_task(1, priority => 3::smallint);
SELECT id, due_at, priority, version FROM taskdb.raw_update_task(2, priority => 3::smallint);
SELECT id, due_at, priority, version FROM taskdb.builder_update_task(3, priority => 3::smallint);
SELECT id, due_at, priority, version FROM taskdb.orm_update_task(4, priority => 3::smallint);
SELECT r -> 'due_at' AS due_at, r -> 'priority' AS priority, r -> 'version' AS version
FROM taskdb.model_update_task(5, '{"priority": 3}') r;
-- nothing given: the row as it is, same version
SELECT id, due_at, priority, version FROM taskdb.update_task(1);
SELECT id, due_at, priority, version FROM taskdb.raw_update_task(2);
SELECT id, due_at, priority, version FROM taskdb.builder_update_task(3);
SELECT id, due_at, priority, version FROM taskdb.orm_update_task(4);
SELECT r -> 'due_at' AS due_at, r -> 'priority' AS priority, r -> 'version' AS version
FROM taskdb.model_update_task(5, '{}') r;
-- other columns, given alone or with the 1.6 arguments NULL: due_at and
-- priority stay
SELECT id, title, due_at, priority, version FROM taskdb.update_task(1, 'canonical renamed');
SELECT id, title, done, due_at, priority, version
FROM taskdb.raw_update_task(2, NULL, true, NULL, false, NULL, NULL, false, NULL);
SELECT id, title, due_at, priority, version FROM taskdb.builder_update_task(3, 'builder renamed', due_at => NULL, priority => NULL);
SELECT id, project_id, due_at, priority, version FROM taskdb.orm_update_task(4, clear_project => true);
SELECT r ->> 'title' AS title, r -> 'due_at' AS due_at, r -> 'priority' AS priority, r -> 'version' AS version
FROM taskdb.model_update_task(5, '{"title": "model renamed"}') r;
-- everything at once, positionally, with the expected version
SELECT id, title, done, project_id, due_at, priority, version
FROM taskdb.update_task(1, 'canonical all', true, NULL, true, 4, '2001-02-03 04:05:06+00', false, 1::smallint);
SELECT id, title, done, project_id, due_at, priority, version
FROM taskdb.orm_update_task(4, 'orm all', true, 1, false, 4, '2001-02-03 04:05:06+00', false, 1::smallint);
SELECT r ->> 'title' AS title, r -> 'done' AS done, r -> 'due_at' AS due_at, r -> 'priority' AS priority, r -> 'version' AS version
FROM taskdb.model_update_task(5, '{"title": "model all", "done": true, "due_at": "2001-02-03T04:05:06Z", "priority": 1, "version": 4}') r;
-- clear due_at: clear_due_at => true, or {"due_at": null}
SELECT id, due_at, priority, version FROM taskdb.update_task(1, clear_due_at => true);
SELECT id, due_at, priority, version FROM taskdb.raw_update_task(2, clear_due_at => true);
SELECT id, due_at, priority, version FROM taskdb.builder_update_task(3, clear_due_at => true);
SELECT id, due_at, priority, version FROM taskdb.orm_update_task(4, clear_due_at => true);
SELECT r -> 'due_at' AS due_at, r -> 'priority' AS priority, r -> 'version' AS version
FROM taskdb.model_update_task(5, '{"due_at": null}') r;
-- clearing what is already clear changes nothing
SELECT p, pg_temp.outcome(format('SELECT taskdb.%supdate_task(%s, clear_due_at => true)', p, ord))
FROM paths ORDER BY ord;
SELECT r -> 'due_at' AS due_at, r -> 'version' AS version
FROM taskdb.model_update_task(5, '{"due_at": null}') r;
-- clear_due_at => false is "leave it"; with priority in the same call
SELECT id, due_at, priority, version FROM taskdb.update_task(1, due_at => '2101-01-01 00:00:00+00', clear_due_at => false, priority => 0::smallint);
SELECT id, title, done, project_id, due_at, priority, version FROM taskdb.tasks ORDER BY id;

-- the errors of update_task, on every path, and nothing written
SELECT md5(string_agg(t::text, ';' ORDER BY id)) AS before FROM taskdb.tasks t \gset
SELECT taskdb.update_task(2, due_at => '2101-01-01', clear_due_at => true);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.update_task(2, priority => 4::smallint);
\echo SQLSTATE :SQLSTATE
SELECT p,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(%s, due_at => %L, clear_due_at => true)', p, ord, '2101-01-01')) AS set_and_clear
FROM paths ORDER BY ord;
SELECT p,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(%s, due_at => %L)', p, ord, 'infinity')) AS due_infinity,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(%s, due_at => %L, clear_due_at => true)', p, ord, '-infinity')) AS infinity_and_clear
FROM paths ORDER BY ord;
SELECT p,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(%s, priority => 4::smallint)', p, ord)) AS four,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(%s, priority => -1::smallint)', p, ord)) AS minus_one,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(%s, clear_due_at => NULL)', p, ord)) AS clear_null
FROM paths ORDER BY ord;
-- the argument checks come first, in argument order, before the task is
-- looked up
SELECT p,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(999, priority => 7::smallint)', p)) AS unknown_task_bad_priority,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(999, due_at => %L, clear_due_at => true)', p, '2101-01-01')) AS unknown_task_set_and_clear,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(999, priority => 2::smallint)', p)) AS unknown_task
FROM paths ORDER BY ord;
SELECT p,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(%s, %L, priority => 9::smallint)', p, ord, '')) AS empty_title_bad_priority,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(%s, priority => 2::smallint, expected_version => 1)', p, ord)) AS stale
FROM paths ORDER BY ord;
-- model_
SELECT taskdb.model_update_task(5, '{"priority": 4}');
\echo SQLSTATE :SQLSTATE
SELECT pg_temp.outcome($$SELECT taskdb.model_update_task(5, '{"priority": -1}')$$) AS minus_one;
SELECT pg_temp.outcome($$SELECT taskdb.model_update_task(5, '{"priority": null}')$$) AS priority_null;
SELECT pg_temp.outcome($$SELECT taskdb.model_update_task(5, '{"due_at": "-infinity"}')$$) AS due_minus_infinity;
SELECT pg_temp.outcome($$SELECT taskdb.model_update_task(5, '{"due_at": "soon", "priority": 4}')$$) AS two_errors;
SELECT pg_temp.outcome($$SELECT taskdb.model_update_task(999, '{"priority": 2}')$$) AS unknown_task;
SELECT pg_temp.outcome($$SELECT taskdb.model_update_task(5, '{"priority": 2, "version": 1}')$$) AS stale;
SELECT md5(string_agg(t::text, ';' ORDER BY id)) = :'before' AS nothing_written FROM taskdb.tasks t;

--------------------------------------------------------------------------
-- list_tasks: filters, orders and the keyset cursor
--------------------------------------------------------------------------
-- Nine tasks with ties in every order:
--   title:      2 a, 4 a | 1 b, 7 b | 3 c, 9 c | 5 d | 6 e | 8 f
--   created_at: 2, 9 (01-01) | 1, 4 (01-02) | 3, 7 (01-03) | 6 | 5 | 8
--   due_at:     3, 4 (2001-01-01) | 7 (2001-01-03) | 9 (2101-01-01) |
--               1, 5 (2101-01-02) | then no due date: 2, 6, 8
--   priority:   5, 7 (0) | 2, 9 (1) | 1, 4, 6 (2) | 3, 8 (3)
--   overdue (due before now, not done): 4, 7; 3 is past but done
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
INSERT INTO taskdb.projects (name) VALUES ('alpha'), ('beta'), ('empty');
INSERT INTO taskdb.tasks (title, done, project_id, created_at, due_at, priority) VALUES
	('b', false, 1,    '2026-01-02 12:00:00+00', '2101-01-02 00:00:00+00', 2),
	('a', false, 1,    '2026-01-01 12:00:00+00', NULL,                     1),
	('c', true,  2,    '2026-01-03 12:00:00+00', '2001-01-01 00:00:00+00', 3),
	('a', false, 2,    '2026-01-02 12:00:00+00', '2001-01-01 00:00:00+00', 2),
	('d', false, NULL, '2026-01-05 12:00:00+00', '2101-01-02 00:00:00+00', 0),
	('e', false, 1,    '2026-01-04 12:00:00+00', NULL,                     2),
	('b', false, NULL, '2026-01-03 12:00:00+00', '2001-01-03 00:00:00+00', 0),
	('f', true,  NULL, '2026-01-06 12:00:00+00', NULL,                     3),
	('c', false, 2,    '2026-01-01 12:00:00+00', '2101-01-01 00:00:00+00', 1);
SELECT id, title, done, project_id, created_at, due_at, priority,
	   coalesce(due_at < now(), false) AND NOT done AS overdue
FROM taskdb.tasks ORDER BY id;

-- each filter, alone and with the older ones, on every SQL path
CREATE TEMP TABLE list_cases (n serial, args text);
INSERT INTO list_cases (args) VALUES
	(''),
	('priority => 2::smallint'),
	('priority => 0::smallint'),
	('priority => 3::smallint, done => false'),
	('priority => 2::smallint, project_id => 1'),
	($$due_before => '2101-01-01 00:00:00+00'$$),
	($$due_before => '2001-01-01 00:00:00+00'$$),
	($$due_after => '2101-01-01 00:00:00+00'$$),
	($$due_after => '2001-01-01 00:00:00+00'$$),
	($$due_after => '2001-01-01 00:00:00+00', due_before => '2101-01-02 00:00:00+00'$$),
	($$due_before => 'infinity'$$),
	($$due_after => '-infinity', due_before => 'infinity'$$),
	('overdue => true'),
	('overdue => false'),
	('overdue => true, project_id => 2'),
	('overdue => false, done => false'),
	('overdue => false, priority => 2::smallint'),
	($$overdue => NULL, priority => NULL, due_before => NULL, due_after => NULL, order_by => 'id'$$),
	($$done => false, priority => 2::smallint, due_after => '2001-01-01 00:00:00+00', overdue => false, order_by => '-due_at'$$);
SELECT c.n, c.args,
	   pg_temp.ids('', c.args) AS canonical,
	   pg_temp.ids('raw_', c.args) AS raw_,
	   pg_temp.ids('builder_', c.args) AS builder_,
	   pg_temp.ids('orm_', c.args) AS orm_
FROM list_cases c ORDER BY c.n;
-- positionally, as the signature lists them
SELECT id FROM taskdb.list_tasks(false, NULL, 100, NULL, 2::smallint, '2101-01-03', '2001-01-01', false, 'priority');

-- each order, ascending and descending, on every SQL path
CREATE TEMP TABLE orders (n serial, o text);
INSERT INTO orders (o) VALUES ('id'), ('-id'), ('title'), ('-title'), ('created_at'), ('-created_at'),
	('due_at'), ('-due_at'), ('priority'), ('-priority');
SELECT o.o AS order_by,
	   pg_temp.ids('', format('order_by => %L', o.o)) AS canonical,
	   pg_temp.ids('raw_', format('order_by => %L', o.o)) AS raw_,
	   pg_temp.ids('builder_', format('order_by => %L', o.o)) AS builder_,
	   pg_temp.ids('orm_', format('order_by => %L', o.o)) AS orm_
FROM orders o ORDER BY o.n;
-- no due date sorts as if due at infinity: last ascending, first descending
SELECT id, due_at FROM taskdb.list_tasks(order_by => 'due_at');
SELECT id, due_at FROM taskdb.list_tasks(order_by => '-due_at');
SELECT id, priority FROM taskdb.orm_list_tasks(order_by => '-priority');

-- the keyset cursor: pages of 2 walked in every order give the whole list
SELECT o.o AS order_by,
	   pg_temp.pages('', format('order_by => %L', o.o), 2) AS canonical,
	   pg_temp.pages('raw_', format('order_by => %L', o.o), 2) AS raw_,
	   pg_temp.pages('builder_', format('order_by => %L', o.o), 2) AS builder_,
	   pg_temp.pages('orm_', format('order_by => %L', o.o), 2) AS orm_
FROM orders o ORDER BY o.n;
-- pages of 3 with filters
SELECT c.args,
	   pg_temp.pages('', c.args, 3) AS canonical,
	   pg_temp.pages('raw_', c.args, 3) AS raw_,
	   pg_temp.pages('builder_', c.args, 3) AS builder_,
	   pg_temp.pages('orm_', c.args, 3) AS orm_
FROM (VALUES ($$order_by => 'due_at', done => false$$),
			 ($$order_by => '-due_at', overdue => false$$),
			 ($$order_by => 'priority', project_id => 1$$),
			 ($$order_by => '-title', due_before => '2101-01-02'$$),
			 ($$order_by => 'created_at', priority => 2::smallint$$)) c(args);
-- single pages, by hand: the page starts after the cursor task in the
-- order, ties broken by id
SELECT id, due_at FROM taskdb.list_tasks(after_id => 4, lim => 3, order_by => 'due_at');
SELECT id, due_at FROM taskdb.raw_list_tasks(after_id => 1, lim => 3, order_by => 'due_at');
SELECT id, due_at FROM taskdb.builder_list_tasks(after_id => 2, lim => 3, order_by => 'due_at');
SELECT id, due_at FROM taskdb.orm_list_tasks(after_id => 8, lim => 3, order_by => 'due_at');
SELECT id, due_at FROM taskdb.list_tasks(after_id => 6, lim => 3, order_by => '-due_at');
SELECT id, due_at FROM taskdb.raw_list_tasks(after_id => 2, lim => 3, order_by => '-due_at');
SELECT id, due_at FROM taskdb.builder_list_tasks(after_id => 9, lim => 3, order_by => '-due_at');
SELECT id, due_at FROM taskdb.orm_list_tasks(after_id => 3, lim => 3, order_by => '-due_at');
SELECT id, priority FROM taskdb.list_tasks(after_id => 1, lim => 3, order_by => 'priority');
SELECT id, priority FROM taskdb.builder_list_tasks(after_id => 4, lim => 3, order_by => '-priority');
SELECT id, title FROM taskdb.raw_list_tasks(after_id => 4, lim => 3, order_by => 'title');
SELECT id, created_at FROM taskdb.orm_list_tasks(after_id => 9, lim => 3, order_by => '-created_at');
-- in id order descending the cursor is an id
SELECT id FROM taskdb.list_tasks(after_id => 5, lim => 3, order_by => '-id');
-- a cursor task that the filters leave out still marks the place
SELECT p, pg_temp.ids(p, $$after_id => 3, done => false, order_by => 'due_at'$$) AS after_done_task,
	   pg_temp.ids(p, $$after_id => 8, overdue => true, order_by => '-due_at'$$) AS after_undated_task
FROM paths ORDER BY ord;
-- a cursor task that does not exist: in id order the page starts after
-- the id, in any other order it is empty
SELECT p, pg_temp.ids(p, 'after_id => 999, order_by => ''-id''') AS minus_id,
	   pg_temp.ids(p, 'after_id => 999, order_by => ''due_at''') AS due_at,
	   pg_temp.ids(p, 'after_id => 999, order_by => ''-priority''') AS minus_priority
FROM paths ORDER BY ord;

-- the errors of list_tasks, on every path
SELECT pg_temp.described_error($$SELECT taskdb.list_tasks(order_by => 'due')$$);
SELECT taskdb.list_tasks(order_by => NULL);
\echo SQLSTATE :SQLSTATE
SELECT p,
	   pg_temp.outcome(format('SELECT taskdb.%slist_tasks(order_by => %L)', p, 'Due_at')) AS wrong_case,
	   pg_temp.outcome(format('SELECT taskdb.%slist_tasks(order_by => %L)', p, '--id')) AS double_minus,
	   pg_temp.outcome(format('SELECT taskdb.%slist_tasks(order_by => %L)', p, '')) AS empty,
	   pg_temp.outcome(format('SELECT taskdb.%slist_tasks(order_by => NULL)', p)) AS null_order
FROM paths ORDER BY ord;
-- a priority filter outside 0..3 matches no task, as find_tasks' "priority"
-- key does (below): a filter never range-checks its value; a negative lim
-- is still refused
SELECT p, pg_temp.outcome(format('SELECT taskdb.%slist_tasks(priority => 4::smallint)', p)) AS priority_four,
	   pg_temp.outcome(format('SELECT taskdb.%slist_tasks(priority => -1::smallint, lim => -1)', p)) AS lim_first
FROM paths ORDER BY ord;

--------------------------------------------------------------------------
-- find_tasks and model_list_tasks: the same filters and orders as keys
--------------------------------------------------------------------------
CREATE TEMP TABLE json_cases (n serial, q jsonb);
INSERT INTO json_cases (q) VALUES
	('{"priority": 2}'),
	('{"priority": [0, 3]}'),
	('{"priority": []}'),
	('{"priority": 3, "done": false}'),
	('{"due_before": "2101-01-01T00:00:00Z"}'),
	('{"due_after": "2101-01-01T00:00:00Z"}'),
	('{"due_after": "2001-01-01T00:00:00Z", "due_before": "2101-01-02T00:00:00Z"}'),
	('{"due_before": "2001-01-01 02:00:00+02"}'),
	('{"overdue": true}'),
	('{"overdue": false}'),
	('{"overdue": false, "done": false, "project_id": [1, null]}'),
	('{"overdue": true, "order": "-due_at"}'),
	('{"order": "due_at"}'),
	('{"order": "-due_at"}'),
	('{"order": "priority"}'),
	('{"order": "-priority"}'),
	('{"order": "due_at", "after": 4, "limit": 3}'),
	('{"order": "due_at", "after": 8}'),
	('{"order": "-due_at", "after": 6, "limit": 3}'),
	('{"order": "-priority", "after": 1, "limit": 3}'),
	('{"order": "priority", "priority": [1, 2], "offset": 2}'),
	('{"order": "due_at", "after": 999}');
SELECT c.n, c.q, pg_temp.jids('find_tasks', c.q) AS find_tasks,
	   pg_temp.jids('model_list_tasks', c.q) AS model_list_tasks
FROM json_cases c ORDER BY c.n;
-- pages of 2 walked in every order
SELECT o.o AS "order",
	   pg_temp.pages('find_tasks', jsonb_build_object('order', o.o)::text, 2) AS find_tasks,
	   pg_temp.pages('model_list_tasks', jsonb_build_object('order', o.o)::text, 2) AS model_list_tasks
FROM orders o ORDER BY o.n;
SELECT q,
	   pg_temp.pages('find_tasks', q, 2) AS find_tasks,
	   pg_temp.pages('model_list_tasks', q, 2) AS model_list_tasks
FROM (VALUES ('{"order": "-due_at", "overdue": false}'),
			 ('{"order": "due_at", "priority": [0, 2]}')) c(q);
-- the whole rows, with the new fields, from both
SELECT id, title, due_at, priority FROM taskdb.find_tasks('{"order": "-due_at", "limit": 4}');
SELECT e -> 'id' AS id, e -> 'due_at' AS due_at, e -> 'priority' AS priority
FROM jsonb_array_elements(taskdb.model_list_tasks('{"order": "-due_at", "limit": 4}')) e;
-- the SQL find_tasks runs for a nullable order with a cursor: COALESCE to
-- infinity on both sides
SELECT sql, params FROM taskdb.find_tasks_sql('{"order": "-due_at", "after": 6, "priority": [1, 2]}');
SELECT sql FROM taskdb.find_tasks_sql('{"overdue": true}');
SELECT sql FROM taskdb.find_tasks_sql('{"overdue": false}');

-- the errors of the new keys (model_list_tasks reports find_tasks' errors)
SELECT taskdb.find_tasks('{"priority": "1"}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.model_list_tasks('{"overdue": "yes"}');
\echo SQLSTATE :SQLSTATE
SELECT q, pg_temp.outcome(format('SELECT taskdb.find_tasks(%L)', q)) AS find_tasks,
	   pg_temp.outcome(format('SELECT taskdb.model_list_tasks(%L)', q)) AS model_list_tasks
FROM (VALUES ('{"priority": null}'), ('{"priority": [1, null]}'), ('{"priority": 1.5}'),
			 ('{"overdue": null}'), ('{"overdue": 1}'),
			 ('{"due_after": "now"}'), ('{"due_before": "infinity"}'), ('{"due_before": 20260101}'),
			 ('{"due_after": "2101-02-30"}'), ('{"has_due": true}'), ('{"due_at": "2101-01-01"}'),
			 ('{"order": "due"}'), ('{"order": "-Priority"}')) c(q);
-- a priority outside 0..3 as a key matches no task
SELECT pg_temp.jids('find_tasks', '{"priority": 4}') AS find_four,
	   pg_temp.jids('model_list_tasks', '{"priority": [-1, 7]}') AS model_out_of_range;

--------------------------------------------------------------------------
-- project_report, project_summary and task_list
--------------------------------------------------------------------------
-- overdue: tasks of the project, matching the filter, due before now and
-- not done (alpha: none; beta: 4, not 3 which is done; empty: none)
SELECT project_id, name, total, done, open, overdue FROM taskdb.project_report();
SELECT project_id, name, total, done, open, overdue FROM taskdb.project_report('{"done": false}');
SELECT project_id, name, total, done, open, overdue FROM taskdb.project_report('{"priority": 3}');
SELECT project_id, name, total, done, open, overdue FROM taskdb.project_report('{"priority": [1, 2]}');
SELECT project_id, name, total, done, open, overdue FROM taskdb.project_report('{"overdue": true}');
SELECT project_id, name, total, done, open, overdue FROM taskdb.project_report('{"overdue": false}');
SELECT project_id, name, total, done, open, overdue FROM taskdb.project_report('{"due_before": "2050-01-01T00:00:00Z"}');
SELECT project_id, name, total, done, open, overdue FROM taskdb.project_report('{"due_after": "2050-01-01T00:00:00Z", "project_id": [1, 2]}');
SELECT taskdb.project_report('{"order": "due_at"}');
\echo SQLSTATE :SQLSTATE
SELECT id, name, total, done, open, overdue FROM taskdb.project_summary ORDER BY id;
SELECT id, title, project_id, project_name, due_at, priority FROM taskdb.task_list ORDER BY id;

-- overdue follows the tasks: more overdue tasks in alpha, one done in beta
SELECT id, due_at, priority FROM taskdb.update_task(1, due_at => '2001-06-01 00:00:00+00');
SELECT id FROM taskdb.create_task('alpha late', 1, '2001-07-01 00:00:00+00', 1::smallint);
SELECT id, done FROM taskdb.orm_update_task(4, done => true);
SELECT project_id, total, done, open, overdue FROM taskdb.project_report();
SELECT id, total, done, open, overdue FROM taskdb.project_summary ORDER BY id;
SELECT p, pg_temp.ids(p, 'overdue => true') AS overdue FROM paths ORDER BY ord;
SELECT pg_temp.jids('find_tasks', '{"overdue": true}') AS find_tasks,
	   pg_temp.jids('model_list_tasks', '{"overdue": true}') AS model_list_tasks;

-- due exactly now (the transaction's now() is the instant every path
-- compares with) is not overdue yet
BEGIN;
SELECT title, due_at = now() AS due_now FROM taskdb.create_task('due now', 3, now());
SELECT p, pg_temp.ids(p, 'overdue => true, project_id => 3') AS overdue,
	   pg_temp.ids(p, 'overdue => false, project_id => 3') AS not_overdue
FROM paths ORDER BY ord;
SELECT pg_temp.jids('find_tasks', '{"overdue": true, "project_id": 3}') AS find_overdue,
	   pg_temp.jids('model_list_tasks', '{"overdue": false, "project_id": 3}') AS model_not_overdue;
SELECT project_id, total, overdue FROM taskdb.project_report('{"project_id": 3}');
SELECT id, total, overdue FROM taskdb.project_summary WHERE id = 3;
ROLLBACK;
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
