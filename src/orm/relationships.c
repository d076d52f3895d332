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
 * not at all (raise, before 1.7).  Deleting a project with cascade deletes
 * its tasks first by criteria, without loading them (locked in id order
 * first when another transaction holds one), then the project, the order
 * in which task writers lock.
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

/* A bulk DELETE of the tasks of a project (TdbWithoutWaiting's body). */
typedef struct ChildDelete
{
	TdbQuery   *q;
	uint64		rows;
} ChildDelete;

static void
send_child_delete(void *arg)
{
	ChildDelete *d = arg;

	d->rows = TdbExecute(TdbQueryStatement(d->q), TdbQueryValues(d->q),
						 TdbQueryNulls(d->q), false);
}

/*
 * DELETE the tasks of project id by criteria, without loading them, as
 * SQLAlchemy's ORM-enabled delete(Task).where(Task.project_id == id)
 * does; the session forgets the ones it holds.  The rows deleted.
 *
 * in_key_order: the DELETE waits for no row lock; when one of the tasks is
 * locked by another transaction it is undone, the tasks are locked in id
 * order, the order of every writer of many tasks, and it is sent again
 * (TdbWithoutWaiting).
 */
static uint64
delete_children(TdbSession *s, int64 id, bool in_key_order)
{
	ChildDelete d;
	List	   *kept = NIL;
	ListCell   *lc;
	MemoryContext old;

	d.q = TdbDelete(REL_CHILD);
	TdbWhere(d.q, TdbOp(TDB_EQ, TdbCol(d.q, REL_FK->column),
						TdbParamFor(d.q, REL_FK->column, Int64GetDatum(id))));
	d.rows = 0;
	if (!in_key_order)
		send_child_delete(&d);
	else if (!TdbWithoutWaiting(send_child_delete, &d))
	{
		TdbQuery   *lock = TdbSelect(REL_CHILD);

		TdbTarget(lock, TdbCol(lock, PK(REL_CHILD)), NULL);
		TdbWhere(lock, TdbOp(TDB_EQ, TdbCol(lock, REL_FK->column),
							 TdbParamFor(lock, REL_FK->column,
										 Int64GetDatum(id))));
		TdbOrderBy(lock, TdbCol(lock, PK(REL_CHILD)), false);
		TdbForUpdate(lock);
		(void) TdbExecute(TdbQueryStatement(lock), TdbQueryValues(lock),
						  TdbQueryNulls(lock), false);
		send_child_delete(&d);
	}

	/* the session's objects of those rows leave it, in one pass */
	old = MemoryContextSwitchTo(s->cxt);
	foreach(lc, s->objects)
	{
		TdbObject  *obj = lfirst(lc);
		int			fk = REL_FK->column->colno;

		CHECK_FOR_INTERRUPTS();
		if (obj->table == REL_CHILD && obj->state != TDB_OBJ_NEW &&
			!obj->loaded_nulls[fk] && DatumGetInt64(obj->loaded[fk]) == id)
		{
			if (obj->parent && obj->parent->children_loaded)
				obj->parent->children = list_delete_ptr(obj->parent->children,
														obj);
			OrmIdentityRemove(s, obj);
		}
		else
			kept = lappend(kept, obj);
	}
	list_free(s->objects);
	s->objects = kept;
	MemoryContextSwitchTo(old);
	return d.rows;
}

/* How many tasks project id has. */
static int64
count_children(int64 id)
{
	TdbQuery   *q = TdbSelect(REL_CHILD);
	bool		isnull;

	TdbTarget(q, TdbAggregate(TDB_COUNT, NULL, NULL), NULL);
	TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, REL_FK->column),
					  TdbParamFor(q, REL_FK->column, Int64GetDatum(id))));
	return DatumGetInt64(TdbFetchVal(TdbQueryStatement(q), TdbQueryValues(q),
									 TdbQueryNulls(q), false, &isnull));
}

/*
 * Mark project id deleted, and with cascade delete its tasks; the caller
 * flushes.  The steps are the contract's (TdbDeleteProjectBySql): with
 * cascade the tasks go first, by criteria and without being loaded
 * (delete_children: in id order when one of them is locked by another
 * transaction), then the project is got FOR UPDATE, the order in which
 * task writers lock them (a task, then its project through the foreign
 * key), so that deleting a project cannot deadlock with them; the
 * project's lock keeps any task from joining it before the flush.  A task
 * that joined it in between, or that a trigger or a policy kept from the
 * first DELETE, is counted and deleted again; one still there then is the
 * contract's 09000.  A project that still has tasks is kept unless
 * cascade.
 */
TdbObject *
TdbObjDeleteProject(TdbSession *s, int64 id, bool cascade)
{
	TdbObject  *p;
	uint64		deleted = 0;
	int64		ntasks;

	if (cascade)
	{
		TdbCheckLockPrivilege(REL_CHILD);
		deleted = delete_children(s, id, true);
	}
	p = TdbObjGet(s, REL_PARENT, id, true);
	if (p == NULL)
		TdbProjectNotFound(id, ERRCODE_NO_DATA_FOUND);
	ntasks = count_children(id);
	if (ntasks > 0)
	{
		uint64		again;

		if (!cascade)
			TdbProjectHasTasks(id, ntasks);
		again = delete_children(s, id, false);
		if (again < (uint64) ntasks)
			TdbWriteSkipped(REL_CHILD, TDB_STMT_DELETE, 0, ntasks - again,
							deleted + ntasks);
	}
	/* it has no task left */
	mark_children_loaded(p);
	p->children = NIL;
	TdbObjDelete(s, p);
	return p;
}
