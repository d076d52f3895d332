/*-------------------------------------------------------------------------
 *
 * triggers.c
 *	  The row-version trigger (from 1.2).
 *
 * taskdb.tasks.version counts the changes of a row.  A BEFORE UPDATE
 * trigger sets it to the old value plus one when any other column changed,
 * and keeps the old value when none did, whatever the UPDATE said about
 * version itself.  So every path and plain SQL count alike, optimistic
 * concurrency (update_task's expected_version, the orm's version check)
 * can rely on it, and an update that changes nothing is not a new version:
 * the raw path's no-op update and the orm's unsent one agree.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "core/core.h"

#include "access/htup_details.h"
#include "commands/trigger.h"
#include "utils/datum.h"
#include "utils/rel.h"

/* Whether any column but skip_attnum differs between the two rows. */
static bool
row_changed(HeapTuple oldtup, HeapTuple newtup, TupleDesc tupdesc,
			int skip_attnum)
{
	for (int i = 1; i <= tupdesc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(tupdesc, i - 1);
		bool		oldnull;
		bool		newnull;
		Datum		oldval;
		Datum		newval;

		if (i == skip_attnum || att->attisdropped)
			continue;
		oldval = heap_getattr(oldtup, i, tupdesc, &oldnull);
		newval = heap_getattr(newtup, i, tupdesc, &newnull);
		if (oldnull != newnull)
			return true;
		if (!oldnull && !TdbDatumsEqual(oldval, newval, att->attbyval,
										att->attlen))
			return true;
	}
	return false;
}

PG_FUNCTION_INFO_V1(taskdb_bump_version);
Datum
taskdb_bump_version(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	tupdesc;
	int			attnum;
	bool		isnull;
	Datum		oldversion;
	int			cols[1];
	Datum		values[1];
	bool		nulls[1] = {false};

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("taskdb_bump_version() was not called by the trigger manager")));
	if (!TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("taskdb_bump_version() must be fired BEFORE UPDATE FOR EACH ROW")));

	tupdesc = RelationGetDescr(trigdata->tg_relation);
	attnum = SPI_fnumber(tupdesc, "version");
	if (attnum <= 0 || TupleDescAttr(tupdesc, attnum - 1)->atttypid != INT4OID)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("relation \"%s\" has no integer column \"version\"",
						RelationGetRelationName(trigdata->tg_relation))));

	oldversion = heap_getattr(trigdata->tg_trigtuple, attnum, tupdesc, &isnull);
	cols[0] = attnum;
	if (isnull)
		values[0] = Int32GetDatum(1);
	else if (!row_changed(trigdata->tg_trigtuple, trigdata->tg_newtuple,
						  tupdesc, attnum))
		values[0] = oldversion;
	else
	{
		int32		v = DatumGetInt32(oldversion);

		if (v == PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("row version of relation \"%s\" is out of range",
							RelationGetRelationName(trigdata->tg_relation))));
		values[0] = Int32GetDatum(v + 1);
	}

	return PointerGetDatum(heap_modify_tuple_by_cols(trigdata->tg_newtuple,
													 tupdesc, 1, cols,
													 values, nulls));
}
