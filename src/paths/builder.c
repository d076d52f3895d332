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
#include "build/build.h"

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

/* rows_to_srf for a read-only query built with TdbTargetRows(result_target) */
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


/* EXISTS (SELECT FROM taskdb.projects p WHERE p.id = param) */
static TdbExpr *
project_exists(TdbQuery *outer, TdbExpr *project_param)
{
	TdbQuery   *sub = TdbSubselect(outer, &TdbProjectsTable,
								   TdbProjectsTable.alias);

	TdbWhere(sub, TdbOp(TDB_EQ, TdbCol(sub, &TdbProjects.id), project_param));
	return TdbExists(sub);
}

/*---- tasks ----*/

PG_FUNCTION_INFO_V1(builder_get_task);
Datum
builder_get_task(PG_FUNCTION_ARGS)
{
	TdbQuery   *q = TdbSelect(&TdbTasksTable);
	TdbTargetKind target = result_target(fcinfo);

	TdbPathBegin(TDB_PATH_BUILDER);
	TdbTargetRows(q, &TdbTasksTable, target);
	TdbWhereEq(q, &TdbTasks.id, PG_GETARG_DATUM(0));

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
	TdbWhereEq(q, &TdbTasks.id, Int64GetDatum(id));
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
	TdbWhereEq(q, &TdbProjects.id, PG_GETARG_DATUM(0));

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
	TdbWhereEq(lock, &TdbProjects.id, idval);
	TdbForUpdate(lock);

	TdbTarget(count, TdbAggregate(TDB_COUNT, NULL, NULL), NULL);
	TdbWhereEq(count, &TdbTasks.project_id, idval);

	TdbWhereEq(del, &TdbProjects.id, idval);
	TdbReturning(del, TdbRow(del, &TdbProjectsTable));

	TdbSPIConnect();
	if (cascade)
	{
		TdbQuery   *lock_tasks = TdbSelect(&TdbTasksTable);

		TdbWhereEq(lock_tasks, &TdbTasks.project_id, idval);
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
		TdbWhereEq(tasks, &TdbTasks.project_id, idval);
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
	TdbQuery   *q;

	TdbPathBegin(TDB_PATH_BUILDER);
	q = TdbBuildProjectReport(filter_arg(fcinfo));

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	TdbFetchColumnsToSRF(TdbQueryStatement(q), TdbQueryValues(q),
						 TdbQueryNulls(q), true, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}
