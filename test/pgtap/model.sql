-- The model path (taskdb.model_x): validation of every model
-- with every error type, both as the error a call raises (22023, "N
-- validation error(s) for Model", the errors as JSON in the detail) and as
-- the array model_validate returns; PATCH semantics of model_update_task;
-- the JSON Schema of every model.  The CRUD behaviour of the path over the
-- contract is test/contract's business (prefix model_).
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off
\ir ../description.sql
\ir ../described.sql

BEGIN;
SELECT plan(156);

-- The whole error a statement raises: "SQLSTATE: message | detail".
CREATE FUNCTION pg_temp.error_of(statement text) RETURNS text
LANGUAGE plpgsql AS $fn$
DECLARE
	state text;
	message text;
	detail text;
BEGIN
	EXECUTE statement;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
		detail = PG_EXCEPTION_DETAIL;
	RETURN format('%s: %s | %s', state, message, coalesce(nullif(detail, ''), '-'));
END
$fn$;

-- The validation errors a call raises, as jsonb (the detail), or NULL when
-- it raises no 22023 error.
CREATE FUNCTION pg_temp.errors_of(statement text) RETURNS jsonb
LANGUAGE plpgsql AS $fn$
DECLARE
	detail text;
BEGIN
	EXECUTE statement;
	RETURN NULL;
EXCEPTION WHEN invalid_parameter_value THEN
	GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
	RETURN detail::jsonb;
END
$fn$;

-- a fingerprint of both tables, to show that a refused call wrote nothing
CREATE FUNCTION pg_temp.fingerprint() RETURNS text
LANGUAGE sql STABLE AS $fn$
SELECT (SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, ';' ORDER BY t.id), '')) FROM taskdb.tasks t)
    || ', ' ||
       (SELECT count(*) || ' ' || md5(coalesce(string_agg(p::text, ';' ORDER BY p.id), '')) FROM taskdb.projects p)
$fn$;

SELECT pg_temp.fingerprint() AS fp0 \gset

--------------------------------------------------------------------------
-- every error type, raised by a call and returned by model_validate
--------------------------------------------------------------------------

-- missing
SELECT throws_ok($$SELECT taskdb.model_create_task('{}')$$, '22023', '1 validation error for TaskCreate',
                 'missing: model_create_task({}) raises 22023, 1 validation error for TaskCreate');
SELECT is(taskdb.model_validate('TaskCreate', '{}'),
          '[{"type": "missing", "loc": ["title"], "msg": "Field required", "input": {}}]'::jsonb,
          'missing: the input of a missing field is the whole body');
SELECT is(taskdb.model_validate('TaskCreate', '{"done": true}'),
          '[{"type": "missing", "loc": ["title"], "msg": "Field required", "input": {"done": true}}]'::jsonb,
          'missing: with other fields given');
SELECT is(pg_temp.error_of($$SELECT taskdb.model_create_project('{}')$$),
          '22023: 1 validation error for ProjectCreate | [{"type":"missing","loc":["name"],"msg":"Field required","input":{}}]',
          'missing: model_create_project({}) raises the error as compact JSON in the detail');

-- string_too_short
SELECT throws_ok($$SELECT taskdb.model_create_task('{"title": ""}')$$, '22023', '1 validation error for TaskCreate',
                 'string_too_short: an empty title raises 22023');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": ""}'),
          '[{"type": "string_too_short", "loc": ["title"], "msg": "String should have at least 1 character", "input": "", "ctx": {"min_length": 1}}]'::jsonb,
          'string_too_short: type, loc, msg, input and ctx min_length');
SELECT is(taskdb.model_validate('ProjectUpdate', '{"name": ""}'),
          '[{"type": "string_too_short", "loc": ["name"], "msg": "String should have at least 1 character", "input": "", "ctx": {"min_length": 1}}]'::jsonb,
          'string_too_short: an empty project name in ProjectUpdate');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": " "}'), '[]'::jsonb,
          'a blank (non-empty) title is valid');

-- string_too_long: characters, not bytes
SELECT throws_ok(format($$SELECT taskdb.model_create_task('{"title": "%s"}')$$, repeat('x', 256)),
                 '22023', '1 validation error for TaskCreate',
                 'string_too_long: a 256-character title raises 22023');
SELECT is(taskdb.model_validate('TaskCreate', jsonb_build_object('title', repeat('é', 256))),
          jsonb_build_array(jsonb_build_object('type', 'string_too_long', 'loc', '["title"]'::jsonb,
                                               'msg', 'String should have at most 255 characters',
                                               'input', repeat('é', 40) || '...', 'ctx', '{"max_length": 255}'::jsonb)),
          'string_too_long: 256 two-byte characters, with ctx max_length 255, quoting the first 40');
SELECT is(taskdb.model_validate('TaskCreate', jsonb_build_object('title', repeat('😀', 255))), '[]'::jsonb,
          'a title of 255 four-byte characters is valid');
SELECT is(taskdb.model_validate('ProjectCreate', jsonb_build_object('name', repeat('ü', 256))) -> 0 ->> 'type',
          'string_too_long', 'string_too_long: a 256-character project name');

-- string_type
SELECT throws_ok($$SELECT taskdb.model_create_task('{"title": 5}')$$, '22023', '1 validation error for TaskCreate',
                 'string_type: a number as the title raises 22023');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": 5}'),
          '[{"type": "string_type", "loc": ["title"], "msg": "Input should be a valid string", "input": 5}]'::jsonb,
          'string_type: a number is not a string');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": null}'),
          '[{"type": "string_type", "loc": ["title"], "msg": "Input should be a valid string", "input": null}]'::jsonb,
          'string_type: null is not a string for a required field');
SELECT is(taskdb.model_validate('ProjectCreate', '{"name": ["a"]}'),
          '[{"type": "string_type", "loc": ["name"], "msg": "Input should be a valid string", "input": ["a"]}]'::jsonb,
          'string_type: an array is not a string');

-- bool_type: strict, the string "true" is not a boolean
SELECT throws_ok($$SELECT taskdb.model_create_task('{"title": "x", "done": "true"}')$$, '22023',
                 '1 validation error for TaskCreate',
                 'bool_type: the string "true" as done raises 22023');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "done": "true"}'),
          '[{"type": "bool_type", "loc": ["done"], "msg": "Input should be a valid boolean", "input": "true"}]'::jsonb,
          'bool_type: the string "true" is not a boolean');
SELECT is(taskdb.model_validate('TaskUpdate', '{"done": 1}'),
          '[{"type": "bool_type", "loc": ["done"], "msg": "Input should be a valid boolean", "input": 1}]'::jsonb,
          'bool_type: 1 is not a boolean');
SELECT is(taskdb.model_validate('TaskUpdate', '{"done": null}'),
          '[{"type": "bool_type", "loc": ["done"], "msg": "Input should be a valid boolean", "input": null}]'::jsonb,
          'bool_type: null is not a boolean (done is not nullable)');

-- int_type: strict, 1.5 or "1" is not an id
SELECT throws_ok($$SELECT taskdb.model_create_task('{"title": "x", "project_id": 1.5}')$$, '22023',
                 '1 validation error for TaskCreate',
                 'int_type: 1.5 as project_id raises 22023');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "project_id": 1.5}'),
          '[{"type": "int_type", "loc": ["project_id"], "msg": "Input should be a valid integer", "input": 1.5}]'::jsonb,
          'int_type: 1.5 is not an integer');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "project_id": "1"}'),
          '[{"type": "int_type", "loc": ["project_id"], "msg": "Input should be a valid integer", "input": "1"}]'::jsonb,
          'int_type: the string "1" is not an integer');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "project_id": 1.0}') -> 0 ->> 'type', 'int_type',
          'int_type: 1.0 is not an integer');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "project_id": 9223372036854775808}') -> 0 ->> 'type',
          'int_type', 'int_type: an id beyond bigint');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "project_id": -9223372036854775808}'), '[]'::jsonb,
          'the smallest bigint is a valid id');
SELECT is(taskdb.model_validate('TaskUpdate', '{"version": 2147483648}'),
          '[{"type": "int_type", "loc": ["version"], "msg": "Input should be a valid integer", "input": 2147483648}]'::jsonb,
          'int_type: a version beyond integer');
SELECT is(taskdb.model_validate('TaskUpdate', '{"version": null}') -> 0 ->> 'type', 'int_type',
          'int_type: null is not a version');

-- extra_forbidden: undeclared keys, and read-only columns in the write models
SELECT throws_ok($$SELECT taskdb.model_create_task('{"title": "x", "colour": "red"}')$$, '22023',
                 '1 validation error for TaskCreate',
                 'extra_forbidden: an undeclared key raises 22023');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "colour": "red"}'),
          '[{"type": "extra_forbidden", "loc": ["colour"], "msg": "Extra inputs are not permitted", "input": "red"}]'::jsonb,
          'extra_forbidden: the key is the loc, its value the input');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "id": 1, "version": 1, "created_at": "2020-01-01"}'),
          '[{"type": "extra_forbidden", "loc": ["id"], "msg": "Extra inputs are not permitted", "input": 1},
            {"type": "extra_forbidden", "loc": ["version"], "msg": "Extra inputs are not permitted", "input": 1},
            {"type": "extra_forbidden", "loc": ["created_at"], "msg": "Extra inputs are not permitted", "input": "2020-01-01"}]'::jsonb,
          'extra_forbidden: TaskCreate refuses the read-only id, version and created_at');
SELECT is(taskdb.model_validate('TaskUpdate', '{"id": 1, "created_at": "2020-01-01"}'),
          '[{"type": "extra_forbidden", "loc": ["id"], "msg": "Extra inputs are not permitted", "input": 1},
            {"type": "extra_forbidden", "loc": ["created_at"], "msg": "Extra inputs are not permitted", "input": "2020-01-01"}]'::jsonb,
          'extra_forbidden: TaskUpdate refuses id and created_at (but takes version)');
SELECT is(taskdb.model_validate('ProjectUpdate', '{"tasks": []}'),
          '[{"type": "extra_forbidden", "loc": ["tasks"], "msg": "Extra inputs are not permitted", "input": []}]'::jsonb,
          'extra_forbidden: ProjectUpdate refuses a relationship');

-- model_type: the body is not an object
SELECT throws_ok($$SELECT taskdb.model_create_task('[]')$$, '22023', '1 validation error for TaskCreate',
                 'model_type: an array body raises 22023');
SELECT is(taskdb.model_validate('TaskCreate', '[]'),
          '[{"type": "model_type", "loc": [], "msg": "Input should be a valid dictionary or instance of TaskCreate", "input": [], "ctx": {"class_name": "TaskCreate"}}]'::jsonb,
          'model_type: an empty loc, the body as input, the class name in ctx');
SELECT is(taskdb.model_validate('Project', '"x"'),
          '[{"type": "model_type", "loc": [], "msg": "Input should be a valid dictionary or instance of Project", "input": "x", "ctx": {"class_name": "Project"}}]'::jsonb,
          'model_type: a string body');
SELECT is(taskdb.model_validate('TaskUpdate', 'null') -> 0 ->> 'type', 'model_type',
          'model_type: a JSON null body');
SELECT throws_ok($$SELECT taskdb.model_update_task(1, '5')$$, '22023', '1 validation error for TaskUpdate',
                 'model_type: a number as the patch raises 22023 before the task is looked up');

-- json_invalid: only text can be invalid JSON
SELECT is(taskdb.model_validate_json('TaskCreate', '{"title": '),
          '[{"type": "json_invalid", "loc": [], "msg": "Invalid JSON: invalid input syntax for type json", "input": "{\"title\": ", "ctx": {"error": "invalid input syntax for type json"}}]'::jsonb,
          'json_invalid: the text as input, the parser''s message in msg and ctx');
SELECT is(taskdb.model_validate_json('TaskCreate', '') -> 0 ->> 'type', 'json_invalid',
          'json_invalid: empty text');
SELECT is(taskdb.model_validate_json('TaskCreate', '{"title": "x"}'), '[]'::jsonb,
          'model_validate_json of valid text is an empty array');
SELECT is(taskdb.model_validate_json('TaskCreate', '{"title": "", "done": "no"}'),
          taskdb.model_validate('TaskCreate', '{"title": "", "done": "no"}'),
          'model_validate_json of JSON text validates as model_validate does');

-- datetime_type and datetime_parsing: the read model Task (a complete
-- body of valid values for every described column, then the field under
-- test: test/described.sql)
SELECT is(taskdb.model_validate('Task', pg_temp.described_body('Task', '{"created_at": 5}')),
          '[{"type": "datetime_type", "loc": ["created_at"], "msg": "Input should be a valid datetime", "input": 5}]'::jsonb,
          'datetime_type: a number is not a datetime');
SELECT is(taskdb.model_validate('Task', pg_temp.described_body('Task', '{"created_at": "yesterday noonish"}')),
          '[{"type": "datetime_parsing", "loc": ["created_at"], "msg": "Input should be a valid datetime", "input": "yesterday noonish"}]'::jsonb,
          'datetime_parsing: a string that is no timestamp');
SELECT is(taskdb.model_validate('Task', pg_temp.described_body('Task', '{"id": 1, "title": "x", "done": false, "created_at": "2026-01-02T03:04:05.123456+01:00", "project_id": 7, "version": 3, "due_at": "2026-02-03T04:05:06Z", "priority": 3}')),
          '[]'::jsonb, 'a complete Task with ISO 8601 timestamps is valid');
-- a relative word names another moment every day, also beside a time
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "due_at": "10:00 tomorrow"}') -> 0 ->> 'type',
          'datetime_parsing', 'datetime_parsing: "10:00 tomorrow" is relative');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "due_at": "00:00 today"}') -> 0 ->> 'type',
          'datetime_parsing', 'datetime_parsing: "00:00 today" is relative');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "due_at": "2030-01-02 allballs"}') -> 0 ->> 'type',
          'datetime_parsing', 'datetime_parsing: "allballs" is one of PostgreSQL''s special words');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "due_at": "2030-01-02 10:00 Europe/Moscow"}'),
          '[]'::jsonb, 'a time zone name is no special word');
SELECT throws_ok($$SELECT count(*) FROM taskdb.find_tasks('{"due_before": "10:00 tomorrow"}')$$, '22023',
                 'filter key "due_before" must be a timestamp string',
                 'find_tasks refuses a relative time too');
-- an integer written with an exponent or a fraction: strict validation of
-- JSON text refuses it, as Pydantic's does; jsonb keeps numbers as their
-- values, so a jsonb body cannot tell 1e0 from 1
SELECT is(taskdb.model_validate_json('TaskCreate', '{"title": "x", "priority": 1e0}'),
          '[{"type": "int_type", "loc": ["priority"], "msg": "Input should be a valid integer", "input": 1}]'::jsonb,
          'int_type: JSON text 1e0 is not an integer');
SELECT is(taskdb.model_validate_json('TaskCreate', '{"title": "x", "project_id": 2.0}') -> 0 ->> 'type', 'int_type',
          'int_type: JSON text 2.0 is not an integer');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "priority": 1e0}'), '[]'::jsonb,
          'a jsonb body holds 1e0 as the number 1, an integer');
SELECT is(taskdb.model_validate('Project', '{"id": 1, "name": "x", "created_at": null}'),
          '[{"type": "datetime_type", "loc": ["created_at"], "msg": "Input should be a valid datetime", "input": null}]'::jsonb,
          'datetime_type: null is not a datetime (created_at is not nullable)');
SELECT is(taskdb.model_validate('Task', '{}'),
          (SELECT jsonb_agg(jsonb_build_object('type', 'missing', 'loc', jsonb_build_array(name),
                                               'msg', 'Field required', 'input', '{}'::jsonb) ORDER BY position)
           FROM described_columns WHERE table_name = 'tasks'),
          'Task: every field is required, nullable project_id and due_at too; errors in field order');

-- 1.6: priority, an integer from 0 to 3 (less_than_equal, greater_than_equal)
SELECT throws_ok($$SELECT taskdb.model_create_task('{"title": "x", "priority": 4}')$$, '22023',
                 '1 validation error for TaskCreate',
                 'less_than_equal: priority 4 raises 22023');
SELECT is(pg_temp.error_of($$SELECT taskdb.model_create_task('{"title": "x", "priority": 4}')$$),
          '22023: 1 validation error for TaskCreate | [{"type":"less_than_equal","loc":["priority"],"msg":"Input should be less than or equal to 3","input":4,"ctx":{"le":3}}]',
          'less_than_equal: the detail of priority 4, as Pydantic writes it');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "priority": 4}'),
          '[{"type": "less_than_equal", "loc": ["priority"], "msg": "Input should be less than or equal to 3", "input": 4, "ctx": {"le": 3}}]'::jsonb,
          'less_than_equal: priority 4 in TaskCreate, with ctx le 3');
SELECT is(taskdb.model_validate('TaskUpdate', '{"priority": 4}'),
          '[{"type": "less_than_equal", "loc": ["priority"], "msg": "Input should be less than or equal to 3", "input": 4, "ctx": {"le": 3}}]'::jsonb,
          'less_than_equal: priority 4 in TaskUpdate');
SELECT throws_ok($$SELECT taskdb.model_create_task('{"title": "x", "priority": -1}')$$, '22023',
                 '1 validation error for TaskCreate',
                 'greater_than_equal: priority -1 raises 22023');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "priority": -1}'),
          '[{"type": "greater_than_equal", "loc": ["priority"], "msg": "Input should be greater than or equal to 0", "input": -1, "ctx": {"ge": 0}}]'::jsonb,
          'greater_than_equal: priority -1 in TaskCreate, with ctx ge 0');
SELECT is(taskdb.model_validate('TaskUpdate', '{"priority": -1}'),
          '[{"type": "greater_than_equal", "loc": ["priority"], "msg": "Input should be greater than or equal to 0", "input": -1, "ctx": {"ge": 0}}]'::jsonb,
          'greater_than_equal: priority -1 in TaskUpdate');
SELECT is(taskdb.model_validate('Task', pg_temp.described_body('Task', '{"priority": 4}')),
          '[{"type": "less_than_equal", "loc": ["priority"], "msg": "Input should be less than or equal to 3", "input": 4, "ctx": {"le": 3}}]'::jsonb,
          'less_than_equal: priority 4 in the read model Task');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "priority": 0}') || taskdb.model_validate('TaskCreate', '{"title": "x", "priority": 3}'),
          '[]'::jsonb, 'priorities 0 and 3 are valid');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "priority": null}'),
          '[{"type": "int_type", "loc": ["priority"], "msg": "Input should be a valid integer", "input": null}]'::jsonb,
          'int_type: null is not a priority (priority is not nullable)');
SELECT is(taskdb.model_validate('TaskUpdate', '{"priority": "1"}'),
          '[{"type": "int_type", "loc": ["priority"], "msg": "Input should be a valid integer", "input": "1"}]'::jsonb,
          'int_type: the string "1" is not a priority');

-- 1.6: due_at, a nullable datetime
SELECT throws_ok($$SELECT taskdb.model_create_task('{"title": "x", "due_at": "not a date"}')$$, '22023',
                 '1 validation error for TaskCreate',
                 'datetime_parsing: due_at "not a date" raises 22023');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "due_at": "not a date"}'),
          '[{"type": "datetime_parsing", "loc": ["due_at"], "msg": "Input should be a valid datetime", "input": "not a date"}]'::jsonb,
          'datetime_parsing: due_at "not a date" in TaskCreate');
SELECT is(taskdb.model_validate('TaskUpdate', '{"due_at": "not a date"}'),
          '[{"type": "datetime_parsing", "loc": ["due_at"], "msg": "Input should be a valid datetime", "input": "not a date"}]'::jsonb,
          'datetime_parsing: due_at "not a date" in TaskUpdate');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "due_at": 5}'),
          '[{"type": "datetime_type", "loc": ["due_at"], "msg": "Input should be a valid datetime", "input": 5}]'::jsonb,
          'datetime_type: a number is not a due_at');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "due_at": null}') || taskdb.model_validate('TaskUpdate', '{"due_at": null}'),
          '[]'::jsonb, 'due_at may be null in TaskCreate and TaskUpdate');
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "due_at": "2026-02-03T04:05:06+01:00", "priority": 2}'), '[]'::jsonb,
          'a TaskCreate with an ISO 8601 due_at and a priority is valid');
SELECT is(taskdb.model_validate('TaskUpdate', '{"priority": 9, "done": "no", "due_at": "not a date"}'),
          '[{"type": "bool_type", "loc": ["done"], "msg": "Input should be a valid boolean", "input": "no"},
            {"type": "datetime_parsing", "loc": ["due_at"], "msg": "Input should be a valid datetime", "input": "not a date"},
            {"type": "less_than_equal", "loc": ["priority"], "msg": "Input should be less than or equal to 3", "input": 9, "ctx": {"le": 3}}]'::jsonb,
          'the 1.6 fields'' errors come in field order, after done''s');

-- several errors at once: every one, in field order, then the extra keys
SELECT throws_ok($$SELECT taskdb.model_create_task('{"title": "", "done": "yes", "colour": "red"}')$$, '22023',
                 '3 validation errors for TaskCreate',
                 'three errors: 22023, 3 validation errors for TaskCreate');
SELECT is(pg_temp.error_of($$SELECT taskdb.model_create_task('{"title": "", "done": "yes", "colour": "red"}')$$),
          '22023: 3 validation errors for TaskCreate | [{"type":"string_too_short","loc":["title"],"msg":"String should have at least 1 character","input":"","ctx":{"min_length":1}},{"type":"bool_type","loc":["done"],"msg":"Input should be a valid boolean","input":"yes"},{"type":"extra_forbidden","loc":["colour"],"msg":"Extra inputs are not permitted","input":"red"}]',
          'three errors: the detail is the compact JSON array of the README');
SELECT is(pg_temp.errors_of($$SELECT taskdb.model_create_task('{"title": "", "done": "yes", "colour": "red"}')$$),
          taskdb.model_validate('TaskCreate', '{"title": "", "done": "yes", "colour": "red"}'),
          'the detail a call raises is what model_validate returns');
SELECT throws_ok($$SELECT taskdb.model_update_project(1, '{"name": null, "a": 1}')$$, '22023',
                 '2 validation errors for ProjectUpdate',
                 'two errors: 2 validation errors for ProjectUpdate');
SELECT is(pg_temp.fingerprint(), :'fp0', 'none of the refused calls wrote anything');

-- valid bodies, unknown models, NULL
SELECT is(taskdb.model_validate('TaskCreate', '{"title": "x", "done": true, "project_id": null}'), '[]'::jsonb,
          'a valid TaskCreate gives an empty array');
SELECT is(taskdb.model_validate('TaskUpdate', '{}'), '[]'::jsonb, 'an empty TaskUpdate is valid (PATCH)');
SELECT is(taskdb.model_validate('ProjectUpdate', '{}'), '[]'::jsonb, 'an empty ProjectUpdate is valid (PATCH)');
SELECT throws_ok($$SELECT taskdb.model_validate('Nope', '{}')$$, '22023', 'unknown model "Nope"',
                 'model_validate of an unknown model raises 22023');
SELECT throws_ok($$SELECT taskdb.model_validate_json('task', '{}')$$, '22023', 'unknown model "task"',
                 'model names are case-sensitive');
SELECT is(taskdb.model_validate('TaskCreate', NULL), NULL::jsonb, 'model_validate is STRICT: NULL body, NULL result');

--------------------------------------------------------------------------
-- JSON out: the row as to_jsonb writes it
--------------------------------------------------------------------------
SELECT (taskdb.model_create_project('{"name": "Home"}') ->> 'id')::bigint AS p1 \gset
SELECT (taskdb.model_create_project('{"name": "Work"}') ->> 'id')::bigint AS p2 \gset
SELECT taskdb.model_create_task(format('{"title": "model", "project_id": %s}', :p1)::jsonb) AS t1_json \gset
SELECT (:'t1_json'::jsonb ->> 'id')::bigint AS t1 \gset
SELECT is(:'t1_json'::jsonb, (SELECT to_jsonb(t) FROM taskdb.tasks t WHERE id = :t1),
          'model_create_task returns the stored row as JSON, every column');
SELECT is((SELECT done::text || ' v' || version FROM taskdb.tasks WHERE id = :t1), 'false v1',
          'model_create_task applied the defaults done false and version 1');
SELECT is((SELECT (due_at IS NULL)::text || ' p' || priority FROM taskdb.tasks WHERE id = :t1), 'true p0',
          'model_create_task applied the 1.6 defaults: no due_at, priority 0');
SELECT (taskdb.model_create_task('{"title": "due", "due_at": "2026-02-03T04:05:06+01:00", "priority": 3}') ->> 'id')::bigint AS tdue \gset
SELECT results_eq(format('SELECT due_at, priority FROM taskdb.tasks WHERE id = %s', :tdue),
                  $$VALUES ('2026-02-03T04:05:06+01:00'::timestamptz, 3::smallint)$$,
                  'model_create_task stores due_at and priority');
SELECT is(taskdb.model_get_task(:t1), (SELECT to_jsonb(t) FROM taskdb.tasks t WHERE id = :t1),
          'model_get_task returns the row as JSON');
SELECT is(taskdb.model_get_project(:p1), (SELECT to_jsonb(p) FROM taskdb.projects p WHERE id = :p1),
          'model_get_project returns the row as JSON');
SELECT is(taskdb.model_validate('Task', taskdb.model_get_task(:t1)), '[]'::jsonb,
          'what model_get_task returns is a valid Task');
SELECT is(taskdb.model_validate('Project', taskdb.model_get_project(:p1)), '[]'::jsonb,
          'what model_get_project returns is a valid Project');
SELECT is(taskdb.model_get_task(999999999), NULL::jsonb, 'model_get_task of an unknown id is NULL');
SELECT is(taskdb.model_get_task(NULL), NULL::jsonb, 'model_get_task(NULL) is NULL');
SELECT is(taskdb.model_create_task('{"title": "done at once", "done": true}') ->> 'done', 'true',
          'TaskCreate takes done');
SELECT throws_ok($$SELECT taskdb.model_create_task('{"title": "x", "project_id": 999999999}')$$, '23503',
                 'project 999999999 does not exist', 'model_create_task in an unknown project raises 23503');
SELECT throws_ok($$SELECT taskdb.model_create_task(NULL)$$, '22004', 'body must not be null',
                 'model_create_task(NULL) raises 22004');

--------------------------------------------------------------------------
-- PATCH: model_update_task
--------------------------------------------------------------------------
SELECT is(taskdb.model_update_task(:t1, '{"done": true}') - 'version',
          (:'t1_json'::jsonb || '{"done": true}') - 'version',
          'PATCH: an absent key leaves the field (title and project_id kept, done set)');
SELECT is((SELECT version FROM taskdb.tasks WHERE id = :t1), 2, 'PATCH: the change bumped the version to 2');
SELECT is(taskdb.model_update_task(:t1, '{}') -> 'version', '2'::jsonb,
          'PATCH: an empty patch changes nothing and keeps the version');
SELECT is(taskdb.model_update_task(:t1, format('{"project_id": %s}', :p2)::jsonb) -> 'project_id', to_jsonb(:p2::bigint),
          'PATCH: project_id moves the task');
SELECT is(taskdb.model_update_task(:t1, '{"project_id": null}') -> 'project_id', 'null'::jsonb,
          'PATCH: null clears the nullable project_id');
SELECT ok((SELECT project_id IS NULL AND title = 'model' AND done FROM taskdb.tasks WHERE id = :t1),
          'PATCH: clearing the project kept title and done');
SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format($$SELECT taskdb.model_update_task(%s, '{"title": null}')$$, :t1), '22023',
                 '1 validation error for TaskUpdate', 'PATCH: a null title is an error (22023)');
SELECT is(pg_temp.errors_of(format($$SELECT taskdb.model_update_task(%s, '{"title": null}')$$, :t1)),
          '[{"type": "string_type", "loc": ["title"], "msg": "Input should be a valid string", "input": null}]'::jsonb,
          'PATCH: a null title is a string_type error');
SELECT is(pg_temp.fingerprint(), :'fp', 'PATCH: the refused null title wrote nothing');

-- "version" is the version the change expects
SELECT (taskdb.model_get_task(:t1) ->> 'version')::int AS v \gset
SELECT is(taskdb.model_update_task(:t1, format('{"title": "checked", "version": %s}', :v)::jsonb) ->> 'version',
          (:v + 1)::text, 'PATCH: "version" equal to the current version: the change is made and the version bumped');
SELECT is((SELECT title::text FROM taskdb.tasks WHERE id = :t1), 'checked', 'PATCH: the checked change was stored');
SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format($$SELECT taskdb.model_update_task(%s, '{"title": "stale", "version": %s}')$$, :t1, :v),
                 '55000', format('task %s is at version %s, not the expected version %s', :t1, :v + 1, :v),
                 'PATCH: a stale "version" raises 55000');
SELECT is(pg_temp.fingerprint(), :'fp', 'PATCH: the stale change wrote nothing');
SELECT throws_ok(format($$SELECT taskdb.model_update_task(%s, '{"version": %s}')$$, :t1, :v + 5),
                 '55000', format('task %s is at version %s, not the expected version %s', :t1, :v + 1, :v + 5),
                 'PATCH: a future "version" raises 55000 even with nothing to change');
SELECT is(taskdb.model_update_task(:t1, format('{"version": %s}', :v + 1)::jsonb) ->> 'version', (:v + 1)::text,
          'PATCH: the right "version" alone changes nothing and keeps the version');
SELECT is(taskdb.model_update_task(:t1, '{"title": "checked", "done": true}') ->> 'version', (:v + 1)::text,
          'PATCH: setting the values the task already has keeps the version');

-- the other errors
SELECT throws_ok($$SELECT taskdb.model_update_task(999999999, '{"done": true}')$$, 'P0002',
                 'task 999999999 does not exist', 'PATCH of an unknown task raises P0002');
SELECT throws_ok($$SELECT taskdb.model_update_task(999999999, '{"done": true, "version": 1}')$$, 'P0002',
                 'task 999999999 does not exist', 'PATCH of an unknown task with a version raises P0002');
SELECT throws_ok(format($$SELECT taskdb.model_update_task(%s, '{"project_id": 999999999}')$$, :t1), '23503',
                 'project 999999999 does not exist', 'PATCH to an unknown project raises 23503');
SELECT throws_ok($$SELECT taskdb.model_update_task(NULL, '{}')$$, '22004', 'task id must not be null',
                 'model_update_task(NULL, ...) raises 22004');
SELECT throws_ok(format('SELECT taskdb.model_update_task(%s, NULL)', :t1), '22004', 'patch must not be null',
                 'model_update_task(id, NULL) raises 22004');
SELECT is(pg_temp.fingerprint(), :'fp', 'PATCH: the refused calls wrote nothing');

-- due_at and priority (1.6)
SELECT is((taskdb.model_update_task(:t1, '{"due_at": "2030-01-02T03:04:05Z"}') ->> 'due_at')::timestamptz,
          '2030-01-02T03:04:05Z'::timestamptz, 'PATCH: due_at sets the due date');
SELECT is(taskdb.model_update_task(:t1, '{"priority": 3}') - 'version',
          (taskdb.model_get_task(:t1) - 'version' - 'priority') || '{"priority": 3}',
          'PATCH: priority sets the priority, and an absent due_at keeps the due date');
SELECT ok((SELECT due_at IS NOT NULL FROM taskdb.tasks WHERE id = :t1), 'PATCH: the due date was kept');
SELECT is(taskdb.model_update_task(:t1, '{"due_at": null}') -> 'due_at', 'null'::jsonb,
          'PATCH: null clears the nullable due_at');
SELECT is((SELECT priority FROM taskdb.tasks WHERE id = :t1), 3::smallint, 'PATCH: clearing due_at kept the priority');
SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format($$SELECT taskdb.model_update_task(%s, '{"priority": 4}')$$, :t1), '22023',
                 '1 validation error for TaskUpdate', 'PATCH: priority 4 is an error (22023)');
SELECT is(pg_temp.errors_of(format($$SELECT taskdb.model_update_task(%s, '{"priority": null}')$$, :t1)),
          '[{"type": "int_type", "loc": ["priority"], "msg": "Input should be a valid integer", "input": null}]'::jsonb,
          'PATCH: a null priority is an int_type error (priority is not nullable)');
SELECT is(pg_temp.fingerprint(), :'fp', 'PATCH: the refused priorities wrote nothing');

-- projects
SELECT is(taskdb.model_update_project(:p2, '{"name": "Office"}') ->> 'name', 'Office', 'model_update_project renames');
SELECT is(taskdb.model_update_project(:p2, '{}'), (SELECT to_jsonb(p) FROM taskdb.projects p WHERE id = :p2),
          'model_update_project with an empty patch returns the row unchanged');
SELECT throws_ok($$SELECT taskdb.model_update_project(999999999, '{"name": "x"}')$$, 'P0002',
                 'project 999999999 does not exist', 'model_update_project of an unknown project raises P0002');
SELECT throws_ok(format($$SELECT taskdb.model_update_project(%s, '{"name": null}')$$, :p2), '22023',
                 '1 validation error for ProjectUpdate', 'model_update_project with a null name raises 22023');

--------------------------------------------------------------------------
-- lists and deletes
--------------------------------------------------------------------------
SELECT (taskdb.model_create_task(format('{"title": "second", "project_id": %s}', :p2)::jsonb) ->> 'id')::bigint AS t2 \gset
SELECT is(taskdb.model_list_tasks(format('{"ids": [%s, %s, %s]}', :t2, :t1, :t2)::jsonb),
          (SELECT jsonb_agg(to_jsonb(t) ORDER BY id) FROM taskdb.tasks t WHERE id IN (:t1, :t2)),
          'model_list_tasks: ids, in id order, each once, as Task objects');
SELECT is(taskdb.model_list_tasks(format('{"project_id": %s, "limit": 10}', :p2)::jsonb),
          (SELECT jsonb_agg(to_jsonb(t) ORDER BY id) FROM taskdb.tasks t WHERE project_id = :p2),
          'model_list_tasks takes the find_tasks keys');
SELECT is(taskdb.model_list_tasks(format('{"ids": [%s], "limit": 0}', :t1)::jsonb), '[]'::jsonb,
          'model_list_tasks with limit 0 is an empty array');
SELECT throws_ok($$SELECT taskdb.model_list_tasks('{"colour": "red"}')$$, '22023', 'unknown filter key "colour"',
                 'model_list_tasks of an unknown key raises 22023');
SELECT throws_ok($$SELECT taskdb.model_list_tasks(NULL)$$, '22004', 'query must not be null',
                 'model_list_tasks(NULL) raises 22004');
SELECT is(taskdb.model_list_projects(format('{"after": %s, "limit": 1}', :p1)::jsonb),
          jsonb_build_array(taskdb.model_get_project(:p2)),
          'model_list_projects: after and limit');
SELECT throws_ok($$SELECT taskdb.model_list_projects('{"colour": "red"}')$$, '22023', 'unknown query key "colour"',
                 'model_list_projects of an unknown key raises 22023');
SELECT throws_ok($$SELECT taskdb.model_list_projects('[]')$$, '22023', 'query must be a JSON object',
                 'model_list_projects of an array raises 22023');
SELECT throws_ok($$SELECT taskdb.model_list_projects('{"after": "1"}')$$, '22023',
                 'query key "after" must be a project id', 'model_list_projects with a string after raises 22023');

SELECT taskdb.model_get_task(:t2) AS t2_json \gset
SELECT is(taskdb.model_delete_task(:t2), :'t2_json'::jsonb, 'model_delete_task returns the deleted Task');
SELECT is(taskdb.model_get_task(:t2), NULL::jsonb, 'the deleted task is gone');
SELECT throws_ok(format('SELECT taskdb.model_delete_task(%s)', :t2), 'P0002', format('task %s does not exist', :t2),
                 'model_delete_task of a deleted task raises P0002');
SELECT throws_ok('SELECT taskdb.model_delete_task(NULL)', '22004', 'task id must not be null',
                 'model_delete_task(NULL) raises 22004');
SELECT (taskdb.model_create_task(format('{"title": "in p1", "project_id": %s}', :p1)::jsonb) ->> 'id')::bigint AS t3 \gset
SELECT throws_ok(format('SELECT taskdb.model_delete_project(%s)', :p1), '23503',
                 format('project %s still has 1 task', :p1), 'model_delete_project of a project with a task raises 23503');
SELECT taskdb.model_get_project(:p1) AS p1_json \gset
SELECT is(taskdb.model_delete_project(:p1, true), :'p1_json'::jsonb,
          'model_delete_project(cascade => true) returns the deleted Project');
SELECT is(taskdb.model_get_task(:t3), NULL::jsonb, 'and deleted its task');

--------------------------------------------------------------------------
-- JSON Schema
--------------------------------------------------------------------------
-- Each model's schema is the one the description gives it
-- (test/described.sql): the columns the model accepts, with their JSON
-- types, ranges, lengths, formats, defaults and read-only marks, and the
-- required ones
SELECT is(taskdb.model_schema(m), pg_temp.described_schema(m),
          format('model_schema(%s): %s', m, d))
FROM (VALUES ('Task', 'every column, all required, read-only ones marked'),
             ('TaskCreate', 'the writable columns, the NOT NULL ones without a default required, defaults given'),
             ('TaskUpdate', 'the writable columns and the expected version, none required'),
             ('Project', 'every column, all required, read-only ones marked'),
             ('ProjectCreate', 'the writable columns, the name required'),
             ('ProjectUpdate', 'the writable columns, none required')) v(m, d);
-- the schema and the validator are one declaration
SELECT results_eq(
    $$SELECT m, (SELECT coalesce(jsonb_agg(e -> 'loc' -> 0), '[]') FROM jsonb_array_elements(taskdb.model_validate(m, '{}')) e)
      FROM unnest(ARRAY['Task', 'TaskCreate', 'TaskUpdate', 'Project', 'ProjectCreate', 'ProjectUpdate']) m$$,
    $$SELECT m, taskdb.model_schema(m) -> 'required'
      FROM unnest(ARRAY['Task', 'TaskCreate', 'TaskUpdate', 'Project', 'ProjectCreate', 'ProjectUpdate']) m$$,
    'for every model, the missing fields of {} are the required fields of its schema');
SELECT throws_ok($$SELECT taskdb.model_schema('Nope')$$, '22023', 'unknown model "Nope"',
                 'model_schema of an unknown model raises 22023');
SELECT is(pg_temp.error_of($$SELECT taskdb.model_schema('Tasks')$$),
          '22023: unknown model "Tasks" | -', 'the unknown-model error has no detail');

SELECT * FROM finish();
ROLLBACK;
