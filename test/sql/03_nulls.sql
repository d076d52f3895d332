--
-- 03_nulls: NULL in every argument position of every function of version
-- 1.2, under both names where there are two.  Each call gives its
-- documented result: a STRICT function returns NULL or no row, a NULL that
-- means "any" or "keep" is honoured, and any other NULL is a clear error.
-- The server never goes down: reaching the end of this file proves it.
--
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY;
-- project 1, and task 1 in it
SELECT id, name FROM taskdb.create_project('p');
SELECT id, title, project_id FROM taskdb.create_task('t', 1);

-- The functions this file covers: every function of the extension.
SELECT p.oid::regprocedure AS function, p.proisstrict AS strict, p.proretset AS set
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
 AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'taskdb'
ORDER BY p.proname;

--
-- create_task(title, project_id): a NULL title is an error, a NULL project
-- means no project.
--
SELECT taskdb.create_task(NULL);
SELECT taskdb.raw_create_task(NULL);
SELECT taskdb.create_task(NULL, 1);
SELECT taskdb.raw_create_task(NULL, NULL);
SELECT id, title, project_id FROM taskdb.create_task('no project', NULL);
SELECT id, title, project_id FROM taskdb.raw_create_task('no project either', NULL);

--
-- get_task(id) is STRICT: no row for NULL.
--
SELECT count(*) FROM taskdb.get_task(NULL);
SELECT count(*) FROM taskdb.raw_get_task(NULL);
SELECT taskdb.get_task(NULL) IS NULL AS is_null;

--
-- get_tasks(ids) is STRICT: no row for a NULL array; NULL elements match
-- nothing.
--
SELECT count(*) FROM taskdb.get_tasks(NULL);
SELECT count(*) FROM taskdb.raw_get_tasks(NULL);
SELECT id FROM taskdb.get_tasks(ARRAY[NULL, 1]::bigint[]);
SELECT count(*) FROM taskdb.raw_get_tasks(ARRAY[NULL]::bigint[]);

--
-- list_tasks(done, after_id, lim, project_id): NULL done, after_id and
-- project_id mean "any" / "from the start"; a NULL lim is an error.
--
SELECT id FROM taskdb.list_tasks(NULL, NULL, 100, NULL);
SELECT id FROM taskdb.raw_list_tasks(NULL, NULL, 100, NULL);
SELECT id FROM taskdb.list_tasks(NULL, 0, 100, 1);
SELECT id FROM taskdb.list_tasks(false, NULL, 100, 1);
SELECT id FROM taskdb.list_tasks(false, 1, 100, NULL);
SELECT count(*) FROM taskdb.list_tasks(false, 1, NULL, 1);
SELECT count(*) FROM taskdb.raw_list_tasks(NULL, NULL, NULL, NULL);

--
-- update_task(id, title, done, project_id, clear_project,
-- expected_version): a NULL id or clear_project is an error; a NULL title,
-- done or project_id keeps the column; a NULL expected_version skips the
-- version check.
--
SELECT taskdb.update_task(NULL);
SELECT taskdb.raw_update_task(NULL, 'x', true, 1, false, 1);
SELECT id, title, done, project_id, version FROM taskdb.update_task(1, NULL, true, 1, false, 1);
SELECT id, title, done, project_id, version FROM taskdb.update_task(1, 'renamed', NULL, 1, false, 2);
SELECT id, title, done, project_id, version FROM taskdb.raw_update_task(1, 'renamed', true, NULL, false, 3);
SELECT taskdb.update_task(1, 'renamed', true, 1, NULL, 4);
SELECT taskdb.raw_update_task(1, 'renamed', true, NULL, NULL, 4);
SELECT id, title, done, project_id, version FROM taskdb.update_task(1, 'renamed', true, 1, false, NULL);
SELECT id, title, done, project_id, version FROM taskdb.raw_update_task(1, NULL, NULL, NULL, false, NULL);
-- clear_project with NULL project_id clears it
SELECT id, title, done, project_id, version FROM taskdb.update_task(1, NULL, NULL, NULL, true, NULL);

--
-- delete_task(id) is STRICT: NULL for NULL, and nothing is deleted.
--
SELECT taskdb.delete_task(NULL) IS NULL AS is_null;
SELECT taskdb.raw_delete_task(NULL) IS NULL AS is_null;
SELECT * FROM taskdb.delete_task(NULL);
SELECT count(*) AS tasks FROM taskdb.tasks;

--
-- create_tasks(titles, project_id): a NULL array and NULL elements are
-- errors; a NULL project means no project.
--
SELECT taskdb.create_tasks(NULL);
SELECT taskdb.raw_create_tasks(NULL, 1);
SELECT taskdb.create_tasks(NULL, NULL);
SELECT taskdb.create_tasks(ARRAY[NULL]::text[]);
SELECT taskdb.raw_create_tasks(ARRAY['a', NULL], 1);
SELECT title, project_id FROM taskdb.create_tasks(ARRAY['bulk'], NULL);
SELECT title, project_id FROM taskdb.raw_create_tasks(ARRAY['bulk too'], NULL);

--
-- create_project(name): a NULL name is an error.
--
SELECT taskdb.create_project(NULL);
SELECT taskdb.raw_create_project(NULL);

--
-- get_project(id) is STRICT: no row for NULL.
--
SELECT count(*) FROM taskdb.get_project(NULL);
SELECT count(*) FROM taskdb.raw_get_project(NULL);

--
-- list_projects(after_id, lim): a NULL after_id starts at the beginning; a
-- NULL lim is an error.
--
SELECT id, name FROM taskdb.list_projects(NULL, 100);
SELECT id, name FROM taskdb.raw_list_projects(NULL, 100);
SELECT count(*) FROM taskdb.list_projects(1, NULL);
SELECT count(*) FROM taskdb.raw_list_projects(NULL, NULL);

--
-- delete_project(id, cascade): a NULL id or cascade is an error, and
-- nothing is deleted.
--
SELECT taskdb.delete_project(NULL);
SELECT taskdb.raw_delete_project(NULL, true);
SELECT taskdb.delete_project(1, NULL);
SELECT taskdb.raw_delete_project(NULL, NULL);
SELECT count(*) AS projects FROM taskdb.projects;

--
-- The functions without arguments work as usual.
--
SELECT taskdb.library_version();
SELECT count(*) > 0 AS described FROM taskdb.schema_description();
SELECT count(*) AS drift FROM taskdb.schema_drift();
SELECT installed_version, default_version, library_version, pending_path, drift_count
FROM taskdb.migration_status();
-- bump_version() takes no argument and only runs as a trigger
SELECT taskdb.bump_version();

-- Still connected, and the data is as the calls above left it.
SELECT id, title, done, project_id, version FROM taskdb.list_tasks();
SELECT id, name FROM taskdb.list_projects();
