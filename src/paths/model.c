/*-------------------------------------------------------------------------
 *
 * model.c
 *	  The model path (SQLModel's peer): validated JSON in and out, and the
 *	  models' JSON Schema, through the orm session as SQLModel sits on
 *	  SQLAlchemy.
 *
 * The models and their validation are the model layer's (src/model/);
 * the writes are the orm layer's operations on objects (orm/ops.c); what
 * passes validation also passes the table's constraints, which hold the
 * same limits for every path and plain SQL.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "model/model.h"

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

static Jsonb *
body_arg(FunctionCallInfo fcinfo, int argno, const char *what)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", what)));
	return PG_GETARG_JSONB_P(argno);
}

/*
 * model_validate(name text, body jsonb) RETURNS jsonb
 *
 * The validation errors of body against the model, an empty array when it
 * is valid.  Never fails for a bad body.
 */
PG_FUNCTION_INFO_V1(model_validate);
Datum
model_validate(PG_FUNCTION_ARGS)
{
	const TdbModel *m;

	TdbPathBegin(TDB_PATH_MODEL);
	m = TdbModelFind(PG_GETARG_TEXT_PP(0));
	PG_RETURN_JSONB_P(TdbModelErrors(m, PG_GETARG_JSONB_P(1)));
}

/*
 * model_validate_json(name text, body text) RETURNS jsonb
 *
 * As model_validate, for a body that is still JSON text: text that does
 * not parse is one json_invalid error.
 */
PG_FUNCTION_INFO_V1(model_validate_json);
Datum
model_validate_json(PG_FUNCTION_ARGS)
{
	const TdbModel *m;

	TdbPathBegin(TDB_PATH_MODEL);
	m = TdbModelFind(PG_GETARG_TEXT_PP(0));
	PG_RETURN_JSONB_P(TdbModelErrorsOfText(m,
										   text_to_cstring(PG_GETARG_TEXT_PP(1))));
}

/*
 * model_schema(name text) RETURNS jsonb: the model's JSON Schema (draft
 * 2020-12), derived from the same description that validates.
 */
PG_FUNCTION_INFO_V1(model_schema);
Datum
model_schema(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(TdbModelSchema(TdbModelFind(PG_GETARG_TEXT_PP(0))));
}

/*
 * model_task_cursor(task jsonb, order_by text DEFAULT 'id') RETURNS text:
 * task_cursor of a task as the model writes it.
 */
PG_FUNCTION_INFO_V1(model_task_cursor);
Datum
model_task_cursor(PG_FUNCTION_ARGS)
{
	bool		descending;
	const TdbColumn *col;

	TdbPathBegin(TDB_PATH_MODEL);
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("task must not be null")));
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("order_by must not be null")));
	col = TdbOrderColumn("order_by", text_to_cstring(PG_GETARG_TEXT_PP(1)),
						 &descending);
	PG_RETURN_TEXT_P(cstring_to_text(TdbCursorFromJson(PG_GETARG_JSONB_P(0),
													   col)));
}

/*---- the model functions, through the orm session ----*/

/*
 * One object as JSON: built in the session's memory, then, once SPI has
 * finished, copied out as jsonb in the caller's; then the session ends.
 */
static Jsonb *
finish_object(TdbSession *s, TdbObject *obj)
{
	JsonbParseState *st = NULL;
	JsonbValue *root = NULL;
	Jsonb	   *result = NULL;
	MemoryContext old = MemoryContextSwitchTo(TdbSessionContext(s));

	if (obj)
		root = TdbObjToJsonb(obj, &st, false, s);
	MemoryContextSwitchTo(old);
	TdbSPIFinish();
	if (root)
		result = JsonbValueToJsonb(root);
	TdbSessionEnd(s);
	return result;
}

static int64
id_arg(FunctionCallInfo fcinfo, const char *what)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", what)));
	return PG_GETARG_INT64(0);
}

/* model_create_x: Model in, validated; the object created, as JSON. */
static Jsonb *
create_object(FunctionCallInfo fcinfo, const TdbModel *m)
{
	TdbCall		call;
	TdbSession *s;

	TdbModelCall(m, body_arg(fcinfo, 0, "body"), 0, &call);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);
	return finish_object(s, TdbObjCreate(s, &call));
}

/* model_update_x: the patch validated; the object updated, as JSON. */
static Jsonb *
update_object(FunctionCallInfo fcinfo, const TdbModel *m)
{
	int64		id;
	TdbCall		call;
	TdbSession *s;

	id = id_arg(fcinfo, m->table->columns[0]->what);
	TdbModelCall(m, body_arg(fcinfo, 1, "patch"), id, &call);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);
	return finish_object(s, TdbObjUpdate(s, &call));
}

/* model_list_x: the objects a query reads, as a JSON array. */
static Jsonb *
list_objects(FunctionCallInfo fcinfo, TdbReadKind kind)
{
	TdbRead		r;
	TdbSession *s;

	TdbReadFromJson(body_arg(fcinfo, 0, "query"), kind, &r);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, true);
	if (r.empty)
		return TdbSessionCloseArray(s, NIL, false);
	return TdbSessionCloseArray(s, TdbObjQuery(s, TdbBuildRead(&r,
																TDB_TARGET_COLUMNS)),
								false);
}

/*
 * model_create_task(body jsonb) RETURNS jsonb: TaskCreate in, Task out.
 */
PG_FUNCTION_INFO_V1(model_create_task);
Datum
model_create_task(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(create_object(fcinfo, TdbModelNamed("TaskCreate")));
}

/* model_get_x(id): the object as JSON, or NULL when missing */
static Datum
get_object(FunctionCallInfo fcinfo, const TdbTable *table)
{
	TdbSession *s;
	Jsonb	   *result;

	TdbPathBegin(TDB_PATH_MODEL);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, true);
	result = finish_object(s, TdbObjGet(s, table, PG_GETARG_INT64(0), false));
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_JSONB_P(result);
}

/*
 * model_get_task(id bigint) RETURNS jsonb: Task, or NULL when missing.
 */
PG_FUNCTION_INFO_V1(model_get_task);
Datum
model_get_task(PG_FUNCTION_ARGS)
{
	return get_object(fcinfo, &TdbTasksTable);
}

/*
 * model_list_tasks(query jsonb) RETURNS jsonb: an array of Task, chosen by
 * the same keys as find_tasks.
 */
PG_FUNCTION_INFO_V1(model_list_tasks);
Datum
model_list_tasks(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(list_objects(fcinfo, TDB_READ_FIND));
}

/*
 * model_update_task(id bigint, patch jsonb) RETURNS jsonb: TaskUpdate in,
 * Task out.  An absent key leaves the field as it is; null clears a
 * nullable field; "version" is the version the change expects.
 */
PG_FUNCTION_INFO_V1(model_update_task);
Datum
model_update_task(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(update_object(fcinfo, TdbModelNamed("TaskUpdate")));
}

/* model_delete_x(id): the deleted object as JSON */
static Jsonb *
delete_object(FunctionCallInfo fcinfo, const TdbTable *table)
{
	int64		id = id_arg(fcinfo, table->columns[0]->what);
	TdbSession *s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);

	return finish_object(s, TdbObjRemove(s, table, id));
}

/*
 * model_delete_task(id bigint) RETURNS jsonb: the deleted Task.
 */
PG_FUNCTION_INFO_V1(model_delete_task);
Datum
model_delete_task(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(delete_object(fcinfo, &TdbTasksTable));
}

PG_FUNCTION_INFO_V1(model_create_project);
Datum
model_create_project(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(create_object(fcinfo, TdbModelNamed("ProjectCreate")));
}

PG_FUNCTION_INFO_V1(model_get_project);
Datum
model_get_project(PG_FUNCTION_ARGS)
{
	return get_object(fcinfo, &TdbProjectsTable);
}

/*
 * model_list_projects(query jsonb) RETURNS jsonb: an array of Project in key
 * order; keys "after" (keyset cursor) and "limit" (default 100).
 */
PG_FUNCTION_INFO_V1(model_list_projects);
Datum
model_list_projects(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(list_objects(fcinfo, TDB_READ_PROJECTS));
}

PG_FUNCTION_INFO_V1(model_update_project);
Datum
model_update_project(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(update_object(fcinfo, TdbModelNamed("ProjectUpdate")));
}

/*
 * model_delete_project(id bigint, cascade boolean) RETURNS jsonb: the
 * deleted Project; as delete_project, a project with tasks is kept unless
 * cascade.
 */
PG_FUNCTION_INFO_V1(model_delete_project);
Datum
model_delete_project(PG_FUNCTION_ARGS)
{
	TdbCall		c;
	TdbSession *s;
	TdbObject  *p;

	TdbPathBegin(TDB_PATH_MODEL);
	TdbParseCall(fcinfo, &TdbApi_model_delete_project, &c);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);
	p = TdbObjRemoveProject(s, &c);
	PG_RETURN_JSONB_P(finish_object(s, p));
}
