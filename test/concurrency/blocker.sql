-- Holds an uncommitted task with id :id, so that a bulk create_tasks whose
-- ids run through :id stops half-way, waiting on it (psql variables id,
-- app = application_name of the batch, mode, commit).  mode 'release'
-- ends once the batch has waited for 0.3 s and the suite has logged that
-- it saw the wait (test 'halfway' in conc_log); mode 'hold' waits until
-- the batch no longer waits (it was cancelled).  Then COMMIT when
-- :commit, else ROLLBACK.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO taskdb.tasks (id, title) VALUES (:id, 'blocker');
SELECT set_config('conc.app', :'app', true), set_config('conc.mode', :'mode', true) \g /dev/null
DO $$
DECLARE
	waited boolean := false;
	waiting boolean;
	waited_polls integer := 0;
BEGIN
	FOR i IN 1 .. 1500 LOOP		-- 15 s at most
		PERFORM pg_catalog.pg_stat_clear_snapshot();
		waiting := EXISTS (SELECT FROM pg_catalog.pg_stat_activity
						   WHERE application_name = current_setting('conc.app')
							 AND wait_event_type = 'Lock');
		IF waiting THEN
			waited_polls := waited_polls + 1;
		END IF;
		-- release once the suite has seen the batch wait (it logs that),
		-- so that a loaded machine cannot make the wait pass unseen
		IF waited_polls >= 30 AND current_setting('conc.mode') = 'release'
		   AND EXISTS (SELECT FROM conc_log WHERE test = 'halfway'
					   AND session = current_setting('conc.app')) THEN
			RETURN;
		END IF;
		IF waited AND NOT waiting THEN
			RETURN;
		END IF;
		waited := waited OR waiting;
		PERFORM pg_catalog.pg_sleep(0.01);
	END LOOP;
	RAISE EXCEPTION 'blocker: the batch never waited (or never stopped waiting)';
END
$$;
\if :commit
COMMIT;
\else
ROLLBACK;
\endif
