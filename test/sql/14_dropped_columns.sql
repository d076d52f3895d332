--
-- 14_dropped_columns: the downgrade to 1.1 drops tasks.version, which
-- leaves a dropped attribute in the row type, and the update back to 1.5
-- adds version again after it.  Every reader and writer must still put
-- each value in its column.  The raw readers, and the builder's get, get
-- of many and list, select t.* when the row type has no dropped column and
-- the whole row t when it has one; taskdb.echo shows which statement ran.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
-- a table without dropped attributes, whatever ran before
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
DROP EXTENSION taskdb;
CREATE EXTENSION taskdb CASCADE;
-- A task's JSON (as the model path and project_tree write it), cut down to
-- the fields these tests look at: not created_at (it differs from run to
-- run), nor a column a later version adds, which only the tests about that
-- column should show.
CREATE FUNCTION pg_temp.task_fields(task jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog
AS $$SELECT jsonb_object_agg(f.key, f.value) FROM jsonb_each(task) f
     WHERE f.key IN ('id', 'title', 'done', 'project_id', 'version')$$;
SELECT id, title FROM taskdb.create_tasks(ARRAY['first', 'second', 'third']);
SELECT id, title, version FROM taskdb.update_task(2, done => true);

ALTER EXTENSION taskdb UPDATE TO '1.1';
-- the columns of 1.1 in their places, and after them, dropped, as many as
-- the description has of later versions (version the first of them)
SELECT attnum, attname FROM pg_attribute
WHERE attrelid = 'taskdb.tasks'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
SELECT min(attnum) FILTER (WHERE attisdropped) AS first_dropped,
       count(*) FILTER (WHERE attisdropped) = (SELECT count(*) FROM description_columns
                                               WHERE table_name = 'tasks' AND since > 101) AS later_ones_dropped,
       max(attnum) FILTER (WHERE NOT attisdropped) < min(attnum) FILTER (WHERE attisdropped) AS dropped_last
FROM pg_attribute WHERE attrelid = 'taskdb.tasks'::regclass AND attnum > 0;

SET taskdb.echo = on;
SELECT id, title, done, created_at <= now() AS created_ok, project_id FROM taskdb.get_task(2);
SELECT id, title, done, project_id FROM taskdb.list_tasks(lim => 2);
SELECT id, title FROM taskdb.get_tasks(ARRAY[3, 1]);
SELECT id, title, done, created_at = now() AS created_now, project_id FROM taskdb.create_tasks(ARRAY['fourth']);
SELECT id, title, done, project_id FROM taskdb.create_task('fifth');
SET taskdb.echo = off;

ALTER EXTENSION taskdb UPDATE TO '1.5';
-- version is added again, after the dropped attributes
SELECT attname, attnum > (SELECT max(attnum) FROM pg_attribute
                          WHERE attrelid = 'taskdb.tasks'::regclass AND attisdropped) AS after_the_dropped
FROM pg_attribute
WHERE attrelid = 'taskdb.tasks'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;

SET taskdb.echo = on;
SELECT id, title, done, created_at <= now() AS created_ok, project_id, version FROM taskdb.get_task(2);
SELECT id, title, done, project_id, version FROM taskdb.list_tasks(lim => 3);
SELECT id, title, version FROM taskdb.get_tasks(ARRAY[5, 4]);
SELECT id, title, done, created_at = now() AS created_now, project_id, version
FROM taskdb.create_tasks(ARRAY['sixth']);
SELECT id, title, version FROM taskdb.update_task(6, title => 'sixth, renamed');
SET taskdb.echo = off;
-- the other paths read the same rows; the builder's readers choose as the
-- raw ones do
SET taskdb.echo = on;
SELECT id, title, version FROM taskdb.builder_get_task(6);
SELECT id, title, done, version FROM taskdb.builder_list_tasks(lim => 2);
SELECT id, title FROM taskdb.builder_get_tasks(ARRAY[1, 6]);
SET taskdb.echo = off;
SELECT id, title, version FROM taskdb.orm_get_task(6);
SELECT pg_temp.task_fields(taskdb.model_get_task(6)) AS model;

-- a table without dropped columns again selects t.*
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
DROP EXTENSION taskdb;
CREATE EXTENSION taskdb CASCADE;
SET taskdb.echo = on;
SELECT count(*) FROM taskdb.get_task(1);
SELECT count(*) FROM taskdb.builder_list_tasks();
SET taskdb.echo = off;
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
