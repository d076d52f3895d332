/*-------------------------------------------------------------------------
 *
 * relationships.c
 *	  The relationships of the object mapper, Task.project (many-to-one)
 *	  and Project.tasks (one-to-many), and their loading strategies.
 *
 * Both sides are kept consistent in memory: setting a task's project takes
 * it from the old project's loaded tasks and adds it to the new one's,
 * without a reload.  Project.tasks is loaded lazily on first touch (one
 * statement per project, counted, with a warning past
 * taskdb.lazy_load_warning), by selectin (one statement for many projects,
 * = ANY ($1)), joined (in the projects' own statement, a LEFT JOIN), or
 * not at all (raise, before 1.7).  Deleting a project with cascade marks
 * its tasks too, locked in id order before the project, the order in which
 * task writers lock.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "orm/orm_int.h"

#include "catalog/pg_type_d.h"
#include "miscadmin.h"
#include "utils/memutils.h"

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
		old = OrmIdentityLookup(s, REL_PARENT,
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
	tasks = OrmRunAndHydrate(s, q, REL_CHILD, NULL);

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
	tasks = OrmRunAndHydrate(s, q, REL_CHILD, NULL);
	foreach(lc, tasks)
	{
		TdbObject  *t = lfirst(lc);
		TdbObject  *p;

		CHECK_FOR_INTERRUPTS();
		if (t->parent)
			continue;			/* already attached: loaded before */
		p = OrmIdentityLookup(s, REL_PARENT,
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
			OrmRow		row;
			TdbObject  *p;
			TdbObject  *t;
			MemoryContext old;

			CHECK_FOR_INTERRUPTS();
			OrmDeform(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, &row);
			p = OrmHydrate(s, REL_PARENT, &row, 0);
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
			t = OrmHydrate(s, REL_CHILD, &row, OrmPresentColumns(REL_PARENT));
			if (t && t->parent == NULL)
				attach_child(p, t);
		}
		return projects;
	}

	projects = OrmRunAndHydrate(s, q, REL_PARENT, NULL);
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
		(void) OrmRunAndHydrate(s, q, REL_CHILD, NULL);
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
