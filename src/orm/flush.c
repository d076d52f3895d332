/*-------------------------------------------------------------------------
 *
 * flush.c
 *	  The unit of work of the object mapper: what a flush sends for the
 *	  objects a session added, changed and deleted.
 *
 * A flush inserts parents before children (new objects with the same set
 * of columns in one INSERT ... SELECT FROM unnest), updates what changed
 * or was set, checked against the row version read, and deletes children
 * before parents (one DELETE per table, = ANY ($1)).  A write that comes
 * back without its row is explained: gone or at another version (another
 * transaction: 40001, or the caller's stale expected version: 55000), or
 * taken by a trigger, a rule or a policy (09000).
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "orm/orm_int.h"

#include "catalog/pg_type_d.h"
#include "miscadmin.h"
#include "utils/lsyscache.h"

/*---- the unit of work ----*/

/*
 * The UPDATE of obj, checked against the version the session read, came
 * back without a row.  Say why: the row is gone or at another version
 * (another transaction changed it after the read: retrying the call is
 * the remedy, unless the version read was the caller's expected one,
 * which is stale now, as on the SQL paths), or it is still as read, so a trigger, a rule or a row
 * security policy took the UPDATE.
 */
static void
stale(TdbObject *obj)
{
	TdbQuery   *q = TdbSelect(obj->table);
	bool		isnull;
	Datum		current;
	int64		id = TdbObjId(obj);
	bool		tasks = (obj->table == &TdbTasksTable);

	if (tasks)
		TdbTarget(q, TdbCol(q, &TdbTasks.version), NULL);
	TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, PK(obj->table)),
					  TdbParamFor(q, PK(obj->table), Int64GetDatum(id))));
	current = TdbFetchVal(TdbQueryStatement(q), TdbQueryValues(q),
						  TdbQueryNulls(q), false, &isnull);
	if (isnull)
		TdbConcurrentChange(tasks ? "task" : "project", id, 0, 0, true);
	if (tasks && DatumGetInt32(current) !=
		DatumGetInt32(obj->loaded[TdbTasks.version.colno]))
	{
		int32		read = DatumGetInt32(obj->loaded[TdbTasks.version.colno]);

		/* the caller's expected version is stale now, as on the SQL paths */
		if (obj->caller_version)
			TdbVersionConflict(id, DatumGetInt32(current), read);
		TdbConcurrentChange("task", id, read, DatumGetInt32(current), false);
	}
	TdbWriteSkipped(obj->table, TDB_STMT_UPDATE, id, 1, 1);
}

/* The array type of a column's parameters (strings travel as text). */
static Oid
array_type_of(const TdbColumn *col)
{
	return col->typid == VARCHAROID ? TEXTARRAYOID : get_array_type(col->typid);
}

/*
 * INSERT the new objects of one table.  Objects that give the same set of
 * columns go in one statement, INSERT ... SELECT FROM unnest($1, ...),
 * like SQLAlchemy's insertmanyvalues; RETURNING gives back the keys and
 * server defaults, in insertion order.
 */
static int
flush_inserts(TdbSession *s, const TdbTable *table)
{
	List	   *pending = NIL;
	ListCell   *lc;
	int			written = 0;

	foreach(lc, s->objects)
	{
		TdbObject  *obj = lfirst(lc);

		CHECK_FOR_INTERRUPTS();
		if (obj->state != TDB_OBJ_NEW || obj->table != table)
			continue;
		/* a child of a parent inserted just now learns its key */
		if (obj->parent && table == REL_CHILD)
			TdbObjSet(obj, REL_FK->column,
					  Int64GetDatum(TdbObjId(obj->parent)), false);
		pending = lappend(pending, obj);
	}

	while (pending != NIL)
	{
		TdbObject  *first = linitial(pending);
		List	   *batch = NIL;
		List	   *rest = NIL;
		TdbQuery   *q = TdbInsert(table);
		uint64		n;

		/* the batch: every pending object with first's set of columns */
		foreach(lc, pending)
		{
			TdbObject  *obj = lfirst(lc);

			CHECK_FOR_INTERRUPTS();
			if (memcmp(obj->nulls, first->nulls,
					   sizeof(bool) * table->ncolumns) == 0)
				batch = lappend(batch, obj);
			else
				rest = lappend(rest, obj);
		}

		for (int c = 0; c < table->ncolumns; c++)
		{
			const TdbColumn *col = table->columns[c];

			if (first->nulls[c])
				continue;
			if (list_length(batch) == 1)
				TdbValue(q, col, TdbParamFor(q, col, first->values[c]));
			else
			{
				Oid			elemtype = col->typid == VARCHAROID ? TEXTOID : col->typid;
				Datum	   *elems = palloc(sizeof(Datum) * list_length(batch));
				int			i = 0;
				ListCell   *lc2;
				int16		typlen;
				bool		typbyval;
				char		typalign;

				foreach(lc2, batch)
				{
					CHECK_FOR_INTERRUPTS();
					elems[i++] = ((TdbObject *) lfirst(lc2))->values[c];
				}
				get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
				TdbValuesFrom(q, col,
							  TdbParam(q, array_type_of(col),
									   PointerGetDatum(construct_array(elems, i,
																	   elemtype,
																	   typlen,
																	   typbyval,
																	   typalign)),
									   false));
			}
		}
		TdbTargetColumns(q, table);

		n = TdbFetch(TdbQueryStatement(q), TdbQueryValues(q),
					 TdbQueryNulls(q), false);
		if (n < (uint64) list_length(batch))
			TdbWriteSkipped(table, TDB_STMT_INSERT, 0, list_length(batch) - n,
							list_length(batch));
		if (n > (uint64) list_length(batch))
			elog(ERROR, "INSERT into %s returned %llu rows for %d objects",
				 table->name, (unsigned long long) n, list_length(batch));
		for (uint64 i = 0; i < n; i++)
		{
			TdbObject  *obj = list_nth(batch, (int) i);
			OrmRow		row;

			CHECK_FOR_INTERRUPTS();
			OrmDeform(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, &row);
			OrmRefresh(obj, &row, 0);
			obj->state = TDB_OBJ_PERSISTENT;
			OrmClearTouched(obj);
			OrmIdentityPut(s, obj);
		}
		written += (int) n;
		pending = rest;
	}
	return written;
}

/*
 * UPDATE each persistent object of table that changed or was asked to be
 * updated: the columns the call set and those that changed, and, where
 * the table has row versions, only if the row is still at the version
 * that was loaded.
 *
 * An object set to the values it had is still sent, as every other path
 * sends it: an UPDATE of the columns set (to the same values), or, with
 * none set, SELECT ... FOR UPDATE, as the raw path sends for update_task
 * with nothing to change.  Sending nothing, as an ORM usually does, would
 * let this path do what the others refuse: write without the column's
 * UPDATE privilege, past a row security policy for UPDATE, or past a
 * trigger that refuses the UPDATE, and without the row lock.  The row
 * version trigger keeps the version of a row that did not change.
 */
static void
flush_updates(TdbSession *s, const TdbTable *table)
{
	ListCell   *lc;

	foreach(lc, s->objects)
	{
		TdbObject  *obj = lfirst(lc);
		TdbQuery   *q;
		OrmRow		row;
		bool		changed;
		bool		any = false;

		CHECK_FOR_INTERRUPTS();
		if (obj->state != TDB_OBJ_PERSISTENT || obj->table != table)
			continue;
		changed = TdbObjChanged(obj);
		if (!changed && !obj->update_requested)
			continue;
		for (int c = 0; c < table->ncolumns; c++)
			any |= obj->touched[c];

		if (!changed && !any)
		{
			/* nothing to set: lock the row as the raw path does */
			q = TdbSelect(table);
			TdbTarget(q, TdbCol(q, PK(table)), NULL);
		}
		else
		{
			q = TdbUpdate(table);
			for (int c = 0; c < table->ncolumns; c++)
			{
				const TdbColumn *col = table->columns[c];
				OrmColumnStorage *st = OrmStorageOf(col);

				if (!obj->touched[c] &&
					obj->nulls[c] == obj->loaded_nulls[c] &&
					(obj->nulls[c] ||
					 TdbDatumsEqual(obj->values[c], obj->loaded[c],
									st->typbyval, st->typlen)))
					continue;
				if (obj->nulls[c])
					TdbSet(q, col, TdbParam(q, col->typid == VARCHAROID ? TEXTOID : col->typid,
											(Datum) 0, true));
				else
					TdbSet(q, col, TdbParamFor(q, col, obj->values[c]));
			}
		}
		TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, PK(table)),
						  TdbParamFor(q, PK(table), obj->loaded[0])));
		if (table == &TdbTasksTable)
			TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, &TdbTasks.version),
							  TdbParamFor(q, &TdbTasks.version,
										  obj->loaded[TdbTasks.version.colno])));
		if (!changed && !any)
		{
			TdbForUpdate(q);
			if (TdbFetch(TdbQueryStatement(q), TdbQueryValues(q),
						 TdbQueryNulls(q), false) == 0)
				stale(obj);
			OrmClearTouched(obj);
			continue;
		}
		TdbTargetColumns(q, table);

		if (TdbFetch(TdbQueryStatement(q), TdbQueryValues(q),
					 TdbQueryNulls(q), false) == 0)
			stale(obj);
		OrmDeform(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, &row);
		OrmRefresh(obj, &row, 0);
		OrmClearTouched(obj);
	}
}

/* DELETE the deleted objects of table, with one statement, = ANY ($1). */
static int
flush_deletes(TdbSession *s, const TdbTable *table)
{
	Datum	   *keys = palloc(sizeof(Datum) * Max(list_length(s->objects), 1));
	int			nkeys = 0;
	TdbQuery   *q;
	uint64		n;
	ListCell   *lc;

	foreach(lc, s->objects)
	{
		TdbObject  *obj = lfirst(lc);

		CHECK_FOR_INTERRUPTS();
		if (obj->state == TDB_OBJ_DELETED && obj->table == table)
			keys[nkeys++] = obj->loaded[0];
	}
	if (nkeys == 0)
		return 0;

	q = TdbDelete(table);
	TdbWhere(q, TdbEqAny(TdbCol(q, PK(table)),
						 TdbParam(q, INT8ARRAYOID,
								  PointerGetDatum(construct_array(keys, nkeys,
																  INT8OID, 8, true,
																  TYPALIGN_DOUBLE)),
								  false)));
	n = TdbExecute(TdbQueryStatement(q), TdbQueryValues(q), TdbQueryNulls(q),
				   false);
	if (n != (uint64) nkeys)
	{
		/* still there: something took the DELETE; gone: another transaction */
		TdbQuery   *left = TdbSelect(table);
		bool		isnull;
		int64		remaining;

		TdbTarget(left, TdbAggregate(TDB_COUNT, NULL, NULL), NULL);
		TdbWhere(left, TdbEqAny(TdbCol(left, PK(table)),
								TdbParam(left, INT8ARRAYOID,
										 TdbQueryValues(q)[0], false)));
		remaining = DatumGetInt64(TdbFetchVal(TdbQueryStatement(left),
											  TdbQueryValues(left),
											  TdbQueryNulls(left), false,
											  &isnull));
		if (remaining > 0)
			TdbWriteSkipped(table, TDB_STMT_DELETE,
							DatumGetInt64(keys[0]), remaining, nkeys);
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("could not delete %d of %d rows of %s.%s",
						nkeys - (int) n, nkeys, table->schema, table->name),
				 errdetail("They were deleted by another transaction.")));
	}

	foreach(lc, s->objects)
	{
		TdbObject  *obj = lfirst(lc);

		if (obj->state == TDB_OBJ_DELETED && obj->table == table)
			OrmIdentityRemove(s, obj);
	}
	return nkeys;
}

/*
 * Flush: inserts parents first, then children; updates; deletes children
 * first, then parents.  An error (a
 * stale version, a constraint) leaves the statement, and so the call,
 * without effect.
 */
void
TdbSessionFlush(TdbSession *s)
{
	ListCell   *lc;

	flush_inserts(s, REL_PARENT);
	flush_inserts(s, REL_CHILD);
	flush_updates(s, REL_PARENT);
	flush_updates(s, REL_CHILD);
	flush_deletes(s, REL_CHILD);
	flush_deletes(s, REL_PARENT);

	/* the deleted objects leave the session */
	foreach(lc, s->objects)
	{
		TdbObject  *obj = lfirst(lc);

		if (obj->state == TDB_OBJ_DELETED)
			s->objects = foreach_delete_current(s->objects, lc);
	}
}
