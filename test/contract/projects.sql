-- contract-since: 1.1
--
-- The CRUD contract of projects, and of tasks in projects, as 1.1 defined
-- it, for any access path: create_project, get_project, list_projects,
-- delete_project(id, cascade), and the project_id / clear_project
-- arguments of create_task, create_tasks, list_tasks and update_task.
-- The path comes from the psql variable "prefix" (see _setup.psql and run).
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off
\ir _setup.psql

BEGIN;
SELECT plan(111);
SELECT diag(format('projects contract (1.1), path %L (prefix %L)', :'path', :'prefix'));

SELECT coalesce(max(id), 0) AS pbase FROM taskdb.projects \gset
SELECT coalesce(max(id), 0) AS tbase FROM taskdb.tasks \gset
SELECT count(*) AS np0 FROM taskdb.projects \gset
-- since_pbase: the projects made from here on (on the router: the ids not
-- there now, as ids increase within a partition only); ptbase: a cursor
-- before every task of this file's projects (on the router 0: a project's
-- tasks are on its partition, whose ids may all be below tbase)
\if :router
SELECT $$NOT pg_temp.seen('start', id, 'projects')$$ AS since_pbase, 0 AS ptbase \gset
\else
SELECT format('id > %s', :pbase) AS since_pbase, :tbase AS ptbase \gset
\endif

--------------------------------------------------------------------------
-- create_project(name)
--------------------------------------------------------------------------
SELECT id AS p1, name AS p1_name, created_at = now() AS p1_now,
       created_at BETWEEN now() AND clock_timestamp() AS p1_call_time
FROM :create_project('Home') \gset
\if :router
SELECT ok(NOT pg_temp.seen('start', :p1, 'projects'), 'create_project returns the new row with a new id (router: one no row had)');
\else
SELECT ok(:p1 > :pbase, 'create_project returns the new row with a new id');
\endif
SELECT is(:'p1_name'::text, 'Home', 'create_project returns the name');
\if :router
SELECT ok(:'p1_call_time'::boolean, 'create_project: created_at is the partition''s time of the call (router: after this transaction began, not at it)');
\else
SELECT ok(:'p1_now'::boolean, 'create_project: created_at is the transaction time');
\endif
SELECT is((SELECT count(*) FROM taskdb.projects), :np0::bigint + 1, 'create_project wrote one row');
SELECT is((SELECT name::text FROM taskdb.projects WHERE id = :p1), 'Home',
          'create_project stored the row');

SELECT id AS p2 FROM :create_project('Work') \gset
SELECT id AS p3 FROM :create_project('Empty') \gset
\if :router
SELECT ok(cardinality(ARRAY[:p1, :p2, :p3]) = (SELECT count(DISTINCT i) FROM unnest(ARRAY[:p1, :p2, :p3]) i)
          AND NOT EXISTS (SELECT FROM (VALUES (:p1::bigint, :p2::bigint), (:p2, :p3), (:p1, :p3)) v(a, b)
                          WHERE b < a AND taskdb_route.partition_of(a) = taskdb_route.partition_of(b)),
          'project ids are unique, and increase within a partition (router: not over the partitions)');
\else
SELECT ok(:p2 > :p1 AND :p3 > :p2, 'project ids increase');
\endif

SELECT name AS odd_name FROM :create_project(E'O''Brien "&" \\ $1 %s; é 😀') \gset
SELECT is(:'odd_name'::text, E'O''Brien "&" \\ $1 %s; é 😀',
          'create_project stores quotes, backslashes, placeholders and non-ASCII verbatim');
SELECT length(name) AS len255 FROM :create_project(repeat('ü', 255)) \gset
SELECT is(:len255, 255, 'create_project accepts a name of 255 characters');
SELECT id AS p_dup FROM :create_project('Home') \gset
SELECT is((SELECT count(*) FROM taskdb.projects WHERE :since_pbase AND name = 'Home'), 2::bigint,
          'create_project accepts a duplicate name');

SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format('SELECT %s(NULL)', :'create_project'),
                 e.sqlstate, e.message,
                 'create_project(NULL) raises ' || e.sqlstate)
FROM pg_temp.input_error('project name null', NULL, NULL) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'create_project(NULL) wrote nothing');
SELECT throws_ok(format('SELECT %s(%L)', :'create_project', ''),
                 e.sqlstate, e.message,
                 'create_project('''') raises ' || e.sqlstate)
FROM pg_temp.input_error('project name empty', NULL, NULL) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'create_project('''') wrote nothing');
SELECT throws_ok(format('SELECT %s(%L)', :'create_project', repeat('ü', 256)),
                 e.sqlstate, e.message,
                 'create_project with 256 characters raises ' || e.sqlstate)
FROM pg_temp.input_error('project name too long', NULL, NULL) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'create_project with 256 characters wrote nothing');
SELECT is(pg_temp.error_of(format('SELECT %s(%L)', :'create_project', repeat('n', 256))),
          e.whole,
          'create_project: the too-long error tells the length and the limit')
FROM pg_temp.input_error('project name too long', to_json(repeat('n', 256))::text, NULL) e;

--------------------------------------------------------------------------
-- get_project(id): STRICT, one row or none
--------------------------------------------------------------------------
SELECT results_eq(format('SELECT * FROM %s(%s)', :'get_project', :p1),
                  format('SELECT * FROM taskdb.projects WHERE id = %s', :p1),
                  'get_project returns the whole row');
SELECT is_empty(format('SELECT * FROM %s(999999999)', :'get_project'),
                'get_project of an unknown id returns no row');
SELECT is_empty(format('SELECT * FROM %s(NULL)', :'get_project'),
                'get_project(NULL) returns no row');

--------------------------------------------------------------------------
-- list_projects(after_id, lim): keyset pages in id order
--------------------------------------------------------------------------
SELECT results_eq(format('SELECT id FROM %s(%s, 2)', :'list_projects', :pbase),
\if :router
                  format('SELECT id FROM taskdb.projects WHERE id > %s ORDER BY id LIMIT 2', :pbase),
                  'list_projects: first page of 2 (router: the 2 smallest ids after the cursor, not p1 and p2)');
\else
                  format('VALUES (%s::bigint), (%s)', :p1, :p2),
                  'list_projects: first page of 2');
\endif
SELECT results_eq(format('SELECT id FROM %s(%s, 2)', :'list_projects', :p2),
                  format('SELECT id FROM taskdb.projects WHERE id > %s ORDER BY id LIMIT 2', :p2),
                  'list_projects: second page starts after after_id');
SELECT results_eq(format('SELECT * FROM %s(%s, 100)', :'list_projects', :pbase),
                  format('SELECT * FROM taskdb.projects WHERE id > %s ORDER BY id', :pbase),
                  'list_projects returns whole rows');
SELECT results_eq(format('SELECT id FROM %s(NULL, 100)', :'list_projects'),
                  'SELECT id FROM taskdb.projects ORDER BY id LIMIT 100',
                  'list_projects(after_id => NULL) starts at the smallest id');
SELECT results_eq(format('SELECT id FROM %s()', :'list_projects'),
                  'SELECT id FROM taskdb.projects ORDER BY id LIMIT 100',
                  'list_projects() defaults: from the start, 100 rows');
SELECT results_eq(format('SELECT id FROM %s(lim => 1, after_id => %s)', :'list_projects', :p1),
\if :router
                  format('SELECT id FROM taskdb.projects WHERE id > %s ORDER BY id LIMIT 1', :p1),
\else
                  format('VALUES (%s::bigint)', :p2),
\endif
                  'list_projects takes named arguments after_id, lim');
SELECT is_empty(format('SELECT id FROM %s(NULL, 0)', :'list_projects'),
                'list_projects(lim => 0) returns no row');
SELECT is_empty(format('SELECT id FROM %s((SELECT max(id) FROM taskdb.projects), 10)', :'list_projects'),
                'list_projects: no page after the last id');
SELECT is_empty(format('SELECT id FROM %s(9223372036854775807, 10)', :'list_projects'),
                'list_projects after the largest bigint returns no row');
SELECT throws_ok(format('SELECT * FROM %s(NULL, NULL)', :'list_projects'),
                 e.sqlstate, e.message,
                 'list_projects(lim => NULL) raises ' || e.sqlstate)
FROM pg_temp.input_error('project page lim null', NULL, NULL) e;
SELECT throws_ok(format('SELECT * FROM %s(NULL, -1)', :'list_projects'),
                 e.sqlstate, e.message,
                 'list_projects(lim => -1) raises ' || e.sqlstate)
FROM pg_temp.input_error('project page lim negative', NULL, NULL) e;

--------------------------------------------------------------------------
-- create_task(title, project_id)
--------------------------------------------------------------------------
SELECT id AS a1, project_id AS a1_project FROM :create_task('a1', :p1) \gset
SELECT is(:a1_project, :p1, 'create_task(title, project_id) puts the task in the project');
SELECT id AS a2, project_id AS a2_project FROM :create_task(title => 'a2', project_id => :p1) \gset
SELECT is(:a2_project, :p1, 'create_task takes named arguments title, project_id');
SELECT id AS loose1 FROM :create_task('loose', NULL) \gset
SELECT ok((SELECT project_id IS NULL FROM taskdb.tasks WHERE id = :loose1),
          'create_task(title, NULL) makes a task without a project');
SELECT id AS loose2 FROM :create_task('loose too') \gset
SELECT ok((SELECT project_id IS NULL FROM taskdb.tasks WHERE id = :loose2),
          'create_task(title) makes a task without a project');
SELECT is((SELECT project_id FROM taskdb.tasks WHERE id = :a1), :p1::bigint,
          'create_task stored the project');

SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format('SELECT %s(%L, 999999999)', :'create_task', 'orphan'),
                 '23503', 'project 999999999 does not exist',
                 'create_task in an unknown project raises 23503');
SELECT is(pg_temp.fingerprint(), :'fp', 'create_task in an unknown project wrote nothing');
SELECT throws_ok(format('SELECT %s(NULL, %s)', :'create_task', :p1),
                 e.sqlstate, e.message,
                 'create_task(NULL, project_id) raises ' || e.sqlstate)
FROM pg_temp.input_error('task title null', NULL, NULL) e;
SELECT throws_ok(format('SELECT %s(%L, %s)', :'create_task', '', :p1),
                 e.sqlstate, e.message,
                 'create_task('''', project_id) raises ' || e.sqlstate)
FROM pg_temp.input_error('task title empty', NULL, NULL) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'create_task with a bad title in a project wrote nothing');

--------------------------------------------------------------------------
-- create_tasks(titles, project_id)
--------------------------------------------------------------------------
SELECT results_eq(format($$SELECT title::text, project_id FROM %s(ARRAY['b1', 'b2'], %s)$$, :'create_tasks', :p2),
                  format($$VALUES ('b1'::text, %s::bigint), ('b2', %s)$$, :p2, :p2),
                  'create_tasks(titles, project_id) puts every task in the project');
SELECT is((SELECT count(*) FROM taskdb.tasks WHERE project_id = :p2), 2::bigint,
          'create_tasks stored the tasks in the project');
SELECT results_eq(format($$SELECT project_id FROM %s(ARRAY['c1'], NULL)$$, :'create_tasks'),
                  'VALUES (NULL::bigint)',
                  'create_tasks(titles, NULL) makes tasks without a project');
SELECT results_eq(format($$SELECT title::text FROM %s(titles => ARRAY['c2'], project_id => %s)$$, :'create_tasks', :p2),
                  $$VALUES ('c2'::text)$$,
                  'create_tasks takes named arguments titles, project_id');

SELECT pg_temp.fingerprint() AS fp \gset
SELECT is_empty(format($$SELECT * FROM %s('{}'::text[], %s)$$, :'create_tasks', :p2),
                'create_tasks of an empty array in a project returns no row');
SELECT is(pg_temp.fingerprint(), :'fp', 'create_tasks of an empty array in a project wrote nothing');
SELECT throws_ok(format($$SELECT * FROM %s('{}'::text[], 999999999)$$, :'create_tasks'),
                 '23503', 'project 999999999 does not exist',
                 'create_tasks of an empty array in an unknown project raises 23503');
SELECT is(pg_temp.fingerprint(), :'fp', 'create_tasks of an empty array in an unknown project wrote nothing');
SELECT throws_ok(format($$SELECT * FROM %s(ARRAY['x', 'y'], 999999999)$$, :'create_tasks'),
                 '23503', 'project 999999999 does not exist',
                 'create_tasks in an unknown project raises 23503');
SELECT is(pg_temp.fingerprint(), :'fp', 'create_tasks in an unknown project wrote nothing');
SELECT throws_ok(format($$SELECT * FROM %s(ARRAY['x', ''], %s)$$, :'create_tasks', :p2),
                 e.sqlstate, e.message,
                 'create_tasks with an empty title in a project raises ' || e.sqlstate)
FROM pg_temp.input_error('batch title empty', NULL, 2) e;
SELECT throws_ok(format($$SELECT * FROM %s(NULL, %s)$$, :'create_tasks', :p2),
                 '22004', 'titles must not be null',
                 'create_tasks(NULL, project_id) raises 22004');
SELECT is(pg_temp.fingerprint(), :'fp', 'create_tasks with bad titles in a project wrote nothing');

--------------------------------------------------------------------------
-- list_tasks(done, after_id, lim, project_id)
--------------------------------------------------------------------------
SELECT done AS a2_done FROM :update_task(:a2, NULL, true) \gset
SELECT results_eq(format('SELECT id FROM %s(NULL, %s, 100, %s)', :'list_tasks', :ptbase, :p1),
                  format('VALUES (%s::bigint), (%s)', :a1, :a2),
                  'list_tasks(project_id => p) lists only the tasks of p');
SELECT results_eq(format('SELECT id FROM %s(project_id => %s)', :'list_tasks', :p1),
                  format('SELECT id FROM taskdb.tasks WHERE project_id = %s ORDER BY id', :p1),
                  'list_tasks takes a named project_id');
SELECT results_eq(format('SELECT id FROM %s(true, %s, 100, %s)', :'list_tasks', :ptbase, :p1),
                  format('VALUES (%s::bigint)', :a2),
                  'list_tasks combines the done and project filters (done)');
SELECT results_eq(format('SELECT id FROM %s(false, %s, 100, %s)', :'list_tasks', :ptbase, :p1),
                  format('VALUES (%s::bigint)', :a1),
                  'list_tasks combines the done and project filters (open)');
SELECT results_eq(format('SELECT id FROM %s(NULL, %s, 1, %s)', :'list_tasks', :a1, :p1),
                  format('VALUES (%s::bigint)', :a2),
                  'list_tasks: keyset page within a project');
SELECT results_eq(format('SELECT id FROM %s(NULL, %s, 100, NULL)', :'list_tasks', :tbase),
                  format('SELECT id FROM taskdb.tasks WHERE id > %s ORDER BY id', :tbase),
                  'list_tasks(project_id => NULL) lists tasks of every project and none');
SELECT is_empty(format('SELECT id FROM %s(NULL, NULL, 100, 999999999)', :'list_tasks'),
                'list_tasks of an unknown project returns no row');
SELECT is_empty(format('SELECT id FROM %s(NULL, NULL, 100, %s)', :'list_tasks', :p3),
                'list_tasks of a project without tasks returns no row');
SELECT is_empty(format('SELECT id FROM %s(NULL, NULL, 0, %s)', :'list_tasks', :p1),
                'list_tasks(lim => 0) in a project returns no row');
SELECT throws_ok(format('SELECT * FROM %s(NULL, NULL, NULL, %s)', :'list_tasks', :p1),
                 e.sqlstate, e.message,
                 'list_tasks(lim => NULL) in a project raises ' || e.sqlstate)
FROM pg_temp.input_error('task page lim null', NULL, NULL) e;

--------------------------------------------------------------------------
-- update_task(id, title, done, project_id, clear_project)
--------------------------------------------------------------------------
SELECT id AS m FROM :create_task('mover', :p1) \gset
-- On the router a task stays in its project's shard, and p2 has another:
-- the move is refused (0AT01) and changes nothing, and m stays in p1
-- (m_home).  A move within the shard is below: m leaves p1 and comes back.
\if :router
SELECT pg_temp.fingerprint() AS fp \gset
\if :router_model
SELECT throws_ok(format('SELECT %s(%s, project_id => %s)', :'update_task', :m, :p2),
                 CASE WHEN taskdb_route.partition_of(:m) = taskdb_route.partition_of(:p2) THEN '0AT01' ELSE '23503' END, NULL,
                 'a model patch moving a task to a project of another shard is refused: 0AT01 on its partition, else 23503 (router, model path)');
\else
SELECT throws_ok(format('SELECT %s(%s, project_id => %s)', :'update_task', :m, :p2), '0AT01', NULL,
                 'update_task(project_id => p) of a task of another shard is refused with 0AT01 (router)');
\endif
SELECT is(pg_temp.fingerprint(), :'fp', 'the refused move changed nothing (router)');
SELECT :p1 AS m_home \gset
\else
SELECT project_id AS m_project, title AS m_title, done AS m_done
FROM :update_task(:m, project_id => :p2) \gset
SELECT is(:m_project, :p2, 'update_task(project_id => p) moves the task to p');
SELECT is(:'m_title' || '/' || :'m_done', 'mover/f', 'moving a task keeps its title and done');
SELECT :p2 AS m_home \gset
\endif

SELECT project_id AS m_project FROM :update_task(:m, title => 'mover, renamed') \gset
SELECT is(:m_project, :m_home, 'update_task without project_id keeps the project');
SELECT project_id AS m_project FROM :update_task(:m, NULL, true, NULL, false) \gset
SELECT is(:m_project, :m_home, 'update_task(project_id => NULL, clear_project => false) keeps the project');

SELECT project_id IS NULL AS m_cleared, title AS m_title FROM :update_task(:m, clear_project => true) \gset
SELECT ok(:'m_cleared'::boolean, 'update_task(clear_project => true) clears the project');
SELECT is(:'m_title'::text, 'mover, renamed', 'clearing the project keeps the title');
SELECT ok((SELECT project_id IS NULL FROM taskdb.tasks WHERE id = :m),
          'update_task stored the cleared project');
SELECT project_id IS NULL AS m_cleared FROM :update_task(:m, clear_project => true) \gset
SELECT ok(:'m_cleared'::boolean, 'clearing the project of a task without one is allowed');
SELECT project_id AS m_project FROM :update_task(:m, NULL, NULL, :p1) \gset
SELECT is(:m_project, :p1, 'update_task(id, NULL, NULL, project_id) sets the project positionally');

SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format('SELECT %s(%s, project_id => 999999999)', :'update_task', :m),
                 '23503', 'project 999999999 does not exist',
                 'update_task to an unknown project raises 23503');
SELECT is(pg_temp.fingerprint(), :'fp', 'update_task to an unknown project wrote nothing');
SELECT throws_ok(format('SELECT %s(%s, %L, true, 999999999)', :'update_task', :m, 'changed'),
                 '23503', 'project 999999999 does not exist',
                 'update_task with a new title to an unknown project raises 23503');
SELECT is(pg_temp.fingerprint(), :'fp', 'update_task with a new title to an unknown project wrote nothing');
SELECT throws_ok(format('SELECT %s(%s, project_id => %s, clear_project => true)', :'update_task', :m, :p2),
                 '22023', format('cannot both set and clear the project of task %s', :m),
                 'update_task with project_id and clear_project raises 22023');
SELECT is(pg_temp.fingerprint(), :'fp', 'update_task with project_id and clear_project wrote nothing');
SELECT is(pg_temp.error_of(format('SELECT %s(%s, project_id => %s, clear_project => true)', :'update_task', :m, :p2)),
          format('22023: cannot both set and clear the project of task %s | detail: - | hint: Pass project_id or clear_project => true, not both.', :m),
          'update_task: the set-and-clear error hints at the fix');
SELECT throws_ok(format('SELECT %s(%s, clear_project => NULL)', :'update_task', :m),
                 '22004', 'clear_project must not be null',
                 'update_task(clear_project => NULL) raises 22004');
SELECT is(pg_temp.fingerprint(), :'fp', 'update_task(clear_project => NULL) wrote nothing');
SELECT throws_ok(format('SELECT %s(999999999, project_id => %s)', :'update_task', :p1),
                 'P0002', 'task 999999999 does not exist',
                 'update_task of an unknown task to a known project raises P0002');
SELECT throws_ok(format('SELECT %s(999999999, project_id => 999999999)', :'update_task'),
                 'P0002', 'task 999999999 does not exist',
                 'update_task of an unknown task to an unknown project raises P0002 (the task first)');
SELECT throws_ok(format('SELECT %s(999999999, clear_project => true)', :'update_task'),
                 'P0002', 'task 999999999 does not exist',
                 'update_task(clear_project => true) of an unknown task raises P0002');
SELECT throws_ok(format('SELECT %s(NULL, project_id => %s)', :'update_task', :p1),
                 '22004', 'task id must not be null',
                 'update_task(id => NULL, project_id => p) raises 22004');
SELECT is(pg_temp.fingerprint(), :'fp', 'update_task of unknown or NULL tasks wrote nothing');
SELECT is((SELECT project_id FROM taskdb.tasks WHERE id = :m), :p1::bigint,
          'failed update_task calls left the project as it was');

--------------------------------------------------------------------------
-- delete_project(id, cascade)
--------------------------------------------------------------------------
SELECT row_to_json(p)::text AS p3_row FROM taskdb.projects p WHERE id = :p3 \gset
SELECT is((SELECT row_to_json(p)::text FROM :delete_project(:p3) p), :'p3_row',
          'delete_project of a project without tasks returns the deleted row');
SELECT is_empty(format('SELECT * FROM %s(%s)', :'get_project', :p3),
                'get_project finds no deleted project');

-- p1 has a1, a2 and m
SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format('SELECT %s(%s)', :'delete_project', :p1),
                 '23503', format('project %s still has 3 tasks', :p1),
                 'delete_project of a project with tasks raises 23503');
SELECT is(pg_temp.fingerprint(), :'fp', 'delete_project of a project with tasks wrote nothing');
SELECT throws_ok(format('SELECT %s(%s, false)', :'delete_project', :p1),
                 '23503', format('project %s still has 3 tasks', :p1),
                 'delete_project(cascade => false) of a project with tasks raises 23503');
SELECT is(pg_temp.fingerprint(), :'fp', 'delete_project(cascade => false) wrote nothing');
SELECT is(pg_temp.error_of(format('SELECT %s(%s)', :'delete_project', :p1)),
          format('23503: project %s still has 3 tasks | detail: - | hint: Move or delete its tasks first, or pass cascade => true to delete them with it.', :p1),
          'delete_project: the still-has-tasks error hints at the fix');

SELECT id AS p4 FROM :create_project('one task') \gset
SELECT id AS p4_task FROM :create_task('alone', :p4) \gset
SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format('SELECT %s(%s)', :'delete_project', :p4),
                 '23503', format('project %s still has 1 task', :p4),
                 'delete_project of a project with one task raises 23503 (singular)');
SELECT is(pg_temp.fingerprint(), :'fp', 'delete_project of a project with one task wrote nothing');
SELECT project_id IS NULL AS moved_out FROM :update_task(:p4_task, clear_project => true) \gset
SELECT is((SELECT id FROM :delete_project(:p4)), :p4::bigint,
          'delete_project succeeds once the tasks are moved out');
SELECT isnt_empty(format('SELECT * FROM %s(%s)', :'get_task', :p4_task),
                  'the task moved out of the deleted project is kept');

SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format('SELECT %s(999999999)', :'delete_project'),
                 'P0002', 'project 999999999 does not exist',
                 'delete_project of an unknown id raises P0002');
SELECT throws_ok(format('SELECT %s(999999999, true)', :'delete_project'),
                 'P0002', 'project 999999999 does not exist',
                 'delete_project(cascade => true) of an unknown id raises P0002');
SELECT throws_ok(format('SELECT %s(%s)', :'delete_project', :p3),
                 'P0002', format('project %s does not exist', :p3),
                 'delete_project of a deleted project raises P0002');
SELECT throws_ok(format('SELECT %s(NULL)', :'delete_project'),
                 '22004', 'project id must not be null',
                 'delete_project(NULL) raises 22004');
SELECT throws_ok(format('SELECT %s(%s, NULL)', :'delete_project', :p1),
                 '22004', 'cascade must not be null',
                 'delete_project(cascade => NULL) raises 22004');
SELECT is(pg_temp.fingerprint(), :'fp', 'failed delete_project calls wrote nothing');

-- cascade: p1 goes with its three tasks, nothing else does
SELECT count(*) AS nt_before FROM taskdb.tasks \gset
SELECT count(*) AS np_before FROM taskdb.projects \gset
SELECT string_agg(id::text, ',' ORDER BY id) AS others FROM taskdb.tasks WHERE project_id IS DISTINCT FROM :p1 \gset
SELECT row_to_json(p)::text AS p1_row FROM taskdb.projects p WHERE id = :p1 \gset
SELECT is((SELECT row_to_json(p)::text FROM :delete_project(:p1, true) p), :'p1_row',
          'delete_project(cascade => true) returns the deleted project');
SELECT is((SELECT count(*) FROM taskdb.tasks WHERE project_id = :p1), 0::bigint,
          'delete_project(cascade => true) deleted the tasks of the project');
SELECT is((SELECT count(*) FROM taskdb.tasks), :nt_before::bigint - 3,
          'delete_project(cascade => true) deleted exactly those three tasks');
SELECT is((SELECT string_agg(id::text, ',' ORDER BY id) FROM taskdb.tasks), :'others',
          'delete_project(cascade => true) kept every other task');
SELECT is((SELECT count(*) FROM taskdb.projects), :np_before::bigint - 1,
          'delete_project(cascade => true) deleted one project');
SELECT is_empty(format('SELECT * FROM %s(%s)', :'get_task', :a1),
                'get_task finds no task of the deleted project');
SELECT is((SELECT id FROM :delete_project(id => :p_dup, "cascade" => true)), :p_dup::bigint,
          'delete_project takes named arguments id, cascade (and cascades nothing when empty)');

\if :router
SELECT diag(pg_temp.router_cleanup());
\endif
SELECT * FROM finish();
ROLLBACK;
