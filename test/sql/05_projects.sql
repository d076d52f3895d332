--
-- 05_projects: projects and their tasks through both names of every
-- project function, and the views taskdb.task_list and
-- taskdb.project_summary.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;

--
-- create_project returns the new row; get_project finds it, or no row.
--
SELECT id, name, created_at IS NOT NULL AS has_created_at FROM taskdb.create_project('garden');
SELECT id, name FROM taskdb.raw_create_project('kitchen');
SELECT id, name FROM taskdb.create_project('garage');
SELECT id, name FROM taskdb.raw_create_project('attic');
SELECT id, name FROM taskdb.create_project(repeat('ü', 255)) \gset long_
SELECT :long_id AS id, char_length(:'long_name') AS chars;
SELECT id, name FROM taskdb.get_project(2);
SELECT id, name FROM taskdb.raw_get_project(3);
SELECT count(*) AS missing FROM taskdb.get_project(999999);
SELECT count(*) AS missing FROM taskdb.raw_get_project(999999);

--
-- list_projects: id order, keyset pagination with after_id, lim 0, and the
-- default page of 100.
--
SELECT id, name FROM taskdb.list_projects(lim => 4);
SELECT id, name FROM taskdb.raw_list_projects(NULL, 2);
SELECT id, name FROM taskdb.list_projects(after_id => 2, lim => 2);
SELECT count(*) FROM taskdb.raw_list_projects(4, 2);
SELECT count(*) FROM taskdb.list_projects(after_id => 5);
SELECT count(*) FROM taskdb.list_projects(after_id => 9223372036854775807);
SELECT count(*) FROM taskdb.list_projects(lim => 0);
SELECT count(*) FROM (SELECT taskdb.create_project('bulk ' || g) FROM generate_series(1, 100) g) s;
SELECT count(*) AS default_page, min(id), max(id) FROM taskdb.list_projects();
SELECT count(*) AS default_page FROM taskdb.raw_list_projects();
SELECT count(*) AS rest, min(id), max(id) FROM taskdb.list_projects(after_id => 100);
DELETE FROM taskdb.projects WHERE name LIKE 'bulk %';

--
-- Tasks in projects: created in one, moved, cleared, listed per project.
--
SELECT id, title, project_id FROM taskdb.create_task('dig', 1);
SELECT id, title, project_id FROM taskdb.raw_create_task('plant', 1);
SELECT id, title, project_id FROM taskdb.create_tasks(ARRAY['wash up', 'cook', 'sweep'], 2);
SELECT id, title, project_id FROM taskdb.raw_create_tasks(ARRAY['tidy'], 3);
SELECT id, title, project_id FROM taskdb.create_task('loose end');
-- move sweep to the garage, finish cook, take tidy out of its project
SELECT id, title, project_id FROM taskdb.update_task(5, project_id => 3);
SELECT id, title, done, project_id FROM taskdb.update_task(4, done => true);
SELECT id, title, project_id FROM taskdb.raw_update_task(6, clear_project => true);
-- a task keeps its project when other columns change
SELECT id, title, done, project_id FROM taskdb.update_task(1, 'dig deeper', true);
SELECT id, title, done FROM taskdb.list_tasks(project_id => 1);
SELECT id, title, done FROM taskdb.list_tasks(project_id => 2);
SELECT id, title, done FROM taskdb.raw_list_tasks(false, NULL, 100, 3);
SELECT count(*) FROM taskdb.list_tasks(project_id => 4);

--
-- The views: task_list names each task's project; project_summary counts
-- the tasks of every project, projects without tasks included.
--
SELECT id, title, done, project_id, project_name, version FROM taskdb.task_list ORDER BY id;
SELECT id, left(name, 8) AS name, total, done, open FROM taskdb.project_summary ORDER BY id;
-- column names and types of the views: project_summary's own
SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute a
WHERE a.attrelid = 'taskdb.project_summary'::regclass AND a.attnum > 0
ORDER BY 1;
-- task_list: every column of taskdb.tasks (as the description has them),
-- in order and with its type, and the project's name after project_id
SELECT (SELECT array_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum)
        FROM pg_attribute a WHERE a.attrelid = 'taskdb.task_list'::regclass AND a.attnum > 0
          AND a.attname <> 'project_name')
     = (SELECT array_agg(c.name || ' ' || c.sqltype ORDER BY c.position)
        FROM described_columns c WHERE c.table_name = 'tasks') AS task_list_has_the_tasks_columns,
       (SELECT a.attnum - p.attnum || ', ' || format_type(a.atttypid, a.atttypmod)
        FROM pg_attribute a, pg_attribute p
        WHERE a.attrelid = 'taskdb.task_list'::regclass AND a.attname = 'project_name'
          AND p.attrelid = a.attrelid AND p.attname = 'project_id') AS project_name_after_project_id;
-- the views are not open to PUBLIC, like the tables
SELECT c.relname, has_table_privilege('public', c.oid, 'SELECT') AS public_can_read
FROM pg_class c WHERE c.relnamespace = 'taskdb'::regnamespace AND c.relkind IN ('r', 'v')
ORDER BY 1;

--
-- delete_project: the row comes back; cascade deletes the tasks with it.
--
SELECT id, name FROM taskdb.delete_project(4);
SELECT id, char_length(name) AS chars FROM taskdb.raw_delete_project(:long_id, false);
SELECT taskdb.delete_project(1);
SELECT id, name FROM taskdb.delete_project(1, cascade => true);
SELECT id, name FROM taskdb.raw_delete_project(3, true);
-- what is left: the kitchen with its two tasks, and the tasks in no project
SELECT id, name, total, done, open FROM taskdb.project_summary ORDER BY id;
SELECT id, title, project_id, project_name FROM taskdb.task_list ORDER BY id;
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
