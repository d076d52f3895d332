--
-- 06_versions: every task starts at version 1 and every UPDATE of a row
-- that changes a column, through any function or plain SQL, bumps its
-- version by exactly 1; an UPDATE that changes no column leaves the
-- version as it is.  update_task's expected_version succeeds when it
-- matches and otherwise fails and changes nothing, on every path.
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
SELECT id, name FROM taskdb.create_project('versions');

--
-- New tasks are at version 1, however they are created.
--
SELECT id, title, version FROM taskdb.create_task('one');
SELECT id, title, version FROM taskdb.raw_create_task('two', 1);
SELECT id, title, version FROM taskdb.create_tasks(ARRAY['three', 'four']);
INSERT INTO taskdb.tasks (title) VALUES ('five') RETURNING id, title, version;
-- a version given on INSERT is kept (the trigger fires on UPDATE only)
INSERT INTO taskdb.tasks (title, version) VALUES ('six', 7) RETURNING id, title, version;

--
-- Each update_task call that changes a column bumps the version by 1.
--
SELECT id, title, done, version FROM taskdb.update_task(1, title => 'one, renamed');
SELECT id, title, done, version FROM taskdb.raw_update_task(1, done => true);
SELECT id, project_id, version FROM taskdb.update_task(1, project_id => 1);
SELECT id, project_id, version FROM taskdb.update_task(1, clear_project => true);
-- an update that changes nothing (no argument, or the current values) is
-- not a new version
SELECT id, title, done, version FROM taskdb.update_task(1);
SELECT id, title, done, version FROM taskdb.update_task(1, 'one, renamed', true);
SELECT id, title, done, version FROM taskdb.raw_update_task(1, 'one, renamed', true, NULL, false, NULL);

--
-- Plain SQL bumps it too, by exactly 1 per UPDATE that changes the row; an
-- UPDATE that changes no column keeps it; a version set by the UPDATE
-- itself is overruled either way.
--
UPDATE taskdb.tasks SET done = true WHERE id = 2 RETURNING id, version;
UPDATE taskdb.tasks SET title = title WHERE id = 2 RETURNING id, version;
UPDATE taskdb.tasks SET done = true, project_id = NULL WHERE id = 2 RETURNING id, version;
UPDATE taskdb.tasks SET version = 100 WHERE id = 2 RETURNING id, version;
UPDATE taskdb.tasks SET version = version + 10 WHERE id = 2 RETURNING id, version;
UPDATE taskdb.tasks SET version = NULL WHERE id = 2 RETURNING id, version;
UPDATE taskdb.tasks SET title = 'two, renamed', version = 100 WHERE id = 2 RETURNING id, version;
UPDATE taskdb.tasks SET title = 'two' WHERE id = 2 RETURNING id, version;
-- several rows in one statement: each row that changes goes up by 1,
-- a row the statement leaves as it was keeps its version
SELECT id, version AS before FROM taskdb.tasks WHERE id IN (3, 4, 6) ORDER BY id;
UPDATE taskdb.tasks SET done = NOT done WHERE id IN (3, 4, 6) RETURNING id, version;
UPDATE taskdb.tasks SET done = true WHERE id IN (3, 4, 6) RETURNING id, done, version;
-- a row the UPDATE does not touch keeps its version
SELECT id, version FROM taskdb.get_task(5);
-- INSERT ... ON CONFLICT DO UPDATE is an UPDATE as well
INSERT INTO taskdb.tasks (id, title) VALUES (5, 'five again')
ON CONFLICT (id) DO UPDATE SET title = excluded.title RETURNING id, title, version;
-- an UPDATE that is rolled back leaves the old version
BEGIN;
UPDATE taskdb.tasks SET title = 'rolled back' WHERE id = 5 RETURNING id, version;
ROLLBACK;
SELECT id, title, version FROM taskdb.get_task(5);

--
-- expected_version: a match updates and bumps; a stale version fails with
-- 40001 and changes nothing.
--
SELECT id, title, version FROM taskdb.get_task(1);
SELECT id, title, done, version FROM taskdb.update_task(1, 'checked', false, expected_version => 5);
SELECT id, title, done, version FROM taskdb.raw_update_task(1, done => true, expected_version => 6);
-- a matching version with nothing to change succeeds and keeps the version
SELECT id, title, done, version FROM taskdb.update_task(1, done => true, expected_version => 7);
-- a second writer that read version 6 is too late
SELECT taskdb.update_task(1, 'too late', expected_version => 6);
\echo SQLSTATE :SQLSTATE
-- a version from the future is stale as well
SELECT taskdb.update_task(1, 'too early', expected_version => 8);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.raw_update_task(1, project_id => 1, expected_version => 0);
\echo SQLSTATE :SQLSTATE
-- none of them changed the row
SELECT id, title, done, project_id, version FROM taskdb.get_task(1);
-- the same check holds after plain SQL moved the version on
UPDATE taskdb.tasks SET done = false WHERE id = 1 RETURNING id, version;
SELECT taskdb.update_task(1, 'stale again', expected_version => 7);
\echo SQLSTATE :SQLSTATE
SELECT id, title, done, version FROM taskdb.update_task(1, 'fresh', expected_version => 8);
-- a NULL expected_version means no check
SELECT id, title, version FROM taskdb.update_task(1, 'unchecked', expected_version => NULL);

--
-- The builder, orm and model paths count the same way: a change bumps by
-- 1, no change keeps the version, a stale expected version fails (40001)
-- and changes nothing.  Task 3 is at version 2.
--
SELECT id, title, done, version FROM taskdb.builder_update_task(3, 'three, builder');
SELECT id, title, done, version FROM taskdb.builder_update_task(3);
SELECT id, title, done, version FROM taskdb.builder_update_task(3, 'three, builder', expected_version => 3);
SELECT taskdb.builder_update_task(3, 'stale', expected_version => 2);
\echo SQLSTATE :SQLSTATE
SELECT id, title, done, version FROM taskdb.orm_update_task(3, done => false, expected_version => 3);
SELECT id, title, done, version FROM taskdb.orm_update_task(3, done => false);
SELECT id, title, done, version FROM taskdb.orm_update_task(3);
SELECT taskdb.orm_update_task(3, 'stale', expected_version => 3);
\echo SQLSTATE :SQLSTATE
SELECT pg_temp.task_fields(taskdb.model_update_task(3, '{"title": "three, model", "version": 4}')) AS task;
SELECT pg_temp.task_fields(taskdb.model_update_task(3, '{}')) AS task;
SELECT pg_temp.task_fields(taskdb.model_update_task(3, '{"done": false, "version": 5}')) AS task;
SELECT taskdb.model_update_task(3, '{"done": true, "version": 4}');
\echo SQLSTATE :SQLSTATE
SELECT id, title, done, version FROM taskdb.get_task(3);
-- complete_project and move_tasks bump only the tasks they change
SELECT id AS p2 FROM taskdb.create_project('second') \gset
SELECT id, project_id, done, version FROM taskdb.update_task(4, done => false, project_id => :p2);
SELECT id, project_id, done, version FROM taskdb.update_task(6, project_id => :p2);
SELECT taskdb.complete_project(:p2) AS completed;
SELECT taskdb.complete_project(:p2) AS completed_again;
SELECT taskdb.move_tasks(ARRAY[3, 4]::bigint[], :p2) AS moved;
SELECT id, project_id, done, version FROM taskdb.get_tasks(ARRAY[3, 4, 6]::bigint[]);

--
-- The trigger is a BEFORE UPDATE row trigger on taskdb.tasks only.
--
SELECT tgname, tgrelid::regclass, tgfoid::regproc, tgenabled,
       (tgtype & 2) <> 0 AS before, (tgtype & 1) <> 0 AS for_each_row,
       (tgtype & 16) <> 0 AS on_update, (tgtype & 4) <> 0 AS on_insert
FROM pg_trigger WHERE tgfoid = 'taskdb.bump_version'::regproc;

-- The final versions of all tasks
SELECT id, title, version FROM taskdb.list_tasks();
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
