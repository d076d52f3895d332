/*-------------------------------------------------------------------------
 *
 * builder.c
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
#include "query/query.h"

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
#include "utils/typcache.h"

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

/* rows_to_srf for a read-only query built with TdbTargetRows(result_target) */
static uint64
result_rows_to_srf(TdbQuery *q, TdbTargetKind target, FunctionCallInfo fcinfo)
{
	if (target == TDB_TARGET_STAR)
		return TdbFetchColumnsToSRF(TdbQueryStatement(q), TdbQueryValues(q),
									TdbQueryNulls(q), true, fcinfo);
	return rows_to_srf(q, true, fcinfo);
}

/* A built write of the call's one row (TdbWriteOne). */
static Datum
write_one(TdbQuery *q, const TdbCall *c, TdbStmtKind kind)
{
	return TdbWriteOne(TdbQueryStatement(q), TdbQueryValues(q),
					   TdbQueryNulls(q), c, kind);
}


/* EXISTS (SELECT FROM <referenced table> WHERE <referenced column> = param) */
static TdbExpr *
reference_exists(TdbQuery *outer, const TdbColumn *ref, TdbExpr *param)
{
	TdbQuery   *sub = TdbSubselect(outer, ref->table, ref->table->alias);

	TdbWhere(sub, TdbOp(TDB_EQ, TdbCol(sub, ref), param));
	return TdbExists(sub);
}

/*
 * The columns a call sets, as the VALUES of an INSERT or the SET of an
 * UPDATE.  A column with a foreign key set to a value also makes the
 * statement conditional on the row it names (no row back otherwise, which
 * TdbCallMissed explains).
 */
static void
set_columns(TdbQuery *q, const TdbCall *call, bool insert)
{
	for (int i = 0; i < call->nset; i++)
	{
		const TdbAssign *a = &call->set[i];
		const TdbTable *table = a->col->table;
		TdbExpr    *value;

		if (a->isnull)
			value = TdbParam(q, a->col->typid, (Datum) 0, true);
		else
			value = TdbParamFor(q, a->col, a->value);
		if (insert)
			TdbValue(q, a->col, value);
		else
			TdbSet(q, a->col, value);
		for (int f = 0; f < table->nfkeys; f++)
			if (table->fkeys[f].column == a->col && !a->isnull)
				TdbWhere(q, reference_exists(q, table->fkeys[f].ref_column, value));
	}
}

/* A reader of rows of the function's result type, by a read. */
static Datum
read_rows(FunctionCallInfo fcinfo, const TdbApiFunction *fn)
{
	TdbRead		r;
	TdbTargetKind target;

	TdbParseRead(fcinfo, fn, &r);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (r.empty)
		return (Datum) 0;
	target = result_target(fcinfo);
	TdbSPIConnect();
	result_rows_to_srf(TdbBuildRead(&r, target), target, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

/* A reader of the one row whose key is the function's first argument. */
static Datum
get_row(FunctionCallInfo fcinfo, const TdbTable *table)
{
	TdbQuery   *q = TdbSelect(table);
	TdbTargetKind target = result_target(fcinfo);

	TdbTargetRows(q, table, target);
	TdbWhereEq(q, table->columns[0], PG_GETARG_DATUM(0));
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	result_rows_to_srf(q, target, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

/* create_x: INSERT the columns given, RETURNING the row. */
static Datum
create_row(FunctionCallInfo fcinfo, const TdbApiFunction *fn)
{
	TdbCall		c;
	TdbQuery   *q;

	TdbParseCall(fcinfo, fn, &c);
	q = TdbInsert(c.table);
	set_columns(q, &c, true);
	TdbReturning(q, TdbRow(q, c.table));

	PG_RETURN_DATUM(write_one(q, &c, TDB_STMT_INSERT));
}

/*
 * update_x: SET only the columns given.  A call that gives none locks the
 * row and returns it (SELECT ... FOR UPDATE), as the raw path does.
 */
static Datum
update_row(FunctionCallInfo fcinfo, const TdbApiFunction *fn)
{
	TdbCall		c;
	TdbQuery   *q;
	TdbExpr    *id;
	const TdbColumn *pk;

	TdbParseCall(fcinfo, fn, &c);
	pk = c.table->columns[0];
	if (c.nset == 0)
	{
		q = TdbSelect(c.table);
		TdbTarget(q, TdbRow(q, c.table), NULL);
		TdbForUpdate(q);
	}
	else
		q = TdbUpdate(c.table);
	id = TdbParamFor(q, pk, Int64GetDatum(c.key));
	set_columns(q, &c, false);
	TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, pk), id));
	if (c.check_version)
		TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, c.expect_col),
						  TdbParamFor(q, c.expect_col,
									  Int32GetDatum(c.expected_version))));
	if (c.nset > 0)
		TdbReturning(q, TdbRow(q, c.table));

	PG_RETURN_DATUM(write_one(q, &c, TDB_STMT_UPDATE));
}

/* delete_x: DELETE the row, RETURNING it. */
static Datum
delete_row(FunctionCallInfo fcinfo, const TdbApiFunction *fn)
{
	TdbCall		c;
	TdbQuery   *q;

	TdbParseCall(fcinfo, fn, &c);
	q = TdbDelete(c.table);
	TdbWhereEq(q, c.table->columns[0], Int64GetDatum(c.key));
	TdbReturning(q, TdbRow(q, c.table));

	PG_RETURN_DATUM(write_one(q, &c, TDB_STMT_DELETE));
}

/*---- tasks ----*/

PG_FUNCTION_INFO_V1(builder_get_task);
Datum
builder_get_task(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_BUILDER);
	return get_row(fcinfo, &TdbTasksTable);
}

PG_FUNCTION_INFO_V1(builder_get_tasks);
Datum
builder_get_tasks(PG_FUNCTION_ARGS)
{
	TdbQuery   *q = TdbSelect(&TdbTasksTable);
	TdbTargetKind target = result_target(fcinfo);

	TdbPathBegin(TDB_PATH_BUILDER);
	TdbTargetRows(q, &TdbTasksTable, target);
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
	TdbPathBegin(TDB_PATH_BUILDER);
	return read_rows(fcinfo, &TdbApi_list_tasks);
}

PG_FUNCTION_INFO_V1(builder_create_task);
Datum
builder_create_task(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_BUILDER);
	return create_row(fcinfo, &TdbApi_create_task);
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

		TdbWhereEq(check, &TdbProjects.id, Int64GetDatum(c.project_id));
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

PG_FUNCTION_INFO_V1(builder_update_task);
Datum
builder_update_task(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_BUILDER);
	return update_row(fcinfo, &TdbApi_update_task);
}

PG_FUNCTION_INFO_V1(builder_delete_task);
Datum
builder_delete_task(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_BUILDER);
	return delete_row(fcinfo, &TdbApi_delete_task);
}

/*---- projects ----*/

PG_FUNCTION_INFO_V1(builder_create_project);
Datum
builder_create_project(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_BUILDER);
	return create_row(fcinfo, &TdbApi_create_project);
}

PG_FUNCTION_INFO_V1(builder_get_project);
Datum
builder_get_project(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_BUILDER);
	return get_row(fcinfo, &TdbProjectsTable);
}

PG_FUNCTION_INFO_V1(builder_list_projects);
Datum
builder_list_projects(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_BUILDER);
	return read_rows(fcinfo, &TdbApi_list_projects);
}

/*
 * delete_project: the steps are the contract's (TdbDeleteProjectBySql);
 * the builder renders each statement, all of them on the project's id.
 */
PG_FUNCTION_INFO_V1(builder_delete_project);
Datum
builder_delete_project(PG_FUNCTION_ARGS)
{
	static TdbStatementCache cache[5];
	TdbCall		c;
	TdbDeleteProjectSql sql;
	TdbQuery   *lock_tasks = TdbSelect(&TdbTasksTable);
	TdbQuery   *lock = TdbSelect(&TdbProjectsTable);
	TdbQuery   *count = TdbSelect(&TdbTasksTable);
	TdbQuery   *tasks = TdbDelete(&TdbTasksTable);
	TdbQuery   *del = TdbDelete(&TdbProjectsTable);
	Datum		idval;
	Datum		result;

	TdbPathBegin(TDB_PATH_BUILDER);
	TdbParseCall(fcinfo, &TdbApi_delete_project, &c);
	idval = Int64GetDatum(c.key);

	TdbWhereEq(lock_tasks, &TdbTasks.project_id, idval);
	TdbOrderBy(lock_tasks, TdbCol(lock_tasks, &TdbTasks.id), false);
	TdbForUpdate(lock_tasks);
	TdbWhereEq(lock, &TdbProjects.id, idval);
	TdbForUpdate(lock);
	TdbTarget(count, TdbAggregate(TDB_COUNT, NULL, NULL), NULL);
	TdbWhereEq(count, &TdbTasks.project_id, idval);
	TdbWhereEq(tasks, &TdbTasks.project_id, idval);
	TdbWhereEq(del, &TdbProjects.id, idval);
	TdbReturning(del, TdbRow(del, &TdbProjectsTable));

	/* fixed shapes, run only as the steps need them: kept statements */
	TdbSPIConnect();
	sql.lock_tasks = TdbQueryStatementCached(lock_tasks, &cache[0]);
	sql.lock_project = TdbQueryStatementCached(lock, &cache[1]);
	sql.count_tasks = TdbQueryStatementCached(count, &cache[2]);
	sql.delete_tasks = TdbQueryStatementCached(tasks, &cache[3]);
	sql.delete_project = TdbQueryStatementCached(del, &cache[4]);
	result = TdbDeleteProjectBySql(&c, &sql);
	TdbSPIFinish();
	PG_RETURN_DATUM(result);
}

/*---- dynamic search: find_tasks, find_tasks_sql, project_report ----*/

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
 * What find_tasks selects, for find_tasks_sql, which returns no tasks:
 * result_target's choice for a result of the table's row type.
 */
static TdbTargetKind
table_target(void)
{
	TupleDesc	desc;
	bool		dropped;

	desc = lookup_rowtype_tupdesc(get_rel_type_id(TdbTableRelid(&TdbTasksTable)), -1);
	dropped = TdbDescHasDroppedColumns(desc);
	ReleaseTupleDesc(desc);
	return dropped ? TDB_TARGET_ROW : TDB_TARGET_STAR;
}

/* The find_tasks query of the function's filter, selecting target. */
static TdbQuery *
find_query(FunctionCallInfo fcinfo, TdbTargetKind target)
{
	TdbRead		r;

	TdbReadFromJson(filter_arg(fcinfo), TDB_READ_FIND, &r);
	return TdbBuildRead(&r, target);
}

/*
 * find_tasks(filter jsonb) RETURNS SETOF taskdb.tasks
 */
PG_FUNCTION_INFO_V1(builder_find_tasks);
Datum
builder_find_tasks(PG_FUNCTION_ARGS)
{
	TdbQuery   *q;
	TdbTargetKind target;

	TdbPathBegin(TDB_PATH_BUILDER);
	target = result_target(fcinfo);
	q = find_query(fcinfo, target);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	result_rows_to_srf(q, target, fcinfo);
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
	q = find_query(fcinfo, table_target());
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
	TdbRead		r;
	TdbQuery   *q;

	TdbPathBegin(TDB_PATH_BUILDER);
	TdbReadFromJson(filter_arg(fcinfo), TDB_READ_REPORT, &r);
	q = TdbBuildProjectReport(&r);

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	TdbFetchColumnsToSRF(TdbQueryStatement(q), TdbQueryValues(q),
						 TdbQueryNulls(q), true, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}
