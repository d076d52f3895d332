-- Changes task :task in a transaction that stays open until the session
-- with application_name :app waits for a lock (on the row), then COMMITs
-- (psql variables task, app).  So that session read the row before this
-- change, and its UPDATE meets the change only when it re-checks the row.
\set ON_ERROR_STOP on
BEGIN;
UPDATE taskdb.tasks SET done = NOT done WHERE id = :task;
SELECT set_config('conc.app', :'app', true) \g /dev/null
DO $$
BEGIN
	FOR i IN 1 .. 1500 LOOP		-- 15 s at most
		PERFORM pg_catalog.pg_stat_clear_snapshot();
		IF EXISTS (SELECT FROM pg_catalog.pg_stat_activity
				   WHERE application_name = current_setting('conc.app')
					 AND wait_event_type = 'Lock') THEN
			RETURN;
		END IF;
		PERFORM pg_catalog.pg_sleep(0.01);
	END LOOP;
	RAISE EXCEPTION 'holder: the update never waited for the row';
END
$$;
COMMIT;
