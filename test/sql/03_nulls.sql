--
-- 03_nulls: NULL in every argument position of every function of version
-- 1.5, under every name where there are several (the canonical name and
-- the raw_, builder_ and orm_ paths of the CRUD contract).  Each call gives its
-- documented result: a STRICT function returns NULL or no row, a NULL that
-- means "any" or "keep" is honoured, and any other NULL is a clear error.
-- The server never goes down: reaching the end of this file proves it.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
-- project 1, and task 1 in it
SELECT id, name FROM taskdb.create_project('p');
SELECT id, title, project_id FROM taskdb.create_task('t', 1);

-- The functions this file covers: every function of the extension, those
-- of the API with the argument types the description gives them
-- (test/description.sql), the others with theirs.
SELECT p.proname AS function, p.proisstrict AS strict, p.proretset AS set,
       CASE WHEN f.name IS NULL THEN oidvectortypes(p.proargtypes)
            WHEN oidvectortypes(p.proargtypes) = f.argtypes THEN 'as described'
            ELSE 'described as (' || f.argtypes || '), not (' || oidvectortypes(p.proargtypes) || ')' END AS arguments
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
 AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'taskdb'
LEFT JOIN described_functions f ON f.name = p.proname
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
SELECT taskdb.builder_create_task(NULL);
SELECT taskdb.builder_create_task(NULL, 1);
SELECT taskdb.orm_create_task(NULL);
SELECT taskdb.orm_create_task(NULL, NULL);
SELECT id, title, project_id FROM taskdb.builder_create_task('builder, no project', NULL);
SELECT id, title, project_id FROM taskdb.orm_create_task('orm, no project', NULL);

--
-- get_task(id) is STRICT: no row for NULL.
--
SELECT count(*) FROM taskdb.get_task(NULL);
SELECT count(*) FROM taskdb.raw_get_task(NULL);
SELECT taskdb.get_task(NULL) IS NULL AS is_null;
SELECT count(*) FROM taskdb.builder_get_task(NULL);
SELECT count(*) FROM taskdb.orm_get_task(NULL);

--
-- get_tasks(ids) is STRICT: no row for a NULL array; NULL elements match
-- nothing.
--
SELECT count(*) FROM taskdb.get_tasks(NULL);
SELECT count(*) FROM taskdb.raw_get_tasks(NULL);
SELECT id FROM taskdb.get_tasks(ARRAY[NULL, 1]::bigint[]);
SELECT count(*) FROM taskdb.raw_get_tasks(ARRAY[NULL]::bigint[]);
SELECT count(*) FROM taskdb.builder_get_tasks(NULL);
SELECT count(*) FROM taskdb.orm_get_tasks(NULL);
SELECT id FROM taskdb.builder_get_tasks(ARRAY[NULL, 1]::bigint[]);
SELECT id FROM taskdb.orm_get_tasks(ARRAY[1, NULL]::bigint[]);
SELECT count(*) FROM taskdb.builder_get_tasks(ARRAY[NULL]::bigint[]);
SELECT count(*) FROM taskdb.orm_get_tasks(ARRAY[NULL, NULL]::bigint[]);

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
SELECT id FROM taskdb.builder_list_tasks(NULL, NULL, 100, NULL);
SELECT id FROM taskdb.builder_list_tasks(NULL, 0, 100, 1);
SELECT id FROM taskdb.builder_list_tasks(false, NULL, 100, 1);
SELECT id FROM taskdb.builder_list_tasks(false, 1, 100, NULL);
SELECT count(*) FROM taskdb.builder_list_tasks(false, 1, NULL, 1);
SELECT id FROM taskdb.orm_list_tasks(NULL, NULL, 100, NULL);
SELECT id FROM taskdb.orm_list_tasks(NULL, 0, 100, 1);
SELECT id FROM taskdb.orm_list_tasks(false, NULL, 100, 1);
SELECT id FROM taskdb.orm_list_tasks(false, 1, 100, NULL);
SELECT count(*) FROM taskdb.orm_list_tasks(NULL, NULL, NULL, NULL);

--
-- update_task(id, title, done, project_id, clear_project,
-- expected_version): a NULL id or clear_project is an error; a NULL title,
-- done or project_id keeps the column; a NULL expected_version skips the
-- version check.  A call that changes no column leaves the version as it
-- is.
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
-- the builder path: task 4
SELECT taskdb.builder_update_task(NULL);
SELECT taskdb.builder_update_task(NULL, 'x', true, 1, false, 1);
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(4, NULL, true, 1, false, 1);
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(4, 'renamed', NULL, 1, false, 2);
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(4, 'renamed', true, NULL, false, 3);
SELECT taskdb.builder_update_task(4, 'renamed', true, 1, NULL, 3);
SELECT taskdb.builder_update_task(4, NULL, NULL, NULL, NULL, NULL);
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(4, NULL, NULL, NULL, false, NULL);
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(4, NULL, NULL, NULL, true, NULL);
-- the orm path: task 5
SELECT taskdb.orm_update_task(NULL);
SELECT taskdb.orm_update_task(NULL, 'x', true, 1, false, 1);
SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(5, NULL, true, 1, false, 1);
SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(5, 'renamed', NULL, 1, false, 2);
SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(5, 'renamed', true, NULL, false, 3);
SELECT taskdb.orm_update_task(5, 'renamed', true, 1, NULL, 3);
SELECT taskdb.orm_update_task(5, NULL, NULL, NULL, NULL, NULL);
SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(5, NULL, NULL, NULL, false, NULL);
SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(5, NULL, NULL, NULL, true, NULL);

--
-- delete_task(id) is not STRICT: a NULL id is an error (22004) on every
-- path, and nothing is deleted.
--
SELECT taskdb.delete_task(NULL) IS NULL AS is_null;
SELECT taskdb.raw_delete_task(NULL) IS NULL AS is_null;
SELECT * FROM taskdb.delete_task(NULL);
SELECT * FROM taskdb.builder_delete_task(NULL);
SELECT * FROM taskdb.orm_delete_task(NULL);
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
SELECT taskdb.builder_create_tasks(NULL);
SELECT taskdb.builder_create_tasks(NULL, 1);
SELECT taskdb.builder_create_tasks(ARRAY[NULL]::text[], NULL);
SELECT taskdb.orm_create_tasks(NULL, NULL);
SELECT taskdb.orm_create_tasks(ARRAY['a', NULL], 1);
SELECT title, project_id FROM taskdb.builder_create_tasks(ARRAY['builder bulk'], NULL);
SELECT title, project_id FROM taskdb.orm_create_tasks(ARRAY['orm bulk'], NULL);

--
-- create_project(name): a NULL name is an error.
--
SELECT taskdb.create_project(NULL);
SELECT taskdb.raw_create_project(NULL);
SELECT taskdb.builder_create_project(NULL);
SELECT taskdb.orm_create_project(NULL);

--
-- get_project(id) is STRICT: no row for NULL.
--
SELECT count(*) FROM taskdb.get_project(NULL);
SELECT count(*) FROM taskdb.raw_get_project(NULL);
SELECT count(*) FROM taskdb.builder_get_project(NULL);
SELECT count(*) FROM taskdb.orm_get_project(NULL);

--
-- list_projects(after_id, lim): a NULL after_id starts at the beginning; a
-- NULL lim is an error.
--
SELECT id, name FROM taskdb.list_projects(NULL, 100);
SELECT id, name FROM taskdb.raw_list_projects(NULL, 100);
SELECT count(*) FROM taskdb.list_projects(1, NULL);
SELECT count(*) FROM taskdb.raw_list_projects(NULL, NULL);
SELECT id, name FROM taskdb.builder_list_projects(NULL, 100);
SELECT count(*) FROM taskdb.builder_list_projects(1, NULL);
SELECT id, name FROM taskdb.orm_list_projects(NULL, 100);
SELECT count(*) FROM taskdb.orm_list_projects(NULL, NULL);

--
-- delete_project(id, cascade): a NULL id or cascade is an error, and
-- nothing is deleted.
--
SELECT taskdb.delete_project(NULL);
SELECT taskdb.raw_delete_project(NULL, true);
SELECT taskdb.delete_project(1, NULL);
SELECT taskdb.raw_delete_project(NULL, NULL);
SELECT taskdb.builder_delete_project(NULL);
SELECT taskdb.builder_delete_project(1, NULL);
SELECT taskdb.orm_delete_project(NULL, true);
SELECT taskdb.orm_delete_project(1, NULL);
SELECT count(*) AS projects FROM taskdb.projects;

--
-- move_tasks(ids, to_project): a NULL array or a NULL element is an
-- error; a NULL project means out of any project.
--
SELECT taskdb.move_tasks(NULL, 1);
SELECT taskdb.move_tasks(NULL, NULL);
SELECT taskdb.move_tasks(ARRAY[1, NULL]::bigint[], 1);
SELECT taskdb.move_tasks('[0:1]={NULL,1}'::bigint[], NULL);
-- (positions are the array's own subscripts, as in create_tasks)
SELECT taskdb.move_tasks(ARRAY[4, 5]::bigint[], 1) AS moved;
SELECT taskdb.move_tasks(ARRAY[5]::bigint[], NULL) AS moved;
SELECT id, project_id FROM taskdb.get_tasks(ARRAY[4, 5]::bigint[]);

--
-- find_tasks(filter), find_tasks_sql(filter), project_report(filter): a
-- NULL filter is an error (the default, '{}', matches everything); a JSON
-- null filter is not an object; a JSON null value is an error for every
-- key but project_id, where it means "in no project" (find_tasks only).
--
SELECT count(*) FROM taskdb.find_tasks(NULL);
SELECT count(*) FROM taskdb.find_tasks_sql(NULL);
SELECT count(*) FROM taskdb.project_report(NULL);
SELECT count(*) FROM taskdb.find_tasks('null');
SELECT count(*) FROM taskdb.project_report('null');
SELECT count(*) AS every_task FROM taskdb.find_tasks();
SELECT id FROM taskdb.find_tasks('{"project_id": null}');
SELECT taskdb.find_tasks('{"done": null}');
SELECT taskdb.find_tasks('{"title_contains": null}');
SELECT taskdb.find_tasks('{"title_prefix": null}');
SELECT taskdb.find_tasks('{"created_after": null}');
SELECT taskdb.find_tasks('{"created_before": null}');
SELECT taskdb.find_tasks('{"ids": null}');
SELECT taskdb.find_tasks('{"ids": [1, null]}');
SELECT taskdb.find_tasks('{"order": null}');
SELECT taskdb.find_tasks('{"after": null}');
SELECT taskdb.find_tasks('{"limit": null}');
SELECT taskdb.project_report('{"project_id": null}');
SELECT project_id, name, total FROM taskdb.project_report();

--
-- project_tree(project_id, load): a NULL project_id means every project;
-- a NULL load is an error, checked first.
--
SELECT jsonb_path_query_array(taskdb.project_tree(NULL, 'selectin'), '$[*].id') AS projects,
       jsonb_path_query_array(taskdb.project_tree(NULL, 'selectin'), '$[*].tasks[*].id') AS tasks;
SELECT taskdb.project_tree(NULL) = taskdb.project_tree(1, 'selectin') AS same_tree;
SELECT taskdb.project_tree(1, NULL);
SELECT taskdb.project_tree(NULL, NULL);

--
-- complete_project(project_id): a NULL id is an error (22004), nothing changes.
--
SELECT taskdb.complete_project(NULL) IS NULL AS is_null;

--
-- The model path.  model_schema, model_validate, model_validate_json,
-- model_get_task and model_get_project are STRICT: NULL for NULL.  The
-- others refuse a NULL argument (22004), the id before the body; a JSON
-- null body is not an object (a validation error, 22023).
--
SELECT taskdb.model_schema(NULL) IS NULL AS is_null;
SELECT taskdb.model_validate(NULL, '{}') IS NULL AS is_null;
SELECT taskdb.model_validate('TaskCreate', NULL) IS NULL AS is_null;
SELECT taskdb.model_validate_json(NULL, '{}') IS NULL AS is_null;
SELECT taskdb.model_validate_json('TaskCreate', NULL) IS NULL AS is_null;
SELECT taskdb.model_get_task(NULL) IS NULL AS is_null;
SELECT taskdb.model_get_project(NULL) IS NULL AS is_null;
SELECT taskdb.model_create_task(NULL);
SELECT taskdb.model_create_task('null');
SELECT taskdb.model_list_tasks(NULL);
SELECT jsonb_array_length(taskdb.model_list_tasks()) AS every_task;
SELECT taskdb.model_update_task(NULL, '{}');
SELECT taskdb.model_update_task(1, NULL);
SELECT taskdb.model_update_task(NULL, NULL);
SELECT taskdb.model_delete_task(NULL);
SELECT taskdb.model_create_project(NULL);
SELECT taskdb.model_list_projects(NULL);
SELECT jsonb_array_length(taskdb.model_list_projects()) AS every_project;
SELECT taskdb.model_update_project(NULL, '{}');
SELECT taskdb.model_update_project(1, NULL);
SELECT taskdb.model_delete_project(NULL);
SELECT taskdb.model_delete_project(1, NULL);
SELECT taskdb.model_delete_project(NULL, NULL);
-- JSON nulls inside a body: a nullable field takes it, a required one is
-- an error
SELECT taskdb.model_validate('TaskCreate', '{"title": "x", "project_id": null}');
SELECT taskdb.model_validate('TaskCreate', '{"title": null, "done": null}');
SELECT taskdb.model_validate('TaskUpdate', '{"version": null}');
SELECT count(*) AS tasks, count(*) FILTER (WHERE project_id IS NULL) AS no_project FROM taskdb.tasks;

--
-- The functions without arguments work as usual.
--
SELECT taskdb.path_stats_reset();
SELECT path, calls, statements FROM taskdb.path_statistics();
SELECT taskdb.library_version() = (SELECT default_version FROM pg_available_extensions
                                    WHERE name = 'taskdb') AS library_is_default;
SELECT count(*) > 0 AS described FROM taskdb.schema_description();
SELECT count(*) AS drift FROM taskdb.schema_drift();
SELECT installed_version = default_version AS installed_is_default,
       library_version = default_version AS library_is_default,
       pending_path, drift_count
FROM taskdb.migration_status();
-- bump_version() takes no argument and only runs as a trigger
SELECT taskdb.bump_version();

-- Still connected, and the data is as the calls above left it.
SELECT id, title, done, project_id, version FROM taskdb.list_tasks();
SELECT id, name FROM taskdb.list_projects();
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
