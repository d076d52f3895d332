/*-------------------------------------------------------------------------
 *
 * object.c
 *	  Mapped objects: made from result rows (hydration), got by key, one
 *	  or many, through the identity map, and changed attribute by
 *	  attribute.
 *
 * An object holds its current values and the values as last read or
 * written, so the unit of work (flush.c) can tell what changed.  A result
 * row whose key the identity map holds already gives the object there, as
 * SQLAlchemy keeps it unless asked to refresh; a column the installed
 * version lacks stays null and is never written.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "orm/orm_int.h"

#include "access/htup_details.h"
#include "catalog/pg_type_d.h"
#include "miscadmin.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

/*---- storage facts of the described columns, looked up once ----*/

OrmColumnStorage *
OrmStorageRow(const TdbTable *table)
{
	static OrmColumnStorage storage[2][16];
	static bool done = false;

	if (!done)
	{
		for (int t = 0; t < TdbNumTables; t++)
		{
			const TdbTable *tb = TdbAllTables[t];

			Assert(TdbNumTables <= 2 && tb->ncolumns <= 16);
			for (int c = 0; c < tb->ncolumns; c++)
				get_typlenbyval(tb->columns[c]->typid,
								&storage[t][c].typlen,
								&storage[t][c].typbyval);
		}
		done = true;
	}
	for (int t = 0; t < TdbNumTables; t++)
		if (TdbAllTables[t] == table)
			return storage[t];
	elog(ERROR, "table %s is not described", table->name);
	return NULL;				/* keep compiler quiet */
}

OrmColumnStorage *
OrmStorageOf(const TdbColumn *col)
{
	return &OrmStorageRow(col->table)[col->colno];
}

/*---- objects ----*/

/*
 * A new object, with its arrays of values in the same allocation: a call
 * may hold a hundred thousand objects, and one chunk each instead of six
 * keeps them together and the allocator's work down.
 */
static TdbObject *
new_object(TdbSession *s, const TdbTable *table, TdbObjState state)
{
	MemoryContext old = MemoryContextSwitchTo(s->cxt);
	int			n = table->ncolumns;
	char	   *chunk = palloc0(MAXALIGN(sizeof(TdbObject)) +
								2 * sizeof(Datum) * n + 3 * sizeof(bool) * n);
	TdbObject  *obj = (TdbObject *) chunk;

	chunk += MAXALIGN(sizeof(TdbObject));
	obj->table = table;
	obj->state = state;
	obj->values = (Datum *) chunk;
	obj->loaded = obj->values + n;
	obj->nulls = (bool *) (obj->loaded + n);
	obj->loaded_nulls = obj->nulls + n;
	obj->touched = obj->loaded_nulls + n;
	memset(obj->nulls, true, sizeof(bool) * n);
	memset(obj->loaded_nulls, true, sizeof(bool) * n);
	s->objects = lappend(s->objects, obj);
	MemoryContextSwitchTo(old);
	return obj;
}

int64
TdbObjId(TdbObject *obj)
{
	Assert(!obj->nulls[0]);
	return DatumGetInt64(obj->values[0]);
}

Datum
TdbObjGetValue(TdbObject *obj, const TdbColumn *col, bool *isnull)
{
	Assert(col->table == obj->table);
	*isnull = obj->nulls[col->colno];
	return obj->values[col->colno];
}

void
OrmDeform(HeapTuple tuple, TupleDesc desc, OrmRow *row)
{
	if (desc->natts > (int) lengthof(row->values))
		elog(ERROR, "result row has %d columns, more than %d",
			 desc->natts, (int) lengthof(row->values));
	heap_deform_tuple(tuple, desc, row->values, row->nulls);
	row->natts = desc->natts;
}

/*
 * Set the current and loaded values of obj from a result row whose columns
 * from first on are the table's columns that the installed version has
 * (TdbTargetColumns), in description order.  A column the installed
 * version lacks stays null and is never written.  A value passed by
 * reference that equals the one loaded keeps its copy: a flush of many
 * objects refreshes every one from its row, most columns unchanged.
 */
void
OrmRefresh(TdbObject *obj, const OrmRow *row, int first)
{
	MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(obj));
	const bool *present = TdbColumnsPresent(obj->table);
	OrmColumnStorage *storage = OrmStorageRow(obj->table);
	int			k = first;

	for (int c = 0; c < obj->table->ncolumns; c++)
	{
		OrmColumnStorage *st = &storage[c];
		bool		isnull;

		if (!present[c])
		{
			obj->nulls[c] = obj->loaded_nulls[c] = true;
			obj->values[c] = obj->loaded[c] = (Datum) 0;
			continue;
		}
		/* a statement built for other columns must not get here */
		if (k >= row->natts)
			elog(ERROR, "result row has %d columns, fewer than %s needs",
				 row->natts, obj->table->name);
		isnull = row->nulls[k];
		if (!isnull && !st->typbyval && !obj->loaded_nulls[c] &&
			TdbDatumsEqual(row->values[k], obj->loaded[c], false, st->typlen))
			obj->values[c] = obj->loaded[c];
		else
			obj->values[c] = obj->loaded[c] = isnull ? (Datum) 0 :
				datumCopy(row->values[k], st->typbyval, st->typlen);
		obj->nulls[c] = obj->loaded_nulls[c] = isnull;
		k++;
	}
	MemoryContextSwitchTo(old);
}

/* How many columns of table the installed version has. */
int
OrmPresentColumns(const TdbTable *table)
{
	int			n = 0;

	for (int c = 0; c < table->ncolumns; c++)
		if (TdbColumnPresent(table->columns[c]))
			n++;
	return n;
}

/*
 * The object for a result row: the one already in the identity map (its
 * state is kept, as SQLAlchemy keeps it unless asked to refresh), or a new
 * persistent object.  NULL when the row's key is NULL (an outer join with
 * no match).
 */
TdbObject *
OrmHydrate(TdbSession *s, const TdbTable *table, const OrmRow *row,
		   int first)
{
	TdbObject  *obj;

	if (row->nulls[first])
		return NULL;
	obj = OrmIdentityLookup(s, table, DatumGetInt64(row->values[first]));
	if (obj)
		return obj;
	obj = new_object(s, table, TDB_OBJ_PERSISTENT);
	OrmRefresh(obj, row, first);
	OrmIdentityPut(s, obj);
	return obj;
}

/* OrmRunAndHydrate's rows, hydrated as the executor produces them */
typedef struct HydrateRows
{
	TdbSession *s;
	const TdbTable *table;
	List	   *objects;
} HydrateRows;

static void
hydrate_slot(TupleTableSlot *slot, void *arg)
{
	HydrateRows *h = arg;
	TupleDesc	desc = slot->tts_tupleDescriptor;
	TdbObject  *obj;
	MemoryContext old;
	OrmRow		row;

	CHECK_FOR_INTERRUPTS();
	if (desc->natts > (int) lengthof(row.values))
		elog(ERROR, "result row has %d columns, more than %d",
			 desc->natts, (int) lengthof(row.values));
	slot_getallattrs(slot);
	memcpy(row.values, slot->tts_values, sizeof(Datum) * desc->natts);
	memcpy(row.nulls, slot->tts_isnull, sizeof(bool) * desc->natts);
	row.natts = desc->natts;
	obj = OrmHydrate(h->s, h->table, &row, 0);
	old = MemoryContextSwitchTo(h->s->cxt);
	h->objects = lappend(h->objects, obj);
	MemoryContextSwitchTo(old);
}

/*
 * Run q and hydrate its rows, straight from the executor's slots: the
 * objects, in row order.
 */
List *
OrmRunAndHydrate(TdbSession *s, TdbQuery *q, const TdbTable *table,
				 TdbStatementCache *cache)
{
	HydrateRows h = {s, table, NIL};
	TdbStatement *stmt;

	stmt = cache ? TdbQueryStatementCached(q, cache) : TdbQueryStatement(q);
	(void) TdbFetchEach(stmt, TdbQueryValues(q), TdbQueryNulls(q),
						s->read_only, hydrate_slot, &h);
	return h.objects;
}

/* SELECT every column of table, to be narrowed by the caller. */
TdbQuery *
TdbObjSelect(const TdbTable *table)
{
	TdbQuery   *q = TdbSelect(table);

	TdbTargetColumns(q, table);
	return q;
}

/* Run a query built by TdbObjSelect; its objects, in row order. */
List *
TdbObjQuery(TdbSession *s, TdbQuery *q)
{
	List	   *objs = OrmRunAndHydrate(s, q, TdbQueryTable(q), NULL);

	return objs;
}

/*
 * session.get(): the object with this key, from the identity map when it
 * is there (no statement), else loaded.  NULL when there is no such row.
 * for_update always asks the database, to take the row lock.
 */
TdbObject *
TdbObjGet(TdbSession *s, const TdbTable *table, int64 id, bool for_update)
{
	/* one shape per table and lock mode: [table][for_update] */
	static TdbStatementCache cache[2][2];
	TdbObject  *obj = OrmIdentityLookup(s, table, id);
	TdbQuery   *q;
	List	   *found;

	if (obj && !for_update)
		return obj->state == TDB_OBJ_DELETED ? NULL : obj;

	q = TdbObjSelect(table);
	TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, PK(table)),
					  TdbParamFor(q, PK(table), Int64GetDatum(id))));
	if (for_update)
		TdbForUpdate(q);
	found = OrmRunAndHydrate(s, q, table,
							 &cache[table == REL_PARENT][for_update ? 1 : 0]);
	return found ? linitial(found) : NULL;
}

static int
compare_ids(const ListCell *a, const ListCell *b)
{
	int64		x = TdbObjId(lfirst(a));
	int64		y = TdbObjId(lfirst(b));

	return (x > y) - (x < y);
}

/*
 * Get the objects for an array of keys, in key order, each once.  Keys
 * already in the identity map cost nothing; the others are loaded with
 * one statement, = ANY ($1).  Keys with no row are left out.
 */
List *
TdbObjGetMany(TdbSession *s, const TdbTable *table, Datum ids_array)
{
	ArrayType  *arr = DatumGetArrayTypeP(ids_array);
	Datum	   *ids;
	bool	   *nulls;
	int			n;
	Datum	   *missing;
	int			nmissing = 0;
	List	   *result = NIL;
	HTAB	   *seen;
	HASHCTL		ctl;

	deconstruct_array(arr, INT8OID, 8, true, TYPALIGN_DOUBLE, &ids, &nulls, &n);
	missing = palloc(sizeof(Datum) * Max(n, 1));

	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(int64);
	ctl.hcxt = CurrentMemoryContext;
	seen = hash_create("taskdb get_many", Max(n, 16), &ctl,
					   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	for (int i = 0; i < n; i++)
	{
		int64		id;
		bool		dup;
		TdbObject  *obj;

		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			continue;
		id = DatumGetInt64(ids[i]);
		hash_search(seen, &id, HASH_ENTER, &dup);
		if (dup)
			continue;
		obj = OrmIdentityLookup(s, table, id);
		if (obj == NULL)
			missing[nmissing++] = ids[i];
		else if (obj->state != TDB_OBJ_DELETED)
		{
			MemoryContext old = MemoryContextSwitchTo(s->cxt);

			result = lappend(result, obj);
			MemoryContextSwitchTo(old);
		}
	}

	if (nmissing > 0)
	{
		TdbQuery   *q = TdbObjSelect(table);
		ArrayType  *keys = construct_array(missing, nmissing, INT8OID, 8,
										   true, TYPALIGN_DOUBLE);
		List	   *loaded;
		MemoryContext old;

		TdbWhere(q, TdbEqAny(TdbCol(q, PK(table)),
							 TdbParam(q, INT8ARRAYOID, PointerGetDatum(keys),
									  false)));
		loaded = OrmRunAndHydrate(s, q, table, NULL);
		old = MemoryContextSwitchTo(s->cxt);
		result = list_concat(result, loaded);
		MemoryContextSwitchTo(old);
	}
	list_sort(result, compare_ids);
	return result;
}

TdbObject *
TdbObjNew(TdbSession *s, const TdbTable *table)
{
	return new_object(s, table, TDB_OBJ_NEW);
}

/* Set an attribute; the value is copied into the object's memory. */
void
TdbObjSet(TdbObject *obj, const TdbColumn *col, Datum value, bool isnull)
{
	OrmColumnStorage *st = OrmStorageOf(col);

	Assert(col->table == obj->table);
	obj->touched[col->colno] = true;
	obj->update_requested = true;
	obj->nulls[col->colno] = isnull;
	if (isnull)
		obj->values[col->colno] = (Datum) 0;
	else
	{
		MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(obj));

		obj->values[col->colno] = datumCopy(value, st->typbyval, st->typlen);
		MemoryContextSwitchTo(old);
	}
}

/*
 * An update of obj was asked for, though perhaps of no attribute: the flush
 * then checks that the caller could have sent it.
 */
void
TdbObjRequestUpdate(TdbObject *obj)
{
	obj->update_requested = true;
}

/* Forget what was set: the object is as flushed. */
void
OrmClearTouched(TdbObject *obj)
{
	memset(obj->touched, 0, sizeof(bool) * obj->table->ncolumns);
	obj->update_requested = false;
}

/* Whether any attribute differs from its loaded value. */
bool
TdbObjChanged(TdbObject *obj)
{
	OrmColumnStorage *storage = OrmStorageRow(obj->table);

	for (int c = 0; c < obj->table->ncolumns; c++)
	{
		OrmColumnStorage *st = &storage[c];

		if (obj->nulls[c] != obj->loaded_nulls[c])
			return true;
		if (!obj->nulls[c] &&
			!TdbDatumsEqual(obj->values[c], obj->loaded[c], st->typbyval,
							st->typlen))
			return true;
	}
	return false;
}
