-- The concurrency suite's verdicts, one line each, "ok - ..." or
-- "FAIL - ...", computed from conc_log and the tables (psql variables
-- test = occ, occ_orm, occ_model | projects, and task for occ*).
\set ON_ERROR_STOP on
\if :{?task}
\else
\set task 0
\endif
SELECT :'test' LIKE 'occ%' AS is_occ,
	   CASE WHEN :'test' = 'occ' THEN 'optimistic'
			ELSE format('optimistic (%s)', substr(:'test', 5)) END AS label \gset
\if :is_occ
SELECT format('%s - %s: failures are 55000 only (%s other)',
			  CASE WHEN count(*) = 0 THEN 'ok' ELSE 'FAIL' END, :'label', count(*))
	   || coalesce(': ' || string_agg(DISTINCT outcome || ' ' || message, '; '), '')
FROM conc_log WHERE test = :'test' AND outcome NOT IN ('ok', '55000');
SELECT format('%s - %s: task version %s = 1 + %s successful updates',
			  CASE WHEN t.version = 1 + s.n THEN 'ok' ELSE 'FAIL' END, :'label', t.version, s.n)
FROM taskdb.tasks t,
	 (SELECT count(*) AS n FROM conc_log WHERE test = :'test' AND outcome = 'ok') s
WHERE t.id = :task;
SELECT format('%s - %s: each success produced its own version, 2 .. 1 + successes (%s distinct of %s)',
			  CASE WHEN count(DISTINCT version) = count(*)
					AND min(version) = 2 AND max(version) = count(*) + 1
			  THEN 'ok' ELSE 'FAIL' END, :'label', count(DISTINCT version), count(*))
FROM conc_log WHERE test = :'test' AND outcome = 'ok';
SELECT format('%s - %s: every success wrote over the version it expected (version = expected + 1; %s did not)',
			  CASE WHEN count(*) = 0 THEN 'ok' ELSE 'FAIL' END, :'label', count(*))
FROM conc_log WHERE test = :'test' AND outcome = 'ok' AND version IS DISTINCT FROM expected + 1;
SELECT format('%s - %s: every 55000 names the task and a version other than the one expected (%s do not)',
			  CASE WHEN count(*) = 0 THEN 'ok' ELSE 'FAIL' END, :'label', count(*))
	   || coalesce(': ' || min(message), '')
FROM conc_log
WHERE test = :'test' AND outcome = '55000'
  AND (message !~ ('^task ' || task_id || ' is at version [0-9]+, not the expected version ' || version || '$')
	   OR message ~ ('^task ' || task_id || ' is at version ' || version || ','));
SELECT format('%s - %s: the stored title is the last successful write''s',
			  CASE WHEN t.title = l.message THEN 'ok' ELSE 'FAIL' END, :'label')
FROM taskdb.tasks t,
	 (SELECT message FROM conc_log WHERE test = :'test' AND outcome = 'ok'
	  ORDER BY version DESC LIMIT 1) l
WHERE t.id = :task;
SELECT format('%s - %s: the clients did race (%s conflicts, %s successes, %s clients succeeded)',
			  CASE WHEN count(*) FILTER (WHERE outcome = '55000') > 0 THEN 'ok' ELSE 'FAIL' END,
			  :'label',
			  count(*) FILTER (WHERE outcome = '55000'),
			  count(*) FILTER (WHERE outcome = 'ok'),
			  count(DISTINCT session) FILTER (WHERE outcome = 'ok'))
FROM conc_log WHERE test = :'test';
\else
SELECT format('%s - projects: only 23503 and P0002 errors (%s other)',
			  CASE WHEN count(*) = 0 THEN 'ok' ELSE 'FAIL' END, count(*))
	   || coalesce(': ' || string_agg(DISTINCT outcome || ' ' || message, '; '), '')
FROM conc_log WHERE test = 'projects' AND outcome NOT IN ('ok', '23503', 'P0002');
SELECT format('%s - projects: no task references a missing project now (%s)',
			  CASE WHEN count(*) = 0 THEN 'ok' ELSE 'FAIL' END, count(*))
FROM taskdb.tasks t
WHERE t.project_id IS NOT NULL
  AND NOT EXISTS (SELECT FROM taskdb.projects p WHERE p.id = t.project_id);
SELECT format('%s - projects: no task referenced a missing project in any of %s looks during the run',
			  CASE WHEN count(*) FILTER (WHERE outcome <> 'ok') = 0 AND count(*) > 0
			  THEN 'ok' ELSE 'FAIL' END, count(*))
FROM conc_log WHERE test = 'monitor';
SELECT format('%s - projects: every delete_project that succeeded left no project behind',
			  CASE WHEN count(*) = 0 THEN 'ok' ELSE 'FAIL' END)
FROM conc_log l JOIN taskdb.projects p ON p.id = l.project_id
WHERE l.test = 'projects' AND l.session = 'deleter' AND l.outcome = 'ok';
WITH made AS (		-- every task a creator made or moved, with the project
	SELECT task_id, project_id FROM conc_log
	WHERE test = 'projects' AND session <> 'deleter' AND outcome = 'ok'
), cascaded AS (	-- projects deleted with their tasks
	SELECT project_id FROM conc_log
	WHERE test = 'projects' AND session = 'deleter' AND outcome = 'ok' AND "cascade"
), gone AS (
	SELECT DISTINCT m.task_id FROM made m
	LEFT JOIN taskdb.tasks t ON t.id = m.task_id
	WHERE t.id IS NULL
), explained AS (
	SELECT DISTINCT m.task_id FROM made m JOIN cascaded c USING (project_id)
)
SELECT format('%s - projects: a created task is still there unless its project was deleted with cascade (%s lost)',
			  CASE WHEN count(*) = 0 THEN 'ok' ELSE 'FAIL' END, count(*))
FROM gone g LEFT JOIN explained e USING (task_id)
WHERE e.task_id IS NULL;
WITH failed_titles AS (
	SELECT unnest(ARRAY[format('%s/%s', session, iter), format('%s/%s a', session, iter),
						format('%s/%s b', session, iter), format('%s/%s c', session, iter)]) AS title
	FROM conc_log
	WHERE test = 'projects' AND outcome <> 'ok' AND action IN ('create_task', 'create_tasks')
)
SELECT format('%s - projects: a failed create_task(s) left no row of its own (%s left)',
			  CASE WHEN count(*) = 0 THEN 'ok' ELSE 'FAIL' END, count(*))
FROM failed_titles f JOIN taskdb.tasks t ON t.title::text = f.title;
SELECT format('%s - projects: the race was exercised (%s deletes, %s tasks created, %s refused with 23503 of which %s by the foreign key itself)',
			  CASE WHEN count(*) FILTER (WHERE session = 'deleter' AND outcome = 'ok') > 0
					AND count(*) FILTER (WHERE session <> 'deleter' AND outcome = '23503') > 0
			  THEN 'ok' ELSE 'FAIL' END,
			  count(*) FILTER (WHERE session = 'deleter' AND outcome = 'ok'),
			  count(*) FILTER (WHERE session <> 'deleter' AND outcome = 'ok' AND action <> 'update_task'),
			  count(*) FILTER (WHERE session <> 'deleter' AND outcome = '23503'),
			  count(*) FILTER (WHERE session <> 'deleter' AND outcome = '23503'
							   AND message LIKE '%violates foreign key constraint%'))
FROM conc_log WHERE test = 'projects';
\endif
