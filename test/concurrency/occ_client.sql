-- One optimistic-concurrency client (psql variables client, task, iters):
-- each iteration, in its own transaction, reads the task's version and
-- calls update_task with expected_version; a success is logged with the
-- version it produced, a failure with its SQLSTATE.  Nothing is retried.
\set ON_ERROR_STOP on
SELECT set_config('conc.client', :'client', false),
	   set_config('conc.task', :'task', false),
	   set_config('conc.iters', :'iters', false) \g /dev/null
DO $$
DECLARE
	client text := current_setting('conc.client');
	task bigint := current_setting('conc.task')::bigint;
	v integer;
	r taskdb.tasks;
BEGIN
	FOR i IN 1 .. current_setting('conc.iters')::integer LOOP
		BEGIN
			SELECT t.version INTO STRICT v FROM taskdb.tasks t WHERE t.id = task;
			IF i % 4 = 0 THEN
				PERFORM pg_catalog.pg_sleep(0.0005);	-- widen the race window
			END IF;
			r := taskdb.update_task(task, title => format('client %s, iteration %s', client, i),
									expected_version => v);
			INSERT INTO conc_log (test, session, iter, task_id, outcome, version, message)
			VALUES ('occ', client, i, task, 'ok', r.version, r.title);
		EXCEPTION WHEN OTHERS THEN
			INSERT INTO conc_log (test, session, iter, task_id, outcome, version, message)
			VALUES ('occ', client, i, task, SQLSTATE, v, SQLERRM);
		END;
		COMMIT;
	END LOOP;
END
$$;
