-- contract-since: 1.2
--
-- Row versions as 1.2 defined them, for any access path: every task has a
-- version that starts at 1 and grows by one with each update, and
-- update_task(..., expected_version => v) changes the task only if it is
-- still at version v, raising serialization_failure (40001) otherwise;
-- from 1.7 object_not_in_prerequisite_state (55000), as retrying the same
-- call cannot succeed (40001 stays for a change made during the call).
-- The path comes from the psql variable "prefix" (see _setup.psql and run).
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off
\ir _setup.psql

BEGIN;
SELECT plan(60);
SELECT diag(format('versions contract (1.2), path %L (prefix %L)', :'path', :'prefix'));

-- rows made before this file ran (seeded, or kept by an upgrade) have one
SELECT is((SELECT count(*) FROM taskdb.tasks WHERE version IS NULL OR version < 1), 0::bigint,
          'every existing task has a version of at least 1');

--------------------------------------------------------------------------
-- new rows start at version 1
--------------------------------------------------------------------------
-- On the router a task only joins a project of its own shard: v is made
-- in p there, and leaves p before it joins it again (below).
SELECT id AS p FROM :create_project('versioned project') \gset
\if :router
SELECT id AS v, version AS v_version FROM :create_task('versioned', :p) \gset
\else
SELECT id AS v, version AS v_version FROM :create_task('versioned') \gset
\endif
SELECT is(:v_version, 1, 'create_task returns version 1');
SELECT is((SELECT version FROM :create_task('in project', :p)), 1,
          'create_task in a project returns version 1');
SELECT results_eq(format($$SELECT version FROM %s(ARRAY['x', 'y'])$$, :'create_tasks'),
                  'VALUES (1), (1)',
                  'create_tasks returns version 1 for every row');
SELECT results_eq(format($$SELECT version FROM %s(ARRAY['z'], %s)$$, :'create_tasks', :p),
                  'VALUES (1)',
                  'create_tasks in a project returns version 1');
SELECT is((SELECT version FROM :get_task(:v)), 1, 'get_task shows version 1');
SELECT is((SELECT version FROM :get_tasks(ARRAY[:v]::bigint[])), 1, 'get_tasks shows the version');
SELECT is((SELECT version FROM :list_tasks(NULL, :v - 1, 1)), 1, 'list_tasks shows the version');

--------------------------------------------------------------------------
-- every update bumps the version by one
--------------------------------------------------------------------------
SELECT version AS vv FROM :update_task(:v, 'versioned, 2') \gset
SELECT is(:vv, 2, 'update_task of the title returns version 2');
SELECT is((SELECT version FROM taskdb.tasks WHERE id = :v), 2, 'update_task stored version 2');
SELECT version AS vv FROM :update_task(:v, done => true) \gset
SELECT is(:vv, 3, 'update_task of done returns version 3');
\if :router
SELECT version AS vv FROM :update_task(:v, clear_project => true) \gset
SELECT is(:vv, 4, 'clearing the project bumps the version (router: v leaves p first)');
SELECT version AS vv FROM :update_task(:v, project_id => :p) \gset
SELECT is(:vv, 5, 'moving a task to a project bumps the version (router: back to p, its shard)');
\else
SELECT version AS vv FROM :update_task(:v, project_id => :p) \gset
SELECT is(:vv, 4, 'moving a task to a project bumps the version');
SELECT version AS vv FROM :update_task(:v, clear_project => true) \gset
SELECT is(:vv, 5, 'clearing the project bumps the version');
\endif
SELECT is((SELECT version FROM :get_task(:v)), 5, 'get_task shows the bumped version');
SELECT is((SELECT count(*) FROM taskdb.tasks WHERE title IN ('x', 'y', 'z', 'in project') AND version <> 1),
          0::bigint, 'updating one task leaves the versions of the others alone');

-- plain SQL bumps it too, whatever it writes into the column (on the
-- router taskdb.tasks is a read-only view over the partitions: the same
-- changes go through the API, and the plain SQL is refused)
\if :router
SELECT throws_ok(format('UPDATE taskdb.tasks SET done = false WHERE id = %s', :v), '55000', NULL,
                 'a plain SQL UPDATE of the router''s taskdb.tasks is refused with 55000 (router)');
SELECT version AS vv FROM :update_task(:v, done => false) \gset
SELECT version AS vv FROM :update_task(:v, 'plain') \gset
SELECT is((SELECT version FROM :get_task(:v)), 7, 'the same changes through update_task bump the version twice (router)');
\else
UPDATE taskdb.tasks SET done = false WHERE id = :v;
SELECT is((SELECT version FROM :get_task(:v)), 6, 'a plain SQL UPDATE bumps the version');
UPDATE taskdb.tasks SET version = 100, title = 'plain' WHERE id = :v;
SELECT is((SELECT version FROM :get_task(:v)), 7, 'a plain SQL UPDATE cannot set the version');
\endif

--------------------------------------------------------------------------
-- expected_version
--------------------------------------------------------------------------
SELECT version AS vv, title AS vt FROM :update_task(:v, 'checked', expected_version => 7) \gset
SELECT is(:vv, 8, 'update_task(expected_version => current) succeeds and bumps the version');
SELECT is(:'vt'::text, 'checked', 'update_task(expected_version => current) applies the change');

SELECT version AS vv FROM :update_task(:v, NULL, true, NULL, false, 8) \gset
SELECT is(:vv, 9, 'update_task takes expected_version as the sixth positional argument');
SELECT version AS vv FROM :update_task(:v, 'unchecked', expected_version => NULL) \gset
SELECT is(:vv, 10, 'update_task(expected_version => NULL) does not check the version');
\if :router
SELECT version AS vv, project_id IS NULL AS vcleared
FROM :update_task(:v, clear_project => true, expected_version => 10) \gset
SELECT ok(:vv = 11 AND :'vcleared'::boolean,
          'update_task clears the project with a matching expected_version (router: v is in p)');
SELECT version AS vv FROM :update_task(:v, project_id => :p, expected_version => 11) \gset
SELECT is(:vv, 12, 'update_task moves a task with a matching expected_version (router: back to p)');
\else
SELECT version AS vv FROM :update_task(:v, project_id => :p, expected_version => 10) \gset
SELECT is(:vv, 11, 'update_task moves a task with a matching expected_version');
SELECT version AS vv, project_id IS NULL AS vcleared
FROM :update_task(:v, clear_project => true, expected_version => 11) \gset
SELECT ok(:vv = 12 AND :'vcleared'::boolean,
          'update_task clears the project with a matching expected_version');
\endif

SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format('SELECT %s(%s, %L, expected_version => 11)', :'update_task', :v, 'stale'),
                 :'stale_code', format('task %s is at version 12, not the expected version 11', :v),
                 'update_task with a stale expected_version raises ' || :'stale_code');
SELECT is(pg_temp.fingerprint(), :'fp', 'update_task with a stale expected_version wrote nothing');
SELECT is((SELECT title::text || ' v' || version FROM taskdb.tasks WHERE id = :v), 'unchecked v12',
          'the stale update left the title and version as they were');
SELECT is(pg_temp.error_of(format('SELECT %s(%s, %L, expected_version => 1)', :'update_task', :v, 'stale')),
          format('%s: task %s is at version 12, not the expected version 1 | %s', :'stale_code', :v, :'stale_tail'),
          'update_task: the stale-version error explains and hints at the fix');
SELECT throws_ok(format('SELECT %s(%s, expected_version => 13)', :'update_task', :v),
                 :'stale_code', format('task %s is at version 12, not the expected version 13', :v),
                 'update_task with a future expected_version raises ' || :'stale_code');
SELECT throws_ok(format('SELECT %s(%s, done => true, expected_version => 0)', :'update_task', :v),
                 :'stale_code', format('task %s is at version 12, not the expected version 0', :v),
                 'update_task with expected_version 0 raises ' || :'stale_code');
SELECT throws_ok(format('SELECT %s(%s, project_id => %s, expected_version => 3)', :'update_task', :v, :p),
                 :'stale_code', format('task %s is at version 12, not the expected version 3', :v),
                 'update_task moving a task with a stale expected_version raises ' || :'stale_code');
SELECT throws_ok(format('SELECT %s(%s, clear_project => true, expected_version => 3)', :'update_task', :v),
                 :'stale_code', format('task %s is at version 12, not the expected version 3', :v),
                 'update_task clearing the project with a stale expected_version raises ' || :'stale_code');
SELECT is(pg_temp.fingerprint(), :'fp', 'update_task with other stale expected_versions wrote nothing');

-- the other errors come first, whatever the version
SELECT throws_ok(format('SELECT %s(999999999, %L, expected_version => 1)', :'update_task', 'x'),
                 'P0002', 'task 999999999 does not exist',
                 'update_task of an unknown task with expected_version raises P0002');
SELECT throws_ok(format('SELECT %s(%s, project_id => 999999999, expected_version => 12)', :'update_task', :v),
                 '23503', 'project 999999999 does not exist',
                 'update_task to an unknown project with the right version raises 23503');
SELECT throws_ok(format('SELECT %s(%s, project_id => 999999999, expected_version => 1)', :'update_task', :v),
                 '23503', 'project 999999999 does not exist',
                 'update_task to an unknown project with a stale version raises 23503');
SELECT throws_ok(format('SELECT %s(%s, %L, expected_version => 1)', :'update_task', :v, ''),
                 e.sqlstate, e.message,
                 'update_task with an empty title and a stale version raises ' || e.sqlstate)
FROM pg_temp.input_error('new task title empty', NULL, NULL) e;
SELECT throws_ok(format('SELECT %s(%s, project_id => %s, clear_project => true, expected_version => 12)', :'update_task', :v, :p),
                 '22023', format('cannot both set and clear the project of task %s', :v),
                 'update_task with project_id, clear_project and expected_version raises 22023');
SELECT throws_ok(format('SELECT %s(NULL, expected_version => 1)', :'update_task'),
                 '22004', 'task id must not be null',
                 'update_task(id => NULL, expected_version => 1) raises 22004');
SELECT is(pg_temp.fingerprint(), :'fp', 'those failed updates wrote nothing');

-- a change made elsewhere (plain SQL here; on the router through the
-- canonical API) makes the version read before stale
SELECT version AS seen FROM :get_task(:v) \gset
\if :router
SELECT version FROM taskdb.update_task(:v, 'changed elsewhere') \g /dev/null
\else
UPDATE taskdb.tasks SET title = 'changed elsewhere' WHERE id = :v;
\endif
SELECT throws_ok(format('SELECT %s(%s, %L, expected_version => %s)', :'update_task', :v, 'mine', :seen),
                 :'stale_code', format('task %s is at version %s, not the expected version %s', :v, :seen + 1, :seen),
                 'update_task after another change raises ' || :'stale_code');
SELECT is((SELECT title::text FROM taskdb.tasks WHERE id = :v), 'changed elsewhere',
          'the other change is kept');
SELECT version AS vv, title AS vt FROM :update_task(:v, 'mine', expected_version => :seen + 1) \gset
SELECT is(:'vt' || ' v' || :vv, 'mine v' || (:seen + 2),
          'reading again and reapplying the change succeeds');

--------------------------------------------------------------------------
-- an update that changes nothing is not a new version
--------------------------------------------------------------------------
SELECT id AS n FROM :create_task('no-op') \gset
SELECT version AS nv FROM :update_task(:n, 'no-op, 2', NULL) \gset
SELECT is(:nv, 2, 'a real change bumps the version to 2');
SELECT version AS nv FROM :update_task(:n, NULL, NULL) \gset
SELECT is(:nv, 2, 'update_task with nothing to change keeps the version');
SELECT version AS nv FROM :update_task(:n, 'no-op, 2', false) \gset
SELECT is(:nv, 2, 'update_task that sets the values the task already has keeps the version');
SELECT version AS nv FROM :update_task(:n, clear_project => true) \gset
SELECT is(:nv, 2, 'clearing the project of a task without one keeps the version');
SELECT version AS nv
FROM :update_task(:n, NULL, NULL, expected_version => (SELECT version FROM taskdb.tasks WHERE id = :n)) \gset
SELECT is(:nv, 2, 'update_task with nothing to change and the right expected_version keeps the version');
\if :router
SELECT throws_ok(format('UPDATE taskdb.tasks SET version = 100 WHERE id = %s', :n), '55000', NULL,
                 'a plain SQL UPDATE of the version on the router is refused with 55000 (router)');
\else
UPDATE taskdb.tasks SET version = 100 WHERE id = :n;
SELECT is((SELECT version FROM :get_task(:n)), 2, 'a plain SQL UPDATE of the version alone keeps it');
\endif
SELECT version AS nv FROM :update_task(:n, NULL, true) \gset
SELECT is(:nv, 3, 'the next real change bumps the version to 3');

--------------------------------------------------------------------------
-- the version cannot overflow
--------------------------------------------------------------------------
-- (on the router no call can set a version and taskdb.tasks is read-only:
-- the overflow is the partition's taskdb, which one server's run checks)
\if :router
SELECT throws_ok($$INSERT INTO taskdb.tasks (title, version) VALUES ('at the top', 2147483647)$$, '55000', NULL,
                 'a plain SQL INSERT into the router''s taskdb.tasks is refused with 55000 (router)');
SELECT skip('router: no API call sets a version, so the largest version cannot be reached through the router', 4);
\else
INSERT INTO taskdb.tasks (title, version) VALUES ('at the top', 2147483647)
RETURNING id AS top \gset
SELECT is((SELECT version FROM :get_task(:top)), 2147483647, 'a task can reach the largest version');
SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format('SELECT %s(%s, %L)', :'update_task', :top, 'one more'),
                 '22003', 'row version of relation "tasks" is out of range',
                 'update_task of a task at the largest version raises 22003');
SELECT is(pg_temp.fingerprint(), :'fp', 'update_task at the largest version wrote nothing');
SELECT throws_ok(format('SELECT %s(%s, done => true, expected_version => 2147483647)', :'update_task', :top),
                 '22003', 'row version of relation "tasks" is out of range',
                 'update_task(expected_version => max) of a task at the largest version raises 22003');
SELECT is(pg_temp.fingerprint(), :'fp', 'update_task(expected_version => max) at the largest version wrote nothing');
\endif

--------------------------------------------------------------------------
-- deleting returns the last version
--------------------------------------------------------------------------
SELECT version AS last_version FROM taskdb.tasks WHERE id = :v \gset
SELECT is((SELECT version FROM :delete_task(:v)), :last_version,
          'delete_task returns the task with its last version');
SELECT is_empty(format('SELECT * FROM %s(%s)', :'get_task', :v), 'the versioned task is gone');
SELECT throws_ok(format('SELECT %s(%s, expected_version => %s)', :'update_task', :v, :last_version),
                 'P0002', format('task %s does not exist', :v),
                 'update_task of a deleted task with its last version raises P0002');

-- delete_project with cascade deletes versioned tasks like any other
SELECT id AS cp FROM :create_project('cascade me') \gset
SELECT version AS cpv FROM :create_task('cascaded', :cp) \gset
SELECT version AS cpv FROM :update_task((SELECT id FROM taskdb.tasks WHERE project_id = :cp), done => true) \gset
SELECT is(:cpv, 2, 'a task in a project is at version 2 after one update');
SELECT is((SELECT id FROM :delete_project(:cp, true)), :cp::bigint,
          'delete_project(cascade => true) deletes a project whose tasks were updated');
SELECT is((SELECT count(*) FROM taskdb.tasks WHERE project_id = :cp), 0::bigint,
          'and its tasks');

\if :router
SELECT diag(pg_temp.router_cleanup());
\endif
SELECT * FROM finish();
ROLLBACK;
