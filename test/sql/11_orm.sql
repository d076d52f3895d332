--
-- 11_orm: the statements the orm path sends, counted exactly with
-- taskdb.path_stats (reset before each count): relationship loading
-- (lazy 1 + N, selectin 2, joined 1; before 1.7 raise, an error naming the
-- relationship), the identity map, the unit of work (nothing sent for
-- what did not change, one UPDATE for one object, one for every set of
-- columns that many objects change), the domain operations, the N+1
-- warning, and project_tree's output against a hand-written query.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
-- A task's JSON (as the model path and project_tree write it), cut down to
-- the fields these tests look at: not created_at (it differs from run to
-- run), nor a column a later version adds, which only the tests about that
-- column should show.
CREATE FUNCTION pg_temp.task_fields(task jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog
AS $$SELECT jsonb_object_agg(f.key, f.value) FROM jsonb_each(task) f
     WHERE f.key IN ('id', 'title', 'done', 'project_id', 'version')$$;
-- the orm's counters, as one row
CREATE TEMP VIEW orm_stats AS
SELECT calls, selects, inserts, updates, deletes, statements, rows
FROM taskdb.path_stats WHERE path = 'orm';
-- what project_tree should return, written by hand: every project (or
-- one) in id order with its tasks in id order, each row as to_jsonb
-- writes it
CREATE TEMP VIEW expected_tree AS
SELECT p.id AS project_id,
       jsonb_build_object('id', p.id, 'name', p.name, 'created_at', p.created_at,
                          'tasks', coalesce((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id)
                                             FROM taskdb.tasks t WHERE t.project_id = p.id),
                                            '[]')) AS tree
FROM taskdb.projects p;

--
-- Three projects: 1 with three tasks, 2 with one, 3 with none; and a task
-- in no project.
--
SELECT id, name FROM taskdb.orm_create_project('one');
SELECT id, name FROM taskdb.orm_create_project('two');
SELECT id, name FROM taskdb.orm_create_project('three');
SELECT id, title, project_id FROM taskdb.orm_create_tasks(ARRAY['1a', '1b', '1c'], 1);
SELECT id, title, project_id FROM taskdb.orm_create_task('2a', 2);
SELECT id, title, project_id FROM taskdb.orm_create_task('loose');

--
-- project_tree over N = 3 projects: lazy sends 1 + N statements (the
-- projects, then each project's tasks), selectin 2 (the projects, then
-- every project's tasks with = ANY), joined 1 (a LEFT JOIN).
--
SELECT taskdb.path_stats_reset();
SELECT jsonb_array_length(taskdb.project_tree(NULL, 'lazy')) AS projects;
SELECT * FROM orm_stats;
SELECT taskdb.path_stats_reset();
SELECT jsonb_array_length(taskdb.project_tree(NULL, 'selectin')) AS projects;
SELECT * FROM orm_stats;
SELECT taskdb.path_stats_reset();
SELECT jsonb_array_length(taskdb.project_tree(NULL, 'joined')) AS projects;
SELECT * FROM orm_stats;
-- the statements themselves (taskdb.echo, in a session of their own:
-- test/regress/echo shows a list of every column of a table, once it is
-- the description's, as t.<columns> and p.<columns>)
\! "$PG_ABS_SRCDIR"/regress/echo "SELECT jsonb_array_length(taskdb.project_tree(NULL, 'lazy')) AS projects;" "SELECT jsonb_array_length(taskdb.project_tree(NULL, 'selectin')) AS projects;" "SELECT jsonb_array_length(taskdb.project_tree(NULL, 'joined')) AS projects;"
-- raise could never succeed (project_tree always reads the tasks): 1.7
-- removed it, and it fails before any statement
SELECT taskdb.path_stats_reset();
SELECT taskdb.project_tree(NULL, 'raise');
\echo SQLSTATE :SQLSTATE
SELECT * FROM orm_stats;
SELECT taskdb.project_tree(3, 'raise');
\echo SQLSTATE :SQLSTATE
-- under 1.6's SQL the library keeps 1.6's raise: it loads the projects and
-- fails on the first unloaded relationship, naming it, even for a project
-- without tasks
BEGIN;
ALTER EXTENSION taskdb UPDATE TO '1.6';
SELECT taskdb.project_tree(3, 'raise');
ROLLBACK;

-- The same with N = 5 projects (4 with two tasks, 5 with none)
SELECT id, name FROM taskdb.orm_create_project('four');
SELECT id, name FROM taskdb.orm_create_project('five');
SELECT id, title, project_id FROM taskdb.orm_create_tasks(ARRAY['4a', '4b'], 4);
SELECT taskdb.path_stats_reset();
SELECT jsonb_array_length(taskdb.project_tree(NULL, 'lazy')) AS projects;
SELECT * FROM orm_stats;
SELECT taskdb.path_stats_reset();
SELECT jsonb_array_length(taskdb.project_tree(NULL, 'selectin')) AS projects;
SELECT * FROM orm_stats;
SELECT taskdb.path_stats_reset();
SELECT jsonb_array_length(taskdb.project_tree(NULL, 'joined')) AS projects;
SELECT * FROM orm_stats;
-- one project: lazy 2, selectin 2, joined 1
SELECT taskdb.path_stats_reset();
SELECT jsonb_array_length(taskdb.project_tree(1, 'lazy') -> 0 -> 'tasks') AS tasks;
SELECT * FROM orm_stats;
SELECT taskdb.path_stats_reset();
SELECT jsonb_array_length(taskdb.project_tree(1, 'selectin') -> 0 -> 'tasks') AS tasks;
SELECT * FROM orm_stats;
SELECT taskdb.path_stats_reset();
SELECT jsonb_array_length(taskdb.project_tree(1, 'joined') -> 0 -> 'tasks') AS tasks;
SELECT * FROM orm_stats;
-- a project without tasks: selectin still sends its second statement
SELECT taskdb.path_stats_reset();
SELECT taskdb.project_tree(5, 'selectin') -> 0 -> 'tasks' AS tasks;
SELECT * FROM orm_stats;

--
-- project_tree returns exactly what the hand-written query does, for every
-- strategy, for all projects and for each one.
--
SELECT l.load,
       taskdb.project_tree(NULL, l.load) = (SELECT jsonb_agg(tree ORDER BY project_id) FROM expected_tree) AS all_projects,
       (SELECT bool_and(taskdb.project_tree(e.project_id, l.load) = jsonb_build_array(e.tree)) FROM expected_tree e) AS each_project
FROM (VALUES ('lazy'), ('selectin'), ('joined')) l(load);
-- the tree itself (creation times left out), three trees in one statement
SELECT jsonb_path_query_array(taskdb.project_tree(), '$[*].id') AS projects,
       jsonb_path_query_array(taskdb.project_tree(), '$[*].name') AS names,
       jsonb_path_query_array(taskdb.project_tree(), '$[*].tasks.size()') AS task_counts;
SELECT p ->> 'id' AS project, pg_temp.task_fields(t) AS task
FROM jsonb_array_elements(taskdb.project_tree()) p, jsonb_array_elements(p -> 'tasks') t;
-- with no project at all, every strategy returns an empty array
BEGIN;
DELETE FROM taskdb.tasks;
DELETE FROM taskdb.projects;
SELECT taskdb.project_tree(NULL, 'lazy') AS lazy, taskdb.project_tree(NULL, 'selectin') AS selectin,
       taskdb.project_tree(NULL, 'joined') AS joined;
ROLLBACK;

--
-- project_tree's errors: a missing project (P0002), a NULL or unknown load
-- (22004, 22023).
--
SELECT taskdb.project_tree(999999);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_tree(999999, 'joined');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_tree(1, NULL);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_tree(1, 'eager');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_tree(1, 'Lazy');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_tree(1, '');
\echo SQLSTATE :SQLSTATE

--
-- The N+1 warning: past taskdb.lazy_load_warning lazy loads in one call,
-- one WARNING with a hint; none at or under the threshold, none when the
-- setting is 0, none for selectin.
--
SET taskdb.lazy_load_warning = 2;
SELECT jsonb_array_length(taskdb.project_tree(NULL, 'lazy')) AS projects;
SELECT jsonb_array_length(taskdb.project_tree(NULL, 'selectin')) AS projects;
SELECT jsonb_array_length(taskdb.project_tree(NULL, 'joined')) AS projects;
SELECT jsonb_array_length(taskdb.project_tree(1, 'lazy')) AS projects;
SET taskdb.lazy_load_warning = 5;
SELECT jsonb_array_length(taskdb.project_tree(NULL, 'lazy')) AS projects;
SET taskdb.lazy_load_warning = 4;
SELECT jsonb_array_length(taskdb.project_tree(NULL, 'lazy')) AS projects;
SET taskdb.lazy_load_warning = 0;
SELECT jsonb_array_length(taskdb.project_tree(NULL, 'lazy')) AS projects;
RESET taskdb.lazy_load_warning;
SHOW taskdb.lazy_load_warning;
SELECT jsonb_array_length(taskdb.project_tree(NULL, 'lazy')) AS projects;

--
-- The identity map: one object per key within a call.
--
-- get_tasks with a repeated id sends one statement and returns the task
-- once
SELECT taskdb.path_stats_reset();
SELECT id, title FROM taskdb.orm_get_tasks(ARRAY[2, 2, 2, NULL, 2]::bigint[]);
SELECT * FROM orm_stats;
SELECT taskdb.path_stats_reset();
SELECT id, title FROM taskdb.orm_get_tasks(ARRAY[3, 1, 3, 999999, 1]::bigint[]);
SELECT * FROM orm_stats;
-- an empty array sends nothing
SELECT taskdb.path_stats_reset();
SELECT count(*) FROM taskdb.orm_get_tasks('{}');
SELECT * FROM orm_stats;
-- get_task: one statement, none for a NULL id (STRICT)
SELECT taskdb.path_stats_reset();
SELECT id, title FROM taskdb.orm_get_task(1);
SELECT count(*) FROM taskdb.orm_get_task(NULL);
SELECT * FROM orm_stats;

--
-- The unit of work: update_task gets the task, then sends an UPDATE of
-- the columns given (changed or set to the value they had, as every path
-- sends them, so that privileges, policies and triggers apply alike),
-- checked against the version it read; with no column given it locks the
-- row (SELECT ... FOR UPDATE), as the raw path does.
--
SELECT id, title, done, project_id, version FROM taskdb.get_task(1);
-- a column set to its current value: 1 SELECT, 1 UPDATE, the version stays
SELECT taskdb.path_stats_reset();
SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(1, title => '1a');
SELECT * FROM orm_stats;
SELECT taskdb.path_stats_reset();
SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(1, done => false);
SELECT * FROM orm_stats;
SELECT taskdb.path_stats_reset();
SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(1, '1a', false, expected_version => 1);
SELECT * FROM orm_stats;
-- nothing given: the get, then SELECT ... FOR UPDATE
SELECT taskdb.path_stats_reset();
SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(1);
SELECT * FROM orm_stats;
-- the project set to the one it is in: the task and the project are read,
-- then the UPDATE of project_id, which keeps the version
SELECT taskdb.path_stats_reset();
SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(1, project_id => 1);
SELECT * FROM orm_stats;
-- clearing the project of a task in no project: the UPDATE, the version stays
SELECT taskdb.path_stats_reset();
SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(5, clear_project => true);
SELECT * FROM orm_stats;
SELECT id, title, done, project_id, version FROM taskdb.get_task(1);
-- a real change: 1 SELECT and 1 UPDATE of the columns given, with the
-- version check (the statements, and the counters, of a session of their
-- own: test/regress/echo)
\! "$PG_ABS_SRCDIR"/regress/echo "SELECT taskdb.path_stats_reset();" "SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(1, title => '1a, renamed');" "SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(1, '1a, renamed', true);" "SELECT calls, selects, inserts, updates, deletes, statements, rows FROM taskdb.path_stats WHERE path = 'orm';"
-- a stale expected version is refused before anything is written: the
-- task is read, then the two SELECTs that explain the failure
SELECT taskdb.path_stats_reset();
SELECT taskdb.orm_update_task(1, 'lost', expected_version => 1);
\echo SQLSTATE :SQLSTATE
SELECT * FROM orm_stats;
SELECT id, title, done, version FROM taskdb.get_task(1);

--
-- complete_project on project 4 with k = 1 open task of n = 3: one SELECT
-- of the project, one of its tasks, and one UPDATE of k rows (of one row:
-- the statement for one object; of more, one statement for all of them);
-- the done tasks keep their versions.
--
SELECT id, title FROM taskdb.orm_create_task('4c', 4);
SELECT id, done, version FROM taskdb.update_task(7, done => true);
SELECT id, done, version FROM taskdb.update_task(8, done => true);
SELECT id, title, done, version FROM taskdb.list_tasks(project_id => 4);
SELECT taskdb.path_stats_reset();
SELECT taskdb.complete_project(4) AS completed;
SELECT * FROM orm_stats;
SELECT id, title, done, version FROM taskdb.list_tasks(project_id => 4);
-- again: nothing is open, no UPDATE
SELECT taskdb.path_stats_reset();
SELECT taskdb.complete_project(4) AS completed;
SELECT * FROM orm_stats;
-- project 1: k = 2 open (1a is done now) of n = 3
SELECT id, title, done, version FROM taskdb.list_tasks(project_id => 1);
\! "$PG_ABS_SRCDIR"/regress/echo "SELECT taskdb.path_stats_reset();" "SELECT taskdb.complete_project(1) AS completed;" "SELECT calls, selects, inserts, updates, deletes, statements, rows FROM taskdb.path_stats WHERE path = 'orm';"
SELECT id, title, done, version FROM taskdb.list_tasks(project_id => 1);
-- a project without tasks: 0; a missing project: P0002; NULL: NULL
SELECT taskdb.complete_project(5) AS completed;
SELECT taskdb.complete_project(999999);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.complete_project(NULL) AS completed;

--
-- move_tasks: all or none; returns how many tasks changed project.
--
SELECT id, project_id, version FROM taskdb.list_tasks() ORDER BY id;
-- an unknown task: P0002, and nothing moves
SELECT taskdb.path_stats_reset();
SELECT taskdb.move_tasks(ARRAY[1, 2, 999999]::bigint[], 3);
\echo SQLSTATE :SQLSTATE
SELECT * FROM orm_stats;
-- an unknown project: 23503, and nothing moves
SELECT taskdb.move_tasks(ARRAY[1, 2]::bigint[], 999999);
\echo SQLSTATE :SQLSTATE
SELECT id, project_id, version FROM taskdb.list_tasks() ORDER BY id;
-- tasks 1, 2 (project 1) and 5 (none) to project 3; a repeated id counts
-- once: the project, the tasks, one UPDATE of three rows
SELECT taskdb.path_stats_reset();
SELECT taskdb.move_tasks(ARRAY[1, 2, 5, 2]::bigint[], 3) AS moved;
SELECT * FROM orm_stats;
-- again: no task changes project, but each given one is sent, as UPDATE
-- ... SET project_id = 3 WHERE id = ANY (...) would: one UPDATE of 3 rows
-- that keeps the versions, and 0 moved
SELECT taskdb.path_stats_reset();
SELECT taskdb.move_tasks(ARRAY[1, 2, 5]::bigint[], 3) AS moved;
SELECT * FROM orm_stats;
-- task 3 is in project 1, task 1 already in 3: one moves
SELECT taskdb.move_tasks(ARRAY[3, 1]::bigint[], 3) AS moved;
-- out of any project (NULL): no project to read
SELECT taskdb.path_stats_reset();
SELECT taskdb.move_tasks(ARRAY[1, 4, 6]::bigint[], NULL) AS moved;
SELECT * FROM orm_stats;
-- an empty array moves nothing
SELECT taskdb.move_tasks('{}', 3) AS moved;
SELECT id, project_id, version FROM taskdb.list_tasks() ORDER BY id;

--
-- The unit of work for inserts and deletes: create_tasks sends one INSERT
-- for the whole batch; delete_project with cascade deletes its tasks with
-- one statement, without reading them, then locks and counts the project
-- (a task that joined it meanwhile), then deletes it.
--
SELECT taskdb.path_stats_reset();
SELECT id, title, project_id FROM taskdb.orm_create_tasks(ARRAY['5a', '5b', '5c'], 5);
SELECT * FROM orm_stats;
SELECT taskdb.path_stats_reset();
SELECT id, title FROM taskdb.orm_create_task('5d', 5);
SELECT * FROM orm_stats;
\! "$PG_ABS_SRCDIR"/regress/echo "SELECT taskdb.path_stats_reset();" "SELECT id, name FROM taskdb.orm_delete_project(5, cascade => true);" "SELECT calls, selects, inserts, updates, deletes, statements, rows FROM taskdb.path_stats WHERE path = 'orm';"
SELECT count(*) AS tasks_of_5 FROM taskdb.tasks WHERE project_id = 5;
SELECT taskdb.path_stats_reset();
SELECT id, title FROM taskdb.orm_delete_task(6);
SELECT * FROM orm_stats;
-- every path keeps its own counters
SELECT taskdb.path_stats_reset();
SELECT count(*) FROM taskdb.get_task(1);
SELECT count(*) FROM taskdb.builder_get_task(1);
SELECT count(*) FROM taskdb.orm_get_task(1);
SELECT taskdb.model_get_task(1) IS NOT NULL AS found;
SELECT * FROM taskdb.path_stats;

--
-- Set-based writes: a call that writes many tasks sends the same
-- statements for 3 tasks as for 300 (the objects that set the same
-- columns in one UPDATE; a project's tasks in one DELETE, on every path);
-- only the rows grow.  sent(call): the call's result, the statements it
-- sent, by kind, and their rows (read and written).
--
CREATE FUNCTION pg_temp.sent(call text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	result text;
	s record;
BEGIN
	PERFORM taskdb.path_stats_reset();
	EXECUTE call INTO result;
	SELECT sum(statements) AS n, sum(selects) AS sel, sum(inserts) AS ins,
		   sum(updates) AS upd, sum(deletes) AS del, sum(rows) AS rows
	INTO s FROM taskdb.path_stats;
	RETURN format('%s; %s statements: %s select, %s insert, %s update, %s delete; %s rows',
				  result, s.n, s.sel, s.ins, s.upd, s.del, s.rows);
END
$$;
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
-- for each size, a project for complete_project and move_tasks, one for
-- each path's delete_project, and move_tasks' target
CREATE TEMP TABLE sized AS
SELECT n, (SELECT id FROM taskdb.create_project(n || ' tasks')) AS project,
	   (SELECT array_agg(id) FROM taskdb.create_project('target for ' || n)) AS target
FROM (VALUES (3), (300)) v(n);
CREATE TEMP TABLE deleted AS
SELECT n, p AS path, (SELECT id FROM taskdb.create_project(p || 'delete_project ' || n)) AS project
FROM (VALUES (3), (300)) v(n),
	 unnest(ARRAY['', 'raw_', 'builder_', 'orm_', 'model_']) p;
SELECT count(*) FROM sized, taskdb.create_tasks(ARRAY(SELECT 'task ' || g FROM generate_series(1, n) g), project);
SELECT count(*) FROM deleted, taskdb.create_tasks(ARRAY(SELECT 'task ' || g FROM generate_series(1, n) g), project);
-- the first task of each is done already: complete_project sends nothing for it
SELECT count(*) FROM sized, taskdb.update_task((SELECT min(id) FROM taskdb.tasks WHERE project_id = project), done => true);
-- rows: the project, its n tasks read, n - 1 of them updated
SELECT n, pg_temp.sent(format('SELECT taskdb.complete_project(%s)', project)) AS complete_project
FROM sized ORDER BY n;
SELECT n, count(*) FILTER (WHERE t.done) AS done, count(*) FILTER (WHERE t.version = 2) AS at_version_2
FROM sized JOIN taskdb.tasks t ON t.project_id = project GROUP BY n ORDER BY n;
-- again: nothing open, no UPDATE
SELECT n, pg_temp.sent(format('SELECT taskdb.complete_project(%s)', project)) AS again
FROM sized ORDER BY n;
-- every task given is sent: rows: the target, n tasks read, n updated
SELECT n, pg_temp.sent(format('SELECT taskdb.move_tasks(%L, %s)',
							  (SELECT array_agg(id) FROM taskdb.tasks WHERE project_id = project), target[1])) AS move_tasks
FROM sized ORDER BY n;
SELECT n, (SELECT count(*) FROM taskdb.tasks WHERE project_id = project) AS left_behind,
	   (SELECT count(*) FROM taskdb.tasks WHERE project_id = target[1]) AS moved
FROM sized ORDER BY n;
-- rows: n tasks deleted, the project locked and counted, the project deleted
SELECT n, path,
	   pg_temp.sent(CASE path WHEN 'model_' THEN format('SELECT taskdb.model_delete_project(%s, true) ->> %L', project, 'name')
				   ELSE format('SELECT name FROM taskdb.%sdelete_project(%s, true)', path, project) END) AS delete_project
FROM deleted ORDER BY path, n;
SELECT count(*) AS tasks_left FROM deleted JOIN taskdb.tasks t ON t.project_id = project;
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
