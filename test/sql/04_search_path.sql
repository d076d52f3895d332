--
-- 04_search_path: a hostile schema placed before pg_catalog on search_path
-- changes nothing.  Schema evil holds tables named like taskdb's, and
-- comparison operators, unnest and count that all give wrong answers.
-- Every taskdb function still reads and writes taskdb's own tables with the
-- real operators, and the evil tables stay empty.
--
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY;

-- The trap: tables with the same columns ...
CREATE SCHEMA evil;
CREATE TABLE evil.projects (LIKE taskdb.projects INCLUDING DEFAULTS INCLUDING IDENTITY);
CREATE TABLE evil.tasks (LIKE taskdb.tasks INCLUDING DEFAULTS INCLUDING IDENTITY);
-- ... =, <>, <, <=, > and >= answering false for every pair of types the
-- statements compare ...
DO $$
DECLARE
    pair text[];
    fn text;
    op text;
BEGIN
    FOREACH pair SLICE 1 IN ARRAY ARRAY[['bigint', 'bigint'], ['integer', 'integer'],
                                      ['boolean', 'boolean'], ['text', 'text'],
                                      ['bigint', 'integer'], ['integer', 'bigint']]
    LOOP
        fn := format('evil.never_%s_%s', pair[1], pair[2]);
        EXECUTE format('CREATE FUNCTION %s(%s, %s) RETURNS boolean'
                       ' LANGUAGE sql IMMUTABLE AS ''SELECT false''',
                       fn, pair[1], pair[2]);
        FOREACH op IN ARRAY ARRAY['=', '<>', '<', '<=', '>', '>=']
        LOOP
            EXECUTE format('CREATE OPERATOR evil.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = %s)',
                           op, pair[1], pair[2], fn);
        END LOOP;
    END LOOP;
END
$$;
-- ... an unnest that returns nothing and a count(*) that answers -42.
CREATE FUNCTION evil.unnest(anyarray) RETURNS SETOF anyelement
LANGUAGE plpgsql IMMUTABLE AS 'BEGIN RETURN; END';
CREATE FUNCTION evil.count_step(bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE AS 'SELECT $1';
CREATE AGGREGATE evil.count(*) (SFUNC = evil.count_step, STYPE = bigint, INITCOND = '-42');
SELECT count(*) AS evil_operators FROM pg_operator WHERE oprnamespace = 'evil'::regnamespace;

-- One call before the switch, so that some kept plans were made with the
-- ordinary search_path and must not be reused as they are.
SELECT id, title, version FROM taskdb.create_task('before the switch');

SET search_path = evil, pg_catalog, public;
SHOW search_path;

-- The trap works on plain SQL.
SELECT 1::bigint = 1::bigint AS bigint_eq, 1 >= 1 AS int_ge, true = true AS bool_eq,
       'a'::text = 'a' AS text_eq, 2::bigint > 1 AS mixed_gt;
SELECT count(*) AS evil_count FROM taskdb.tasks;
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
-- Migrations: the schema matches, the status is as usual
--
SELECT * FROM taskdb.schema_drift();
SELECT * FROM taskdb.migration_status();
SELECT pg_catalog.count(*) AS described FROM taskdb.schema_description();
SELECT taskdb.library_version();

--
-- Back to the ordinary search_path: taskdb's tables hold exactly what the
-- calls above did, and the evil tables are empty.
--
RESET search_path;
SELECT id, title, done, project_id, version FROM taskdb.tasks ORDER BY id;
SELECT id, name FROM taskdb.projects ORDER BY id;
SELECT (SELECT count(*) FROM evil.tasks) AS evil_tasks,
       (SELECT count(*) FROM evil.projects) AS evil_projects;

SET client_min_messages = warning;
DROP SCHEMA evil CASCADE;
RESET client_min_messages;
