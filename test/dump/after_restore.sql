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

-- every path the installed version has (none of its output holds a
-- timestamp, so the source and its copies answer alike)
SELECT to_regprocedure('taskdb.builder_create_task(text,bigint)') IS NOT NULL AS has_builder,
	   to_regprocedure('taskdb.orm_create_task(text,bigint)') IS NOT NULL AS has_orm,
	   to_regclass('taskdb.path_stats') IS NOT NULL AS has_path_stats,
	   to_regprocedure('taskdb.model_create_task(jsonb)') IS NOT NULL AS has_model \gset
\if :has_path_stats
SELECT taskdb.path_stats_reset() \g /dev/null
\endif
\if :has_builder
SELECT format('builder: task %s; find_tasks in the project: %s; report: %s',
			  (taskdb.builder_create_task('by the builder after restore', :pid)).id,
			  (SELECT string_agg(id::text, ',' ORDER BY id) FROM taskdb.find_tasks(jsonb_build_object('project_id', :pid))),
			  (SELECT string_agg(format('%s:%s/%s/%s', r.project_id, r.total, r.done, r.open), ' ' ORDER BY r.project_id)
			   FROM taskdb.project_report('{}') r));
\endif
\if :has_orm
SELECT format('orm: task %s; moved %s; completed %s; tree task ids %s',
			  (taskdb.orm_create_task('by the orm after restore', :pid)).id,
			  taskdb.move_tasks(ARRAY[:t1]::bigint[], :pid),
			  taskdb.complete_project(:pid),
			  jsonb_path_query_array(taskdb.project_tree(:pid, 'joined'), '$[*].tasks[*].id'));
SELECT format('orm: update with expected_version %s -> %s', v.version,
			  (taskdb.orm_update_task(v.id, title => 'edited by the orm', expected_version => v.version)).version)
FROM taskdb.tasks v WHERE v.id = :t2;
\endif
\if :has_model
SELECT format('model: %s', taskdb.model_create_task(jsonb_build_object('title', 'by the model after restore', 'project_id', :pid)) - 'created_at');
SELECT format('model: %s', taskdb.model_update_task(:t3, jsonb_build_object('done', false, 'version', v.version)) - 'created_at')
FROM taskdb.tasks v WHERE v.id = :t3;
SELECT format('model: schema of Task has %s properties', (SELECT count(*) FROM jsonb_object_keys(taskdb.model_schema('Task') -> 'properties')));
\endif
\if :has_path_stats
SELECT format('path_stats: %s', string_agg(format('%s %s calls %s statements %s rows', path, calls, statements, rows), '; ' ORDER BY path))
FROM taskdb.path_stats;
\endif

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
