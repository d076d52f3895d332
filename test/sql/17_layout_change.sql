--
-- 17_layout_change: a session that keeps its orm and model statements
-- while ALTER EXTENSION changes the tables' columns.  The orm keeps the
-- statement of a get by id for the life of the backend; it must be built
-- again for the columns the installed version has, in both directions,
-- or it would read columns the row does not have.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
-- the model's task: the fields these tests look at, and whether it has a
-- field for every column the table has at the installed version
CREATE FUNCTION pg_temp.model_task(id bigint, OUT task jsonb, OUT every_column boolean)
LANGUAGE sql AS $$
SELECT jsonb_strip_nulls(jsonb_build_object('id', t -> 'id', 'title', t -> 'title', 'version', t -> 'version',
                                            'priority', t -> 'priority')),
       (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(t) k)
     = (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a
        WHERE a.attrelid = 'taskdb.tasks'::regclass AND a.attnum > 0 AND NOT a.attisdropped)
FROM taskdb.model_get_task(id) t
$$;
SELECT id FROM taskdb.create_task('kept across migrations');
-- at the default version: the statements are built and kept
SELECT id, due_at, priority FROM taskdb.orm_get_task(1);
SELECT count(*) FROM taskdb.find_tasks('{"due_before": "2030-01-01T00:00:00Z"}');
SELECT * FROM pg_temp.model_task(1);
-- down to 1.5 (no column of a later version has a value, so no data is
-- lost); 1.5's task has these fields
ALTER EXTENSION taskdb UPDATE TO '1.5';
SELECT id, title FROM taskdb.orm_get_task(1);
SELECT taskdb.model_get_task(1) - 'created_at' AS task;
SELECT id, title, version FROM taskdb.orm_update_task(1, 'edited at 1.5');
-- a filter key of a later version's column is no key at 1.5, though this
-- backend formed its keys at the default version
SELECT count(*) FROM taskdb.find_tasks('{"due_before": "2030-01-01T00:00:00Z"}');
-- and up again, to the default version: the later columns are read and
-- shown again
ALTER EXTENSION taskdb UPDATE;
SELECT id, title, due_at, priority FROM taskdb.orm_get_task(1);
SELECT * FROM pg_temp.model_task(1);
SELECT id, priority FROM taskdb.orm_update_task(1, priority => 2::smallint);
SELECT taskdb.model_get_task(1) ->> 'priority' AS priority;
SELECT count(*) FROM taskdb.find_tasks('{"due_before": "2030-01-01T00:00:00Z"}');
-- the table without the attributes the downgrade dropped, as it was
DROP EXTENSION taskdb;
CREATE EXTENSION taskdb CASCADE;
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
