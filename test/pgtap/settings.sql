-- The settings of taskdb: taskdb.echo and taskdb.allow_data_loss (booleans,
-- off by default) and taskdb.lazy_load_warning (an integer from 0, 10 by
-- default) exist once the library is loaded by a call to one of its
-- functions; any user may set echo and lazy_load_warning, only a
-- superuser allow_data_loss (from 1.8's library); the prefix taskdb is
-- reserved.
-- settings_load.sql checks the same after an explicit LOAD.
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SELECT plan(20);

-- this call loads the library into the backend
SELECT ok(taskdb.library_version() IS NOT NULL, 'calling a taskdb function loads the library');

SELECT is(current_setting('taskdb.echo'), 'off', 'taskdb.echo defaults to off');
SELECT is(current_setting('taskdb.allow_data_loss'), 'off', 'taskdb.allow_data_loss defaults to off');
SELECT is(current_setting('taskdb.lazy_load_warning'), '10', 'taskdb.lazy_load_warning defaults to 10');
SELECT results_eq(
    $$SELECT name, vartype, context, boot_val, reset_val, source, min_val, max_val FROM pg_settings
      WHERE name LIKE 'taskdb.%' ORDER BY name$$,
    $$VALUES ('taskdb.allow_data_loss'::text, 'bool'::text, 'superuser'::text, 'off'::text, 'off'::text, 'default'::text,
              NULL::text, NULL::text),
             ('taskdb.echo', 'bool', 'user', 'off', 'off', 'default', NULL, NULL),
             ('taskdb.lazy_load_warning', 'integer', 'user', '10', '10', 'default', '0', '2147483647'),
             ('taskdb.max_offset', 'integer', 'user', '10000', '10000', 'default', '0', '2147483647'),
             ('taskdb.statement_cache_size', 'integer', 'superuser', '100', '100', 'default', '0', '10000'),
             ('taskdb.stats_scope', 'string', 'internal', 'backend', 'backend', 'default', NULL, NULL)$$,
    'taskdb has exactly six settings: three any user may set (a boolean off by default, integers 0.. with defaults 10 and 10000), two only a superuser may set (allow_data_loss, a boolean off by default; statement_cache_size, 0 to 10000, 100 by default), and stats_scope, read only, backend when taskdb is not preloaded');

SELECT lives_ok($$SET LOCAL taskdb.echo = on$$, 'taskdb.echo can be set');
SELECT is(current_setting('taskdb.echo'), 'on', 'taskdb.echo is on once set');
SET LOCAL taskdb.echo = off;
SELECT lives_ok($$SET LOCAL taskdb.allow_data_loss = on$$, 'taskdb.allow_data_loss can be set by a superuser');
SET LOCAL taskdb.allow_data_loss = off;
CREATE ROLE tdb_settings_user;
SET LOCAL ROLE tdb_settings_user;
SELECT throws_ok($$SET LOCAL taskdb.allow_data_loss = on$$, '42501',
                 'permission denied to set parameter "taskdb.allow_data_loss"',
                 'a role that is not a superuser cannot set taskdb.allow_data_loss');
SELECT is(current_setting('taskdb.allow_data_loss'), 'off', 'taskdb.allow_data_loss is still off');
SELECT throws_ok($$SET LOCAL taskdb.statement_cache_size = 100000$$, '42501',
                 'permission denied to set parameter "taskdb.statement_cache_size"',
                 'a role that is not a superuser cannot set taskdb.statement_cache_size');
RESET ROLE;
SELECT throws_ok($$SET LOCAL taskdb.echo = 'maybe'$$, '22023',
                 'parameter "taskdb.echo" requires a Boolean value',
                 'taskdb.echo takes only booleans');
SELECT lives_ok($$SET LOCAL taskdb.lazy_load_warning = 0$$, 'taskdb.lazy_load_warning can be set to 0 (off)');
SELECT is(current_setting('taskdb.lazy_load_warning'), '0', 'taskdb.lazy_load_warning is 0 once set');
SELECT lives_ok($$SET LOCAL taskdb.lazy_load_warning = 2147483647$$, 'taskdb.lazy_load_warning takes the largest integer');
SELECT throws_ok($$SET LOCAL taskdb.lazy_load_warning = -1$$, '22023',
                 '-1 is outside the valid range for parameter "taskdb.lazy_load_warning" (0 .. 2147483647)',
                 'taskdb.lazy_load_warning refuses a negative value');
SELECT throws_ok($$SET LOCAL taskdb.lazy_load_warning = 'many'$$, '22023',
                 'invalid value for parameter "taskdb.lazy_load_warning": "many"',
                 'taskdb.lazy_load_warning takes only integers');
SELECT throws_ok($$SET LOCAL taskdb.no_such_setting = on$$, '42602',
                 'invalid configuration parameter name "taskdb.no_such_setting"',
                 'the prefix taskdb is reserved: an unknown taskdb.* setting is an error');
SELECT is((SELECT count(*) FROM pg_settings WHERE name = 'taskdb.no_such_setting'), 0::bigint,
          'a refused taskdb.* setting does not appear as a placeholder');
SELECT throws_ok($$SELECT set_config('taskdb.lazy_load_warnings', '1', true)$$, '42602',
                 'invalid configuration parameter name "taskdb.lazy_load_warnings"',
                 'a misspelt taskdb setting is refused by set_config too');

SELECT * FROM finish();
ROLLBACK;
