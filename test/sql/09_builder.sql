--
-- 09_builder: the builder path's SQL, shown exactly.  find_tasks_sql
-- renders the find_tasks query for every filter key, alone and combined;
-- taskdb.echo shows every statement of the builder_ contract functions and
-- of project_report, so each rendering (INSERT, UPDATE, DELETE, SELECT,
-- JOIN, GROUP BY, aggregate FILTER, EXISTS, ROW comparison) is visible.
-- Then every error of find_tasks and project_report, and what find_tasks
-- returns for each key on a small known data set.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;

--
-- The data set: three projects (the third has no task) and six tasks with
-- fixed creation times.  Id order, title order and creation order all
-- differ:
--   by title:      2 apple Pie, 6 banana split, 1 cherry_tart, 4 date 100%,
--                  5 elder\berry, 3 fig
--   by created_at: 4, 2, 6, 1, 5, 3
--
INSERT INTO taskdb.projects (name) VALUES ('alpha'), ('beta'), ('empty');
INSERT INTO taskdb.tasks (title, done, project_id, created_at) VALUES
    ('cherry_tart',  false, 1,    '2026-01-04 12:00:00+00'),
    ('apple Pie',    true,  1,    '2026-01-02 12:00:00+00'),
    ('fig',          false, 2,    '2026-01-06 12:00:00+00'),
    ('date 100%',    true,  2,    '2026-01-01 12:00:00+00'),
    (E'elder\\berry', false, NULL, '2026-01-05 12:00:00+00'),
    ('banana split', true,  NULL, '2026-01-03 12:00:00+00');
SET TimeZone = 'UTC';
SELECT id, title, done, project_id, created_at, version FROM taskdb.tasks ORDER BY id;

--
-- find_tasks_sql: the SQL text and the parameters find_tasks would run.
-- Every value is a parameter, every operator OPERATOR(pg_catalog.x).
-- Conditions come in the order of the filter's keys as jsonb keeps them
-- (shorter keys first, then bytewise), then the keyset cursor, ORDER BY
-- (always ending with id) and LIMIT (100 by default).
--
\x on
-- no key
SELECT * FROM taskdb.find_tasks_sql();
SELECT * FROM taskdb.find_tasks_sql('{}');
-- each key alone
SELECT * FROM taskdb.find_tasks_sql('{"done": true}');
SELECT * FROM taskdb.find_tasks_sql('{"project_id": 2}');
SELECT * FROM taskdb.find_tasks_sql('{"project_id": [1, 2]}');
SELECT * FROM taskdb.find_tasks_sql('{"project_id": []}');
SELECT * FROM taskdb.find_tasks_sql('{"project_id": null}');
SELECT * FROM taskdb.find_tasks_sql('{"title_contains": "PIE"}');
SELECT * FROM taskdb.find_tasks_sql(E'{"title_contains": "100% _\\\\ done"}');
SELECT * FROM taskdb.find_tasks_sql('{"title_prefix": "apple"}');
SELECT * FROM taskdb.find_tasks_sql('{"title_prefix": "a_b%"}');
SELECT * FROM taskdb.find_tasks_sql('{"created_after": "2026-01-03T00:00:00Z"}');
SELECT * FROM taskdb.find_tasks_sql('{"created_before": "2026-01-03 00:00:00+02"}');
SELECT * FROM taskdb.find_tasks_sql('{"ids": [3, 1, 2]}');
SELECT * FROM taskdb.find_tasks_sql('{"ids": []}');
-- order, for each column, ascending and descending: a column other than id
-- is followed by id in the same direction
SELECT * FROM taskdb.find_tasks_sql('{"order": "id"}');
SELECT * FROM taskdb.find_tasks_sql('{"order": "-id"}');
SELECT * FROM taskdb.find_tasks_sql('{"order": "title"}');
SELECT * FROM taskdb.find_tasks_sql('{"order": "-title"}');
SELECT * FROM taskdb.find_tasks_sql('{"order": "created_at"}');
SELECT * FROM taskdb.find_tasks_sql('{"order": "-created_at"}');
-- after: with id order a plain comparison; with another order a ROW
-- comparison against a subquery that reads the cursor's task (alias c)
SELECT * FROM taskdb.find_tasks_sql('{"after": 3}');
SELECT * FROM taskdb.find_tasks_sql('{"after": 3, "order": "-id"}');
SELECT * FROM taskdb.find_tasks_sql('{"after": 3, "order": "title"}');
SELECT * FROM taskdb.find_tasks_sql('{"after": 3, "order": "-created_at"}');
-- limit
SELECT * FROM taskdb.find_tasks_sql('{"limit": 0}');
SELECT * FROM taskdb.find_tasks_sql('{"limit": 2147483647}');
-- every key at once
SELECT * FROM taskdb.find_tasks_sql('{"done": false, "project_id": [1, 2], "title_contains": "e", "title_prefix": "c", "created_after": "2026-01-01T00:00:00Z", "created_before": "2026-02-01T00:00:00Z", "ids": [1, 3, 5], "order": "-title", "after": 6, "limit": 5}');
-- two keys, each order of writing: the same text
SELECT * FROM taskdb.find_tasks_sql('{"ids": [1], "done": true}');
SELECT * FROM taskdb.find_tasks_sql('{"done": true, "ids": [1]}');
\x off

-- The same query shape gives the same SQL text, whatever the values (so
-- one kept plan serves it); another shape gives another text.
SELECT a.sql = b.sql AS same_text, a.params AS first_params, b.params AS second_params
FROM taskdb.find_tasks_sql('{"done": true, "title_contains": "a", "order": "title", "after": 2, "limit": 3}') a,
     taskdb.find_tasks_sql('{"done": false, "title_contains": "zz", "order": "title", "after": 5, "limit": 10}') b;
SELECT a.sql = b.sql AS same_text
FROM taskdb.find_tasks_sql('{"project_id": 1}') a, taskdb.find_tasks_sql('{"project_id": [1]}') b;
SELECT a.sql = b.sql AS same_text
FROM taskdb.find_tasks_sql('{"order": "title"}') a, taskdb.find_tasks_sql('{"order": "-title"}') b;
-- find_tasks runs exactly that text: the echo shows it, twice the same
SET taskdb.echo = on;
SELECT id FROM taskdb.find_tasks('{"done": true, "title_contains": "a", "order": "title", "after": 2, "limit": 3}');
SELECT id FROM taskdb.find_tasks('{"done": false, "title_contains": "zz", "order": "title", "after": 5, "limit": 10}');
SET taskdb.echo = off;
SELECT sql FROM taskdb.find_tasks_sql('{"done": true, "title_contains": "a", "order": "title", "after": 2, "limit": 3}');

--
-- The contract functions of the builder path, with echo on: each
-- statement as rendered, with its parameters.
--
SET taskdb.echo = on;
-- create_project: INSERT ... VALUES
SELECT id, name FROM taskdb.builder_create_project('delta');
-- create_task: a plain INSERT ... VALUES; in a project, INSERT ... SELECT
-- WHERE EXISTS (the project), so an unknown project inserts nothing
SELECT id, title, project_id, version FROM taskdb.builder_create_task('grape');
SELECT id, title, project_id, version FROM taskdb.builder_create_task('honeydew', 4);
SELECT taskdb.builder_create_task('orphan', 999999);
-- create_tasks: INSERT ... SELECT FROM ROWS FROM (unnest($1)); in a
-- project, after a SELECT that checks the project
SELECT id, title, project_id FROM taskdb.builder_create_tasks(ARRAY['kiwi', 'lemon']);
SELECT id, title, project_id FROM taskdb.builder_create_tasks(ARRAY['mango'], 4);
SELECT count(*) FROM taskdb.builder_create_tasks('{}');
SELECT taskdb.builder_create_tasks(ARRAY['orphan'], 999999);
-- update_task: SET only the columns given
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(7, title => 'grape juice');
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(7, done => true);
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(7, project_id => 4);
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(7, clear_project => true);
-- nothing given: SET title = t.title, which changes no column, so the
-- version stays
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(7);
-- with expected_version: AND version = $n; when no row matches, the
-- follow-up SELECTs say why
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(7, 'grape jam', false, expected_version => 5);
SELECT taskdb.builder_update_task(7, 'too late', expected_version => 5);
SELECT taskdb.builder_update_task(7, project_id => 999999);
SELECT taskdb.builder_update_task(999999, 'missing');
-- every column at once
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(7, 'grape', false, 1, false, 6);
-- delete_task
SELECT id, title FROM taskdb.builder_delete_task(9);
-- get_task, get_tasks (= ANY, ordered), get_project
SELECT id, title FROM taskdb.builder_get_task(1);
SELECT id, title FROM taskdb.builder_get_tasks(ARRAY[3, 1, 1, NULL]::bigint[]);
SELECT id, name FROM taskdb.builder_get_project(1);
-- list_tasks and list_projects: the keyset bound first, the filters, the
-- order and the limit; lim 0 sends nothing
SELECT id FROM taskdb.builder_list_tasks();
SELECT id FROM taskdb.builder_list_tasks(done => false, after_id => 1, lim => 2, project_id => 2);
SELECT id FROM taskdb.builder_list_tasks(true, NULL, 100, NULL);
SELECT count(*) FROM taskdb.builder_list_tasks(lim => 0);
SELECT id, name FROM taskdb.builder_list_projects(after_id => 1, lim => 1);
-- delete_project: lock (SELECT ... FOR UPDATE), count (count(*)), delete;
-- with cascade the tasks are deleted before the project
SELECT id, name FROM taskdb.builder_create_project('epsilon');
SELECT id, name FROM taskdb.builder_delete_project(5);
SELECT taskdb.builder_delete_project(4);
SELECT id, name FROM taskdb.builder_delete_project(4, cascade => true);
SELECT taskdb.builder_delete_project(999999);
-- project_report: projects LEFT JOIN tasks, the task keys in the join
-- condition, project_id in WHERE, count with FILTER, GROUP BY, ORDER BY
SELECT project_id, name, total, done, open FROM taskdb.project_report();
SELECT project_id, name, total, done, open FROM taskdb.project_report('{"project_id": 1}');
SELECT project_id, name, total, done, open FROM taskdb.project_report('{"done": false, "project_id": [1, 2], "title_contains": "e", "title_prefix": "c", "created_after": "2026-01-01T00:00:00Z", "created_before": "2026-02-01T00:00:00Z", "ids": [1, 3, 5]}');
SET taskdb.echo = off;

--
-- find_tasks on the data set, key by key.  Tasks now: 1..6 as above, 7
-- 'grape' (open, project 1), 8 'honeydew' and 11 'mango' deleted with
-- project 4, 9 'kiwi' deleted, 10 'lemon' (open, no project).  The two new
-- tasks get fixed creation times too; lemon's is the same as task 1's.
--
UPDATE taskdb.tasks SET created_at = '2026-01-07 12:00:00+00' WHERE id = 7;
UPDATE taskdb.tasks SET created_at = '2026-01-04 12:00:00+00' WHERE id = 10;
SELECT id, title, done, project_id, created_at FROM taskdb.find_tasks() ORDER BY id;
-- done
SELECT id FROM taskdb.find_tasks('{"done": true}');
SELECT id FROM taskdb.find_tasks('{"done": false}');
-- project_id: a number, an array (duplicates and unknown ids are fine), an
-- empty array (nothing), null (no project)
SELECT id FROM taskdb.find_tasks('{"project_id": 2}');
SELECT id FROM taskdb.find_tasks('{"project_id": [2, 1, 2, 999999]}');
SELECT count(*) FROM taskdb.find_tasks('{"project_id": []}');
SELECT id FROM taskdb.find_tasks('{"project_id": null}');
SELECT count(*) FROM taskdb.find_tasks('{"project_id": 999999}');
-- title_contains: case-insensitive; %, _ and \ are matched literally
SELECT id, title FROM taskdb.find_tasks('{"title_contains": "PIE"}');
SELECT id, title FROM taskdb.find_tasks('{"title_contains": "_"}');
SELECT id, title FROM taskdb.find_tasks('{"title_contains": "%"}');
SELECT id, title FROM taskdb.find_tasks(E'{"title_contains": "\\\\"}');
SELECT id, title FROM taskdb.find_tasks('{"title_contains": "an"}');
SELECT count(*) FROM taskdb.find_tasks('{"title_contains": ""}');
SELECT count(*) FROM taskdb.find_tasks('{"title_contains": "xyz"}');
-- title_prefix: case-sensitive, literal too
SELECT id, title FROM taskdb.find_tasks('{"title_prefix": "apple P"}');
SELECT count(*) FROM taskdb.find_tasks('{"title_prefix": "apple p"}');
SELECT id, title FROM taskdb.find_tasks('{"title_prefix": "cherry_"}');
SELECT count(*) FROM taskdb.find_tasks('{"title_prefix": "cherry%"}');
SELECT count(*) FROM taskdb.find_tasks('{"title_prefix": "pie"}');
SELECT id, title FROM taskdb.find_tasks(E'{"title_prefix": "elder\\\\"}');
-- created_after and created_before: strict comparisons, any time zone
SELECT id, created_at FROM taskdb.find_tasks('{"created_after": "2026-01-04T12:00:00Z"}');
SELECT id, created_at FROM taskdb.find_tasks('{"created_after": "2026-01-04 13:00:00+01"}');
SELECT id, created_at FROM taskdb.find_tasks('{"created_before": "2026-01-03T12:00:00Z"}');
SELECT id, created_at FROM taskdb.find_tasks('{"created_after": "2026-01-02T00:00:00Z", "created_before": "2026-01-05T00:00:00Z"}');
-- ids: in id order, each once, missing ids left out
SELECT id FROM taskdb.find_tasks('{"ids": [5, 1, 5, 999999]}');
SELECT count(*) FROM taskdb.find_tasks('{"ids": []}');
-- order
SELECT id, title FROM taskdb.find_tasks('{"order": "id", "project_id": [1, 2]}');
SELECT id, title FROM taskdb.find_tasks('{"order": "-id", "project_id": [1, 2]}');
SELECT id, title FROM taskdb.find_tasks('{"order": "title", "ids": [1, 2, 3, 4, 5, 6]}');
SELECT id, title FROM taskdb.find_tasks('{"order": "-title", "ids": [1, 2, 3, 4, 5, 6]}');
SELECT id, created_at FROM taskdb.find_tasks('{"order": "created_at", "ids": [1, 2, 3, 4, 5, 6]}');
SELECT id, created_at FROM taskdb.find_tasks('{"order": "-created_at", "ids": [1, 2, 3, 4, 5, 6]}');
-- ties on the order column are broken by id, in the same direction
SELECT id, created_at FROM taskdb.find_tasks('{"order": "created_at", "created_after": "2026-01-04T00:00:00Z", "created_before": "2026-01-05T00:00:00Z"}');
SELECT id, created_at FROM taskdb.find_tasks('{"order": "-created_at", "created_after": "2026-01-04T00:00:00Z", "created_before": "2026-01-05T00:00:00Z"}');
-- after: the rows after that task in the chosen order; pages of two
SELECT id FROM taskdb.find_tasks('{"after": 2, "limit": 2}');
SELECT id FROM taskdb.find_tasks('{"after": 4, "limit": 2}');
SELECT id FROM taskdb.find_tasks('{"after": 6, "limit": 2}');
SELECT id FROM taskdb.find_tasks('{"after": 10, "limit": 2}');
SELECT id FROM taskdb.find_tasks('{"after": 5, "order": "-id", "limit": 2}');
SELECT id, title FROM taskdb.find_tasks('{"after": 6, "order": "title", "limit": 2, "ids": [1, 2, 3, 4, 5, 6]}');
SELECT id, title FROM taskdb.find_tasks('{"after": 4, "order": "title", "limit": 2, "ids": [1, 2, 3, 4, 5, 6]}');
SELECT id, title FROM taskdb.find_tasks('{"after": 1, "order": "-title", "ids": [1, 2, 3, 4, 5, 6]}');
SELECT id FROM taskdb.find_tasks('{"after": 6, "order": "created_at", "ids": [1, 2, 3, 4, 5, 6]}');
SELECT id FROM taskdb.find_tasks('{"after": 6, "order": "-created_at", "ids": [1, 2, 3, 4, 5, 6]}');
-- within a tie, the cursor's id decides
SELECT id FROM taskdb.find_tasks('{"after": 1, "order": "created_at"}');
SELECT id FROM taskdb.find_tasks('{"after": 10, "order": "-created_at"}');
-- the cursor task itself need not match the other keys
SELECT id FROM taskdb.find_tasks('{"after": 6, "order": "title", "done": false, "ids": [1, 2, 3, 4, 5, 6]}');
-- an after id that names no task: with id order the rows after that id;
-- with another order there is no position, and no row
SELECT id FROM taskdb.find_tasks('{"after": 8}');
SELECT count(*) FROM taskdb.find_tasks('{"after": 8, "order": "title"}');
-- limit
SELECT id FROM taskdb.find_tasks('{"limit": 2}');
SELECT count(*) FROM taskdb.find_tasks('{"limit": 0}');
SELECT count(*) FROM taskdb.find_tasks('{"limit": 2147483647}');
-- several keys together
SELECT id, title FROM taskdb.find_tasks('{"done": false, "project_id": [1, 2], "title_contains": "e", "order": "-title"}');
SELECT id, title FROM taskdb.find_tasks('{"done": true, "project_id": null, "title_prefix": "b", "created_before": "2026-01-04T00:00:00Z"}');
-- find_tasks returns whole rows of taskdb.tasks
SELECT id, title, done, project_id, created_at, version FROM taskdb.find_tasks('{"ids": [4]}');

--
-- project_report on the data set
--
-- OR and IS [NOT] NULL: project_id may list null for "or in no project",
-- and has_project asks for tasks with or without one
SELECT sql, params FROM taskdb.find_tasks_sql('{"project_id": [1, null]}');
SELECT id, title, project_id FROM taskdb.find_tasks('{"project_id": [1, null]}');
SELECT sql, params FROM taskdb.find_tasks_sql('{"has_project": true}');
SELECT id, title, project_id FROM taskdb.find_tasks('{"has_project": true}');
SELECT sql, params FROM taskdb.find_tasks_sql('{"has_project": false}');
SELECT id, title, project_id FROM taskdb.find_tasks('{"has_project": false, "order": "-id"}');
-- OFFSET: skip rows of the chosen order
SELECT sql, params FROM taskdb.find_tasks_sql('{"order": "title", "limit": 2, "offset": 3}');
SELECT id, title FROM taskdb.find_tasks('{"order": "title", "limit": 2, "offset": 3}');
SELECT id, title FROM taskdb.find_tasks('{"order": "title"}') LIMIT 2 OFFSET 3;
SELECT count(*) FROM taskdb.find_tasks('{"offset": 1000}');
-- min and max: the report's first and last creation times, as SQL computes them
SELECT r.project_id, r.first_created = min(t.created_at) AS first_ok,
       r.last_created = max(t.created_at) AS last_ok
FROM taskdb.project_report() r
LEFT JOIN taskdb.tasks t ON t.project_id = r.project_id
GROUP BY r.project_id, r.first_created, r.last_created
ORDER BY r.project_id;
SELECT project_id, total, first_created IS NULL AS no_times
FROM taskdb.project_report('{"ids": [-1]}');
SELECT taskdb.find_tasks('{"offset": -1}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"offset": "2"}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"has_project": 1}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"project_id": [1, "x"]}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_report('{"project_id": [1, null]}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_report('{"offset": 1}');
\echo SQLSTATE :SQLSTATE
SELECT project_id, total FROM taskdb.project_report('{"has_project": true}');
SELECT project_id, name, total, done, open FROM taskdb.project_report();
SELECT project_id, name, total, done, open FROM taskdb.project_report('{"done": true}');
SELECT project_id, name, total, done, open FROM taskdb.project_report('{"project_id": 2}');
SELECT project_id, name, total, done, open FROM taskdb.project_report('{"project_id": [2, 1, 999999]}');
SELECT project_id, name, total, done, open FROM taskdb.project_report('{"project_id": []}');
SELECT project_id, name, total, done, open FROM taskdb.project_report('{"title_contains": "E"}');
SELECT project_id, name, total, done, open FROM taskdb.project_report('{"title_prefix": "fig"}');
SELECT project_id, name, total, done, open FROM taskdb.project_report('{"created_after": "2026-01-03T00:00:00Z"}');
SELECT project_id, name, total, done, open FROM taskdb.project_report('{"created_before": "2026-01-03T00:00:00Z"}');
SELECT project_id, name, total, done, open FROM taskdb.project_report('{"ids": [1, 3, 6]}');

--
-- Errors of find_tasks, find_tasks_sql and project_report: 22023 naming
-- the key, before any statement is sent; a NULL filter is 22004.
--
-- unknown keys (the check is exact: case and spelling)
SELECT pg_temp.described_error($$SELECT taskdb.find_tasks('{"colour": "red"}')$$);
SELECT pg_temp.described_error($$SELECT taskdb.find_tasks('{"Done": true}')$$);
SELECT pg_temp.described_error($$SELECT taskdb.find_tasks_sql('{"title": "x"}')$$);
-- (the report's hint names only the keys the report takes)
SELECT pg_temp.described_error($$SELECT taskdb.project_report('{"colour": "red"}')$$);
-- done: a boolean
SELECT taskdb.find_tasks('{"done": "true"}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"done": 1}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_report('{"done": [true]}');
\echo SQLSTATE :SQLSTATE
-- project_id: a number, an array of numbers, or null (not for the report)
SELECT taskdb.find_tasks('{"project_id": "1"}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"project_id": 1.5}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"project_id": true}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"project_id": {"id": 1}}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"project_id": [1, "2"]}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"project_id": [[1]]}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"project_id": 9223372036854775808}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_report('{"project_id": null}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_report('{"project_id": "1"}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_report('{"project_id": [1.5]}');
\echo SQLSTATE :SQLSTATE
-- title_contains and title_prefix: strings
SELECT taskdb.find_tasks('{"title_contains": 1}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"title_prefix": ["a"]}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_report('{"title_contains": false}');
\echo SQLSTATE :SQLSTATE
-- created_after and created_before: timestamp strings
SELECT taskdb.find_tasks('{"created_after": 20260101}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"created_before": "not a date"}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"created_after": "2026-02-30"}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks_sql('{"created_before": ""}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_report('{"created_after": "2026-13-01T00:00:00Z"}');
\echo SQLSTATE :SQLSTATE
-- ids: an array of numbers
SELECT taskdb.find_tasks('{"ids": 1}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"ids": "1,2"}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"ids": [1, 2.5]}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"ids": [-9223372036854775809]}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_report('{"ids": {"a": 1}}');
\echo SQLSTATE :SQLSTATE
-- order: one of the orderable columns, optionally with a leading -
SELECT pg_temp.described_error($$SELECT taskdb.find_tasks('{"order": "colour"}')$$);
SELECT pg_temp.described_error($$SELECT taskdb.find_tasks('{"order": "--id"}')$$);
SELECT pg_temp.described_error($$SELECT taskdb.find_tasks('{"order": "ID"}')$$);
SELECT pg_temp.described_error($$SELECT taskdb.find_tasks('{"order": "+id"}')$$);
SELECT pg_temp.described_error($$SELECT taskdb.find_tasks('{"order": ""}')$$);
SELECT taskdb.find_tasks('{"order": ["id"]}');
\echo SQLSTATE :SQLSTATE
-- after: a task id
SELECT taskdb.find_tasks('{"after": "3"}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"after": 3.5}');
\echo SQLSTATE :SQLSTATE
-- limit: 0 to 2147483647
SELECT taskdb.find_tasks('{"limit": -1}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"limit": 2147483648}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"limit": 1.5}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('{"limit": "10"}');
\echo SQLSTATE :SQLSTATE
-- keys that do not apply to project_report
SELECT taskdb.project_report('{"order": "id"}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_report('{"after": 1}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_report('{"limit": 10}');
\echo SQLSTATE :SQLSTATE
-- a filter that is not an object
SELECT taskdb.find_tasks('[]');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('[{"done": true}]');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks_sql('"done"');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks('1');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_report('true');
\echo SQLSTATE :SQLSTATE
-- a NULL filter
SELECT taskdb.find_tasks(NULL);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.find_tasks_sql(NULL);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.project_report(NULL);
\echo SQLSTATE :SQLSTATE
-- the first bad key, in jsonb key order, is the one reported
SELECT taskdb.find_tasks('{"limit": -1, "done": "no", "colour": 1}');
\echo SQLSTATE :SQLSTATE
-- a failed filter sends nothing
SELECT taskdb.path_stats_reset();
SET taskdb.echo = on;
SELECT pg_temp.described_error($$SELECT taskdb.find_tasks('{"ids": [1], "order": "nope"}')$$);
SET taskdb.echo = off;
SELECT path, statements FROM taskdb.path_stats WHERE path = 'builder';

RESET TimeZone;
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
