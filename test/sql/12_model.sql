--
-- 12_model: the model path.  The exact error documents (the DETAIL line of
-- the 22023 error, compact JSON in Pydantic's shape) for every error
-- type, several at once, singular and plural; PATCH semantics; the JSON
-- Schema of every model; the model functions for tasks and projects; and
-- the table constraints that hold the same limits for plain SQL.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
-- A task's JSON (as the model path and project_tree write it), cut down to
-- the fields these tests look at: not created_at (it differs from run to
-- run), nor a column a later version adds, which only the tests about that
-- column should show.
CREATE FUNCTION pg_temp.task_fields(task jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog
AS $$SELECT jsonb_object_agg(f.key, f.value) FROM jsonb_each(task) f
     WHERE f.key IN ('id', 'title', 'done', 'project_id', 'version')$$;
-- and a project, cut down to its id and name
CREATE FUNCTION pg_temp.project_fields(project jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog
AS $$SELECT jsonb_object_agg(f.key, f.value) FROM jsonb_each(project) f
     WHERE f.key IN ('id', 'name')$$;
SELECT pg_temp.project_fields(taskdb.model_create_project('{"name": "home"}')) AS project;

--
-- missing: a required field is absent; the input is the whole body
--
SELECT taskdb.model_create_task('{}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.model_create_task('{"done": true}');
SELECT taskdb.model_create_project('{}');

--
-- string_too_short, string_too_long (limits in characters, not bytes),
-- string_type
--
SELECT taskdb.model_create_task('{"title": ""}');
SELECT taskdb.model_create_project('{"name": ""}');
SELECT taskdb.model_create_task(jsonb_build_object('title', repeat('x', 256)));
SELECT taskdb.model_create_task(jsonb_build_object('title', repeat('é', 256)));
SELECT taskdb.model_create_project(jsonb_build_object('name', repeat(U&'\+01F600', 256)));
-- 255 characters are fine, however many bytes they take
SELECT taskdb.model_validate('TaskCreate', jsonb_build_object('title', repeat('x', 255))) AS ascii_255,
       taskdb.model_validate('TaskCreate', jsonb_build_object('title', repeat('é', 255))) AS two_byte_255,
       taskdb.model_validate('ProjectCreate', jsonb_build_object('name', repeat(U&'\+01F600', 255))) AS four_byte_255;
-- a number, a boolean, null, an array and an object are not strings
SELECT taskdb.model_create_task('{"title": 1}');
SELECT taskdb.model_create_task('{"title": true}');
SELECT taskdb.model_create_task('{"title": null}');
SELECT taskdb.model_create_task('{"title": ["x"]}');
SELECT taskdb.model_create_task('{"title": {"text": "x"}}');
SELECT taskdb.model_create_project('{"name": 42}');

--
-- bool_type: only true and false, not the string "true", not 1, not null
--
SELECT taskdb.model_create_task('{"title": "x", "done": "true"}');
SELECT taskdb.model_create_task('{"title": "x", "done": 1}');
SELECT taskdb.model_create_task('{"title": "x", "done": null}');
SELECT taskdb.model_create_task('{"title": "x", "done": "yes"}');

--
-- int_type: an integer in the column's range, not 1.5, not 1.0, not the
-- string "1", not true, not beyond bigint
--
SELECT taskdb.model_create_task('{"title": "x", "project_id": 1.5}');
SELECT taskdb.model_create_task('{"title": "x", "project_id": 1.0}');
SELECT taskdb.model_create_task('{"title": "x", "project_id": "1"}');
SELECT taskdb.model_create_task('{"title": "x", "project_id": true}');
SELECT taskdb.model_create_task('{"title": "x", "project_id": 9223372036854775808}');
SELECT taskdb.model_create_task('{"title": "x", "project_id": -9223372036854775809}');
SELECT taskdb.model_create_task('{"title": "x", "project_id": [1]}');
-- the extremes of bigint are integers (and name no project)
SELECT taskdb.model_validate('TaskCreate', '{"title": "x", "project_id": 9223372036854775807}') AS max,
       taskdb.model_validate('TaskCreate', '{"title": "x", "project_id": -9223372036854775808}') AS min;
-- version is an integer (int4) too
SELECT taskdb.model_validate('TaskUpdate', '{"version": 2147483647}') AS max_version,
       taskdb.model_validate('TaskUpdate', '{"version": 2147483648}') AS beyond;

--
-- extra_forbidden: a key the model does not declare, including the
-- read-only columns of a create model
--
SELECT taskdb.model_create_task('{"title": "x", "colour": "red"}');
SELECT taskdb.model_create_task('{"title": "x", "id": 99}');
SELECT taskdb.model_create_task('{"title": "x", "created_at": "2026-01-01T00:00:00Z", "version": 7}');
SELECT taskdb.model_create_project('{"name": "x", "tasks": []}');

--
-- model_type: a body that is not a JSON object
--
SELECT taskdb.model_create_task('[]');
SELECT taskdb.model_create_task('[{"title": "x"}]');
SELECT taskdb.model_create_task('"x"');
SELECT taskdb.model_create_task('42');
SELECT taskdb.model_create_project('true');
SELECT taskdb.model_update_task(1, '[]');

--
-- json_invalid: text that is not JSON (model_validate_json only); valid
-- text is validated as the jsonb would be
--
SELECT taskdb.model_validate_json('TaskCreate', '{"title": ');
SELECT taskdb.model_validate_json('TaskCreate', '');
SELECT taskdb.model_validate_json('TaskCreate', '{title: "x"}');
SELECT taskdb.model_validate_json('TaskCreate', '{"title": "x"} extra');
SELECT taskdb.model_validate_json('TaskCreate', '{"title": "x"}') AS valid;
SELECT taskdb.model_validate_json('TaskCreate', '{"title": ""}')
     = taskdb.model_validate('TaskCreate', '{"title": ""}') AS same_as_jsonb;
SELECT taskdb.model_validate_json('ProjectCreate', '[1, 2');

--
-- datetime_type and datetime_parsing: the read model Task declares every
-- column, created_at included (a complete body: a valid value for every
-- column the description has, then the fields given, test/described.sql)
--
SELECT taskdb.model_validate('Task', pg_temp.described_body('Task', '{"id": 1, "title": "x", "done": false, "created_at": "2026-01-01T12:00:00Z", "project_id": null, "version": 1}')) AS valid;
SELECT taskdb.model_validate('Task', pg_temp.described_body('Task', '{"created_at": 20260101}'));
SELECT taskdb.model_validate('Task', pg_temp.described_body('Task', '{"created_at": "2026-02-30T00:00:00Z"}'));
SELECT taskdb.model_validate('Task', pg_temp.described_body('Task', '{"created_at": "not a date"}'));
SELECT taskdb.model_validate('Project', '{"id": 1, "name": "x", "created_at": true}');
-- every field of Task is required, each reported missing in the columns'
-- order with the body as its input; project_id may be null but not absent
SELECT (SELECT jsonb_agg(e -> 'loc' -> 0 ORDER BY o)
        FROM jsonb_array_elements(taskdb.model_validate('Task', '{}')) WITH ORDINALITY x(e, o))
     = (SELECT jsonb_agg(name ORDER BY position) FROM described_columns WHERE table_name = 'tasks') AS every_column_in_order,
       (SELECT bool_and(e - 'loc' = '{"type": "missing", "msg": "Field required", "input": {}}')
        FROM jsonb_array_elements(taskdb.model_validate('Task', '{}')) e) AS each_missing,
       taskdb.model_validate('Task', '{}') -> 0 AS first;
SELECT jsonb_array_length(taskdb.model_validate('Task', pg_temp.described_body('Task') - 'project_id')) AS errors,
       taskdb.model_validate('Task', pg_temp.described_body('Task') - 'project_id') -> 0 ->> 'loc' AS loc;

--
-- Several errors at once: in field order (the columns' order), then the
-- extra keys in jsonb key order (shorter keys first); "1 validation error"
-- against "N validation errors".
--
SELECT taskdb.model_create_task('{"zzz": 1, "project_id": "1", "colour": "red", "done": "yes", "title": "", "aa": null}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.model_create_task('{"title": 1, "done": 1}');
SELECT taskdb.model_create_task('{"done": 1}');
SELECT taskdb.model_create_task('{"colour": "red"}');
SELECT taskdb.model_update_task(1, '{"title": "", "done": "no", "project_id": 1.5, "version": "1", "id": 1, "created_at": "x"}');
-- model_validate returns the same errors as a jsonb array, and [] when
-- the body is valid; it never raises for a bad body
SELECT jsonb_array_length(taskdb.model_validate('TaskCreate', '{"zzz": 1, "project_id": "1", "colour": "red", "done": "yes", "title": "", "aa": null}')) AS errors;
SELECT e ->> 'type' AS type, e -> 'loc' AS loc
FROM jsonb_array_elements(taskdb.model_validate('TaskCreate', '{"zzz": 1, "project_id": "1", "colour": "red", "done": "yes", "title": "", "aa": null}')) e;
SELECT taskdb.model_validate('TaskCreate', '{"title": "fine", "done": true, "project_id": null}') AS errors;
SELECT taskdb.model_validate('NoSuchModel', '{}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.model_validate_json('task', '{}');
\echo SQLSTATE :SQLSTATE
-- nothing was written by any failed call
SELECT count(*) AS tasks FROM taskdb.tasks;

--
-- Creating: TaskCreate in, Task out; done defaults to false, project_id
-- to null.
--
SELECT pg_temp.task_fields(taskdb.model_create_task('{"title": "first"}')) AS task;
SELECT pg_temp.task_fields(taskdb.model_create_task('{"title": "second", "done": true, "project_id": 1}')) AS task;
SELECT pg_temp.task_fields(taskdb.model_create_task('{"title": "third", "project_id": null}')) AS task;
SELECT taskdb.model_create_task('{"title": "orphan", "project_id": 999999}');
\echo SQLSTATE :SQLSTATE
-- created_at is an ISO 8601 string, as to_jsonb writes it
SELECT (t ->> 'created_at')::timestamptz = tk.created_at AS same_time,
       t -> 'created_at' = to_jsonb(tk.created_at) AS same_text
FROM taskdb.tasks tk, LATERAL taskdb.model_get_task(tk.id) t WHERE tk.id = 3;
-- the output of every model function is to_jsonb of the row
SELECT bool_and(taskdb.model_get_task(id) = to_jsonb(t)) AS get_is_to_jsonb FROM taskdb.tasks t;
SELECT taskdb.model_list_tasks() = (SELECT jsonb_agg(to_jsonb(t) ORDER BY id) FROM taskdb.tasks t) AS list_is_to_jsonb;
SELECT taskdb.model_get_project(1) = (SELECT to_jsonb(p) FROM taskdb.projects p WHERE id = 1) AS project_is_to_jsonb;

--
-- model_get_task and model_get_project: NULL when missing
--
SELECT pg_temp.task_fields(taskdb.model_get_task(2)) AS task;
SELECT taskdb.model_get_task(999999) IS NULL AS missing;
SELECT taskdb.model_get_project(999999) IS NULL AS missing;

--
-- PATCH: model_update_task(id, patch)
--
-- an absent key leaves its field unchanged
SELECT pg_temp.task_fields(taskdb.model_update_task(2, '{"title": "second, renamed"}')) AS task;
SELECT pg_temp.task_fields(taskdb.model_update_task(2, '{"done": false}')) AS task;
-- an empty patch changes nothing, not even the version; nor does a patch
-- that gives the current values.  The empty patch locks the row (SELECT
-- ... FOR UPDATE), the other sends the UPDATE of the values it gives, as
-- every path does (the version trigger keeps the version)
SELECT taskdb.path_stats_reset();
SELECT pg_temp.task_fields(taskdb.model_update_task(2, '{}')) AS task;
SELECT pg_temp.task_fields(taskdb.model_update_task(2, '{"title": "second, renamed", "done": false, "project_id": 1}')) AS task;
SELECT calls, selects, updates FROM taskdb.path_stats WHERE path = 'model';
-- null clears project_id
SELECT pg_temp.task_fields(taskdb.model_update_task(2, '{"project_id": null}')) AS task;
SELECT pg_temp.task_fields(taskdb.model_update_task(2, '{"project_id": 1}')) AS task;
-- null is an error for a field that cannot be null
SELECT taskdb.model_update_task(2, '{"title": null}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.model_update_task(2, '{"done": null}');
SELECT taskdb.model_update_task(2, '{"version": null}');
-- the read-only columns are not fields of TaskUpdate
SELECT taskdb.model_update_task(2, '{"id": 5}');
SELECT taskdb.model_update_task(2, '{"created_at": "2026-01-01T00:00:00Z"}');
-- "version" is the version the change expects: a match succeeds (the
-- version then moves on by one), a stale one fails with 40001 and the
-- contract's message, and changes nothing
SELECT taskdb.model_get_task(2) -> 'version' AS version;
SELECT pg_temp.task_fields(taskdb.model_update_task(2, '{"title": "checked", "version": 5}')) AS task;
SELECT taskdb.model_update_task(2, '{"title": "too late", "version": 5}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.model_update_task(2, '{"done": true, "version": 7}');
\echo SQLSTATE :SQLSTATE
-- a matching version alone changes nothing
SELECT pg_temp.task_fields(taskdb.model_update_task(2, '{"version": 6}')) AS task;
SELECT pg_temp.task_fields(taskdb.model_get_task(2)) AS task;
-- validation comes first, then the task, then the project
SELECT taskdb.model_update_task(999999, '{"title": ""}');
SELECT taskdb.model_update_task(999999, '{"title": "x"}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.model_update_task(2, '{"project_id": 999999}');
\echo SQLSTATE :SQLSTATE
-- an unknown project is reported before a stale version, as on every path
SELECT taskdb.model_update_task(2, '{"project_id": 999999, "version": 1}');
\echo SQLSTATE :SQLSTATE
SELECT pg_temp.task_fields(taskdb.model_get_task(2)) AS task;

--
-- model_list_tasks: an array of Task, chosen with the find_tasks keys
--
SELECT pg_temp.task_fields(taskdb.model_update_task(3, '{"done": true}')) AS task;
SELECT jsonb_path_query_array(taskdb.model_list_tasks(), '$[*].id') AS all_ids;
SELECT jsonb_path_query_array(taskdb.model_list_tasks('{"done": true}'), '$[*].id') AS done;
SELECT jsonb_path_query_array(taskdb.model_list_tasks('{"project_id": 1}'), '$[*].id') AS in_project;
SELECT jsonb_path_query_array(taskdb.model_list_tasks('{"project_id": null}'), '$[*].id') AS no_project;
SELECT jsonb_path_query_array(taskdb.model_list_tasks('{"title_contains": "IR"}'), '$[*].title') AS contains;
SELECT jsonb_path_query_array(taskdb.model_list_tasks('{"title_prefix": "th"}'), '$[*].title') AS prefix;
SELECT jsonb_path_query_array(taskdb.model_list_tasks('{"ids": [3, 1, 999999]}'), '$[*].id') AS ids;
SELECT jsonb_path_query_array(taskdb.model_list_tasks('{"order": "-id", "limit": 2}'), '$[*].id') AS last_two;
SELECT jsonb_path_query_array(taskdb.model_list_tasks('{"order": "title"}'), '$[*].title') AS by_title;
SELECT jsonb_path_query_array(taskdb.model_list_tasks('{"after": 2}'), '$[*].id') AS after_2;
SELECT jsonb_path_query_array(taskdb.model_list_tasks('{"created_after": "2000-01-01T00:00:00Z", "created_before": "2000-01-02T00:00:00Z"}'), '$[*].id') AS none;
SELECT taskdb.model_list_tasks('{"limit": 0}') AS empty;
-- its errors are find_tasks' errors
SELECT pg_temp.described_error($$SELECT taskdb.model_list_tasks('{"colour": "red"}')$$);
SELECT taskdb.model_list_tasks('{"done": "true"}');
SELECT taskdb.model_list_tasks('[]');
SELECT taskdb.model_list_tasks(NULL);
\echo SQLSTATE :SQLSTATE

--
-- Projects: model_list_projects (keys after and limit), model_update_project,
-- model_delete_project
--
SELECT pg_temp.project_fields(taskdb.model_create_project('{"name": "work"}')) AS project;
SELECT pg_temp.project_fields(taskdb.model_create_project('{"name": "garden"}')) AS project;
SELECT jsonb_path_query_array(taskdb.model_list_projects(), '$[*].name') AS names;
SELECT jsonb_path_query_array(taskdb.model_list_projects('{"after": 1}'), '$[*].id') AS after_1;
SELECT jsonb_path_query_array(taskdb.model_list_projects('{"limit": 2}'), '$[*].id') AS first_two;
SELECT jsonb_path_query_array(taskdb.model_list_projects('{"after": 1, "limit": 1}'), '$[*].id') AS page;
SELECT taskdb.model_list_projects('{"limit": 0}') AS empty;
SELECT taskdb.model_list_projects('{"after": 3}') AS past_the_end;
SELECT taskdb.model_list_projects('{"after": 9223372036854775807}') AS past_the_end;
SELECT taskdb.model_list_projects() = (SELECT jsonb_agg(to_jsonb(p) ORDER BY id) FROM taskdb.projects p) AS list_is_to_jsonb;
-- errors: 22023 (and 22004 for NULL)
SELECT taskdb.model_list_projects('{"colour": "red"}');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.model_list_projects('{"order": "name"}');
SELECT taskdb.model_list_projects('{"after": "1"}');
SELECT taskdb.model_list_projects('{"after": 1.5}');
SELECT taskdb.model_list_projects('{"limit": -1}');
SELECT taskdb.model_list_projects('{"limit": 2147483648}');
SELECT taskdb.model_list_projects('{"limit": "10"}');
SELECT taskdb.model_list_projects('[]');
SELECT taskdb.model_list_projects(NULL);
\echo SQLSTATE :SQLSTATE
-- model_update_project: ProjectUpdate in, Project out
SELECT pg_temp.project_fields(taskdb.model_update_project(3, '{"name": "garden, renamed"}')) AS project;
SELECT pg_temp.project_fields(taskdb.model_update_project(3, '{}')) AS project;
SELECT taskdb.model_update_project(3, '{"name": ""}');
SELECT taskdb.model_update_project(3, '{"name": null}');
SELECT taskdb.model_update_project(3, '{"id": 4, "version": 1}');
SELECT taskdb.model_update_project(999999, '{"name": "x"}');
\echo SQLSTATE :SQLSTATE
-- model_delete_project: a project with tasks is kept unless cascade
SELECT pg_temp.task_fields(taskdb.model_create_task('{"title": "in work", "project_id": 2}')) AS task;
SELECT taskdb.model_delete_project(2);
\echo SQLSTATE :SQLSTATE
SELECT taskdb.model_delete_project(2, false);
SELECT pg_temp.project_fields(taskdb.model_delete_project(2, true)) AS project;
SELECT taskdb.model_get_task(4) IS NULL AS task_gone, taskdb.model_get_project(2) IS NULL AS project_gone;
SELECT pg_temp.project_fields(taskdb.model_delete_project(3)) AS project;
SELECT taskdb.model_delete_project(3);
\echo SQLSTATE :SQLSTATE
-- model_delete_task returns the deleted Task
SELECT pg_temp.task_fields(taskdb.model_delete_task(3)) AS task;
SELECT taskdb.model_delete_task(3);
\echo SQLSTATE :SQLSTATE

--
-- The JSON Schema of every model (draft 2020-12), from the same
-- description that validates; an unknown model is 22023.  Each is the
-- schema the description gives the model (test/described.sql: the
-- columns the model accepts with their types, ranges, lengths, formats,
-- defaults and read-only marks, and the required ones); here the rest of
-- it, and one property of each kind.
--
SELECT m.name, taskdb.model_schema(m.name) = pg_temp.described_schema(m.name) AS as_described,
       taskdb.model_schema(m.name) - 'properties' - 'required' AS schema
FROM (VALUES ('Task'), ('TaskCreate'), ('TaskUpdate'), ('Project'), ('ProjectCreate'), ('ProjectUpdate')) m(name);
SELECT m.name, p.key AS property, p.value AS schema
FROM (VALUES ('Task'), ('TaskCreate'), ('TaskUpdate')) m(name),
     jsonb_each(taskdb.model_schema(m.name) -> 'properties') p
WHERE p.key IN ('id', 'title', 'done', 'due_at', 'version', 'priority')
ORDER BY 1, 2;
SELECT taskdb.model_schema('Tasks');
\echo SQLSTATE :SQLSTATE
SELECT taskdb.model_schema('');
-- the schema and the validator agree: required fields are the missing
-- ones of an empty body, and the properties are the accepted keys (a
-- body of every property is refused for no extra key, one more key is)
SELECT m.name,
       (SELECT coalesce(jsonb_agg(e -> 'loc' -> 0 ORDER BY o), '[]')
        FROM jsonb_array_elements(taskdb.model_validate(m.name, '{}')) WITH ORDINALITY x(e, o)
        WHERE e ->> 'type' = 'missing') = taskdb.model_schema(m.name) -> 'required' AS required_agrees,
       (SELECT count(*) FROM jsonb_array_elements(taskdb.model_validate(m.name, b.body)) e
        WHERE e ->> 'type' = 'extra_forbidden') AS extra_of_properties,
       (SELECT count(*) FROM jsonb_array_elements(taskdb.model_validate(m.name, b.body || '{"more": 1}')) e
        WHERE e ->> 'type' = 'extra_forbidden') AS extra_of_one_more
FROM (VALUES ('Task'), ('TaskCreate'), ('TaskUpdate'), ('Project'), ('ProjectCreate'), ('ProjectUpdate')) m(name),
     LATERAL (SELECT jsonb_object_agg(k, 'null'::jsonb) AS body
              FROM jsonb_object_keys(taskdb.model_schema(m.name) -> 'properties') k) b;

--
-- What the models refuse, the tables refuse too, for plain SQL: an empty
-- title (23514), 256 characters (22001), a NULL title (23502); the same
-- for project names.
--
-- (terse: a failing row's DETAIL would list every column of the table, and
-- for the UPDATEs the task's creation time)
\set VERBOSITY terse
INSERT INTO taskdb.tasks (id, title, created_at) VALUES (1000, '', '2026-01-01 00:00:00+00');
\echo SQLSTATE :SQLSTATE
INSERT INTO taskdb.tasks (id, title, created_at) VALUES (1000, repeat('é', 256), '2026-01-01 00:00:00+00');
\echo SQLSTATE :SQLSTATE
INSERT INTO taskdb.tasks (id, title, created_at) VALUES (1000, NULL, '2026-01-01 00:00:00+00');
\echo SQLSTATE :SQLSTATE
UPDATE taskdb.tasks SET title = '' WHERE id = 1;
\echo SQLSTATE :SQLSTATE
UPDATE taskdb.tasks SET title = NULL WHERE id = 1;
\echo SQLSTATE :SQLSTATE
INSERT INTO taskdb.projects (id, name, created_at) VALUES (1000, '', '2026-01-01 00:00:00+00');
\echo SQLSTATE :SQLSTATE
INSERT INTO taskdb.projects (id, name, created_at) VALUES (1000, repeat('x', 256), '2026-01-01 00:00:00+00');
\echo SQLSTATE :SQLSTATE
INSERT INTO taskdb.projects (id, name, created_at) VALUES (1000, NULL, '2026-01-01 00:00:00+00');
\echo SQLSTATE :SQLSTATE
\set VERBOSITY default
-- and what they accept, the tables accept
BEGIN;
INSERT INTO taskdb.tasks (title) VALUES (repeat('é', 255)) RETURNING char_length(title) AS chars, octet_length(title) AS bytes;
ROLLBACK;
SELECT char_length(t ->> 'title') AS chars, octet_length(t ->> 'title') AS bytes
FROM taskdb.model_create_task(jsonb_build_object('title', repeat(U&'\+01F600', 255))) t;
SELECT char_length(t ->> 'title') AS chars, t ->> 'id' AS id
FROM taskdb.model_delete_task((SELECT max(id) FROM taskdb.tasks)) t;
-- the table holds only what the calls above wrote
SELECT id, title, done, project_id, version FROM taskdb.tasks ORDER BY id;
SELECT id, name FROM taskdb.projects ORDER BY id;
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
