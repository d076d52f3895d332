/* taskdb 1.2 -> 1.3: the builder path */

\echo Use "ALTER EXTENSION taskdb UPDATE TO '1.3'" to load this file. \quit

/* The builder path (from 1.3): the same contract, SQL rendered by the query builder */
CREATE FUNCTION taskdb.builder_create_task(title text, project_id bigint DEFAULT NULL)
RETURNS taskdb.tasks
AS 'MODULE_PATHNAME', 'builder_create_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.builder_get_task(id bigint)
RETURNS SETOF taskdb.tasks
AS 'MODULE_PATHNAME', 'builder_get_task'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 1;

CREATE FUNCTION taskdb.builder_get_tasks(ids bigint[])
RETURNS SETOF taskdb.tasks
AS 'MODULE_PATHNAME', 'builder_get_tasks'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 10;

CREATE FUNCTION taskdb.builder_list_tasks(done boolean DEFAULT NULL,
	after_id bigint DEFAULT NULL,
	lim integer DEFAULT 100,
	project_id bigint DEFAULT NULL)
RETURNS SETOF taskdb.tasks
AS 'MODULE_PATHNAME', 'builder_list_tasks'
LANGUAGE C STABLE PARALLEL SAFE ROWS 100;

CREATE FUNCTION taskdb.builder_update_task(id bigint,
	title text DEFAULT NULL,
	done boolean DEFAULT NULL,
	project_id bigint DEFAULT NULL,
	clear_project boolean DEFAULT false,
	expected_version integer DEFAULT NULL)
RETURNS taskdb.tasks
AS 'MODULE_PATHNAME', 'builder_update_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.builder_delete_task(id bigint)
RETURNS taskdb.tasks
AS 'MODULE_PATHNAME', 'builder_delete_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.builder_create_tasks(titles text[], project_id bigint DEFAULT NULL)
RETURNS SETOF taskdb.tasks
AS 'MODULE_PATHNAME', 'builder_create_tasks'
LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 100;

CREATE FUNCTION taskdb.builder_create_project(name text)
RETURNS taskdb.projects
AS 'MODULE_PATHNAME', 'builder_create_project'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.builder_get_project(id bigint)
RETURNS SETOF taskdb.projects
AS 'MODULE_PATHNAME', 'builder_get_project'
LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 1;

CREATE FUNCTION taskdb.builder_list_projects(after_id bigint DEFAULT NULL,
	lim integer DEFAULT 100)
RETURNS SETOF taskdb.projects
AS 'MODULE_PATHNAME', 'builder_list_projects'
LANGUAGE C STABLE PARALLEL SAFE ROWS 100;

CREATE FUNCTION taskdb.builder_delete_project(id bigint, "cascade" boolean DEFAULT false)
RETURNS taskdb.projects
AS 'MODULE_PATHNAME', 'builder_delete_project'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

/*
 * Dynamic search and a report, built from a JSON filter.  PARALLEL UNSAFE:
 * a timestamp in the filter is parsed in a subtransaction, which parallel
 * mode forbids.
 */
CREATE FUNCTION taskdb.find_tasks(filter jsonb DEFAULT '{}')
RETURNS SETOF taskdb.tasks
AS 'MODULE_PATHNAME', 'builder_find_tasks'
LANGUAGE C STABLE PARALLEL UNSAFE ROWS 100;

CREATE FUNCTION taskdb.find_tasks_sql(filter jsonb DEFAULT '{}')
RETURNS TABLE (sql text, params text[])
AS 'MODULE_PATHNAME', 'builder_find_tasks_sql'
LANGUAGE C STABLE PARALLEL UNSAFE ROWS 1;

CREATE FUNCTION taskdb.project_report(filter jsonb DEFAULT '{}')
RETURNS TABLE (project_id bigint, name varchar, total bigint, done bigint, open bigint,
	first_created timestamptz, last_created timestamptz)
AS 'MODULE_PATHNAME', 'builder_project_report'
LANGUAGE C STABLE PARALLEL UNSAFE ROWS 100;
