-- The functions of taskdb at the installed version: signatures, result types,
-- volatility, strictness, PARALLEL labels, security, language, the C symbol
-- each is bound to, the binding of each canonical function and its raw_
-- twin to one C symbol, and the builder_ and orm_ paths declared exactly
-- like the canonical API.  One row of the table "fn" below describes one
-- function; each SELECT turns every row into one test, so the plan is
-- counted from the table (and the table is checked against the catalog by
-- functions_are, and against the description).  The arguments of the
-- functions of the API are not typed here: they are the description's
-- (test/description.sql, test/described.sql) at the installed version, so
-- a column a version adds to create_task and update_task changes no line.
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off
\ir ../description.sql
\ir ../described.sql

BEGIN;

CREATE TEMP TABLE fn (
	name text,
	args text[],			-- argument types, as regtype prints them
	arguments text,			-- pg_get_function_arguments(): names and defaults
	result text,			-- pg_get_function_result()
	volatility text,
	strict boolean,
	parallel "char",
	lang text,
	symbol text,			-- the C symbol (prosrc), NULL for SQL functions
	est_rows real			-- prorows of set-returning C functions
) ON COMMIT DROP;

-- The functions of the API have the arguments the description gives them
-- at the installed version: they are filled in below from described_args
-- (NULL here).  Each is also declared as the description says in pg_temp,
-- without a body, so that pg_get_function_arguments() of that twin is
-- what the real one must print.
DO $$
DECLARE
	f record;
BEGIN
	FOR f IN
		SELECT d.name,
		       (SELECT string_agg(format('%I %s%s', a.name, a.sqltype, ' DEFAULT ' || a.default_sql), ', '
		                          ORDER BY a.position)
		        FROM described_args a WHERE a.function = d.base) AS decl
		FROM described_functions d
	LOOP
		EXECUTE format('CREATE FUNCTION pg_temp.%I(%s) RETURNS void LANGUAGE plpgsql AS %L',
					   'described_' || f.name, coalesce(f.decl, ''), 'BEGIN END');
	END LOOP;
END
$$;

-- the canonical API; each has a raw_ twin, added below
INSERT INTO fn VALUES
('create_task', NULL, NULL, 'taskdb.tasks', 'volatile', false, 'u', 'c', 'raw_create_task', NULL),
('get_task', NULL, NULL, 'SETOF taskdb.tasks', 'stable', true, 's', 'c', 'raw_get_task', 1),
('get_tasks', NULL, NULL, 'SETOF taskdb.tasks', 'stable', true, 's', 'c', 'raw_get_tasks', 10),
('list_tasks', NULL, NULL, 'SETOF taskdb.tasks', 'stable', false, 's', 'c', 'raw_list_tasks', 100),
('update_task', NULL, NULL, 'taskdb.tasks', 'volatile', false, 'u', 'c', 'raw_update_task', NULL),
('delete_task', NULL, NULL, 'taskdb.tasks', 'volatile', false, 'u', 'c', 'raw_delete_task', NULL),
('create_tasks', NULL, NULL, 'SETOF taskdb.tasks', 'volatile', false, 'u', 'c', 'raw_create_tasks', 100),
('create_project', NULL, NULL, 'taskdb.projects', 'volatile', false, 'u', 'c', 'raw_create_project', NULL),
('get_project', NULL, NULL, 'SETOF taskdb.projects', 'stable', true, 's', 'c', 'raw_get_project', 1),
('list_projects', NULL, NULL, 'SETOF taskdb.projects', 'stable', false, 's', 'c', 'raw_list_projects', 100),
('delete_project', NULL, NULL, 'taskdb.projects', 'volatile', false, 'u', 'c', 'raw_delete_project', NULL);

-- the raw_ twins: the same C functions
INSERT INTO fn
SELECT 'raw_' || name, args, arguments, result, volatility, strict, parallel, lang, symbol, est_rows
FROM fn;

-- the builder path (1.3) and the orm path (1.4): the same declarations,
-- bound to their own C functions
INSERT INTO fn
SELECT p || name, args, arguments, result, volatility, strict, parallel, lang,
       p || substr(symbol, 5), est_rows
FROM fn, (VALUES ('builder_'), ('orm_')) v(p)
WHERE name NOT LIKE 'raw\_%';

-- builder: dynamic search and the report.  PARALLEL UNSAFE: a timestamp in
-- the filter is parsed in a subtransaction.
INSERT INTO fn VALUES
('find_tasks', NULL, NULL,
 'SETOF taskdb.tasks', 'stable', false, 'u', 'c', 'builder_find_tasks', 100),
('find_tasks_sql', NULL, NULL,
 'TABLE(sql text, params text[])', 'stable', false, 'u', 'c', 'builder_find_tasks_sql', 1),
('project_report', NULL, NULL,
 'TABLE(project_id bigint, name character varying, total bigint, done bigint, open bigint, first_created timestamp with time zone, last_created timestamp with time zone, overdue bigint)',
 'stable', false, 'u', 'c', 'builder_project_report', 100);

-- orm: domain operations and statement accounting
INSERT INTO fn VALUES
('project_tree', NULL, NULL,
 'jsonb', 'stable', false, 's', 'c', 'orm_project_tree', NULL),
('complete_project', NULL, NULL,
 'integer', 'volatile', false, 'u', 'c', 'orm_complete_project', NULL),
('move_tasks', NULL, NULL,
 'integer', 'volatile', false, 'u', 'c', 'orm_move_tasks', NULL),
('path_statistics', '{}',
 'OUT path text, OUT calls bigint, OUT selects bigint, OUT inserts bigint, OUT updates bigint, OUT deletes bigint, OUT statements bigint, OUT rows bigint',
 'SETOF record', 'volatile', false, 'r', 'c', 'taskdb_path_statistics', 4),
('path_stats_reset', '{}', '',
 'void', 'volatile', false, 'r', 'c', 'taskdb_path_stats_reset', NULL);

-- model (1.5): jsonb in and out.  PARALLEL UNSAFE where validation may
-- parse JSON text or a timestamp in a subtransaction.
INSERT INTO fn VALUES
('model_schema', NULL, NULL, 'jsonb', 'immutable', true, 's', 'c', 'model_schema', NULL),
('model_validate', NULL, NULL, 'jsonb', 'stable', true, 'u', 'c', 'model_validate', NULL),
('model_validate_json', NULL, NULL, 'jsonb', 'stable', true, 'u', 'c', 'model_validate_json', NULL),
('model_create_task', NULL, NULL, 'jsonb', 'volatile', false, 'u', 'c', 'model_create_task', NULL),
('model_get_task', NULL, NULL, 'jsonb', 'stable', true, 's', 'c', 'model_get_task', NULL),
('model_list_tasks', NULL, NULL, 'jsonb', 'stable', false, 'u', 'c', 'model_list_tasks', NULL),
('model_update_task', NULL, NULL, 'jsonb', 'volatile', false, 'u', 'c', 'model_update_task', NULL),
('model_delete_task', NULL, NULL, 'jsonb', 'volatile', false, 'u', 'c', 'model_delete_task', NULL),
('model_create_project', NULL, NULL, 'jsonb', 'volatile', false, 'u', 'c', 'model_create_project', NULL),
('model_get_project', NULL, NULL, 'jsonb', 'stable', true, 's', 'c', 'model_get_project', NULL),
('model_list_projects', NULL, NULL, 'jsonb', 'stable', false, 's', 'c', 'model_list_projects', NULL),
('model_update_project', NULL, NULL, 'jsonb', 'volatile', false, 'u', 'c', 'model_update_project', NULL),
('model_delete_project', NULL, NULL, 'jsonb', 'volatile', false, 'u', 'c', 'model_delete_project', NULL);

-- the keyset cursor tokens (1.8): a token from a row, and from a model's
-- JSON; they read no table
INSERT INTO fn VALUES
('task_cursor', NULL, NULL, 'text', 'stable', false, 's', 'c', 'task_cursor', NULL),
('model_task_cursor', NULL, NULL, 'text', 'stable', false, 's', 'c', 'model_task_cursor', NULL);

-- the trigger function and the migration helpers
INSERT INTO fn VALUES
('bump_version', '{}', '', 'trigger', 'volatile', false, 'u', 'c', 'taskdb_bump_version', NULL),
('library_version', '{}', '', 'text', 'immutable', true, 's', 'c', 'taskdb_library_version', NULL),
('schema_description', '{}',
 'OUT table_name text, OUT kind text, OUT name text, OUT definition text, OUT since text',
 'SETOF record', 'immutable', true, 's', 'c', 'taskdb_schema_description', NULL),
('schema_drift', '{}', 'OUT object text, OUT expected text, OUT actual text',
 'SETOF record', 'stable', false, 's', 'sql', NULL, NULL),
('migration_status', '{}',
 'OUT installed_version text, OUT default_version text, OUT library_version text, OUT pending_path text, OUT drift_count bigint',
 'record', 'stable', false, 's', 'sql', NULL, NULL);

-- the arguments of the API, from the description
UPDATE fn SET args = coalesce(string_to_array(nullif(d.argtypes, ''), ', '), '{}'),
              arguments = pg_get_function_arguments(
                  (SELECT p.oid FROM pg_proc p
                   WHERE p.pronamespace = pg_my_temp_schema() AND p.proname = 'described_' || d.name))
FROM described_functions d WHERE d.name = fn.name;

-- A version only appends arguments (with defaults), and each of its
-- update scripts replaces a function whose arguments grew: no earlier
-- version's signature is left beside the current one as an overload.
-- Every signature a function of the API had at an earlier version, when
-- it differs from the current one.
CREATE TEMP TABLE gone (name text, args text[]) ON COMMIT DROP;
INSERT INTO gone
SELECT DISTINCT f.name, coalesce(array_agg(format_type(a.sqltype::regtype, NULL) ORDER BY a.position)
                                 FILTER (WHERE a.position IS NOT NULL), '{}')
FROM described_functions f
JOIN description_versions v ON v.num >= f.since AND v.num < (SELECT num FROM described_version)
LEFT JOIN description_args a ON a.function = f.base AND a.since <= v.num
GROUP BY f.name, v.num
HAVING coalesce(array_agg(format_type(a.sqltype::regtype, NULL) ORDER BY a.position)
                FILTER (WHERE a.position IS NOT NULL), '{}')
       <> string_to_array(nullif(min(f.argtypes), ''), ', ');

-- the oid of each function, found by name and argument types
CREATE TEMP VIEW fnp AS
SELECT f.*, p.oid AS oid, p.prosrc, p.probin, p.proparallel, p.prorows
FROM fn f
LEFT JOIN pg_proc p
  ON p.pronamespace = 'taskdb'::regnamespace AND p.proname = f.name
 AND oidvectortypes(p.proargtypes) = array_to_string(f.args, ', ');

SELECT 5                                               -- the fixed tests
     + 8 * (SELECT count(*) FROM fn)                   -- eight properties of every function
     + (SELECT count(*) FROM fn WHERE lang = 'c')      -- C symbols
     + (SELECT count(*) FROM fn WHERE est_rows IS NOT NULL)
     + (SELECT count(*) FROM fn WHERE name LIKE 'raw\_%')       -- twins share a symbol
     + (SELECT count(*) FROM fn WHERE name ~ '^(raw|builder|orm)_') -- declared like canonical
     + (SELECT count(*) FROM fn WHERE lang = 'sql')    -- search_path
     + (SELECT count(*) FROM gone)                     -- earlier signatures gone
     + (SELECT count(*) FROM described_functions)      -- declared as described
  AS ntests \gset
SELECT plan(:ntests);

SELECT set_eq('SELECT name FROM fn WHERE args IS NULL OR name IN (SELECT name FROM described_functions)',
              'SELECT name FROM described_functions',
              'the functions of the API here are those the description has at the installed version');
SELECT is((SELECT count(*) FROM fn WHERE args IS NULL), 0::bigint,
          'every function of the API here has the description''s arguments');
SELECT is((SELECT count(*) FROM fn),
          (SELECT count(*) FROM described_functions) + 7,
          'the functions are the API''s and seven more: the trigger, the two of path_stats, the four migration helpers');
SELECT functions_are('taskdb', ARRAY(SELECT name FROM fn),
                     'schema taskdb has exactly these functions');

SELECT has_function('taskdb', name, args, format('taskdb.%s(%s) exists', name, array_to_string(args, ', ')))
FROM fn ORDER BY name;

SELECT hasnt_function('taskdb', name, args,
                      format('taskdb.%s(%s), an earlier version''s signature, is gone', name, array_to_string(args, ', ')))
FROM gone ORDER BY name, args;

SELECT is(pg_get_function_arguments(oid), arguments, format('taskdb.%s: argument names and defaults', name))
FROM fnp ORDER BY name;

SELECT is(pg_get_function_result(oid), result, format('taskdb.%s returns %s', name, result))
FROM fnp ORDER BY name;

SELECT volatility_is('taskdb', name, args, volatility, format('taskdb.%s is %s', name, volatility))
FROM fn ORDER BY name;

SELECT CASE WHEN strict
            THEN is_strict('taskdb', name, args, format('taskdb.%s is STRICT', name))
            ELSE isnt_strict('taskdb', name, args, format('taskdb.%s is not STRICT', name)) END
FROM fn ORDER BY name;

SELECT is(proparallel, parallel,
          format('taskdb.%s is PARALLEL %s', name, CASE parallel WHEN 's' THEN 'SAFE' WHEN 'r' THEN 'RESTRICTED' ELSE 'UNSAFE' END))
FROM fnp ORDER BY name;

SELECT isnt_definer('taskdb', name, args, format('taskdb.%s is SECURITY INVOKER', name))
FROM fn ORDER BY name;

SELECT function_lang_is('taskdb', name, args, lang, format('taskdb.%s is written in %s', name, lang))
FROM fn ORDER BY name;

SELECT is(prosrc || ' in ' || probin, symbol || ' in $libdir/taskdb',
          format('taskdb.%s is bound to the C symbol %s of $libdir/taskdb', name, symbol))
FROM fnp WHERE lang = 'c' ORDER BY name;

SELECT is(prorows, est_rows, format('taskdb.%s estimates %s rows', name, est_rows))
FROM fnp WHERE est_rows IS NOT NULL ORDER BY name;

-- each canonical function and its raw_ twin: one C function
SELECT is(r.prosrc || ' in ' || r.probin, c.prosrc || ' in ' || c.probin,
          format('taskdb.%s and taskdb.%s are bound to the same C symbol', c.name, r.name))
FROM fnp c JOIN fnp r ON r.name = 'raw_' || c.name
ORDER BY c.name;

-- the raw_, builder_ and orm_ functions are declared exactly like the
-- canonical ones (the same CRUD contract)

SELECT is(
    (SELECT ROW(p.proargtypes, p.proargnames, pg_get_function_arguments(p.oid), p.prorettype,
                p.proretset, p.provolatile, p.proisstrict, p.proparallel, p.prosecdef,
                p.prorows, p.procost, p.proconfig)::text
     FROM pg_proc p WHERE p.oid = r.oid),
    (SELECT ROW(p.proargtypes, p.proargnames, pg_get_function_arguments(p.oid), p.prorettype,
                p.proretset, p.provolatile, p.proisstrict, p.proparallel, p.prosecdef,
                p.prorows, p.procost, p.proconfig)::text
     FROM pg_proc p WHERE p.oid = c.oid),
    format('taskdb.%s is declared exactly like taskdb.%s', r.name, c.name))
FROM fnp c JOIN fnp r ON r.name IN ('raw_' || c.name, 'builder_' || c.name, 'orm_' || c.name)
ORDER BY r.name;

-- the description's result and options (volatility, strictness, PARALLEL
-- label, estimated rows) are the catalog's
SELECT is(concat_ws(' ', pg_get_function_result(p.oid),
                    CASE p.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE' ELSE 'VOLATILE' END,
                    CASE WHEN p.proisstrict THEN 'STRICT' END,
                    'PARALLEL ' || CASE p.proparallel WHEN 's' THEN 'SAFE' WHEN 'r' THEN 'RESTRICTED' ELSE 'UNSAFE' END,
                    CASE WHEN p.proretset THEN 'ROWS ' || p.prorows END),
          concat_ws(' ', coalesce(d.result, 'TABLE(' || (SELECT string_agg(o.name || ' ' || format_type(o.sqltype::regtype, NULL), ', ' ORDER BY o.position)
                                                          FROM description_outs o WHERE o.function = d.base
                                                            AND o.since <= (SELECT num FROM described_version)) || ')'),
                    d.options),
          format('taskdb.%s is declared as the description says (%s)', d.name, d.options))
FROM described_functions d
LEFT JOIN fnp f ON f.name = d.name
LEFT JOIN pg_proc p ON p.oid = f.oid
ORDER BY d.name;

-- the SQL helpers do not depend on the caller's search_path
SELECT is((SELECT proconfig FROM pg_proc WHERE oid = fnp.oid), ARRAY['search_path=pg_catalog, pg_temp'],
          format('taskdb.%s sets search_path = pg_catalog, pg_temp', name))
FROM fnp WHERE lang = 'sql' ORDER BY name;
SELECT is((SELECT count(*) FROM fnp JOIN pg_proc p ON p.oid = fnp.oid
           WHERE fnp.lang = 'c' AND p.proconfig IS NOT NULL), 0::bigint,
          'no C function carries SET options');

SELECT * FROM finish();
ROLLBACK;
