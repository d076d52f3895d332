-- Prints t when a task created now gets an id above every existing one
-- (the identity sequence kept its position).  Creates one task.
\set ON_ERROR_STOP on
SELECT coalesce(max(id), 0) AS max_before FROM taskdb.tasks \gset
SELECT (taskdb.create_task('created after a migration')).id > :max_before;
