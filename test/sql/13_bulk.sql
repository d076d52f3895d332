--
-- 13_bulk: create_tasks loads by multi-insert, as COPY FROM does, and
-- must behave as the INSERT statement would: defaults, constraints, index
-- entries, triggers, privileges, all rows or none.  Where the table has
-- something multi-insert cannot honour (a BEFORE row trigger, a rule, row
-- level security, a volatile default) the INSERT statement runs instead;
-- taskdb.echo shows which way each call went.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
SET taskdb.echo = on;

-- the plain table: multi-insert; every other column from its default
SELECT id, title, done, project_id, version, created_at = now() AS created_now
FROM taskdb.create_tasks(ARRAY['one', 'two', 'ünï 日本']);
-- in a project (the project is checked first, then rows carry it)
SELECT id, name FROM taskdb.create_project('bulk project');
SELECT id, title, project_id FROM taskdb.create_tasks(ARRAY['p1', 'p2'], 1);
SELECT taskdb.create_tasks(ARRAY['nowhere'], 999);
-- nothing to load: nothing sent
SELECT count(*) FROM taskdb.create_tasks('{}');
-- an array with other bounds: positions are the array's own
SELECT id, title FROM taskdb.create_tasks('[5:6]={five,six}');
SET taskdb.echo = off;

--
-- Several batches (a batch holds 1000 rows): every row back, in order,
-- ids consecutive, and each row readable afterwards.
--
SELECT count(*) AS rows, count(DISTINCT id) AS ids, max(id) - min(id) + 1 AS span,
       bool_and(title = 'b' || (id - 7)) AS in_order
FROM taskdb.create_tasks(ARRAY(SELECT 'b' || g FROM generate_series(1, 2500) g));
SELECT count(*) FROM taskdb.tasks WHERE title LIKE 'b%';

--
-- All or none: a unique violation in the third batch, at position 2100,
-- undoes the whole load; the error names the position.
--
CREATE UNIQUE INDEX bulk_title_once ON taskdb.tasks (title);
SELECT count(*) FROM taskdb.create_tasks(ARRAY(SELECT CASE WHEN g = 2100 THEN 'b7' ELSE 'c' || g END
                                               FROM generate_series(1, 2500) g));
SELECT count(*) FROM taskdb.tasks WHERE title LIKE 'c%';
-- a duplicate within the load itself
SELECT count(*) FROM taskdb.create_tasks(ARRAY['d1', 'd2', 'd1']);
SELECT count(*) FROM taskdb.tasks WHERE title LIKE 'd%';
DROP INDEX taskdb.bulk_title_once;

-- a primary key taken by hand: the sequence's next ids collide
SELECT pg_get_serial_sequence('taskdb.tasks', 'id') AS seq \gset
INSERT INTO taskdb.tasks (id, title) OVERRIDING SYSTEM VALUE
SELECT last_value + 2, 'taken' FROM :seq;
SELECT count(*) FROM taskdb.create_tasks(ARRAY['free', 'collides']);
SELECT count(*) FROM taskdb.tasks WHERE title IN ('free', 'collides');

-- a CHECK constraint added by the user holds on every row (terse: the
-- failing row's detail shows the time)
ALTER TABLE taskdb.tasks ADD CONSTRAINT bulk_no_x CHECK (title <> 'x');
\set VERBOSITY terse
SELECT count(*) FROM taskdb.create_tasks(ARRAY['fine', 'x']);
\set VERBOSITY default
SELECT count(*) FROM taskdb.tasks WHERE title = 'fine';
ALTER TABLE taskdb.tasks DROP CONSTRAINT bulk_no_x;

--
-- Triggers: AFTER ROW triggers fire once per row, statement triggers
-- once per call, on the multi-insert path.
--
CREATE TABLE public.bulk_log (event text, task_id bigint);
CREATE FUNCTION public.bulk_log_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO public.bulk_log
	VALUES (TG_WHEN || ' ' || TG_LEVEL, CASE WHEN TG_LEVEL = 'ROW' THEN NEW.id END);
	RETURN NULL;
END
$$;
CREATE TRIGGER bulk_after_row AFTER INSERT ON taskdb.tasks
	FOR EACH ROW EXECUTE FUNCTION public.bulk_log_event();
CREATE TRIGGER bulk_before_stmt BEFORE INSERT ON taskdb.tasks
	FOR EACH STATEMENT EXECUTE FUNCTION public.bulk_log_event();
CREATE TRIGGER bulk_after_stmt AFTER INSERT ON taskdb.tasks
	FOR EACH STATEMENT EXECUTE FUNCTION public.bulk_log_event();
SET taskdb.echo = on;
SELECT count(*) FROM taskdb.create_tasks(ARRAY(SELECT 'e' || g FROM generate_series(1, 1500) g));
SET taskdb.echo = off;
SELECT event, count(*), count(DISTINCT task_id) AS tasks FROM public.bulk_log GROUP BY event ORDER BY event;
SELECT count(*) AS logged_rows_match FROM public.bulk_log l JOIN taskdb.tasks t ON t.id = l.task_id
WHERE t.title LIKE 'e%';
DROP TRIGGER bulk_after_row ON taskdb.tasks;
DROP TRIGGER bulk_before_stmt ON taskdb.tasks;
DROP TRIGGER bulk_after_stmt ON taskdb.tasks;

-- a BEFORE ROW trigger may change each row: the INSERT statement runs,
-- and the rows handed back are the rows stored
CREATE FUNCTION public.bulk_shout() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.title := upper(NEW.title);
	RETURN NEW;
END
$$;
CREATE TRIGGER bulk_before_row BEFORE INSERT ON taskdb.tasks
	FOR EACH ROW EXECUTE FUNCTION public.bulk_shout();
SET taskdb.echo = on;
SELECT title FROM taskdb.create_tasks(ARRAY['quiet', 'please']);
SET taskdb.echo = off;
SELECT count(*) FROM taskdb.tasks WHERE title IN ('QUIET', 'PLEASE');
DROP TRIGGER bulk_before_row ON taskdb.tasks;

-- a rule rewrites INSERT (COPY would ignore it): the INSERT statement runs
CREATE RULE bulk_also AS ON INSERT TO taskdb.tasks
	DO ALSO INSERT INTO public.bulk_log VALUES ('rule', NEW.id);
SET taskdb.echo = on;
SELECT count(*) FROM taskdb.create_tasks(ARRAY['ruled']);
SET taskdb.echo = off;
SELECT count(*) FROM public.bulk_log WHERE event = 'rule';
DROP RULE bulk_also ON taskdb.tasks;

-- a volatile default could read the table mid-batch: the INSERT statement
ALTER TABLE taskdb.tasks ALTER COLUMN done SET DEFAULT (random() > 2);
SET taskdb.echo = on;
SELECT title, done FROM taskdb.create_tasks(ARRAY['volatile']);
SET taskdb.echo = off;
ALTER TABLE taskdb.tasks ALTER COLUMN done SET DEFAULT false;
-- a stable default is evaluated per row on the multi-insert path
ALTER TABLE taskdb.tasks ALTER COLUMN done SET DEFAULT (current_setting('bulk.done', true) = 'yes');
SET bulk.done = 'yes';
SET taskdb.echo = on;
SELECT title, done FROM taskdb.create_tasks(ARRAY['stable default']);
SET taskdb.echo = off;
ALTER TABLE taskdb.tasks ALTER COLUMN done SET DEFAULT false;

--
-- Privileges are those of INSERT ... RETURNING: INSERT on the titles
-- (and project), SELECT on the rows handed back.
--
CREATE ROLE regress_taskdb_bulk;
GRANT USAGE ON SCHEMA taskdb TO regress_taskdb_bulk;
SET ROLE regress_taskdb_bulk;
SELECT count(*) FROM taskdb.create_tasks(ARRAY['no grant']);
RESET ROLE;
GRANT INSERT (title) ON taskdb.tasks TO regress_taskdb_bulk;
SET ROLE regress_taskdb_bulk;
SELECT count(*) FROM taskdb.create_tasks(ARRAY['insert only']);
RESET ROLE;
GRANT SELECT ON taskdb.tasks TO regress_taskdb_bulk;
SET ROLE regress_taskdb_bulk;
SET taskdb.echo = on;
SELECT title FROM taskdb.create_tasks(ARRAY['column grant']);
SET taskdb.echo = off;
RESET ROLE;

-- row level security: the INSERT statement runs and the policy holds
ALTER TABLE taskdb.tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY bulk_read ON taskdb.tasks FOR SELECT TO regress_taskdb_bulk USING (true);
CREATE POLICY bulk_only_ok ON taskdb.tasks FOR INSERT TO regress_taskdb_bulk
	WITH CHECK (title LIKE 'ok%');
SET ROLE regress_taskdb_bulk;
SET taskdb.echo = on;
SELECT title FROM taskdb.create_tasks(ARRAY['ok 1', 'ok 2']);
SELECT title FROM taskdb.create_tasks(ARRAY['ok 3', 'not ok']);
SET taskdb.echo = off;
RESET ROLE;
SELECT title FROM taskdb.tasks WHERE title LIKE 'ok%' OR title = 'not ok' ORDER BY id;
DROP POLICY bulk_read ON taskdb.tasks;
DROP POLICY bulk_only_ok ON taskdb.tasks;
ALTER TABLE taskdb.tasks DISABLE ROW LEVEL SECURITY;

REVOKE ALL ON taskdb.tasks FROM regress_taskdb_bulk;
REVOKE ALL ON SCHEMA taskdb FROM regress_taskdb_bulk;
DROP ROLE regress_taskdb_bulk;
DROP TABLE public.bulk_log;
DROP FUNCTION public.bulk_log_event();
DROP FUNCTION public.bulk_shout();

-- the statistics count one insert statement per load, and every row
SELECT taskdb.path_stats_reset();
SELECT count(*) FROM taskdb.create_tasks(ARRAY['s1', 's2', 's3']);
SELECT calls, inserts, statements, rows FROM taskdb.path_statistics() WHERE path = 'raw';
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
