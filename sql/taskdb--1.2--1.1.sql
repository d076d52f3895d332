/* taskdb 1.2 -> 1.1: drop row versions */

\echo Use "ALTER EXTENSION taskdb UPDATE TO '1.1'" to load this file. \quit

/*
 * Row versions are concurrency bookkeeping, not user data: dropping them
 * loses no task, title, state or project, so this downgrade needs no
 * taskdb.allow_data_loss.
 */
DROP VIEW taskdb.task_list;

DROP FUNCTION taskdb.update_task(bigint, text, boolean, bigint, boolean, integer);
DROP FUNCTION taskdb.raw_update_task(bigint, text, boolean, bigint, boolean, integer);

DROP TRIGGER tasks_bump_version ON taskdb.tasks;
DROP FUNCTION taskdb.bump_version();

ALTER TABLE taskdb.tasks DROP COLUMN version;

CREATE FUNCTION taskdb.update_task(id bigint,
	title text DEFAULT NULL,
	done boolean DEFAULT NULL,
	project_id bigint DEFAULT NULL,
	clear_project boolean DEFAULT false)
RETURNS taskdb.tasks
AS 'MODULE_PATHNAME', 'raw_update_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.raw_update_task(id bigint,
	title text DEFAULT NULL,
	done boolean DEFAULT NULL,
	project_id bigint DEFAULT NULL,
	clear_project boolean DEFAULT false)
RETURNS taskdb.tasks
AS 'MODULE_PATHNAME', 'raw_update_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE VIEW taskdb.task_list AS
SELECT t.id, t.title, t.done, t.created_at, t.project_id,
	   p.name AS project_name
FROM taskdb.tasks t
LEFT JOIN taskdb.projects p ON p.id OPERATOR(pg_catalog.=) t.project_id;

REVOKE ALL ON taskdb.task_list FROM PUBLIC;

/*
 * Declare again the functions that return a table's row type (a no-op
 * ALTER FUNCTION), so that plans prepared by clients before this update
 * are invalidated: PostgreSQL's plan cache knows that such a plan depends
 * on the function, not on the table whose columns changed.  Added in 1.7
 * (the same block that tools/gensql writes into generated scripts).
 */
DO $touch$
DECLARE
	f record;
BEGIN
	FOR f IN
		SELECT p.oid::pg_catalog.regprocedure AS sig, p.procost
		FROM pg_catalog.pg_proc p
		JOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) p.prorettype
		JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) t.typnamespace
		JOIN pg_catalog.pg_depend d
		  ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
		 AND d.objid OPERATOR(pg_catalog.=) p.oid
		 AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
		 AND d.deptype OPERATOR(pg_catalog.=) 'e'
		JOIN pg_catalog.pg_extension e ON e.oid OPERATOR(pg_catalog.=) d.refobjid
		WHERE n.nspname OPERATOR(pg_catalog.=) 'taskdb' AND t.typrelid OPERATOR(pg_catalog.<>) 0
		  AND e.extname OPERATOR(pg_catalog.=) 'taskdb'
		ORDER BY 1
	LOOP
		EXECUTE pg_catalog.format('ALTER FUNCTION %s COST %s', f.sig, f.procost);
	END LOOP;
END
$touch$;
