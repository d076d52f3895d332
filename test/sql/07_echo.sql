--
-- 07_echo: with taskdb.echo on, each statement taskdb sends is reported as
-- a NOTICE, with its parameters in the DETAIL.  The taskdb. prefix is
-- reserved: an unknown taskdb setting is rejected.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
SELECT id, name FROM taskdb.create_project('echoed');

-- the setting exists, is off by default and any user may change it (every
-- setting of taskdb: test/pgtap/settings.sql)
SELECT name, setting, boot_val, context, vartype FROM pg_settings WHERE name = 'taskdb.echo';

SET taskdb.echo = on;
SHOW taskdb.echo;

-- a create: one INSERT with the title as $1
SELECT id, title FROM taskdb.create_task('echo me');
-- in a project: the project is $2
SELECT id, title, project_id FROM taskdb.raw_create_task('in a project', 1);
-- a bulk create loads by multi-insert, as COPY does (13_bulk shows when
-- it sends its INSERT statement instead)
SELECT id, title FROM taskdb.create_tasks(ARRAY['bulk 1', 'bulk ''quoted''']);
-- a get
SELECT id, title FROM taskdb.get_task(1);
-- a get of many: one statement with = ANY
SELECT id, title FROM taskdb.get_tasks(ARRAY[2, 1, NULL]::bigint[]);
-- a list: the keyset bound (with a cursor), the limit, then the filters
SELECT id, title FROM taskdb.list_tasks();
SELECT id, title FROM taskdb.list_tasks(done => false, after_id => 1, lim => 1);
SELECT id, title FROM taskdb.raw_list_tasks(NULL, NULL, 10, 1);
-- a failing call shows the statement it ran before the error
SELECT taskdb.create_task('orphan', 999999);
-- lim 0 sends nothing
SELECT count(*) FROM taskdb.list_tasks(lim => 0);
-- a delete
SELECT id, title FROM taskdb.delete_task(4);
-- the other paths report what they send the same way (09_builder shows
-- every builder statement): an orm get, a model get, which select every
-- column by name; test/regress/echo runs them in a session of its own and
-- shows that list as t.<columns> once it is the description's
\! "$PG_ABS_SRCDIR"/regress/echo "SELECT id, title FROM taskdb.orm_get_task(1);" "SELECT taskdb.model_get_task(2) ->> 'title' AS title;"

-- off again: no more notices
SET taskdb.echo = off;
SELECT id, title, version FROM taskdb.update_task(1, 'echoed');
SELECT id, title FROM taskdb.get_task(1);
SELECT count(*) FROM taskdb.list_tasks();

-- SET LOCAL: on for one transaction only
BEGIN;
SET LOCAL taskdb.echo = on;
SELECT count(*) FROM taskdb.get_task(2);
COMMIT;
SELECT count(*) FROM taskdb.get_task(2);
SHOW taskdb.echo;

--
-- The prefix is reserved once the library is loaded (it is: calls above
-- loaded it): an unknown taskdb setting is an error, and a wrong value of
-- a known one too.
--
SET taskdb.nonsense = 1;
\echo SQLSTATE :SQLSTATE
SET taskdb.nonsense TO DEFAULT;
\echo SQLSTATE :SQLSTATE
SELECT set_config('taskdb.nonsense', '1', false);
\echo SQLSTATE :SQLSTATE
SHOW taskdb.nonsense;
\echo SQLSTATE :SQLSTATE
SET taskdb.echo = 'loud';
\echo SQLSTATE :SQLSTATE
SET taskdb.lazy_load_warning = -1;
\echo SQLSTATE :SQLSTATE
SET taskdb.lazy_load_warning = 'many';
\echo SQLSTATE :SQLSTATE
-- other custom prefixes are still free
SET other.nonsense = 1;
SHOW other.nonsense;
RESET other.nonsense;

--
-- Before a session loads the library, PostgreSQL cannot know the prefix
-- is reserved and keeps taskdb settings as placeholders.  Loading the
-- library (the first taskdb call) takes over taskdb.echo and removes the
-- unknown one with a WARNING.
--
\c
SET taskdb.echo = on;
SET taskdb.nonsense = 1;
SELECT id, title FROM taskdb.get_task(1);
SHOW taskdb.nonsense;
\echo SQLSTATE :SQLSTATE
SET taskdb.nonsense = 1;
\echo SQLSTATE :SQLSTATE
RESET taskdb.echo;
SELECT id, title FROM taskdb.get_task(1);
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
