-- The functions of taskdb at version 1.2: signatures, result
-- types, volatility, strictness, PARALLEL labels, security, language, and
-- the binding of each canonical function and its raw_ twin to one C symbol.
-- One row of the table "fn" below describes one function; each SELECT
-- turns every row into one test.
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SELECT plan(280);

CREATE TEMP TABLE fn (
	name text,
	args text[],			-- argument types, as regtype prints them
	arguments text,			-- pg_get_function_arguments(): names and defaults
	returns text,			-- as pgTAP's function_returns() spells it
	volatility text,
	strict boolean,
	parallel "char",
	lang text,
	symbol text,			-- the C symbol (prosrc), NULL for SQL functions
	est_rows real			-- prorows of set-returning C functions
) ON COMMIT DROP;

-- the canonical API; each has a raw_ twin, added below
INSERT INTO fn VALUES
('create_task', '{text,bigint}',
 'title text, project_id bigint DEFAULT NULL::bigint',
 'taskdb.tasks', 'volatile', false, 'u', 'c', 'raw_create_task', NULL),
('get_task', '{bigint}', 'id bigint',
 'setof taskdb.tasks', 'stable', true, 's', 'c', 'raw_get_task', 1),
('get_tasks', '{bigint[]}', 'ids bigint[]',
 'setof taskdb.tasks', 'stable', true, 's', 'c', 'raw_get_tasks', 10),
('list_tasks', '{boolean,bigint,integer,bigint}',
 'done boolean DEFAULT NULL::boolean, after_id bigint DEFAULT NULL::bigint, lim integer DEFAULT 100, project_id bigint DEFAULT NULL::bigint',
 'setof taskdb.tasks', 'stable', false, 's', 'c', 'raw_list_tasks', 100),
('update_task', '{bigint,text,boolean,bigint,boolean,integer}',
 'id bigint, title text DEFAULT NULL::text, done boolean DEFAULT NULL::boolean, project_id bigint DEFAULT NULL::bigint, clear_project boolean DEFAULT false, expected_version integer DEFAULT NULL::integer',
 'taskdb.tasks', 'volatile', false, 'u', 'c', 'raw_update_task', NULL),
('delete_task', '{bigint}', 'id bigint',
 'taskdb.tasks', 'volatile', false, 'u', 'c', 'raw_delete_task', NULL),
('create_tasks', '{text[],bigint}',
 'titles text[], project_id bigint DEFAULT NULL::bigint',
 'setof taskdb.tasks', 'volatile', false, 'u', 'c', 'raw_create_tasks', 100),
('create_project', '{text}', 'name text',
 'taskdb.projects', 'volatile', false, 'u', 'c', 'raw_create_project', NULL),
('get_project', '{bigint}', 'id bigint',
 'setof taskdb.projects', 'stable', true, 's', 'c', 'raw_get_project', 1),
('list_projects', '{bigint,integer}',
 'after_id bigint DEFAULT NULL::bigint, lim integer DEFAULT 100',
 'setof taskdb.projects', 'stable', false, 's', 'c', 'raw_list_projects', 100),
('delete_project', '{bigint,boolean}',
 'id bigint, cascade boolean DEFAULT false',
 'taskdb.projects', 'volatile', false, 'u', 'c', 'raw_delete_project', NULL);

INSERT INTO fn
SELECT 'raw_' || name, args, arguments, returns, volatility, strict, parallel, lang, symbol, est_rows
FROM fn;

-- the trigger function and the migration helpers
INSERT INTO fn VALUES
('bump_version', '{}', '', 'trigger', 'volatile', false, 'u', 'c', 'taskdb_bump_version', NULL),
('library_version', '{}', '', 'text', 'immutable', true, 's', 'c', 'taskdb_library_version', NULL),
('schema_description', '{}',
 'OUT table_name text, OUT kind text, OUT name text, OUT definition text, OUT since text',
 'setof record', 'immutable', true, 's', 'c', 'taskdb_schema_description', NULL),
('schema_drift', '{}', 'OUT object text, OUT expected text, OUT actual text',
 'setof record', 'stable', false, 's', 'sql', NULL, NULL),
('migration_status', '{}',
 'OUT installed_version text, OUT default_version text, OUT library_version text, OUT pending_path text, OUT drift_count bigint',
 'record', 'stable', false, 's', 'sql', NULL, NULL);

-- the oid of each function, found by name and argument types
CREATE TEMP VIEW fnp AS
SELECT f.*, p.oid AS oid, p.prosrc, p.probin, p.proparallel, p.prorows
FROM fn f
LEFT JOIN pg_proc p
  ON p.pronamespace = 'taskdb'::regnamespace AND p.proname = f.name
 AND oidvectortypes(p.proargtypes) = array_to_string(f.args, ', ');

SELECT is((SELECT count(*) FROM fn), 27::bigint, 'the description lists 27 functions');
SELECT functions_are('taskdb', ARRAY(SELECT name FROM fn),
                     'schema taskdb has exactly the functions of 1.2');

SELECT has_function('taskdb', name, args, format('taskdb.%s(%s) exists', name, array_to_string(args, ', ')))
FROM fn ORDER BY name;

SELECT is(pg_get_function_arguments(oid), arguments, format('taskdb.%s: argument names and defaults', name))
FROM fnp ORDER BY name;

SELECT function_returns('taskdb', name, args, returns, format('taskdb.%s returns %s', name, returns))
FROM fn ORDER BY name;

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

-- each canonical function and its raw_ twin: one C function, one declaration
SELECT is(r.prosrc || ' in ' || r.probin, c.prosrc || ' in ' || c.probin,
          format('taskdb.%s and taskdb.%s are bound to the same C symbol', c.name, r.name))
FROM fnp c JOIN fnp r ON r.name = 'raw_' || c.name
ORDER BY c.name;

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
FROM fnp c JOIN fnp r ON r.name = 'raw_' || c.name
ORDER BY c.name;

-- the SQL helpers do not depend on the caller's search_path
SELECT is((SELECT proconfig FROM pg_proc WHERE oid = fnp.oid), ARRAY['search_path=pg_catalog, pg_temp'],
          format('taskdb.%s sets search_path = pg_catalog, pg_temp', name))
FROM fnp WHERE lang = 'sql' ORDER BY name;
SELECT is((SELECT count(*) FROM fnp JOIN pg_proc p ON p.oid = fnp.oid
           WHERE fnp.lang = 'c' AND p.proconfig IS NOT NULL), 0::bigint,
          'no C function carries SET options');

SELECT * FROM finish();
ROLLBACK;
