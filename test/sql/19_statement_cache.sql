--
-- 19_statement_cache: the plans of statements whose shape the caller
-- chooses (a find_tasks filter, a model query: over a million shapes) are
-- kept in a cache of at most taskdb.statement_cache_size per backend, the
-- least recently used evicted first.  A statement in use is never evicted,
-- even when a trigger it fires renders new shapes into a cache with room
-- for none (memcheck runs this file under Valgrind).  Everything happens
-- in a transaction rolled back, on rows of its own.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
BEGIN;
SELECT min(id) AS first FROM taskdb.create_tasks(ARRAY['cache a', 'cache b', 'cache c']) \gset
-- the find_tasks shapes this backend keeps plans of
CREATE TEMP VIEW kept AS
SELECT regexp_replace(ident, ' LIMIT .*', '') AS shape FROM pg_backend_memory_contexts
WHERE name = 'CachedPlanSource'
  AND ident LIKE 'SELECT t.* FROM taskdb.tasks t WHERE %t.title OPERATOR(pg_catalog.~~) $%';
SET LOCAL taskdb.statement_cache_size = 3;
SELECT count(*) FROM taskdb.find_tasks('{"title_prefix": "cache ", "order": "title"}');
SELECT count(*) FROM taskdb.find_tasks('{"title_prefix": "cache ", "order": "-title"}');
SELECT count(*) FROM taskdb.find_tasks('{"title_prefix": "cache ", "order": "id"}');
SELECT count(*) FROM taskdb.find_tasks('{"title_prefix": "cache ", "order": "-id"}');
-- four shapes, three kept: the first one run is gone
SELECT shape FROM kept ORDER BY shape;
-- a kept shape run again becomes the most recent: "-title" stays
SELECT count(*) FROM taskdb.find_tasks('{"title_prefix": "cache ", "order": "-title"}');
SELECT count(*) FROM taskdb.find_tasks('{"title_prefix": "cache ", "order": "created_at"}');
SELECT shape FROM kept ORDER BY shape;
-- room for none: only the last one run is kept
SET LOCAL taskdb.statement_cache_size = 0;
SELECT count(*) FROM taskdb.find_tasks('{"title_prefix": "cache ", "done": false}');
SELECT shape FROM kept ORDER BY shape;
-- a trigger that runs find_tasks with a new shape for every row while the
-- orm's UPDATE, itself from the cache, is running: the UPDATE's plan is
-- pinned and stays until it has run (the trigger checks that it is there)
CREATE FUNCTION pg_temp.nested_find() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM count(*) FROM taskdb.find_tasks(jsonb_build_object(
		'order', (ARRAY['id', 'title', '-id', '-title'])[1 + (NEW.id % 4)::int],
		'title_prefix', NEW.title));
	IF NOT EXISTS (SELECT FROM pg_backend_memory_contexts
				   WHERE name = 'CachedPlanSource'
					 AND ident LIKE 'UPDATE taskdb.tasks AS t SET title = %') THEN
		RAISE EXCEPTION 'the plan of the running UPDATE was evicted';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER nested_find BEFORE UPDATE ON taskdb.tasks
FOR EACH ROW EXECUTE FUNCTION pg_temp.nested_find();
SELECT u.id - :first AS task, u.title
FROM generate_series(0, 2) g, taskdb.orm_update_task(:first + g, title => 'cache renamed ' || g) u
ORDER BY 1;
SELECT taskdb.model_update_task(:first + 1, '{"title": "cache b again"}') ->> 'title' AS title;
-- only a superuser may set it
CREATE ROLE tdb_cache_probe;
SET LOCAL ROLE tdb_cache_probe;
SET LOCAL taskdb.statement_cache_size = 10000;
ROLLBACK;
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
