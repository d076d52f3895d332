-- Privileges of taskdb at version 1.6.  PUBLIC gets nothing on
-- the tables, views (path_stats too) and sequences; the functions are SECURITY INVOKER, so
-- what a role may do through the API is what its table privileges allow.
-- The roles are created inside the transaction and vanish with it.
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off
\ir ../description.sql
\ir ../described.sql

BEGIN;
SELECT plan(77);

--------------------------------------------------------------------------
-- PUBLIC
--------------------------------------------------------------------------
SELECT table_privs_are('taskdb', 'tasks', 'public', ARRAY[]::text[],
                       'PUBLIC has no privilege on taskdb.tasks');
SELECT table_privs_are('taskdb', 'projects', 'public', ARRAY[]::text[],
                       'PUBLIC has no privilege on taskdb.projects');
SELECT table_privs_are('taskdb', 'task_list', 'public', ARRAY[]::text[],
                       'PUBLIC has no privilege on the view taskdb.task_list');
SELECT table_privs_are('taskdb', 'project_summary', 'public', ARRAY[]::text[],
                       'PUBLIC has no privilege on the view taskdb.project_summary');
SELECT sequence_privs_are('taskdb', 'tasks_id_seq', 'public', ARRAY[]::text[],
                          'PUBLIC has no privilege on taskdb.tasks_id_seq');
SELECT sequence_privs_are('taskdb', 'projects_id_seq', 'public', ARRAY[]::text[],
                          'PUBLIC has no privilege on taskdb.projects_id_seq');
SELECT schema_privs_are('taskdb', 'public', ARRAY[]::text[],
                        'PUBLIC has no privilege on schema taskdb');
-- the functions' arguments are the description's (test/description.sql)
SELECT function_privs_are('taskdb', 'create_task',
                          (SELECT string_to_array(argtypes, ', ') FROM described_functions WHERE name = 'create_task'),
                          'public', ARRAY['EXECUTE'],
                          'PUBLIC may execute taskdb.create_task (the table privileges decide)');
SELECT function_privs_are('taskdb', 'raw_get_task', ARRAY['bigint'], 'public', ARRAY['EXECUTE'],
                          'PUBLIC may execute taskdb.raw_get_task (the table privileges decide)');
SELECT table_privs_are('taskdb', 'path_stats', 'public', ARRAY[]::text[],
                       'PUBLIC has no privilege on the view taskdb.path_stats');
SELECT function_privs_are('taskdb', 'builder_create_task',
                          (SELECT string_to_array(argtypes, ', ') FROM described_functions WHERE name = 'builder_create_task'),
                          'public', ARRAY['EXECUTE'],
                          'PUBLIC may execute taskdb.builder_create_task (the table privileges decide)');
SELECT function_privs_are('taskdb', 'orm_update_task',
                          (SELECT string_to_array(argtypes, ', ') FROM described_functions WHERE name = 'orm_update_task'),
                          'public', ARRAY['EXECUTE'],
                          'PUBLIC may execute taskdb.orm_update_task (the table privileges decide)');
SELECT function_privs_are('taskdb', 'list_tasks',
                          (SELECT string_to_array(argtypes, ', ') FROM described_functions WHERE name = 'list_tasks'),
                          'public', ARRAY['EXECUTE'],
                          'PUBLIC may execute taskdb.list_tasks (the table privileges decide)');
SELECT function_privs_are('taskdb', 'model_create_task', ARRAY['jsonb'], 'public', ARRAY['EXECUTE'],
                          'PUBLIC may execute taskdb.model_create_task (the table privileges decide)');
SELECT function_privs_are('taskdb', 'model_schema', ARRAY['text'], 'public', ARRAY['EXECUTE'],
                          'PUBLIC may execute taskdb.model_schema');

-- Run the statements once as the owner first, so that their plans are
-- kept in this backend: a kept plan must not carry the owner's rights
-- over to a role that calls the same function later.
SELECT id AS owned FROM taskdb.create_task('made by the owner') \gset
SELECT id AS owned_project FROM taskdb.create_project('owned by the owner') \gset
SELECT count(*) AS warm FROM taskdb.get_task(:owned) \gset
SELECT count(*) AS warm FROM taskdb.list_tasks() \gset
SELECT count(*) AS warm FROM taskdb.builder_get_task(:owned) \gset
SELECT count(*) AS warm FROM taskdb.orm_get_task(:owned) \gset
SELECT taskdb.model_get_task(:owned) IS NOT NULL AS warm \gset
SELECT count(*) AS warm FROM taskdb.find_tasks('{}') \gset
SELECT taskdb.project_tree() IS NOT NULL AS warm \gset

--------------------------------------------------------------------------
-- a role with no grants at all
--------------------------------------------------------------------------
CREATE ROLE taskdb_test_nobody NOLOGIN;
SET ROLE taskdb_test_nobody;
SELECT throws_ok($$SELECT taskdb.create_task('x')$$, '42501', 'permission denied for schema taskdb',
                 'a role without grants cannot call create_task');
SELECT throws_ok($$SELECT taskdb.raw_create_task('x')$$, '42501', 'permission denied for schema taskdb',
                 'a role without grants cannot call raw_create_task');
SELECT throws_ok(format('SELECT * FROM taskdb.get_task(%s)', :owned), '42501', 'permission denied for schema taskdb',
                 'a role without grants cannot call get_task');
SELECT throws_ok($$SELECT * FROM taskdb.tasks$$, '42501', 'permission denied for schema taskdb',
                 'a role without grants cannot read taskdb.tasks');
SELECT throws_ok($$SELECT taskdb.model_create_task('{"title": "x"}')$$, '42501', 'permission denied for schema taskdb',
                 'a role without grants cannot call model_create_task');
SELECT throws_ok($$SELECT * FROM taskdb.path_stats$$, '42501', 'permission denied for schema taskdb',
                 'a role without grants cannot read taskdb.path_stats');
RESET ROLE;

--------------------------------------------------------------------------
-- USAGE on the schema only: the functions run, the tables refuse
--------------------------------------------------------------------------
GRANT USAGE ON SCHEMA taskdb TO taskdb_test_nobody;
SET ROLE taskdb_test_nobody;
SELECT ok(taskdb.library_version() IS NOT NULL, 'with USAGE, a role can call functions that touch no table');
SELECT throws_ok($$SELECT taskdb.create_task('x')$$, '42501', 'permission denied for table tasks',
                 'create_task needs INSERT on taskdb.tasks');
SELECT throws_ok($$SELECT taskdb.raw_create_task('x')$$, '42501', 'permission denied for table tasks',
                 'raw_create_task needs INSERT on taskdb.tasks');
SELECT throws_ok($$SELECT * FROM taskdb.create_tasks(ARRAY['x'])$$, '42501', 'permission denied for table tasks',
                 'create_tasks needs INSERT on taskdb.tasks');
SELECT throws_ok(format('SELECT * FROM taskdb.get_task(%s)', :owned), '42501', 'permission denied for table tasks',
                 'get_task needs SELECT on taskdb.tasks (even with a kept plan)');
SELECT throws_ok($$SELECT * FROM taskdb.list_tasks()$$, '42501', 'permission denied for table tasks',
                 'list_tasks needs SELECT on taskdb.tasks (even with a kept plan)');
SELECT throws_ok(format('SELECT taskdb.update_task(%s, %L)', :owned, 'x'), '42501', 'permission denied for table tasks',
                 'update_task needs UPDATE on taskdb.tasks');
SELECT throws_ok(format('SELECT taskdb.delete_task(%s)', :owned), '42501', 'permission denied for table tasks',
                 'delete_task needs DELETE on taskdb.tasks');
SELECT throws_ok($$SELECT taskdb.create_project('x')$$, '42501', 'permission denied for table projects',
                 'create_project needs INSERT on taskdb.projects');
SELECT throws_ok($$SELECT * FROM taskdb.task_list$$, '42501', 'permission denied for view task_list',
                 'the view task_list needs its own grant');
SELECT throws_ok($$SELECT * FROM taskdb.path_stats$$, '42501', 'permission denied for view path_stats',
                 'the view path_stats needs its own grant');
SELECT throws_ok($$SELECT taskdb.builder_create_task('x')$$, '42501', 'permission denied for table tasks',
                 'builder_create_task needs INSERT on taskdb.tasks');
SELECT throws_ok($$SELECT taskdb.orm_create_task('x')$$, '42501', 'permission denied for table tasks',
                 'orm_create_task needs INSERT on taskdb.tasks');
SELECT throws_ok($$SELECT taskdb.model_create_task('{"title": "x"}')$$, '42501', 'permission denied for table tasks',
                 'model_create_task needs INSERT on taskdb.tasks');
SELECT throws_ok(format('SELECT * FROM taskdb.builder_get_task(%s)', :owned), '42501', 'permission denied for table tasks',
                 'builder_get_task needs SELECT on taskdb.tasks (even with a kept plan)');
SELECT throws_ok(format('SELECT * FROM taskdb.orm_get_task(%s)', :owned), '42501', 'permission denied for table tasks',
                 'orm_get_task needs SELECT on taskdb.tasks (even with a kept plan)');
SELECT throws_ok(format('SELECT taskdb.model_get_task(%s)', :owned), '42501', 'permission denied for table tasks',
                 'model_get_task needs SELECT on taskdb.tasks (even with a kept plan)');
SELECT throws_ok($$SELECT * FROM taskdb.find_tasks('{}')$$, '42501', 'permission denied for table tasks',
                 'find_tasks needs SELECT on taskdb.tasks (even with a kept plan)');
SELECT throws_ok($$SELECT taskdb.project_tree()$$, '42501', 'permission denied for table projects',
                 'project_tree needs SELECT on taskdb.projects (even with a kept plan)');
SELECT is(taskdb.model_schema('Task') ->> 'title', 'Task',
          'model_schema touches no table: USAGE is enough');
RESET ROLE;
SELECT is((SELECT title::text FROM taskdb.tasks WHERE id = :owned), 'made by the owner',
          'the refused calls changed nothing');

--------------------------------------------------------------------------
-- a reader: SELECT only
--------------------------------------------------------------------------
CREATE ROLE taskdb_test_reader NOLOGIN;
GRANT USAGE ON SCHEMA taskdb TO taskdb_test_reader;
GRANT SELECT ON taskdb.tasks, taskdb.projects TO taskdb_test_reader;
SET ROLE taskdb_test_reader;
SELECT is((SELECT title::text FROM taskdb.get_task(:owned)), 'made by the owner',
          'a reader can call get_task');
SELECT isnt_empty('SELECT * FROM taskdb.raw_list_tasks()', 'a reader can call raw_list_tasks');
SELECT isnt_empty(format('SELECT * FROM taskdb.get_project(%s)', :owned_project), 'a reader can call get_project');
SELECT throws_ok($$SELECT taskdb.create_task('x')$$, '42501', 'permission denied for table tasks',
                 'a reader cannot call create_task');
SELECT throws_ok(format('SELECT taskdb.update_task(%s, %L)', :owned, 'x'), '42501', 'permission denied for table tasks',
                 'a reader cannot call update_task');
SELECT throws_ok(format('SELECT taskdb.delete_project(%s)', :owned_project), '42501', 'permission denied for table projects',
                 'a reader cannot call delete_project');
SELECT is((SELECT title::text FROM taskdb.orm_get_task(:owned)), 'made by the owner',
          'a reader can call orm_get_task');
SELECT is(taskdb.model_get_task(:owned) ->> 'title', 'made by the owner',
          'a reader can call model_get_task');
SELECT isnt_empty('SELECT * FROM taskdb.builder_list_tasks()', 'a reader can call builder_list_tasks');
SELECT throws_ok(format('SELECT taskdb.orm_update_task(%s, %L)', :owned, 'x'), '42501', 'permission denied for table tasks',
                 'a reader cannot call orm_update_task');
SELECT throws_ok(format('SELECT taskdb.model_update_task(%s, %L)', :owned, '{"title": "x"}'), '42501',
                 'permission denied for table tasks',
                 'a reader cannot call model_update_task');
SELECT throws_ok($$SELECT * FROM taskdb.path_stats$$, '42501', 'permission denied for view path_stats',
                 'a reader of the tables cannot read path_stats');
RESET ROLE;

--------------------------------------------------------------------------
-- a user: USAGE and SELECT, INSERT, UPDATE, DELETE on the tables
--------------------------------------------------------------------------
CREATE ROLE taskdb_test_user NOLOGIN;
GRANT USAGE ON SCHEMA taskdb TO taskdb_test_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON taskdb.tasks, taskdb.projects TO taskdb_test_user;
SET ROLE taskdb_test_user;
SELECT id AS up FROM taskdb.create_project('user project') \gset
SELECT id AS ut FROM taskdb.create_task('user task', :up) \gset
SELECT is((SELECT project_id FROM taskdb.get_task(:ut)), :up::bigint,
          'a user can create a project and a task in it (no sequence grant needed)');
SELECT id AS rt FROM taskdb.raw_create_task('raw user task') \gset
SELECT isnt_empty(format('SELECT * FROM taskdb.raw_get_task(%s)', :rt), 'a user can use the raw_ path');
SELECT is((SELECT count(*) FROM taskdb.create_tasks(ARRAY['u1', 'u2'], :up)), 2::bigint,
          'a user can call create_tasks');
SELECT is((SELECT count(*) FROM taskdb.list_tasks(project_id => :up)), 3::bigint,
          'a user can call list_tasks');
SELECT is((SELECT count(*) FROM taskdb.get_tasks(ARRAY[:ut, :rt]::bigint[])), 2::bigint,
          'a user can call get_tasks');
SELECT is((SELECT version FROM taskdb.update_task(:ut, 'renamed', true, expected_version => 1)), 2,
          'a user can call update_task');
SELECT throws_ok(format('SELECT taskdb.update_task(%s, %L, expected_version => 1)', :ut, 'stale'),
                 '55000', format('task %s is at version 2, not the expected version 1', :ut),
                 'a user gets the documented errors, not permission errors');
SELECT is((SELECT id FROM taskdb.raw_delete_task(:rt)), :rt::bigint, 'a user can call raw_delete_task');
SELECT is((SELECT id FROM taskdb.delete_project(:up, true)), :up::bigint,
          'a user can call delete_project with cascade (FOR UPDATE needs only UPDATE)');
SELECT is_empty(format('SELECT * FROM taskdb.list_tasks(project_id => %s)', :up),
                'the cascade deleted the user''s tasks');
SELECT isnt_empty('SELECT * FROM taskdb.list_projects()', 'a user can call list_projects');
SELECT is((SELECT title::text FROM taskdb.update_task(:owned, 'touched by a user')), 'touched by a user',
          'a user may change rows made by others (no row-level security)');
SELECT throws_ok($$SELECT * FROM taskdb.project_summary$$, '42501', 'permission denied for view project_summary',
                 'table grants do not open the views');
SELECT throws_ok($$TRUNCATE taskdb.tasks$$, '42501', 'permission denied for table tasks',
                 'a user cannot TRUNCATE');
SELECT (taskdb.model_create_project('{"name": "model project"}') ->> 'id')::bigint AS mp \gset
SELECT (taskdb.model_create_task(format('{"title": "model task", "project_id": %s}', :mp)::jsonb) ->> 'id')::bigint AS mt \gset
SELECT is((SELECT project_id FROM taskdb.orm_get_task(:mt)), :mp::bigint,
          'a user can create a project and a task in it on the model path');
SELECT is((SELECT done FROM taskdb.builder_update_task(:mt, done => true)), true,
          'a user can call builder_update_task');
SELECT is(taskdb.model_update_task(:mt, '{"done": false}') ->> 'done', 'false',
          'a user can call model_update_task');
SELECT is(taskdb.complete_project(:mp), 1, 'a user can call complete_project');
SELECT is(taskdb.move_tasks(ARRAY[:mt]::bigint[], NULL), 1, 'a user can call move_tasks');
SELECT is(jsonb_array_length(taskdb.project_tree(:mp) -> 0 -> 'tasks'), 0,
          'a user can call project_tree');
SELECT is((SELECT id FROM taskdb.orm_delete_task(:mt)), :mt::bigint, 'a user can call orm_delete_task');
SELECT is((taskdb.model_delete_project(:mp) ->> 'id')::bigint, :mp::bigint, 'a user can call model_delete_project');
SELECT throws_ok($$SELECT * FROM taskdb.path_stats$$, '42501', 'permission denied for view path_stats',
                 'table grants do not open path_stats');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
