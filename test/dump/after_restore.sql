-- Use a database after a restore (or its source, for comparison): the API
-- creates rows whose ids are free and follow the restored sequences, and
-- the granted role (psql variable "role") can do what it was granted only.
\set ON_ERROR_STOP on
CREATE TEMP TABLE old_task_ids AS SELECT id FROM taskdb.tasks;
CREATE TEMP TABLE old_project_ids AS SELECT id FROM taskdb.projects;
SELECT (taskdb.create_project('after restore')).id AS pid \gset
SELECT (taskdb.create_task('after restore, loose')).id AS t1 \gset
SELECT (taskdb.create_task('after restore, in a project', :pid)).id AS t2 \gset
SELECT max(id) AS t3 FROM taskdb.create_tasks(ARRAY['bulk 1', 'bulk 2', 'bulk 3'], :pid) \gset
SELECT format('new project %s is new: %s', :pid, :pid NOT IN (SELECT id FROM old_project_ids));
SELECT format('new tasks %s, %s, ..%s are new: %s', :t1, :t2, :t3,
			  NOT EXISTS (SELECT FROM old_task_ids WHERE id BETWEEN :t1 AND :t3));
SELECT format('version of an updated task: %s -> %s', v.version, (taskdb.update_task(v.id, title => 'edited after restore', expected_version => v.version)).version)
FROM taskdb.tasks v WHERE v.version > 1 ORDER BY v.id LIMIT 1;

SET ROLE :"role";
SELECT format('role reads %s tasks', count(*)) FROM taskdb.tasks;
INSERT INTO taskdb.tasks (title) VALUES ('inserted by the granted role') RETURNING format('role inserted task %s', id);
UPDATE taskdb.tasks SET done = true WHERE title = 'inserted by the granted role'
	RETURNING format('role updated done (column grant), version %s', version);
DO $$
BEGIN
	UPDATE taskdb.tasks SET title = 'not allowed' WHERE id = (SELECT min(id) FROM taskdb.tasks);
	PERFORM set_config('dumptest.result', 'role updated a title: WRONG', false);
EXCEPTION WHEN insufficient_privilege THEN
	PERFORM set_config('dumptest.result', 'role may not update title (42501)', false);
END
$$;
SELECT current_setting('dumptest.result');
DO $$
BEGIN
	PERFORM taskdb.create_project('not allowed');
	PERFORM set_config('dumptest.result', 'role created a project: WRONG', false);
EXCEPTION WHEN insufficient_privilege THEN
	PERFORM set_config('dumptest.result', 'role may not write projects (42501)', false);
END
$$;
SELECT current_setting('dumptest.result');
RESET ROLE;
