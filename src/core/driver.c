/*-------------------------------------------------------------------------
 *
 * driver.c
 *	  The driver layer every access path runs its SQL through.
 *
 * This is asyncpg's pool-and-prepared-statement idea moved into the
 * backend: a statement is parsed and planned once per backend, kept with
 * SPI_keepplan, and every later call only binds parameters.  Statements
 * come in two kinds:
 *
 *	  - fixed text known at compile time (a static TdbStatement), whose kept
 *		plan lives in the struct itself, so finding it costs nothing;
 *	  - text rendered at run time (the builder), whose TdbStatements live in
 *		hash tables keyed by the text.  Rendering is deterministic, so one
 *		query shape maps to one entry and one plan.  The shapes a call site
 *		renders from a set the code fixes are kept for the life of the
 *		backend; the shapes a caller chooses (find_tasks filters, model
 *		queries: over a million of them, about 37 kB of plan each) are kept
 *		in a cache of at most taskdb.statement_cache_size, which evicts the
 *		least recently used unpinned one (a statement is pinned from the
 *		moment a call gets it until the driver has run it, so that a nested
 *		call, from a trigger or a policy, never frees a plan in use).
 *
 * Kept plans belong to the plan cache, which revalidates them when the
 * tables they use change (for instance by ALTER EXTENSION taskdb UPDATE in
 * the same session).  The hash tables and their keys live in
 * TopMemoryContext.
 *
 * The four fetch shapes follow asyncpg's fetch, fetchrow, fetchval and
 * execute; a fifth, each, hands every row to a callback as the executor
 * produces it.  They must be called between SPI_connect and SPI_finish;
 * their results live in SPI's memory and are copied out by the result
 * helpers.
 *
 * A write of many rows may run first without waiting for any row lock
 * (TdbWithoutWaiting), and lock its rows in key order only when one is
 * taken, so that two such writers cannot deadlock.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "core/core.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_proc.h"
#include "access/xlog.h"
#include "common/hashfn.h"
#include "executor/tuptable.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "lib/ilist.h"
#include "lib/stringinfo.h"
#include "nodes/params.h"
#include "nodes/parsenodes.h"
#include "port/atomics.h"
#include "storage/shmem.h"
#include "tcop/dest.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

/*
 * Statements rendered at run time, keyed by their text and by how they are
 * planned: the same text planned once and kept, or for each call.
 */
typedef struct TdbTextKey
{
	char	   *sql;			/* the text, in TopMemoryContext */
	bool		per_call;
} TdbTextKey;

typedef struct TdbTextEntry
{
	TdbTextKey	key;
	TdbStatement stmt;			/* stmt.sql points at key.sql */
	dlist_node	lru;			/* shapes: most recently used first */
} TdbTextEntry;

static HTAB *tdb_text_statements = NULL;	/* kept for the backend's life */
static HTAB *tdb_shape_statements = NULL;	/* the bounded cache */
static dlist_head tdb_shape_lru = DLIST_STATIC_INIT(tdb_shape_lru);
static int	tdb_shape_count = 0;

/*
 * Statement accounting: for each path, its calls and the statements it
 * sent, by kind, with their rows.  Per backend, in plain counters, unless
 * taskdb is in shared_preload_libraries: then in shared memory, for the
 * whole server (as pg_stat_statements counts), with atomic increments, so
 * that behind a connection pooler the figures belong to the server and
 * not to whichever backend a client happened to get.  taskdb.stats_scope
 * says which.  The cost on the hot path is a few increments either way.
 */
typedef struct TdbPathStats
{
	int64		calls;
	int64		statements[TDB_NUM_STMT_KINDS];
	int64		rows;
} TdbPathStats;

typedef struct TdbSharedPathStats
{
	pg_atomic_uint64 calls;
	pg_atomic_uint64 statements[TDB_NUM_STMT_KINDS];
	pg_atomic_uint64 rows;
} TdbSharedPathStats;

static TdbPathStats tdb_stats[TDB_NUM_PATHS];
static TdbSharedPathStats *tdb_shared_stats = NULL;
static TdbPath tdb_current_path = TDB_PATH_RAW;

/* the SQL function being called, for errors that name the operation */
static Oid	tdb_current_function = InvalidOid;

static const char *const path_names[TDB_NUM_PATHS] = {
	[TDB_PATH_RAW] = "raw",
	[TDB_PATH_BUILDER] = "builder",
	[TDB_PATH_ORM] = "orm",
	[TDB_PATH_MODEL] = "model",
};

Size
TdbSharedStatsSize(void)
{
	return sizeof(TdbSharedPathStats) * TDB_NUM_PATHS;
}

/*
 * Attach to (or, first, create) the server-wide counters; called from the
 * shared memory start-up hook, with AddinShmemInitLock held.
 */
void
TdbSharedStatsAttach(void)
{
	bool		found;
	TdbSharedPathStats *st;

	st = ShmemInitStruct("taskdb path statistics", TdbSharedStatsSize(),
						 &found);
	if (!found)
		for (int p = 0; p < TDB_NUM_PATHS; p++)
		{
			pg_atomic_init_u64(&st[p].calls, 0);
			for (int k = 0; k < TDB_NUM_STMT_KINDS; k++)
				pg_atomic_init_u64(&st[p].statements[k], 0);
			pg_atomic_init_u64(&st[p].rows, 0);
		}
	tdb_shared_stats = st;
}

/*---- calls planned before ALTER EXTENSION taskdb UPDATE ----*/

/*
 * A client's statement is planned once and run many times; PostgreSQL
 * revalidates the plan when it runs, but a call whose transaction began
 * before an ALTER EXTENSION taskdb UPDATE committed (or that was checked
 * just before the commit) still runs the plan of the old version: it calls
 * a function the update dropped, or expects rows of the old columns.
 * PostgreSQL itself then fails with XX000 ("cache lookup failed for type
 * 0") or 42804, or taskdb read rows of one layout for a statement built
 * for another.  So every call first takes the lock of taskdb.tasks (which
 * every update that changes columns alters), and of the table whose rows
 * it returns: taking it makes this backend see a committed update, and
 * holding it keeps any other from committing until the transaction ends
 * (a table a call reads only later is locked before its layout is read,
 * desc/desc.c).  Then it checks that its function still exists and that
 * the rows its call site expects are the function's rows now; if not, it
 * fails cleanly with 0A000, as PostgreSQL does for a cached plan whose
 * result type changed.  The check is remembered per call site until the
 * next invalidation of a function, type or table, so a call that was
 * checked costs a lookup in a small array and, once per transaction, the
 * lock (about 1,200 instructions, 1% of a get_task).
 */
typedef struct TdbCheckedCall
{
	Oid			fn;
	TupleDesc	expected;		/* the call site's result descriptor */
	uint64		epoch;
	const TdbTable *returns;	/* the table whose rows it returns, or NULL */
} TdbCheckedCall;

#define CHECKED_CALLS	32
static TdbCheckedCall checked_calls[CHECKED_CALLS];
static uint64 catalog_epoch = 1;
static bool catalog_callbacks = false;

static void
catalog_changed(Datum arg, int cacheid, uint32 hashvalue)
{
	catalog_epoch++;
}

static void
relation_changed(Datum arg, Oid relid)
{
	catalog_epoch++;
}

pg_noreturn static void
stale_call(Oid fn)
{
	char	   *name = get_func_name(fn);

	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 name ?
			 errmsg("statement calling taskdb.%s was planned before taskdb was updated", name) :
			 errmsg("statement was planned before taskdb was updated"),
			 errdetail("ALTER EXTENSION taskdb UPDATE changed the function it calls, or the rows the function returns, after the statement was planned."),
			 errhint("Retry in a new transaction, or prepare the statement again.")));
}

static void
check_call_current(FunctionCallInfo fcinfo)
{
	Oid			fn = fcinfo->flinfo->fn_oid;
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	expected = NULL;
	TdbCheckedCall *slot;
	HeapTuple	tup;
	Oid			rettype;

	if (rsinfo != NULL && IsA(rsinfo, ReturnSetInfo))
		expected = rsinfo->expectedDesc;
	if (!catalog_callbacks)
	{
		CacheRegisterSyscacheCallback(PROCOID, catalog_changed, (Datum) 0);
		CacheRegisterSyscacheCallback(TYPEOID, catalog_changed, (Datum) 0);
		CacheRegisterRelcacheCallback(relation_changed, (Datum) 0);
		catalog_callbacks = true;
	}

	/* sees what an update committed, then holds */
	(void) TdbLayoutLock(&TdbTasksTable);
	slot = &checked_calls[(fn ^ (Oid) ((uintptr_t) expected >> 4)) % CHECKED_CALLS];
	if (likely(slot->fn == fn && slot->expected == expected &&
			   slot->epoch == catalog_epoch))
	{
		if (slot->returns != NULL && slot->returns != &TdbTasksTable)
			(void) TdbLayoutLock(slot->returns);
		if (likely(slot->epoch == catalog_epoch))
			return;
	}

	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(fn));
	if (!HeapTupleIsValid(tup))
		stale_call(fn);
	rettype = ((Form_pg_proc) GETSTRUCT(tup))->prorettype;
	ReleaseSysCache(tup);
	slot->returns = NULL;
	if (rettype != RECORDOID && type_is_rowtype(rettype))
	{
		Oid			typrelid = get_typ_typrelid(rettype);

		for (int t = 0; t < TdbNumTables; t++)
			if (TdbLayoutLock(TdbAllTables[t]) &&
				TdbTableRelid(TdbAllTables[t]) == typrelid)
				slot->returns = TdbAllTables[t];
	}
	if (expected != NULL && rettype != RECORDOID && type_is_rowtype(rettype))
	{
		TupleDesc	current = lookup_rowtype_tupdesc(rettype, -1);
		bool		same = current->natts == expected->natts;

		for (int i = 0; same && i < current->natts; i++)
		{
			Form_pg_attribute a = TupleDescAttr(current, i);
			Form_pg_attribute b = TupleDescAttr(expected, i);

			same = a->attisdropped == b->attisdropped &&
				(a->attisdropped || a->atttypid == b->atttypid);
		}
		ReleaseTupleDesc(current);
		if (!same)
			stale_call(fn);
	}
	slot->fn = fn;
	slot->expected = expected;
	slot->epoch = catalog_epoch;
}

void
TdbPathEnter(TdbPath path, FunctionCallInfo fcinfo)
{
	tdb_current_path = path;
	tdb_current_function = fcinfo->flinfo ? fcinfo->flinfo->fn_oid : InvalidOid;
	if (OidIsValid(tdb_current_function))
		check_call_current(fcinfo);

	/*
	 * A writer (a VOLATILE taskdb function) in a read-only transaction is
	 * refused here, before it reads or validates anything, so that every
	 * writer fails alike on a standby.  Read-write transactions pay one
	 * test; read-only ones a cached catalog lookup.
	 */
	if (unlikely(XactReadOnly) && OidIsValid(tdb_current_function) &&
		func_volatile(tdb_current_function) == PROVOLATILE_VOLATILE)
		TdbReadOnlyError();
	if (tdb_shared_stats)
		pg_atomic_fetch_add_u64(&tdb_shared_stats[path].calls, 1);
	else
		tdb_stats[path].calls++;
}

void
TdbCountWork(TdbStmtKind kind, uint64 rows)
{
	if (tdb_shared_stats)
	{
		TdbSharedPathStats *st = &tdb_shared_stats[tdb_current_path];

		pg_atomic_fetch_add_u64(&st->statements[kind], 1);
		if (rows > 0)
			pg_atomic_fetch_add_u64(&st->rows, rows);
	}
	else
	{
		TdbPathStats *st = &tdb_stats[tdb_current_path];

		st->statements[kind]++;
		st->rows += rows;
	}
}

/*
 * The name of the taskdb function being called ("taskdb.orm_create_task"),
 * for errors; palloc'd.  Only errors need it, so the catalog lookup costs
 * the hot path nothing.
 */
char *
TdbCurrentOperation(void)
{
	char	   *name = OidIsValid(tdb_current_function) ?
		get_func_name(tdb_current_function) : NULL;

	return psprintf("taskdb.%s", name ? name : "?");
}

/*
 * A taskdb writer in a read-only transaction (on a standby, or after SET
 * TRANSACTION READ ONLY): refused before anything, naming the call as
 * PostgreSQL names a command it refuses.
 */
void
TdbReadOnlyError(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
			 errmsg("cannot execute %s in a read-only transaction",
					TdbCurrentOperation()),
			 RecoveryInProgress() ?
			 errhint("This server is a standby; run taskdb's writers on the primary.") : 0));
}

static inline void
count_statement(TdbStatement *stmt, uint64 rows)
{
	TdbCountWork(stmt->kind, rows);
}

static int
statement_kind(const char *sql)
{
	if (pg_strncasecmp(sql, "INSERT", 6) == 0)
		return TDB_STMT_INSERT;
	if (pg_strncasecmp(sql, "UPDATE", 6) == 0)
		return TDB_STMT_UPDATE;
	if (pg_strncasecmp(sql, "DELETE", 6) == 0)
		return TDB_STMT_DELETE;
	return TDB_STMT_SELECT;
}

static uint32
text_key_hash(const void *key, Size keysize)
{
	const TdbTextKey *k = key;

	return string_hash(k->sql, strlen(k->sql) + 1) ^ (uint32) k->per_call;
}

static int
text_key_match(const void *key1, const void *key2, Size keysize)
{
	const TdbTextKey *a = key1;
	const TdbTextKey *b = key2;

	if (a->per_call != b->per_call)
		return 1;
	return strcmp(a->sql, b->sql);
}

static void *
text_key_copy(void *dest, const void *src, Size keysize)
{
	TdbTextKey *d = dest;
	const TdbTextKey *k = src;

	d->sql = MemoryContextStrdup(TopMemoryContext, k->sql);
	d->per_call = k->per_call;
	return dest;
}

/*
 * Prepare a statement and keep its plan.  Plans are prepared with the
 * generic-plan option: most taskdb statements are key- or index-driven
 * accesses whose best plan does not depend on the parameter values, and a
 * generic plan spares the five custom plans the plan cache would otherwise
 * build before settling on it.  Two kinds of statement are planned again
 * for each run's values, always, rather than after the plan cache's five
 * tries, those marked per_call: a read whose best plan depends on its
 * values (TdbReadWantsCustomPlan), and a write of the rows of
 * large arrays, whose best plan is a hash join where for a few rows it is
 * a nested loop over the key index (the planner sees an array's length
 * only in a plan for the values, and planning costs about as much as
 * writing a few hundred rows).
 *
 * A kept statement that pages (it has a LIMIT) is also planned for fast
 * start, as a cursor is: a generic plan does not know the LIMIT, and
 * walking the order's index is then preferred to reading and sorting the
 * whole table, at every table size.  Keyset pages stay cheap however large
 * the table grows.  A custom plan knows its LIMIT and needs no such hint
 * (with it, a selective filter would be read by walking the whole key
 * index instead of its own index).
 */
static SPIPlanPtr
plan_of(TdbStatement *stmt)
{
	SPIPlanPtr	plan;
	int			options;

	if (likely(stmt->plan != NULL))
		return stmt->plan;

	if (stmt->per_call)
		options = CURSOR_OPT_CUSTOM_PLAN;	/* its LIMIT is known: no guess */
	else if (strstr(stmt->sql, " LIMIT ") != NULL)
		options = CURSOR_OPT_GENERIC_PLAN | CURSOR_OPT_FAST_PLAN;
	else
		options = CURSOR_OPT_GENERIC_PLAN;
	plan = SPI_prepare_cursor(stmt->sql, stmt->nargs, stmt->argtypes,
							  options);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for \"%s\": %s",
			 stmt->sql, SPI_result_code_string(SPI_result));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");
	stmt->kind = statement_kind(stmt->sql);
	stmt->plan = plan;
	return plan;
}

static HTAB *
text_hash(const char *name)
{
	HASHCTL		ctl;

	ctl.keysize = sizeof(TdbTextKey);
	ctl.entrysize = sizeof(TdbTextEntry);
	ctl.hash = text_key_hash;
	ctl.match = text_key_match;
	ctl.keycopy = text_key_copy;
	ctl.hcxt = TopMemoryContext;
	return hash_create(name, 64, &ctl,
					   HASH_ELEM | HASH_FUNCTION | HASH_COMPARE |
					   HASH_KEYCOPY | HASH_CONTEXT);
}

/* The entry of sql in hash, entered when new; *found says which. */
static TdbTextEntry *
text_entry(HTAB *hash, const char *sql, bool per_call, int nargs,
		   const Oid *argtypes, bool *found)
{
	TdbTextEntry *entry;
	TdbTextKey	key;

	if (nargs < 0 || nargs > TDB_MAX_PARAMS)
		elog(ERROR, "statement has %d parameters, more than %d",
			 nargs, TDB_MAX_PARAMS);
	key.sql = unconstify(char *, sql);
	key.per_call = per_call;
	entry = (TdbTextEntry *) hash_search(hash, &key, HASH_ENTER, found);
	if (!*found)
	{
		memset(&entry->stmt, 0, sizeof(entry->stmt));
		entry->stmt.sql = entry->key.sql;
		entry->stmt.per_call = per_call;
		entry->stmt.nargs = nargs;
		memcpy(entry->stmt.argtypes, argtypes, nargs * sizeof(Oid));
	}
	else if (entry->stmt.nargs != nargs ||
			 memcmp(entry->stmt.argtypes, argtypes, nargs * sizeof(Oid)) != 0)
		elog(ERROR, "statement \"%s\" was prepared with other parameter types",
			 sql);
	return entry;
}

/*
 * The statement for a text rendered at run time from a shape the code
 * fixes, kept for the life of the backend.  The same text must always come
 * with the same parameter types; rendering guarantees it.
 */
TdbStatement *
TdbStatementForText(const char *sql, int nargs, const Oid *argtypes)
{
	bool		found;

	if (tdb_text_statements == NULL)
		tdb_text_statements = text_hash("taskdb statements");
	return &text_entry(tdb_text_statements, sql, false, nargs, argtypes,
					   &found)->stmt;
}

/*
 * Forget every pin at the end of a transaction, when nothing runs any
 * more: a statement obtained and never run (an error between the two)
 * must not stay pinned.
 */
static void
shape_xact_callback(XactEvent event, void *arg)
{
	dlist_iter	iter;

	if (event != XACT_EVENT_COMMIT && event != XACT_EVENT_ABORT &&
		event != XACT_EVENT_PARALLEL_COMMIT &&
		event != XACT_EVENT_PARALLEL_ABORT && event != XACT_EVENT_PREPARE)
		return;
	dlist_foreach(iter, &tdb_shape_lru)
		dlist_container(TdbTextEntry, lru, iter.cur)->stmt.pins = 0;
}

/*
 * Evict least recently used unpinned statements until the cache holds at
 * most taskdb.statement_cache_size (pinned ones may keep it above that
 * until they have run).
 */
static void
shape_evict(void)
{
	dlist_node *node = dlist_is_empty(&tdb_shape_lru) ? NULL :
		dlist_tail_node(&tdb_shape_lru);

	/* from the least recently used on (dlist has no mutable reverse walk) */
	while (node != NULL && tdb_shape_count > tdb_statement_cache_size)
	{
		TdbTextEntry *entry = dlist_container(TdbTextEntry, lru, node);
		TdbTextKey	key;

		node = dlist_has_prev(&tdb_shape_lru, node) ?
			dlist_prev_node(&tdb_shape_lru, node) : NULL;
		if (entry->stmt.pins > 0)
			continue;
		dlist_delete(&entry->lru);
		if (entry->stmt.plan != NULL)
			SPI_freeplan(entry->stmt.plan);
		key = entry->key;
		hash_search(tdb_shape_statements, &key, HASH_REMOVE, NULL);
		pfree(key.sql);
		tdb_shape_count--;
	}
}

/*
 * The statement for a text rendered from a shape the caller chose, from
 * the bounded cache, pinned until the driver has run it: the caller runs
 * it at once and keeps no pointer to it.  per_call: planned for each
 * call's values (see plan_of), an entry apart from the same text planned
 * once.
 */
TdbStatement *
TdbStatementForShape(const char *sql, int nargs, const Oid *argtypes,
					 bool per_call)
{
	TdbTextEntry *entry;
	bool		found;

	if (tdb_shape_statements == NULL)
	{
		tdb_shape_statements = text_hash("taskdb statement cache");
		RegisterXactCallback(shape_xact_callback, NULL);
	}
	entry = text_entry(tdb_shape_statements, sql, per_call, nargs, argtypes,
					   &found);
	if (found)
		dlist_delete(&entry->lru);
	else
	{
		entry->stmt.shape = true;
		tdb_shape_count++;
	}
	dlist_push_head(&tdb_shape_lru, &entry->lru);
	entry->stmt.pins++;
	if (!found)
		shape_evict();
	return &entry->stmt;
}

/*
 * Report a statement and its parameters when taskdb.echo is on.  A
 * parameter's text longer than ECHO_PARAM_BYTES is cut.
 */
#define ECHO_PARAM_BYTES	100

static void
echo_statement(TdbStatement *stmt, Datum *values, const char *nulls)
{
	StringInfoData buf;

	if (stmt->nargs == 0)
	{
		ereport(NOTICE,
				(errmsg("taskdb: %s", stmt->sql),
				 errhidestmt(true)));
		return;
	}

	initStringInfo(&buf);
	for (int i = 0; i < stmt->nargs; i++)
	{
		if (i > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfo(&buf, "$%d = ", i + 1);
		if (nulls != NULL && nulls[i] == 'n')
			appendStringInfoString(&buf, "NULL");
		else
		{
			Oid			outfunc;
			bool		isvarlena;

			char	   *text;
			int			len;

			getTypeOutputInfo(stmt->argtypes[i], &outfunc, &isvarlena);
			text = OidOutputFunctionCall(outfunc, values[i]);
			len = strlen(text);

			/*
			 * A long value is shown by its start and its length, as
			 * SQLAlchemy's echo does, so that a bulk load of a million
			 * titles does not print them all.
			 */
			if (len > ECHO_PARAM_BYTES)
				appendStringInfo(&buf, "%s (%d bytes)",
								 quote_literal_cstr(TdbQuotePrefix(text, len)),
								 len);
			else
				appendStringInfoString(&buf, quote_literal_cstr(text));
		}
	}
	ereport(NOTICE,
			(errmsg("taskdb: %s", stmt->sql),
			 errdetail("Parameters: %s.", buf.data),
			 errhidestmt(true)));
	pfree(buf.data);
}

static void
run_plan(TdbStatement *stmt, Datum *values, const char *nulls, bool read_only)
{
	SPIPlanPtr	plan = plan_of(stmt);
	int			rc;

	if (unlikely(tdb_echo))
		echo_statement(stmt, values, nulls);

	rc = SPI_execute_plan(plan, values, nulls, read_only, 0);
	if (rc < 0)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(rc));
	count_statement(stmt, SPI_processed);
}

/*
 * A statement of the bounded cache stays pinned while it is prepared and
 * run (a trigger, a policy's function or a cast may call taskdb again,
 * whose new shapes must not evict it), and is unpinned after, also when it
 * fails.  The other statements need no guard, so they pay nothing for it.
 */
static void
run(TdbStatement *stmt, Datum *values, const char *nulls, bool read_only)
{
	if (likely(!stmt->shape))
	{
		run_plan(stmt, values, nulls, read_only);
		return;
	}
	PG_TRY();
	{
		run_plan(stmt, values, nulls, read_only);
	}
	PG_FINALLY();
	{
		stmt->pins--;
	}
	PG_END_TRY();
}

uint64
TdbFetch(TdbStatement *stmt, Datum *values, const char *nulls, bool read_only)
{
	run(stmt, values, nulls, read_only);
	return SPI_processed;
}

/*---- running a statement into a DestReceiver ----*/

static void
receiver_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
}

static void
receiver_nothing(DestReceiver *self)
{
}

/*
 * Run a statement with its rows sent to dest instead of an SPI tuple
 * table.
 */
static void
run_plan_into(TdbStatement *stmt, Datum *values, const char *nulls,
			  bool read_only, DestReceiver *dest)
{
	SPIPlanPtr	plan = plan_of(stmt);
	SPIExecuteOptions options;
	ParamListInfo params = NULL;
	int			rc;

	if (unlikely(tdb_echo))
		echo_statement(stmt, values, nulls);

	if (stmt->nargs > 0)
	{
		params = makeParamList(stmt->nargs);
		for (int i = 0; i < stmt->nargs; i++)
		{
			ParamExternData *prm = &params->params[i];

			prm->value = values[i];
			prm->isnull = (nulls != NULL && nulls[i] == 'n');
			prm->pflags = PARAM_FLAG_CONST;
			prm->ptype = stmt->argtypes[i];
		}
	}

	memset(&options, 0, sizeof(options));
	options.params = params;
	options.read_only = read_only;
	options.dest = dest;

	rc = SPI_execute_plan_extended(plan, &options);
	if (rc < 0)
		elog(ERROR, "SPI_execute_plan_extended failed: %s",
			 SPI_result_code_string(rc));
}

static void
run_into(TdbStatement *stmt, Datum *values, const char *nulls,
		 bool read_only, DestReceiver *dest)
{
	if (likely(!stmt->shape))
	{
		run_plan_into(stmt, values, nulls, read_only, dest);
		return;
	}
	PG_TRY();
	{
		run_plan_into(stmt, values, nulls, read_only, dest);
	}
	PG_FINALLY();
	{
		stmt->pins--;
	}
	PG_END_TRY();
}

/*
 * fetchrow keeps no SPI tuple table: a DestReceiver takes the first row's
 * value straight from the executor's slot and copies it once, into the
 * caller's memory, where SPI_finish leaves it.
 */
typedef struct TdbRowReceiver
{
	DestReceiver pub;
	Datum		row;
	uint64		count;
} TdbRowReceiver;

static bool
row_receive(TupleTableSlot *slot, DestReceiver *self)
{
	TdbRowReceiver *r = (TdbRowReceiver *) self;

	if (r->count++ == 0)
	{
		Form_pg_attribute att = TupleDescAttr(slot->tts_tupleDescriptor, 0);
		bool		isnull;
		Datum		d;

		d = slot_getattr(slot, 1, &isnull);
		if (isnull)
			elog(ERROR, "taskdb statement returned a null row");
		r->row = SPI_datumTransfer(d, att->attbyval, att->attlen);
	}
	return true;
}

Datum
TdbFetchRow(TdbStatement *stmt, Datum *values, const char *nulls,
			bool read_only, bool *found)
{
	TdbRowReceiver receiver;

	memset(&receiver, 0, sizeof(receiver));
	receiver.pub.receiveSlot = row_receive;
	receiver.pub.rStartup = receiver_startup;
	receiver.pub.rShutdown = receiver_nothing;
	receiver.pub.rDestroy = receiver_nothing;
	receiver.pub.mydest = DestNone;

	run_into(stmt, values, nulls, read_only, &receiver.pub);
	count_statement(stmt, receiver.count);
	*found = receiver.count > 0;
	return receiver.row;
}

/*
 * fetch each: every row handed to a callback as the executor produces it,
 * in its slot, with no SPI tuple table in between (for a caller that makes
 * something of its own from each row, such as an object).
 */
typedef struct TdbEachReceiver
{
	DestReceiver pub;
	void		(*each) (TupleTableSlot *slot, void *arg);
	void	   *arg;
	uint64		count;
} TdbEachReceiver;

static bool
each_receive(TupleTableSlot *slot, DestReceiver *self)
{
	TdbEachReceiver *r = (TdbEachReceiver *) self;

	r->count++;
	r->each(slot, r->arg);
	return true;
}

uint64
TdbFetchEach(TdbStatement *stmt, Datum *values, const char *nulls,
			 bool read_only, void (*each) (TupleTableSlot *slot, void *arg),
			 void *arg)
{
	TdbEachReceiver receiver;

	memset(&receiver, 0, sizeof(receiver));
	receiver.pub.receiveSlot = each_receive;
	receiver.pub.rStartup = receiver_startup;
	receiver.pub.rShutdown = receiver_nothing;
	receiver.pub.rDestroy = receiver_nothing;
	receiver.pub.mydest = DestNone;
	receiver.each = each;
	receiver.arg = arg;

	run_into(stmt, values, nulls, read_only, &receiver.pub);
	count_statement(stmt, receiver.count);
	return receiver.count;
}

Datum
TdbFetchVal(TdbStatement *stmt, Datum *values, const char *nulls,
			bool read_only, bool *isnull)
{
	run(stmt, values, nulls, read_only);
	if (SPI_processed == 0)
	{
		*isnull = true;
		return (Datum) 0;
	}
	return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1,
						 isnull);
}

uint64
TdbExecute(TdbStatement *stmt, Datum *values, const char *nulls,
		   bool read_only)
{
	run(stmt, values, nulls, read_only);
	return SPI_processed;
}

/*---- writes of many rows without waiting ----*/

/*
 * A transaction that writes many rows must not wait for a row lock while
 * it holds others that it took out of key order, or two such writers can
 * deadlock.  Taking every lock in key order first (SELECT ... ORDER BY id
 * FOR UPDATE) makes it safe, but a row lock is a write of the row: that
 * costs about as much as a DELETE of the rows, and the order in which an
 * UPDATE or DELETE of many rows takes its locks is the plan's.
 *
 * So body, which sends the writes, first runs in a subtransaction in which
 * no lock is waited for (lock_timeout of 1 ms, well below
 * deadlock_timeout): either it finishes without having waited, and true is
 * returned, or it is undone, its locks with it, and false is returned; the
 * caller then locks its rows in key order and runs body again.  Any other
 * error of body is raised as body raised it.  body must leave nothing
 * behind that outlives the subtransaction until it has finished: no change
 * of the caller's state that a rerun would not make again.
 */
bool
TdbWithoutWaiting(void (*body) (void *arg), void *arg)
{
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	volatile bool done = false;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		/* restored when the subtransaction ends, either way */
		(void) set_config_option("lock_timeout", "1", PGC_USERSET,
								 PGC_S_SESSION, GUC_ACTION_SAVE, true, 0,
								 false);
		body(arg);
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
		done = true;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
		if (edata->sqlerrcode != ERRCODE_LOCK_NOT_AVAILABLE)
			ReThrowError(edata);
		FreeErrorData(edata);
	}
	PG_END_TRY();
	return done;
}

typedef struct KeyOrderWrite
{
	TdbStatement *write;
	Datum	   *values;
	const char *nulls;
	uint64		rows;
} KeyOrderWrite;

static void
key_order_write(void *arg)
{
	KeyOrderWrite *w = arg;

	w->rows = TdbExecute(w->write, w->values, w->nulls, false);
}

/*
 * Run write, a statement that writes many rows, without waiting; if it
 * would have waited, lock its rows with lock (the same rows, in key order,
 * FOR UPDATE; same parameters) and run it again.  The rows written.  Both
 * must be kept statements, which stay valid between the two runs.
 */
uint64
TdbExecuteInKeyOrder(TdbStatement *write, TdbStatement *lock, Datum *values,
					 const char *nulls)
{
	KeyOrderWrite w = {write, values, nulls, 0};

	Assert(!write->shape && !lock->shape);
	if (!TdbWithoutWaiting(key_order_write, &w))
	{
		(void) TdbExecute(lock, values, nulls, false);
		key_order_write(&w);
	}
	return w.rows;
}

/*---- streaming whole rows into a set-returning function's result ----*/

/*
 * A DestReceiver that stores each row's first column, a whole row of the
 * function's result type, into the function's tuplestore as it is: no
 * SPI tuple table in between and no column-by-column copy.  A column
 * dropped by a downgrade is a dropped attribute of the row type, which the
 * whole-row value and the result descriptor share.
 */
typedef struct TdbSRFReceiver
{
	DestReceiver pub;
	Tuplestorestate *tstore;
	uint64		count;
} TdbSRFReceiver;

/* The plain variant: the row's columns are the result's columns. */
static bool
srf_receive_columns(TupleTableSlot *slot, DestReceiver *self)
{
	TdbSRFReceiver *r = (TdbSRFReceiver *) self;

	tuplestore_puttupleslot(r->tstore, slot);
	r->count++;
	return true;
}

static bool
srf_receive(TupleTableSlot *slot, DestReceiver *self)
{
	TdbSRFReceiver *r = (TdbSRFReceiver *) self;
	HeapTupleData tuple;
	HeapTupleHeader td;
	bool		isnull;
	Datum		d;

	d = slot_getattr(slot, 1, &isnull);
	if (isnull)
		elog(ERROR, "taskdb statement returned a null row");
	td = DatumGetHeapTupleHeader(d);
	tuple.t_len = HeapTupleHeaderGetDatumLength(td);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = td;
	tuplestore_puttuple(r->tstore, &tuple);
	r->count++;
	return true;
}

static uint64
fetch_to_srf(TdbStatement *stmt, Datum *values, const char *nulls,
			 bool read_only, FunctionCallInfo fcinfo, bool whole_row)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TdbSRFReceiver receiver;

	memset(&receiver, 0, sizeof(receiver));
	receiver.pub.receiveSlot = whole_row ? srf_receive : srf_receive_columns;
	receiver.pub.rStartup = receiver_startup;
	receiver.pub.rShutdown = receiver_nothing;
	receiver.pub.rDestroy = receiver_nothing;
	receiver.pub.mydest = DestNone;
	receiver.tstore = rsinfo->setResult;

	run_into(stmt, values, nulls, read_only, &receiver.pub);
	count_statement(stmt, receiver.count);
	return receiver.count;
}

uint64
TdbFetchToSRF(TdbStatement *stmt, Datum *values, const char *nulls,
			  bool read_only, FunctionCallInfo fcinfo)
{
	return fetch_to_srf(stmt, values, nulls, read_only, fcinfo, true);
}

uint64
TdbFetchColumnsToSRF(TdbStatement *stmt, Datum *values, const char *nulls,
					 bool read_only, FunctionCallInfo fcinfo)
{
	return fetch_to_srf(stmt, values, nulls, read_only, fcinfo, false);
}

/*
 * Whether the row type a set-returning function returns has a dropped
 * column, which t.* would leave out: a table that a downgrade left with
 * one must be read as whole rows.
 */
bool
TdbResultHasDroppedColumns(FunctionCallInfo fcinfo)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	if (rsinfo->expectedDesc == NULL)
		elog(ERROR, "set-valued function called without an expected result type");
	return TdbDescHasDroppedColumns(rsinfo->expectedDesc);
}

/* Whether a row type's descriptor has a dropped column. */
bool
TdbDescHasDroppedColumns(TupleDesc desc)
{
	for (int i = 0; i < desc->natts; i++)
	{
		if (TupleDescAttr(desc, i)->attisdropped)
			return true;
	}
	return false;
}

/*
 * Rows of a table whose row type is the function's result type.  cols
 * selects t.*, whole the whole row t.  t.* costs less: when its columns
 * are the table's own, the scan's tuple goes to the tuplestore as it is,
 * where a whole row is first deformed and formed again.  Both are kept
 * plans, and t.* is expanded again whenever the plan cache replans after
 * the table changed.
 */
uint64
TdbFetchTableToSRF(TdbStatement *cols, TdbStatement *whole, Datum *values,
				   const char *nulls, bool read_only, FunctionCallInfo fcinfo)
{
	if (TdbResultHasDroppedColumns(fcinfo))
		return fetch_to_srf(whole, values, nulls, read_only, fcinfo, true);
	return fetch_to_srf(cols, values, nulls, read_only, fcinfo, false);
}

/*---- taskdb.path_stats ----*/

/*
 * path_statistics() RETURNS TABLE (path text, calls bigint, selects bigint,
 *		inserts bigint, updates bigint, deletes bigint, statements bigint,
 *		rows bigint): the counters, one row per path: the server's when
 *		taskdb is in shared_preload_libraries, else this backend's.
 */
PG_FUNCTION_INFO_V1(taskdb_path_statistics);
Datum
taskdb_path_statistics(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int p = 0; p < TDB_NUM_PATHS; p++)
	{
		TdbPathStats st;
		Datum		values[8];
		bool		nulls[8] = {0};
		int64		total = 0;

		if (tdb_shared_stats)
		{
			TdbSharedPathStats *sh = &tdb_shared_stats[p];

			st.calls = (int64) pg_atomic_read_u64(&sh->calls);
			for (int k = 0; k < TDB_NUM_STMT_KINDS; k++)
				st.statements[k] = (int64) pg_atomic_read_u64(&sh->statements[k]);
			st.rows = (int64) pg_atomic_read_u64(&sh->rows);
		}
		else
			st = tdb_stats[p];
		values[0] = CStringGetTextDatum(path_names[p]);
		values[1] = Int64GetDatum(st.calls);
		for (int k = 0; k < TDB_NUM_STMT_KINDS; k++)
		{
			values[2 + k] = Int64GetDatum(st.statements[k]);
			total += st.statements[k];
		}
		values[6] = Int64GetDatum(total);
		values[7] = Int64GetDatum(st.rows);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * path_stats_reset() sets the counters to zero: the server's, or this
 * backend's (see taskdb.stats_scope).
 */
PG_FUNCTION_INFO_V1(taskdb_path_stats_reset);
Datum
taskdb_path_stats_reset(PG_FUNCTION_ARGS)
{
	if (tdb_shared_stats)
		for (int p = 0; p < TDB_NUM_PATHS; p++)
		{
			pg_atomic_write_u64(&tdb_shared_stats[p].calls, 0);
			for (int k = 0; k < TDB_NUM_STMT_KINDS; k++)
				pg_atomic_write_u64(&tdb_shared_stats[p].statements[k], 0);
			pg_atomic_write_u64(&tdb_shared_stats[p].rows, 0);
		}
	else
		memset(tdb_stats, 0, sizeof(tdb_stats));
	PG_RETURN_VOID();
}
