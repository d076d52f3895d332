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
#include "utils/timestamp.h"

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
					TdbLibraryVersionText(), name, PG_NARGS()),
			 errhint("Install the taskdb library that matches the installed SQL definitions, or run ALTER EXTENSION taskdb UPDATE.")));
}

static void
null_argument(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s must not be null", what)));
}

/*
 * A call's argument count must be the count of some version's definition
 * of fn: versions only append arguments, so the valid counts are those at
 * which the next argument is of a later version, from fn's first version
 * on.
 */
static void
check_signature(FunctionCallInfo fcinfo, const TdbApiFunction *fn)
{
	int			nargs = PG_NARGS();

	if (nargs > fn->nargs ||
		(nargs < fn->nargs && nargs > 0 &&
		 fn->args[nargs].since == fn->args[nargs - 1].since) ||
		(nargs < fn->nargs && fn->args[nargs].since == fn->since))
		unknown_signature(fcinfo, fn->name);
}

/* The table a function's arguments name. */
static const TdbTable *
table_of(const TdbApiFunction *fn)
{
	return fn->args[0].column->table;
}

/* Whether the call sets col already. */
static bool
call_sets(const TdbCall *call, const TdbColumn *col)
{
	for (int i = 0; i < call->nset; i++)
		if (call->set[i].col == col)
			return true;
	return false;
}

static void
add_set(TdbCall *call, const TdbColumn *col, Datum value, bool isnull)
{
	if (call->nset >= TDB_MAX_ASSIGN)
		elog(ERROR, "too many columns to set");
	call->set[call->nset].col = col;
	call->set[call->nset].value = value;
	call->set[call->nset].isnull = isnull;
	call->nset++;
}

/*
 * An argument's value for its column, checked against the column's limits
 * as the table's constraints would (with one message on every path):
 * strings by length and emptiness, integers by the column's range.
 */
static Datum
column_value(FunctionCallInfo fcinfo, int argno, const TdbColumn *col)
{
	switch (col->typid)
	{
		case VARCHAROID:
		case TEXTOID:
			{
				text	   *t = PG_GETARG_TEXT_PP(argno);

				TdbValidateString(t, col, col->what, NULL);
				return PointerGetDatum(t);
			}
		case INT2OID:
		case INT4OID:
		case INT8OID:
			{
				int64		n = col->typid == INT2OID ? PG_GETARG_INT16(argno) :
					col->typid == INT4OID ? PG_GETARG_INT32(argno) :
					PG_GETARG_INT64(argno);

				TdbValidateInteger(n, col);
				return PG_GETARG_DATUM(argno);
			}
		case TIMESTAMPTZOID:
			{
				TimestampTz ts = PG_GETARG_TIMESTAMPTZ(argno);

				/* a time to be due at, not PostgreSQL's infinity */
				if (TIMESTAMP_NOT_FINITE(ts))
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("%s must be a finite date and time", col->what),
							 errdetail("The value given was %s.",
									   TIMESTAMP_IS_NOBEGIN(ts) ? "-infinity" : "infinity")));
				return PG_GETARG_DATUM(argno);
			}
		default:
			return PG_GETARG_DATUM(argno);
	}
}

/*
 * A call of a function that writes one row, read by the roles of its
 * arguments (see TdbCall).  Every path calls this first, so each reports
 * the same errors in the same order: arguments in their order.  A function
 * that has no key argument creates its row: a column it must have (NOT
 * NULL, no default) must then be given.
 */
void
TdbParseCall(FunctionCallInfo fcinfo, const TdbApiFunction *fn, TdbCall *call)
{
	bool		creating = true;

	check_signature(fcinfo, fn);
	call->fn = fn;
	call->table = table_of(fn);
	call->nargs = PG_NARGS();
	call->has_key = false;
	call->key = 0;
	call->nset = 0;
	call->check_version = false;
	call->expect_col = NULL;
	call->expected_version = 0;
	call->flag = false;
	for (int i = 0; i < fn->nargs; i++)
		if (fn->args[i].role == TDB_ROLE_KEY)
			creating = false;

	for (int i = 0; i < call->nargs; i++)
	{
		const TdbApiArg *a = &fn->args[i];
		const TdbColumn *col = a->column;

		switch (a->role)
		{
			case TDB_ROLE_KEY:
				if (PG_ARGISNULL(i))
					null_argument(col->what);
				call->has_key = true;
				call->key = PG_GETARG_INT64(i);
				break;
			case TDB_ROLE_SET:
				if (!PG_ARGISNULL(i))
					add_set(call, col, column_value(fcinfo, i, col), false);
				else if (creating && col->notnull && col->default_expr == NULL)
					null_argument(col->what);
				break;
			case TDB_ROLE_CLEAR:
				if (PG_ARGISNULL(i))
					null_argument(a->name);
				if (!PG_GETARG_BOOL(i))
					break;
				if (call_sets(call, col))
				{
					const char *set_arg = col->name;

					for (int k = 0; k < fn->nargs; k++)
						if (fn->args[k].role == TDB_ROLE_SET &&
							fn->args[k].column == col)
							set_arg = fn->args[k].name;
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("cannot both set and clear the %s of %s %lld",
									a->name + strlen("clear_"),
									call->table == &TdbTasksTable ? "task" : "project",
									(long long) call->key),
							 errhint("Pass %s or %s => true, not both.",
									 set_arg, a->name)));
				}
				add_set(call, col, (Datum) 0, true);
				break;
			case TDB_ROLE_EXPECT:
				if (!PG_ARGISNULL(i))
				{
					call->check_version = true;
					call->expect_col = col;
					call->expected_version = PG_GETARG_INT32(i);
				}
				break;
			case TDB_ROLE_FLAG:
				if (PG_ARGISNULL(i))
					null_argument(a->name);
				call->flag = PG_GETARG_BOOL(i);
				break;
			default:
				break;
		}
	}
}

/*
 * Start read after the place a token (task_cursor) gives, in read's order,
 * which must be set: in id order, after its id, as an id cursor does;
 * otherwise after its order value and id, which need not be a row that
 * still exists or still has that value.
 */
void
TdbReadSetCursor(TdbRead *read, text *token)
{
	int64		key;
	Datum		value;

	TdbCursorDecode(VARDATA_ANY(token), VARSIZE_ANY_EXHDR(token), read->order,
					&key, &value);
	if (read->order == read->table->columns[0])
	{
		read->has_after = true;
		read->after = key;
		return;
	}
	read->has_position = true;
	read->position_key = key;
	read->position_value = value;
}

/*
 * Whether a read orders by an expression that no index matches: a read in
 * another order than the key with an equality (or one-of) filter on an
 * indexed column, a project's tasks by due date.  Walking the order's index
 * and dropping the other projects' tasks costs a part of the whole table
 * per page (all of it for the last pages of a small project), which the
 * planner does not see: it assumes the project's tasks are spread evenly
 * along the order.  Hidden from it, the project's tasks are read through
 * the (column, key) index and sorted: a cost that grows with the project,
 * never with the table (README, "Indexes and plans").
 */
bool
TdbReadHidesOrderIndex(const TdbRead *read)
{
	if (read->order == read->table->columns[0])
		return false;
	for (int i = 0; i < read->nfilters; i++)
		if ((read->filters[i].op == TDB_FILTER_EQ ||
			 read->filters[i].op == TDB_FILTER_IN) &&
			(read->filters[i].col->flags & TDB_COL_INDEX))
			return true;
	return false;
}

/*
 * Whether a read's best plan depends on its values, so that its statement
 * is planned for each call's values rather than kept as one generic plan:
 * a read with a text filter (LIKE, ILIKE) or a range (<, >, <=, >=).  A
 * generic plan cannot tell a rare word in a title from a common one, or a
 * one-day due range from a whole year: the first wants the trigram index
 * or the range of the order index, the second a walk of the order's index.
 * Other reads keep their generic plan, the best for every value: a walk of
 * the order's index from the cursor on, which an equality on a column of
 * a few values (done, priority) leaves short, or the (column, key) index
 * of an indexed column (a project).  Planning each call costs about 40
 * microseconds at 100,000 tasks (README, "Indexes and plans").
 */
bool
TdbReadWantsCustomPlan(const TdbRead *read)
{
	for (int i = 0; i < read->nfilters; i++)
		switch (read->filters[i].op)
		{
			case TDB_FILTER_LIKE:
			case TDB_FILTER_ILIKE:
			case TDB_FILTER_LT:
			case TDB_FILTER_GT:
			case TDB_FILTER_LE:
			case TDB_FILTER_GE:
				return true;
			default:
				break;
		}
	return false;
}

void
TdbReadAddFilter(TdbRead *read, const TdbColumn *col, TdbFilterOp op, Datum value,
		   Oid type)
{
	if (read->nfilters >= TDB_MAX_FILTERS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many filter keys"),
				 errdetail("A read takes at most %d.", TDB_MAX_FILTERS)));
	read->filters[read->nfilters].col = col;
	read->filters[read->nfilters].op = op;
	read->filters[read->nfilters].value = value;
	read->filters[read->nfilters].type = type;
	read->nfilters++;
}

/* Make read a TdbRead of table in id order, of the first 100 rows. */
static void
read_init(TdbRead *read, const TdbTable *table)
{
	memset(read, 0, sizeof(*read));
	read->table = table;
	read->order = table->columns[0];
	read->limit = 100;
}

/*
 * The column an order key names: a column the description lets reads
 * order by and the installed version has, optionally with a leading "-"
 * for descending.  key names the argument or filter key in the message
 * ("order_by", "filter key \"order\"").
 */
const TdbColumn *
TdbOrderColumn(const char *key, const char *value, bool *descending)
{
	const TdbTable *table = &TdbTasksTable;
	const char *name = value;
	StringInfoData choices;
	int			nchoices = 0;

	*descending = (name[0] == '-');
	if (*descending)
		name++;
	for (int c = 0; c < table->ncolumns; c++)
	{
		const TdbColumn *col = table->columns[c];

		if ((col->flags & TDB_COL_ORDER) && TdbColumnPresent(col) &&
			strcmp(name, col->name) == 0)
			return col;
	}

	initStringInfo(&choices);
	for (int c = 0; c < table->ncolumns; c++)
	{
		const TdbColumn *col = table->columns[c];

		if ((col->flags & TDB_COL_ORDER) && TdbColumnPresent(col))
			appendStringInfo(&choices, "%s\"%s\"", nchoices++ > 0 ? ", " : "",
							 col->name);
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s must be one of %s, optionally with a leading \"-\"",
					key, choices.data)));
	return NULL;				/* keep compiler quiet */
}

/*
 * A call of a function that reads a page of rows (list_x), read by the
 * roles of its arguments (see TdbRead).  In id order the cursor is the
 * first id of the page: after_id + 1, the whole table when after_id is
 * null, and no row at all after the largest id.
 */
void
TdbParseRead(FunctionCallInfo fcinfo, const TdbApiFunction *fn, TdbRead *read)
{
	int			nargs = PG_NARGS();
	bool		has_after = false;
	int64		after = 0;
	text	   *token = NULL;
	const char *token_arg = NULL;
	const char *after_arg = NULL;

	check_signature(fcinfo, fn);
	read_init(read, table_of(fn));

	for (int i = 0; i < nargs; i++)
	{
		const TdbApiArg *a = &fn->args[i];
		const TdbColumn *col = a->column;

		switch (a->role)
		{
			case TDB_ROLE_EQUAL:
				/* a value no row can hold matches no row, as in find_tasks */
				if (!PG_ARGISNULL(i))
					TdbReadAddFilter(read, col, TDB_FILTER_EQ,
									 PG_GETARG_DATUM(i), col->typid);
				break;
			case TDB_ROLE_BEFORE:
				if (!PG_ARGISNULL(i))
					TdbReadAddFilter(read, col, TDB_FILTER_LT, PG_GETARG_DATUM(i),
							   col->typid);
				break;
			case TDB_ROLE_SINCE:
				if (!PG_ARGISNULL(i))
					TdbReadAddFilter(read, col, TDB_FILTER_GT, PG_GETARG_DATUM(i),
							   col->typid);
				break;
			case TDB_ROLE_OVERDUE:
				if (!PG_ARGISNULL(i))
					TdbReadAddFilter(read, col,
							   PG_GETARG_BOOL(i) ? TDB_FILTER_OVERDUE :
							   TDB_FILTER_NOT_OVERDUE,
							   (Datum) 0, InvalidOid);
				break;
			case TDB_ROLE_ORDER:
				if (PG_ARGISNULL(i))
					null_argument(a->name);
				read->order = TdbOrderColumn(a->name,
											 text_to_cstring(PG_GETARG_TEXT_PP(i)),
											 &read->descending);
				break;
			case TDB_ROLE_AFTER:
				if (!PG_ARGISNULL(i))
				{
					has_after = true;
					after = PG_GETARG_INT64(i);
					after_arg = a->name;
				}
				break;
			case TDB_ROLE_CURSOR:
				if (!PG_ARGISNULL(i))
				{
					token = PG_GETARG_TEXT_PP(i);
					token_arg = a->name;
				}
				break;
			case TDB_ROLE_LIMIT:
				if (PG_ARGISNULL(i))
					null_argument(a->name);
				read->limit = PG_GETARG_INT32(i);
				if (read->limit < 0)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_ROW_COUNT_IN_LIMIT_CLAUSE),
							 errmsg("%s must not be negative", a->name),
							 errdetail("The value given was %d.", read->limit)));
				break;
			default:
				break;
		}
	}

	read->empty = (read->limit == 0);
	if (token != NULL)
	{
		if (has_after)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s and %s cannot both be given", after_arg, token_arg),
					 errhint("%s is the cursor of every order; %s is an id, for id order.",
							 token_arg, after_arg)));
		TdbReadSetCursor(read, token);
		has_after = read->has_after;
		after = read->after;
		read->has_after = false;
	}
	if (read->order == read->table->columns[0] && !read->descending)
	{
		/*
		 * id order: the page starts at the first id after the cursor.  The
		 * first page has no condition at all: a kept plan would cost "id
		 * >= $1" as a third of the table, whatever $1 is.
		 */
		read->has_start = has_after;
		read->start = has_after && after < PG_INT64_MAX ? after + 1 : 0;
		if (has_after && after == PG_INT64_MAX)
			read->empty = true;
	}
	else
	{
		read->has_after = has_after;
		read->after = after;
	}
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
	const TdbApiFunction *fn = &TdbApi_create_tasks;
	ArrayIterator it;
	Datum		elem;
	bool		isnull;
	int			position;

	check_signature(fcinfo, fn);
	if (PG_ARGISNULL(0))
		null_argument(fn->args[0].name);
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
						  TdbTasks.title.what, &position);
		position++;
	}
	array_free_iterator(it);

	c->in_project = (PG_NARGS() > TDB_ARG_create_tasks_project_id &&
					 !PG_ARGISNULL(TDB_ARG_create_tasks_project_id));
	c->project_id = c->in_project ?
		PG_GETARG_INT64(TDB_ARG_create_tasks_project_id) : 0;
}

/*
 * delete_project's steps, for the raw and builder paths (see core.h).  A
 * project that still has tasks is kept unless the call's cascade is true,
 * in which case its tasks are deleted with it.
 *
 * With cascade the tasks go first, then the project, the order in which
 * a task writer locks them (a task, then its project through the foreign
 * key), so that a writer holding a task of the project and about to add a
 * task to it is waited for, not deadlocked with.  The tasks are deleted
 * by one DELETE that waits for no row lock; if one of them is locked by
 * another transaction, that DELETE is undone and the tasks are locked in
 * id order first, as every writer of many tasks locks them
 * (TdbExecuteInKeyOrder).  The project's lock then keeps any task from
 * joining it; a task that joined it in between, or that a trigger or a
 * policy kept from the first DELETE, is counted and deleted with a second.
 * The cascade needs what the lock in id order needs (UPDATE of a column of
 * tasks) whether or not it is taken, so that a call is refused or allowed
 * alike under any concurrency.
 */
Datum
TdbDeleteProjectBySql(const TdbCall *call, const TdbDeleteProjectSql *sql)
{
	Datum		values[1] = {Int64GetDatum(call->key)};
	bool		isnull;
	int64		ntasks;
	uint64		deleted = 0;
	Datum		result;
	bool		found;

	if (call->flag)
	{
		TdbCheckLockPrivilege(&TdbTasksTable);
		deleted = TdbExecuteInKeyOrder(sql->delete_tasks, sql->lock_tasks,
									   values, NULL);
	}
	if (TdbFetch(sql->lock_project, values, NULL, false) == 0)
		TdbProjectNotFound(call->key, ERRCODE_NO_DATA_FOUND);
	ntasks = DatumGetInt64(TdbFetchVal(sql->count_tasks, values, NULL, false,
									   &isnull));
	if (ntasks > 0)
	{
		uint64		again;

		if (!call->flag)
			TdbProjectHasTasks(call->key, ntasks);
		again = TdbExecute(sql->delete_tasks, values, NULL, false);
		if (again < (uint64) ntasks)
			TdbWriteSkipped(&TdbTasksTable, TDB_STMT_DELETE, 0,
							ntasks - again, deleted + ntasks);
	}
	result = TdbFetchRow(sql->delete_project, values, NULL, false, &found);
	if (!found)
		TdbCallMissed(call, TDB_STMT_DELETE);
	return result;
}

/*
 * A write of one row (the call's), on a connection of its own: the row it
 * returned, or, when none came back, the contract's diagnosis of why
 * (TdbCallMissed).  The raw and builder paths send every single-row write
 * through here.
 */
Datum
TdbWriteOne(TdbStatement *stmt, Datum *values, const char *nulls,
			const TdbCall *call, TdbStmtKind kind)
{
	Datum		result;
	bool		found;

	TdbSPIConnect();
	result = TdbFetchRow(stmt, values, nulls, false, &found);
	if (!found)
		TdbCallMissed(call, kind);
	TdbSPIFinish();
	return result;
}

/*---- failures ----*/

void
TdbTaskNotFound(int64 id)
{
	ereport(ERROR,
			(errcode(ERRCODE_NO_DATA_FOUND),
			 errmsg("task %lld does not exist", (long long) id)));
}

/* The row of table with key id does not exist (P0002). */
void
TdbRowNotFound(const TdbTable *table, int64 id)
{
	if (table == &TdbTasksTable)
		TdbTaskNotFound(id);
	TdbProjectNotFound(id, ERRCODE_NO_DATA_FOUND);
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
 * A task is at another version than the caller expected: the caller's
 * copy is stale.  Retrying the same call cannot succeed, so from 1.7 this
 * is 55000 (the row is not in the state the call requires), apart from
 * 40001, which retry wrappers retry and which taskdb keeps for a change
 * made by another transaction during the call (TdbConcurrentChange).
 * Before 1.7 it was 40001 too, and stays so under older SQL.
 */
void
TdbVersionConflict(int64 id, int32 current, int32 expected)
{
	if (TdbInstalledVersion() < 107)
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("task %lld is at version %d, not the expected version %d",
						(long long) id, current, expected),
				 errdetail("Another change was saved after the task was read."),
				 errhint("Read the task again and reapply the change.")));
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("task %lld is at version %d, not the expected version %d",
					(long long) id, current, expected),
			 errdetail("Another change was saved after the caller read the task."),
			 errhint("Read the task again and decide whether the change still applies; retrying the same call cannot succeed.")));
}

/*
 * A row an orm or model call read was changed or deleted by another
 * transaction before the call wrote it: retrying the whole call reads it
 * again, so this is 40001.  The message names the call, since the caller
 * may have named neither the task nor a version (complete_project).
 */
void
TdbConcurrentChange(const char *entity, int64 id, int32 read_version,
					int32 current_version, bool deleted)
{
	char	   *op = TdbCurrentOperation();

	if (deleted)
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("%s %lld was deleted by another transaction during %s",
						entity, (long long) id, op),
				 errhint("Retry the call.")));
	ereport(ERROR,
			(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
			 errmsg("%s %lld was changed by another transaction during %s",
					entity, (long long) id, op),
			 errdetail("%s read it at version %d; it is at version %d now.",
					   op, read_version, current_version),
			 errhint("Retry the call: it reads the %s again.", entity)));
}

/*
 * A write of one row (the call's) came back without its row: say why.
 * For an UPDATE or DELETE the row is missing (P0002); for a write that
 * sets a column with a foreign key the row it names is missing (23503);
 * for an UPDATE with an expected version the row is at another (40001).
 * With all of that in order, something took the row (09000).  Runs inside
 * the caller's SPI connection.
 */
void
TdbCallMissed(const TdbCall *call, TdbStmtKind kind)
{
	Datum		idval[1] = {Int64GetDatum(call->key)};

	if (kind != TDB_STMT_INSERT)
	{
		if (call->table == &TdbTasksTable)
		{
			if (TdbFetch(&task_exists_stmt, idval, NULL, false) == 0)
				TdbTaskNotFound(call->key);
		}
		else if (!TdbProjectExists(call->key))
			TdbProjectNotFound(call->key, ERRCODE_NO_DATA_FOUND);
	}
	if (kind != TDB_STMT_DELETE)
		for (int i = 0; i < call->nset; i++)
		{
			const TdbAssign *a = &call->set[i];

			for (int f = 0; f < a->col->table->nfkeys; f++)
				if (a->col->table->fkeys[f].column == a->col && !a->isnull &&
					!TdbProjectExists(DatumGetInt64(a->value)))
					TdbProjectNotFound(DatumGetInt64(a->value),
									   ERRCODE_FOREIGN_KEY_VIOLATION);
		}
	if (kind == TDB_STMT_UPDATE && call->check_version)
	{
		bool		isnull;
		int32		current;

		current = DatumGetInt32(TdbFetchVal(&task_version_stmt, idval, NULL,
											false, &isnull));
		if (isnull)				/* the row went away meanwhile */
			TdbTaskNotFound(call->key);
		if (current != call->expected_version)
			TdbVersionConflict(call->key, current, call->expected_version);
	}
	TdbWriteSkipped(call->table, kind, call->key, 1, 1);
}

/*
 * An orm call that has no row to write (complete_project of a project
 * without open tasks, move_tasks of no task) must still refuse a caller
 * who could not have sent the UPDATE its SQL equivalent sends, as that
 * statement is refused before it finds any row: UPDATE privilege on the
 * table or on col.  The error is the executor's own.
 */
void
TdbCheckUpdatePrivilege(const TdbColumn *col)
{
	Oid			relid = TdbTableRelid(col->table);
	Oid			roleid = GetUserId();
	AttrNumber	attnum;

	if (pg_class_aclcheck(relid, roleid, ACL_UPDATE) == ACLCHECK_OK)
		return;
	attnum = get_attnum(relid, col->name);
	if (attnum != InvalidAttrNumber &&
		pg_attribute_aclcheck(relid, attnum, roleid, ACL_UPDATE) == ACLCHECK_OK)
		return;
	aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, col->table->name);
}

/*
 * The privilege SELECT ... FOR UPDATE needs on a table: UPDATE of the
 * table or of any of its columns.  For a call that needs a lock it does
 * not always take (TdbExecuteInKeyOrder); the error is the executor's own.
 */
void
TdbCheckLockPrivilege(const TdbTable *table)
{
	Oid			relid = TdbTableRelid(table);
	Oid			roleid = GetUserId();

	if (pg_class_aclcheck(relid, roleid, ACL_UPDATE) == ACLCHECK_OK ||
		pg_attribute_aclcheck_all(relid, roleid, ACL_UPDATE,
								  ACLMASK_ANY) == ACLCHECK_OK)
		return;
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
