/*-------------------------------------------------------------------------
 *
 * module.c
 *	  Module load and settings.
 *
 * Settings:
 *	  taskdb.echo			  report every statement a path sends, with its
 *							  parameters (SQLAlchemy's echo=True)
 *	  taskdb.allow_data_loss  let a downgrade drop data it cannot keep; the
 *							  downgrade scripts read it (superusers only)
 *	  taskdb.lazy_load_warning  warn when one orm call makes more lazy loads
 *							  than this (the N+1 pattern)
 *	  taskdb.max_offset		  the largest "offset" find_tasks and the model's
 *							  lists take; deeper pages use the keyset cursor
 *	  taskdb.statement_cache_size  (superusers) how many plans of statements
 *							  whose shape callers choose a backend keeps
 *	  taskdb.stats_scope	  (read only) "server" when taskdb was loaded by
 *							  shared_preload_libraries and path_stats counts
 *							  for the whole server, else "backend"
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "core/core.h"

#include <limits.h>

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/indexing.h"
#include "catalog/pg_extension.h"
#include "miscadmin.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/rel.h"

PG_MODULE_MAGIC;

/*---- GUC variables ----*/
bool		tdb_echo = false;
int			tdb_lazy_load_warning = 10;
int			tdb_statement_cache_size = 100;
int			tdb_max_offset = 10000;
static bool tdb_allow_data_loss = false;
static char *tdb_stats_scope = NULL;

static shmem_request_hook_type prev_shmem_request_hook = NULL;
static shmem_startup_hook_type prev_shmem_startup_hook = NULL;

static void
tdb_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	RequestAddinShmemSpace(TdbSharedStatsSize());
}

static void
tdb_shmem_startup(void)
{
	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();
	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	TdbSharedStatsAttach();
	LWLockRelease(AddinShmemInitLock);
}

/* exported: PostgreSQL looks it up by name (16+ fmgr.h declares it too) */
PGDLLEXPORT void _PG_init(void);

void
_PG_init(void)
{
	TdbDescInit();

	DefineCustomBoolVariable("taskdb.echo",
							 "Reports every statement taskdb sends, with its parameters.",
							 "Each statement is reported as a NOTICE before it runs.",
							 &tdb_echo,
							 false,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);

	/*
	 * Superuser-only: a downgrade is run by a superuser, whose session must
	 * not inherit a value any role could SET before it (or a database
	 * owner could make the database's default).  The downgrade scripts
	 * also count only a value set in their own session (pg_settings.source).
	 */
	DefineCustomBoolVariable("taskdb.allow_data_loss",
							 "Allows an extension downgrade to drop data that the older version cannot hold.",
							 "Without it, a downgrade that would lose rows or values stops with an error.",
							 &tdb_allow_data_loss,
							 false,
							 PGC_SUSET,
							 0,
							 NULL, NULL, NULL);

	DefineCustomIntVariable("taskdb.lazy_load_warning",
							"Warns when one call makes more lazy loads than this.",
							"Many lazy loads in one call are the N+1 pattern; 0 turns the warning off.",
							&tdb_lazy_load_warning,
							10,
							0, INT_MAX,
							PGC_USERSET,
							0,
							NULL, NULL, NULL);

	/*
	 * An offset reads and throws away every row before the page, so a page
	 * far down costs as much as all the pages before it: past this bound a
	 * call is refused with a hint to use the keyset cursor, which costs the
	 * same on every page.  Any role may change it: it guards against
	 * offsets that arrive from outside (a web request's ?offset=), not
	 * against the role, which may run any query it can read with.
	 */
	DefineCustomIntVariable("taskdb.max_offset",
							"Sets the largest offset find_tasks and the model's lists accept.",
							"Deeper pages use the keyset cursor (\"after\"), which costs the same on every page.",
							&tdb_max_offset,
							10000,
							0, INT_MAX,
							PGC_USERSET,
							0,
							NULL, NULL, NULL);

	/*
	 * Superuser-only: each kept plan costs a backend about 37 kB, so the
	 * bound is what keeps any role from growing a backend without limit
	 * with distinct find_tasks filters (asyncpg's statement_cache_size,
	 * whose default this shares).
	 */
	DefineCustomIntVariable("taskdb.statement_cache_size",
							"Sets how many plans of rendered statements whose shape the caller chooses each backend keeps.",
							"find_tasks filters and model queries; the least recently used plan is evicted first. 0 keeps none beyond the one running.",
							&tdb_statement_cache_size,
							100,
							0, 10000,
							PGC_SUSET,
							0,
							NULL, NULL, NULL);

	/*
	 * Loaded by shared_preload_libraries: path_stats counts in shared
	 * memory, for the whole server.  Loaded later, by a backend, it cannot
	 * ask for shared memory and counts for that backend.
	 */
	if (process_shared_preload_libraries_in_progress)
	{
		prev_shmem_request_hook = shmem_request_hook;
		shmem_request_hook = tdb_shmem_request;
		prev_shmem_startup_hook = shmem_startup_hook;
		shmem_startup_hook = tdb_shmem_startup;
	}
	DefineCustomStringVariable("taskdb.stats_scope",
							   "Shows whether taskdb.path_stats counts for the whole server or for one backend.",
							   "\"server\" when taskdb is in shared_preload_libraries, else \"backend\".",
							   &tdb_stats_scope,
							   process_shared_preload_libraries_in_progress ?
							   "server" : "backend",
							   PGC_INTERNAL,
							   0,
							   NULL, NULL, NULL);

	MarkGUCPrefixReserved("taskdb");
}

/*
 * The installed extension version (100 * major + minor), read from
 * pg_extension; the newest when it cannot be read.  Behaviour that a
 * version changed (an SQLSTATE) asks for it, on its error path only, so
 * the lookup costs successful calls nothing.
 */
int
TdbInstalledVersion(void)
{
	Relation	rel;
	SysScanDesc scan;
	ScanKeyData key;
	HeapTuple	tup;
	int			version = TdbLibraryVersion();

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_extname, BTEqualStrategyNumber,
				F_NAMEEQ, CStringGetDatum("taskdb"));
	scan = systable_beginscan(rel, ExtensionNameIndexId, true, NULL, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		Datum		d = heap_getattr(tup, Anum_pg_extension_extversion,
									 RelationGetDescr(rel), &isnull);
		int			major,
					minor;

		if (!isnull &&
			sscanf(TextDatumGetCString(d), "%d.%d", &major, &minor) == 2)
			version = major * 100 + minor;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return version;
}

/*
 * library_version() returns the extension version this shared library was
 * built for.  It differs from the installed SQL version when a package was
 * upgraded and ALTER EXTENSION taskdb UPDATE has not been run yet.
 */
PG_FUNCTION_INFO_V1(taskdb_library_version);
Datum
taskdb_library_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(TdbLibraryVersionText()));
}
