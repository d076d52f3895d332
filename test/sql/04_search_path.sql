--
-- 04_search_path: a hostile schema placed before pg_catalog on search_path
-- changes nothing.  Schema evil holds tables named like taskdb's, and
-- comparison and LIKE operators, unnest and count that all give wrong
-- answers.  Every taskdb function, on every path (raw, builder, orm,
-- model), still reads and writes taskdb's own tables with the real
-- operators, and the evil tables stay empty.
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

-- The trap: tables with the same columns ...
CREATE SCHEMA evil;
CREATE TABLE evil.projects (LIKE taskdb.projects INCLUDING DEFAULTS INCLUDING IDENTITY);
CREATE TABLE evil.tasks (LIKE taskdb.tasks INCLUDING DEFAULTS INCLUDING IDENTITY);
-- ... =, <>, <, <=, > and >= answering false for every pair of types the
-- statements compare, and LIKE and ILIKE (~~, ~~*) answering false for
-- text ...
DO $$
DECLARE
    pair text[];
    fn text;
    op text;
BEGIN
    FOREACH pair SLICE 1 IN ARRAY ARRAY[['bigint', 'bigint'], ['integer', 'integer'],
                                      ['boolean', 'boolean'], ['text', 'text'],
                                      ['bigint', 'integer'], ['integer', 'bigint'],
                                      ['timestamp with time zone', 'timestamp with time zone']]
    LOOP
        fn := format('evil.never_%s_%s', replace(pair[1], ' ', '_'), replace(pair[2], ' ', '_'));
        EXECUTE format('CREATE FUNCTION %s(%s, %s) RETURNS boolean'
                       ' LANGUAGE sql IMMUTABLE AS ''SELECT false''',
                       fn, pair[1], pair[2]);
        FOREACH op IN ARRAY ARRAY['=', '<>', '<', '<=', '>', '>=']
        LOOP
            EXECUTE format('CREATE OPERATOR evil.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = %s)',
                           op, pair[1], pair[2], fn);
        END LOOP;
    END LOOP;
    CREATE OPERATOR evil.~~ (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.never_text_text);
    CREATE OPERATOR evil.~~* (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.never_text_text);
END
$$;
-- ... an unnest that returns nothing and a count(*) and count(bigint)
-- that answer -42.
CREATE FUNCTION evil.unnest(anyarray) RETURNS SETOF anyelement
LANGUAGE plpgsql IMMUTABLE AS 'BEGIN RETURN; END';
CREATE FUNCTION evil.count_step(bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE AS 'SELECT $1';
CREATE AGGREGATE evil.count(*) (SFUNC = evil.count_step, STYPE = bigint, INITCOND = '-42');
CREATE FUNCTION evil.count_bigint_step(bigint, bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE AS 'SELECT $1';
CREATE AGGREGATE evil.count(bigint) (SFUNC = evil.count_bigint_step, STYPE = bigint, INITCOND = '-42');
SELECT count(*) AS evil_operators FROM pg_operator WHERE oprnamespace = 'evil'::regnamespace;

-- One call before the switch, so that some kept plans were made with the
-- ordinary search_path and must not be reused as they are.
SELECT id, title, version FROM taskdb.create_task('before the switch');

-- How many parts the schema description has under the ordinary
-- search_path, to compare with under evil's (08_drift shows the parts)
SELECT pg_catalog.count(*) AS described FROM taskdb.schema_description() \gset

SET search_path = evil, pg_catalog, public;
SHOW search_path;
SELECT taskdb.path_stats_reset();

-- The trap works on plain SQL.
SELECT 1::bigint = 1::bigint AS bigint_eq, 1 >= 1 AS int_ge, true = true AS bool_eq,
       'a'::text = 'a' AS text_eq, 2::bigint > 1 AS mixed_gt,
       'abc'::text LIKE 'a%' AS text_like, 'abc'::text ILIKE 'A%' AS text_ilike,
       'abc'::varchar LIKE 'a%' AS varchar_like,
       '2026-01-02'::timestamptz > '2026-01-01'::timestamptz AS timestamptz_gt;
SELECT count(*) AS evil_count, count(id) AS evil_count_of_ids FROM taskdb.tasks;
SELECT u FROM unnest(ARRAY[1, 2, 3]) AS u;
SELECT pg_catalog.count(*) AS unqualified_tasks_is_evil FROM tasks;

--
-- Projects
--
SELECT id, name FROM taskdb.create_project('home');
SELECT id, name FROM taskdb.raw_create_project('work');
SELECT id, name FROM taskdb.get_project(1);
SELECT id, name FROM taskdb.raw_get_project(2);
SELECT id, name FROM taskdb.list_projects();
SELECT id, name FROM taskdb.list_projects(after_id => 1, lim => 1);

--
-- Creating and reading tasks
--
SELECT id, title, done, project_id, version FROM taskdb.create_task('a');
SELECT id, title, done, project_id, version FROM taskdb.create_task('b', 1);
SELECT id, title, done, project_id, version FROM taskdb.raw_create_task('c', 2);
SELECT id, title, done, project_id, version FROM taskdb.create_tasks(ARRAY['d', 'e', 'f']);
SELECT id, title, done, project_id, version FROM taskdb.raw_create_tasks(ARRAY['g', 'h'], 1);
SELECT id, title FROM taskdb.get_task(3);
SELECT id, title FROM taskdb.raw_get_task(4);
SELECT id, title FROM taskdb.get_tasks(ARRAY[9, 3, 3, NULL, 6]::bigint[]);
SELECT id, title FROM taskdb.list_tasks();
SELECT id, title FROM taskdb.list_tasks(done => false, lim => 3);
SELECT id, title FROM taskdb.raw_list_tasks(after_id => 4, lim => 2);
SELECT id, title FROM taskdb.list_tasks(project_id => 1);
SELECT id, title FROM taskdb.list_tasks(done => false, after_id => 3, project_id => 1);

--
-- Updating: keep, set and clear the project, the version check
--
SELECT id, title, done, project_id, version FROM taskdb.update_task(2, done => true);
SELECT id, title, done, project_id, version FROM taskdb.update_task(3, 'b renamed');
SELECT id, title, done, project_id, version FROM taskdb.raw_update_task(4, project_id => 1);
SELECT id, title, done, project_id, version FROM taskdb.update_task(8, clear_project => true);
SELECT id, title, done, project_id, version FROM taskdb.update_task(9, done => true, expected_version => 1);
SELECT taskdb.update_task(9, 'lost', expected_version => 1);
SELECT taskdb.update_task(1, project_id => 999999);
SELECT taskdb.update_task(999999, 'x');
SELECT id, title, done, project_id, version FROM taskdb.list_tasks(done => true);
SELECT id, title, done, project_id, version FROM taskdb.list_tasks(project_id => 1);
SELECT id, title, done, project_id, version FROM taskdb.list_tasks(done => false, project_id => 1);

--
-- Deleting
--
SELECT id, title FROM taskdb.delete_task(7);
SELECT taskdb.raw_delete_task(7);
SELECT id, name FROM taskdb.delete_project(1);
SELECT id, name FROM taskdb.delete_project(2);
SELECT id, name FROM taskdb.raw_delete_project(1, true);

--
-- The builder path: the contract, find_tasks with every key, the report
--
SELECT id, name FROM taskdb.builder_create_project('builder home');
SELECT id, name FROM taskdb.builder_get_project(3);
SELECT id, name FROM taskdb.builder_list_projects(after_id => 2, lim => 5);
SELECT id, title, done, project_id, version FROM taskdb.builder_create_task('bx', 3);
SELECT id, title, done, project_id, version FROM taskdb.builder_create_task('by');
SELECT id, title, done, project_id, version FROM taskdb.builder_create_tasks(ARRAY['bz1', 'bz2'], 3);
SELECT taskdb.builder_create_task('orphan', 999999);
SELECT taskdb.builder_create_tasks(ARRAY['orphan'], 999999);
SELECT id, title FROM taskdb.builder_get_task(10);
SELECT id, title FROM taskdb.builder_get_tasks(ARRAY[13, 10, 10, NULL]::bigint[]);
SELECT id, title FROM taskdb.builder_list_tasks(after_id => 9, lim => 3);
SELECT id, title FROM taskdb.builder_list_tasks(done => false, project_id => 3);
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(11, 'by renamed');
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(11, done => true, expected_version => 2);
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(11, project_id => 3);
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(12, clear_project => true);
SELECT id, title, done, project_id, version FROM taskdb.builder_update_task(12);
SELECT taskdb.builder_update_task(11, 'stale', expected_version => 1);
SELECT taskdb.builder_update_task(11, project_id => 999999);
SELECT taskdb.builder_update_task(999999, 'x');
-- find_tasks and find_tasks_sql with every key
SELECT id, title FROM taskdb.find_tasks('{"done": true}');
SELECT id, title FROM taskdb.find_tasks('{"project_id": 3}');
SELECT id, title FROM taskdb.find_tasks('{"project_id": [3, 999999]}');
SELECT id, title FROM taskdb.find_tasks('{"project_id": null}');
SELECT id, title FROM taskdb.find_tasks('{"title_contains": "Z"}');
SELECT id, title FROM taskdb.find_tasks('{"title_prefix": "bz"}');
SELECT pg_catalog.count(*) AS all_after_2000 FROM taskdb.find_tasks('{"created_after": "2000-01-01T00:00:00Z"}');
SELECT pg_catalog.count(*) AS none_before_2000 FROM taskdb.find_tasks('{"created_before": "2000-01-01T00:00:00Z"}');
SELECT id, title FROM taskdb.find_tasks('{"ids": [13, 10, 999999]}');
SELECT id, title FROM taskdb.find_tasks('{"order": "-id", "limit": 3}');
SELECT id, title FROM taskdb.find_tasks('{"order": "title", "limit": 3}');
SELECT id, title FROM taskdb.find_tasks('{"order": "-title", "limit": 2}');
SELECT id, title FROM taskdb.find_tasks('{"order": "created_at", "ids": [10, 11, 12]}');
SELECT id, title FROM taskdb.find_tasks('{"order": "-created_at", "ids": [10, 11, 12]}');
SELECT id, title FROM taskdb.find_tasks('{"after": 10, "limit": 2}');
SELECT id, title FROM taskdb.find_tasks('{"order": "title", "after": 11, "limit": 2}');
SELECT id, title FROM taskdb.find_tasks('{"done": false, "project_id": 3, "title_prefix": "b", "title_contains": "x", "created_after": "2000-01-01T00:00:00Z", "created_before": "2100-01-01T00:00:00Z", "ids": [10, 12, 13], "order": "-id", "after": 999999, "limit": 5}');
SELECT sql, params FROM taskdb.find_tasks_sql('{"title_contains": "Z", "done": false}');
SELECT project_id, name, total, done, open FROM taskdb.project_report('{}');
SELECT project_id, name, total, done, open FROM taskdb.project_report('{"project_id": [3], "done": false, "title_contains": "b"}');
SELECT project_id, total FROM taskdb.project_report('{"project_id": 3, "ids": [10, 11], "title_prefix": "b", "created_after": "2000-01-01T00:00:00Z", "created_before": "2100-01-01T00:00:00Z"}');
SELECT id, title FROM taskdb.builder_delete_task(13);
SELECT taskdb.builder_delete_task(13);
SELECT taskdb.builder_delete_project(3);
SELECT id, name FROM taskdb.builder_delete_project(3, cascade => true);
SELECT taskdb.builder_delete_project(3);

--
-- The orm path: the contract and the domain operations
--
SELECT id, name FROM taskdb.orm_create_project('orm home');
SELECT id, name FROM taskdb.orm_get_project(4);
SELECT id, name FROM taskdb.orm_list_projects(after_id => 3, lim => 1);
SELECT id, title, done, project_id, version FROM taskdb.orm_create_task('ox', 4);
SELECT id, title, done, project_id, version FROM taskdb.orm_create_tasks(ARRAY['oy', 'oz'], 4);
SELECT taskdb.orm_create_task('orphan', 999999);
SELECT id, title FROM taskdb.orm_get_task(14);
SELECT id, title FROM taskdb.orm_get_tasks(ARRAY[16, 14, 14, NULL]::bigint[]);
SELECT id, title FROM taskdb.orm_list_tasks(project_id => 4, lim => 2);
SELECT id, title FROM taskdb.orm_list_tasks(done => false, after_id => 14, project_id => 4);
SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(15, 'oy renamed', expected_version => 1);
SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(15, clear_project => true);
SELECT id, title, done, project_id, version FROM taskdb.orm_update_task(15, project_id => 4);
SELECT taskdb.orm_update_task(15, 'stale', expected_version => 1);
SELECT taskdb.orm_update_task(15, project_id => 999999);
-- project_tree with each load
SELECT jsonb_path_query_array(taskdb.project_tree(4, 'lazy'), '$[*].tasks[*].title') AS lazy;
SELECT jsonb_path_query_array(taskdb.project_tree(4, 'selectin'), '$[*].tasks[*].title') AS selectin;
SELECT jsonb_path_query_array(taskdb.project_tree(4, 'joined'), '$[*].tasks[*].title') AS joined;
SELECT taskdb.project_tree(4, 'raise');
SELECT jsonb_path_query_array(taskdb.project_tree(NULL, 'joined'), '$[*].id') AS every_project;
SELECT taskdb.project_tree(999999, 'selectin');
-- complete_project and move_tasks
SELECT taskdb.complete_project(4) AS completed;
SELECT taskdb.complete_project(4) AS completed_again;
SELECT taskdb.move_tasks(ARRAY[14, 15]::bigint[], NULL) AS moved_out;
SELECT taskdb.move_tasks(ARRAY[14, 999999]::bigint[], 4);
SELECT taskdb.move_tasks(ARRAY[14]::bigint[], 999999);
SELECT taskdb.move_tasks(ARRAY[14, 15]::bigint[], 4) AS moved_back;
SELECT id, title, done, project_id, version FROM taskdb.orm_list_tasks(after_id => 13);
SELECT id, title FROM taskdb.orm_delete_task(16);
SELECT taskdb.orm_delete_task(16);
SELECT taskdb.orm_delete_project(4);
SELECT id, name FROM taskdb.orm_delete_project(4, true);

--
-- The model path
--
SELECT pg_temp.project_fields(taskdb.model_create_project('{"name": "model home"}')) AS project;
SELECT pg_temp.project_fields(taskdb.model_get_project(5)) AS project;
SELECT pg_temp.project_fields(taskdb.model_update_project(5, '{"name": "model house"}')) AS project;
SELECT jsonb_path_query_array(taskdb.model_list_projects('{"after": 4, "limit": 5}'), '$[*].name') AS projects;
SELECT pg_temp.task_fields(taskdb.model_create_task('{"title": "mx", "project_id": 5}')) AS task;
SELECT pg_temp.task_fields(taskdb.model_create_task('{"title": "my", "done": true}')) AS task;
SELECT taskdb.model_create_task('{"title": "orphan", "project_id": 999999}');
SELECT taskdb.model_create_task('{"title": "", "colour": "red"}');
SELECT pg_temp.task_fields(taskdb.model_get_task(17)) AS task;
SELECT taskdb.model_get_task(999999) IS NULL AS missing;
SELECT jsonb_path_query_array(taskdb.model_list_tasks('{"title_prefix": "m", "order": "-id"}'), '$[*].title') AS titles;
SELECT jsonb_path_query_array(taskdb.model_list_tasks('{"done": true, "project_id": null, "ids": [18], "title_contains": "Y", "created_after": "2000-01-01T00:00:00Z", "created_before": "2100-01-01T00:00:00Z", "after": 17, "limit": 1, "order": "id"}'), '$[*].title') AS titles;
SELECT pg_temp.task_fields(taskdb.model_update_task(17, '{"title": "mx renamed", "done": true, "version": 1}')) AS task;
SELECT pg_temp.task_fields(taskdb.model_update_task(17, '{"project_id": null}')) AS task;
SELECT taskdb.model_update_task(17, '{"title": "stale", "version": 1}');
SELECT taskdb.model_update_task(17, '{"project_id": 999999}');
SELECT taskdb.model_validate('TaskCreate', '{"title": "ok"}') AS errors;
SELECT taskdb.model_validate_json('TaskCreate', '{"title": 1}') AS errors;
SELECT taskdb.model_schema('ProjectCreate') -> 'required' AS required;
SELECT pg_temp.task_fields(taskdb.model_delete_task(18)) AS task;
SELECT taskdb.model_delete_task(18);
SELECT pg_temp.task_fields(taskdb.model_update_task(17, '{"project_id": 5}')) AS task;
SELECT taskdb.model_delete_project(5);
SELECT pg_temp.project_fields(taskdb.model_delete_project(5, true)) AS project;
SELECT taskdb.model_get_project(5) IS NULL AS gone;

--
-- Every call above was counted on its own path (the comparisons here are
-- written OPERATOR(pg_catalog.>): a plain > would be evil's)
--
SELECT path, calls OPERATOR(pg_catalog.>) 0 AS called,
       statements OPERATOR(pg_catalog.>) 0 AS sent,
       calls > 0 AS evil_gt
FROM taskdb.path_stats;

--
-- Migrations: the schema matches, the status is as usual
--
SELECT * FROM taskdb.schema_drift();
SELECT installed_version OPERATOR(pg_catalog.=) default_version AS installed_is_default,
       library_version OPERATOR(pg_catalog.=) default_version AS library_is_default,
       pending_path, drift_count
FROM taskdb.migration_status();
SELECT pg_catalog.count(*) OPERATOR(pg_catalog.=) :described AS described_all FROM taskdb.schema_description();
SELECT taskdb.library_version() OPERATOR(pg_catalog.=)
       (SELECT a.default_version FROM pg_catalog.pg_available_extensions a
        WHERE a.name OPERATOR(pg_catalog.=) 'taskdb') AS library_is_default;

--
-- Back to the ordinary search_path: taskdb's tables hold exactly what the
-- calls above did, and the evil tables are empty.
--
RESET search_path;
SELECT id, title, done, project_id, version FROM taskdb.tasks ORDER BY id;
SELECT id, name FROM taskdb.projects ORDER BY id;
SELECT (SELECT count(*) FROM evil.tasks) AS evil_tasks,
       (SELECT count(*) FROM evil.projects) AS evil_projects;
-- and the trap was in place until the end
SELECT count(*) AS evil_operators FROM pg_operator WHERE oprnamespace = 'evil'::regnamespace;

SET client_min_messages = warning;
DROP SCHEMA evil CASCADE;
RESET client_min_messages;
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
