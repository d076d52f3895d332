-- The monitor (psql variable iters): until the deleter is done, looks
-- for tasks whose project does not exist, each look a fresh snapshot, and
-- logs every look (outcome ok, or 'orphans' with the count).
\set ON_ERROR_STOP on
SELECT set_config('conc.iters', :'iters', false) \g /dev/null
DO $$
DECLARE
	n bigint;
BEGIN
	FOR i IN 1 .. current_setting('conc.iters')::integer LOOP
		EXIT WHEN (SELECT stop FROM conc_control);
		SELECT count(*) INTO n FROM taskdb.tasks t
		WHERE t.project_id IS NOT NULL
		  AND NOT EXISTS (SELECT FROM taskdb.projects p WHERE p.id = t.project_id);
		INSERT INTO conc_log (test, session, iter, outcome, message)
		VALUES ('monitor', 'monitor', i, CASE WHEN n = 0 THEN 'ok' ELSE 'orphans' END, n::text);
		COMMIT;
		PERFORM pg_catalog.pg_sleep(0.002);
	END LOOP;
END
$$;
