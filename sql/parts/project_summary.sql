/*
 * project_summary (from 1.1; overdue from 1.6; the caller's rights from
 * 1.8): per project, its tasks counted.  Not a table's rows, so not in
 * the description's TDB_VIEWS.
 */
CREATE VIEW taskdb.project_summary WITH (security_invoker = true) AS
SELECT p.id, p.name,
	   pg_catalog.count(t.id) AS total,
	   pg_catalog.count(t.id) FILTER (WHERE t.done) AS done,
	   pg_catalog.count(t.id) FILTER (WHERE NOT t.done) AS open,
	   pg_catalog.count(t.id) FILTER (WHERE t.due_at OPERATOR(pg_catalog.<) pg_catalog.now()
										AND NOT t.done) AS overdue
FROM taskdb.projects p
LEFT JOIN taskdb.tasks t ON t.project_id OPERATOR(pg_catalog.=) p.id
GROUP BY p.id, p.name;
REVOKE ALL ON taskdb.project_summary FROM PUBLIC;
