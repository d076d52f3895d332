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
#include "core/core.h"

#include "catalog/pg_type_d.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

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
 * A write that taskdb sent came back without its row although nothing in
 * taskdb's own conditions explains it: a BEFORE row trigger returned NULL,
 * a rule rewrote the statement, or a row security policy hid the row.
 * taskdb never makes up the row it did not get; the call fails, and with
 * it everything the call wrote.  kind says what was sent; id is the key of
 * the row for an UPDATE or DELETE; nskipped of nrows rows did not come back
 * from an INSERT of many.
 */
void
TdbWriteSkipped(const TdbTable *table, TdbStmtKind kind, int64 id,
				uint64 nskipped, uint64 nrows)
{
	const char *verb = kind == TDB_STMT_INSERT ? "INSERT" :
		kind == TDB_STMT_UPDATE ? "UPDATE" : "DELETE";
	const char *entity = table == &TdbTasksTable ? "task" : "project";

	if (kind == TDB_STMT_INSERT && nrows > 1)
		ereport(ERROR,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("%llu of %llu rows were not inserted into %s.%s",
						(unsigned long long) nskipped,
						(unsigned long long) nrows, table->schema, table->name),
				 errdetail("A BEFORE INSERT row trigger returned NULL or a rule rewrote the INSERT, so not every row came back. No row of the batch was inserted."),
				 errhint("taskdb needs back every row it writes: change that trigger or rule on %s.%s.",
						 table->schema, table->name)));
	if (nrows > 1)
		ereport(ERROR,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("%llu of %llu rows of %s.%s were not %s",
						(unsigned long long) nskipped,
						(unsigned long long) nrows, table->schema, table->name,
						kind == TDB_STMT_UPDATE ? "updated" : "deleted"),
				 errdetail("A BEFORE %s row trigger returned NULL, a rule rewrote the %s, or a row security policy hid the rows.",
						   verb, verb),
				 errhint("taskdb needs back every row it writes: change that trigger, rule or policy on %s.%s.",
						 table->schema, table->name)));
	if (kind == TDB_STMT_INSERT)
		ereport(ERROR,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("new %s was not inserted into %s.%s", entity,
						table->schema, table->name),
				 errdetail("A BEFORE INSERT row trigger returned NULL or a rule rewrote the INSERT, so no row came back."),
				 errhint("taskdb needs back every row it writes: change that trigger or rule on %s.%s.",
						 table->schema, table->name)));
	ereport(ERROR,
			(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
			 errmsg("%s %lld was not %s", entity, (long long) id,
					kind == TDB_STMT_UPDATE ? "updated" : "deleted"),
			 errdetail("The row exists, but a BEFORE %s row trigger returned NULL, a rule rewrote the %s, or a row security policy hid the row.",
					   verb, verb),
			 errhint("taskdb needs back every row it writes: change that trigger, rule or policy on %s.%s.",
					 table->schema, table->name)));
}

/*
 * An INSERT of one task or project came back without its row: the
 * project named is missing (the task INSERT is conditional on it), or
 * something took the row.
 */
void
TdbCreateMissed(const TdbTable *table, bool in_project, int64 project_id)
{
	if (in_project && !TdbProjectExists(project_id))
		TdbProjectNotFound(project_id, ERRCODE_FOREIGN_KEY_VIOLATION);
	TdbWriteSkipped(table, TDB_STMT_INSERT, 0, 1, 1);
}

/*
 * A DELETE of the row with key id of table came back without its row: the
 * row is missing (P0002), or something took the DELETE.
 */
void
TdbDeleteMissed(const TdbTable *table, int64 id)
{
	Datum		idval[1] = {Int64GetDatum(id)};

	if (table == &TdbTasksTable)
	{
		if (TdbFetch(&task_exists_stmt, idval, NULL, false) == 0)
			TdbTaskNotFound(id);
	}
	else if (!TdbProjectExists(id))
		TdbProjectNotFound(id, ERRCODE_NO_DATA_FOUND);
	TdbWriteSkipped(table, TDB_STMT_DELETE, id, 1, 1);
}

/* A task is at another version than the caller or the session expected. */
void
TdbVersionConflict(int64 id, int32 current, int32 expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
			 errmsg("task %lld is at version %d, not the expected version %d",
					(long long) id, current, expected),
			 errdetail("Another change was saved after the task was read."),
			 errhint("Read the task again and reapply the change.")));
}

/*
 * An UPDATE of a task matched no row: say why.  The task is missing, the
 * project to set is missing, the task has moved past the expected version,
 * or, with all of that in order, something took the row.  Runs inside the
 * caller's SPI connection.
 */
void
TdbUpdateMissed(const TdbTaskUpdate *u)
{
	Datum		idval[1] = {Int64GetDatum(u->id)};
	bool		isnull;
	int32		current;

	if (TdbFetch(&task_exists_stmt, idval, NULL, false) == 0)
		TdbTaskNotFound(u->id);
	if (u->project == TDB_PROJECT_SET && !TdbProjectExists(u->project_id))
		TdbProjectNotFound(u->project_id, ERRCODE_FOREIGN_KEY_VIOLATION);
	if (u->check_version)
	{
		current = DatumGetInt32(TdbFetchVal(&task_version_stmt, idval, NULL,
											false, &isnull));
		if (isnull)				/* the row went away meanwhile */
			TdbTaskNotFound(u->id);
		if (current != u->expected_version)
			TdbVersionConflict(u->id, current, u->expected_version);
	}
	TdbWriteSkipped(&TdbTasksTable, TDB_STMT_UPDATE, u->id, 1, 1);
}

/*
 * A unit of work that sends nothing for an object whose attributes were
 * set to the values they had must still refuse a caller who could not have
 * sent the UPDATE, as every path that sends one does: UPDATE privilege on
 * each column set (columns[i] for the table's column i), or, with none set
 * (columns NULL), on at least one column, as SELECT ... FOR UPDATE asks.
 * The error is the executor's own.
 */
void
TdbCheckUpdatePrivilege(const TdbTable *table, const bool *columns)
{
	Oid			relid = TdbTableRelid(table);
	Oid			roleid = GetUserId();

	if (pg_class_aclcheck(relid, roleid, ACL_UPDATE) == ACLCHECK_OK)
		return;
	if (columns == NULL)
	{
		if (pg_attribute_aclcheck_all(relid, roleid, ACL_UPDATE, ACLMASK_ANY) ==
			ACLCHECK_OK)
			return;
	}
	else
	{
		bool		all = true;

		for (int c = 0; c < table->ncolumns && all; c++)
		{
			AttrNumber	attnum;

			if (!columns[c])
				continue;
			attnum = get_attnum(relid, table->columns[c]->name);
			all = (attnum != InvalidAttrNumber &&
				   pg_attribute_aclcheck(relid, attnum, roleid, ACL_UPDATE) ==
				   ACLCHECK_OK);
		}
		if (all)
			return;
	}
	aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, table->name);
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
