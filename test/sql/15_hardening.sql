--
-- 15_hardening: what a careless user or an attacker with table privileges
-- can do to the tables under the API, and the answers every path must give.
--
--   - A BEFORE row trigger that returns NULL (or a rule, or a row security
--     policy) makes a write come back without its row: every path reports
--     it, SQLSTATE 09000, and never makes up the row (this crashed the
--     server once: raw create_task dereferenced the row it did not get);
--     a write of many rows names the first it did not get back.
--   - A BEFORE trigger that changes values: every path returns the row as
--     stored.  An AFTER trigger that raises: its error, as it raised it.
--   - A write that changes nothing still needs the privilege to write: the
--     orm and model paths, which send nothing then, check it as the raw
--     and builder paths' statements do.
--   - Errors quote at most a short prefix of what the caller gave; a title
--     filter longer than a title can be is refused.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
\set SHOW_CONTEXT never
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;

-- outcome(sql): the SQLSTATE and message of running sql, or 'ok'
CREATE FUNCTION pg_temp.outcome(sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE sql;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

SELECT id, name FROM taskdb.create_project('p1');
SELECT id, name FROM taskdb.create_project('p2');
SELECT id, title FROM taskdb.create_tasks(ARRAY['t1', 't2', 't3'], 1);

--
-- A BEFORE INSERT trigger on tasks that returns NULL.
--
CREATE FUNCTION pg_temp.skip_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RETURN NULL;
END
$$;
CREATE TRIGGER skip_insert BEFORE INSERT ON taskdb.tasks
	FOR EACH ROW EXECUTE FUNCTION pg_temp.skip_row();

SELECT taskdb.create_task('x');
SELECT taskdb.create_task('x', 1);
SELECT taskdb.create_task('x', 999);
SELECT p, pg_temp.outcome(format('SELECT taskdb.%screate_task(%L)', p, 'x')) AS no_project,
	   pg_temp.outcome(format('SELECT taskdb.%screate_task(%L, 1)', p, 'x')) AS in_project_1
FROM unnest(ARRAY['raw_', 'builder_', 'orm_']) p;
SELECT pg_temp.outcome($$SELECT taskdb.model_create_task('{"title": "x", "project_id": 1}')$$);
SELECT taskdb.create_tasks(ARRAY['a', 'b']);
SELECT p, pg_temp.outcome(format('SELECT count(*) FROM taskdb.%screate_tasks(ARRAY[%L, %L], 1)', p, 'a', 'b'))
FROM unnest(ARRAY['raw_', 'builder_', 'orm_']) p;
-- nothing was written by any of them
SELECT count(*) FROM taskdb.tasks;
DROP TRIGGER skip_insert ON taskdb.tasks;

-- a trigger that skips only some rows of a batch: all or none
CREATE FUNCTION pg_temp.skip_b() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.title = 'b' THEN RETURN NULL; END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER skip_b BEFORE INSERT ON taskdb.tasks
	FOR EACH ROW EXECUTE FUNCTION pg_temp.skip_b();
SELECT p, pg_temp.outcome(format('SELECT count(*) FROM taskdb.%screate_tasks(ARRAY[%L, %L, %L])', p, 'a', 'b', 'c'))
FROM unnest(ARRAY['raw_', 'builder_', 'orm_']) p;
SELECT count(*) FROM taskdb.tasks;
DROP TRIGGER skip_b ON taskdb.tasks;

-- the same on projects
CREATE TRIGGER skip_insert BEFORE INSERT ON taskdb.projects
	FOR EACH ROW EXECUTE FUNCTION pg_temp.skip_row();
SELECT taskdb.create_project('x');
SELECT p, pg_temp.outcome(format('SELECT taskdb.%screate_project(%L)', p, 'x'))
FROM unnest(ARRAY['raw_', 'builder_', 'orm_']) p;
SELECT pg_temp.outcome($$SELECT taskdb.model_create_project('{"name": "x"}')$$);
DROP TRIGGER skip_insert ON taskdb.projects;

-- a rule that turns the INSERT into nothing: PostgreSQL itself refuses
-- INSERT ... RETURNING on such a table, on every path
CREATE RULE swallow AS ON INSERT TO taskdb.tasks DO INSTEAD NOTHING;
SELECT taskdb.create_task('x');
SELECT pg_temp.outcome($$SELECT taskdb.orm_create_task('x')$$);
DROP RULE swallow ON taskdb.tasks;

--
-- A BEFORE UPDATE trigger on tasks that returns NULL: the task exists, is
-- at the expected version, the project exists, so the trigger took it.
--
CREATE TRIGGER skip_update BEFORE UPDATE ON taskdb.tasks
	FOR EACH ROW EXECUTE FUNCTION pg_temp.skip_row();
SELECT taskdb.update_task(1, 'new title');
SELECT taskdb.update_task(1, 'new title', expected_version => 1);
SELECT taskdb.update_task(1, project_id => 2);
-- the real reasons still come first
SELECT taskdb.update_task(1, 'new title', expected_version => 7);
SELECT taskdb.update_task(1, project_id => 999);
SELECT taskdb.update_task(999, 'new title');
SELECT p, pg_temp.outcome(format('SELECT taskdb.%supdate_task(1, %L)', p, 'new title')) AS plain,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(1, %L, expected_version => 1)', p, 'new title')) AS versioned,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(1, %L, expected_version => 7)', p, 'new title')) AS stale
FROM unnest(ARRAY['raw_', 'builder_', 'orm_']) p;
SELECT pg_temp.outcome($$SELECT taskdb.model_update_task(1, '{"title": "new title", "version": 1}')$$);
SELECT pg_temp.outcome($$SELECT taskdb.complete_project(1)$$);
SELECT pg_temp.outcome($$SELECT taskdb.move_tasks(ARRAY[1, 2], 2)$$);
SELECT id, title, done, project_id, version FROM taskdb.tasks ORDER BY id;
DROP TRIGGER skip_update ON taskdb.tasks;

-- a trigger that takes only task 2 of the three: the one UPDATE of
-- complete_project and move_tasks, and the one DELETE of delete_project's
-- tasks on every path, get two rows of three back; the call names the one
-- it did not get (the delete counts them) and writes nothing
CREATE FUNCTION pg_temp.skip_task_2() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.id = 2 THEN
		RETURN NULL;
	END IF;
	RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER skip_2 BEFORE UPDATE OR DELETE ON taskdb.tasks
	FOR EACH ROW EXECUTE FUNCTION pg_temp.skip_task_2();
SELECT pg_temp.outcome($$SELECT taskdb.complete_project(1)$$) AS complete_project,
	   pg_temp.outcome($$SELECT taskdb.move_tasks(ARRAY[1, 2, 3], 2)$$) AS move_tasks;
SELECT p, pg_temp.outcome(format('SELECT taskdb.%sdelete_project(1, true)', p)) AS delete_project_cascade
FROM unnest(ARRAY['', 'raw_', 'builder_', 'orm_']) p;
SELECT pg_temp.outcome($$SELECT taskdb.model_delete_project(1, true)$$);
SELECT id, title, done, project_id, version FROM taskdb.tasks ORDER BY id;
DROP TRIGGER skip_2 ON taskdb.tasks;

--
-- A BEFORE DELETE trigger that returns NULL, on tasks and on projects.
--
CREATE TRIGGER skip_delete BEFORE DELETE ON taskdb.tasks
	FOR EACH ROW EXECUTE FUNCTION pg_temp.skip_row();
SELECT taskdb.delete_task(1);
SELECT taskdb.delete_task(999);
SELECT p, pg_temp.outcome(format('SELECT taskdb.%sdelete_task(1)', p)) AS delete_task,
	   pg_temp.outcome(format('SELECT taskdb.%sdelete_project(1, true)', p)) AS delete_project_cascade
FROM unnest(ARRAY['raw_', 'builder_', 'orm_']) p;
SELECT pg_temp.outcome($$SELECT taskdb.model_delete_task(1)$$);
SELECT pg_temp.outcome($$SELECT taskdb.model_delete_project(1, true)$$);
DROP TRIGGER skip_delete ON taskdb.tasks;
CREATE TRIGGER skip_delete BEFORE DELETE ON taskdb.projects
	FOR EACH ROW EXECUTE FUNCTION pg_temp.skip_row();
SELECT taskdb.delete_project(2);
SELECT p, pg_temp.outcome(format('SELECT taskdb.%sdelete_project(2)', p))
FROM unnest(ARRAY['raw_', 'builder_', 'orm_']) p;
SELECT pg_temp.outcome($$SELECT taskdb.model_delete_project(2)$$);
DROP TRIGGER skip_delete ON taskdb.projects;
SELECT (SELECT count(*) FROM taskdb.tasks) AS tasks, (SELECT count(*) FROM taskdb.projects) AS projects;

--
-- A BEFORE trigger that changes what is written: every path hands back
-- the row as it was stored.
--
CREATE FUNCTION pg_temp.shout() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.title := upper(NEW.title) || '!';
	RETURN NEW;
END
$$;
CREATE TRIGGER shout BEFORE INSERT OR UPDATE ON taskdb.tasks
	FOR EACH ROW EXECUTE FUNCTION pg_temp.shout();
SELECT title FROM taskdb.create_task('raw');
SELECT title FROM taskdb.builder_create_task('builder');
SELECT title FROM taskdb.orm_create_task('orm');
SELECT taskdb.model_create_task('{"title": "model"}')->>'title' AS title;
SELECT title FROM taskdb.create_tasks(ARRAY['bulk']);
SELECT title FROM taskdb.update_task(1, 'raw update');
SELECT title FROM taskdb.orm_update_task(1, 'orm update');
DROP TRIGGER shout ON taskdb.tasks;

-- an AFTER trigger that raises: its own SQLSTATE and message, on every path
CREATE FUNCTION pg_temp.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'refused by policy' USING ERRCODE = 'TD001';
END
$$;
CREATE TRIGGER refuse AFTER INSERT ON taskdb.tasks
	FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse();
SELECT p, pg_temp.outcome(format('SELECT taskdb.%screate_task(%L)', p, 'x'))
FROM unnest(ARRAY['raw_', 'builder_', 'orm_']) p;
SELECT pg_temp.outcome($$SELECT taskdb.model_create_task('{"title": "x"}')$$);
SELECT pg_temp.outcome($$SELECT count(*) FROM taskdb.create_tasks(ARRAY['x'])$$);
DROP TRIGGER refuse ON taskdb.tasks;

--
-- A row security policy that hides task 2 from UPDATE and DELETE (but not
-- from SELECT): the set-based writes report it as a trigger's skip is
-- reported, 09000 naming task 2 (the delete counts it), and write nothing.
-- delete_project(cascade) needs UPDATE of some column of tasks, for the
-- lock in id order it takes when another transaction holds a task,
-- whether it takes it or not.
--
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
SELECT id, name FROM taskdb.create_project('p1');
SELECT id, name FROM taskdb.create_project('p2');
SELECT id, title FROM taskdb.create_tasks(ARRAY['t1', 't2', 't3'], 1);
CREATE ROLE regress_taskdb_writer;
GRANT USAGE ON SCHEMA taskdb TO regress_taskdb_writer;
GRANT SELECT, DELETE ON taskdb.tasks, taskdb.projects TO regress_taskdb_writer;
GRANT UPDATE ON taskdb.projects TO regress_taskdb_writer;
SET ROLE regress_taskdb_writer;
SELECT p, pg_temp.outcome(format('SELECT taskdb.%sdelete_project(1, true)', p)) AS without_update
FROM unnest(ARRAY['', 'raw_', 'builder_', 'orm_']) p;
SELECT pg_temp.outcome($$SELECT taskdb.model_delete_project(1, true)$$);
RESET ROLE;
GRANT UPDATE ON taskdb.tasks TO regress_taskdb_writer;
ALTER TABLE taskdb.tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY see_all ON taskdb.tasks FOR SELECT USING (true);
CREATE POLICY update_not_2 ON taskdb.tasks FOR UPDATE USING (id <> 2);
CREATE POLICY delete_not_2 ON taskdb.tasks FOR DELETE USING (id <> 2);
SET ROLE regress_taskdb_writer;
SELECT pg_temp.outcome($$SELECT taskdb.complete_project(1)$$) AS complete_project,
	   pg_temp.outcome($$SELECT taskdb.move_tasks(ARRAY[1, 2, 3], 2)$$) AS move_tasks;
SELECT p, pg_temp.outcome(format('SELECT taskdb.%sdelete_project(1, true)', p)) AS delete_project_cascade
FROM unnest(ARRAY['', 'raw_', 'builder_', 'orm_']) p;
SELECT pg_temp.outcome($$SELECT taskdb.model_delete_project(1, true)$$);
-- tasks 1 and 3 may be written: the same calls on them alone succeed
SELECT taskdb.move_tasks(ARRAY[1, 3], 2) AS moved;
SELECT taskdb.complete_project(2) AS completed;
RESET ROLE;
SELECT id, title, done, project_id, version FROM taskdb.tasks ORDER BY id;
DROP POLICY see_all ON taskdb.tasks;
DROP POLICY update_not_2 ON taskdb.tasks;
DROP POLICY delete_not_2 ON taskdb.tasks;
ALTER TABLE taskdb.tasks DISABLE ROW LEVEL SECURITY;
REVOKE ALL ON taskdb.tasks, taskdb.projects FROM regress_taskdb_writer;
REVOKE ALL ON SCHEMA taskdb FROM regress_taskdb_writer;
DROP ROLE regress_taskdb_writer;

--
-- A write that changes nothing needs the privilege all the same.  The
-- reader may SELECT but not UPDATE: raw and builder send an UPDATE (or,
-- given nothing, SELECT ... FOR UPDATE) and get 42501; the orm and model
-- send nothing, and must say the same.
--
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
SELECT id FROM taskdb.create_project('p1');
SELECT id, title, done FROM taskdb.create_task('same', 1);
SELECT taskdb.complete_project(1);
CREATE ROLE regress_taskdb_reader;
GRANT USAGE ON SCHEMA taskdb TO regress_taskdb_reader;
GRANT SELECT ON taskdb.tasks, taskdb.projects TO regress_taskdb_reader;
SET ROLE regress_taskdb_reader;
SELECT p, pg_temp.outcome(format('SELECT taskdb.%supdate_task(1, %L)', p, 'same')) AS same_title,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(1)', p)) AS nothing_given,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(1, project_id => 1)', p)) AS same_project
FROM unnest(ARRAY['raw_', 'builder_', 'orm_']) p;
SELECT pg_temp.outcome($$SELECT taskdb.model_update_task(1, '{"title": "same"}')$$) AS same_title,
	   pg_temp.outcome($$SELECT taskdb.model_update_task(1, '{}')$$) AS nothing_given,
	   pg_temp.outcome($$SELECT taskdb.model_update_project(1, '{}')$$) AS project_nothing;
SELECT pg_temp.outcome($$SELECT taskdb.complete_project(1)$$) AS complete_finished,
	   pg_temp.outcome($$SELECT taskdb.move_tasks(ARRAY[1], 1)$$) AS move_to_same;
-- reading is still allowed
SELECT id, title FROM taskdb.orm_get_task(1);
RESET ROLE;
-- UPDATE on one column is UPDATE on some column: nothing given is allowed,
-- the column itself is allowed, another column is not, on every path
GRANT UPDATE (done) ON taskdb.tasks TO regress_taskdb_reader;
SET ROLE regress_taskdb_reader;
SELECT p, pg_temp.outcome(format('SELECT taskdb.%supdate_task(1)', p)) AS nothing_given,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(1, done => true)', p)) AS same_done,
	   pg_temp.outcome(format('SELECT taskdb.%supdate_task(1, %L)', p, 'same')) AS same_title
FROM unnest(ARRAY['raw_', 'builder_', 'orm_']) p;
SELECT pg_temp.outcome($$SELECT taskdb.complete_project(1)$$) AS complete_finished;
RESET ROLE;
REVOKE ALL ON taskdb.tasks, taskdb.projects FROM regress_taskdb_reader;
REVOKE ALL ON SCHEMA taskdb FROM regress_taskdb_reader;
DROP ROLE regress_taskdb_reader;


--
-- Bounds: an error quotes at most 40 characters of what it was given.
--
SELECT length(pg_temp.outcome(format('SELECT taskdb.create_task(%L)', repeat('x', 10000000)))) < 200 AS short;
SELECT pg_temp.outcome(format('SELECT taskdb.create_task(%L)', repeat('x', 10000000)));
SELECT pg_temp.outcome(format('SELECT taskdb.find_tasks(%L::jsonb)',
							  jsonb_build_object(repeat('k', 100000), 1)));
SELECT pg_temp.outcome(format('SELECT taskdb.project_tree(NULL, %L)', repeat('lazy', 100000)));
SELECT pg_temp.outcome(format('SELECT taskdb.model_schema(%L)', repeat('Task', 100000)));
SELECT pg_temp.outcome(format('SELECT taskdb.find_tasks(%L::jsonb)',
							  jsonb_build_object('created_after', repeat('2026', 100000))));
SELECT length(taskdb.model_validate('TaskCreate', jsonb_build_object('title', repeat('é', 1000000)))::text) < 400 AS short,
	   taskdb.model_validate('TaskCreate', jsonb_build_object('title', repeat('é', 1000000))) -> 0 ->> 'input' AS input;
SELECT taskdb.model_validate('TaskCreate', jsonb_build_object(repeat('k', 100000), 1)) -> 1 -> 'loc' AS loc;
SELECT taskdb.model_validate('TaskCreate', jsonb_build_object('title', 1, 'done', jsonb_build_array(repeat('z', 300))))
	-> 1 ->> 'input' AS big_input_as_text;
SELECT taskdb.model_validate_json('TaskCreate', repeat('{', 100000)) -> 0 ->> 'input' AS not_json;
-- title filters longer than a title can be: refused before any scan
SELECT taskdb.find_tasks(jsonb_build_object('title_contains', repeat('x', 256)));
SELECT taskdb.find_tasks(jsonb_build_object('title_prefix', repeat('é', 256)));
SELECT taskdb.project_report(jsonb_build_object('title_contains', repeat('x', 300)));
SELECT count(*) FROM taskdb.find_tasks(jsonb_build_object('title_contains', repeat('é', 255)));
-- taskdb.echo shows a long parameter by its start and its size
SET taskdb.echo = on;
SELECT count(*) FROM taskdb.find_tasks(jsonb_build_object('title_contains', repeat('y', 200)));
SET taskdb.echo = off;

--
-- JSON results are laid out as jsonb by taskdb's own writer, which checks
-- for interrupts as it goes: they must be what PostgreSQL builds from the
-- same rows (more than 32 elements, so that stored end offsets are used).
--
SELECT count(*) FROM taskdb.create_tasks(ARRAY(SELECT repeat('é', g % 7 + 1) || g FROM generate_series(1, 100) g), 1);
SELECT count(*) FROM taskdb.create_tasks(ARRAY(SELECT 'loose ' || g FROM generate_series(1, 40) g));
SELECT taskdb.model_list_tasks('{"limit": 1000}')
	   = (SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id) FROM taskdb.tasks t) AS list_same;
SELECT taskdb.project_tree(load => l)
	   = (SELECT jsonb_agg(to_jsonb(p) || jsonb_build_object('tasks',
			  coalesce((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id) FROM taskdb.tasks t
						WHERE t.project_id = p.id), '[]')) ORDER BY p.id)
		  FROM taskdb.projects p) AS tree_same
FROM unnest(ARRAY['selectin', 'joined', 'lazy']) l;
SELECT (taskdb.project_tree(1) -> 0 -> 'tasks' -> 64 ->> 'title') = (SELECT title FROM taskdb.tasks WHERE id = 65) AS element_65;
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
