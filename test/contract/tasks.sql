-- contract-since: 1.0
--
-- The CRUD contract of tasks as 1.0 defined it, for any access path.
-- Only 1.0 signatures are used (create_task(title), list_tasks(done,
-- after_id, lim), update_task(id, title, done), create_tasks(titles)), so
-- the file runs unchanged at every later version.  The path comes from the
-- psql variable "prefix" (see _setup.psql and run).
--
-- Rows that already exist (seeded by the runner, or kept by an upgrade) are
-- allowed: every check is relative to the ids this file creates or compares
-- with the table itself.
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off
\ir _setup.psql

BEGIN;
SELECT plan(110);
SELECT diag(format('tasks contract (1.0), path %L (prefix %L)', :'path', :'prefix'));

-- every id this file creates is above this one
SELECT coalesce(max(id), 0) AS base FROM taskdb.tasks \gset
SELECT count(*) AS n0 FROM taskdb.tasks \gset

--------------------------------------------------------------------------
-- create_task(title)
--------------------------------------------------------------------------
SELECT id AS t1, title AS t1_title, done AS t1_done,
       created_at = now() AS t1_now, created_at AS t1_created,
       created_at BETWEEN now() AND clock_timestamp() AS t1_call_time
FROM :create_task('first') \gset

\if :router
SELECT ok(NOT pg_temp.seen('start', :t1), 'create_task returns the new row with a new id (router: one no row had)');
\else
SELECT ok(:t1 > :base, 'create_task returns the new row with a new id');
\endif
SELECT is(:'t1_title'::text, 'first', 'create_task returns the title');
SELECT is(:'t1_done'::boolean, false, 'create_task: done defaults to false');
\if :router
SELECT ok(:'t1_call_time'::boolean, 'create_task: created_at is the partition''s time of the call (router: after this transaction began, not at it)');
\else
SELECT ok(:'t1_now'::boolean, 'create_task: created_at is the transaction time');
\endif
SELECT is((SELECT count(*) FROM taskdb.tasks), :n0::bigint + 1, 'create_task wrote one row');
SELECT results_eq(
    format('SELECT id, title::text, done FROM taskdb.tasks WHERE id = %s', :t1),
    format($$VALUES (%s::bigint, 'first'::text, false)$$, :t1),
    'create_task stored the row it returned');

SELECT id AS t2 FROM :create_task('second') \gset
\if :router
SELECT ok(:t2 <> :t1 AND (:t2 > :t1 OR taskdb_route.partition_of(:t2) <> taskdb_route.partition_of(:t1)),
          'ids are unique, and increase within a partition (router: not over the partitions)');
\else
SELECT ok(:t2 > :t1, 'ids increase');
\endif

-- titles are stored verbatim, whatever they contain
SELECT title AS odd_title
FROM :create_task(E'it''s "quoted" \\ $1 %s ?; -- DROP TABLE x; é 😀') \gset
SELECT is(:'odd_title'::text, E'it''s "quoted" \\ $1 %s ?; -- DROP TABLE x; é 😀',
          'create_task stores quotes, backslashes, placeholders and non-ASCII verbatim');

-- the limit is 255 characters, not bytes
SELECT length(title) AS len255 FROM :create_task(repeat('x', 255)) \gset
SELECT is(:len255, 255, 'create_task accepts a title of 255 characters');
SELECT length(title) AS len255mb FROM :create_task(repeat('é', 255)) \gset
SELECT is(:len255mb, 255, 'create_task accepts 255 two-byte characters (510 bytes)');
SELECT length(title) AS len255emoji FROM :create_task(repeat('😀', 255)) \gset
SELECT is(:len255emoji, 255, 'create_task accepts 255 four-byte characters');
SELECT title AS blank FROM :create_task(' ') \gset
SELECT is(:'blank'::text, ' ', 'create_task accepts a blank (non-empty) title');

-- errors, and nothing written
SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format('SELECT %s(NULL)', :'create_task'),
                 e.sqlstate, e.message,
                 'create_task(NULL) raises ' || e.sqlstate)
FROM pg_temp.input_error('task title null', NULL, NULL) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'create_task(NULL) wrote nothing');

SELECT throws_ok(format('SELECT %s(%L)', :'create_task', ''),
                 e.sqlstate, e.message,
                 'create_task('''') raises ' || e.sqlstate)
FROM pg_temp.input_error('task title empty', NULL, NULL) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'create_task('''') wrote nothing');

SELECT throws_ok(format('SELECT %s(%L)', :'create_task', repeat('x', 256)),
                 e.sqlstate, e.message,
                 'create_task with 256 characters raises ' || e.sqlstate)
FROM pg_temp.input_error('task title too long', NULL, NULL) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'create_task with 256 characters wrote nothing');
SELECT is(pg_temp.error_of(format('SELECT %s(%L)', :'create_task', repeat('x', 256))),
          e.whole,
          'create_task: the too-long error tells the length and the limit')
FROM pg_temp.input_error('task title too long', to_json(repeat('x', 256))::text, NULL) e;

SELECT throws_ok(format('SELECT %s(%L)', :'create_task', repeat('é', 256)),
                 e.sqlstate, e.message,
                 'create_task with 256 two-byte characters raises ' || e.sqlstate)
FROM pg_temp.input_error('task title too long', NULL, NULL) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'create_task with 256 two-byte characters wrote nothing');

--------------------------------------------------------------------------
-- get_task(id): STRICT, one row or none
--------------------------------------------------------------------------
SELECT results_eq(
    format('SELECT * FROM %s(%s)', :'get_task', :t1),
    format('SELECT * FROM taskdb.tasks WHERE id = %s', :t1),
    'get_task returns the whole row');
SELECT is((SELECT title::text FROM :get_task(:t2)), 'second', 'get_task finds the second task');
SELECT is_empty(format('SELECT * FROM %s(999999999)', :'get_task'),
                'get_task of an unknown id returns no row');
SELECT is_empty(format('SELECT * FROM %s(NULL)', :'get_task'),
                'get_task(NULL) returns no row');
SELECT is_empty(format('SELECT * FROM %s(-1)', :'get_task'),
                'get_task of a negative id returns no row');

--------------------------------------------------------------------------
-- get_tasks(ids): STRICT, id order, each row once
--------------------------------------------------------------------------
SELECT results_eq(
    format('SELECT id FROM %s(ARRAY[%s, %s, %s, 999999999, NULL]::bigint[])',
           :'get_tasks', :t2, :t1, :t2),
\if :router
    format('VALUES (%s::bigint), (%s::bigint)', least(:t1, :t2), greatest(:t1, :t2)),
\else
    format('VALUES (%s::bigint), (%s::bigint)', :t1, :t2),
\endif
    'get_tasks returns known ids in id order, each once, ignoring unknown ids and NULLs');
SELECT results_eq(
    format('SELECT * FROM %s(ARRAY[%s, %s])', :'get_tasks', :t1, :t2),
    format('SELECT * FROM taskdb.tasks WHERE id IN (%s, %s) ORDER BY id', :t1, :t2),
    'get_tasks returns whole rows');
SELECT is_empty(format($$SELECT * FROM %s('{}')$$, :'get_tasks'),
                'get_tasks of an empty array returns no row');
SELECT is_empty(format('SELECT * FROM %s(NULL)', :'get_tasks'),
                'get_tasks(NULL) returns no row');
SELECT is_empty(format('SELECT * FROM %s(ARRAY[999999999, NULL]::bigint[])', :'get_tasks'),
                'get_tasks of unknown ids returns no row');

--------------------------------------------------------------------------
-- list_tasks(done, after_id, lim): keyset pages in id order
--------------------------------------------------------------------------
-- On the router the five tasks are in a project of their own: loose
-- tasks land on any partition, where their ids need not follow the order
-- they were made in, and the pages after lb would hold rows made before.
-- A project's tasks share its shard, so their ids do.  lscope narrows
-- the lists to that project, lwhere the table.
\if :router
SELECT id AS lp FROM :create_project('list_tasks pages') \gset
SELECT 0 AS lb, format(', %s', :lp) AS lproj, format(', project_id => %s', :lp) AS lscope,
       format(' AND project_id = %s', :lp) AS lwhere \gset
\else
SELECT coalesce(max(id), 0) AS lb, '' AS lproj, '' AS lscope, '' AS lwhere FROM taskdb.tasks \gset
\endif
SELECT id AS l1 FROM :create_task('l1' :lproj) \gset
SELECT id AS l2 FROM :create_task('l2' :lproj) \gset
SELECT id AS l3 FROM :create_task('l3' :lproj) \gset
SELECT id AS l4 FROM :create_task('l4' :lproj) \gset
SELECT id AS l5 FROM :create_task('l5' :lproj) \gset
SELECT done AS l2_done FROM :update_task(:l2, NULL, true) \gset
SELECT done AS l4_done FROM :update_task(:l4, NULL, true) \gset

SELECT results_eq(format('SELECT id FROM %s(NULL, %s, 2%s)', :'list_tasks', :lb, :'lscope'),
                  format('VALUES (%s::bigint), (%s)', :l1, :l2),
                  'list_tasks: first page of 2');
SELECT results_eq(format('SELECT id FROM %s(NULL, %s, 2%s)', :'list_tasks', :l2, :'lscope'),
                  format('VALUES (%s::bigint), (%s)', :l3, :l4),
                  'list_tasks: second page starts after after_id');
SELECT results_eq(format('SELECT id FROM %s(NULL, %s, 2%s)', :'list_tasks', :l4, :'lscope'),
                  format('VALUES (%s::bigint)', :l5),
                  'list_tasks: last page is short');
SELECT is_empty(format('SELECT id FROM %s(NULL, %s, 2%s)', :'list_tasks', :l5, :'lscope'),
                'list_tasks: no page after the last id');
SELECT results_eq(format('SELECT id FROM %s(NULL, %s, 2%s)', :'list_tasks', :l1, :'lscope'),
                  format('VALUES (%s::bigint), (%s)', :l2, :l3),
                  'list_tasks: after_id itself is excluded');
SELECT results_eq(format('SELECT id FROM %s(true, %s, 100%s)', :'list_tasks', :lb, :'lscope'),
                  format('VALUES (%s::bigint), (%s)', :l2, :l4),
                  'list_tasks(done => true) lists only done tasks');
SELECT results_eq(format('SELECT id FROM %s(false, %s, 100%s)', :'list_tasks', :lb, :'lscope'),
                  format('VALUES (%s::bigint), (%s), (%s)', :l1, :l3, :l5),
                  'list_tasks(done => false) lists only open tasks');
SELECT results_eq(format('SELECT id FROM %s(false, %s, 1%s)', :'list_tasks', :l1, :'lscope'),
                  format('VALUES (%s::bigint)', :l3),
                  'list_tasks: keyset page with a done filter');
SELECT results_eq(format('SELECT id FROM %s(NULL, %s, 100%s)', :'list_tasks', :lb, :'lscope'),
                  format('VALUES (%s::bigint), (%s), (%s), (%s), (%s)', :l1, :l2, :l3, :l4, :l5),
                  'list_tasks(done => NULL) lists done and open tasks');
SELECT results_eq(format('SELECT * FROM %s(NULL, %s, 100%s)', :'list_tasks', :lb, :'lscope'),
                  format('SELECT * FROM taskdb.tasks WHERE id > %s%s ORDER BY id', :lb, :'lwhere'),
                  'list_tasks returns whole rows');
SELECT results_eq(format('SELECT id FROM %s(NULL, NULL, 100)', :'list_tasks'),
                  'SELECT id FROM taskdb.tasks ORDER BY id LIMIT 100',
                  'list_tasks(after_id => NULL) starts at the smallest id');
SELECT results_eq(format('SELECT id FROM %s()', :'list_tasks'),
                  'SELECT id FROM taskdb.tasks ORDER BY id LIMIT 100',
                  'list_tasks() defaults: any done, from the start, 100 rows');
SELECT results_eq(format('SELECT id FROM %s(NULL, NULL, 1)', :'list_tasks'),
                  'SELECT min(id) FROM taskdb.tasks',
                  'list_tasks(lim => 1) returns the smallest id');
SELECT results_eq(format('SELECT id FROM %s(NULL, -9223372036854775808, 3)', :'list_tasks'),
                  'SELECT id FROM taskdb.tasks ORDER BY id LIMIT 3',
                  'list_tasks: the smallest bigint as after_id starts at the beginning');
SELECT is_empty(format('SELECT id FROM %s(NULL, %s, 0)', :'list_tasks', :lb),
                'list_tasks(lim => 0) returns no row');
SELECT is_empty(format('SELECT id FROM %s(NULL, 9223372036854775807, 100)', :'list_tasks'),
                'list_tasks after the largest bigint returns no row');
SELECT results_eq(format('SELECT id FROM %s(lim => 2, after_id => %s, done => false%s)', :'list_tasks', :lb, :'lscope'),
                  format('VALUES (%s::bigint), (%s)', :l1, :l3),
                  'list_tasks takes named arguments done, after_id, lim');

SELECT throws_ok(format('SELECT * FROM %s(NULL, NULL, NULL)', :'list_tasks'),
                 e.sqlstate, e.message,
                 'list_tasks(lim => NULL) raises ' || e.sqlstate)
FROM pg_temp.input_error('task page lim null', NULL, NULL) e;
SELECT throws_ok(format('SELECT * FROM %s(NULL, NULL, -1)', :'list_tasks'),
                 e.sqlstate, e.message,
                 'list_tasks(lim => -1) raises ' || e.sqlstate)
FROM pg_temp.input_error('task page lim negative', NULL, NULL) e;
SELECT is(pg_temp.error_of(format('SELECT * FROM %s(true, NULL, -5)', :'list_tasks')),
          e.whole,
          'list_tasks: the negative-limit error tells the value')
FROM pg_temp.input_error('task page lim negative', '-5', NULL) e;

--------------------------------------------------------------------------
-- update_task(id, title, done): NULL keeps the column
--------------------------------------------------------------------------
SELECT id AS u, title AS u_title, done AS u_done
FROM :update_task(:t1, 'renamed', NULL) \gset
SELECT is(:u, :t1, 'update_task returns the updated row');
SELECT is(:'u_title'::text, 'renamed', 'update_task sets the title');
SELECT is(:'u_done'::boolean, false, 'update_task(done => NULL) keeps done');

SELECT title AS u_title, done AS u_done FROM :update_task(:t1, NULL, true) \gset
SELECT is(:'u_title'::text, 'renamed', 'update_task(title => NULL) keeps the title');
SELECT is(:'u_done'::boolean, true, 'update_task sets done');

SELECT title AS u_title, done AS u_done FROM :update_task(:t1, NULL, NULL) \gset
SELECT is(:'u_title' || '/' || :'u_done', 'renamed/t',
          'update_task with only NULLs keeps title and done');

SELECT title AS u_title, done AS u_done FROM :update_task(:t1, 'both', false) \gset
SELECT is(:'u_title' || '/' || :'u_done', 'both/f', 'update_task sets title and done together');

SELECT title AS u_title, done AS u_done FROM :update_task(:t1, done => true) \gset
SELECT is(:'u_title' || '/' || :'u_done', 'both/t', 'update_task takes named arguments');

SELECT row_to_json(u)::text AS u_row FROM :update_task(:t2, 'second, again', NULL) u \gset
SELECT is((SELECT row_to_json(t)::text FROM taskdb.tasks t WHERE id = :t2), :'u_row',
          'update_task returns the row as stored');
SELECT is((SELECT title::text FROM taskdb.tasks WHERE id = :t1), 'both',
          'update_task of one task leaves the others alone');
SELECT is((SELECT created_at::text FROM taskdb.tasks WHERE id = :t1), :'t1_created',
          'update_task keeps created_at');

SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format('SELECT %s(NULL, %L, NULL)', :'update_task', 'x'),
                 '22004', 'task id must not be null',
                 'update_task(id => NULL) raises 22004');
SELECT is(pg_temp.fingerprint(), :'fp', 'update_task(id => NULL) wrote nothing');

SELECT throws_ok(format('SELECT %s(999999999, %L, NULL)', :'update_task', 'x'),
                 'P0002', 'task 999999999 does not exist',
                 'update_task of an unknown id raises P0002');
SELECT is(pg_temp.fingerprint(), :'fp', 'update_task of an unknown id wrote nothing');

SELECT throws_ok(format('SELECT %s(999999999, NULL, NULL)', :'update_task'),
                 'P0002', 'task 999999999 does not exist',
                 'update_task of an unknown id with nothing to change raises P0002');

SELECT throws_ok(format('SELECT %s(%s, %L, NULL)', :'update_task', :t1, ''),
                 e.sqlstate, e.message,
                 'update_task(title => '''') raises ' || e.sqlstate)
FROM pg_temp.input_error('new task title empty', NULL, NULL) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'update_task(title => '''') wrote nothing');

SELECT throws_ok(format('SELECT %s(%s, %L, true)', :'update_task', :t1, repeat('y', 256)),
                 e.sqlstate, e.message,
                 'update_task with a 256-character title raises ' || e.sqlstate)
FROM pg_temp.input_error('new task title too long', NULL, NULL) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'update_task with a 256-character title wrote nothing');
SELECT is((SELECT title::text || '/' || done FROM taskdb.tasks WHERE id = :t1), 'both/true',
          'a failed update_task left the task as it was');

--------------------------------------------------------------------------
-- delete_task(id): returns the deleted row
--------------------------------------------------------------------------
SELECT id AS d, title AS d_title FROM :create_task('to delete') \gset
SELECT count(*) AS nd FROM taskdb.tasks \gset
SELECT row_to_json(t)::text AS d_row FROM taskdb.tasks t WHERE id = :d \gset
SELECT is((SELECT row_to_json(t)::text FROM :delete_task(:d) t), :'d_row',
          'delete_task returns the deleted row');
SELECT is_empty(format('SELECT * FROM %s(%s)', :'get_task', :d),
                'get_task finds no deleted task');
SELECT is((SELECT count(*) FROM taskdb.tasks), :nd::bigint - 1, 'delete_task deleted one row');
SELECT isnt_empty(format('SELECT * FROM %s(%s)', :'get_task', :t1),
                  'delete_task leaves the other tasks');

SELECT pg_temp.fingerprint() AS fp \gset
SELECT throws_ok(format('SELECT %s(%s)', :'delete_task', :d),
                 'P0002', format('task %s does not exist', :d),
                 'delete_task of a deleted task raises P0002');
SELECT is(pg_temp.fingerprint(), :'fp', 'delete_task of a deleted task wrote nothing');
SELECT throws_ok(format('SELECT %s(999999999)', :'delete_task'),
                 'P0002', 'task 999999999 does not exist',
                 'delete_task of an unknown id raises P0002');
SELECT is(pg_temp.fingerprint(), :'fp', 'delete_task of an unknown id wrote nothing');
SELECT throws_ok(format('SELECT %s(NULL)', :'delete_task'),
                 '22004', 'task id must not be null',
                 'delete_task(NULL) raises 22004');
SELECT is(pg_temp.fingerprint(), :'fp', 'delete_task(NULL) wrote nothing');

--------------------------------------------------------------------------
-- create_tasks(titles): all or nothing, in array order
--------------------------------------------------------------------------
SELECT count(*) AS nb FROM taskdb.tasks \gset
SELECT coalesce(max(id), 0) AS bb FROM taskdb.tasks \gset
-- since_bb: the tasks made from here on (on the router: the ids not there
-- now, as a batch's partition may give smaller ids than another's)
\if :router
SELECT pg_temp.mark('bb') \g /dev/null
SELECT $$NOT pg_temp.seen('bb', id)$$ AS since_bb \gset
\else
SELECT format('id > %s', :bb) AS since_bb \gset
\endif
SELECT results_eq(format($$SELECT title::text, done FROM %s(ARRAY['b', 'a', 'b'])$$, :'create_tasks'),
                  $$VALUES ('b'::text, false), ('a', false), ('b', false)$$,
                  'create_tasks returns one row per title, in array order, duplicates kept');
SELECT is((SELECT count(*) FROM taskdb.tasks), :nb::bigint + 3, 'create_tasks wrote three rows');
\if :router_model
SELECT results_eq(format('SELECT title::text FROM taskdb.tasks WHERE %s ORDER BY title', :'since_bb'),
                  $$VALUES ('a'::text), ('b'), ('b')$$,
                  'create_tasks stored the three rows (router, model path: one call per title, ids in no order)');
SELECT string_agg(row_to_json(t)::text, ';' ORDER BY t.id) AS cd_rows FROM :create_tasks(ARRAY['c', 'd']) t \gset
\else
SELECT results_eq(format('SELECT title::text FROM taskdb.tasks WHERE %s ORDER BY id', :'since_bb'),
                  $$VALUES ('b'::text), ('a'), ('b')$$,
                  'create_tasks gives ids in array order');
SELECT string_agg(row_to_json(t)::text, ';') AS cd_rows FROM :create_tasks(ARRAY['c', 'd']) t \gset
\endif
SELECT is((SELECT string_agg(row_to_json(t)::text, ';' ORDER BY id) FROM taskdb.tasks t
           WHERE :since_bb AND title IN ('c', 'd')), :'cd_rows',
          'create_tasks returns whole rows as stored');
SELECT results_eq(format($$SELECT title::text FROM %s('[3:4]={x,y}'::text[])$$, :'create_tasks'),
                  $$VALUES ('x'::text), ('y')$$,
                  'create_tasks accepts an array whose subscripts do not start at 1');
SELECT is((SELECT count(*) FROM :create_tasks(ARRAY(SELECT 'bulk ' || i FROM generate_series(1, 1000) i))),
          1000::bigint, 'create_tasks inserts a batch of 1000');
SELECT is((SELECT count(*) FROM taskdb.tasks WHERE title LIKE 'bulk %'), 1000::bigint,
          'create_tasks stored the batch of 1000');
SELECT results_eq(format('SELECT * FROM %s(NULL, %s, 1000)', :'list_tasks', :bb),
                  format('SELECT * FROM taskdb.tasks WHERE id > %s ORDER BY id LIMIT 1000', :bb),
                  'list_tasks returns a page of 1000 rows');
SELECT results_eq(format($$SELECT * FROM %s(ARRAY(SELECT id FROM taskdb.tasks WHERE title LIKE 'bulk %%' ORDER BY id DESC))$$,
                         :'get_tasks'),
                  $$SELECT * FROM taskdb.tasks WHERE title LIKE 'bulk %' ORDER BY id$$,
                  'get_tasks returns 1000 rows, in id order');

SELECT pg_temp.fingerprint() AS fp \gset
SELECT is_empty(format($$SELECT * FROM %s('{}'::text[])$$, :'create_tasks'),
                'create_tasks of an empty array returns no row');
SELECT is(pg_temp.fingerprint(), :'fp', 'create_tasks of an empty array wrote nothing');

SELECT throws_ok(format('SELECT * FROM %s(NULL)', :'create_tasks'),
                 '22004', 'titles must not be null',
                 'create_tasks(NULL) raises 22004');
SELECT is(pg_temp.fingerprint(), :'fp', 'create_tasks(NULL) wrote nothing');

SELECT throws_ok(format($$SELECT * FROM %s(ARRAY['ok', NULL, 'ok'])$$, :'create_tasks'),
                 e.sqlstate, e.message,
                 'create_tasks with a NULL title raises ' || e.sqlstate || ' (naming its position on the SQL paths)')
FROM pg_temp.input_error('batch title null', NULL, 2) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'create_tasks with a NULL title wrote nothing');
SELECT is(pg_temp.error_of(format($$SELECT * FROM %s(ARRAY['ok', NULL])$$, :'create_tasks')),
          e.whole,
          'create_tasks: the NULL-title error says that no row was inserted')
FROM pg_temp.input_error('batch title null', '{}', 2) e;

SELECT throws_ok(format($$SELECT * FROM %s(ARRAY['ok', ''])$$, :'create_tasks'),
                 e.sqlstate, e.message,
                 'create_tasks with an empty title raises ' || e.sqlstate || ' (naming its position on the SQL paths)')
FROM pg_temp.input_error('batch title empty', NULL, 2) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'create_tasks with an empty title wrote nothing');
SELECT is(pg_temp.error_of(format($$SELECT * FROM %s(ARRAY['', 'ok'])$$, :'create_tasks')),
          e.whole,
          'create_tasks: the empty-title error says that no row was inserted')
FROM pg_temp.input_error('batch title empty', '""', 1) e;

SELECT throws_ok(format($$SELECT * FROM %s(ARRAY['ok', 'ok', %L])$$, :'create_tasks', repeat('z', 256)),
                 e.sqlstate, e.message,
                 'create_tasks with a 256-character title raises ' || e.sqlstate || ' (naming its position on the SQL paths)')
FROM pg_temp.input_error('batch title too long', NULL, 3) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'create_tasks with a 256-character title wrote nothing');
SELECT is(pg_temp.error_of(format($$SELECT * FROM %s(ARRAY[%L])$$, :'create_tasks', repeat('é', 300))),
          e.whole,
          'create_tasks: the too-long error tells the length, the limit and that no row was inserted')
FROM pg_temp.input_error('batch title too long', to_json(repeat('é', 300))::text, 1) e;

SELECT throws_ok(format($$SELECT * FROM %s('[5:6]={ok,""}'::text[])$$, :'create_tasks'),
                 e.sqlstate, e.message,
                 'create_tasks names the position by the array''s own subscript (' || e.sqlstate || ')')
FROM pg_temp.input_error('batch title empty', NULL, 6) e;
SELECT throws_ok(format($$SELECT * FROM %s('[0:1]={"",ok}'::text[])$$, :'create_tasks'),
                 e.sqlstate, e.message,
                 'create_tasks names position 0 of an array that starts at 0 (' || e.sqlstate || ')')
FROM pg_temp.input_error('batch title empty', NULL, 0) e;
SELECT throws_ok(format($$SELECT * FROM %s('[-1:0]={ok,""}'::text[])$$, :'create_tasks'),
                 e.sqlstate, e.message,
                 'create_tasks names position 0 of an array that starts at -1 (' || e.sqlstate || ')')
FROM pg_temp.input_error('batch title empty', NULL, 0) e;
SELECT is(pg_temp.fingerprint(), :'fp', 'create_tasks with a bad element at position 0 wrote nothing');

SELECT throws_ok(format($$SELECT * FROM %s('{{a,b},{c,d}}'::text[])$$, :'create_tasks'),
                 '2202E', 'titles must be a one-dimensional array',
                 'create_tasks of a two-dimensional array raises 2202E');
SELECT is(pg_temp.fingerprint(), :'fp', 'create_tasks of a two-dimensional array wrote nothing');

\if :router
SELECT diag(pg_temp.router_cleanup());
\endif
SELECT * FROM finish();
ROLLBACK;
