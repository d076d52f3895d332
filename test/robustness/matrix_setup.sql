-- The argument matrix: a database with taskdb, a little data, and in
-- schema matrix the plan (one row per call), the results, the values by
-- argument type, the user trigger sets and the procedure that runs a plan.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION taskdb CASCADE;

-- project 1 has tasks 1-3 (task 1 is at version 1), project 2 none (the
-- one the delete_project calls with good arguments delete), task 4 none
SELECT taskdb.create_project('alpha'), taskdb.create_project('empty');
SELECT count(*) FROM taskdb.create_tasks(ARRAY['t1', 't2', 't3'], 1);
SELECT taskdb.create_task('loose');
SELECT taskdb.update_task(3, done => true);

CREATE SCHEMA matrix;

-- every call: the function, which argument holds the value under test
-- (0: none, every argument good), the value's kind and expression, and
-- the statement
CREATE TABLE matrix.plan (
	id bigserial PRIMARY KEY,
	trigger_set text NOT NULL,
	fn regprocedure NOT NULL,
	pos int NOT NULL,
	argname text,
	kind text NOT NULL,
	expr text,
	sql text NOT NULL
);
CREATE TABLE matrix.result (
	plan_id bigint PRIMARY KEY REFERENCES matrix.plan,
	answered boolean NOT NULL,
	sqlstate text,	-- NULL when answered; CRASH when the backend died
	message text,
	detail text,
	ms numeric
);

-- the extension's functions, without trigger functions, with their IN
-- arguments' names and types
CREATE VIEW matrix.functions AS
SELECT p.oid::regprocedure AS fn, n.nspname, p.proname, p.pronargdefaults,
       coalesce((SELECT array_agg(a.name ORDER BY a.ord)
                 FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]),
                             coalesce(p.proargmodes, array_fill('i'::"char", ARRAY[p.pronargs])),
                             coalesce(p.proargnames, array_fill(''::text, ARRAY[p.pronargs])))
                      WITH ORDINALITY AS a(typ, mode, name, ord)
                 WHERE a.mode IN ('i', 'b', 'v')), '{}') AS argnames,
       ARRAY(SELECT unnest(p.proargtypes::oid[]))::regtype[] AS argtypes
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'taskdb'
WHERE p.prorettype <> 'trigger'::regtype AND p.prokind = 'f';

-- the good value of an argument: an existing task or project, a valid
-- title, '{}' for filters...
CREATE FUNCTION matrix.good(fn text, arg text, typ regtype) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
SELECT CASE
	WHEN typ = 'bigint'::regtype THEN
		CASE WHEN fn ~ 'delete_project' AND arg = 'id' THEN '2' ELSE '1' END
	WHEN typ = 'integer'::regtype THEN
		CASE arg WHEN 'lim' THEN '10' ELSE '1' END	-- expected_version: task 1 is at 1
	WHEN typ = 'boolean'::regtype THEN
		CASE arg WHEN 'done' THEN 'true' ELSE 'false' END
	WHEN typ = 'text'::regtype THEN
		CASE WHEN arg = 'load' THEN quote_literal('selectin')
		     WHEN fn ~ '^model_(schema|validate)' AND arg = 'name' THEN quote_literal('TaskCreate')
		     WHEN arg = 'body' THEN quote_literal('{"title": "matrix"}')
		     WHEN arg = 'name' THEN quote_literal('matrix project')
		     ELSE quote_literal('matrix title') END
	WHEN typ = 'text[]'::regtype THEN $v$ARRAY['matrix 1', 'matrix 2']$v$
	WHEN typ = 'bigint[]'::regtype THEN 'ARRAY[1, 2]'
	WHEN typ = 'jsonb'::regtype THEN
		CASE WHEN arg IN ('filter', 'query') THEN $v$'{}'$v$
		     WHEN arg = 'body' AND fn ~ 'project' THEN $v$'{"name": "matrix"}'$v$
		     WHEN arg = 'body' THEN $v$'{"title": "matrix"}'$v$
		     WHEN arg = 'patch' AND fn ~ 'project' THEN $v$'{"name": "matrix 2"}'$v$
		     ELSE $v$'{"title": "matrix 2"}'$v$ END
END
$$;

-- the values under test, by type: NULL, empty, huge, negative, extreme,
-- malformed
CREATE FUNCTION matrix.values_for(fn text, arg text, typ regtype)
RETURNS TABLE (kind text, expr text)
LANGUAGE sql IMMUTABLE AS $$
SELECT 'null', 'NULL'
UNION ALL
SELECT v.* FROM (VALUES
	('zero', '0'), ('negative', '-1'), ('missing', '987654321'),
	('int4_max', '2147483647'), ('int4_min', '-2147483648'),
	('int8_max', '9223372036854775807'), ('int8_min', '-9223372036854775808')) v
WHERE typ = 'bigint'::regtype
UNION ALL
SELECT v.* FROM (VALUES
	('zero', '0'), ('negative', '-1'), ('int4_max', '2147483647'), ('int4_min', '-2147483648')) v
WHERE typ = 'integer'::regtype
UNION ALL
SELECT v.* FROM (VALUES ('true', 'true'), ('false', 'false')) v
WHERE typ = 'boolean'::regtype
UNION ALL
SELECT v.* FROM (VALUES
	('empty', $v$''$v$), ('blank', $v$' '$v$),
	('len255_multibyte', $v$repeat('é', 255)$v$), ('len256_multibyte', $v$repeat('é', 256)$v$),
	('len256', $v$repeat('x', 256)$v$), ('huge_1mb', $v$repeat('x', 1048576)$v$),
	('malformed', $v$'bogus'$v$), ('quote_and_sql', $v$'x''); DROP TABLE taskdb.tasks; --'$v$),
	('like_chars', $v$'%_\'$v$), ('json_text_broken', $v$'{"title": '$v$),
	('json_text_array', $v$'[{"title": "x"}]'$v$), ('control_chars', $v$E'\t\n\x01'$v$)) v
WHERE typ = 'text'::regtype
UNION ALL
SELECT 'valid_' || l, quote_literal(l)
FROM unnest(ARRAY['lazy', 'selectin', 'joined', 'raise', 'SELECTIN']) l
WHERE typ = 'text'::regtype AND arg = 'load'
UNION ALL
SELECT 'model_' || m, quote_literal(m)
FROM unnest(ARRAY['Task', 'TaskCreate', 'TaskUpdate', 'Project', 'ProjectCreate',
                  'ProjectUpdate', 'taskcreate']) m
WHERE typ = 'text'::regtype AND fn ~ '^model_(schema|validate)' AND arg = 'name'
UNION ALL
SELECT v.* FROM (VALUES
	('empty', $v$'{}'$v$), ('null_element', $v$ARRAY['a', NULL]$v$),
	('all_null', 'ARRAY[NULL]'), ('empty_element', $v$ARRAY['a', '']$v$),
	('long_element', $v$ARRAY[repeat('x', 256)]$v$),
	('huge_element_1mb', $v$ARRAY[repeat('x', 1048576)]$v$),
	('huge_100k', $v$ARRAY(SELECT 'h' || g FROM generate_series(1, 100000) g)$v$),
	('two_dims', $v$ARRAY[['a', 'b'], ['c', 'd']]$v$),
	('lower_bound_5', $v$'[5:6]={a,b}'$v$)) v
WHERE typ = 'text[]'::regtype
UNION ALL
SELECT v.* FROM (VALUES
	('empty', $v$'{}'$v$), ('null_element', 'ARRAY[1, NULL]'), ('all_null', 'ARRAY[NULL]'),
	('negative', 'ARRAY[-1, 0]'), ('extreme', 'ARRAY[-9223372036854775808, 9223372036854775807]'),
	('duplicates', 'ARRAY[1, 1, 1]'), ('missing', 'ARRAY[987654321]'),
	('huge_100k', 'ARRAY(SELECT g FROM generate_series(1, 100000) g)'),
	('two_dims', 'ARRAY[[1, 2], [3, 4]]'), ('lower_bound_5', $v$'[5:6]={1,2}'$v$)) v
WHERE typ = 'bigint[]'::regtype
UNION ALL
SELECT k, quote_literal(j) FROM (VALUES
	-- shapes
	('empty_object', '{}'), ('empty_array', '[]'), ('json_null', 'null'),
	('string', '"x"'), ('number', '1'), ('boolean', 'true'),
	('array_of_object', '[{"title": "x", "name": "x"}]'),
	('unknown_key', '{"colour": "red"}'), ('empty_key', '{"": 1}'),
	('nested_object', '{"title": {"title": "x"}}'),
	-- filter keys with wrong or extreme values
	('done_string', '{"done": "true"}'), ('done_null', '{"done": null}'),
	('project_id_string', '{"project_id": "1"}'), ('project_id_float', '{"project_id": 1.5}'),
	('project_id_huge', '{"project_id": 1e30}'), ('project_id_nested', '{"project_id": [[1]]}'),
	('project_id_null_in_array', '{"project_id": [1, null]}'), ('project_id_object', '{"project_id": {"a": 1}}'),
	('has_project_number', '{"has_project": 1}'), ('title_contains_number', '{"title_contains": 5}'),
	('title_prefix_null', '{"title_prefix": null}'),
	('created_after_now', '{"created_after": "now"}'), ('created_after_infinity', '{"created_after": "infinity"}'),
	('created_after_garbage', '{"created_after": "garbage"}'),
	('created_before_far', '{"created_before": "294277-01-01"}'),
	('ids_object', '{"ids": {"a": 1}}'), ('ids_float', '{"ids": [1.5]}'),
	('ids_int8_overflow', '{"ids": [9223372036854775808]}'), ('ids_null_element', '{"ids": [null]}'),
	('order_bogus', '{"order": "bogus"}'), ('order_dash', '{"order": "-"}'), ('order_number', '{"order": 5}'),
	('after_string', '{"after": "x"}'), ('after_negative', '{"after": -1}'),
	('after_with_order', '{"after": 1, "order": "-title"}'),
	('limit_negative', '{"limit": -1}'), ('limit_int4_overflow', '{"limit": 2147483648}'),
	('limit_1e400', '{"limit": 1e400}'), ('offset_negative', '{"offset": -1}'),
	('offset_huge', '{"offset": 1e30}'),
	-- model fields with wrong or extreme values
	('title_number', '{"title": 1}'), ('title_null', '{"title": null}'), ('title_empty', '{"title": ""}'),
	('title_256', '{"title": "' || repeat('x', 256) || '"}'),
	('done_yes', '{"title": "x", "done": "yes"}'), ('project_id_negative', '{"title": "x", "project_id": -1}'),
	('project_id_int8_overflow', '{"title": "x", "project_id": 9223372036854775808}'),
	('id_given', '{"id": 1, "title": "x"}'), ('version_string', '{"version": "x"}'),
	('version_int4_overflow', '{"version": 2147483648}'), ('version_zero', '{"version": 0}'),
	('name_number', '{"name": 1}'), ('name_empty', '{"name": ""}'),
	('created_at_now', '{"title": "x", "created_at": "now"}'),
	('every_field', '{"id": 1, "title": "x", "name": "x", "done": true, "project_id": 1, "version": 1, "created_at": "2020-01-01T00:00:00Z"}')) v(k, j)
WHERE typ = 'jsonb'::regtype
UNION ALL
SELECT v.* FROM (VALUES
	('many_keys_100k', '(SELECT jsonb_object_agg(''k'' || g, g) FROM generate_series(1, 100000) g)'),
	('huge_title_1mb', $v$jsonb_build_object('title', repeat('x', 1048576), 'name', repeat('x', 1048576))$v$),
	('huge_filter_1mb', $v$jsonb_build_object('title_contains', repeat('%', 1048576))$v$),
	('huge_ids_100k', $v$jsonb_build_object('ids', (SELECT jsonb_agg(g) FROM generate_series(1, 100000) g))$v$),
	('deep_nesting', $v$jsonb_build_object('title', (repeat('[', 5000) || repeat(']', 5000))::jsonb)$v$)) v
WHERE typ = 'jsonb'::regtype
$$;

-- build the plan of one trigger set: every function with every argument
-- good, with only its required arguments, and with each value of
-- values_for in each position in turn (huge values only if with_huge)
CREATE FUNCTION matrix.build(p_set text, with_huge boolean, writers_only boolean)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	f record;
	v record;
	goods text[];
	args text[];
	i int;
	n bigint := 0;
	req int;
BEGIN
	FOR f IN SELECT * FROM matrix.functions ORDER BY fn::text LOOP
		IF writers_only AND f.proname !~ '(create|update|delete|complete|move)' THEN
			CONTINUE;
		END IF;
		goods := ARRAY(SELECT format('(%s)::%s', matrix.good(f.proname, f.argnames[j], f.argtypes[j]), f.argtypes[j])
		               FROM generate_subscripts(f.argtypes, 1) j ORDER BY j);
		INSERT INTO matrix.plan (trigger_set, fn, pos, kind, sql)
		VALUES (p_set, f.fn, 0, 'good',
		        format('SELECT count(*) FROM %I.%I(%s) AS r', f.nspname, f.proname, array_to_string(goods, ', ')));
		n := n + 1;
		IF f.pronargdefaults > 0 THEN
			req := cardinality(goods) - f.pronargdefaults;
			INSERT INTO matrix.plan (trigger_set, fn, pos, kind, sql)
			VALUES (p_set, f.fn, 0, 'defaults',
			        format('SELECT count(*) FROM %I.%I(%s) AS r', f.nspname, f.proname,
			               array_to_string(goods[1:req], ', ')));
			n := n + 1;
		END IF;
		FOR i IN 1 .. coalesce(cardinality(f.argtypes), 0) LOOP
			FOR v IN SELECT * FROM matrix.values_for(f.proname, f.argnames[i], f.argtypes[i]) LOOP
				IF NOT with_huge AND v.kind ~ 'huge|many' THEN
					CONTINUE;
				END IF;
				args := goods;
				args[i] := format('(%s)::%s', v.expr, f.argtypes[i]);
				INSERT INTO matrix.plan (trigger_set, fn, pos, argname, kind, expr, sql)
				VALUES (p_set, f.fn, i, f.argnames[i], v.kind, v.expr,
				        format('SELECT count(*) FROM %I.%I(%s) AS r', f.nspname, f.proname,
				               array_to_string(args, ', ')));
				n := n + 1;
			END LOOP;
		END LOOP;
	END LOOP;
	RETURN n;
END
$$;

-- run the calls of a trigger set that have no result yet (or only p_only),
-- each in its own subtransaction that is always rolled back (a call that
-- answers raises TDBOK afterwards), so every call sees the same data.  A
-- NOTICE names each call before it runs (a NOTICE is flushed to the client
-- at once: if the backend dies, the last one names the call that killed
-- it), and every result is committed at once.
CREATE PROCEDURE matrix.run(p_set text, p_only bigint DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
	c record;
	st text;
	msg text;
	det text;
	t0 timestamptz;
BEGIN
	FOR c IN SELECT p.* FROM matrix.plan p
	         WHERE p.trigger_set = p_set AND (p_only IS NULL OR p.id = p_only)
	           AND NOT EXISTS (SELECT FROM matrix.result r WHERE r.plan_id = p.id)
	         ORDER BY p.id LOOP
		RAISE NOTICE 'matrix call %', c.id;
		t0 := clock_timestamp();
		BEGIN
			EXECUTE c.sql;
			RAISE EXCEPTION 'answered' USING ERRCODE = 'TDBOK';
		EXCEPTION
			WHEN query_canceled THEN
				GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
			WHEN OTHERS THEN
				GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
		END;
		INSERT INTO matrix.result VALUES (c.id, st = 'TDBOK',
			nullif(st, 'TDBOK'), CASE WHEN st <> 'TDBOK' THEN left(msg, 2000) END,
			CASE WHEN st <> 'TDBOK' THEN left(det, 2000) END,
			round(extract(epoch FROM clock_timestamp() - t0) * 1000, 1));
		COMMIT;
	END LOOP;
END
$$;

-- user triggers, one set at a time, on both tables
CREATE FUNCTION matrix.tg_null() RETURNS trigger LANGUAGE plpgsql AS
$$BEGIN RETURN NULL; END$$;
CREATE FUNCTION matrix.tg_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'tasks' THEN
		NEW.title := NEW.title || '!';
		NEW.done := NOT NEW.done;
	ELSE
		NEW.name := NEW.name || '!';
	END IF;
	RETURN NEW;
END
$$;
CREATE FUNCTION matrix.tg_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'matrix: AFTER % trigger on % refuses', TG_OP, TG_TABLE_NAME
		USING ERRCODE = 'TDB01';
END
$$;
CREATE PROCEDURE matrix.use_triggers(p_set text) LANGUAGE plpgsql AS $$
DECLARE
	t text;
	tg record;
BEGIN
	FOR tg IN SELECT tgname, tgrelid::regclass AS rel FROM pg_trigger
	          WHERE tgname LIKE 'matrix\_%' AND NOT tgisinternal LOOP
		EXECUTE format('DROP TRIGGER %I ON %s', tg.tgname, tg.rel);
	END LOOP;
	FOREACH t IN ARRAY ARRAY['tasks', 'projects'] LOOP
		CASE p_set
		WHEN 'none' THEN NULL;
		WHEN 'before_null' THEN
			EXECUTE format('CREATE TRIGGER matrix_before_null BEFORE INSERT OR UPDATE OR DELETE ON taskdb.%I
			                FOR EACH ROW EXECUTE FUNCTION matrix.tg_null()', t);
		WHEN 'before_change' THEN
			EXECUTE format('CREATE TRIGGER matrix_before_change BEFORE INSERT OR UPDATE ON taskdb.%I
			                FOR EACH ROW EXECUTE FUNCTION matrix.tg_change()', t);
		WHEN 'after_raise' THEN
			EXECUTE format('CREATE TRIGGER matrix_after_raise AFTER INSERT OR UPDATE OR DELETE ON taskdb.%I
			                FOR EACH ROW EXECUTE FUNCTION matrix.tg_raise()', t);
		END CASE;
	END LOOP;
END
$$;
