/*-------------------------------------------------------------------------
 *
 * builder_path.c
 *	  The builder path (SQLAlchemy Core's peer): the CRUD contract, dynamic
 *	  search and a report, all as SQL rendered by the query builder.
 *
 * The builder_ functions serve exactly the raw path's contract: the
 * arguments are parsed and failures reported by contract.c, so the
 * results, SQLSTATEs and messages are the same; only the SQL differs,
 * and here it is built from the column descriptors and rendered to only
 * what a call needs (an UPDATE sets just the columns it was given).
 *
 * find_tasks(filter jsonb) is what a builder is for: each key present in
 * the filter adds one condition.  find_tasks_sql shows the SQL and the
 * parameters find_tasks would run, like printing a select().
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "taskdb.h"

#include <limits.h>

#include "catalog/pg_type_d.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

/*---- running built queries ----*/

static uint64
rows_to_srf(TdbQuery *q, bool read_only, FunctionCallInfo fcinfo)
{
	return TdbFetchToSRF(TdbQueryStatement(q), TdbQueryValues(q),
						 TdbQueryNulls(q), read_only, fcinfo);
}

/*
 * What a reader whose rows are the function's result rows selects: t.*
 * when the result type has no dropped column, so that the scan's tuples go
 * to the tuplestore as they are, else the whole row t (as the raw readers
 * choose, driver.c).
 */
static TdbTargetKind
result_target(FunctionCallInfo fcinfo)
{
	if (TdbResultHasDroppedColumns(fcinfo))
		return TDB_TARGET_ROW;
	return TDB_TARGET_STAR;
}

/* Select a table's rows as target says. */
static void
target_rows(TdbQuery *q, const TdbTable *table, TdbTargetKind target)
{
	if (target == TDB_TARGET_COLUMNS)
		TdbTargetColumns(q, table);
	else if (target == TDB_TARGET_STAR)
		TdbTarget(q, TdbStar(q, table), NULL);
	else
		TdbTarget(q, TdbRow(q, table), NULL);
}

/* rows_to_srf for a read-only query built with target_rows(result_target) */
static uint64
result_rows_to_srf(TdbQuery *q, TdbTargetKind target, FunctionCallInfo fcinfo)
{
	if (target == TDB_TARGET_STAR)
		return TdbFetchColumnsToSRF(TdbQueryStatement(q), TdbQueryValues(q),
									TdbQueryNulls(q), true, fcinfo);
	return rows_to_srf(q, true, fcinfo);
}

/* fetchrow for a built query: its one whole row, or *found false */
static Datum
one_row(TdbQuery *q, bool *found)
{
	return TdbFetchRow(TdbQueryStatement(q), TdbQueryValues(q),
					   TdbQueryNulls(q), false, found);
}

/* WHERE alias.id = $n for a table's id column */
static void
where_id(TdbQuery *q, const TdbColumn *id, Datum value)
{
	TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, id), TdbParamFor(q, id, value)));
}

/* EXISTS (SELECT FROM taskdb.projects p WHERE p.id = param) */
static TdbExpr *
project_exists(TdbQuery *outer, TdbExpr *project_param)
{
	TdbQuery   *sub = TdbSubselect(outer, &TdbProjectsTable,
								   TdbProjectsTable.alias);

	TdbWhere(sub, TdbOp(TDB_EQ, TdbCol(sub, &TdbProjects.id), project_param));
	return TdbExists(sub);
}

/*
 * The list_tasks query: a keyset page in key order, with the filters given.
 * It selects the whole row as one value, every column (as the orm reads
 * them), or t.*.  The orm and model paths build their lists here too.
 */
TdbQuery *
TdbBuildListTasks(const TdbTaskList *l, TdbTargetKind target)
{
	TdbQuery   *q = TdbSelect(&TdbTasksTable);

	target_rows(q, &TdbTasksTable, target);
	TdbWhere(q, TdbOp(TDB_GE, TdbCol(q, &TdbTasks.id),
					  TdbParamFor(q, &TdbTasks.id, Int64GetDatum(l->start))));
	if (l->by_done)
		TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, &TdbTasks.done),
						  TdbParamFor(q, &TdbTasks.done, BoolGetDatum(l->done))));
	if (l->by_project)
		TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, &TdbTasks.project_id),
						  TdbParamFor(q, &TdbTasks.project_id,
									  Int64GetDatum(l->project_id))));
	TdbOrderBy(q, TdbCol(q, &TdbTasks.id), false);
	TdbLimit(q, TdbParam(q, INT4OID, Int32GetDatum(l->lim), false));
	return q;
}

/* The list_projects query, the same way. */
TdbQuery *
TdbBuildListProjects(const TdbProjectList *l, bool columns)
{
	TdbQuery   *q = TdbSelect(&TdbProjectsTable);

	target_rows(q, &TdbProjectsTable, columns ? TDB_TARGET_COLUMNS : TDB_TARGET_ROW);
	TdbWhere(q, TdbOp(TDB_GE, TdbCol(q, &TdbProjects.id),
					  TdbParamFor(q, &TdbProjects.id, Int64GetDatum(l->start))));
	TdbOrderBy(q, TdbCol(q, &TdbProjects.id), false);
	TdbLimit(q, TdbParam(q, INT4OID, Int32GetDatum(l->lim), false));
	return q;
}

/*---- tasks ----*/

PG_FUNCTION_INFO_V1(builder_get_task);
Datum
builder_get_task(PG_FUNCTION_ARGS)
{
	TdbQuery   *q = TdbSelect(&TdbTasksTable);
	TdbTargetKind target = result_target(fcinfo);

	TdbPathBegin(TDB_PATH_BUILDER);
	target_rows(q, &TdbTasksTable, target);
	where_id(q, &TdbTasks.id, PG_GETARG_DATUM(0));

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	result_rows_to_srf(q, target, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(builder_get_tasks);
Datum
builder_get_tasks(PG_FUNCTION_ARGS)
{
	TdbQuery   *q = TdbSelect(&TdbTasksTable);
	TdbTargetKind target = result_target(fcinfo);

	TdbPathBegin(TDB_PATH_BUILDER);
	target_rows(q, &TdbTasksTable, target);
	TdbWhere(q, TdbEqAny(TdbCol(q, &TdbTasks.id),
						 TdbParam(q, INT8ARRAYOID, PG_GETARG_DATUM(0), false)));
	TdbOrderBy(q, TdbCol(q, &TdbTasks.id), false);

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	result_rows_to_srf(q, target, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(builder_list_tasks);
Datum
builder_list_tasks(PG_FUNCTION_ARGS)
{
	TdbTaskList l;
	TdbQuery   *q;
	TdbTargetKind target;

	TdbPathBegin(TDB_PATH_BUILDER);
	TdbParseListTasks(fcinfo, &l);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (l.empty)
		return (Datum) 0;

	target = result_target(fcinfo);
	q = TdbBuildListTasks(&l, target);

	TdbSPIConnect();
	result_rows_to_srf(q, target, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(builder_create_task);
Datum
builder_create_task(PG_FUNCTION_ARGS)
{
	TdbTaskCreate c;
	TdbQuery   *q;
	Datum		result;
	bool		found;

	TdbPathBegin(TDB_PATH_BUILDER);
	TdbParseCreateTask(fcinfo, &c);
	q = TdbInsert(&TdbTasksTable);
	TdbValue(q, &TdbTasks.title,
			 TdbParamFor(q, &TdbTasks.title, PointerGetDatum(c.title)));
	if (c.in_project)
	{
		TdbExpr    *pid = TdbParamFor(q, &TdbTasks.project_id,
									  Int64GetDatum(c.project_id));

		TdbValue(q, &TdbTasks.project_id, pid);
		TdbWhere(q, project_exists(q, pid));
	}
	TdbReturning(q, TdbRow(q, &TdbTasksTable));

	TdbSPIConnect();
	result = one_row(q, &found);
	if (!found)
		TdbCreateMissed(&TdbTasksTable, c.in_project, c.project_id);
	TdbSPIFinish();
	PG_RETURN_DATUM(result);
}

PG_FUNCTION_INFO_V1(builder_create_tasks);
Datum
builder_create_tasks(PG_FUNCTION_ARGS)
{
	TdbTasksCreate c;
	TdbQuery   *q;

	TdbPathBegin(TDB_PATH_BUILDER);
	TdbParseCreateTasks(fcinfo, &c);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);

	q = TdbInsert(&TdbTasksTable);
	TdbValuesFrom(q, &TdbTasks.title,
				  TdbParam(q, TEXTARRAYOID, PointerGetDatum(c.titles), false));
	if (c.in_project)
		TdbValue(q, &TdbTasks.project_id,
				 TdbParamFor(q, &TdbTasks.project_id,
							 Int64GetDatum(c.project_id)));
	TdbReturning(q, TdbRow(q, &TdbTasksTable));

	TdbSPIConnect();
	if (c.in_project)
	{
		TdbQuery   *check = TdbSelect(&TdbProjectsTable);

		where_id(check, &TdbProjects.id, Int64GetDatum(c.project_id));
		if (TdbFetch(TdbQueryStatement(check), TdbQueryValues(check),
					 TdbQueryNulls(check), false) == 0)
			TdbProjectNotFound(c.project_id, ERRCODE_FOREIGN_KEY_VIOLATION);
	}
	if (c.ntitles > 0)
	{
		uint64		nrows = rows_to_srf(q, false, fcinfo);

		if (nrows < (uint64) c.ntitles)
			TdbWriteSkipped(&TdbTasksTable, TDB_STMT_INSERT, 0,
							c.ntitles - nrows, c.ntitles);
	}
	TdbSPIFinish();
	return (Datum) 0;
}

/*
 * update_task: SET only the columns given.  A call that gives none locks
 * the row and returns it (SELECT ... FOR UPDATE), as the raw path does.
 */
PG_FUNCTION_INFO_V1(builder_update_task);
Datum
builder_update_task(PG_FUNCTION_ARGS)
{
	TdbTaskUpdate u;
	TdbQuery   *q;
	TdbExpr    *id;
	Datum		result;
	bool		found;

	TdbPathBegin(TDB_PATH_BUILDER);
	TdbParseUpdateTask(fcinfo, &u);
	if (u.title == NULL && !u.set_done && u.project == TDB_PROJECT_KEEP)
	{
		q = TdbSelect(&TdbTasksTable);
		TdbTarget(q, TdbRow(q, &TdbTasksTable), NULL);
		TdbForUpdate(q);
	}
	else
		q = TdbUpdate(&TdbTasksTable);
	id = TdbParamFor(q, &TdbTasks.id, Int64GetDatum(u.id));
	if (u.title)
		TdbSet(q, &TdbTasks.title,
			   TdbParamFor(q, &TdbTasks.title, PointerGetDatum(u.title)));
	if (u.set_done)
		TdbSet(q, &TdbTasks.done,
			   TdbParamFor(q, &TdbTasks.done, BoolGetDatum(u.done)));
	if (u.project == TDB_PROJECT_SET)
	{
		TdbExpr    *pid = TdbParamFor(q, &TdbTasks.project_id,
									  Int64GetDatum(u.project_id));

		TdbSet(q, &TdbTasks.project_id, pid);
		TdbWhere(q, project_exists(q, pid));
	}
	else if (u.project == TDB_PROJECT_CLEAR)
		TdbSet(q, &TdbTasks.project_id, TdbParam(q, INT8OID, (Datum) 0, true));

	TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, &TdbTasks.id), id));
	if (u.check_version)
		TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, &TdbTasks.version),
						  TdbParamFor(q, &TdbTasks.version,
									  Int32GetDatum(u.expected_version))));
	if (u.title || u.set_done || u.project != TDB_PROJECT_KEEP)
		TdbReturning(q, TdbRow(q, &TdbTasksTable));

	TdbSPIConnect();
	result = one_row(q, &found);
	if (!found)
		TdbUpdateMissed(&u);
	TdbSPIFinish();
	PG_RETURN_DATUM(result);
}

PG_FUNCTION_INFO_V1(builder_delete_task);
Datum
builder_delete_task(PG_FUNCTION_ARGS)
{
	TdbQuery   *q = TdbDelete(&TdbTasksTable);
	int64		id;
	Datum		result;
	bool		found;

	TdbPathBegin(TDB_PATH_BUILDER);
	id = TdbParseDeleteTask(fcinfo);
	where_id(q, &TdbTasks.id, Int64GetDatum(id));
	TdbReturning(q, TdbRow(q, &TdbTasksTable));

	TdbSPIConnect();
	result = one_row(q, &found);
	if (!found)
		TdbDeleteMissed(&TdbTasksTable, id);
	TdbSPIFinish();
	PG_RETURN_DATUM(result);
}

/*---- projects ----*/

PG_FUNCTION_INFO_V1(builder_create_project);
Datum
builder_create_project(PG_FUNCTION_ARGS)
{
	text	   *name;
	TdbQuery   *q = TdbInsert(&TdbProjectsTable);
	Datum		result;
	bool		found;

	TdbPathBegin(TDB_PATH_BUILDER);
	name = TdbParseCreateProject(fcinfo);
	TdbValue(q, &TdbProjects.name,
			 TdbParamFor(q, &TdbProjects.name, PointerGetDatum(name)));
	TdbReturning(q, TdbRow(q, &TdbProjectsTable));

	TdbSPIConnect();
	result = one_row(q, &found);
	if (!found)
		TdbCreateMissed(&TdbProjectsTable, false, 0);
	TdbSPIFinish();
	PG_RETURN_DATUM(result);
}

PG_FUNCTION_INFO_V1(builder_get_project);
Datum
builder_get_project(PG_FUNCTION_ARGS)
{
	TdbQuery   *q = TdbSelect(&TdbProjectsTable);

	TdbPathBegin(TDB_PATH_BUILDER);
	TdbTarget(q, TdbRow(q, &TdbProjectsTable), NULL);
	where_id(q, &TdbProjects.id, PG_GETARG_DATUM(0));

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	rows_to_srf(q, true, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(builder_list_projects);
Datum
builder_list_projects(PG_FUNCTION_ARGS)
{
	TdbProjectList l;
	TdbQuery   *q;

	TdbPathBegin(TDB_PATH_BUILDER);
	TdbParseListProjects(fcinfo, &l);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (l.empty)
		return (Datum) 0;

	q = TdbBuildListProjects(&l, false);

	TdbSPIConnect();
	rows_to_srf(q, true, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

/*
 * delete_project: as the raw path, with cascade the project's tasks are
 * locked first, in id order, then the project.
 */
PG_FUNCTION_INFO_V1(builder_delete_project);
Datum
builder_delete_project(PG_FUNCTION_ARGS)
{
	bool		cascade;
	int64		id;
	Datum		idval;
	TdbQuery   *lock = TdbSelect(&TdbProjectsTable);
	TdbQuery   *count = TdbSelect(&TdbTasksTable);
	TdbQuery   *del = TdbDelete(&TdbProjectsTable);
	bool		isnull;
	int64		ntasks;
	Datum		result;
	bool		found;

	TdbPathBegin(TDB_PATH_BUILDER);
	id = TdbParseDeleteProject(fcinfo, &cascade);
	idval = Int64GetDatum(id);
	where_id(lock, &TdbProjects.id, idval);
	TdbForUpdate(lock);

	TdbTarget(count, TdbAggregate(TDB_COUNT, NULL, NULL), NULL);
	where_id(count, &TdbTasks.project_id, idval);

	where_id(del, &TdbProjects.id, idval);
	TdbReturning(del, TdbRow(del, &TdbProjectsTable));

	TdbSPIConnect();
	if (cascade)
	{
		TdbQuery   *lock_tasks = TdbSelect(&TdbTasksTable);

		where_id(lock_tasks, &TdbTasks.project_id, idval);
		TdbOrderBy(lock_tasks, TdbCol(lock_tasks, &TdbTasks.id), false);
		TdbForUpdate(lock_tasks);
		TdbFetch(TdbQueryStatement(lock_tasks), TdbQueryValues(lock_tasks),
				 TdbQueryNulls(lock_tasks), false);
	}
	if (TdbFetch(TdbQueryStatement(lock), TdbQueryValues(lock),
				 TdbQueryNulls(lock), false) == 0)
		TdbProjectNotFound(id, ERRCODE_NO_DATA_FOUND);
	ntasks = DatumGetInt64(TdbFetchVal(TdbQueryStatement(count),
									   TdbQueryValues(count),
									   TdbQueryNulls(count), false, &isnull));
	if (ntasks > 0)
	{
		TdbQuery   *tasks;
		uint64		deleted;

		if (!cascade)
			TdbProjectHasTasks(id, ntasks);
		tasks = TdbDelete(&TdbTasksTable);
		where_id(tasks, &TdbTasks.project_id, idval);
		deleted = TdbExecute(TdbQueryStatement(tasks), TdbQueryValues(tasks),
							 TdbQueryNulls(tasks), false);
		if (deleted < (uint64) ntasks)
			TdbWriteSkipped(&TdbTasksTable, TDB_STMT_DELETE, 0,
							ntasks - deleted, ntasks);
	}
	result = one_row(del, &found);
	if (!found)
		TdbDeleteMissed(&TdbProjectsTable, id);
	TdbSPIFinish();
	PG_RETURN_DATUM(result);
}

/*---- dynamic search: find_tasks, find_tasks_sql, project_report ----*/

#define FIND_DEFAULT_LIMIT 100

typedef enum FilterUse
{
	FILTER_FIND,				/* find_tasks, find_tasks_sql */
	FILTER_REPORT				/* project_report */
} FilterUse;

static void
bad_value(const char *key, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("filter key \"%s\" must be %s", key, expected)));
}

/* A JSON number that is an integer in bigint's range, or an error. */
static int64
json_int8(const char *key, JsonbValue *v, const char *expected)
{
	char	   *s;
	char	   *end;
	long long	n;

	if (v->type != jbvNumeric)
		bad_value(key, expected);
	s = DatumGetCString(DirectFunctionCall1(numeric_out,
											NumericGetDatum(v->val.numeric)));
	errno = 0;
	n = strtoll(s, &end, 10);
	if (*end != '\0' || errno == ERANGE)
		bad_value(key, expected);
	return (int64) n;
}

/*
 * A JSON array of integers, as a bigint[] datum.  With has_null non-NULL,
 * null elements are allowed and reported there instead of stored.
 */
static Datum
json_int8_array(const char *key, JsonbValue *v, const char *expected,
				bool *has_null)
{
	JsonbIterator *it;
	JsonbValue	elem;
	JsonbIteratorToken tok;
	Datum	   *items;
	int			n = 0;
	int			cap;

	if (has_null)
		*has_null = false;
	if (v->type != jbvBinary ||
		!JsonContainerIsArray((JsonbContainer *) v->val.binary.data))
		bad_value(key, expected);
	cap = JsonContainerSize((JsonbContainer *) v->val.binary.data);
	items = palloc(sizeof(Datum) * Max(cap, 1));
	it = JsonbIteratorInit((JsonbContainer *) v->val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &elem, true)) != WJB_DONE)
	{
		CHECK_FOR_INTERRUPTS();
		if (tok != WJB_ELEM)
			continue;
		if (elem.type == jbvNull && has_null)
			*has_null = true;
		else
			items[n++] = Int64GetDatum(json_int8(key, &elem, expected));
	}
	return PointerGetDatum(construct_array(items, n, INT8OID, 8, true,
										   TYPALIGN_DOUBLE));
}

static text *
json_text(const char *key, JsonbValue *v)
{
	if (v->type != jbvString)
		bad_value(key, "a string");
	return cstring_to_text_with_len(v->val.string.val, v->val.string.len);
}

/*
 * A title filter cannot match a title longer than the column holds: it is
 * refused, as storing such a title would be, before it costs a scan.
 */
static void
check_title_filter(const char *key, text *value)
{
	const TdbColumn *col = &TdbTasks.title;
	int			len = VARSIZE_ANY_EXHDR(value);
	int			nchars;

	if (len <= col->max_length)
		return;
	nchars = pg_mbstrlen_with_len(VARDATA_ANY(value), len);
	if (nchars <= col->max_length)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
			 errmsg("filter key \"%s\" is longer than a task title can be", key),
			 errdetail("It has %d characters; a title has at most %d.",
					   nchars, col->max_length)));
}

/* A JSON string holding a timestamp with time zone. */
static TimestampTz
json_timestamptz(const char *key, JsonbValue *v)
{
	char	   *s;
	TimestampTz result;

	if (v->type != jbvString)
		bad_value(key, "a timestamp string");
	s = pnstrdup(v->val.string.val, v->val.string.len);
	if (!TdbParseTimestamptz(s, &result))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("filter key \"%s\" must be a timestamp string", key),
				 errdetail("\"%s\" is not a valid timestamp with time zone.",
						   TdbQuotePrefix(s, strlen(s)))));
	return result;
}

/* The columns find_tasks can order by: "id", "-id", "title", ... */
static const TdbColumn *
order_column(const char *key, text *value, bool *descending)
{
	char	   *s = text_to_cstring(value);
	const TdbColumn *const choices[] = {
		&TdbTasks.id, &TdbTasks.title, &TdbTasks.created_at,
	};

	*descending = (s[0] == '-');
	if (*descending)
		s++;
	for (int i = 0; i < (int) lengthof(choices); i++)
		if (strcmp(s, choices[i]->name) == 0)
			return choices[i];
	bad_value(key, "one of \"id\", \"title\", \"created_at\", optionally with a leading \"-\"");
	return NULL;				/* keep compiler quiet */
}

/*
 * A parsed filter: the conditions on tasks, on projects (the report), and
 * the page.  Conditions are built against the query they belong to.
 */
typedef struct Filter
{
	TdbExpr    *task_cond;
	TdbExpr    *project_cond;
	const TdbColumn *order;
	bool		descending;
	bool		has_after;
	int64		after;
	bool		has_offset;
	int64		offset;
	int32		limit;
} Filter;

/*
 * Parse filter (a JSON object) into conditions on q.  For the report,
 * task conditions name the joined tasks and project_id names projects.
 */
static void
parse_filter(Jsonb *filter, TdbQuery *q, FilterUse use, Filter *f)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;

	memset(f, 0, sizeof(*f));
	f->order = &TdbTasks.id;
	f->limit = FIND_DEFAULT_LIMIT;

	if (!JB_ROOT_IS_OBJECT(filter))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("filter must be a JSON object")));

	it = JsonbIteratorInit(&filter->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;
		JsonbValue	val;

		CHECK_FOR_INTERRUPTS();
		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		tok = JsonbIteratorNext(&it, &val, true);
		Assert(tok == WJB_VALUE);

		if (strcmp(key, "done") == 0)
		{
			if (val.type != jbvBool)
				bad_value(key, "a boolean");
			f->task_cond = TdbAnd(f->task_cond,
								  TdbOp(TDB_EQ, TdbCol(q, &TdbTasks.done),
										TdbParamFor(q, &TdbTasks.done,
													BoolGetDatum(val.val.boolean))));
		}
		else if (strcmp(key, "project_id") == 0)
		{
			const TdbColumn *col = use == FILTER_REPORT ?
			&TdbProjects.id : &TdbTasks.project_id;
			const char *expected = use == FILTER_REPORT ?
			"a number or an array of numbers" :
			"a number, an array of numbers and nulls, or null";
			TdbExpr    *cond;

			if (val.type == jbvNull && use == FILTER_FIND)
				cond = TdbIsNull(TdbCol(q, col), false);
			else if (val.type == jbvNumeric)
				cond = TdbOp(TDB_EQ, TdbCol(q, col),
							 TdbParamFor(q, col,
										 Int64GetDatum(json_int8(key, &val, expected))));
			else if (val.type == jbvBinary)
			{
				/* [1, 2, null]: in project 1 or 2, or in no project */
				bool		with_null = false;
				Datum		ids = json_int8_array(key, &val, expected,
												  use == FILTER_FIND ? &with_null : NULL);

				cond = TdbEqAny(TdbCol(q, col), TdbParam(q, INT8ARRAYOID, ids,
														 false));
				if (with_null)
					cond = TdbOr(cond, TdbIsNull(TdbCol(q, col), false));
			}
			else
			{
				bad_value(key, expected);
				cond = NULL;	/* keep compiler quiet */
			}
			if (use == FILTER_REPORT)
				f->project_cond = TdbAnd(f->project_cond, cond);
			else
				f->task_cond = TdbAnd(f->task_cond, cond);
		}
		else if (strcmp(key, "title_contains") == 0 ||
				 strcmp(key, "title_prefix") == 0)
		{
			bool		prefix = (key[6] == 'p');
			text	   *value = json_text(key, &val);
			char	   *pattern;

			check_title_filter(key, value);
			pattern = TdbLikePattern(value, prefix);

			f->task_cond = TdbAnd(f->task_cond,
								  TdbOp(prefix ? TDB_LIKE : TDB_ILIKE,
										TdbCol(q, &TdbTasks.title),
										TdbParam(q, TEXTOID,
												 CStringGetTextDatum(pattern),
												 false)));
		}
		else if (strcmp(key, "created_after") == 0 ||
				 strcmp(key, "created_before") == 0)
		{
			bool		after = (key[8] == 'a');
			TimestampTz ts = json_timestamptz(key, &val);

			f->task_cond = TdbAnd(f->task_cond,
								  TdbOp(after ? TDB_GT : TDB_LT,
										TdbCol(q, &TdbTasks.created_at),
										TdbParamFor(q, &TdbTasks.created_at,
													TimestampTzGetDatum(ts))));
		}
		else if (strcmp(key, "has_project") == 0)
		{
			if (val.type != jbvBool)
				bad_value(key, "a boolean");
			f->task_cond = TdbAnd(f->task_cond,
								  TdbIsNull(TdbCol(q, &TdbTasks.project_id),
											val.val.boolean));
		}
		else if (strcmp(key, "ids") == 0)
			f->task_cond = TdbAnd(f->task_cond,
								  TdbEqAny(TdbCol(q, &TdbTasks.id),
										   TdbParam(q, INT8ARRAYOID,
													json_int8_array(key, &val,
																	"an array of numbers",
																	NULL),
													false)));
		else if (use == FILTER_FIND && strcmp(key, "order") == 0)
			f->order = order_column(key, json_text(key, &val), &f->descending);
		else if (use == FILTER_FIND && strcmp(key, "after") == 0)
		{
			f->has_after = true;
			f->after = json_int8(key, &val, "a task id");
		}
		else if (use == FILTER_FIND && strcmp(key, "offset") == 0)
		{
			f->offset = json_int8(key, &val, "a number of rows to skip, 0 or more");
			if (f->offset < 0)
				bad_value(key, "a number of rows to skip, 0 or more");
			f->has_offset = true;
		}
		else if (use == FILTER_FIND && strcmp(key, "limit") == 0)
		{
			int64		lim = json_int8(key, &val, "a number from 0 to 2147483647");

			if (lim < 0 || lim > PG_INT32_MAX)
				bad_value(key, "a number from 0 to 2147483647");
			f->limit = (int32) lim;
		}
		else if (use == FILTER_REPORT &&
				 (strcmp(key, "order") == 0 || strcmp(key, "after") == 0 ||
				  strcmp(key, "limit") == 0 || strcmp(key, "offset") == 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("filter key \"%s\" does not apply to project_report",
							key),
					 errdetail("The report has one row per project, in project id order.")));
		else if (use == FILTER_REPORT)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown filter key \"%s\"",
							TdbQuotePrefix(key, strlen(key))),
					 errhint("Valid keys are done, project_id, has_project, title_contains, title_prefix, created_after, created_before and ids.")));
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown filter key \"%s\"",
							TdbQuotePrefix(key, strlen(key))),
					 errhint("Valid keys are done, project_id, has_project, title_contains, title_prefix, created_after, created_before, ids, order, after, offset and limit.")));
	}
}

/*
 * The find_tasks query for a filter.  Conditions are rendered in the order
 * of the filter's keys (jsonb keeps them sorted), then the keyset cursor,
 * the order (always ending with id, so pages are stable) and the limit.
 * The query selects the whole row as one value, or with columns every
 * column (as the orm reads them).
 */
TdbQuery *
TdbBuildFindTasks(Jsonb *filter, bool columns)
{
	TdbQuery   *q = TdbSelect(&TdbTasksTable);
	Filter		f;

	target_rows(q, &TdbTasksTable, columns ? TDB_TARGET_COLUMNS : TDB_TARGET_ROW);
	parse_filter(filter, q, FILTER_FIND, &f);
	TdbWhere(q, f.task_cond);

	if (f.has_after)
	{
		TdbCmp		op = f.descending ? TDB_LT : TDB_GT;

		if (f.order == &TdbTasks.id)
			TdbWhere(q, TdbOp(op, TdbCol(q, &TdbTasks.id),
							  TdbParamFor(q, &TdbTasks.id,
										  Int64GetDatum(f.after))));
		else
		{
			/* (t.col, t.id) > (SELECT c.col, c.id ... WHERE c.id = $n) */
			TdbQuery   *cursor = TdbSubselect(q, &TdbTasksTable, "c");

			TdbTarget(cursor, TdbCol(cursor, f.order), NULL);
			TdbTarget(cursor, TdbCol(cursor, &TdbTasks.id), NULL);
			where_id(cursor, &TdbTasks.id, Int64GetDatum(f.after));
			TdbWhere(q, TdbRowCmp(op, TdbCol(q, f.order),
								  TdbCol(q, &TdbTasks.id), cursor));
		}
	}

	TdbOrderBy(q, TdbCol(q, f.order), f.descending);
	if (f.order != &TdbTasks.id)
		TdbOrderBy(q, TdbCol(q, &TdbTasks.id), f.descending);
	TdbLimit(q, TdbParam(q, INT4OID, Int32GetDatum(f.limit), false));
	if (f.has_offset)
		TdbOffset(q, TdbParam(q, INT8OID, Int64GetDatum(f.offset), false));
	return q;
}

static Jsonb *
filter_arg(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("filter must not be null"),
				 errhint("Pass '{}' to match every task.")));
	return PG_GETARG_JSONB_P(0);
}

/*
 * find_tasks(filter jsonb) RETURNS SETOF taskdb.tasks
 */
PG_FUNCTION_INFO_V1(builder_find_tasks);
Datum
builder_find_tasks(PG_FUNCTION_ARGS)
{
	TdbQuery   *q;

	TdbPathBegin(TDB_PATH_BUILDER);
	q = TdbBuildFindTasks(filter_arg(fcinfo), false);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	rows_to_srf(q, true, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

/*
 * find_tasks_sql(filter jsonb) RETURNS TABLE (sql text, params text[])
 *
 * The SQL text and the parameters (as text) that find_tasks would run.
 */
PG_FUNCTION_INFO_V1(builder_find_tasks_sql);
Datum
builder_find_tasks_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo;
	TdbQuery   *q;
	int			n;
	Datum	   *texts;
	bool	   *textnulls;
	int			dims[1];
	int			lbs[1] = {1};
	Datum		values[2];
	bool		nulls[2] = {false, false};

	TdbPathBegin(TDB_PATH_BUILDER);
	rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	q = TdbBuildFindTasks(filter_arg(fcinfo), false);
	n = TdbQueryParamCount(q);
	dims[0] = n;
	texts = palloc(sizeof(Datum) * Max(n, 1));
	textnulls = palloc(sizeof(bool) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		textnulls[i] = (TdbQueryNulls(q)[i] == 'n');
		if (textnulls[i])
			texts[i] = (Datum) 0;
		else
		{
			Oid			outfunc;
			bool		isvarlena;

			getTypeOutputInfo(TdbQueryParamType(q, i), &outfunc, &isvarlena);
			texts[i] = CStringGetTextDatum(OidOutputFunctionCall(outfunc,
																 TdbQueryValues(q)[i]));
		}
	}

	InitMaterializedSRF(fcinfo, 0);
	values[0] = CStringGetTextDatum(TdbRender(q));
	values[1] = PointerGetDatum(construct_md_array(texts, textnulls, 1, dims,
												   lbs, TEXTOID, -1, false,
												   TYPALIGN_INT));
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}

/*
 * project_report(filter jsonb) RETURNS TABLE (project_id bigint,
 *		name varchar, total bigint, done bigint, open bigint,
 *		first_created timestamptz, last_created timestamptz)
 *
 * Per project, the count of its tasks that match the filter's task keys,
 * of those how many are done and open, and when the first and the last of
 * them were created.  project_id picks projects.  Projects with no
 * matching task are reported with zeros and NULL times.
 */
PG_FUNCTION_INFO_V1(builder_project_report);
Datum
builder_project_report(PG_FUNCTION_ARGS)
{
	Jsonb	   *filter;
	TdbQuery   *q = TdbSelect(&TdbProjectsTable);
	Filter		f;
	TdbExpr    *task_id;
	TdbExpr    *task_done;

	TdbPathBegin(TDB_PATH_BUILDER);
	filter = filter_arg(fcinfo);
	/* join first, so that the filter's task columns resolve */
	TdbJoin(q, &TdbTasksTable, true, NULL);
	parse_filter(filter, q, FILTER_REPORT, &f);
	TdbJoinCondition(q, &TdbTasksTable, f.task_cond);
	TdbWhere(q, f.project_cond);

	task_id = TdbCol(q, &TdbTasks.id);
	task_done = TdbCol(q, &TdbTasks.done);
	TdbTarget(q, TdbCol(q, &TdbProjects.id), "project_id");
	TdbTarget(q, TdbCol(q, &TdbProjects.name), "name");
	TdbTarget(q, TdbAggregate(TDB_COUNT, task_id, NULL), "total");
	TdbTarget(q, TdbAggregate(TDB_COUNT, task_id, task_done), "done");
	TdbTarget(q, TdbAggregate(TDB_COUNT, task_id, TdbNot(task_done)), "open");
	TdbTarget(q, TdbAggregate(TDB_MIN, TdbCol(q, &TdbTasks.created_at), NULL),
			  "first_created");
	TdbTarget(q, TdbAggregate(TDB_MAX, TdbCol(q, &TdbTasks.created_at), NULL),
			  "last_created");
	TdbGroupBy(q, TdbCol(q, &TdbProjects.id));
	TdbOrderBy(q, TdbCol(q, &TdbProjects.id), false);

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	TdbFetchColumnsToSRF(TdbQueryStatement(q), TdbQueryValues(q),
						 TdbQueryNulls(q), true, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}
