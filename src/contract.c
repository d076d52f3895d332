/*-------------------------------------------------------------------------
 *
 * contract.c
 *	  The CRUD contract every path serves: its arguments and its errors.
 *
 * Every path (raw, builder, ...) exposes the same functions with the same
 * signatures, results, SQLSTATEs and messages.  What they share is here:
 * argument parsing and checking, which happens before any SQL runs, and
 * the reports of failures (a missing task, an unknown project, a stale
 * version).  What differs between paths is only how the SQL is produced.
 *
 * A function's argument count tells which extension version's SQL
 * definition called it (see raw.c): create_task has one argument at 1.0
 * and two from 1.1 on.  An unknown count means the library is older than
 * the SQL, or a function was bound to a taskdb symbol by hand.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "taskdb.h"

#include "catalog/pg_type_d.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#define EQ	" OPERATOR(pg_catalog.=) "

/* Statements used only to explain a failure, never on the normal path. */
static TdbStatement task_exists_stmt = {
	"SELECT true FROM taskdb.tasks t WHERE t.id" EQ "$1",
	1, {INT8OID}
};

static TdbStatement task_version_stmt = {
	"SELECT t.version FROM taskdb.tasks t WHERE t.id" EQ "$1",
	1, {INT8OID}
};

static TdbStatement project_exists_stmt = {
	"SELECT true FROM taskdb.projects p WHERE p.id" EQ "$1",
	1, {INT8OID}
};

static void
unknown_signature(FunctionCallInfo fcinfo, const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("taskdb library %s does not support %s with %d arguments",
					TDB_LIBRARY_VERSION, name, PG_NARGS()),
			 errhint("Install the taskdb library that matches the installed SQL definitions, or run ALTER EXTENSION taskdb UPDATE.")));
}

static void
null_argument(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s must not be null", what)));
}

static int64
arg_id(FunctionCallInfo fcinfo, int argno, const char *what)
{
	if (PG_ARGISNULL(argno))
		null_argument(what);
	return PG_GETARG_INT64(argno);
}

/*
 * A keyset page: the first id after after_id (argument after_arg, NULL for
 * the start) and the page size (argument lim_arg).  Sets *empty when no
 * row can be on the page.
 */
static void
parse_page(FunctionCallInfo fcinfo, int after_arg, int lim_arg,
		   bool *empty, int64 *start, int32 *lim)
{
	if (PG_ARGISNULL(lim_arg))
		null_argument("lim");
	*lim = PG_GETARG_INT32(lim_arg);
	if (*lim < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_ROW_COUNT_IN_LIMIT_CLAUSE),
				 errmsg("lim must not be negative"),
				 errdetail("The value given was %d.", *lim)));

	*empty = (*lim == 0);
	if (PG_ARGISNULL(after_arg))
		*start = PG_INT64_MIN;
	else if (PG_GETARG_INT64(after_arg) == PG_INT64_MAX)
		*empty = true;
	else
		*start = PG_GETARG_INT64(after_arg) + 1;
}

/* An optional project_id argument, present from 1.1 on. */
static void
parse_project(FunctionCallInfo fcinfo, int argno, bool *in_project,
			  int64 *project_id)
{
	*in_project = (PG_NARGS() > argno && !PG_ARGISNULL(argno));
	*project_id = *in_project ? PG_GETARG_INT64(argno) : 0;
}

/*
 * create_task(title text [, project_id bigint])
 */
void
TdbParseCreateTask(FunctionCallInfo fcinfo, TdbTaskCreate *c)
{
	if (PG_NARGS() != 1 && PG_NARGS() != 2)
		unknown_signature(fcinfo, "create_task");
	c->title = TdbArgString(fcinfo, 0, &TdbTasks.title, "task title");
	parse_project(fcinfo, 1, &c->in_project, &c->project_id);
}

/*
 * create_tasks(titles text[] [, project_id bigint])
 *
 * Every title is checked here, before anything is written, so that a bad
 * element is reported by its position and no row of the batch is left.
 */
void
TdbParseCreateTasks(FunctionCallInfo fcinfo, TdbTasksCreate *c)
{
	ArrayIterator it;
	Datum		elem;
	bool		isnull;
	int			position;

	if (PG_NARGS() != 1 && PG_NARGS() != 2)
		unknown_signature(fcinfo, "create_tasks");
	if (PG_ARGISNULL(0))
		null_argument("titles");
	c->titles = PG_GETARG_ARRAYTYPE_P(0);
	if (ARR_NDIM(c->titles) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("titles must be a one-dimensional array")));
	c->ntitles = ArrayGetNItems(ARR_NDIM(c->titles), ARR_DIMS(c->titles));

	position = ARR_NDIM(c->titles) == 1 ? ARR_LBOUND(c->titles)[0] : 1;
	it = array_create_iterator(c->titles, 0, NULL);
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
						  "task title", &position);
		position++;
	}
	array_free_iterator(it);

	parse_project(fcinfo, 1, &c->in_project, &c->project_id);
}

/*
 * update_task(id bigint, title text, done boolean
 *			   [, project_id bigint, clear_project boolean
 *			   [, expected_version integer]])
 */
void
TdbParseUpdateTask(FunctionCallInfo fcinfo, TdbTaskUpdate *u)
{
	memset(u, 0, sizeof(*u));
	u->nargs = PG_NARGS();
	if (u->nargs != 3 && u->nargs != 5 && u->nargs != 6)
		unknown_signature(fcinfo, "update_task");

	u->id = arg_id(fcinfo, 0, "task id");
	if (!PG_ARGISNULL(1))
	{
		u->title = PG_GETARG_TEXT_PP(1);
		TdbValidateString(u->title, &TdbTasks.title, "task title", NULL);
	}
	if (!PG_ARGISNULL(2))
	{
		u->set_done = true;
		u->done = PG_GETARG_BOOL(2);
	}

	if (u->nargs >= 5)
	{
		bool		clear;

		if (PG_ARGISNULL(4))
			null_argument("clear_project");
		clear = PG_GETARG_BOOL(4);
		if (!PG_ARGISNULL(3))
		{
			if (clear)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("cannot both set and clear the project of task %lld",
								(long long) u->id),
						 errhint("Pass project_id or clear_project => true, not both.")));
			u->project = TDB_PROJECT_SET;
			u->project_id = PG_GETARG_INT64(3);
		}
		else
			u->project = clear ? TDB_PROJECT_CLEAR : TDB_PROJECT_KEEP;
	}

	if (u->nargs == 6 && !PG_ARGISNULL(5))
	{
		u->check_version = true;
		u->expected_version = PG_GETARG_INT32(5);
	}
}

/*
 * delete_task(id bigint)
 */
int64
TdbParseDeleteTask(FunctionCallInfo fcinfo)
{
	return arg_id(fcinfo, 0, "task id");
}

/*
 * list_tasks(done boolean, after_id bigint, lim integer
 *			  [, project_id bigint])
 */
void
TdbParseListTasks(FunctionCallInfo fcinfo, TdbTaskList *l)
{
	if (PG_NARGS() != 3 && PG_NARGS() != 4)
		unknown_signature(fcinfo, "list_tasks");
	parse_page(fcinfo, 1, 2, &l->empty, &l->start, &l->lim);
	l->by_done = !PG_ARGISNULL(0);
	l->done = l->by_done ? PG_GETARG_BOOL(0) : false;
	parse_project(fcinfo, 3, &l->by_project, &l->project_id);
}

/*
 * list_projects(after_id bigint, lim integer)
 */
void
TdbParseListProjects(FunctionCallInfo fcinfo, TdbProjectList *l)
{
	parse_page(fcinfo, 0, 1, &l->empty, &l->start, &l->lim);
}

/*
 * create_project(name text)
 */
text *
TdbParseCreateProject(FunctionCallInfo fcinfo)
{
	return TdbArgString(fcinfo, 0, &TdbProjects.name, "project name");
}

/*
 * delete_project(id bigint, cascade boolean)
 */
int64
TdbParseDeleteProject(FunctionCallInfo fcinfo, bool *cascade)
{
	int64		id = arg_id(fcinfo, 0, "project id");

	if (PG_ARGISNULL(1))
		null_argument("cascade");
	*cascade = PG_GETARG_BOOL(1);
	return id;
}

/*---- failures ----*/

void
TdbTaskNotFound(int64 id)
{
	ereport(ERROR,
			(errcode(ERRCODE_NO_DATA_FOUND),
			 errmsg("task %lld does not exist", (long long) id)));
}

void
TdbProjectNotFound(int64 id, int sqlstate)
{
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg("project %lld does not exist", (long long) id)));
}

void
TdbProjectHasTasks(int64 id, int64 ntasks)
{
	ereport(ERROR,
			(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
			 errmsg_plural("project %lld still has %lld task",
						   "project %lld still has %lld tasks",
						   ntasks,
						   (long long) id, (long long) ntasks),
			 errhint("Move or delete its tasks first, or pass cascade => true to delete them with it.")));
}

bool
TdbProjectExists(int64 project_id)
{
	Datum		values[1] = {Int64GetDatum(project_id)};

	return TdbFetch(&project_exists_stmt, values, NULL, false) > 0;
}

/*
 * An UPDATE of a task matched no row: say why.  The task is missing, the
 * project to set is missing, or the task has moved past the expected
 * version.  Runs inside the caller's SPI connection.
 */
void
TdbUpdateMissed(const TdbTaskUpdate *u)
{
	Datum		idval[1] = {Int64GetDatum(u->id)};

	if (TdbFetch(&task_exists_stmt, idval, NULL, false) == 0)
		TdbTaskNotFound(u->id);
	if (u->project == TDB_PROJECT_SET && !TdbProjectExists(u->project_id))
		TdbProjectNotFound(u->project_id, ERRCODE_FOREIGN_KEY_VIOLATION);
	if (u->check_version)
	{
		bool		isnull;
		int32		current;

		current = DatumGetInt32(TdbFetchVal(&task_version_stmt, idval, NULL,
											false, &isnull));
		if (!isnull)
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("task %lld is at version %d, not the expected version %d",
							(long long) u->id, current, u->expected_version),
					 errdetail("Another change was saved after the task was read."),
					 errhint("Read the task again and reapply the change.")));
	}
	/* the row went away between the two statements */
	TdbTaskNotFound(u->id);
}

void
TdbSPIConnect(void)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
}

void
TdbSPIFinish(void)
{
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
}
