--
-- 01_raw_tasks: every task function of the raw path, called by both of its
-- names (taskdb.raw_x and the canonical taskdb.x), and list_tasks walking
-- the primary key index.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
-- Start from empty tables with fresh identity sequences, so ids are known.
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;

-- Each canonical function and its raw_ twin are the same C function with
-- the same signature, result and flags.
SELECT c.proname AS canonical, r.proname AS raw, c.prosrc AS c_symbol,
       c.prosrc = r.prosrc AND c.proargtypes = r.proargtypes
       AND c.proargnames = r.proargnames
       AND pg_get_expr(c.proargdefaults, 0) IS NOT DISTINCT FROM pg_get_expr(r.proargdefaults, 0)
       AND c.prorettype = r.prorettype AND c.proretset = r.proretset
       AND c.provolatile = r.provolatile AND c.proisstrict = r.proisstrict
       AND c.proparallel = r.proparallel AS identical
FROM pg_proc c
JOIN pg_proc r ON r.pronamespace = c.pronamespace AND r.proname = 'raw_' || c.proname
WHERE c.pronamespace = 'taskdb'::regnamespace
ORDER BY 1;

--
-- create_task: a new task is open, has no project and is at version 1.
--
SELECT id, title, done, project_id, version, created_at IS NOT NULL AS has_created_at
FROM taskdb.create_task('write the tests');
SELECT id, title, done, project_id, version
FROM taskdb.raw_create_task('review the tests');
-- an explicit NULL project is the same as no project
SELECT id, title, done, project_id, version
FROM taskdb.create_task('no project', NULL);

--
-- get_task: one row for an existing id, no row for a missing one.
--
SELECT id, title, done, version FROM taskdb.get_task(1);
SELECT id, title, done, version FROM taskdb.raw_get_task(2);
SELECT count(*) AS missing FROM taskdb.get_task(999999);
SELECT count(*) AS missing FROM taskdb.raw_get_task(999999);

--
-- get_tasks: the rows of the given ids in id order, each once, whatever the
-- order, duplicates and NULL elements of the array; missing ids are skipped.
--
SELECT id, title FROM taskdb.get_tasks(ARRAY[3, 1, 999999, 1, NULL, 3]::bigint[]);
SELECT id, title FROM taskdb.raw_get_tasks(ARRAY[2, NULL, 2]::bigint[]);
SELECT count(*) AS only_nulls FROM taskdb.get_tasks(ARRAY[NULL, NULL]::bigint[]);
SELECT count(*) AS empty FROM taskdb.get_tasks('{}');
SELECT count(*) AS empty FROM taskdb.raw_get_tasks(ARRAY[]::bigint[]);

--
-- update_task: a NULL argument keeps its column; the others change.
--
SELECT id, title, done, version FROM taskdb.update_task(1, title => 'write more tests');
SELECT id, title, done, version FROM taskdb.raw_update_task(1, done => true);
-- all NULL: the UPDATE runs but changes no column, so the version stays
SELECT id, title, done, version FROM taskdb.update_task(1);
-- the same values again: no column changes, the version stays too
SELECT id, title, done, version FROM taskdb.update_task(1, 'write more tests', true);
-- both at once, positionally, through the raw name
SELECT id, title, done, version FROM taskdb.raw_update_task(2, 'reviewed', true);
-- and back to open
SELECT id, title, done, version FROM taskdb.update_task(2, NULL, false);
SELECT id, title, done, version FROM taskdb.get_tasks(ARRAY[1, 2]::bigint[]);

--
-- delete_task: returns the row it deleted; the task is gone afterwards.
--
SELECT id, title, done, version FROM taskdb.delete_task(3);
SELECT id, title, done, version FROM taskdb.raw_delete_task(2);
SELECT count(*) AS left_over FROM taskdb.get_tasks(ARRAY[2, 3]::bigint[]);
SELECT id, title FROM taskdb.list_tasks();

--
-- create_tasks: one call inserts the whole array and returns the rows in
-- array order, with ascending ids; an empty array inserts nothing.
--
SELECT id, title, done, project_id, version
FROM taskdb.create_tasks(ARRAY['b one', 'b two', 'b three']);
SELECT id, title FROM taskdb.raw_create_tasks(ARRAY['b four', 'b five']);
SELECT count(*) AS empty FROM taskdb.create_tasks('{}');
SELECT count(*) AS empty FROM taskdb.raw_create_tasks(ARRAY[]::text[]);
SELECT count(*) AS tasks FROM taskdb.tasks;

--
-- Titles are limited to 255 characters, not bytes: 255 two-byte or
-- four-byte characters are accepted, 256 are not.
--
SELECT id, char_length(title) AS chars, octet_length(title) AS bytes
FROM taskdb.create_task(repeat('é', 255));
SELECT id, char_length(title) AS chars, octet_length(title) AS bytes
FROM taskdb.raw_create_task(repeat(U&'\+01F600', 255));
SELECT char_length(title) AS chars, octet_length(title) AS bytes
FROM taskdb.create_tasks(ARRAY[repeat('ß', 255), repeat('日', 255)]);
SELECT char_length(title) AS chars, octet_length(title) AS bytes
FROM taskdb.update_task(1, title => repeat('ж', 255));
SELECT taskdb.create_task(repeat('é', 256));
SELECT taskdb.raw_create_task(repeat(U&'\+01F600', 256));
SELECT taskdb.create_tasks(ARRAY['fine', repeat('日', 256)]);
SELECT taskdb.update_task(1, title => repeat('ж', 256));
-- the rejected ones left nothing behind; task 1 kept its 255 characters
SELECT count(*) AS long_titles FROM taskdb.tasks WHERE char_length(title) = 255;
SELECT char_length(title) AS chars FROM taskdb.get_task(1);

--
-- list_tasks: filters, keyset pagination and limits.
--
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
-- seven tasks, ids 1..7; 2, 4 and 6 are done
SELECT count(*) FROM taskdb.create_tasks(ARRAY['t1', 't2', 't3', 't4', 't5', 't6', 't7']);
UPDATE taskdb.tasks SET done = true WHERE id IN (2, 4, 6);
-- even on this tiny table (seven rows, one page, analyzed), where reading
-- the whole table would look as cheap, list_tasks walks the primary key:
-- its kept plans are planned for fast start.  (A read with filters is
-- planned for its values at each call, and here the planner rightly reads
-- the one page.)
ANALYZE taskdb.tasks;
BEGIN;
SELECT pg_stat_get_xact_numscans('taskdb.tasks_pkey'::regclass) AS idx0,
       (SELECT seq_scan FROM pg_stat_xact_user_tables
        WHERE relid = 'taskdb.tasks'::regclass) AS seq0 \gset
SELECT count(*) FROM taskdb.list_tasks();
SELECT count(*) FROM taskdb.raw_list_tasks(lim => 2);
SELECT count(*) FROM taskdb.list_tasks(after_id => 3);
SELECT pg_stat_get_xact_numscans('taskdb.tasks_pkey'::regclass) > :idx0 AS pkey_scanned,
       (SELECT seq_scan FROM pg_stat_xact_user_tables
        WHERE relid = 'taskdb.tasks'::regclass) = :seq0 AS no_seq_scan;
COMMIT;
-- no filter: every task in id order
SELECT id, title, done FROM taskdb.list_tasks();
SELECT id, title, done FROM taskdb.raw_list_tasks();
-- the done filter
SELECT id, title FROM taskdb.list_tasks(done => true);
SELECT id, title FROM taskdb.raw_list_tasks(false);
-- keyset pagination, three at a time: each page starts after the last id
-- of the one before; the page after the last one is empty
SELECT id, title FROM taskdb.list_tasks(lim => 3);
SELECT max(id) AS last_id FROM taskdb.list_tasks(lim => 3) \gset
SELECT id, title FROM taskdb.list_tasks(after_id => :last_id, lim => 3);
SELECT max(id) AS last_id FROM taskdb.list_tasks(after_id => :last_id, lim => 3) \gset
SELECT id, title FROM taskdb.raw_list_tasks(NULL, :last_id, 3);
SELECT max(id) AS last_id FROM taskdb.list_tasks(after_id => :last_id, lim => 3) \gset
SELECT count(*) AS past_the_end FROM taskdb.list_tasks(after_id => :last_id, lim => 3);
-- keyset pagination with the done filter: open tasks two at a time
SELECT id, title FROM taskdb.list_tasks(false, NULL, 2);
SELECT id, title FROM taskdb.list_tasks(false, 3, 2);
SELECT id, title FROM taskdb.list_tasks(false, 5, 2);
-- after_id need not be an existing id; the extremes of bigint are fine
SELECT id, title FROM taskdb.list_tasks(after_id => -9223372036854775808, lim => 1);
SELECT count(*) FROM taskdb.list_tasks(after_id => 9223372036854775807);
-- lim 0 returns no row
SELECT count(*) AS lim_zero FROM taskdb.list_tasks(lim => 0);
SELECT count(*) AS lim_zero FROM taskdb.raw_list_tasks(true, NULL, 0);
-- the default lim is 100
SELECT count(*) FROM taskdb.create_tasks(ARRAY(SELECT 'more ' || g FROM generate_series(1, 100) g));
SELECT count(*) AS default_page, min(id), max(id) FROM taskdb.list_tasks();
SELECT count(*) AS default_page FROM taskdb.raw_list_tasks();
SELECT count(*) AS second_page, min(id), max(id) FROM taskdb.list_tasks(after_id => 100);
-- the project filter, alone and with the done filter
SELECT id AS project FROM taskdb.create_project('filtered') \gset
SELECT id, title FROM taskdb.create_tasks(ARRAY['in project 1', 'in project 2', 'in project 3'], :project);
SELECT id, title FROM taskdb.create_task('in project 4', :project);
SELECT id, title, done FROM taskdb.update_task(109, done => true);
SELECT id, title, done FROM taskdb.list_tasks(project_id => :project);
SELECT id, title, done FROM taskdb.raw_list_tasks(NULL, NULL, 100, :project);
SELECT id, title FROM taskdb.list_tasks(done => false, project_id => :project);
SELECT id, title FROM taskdb.list_tasks(done => false, after_id => 108, lim => 1, project_id => :project);
SELECT id, title FROM taskdb.list_tasks(done => true, project_id => :project);
-- a project without tasks, and a missing project, list nothing
SELECT id AS empty_project FROM taskdb.create_project('no tasks') \gset
SELECT count(*) FROM taskdb.list_tasks(project_id => :empty_project);
SELECT count(*) FROM taskdb.list_tasks(project_id => 999999);

--
-- list_tasks walks the primary key: within one transaction, a call adds
-- index scans of tasks_pkey and no sequential scan of taskdb.tasks.
-- (The xact counters of PostgreSQL 15 may include scans of earlier
-- transactions not yet flushed, so the test compares before and after.)
--
-- A small table (111 rows, two pages)
BEGIN;
SELECT pg_stat_get_xact_numscans('taskdb.tasks_pkey'::regclass) AS idx0,
       (SELECT seq_scan FROM pg_stat_xact_user_tables
        WHERE relid = 'taskdb.tasks'::regclass) AS seq0 \gset
SELECT count(*) FROM taskdb.list_tasks(lim => 5);
SELECT count(*) FROM taskdb.raw_list_tasks(after_id => 50, lim => 5);
SELECT pg_stat_get_xact_numscans('taskdb.tasks_pkey'::regclass) > :idx0 AS pkey_scanned,
       (SELECT seq_scan FROM pg_stat_xact_user_tables
        WHERE relid = 'taskdb.tasks'::regclass) = :seq0 AS no_seq_scan;
COMMIT;
-- About 20k rows, analyzed
SELECT count(*) FROM taskdb.create_tasks(ARRAY(SELECT 'bulk ' || g FROM generate_series(1, 20000) g));
ANALYZE taskdb.tasks;
BEGIN;
SELECT pg_stat_get_xact_numscans('taskdb.tasks_pkey'::regclass) AS idx0,
       (SELECT seq_scan FROM pg_stat_xact_user_tables
        WHERE relid = 'taskdb.tasks'::regclass) AS seq0 \gset
SELECT count(*), min(title), max(title) FROM taskdb.list_tasks(after_id => 10111, lim => 10);
SELECT count(*) FROM taskdb.raw_list_tasks();
SELECT count(*) FROM taskdb.list_tasks(done => false, after_id => 20000);
SELECT pg_stat_get_xact_numscans('taskdb.tasks_pkey'::regclass) > :idx0 AS pkey_scanned,
       (SELECT seq_scan FROM pg_stat_xact_user_tables
        WHERE relid = 'taskdb.tasks'::regclass) = :seq0 AS no_seq_scan;
COMMIT;
-- the project filter never reads the whole table either
BEGIN;
SELECT (SELECT seq_scan FROM pg_stat_xact_user_tables
        WHERE relid = 'taskdb.tasks'::regclass) AS seq0 \gset
SELECT count(*) FROM taskdb.list_tasks(project_id => :project);
SELECT (SELECT seq_scan FROM pg_stat_xact_user_tables
        WHERE relid = 'taskdb.tasks'::regclass) = :seq0 AS no_seq_scan;
COMMIT;
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
