--
-- 20_cursor: the keyset cursor as a token (task_cursor, model_task_cursor,
-- 1.8).  Paging by token visits every row once, in order, on every path,
-- in every order the description offers, both directions, on rows with
-- many ties and missing due dates; a page after a row that was changed or
-- deleted continues exactly where the previous one ended; what is not a
-- token, or a token of another order, is refused; offset is bounded by
-- taskdb.max_offset.  Everything happens in a transaction rolled back.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
\set ON_ERROR_ROLLBACK on
BEGIN;
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;	-- rolled back with the rest
-- 120 tasks in 2 projects: 4 titles, 4 priorities, due dates on a few days
-- and none for every third: ties everywhere
SELECT count(*) FROM taskdb.create_project('a');
SELECT count(*) FROM taskdb.create_project('b');
SELECT count(*) FROM taskdb.create_tasks(ARRAY(SELECT 'tie ' || (g % 4) FROM generate_series(1, 120) g));
UPDATE taskdb.tasks SET priority = (id % 4)::smallint,
	due_at = CASE WHEN id % 3 = 0 THEN NULL ELSE timestamptz '2031-01-01' + (id % 5) * interval '1 day' END,
	project_id = (SELECT min(id) FROM taskdb.projects) + id % 2;

-- The ids of every page, by token, of one path in one order (pages of
-- lim rows, until an empty one), and the same in one statement of plain SQL
CREATE FUNCTION pg_temp.paged(fn text, ord text, lim integer) RETURNS bigint[]
LANGUAGE plpgsql AS $fn$
DECLARE
	ids bigint[] := '{}';
	page bigint[];
	token text;
	col text := ltrim(ord, '-');
BEGIN
	FOR n IN 1 .. 1000 LOOP
		-- (a function's rows come in its order: array_agg keeps it)
		IF fn = 'find_tasks' THEN
			EXECUTE format('SELECT array_agg(t.id), (array_agg(taskdb.task_cursor(t, %L)))[count(*)]
			                FROM taskdb.find_tasks($1) t', col)
				INTO page, token
				USING jsonb_build_object('order', ord, 'limit', lim) ||
					  CASE WHEN token IS NULL THEN '{}' ELSE jsonb_build_object('after', token) END;
		ELSIF fn = 'model_list_tasks' THEN
			SELECT array_agg((e ->> 'id')::bigint), (array_agg(taskdb.model_task_cursor(e, col)))[count(*)]
				INTO page, token
			FROM jsonb_array_elements(taskdb.model_list_tasks(
					jsonb_build_object('order', ord, 'limit', lim) ||
					CASE WHEN token IS NULL THEN '{}' ELSE jsonb_build_object('after', token) END)) AS e;
		ELSE
			EXECUTE format('SELECT array_agg(t.id), (array_agg(taskdb.task_cursor(t, %L)))[count(*)]
			                FROM taskdb.%I(order_by => $1, lim => $2, after => $3) t', col, fn)
				INTO page, token USING ord, lim, token;
		END IF;
		EXIT WHEN page IS NULL;
		ids := ids || page;
	END LOOP;
	RETURN ids;
END
$fn$;
CREATE FUNCTION pg_temp.ordered(ord text) RETURNS bigint[]
LANGUAGE plpgsql AS $fn$
DECLARE
	col text := ltrim(ord, '-');
	dir text := CASE WHEN ord LIKE '-%' THEN 'DESC' ELSE 'ASC' END;
	ids bigint[];
BEGIN
	-- a missing value sorts as infinity: last ascending, first descending,
	-- which is where PostgreSQL puts NULL by default
	EXECUTE format('SELECT array_agg(id ORDER BY %I %s, id %s) FROM taskdb.tasks', col, dir, dir) INTO ids;
	RETURN ids;
END
$fn$;
SELECT pg_temp.paged('list_tasks', 'due_at', 7) = pg_temp.ordered('due_at') AS due_at_pages_in_order;
SELECT cardinality(pg_temp.paged('list_tasks', '-priority', 7)) AS rows_paged;

-- every path, every order of the description, both directions, pages of 7
-- (and of 1): each row once, in order
SELECT coalesce(string_agg(format('%s %s%s', f.fn, d.dir, c.name), ', '), 'none') AS out_of_order
FROM described_columns c
CROSS JOIN (VALUES (''), ('-')) AS d(dir)
CROSS JOIN (VALUES ('list_tasks'), ('raw_list_tasks'), ('builder_list_tasks'), ('orm_list_tasks'),
                   ('find_tasks'), ('model_list_tasks')) AS f(fn)
WHERE c.table_name = 'tasks' AND c.orderable
  AND pg_temp.paged(f.fn, d.dir || c.name, 7) IS DISTINCT FROM pg_temp.ordered(d.dir || c.name);
SELECT coalesce(string_agg(format('%s%s', d.dir, c.name), ', '), 'none') AS out_of_order_by_one
FROM described_columns c CROSS JOIN (VALUES (''), ('-')) AS d(dir)
WHERE c.table_name = 'tasks' AND c.orderable
  AND pg_temp.paged('find_tasks', d.dir || c.name, 1) IS DISTINCT FROM pg_temp.ordered(d.dir || c.name);

-- The last row of a page is then changed (moved far away in the order) or
-- deleted: the next page starts right after where that row was, as the
-- rows are now.  After the page: the rows whose place is after the
-- token's (value, id), in the order, at the time of the second call.
CREATE FUNCTION pg_temp.after_change(fn text, ord text, change text) RETURNS boolean
LANGUAGE plpgsql AS $fn$
DECLARE
	col text := ltrim(ord, '-');
	desc_ boolean := ord LIKE '-%';
	c record;
	last_id bigint;
	token text;
	place text;
	got bigint[];
	want bigint[];
	infinity text;
BEGIN
	SELECT * INTO c FROM described_columns WHERE table_name = 'tasks' AND name = col;
	infinity := CASE WHEN c.not_null THEN NULL
					 WHEN c.is_timestamp THEN '''infinity''::timestamptz'
					 ELSE (CASE c.sqltype WHEN 'smallint' THEN '32767::smallint' WHEN 'integer' THEN '2147483647'
						   ELSE '9223372036854775807::bigint' END) END;
	place := CASE WHEN infinity IS NULL THEN format('%I', col) ELSE format('COALESCE(%I, %s)', col, infinity) END;
	-- the first page of 10, and its last row's token
	EXECUTE format('SELECT (array_agg(t.id))[count(*)], (array_agg(taskdb.task_cursor(t, %L)))[count(*)]
	                FROM taskdb.%I(order_by => $1, lim => 10) t', col,
				   CASE WHEN fn IN ('find_tasks', 'model_list_tasks') THEN 'list_tasks' ELSE fn END)
		INTO last_id, token USING ord;
	-- the expected next page, computed before the change from the row's place
	EXECUTE format('SELECT array_agg(id ORDER BY k %1$s, id %1$s) FROM (
	                  SELECT id, %2$s AS k FROM taskdb.tasks
	                  WHERE (%2$s, id) %3$s (SELECT %2$s, id FROM taskdb.tasks WHERE id = $1) AND id <> $1
	                  ORDER BY %2$s %1$s, id %1$s LIMIT 10) p',
				   CASE WHEN desc_ THEN 'DESC' ELSE 'ASC' END, place, CASE WHEN desc_ THEN '<' ELSE '>' END)
		INTO want USING last_id;
	IF change = 'delete' THEN
		DELETE FROM taskdb.tasks WHERE id = last_id;
	ELSE
		-- another value, far from where it was: the row moves
		EXECUTE format('UPDATE taskdb.tasks SET %I = %s WHERE id = $1', col,
					   CASE WHEN c.is_string THEN '''zzzz moved'''
							WHEN c.is_timestamp THEN '''1999-01-01'''
							WHEN c.name = 'id' THEN 'id'
							ELSE format('CASE WHEN %I > 1 THEN 0 ELSE 3 END', col) END)
			USING last_id;
	END IF;
	IF fn = 'find_tasks' THEN
		SELECT array_agg(t.id) INTO got
		FROM taskdb.find_tasks(jsonb_build_object('order', ord, 'limit', 10, 'after', token)) t;
	ELSIF fn = 'model_list_tasks' THEN
		SELECT array_agg((e ->> 'id')::bigint) INTO got
		FROM jsonb_array_elements(taskdb.model_list_tasks(jsonb_build_object('order', ord, 'limit', 10, 'after', token))) e;
	ELSE
		EXECUTE format('SELECT array_agg(id) FROM taskdb.%I(order_by => $1, lim => 10, after => $2)', fn)
			INTO got USING ord, token;
	END IF;
	IF got IS DISTINCT FROM want THEN
		RAISE NOTICE '% % after %: got %, want %', fn, ord, change, got, want;
	END IF;
	RETURN got IS NOT DISTINCT FROM want;
END
$fn$;
SAVEPOINT changes;	-- what follows sees the 120 rows again
SELECT coalesce(string_agg(format('%s %s%s after %s', f.fn, d.dir, c.name, ch.change), ', '), 'none') AS wrong_next_page
FROM described_columns c
CROSS JOIN (VALUES (''), ('-')) AS d(dir)
CROSS JOIN (VALUES ('list_tasks'), ('raw_list_tasks'), ('builder_list_tasks'), ('orm_list_tasks'),
                   ('find_tasks'), ('model_list_tasks')) AS f(fn)
CROSS JOIN (VALUES ('update'), ('delete')) AS ch(change)
WHERE c.table_name = 'tasks' AND c.orderable
  AND NOT pg_temp.after_change(f.fn, d.dir || c.name, ch.change);
ROLLBACK TO SAVEPOINT changes;

-- the model's token is the row's token
SELECT taskdb.model_task_cursor(taskdb.model_get_task(t.id), 'due_at') = taskdb.task_cursor(t, 'due_at') AS same_token,
       taskdb.model_task_cursor(taskdb.model_get_task(t.id), '-title') = taskdb.task_cursor(t, 'title') AS direction_free
FROM taskdb.tasks t WHERE t.due_at IS NULL LIMIT 1;
-- in id order a token is an id cursor; a number is still one in "after"
SELECT (SELECT array_agg(id) FROM taskdb.find_tasks(jsonb_build_object('after', taskdb.task_cursor(t), 'limit', 3)))
     = (SELECT array_agg(id) FROM taskdb.find_tasks(jsonb_build_object('after', t.id, 'limit', 3))) AS id_token_is_id
FROM taskdb.tasks t ORDER BY id LIMIT 1;

-- what is not a token of the order asked for is refused, quoting at most
-- a short prefix of it
SELECT id AS some_task FROM taskdb.tasks ORDER BY id LIMIT 1 \gset
SELECT taskdb.task_cursor(t, 'title') AS title_token FROM taskdb.tasks t WHERE id = :some_task \gset
SELECT count(*) FROM taskdb.list_tasks(order_by => 'priority', after => :'title_token');
SELECT count(*) FROM taskdb.list_tasks(order_by => 'title', after => '***');
SELECT count(*) FROM taskdb.list_tasks(order_by => 'title', after => left(:'title_token', 14));
SELECT count(*) FROM taskdb.list_tasks(order_by => 'title', after => :'title_token' || 'AAAA');
SELECT count(*) FROM taskdb.list_tasks(order_by => 'title', after => '');
SELECT count(*) FROM taskdb.find_tasks(jsonb_build_object('order', 'title', 'after', repeat('A', 5000)));
-- format 2, and a title that is not UTF-8 (0xFF 0xFE)
SELECT count(*) FROM taskdb.list_tasks(order_by => 'title',
	after => rtrim(translate(encode('\x02057469746c650000000000000001fffe'::bytea, 'base64'), '+/', '-_'), '='));
SELECT count(*) FROM taskdb.list_tasks(order_by => 'title',
	after => rtrim(translate(encode('\x01057469746c650000000000000001fffe'::bytea, 'base64'), '+/', '-_'), '='));
SELECT count(*) FROM taskdb.list_tasks(order_by => 'title', after_id => 1, after => :'title_token');
SELECT taskdb.task_cursor(NULL::taskdb.tasks);
SELECT taskdb.task_cursor(t, NULL) FROM taskdb.tasks t LIMIT 1;
SELECT pg_temp.described_error($$SELECT taskdb.task_cursor(t, 'colour') FROM taskdb.tasks t LIMIT 1$$);
SELECT taskdb.task_cursor(jsonb_populate_record(t, '{"id": null}')) FROM taskdb.tasks t LIMIT 1;
SELECT taskdb.task_cursor(jsonb_populate_record(t, '{"title": null}'), 'title') FROM taskdb.tasks t LIMIT 1;
SELECT taskdb.model_task_cursor('[]');
SELECT taskdb.model_task_cursor('{"title": "x"}');
SELECT taskdb.model_task_cursor('{"id": "1"}');
SELECT taskdb.model_task_cursor('{"id": 1, "due_at": "tomorrow"}', 'due_at');
SELECT taskdb.model_task_cursor('{"id": 1}', 'title');
SELECT taskdb.model_task_cursor('{"id": 1}', 'due_at') = taskdb.model_task_cursor('{"id": 1, "due_at": null}', 'due_at')
	AS missing_is_null;

-- offset: up to taskdb.max_offset, then refused with a hint
SELECT count(*) FROM taskdb.find_tasks('{"offset": 10000, "limit": 1}');
SELECT count(*) FROM taskdb.find_tasks('{"offset": 10001, "limit": 1}');
SELECT count(*) FROM taskdb.model_list_tasks('{"offset": 10001}');
SET LOCAL taskdb.max_offset = 0;
SELECT count(*) FROM taskdb.find_tasks('{"offset": 0}');
SELECT count(*) FROM taskdb.find_tasks('{"offset": 1}');
ROLLBACK;
\i :abs_srcdir/regress/teardown.psql
