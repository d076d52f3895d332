-- Behaviour at version 1.6 that belongs to no access path:
-- the migration helpers, the row-version trigger, and the views.  The CRUD
-- behaviour of each path is test/contract's business.
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off
\ir ../description.sql
\ir ../described.sql

BEGIN;
SELECT plan(50);

--------------------------------------------------------------------------
-- migration helpers
--------------------------------------------------------------------------
SELECT ok(string_to_array(taskdb.library_version(), '.')::int[] >= '{1,7}',
          'library_version() is 1.7 or newer');
SELECT results_eq(
    $$SELECT installed_version, default_version, library_version, pending_path, drift_count
      FROM taskdb.migration_status()$$,
    $$SELECT a.default_version::text, a.default_version::text, taskdb.library_version(), NULL::text, 0::bigint
      FROM pg_available_extensions a WHERE a.name = 'taskdb'$$,
    'migration_status(): installed the default version, which is the library version, nothing pending, no drift');
SELECT is((SELECT default_version::text FROM pg_available_extensions WHERE name = 'taskdb'),
          taskdb.library_version(),
          'the default version of taskdb is the library''s version');
SELECT is_empty('SELECT * FROM taskdb.schema_drift()', 'schema_drift() finds no drift');
-- its columns are the description's, every version's, each with its
-- definition as schema_drift() compares it with the catalog
SELECT results_eq(
    $$SELECT table_name, name, definition, since FROM taskdb.schema_description()
      WHERE kind = 'column' ORDER BY table_name, since, name$$,
    $$SELECT table_name, name, definition, since FROM described_schema ORDER BY table_name, since, name$$,
    'schema_description() describes the columns of both tables as the description does, with the version of each');
SELECT results_eq(
    $$SELECT table_name, kind, name, definition, since FROM taskdb.schema_description()
      WHERE kind <> 'column'$$,
    $$VALUES
      ('projects'::text, 'primary key'::text, 'id'::text, '(id)'::text, '1.1'::text),
      ('tasks', 'primary key', 'id', '(id)', '1.0'),
      ('tasks', 'foreign key', 'project_id', '(project_id) references taskdb.projects(id)', '1.1')$$,
    'schema_description() describes the keys of both tables, with the version of each');
SELECT is((SELECT count(*) FROM taskdb.schema_description()),
          (SELECT count(*) + 3 FROM description_columns),
          'schema_description() describes the columns and the three keys, and nothing else');

-- drift is found (the change is rolled back with the transaction)
ALTER TABLE taskdb.tasks ALTER COLUMN done DROP DEFAULT;
SELECT results_eq('SELECT * FROM taskdb.schema_drift()',
                  $$VALUES ('column taskdb.tasks.done'::text, 'boolean not null default false'::text,
                            'boolean not null'::text)$$,
                  'schema_drift() reports a dropped default');
SELECT is((SELECT drift_count FROM taskdb.migration_status()), 1::bigint,
          'migration_status() counts the drift');
ALTER TABLE taskdb.tasks ALTER COLUMN done SET DEFAULT false;
ALTER TABLE taskdb.projects ADD COLUMN extra integer;
SELECT results_eq('SELECT * FROM taskdb.schema_drift()',
                  $$VALUES ('column taskdb.projects.extra'::text, 'absent'::text, 'integer'::text)$$,
                  'schema_drift() reports a column the description lacks');
ALTER TABLE taskdb.projects DROP COLUMN extra;
SELECT is_empty('SELECT * FROM taskdb.schema_drift()', 'schema_drift() is empty again once repaired');

--------------------------------------------------------------------------
-- the row-version trigger
--------------------------------------------------------------------------
INSERT INTO taskdb.tasks (title) VALUES ('a'), ('b'), ('c');
SELECT results_eq($$SELECT version FROM taskdb.tasks WHERE title IN ('a', 'b', 'c') ORDER BY title$$,
                  'VALUES (1), (1), (1)', 'a plain INSERT starts at version 1');
SELECT lives_ok($$INSERT INTO taskdb.tasks (title, version) VALUES ('d', 42)$$,
                'an INSERT may give a version (the trigger fires on UPDATE only)');
SELECT is((SELECT version FROM taskdb.tasks WHERE title = 'd'), 42, 'the version given on INSERT is kept');
UPDATE taskdb.tasks SET done = true WHERE title IN ('a', 'b');
SELECT results_eq($$SELECT title::text, version FROM taskdb.tasks WHERE title IN ('a', 'b', 'c') ORDER BY title$$,
                  $$VALUES ('a'::text, 2), ('b', 2), ('c', 1)$$,
                  'an UPDATE of several rows bumps each updated row once, and no other');
UPDATE taskdb.tasks SET version = 1000, done = NOT done WHERE title = 'a';
SELECT is((SELECT version FROM taskdb.tasks WHERE title = 'a'), 3, 'an UPDATE cannot set the version');
UPDATE taskdb.tasks SET version = version - 1, done = NOT done WHERE title = 'a';
SELECT is((SELECT version FROM taskdb.tasks WHERE title = 'a'), 4, 'an UPDATE cannot lower the version');
UPDATE taskdb.tasks SET title = title WHERE title = 'a';
SELECT is((SELECT version FROM taskdb.tasks WHERE title = 'a'), 4, 'an UPDATE that changes nothing keeps the version');
UPDATE taskdb.tasks SET version = 1000 WHERE title = 'a';
SELECT is((SELECT version FROM taskdb.tasks WHERE title = 'a'), 4, 'an UPDATE of the version alone keeps it');
UPDATE taskdb.tasks SET done = NOT done WHERE title = 'a';
UPDATE taskdb.tasks SET done = NOT done WHERE title = 'a';
SELECT is((SELECT version FROM taskdb.tasks WHERE title = 'a'), 6, 'each of several UPDATEs in a transaction bumps');
UPDATE taskdb.tasks SET version = NULL WHERE title = 'a';
SELECT is((SELECT version FROM taskdb.tasks WHERE title = 'a'), 6, 'SET version = NULL alone keeps the version');
INSERT INTO taskdb.tasks (title, done) VALUES ('same-x', true), ('same-y', false);
UPDATE taskdb.tasks SET done = true WHERE title IN ('same-x', 'same-y');
SELECT results_eq($$SELECT title::text, version FROM taskdb.tasks WHERE title LIKE 'same-_' ORDER BY title$$,
                  $$VALUES ('same-x'::text, 1), ('same-y', 2)$$,
                  'one UPDATE of two rows keeps the version of the row it does not change and bumps the other');
INSERT INTO taskdb.projects (name) VALUES ('trigger project');
UPDATE taskdb.tasks SET project_id = (SELECT max(id) FROM taskdb.projects) WHERE title = 'same-x';
UPDATE taskdb.tasks SET title = 'same-x', done = true, project_id = project_id WHERE title = 'same-x';
SELECT is((SELECT version FROM taskdb.tasks WHERE title = 'same-x'), 2,
          'a change of project_id bumps the version; setting every column to its value keeps it');
INSERT INTO taskdb.tasks (title, version) VALUES ('top', 2147483647);
SELECT throws_ok($$UPDATE taskdb.tasks SET done = true WHERE title = 'top'$$,
                 '22003', 'row version of relation "tasks" is out of range',
                 'bumping the largest version raises 22003');

-- the trigger function refuses to run anywhere else
SELECT throws_ok('SELECT taskdb.bump_version()', '39P01',
                 'taskdb_bump_version() was not called by the trigger manager',
                 'bump_version() called directly raises 39P01');
CREATE TEMP TABLE versioned (id int, version integer);
CREATE TRIGGER wrong_event BEFORE INSERT ON versioned
    FOR EACH ROW EXECUTE FUNCTION taskdb.bump_version();
SELECT throws_ok('INSERT INTO versioned VALUES (1, 1)', '39P01',
                 'taskdb_bump_version() must be fired BEFORE UPDATE FOR EACH ROW',
                 'bump_version() fired BEFORE INSERT raises 39P01');
DROP TRIGGER wrong_event ON versioned;
CREATE TRIGGER wrong_timing AFTER UPDATE ON versioned
    FOR EACH ROW EXECUTE FUNCTION taskdb.bump_version();
INSERT INTO versioned VALUES (1, 1);
SELECT throws_ok('UPDATE versioned SET id = 2', '39P01',
                 'taskdb_bump_version() must be fired BEFORE UPDATE FOR EACH ROW',
                 'bump_version() fired AFTER UPDATE raises 39P01');
DROP TRIGGER wrong_timing ON versioned;
CREATE TRIGGER wrong_level BEFORE UPDATE ON versioned
    FOR EACH STATEMENT EXECUTE FUNCTION taskdb.bump_version();
SELECT throws_ok('UPDATE versioned SET id = 2', '39P01',
                 'taskdb_bump_version() must be fired BEFORE UPDATE FOR EACH ROW',
                 'bump_version() fired FOR EACH STATEMENT raises 39P01');
DROP TRIGGER wrong_level ON versioned;
CREATE TRIGGER bump BEFORE UPDATE ON versioned
    FOR EACH ROW EXECUTE FUNCTION taskdb.bump_version();
UPDATE versioned SET id = 3;
SELECT is((SELECT version FROM versioned), 2, 'bump_version() works on any table with an integer version');
DELETE FROM versioned;
INSERT INTO versioned VALUES (1, NULL);
UPDATE versioned SET id = 2;
SELECT is((SELECT version FROM versioned), 1, 'an UPDATE of a NULL version makes it 1');
CREATE TEMP TABLE unversioned (id int, version bigint);
CREATE TRIGGER bump BEFORE UPDATE ON unversioned
    FOR EACH ROW EXECUTE FUNCTION taskdb.bump_version();
INSERT INTO unversioned VALUES (1, 1);
SELECT throws_ok('UPDATE unversioned SET id = 2', '42703',
                 'relation "unversioned" has no integer column "version"',
                 'bump_version() on a table whose version is not integer raises 42703');

--------------------------------------------------------------------------
-- a C function bound with an argument count the library does not know
-- (a library older than the SQL, or a hand-made binding) is refused
--------------------------------------------------------------------------
CREATE FUNCTION pg_temp.bad_create_task(text, bigint, integer) RETURNS taskdb.tasks
    AS '$libdir/taskdb', 'raw_create_task' LANGUAGE C;
CREATE FUNCTION pg_temp.bad_create_tasks(text[], bigint, integer) RETURNS SETOF taskdb.tasks
    AS '$libdir/taskdb', 'raw_create_tasks' LANGUAGE C;
CREATE FUNCTION pg_temp.bad_list_tasks(boolean, bigint) RETURNS SETOF taskdb.tasks
    AS '$libdir/taskdb', 'raw_list_tasks' LANGUAGE C;
CREATE FUNCTION pg_temp.bad_update_task(bigint, text, boolean, bigint) RETURNS taskdb.tasks
    AS '$libdir/taskdb', 'raw_update_task' LANGUAGE C;
-- 1.6 appended several arguments at once: a count between 1.5's and 1.6's
-- belongs to no version
CREATE FUNCTION pg_temp.bad16_list_tasks(boolean, bigint, integer, bigint, smallint, timestamptz, timestamptz, boolean)
    RETURNS SETOF taskdb.tasks AS '$libdir/taskdb', 'raw_list_tasks' LANGUAGE C;
CREATE FUNCTION pg_temp.bad16_update_task(bigint, text, boolean, bigint, boolean, integer, timestamptz, boolean)
    RETURNS taskdb.tasks AS '$libdir/taskdb', 'raw_update_task' LANGUAGE C;
SELECT throws_ok($$SELECT pg_temp.bad_create_task('x', NULL, 1)$$, '0A000',
                 format('taskdb library %s does not support create_task with 3 arguments', taskdb.library_version()),
                 'create_task with 3 arguments raises 0A000');
SELECT throws_ok($$SELECT * FROM pg_temp.bad_create_tasks('{x}', NULL, 1)$$, '0A000',
                 format('taskdb library %s does not support create_tasks with 3 arguments', taskdb.library_version()),
                 'create_tasks with 3 arguments raises 0A000');
SELECT throws_ok($$SELECT * FROM pg_temp.bad_list_tasks(NULL, NULL)$$, '0A000',
                 format('taskdb library %s does not support list_tasks with 2 arguments', taskdb.library_version()),
                 'list_tasks with 2 arguments raises 0A000');
SELECT throws_ok($$SELECT pg_temp.bad_update_task(1, 'x', NULL, NULL)$$, '0A000',
                 format('taskdb library %s does not support update_task with 4 arguments', taskdb.library_version()),
                 'update_task with 4 arguments raises 0A000');
SELECT throws_ok($$SELECT * FROM pg_temp.bad16_list_tasks(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)$$, '0A000',
                 format('taskdb library %s does not support list_tasks with 8 arguments', taskdb.library_version()),
                 'list_tasks with 8 arguments (1.6''s without order_by) raises 0A000');
SELECT throws_ok($$SELECT pg_temp.bad16_update_task(1, 'x', NULL, NULL, false, NULL, NULL, false)$$, '0A000',
                 format('taskdb library %s does not support update_task with 8 arguments', taskdb.library_version()),
                 'update_task with 8 arguments (1.6''s without priority) raises 0A000');
-- the builder and orm paths share the check
CREATE FUNCTION pg_temp.bad_builder_update_task(bigint, text, boolean, bigint) RETURNS taskdb.tasks
    AS '$libdir/taskdb', 'builder_update_task' LANGUAGE C;
CREATE FUNCTION pg_temp.bad_orm_create_task(text, bigint, integer) RETURNS taskdb.tasks
    AS '$libdir/taskdb', 'orm_create_task' LANGUAGE C;
CREATE FUNCTION pg_temp.bad_orm_list_tasks(boolean, bigint) RETURNS SETOF taskdb.tasks
    AS '$libdir/taskdb', 'orm_list_tasks' LANGUAGE C;
SELECT throws_ok($$SELECT pg_temp.bad_builder_update_task(1, 'x', NULL, NULL)$$, '0A000',
                 format('taskdb library %s does not support update_task with 4 arguments', taskdb.library_version()),
                 'builder_update_task with 4 arguments raises 0A000');
SELECT throws_ok($$SELECT pg_temp.bad_orm_create_task('x', NULL, 1)$$, '0A000',
                 format('taskdb library %s does not support create_task with 3 arguments', taskdb.library_version()),
                 'orm_create_task with 3 arguments raises 0A000');
SELECT throws_ok($$SELECT * FROM pg_temp.bad_orm_list_tasks(NULL, NULL)$$, '0A000',
                 format('taskdb library %s does not support list_tasks with 2 arguments', taskdb.library_version()),
                 'orm_list_tasks with 2 arguments raises 0A000');

--------------------------------------------------------------------------
-- the views
--------------------------------------------------------------------------
DELETE FROM taskdb.tasks;
DELETE FROM taskdb.projects;
INSERT INTO taskdb.projects (id, name) OVERRIDING SYSTEM VALUE
VALUES (900001, 'Home'), (900002, 'Work'), (900003, 'Empty');
-- due_at and priority (1.6): dishes is overdue (due yesterday, open),
-- laundry and report are past due but done, loose is overdue in no project
INSERT INTO taskdb.tasks (id, title, done, project_id, due_at, priority) OVERRIDING SYSTEM VALUE
VALUES (800001, 'dishes', false, 900001, now() - interval '1 day', 2),
       (800002, 'laundry', true, 900001, now() - interval '1 day', 0),
       (800003, 'report', true, 900002, now() - interval '2 days', 3),
       (800004, 'loose', false, NULL, now() - interval '1 hour', 1);
UPDATE taskdb.tasks SET title = 'the report' WHERE id = 800003;
SELECT results_eq(
    'SELECT id, title::text, done, project_id, project_name::text, version FROM taskdb.task_list ORDER BY id',
    $$VALUES (800001::bigint, 'dishes'::text, false, 900001::bigint, 'Home'::text, 1),
             (800002, 'laundry', true, 900001, 'Home', 1),
             (800003, 'the report', true, 900002, 'Work', 2),
             (800004, 'loose', false, NULL, NULL, 1)$$,
    'task_list shows every task with its project name and version');
SELECT results_eq(
    'SELECT created_at FROM taskdb.task_list ORDER BY id',
    'SELECT created_at FROM taskdb.tasks ORDER BY id',
    'task_list shows created_at');
SELECT results_eq(
    'SELECT id, name::text, total, done, open FROM taskdb.project_summary ORDER BY id',
    $$VALUES (900001::bigint, 'Home'::text, 2::bigint, 1::bigint, 1::bigint),
             (900002, 'Work', 1, 1, 0),
             (900003, 'Empty', 0, 0, 0)$$,
    'project_summary counts the total, done and open tasks of every project, empty ones too');
SELECT is((SELECT count(*) FROM taskdb.project_summary), (SELECT count(*) FROM taskdb.projects),
          'project_summary has one row per project');
SELECT ok(NOT EXISTS (SELECT FROM taskdb.project_summary WHERE total <> done + open),
          'project_summary: total = done + open');

-- the views' 1.6 columns
SELECT results_eq(
    'SELECT id, due_at, priority FROM taskdb.task_list ORDER BY id',
    $$VALUES (800001::bigint, now() - interval '1 day', 2::smallint),
             (800002, now() - interval '1 day', 0::smallint),
             (800003, now() - interval '2 days', 3::smallint),
             (800004, now() - interval '1 hour', 1::smallint)$$,
    'task_list shows due_at and priority');
SELECT results_eq(
    'SELECT id, overdue FROM taskdb.project_summary ORDER BY id',
    $$VALUES (900001::bigint, 1::bigint), (900002, 0), (900003, 0)$$,
    'project_summary counts the overdue tasks: open and due before now, not done ones');
-- open tasks due now, later or never are not overdue
INSERT INTO taskdb.tasks (id, title, done, project_id, due_at) OVERRIDING SYSTEM VALUE
VALUES (800005, 'due now', false, 900002, now()),
       (800006, 'due tomorrow', false, 900002, now() + interval '1 day'),
       (800007, 'someday', false, 900002, NULL),
       (800008, 'late', false, 900002, now() - interval '1 second');
SELECT results_eq(
    'SELECT id, total, open, overdue FROM taskdb.project_summary ORDER BY id',
    $$VALUES (900001::bigint, 2::bigint, 1::bigint, 1::bigint),
             (900002, 5, 4, 1),
             (900003, 0, 0, 0)$$,
    'project_summary: an open task due now, tomorrow or never is not overdue; one due a second ago is');
SELECT is((SELECT priority FROM taskdb.task_list WHERE id = 800005), 0::smallint,
          'task_list shows the default priority 0');
SELECT ok(NOT EXISTS (SELECT FROM taskdb.project_summary WHERE overdue > open),
          'project_summary: overdue <= open');

SELECT * FROM finish();
ROLLBACK;
