/*-------------------------------------------------------------------------
 *
 * ops.c
 *	  The contract's writes on mapped objects, for the orm and model paths.
 *
 * A call parsed by the contract (core/contract.c, from arguments) or
 * validated by the model (paths/model.c, from JSON) is a TdbCall: the key,
 * the columns to set, the version expected.  Here it becomes objects: a
 * column with a foreign key is set through the relationship (the row it
 * names is loaded, and a missing one is the contract's 23503), every other
 * column as an attribute; the unit of work then sends only what changed.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "orm/orm.h"

#include "miscadmin.h"

/* A session and its SPI connection, for one SQL-callable function. */
TdbSession *
TdbSessionOpen(TdbLoad load, bool read_only)
{
	TdbSession *s = TdbSessionBegin(load, read_only);

	/* started before SPI_connect, so that it lives in the caller's memory */
	TdbSPIConnect();
	return s;
}

/* Set what a call sets on obj. */
void
TdbObjApply(TdbSession *s, TdbObject *obj, const TdbCall *call)
{
	for (int i = 0; i < call->nset; i++)
	{
		const TdbAssign *a = &call->set[i];
		const TdbColumn *ref = TdbReferencedColumn(a->col);

		if (ref == NULL)
			TdbObjSet(obj, a->col, a->value, a->isnull);
		else
		{
			TdbObject  *parent = NULL;

			if (!a->isnull)
			{
				parent = TdbObjGet(s, ref->table, DatumGetInt64(a->value), false);
				if (parent == NULL)
					TdbProjectNotFound(DatumGetInt64(a->value),
									   ERRCODE_FOREIGN_KEY_VIOLATION);
			}
			TdbObjSetParent(s, obj, parent);
		}
	}
}

/* create_x: a new object with what the call sets, flushed. */
TdbObject *
TdbObjCreate(TdbSession *s, const TdbCall *call)
{
	TdbObject  *obj = TdbObjNew(s, call->table);

	TdbObjApply(s, obj, call);
	TdbSessionFlush(s);
	return obj;
}

/*
 * update_x: get, check the version expected, change attributes, flush.
 * The flush sends an UPDATE of the changed columns only, checked against
 * the version that was read, and nothing at all when no value changed (but
 * the UPDATE privilege is checked as if it had).  A stale expected version
 * is explained as every path explains it (TdbCallMissed): a missing
 * project first, then the version.
 */
TdbObject *
TdbObjUpdate(TdbSession *s, const TdbCall *call)
{
	TdbObject  *obj = TdbObjGet(s, call->table, call->key, false);

	if (obj == NULL)
		TdbRowNotFound(call->table, call->key);
	TdbObjRequestUpdate(obj);
	if (call->check_version)
	{
		bool		isnull;
		Datum		current = TdbObjGetValue(obj, call->expect_col, &isnull);

		if (DatumGetInt32(current) != call->expected_version)
			TdbCallMissed(call, TDB_STMT_UPDATE);
		obj->caller_version = true;
	}
	TdbObjApply(s, obj, call);
	TdbSessionFlush(s);
	return obj;
}

/* delete_x: get, delete, flush. */
TdbObject *
TdbObjRemove(TdbSession *s, const TdbTable *table, int64 id)
{
	TdbObject  *obj = TdbObjGet(s, table, id, false);

	if (obj == NULL)
		TdbRowNotFound(table, id);
	TdbObjDelete(s, obj);
	TdbSessionFlush(s);
	return obj;
}

/*
 * Objects as a JSON array, with their children when asked, and the session
 * ended.  Lazy loads may run statements while the JSON is built, so SPI
 * stays connected until it is; the JSON is built in the session's memory,
 * which outlives SPI_finish, and copied out as jsonb in the caller's
 * memory, interruptibly (json_out.c).
 */
Jsonb *
TdbSessionCloseArray(TdbSession *s, List *objs, bool with_children)
{
	JsonbParseState *state = NULL;
	JsonbValue *root;
	Jsonb	   *result;
	ListCell   *lc;
	MemoryContext old = MemoryContextSwitchTo(TdbSessionContext(s));

	pushJsonbValue(&state, WJB_BEGIN_ARRAY, NULL);
	foreach(lc, objs)
	{
		CHECK_FOR_INTERRUPTS();
		TdbObjToJsonb(lfirst(lc), &state, with_children, s);
	}
	root = pushJsonbValue(&state, WJB_END_ARRAY, NULL);
	MemoryContextSwitchTo(old);
	TdbSPIFinish();
	result = TdbJsonbFromValue(root);
	TdbSessionEnd(s);
	return result;
}

/* delete_project on objects (TdbObjDeleteProject), flushed. */
TdbObject *
TdbObjRemoveProject(TdbSession *s, const TdbCall *call)
{
	TdbObject  *p = TdbObjDeleteProject(s, call->key, call->flag);

	TdbSessionFlush(s);
	return p;
}
