-- The orm path at version 1.6: what it sends, counted by taskdb.path_stats
-- (loading strategies, the identity map, updates of changed columns only,
-- complete_project's one flush), the raise strategy, and the memory of a
-- backend that makes many orm calls.  The CRUD behaviour of the path over
-- the contract is test/contract's business (prefix orm_).
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off

--------------------------------------------------------------------------
-- Memory, measured outside any transaction block: each DO below is its own
-- transaction, so what a transaction keeps until its end (combo command
-- ids of rows updated twice in it, ...) is gone when the backend's memory
-- is summed.  The warm-up fills the kept plans and caches; then 100,000
-- orm calls (50,000 orm_get_task and 50,000 orm_update_task, each update a
-- real change) must leave the backend's memory, summed over
-- pg_backend_memory_contexts, within 1% of what it was.  The tasks are
-- committed for the measurement and deleted right after it.
--------------------------------------------------------------------------
CREATE TEMP TABLE memory_tasks AS
SELECT array_agg(id ORDER BY id) AS ids
FROM taskdb.create_tasks(ARRAY(SELECT 'memory ' || i FROM generate_series(1, 1000) i));

-- calls orm calls, for the visits first .. first + calls / 2 - 1 (numbered
-- across all runs, so that each visit of a task flips its done)
CREATE FUNCTION pg_temp.orm_calls(first integer, calls integer) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
	ids bigint[] := (SELECT ids FROM memory_tasks);
	n integer := cardinality(ids);
	t bigint;
BEGIN
	FOR i IN first .. first + calls / 2 - 1 LOOP
		t := ids[1 + i % n];
		PERFORM taskdb.orm_get_task(t);
		-- each visit of a task flips done: every update is a real change
		PERFORM taskdb.orm_update_task(t, done => (i / n) % 2 = 0);
	END LOOP;
END
$fn$;

SELECT pg_temp.orm_calls(0, 5000);
SELECT pg_temp.orm_calls(2500, 5000);
-- The first time this backend moves a GIN index's pending list into the
-- index (a trigram index on tasks, from 1.8: every update inserts the
-- title again), its WAL record buffers grow once, by about 100 kB, to hold
-- the cleanup's records: part of the warm-up, not of the calls.
SELECT count(gin_clean_pending_list(i.indexrelid)) >= 0 AS pending_lists_cleaned
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
WHERE i.indrelid = 'taskdb.tasks'::regclass AND a.amname = 'gin';
SELECT sum(total_bytes) AS memory_before FROM pg_backend_memory_contexts \gset
SELECT taskdb.path_stats_reset();
SELECT pg_temp.orm_calls(5000, 20000);
SELECT pg_temp.orm_calls(15000, 20000);
SELECT pg_temp.orm_calls(25000, 20000);
SELECT pg_temp.orm_calls(35000, 20000);
SELECT pg_temp.orm_calls(45000, 20000);
SELECT sum(total_bytes) AS memory_after FROM pg_backend_memory_contexts \gset
SELECT calls AS memory_calls, updates AS memory_updates FROM taskdb.path_stats WHERE path = 'orm' \gset
DELETE FROM taskdb.tasks WHERE id = ANY ((SELECT ids FROM memory_tasks)::bigint[]);

BEGIN;
SELECT plan(50);

SELECT is(:memory_calls::bigint, 100000::bigint, 'the memory test made 100,000 orm calls');
SELECT is(:memory_updates::bigint, 50000::bigint, 'half of them sent an UPDATE');
SELECT diag(format('backend memory: %s bytes after the warm-up, %s after 100,000 orm calls (%s%%)',
                   :memory_before, :memory_after,
                   round(100.0 * (:memory_after - :memory_before) / :memory_before, 3)));
SELECT cmp_ok(:memory_after::numeric - :memory_before, '<', :memory_before::numeric / 100,
              '100,000 orm calls grow the backend''s memory by less than 1%');

--------------------------------------------------------------------------
-- fixtures: three projects (3 tasks, one of them done; 2 tasks; none)
--------------------------------------------------------------------------
SELECT id AS p1 FROM taskdb.create_project('orm one') \gset
SELECT id AS p2 FROM taskdb.create_project('orm two') \gset
SELECT id AS p3 FROM taskdb.create_project('orm empty') \gset
SELECT id AS a1 FROM taskdb.create_task('a1', :p1) \gset
SELECT id AS a2 FROM taskdb.create_task('a2', :p1) \gset
SELECT id AS a3 FROM taskdb.update_task((SELECT id FROM taskdb.create_task('a3', :p1)), done => true) \gset
SELECT id AS b1 FROM taskdb.create_task('b1', :p2) \gset
SELECT id AS b2 FROM taskdb.create_task('b2', :p2) \gset
SELECT count(*) AS nprojects FROM taskdb.projects \gset

-- The whole error a statement raises: "SQLSTATE: message | detail | hint".
CREATE FUNCTION pg_temp.error_of(statement text) RETURNS text
LANGUAGE plpgsql AS $fn$
DECLARE
	state text;
	message text;
	detail text;
	hint text;
BEGIN
	EXECUTE statement;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
		detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
	RETURN format('%s: %s | detail: %s | hint: %s', state, message,
				  coalesce(nullif(detail, ''), '-'), coalesce(nullif(hint, ''), '-'));
END
$fn$;

-- what one call sent, on the orm path: calls, selects, inserts, updates, deletes
CREATE FUNCTION pg_temp.sent(path text DEFAULT 'orm') RETURNS text
LANGUAGE sql AS $fn$
SELECT format('%s call(s): %s select, %s insert, %s update, %s delete',
              calls, selects, inserts, updates, deletes)
FROM taskdb.path_stats WHERE path_stats.path = sent.path
$fn$;

--------------------------------------------------------------------------
-- project_tree: lazy 1 + N, selectin 2, joined 1
--------------------------------------------------------------------------
SELECT taskdb.path_stats_reset();
SELECT taskdb.project_tree(NULL, 'lazy') AS tree_lazy \gset
SELECT is(pg_temp.sent(), format('1 call(s): %s select, 0 insert, 0 update, 0 delete', 1 + :nprojects),
          format('project_tree over %s projects with lazy sends 1 + %s statements', :nprojects, :nprojects));
SELECT taskdb.path_stats_reset();
SELECT taskdb.project_tree(NULL, 'selectin') AS tree_selectin \gset
SELECT is(pg_temp.sent(), '1 call(s): 2 select, 0 insert, 0 update, 0 delete',
          'project_tree over every project with selectin sends 2 statements');
SELECT taskdb.path_stats_reset();
SELECT taskdb.project_tree(NULL, 'joined') AS tree_joined \gset
SELECT is(pg_temp.sent(), '1 call(s): 1 select, 0 insert, 0 update, 0 delete',
          'project_tree over every project with joined sends 1 statement');
SELECT taskdb.path_stats_reset();
SELECT taskdb.project_tree() AS tree_default \gset
SELECT is(pg_temp.sent(), '1 call(s): 2 select, 0 insert, 0 update, 0 delete',
          'project_tree loads with selectin by default');

SELECT is(:'tree_lazy'::jsonb, :'tree_selectin'::jsonb, 'lazy and selectin give the same tree');
SELECT is(:'tree_joined'::jsonb, :'tree_selectin'::jsonb, 'joined and selectin give the same tree');
SELECT is(jsonb_array_length(:'tree_selectin'::jsonb), :nprojects::int, 'the tree has every project');
SELECT is((SELECT jsonb_agg(p - 'tasks') FROM jsonb_array_elements(:'tree_selectin'::jsonb) p),
          (SELECT jsonb_agg(to_jsonb(p) ORDER BY id) FROM taskdb.projects p),
          'the tree has the projects in id order, as rows');
SELECT is((SELECT p -> 'tasks' FROM jsonb_array_elements(:'tree_selectin'::jsonb) p WHERE (p ->> 'id')::bigint = :p1),
          (SELECT jsonb_agg(to_jsonb(t) ORDER BY id) FROM taskdb.tasks t WHERE project_id = :p1),
          'each project has its tasks in id order, as rows');
SELECT is((SELECT p -> 'tasks' FROM jsonb_array_elements(:'tree_selectin'::jsonb) p WHERE (p ->> 'id')::bigint = :p3),
          '[]'::jsonb, 'a project without tasks has an empty array');

SELECT taskdb.path_stats_reset();
SELECT taskdb.project_tree(:p1, 'lazy') AS tree_one \gset
SELECT is(pg_temp.sent(), '1 call(s): 2 select, 0 insert, 0 update, 0 delete',
          'project_tree of one project with lazy sends 1 + 1 statements');
SELECT taskdb.path_stats_reset();
SELECT is(taskdb.project_tree(:p1, 'joined'), :'tree_one'::jsonb, 'project_tree of one project: joined as lazy');
SELECT is(pg_temp.sent(), '1 call(s): 1 select, 0 insert, 0 update, 0 delete',
          'project_tree of one project with joined sends 1 statement');

-- raise could never succeed (project_tree reads Project.tasks): 1.7
-- removed it; it fails before sending anything
SELECT taskdb.path_stats_reset();
SELECT throws_ok($$SELECT taskdb.project_tree(NULL, 'raise')$$, '22023', 'loading strategy "raise" was removed in taskdb 1.7',
                 'project_tree with raise fails: removed in 1.7 (22023)');
SELECT is(pg_temp.sent(), '1 call(s): 0 select, 0 insert, 0 update, 0 delete',
          'the removed raise sends nothing');
SELECT throws_ok(format($$SELECT taskdb.project_tree(%s, 'raise')$$, :p3), '22023',
                 'loading strategy "raise" was removed in taskdb 1.7',
                 'raise fails for a project without tasks too');
SELECT is(pg_temp.error_of($$SELECT taskdb.project_tree(NULL, 'raise')$$),
          '22023: loading strategy "raise" was removed in taskdb 1.7 | detail: project_tree always reads the tasks relationship, so raise could never succeed. | hint: Use lazy, selectin or joined.',
          'the error says why and what to use instead');
SELECT throws_ok($$SELECT taskdb.project_tree(NULL, 'eager')$$, '22023', 'unknown loading strategy "eager"',
                 'an unknown loading strategy raises 22023');
SELECT throws_ok($$SELECT taskdb.project_tree(NULL, NULL)$$, '22004', 'load must not be null',
                 'project_tree(load => NULL) raises 22004');
SELECT throws_ok($$SELECT taskdb.project_tree(999999999)$$, 'P0002', 'project 999999999 does not exist',
                 'project_tree of an unknown project raises P0002');

--------------------------------------------------------------------------
-- the identity map and the unit of work
--------------------------------------------------------------------------
SELECT taskdb.path_stats_reset();
SELECT is((SELECT count(*) FROM taskdb.orm_get_tasks(ARRAY[:a1, :a2]::bigint[])), 2::bigint,
          'orm_get_tasks(ARRAY[id, id]) returns both tasks');
SELECT is(pg_temp.sent(), '1 call(s): 1 select, 0 insert, 0 update, 0 delete',
          'orm_get_tasks(ARRAY[id, id]) sends 1 statement');
SELECT taskdb.path_stats_reset();
SELECT is((SELECT count(*) FROM taskdb.orm_get_tasks(ARRAY[:a1, :a1, :a2, :a1]::bigint[])), 2::bigint,
          'orm_get_tasks returns each task once');
SELECT is(pg_temp.sent(), '1 call(s): 1 select, 0 insert, 0 update, 0 delete',
          'orm_get_tasks of repeated ids sends 1 statement');

SELECT taskdb.path_stats_reset();
SELECT is((SELECT version FROM taskdb.orm_update_task(:a1, 'a1, renamed')), 2, 'orm_update_task of a title bumps the version');
SELECT is(pg_temp.sent(), '1 call(s): 1 select, 0 insert, 1 update, 0 delete',
          'orm_update_task of a change sends a get, then one UPDATE');

SELECT taskdb.path_stats_reset();
SELECT is((SELECT version FROM taskdb.orm_update_task(:a1, done => false)), 2,
          'orm_update_task of done to its current value keeps the version');
SELECT is(pg_temp.sent(), '1 call(s): 1 select, 0 insert, 1 update, 0 delete',
          'orm_update_task of done to its current value sends the UPDATE, as every path does');
SELECT taskdb.path_stats_reset();
SELECT is((SELECT version FROM taskdb.orm_update_task(:a1, 'a1, renamed')), 2,
          'orm_update_task of the title to its current value keeps the version');
SELECT is(pg_temp.sent(), '1 call(s): 1 select, 0 insert, 1 update, 0 delete',
          'orm_update_task of the title to its current value sends the UPDATE');
SELECT taskdb.path_stats_reset();
SELECT is((SELECT version FROM taskdb.orm_update_task(:a1, project_id => :p1)), 2,
          'orm_update_task of project_id to its current project keeps the version');
SELECT is(pg_temp.sent(), '1 call(s): 2 select, 0 insert, 1 update, 0 delete',
          'orm_update_task of project_id to its current project sends the gets and the UPDATE');
SELECT taskdb.path_stats_reset();
SELECT is(taskdb.model_update_task(:a1, '{"title": "a1, renamed", "done": false}') ->> 'version', '2',
          'model_update_task of values the task already has keeps the version');
SELECT is(pg_temp.sent('model'), '1 call(s): 1 select, 0 insert, 1 update, 0 delete',
          'model_update_task of values the task already has sends the UPDATE');

--------------------------------------------------------------------------
-- complete_project: k open of n tasks, exactly k rows updated
--------------------------------------------------------------------------
SELECT string_agg(id || ' v' || version, ', ' ORDER BY id) AS p1_versions FROM taskdb.tasks WHERE project_id = :p1 \gset
SELECT taskdb.path_stats_reset();
SELECT is(taskdb.complete_project(:p1), 2, 'complete_project of a project with 2 open of 3 tasks returns 2');
SELECT results_eq($$SELECT calls, updates, rows FROM taskdb.path_stats WHERE path = 'orm'$$,
                  $$VALUES (1::bigint, 1::bigint, 1::bigint + 3 + 2)$$,
                  'complete_project sent one UPDATE, of the 2 open tasks (rows: 1 project, 3 tasks read, 2 updated)');
SELECT is(pg_temp.sent(), '1 call(s): 2 select, 0 insert, 1 update, 0 delete',
          'complete_project reads the project and its tasks (2 statements) and updates the open ones in one');
SELECT results_eq(format('SELECT id, done, version FROM taskdb.tasks WHERE project_id = %s ORDER BY id', :p1),
                  format('VALUES (%s::bigint, true, 3), (%s, true, 2), (%s, true, 2)', :a1, :a2, :a3),
                  'every task is done; the open ones went up one version, the done one kept its version');
SELECT taskdb.path_stats_reset();
SELECT is(taskdb.complete_project(:p1), 0, 'complete_project of a completed project returns 0');
SELECT is(pg_temp.sent(), '1 call(s): 2 select, 0 insert, 0 update, 0 delete',
          'complete_project of a completed project sends no UPDATE');
SELECT is(taskdb.complete_project(:p3), 0, 'complete_project of a project without tasks returns 0');
SELECT is((SELECT string_agg(id || ' v' || version, ', ' ORDER BY id) FROM taskdb.tasks WHERE project_id = :p2),
          format('%s v1, %s v1', :b1, :b2), 'complete_project leaves the tasks of other projects alone');
SELECT throws_ok($$SELECT taskdb.complete_project(999999999)$$, 'P0002', 'project 999999999 does not exist',
                 'complete_project of an unknown project raises P0002');

--------------------------------------------------------------------------
-- move_tasks: all or none, only the changed ones updated
--------------------------------------------------------------------------
SELECT taskdb.path_stats_reset();
SELECT is(taskdb.move_tasks(ARRAY[:b1, :b2, :a1]::bigint[], :p2), 1,
          'move_tasks returns how many tasks changed project');
SELECT is(pg_temp.sent(), '1 call(s): 2 select, 0 insert, 1 update, 0 delete',
          'move_tasks sends one get for the project, one for the tasks, and one UPDATE of every task given');
SELECT throws_ok(format('SELECT taskdb.move_tasks(ARRAY[%s, 999999999]::bigint[], NULL)', :b1), 'P0002',
                 'task 999999999 does not exist', 'move_tasks with an unknown task raises P0002');
SELECT is((SELECT project_id FROM taskdb.tasks WHERE id = :b1), :p2::bigint, 'and moves none');

SELECT * FROM finish();
ROLLBACK;
