/*-------------------------------------------------------------------------
 *
 * orm.c
 *	  The orm path (SQLAlchemy ORM's peer): the CRUD contract and the domain
 *	  operations that need a unit of work, written against mapped objects.
 *
 * Each function is one request: it opens a session, works on objects,
 * flushes once, copies its result out and ends the session.  The contract
 * functions parse their arguments and report failures through contract.c,
 * so they answer exactly as the raw path does; the statements they send
 * are the ones an ORM sends (a get before an update, only the changed
 * columns, nothing for an object that did not change).
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "orm/orm.h"

#include "catalog/pg_type_d.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

/* Return one object as the function's row and end the session. */
static Datum
finish_row(TdbSession *s, TdbObject *obj, FunctionCallInfo fcinfo)
{
	Datum		result;

	TdbSPIFinish();
	result = TdbObjToDatum(obj, fcinfo);
	TdbSessionEnd(s);
	return result;
}

/*
 * Return objects as the function's rows and end the session.  The rows go
 * into the tuplestore, which has memory of its own, before SPI finishes.
 */
static Datum
finish_rows(TdbSession *s, List *objs, FunctionCallInfo fcinfo)
{
	TdbObjsToSRF(objs, fcinfo);
	TdbSPIFinish();
	TdbSessionEnd(s);
	return (Datum) 0;
}

static TdbObject *
get_project_or_fail(TdbSession *s, int64 id, int sqlstate, bool for_update)
{
	TdbObject  *p = TdbObjGet(s, &TdbProjectsTable, id, for_update);

	if (p == NULL)
		TdbProjectNotFound(id, sqlstate);
	return p;
}

/*---- tasks ----*/

/* get_task, get_project: the object with this key, as zero or one row */
static Datum
get_one(FunctionCallInfo fcinfo, const TdbTable *table)
{
	TdbSession *s;
	TdbObject  *obj;

	TdbPathBegin(TDB_PATH_ORM);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, true);
	obj = TdbObjGet(s, table, PG_GETARG_INT64(0), false);
	return finish_rows(s, obj ? list_make1(obj) : NIL, fcinfo);
}

PG_FUNCTION_INFO_V1(orm_get_task);
Datum
orm_get_task(PG_FUNCTION_ARGS)
{
	return get_one(fcinfo, &TdbTasksTable);
}

PG_FUNCTION_INFO_V1(orm_get_tasks);
Datum
orm_get_tasks(PG_FUNCTION_ARGS)
{
	TdbSession *s;
	List	   *tasks;

	TdbPathBegin(TDB_PATH_ORM);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, true);
	tasks = TdbObjGetMany(s, &TdbTasksTable, PG_GETARG_DATUM(0));
	return finish_rows(s, tasks, fcinfo);
}

/* list_x: a page of objects, by the contract's read */
static Datum
read_objects(FunctionCallInfo fcinfo, const TdbApiFunction *fn)
{
	TdbRead		r;
	TdbSession *s;
	TdbQuery   *q;

	TdbPathBegin(TDB_PATH_ORM);
	TdbParseRead(fcinfo, fn, &r);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (r.empty)
		return (Datum) 0;
	q = TdbBuildRead(&r, TDB_TARGET_COLUMNS);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, true);
	return finish_rows(s, TdbObjQuery(s, q), fcinfo);
}

/* create_x: a new object, flushed (ops.c) */
static Datum
create_object(FunctionCallInfo fcinfo, const TdbApiFunction *fn)
{
	TdbCall		c;
	TdbSession *s;
	TdbObject  *obj;

	TdbPathBegin(TDB_PATH_ORM);
	TdbParseCall(fcinfo, fn, &c);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);
	obj = TdbObjCreate(s, &c);
	return finish_row(s, obj, fcinfo);
}

PG_FUNCTION_INFO_V1(orm_list_tasks);
Datum
orm_list_tasks(PG_FUNCTION_ARGS)
{
	return read_objects(fcinfo, &TdbApi_list_tasks);
}

PG_FUNCTION_INFO_V1(orm_create_task);
Datum
orm_create_task(PG_FUNCTION_ARGS)
{
	return create_object(fcinfo, &TdbApi_create_task);
}

/*
 * create_tasks: one new object per title, flushed together, which the unit
 * of work sends as one INSERT ... SELECT FROM unnest.
 */
PG_FUNCTION_INFO_V1(orm_create_tasks);
Datum
orm_create_tasks(PG_FUNCTION_ARGS)
{
	TdbTasksCreate c;
	TdbSession *s;
	TdbObject  *project = NULL;
	List	   *tasks = NIL;
	ArrayIterator it;
	Datum		title;
	bool		isnull;
	MemoryContext old;

	TdbPathBegin(TDB_PATH_ORM);
	TdbParseCreateTasks(fcinfo, &c);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);

	s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);
	if (c.in_project)
	{
		project = TdbObjGet(s, &TdbProjectsTable, c.project_id, false);
		if (project == NULL)
			TdbProjectNotFound(c.project_id, ERRCODE_FOREIGN_KEY_VIOLATION);
	}
	it = array_create_iterator(c.titles, 0, NULL);
	while (array_iterate(it, &title, &isnull))
	{
		TdbObject  *t;

		CHECK_FOR_INTERRUPTS();
		t = TdbObjNew(s, &TdbTasksTable);
		TdbObjSet(t, &TdbTasks.title, title, false);
		if (project)
			TdbObjSetParent(s, t, project);
		old = MemoryContextSwitchTo(TdbSessionContext(s));
		tasks = lappend(tasks, t);
		MemoryContextSwitchTo(old);
	}
	array_free_iterator(it);
	TdbSessionFlush(s);
	return finish_rows(s, tasks, fcinfo);
}

/*
 * update_task: get, change attributes, flush (ops.c): an UPDATE of the
 * changed columns only, and nothing at all when no value changed.
 */
PG_FUNCTION_INFO_V1(orm_update_task);
Datum
orm_update_task(PG_FUNCTION_ARGS)
{
	TdbCall		c;
	TdbSession *s;
	TdbObject  *t;

	TdbPathBegin(TDB_PATH_ORM);
	TdbParseCall(fcinfo, &TdbApi_update_task, &c);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);
	t = TdbObjUpdate(s, &c);
	return finish_row(s, t, fcinfo);
}

PG_FUNCTION_INFO_V1(orm_delete_task);
Datum
orm_delete_task(PG_FUNCTION_ARGS)
{
	TdbCall		c;
	TdbSession *s;
	TdbObject  *t;

	TdbPathBegin(TDB_PATH_ORM);
	TdbParseCall(fcinfo, &TdbApi_delete_task, &c);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);
	t = TdbObjRemove(s, &TdbTasksTable, c.key);
	return finish_row(s, t, fcinfo);
}

/*---- projects ----*/

PG_FUNCTION_INFO_V1(orm_create_project);
Datum
orm_create_project(PG_FUNCTION_ARGS)
{
	return create_object(fcinfo, &TdbApi_create_project);
}

PG_FUNCTION_INFO_V1(orm_get_project);
Datum
orm_get_project(PG_FUNCTION_ARGS)
{
	return get_one(fcinfo, &TdbProjectsTable);
}

PG_FUNCTION_INFO_V1(orm_list_projects);
Datum
orm_list_projects(PG_FUNCTION_ARGS)
{
	return read_objects(fcinfo, &TdbApi_list_projects);
}

/*
 * delete_project: with cascade the project's tasks are deleted first, by
 * one DELETE of the project's tasks (SQLAlchemy's ORM-enabled delete by
 * criteria: they are not loaded), then the project is locked and deleted
 * in the flush (TdbObjDeleteProject).
 */
PG_FUNCTION_INFO_V1(orm_delete_project);
Datum
orm_delete_project(PG_FUNCTION_ARGS)
{
	TdbCall		c;
	TdbSession *s;
	TdbObject  *p;

	TdbPathBegin(TDB_PATH_ORM);
	TdbParseCall(fcinfo, &TdbApi_delete_project, &c);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);
	p = TdbObjRemoveProject(s, &c);
	return finish_row(s, p, fcinfo);
}

/*---- domain operations ----*/

static int
compare_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/*
 * project_tree(project_id bigint, load text) RETURNS jsonb
 *
 * Projects (the one given, or all) in key order, each with its tasks in key
 * order under "tasks", loaded as load says.  With lazy, each project's
 * tasks cost one statement (1 + N); selectin sends 2; joined sends 1.
 * raise (before 1.7) fails on the first project.
 */
PG_FUNCTION_INFO_V1(orm_project_tree);
Datum
orm_project_tree(PG_FUNCTION_ARGS)
{
	TdbLoad		load;
	TdbSession *s;
	List	   *projects;
	TdbPathBegin(TDB_PATH_ORM);
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("load must not be null"),
				 errhint("Use lazy, selectin or joined.")));
	load = TdbParseLoad(PG_GETARG_TEXT_PP(1));

	s = TdbSessionOpen(load, true);
	projects = TdbObjLoadProjects(s, !PG_ARGISNULL(0),
								  PG_ARGISNULL(0) ? 0 : PG_GETARG_INT64(0));
	if (!PG_ARGISNULL(0) && projects == NIL)
		TdbProjectNotFound(PG_GETARG_INT64(0), ERRCODE_NO_DATA_FOUND);

	PG_RETURN_JSONB_P(TdbSessionCloseArray(s, projects, true));
}

/*
 * complete_project(project_id bigint) RETURNS integer
 *
 * Marks the project's open tasks done in one flush and returns how many
 * changed: as UPDATE ... SET done = true WHERE project_id = $1 AND NOT done
 * would.  Tasks already done are not set, so no UPDATE is sent for them;
 * with none open, the caller must still hold the UPDATE privilege that
 * statement needs.
 */
PG_FUNCTION_INFO_V1(orm_complete_project);
Datum
orm_complete_project(PG_FUNCTION_ARGS)
{
	int64		id;
	TdbSession *s;
	TdbObject  *p;
	ListCell   *lc;
	int			changed = 0;

	TdbPathBegin(TDB_PATH_ORM);
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("project id must not be null")));
	id = PG_GETARG_INT64(0);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);
	p = get_project_or_fail(s, id, ERRCODE_NO_DATA_FOUND, false);
	TdbObjLoadChildren(s, list_make1(p));
	foreach(lc, TdbObjChildren(s, p))
	{
		TdbObject  *t = lfirst(lc);
		bool		isnull;

		CHECK_FOR_INTERRUPTS();
		if (DatumGetBool(TdbObjGetValue(t, &TdbTasks.done, &isnull)))
			continue;
		TdbObjSet(t, &TdbTasks.done, BoolGetDatum(true), false);
		changed++;
	}
	if (changed == 0)
		TdbCheckUpdatePrivilege(&TdbTasks.done);
	TdbSessionFlush(s);
	TdbSPIFinish();
	TdbSessionEnd(s);
	PG_RETURN_INT32(changed);
}

/*
 * move_tasks(ids bigint[], to_project bigint) RETURNS integer
 *
 * Moves the tasks to the project (NULL: out of any project), all or none:
 * an unknown task or project fails the call before anything is written.
 * Returns how many tasks changed project.  Every task given is sent, as
 * UPDATE ... SET project_id = $2 WHERE id = ANY ($1) would; with none
 * given, the caller must still hold the UPDATE privilege it needs.
 */
PG_FUNCTION_INFO_V1(orm_move_tasks);
Datum
orm_move_tasks(PG_FUNCTION_ARGS)
{
	ArrayType  *ids;
	TdbSession *s;
	TdbObject  *target = NULL;
	List	   *tasks;
	ListCell   *lc;
	int			changed = 0;
	Datum	   *elems;
	bool	   *elemnulls;
	int			nelems;

	TdbPathBegin(TDB_PATH_ORM);
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("ids must not be null")));
	ids = PG_GETARG_ARRAYTYPE_P(0);
	deconstruct_array(ids, INT8OID, 8, true, TYPALIGN_DOUBLE,
					  &elems, &elemnulls, &nelems);
	for (int i = 0; i < nelems; i++)
		if (elemnulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("task id at position %d must not be null",
							(ARR_NDIM(ids) == 1 ? ARR_LBOUND(ids)[0] : 1) + i)));

	s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);
	if (!PG_ARGISNULL(1))
		target = get_project_or_fail(s, PG_GETARG_INT64(1),
									 ERRCODE_FOREIGN_KEY_VIOLATION, false);
	tasks = TdbObjGetMany(s, &TdbTasksTable, PointerGetDatum(ids));

	/* every id must name a task: report the first that does not */
	if (list_length(tasks) < nelems)
	{
		int64	   *found = palloc(sizeof(int64) * Max(list_length(tasks), 1));
		int			nfound = 0;

		foreach(lc, tasks)
			found[nfound++] = TdbObjId(lfirst(lc));	/* in key order */
		for (int i = 0; i < nelems; i++)
		{
			int64		id = DatumGetInt64(elems[i]);

			CHECK_FOR_INTERRUPTS();
			if (bsearch(&id, found, nfound, sizeof(int64), compare_int64) == NULL)
				TdbTaskNotFound(id);
		}
	}

	foreach(lc, tasks)
	{
		TdbObject  *t = lfirst(lc);

		CHECK_FOR_INTERRUPTS();
		TdbObjSetParent(s, t, target);
		if (TdbObjChanged(t))
			changed++;
	}
	if (tasks == NIL)
		TdbCheckUpdatePrivilege(&TdbTasks.project_id);
	TdbSessionFlush(s);
	TdbSPIFinish();
	TdbSessionEnd(s);
	PG_RETURN_INT32(changed);
}
