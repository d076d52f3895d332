/*-------------------------------------------------------------------------
 *
 * raw.c
 *	  The raw path: hand-written SQL with $n parameters (asyncpg's peer).
 *
 * Every statement here is fixed text, prepared once per backend and kept
 * (see driver.c).  The canonical API (taskdb.create_task, ...) and the raw_
 * names are bound to these same C functions, so the canonical API costs
 * no second call.
 *
 * One library serves every extension version.  A function's argument
 * count tells which version's SQL definition called it (create_task has
 * one argument at 1.0 and two from 1.1 on), and each count runs only
 * statements that use the columns that version has.  A library newer than
 * the installed SQL therefore behaves exactly as the older version did,
 * and the out-of-step suites in test/ prove it.
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
#include "taskdb.h"

#include "catalog/pg_type_d.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#define EQ	" OPERATOR(pg_catalog.=) "
#define GE	" OPERATOR(pg_catalog.>=) "

/*---- statements ----*/

static TdbStatement get_task_stmt = {
	"SELECT t FROM taskdb.tasks t WHERE t.id" EQ "$1",
	1, {INT8OID}
};

static TdbStatement get_tasks_stmt = {
	"SELECT t FROM taskdb.tasks t WHERE t.id" EQ "ANY ($1) ORDER BY t.id",
	1, {INT8ARRAYOID}
};

/*
 * list_tasks: one statement per combination of filters, so that each plan
 * is a plain walk of the primary key from the keyset bound ($1) with the
 * filters that apply.  Indexed by (done given) | (project given) << 1.
 */
static TdbStatement list_tasks_stmts[4] = {
	{"SELECT t FROM taskdb.tasks t WHERE t.id" GE "$1"
		" ORDER BY t.id LIMIT $2",
	2, {INT8OID, INT4OID}},
	{"SELECT t FROM taskdb.tasks t WHERE t.id" GE "$1"
		" AND t.done" EQ "$3 ORDER BY t.id LIMIT $2",
	3, {INT8OID, INT4OID, BOOLOID}},
	{"SELECT t FROM taskdb.tasks t WHERE t.id" GE "$1"
		" AND t.project_id" EQ "$3 ORDER BY t.id LIMIT $2",
	3, {INT8OID, INT4OID, INT8OID}},
	{"SELECT t FROM taskdb.tasks t WHERE t.id" GE "$1"
		" AND t.done" EQ "$3 AND t.project_id" EQ "$4 ORDER BY t.id LIMIT $2",
	4, {INT8OID, INT4OID, BOOLOID, INT8OID}},
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

static TdbStatement create_tasks_stmt = {
	"INSERT INTO taskdb.tasks AS t (title)"
	" SELECT u.title FROM pg_catalog.unnest($1) AS u(title) RETURNING t",
	1, {TEXTARRAYOID}
};

static TdbStatement create_tasks_in_project_stmt = {
	"INSERT INTO taskdb.tasks AS t (title, project_id)"
	" SELECT u.title, $2 FROM pg_catalog.unnest($1) AS u(title) RETURNING t",
	2, {TEXTARRAYOID, INT8OID}
};

/* update_task as 1.0 defined it: title and done, NULL meaning "keep" */
static TdbStatement update_task_v10_stmt = {
	"UPDATE taskdb.tasks AS t SET title = COALESCE($2, t.title),"
	" done = COALESCE($3, t.done) WHERE t.id" EQ "$1 RETURNING t",
	3, {INT8OID, TEXTOID, BOOLOID}
};

/*
 * From 1.1: the project is kept ($5 = 0), set to $4 ($5 = 1) or cleared
 * ($5 = 2); an unknown project matches no row.
 */
#define UPDATE_TASK_V11_BODY \
	"UPDATE taskdb.tasks AS t SET title = COALESCE($2, t.title)," \
	" done = COALESCE($3, t.done)," \
	" project_id = CASE $5 WHEN 0 THEN t.project_id WHEN 1 THEN $4 END" \
	" WHERE t.id" EQ "$1" \
	" AND ($5" " OPERATOR(pg_catalog.<>) 1 OR EXISTS" \
	" (SELECT FROM taskdb.projects p WHERE p.id" EQ "$4))"

static TdbStatement update_task_v11_stmt = {
	UPDATE_TASK_V11_BODY " RETURNING t",
	5, {INT8OID, TEXTOID, BOOLOID, INT8OID, INT4OID}
};

/* From 1.2: $6, when not null, is the version the caller expects. */
static TdbStatement update_task_v12_stmt = {
	UPDATE_TASK_V11_BODY
	" AND ($6 IS NULL OR t.version" EQ "$6) RETURNING t",
	6, {INT8OID, TEXTOID, BOOLOID, INT8OID, INT4OID, INT4OID}
};

static TdbStatement task_exists_stmt = {
	"SELECT true FROM taskdb.tasks t WHERE t.id" EQ "$1",
	1, {INT8OID}
};

static TdbStatement task_version_stmt = {
	"SELECT t.version FROM taskdb.tasks t WHERE t.id" EQ "$1",
	1, {INT8OID}
};

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

static TdbStatement project_exists_stmt = {
	"SELECT true FROM taskdb.projects p WHERE p.id" EQ "$1",
	1, {INT8OID}
};

static TdbStatement list_projects_stmt = {
	"SELECT p FROM taskdb.projects p WHERE p.id" GE "$1"
	" ORDER BY p.id LIMIT $2",
	2, {INT8OID, INT4OID}
};

/* Locks the project so that no task can be added to it meanwhile. */
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

/*---- helpers ----*/

/*
 * The SQL definition that called us has an argument count this library
 * does not know.  The library is older than the SQL, or a function was
 * bound to our symbol by hand.
 */
static void
unknown_signature(FunctionCallInfo fcinfo, const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("taskdb library %s does not support %s with %d arguments",
					TDB_LIBRARY_VERSION, name, PG_NARGS()),
			 errhint("Install the taskdb library that matches the installed SQL definitions, or run ALTER EXTENSION taskdb UPDATE.")));
}

static int64
arg_id(FunctionCallInfo fcinfo, int argno, const char *what)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", what)));
	return PG_GETARG_INT64(argno);
}

/*
 * The lower bound of a keyset page: the first id after after_id, or the
 * smallest id when after_id is NULL.  Returns false when no id can follow.
 */
static bool
keyset_start(FunctionCallInfo fcinfo, int argno, int64 *start)
{
	int64		after;

	if (PG_ARGISNULL(argno))
	{
		*start = PG_INT64_MIN;
		return true;
	}
	after = PG_GETARG_INT64(argno);
	if (after == PG_INT64_MAX)
		return false;
	*start = after + 1;
	return true;
}

static int32
arg_limit(FunctionCallInfo fcinfo, int argno)
{
	int32		lim;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("lim must not be null")));
	lim = PG_GETARG_INT32(argno);
	TdbCheckLimit(lim);
	return lim;
}

static void
task_not_found(int64 id)
{
	ereport(ERROR,
			(errcode(ERRCODE_NO_DATA_FOUND),
			 errmsg("task %lld does not exist", (long long) id)));
}

static void
project_not_found(int64 id, int errcode_value)
{
	ereport(ERROR,
			(errcode(errcode_value),
			 errmsg("project %lld does not exist", (long long) id)));
}

static bool
project_exists(int64 project_id)
{
	Datum		values[1] = {Int64GetDatum(project_id)};

	return TdbFetch(&project_exists_stmt, values, NULL, true) > 0;
}

static void
connect(void)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
}

static void
finish(void)
{
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
}

/*
 * Run a statement that returns at most one whole row and return that row
 * as the function's composite result.  found is false when no row came
 * back; the caller then reports why.
 */
static Datum
one_row(TdbStatement *stmt, Datum *values, const char *nulls, bool *found)
{
	Datum		result;
	bool		isnull;

	TdbFetch(stmt, values, nulls, false);
	result = TdbFirstRowDatum(&isnull);
	*found = !isnull;
	return result;
}

/*---- tasks ----*/

/*
 * get_task(id bigint) RETURNS SETOF taskdb.tasks, STRICT STABLE
 */
PG_FUNCTION_INFO_V1(raw_get_task);
Datum
raw_get_task(PG_FUNCTION_ARGS)
{
	Datum		values[1];

	values[0] = PG_GETARG_DATUM(0);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	connect();
	TdbFetchToSRF(&get_task_stmt, values, NULL, true, fcinfo);
	finish();
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

	values[0] = PG_GETARG_DATUM(0);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	connect();
	TdbFetchToSRF(&get_tasks_stmt, values, NULL, true, fcinfo);
	finish();
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
	Datum		values[4];
	int64		start;
	int32		lim;
	int			variant = 0;
	int			n = 2;

	if (PG_NARGS() != 3 && PG_NARGS() != 4)
		unknown_signature(fcinfo, "list_tasks");

	lim = arg_limit(fcinfo, 2);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (!keyset_start(fcinfo, 1, &start) || lim == 0)
		return (Datum) 0;

	values[0] = Int64GetDatum(start);
	values[1] = Int32GetDatum(lim);
	if (!PG_ARGISNULL(0))
	{
		variant |= 1;
		values[n++] = PG_GETARG_DATUM(0);
	}
	if (PG_NARGS() == 4 && !PG_ARGISNULL(3))
	{
		variant |= 2;
		values[n++] = PG_GETARG_DATUM(3);
	}

	connect();
	TdbFetchToSRF(&list_tasks_stmts[variant], values, NULL, true, fcinfo);
	finish();
	return (Datum) 0;
}

/*
 * create_task(title text [, project_id bigint]) RETURNS taskdb.tasks
 */
PG_FUNCTION_INFO_V1(raw_create_task);
Datum
raw_create_task(PG_FUNCTION_ARGS)
{
	Datum		values[2];
	Datum		result;
	bool		found;

	if (PG_NARGS() != 1 && PG_NARGS() != 2)
		unknown_signature(fcinfo, "create_task");

	values[0] = PointerGetDatum(TdbArgString(fcinfo, 0, &TdbTasks.title,
											 "task title"));
	connect();
	if (PG_NARGS() == 1 || PG_ARGISNULL(1))
		result = one_row(&create_task_stmt, values, NULL, &found);
	else
	{
		values[1] = PG_GETARG_DATUM(1);
		result = one_row(&create_task_in_project_stmt, values, NULL, &found);
		if (!found)
			project_not_found(PG_GETARG_INT64(1),
							  ERRCODE_FOREIGN_KEY_VIOLATION);
	}
	finish();
	PG_RETURN_DATUM(result);
}

/*
 * create_tasks(titles text[] [, project_id bigint])
 *		RETURNS SETOF taskdb.tasks
 *
 * The bulk load.  Every title is checked before anything is written, so a
 * bad element is reported by its position and no row of the batch is
 * left; then one INSERT ... SELECT FROM unnest($1) writes them all.
 */
PG_FUNCTION_INFO_V1(raw_create_tasks);
Datum
raw_create_tasks(PG_FUNCTION_ARGS)
{
	ArrayType  *titles;
	ArrayIterator it;
	Datum		elem;
	bool		isnull;
	int			position;
	Datum		values[2];

	if (PG_NARGS() != 1 && PG_NARGS() != 2)
		unknown_signature(fcinfo, "create_tasks");

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("titles must not be null")));
	titles = PG_GETARG_ARRAYTYPE_P(0);
	if (ARR_NDIM(titles) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("titles must be a one-dimensional array")));

	position = ARR_NDIM(titles) == 1 ? ARR_LBOUND(titles)[0] : 1;
	it = array_create_iterator(titles, 0, NULL);
	while (array_iterate(it, &elem, &isnull))
	{
		CHECK_FOR_INTERRUPTS();
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("task title at position %d must not be null",
							position),
					 errdetail("No row of the batch was inserted.")));
		TdbValidateString(DatumGetTextPP(elem), &TdbTasks.title,
						  "task title", position);
		position++;
	}
	array_free_iterator(it);

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (ArrayGetNItems(ARR_NDIM(titles), ARR_DIMS(titles)) == 0)
		return (Datum) 0;

	values[0] = PointerGetDatum(titles);
	connect();
	if (PG_NARGS() == 1 || PG_ARGISNULL(1))
		TdbFetchToSRF(&create_tasks_stmt, values, NULL, false, fcinfo);
	else
	{
		values[1] = PG_GETARG_DATUM(1);
		if (!project_exists(PG_GETARG_INT64(1)))
			project_not_found(PG_GETARG_INT64(1),
							  ERRCODE_FOREIGN_KEY_VIOLATION);
		TdbFetchToSRF(&create_tasks_in_project_stmt, values, NULL, false,
					  fcinfo);
	}
	finish();
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
	Datum		values[6];
	char		nulls[6] = {' ', ' ', ' ', ' ', ' ', ' '};
	int64		id;
	int			project_action = 0;
	TdbStatement *stmt;
	Datum		result;
	bool		found;

	if (PG_NARGS() != 3 && PG_NARGS() != 5 && PG_NARGS() != 6)
		unknown_signature(fcinfo, "update_task");

	id = arg_id(fcinfo, 0, "task id");
	values[0] = Int64GetDatum(id);
	if (PG_ARGISNULL(1))
		nulls[1] = 'n';
	else
	{
		text	   *title = PG_GETARG_TEXT_PP(1);

		TdbValidateString(title, &TdbTasks.title, "task title", 0);
		values[1] = PointerGetDatum(title);
	}
	if (PG_ARGISNULL(2))
		nulls[2] = 'n';
	else
		values[2] = PG_GETARG_DATUM(2);

	if (PG_NARGS() == 3)
		stmt = &update_task_v10_stmt;
	else
	{
		bool		clear;

		if (PG_ARGISNULL(4))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("clear_project must not be null")));
		clear = PG_GETARG_BOOL(4);
		if (clear && !PG_ARGISNULL(3))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot both set and clear the project of task %lld",
							(long long) id),
					 errhint("Pass project_id or clear_project => true, not both.")));
		if (PG_ARGISNULL(3))
		{
			nulls[3] = 'n';
			project_action = clear ? 2 : 0;
		}
		else
		{
			values[3] = PG_GETARG_DATUM(3);
			project_action = 1;
		}
		values[4] = Int32GetDatum(project_action);

		if (PG_NARGS() == 5)
			stmt = &update_task_v11_stmt;
		else
		{
			if (PG_ARGISNULL(5))
				nulls[5] = 'n';
			else
				values[5] = PG_GETARG_DATUM(5);
			stmt = &update_task_v12_stmt;
		}
	}

	connect();
	result = one_row(stmt, values, nulls, &found);
	if (!found)
	{
		/* Find out why no row matched; this is the error path only. */
		Datum		idval[1] = {Int64GetDatum(id)};

		if (TdbFetch(&task_exists_stmt, idval, NULL, false) == 0)
			task_not_found(id);
		if (project_action == 1 && !project_exists(PG_GETARG_INT64(3)))
			project_not_found(PG_GETARG_INT64(3),
							  ERRCODE_FOREIGN_KEY_VIOLATION);
		if (PG_NARGS() == 6 && !PG_ARGISNULL(5))
		{
			bool		isnull;
			int32		current;

			current = DatumGetInt32(TdbFetchVal(&task_version_stmt, idval,
												NULL, false, &isnull));
			if (isnull)
				task_not_found(id);
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("task %lld is at version %d, not the expected version %d",
							(long long) id, current, PG_GETARG_INT32(5)),
					 errdetail("Another change was saved after the task was read."),
					 errhint("Read the task again and reapply the change.")));
		}
		/* the row vanished between the two statements */
		task_not_found(id);
	}
	finish();
	PG_RETURN_DATUM(result);
}

/*
 * delete_task(id bigint) RETURNS taskdb.tasks, STRICT
 */
PG_FUNCTION_INFO_V1(raw_delete_task);
Datum
raw_delete_task(PG_FUNCTION_ARGS)
{
	Datum		values[1];
	Datum		result;
	bool		found;

	values[0] = PG_GETARG_DATUM(0);
	connect();
	result = one_row(&delete_task_stmt, values, NULL, &found);
	if (!found)
		task_not_found(PG_GETARG_INT64(0));
	finish();
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

	values[0] = PointerGetDatum(TdbArgString(fcinfo, 0, &TdbProjects.name,
											 "project name"));
	connect();
	result = one_row(&create_project_stmt, values, NULL, &found);
	if (!found)
		elog(ERROR, "INSERT into taskdb.projects returned no row");
	finish();
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

	values[0] = PG_GETARG_DATUM(0);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	connect();
	TdbFetchToSRF(&get_project_stmt, values, NULL, true, fcinfo);
	finish();
	return (Datum) 0;
}

/*
 * list_projects(after_id bigint, lim integer) RETURNS SETOF taskdb.projects
 */
PG_FUNCTION_INFO_V1(raw_list_projects);
Datum
raw_list_projects(PG_FUNCTION_ARGS)
{
	Datum		values[2];
	int64		start;
	int32		lim;

	lim = arg_limit(fcinfo, 1);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (!keyset_start(fcinfo, 0, &start) || lim == 0)
		return (Datum) 0;

	values[0] = Int64GetDatum(start);
	values[1] = Int32GetDatum(lim);
	connect();
	TdbFetchToSRF(&list_projects_stmt, values, NULL, true, fcinfo);
	finish();
	return (Datum) 0;
}

/*
 * delete_project(id bigint, cascade boolean) RETURNS taskdb.projects
 *
 * A project that still has tasks is kept unless cascade is true, in which
 * case its tasks are deleted with it.  The project row is locked first, so
 * no task can join it between the count and the delete.
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

	id = arg_id(fcinfo, 0, "project id");
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("cascade must not be null")));
	cascade = PG_GETARG_BOOL(1);
	values[0] = Int64GetDatum(id);

	connect();
	if (TdbFetch(&lock_project_stmt, values, NULL, false) == 0)
		project_not_found(id, ERRCODE_NO_DATA_FOUND);
	ntasks = DatumGetInt64(TdbFetchVal(&count_project_tasks_stmt, values,
									   NULL, false, &isnull));
	if (ntasks > 0)
	{
		if (!cascade)
			ereport(ERROR,
					(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
					 errmsg_plural("project %lld still has %lld task",
								   "project %lld still has %lld tasks",
								   ntasks,
								   (long long) id, (long long) ntasks),
					 errhint("Move or delete its tasks first, or pass cascade => true to delete them with it.")));
		TdbExecute(&delete_project_tasks_stmt, values, NULL, false);
	}
	result = one_row(&delete_project_stmt, values, NULL, &found);
	if (!found)
		project_not_found(id, ERRCODE_NO_DATA_FOUND);
	finish();
	PG_RETURN_DATUM(result);
}
