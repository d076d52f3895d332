/*-------------------------------------------------------------------------
 *
 * flush.c
 *	  The unit of work of the object mapper: what a flush sends for the
 *	  objects a session added, changed and deleted.
 *
 * A flush inserts parents before children (new objects with the same set
 * of columns in one INSERT ... SELECT FROM unnest), updates what changed
 * or was set, checked against the row version read (objects that set the
 * same columns in one UPDATE ... FROM unnest), and deletes children
 * before parents (one DELETE per table, = ANY ($1)).  A write that comes
 * back without its row is explained: gone or at another version (another
 * transaction: 40001, or the caller's stale expected version: 55000), or
 * taken by a trigger, a rule or a policy (09000).  A write of many rows
 * waits for no row lock while it holds others out of key order.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "orm/orm_int.h"

#include "access/htup_details.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type_d.h"
#include "miscadmin.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

/*---- the unit of work ----*/

/*
 * The UPDATE of obj, checked against the version the session read (read,
 * for a task), came back without a row.  Say why: the row is gone or at
 * another version (another transaction changed it after the read:
 * retrying the call is the remedy, unless the version read was the
 * caller's expected one, which is stale now, as on the SQL paths), or it
 * is still as read, so a trigger, a rule or a row security policy took the
 * UPDATE.
 */
static void
stale(TdbObject *obj, int32 read)
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
	if (tasks && DatumGetInt32(current) != read)
	{
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
 * Whether column c of obj is sent in its UPDATE: set since the last flush,
 * or changed from the value loaded.
 */
static bool
column_sent(TdbObject *obj, int c)
{
	OrmColumnStorage *st;

	if (obj->touched[c])
		return true;
	if (obj->nulls[c] != obj->loaded_nulls[c])
		return true;
	if (obj->nulls[c])
		return false;
	st = OrmStorageOf(obj->table->columns[c]);
	return !TdbDatumsEqual(obj->values[c], obj->loaded[c], st->typbyval,
						   st->typlen);
}

/* The columns obj's UPDATE sends, a bit per column; 0: none. */
static uint32
columns_sent(TdbObject *obj)
{
	uint32		columns = 0;

	StaticAssertStmt(TDB_MAX_PARAMS <= 32, "a column mask has 32 bits");
	for (int c = 0; c < obj->table->ncolumns; c++)
		if (column_sent(obj, c))
			columns |= (uint32) 1 << c;
	return columns;
}

/* Whether table has row versions (tasks), checked by every UPDATE. */
static bool
versioned(const TdbTable *table)
{
	return table == &TdbTasksTable;
}

/* The version obj was read at, or 0 where its table has none. */
static int32
read_version(TdbObject *obj)
{
	return versioned(obj->table) ?
		DatumGetInt32(obj->loaded[TdbTasks.version.colno]) : 0;
}

/*
 * The UPDATE of one object, as an ORM sends it: the columns it sends, by
 * key and, where the table has row versions, only at the version read.
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
update_one(TdbObject *obj, uint32 columns)
{
	const TdbTable *table = obj->table;
	TdbQuery   *q;
	OrmRow		row;

	if (columns == 0)
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

			if ((columns & ((uint32) 1 << c)) == 0)
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
	if (versioned(table))
		TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, &TdbTasks.version),
						  TdbParamFor(q, &TdbTasks.version,
									  obj->loaded[TdbTasks.version.colno])));
	if (columns == 0)
	{
		TdbForUpdate(q);
		if (TdbFetch(TdbQueryStatement(q), TdbQueryValues(q),
					 TdbQueryNulls(q), false) == 0)
			stale(obj, read_version(obj));
		OrmClearTouched(obj);
		return;
	}
	TdbTargetColumns(q, table);

	if (TdbFetch(TdbQueryStatement(q), TdbQueryValues(q),
				 TdbQueryNulls(q), false) == 0)
		stale(obj, read_version(obj));
	OrmDeform(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, &row);
	OrmRefresh(obj, &row, 0);
	OrmClearTouched(obj);
}

/*
 * The objects of a flush of many that send the same columns: one
 * statement.  Objects in key order; keys their keys, for finding the
 * object of a returned row; versions the versions they were read at
 * (their objects take the returned rows' as they come).
 */
typedef struct UpdateGroup
{
	uint32		columns;		/* 0: lock only */
	List	   *objs;
	int64	   *keys;
	int32	   *versions;
	int			n;
	TdbQuery   *q;
	bool	   *back;			/* whose row came back, at the version read */
} UpdateGroup;

typedef struct UpdateBatch
{
	const TdbTable *table;
	List	   *groups;
} UpdateBatch;

static int
compare_keys(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

static int
compare_objects(const ListCell *a, const ListCell *b)
{
	int64		x = DatumGetInt64(((TdbObject *) lfirst(a))->loaded[0]);
	int64		y = DatumGetInt64(((TdbObject *) lfirst(b))->loaded[0]);

	return (x > y) - (x < y);
}

/* The position in g of the object with key id, or -1. */
static int
group_position(UpdateGroup *g, int64 id)
{
	int64	   *hit = bsearch(&id, g->keys, g->n, sizeof(int64), compare_keys);

	return hit ? (int) (hit - g->keys) : -1;
}

/*
 * An array parameter of col for the objects of g, nulls as nulls: the
 * values as read (the key, the version checked) or as set.
 */
static TdbExpr *
column_array(TdbQuery *q, UpdateGroup *g, const TdbColumn *col, bool as_read)
{
	Oid			elemtype = col->typid == VARCHAROID ? TEXTOID : col->typid;
	Datum	   *elems = palloc(sizeof(Datum) * g->n);
	bool	   *nulls = palloc(sizeof(bool) * g->n);
	int			dims[1] = {g->n};
	int			lbs[1] = {1};
	int			i = 0;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	ListCell   *lc;

	foreach(lc, g->objs)
	{
		TdbObject  *obj = lfirst(lc);

		CHECK_FOR_INTERRUPTS();
		elems[i] = as_read ? obj->loaded[col->colno] : obj->values[col->colno];
		nulls[i] = as_read ? obj->loaded_nulls[col->colno] : obj->nulls[col->colno];
		i++;
	}
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	return TdbParam(q, array_type_of(col),
					PointerGetDatum(construct_md_array(elems, nulls, 1, dims,
													   lbs, elemtype, typlen,
													   typbyval, typalign)),
					false);
}

/*
 * Whether a group's UPDATE of n rows of table is planned for its arrays
 * rather than once.  The plan kept for every call is a nested loop that
 * finds each row by its key, right for a few rows; for a good part of the
 * table a hash join over it costs less (a twentieth less for all of it),
 * and the planner, which sees the arrays' lengths only in a plan for the
 * values, chooses that.  It also chooses it for a few thousand rows of a
 * large table, which, when the table is in memory, costs several times
 * the nested loop, and planning each call costs as much as writing a few
 * hundred rows: so only from half of the table's rows (as the planner
 * estimates them), and at least PLAN_PER_CALL_AT.
 */
#define PLAN_PER_CALL_AT	1000

static bool
plan_per_call(const TdbTable *table, int n)
{
	HeapTuple	tuple;
	float4		reltuples;

	if (n < PLAN_PER_CALL_AT)
		return false;
	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(TdbTableRelid(table)));
	if (!HeapTupleIsValid(tuple))
		return false;
	reltuples = ((Form_pg_class) GETSTRUCT(tuple))->reltuples;
	ReleaseSysCache(tuple);
	return n >= reltuples / 2;	/* never counted (-1): n is a good part */
}

/*
 * g's statement, one shape per table and set of columns (planned once, or
 * for its arrays: plan_per_call):
 *
 *	  UPDATE taskdb.tasks AS t SET done = u.done
 *	  FROM (SELECT pg_catalog.unnest($1) AS id, pg_catalog.unnest($2) AS version,
 *				   pg_catalog.unnest($3) AS done) AS u
 *	  WHERE t.id = u.id AND t.version = u.version RETURNING t.id, ...
 *
 * or, for objects with nothing to set, SELECT t.id, t.version ... WHERE
 * t.id = ANY ($1) FOR UPDATE, whose versions are checked here.
 */
static TdbQuery *
group_query(const TdbTable *table, UpdateGroup *g)
{
	TdbQuery   *q;

	if (g->columns == 0)
	{
		q = TdbSelect(table);
		TdbTarget(q, TdbCol(q, PK(table)), NULL);
		if (versioned(table))
			TdbTarget(q, TdbCol(q, &TdbTasks.version), NULL);
		TdbWhere(q, TdbEqAny(TdbCol(q, PK(table)),
							 column_array(q, g, PK(table), true)));
		TdbForUpdate(q);
		return q;
	}
	q = TdbUpdate(table);
	TdbMatchFrom(q, PK(table), column_array(q, g, PK(table), true));
	if (versioned(table))
		TdbMatchFrom(q, &TdbTasks.version,
					 column_array(q, g, &TdbTasks.version, true));
	for (int c = 0; c < table->ncolumns; c++)
		if (g->columns & ((uint32) 1 << c))
			TdbSetFrom(q, table->columns[c],
					   column_array(q, g, table->columns[c], false));
	TdbTargetColumns(q, table);
	if (plan_per_call(table, g->n))
		TdbPlanPerCall(q);
	return q;
}

/*
 * A row g's statement returned: its object takes it (or, for a lock, its
 * version is checked), and is marked back.
 */
static void
group_row(TupleTableSlot *slot, void *arg)
{
	UpdateGroup *g = arg;
	TupleDesc	desc = slot->tts_tupleDescriptor;
	TdbObject  *obj;
	OrmRow		row;
	int			pos;

	CHECK_FOR_INTERRUPTS();
	if (desc->natts > (int) lengthof(row.values))
		elog(ERROR, "result row has %d columns, more than %d",
			 desc->natts, (int) lengthof(row.values));
	slot_getallattrs(slot);
	memcpy(row.values, slot->tts_values, sizeof(Datum) * desc->natts);
	memcpy(row.nulls, slot->tts_isnull, sizeof(bool) * desc->natts);
	row.natts = desc->natts;
	pos = group_position(g, DatumGetInt64(row.values[0]));
	if (pos < 0)
		elog(ERROR, "UPDATE of %d rows returned a row it was not given", g->n);
	obj = list_nth(g->objs, pos);
	if (g->columns == 0)
	{
		/* locked, but at another version than read */
		if (versioned(obj->table) && row.natts > 1 &&
			DatumGetInt32(row.values[1]) != g->versions[pos])
			return;
	}
	else
		OrmRefresh(obj, &row, 0);
	g->back[pos] = true;
}

/*
 * Send every group's statement (TdbWithoutWaiting's body, which may run
 * twice: everything it sends is built before, and its objects take the
 * rows of the run that succeeds).  Every object must get its row back, at
 * the version read: the first (in key order) that did not fails the
 * flush, with the reason (stale, against the version read).  A lock
 * checks no version itself, so its rows are always looked at.
 */
static void
send_groups(void *arg)
{
	UpdateBatch *b = arg;
	ListCell   *lc;

	foreach(lc, b->groups)
	{
		UpdateGroup *g = lfirst(lc);
		uint64		n;

		memset(g->back, 0, sizeof(bool) * g->n);
		n = TdbFetchEach(TdbQueryStatement(g->q), TdbQueryValues(g->q),
						 TdbQueryNulls(g->q), false, group_row, g);
		if (n < (uint64) g->n || g->columns == 0)
		{
			for (int i = 0; i < g->n; i++)
			{
				CHECK_FOR_INTERRUPTS();
				if (!g->back[i])
					stale(list_nth(g->objs, i), g->versions[i]);
			}
		}
	}
}

/*
 * Lock the rows of objs (in key order) in key order, FOR UPDATE: what a
 * writer of many rows does before it may wait (TdbWithoutWaiting).
 */
static void
lock_in_key_order(const TdbTable *table, List *objs)
{
	UpdateGroup all = {0};
	TdbQuery   *q = TdbSelect(table);

	all.objs = objs;
	all.n = list_length(objs);
	TdbTarget(q, TdbCol(q, PK(table)), NULL);
	TdbWhere(q, TdbEqAny(TdbCol(q, PK(table)),
						 column_array(q, &all, PK(table), true)));
	TdbOrderBy(q, TdbCol(q, PK(table)), false);
	TdbForUpdate(q);
	(void) TdbExecute(TdbQueryStatement(q), TdbQueryValues(q),
					  TdbQueryNulls(q), false);
}

/*
 * UPDATE the persistent objects of table that changed or were asked to be
 * updated, each only at the version it was read at (update_one).
 *
 * One object is sent as an ORM sends it, one UPDATE by key and version:
 * cheaper than the statement for many, which needs arrays and a join.
 * Many are sent set-based: the objects whose UPDATEs set the same columns
 * in one statement (group_query), so a flush sends one statement per set
 * of columns however many objects it writes, and each set of columns is
 * one shape, one kept plan.  The rows come back in any order and are
 * matched to their objects by key; an object whose row did not come back
 * at the version read fails the flush with the reason (stale), the first
 * in key order, as the statements for one object each reported it.
 *
 * The statements of many rows wait for no row lock: when a row is locked
 * by another transaction they are undone, the rows are locked in key
 * order, and they are sent again (TdbWithoutWaiting), so a flush never
 * waits while it holds row locks out of key order.  The objects take the
 * returned rows (new versions, values a trigger changed) as they come,
 * with no tuple table of them: a run that is undone sent what was built
 * before it, is followed by one that sends the same and whose rows the
 * objects take again, and a failure is explained against the versions
 * read, kept apart from the objects.
 */
static void
flush_updates(TdbSession *s, const TdbTable *table)
{
	List	   *pending = NIL;
	UpdateBatch batch = {table, NIL};
	ListCell   *lc;

	/* what was asked to be updated (every object set) or changed */
	foreach(lc, s->objects)
	{
		TdbObject  *obj = lfirst(lc);

		CHECK_FOR_INTERRUPTS();
		if (obj->table == table && obj->state == TDB_OBJ_PERSISTENT &&
			(obj->update_requested || TdbObjChanged(obj)))
			pending = lappend(pending, obj);
	}
	if (pending == NIL)
		return;
	if (list_length(pending) == 1)
	{
		update_one(linitial(pending), columns_sent(linitial(pending)));
		list_free(pending);
		return;
	}

	/* groups by the columns sent, each in key order (often already so) */
	for (int i = 1; i < list_length(pending); i++)
	{
		if (compare_objects(list_nth_cell(pending, i - 1),
							list_nth_cell(pending, i)) > 0)
		{
			list_sort(pending, compare_objects);
			break;
		}
	}
	foreach(lc, pending)
	{
		TdbObject  *obj = lfirst(lc);
		uint32		columns = columns_sent(obj);
		UpdateGroup *g = NULL;
		ListCell   *lg;

		CHECK_FOR_INTERRUPTS();
		foreach(lg, batch.groups)
		{
			if (((UpdateGroup *) lfirst(lg))->columns == columns)
			{
				g = lfirst(lg);
				break;
			}
		}
		if (g == NULL)
		{
			g = palloc0(sizeof(UpdateGroup));
			g->columns = columns;
			batch.groups = lappend(batch.groups, g);
		}
		g->objs = lappend(g->objs, obj);
	}
	foreach(lc, batch.groups)
	{
		UpdateGroup *g = lfirst(lc);
		ListCell   *lo;
		int			i = 0;

		g->n = list_length(g->objs);
		g->keys = palloc(sizeof(int64) * g->n);
		g->versions = palloc(sizeof(int32) * g->n);
		g->back = palloc(sizeof(bool) * g->n);
		foreach(lo, g->objs)
		{
			TdbObject  *obj = lfirst(lo);

			g->keys[i] = DatumGetInt64(obj->loaded[0]);
			g->versions[i++] = read_version(obj);
		}
		g->q = group_query(table, g);
	}

	if (!TdbWithoutWaiting(send_groups, &batch))
	{
		lock_in_key_order(table, pending);
		send_groups(&batch);
	}
	foreach(lc, pending)
		OrmClearTouched(lfirst(lc));
	list_free(pending);
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
	List	   *kept = NIL;
	int			deleted;
	MemoryContext old;

	flush_inserts(s, REL_PARENT);
	flush_inserts(s, REL_CHILD);
	flush_updates(s, REL_PARENT);
	flush_updates(s, REL_CHILD);
	deleted = flush_deletes(s, REL_CHILD);
	deleted += flush_deletes(s, REL_PARENT);
	if (deleted == 0)
		return;

	old = MemoryContextSwitchTo(s->cxt);

	/*
	 * The deleted objects leave the session, in one pass: deleting cells
	 * one by one would move the rest of the list each time.
	 */
	foreach(lc, s->objects)
	{
		TdbObject  *obj = lfirst(lc);

		CHECK_FOR_INTERRUPTS();
		if (obj->state != TDB_OBJ_DELETED)
			kept = lappend(kept, obj);
	}
	list_free(s->objects);
	s->objects = kept;
	MemoryContextSwitchTo(old);
}
