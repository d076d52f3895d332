-- One optimistic-concurrency client (psql variables client, task, iters,
-- and path = raw | orm | model, test = the conc_log test name): each
-- iteration, in its own transaction, reads the task's version and updates
-- the title through the path, expecting that version (raw and orm:
-- update_task / orm_update_task with expected_version; model:
-- model_update_task with "version" in the patch); a success is logged with
-- the version it produced and the title it returned, a failure with its
-- SQLSTATE.  Nothing is retried.
\set ON_ERROR_STOP on
\if :{?path}
\else
\set path raw
\endif
\if :{?test}
\else
\set test occ
\endif
SELECT set_config('conc.client', :'client', false),
	   set_config('conc.task', :'task', false),
	   set_config('conc.iters', :'iters', false),
	   set_config('conc.path', :'path', false),
	   set_config('conc.test', :'test', false) \g /dev/null
DO $$
DECLARE
	client text := current_setting('conc.client');
	task bigint := current_setting('conc.task')::bigint;
	path text := current_setting('conc.path');
	test text := current_setting('conc.test');
	title text;
	v integer;
	r taskdb.tasks;
	j jsonb;
BEGIN
	FOR i IN 1 .. current_setting('conc.iters')::integer LOOP
		BEGIN
			SELECT t.version INTO STRICT v FROM taskdb.tasks t WHERE t.id = task;
			IF i % 4 = 0 THEN
				PERFORM pg_catalog.pg_sleep(0.0005);	-- widen the race window
			END IF;
			title := format('client %s, iteration %s', client, i);
			IF path = 'raw' THEN
				r := taskdb.update_task(task, title => title, expected_version => v);
			ELSIF path = 'orm' THEN
				r := taskdb.orm_update_task(task, title => title, expected_version => v);
			ELSIF path = 'model' THEN
				j := taskdb.model_update_task(task, jsonb_build_object('title', title, 'version', v));
				r.version := (j ->> 'version')::integer;
				r.title := j ->> 'title';
			ELSE
				RAISE EXCEPTION 'unknown path %', path;
			END IF;
			INSERT INTO conc_log (test, session, iter, task_id, outcome, version, expected, message)
			VALUES (test, client, i, task, 'ok', r.version, v, r.title);
		EXCEPTION WHEN OTHERS THEN
			INSERT INTO conc_log (test, session, iter, task_id, outcome, version, expected, message)
			VALUES (test, client, i, task, SQLSTATE, v, v, SQLERRM);
		END;
		COMMIT;
	END LOOP;
END
$$;
