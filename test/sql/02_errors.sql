--
-- 02_errors: the exact text and SQLSTATE of every error the extension
-- raises.  Each failing statement is followed by \echo of psql's SQLSTATE
-- variable, the code of the error just shown.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
-- task 1 and project 1 to work on
SELECT id, title FROM taskdb.create_task('existing task');
SELECT id, name FROM taskdb.create_project('existing project');

--
-- Titles: empty (23514), too long (22001, with the counts), NULL (22004),
-- on create_task, update_task and both names.
--
SELECT taskdb.create_task('');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_create_task('', 1);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.update_task(1, '');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.create_task(repeat('x', 256));
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_update_task(1, repeat('x', 1000));
\echo SQLSTATE :SQLSTATE
SELECT taskdb.create_task(NULL);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_create_task(NULL, 1);
\echo SQLSTATE :SQLSTATE
-- a single space is not empty, and 255 characters are not too long
SELECT id, title = ' ' AS is_space FROM taskdb.create_task(' ');
SELECT id, char_length(title) FROM taskdb.create_task(repeat('x', 255));

--
-- Project names follow the same rules.
--
SELECT taskdb.create_project('');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_create_project(repeat('p', 256));
\echo SQLSTATE :SQLSTATE
SELECT taskdb.create_project(NULL);
\echo SQLSTATE :SQLSTATE

--
-- Bulk create: a bad element is named by its position (its array
-- subscript) and no row of the batch is inserted.
--
SELECT count(*) AS before FROM taskdb.tasks \gset
SELECT taskdb.create_tasks(ARRAY['ok 1', 'ok 2', '', 'ok 4']);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_create_tasks(ARRAY['ok 1', repeat('y', 300), 'ok 3']);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.create_tasks(ARRAY['ok 1', 'ok 2', 'ok 3', NULL]);
\echo SQLSTATE :SQLSTATE
-- the first bad element is the one reported
SELECT taskdb.create_tasks(ARRAY[NULL, '']);
\echo SQLSTATE :SQLSTATE
-- the last element of a long batch
SELECT taskdb.create_tasks(array_append(ARRAY(SELECT 'ok ' || g FROM generate_series(1, 999) g), ''));
\echo SQLSTATE :SQLSTATE
-- positions are the array's own subscripts
SELECT taskdb.create_tasks('[0:2]={a,b,""}'::text[]);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.create_tasks('[0:1]={NULL,b}'::text[]);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.create_tasks('[0:1]={"",b}'::text[]);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.create_tasks(('[-5:-4]={b,' || repeat('z', 256) || '}')::text[]);
\echo SQLSTATE :SQLSTATE
-- positions at or below zero are reported as they are, on every path
SELECT taskdb.builder_create_tasks('[0:1]={"",b}'::text[]);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.orm_create_tasks('[-1:0]={a,NULL}'::text[]);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_create_tasks(('[-3:-3]={' || repeat('z', 256) || '}')::text[]);
\echo SQLSTATE :SQLSTATE
-- bad titles are reported before an unknown project is
SELECT taskdb.create_tasks(ARRAY['ok', ''], 999999);
\echo SQLSTATE :SQLSTATE
-- a multi-dimensional array is refused (2202E)
SELECT taskdb.create_tasks('{{a,b},{c,d}}'::text[]);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_create_tasks('{{a}}'::text[], 1);
\echo SQLSTATE :SQLSTATE
-- a NULL array (22004)
SELECT taskdb.create_tasks(NULL);
\echo SQLSTATE :SQLSTATE
-- an unknown project is reported even when the batch is empty (23503), on
-- every path
SELECT taskdb.create_tasks('{}', 999999);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_create_tasks(ARRAY[]::text[], 999999);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.builder_create_tasks('{}', 999999);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.orm_create_tasks('{}', 999999);
\echo SQLSTATE :SQLSTATE
-- and an empty batch in a project that exists inserts nothing
SELECT count(*) AS empty FROM taskdb.create_tasks('{}', 1);
-- none of these batches left a row
SELECT count(*) - :before AS rows_added FROM taskdb.tasks;

--
-- A missing id on update and delete (P0002).
--
SELECT taskdb.update_task(999999, 'x');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_update_task(999999, done => true, expected_version => 1);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.delete_task(999999);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_delete_task(-1);
\echo SQLSTATE :SQLSTATE
-- a NULL id on update and on delete (22004), on every path
SELECT taskdb.update_task(NULL, 'x');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.delete_task(NULL);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_delete_task(NULL);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.builder_delete_task(NULL);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.orm_delete_task(NULL);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.model_delete_task(NULL);
\echo SQLSTATE :SQLSTATE
-- and a missing id on the other paths (P0002)
SELECT taskdb.builder_delete_task(999999);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.orm_delete_task(999999);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.model_delete_task(999999);
\echo SQLSTATE :SQLSTATE

--
-- Negative limits (2201W) and a NULL limit (22004).
--
SELECT count(*) FROM taskdb.list_tasks(lim => -1);
\echo SQLSTATE :SQLSTATE
SELECT count(*) FROM taskdb.raw_list_tasks(true, 1, -2147483648);
\echo SQLSTATE :SQLSTATE
SELECT count(*) FROM taskdb.list_projects(lim => -5);
\echo SQLSTATE :SQLSTATE
SELECT count(*) FROM taskdb.list_tasks(lim => NULL);
\echo SQLSTATE :SQLSTATE

--
-- An unknown project (23503) on create_task, create_tasks and update_task;
-- nothing is written.
--
SELECT count(*) AS before FROM taskdb.tasks \gset
SELECT taskdb.create_task('orphan', 999999);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_create_tasks(ARRAY['orphan 1', 'orphan 2'], 999999);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.update_task(1, 'moved', project_id => 999999);
\echo SQLSTATE :SQLSTATE
SELECT count(*) - :before AS rows_added FROM taskdb.tasks;
SELECT id, title, project_id, version FROM taskdb.get_task(1);

--
-- Setting and clearing the project in one call (22023), and a NULL
-- clear_project (22004).
--
SELECT taskdb.update_task(1, project_id => 1, clear_project => true);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.update_task(1, project_id => 1, clear_project => NULL);
\echo SQLSTATE :SQLSTATE
SELECT id, title, project_id, version FROM taskdb.get_task(1);

--
-- A stale expected_version (40001) names the task and both versions, and
-- leaves the row as it was.
--
SELECT id, title, version FROM taskdb.update_task(1, 'second version', expected_version => 1);
SELECT taskdb.update_task(1, 'lost update', true, 1, expected_version => 1);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_update_task(1, clear_project => true, expected_version => 3);
\echo SQLSTATE :SQLSTATE
SELECT id, title, done, project_id, version FROM taskdb.get_task(1);
-- an unknown project is reported before a stale version
SELECT taskdb.update_task(1, project_id => 999999, expected_version => 1);
\echo SQLSTATE :SQLSTATE
-- a missing task is reported as missing, whatever version was expected
SELECT taskdb.update_task(999999, 'x', expected_version => 1);
\echo SQLSTATE :SQLSTATE

--
-- delete_project: a project that still has tasks is kept (23503, with the
-- count and a hint); cascade => true deletes it with its tasks; a missing
-- project is P0002.
--
SELECT id AS p_one FROM taskdb.create_project('one task') \gset
SELECT id AS p_two FROM taskdb.create_project('two tasks') \gset
SELECT count(*) FROM taskdb.create_tasks(ARRAY['only'], :p_one);
SELECT count(*) FROM taskdb.create_tasks(ARRAY['first', 'second'], :p_two);
SELECT taskdb.delete_project(:p_one);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_delete_project(:p_two, false);
\echo SQLSTATE :SQLSTATE
-- both projects and their tasks are still there
SELECT name, total FROM taskdb.project_summary WHERE id IN (:p_one, :p_two) ORDER BY id;
SELECT name FROM taskdb.delete_project(:p_two, cascade => true);
SELECT count(*) AS tasks_left FROM taskdb.list_tasks(project_id => :p_two);
SELECT count(*) AS project_left FROM taskdb.get_project(:p_two);
-- the other project and its task were not touched
SELECT name, total FROM taskdb.project_summary WHERE id = :p_one;
-- a project without tasks needs no cascade
SELECT name FROM taskdb.delete_project((taskdb.create_project('empty')).id);
SELECT taskdb.delete_project(999999);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_delete_project(999999, true);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.delete_project(NULL);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.delete_project(:p_one, NULL);
\echo SQLSTATE :SQLSTATE

--
-- A function bound by hand to a taskdb symbol with an argument count the
-- library does not know (0A000).  The message names the library's version,
-- shown here as <library>.
--
BEGIN;
CREATE FUNCTION public.odd_create_task(text, bigint, integer) RETURNS taskdb.tasks
AS '$libdir/taskdb', 'raw_create_task' LANGUAGE C;
DO $$
DECLARE
	hint text;
BEGIN
	PERFORM public.odd_create_task('x', NULL, 1);
EXCEPTION WHEN feature_not_supported THEN
	GET STACKED DIAGNOSTICS hint = PG_EXCEPTION_HINT;
	RAISE NOTICE 'SQLSTATE %: %', SQLSTATE,
		replace(SQLERRM, 'library ' || taskdb.library_version(), 'library <library>')
		USING HINT = hint;
END
$$;
ROLLBACK;

--
-- The row-version trigger function refuses to run other than as a BEFORE
-- UPDATE row trigger on a table with an integer version column, and stops
-- at the largest version.
--
SELECT taskdb.bump_version();
\echo SQLSTATE :SQLSTATE
BEGIN;
CREATE TABLE public.versioned (id int, version integer);
INSERT INTO public.versioned VALUES (1, 1);
CREATE TRIGGER bump AFTER UPDATE ON public.versioned
FOR EACH ROW EXECUTE FUNCTION taskdb.bump_version();
UPDATE public.versioned SET id = 2;
\echo SQLSTATE :SQLSTATE
ROLLBACK;
BEGIN;
CREATE TABLE public.versioned (id int, version bigint);
INSERT INTO public.versioned VALUES (1, 1);
CREATE TRIGGER bump BEFORE UPDATE ON public.versioned
FOR EACH ROW EXECUTE FUNCTION taskdb.bump_version();
UPDATE public.versioned SET id = 2;
\echo SQLSTATE :SQLSTATE
ROLLBACK;
-- (the context line, the UPDATE statement's text, is left out)
BEGIN;
INSERT INTO taskdb.tasks (id, title, version) VALUES (1000000, 'worn out', 2147483647);
\set SHOW_CONTEXT never
SELECT taskdb.update_task(1000000, 'one more');
\echo SQLSTATE :SQLSTATE
\set SHOW_CONTEXT errors
ROLLBACK;
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
