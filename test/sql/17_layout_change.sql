--
-- 17_layout_change: a session that keeps its orm and model statements
-- while ALTER EXTENSION changes the tables' columns.  The orm keeps the
-- statement of a get by id for the life of the backend; it must be built
-- again for the columns the installed version has, in both directions,
-- or it would read columns the row does not have.
--
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
SELECT id FROM taskdb.create_task('kept across migrations');
-- at 1.6: the statements are built and kept
SELECT id, due_at, priority FROM taskdb.orm_get_task(1);
SELECT taskdb.model_get_task(1) - 'created_at' AS task;
-- down to 1.5 (no due date or priority is set, so no data is lost)
ALTER EXTENSION taskdb UPDATE TO '1.5';
SELECT id, title FROM taskdb.orm_get_task(1);
SELECT taskdb.model_get_task(1) - 'created_at' AS task;
SELECT id, title, version FROM taskdb.orm_update_task(1, 'edited at 1.5');
-- and up again: the new columns are read and shown again
ALTER EXTENSION taskdb UPDATE TO '1.6';
SELECT id, title, due_at, priority FROM taskdb.orm_get_task(1);
SELECT taskdb.model_get_task(1) - 'created_at' AS task;
SELECT id, priority FROM taskdb.orm_update_task(1, priority => 2::smallint);
SELECT taskdb.model_get_task(1) ->> 'priority' AS priority;
