/*-------------------------------------------------------------------------
 *
 * orm.h
 *	  The orm layer: the object mapper (SQLAlchemy ORM's peer), and the
 *	  contract's writes on objects, which the orm and model paths share.
 *	  What the mapper's files share among themselves is in orm_int.h.
 *
 *	  session.c			sessions, their loading strategy, the identity map
 *	  object.c			objects: hydration from result rows, gets,
 *						attribute changes
 *	  relationships.c	Task.project and Project.tasks, and their loading
 *						strategies
 *	  flush.c			the unit of work: the INSERTs, UPDATEs and DELETEs
 *						of a flush
 *	  object_out.c		objects back to SQL rows and JSON
 *	  ops.c				the contract's writes on objects
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef TDB_ORM_H
#define TDB_ORM_H

#include "query/query.h"

/*---- the object mapper ----*/

typedef enum TdbLoad
{
	TDB_LOAD_LAZY,				/* on first touch, one statement each */
	TDB_LOAD_SELECTIN,			/* one statement per level, = ANY ($1) */
	TDB_LOAD_JOINED,			/* one statement with a LEFT JOIN */
	TDB_LOAD_RAISE				/* touching an unloaded relationship is an error */
} TdbLoad;

typedef enum TdbObjState
{
	TDB_OBJ_NEW,				/* added, not yet inserted */
	TDB_OBJ_PERSISTENT,			/* loaded or flushed */
	TDB_OBJ_DELETED				/* marked for deletion */
} TdbObjState;

/*
 * A mapped object: one row of a described table.  values are the current
 * attribute values, loaded the values as last read or written, so a
 * flush sends only what changed.  Relationships: a task's project
 * (many-to-one) and a project's tasks (one-to-many), kept consistent in
 * both directions.
 */
typedef struct TdbObject
{
	const TdbTable *table;
	TdbObjState state;
	Datum	   *values;
	bool	   *nulls;
	Datum	   *loaded;
	bool	   *loaded_nulls;
	bool	   *touched;		/* attributes set since the last flush */
	bool		update_requested;	/* an update was asked for, even of
									 * nothing: the flush checks UPDATE
									 * privilege when it sends none */
	bool		caller_version; /* the version read is the one the caller
								 * expected (update_task's expected_version) */
	struct TdbObject *parent;	/* Task.project, when loaded or set */
	List	   *children;		/* Project.tasks, when children_loaded */
	bool		children_loaded;
} TdbObject;

typedef struct TdbSession TdbSession;

/* session.c */
extern TdbSession *TdbSessionBegin(TdbLoad load, bool read_only);
extern void TdbSessionEnd(TdbSession *s);
extern MemoryContext TdbSessionContext(TdbSession *s);
extern TdbLoad TdbParseLoad(text *load);

/* object.c */
extern TdbObject *TdbObjGet(TdbSession *s, const TdbTable *table, int64 id,
							bool for_update);
extern List *TdbObjGetMany(TdbSession *s, const TdbTable *table,
						   Datum ids_array);
extern List *TdbObjQuery(TdbSession *s, TdbQuery *q);
extern TdbQuery *TdbObjSelect(const TdbTable *table);
extern TdbObject *TdbObjNew(TdbSession *s, const TdbTable *table);
extern void TdbObjSet(TdbObject *obj, const TdbColumn *col, Datum value,
					  bool isnull);
extern void TdbObjRequestUpdate(TdbObject *obj);
extern bool TdbObjChanged(TdbObject *obj);
extern Datum TdbObjGetValue(TdbObject *obj, const TdbColumn *col, bool *isnull);
extern int64 TdbObjId(TdbObject *obj);

/* relationships.c */
extern void TdbObjSetParent(TdbSession *s, TdbObject *child,
							TdbObject *parent);
extern List *TdbObjChildren(TdbSession *s, TdbObject *parent);
extern void TdbObjLoadChildren(TdbSession *s, List *parents);
extern List *TdbObjLoadProjects(TdbSession *s, bool one, int64 id);
extern void TdbObjDelete(TdbSession *s, TdbObject *obj);
extern TdbObject *TdbObjDeleteProject(TdbSession *s, int64 id, bool cascade);

/* flush.c */
extern void TdbSessionFlush(TdbSession *s);

/* object_out.c */
extern HeapTuple TdbObjToTuple(TdbObject *obj, TupleDesc desc);
extern Datum TdbObjToDatum(TdbObject *obj, FunctionCallInfo fcinfo);
extern void TdbObjsToSRF(List *objs, FunctionCallInfo fcinfo);
extern JsonbValue *TdbObjToJsonb(TdbObject *obj, JsonbParseState **state,
								 bool with_children, TdbSession *s);

/*---- the contract's writes on objects (ops.c) ----*/
extern TdbSession *TdbSessionOpen(TdbLoad load, bool read_only);
extern void TdbObjApply(TdbSession *s, TdbObject *obj, const TdbCall *call);
extern TdbObject *TdbObjCreate(TdbSession *s, const TdbCall *call);
extern TdbObject *TdbObjUpdate(TdbSession *s, const TdbCall *call);
extern TdbObject *TdbObjRemove(TdbSession *s, const TdbTable *table, int64 id);
extern TdbObject *TdbObjRemoveProject(TdbSession *s, const TdbCall *call);
extern Jsonb *TdbSessionCloseArray(TdbSession *s, List *objs,
								   bool with_children);

#endif							/* TDB_ORM_H */
