/*-------------------------------------------------------------------------
 *
 * raw.c
 *	  The raw path: hand-written SQL with $n parameters (asyncpg's peer).
 *
 * Every statement here is hand-written text, prepared once per backend and
 * kept (see driver.c); update_task's are assembled from hand-written
 * fragments, one statement per shape of the call.  The canonical API (taskdb.create_task, ...) and the raw_
 * names are bound to these same C functions, so the canonical API costs
 * no second call.
 *
 * One library serves every extension version.  A function's argument
 * count tells which version's SQL definition called it (create_task has
 * one argument at 1.0 and two from 1.1 on), and each count runs only
 * statements that use the columns that version has.  A library newer than
 * the installed SQL therefore behaves exactly as the older version did,
 * and the contract suites run at every version prove it.  Arguments are
 * parsed and failures reported by contract.c, the same for every path.
 *
 * All statements name relations with their schema and write operators as
 * OPERATOR(pg_catalog.x), so the caller's search_path cannot change what
 * runs.  Each whole row is selected as one column ("RETURNING t") of the
 * table's row type, the function's result type.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "core/core.h"

#include "catalog/pg_type_d.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#define EQ	" OPERATOR(pg_catalog.=) "
#define GE	" OPERATOR(pg_catalog.>=) "

/*---- statements ----*/

/*
 * Readers come in pairs, [0] selecting t.* and [1] the whole row t:
 * TdbFetchTableToSRF takes the first unless the row type has a dropped
 * column.
 */
#define TASK_COLS	"SELECT t.* FROM taskdb.tasks t WHERE "
#define TASK_ROW	"SELECT t FROM taskdb.tasks t WHERE "

#define GET_TASK	"t.id" EQ "$1"
static TdbStatement get_task_stmts[2] = {
	{TASK_COLS GET_TASK, 1, {INT8OID}},
	{TASK_ROW GET_TASK, 1, {INT8OID}},
};

#define GET_TASKS	"t.id" EQ "ANY ($1) ORDER BY t.id"
static TdbStatement get_tasks_stmts[2] = {
	{TASK_COLS GET_TASKS, 1, {INT8ARRAYOID}},
	{TASK_ROW GET_TASKS, 1, {INT8ARRAYOID}},
};

/*
 * list_tasks: one statement per combination of filters, so that each plan
 * is a plain walk of the primary key from the keyset bound ($1) with the
 * filters that apply.  Indexed by (done given) | (project given) << 1.
 */
#define LIST_ANY		"t.id" GE "$1 ORDER BY t.id LIMIT $2"
#define LIST_DONE		"t.id" GE "$1 AND t.done" EQ "$3 ORDER BY t.id LIMIT $2"
#define LIST_PROJECT	"t.id" GE "$1 AND t.project_id" EQ "$3" \
	" ORDER BY t.id LIMIT $2"
#define LIST_BOTH		"t.id" GE "$1 AND t.done" EQ "$3" \
	" AND t.project_id" EQ "$4 ORDER BY t.id LIMIT $2"
static TdbStatement list_tasks_stmts[4][2] = {
	{{TASK_COLS LIST_ANY, 2, {INT8OID, INT4OID}},
	{TASK_ROW LIST_ANY, 2, {INT8OID, INT4OID}}},
	{{TASK_COLS LIST_DONE, 3, {INT8OID, INT4OID, BOOLOID}},
	{TASK_ROW LIST_DONE, 3, {INT8OID, INT4OID, BOOLOID}}},
	{{TASK_COLS LIST_PROJECT, 3, {INT8OID, INT4OID, INT8OID}},
	{TASK_ROW LIST_PROJECT, 3, {INT8OID, INT4OID, INT8OID}}},
	{{TASK_COLS LIST_BOTH, 4, {INT8OID, INT4OID, BOOLOID, INT8OID}},
	{TASK_ROW LIST_BOTH, 4, {INT8OID, INT4OID, BOOLOID, INT8OID}}},
};

static TdbStatement create_task_stmt = {
	"INSERT INTO taskdb.tasks AS t (title) VALUES ($1) RETURNING t",
	1, {TEXTOID}
};

/* The EXISTS test turns an unknown project into "no row", reported below. */
static TdbStatement create_task_in_project_stmt = {
	"INSERT INTO taskdb.tasks AS t (title, project_id)"
	" SELECT $1, $2 WHERE EXISTS"
	" (SELECT FROM taskdb.projects p WHERE p.id" EQ "$2) RETURNING t",
	2, {TEXTOID, INT8OID}
};

/*
 * The bulk insert unnests in the target list: unnest in FROM would first
 * store every title in a tuplestore (spilling past work_mem), the target
 * list streams them.
 */
static TdbStatement create_tasks_stmt = {
	"INSERT INTO taskdb.tasks AS t (title)"
	" SELECT pg_catalog.unnest($1) RETURNING t",
	1, {TEXTARRAYOID}
};

static TdbStatement create_tasks_in_project_stmt = {
	"INSERT INTO taskdb.tasks AS t (title, project_id)"
	" SELECT pg_catalog.unnest($1), $2 RETURNING t",
	2, {TEXTARRAYOID, INT8OID}
};

/*
 * update_task: one kept statement per shape of the call (title given or
 * not, done given or not, the project kept, set or cleared, the version
 * checked or not), assembled once per backend from the fragments below,
 * so that a statement sets only what the call changes and carries no
 * subplan or expression it does not need.  A call through the 1.0 or 1.1
 * definition never names a column its version does not have.
 */
static TdbStatement update_task_stmts[2][2][3][2];

static TdbStatement *
update_statement(const TdbTaskUpdate *u)
{
	TdbStatement *stmt = &update_task_stmts[u->title != NULL][u->set_done]
		[u->project][u->check_version];
	StringInfoData sql;
	MemoryContext old;
	int			n = 1;
	bool		any = false;

	if (stmt->sql != NULL)
		return stmt;

	old = MemoryContextSwitchTo(TopMemoryContext);
	initStringInfo(&sql);
	stmt->argtypes[0] = INT8OID;	/* $1: the task's id */
	appendStringInfoString(&sql, "UPDATE taskdb.tasks AS t SET ");
	if (u->title)
	{
		appendStringInfo(&sql, "title = $%d", ++n);
		stmt->argtypes[n - 1] = TEXTOID;
		any = true;
	}
	if (u->set_done)
	{
		appendStringInfo(&sql, "%sdone = $%d", any ? ", " : "", ++n);
		stmt->argtypes[n - 1] = BOOLOID;
		any = true;
	}
	if (u->project == TDB_PROJECT_SET)
	{
		appendStringInfo(&sql, "%sproject_id = $%d", any ? ", " : "", ++n);
		stmt->argtypes[n - 1] = INT8OID;
		any = true;
	}
	else if (u->project == TDB_PROJECT_CLEAR)
	{
		appendStringInfo(&sql, "%sproject_id = NULL", any ? ", " : "");
		any = true;
	}

	/*
	 * Nothing to change: lock the row and return it as it is.  FOR UPDATE
	 * asks for UPDATE privilege on some column of the table, as the orm
	 * checks for an update that sends nothing.
	 */
	if (!any)
	{
		resetStringInfo(&sql);
		appendStringInfoString(&sql, "SELECT t FROM taskdb.tasks t");
	}
	appendStringInfoString(&sql, " WHERE t.id" EQ "$1");
	if (u->project == TDB_PROJECT_SET)
		appendStringInfo(&sql, " AND EXISTS (SELECT FROM taskdb.projects p"
						 " WHERE p.id" EQ "$%d)", n);
	if (u->check_version)
	{
		appendStringInfo(&sql, " AND t.version" EQ "$%d", ++n);
		stmt->argtypes[n - 1] = INT4OID;
	}
	appendStringInfoString(&sql, any ? " RETURNING t" : " FOR UPDATE");
	stmt->nargs = n;
	stmt->sql = sql.data;
	MemoryContextSwitchTo(old);
	return stmt;
}

static TdbStatement delete_task_stmt = {
	"DELETE FROM taskdb.tasks AS t WHERE t.id" EQ "$1 RETURNING t",
	1, {INT8OID}
};

static TdbStatement create_project_stmt = {
	"INSERT INTO taskdb.projects AS p (name) VALUES ($1) RETURNING p",
	1, {TEXTOID}
};

static TdbStatement get_project_stmt = {
	"SELECT p FROM taskdb.projects p WHERE p.id" EQ "$1",
	1, {INT8OID}
};

static TdbStatement list_projects_stmt = {
	"SELECT p FROM taskdb.projects p WHERE p.id" GE "$1"
	" ORDER BY p.id LIMIT $2",
	2, {INT8OID, INT4OID}
};

/*
 * delete_project takes its locks in the order task writers take theirs: a
 * writer locks a task, then the project through the foreign key.  So the
 * project's tasks are locked first, in id order (the order every taskdb
 * writer of many tasks uses), then the project, so that no task can join
 * it before the count and the delete.
 */
static TdbStatement lock_project_tasks_stmt = {
	"SELECT true FROM taskdb.tasks t WHERE t.project_id" EQ "$1"
	" ORDER BY t.id FOR UPDATE",
	1, {INT8OID}
};

static TdbStatement lock_project_stmt = {
	"SELECT true FROM taskdb.projects p WHERE p.id" EQ "$1 FOR UPDATE",
	1, {INT8OID}
};

static TdbStatement count_project_tasks_stmt = {
	"SELECT pg_catalog.count(*) FROM taskdb.tasks t"
	" WHERE t.project_id" EQ "$1",
	1, {INT8OID}
};

static TdbStatement delete_project_tasks_stmt = {
	"DELETE FROM taskdb.tasks t WHERE t.project_id" EQ "$1",
	1, {INT8OID}
};

static TdbStatement delete_project_stmt = {
	"DELETE FROM taskdb.projects AS p WHERE p.id" EQ "$1 RETURNING p",
	1, {INT8OID}
};

/*---- tasks ----*/

/*
 * get_task(id bigint) RETURNS SETOF taskdb.tasks, STRICT STABLE
 */
PG_FUNCTION_INFO_V1(raw_get_task);
Datum
raw_get_task(PG_FUNCTION_ARGS)
{
	Datum		values[1];

	TdbPathBegin(TDB_PATH_RAW);
	values[0] = PG_GETARG_DATUM(0);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	TdbFetchTableToSRF(&get_task_stmts[0], &get_task_stmts[1], values, NULL,
					   true, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

/*
 * get_tasks(ids bigint[]) RETURNS SETOF taskdb.tasks, STRICT STABLE
 *
 * One statement with = ANY ($1), rows in id order, each at most once.
 */
PG_FUNCTION_INFO_V1(raw_get_tasks);
Datum
raw_get_tasks(PG_FUNCTION_ARGS)
{
	Datum		values[1];

	TdbPathBegin(TDB_PATH_RAW);
	values[0] = PG_GETARG_DATUM(0);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	TdbFetchTableToSRF(&get_tasks_stmts[0], &get_tasks_stmts[1], values, NULL,
					   true, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

/*
 * list_tasks(done boolean, after_id bigint, lim integer
 *			  [, project_id bigint]) RETURNS SETOF taskdb.tasks, STABLE
 *
 * NULL done and NULL project_id mean any; after_id is the keyset cursor.
 */
PG_FUNCTION_INFO_V1(raw_list_tasks);
Datum
raw_list_tasks(PG_FUNCTION_ARGS)
{
	TdbTaskList l;
	Datum		values[4];
	int			variant = 0;
	int			n = 2;

	TdbPathBegin(TDB_PATH_RAW);
	TdbParseListTasks(fcinfo, &l);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (l.empty)
		return (Datum) 0;

	values[0] = Int64GetDatum(l.start);
	values[1] = Int32GetDatum(l.lim);
	if (l.by_done)
	{
		variant |= 1;
		values[n++] = BoolGetDatum(l.done);
	}
	if (l.by_project)
	{
		variant |= 2;
		values[n++] = Int64GetDatum(l.project_id);
	}

	TdbSPIConnect();
	TdbFetchTableToSRF(&list_tasks_stmts[variant][0],
					   &list_tasks_stmts[variant][1], values, NULL, true,
					   fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

/*
 * create_task(title text [, project_id bigint]) RETURNS taskdb.tasks
 */
PG_FUNCTION_INFO_V1(raw_create_task);
Datum
raw_create_task(PG_FUNCTION_ARGS)
{
	TdbTaskCreate c;
	Datum		values[2];
	Datum		result;
	bool		found;

	TdbPathBegin(TDB_PATH_RAW);
	TdbParseCreateTask(fcinfo, &c);
	values[0] = PointerGetDatum(c.title);
	TdbSPIConnect();
	if (!c.in_project)
		result = TdbFetchRow(&create_task_stmt, values, NULL, false,
							 &found);
	else
	{
		values[1] = Int64GetDatum(c.project_id);
		result = TdbFetchRow(&create_task_in_project_stmt, values, NULL,
							 false, &found);
	}
	if (!found)
		TdbCreateMissed(&TdbTasksTable, c.in_project, c.project_id);
	TdbSPIFinish();
	PG_RETURN_DATUM(result);
}

/*
 * create_tasks(titles text[] [, project_id bigint])
 *		RETURNS SETOF taskdb.tasks
 *
 * The bulk load: the titles are checked first (contract.c), then the rows
 * go in by multi-insert, as COPY FROM writes them (bulk.c).  A table that
 * multi-insert cannot serve the way INSERT would (a BEFORE trigger, a
 * rule, row level security) gets one INSERT ... SELECT unnest($1) instead.
 */
PG_FUNCTION_INFO_V1(raw_create_tasks);
Datum
raw_create_tasks(PG_FUNCTION_ARGS)
{
	TdbTasksCreate c;
	Datum		values[2];
	uint64		nrows = 0;

	TdbPathBegin(TDB_PATH_RAW);
	TdbParseCreateTasks(fcinfo, &c);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);

	values[0] = PointerGetDatum(c.titles);
	TdbSPIConnect();
	if (c.in_project && !TdbProjectExists(c.project_id))
		TdbProjectNotFound(c.project_id, ERRCODE_FOREIGN_KEY_VIOLATION);
	if (c.ntitles > 0 && TdbBulkLoadTasks(&c, fcinfo, &nrows))
		TdbCountWork(TDB_STMT_INSERT, nrows);
	else if (c.ntitles > 0)
	{
		if (!c.in_project)
			nrows = TdbFetchToSRF(&create_tasks_stmt, values, NULL, false,
								  fcinfo);
		else
		{
			values[1] = Int64GetDatum(c.project_id);
			nrows = TdbFetchToSRF(&create_tasks_in_project_stmt, values, NULL,
								  false, fcinfo);
		}
		if (nrows < (uint64) c.ntitles)
			TdbWriteSkipped(&TdbTasksTable, TDB_STMT_INSERT, 0,
							c.ntitles - nrows, c.ntitles);
	}
	TdbSPIFinish();
	return (Datum) 0;
}

/*
 * update_task(id bigint, title text, done boolean
 *			   [, project_id bigint, clear_project boolean
 *			   [, expected_version integer]]) RETURNS taskdb.tasks
 *
 * A NULL title, done or project_id leaves that column as it is;
 * clear_project => true sets the project to NULL.  With expected_version,
 * a task that has moved on raises serialization_failure and changes
 * nothing.
 */
PG_FUNCTION_INFO_V1(raw_update_task);
Datum
raw_update_task(PG_FUNCTION_ARGS)
{
	TdbTaskUpdate u;
	Datum		values[5];
	int			n = 0;
	TdbStatement *stmt;
	Datum		result;
	bool		found;

	TdbPathBegin(TDB_PATH_RAW);
	TdbParseUpdateTask(fcinfo, &u);

	/* the parameters, in the order update_statement numbers them */
	values[n++] = Int64GetDatum(u.id);
	if (u.title)
		values[n++] = PointerGetDatum(u.title);
	if (u.set_done)
		values[n++] = BoolGetDatum(u.done);
	if (u.project == TDB_PROJECT_SET)
		values[n++] = Int64GetDatum(u.project_id);
	if (u.check_version)
		values[n++] = Int32GetDatum(u.expected_version);
	stmt = update_statement(&u);
	Assert(stmt->nargs == n);

	TdbSPIConnect();
	result = TdbFetchRow(stmt, values, NULL, false, &found);
	if (!found)
		TdbUpdateMissed(&u);
	TdbSPIFinish();
	PG_RETURN_DATUM(result);
}

/*
 * delete_task(id bigint) RETURNS taskdb.tasks
 */
PG_FUNCTION_INFO_V1(raw_delete_task);
Datum
raw_delete_task(PG_FUNCTION_ARGS)
{
	int64		id;
	Datum		values[1];
	Datum		result;
	bool		found;

	TdbPathBegin(TDB_PATH_RAW);
	id = TdbParseDeleteTask(fcinfo);
	values[0] = Int64GetDatum(id);
	TdbSPIConnect();
	result = TdbFetchRow(&delete_task_stmt, values, NULL, false, &found);
	if (!found)
		TdbDeleteMissed(&TdbTasksTable, id);
	TdbSPIFinish();
	PG_RETURN_DATUM(result);
}

/*---- projects (from 1.1) ----*/

/*
 * create_project(name text) RETURNS taskdb.projects
 */
PG_FUNCTION_INFO_V1(raw_create_project);
Datum
raw_create_project(PG_FUNCTION_ARGS)
{
	Datum		values[1];
	Datum		result;
	bool		found;

	TdbPathBegin(TDB_PATH_RAW);
	values[0] = PointerGetDatum(TdbParseCreateProject(fcinfo));
	TdbSPIConnect();
	result = TdbFetchRow(&create_project_stmt, values, NULL, false, &found);
	if (!found)
		TdbCreateMissed(&TdbProjectsTable, false, 0);
	TdbSPIFinish();
	PG_RETURN_DATUM(result);
}

/*
 * get_project(id bigint) RETURNS SETOF taskdb.projects, STRICT STABLE
 */
PG_FUNCTION_INFO_V1(raw_get_project);
Datum
raw_get_project(PG_FUNCTION_ARGS)
{
	Datum		values[1];

	TdbPathBegin(TDB_PATH_RAW);
	values[0] = PG_GETARG_DATUM(0);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	TdbFetchToSRF(&get_project_stmt, values, NULL, true, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

/*
 * list_projects(after_id bigint, lim integer) RETURNS SETOF taskdb.projects
 */
PG_FUNCTION_INFO_V1(raw_list_projects);
Datum
raw_list_projects(PG_FUNCTION_ARGS)
{
	TdbProjectList l;
	Datum		values[2];

	TdbPathBegin(TDB_PATH_RAW);
	TdbParseListProjects(fcinfo, &l);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (l.empty)
		return (Datum) 0;

	values[0] = Int64GetDatum(l.start);
	values[1] = Int32GetDatum(l.lim);
	TdbSPIConnect();
	TdbFetchToSRF(&list_projects_stmt, values, NULL, true, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

/*
 * delete_project(id bigint, cascade boolean) RETURNS taskdb.projects
 *
 * A project that still has tasks is kept unless cascade is true, in which
 * case its tasks are deleted with it.  With cascade the project's tasks
 * are locked first, in id order, then the project row, as task writers
 * lock them (see lock_project_tasks_stmt); the project lock keeps any task
 * from joining it between the count and the delete.
 */
PG_FUNCTION_INFO_V1(raw_delete_project);
Datum
raw_delete_project(PG_FUNCTION_ARGS)
{
	int64		id;
	bool		cascade;
	Datum		values[1];
	Datum		result;
	bool		found;
	bool		isnull;
	int64		ntasks;

	TdbPathBegin(TDB_PATH_RAW);
	id = TdbParseDeleteProject(fcinfo, &cascade);
	values[0] = Int64GetDatum(id);

	TdbSPIConnect();
	if (cascade)
		TdbFetch(&lock_project_tasks_stmt, values, NULL, false);
	if (TdbFetch(&lock_project_stmt, values, NULL, false) == 0)
		TdbProjectNotFound(id, ERRCODE_NO_DATA_FOUND);
	ntasks = DatumGetInt64(TdbFetchVal(&count_project_tasks_stmt, values,
									   NULL, false, &isnull));
	if (ntasks > 0)
	{
		uint64		deleted;

		if (!cascade)
			TdbProjectHasTasks(id, ntasks);
		deleted = TdbExecute(&delete_project_tasks_stmt, values, NULL, false);
		if (deleted < (uint64) ntasks)
			TdbWriteSkipped(&TdbTasksTable, TDB_STMT_DELETE, 0,
							ntasks - deleted, ntasks);
	}
	result = TdbFetchRow(&delete_project_stmt, values, NULL, false, &found);
	if (!found)
		TdbDeleteMissed(&TdbProjectsTable, id);
	TdbSPIFinish();
	PG_RETURN_DATUM(result);
}
