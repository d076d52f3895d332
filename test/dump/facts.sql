-- What a dump and restore must keep, one line each: the extension, full
-- row checksums of every table (and of the views over them), the
-- identity sequences' positions, and the privileges of every relation of
-- the schema.  Run with: psql -X -At -f facts.sql
\set ON_ERROR_STOP on
SET TimeZone = 'UTC';
SELECT format('extension %s', extversion) FROM pg_extension WHERE extname = 'taskdb';
SELECT format('tasks %s rows, max id %s, %s in projects, %s with version > 1, md5 %s',
			  count(*), max(id), count(project_id), count(*) FILTER (WHERE version > 1),
			  md5(string_agg(json_build_array(id, title, done, created_at, project_id, version)::text,
							 E'\n' ORDER BY id)))
FROM taskdb.tasks;
SELECT format('projects %s rows, max id %s, md5 %s', count(*), max(id),
			  md5(string_agg(json_build_array(id, name, created_at)::text, E'\n' ORDER BY id)))
FROM taskdb.projects;
SELECT format('view task_list md5 %s',
			  md5(string_agg(to_jsonb(v)::text, E'\n' ORDER BY v.id)))
FROM taskdb.task_list v;
SELECT format('view project_summary md5 %s',
			  md5(string_agg(to_jsonb(v)::text, E'\n' ORDER BY v.id)))
FROM taskdb.project_summary v;
SELECT format('sequence tasks_id_seq last_value %s is_called %s', last_value, is_called)
FROM taskdb.tasks_id_seq;
SELECT format('sequence projects_id_seq last_value %s is_called %s', last_value, is_called)
FROM taskdb.projects_id_seq;
SELECT format('acl %s %s', c.oid::regclass, coalesce(c.relacl::text, 'default'))
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'taskdb' AND c.relkind IN ('r', 'v', 'S', 'm')
ORDER BY c.relname;
SELECT format('column acl %s.%s %s', a.attrelid::regclass, a.attname, a.attacl)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'taskdb' AND a.attacl IS NOT NULL
ORDER BY 1;
SELECT format('schema acl %s', coalesce(nspacl::text, 'default'))
FROM pg_namespace WHERE nspname = 'taskdb';
SELECT format('status %s', s) FROM taskdb.migration_status() AS s;
SELECT format('drift %s', d) FROM taskdb.schema_drift() AS d;
