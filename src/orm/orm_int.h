/*-------------------------------------------------------------------------
 *
 * orm_int.h
 *	  What the files of the object mapper share, for src/orm/ alone: the
 *	  session's fields, the identity map, result rows and the storage
 *	  facts of the described columns.  orm.h is the layer's header for
 *	  everyone else.
 *
 *	  session.c			sessions, their loading strategy, the identity map
 *	  object.c			objects: hydration from result rows, gets,
 *						attribute changes
 *	  relationships.c	Task.project and Project.tasks, and their loading
 *						strategies
 *	  flush.c			the unit of work: the INSERTs, UPDATEs and DELETEs
 *						of a flush
 *	  object_out.c		objects back to SQL rows and JSON
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
#ifndef TDB_ORM_INT_H
#define TDB_ORM_INT_H

#include "orm/orm.h"

#include "utils/hsearch.h"

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

/*---- the identity map (session.c) ----*/
extern TdbObject *OrmIdentityLookup(TdbSession *s, const TdbTable *table,
									int64 id);
extern void OrmIdentityPut(TdbSession *s, TdbObject *obj);
extern void OrmIdentityRemove(TdbSession *s, TdbObject *obj);

/*---- objects and result rows (object.c) ----*/

/* storage facts of a described column, looked up once */
typedef struct OrmColumnStorage
{
	int16		typlen;
	bool		typbyval;
} OrmColumnStorage;

/*
 * A result row, deformed once: a joined row holds a project's columns
 * followed by a task's, so nine at most.
 */
typedef struct OrmRow
{
	int			natts;
	Datum		values[16];
	bool		nulls[16];
} OrmRow;

extern OrmColumnStorage *OrmStorageRow(const TdbTable *table);
extern OrmColumnStorage *OrmStorageOf(const TdbColumn *col);
extern void OrmDeform(HeapTuple tuple, TupleDesc desc, OrmRow *row);
extern void OrmRefresh(TdbObject *obj, const OrmRow *row, int first);
extern int	OrmPresentColumns(const TdbTable *table);
extern TdbObject *OrmHydrate(TdbSession *s, const TdbTable *table,
							 const OrmRow *row, int first);
extern List *OrmRunAndHydrate(TdbSession *s, TdbQuery *q,
							  const TdbTable *table, TdbStatementCache *cache);
extern void OrmClearTouched(TdbObject *obj);

#endif							/* TDB_ORM_INT_H */
