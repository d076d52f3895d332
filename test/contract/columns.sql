-- contract-since: 1.0
--
-- Every column a caller sets, from its declaration: for each column of
-- the description (test/description.sql) that create_task, update_task or
-- create_project takes an argument for at the installed version (role
-- set, or clear), on the path under test:
--
--   set: create_task (create_project) with a valid value returns it, and
--     get_task and the model's JSON read it back; update_task with another
--     value does the same;
--   clear: where the column is nullable, update_task(clear_x => true)
--     (the model: "x": null) sets it to NULL;
--   range: where it has a minimum (maximum), one below (above) is refused
--     on create and update, with 23514 and the contract's message on the
--     SQL paths and a 22023 greater_than_equal (less_than_equal) error on
--     the model path, and nothing is written;
--   filter: each of its find_tasks keys (the column's value, null, has_x,
--     x_contains, x_prefix, x_after / x_before, x_min / x_max) selects the
--     rows plain SQL selects, in find_tasks on the SQL paths and in
--     model_list_tasks on the model path;
--   order: where it is orderable, "order": "x" and "-x" give the order of
--     plain SQL: nulls last ascending and first descending, ties by id in
--     the same direction.
--
-- Valid values come from the column's type and range
-- (pg_temp.described_value, test/described.sql); a column that names a
-- row of another table (project_id) gets rows this file makes.  Nothing
-- here names a column: a column a version adds is covered by its
-- declaration alone.  The plan is counted from the description with the
-- rules above, apart from the checks, so a check that does not run fails.
-- The path comes from the psql variable "prefix" (see _setup.psql and run).
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off
\ir _setup.psql

BEGIN;

-- the columns under test, with what their declaration says applies
CREATE TEMP VIEW settable AS
SELECT c.*,
       cr.name AS create_arg, up.name AS update_arg, cl.name AS clear_arg,
       cr.sqltype AS create_type, up.sqltype AS update_type,
       EXISTS (SELECT FROM described_functions WHERE name = 'find_tasks') AS has_find,
       EXISTS (SELECT FROM described_functions WHERE name = 'model_get_task') AS has_model,
       -- the table this column names a row of (project_id: projects)
       (SELECT t.table_name FROM described_columns t
        WHERE t.identity AND c.name = left(t.table_name, -1) || '_' || t.name) AS refers_to
FROM described_columns c
LEFT JOIN described_args cr ON cr.function = 'create_' || left(c.table_name, -1) AND cr.role = 'set'
                           AND cr.table_name = c.table_name AND cr.column_name = c.name
LEFT JOIN described_args up ON up.function = 'update_' || left(c.table_name, -1) AND up.role = 'set'
                           AND up.table_name = c.table_name AND up.column_name = c.name
LEFT JOIN described_args cl ON cl.function = 'update_' || left(c.table_name, -1) AND cl.role = 'clear'
                           AND cl.table_name = c.table_name AND cl.column_name = c.name
WHERE cr.name IS NOT NULL OR up.name IS NOT NULL;

-- the checks each column gets, by the rules of the header
SELECT sum(
         -- set on create, on update: the call, get_task, the model's JSON
         3 * ((create_arg IS NOT NULL)::int + (update_arg IS NOT NULL)::int)
         -- clear: the call, get_task, the model's JSON
       + 3 * (clear_arg IS NOT NULL)::int
         -- range: the error, and nothing written, on create and on update
       + 2 * (has_min::int + has_max::int) * ((create_arg IS NOT NULL)::int + (update_arg IS NOT NULL)::int)
         -- filters (tasks): one per key, two for has_x and for the value of a nullable column
       + CASE WHEN table_name = 'tasks' THEN
             (SELECT coalesce(sum(CASE WHEN k = name AND NOT not_null THEN 2
                                       WHEN k = 'has_' || stem THEN 2 ELSE 1 END), 0)
              FROM unnest(keys) k)
         ELSE 0 END
         -- order, both ways
       + 2 * (orderable AND table_name = 'tasks')::int)::int AS nchecks,
       string_agg(table_name || '.' || name, ', ' ORDER BY table_name DESC, position) AS columns
FROM settable \gset
SELECT plan(:nchecks);
SELECT diag(format('columns contract, path %L (prefix %L): %s', :'path', :'prefix', :'columns'));

-- the rows other tables give: three projects
CREATE TEMP TABLE referred (table_name text, n integer, id bigint);
\if :router
\else
SELECT EXISTS (SELECT FROM settable WHERE refers_to IS NOT NULL) AS refers \gset
\if :refers
INSERT INTO referred SELECT 'projects', n, (taskdb.create_project('columns contract ' || n)).id
FROM generate_series(1, 3) n;
\endif
\endif

-- a valid value of the column, as JSON: n = 1, 2, 3 are distinct, ascending
CREATE FUNCTION pg_temp.value_of(c settable, n integer) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
SELECT CASE WHEN c.refers_to IS NOT NULL
            THEN (SELECT to_jsonb(r.id) FROM referred r WHERE r.table_name = c.refers_to AND r.n = value_of.n)
            ELSE pg_temp.described_value(c.table_name, c.name, n) END
$fn$;

-- a JSON value as an SQL literal of the type
CREATE FUNCTION pg_temp.literal(v jsonb, sqltype text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT CASE WHEN v IS NULL OR v = 'null' THEN 'NULL::' || sqltype ELSE format('%L::%s', v #>> '{}', sqltype) END
$fn$;

-- two JSON values of the column are the same value (timestamps as
-- timestamps, whatever their zone)
CREATE FUNCTION pg_temp.same(c settable, a jsonb, b jsonb) RETURNS boolean
LANGUAGE sql STABLE AS $fn$
SELECT CASE WHEN a IS NULL OR b IS NULL THEN a IS NOT DISTINCT FROM b
            WHEN c.is_timestamp AND jsonb_typeof(a) = 'string' AND jsonb_typeof(b) = 'string'
            THEN (a #>> '{}')::timestamptz = (b #>> '{}')::timestamptz
            ELSE a = b END
$fn$;

-- The statement of a call on this path, as text; its result is the row
-- as JSON.  what: create (fields: the body), update and clear (of row).
CREATE FUNCTION pg_temp.call(c settable, what text, fields jsonb, row_id bigint DEFAULT NULL) RETURNS text
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
	word text := left(c.table_name, -1);
	model boolean := current_setting('contract.path') = 'model_';
	args text;
BEGIN
	IF model THEN
		IF what = 'create' THEN
			RETURN format('SELECT taskdb.model_create_%s(%L)', word, fields);
		END IF;
		RETURN format('SELECT taskdb.model_update_%s(%s, %L)', word, row_id, fields);
	END IF;
	-- the SQL paths: named arguments, each typed as the description says
	SELECT string_agg(format('%I => %s', a.name,
	                         CASE WHEN a.role = 'clear' THEN 'true'
	                              ELSE pg_temp.literal(f.value, a.sqltype) END), ', ' ORDER BY a.position)
	INTO args
	FROM jsonb_each(fields) f
	JOIN described_args a ON a.function = CASE what WHEN 'create' THEN 'create_' ELSE 'update_' END || word
	                     AND a.table_name = c.table_name
	                     AND a.column_name = f.key
	                     AND a.role = CASE WHEN what = 'clear' THEN 'clear' ELSE 'set' END;
	IF what = 'create' THEN
		RETURN format('SELECT to_jsonb(r) FROM taskdb.%screate_%s(%s) r', current_setting('contract.path'), word, args);
	END IF;
	RETURN format('SELECT to_jsonb(r) FROM taskdb.%supdate_%s(%s, %s) r',
				  current_setting('contract.path'), word, row_id, args);
END
$fn$;

-- the row as JSON, after a statement that returns it
CREATE FUNCTION pg_temp.run(statement text) RETURNS jsonb
LANGUAGE plpgsql AS $fn$
DECLARE
	r jsonb;
BEGIN
	EXECUTE statement INTO r;
	RETURN r;
END
$fn$;

-- A new row of the column's table, made on this path with the given
-- fields (a task needs a title, given unless it is the column itself);
-- through update_x where create_x takes no argument for the column.
CREATE FUNCTION pg_temp.new_row(c settable, v jsonb) RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
	required jsonb := CASE c.table_name WHEN 'tasks' THEN '{"title": "columns contract"}'
	                                    ELSE '{"name": "columns contract"}' END;
	id bigint;
BEGIN
	IF v IS NOT NULL AND c.create_arg IS NOT NULL THEN
		RETURN pg_temp.run(pg_temp.call(c, 'create', required || jsonb_build_object(c.name, v))) ->> 'id';
	END IF;
	id := pg_temp.run(pg_temp.call(c, 'create', required)) ->> 'id';
	IF v IS NOT NULL THEN
		PERFORM pg_temp.run(pg_temp.call(c, 'update', jsonb_build_object(c.name, v), id));
	END IF;
	RETURN id;
END
$fn$;

-- the column's value in the row as get_task (get_project) of this path
-- and the model path's get read it
CREATE FUNCTION pg_temp.read_back(c settable, row_id bigint, OUT got jsonb, OUT model jsonb)
LANGUAGE plpgsql AS $fn$
BEGIN
	EXECUTE format('SELECT to_jsonb(r) -> %L FROM %s(%s) r', c.name,
				   CASE c.table_name WHEN 'tasks' THEN current_setting('contract.get_task')
				                     ELSE current_setting('contract.get_project') END, row_id)
		INTO got;
	IF c.has_model THEN
		EXECUTE format('SELECT taskdb.model_get_%s(%s) -> %L', left(c.table_name, -1), row_id, c.name) INTO model;
	END IF;
END
$fn$;
SELECT set_config('contract.get_task', :'get_task', false),
       set_config('contract.get_project', :'get_project', false) \g /dev/null

-- The expected error of a value outside the column's range, whole, as
-- error_of() writes it: the SQL paths name the column; the model path
-- reports the validation error of its model.
CREATE FUNCTION pg_temp.range_error(c settable, what text, v bigint) RETURNS text
LANGUAGE sql STABLE AS $fn$
SELECT CASE WHEN current_setting('contract.path') = 'model_' THEN
    format('22023: 1 validation error for %s%s | detail: [{"type":"%s","loc":["%s"],"msg":"Input should be %s %s","input":%s,"ctx":{"%s":%s}}] | hint: -',
           initcap(left(c.table_name, -1)), initcap(what),
           CASE WHEN v < c.min AND c.has_min THEN 'greater_than_equal' ELSE 'less_than_equal' END, c.name,
           CASE WHEN v < c.min AND c.has_min THEN 'greater than or equal to' ELSE 'less than or equal to' END,
           CASE WHEN v < c.min AND c.has_min THEN c.min ELSE c.max END, v,
           CASE WHEN v < c.min AND c.has_min THEN 'ge' ELSE 'le' END,
           CASE WHEN v < c.min AND c.has_min THEN c.min ELSE c.max END)
ELSE
    format('23514: %s %s must be %s | detail: The value given was %s. | hint: -', c.word, c.name,
           CASE WHEN c.has_min AND c.has_max THEN format('between %s and %s', c.min, c.max)
                WHEN c.has_min THEN format('at least %s', c.min)
                ELSE format('at most %s', c.max) END, v)
END
$fn$;

-- The checks of one column, as TAP lines.
CREATE FUNCTION pg_temp.column_checks(c settable) RETURNS SETOF text
LANGUAGE plpgsql AS $fn$
DECLARE
	label text := c.table_name || '.' || c.name;
	model boolean := current_setting('contract.path') = 'model_';
	v1 jsonb := pg_temp.value_of(c, 1);
	v2 jsonb := pg_temp.value_of(c, 2);
	v3 jsonb := pg_temp.value_of(c, 3);
	r jsonb;
	id bigint;
	rb record;
	fp text;
	rowids bigint[];
	bad bigint;
	k text;
	q jsonb;
	cond text;
	lit text;
	got bigint[];
	want bigint[];
BEGIN
	-- set, on create and on update
	IF c.create_arg IS NOT NULL THEN
		r := pg_temp.run(pg_temp.call(c, 'create', CASE c.table_name WHEN 'tasks' THEN '{"title": "columns contract"}'::jsonb
		                                                                  ELSE '{"name": "columns contract"}' END
		                                           || jsonb_build_object(c.name, v1)));
		id := r ->> 'id';
		RETURN NEXT ok(pg_temp.same(c, r -> c.name, v1), format('%s: create sets it to %s', label, v1));
		rb := pg_temp.read_back(c, id);
		RETURN NEXT ok(pg_temp.same(c, rb.got, v1), format('%s: get reads back %s after create (got %s)', label, v1, rb.got));
		IF c.has_model THEN
			RETURN NEXT ok(pg_temp.same(c, rb.model, v1), format('%s: the model''s JSON has %s after create (got %s)', label, v1, rb.model));
		ELSE
			RETURN NEXT skip('no model path at this version', 1);
		END IF;
	END IF;
	IF c.update_arg IS NOT NULL THEN
		id := coalesce(id, pg_temp.new_row(c, NULL));
		r := pg_temp.run(pg_temp.call(c, 'update', jsonb_build_object(c.name, v2), id));
		RETURN NEXT ok(pg_temp.same(c, r -> c.name, v2), format('%s: update sets it to %s', label, v2));
		rb := pg_temp.read_back(c, id);
		RETURN NEXT ok(pg_temp.same(c, rb.got, v2), format('%s: get reads back %s after update (got %s)', label, v2, rb.got));
		IF c.has_model THEN
			RETURN NEXT ok(pg_temp.same(c, rb.model, v2), format('%s: the model''s JSON has %s after update (got %s)', label, v2, rb.model));
		ELSE
			RETURN NEXT skip('no model path at this version', 1);
		END IF;
	END IF;

	-- clear
	IF c.clear_arg IS NOT NULL THEN
		r := pg_temp.run(pg_temp.call(c, 'clear', jsonb_build_object(c.name, NULL), id));
		RETURN NEXT ok(r -> c.name = 'null', format('%s: update clears it (%s => true; the model: null)', label, c.clear_arg));
		rb := pg_temp.read_back(c, id);
		RETURN NEXT ok(rb.got = 'null', format('%s: get reads back null after the clear (got %s)', label, rb.got));
		IF c.has_model THEN
			RETURN NEXT ok(rb.model = 'null', format('%s: the model''s JSON has null after the clear (got %s)', label, rb.model));
		ELSE
			RETURN NEXT skip('no model path at this version', 1);
		END IF;
	END IF;

	-- range: one below the minimum, one above the maximum
	FOR bad IN SELECT b FROM (VALUES (CASE WHEN c.has_min THEN c.min - 1 END),
	                                 (CASE WHEN c.has_max THEN c.max + 1 END)) v(b)
	           WHERE b IS NOT NULL LOOP
		IF c.create_arg IS NOT NULL THEN
			fp := pg_temp.fingerprint();
			RETURN NEXT is(pg_temp.error_of(pg_temp.call(c, 'create',
			                   CASE c.table_name WHEN 'tasks' THEN '{"title": "columns contract"}'::jsonb
			                                     ELSE '{"name": "columns contract"}' END
			                   || jsonb_build_object(c.name, bad))),
			               pg_temp.range_error(c, 'create', bad),
			               format('%s: create with %s is refused', label, bad));
			RETURN NEXT is(pg_temp.fingerprint(), fp, format('%s: the refused create with %s wrote nothing', label, bad));
		END IF;
		IF c.update_arg IS NOT NULL THEN
			fp := pg_temp.fingerprint();
			RETURN NEXT is(pg_temp.error_of(pg_temp.call(c, 'update', jsonb_build_object(c.name, bad), id)),
			               pg_temp.range_error(c, 'update', bad),
			               format('%s: update with %s is refused', label, bad));
			RETURN NEXT is(pg_temp.fingerprint(), fp, format('%s: the refused update with %s wrote nothing', label, bad));
		END IF;
	END LOOP;

	IF c.table_name <> 'tasks' THEN
		RETURN;
	END IF;

	-- four rows: the three values, and one that gives none
	rowids := ARRAY[pg_temp.new_row(c, v1), pg_temp.new_row(c, v2), pg_temp.new_row(c, v3), pg_temp.new_row(c, NULL)];

	-- filters: each key against plain SQL over the same rows
	FOREACH k IN ARRAY c.keys LOOP
		FOR q, cond IN
			SELECT f.q, f.cond FROM (VALUES
				-- the value; null for a nullable column
				(k = c.name, jsonb_build_object(k, v1), '%1$s = %2$s'),
				(k = c.name AND NOT c.not_null, jsonb_build_object(k, NULL), '%1$s IS NULL'),
				(k = 'has_' || c.stem, jsonb_build_object(k, true), '%1$s IS NOT NULL'),
				(k = 'has_' || c.stem, jsonb_build_object(k, false), '%1$s IS NULL'),
				(k = c.name || '_contains', jsonb_build_object(k, upper(substr(v1 #>> '{}', 2))), '%1$s ILIKE %3$s'),
				(k = c.name || '_prefix', jsonb_build_object(k, left(v1 #>> '{}', 3)), '%1$s LIKE %4$s'),
				(k = c.stem || '_after', jsonb_build_object(k, v1), '%1$s > %2$s'),
				(k = c.stem || '_before', jsonb_build_object(k, v2), '%1$s < %5$s'),
				(k = c.stem || '_min', jsonb_build_object(k, v2), '%1$s >= %5$s'),
				(k = c.stem || '_max', jsonb_build_object(k, v1), '%1$s <= %2$s')) f(applies, q, cond)
			WHERE f.applies
		LOOP
			IF NOT (CASE WHEN model THEN c.has_model ELSE c.has_find END) THEN
				RETURN NEXT skip('no find_tasks at this version', 1);
				CONTINUE;
			END IF;
			lit := pg_temp.literal(v1, c.sqltype);
			EXECUTE format('SELECT coalesce(array_agg(id ORDER BY id), %L) FROM taskdb.tasks WHERE id = ANY ($1) AND ',
			               '{}') ||
			        format(cond, quote_ident(c.name), lit,
			               quote_literal('%' || upper(substr(v1 #>> '{}', 2)) || '%'),
			               quote_literal(left(v1 #>> '{}', 3) || '%'),
			               pg_temp.literal(v2, c.sqltype))
				INTO want USING rowids;
			got := pg_temp.found(q || jsonb_build_object('ids', to_jsonb(rowids)));
			RETURN NEXT is(got, want, format('%s: the filter %s selects what plain SQL does', label, q));
		END LOOP;
	END LOOP;

	-- order, both ways
	IF c.orderable THEN
		FOR k IN SELECT unnest(ARRAY[c.name, '-' || c.name]) LOOP
			IF NOT (CASE WHEN model THEN c.has_model ELSE c.has_find END) THEN
				RETURN NEXT skip('no find_tasks at this version', 1);
				CONTINUE;
			END IF;
			EXECUTE format('SELECT array_agg(id ORDER BY %1$I %2$s, id %3$s) FROM taskdb.tasks WHERE id = ANY ($1)',
			               c.name, CASE WHEN k LIKE '-%' THEN 'DESC NULLS FIRST' ELSE 'ASC NULLS LAST' END,
			               CASE WHEN k LIKE '-%' THEN 'DESC' ELSE 'ASC' END)
				INTO want USING rowids;
			got := pg_temp.found(jsonb_build_object('order', k, 'ids', to_jsonb(rowids)));
			RETURN NEXT is(got, want, format('%s: "order": "%s" orders as plain SQL does (%s)', label, k,
			                                 CASE WHEN k LIKE '-%' THEN 'nulls first, ties by id descending'
			                                      ELSE 'nulls last, ties by id' END));
		END LOOP;
	END IF;
END
$fn$;

-- the ids find_tasks (the model path: model_list_tasks) returns for a
-- filter, in its order
CREATE FUNCTION pg_temp.found(q jsonb) RETURNS bigint[]
LANGUAGE plpgsql AS $fn$
DECLARE
	r bigint[];
BEGIN
	IF current_setting('contract.path') = 'model_' THEN
		SELECT coalesce(array_agg((e ->> 'id')::bigint ORDER BY n), '{}') INTO r
		FROM jsonb_array_elements(taskdb.model_list_tasks(q)) WITH ORDINALITY x(e, n);
	ELSE
		SELECT coalesce(array_agg(t.id ORDER BY t.ordinality), '{}') INTO r
		FROM taskdb.find_tasks(q) WITH ORDINALITY t;
	END IF;
	RETURN r;
END
$fn$;

\if :router
SELECT skip('the router runs tasks.sql, projects.sql, versions.sql and due.sql', :nchecks);
\else
SELECT pg_temp.column_checks(s) FROM settable s ORDER BY s.table_name DESC, s.position;
\endif

SELECT * FROM finish();
ROLLBACK;
