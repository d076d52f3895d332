/*-------------------------------------------------------------------------
 *
 * mapper.c
 *	  The object mapper: sessions, an identity map, a unit of work and
 *	  relationship loading (SQLAlchemy ORM's peer).
 *
 * A session is a unit of work scoped to one SQL function call.  It keeps
 *
 *	  - an identity map: one object per primary key, so a second get of the
 *		same id sends no statement;
 *	  - every object it has seen, each with its current values and the
 *		values as last loaded, so that a flush sends only what changed and
 *		nothing for an object that did not change;
 *	  - the objects to insert and to delete; a flush inserts parents before
 *		children and deletes children before parents, by the foreign keys of
 *		the schema description;
 *	  - the relationships Task.project and Project.tasks, kept consistent in
 *		both directions, loaded lazily, by selectin, joined, or not at all
 *		(raise).
 *
 * Every statement is built with the query builder and run through the
 * driver, so it is schema-qualified, parametrized, kept as a plan and
 * counted in taskdb.path_stats.
 *
 * Memory: the session, its objects and every list of objects it hands out
 * live in one memory context, a child of the context current when the call
 * began.  That is never SPI's memory, which SPI_finish frees and which SPI
 * makes current again after each statement: anything that outlives a
 * statement is allocated in the session's context explicitly.
 * TdbSessionEnd deletes it; when the call fails, the context goes with its
 * parent.  Values handed back to SQL are copied out before it ends.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "orm/orm.h"

#include "access/htup_details.h"
#include "catalog/pg_type_d.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/hsearch.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/typcache.h"

typedef struct IdentityKey
{
	const TdbTable *table;
	int64		id;
} IdentityKey;

typedef struct IdentityEntry
{
	IdentityKey key;
	TdbObject  *obj;
} IdentityEntry;

struct TdbSession
{
	MemoryContext cxt;
	HTAB	   *identity;		/* NULL while the map is the object list */
	List	   *objects;		/* every object, in the order it joined */
	TdbLoad		load;
	bool		read_only;		/* the calling function is STABLE */
	int			lazy_loads;
};

/* The one relationship: tasks.project_id references projects.id. */
#define REL_FK		(&TdbTasksTable.fkeys[0])
#define REL_CHILD	(&TdbTasksTable)
#define REL_PARENT	(&TdbProjectsTable)

/* By convention the first column of every described table is its key. */
#define PK(table)	((table)->columns[0])

/*---- storage facts of the described columns, looked up once ----*/

typedef struct ColumnStorage
{
	int16		typlen;
	bool		typbyval;
} ColumnStorage;

static ColumnStorage *
storage_of(const TdbColumn *col)
{
	static ColumnStorage storage[2][16];
	static bool done = false;

	if (!done)
	{
		for (int t = 0; t < TdbNumTables; t++)
		{
			const TdbTable *table = TdbAllTables[t];

			Assert(TdbNumTables <= 2 && table->ncolumns <= 16);
			for (int c = 0; c < table->ncolumns; c++)
				get_typlenbyval(table->columns[c]->typid,
								&storage[t][c].typlen,
								&storage[t][c].typbyval);
		}
		done = true;
	}
	for (int t = 0; t < TdbNumTables; t++)
		if (TdbAllTables[t] == col->table)
			return &storage[t][col->colno];
	elog(ERROR, "column %s belongs to no described table", col->name);
	return NULL;				/* keep compiler quiet */
}

/*---- sessions ----*/

TdbSession *
TdbSessionBegin(TdbLoad load, bool read_only)
{
	/*
	 * Default block sizes, growing to 8 MB: a session of a million objects
	 * then frees a few hundred blocks at its end instead of tens of
	 * thousands of small ones (0.5 s, in which a cancel went unanswered).
	 * A session of a handful of objects still fits its first block, and the
	 * context itself comes from PostgreSQL's free list of such contexts.
	 */
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext,
											  "taskdb orm session",
											  ALLOCSET_DEFAULT_SIZES);
	TdbSession *s = MemoryContextAllocZero(cxt, sizeof(TdbSession));

	s->cxt = cxt;
	s->load = load;
	s->read_only = read_only;
	return s;
}

/* The memory that lives as long as the session. */
MemoryContext
TdbSessionContext(TdbSession *s)
{
	return s->cxt;
}

void
TdbSessionEnd(TdbSession *s)
{
	MemoryContextDelete(s->cxt);
}

TdbLoad
TdbParseLoad(text *load)
{
	char	   *s = text_to_cstring(load);

	if (strcmp(s, "lazy") == 0)
		return TDB_LOAD_LAZY;
	if (strcmp(s, "selectin") == 0)
		return TDB_LOAD_SELECTIN;
	if (strcmp(s, "joined") == 0)
		return TDB_LOAD_JOINED;
	/*
	 * raise could never succeed in project_tree, which always reads the
	 * tasks relationship; 1.7 removed it (the README's migration notes).
	 */
	if (TdbInstalledVersion() < 107)
	{
		if (strcmp(s, "raise") == 0)
			return TDB_LOAD_RAISE;
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown loading strategy \"%s\"",
						TdbQuotePrefix(s, strlen(s))),
				 errhint("Use lazy, selectin, joined or raise.")));
	}
	if (strcmp(s, "raise") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("loading strategy \"raise\" was removed in taskdb 1.7"),
				 errdetail("project_tree always reads the tasks relationship, so raise could never succeed."),
				 errhint("Use lazy, selectin or joined.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown loading strategy \"%s\"",
					TdbQuotePrefix(s, strlen(s))),
			 errhint("Use lazy, selectin or joined.")));
	return TDB_LOAD_LAZY;		/* keep compiler quiet */
}

/*
 * The identity map.  Most calls hold a handful of objects, and creating a
 * hash table costs more than scanning them, so the map is the session's
 * object list until it holds IDENTITY_HASH_AT objects, then a hash table.
 */
#define IDENTITY_HASH_AT	16

static void
identity_build(TdbSession *s)
{
	HASHCTL		ctl;
	ListCell   *lc;

	ctl.keysize = sizeof(IdentityKey);
	ctl.entrysize = sizeof(IdentityEntry);
	ctl.hcxt = s->cxt;
	s->identity = hash_create("taskdb identity map", 64, &ctl,
							  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	foreach(lc, s->objects)
	{
		TdbObject  *obj = lfirst(lc);
		IdentityKey key;
		IdentityEntry *e;

		CHECK_FOR_INTERRUPTS();
		if (obj->state != TDB_OBJ_PERSISTENT && obj->state != TDB_OBJ_DELETED)
			continue;
		memset(&key, 0, sizeof(key));
		key.table = obj->table;
		key.id = TdbObjId(obj);
		e = hash_search(s->identity, &key, HASH_ENTER, NULL);
		e->obj = obj;
	}
}

static TdbObject *
identity_lookup(TdbSession *s, const TdbTable *table, int64 id)
{
	IdentityKey key;
	IdentityEntry *e;

	if (s->identity == NULL)
	{
		ListCell   *lc;

		foreach(lc, s->objects)
		{
			TdbObject  *obj = lfirst(lc);

			if (obj->table == table && obj->state != TDB_OBJ_NEW &&
				TdbObjId(obj) == id)
				return obj;
		}
		return NULL;
	}
	memset(&key, 0, sizeof(key));
	key.table = table;
	key.id = id;
	e = hash_search(s->identity, &key, HASH_FIND, NULL);
	return e ? e->obj : NULL;
}

/* obj now has its key: enter it in the map (the list holds it already) */
static void
identity_put(TdbSession *s, TdbObject *obj)
{
	IdentityKey key;
	IdentityEntry *e;

	if (s->identity == NULL)
	{
		if (list_length(s->objects) >= IDENTITY_HASH_AT)
			identity_build(s);
		return;
	}
	memset(&key, 0, sizeof(key));
	key.table = obj->table;
	key.id = TdbObjId(obj);
	e = hash_search(s->identity, &key, HASH_ENTER, NULL);
	e->obj = obj;
}

static void
identity_remove(TdbSession *s, TdbObject *obj)
{
	IdentityKey key;

	if (s->identity == NULL)
		return;					/* the caller drops obj from the list */
	memset(&key, 0, sizeof(key));
	key.table = obj->table;
	key.id = TdbObjId(obj);
	hash_search(s->identity, &key, HASH_REMOVE, NULL);
}

/*---- objects ----*/

static TdbObject *
new_object(TdbSession *s, const TdbTable *table, TdbObjState state)
{
	MemoryContext old = MemoryContextSwitchTo(s->cxt);
	TdbObject  *obj = palloc0(sizeof(TdbObject));
	int			n = table->ncolumns;

	obj->table = table;
	obj->state = state;
	obj->values = palloc0(sizeof(Datum) * n);
	obj->nulls = palloc(sizeof(bool) * n);
	obj->loaded = palloc0(sizeof(Datum) * n);
	obj->loaded_nulls = palloc(sizeof(bool) * n);
	obj->touched = palloc0(sizeof(bool) * n);
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

/*
 * A result row, deformed once: a joined row holds a project's columns
 * followed by a task's, so nine at most.
 */
typedef struct Row
{
	int			natts;
	Datum		values[16];
	bool		nulls[16];
} Row;

static void
deform(HeapTuple tuple, TupleDesc desc, Row *row)
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
 * version lacks stays null and is never written.
 */
static void
refresh(TdbObject *obj, const Row *row, int first)
{
	MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(obj));
	const bool *present = TdbColumnsPresent(obj->table);
	int			k = first;

	for (int c = 0; c < obj->table->ncolumns; c++)
	{
		const TdbColumn *col = obj->table->columns[c];
		ColumnStorage *st = storage_of(col);
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
		obj->nulls[c] = obj->loaded_nulls[c] = isnull;
		obj->values[c] = obj->loaded[c] = isnull ? (Datum) 0 :
			datumCopy(row->values[k], st->typbyval, st->typlen);
		k++;
	}
	MemoryContextSwitchTo(old);
}

/* How many columns of table the installed version has. */
static int
present_columns(const TdbTable *table)
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
static TdbObject *
hydrate(TdbSession *s, const TdbTable *table, const Row *row, int first)
{
	TdbObject  *obj;

	if (row->nulls[first])
		return NULL;
	obj = identity_lookup(s, table, DatumGetInt64(row->values[first]));
	if (obj)
		return obj;
	obj = new_object(s, table, TDB_OBJ_PERSISTENT);
	refresh(obj, row, first);
	identity_put(s, obj);
	return obj;
}

static List *
run_and_hydrate(TdbSession *s, TdbQuery *q, const TdbTable *table,
				TdbStatementCache *cache)
{
	List	   *result = NIL;
	uint64		n;
	TdbStatement *stmt;

	stmt = cache ? TdbQueryStatementCached(q, cache) : TdbQueryStatement(q);
	n = TdbFetch(stmt, TdbQueryValues(q), TdbQueryNulls(q), s->read_only);
	for (uint64 i = 0; i < n; i++)
	{
		TdbObject  *obj;
		MemoryContext old;
		Row			row;

		CHECK_FOR_INTERRUPTS();
		deform(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, &row);
		obj = hydrate(s, table, &row, 0);
		old = MemoryContextSwitchTo(s->cxt);
		result = lappend(result, obj);
		MemoryContextSwitchTo(old);
	}
	return result;
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
	List	   *objs = run_and_hydrate(s, q, TdbQueryTable(q), NULL);

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
	TdbObject  *obj = identity_lookup(s, table, id);
	TdbQuery   *q;
	List	   *found;

	if (obj && !for_update)
		return obj->state == TDB_OBJ_DELETED ? NULL : obj;

	q = TdbObjSelect(table);
	TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, PK(table)),
					  TdbParamFor(q, PK(table), Int64GetDatum(id))));
	if (for_update)
		TdbForUpdate(q);
	found = run_and_hydrate(s, q, table,
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
		obj = identity_lookup(s, table, id);
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
		loaded = run_and_hydrate(s, q, table, NULL);
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
	ColumnStorage *st = storage_of(col);

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
static void
clear_touched(TdbObject *obj)
{
	memset(obj->touched, 0, sizeof(bool) * obj->table->ncolumns);
	obj->update_requested = false;
}

/* Whether any attribute differs from its loaded value. */
bool
TdbObjChanged(TdbObject *obj)
{
	for (int c = 0; c < obj->table->ncolumns; c++)
	{
		ColumnStorage *st = storage_of(obj->table->columns[c]);

		if (obj->nulls[c] != obj->loaded_nulls[c])
			return true;
		if (!obj->nulls[c] &&
			!TdbDatumsEqual(obj->values[c], obj->loaded[c], st->typbyval,
							st->typlen))
			return true;
	}
	return false;
}

/*---- relationships ----*/

static void
attach_child(TdbObject *parent, TdbObject *child)
{
	MemoryContext old;

	child->parent = parent;
	if (!parent->children_loaded)
		return;
	old = MemoryContextSwitchTo(GetMemoryChunkContext(parent));
	parent->children = lappend(parent->children, child);
	MemoryContextSwitchTo(old);
}

/*
 * Task.project = parent (NULL clears it).  The old project's loaded tasks
 * lose the task and the new project's loaded tasks gain it, so both sides
 * agree without a reload.  A new parent's key is set at flush.
 */
void
TdbObjSetParent(TdbSession *s, TdbObject *child, TdbObject *parent)
{
	const TdbColumn *fk = REL_FK->column;
	TdbObject  *old = child->parent;

	if (old == NULL && !child->nulls[fk->colno])
		old = identity_lookup(s, REL_PARENT,
							  DatumGetInt64(child->values[fk->colno]));
	if (old && old->children_loaded)
		old->children = list_delete_ptr(old->children, child);

	child->parent = NULL;
	if (parent == NULL)
		TdbObjSet(child, fk, (Datum) 0, true);
	else
	{
		if (parent->state != TDB_OBJ_NEW)
			TdbObjSet(child, fk, Int64GetDatum(TdbObjId(parent)), false);
		attach_child(parent, child);
	}
}

static void
not_loaded(const char *relationship)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("relationship %s is not loaded", relationship),
			 errdetail("The session loads relationships with the raise strategy."),
			 errhint("Load it with load => 'selectin' or load => 'joined'.")));
}

/* Count a lazy load and warn, once per call, past the threshold. */
static void
count_lazy_load(TdbSession *s)
{
	s->lazy_loads++;
	if (tdb_lazy_load_warning > 0 && s->lazy_loads == tdb_lazy_load_warning + 1)
		ereport(WARNING,
				(errmsg("one call made more than %d lazy loads",
						tdb_lazy_load_warning),
				 errdetail("Each lazy load sends one statement: the N+1 pattern."),
				 errhint("Load the relationship with load => 'selectin', or raise taskdb.lazy_load_warning.")));
}

static void
mark_children_loaded(TdbObject *parent)
{
	if (!parent->children_loaded)
	{
		parent->children_loaded = true;
		parent->children = NIL;
	}
}

/* Project.tasks: loaded on first touch unless the strategy forbids it. */
List *
TdbObjChildren(TdbSession *s, TdbObject *parent)
{
	TdbQuery   *q;
	List	   *tasks;
	ListCell   *lc;

	if (parent->children_loaded || parent->state == TDB_OBJ_NEW)
		return parent->children;
	if (s->load == TDB_LOAD_RAISE)
		not_loaded("Project.tasks");

	count_lazy_load(s);
	q = TdbObjSelect(REL_CHILD);
	TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, REL_FK->column),
					  TdbParamFor(q, REL_FK->column,
								  Int64GetDatum(TdbObjId(parent)))));
	TdbOrderBy(q, TdbCol(q, PK(REL_CHILD)), false);
	tasks = run_and_hydrate(s, q, REL_CHILD, NULL);

	mark_children_loaded(parent);
	foreach(lc, tasks)
	{
		CHECK_FOR_INTERRUPTS();
		attach_child(parent, lfirst(lc));
	}
	return parent->children;
}

/*
 * selectin: load the tasks of every given project that has not loaded
 * them yet, with one statement, = ANY ($1).
 */
void
TdbObjLoadChildren(TdbSession *s, List *parents)
{
	Datum	   *keys = palloc(sizeof(Datum) * Max(list_length(parents), 1));
	int			nkeys = 0;
	TdbQuery   *q;
	List	   *tasks;
	ListCell   *lc;

	foreach(lc, parents)
	{
		TdbObject  *p = lfirst(lc);

		CHECK_FOR_INTERRUPTS();
		if (!p->children_loaded && p->state == TDB_OBJ_PERSISTENT)
		{
			keys[nkeys++] = Int64GetDatum(TdbObjId(p));
			mark_children_loaded(p);
		}
	}
	if (nkeys == 0)
		return;

	q = TdbObjSelect(REL_CHILD);
	TdbWhere(q, TdbEqAny(TdbCol(q, REL_FK->column),
						 TdbParam(q, INT8ARRAYOID,
								  PointerGetDatum(construct_array(keys, nkeys,
																  INT8OID, 8, true,
																  TYPALIGN_DOUBLE)),
								  false)));
	TdbOrderBy(q, TdbCol(q, PK(REL_CHILD)), false);
	tasks = run_and_hydrate(s, q, REL_CHILD, NULL);
	foreach(lc, tasks)
	{
		TdbObject  *t = lfirst(lc);
		TdbObject  *p;

		CHECK_FOR_INTERRUPTS();
		if (t->parent)
			continue;			/* already attached: loaded before */
		p = identity_lookup(s, REL_PARENT,
							DatumGetInt64(t->values[REL_FK->column->colno]));
		if (p)
			attach_child(p, t);
	}
}

/*
 * Load projects (all, or the one with key id) with their tasks as the
 * session's strategy says: joined in the same statement, selectin with a
 * second one, lazy or raise not at all.  In key order.
 */
List *
TdbObjLoadProjects(TdbSession *s, bool one, int64 id)
{
	TdbQuery   *q = TdbObjSelect(REL_PARENT);
	List	   *projects = NIL;

	if (one)
		TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, PK(REL_PARENT)),
						  TdbParamFor(q, PK(REL_PARENT), Int64GetDatum(id))));
	TdbOrderBy(q, TdbCol(q, PK(REL_PARENT)), false);

	if (s->load == TDB_LOAD_JOINED)
	{
		uint64		n;
		TdbObject  *last = NULL;

		TdbJoin(q, REL_CHILD, true, NULL);
		TdbTargetColumns(q, REL_CHILD);
		TdbOrderBy(q, TdbCol(q, PK(REL_CHILD)), false);
		n = TdbFetch(TdbQueryStatement(q), TdbQueryValues(q),
					 TdbQueryNulls(q), s->read_only);
		for (uint64 i = 0; i < n; i++)
		{
			Row			row;
			TdbObject  *p;
			TdbObject  *t;
			MemoryContext old;

			CHECK_FOR_INTERRUPTS();
			deform(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, &row);
			p = hydrate(s, REL_PARENT, &row, 0);
			if (p != last)
			{
				bool		fresh = !p->children_loaded;

				mark_children_loaded(p);
				old = MemoryContextSwitchTo(s->cxt);
				projects = lappend(projects, p);
				MemoryContextSwitchTo(old);
				last = p;
				if (!fresh)
					continue;
			}
			t = hydrate(s, REL_CHILD, &row, present_columns(REL_PARENT));
			if (t && t->parent == NULL)
				attach_child(p, t);
		}
		return projects;
	}

	projects = run_and_hydrate(s, q, REL_PARENT, NULL);
	if (s->load == TDB_LOAD_SELECTIN)
		TdbObjLoadChildren(s, projects);
	return projects;
}

void
TdbObjDelete(TdbSession *s, TdbObject *obj)
{
	if (obj->state == TDB_OBJ_NEW)
	{
		s->objects = list_delete_ptr(s->objects, obj);
		return;
	}
	obj->state = TDB_OBJ_DELETED;
	if (obj->table == REL_CHILD && obj->parent &&
		obj->parent->children_loaded)
		obj->parent->children = list_delete_ptr(obj->parent->children, obj);
}

/*
 * Mark project id, and with cascade its tasks, deleted; the caller
 * flushes.  With cascade the tasks are locked first, in id order, then the
 * project, the order in which task writers take their locks (a task, then
 * its project through the foreign key), so that deleting a project cannot
 * deadlock with them; the project's lock keeps any task from joining it
 * before the flush.  A project that still has tasks is kept unless
 * cascade.
 */
TdbObject *
TdbObjDeleteProject(TdbSession *s, int64 id, bool cascade)
{
	TdbObject  *p;
	List	   *tasks;
	ListCell   *lc;

	if (cascade)
	{
		TdbQuery   *q = TdbObjSelect(REL_CHILD);

		TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, REL_FK->column),
						  TdbParamFor(q, REL_FK->column, Int64GetDatum(id))));
		TdbOrderBy(q, TdbCol(q, PK(REL_CHILD)), false);
		TdbForUpdate(q);
		(void) run_and_hydrate(s, q, REL_CHILD, NULL);
	}
	p = TdbObjGet(s, REL_PARENT, id, true);
	if (p == NULL)
		TdbProjectNotFound(id, ERRCODE_NO_DATA_FOUND);
	TdbObjLoadChildren(s, list_make1(p));
	tasks = list_copy(TdbObjChildren(s, p));
	if (tasks != NIL && !cascade)
		TdbProjectHasTasks(id, list_length(tasks));
	foreach(lc, tasks)
	{
		CHECK_FOR_INTERRUPTS();
		TdbObjDelete(s, lfirst(lc));
	}
	TdbObjDelete(s, p);
	return p;
}

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
			Row			row;

			CHECK_FOR_INTERRUPTS();
			deform(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, &row);
			refresh(obj, &row, 0);
			obj->state = TDB_OBJ_PERSISTENT;
			clear_touched(obj);
			identity_put(s, obj);
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
		Row			row;
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
				ColumnStorage *st = storage_of(col);

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
			clear_touched(obj);
			continue;
		}
		TdbTargetColumns(q, table);

		if (TdbFetch(TdbQueryStatement(q), TdbQueryValues(q),
					 TdbQueryNulls(q), false) == 0)
			stale(obj);
		deform(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, &row);
		refresh(obj, &row, 0);
		clear_touched(obj);
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
			identity_remove(s, obj);
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

static HeapTuple
form_tuple(TdbObject *obj, TupleDesc desc, const int *map)
{
	Datum	   *values = palloc(sizeof(Datum) * desc->natts);
	bool	   *nulls = palloc(sizeof(bool) * desc->natts);
	HeapTuple	tuple;

	for (int i = 0; i < desc->natts; i++)
	{
		values[i] = map[i] < 0 ? (Datum) 0 : obj->values[map[i]];
		nulls[i] = map[i] < 0 ? true : obj->nulls[map[i]];
	}
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
	ListCell   *lc;
	int		   *map = NULL;

	foreach(lc, objs)
	{
		HeapTuple	tup;

		CHECK_FOR_INTERRUPTS();
		if (map == NULL)
			map = column_map(((TdbObject *) lfirst(lc))->table, rsinfo->setDesc);
		tup = form_tuple(lfirst(lc), rsinfo->setDesc, map);

		tuplestore_puttuple(rsinfo->setResult, tup);
		heap_freetuple(tup);
	}
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
