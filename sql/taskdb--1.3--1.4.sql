/* taskdb 1.3 -> 1.4: the orm path, its domain operations and path_stats */

\echo Use "ALTER EXTENSION taskdb UPDATE TO '1.4'" to load this file. \quit

/* The orm path (from 1.4): the same contract, through mapped objects and a unit of work */
CREATE FUNCTION taskdb.orm_create_task(title text, project_id bigint DEFAULT NULL)
RETURNS taskdb.tasks
AS 'MODULE_PATHNAME', 'orm_create_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.orm_get_task(id bigint)
RETURNS SETOF taskdb.tasks
AS 'MODULE_PATHNAME', 'orm_get_task'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 1;

CREATE FUNCTION taskdb.orm_get_tasks(ids bigint[])
RETURNS SETOF taskdb.tasks
AS 'MODULE_PATHNAME', 'orm_get_tasks'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 10;

CREATE FUNCTION taskdb.orm_list_tasks(done boolean DEFAULT NULL,
	after_id bigint DEFAULT NULL,
	lim integer DEFAULT 100,
	project_id bigint DEFAULT NULL)
RETURNS SETOF taskdb.tasks
AS 'MODULE_PATHNAME', 'orm_list_tasks'
LANGUAGE C STABLE PARALLEL SAFE ROWS 100;

CREATE FUNCTION taskdb.orm_update_task(id bigint,
	title text DEFAULT NULL,
	done boolean DEFAULT NULL,
	project_id bigint DEFAULT NULL,
	clear_project boolean DEFAULT false,
	expected_version integer DEFAULT NULL)
RETURNS taskdb.tasks
AS 'MODULE_PATHNAME', 'orm_update_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.orm_delete_task(id bigint)
RETURNS taskdb.tasks
AS 'MODULE_PATHNAME', 'orm_delete_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.orm_create_tasks(titles text[], project_id bigint DEFAULT NULL)
RETURNS SETOF taskdb.tasks
AS 'MODULE_PATHNAME', 'orm_create_tasks'
LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 100;

CREATE FUNCTION taskdb.orm_create_project(name text)
RETURNS taskdb.projects
AS 'MODULE_PATHNAME', 'orm_create_project'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.orm_get_project(id bigint)
RETURNS SETOF taskdb.projects
AS 'MODULE_PATHNAME', 'orm_get_project'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 1;

CREATE FUNCTION taskdb.orm_list_projects(after_id bigint DEFAULT NULL,
	lim integer DEFAULT 100)
RETURNS SETOF taskdb.projects
AS 'MODULE_PATHNAME', 'orm_list_projects'
LANGUAGE C STABLE PARALLEL SAFE ROWS 100;

CREATE FUNCTION taskdb.orm_delete_project(id bigint, "cascade" boolean DEFAULT false)
RETURNS taskdb.projects
AS 'MODULE_PATHNAME', 'orm_delete_project'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

/* Domain operations that need the unit of work */
CREATE FUNCTION taskdb.project_tree(project_id bigint DEFAULT NULL,
	load text DEFAULT 'selectin')
RETURNS jsonb
AS 'MODULE_PATHNAME', 'orm_project_tree'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION taskdb.complete_project(project_id bigint)
RETURNS integer
AS 'MODULE_PATHNAME', 'orm_complete_project'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.move_tasks(ids bigint[], to_project bigint)
RETURNS integer
AS 'MODULE_PATHNAME', 'orm_move_tasks'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

/* Statement accounting, per backend */
CREATE FUNCTION taskdb.path_statistics(
	OUT path text, OUT calls bigint, OUT selects bigint, OUT inserts bigint,
	OUT updates bigint, OUT deletes bigint, OUT statements bigint,
	OUT rows bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'taskdb_path_statistics'
LANGUAGE C VOLATILE PARALLEL RESTRICTED ROWS 4;

CREATE FUNCTION taskdb.path_stats_reset()
RETURNS void
AS 'MODULE_PATHNAME', 'taskdb_path_stats_reset'
LANGUAGE C VOLATILE PARALLEL RESTRICTED;

CREATE VIEW taskdb.path_stats AS
SELECT * FROM taskdb.path_statistics();

REVOKE ALL ON taskdb.path_stats FROM PUBLIC;
REVOKE ALL ON FUNCTION taskdb.path_statistics() FROM PUBLIC;
REVOKE ALL ON FUNCTION taskdb.path_stats_reset() FROM PUBLIC;
