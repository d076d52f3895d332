--
-- 18_read_only: every taskdb writer, on every path, refuses to run in a
-- read-only transaction (as on a streaming standby, where every
-- transaction is read-only) with 25006 and a message that names the
-- function called, before it reads or validates anything; every reader
-- works there.  test/standby/run repeats this on a real standby.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
SELECT id FROM taskdb.create_project('p') \gset p_
SELECT id FROM taskdb.create_task('t', :p_id) \gset t_

-- each writer, called with arguments that would succeed (%1$s: the
-- function, %2$s the task, %3$s the project)
CREATE TEMP TABLE writer_calls (fn text, call text);
INSERT INTO writer_calls
SELECT pre || f, format(c, pre || f, :t_id, :p_id)
FROM unnest(ARRAY['', 'raw_', 'builder_', 'orm_']) pre,
     (VALUES ('create_task', 'SELECT taskdb.%1$s(''x'')'),
             ('update_task', 'SELECT taskdb.%1$s(%2$s, ''y'')'),
             ('delete_task', 'SELECT taskdb.%1$s(%2$s)'),
             ('create_tasks', 'SELECT taskdb.%1$s(ARRAY[''a'', ''b''])'),
             ('create_project', 'SELECT taskdb.%1$s(''q'')'),
             ('delete_project', 'SELECT taskdb.%1$s(%3$s, cascade => true)')) w(f, c)
UNION ALL
SELECT f, format(c, f, :t_id, :p_id)
FROM (VALUES ('complete_project', 'SELECT taskdb.%1$s(%3$s)'),
             ('move_tasks', 'SELECT taskdb.%1$s(ARRAY[%2$s]::bigint[], %3$s)'),
             ('model_create_task', 'SELECT taskdb.%1$s(''{"title": "x"}'')'),
             ('model_update_task', 'SELECT taskdb.%1$s(%2$s, ''{"title": "y"}'')'),
             ('model_delete_task', 'SELECT taskdb.%1$s(%2$s)'),
             ('model_create_project', 'SELECT taskdb.%1$s(''{"name": "q"}'')'),
             ('model_update_project', 'SELECT taskdb.%1$s(%3$s, ''{"name": "r"}'')'),
             ('model_delete_project', 'SELECT taskdb.%1$s(%3$s, true)')) w(f, c);

-- the list covers every VOLATILE function of the API (the others are
-- path_stats_reset and path_statistics, which read and reset counters,
-- and the trigger function)
SELECT p.proname AS uncovered_writer
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'taskdb')
  AND p.provolatile = 'v' AND p.proname NOT IN ('path_stats_reset', 'path_statistics', 'bump_version')
  AND p.proname NOT IN (SELECT fn FROM writer_calls)
ORDER BY 1;

CREATE FUNCTION pg_temp.outcome(call text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE call;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

BEGIN TRANSACTION READ ONLY;
SELECT fn, pg_temp.outcome(call) FROM writer_calls ORDER BY fn;
-- the hint is for standbys only; here the error alone
SELECT taskdb.orm_create_tasks(ARRAY['a']);
ROLLBACK;

-- invalid input too: the writer is refused before it validates anything
BEGIN TRANSACTION READ ONLY;
SELECT taskdb.model_create_task('{"title": ""}');
ROLLBACK;

-- every reader works in a read-only transaction
BEGIN TRANSACTION READ ONLY;
SELECT id, title FROM taskdb.get_task(:t_id);
SELECT id, title FROM taskdb.orm_list_tasks();
SELECT count(*) FROM taskdb.builder_get_tasks(ARRAY[:t_id]::bigint[]);
SELECT taskdb.model_get_task(:t_id) ->> 'title' AS model_title;
SELECT jsonb_array_length(taskdb.project_tree(:p_id)) AS trees;
SELECT name, total FROM taskdb.project_report();
SELECT count(*) FROM taskdb.find_tasks('{"done": false}');
SELECT title, project_name FROM taskdb.task_list;
ROLLBACK;

-- and nothing was written by the refused calls
SELECT count(*) AS tasks, (SELECT count(*) FROM taskdb.projects) AS projects FROM taskdb.tasks;
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
