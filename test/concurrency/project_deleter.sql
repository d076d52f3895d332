-- The deleter (psql variable rounds): each round creates a project,
-- waits a moment while the creators add tasks to it, then deletes it,
-- with cascade in two rounds out of three; a refused delete (23503, the
-- project still has tasks) is followed by a cascading one, and every
-- fourth round also deletes an already deleted project (P0002).  Every
-- attempt is logged with its outcome; at the end the creators are stopped.
\set ON_ERROR_STOP on
SELECT set_config('conc.rounds', :'rounds', false) \g /dev/null
DO $$
DECLARE
	p bigint;
	prev bigint;
	casc boolean;
	attempt integer;
BEGIN
	FOR r IN 1 .. current_setting('conc.rounds')::integer LOOP
		p := (taskdb.create_project(format('round %s', r))).id;
		COMMIT;
		PERFORM pg_catalog.pg_sleep(0.002 + random() * 0.008);
		FOR attempt IN 1 .. 2 LOOP
			casc := attempt = 2 OR r % 3 <> 0;
			BEGIN
				PERFORM taskdb.delete_project(p, "cascade" => casc);
				INSERT INTO conc_log (test, session, iter, action, project_id, "cascade", outcome)
				VALUES ('projects', 'deleter', r, 'delete_project', p, casc, 'ok');
			EXCEPTION WHEN OTHERS THEN
				INSERT INTO conc_log (test, session, iter, action, project_id, "cascade", outcome, message)
				VALUES ('projects', 'deleter', r, 'delete_project', p, casc, SQLSTATE, SQLERRM);
			END;
			COMMIT;
			EXIT WHEN NOT EXISTS (SELECT FROM taskdb.projects WHERE id = p);
		END LOOP;
		IF r % 4 = 0 AND prev IS NOT NULL THEN
			BEGIN
				PERFORM taskdb.delete_project(prev, "cascade" => true);
				INSERT INTO conc_log (test, session, iter, action, project_id, "cascade", outcome)
				VALUES ('projects', 'deleter', r, 'delete_project again', prev, true, 'ok');
			EXCEPTION WHEN OTHERS THEN
				INSERT INTO conc_log (test, session, iter, action, project_id, "cascade", outcome, message)
				VALUES ('projects', 'deleter', r, 'delete_project again', prev, true, SQLSTATE, SQLERRM);
			END;
			COMMIT;
		END IF;
		prev := p;
	END LOOP;
	UPDATE conc_control SET stop = true;
	COMMIT;
END
$$;
