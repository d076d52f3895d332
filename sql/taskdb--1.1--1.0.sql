/* taskdb 1.1 -> 1.0: drop projects */

\echo Use "ALTER EXTENSION taskdb UPDATE TO '1.0'" to load this file. \quit

/*
 * Version 1.0 has no projects.  Going back loses every project and every
 * task's project; unless taskdb.allow_data_loss is on, refuse when there
 * is any such data.  Tasks themselves are kept.
 */
DO $$
DECLARE
	nprojects bigint;
	nassigned bigint;
	allowed boolean;
BEGIN
	/*
	 * Load the library first, so that taskdb.allow_data_loss is the real
	 * boolean setting (a value set before the library was loaded is checked
	 * then, and an invalid one falls back to off).
	 */
	PERFORM taskdb.library_version();
	/*
	 * Only a value of taskdb.allow_data_loss set in this session (SET, or
	 * the connection's options) lets data go: from the 1.8 library on only
	 * a superuser can set it, and a value that ALTER DATABASE or ALTER ROLE
	 * left, perhaps from before, does not count.
	 */
	SELECT s.setting OPERATOR(pg_catalog.=) 'on'
		   AND s.source OPERATOR(pg_catalog.=) ANY ('{session,client}'::text[])
	INTO allowed
	FROM pg_catalog.pg_settings s
	WHERE s.name OPERATOR(pg_catalog.=) 'taskdb.allow_data_loss';
	allowed := allowed IS TRUE;
	/*
	 * Lock before counting (the script drops the data under these locks
	 * anyway): a writer that committed before the lock is counted, and no
	 * writer adds data between the count and the drop.  At repeatable read
	 * or serializable the count would use a snapshot taken before the lock
	 * and miss what was committed while the downgrade waited for it.
	 */
	LOCK TABLE taskdb.tasks, taskdb.projects IN ACCESS EXCLUSIVE MODE;
	IF NOT allowed AND pg_catalog.current_setting('transaction_isolation')
					   OPERATOR(pg_catalog.<>) 'read committed' THEN
		RAISE EXCEPTION 'downgrading taskdb to 1.0 must run at isolation level read committed'
			USING ERRCODE = 'invalid_transaction_state',
				  DETAIL = 'At repeatable read or serializable, data committed while the downgrade waited for its lock would not be counted, and would be dropped.',
				  HINT = 'Run the downgrade in a read committed transaction (the default).';
	END IF;
	SELECT pg_catalog.count(*) INTO nprojects FROM taskdb.projects;
	SELECT pg_catalog.count(*) INTO nassigned FROM taskdb.tasks
		WHERE project_id IS NOT NULL;
	IF (nprojects OPERATOR(pg_catalog.>) 0 OR nassigned OPERATOR(pg_catalog.>) 0)
	   AND NOT allowed
	THEN
		RAISE EXCEPTION 'downgrading taskdb to 1.0 would lose data'
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = pg_catalog.format('Version 1.0 has no projects: %s projects and the project of %s tasks would be dropped.',
											 nprojects, nassigned),
				  HINT = 'Export the projects first, then run SET taskdb.allow_data_loss = on and the downgrade again.';
	END IF;
END
$$;

DROP VIEW taskdb.project_summary;
DROP VIEW taskdb.task_list;

DROP FUNCTION taskdb.create_project(text);
DROP FUNCTION taskdb.raw_create_project(text);
DROP FUNCTION taskdb.get_project(bigint);
DROP FUNCTION taskdb.raw_get_project(bigint);
DROP FUNCTION taskdb.list_projects(bigint, integer);
DROP FUNCTION taskdb.raw_list_projects(bigint, integer);
DROP FUNCTION taskdb.delete_project(bigint, boolean);
DROP FUNCTION taskdb.raw_delete_project(bigint, boolean);

DROP FUNCTION taskdb.create_task(text, bigint);
DROP FUNCTION taskdb.raw_create_task(text, bigint);
DROP FUNCTION taskdb.list_tasks(boolean, bigint, integer, bigint);
DROP FUNCTION taskdb.raw_list_tasks(boolean, bigint, integer, bigint);
DROP FUNCTION taskdb.update_task(bigint, text, boolean, bigint, boolean);
DROP FUNCTION taskdb.raw_update_task(bigint, text, boolean, bigint, boolean);
DROP FUNCTION taskdb.create_tasks(text[], bigint);
DROP FUNCTION taskdb.raw_create_tasks(text[], bigint);

ALTER TABLE taskdb.tasks DROP COLUMN project_id;

-- leave the extension first, so that extconfig forgets the table and sequence
ALTER EXTENSION taskdb DROP TABLE taskdb.projects;
ALTER EXTENSION taskdb DROP SEQUENCE taskdb.projects_id_seq;
DROP TABLE taskdb.projects;

CREATE FUNCTION taskdb.create_task(title text)
RETURNS taskdb.tasks
AS 'MODULE_PATHNAME', 'raw_create_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.raw_create_task(title text)
RETURNS taskdb.tasks
AS 'MODULE_PATHNAME', 'raw_create_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.list_tasks(done boolean DEFAULT NULL,
	after_id bigint DEFAULT NULL,
	lim integer DEFAULT 100)
RETURNS SETOF taskdb.tasks
AS 'MODULE_PATHNAME', 'raw_list_tasks'
LANGUAGE C STABLE PARALLEL SAFE ROWS 100;

CREATE FUNCTION taskdb.raw_list_tasks(done boolean DEFAULT NULL,
	after_id bigint DEFAULT NULL,
	lim integer DEFAULT 100)
RETURNS SETOF taskdb.tasks
AS 'MODULE_PATHNAME', 'raw_list_tasks'
LANGUAGE C STABLE PARALLEL SAFE ROWS 100;

CREATE FUNCTION taskdb.update_task(id bigint,
	title text DEFAULT NULL,
	done boolean DEFAULT NULL)
RETURNS taskdb.tasks
AS 'MODULE_PATHNAME', 'raw_update_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.raw_update_task(id bigint,
	title text DEFAULT NULL,
	done boolean DEFAULT NULL)
RETURNS taskdb.tasks
AS 'MODULE_PATHNAME', 'raw_update_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.create_tasks(titles text[])
RETURNS SETOF taskdb.tasks
AS 'MODULE_PATHNAME', 'raw_create_tasks'
LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 100;

CREATE FUNCTION taskdb.raw_create_tasks(titles text[])
RETURNS SETOF taskdb.tasks
AS 'MODULE_PATHNAME', 'raw_create_tasks'
LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 100;

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
