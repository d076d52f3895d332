/*-------------------------------------------------------------------------
 *
 * object_out.c
 *	  Mapped objects back to SQL: a row of the caller's row type, a
 *	  set-returning function's rows, or a JSON object with one key per
 *	  column (as to_jsonb writes a row), a project with its tasks.
 *
 * Rows are matched to the row type by column name: a dropped attribute of
 * the row type is null, and a described column the row type lacks is left
 * out.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "orm/orm_int.h"

#include "access/htup_details.h"
#include "catalog/pg_type_d.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

/*---- objects back to SQL ----*/

/*
 * For each attribute of desc (the table's row type, which may hold dropped
 * attributes), the description's column of that name, or -1.
 */
static int *
column_map(const TdbTable *table, TupleDesc desc)
{
	int		   *map = palloc(sizeof(int) * desc->natts);

	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		map[i] = -1;
		if (att->attisdropped)
			continue;
		for (int c = 0; c < table->ncolumns; c++)
			if (strcmp(NameStr(att->attname), table->columns[c]->name) == 0)
			{
				map[i] = c;
				break;
			}
	}
	return map;
}

/* obj's values in the shape of desc (column_map): unmapped ones are null */
static void
fill_values(TdbObject *obj, TupleDesc desc, const int *map, Datum *values,
			bool *nulls)
{
	for (int i = 0; i < desc->natts; i++)
	{
		values[i] = map[i] < 0 ? (Datum) 0 : obj->values[map[i]];
		nulls[i] = map[i] < 0 ? true : obj->nulls[map[i]];
	}
}

static HeapTuple
form_tuple(TdbObject *obj, TupleDesc desc, const int *map)
{
	Datum	   *values = palloc(sizeof(Datum) * Max(desc->natts, 1));
	bool	   *nulls = palloc(sizeof(bool) * Max(desc->natts, 1));
	HeapTuple	tuple;

	fill_values(obj, desc, map, values, nulls);
	tuple = heap_form_tuple(desc, values, nulls);
	pfree(values);
	pfree(nulls);
	return tuple;
}

/* The row of obj in the shape of desc, matched by column name. */
HeapTuple
TdbObjToTuple(TdbObject *obj, TupleDesc desc)
{
	return form_tuple(obj, desc, column_map(obj->table, desc));
}

/* obj as the composite result of the calling function */
Datum
TdbObjToDatum(TdbObject *obj, FunctionCallInfo fcinfo)
{
	TupleDesc	desc = (TupleDesc) fcinfo->flinfo->fn_extra;

	if (desc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "function returning a row called in a context that cannot accept one");
		desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		fcinfo->flinfo->fn_extra = desc;
		MemoryContextSwitchTo(old);
	}
	return HeapTupleGetDatum(TdbObjToTuple(obj, desc));
}

/* objs as the rows of a set-returning function (InitMaterializedSRF done) */
void
TdbObjsToSRF(List *objs, FunctionCallInfo fcinfo)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	desc = rsinfo->setDesc;
	ListCell   *lc;
	int		   *map = NULL;
	Datum	   *values;
	bool	   *nulls;

	if (objs == NIL)
		return;
	values = palloc(sizeof(Datum) * Max(desc->natts, 1));
	nulls = palloc(sizeof(bool) * Max(desc->natts, 1));

	/*
	 * Each object's values go to the tuplestore as they are, formed once
	 * into its minimal tuple (no heap tuple formed and copied first).
	 */
	foreach(lc, objs)
	{
		TdbObject  *obj = lfirst(lc);

		CHECK_FOR_INTERRUPTS();
		if (map == NULL)
			map = column_map(obj->table, desc);
		fill_values(obj, desc, map, values, nulls);
		tuplestore_putvalues(rsinfo->setResult, desc, values, nulls);
	}
	pfree(values);
	pfree(nulls);
}

/*
 * obj as a JSON object with one key per column (as to_jsonb would write
 * the row), and with_children its tasks under "tasks", in key order.
 * Returns the object's value when it closes the outermost level.
 */
JsonbValue *
TdbObjToJsonb(TdbObject *obj, JsonbParseState **state, bool with_children,
			  TdbSession *s)
{
	List	   *children = NIL;
	MemoryContext old;
	JsonbValue *result;

	/*
	 * Load the children first: a lazy load runs a statement, after which SPI
	 * makes its own memory current again.  Then build in the session's
	 * memory, which lives until the caller has copied the result out.
	 */
	if (with_children)
		children = TdbObjChildren(s, obj);
	old = MemoryContextSwitchTo(s->cxt);

	pushJsonbValue(state, WJB_BEGIN_OBJECT, NULL);
	for (int c = 0; c < obj->table->ncolumns; c++)
	{
		const TdbColumn *col = obj->table->columns[c];
		JsonbValue	k;
		JsonbValue	v;

		if (!TdbColumnPresent(col))
			continue;
		k.type = jbvString;
		k.val.string.val = (char *) col->name;
		k.val.string.len = strlen(col->name);
		pushJsonbValue(state, WJB_KEY, &k);

		if (obj->nulls[c])
			v.type = jbvNull;
		else
			switch (col->typid)
			{
				case INT8OID:
					v.type = jbvNumeric;
					v.val.numeric = int64_to_numeric(DatumGetInt64(obj->values[c]));
					break;
				case INT4OID:
					v.type = jbvNumeric;
					v.val.numeric = int64_to_numeric(DatumGetInt32(obj->values[c]));
					break;
				case INT2OID:
					v.type = jbvNumeric;
					v.val.numeric = int64_to_numeric(DatumGetInt16(obj->values[c]));
					break;
				case BOOLOID:
					v.type = jbvBool;
					v.val.boolean = DatumGetBool(obj->values[c]);
					break;
				case TIMESTAMPTZOID:
					v.type = jbvString;
					v.val.string.val = JsonEncodeDateTime(NULL, obj->values[c],
														  TIMESTAMPTZOID, NULL);
					v.val.string.len = strlen(v.val.string.val);
					break;
				default:
					v.type = jbvString;
					v.val.string.val = VARDATA_ANY(DatumGetPointer(obj->values[c]));
					v.val.string.len = VARSIZE_ANY_EXHDR(DatumGetPointer(obj->values[c]));
					break;
			}
		pushJsonbValue(state, WJB_VALUE, &v);
	}
	if (with_children)
	{
		JsonbValue	k;
		ListCell   *lc;

		k.type = jbvString;
		k.val.string.val = "tasks";
		k.val.string.len = 5;
		pushJsonbValue(state, WJB_KEY, &k);
		pushJsonbValue(state, WJB_BEGIN_ARRAY, NULL);
		foreach(lc, children)
		{
			CHECK_FOR_INTERRUPTS();
			TdbObjToJsonb(lfirst(lc), state, false, s);
		}
		pushJsonbValue(state, WJB_END_ARRAY, NULL);
	}
	result = pushJsonbValue(state, WJB_END_OBJECT, NULL);
	MemoryContextSwitchTo(old);
	return result;
}
