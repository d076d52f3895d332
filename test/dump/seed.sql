-- Data for the dump/restore round trip (through the raw path, so at any
-- version from 1.2 on): projects, tasks in and
-- out of projects, ids set explicitly far ahead, gaps from deletes, rows
-- updated through the API and through plain SQL (version > 1), awkward
-- text, and a projects sequence left with is_called = false.
\set ON_ERROR_STOP on
SELECT count(*)
FROM unnest(ARRAY['Alpha', 'Beta', 'Gamma ü 日本', 'Delta''s "quoted"', 'back\slash']) AS n,
	LATERAL taskdb.create_project(n) AS p;
SELECT count(*) FROM taskdb.create_tasks(ARRAY(
	SELECT CASE i % 4 WHEN 0 THEN format('loose %s', i)
					  WHEN 1 THEN format('it''s loose %s ✓', i)
					  WHEN 2 THEN format(E'two\nlines \\ %s', i)
					  ELSE repeat('ß', 250) || lpad(i::text, 5, '0') END
	FROM generate_series(1, 150) AS i));
SELECT count(*) FROM taskdb.projects p,
	LATERAL taskdb.create_tasks(ARRAY(SELECT format('in %s: %s', p.name, i)
									   FROM generate_series(1, 25) AS i), p.id);
-- ids set explicitly, far ahead of the sequences
INSERT INTO taskdb.tasks (id, title, done, project_id) VALUES
	(1000000, 'far ahead', true, NULL),
	(1000001, 'far ahead, in a project', false, (SELECT min(id) FROM taskdb.projects));
INSERT INTO taskdb.projects (id, name) VALUES (500000, 'far ahead project');
INSERT INTO taskdb.tasks (id, title, project_id) VALUES (1000004, 'far ahead, far project', 500000);
-- gaps
DELETE FROM taskdb.tasks WHERE id % 7 = 3;
SELECT (taskdb.delete_project((SELECT id FROM taskdb.projects WHERE name = 'Beta'), "cascade" => true)).name;
-- versions above 1, through the API and through plain SQL
SELECT count(*) FROM taskdb.tasks t, LATERAL taskdb.update_task(t.id, done => true) u WHERE t.id % 4 = 0;
SELECT count(*) FROM taskdb.tasks t, LATERAL taskdb.update_task(t.id, title => 'edited ' || t.id) u WHERE t.id % 8 = 0;
UPDATE taskdb.tasks SET title = title WHERE id % 5 = 0;
SELECT count(*) FROM taskdb.tasks t, LATERAL taskdb.update_task(t.id, clear_project => true) u
	WHERE t.id % 11 = 0 AND t.project_id IS NOT NULL;
-- the next project id is a free one, not yet called
SELECT setval('taskdb.projects_id_seq',
			  (SELECT max(id) FROM taskdb.projects WHERE id < 500000) + 10, false);
