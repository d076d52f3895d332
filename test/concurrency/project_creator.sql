-- A creator (psql variables client, iters): until the deleter is done (or
-- iters iterations), adds tasks to the newest project -- or to the one
-- before it, which may be gone -- with create_task, create_tasks, or
-- update_task moving one of its own tasks there.  Each call is its own
-- transaction and is logged with its outcome and the task ids it made.
\set ON_ERROR_STOP on
SELECT set_config('conc.client', :'client', false),
	   set_config('conc.iters', :'iters', false) \g /dev/null
DO $$
DECLARE
	client text := current_setting('conc.client');
	p bigint;
	mine bigint;
	act text;
	ids bigint[];
BEGIN
	FOR i IN 1 .. current_setting('conc.iters')::integer LOOP
		EXIT WHEN (SELECT stop FROM conc_control);
		SELECT max(id) - (random() < 0.2)::integer INTO p FROM taskdb.projects;
		CONTINUE WHEN p IS NULL;
		act := (ARRAY['create_task', 'create_task', 'create_tasks', 'update_task'])[1 + i % 4];
		BEGIN
			IF act = 'create_task' THEN
				ids := ARRAY[(taskdb.create_task(format('%s/%s', client, i), p)).id];
			ELSIF act = 'create_tasks' THEN
				SELECT array_agg(t.id) INTO ids
				FROM taskdb.create_tasks(ARRAY[format('%s/%s a', client, i),
											   format('%s/%s b', client, i),
											   format('%s/%s c', client, i)], p) t;
			ELSE
				SELECT max(task_id) INTO mine FROM conc_log
				WHERE test = 'projects' AND session = client AND outcome = 'ok';
				CONTINUE WHEN mine IS NULL;
				ids := ARRAY[(taskdb.update_task(mine, project_id => p)).id];
			END IF;
			INSERT INTO conc_log (test, session, iter, action, project_id, task_id, outcome)
			SELECT 'projects', client, i, act, p, id, 'ok' FROM unnest(ids) AS id;
		EXCEPTION WHEN OTHERS THEN
			INSERT INTO conc_log (test, session, iter, action, project_id, outcome, message)
			VALUES ('projects', client, i, act, p, SQLSTATE, SQLERRM);
		END;
		COMMIT;
	END LOOP;
END
$$;
