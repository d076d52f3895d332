-- A 1.0 database with a few hundred varied tasks: quotes, backslashes,
-- control characters, non-ASCII and 255-character titles, both done
-- states, distinct timestamps, and gaps in the ids.
\set ON_ERROR_STOP on
INSERT INTO taskdb.tasks (title, done, created_at)
SELECT CASE i % 8
		   WHEN 0 THEN format('it''s task %s, isn''t it', i)
		   WHEN 1 THEN format('back\slash \\ and \n literal %s', i)
		   WHEN 2 THEN format('Ünïcødé tâche %s — 日本語の課題 ✓ 🚀', i)
		   WHEN 3 THEN format('"double" quotes and ''single'' %s', i)
		   WHEN 4 THEN format(E'two\nlines\tand a tab %s', i)
		   WHEN 5 THEN repeat('é', 250) || lpad(i::text, 5, '0')
		   WHEN 6 THEN format('%s; DROP TABLE taskdb.tasks; --', i)
		   ELSE format('plain task %s', i)
	   END,
	   i % 3 = 0,
	   timestamptz '2024-01-01 00:00:00+00' + i * interval '37 min 13.123456 s'
FROM generate_series(1, 280) AS i;

-- through the API as well (1.0 signatures)
SELECT count(*) FROM taskdb.create_tasks(ARRAY['bulk ä', 'bulk ''b''', E'bulk \\c', 'bulk d']);
SELECT (taskdb.create_task('single via API')).id IS NOT NULL;
SELECT (taskdb.update_task(id, done => true)).done FROM taskdb.tasks WHERE title = 'single via API';

-- gaps
DELETE FROM taskdb.tasks WHERE id % 10 = 7;
