-- taskdb demo: run by scripts/demo in a throwaway cluster.
-- Every query shown returns rows; the errors it shows are on purpose, each
-- announced by an "-- intended error:" line, so that a reader can tell
-- them from a broken demo.  taskdb.path_stats_reset() returns void, a
-- table of one empty cell, so its output goes to /dev/null.
\echo 'taskdb: a PostgreSQL extension in C that keeps tasks in projects inside the database and serves them the four ways applications reach it (raw SQL, a query builder, an ORM, JSON models).'
\set ON_ERROR_STOP 1
\set QUIET 1
\pset pager off
\set QUIET 0
\set VERBOSITY default
\echo
\echo '== CREATE EXTENSION taskdb, and where the migrations stand'
CREATE EXTENSION taskdb CASCADE;
SELECT installed_version, library_version, pending_path, drift_count
FROM taskdb.migration_status();

\echo
\echo '== the canonical API (the raw path): create, read, update, list'
SELECT id, title, done, version FROM taskdb.create_task('write the README');
SELECT id, title, done FROM taskdb.create_tasks(ARRAY['build', 'test', 'ship']);
SELECT id, title, done, version FROM taskdb.update_task(1, done => true);
SELECT id, title, done FROM taskdb.list_tasks(done => false, lim => 10);

\echo
\echo '== due dates and priorities (1.6): set, filter, order'
SELECT id, title, due_at, priority FROM taskdb.update_task(3, due_at => '2001-01-01 09:00+00', priority => 3::smallint);
SELECT id, title, due_at, priority FROM taskdb.update_task(4, due_at => '2101-01-01 09:00+00', priority => 1::smallint);
SELECT id, title, priority FROM taskdb.list_tasks(overdue => true);
SELECT id, title, priority FROM taskdb.list_tasks(order_by => '-priority', lim => 3);

\echo
\echo '== projects and the relationship'
SELECT id, name FROM taskdb.create_project('launch');
SELECT id, title, project_id FROM taskdb.create_task('announce', project_id => 1);
SELECT id, title, project_id FROM taskdb.update_task(2, project_id => 1);
SELECT * FROM taskdb.project_summary;

\echo
\echo '== optimistic concurrency: a stale version is refused'
SELECT id, title, version FROM taskdb.update_task(2, title => 'build it', expected_version => 2);
\set ON_ERROR_STOP 0
\echo '-- intended error: the same change again, still expecting version 2 (55000 from 1.7)'
SELECT taskdb.update_task(2, title => 'build it again', expected_version => 2);
\echo
\echo '== bad input gets a clear error and writes nothing'
\echo '-- intended error: an empty title in a batch of three (23514), no row of it written'
SELECT taskdb.create_tasks(ARRAY['fine', '', 'also fine']);
\echo '-- intended error: a title of 256 characters (22001)'
SELECT taskdb.create_task(repeat('x', 256));
\echo '-- intended error: deleting a project that still has tasks (23503)'
SELECT taskdb.delete_project(1);
\set ON_ERROR_STOP 1
SELECT count(*) AS tasks FROM taskdb.tasks;

\echo
\echo '== the builder path: the same task created and found both ways'
SELECT id, title FROM taskdb.raw_create_task('50% off_sale');
SELECT id, title FROM taskdb.builder_create_task('50% off_sale');
SELECT id, title FROM taskdb.raw_get_task(6);
SELECT id, title FROM taskdb.builder_get_task(6);
\echo '-- a dynamic search: each key present becomes one condition; % and _ match literally'
SELECT id, title, done FROM taskdb.find_tasks('{"title_contains": "50%", "order": "-id", "limit": 5}');
SELECT sql, params FROM taskdb.find_tasks_sql('{"done": false, "project_id": [1], "title_prefix": "bu"}');
SELECT * FROM taskdb.project_report('{"title_contains": "a"}');

\echo
\echo '== the orm path: loading strategies and the statements each one sends'
SELECT count(*) FROM taskdb.orm_create_tasks(ARRAY['design', 'review'], 1);
SELECT id, name FROM taskdb.orm_create_project('follow-up');
SELECT count(*) FROM taskdb.orm_create_tasks(ARRAY['retro'], 2);
SELECT taskdb.path_stats_reset() \g /dev/null
SELECT jsonb_array_length(taskdb.project_tree(load => 'lazy')) AS projects;
SELECT 'lazy' AS load, selects AS statements FROM taskdb.path_stats WHERE path = 'orm';
SELECT taskdb.path_stats_reset() \g /dev/null
SELECT jsonb_array_length(taskdb.project_tree(load => 'selectin')) AS projects;
SELECT 'selectin' AS load, selects AS statements FROM taskdb.path_stats WHERE path = 'orm';
SELECT taskdb.path_stats_reset() \g /dev/null
SELECT jsonb_array_length(taskdb.project_tree(load => 'joined')) AS projects;
SELECT 'joined' AS load, selects AS statements FROM taskdb.path_stats WHERE path = 'orm';
\echo '-- the unit of work: only open tasks are updated, in one flush'
SELECT taskdb.path_stats_reset() \g /dev/null
SELECT taskdb.complete_project(1) AS changed;
SELECT selects, updates FROM taskdb.path_stats WHERE path = 'orm';
SELECT jsonb_pretty(taskdb.project_tree(2));

\echo
\echo '== the model path: JSON in, validated, JSON out'
SELECT taskdb.model_create_task('{"title": "from JSON", "project_id": 2}');
SELECT taskdb.model_update_task(11, '{"done": true, "version": 1}');
\set ON_ERROR_STOP 0
\echo '-- intended error: three bad fields (22023), reported all at once in the shape Pydantic uses'
SELECT taskdb.model_create_task('{"title": "", "done": "yes", "colour": "red"}');
\set ON_ERROR_STOP 1
SELECT taskdb.model_schema('TaskCreate');

\echo
\echo '== all four paths side by side: the same create, and the statements each sent'
SELECT taskdb.path_stats_reset() \g /dev/null
SELECT id, title FROM taskdb.raw_create_task('side by side');
SELECT id, title FROM taskdb.builder_create_task('side by side');
SELECT id, title FROM taskdb.orm_create_task('side by side');
SELECT taskdb.model_create_task('{"title": "side by side"}') ->> 'id' AS id;
SELECT path, calls, statements, inserts FROM taskdb.path_stats ORDER BY path;

\echo
\echo '== every statement taskdb sends, with taskdb.echo'
SET taskdb.echo = on;
SELECT title FROM taskdb.get_task(1);
SELECT title FROM taskdb.builder_get_task(1);
RESET taskdb.echo;

\echo
\echo '== migrations are extension versions'
SELECT source, target, path FROM pg_extension_update_paths('taskdb')
WHERE path IS NOT NULL AND source < target ORDER BY source, target;
