-- The settings of taskdb after an explicit LOAD 'taskdb' (no taskdb
-- function called in this session): both exist and default to off.
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SELECT plan(3);

LOAD 'taskdb';

SELECT is(current_setting('taskdb.echo'), 'off', 'after LOAD, taskdb.echo exists and is off');
SELECT is(current_setting('taskdb.allow_data_loss'), 'off', 'after LOAD, taskdb.allow_data_loss exists and is off');
SELECT is((SELECT count(*) FROM pg_settings WHERE name IN ('taskdb.echo', 'taskdb.allow_data_loss')
                                             AND vartype = 'bool' AND boot_val = 'off'),
          2::bigint, 'after LOAD, pg_settings shows both as booleans that boot off');

SELECT * FROM finish();
ROLLBACK;
