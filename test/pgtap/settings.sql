-- The settings of taskdb: taskdb.echo and taskdb.allow_data_loss exist
-- once the library is loaded by a call to one of its functions, are
-- booleans any user may set, and default to off.  settings_load.sql checks
-- the same after an explicit LOAD.
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SELECT plan(9);

-- this call loads the library into the backend
SELECT ok(taskdb.library_version() IS NOT NULL, 'calling a taskdb function loads the library');

SELECT is(current_setting('taskdb.echo'), 'off', 'taskdb.echo defaults to off');
SELECT is(current_setting('taskdb.allow_data_loss'), 'off', 'taskdb.allow_data_loss defaults to off');
SELECT results_eq(
    $$SELECT name, vartype, context, boot_val, reset_val, source FROM pg_settings
      WHERE name LIKE 'taskdb.%' ORDER BY name$$,
    $$VALUES ('taskdb.allow_data_loss'::text, 'bool'::text, 'user'::text, 'off'::text, 'off'::text, 'default'::text),
             ('taskdb.echo', 'bool', 'user', 'off', 'off', 'default')$$,
    'taskdb has exactly two settings: booleans, settable by any user, off by default');

SELECT lives_ok($$SET LOCAL taskdb.echo = on$$, 'taskdb.echo can be set');
SELECT is(current_setting('taskdb.echo'), 'on', 'taskdb.echo is on once set');
SELECT lives_ok($$SET LOCAL taskdb.allow_data_loss = on$$, 'taskdb.allow_data_loss can be set');
SELECT throws_ok($$SET LOCAL taskdb.echo = 'maybe'$$, '22023',
                 'parameter "taskdb.echo" requires a Boolean value',
                 'taskdb.echo takes only booleans');
SELECT throws_ok($$SET LOCAL taskdb.no_such_setting = on$$, '42602',
                 'invalid configuration parameter name "taskdb.no_such_setting"',
                 'the prefix taskdb is reserved: an unknown taskdb.* setting is an error');

SELECT * FROM finish();
ROLLBACK;
