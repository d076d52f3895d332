-- Checksums of the data that must survive a migration.  One line each:
--   key count md5
-- over whole rows in id order.  Lines for what the installed version does
-- not have are left out: what it has is read from the catalog, not from
-- the version number, so a later version needs no change here.
-- Run with: psql -X -At -f checksums.sql
\set ON_ERROR_STOP on
SET TimeZone = 'UTC';
SELECT to_regclass('taskdb.projects') IS NOT NULL AS has_projects,
	   EXISTS (SELECT FROM pg_catalog.pg_attribute
			   WHERE attrelid = 'taskdb.tasks'::regclass AND attname = 'version'
				 AND NOT attisdropped) AS has_version \gset
SELECT format('tasks_core %s %s', count(*),
			  md5(coalesce(string_agg(json_build_array(id, title, done, created_at)::text,
									  E'\n' ORDER BY id), '')))
FROM taskdb.tasks;
SELECT format('tasks_max_id %s', coalesce(max(id), 0)) FROM taskdb.tasks;
SELECT format('tasks_seq %s %s', last_value, is_called) FROM taskdb.tasks_id_seq;
\if :has_projects
SELECT format('tasks_with_project %s %s', count(*),
			  md5(coalesce(string_agg(json_build_array(id, title, done, created_at, project_id)::text,
									  E'\n' ORDER BY id), '')))
FROM taskdb.tasks;
SELECT format('tasks_in_projects %s', count(project_id)) FROM taskdb.tasks;
SELECT format('projects %s %s', count(*),
			  md5(coalesce(string_agg(json_build_array(id, name, created_at)::text,
									  E'\n' ORDER BY id), '')))
FROM taskdb.projects;
SELECT format('projects_seq %s %s', last_value, is_called) FROM taskdb.projects_id_seq;
\endif
\if :has_version
SELECT format('tasks_full %s %s', count(*),
			  md5(coalesce(string_agg(json_build_array(id, title, done, created_at, project_id, version)::text,
									  E'\n' ORDER BY id), '')))
FROM taskdb.tasks;
SELECT format('tasks_versions_above_1 %s', count(*) FILTER (WHERE version > 1)) FROM taskdb.tasks;
\endif
