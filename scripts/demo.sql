-- taskdb demo: run by scripts/demo in a throwaway cluster.
\set ON_ERROR_STOP 1
\pset pager off
\set VERBOSITY default
\echo '== CREATE EXTENSION taskdb'
CREATE EXTENSION taskdb;
SELECT installed_version, library_version, pending_path, drift_count
FROM taskdb.migration_status();

\echo '== the canonical API: create, read, update, list'
SELECT id, title, done, version FROM taskdb.create_task('write the README');
SELECT id, title, done FROM taskdb.create_tasks(ARRAY['build', 'test', 'ship']);
SELECT id, title, done, version FROM taskdb.update_task(1, done => true);
SELECT id, title, done FROM taskdb.list_tasks(done => false, lim => 10);

\echo '== projects and the relationship'
SELECT id, name FROM taskdb.create_project('launch');
SELECT id, title, project_id FROM taskdb.create_task('announce', project_id => 1);
SELECT id, title, project_id FROM taskdb.update_task(2, project_id => 1);
SELECT * FROM taskdb.project_summary;

\echo '== optimistic concurrency: a stale version is refused'
SELECT id, title, version FROM taskdb.update_task(2, title => 'build it', expected_version => 2);
\set ON_ERROR_STOP 0
SELECT taskdb.update_task(2, title => 'build it again', expected_version => 2);
\echo '== bad input gets a clear error and writes nothing'
SELECT taskdb.create_tasks(ARRAY['fine', '', 'also fine']);
SELECT taskdb.create_task(repeat('x', 256));
SELECT taskdb.delete_project(1);
\set ON_ERROR_STOP 1
SELECT count(*) AS tasks FROM taskdb.tasks;

\echo '== every statement taskdb sends, with taskdb.echo'
SET taskdb.echo = on;
SELECT title FROM taskdb.get_task(1);
RESET taskdb.echo;

\echo '== migrations are extension versions'
SELECT * FROM pg_extension_update_paths('taskdb') WHERE path IS NOT NULL ORDER BY source, target;
