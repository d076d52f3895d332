-- Watches a bulk batch being written by another session (psql variables
-- tag, n, floor = max task id before the batch, iters): counts the
-- batch's rows, a fresh snapshot each time, and logs every count seen
-- until it sees all n rows.
\set ON_ERROR_STOP on
SELECT set_config('conc.tag', :'tag', false), set_config('conc.n', :'n', false),
	   set_config('conc.floor', :'floor', false),
	   set_config('conc.iters', :'iters', false) \g /dev/null
DO $$
DECLARE
	c bigint;
BEGIN
	FOR i IN 1 .. current_setting('conc.iters')::integer LOOP
		SELECT count(*) INTO c FROM taskdb.tasks
		WHERE id > current_setting('conc.floor')::bigint
		  AND title LIKE current_setting('conc.tag') || ' %';
		INSERT INTO conc_log (test, session, iter, outcome, message)
		VALUES ('visibility', current_setting('conc.tag'), i, 'seen', c::text);
		COMMIT;
		EXIT WHEN c = current_setting('conc.n')::bigint;
		PERFORM pg_catalog.pg_sleep(0.002);
	END LOOP;
END
$$;
