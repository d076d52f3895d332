--
-- 10_injection: titles, names and filter values that look like SQL, LIKE
-- patterns, parameters or exotic text are data, on every path.  Each is
-- stored and read back exactly by raw, builder, orm and model, matched
-- literally by find_tasks (title_contains, title_prefix) and
-- model_list_tasks, and never becomes SQL: the statement text stays the
-- same whatever the value, and the tables are intact afterwards.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;

-- The hostile strings, numbered.
CREATE TEMP TABLE hostile (n integer PRIMARY KEY, s text NOT NULL);
INSERT INTO hostile VALUES
    (1,  'it''s'),
    (2,  'say "hi"'),
    (3,  E'back\\slash \\\\ \\'' \\n'),
    (4,  '$1 $2::text $$ $tag$'),
    (5,  'a; b;'),
    (6,  '-- comment /* block */'),
    (7,  '100%'),
    (8,  'under_score'),
    (9,  ''' OR 1=1 --'),
    (10, '''); DROP TABLE taskdb.tasks; --'),
    (11, '"); DROP TABLE taskdb.tasks; --'),
    (12, U&'party \+01F600\+01F389 time'),
    (13, U&'\05E9\05DC\05D5\05DD \0645\0631\062D\0628\0627'),
    (14, U&'cafe\0301 vs caf\00E9'),
    (15, '%_\'),
    (16, 'NULL'),
    (17, E'tab\there'),
    (18, '{"title": "json", "done": true}');
SELECT n, s, length(s) AS chars, octet_length(s) AS bytes FROM hostile ORDER BY n;

--
-- Every path creates a task with each string as its title; the stored
-- title is the string, byte for byte.
--
CREATE TEMP TABLE made (path text, n integer, id bigint);
INSERT INTO made SELECT 'raw', e.n, t.id FROM hostile e, LATERAL taskdb.create_task(e.s) t;
INSERT INTO made SELECT 'raw_', e.n, t.id FROM hostile e, LATERAL taskdb.raw_create_task(e.s) t;
INSERT INTO made SELECT 'builder', e.n, t.id FROM hostile e, LATERAL taskdb.builder_create_task(e.s) t;
INSERT INTO made SELECT 'orm', e.n, t.id FROM hostile e, LATERAL taskdb.orm_create_task(e.s) t;
INSERT INTO made SELECT 'model', e.n, (taskdb.model_create_task(jsonb_build_object('title', e.s)) ->> 'id')::bigint FROM hostile e;
-- bulk: one call per path with every string
INSERT INTO made SELECT 'raw bulk', e.n, t.id
FROM taskdb.create_tasks(ARRAY(SELECT s FROM hostile ORDER BY n)) t
JOIN hostile e ON e.s = t.title;
INSERT INTO made SELECT 'builder bulk', e.n, t.id
FROM taskdb.builder_create_tasks(ARRAY(SELECT s FROM hostile ORDER BY n)) t
JOIN hostile e ON e.s = t.title;
INSERT INTO made SELECT 'orm bulk', e.n, t.id
FROM taskdb.orm_create_tasks(ARRAY(SELECT s FROM hostile ORDER BY n)) t
JOIN hostile e ON e.s = t.title;
-- each path made 18 tasks, each holding its string exactly
SELECT m.path, count(*) AS tasks, count(*) FILTER (WHERE t.title = e.s) AS exact,
       count(*) FILTER (WHERE convert_to(t.title, 'UTF8') = convert_to(e.s, 'UTF8')) AS same_bytes
FROM made m JOIN hostile e USING (n) JOIN taskdb.tasks t ON t.id = m.id
GROUP BY m.path ORDER BY min(m.id);
SELECT count(*) AS tasks FROM taskdb.tasks;
-- what one path stored, as the other readers return it
SELECT m.n, t.title FROM made m JOIN taskdb.tasks t ON t.id = m.id WHERE m.path = 'builder' ORDER BY m.n;
SELECT m.n, bool_and(g.title = e.s) AS raw_get, bool_and(b.title = e.s) AS builder_get,
       bool_and(o.title = e.s) AS orm_get, bool_and(taskdb.model_get_task(m.id) ->> 'title' = e.s) AS model_get
FROM made m JOIN hostile e USING (n),
     LATERAL taskdb.get_task(m.id) g, LATERAL taskdb.builder_get_task(m.id) b,
     LATERAL taskdb.orm_get_task(m.id) o
WHERE m.path = 'orm'
GROUP BY m.n ORDER BY m.n;
-- the model's JSON keeps the string as a JSON string
SELECT taskdb.model_get_task(m.id) -> 'title' AS json_title
FROM made m WHERE m.path = 'model' ORDER BY m.n;

--
-- find_tasks and model_list_tasks match each string literally: the ids
-- they return are exactly those of the titles that contain it (compared
-- case-insensitively with strpos) or start with it (case-sensitively).
--
SELECT e.n,
       (SELECT count(*) FROM taskdb.find_tasks(jsonb_build_object('title_contains', e.s, 'limit', 1000))) AS contains,
       (SELECT array_agg(id ORDER BY id) FROM taskdb.find_tasks(jsonb_build_object('title_contains', e.s, 'limit', 1000)))
       IS NOT DISTINCT FROM
       (SELECT array_agg(id ORDER BY id) FROM taskdb.tasks WHERE strpos(lower(title), lower(e.s)) > 0) AS contains_exact,
       (SELECT count(*) FROM taskdb.find_tasks(jsonb_build_object('title_prefix', e.s, 'limit', 1000))) AS prefix,
       (SELECT array_agg(id ORDER BY id) FROM taskdb.find_tasks(jsonb_build_object('title_prefix', e.s, 'limit', 1000)))
       IS NOT DISTINCT FROM
       (SELECT array_agg(id ORDER BY id) FROM taskdb.tasks WHERE starts_with(title, e.s)) AS prefix_exact,
       (SELECT array_agg(x::bigint ORDER BY x::bigint)
        FROM jsonb_array_elements_text(jsonb_path_query_array(
             taskdb.model_list_tasks(jsonb_build_object('title_contains', e.s, 'limit', 1000)), '$[*].id')) x)
       IS NOT DISTINCT FROM
       (SELECT array_agg(id ORDER BY id) FROM taskdb.tasks WHERE strpos(lower(title), lower(e.s)) > 0) AS model_exact
FROM hostile e ORDER BY e.n;
-- the LIKE metacharacters alone match only titles that hold them
SELECT id, title FROM taskdb.find_tasks('{"title_contains": "%", "limit": 3}');
SELECT id, title FROM taskdb.find_tasks('{"title_contains": "_", "limit": 3}');
SELECT id, title FROM taskdb.find_tasks(E'{"title_prefix": "%_\\\\"}');
SELECT count(*) FROM taskdb.find_tasks('{"title_prefix": "%"}');
-- combining marks are not normalized: the decomposed and the precomposed
-- letter are different text
SELECT count(*) AS decomposed FROM taskdb.find_tasks(jsonb_build_object('title_prefix', U&'cafe\0301', 'limit', 1000));
SELECT count(*) AS precomposed FROM taskdb.find_tasks(jsonb_build_object('title_prefix', U&'caf\00E9', 'limit', 1000));

--
-- The value never enters the SQL text: find_tasks_sql renders the same
-- statement for every string, with the string (escaped for LIKE) as a
-- parameter.
--
SELECT e.n, f.sql = (SELECT sql FROM taskdb.find_tasks_sql('{"title_contains": "x"}')) AS same_sql, f.params[1] AS pattern
FROM hostile e, LATERAL taskdb.find_tasks_sql(jsonb_build_object('title_contains', e.s)) f
ORDER BY e.n;
-- and the echo shows each statement with its parameter quoted as a literal
SET taskdb.echo = on;
SELECT id FROM taskdb.builder_create_task('''); DROP TABLE taskdb.tasks; --');
SELECT id FROM taskdb.create_task(E'\\''; SELECT 1; --');
SELECT count(*) FROM taskdb.find_tasks('{"title_prefix": "''); DROP TABLE taskdb.tasks; --"}');
SET taskdb.echo = off;

--
-- update_task writes them exactly on every path, and project names too.
--
-- (each task of a path takes the next string of the list)
SELECT bool_and(u.title = e.s) AS raw_updated_exactly
FROM (SELECT id, n FROM made WHERE path = 'raw') m
JOIN hostile e ON e.n = (m.n % 18) + 1,
     LATERAL taskdb.update_task(m.id, title => e.s) u;
SELECT bool_and(u.title = e.s) AS builder_updated_exactly
FROM (SELECT id, n FROM made WHERE path = 'builder') m
JOIN hostile e ON e.n = (m.n % 18) + 1,
     LATERAL taskdb.builder_update_task(m.id, title => e.s) u;
SELECT bool_and(u.title = e.s) AS orm_updated_exactly
FROM (SELECT id, n FROM made WHERE path = 'orm') m
JOIN hostile e ON e.n = (m.n % 18) + 1,
     LATERAL taskdb.orm_update_task(m.id, title => e.s) u;
SELECT bool_and(taskdb.model_update_task(m.id, jsonb_build_object('title', e.s)) ->> 'title' = e.s) AS model_updated_exactly
FROM (SELECT id, n FROM made WHERE path = 'model') m
JOIN hostile e ON e.n = (m.n % 18) + 1;
SELECT m.path, count(*) FILTER (WHERE t.title = e.s) AS exact
FROM made m JOIN hostile e ON e.n = (m.n % 18) + 1 JOIN taskdb.tasks t ON t.id = m.id
WHERE m.path IN ('raw', 'builder', 'orm', 'model')
GROUP BY m.path ORDER BY min(m.id);
CREATE TEMP TABLE made_projects (path text, n integer, id bigint);
INSERT INTO made_projects SELECT 'raw', e.n, p.id FROM hostile e, LATERAL taskdb.create_project(e.s) p;
INSERT INTO made_projects SELECT 'builder', e.n, p.id FROM hostile e, LATERAL taskdb.builder_create_project(e.s) p;
INSERT INTO made_projects SELECT 'orm', e.n, p.id FROM hostile e, LATERAL taskdb.orm_create_project(e.s) p;
INSERT INTO made_projects SELECT 'model', e.n, (taskdb.model_create_project(jsonb_build_object('name', e.s)) ->> 'id')::bigint FROM hostile e;
SELECT m.path, count(*) AS projects, count(*) FILTER (WHERE p.name = e.s) AS exact
FROM made_projects m JOIN hostile e USING (n) JOIN taskdb.projects p ON p.id = m.id
GROUP BY m.path ORDER BY min(m.id);
-- the report and the project tree return the names as they are
SELECT bool_and(r.name = e.s) AS report_exact
FROM made_projects m JOIN hostile e USING (n)
JOIN taskdb.project_report() r ON r.project_id = m.id;
SELECT bool_and(j ->> 'name' = e.s) AS tree_exact
FROM jsonb_array_elements(taskdb.project_tree(NULL, 'joined')) j
JOIN made_projects m ON m.id = (j ->> 'id')::bigint JOIN hostile e USING (n);

--
-- Hostile keys and values where a name is expected are refused with the
-- name quoted in the message, never run.
--
SELECT pg_temp.described_error($$SELECT taskdb.find_tasks('{"done; DROP TABLE taskdb.tasks; --": true}')$$);
SELECT pg_temp.described_error($$SELECT taskdb.find_tasks('{"order": "title; DROP TABLE taskdb.tasks"}')$$);
SELECT pg_temp.described_error($$SELECT taskdb.find_tasks('{"order": "-title DESC, (SELECT 1)"}')$$);
SELECT taskdb.project_tree(NULL, 'joined; DROP TABLE taskdb.tasks');
SELECT taskdb.model_schema('Task''; DROP TABLE taskdb.tasks; --');
SELECT taskdb.model_create_task('{"title": "ok", "''); DROP TABLE taskdb.tasks; --": "\"x\""}');
SELECT taskdb.model_validate('TaskCreate', jsonb_build_object('title', 1, 'it''s', 'say "hi"'));
-- text that is not JSON at all, or JSON PostgreSQL cannot hold (NUL)
SELECT taskdb.model_validate_json('TaskCreate', '{"title": "x"}; DROP TABLE taskdb.tasks; --');
SELECT taskdb.model_validate_json('TaskCreate', '{"title": "a\u0000b"}');

--
-- Afterwards: the tables are there, with every row the calls made and
-- nothing else.
--
SELECT to_regclass('taskdb.tasks') AS tasks_table, to_regclass('taskdb.projects') AS projects_table;
SELECT (SELECT count(*) FROM taskdb.tasks) AS tasks,
       (SELECT count(*) FROM made) + 2 AS tasks_made,
       (SELECT count(*) FROM taskdb.projects) AS projects,
       (SELECT count(*) FROM made_projects) AS projects_made;
SELECT * FROM taskdb.schema_drift();
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
