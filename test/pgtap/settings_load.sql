-- The settings of taskdb after an explicit LOAD 'taskdb' (no taskdb
-- function called in this session): all three exist with their defaults.
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SELECT plan(5);

LOAD 'taskdb';

SELECT is(current_setting('taskdb.echo'), 'off', 'after LOAD, taskdb.echo exists and is off');
SELECT is(current_setting('taskdb.allow_data_loss'), 'off', 'after LOAD, taskdb.allow_data_loss exists and is off');
SELECT is(current_setting('taskdb.lazy_load_warning'), '10', 'after LOAD, taskdb.lazy_load_warning exists and is 10');
SELECT is((SELECT count(*) FROM pg_settings WHERE name IN ('taskdb.echo', 'taskdb.allow_data_loss')
                                             AND vartype = 'bool' AND boot_val = 'off'),
          2::bigint, 'after LOAD, pg_settings shows both booleans, booting off');
SELECT is((SELECT vartype || ' ' || boot_val FROM pg_settings WHERE name = 'taskdb.lazy_load_warning'),
          'integer 10', 'after LOAD, pg_settings shows taskdb.lazy_load_warning as an integer booting at 10');

SELECT * FROM finish();
ROLLBACK;
