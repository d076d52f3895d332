/*-------------------------------------------------------------------------
 *
 * session.c
 *	  Sessions of the object mapper (SQLAlchemy ORM's peer), their loading
 *	  strategy and their identity map.
 *
 * A session is a unit of work scoped to one SQL function call.  It keeps
 *
 *	  - an identity map: one object per primary key, so a second get of the
 *		same id sends no statement (here);
 *	  - every object it has seen, each with its current values and the
 *		values as last loaded (object.c), so that a flush sends the columns
 *		that changed or were set (flush.c);
 *	  - the objects to insert and to delete; a flush inserts parents before
 *		children and deletes children before parents, by the foreign keys of
 *		the schema description;
 *	  - the relationships Task.project and Project.tasks, kept consistent in
 *		both directions, loaded lazily, by selectin, joined, or not at all
 *		(raise) (relationships.c).
 *
 * Every statement is built with the query builder and run through the
 * driver, so it is schema-qualified, parametrized, kept as a plan and
 * counted in taskdb.path_stats.  The session's memory is described in
 * orm_int.h.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "orm/orm_int.h"

#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

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

TdbObject *
OrmIdentityLookup(TdbSession *s, const TdbTable *table, int64 id)
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
void
OrmIdentityPut(TdbSession *s, TdbObject *obj)
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

void
OrmIdentityRemove(TdbSession *s, TdbObject *obj)
{
	IdentityKey key;

	if (s->identity == NULL)
		return;					/* the caller drops obj from the list */
	memset(&key, 0, sizeof(key));
	key.table = obj->table;
	key.id = TdbObjId(obj);
	hash_search(s->identity, &key, HASH_REMOVE, NULL);
}
