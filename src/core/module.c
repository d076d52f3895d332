/*-------------------------------------------------------------------------
 *
 * taskdb.c
 *	  Module load and settings.
 *
 * Settings:
 *	  taskdb.echo			  report every statement a path sends, with its
 *							  parameters (SQLAlchemy's echo=True)
 *	  taskdb.allow_data_loss  let a downgrade drop data it cannot keep; the
 *							  downgrade scripts read it
 *	  taskdb.lazy_load_warning  warn when one orm call makes more lazy loads
 *							  than this (the N+1 pattern)
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "core/core.h"

#include <limits.h>

#include "utils/builtins.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

/*---- GUC variables ----*/
bool		tdb_echo = false;
int			tdb_lazy_load_warning = 10;
static bool tdb_allow_data_loss = false;

/* exported: PostgreSQL looks it up by name (16+ fmgr.h declares it too) */
PGDLLEXPORT void _PG_init(void);

void
_PG_init(void)
{
	DefineCustomBoolVariable("taskdb.echo",
							 "Reports every statement taskdb sends, with its parameters.",
							 "Each statement is reported as a NOTICE before it runs.",
							 &tdb_echo,
							 false,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);

	DefineCustomBoolVariable("taskdb.allow_data_loss",
							 "Allows an extension downgrade to drop data that the older version cannot hold.",
							 "Without it, a downgrade that would lose rows or values stops with an error.",
							 &tdb_allow_data_loss,
							 false,
							 PGC_USERSET,
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

	MarkGUCPrefixReserved("taskdb");
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
	PG_RETURN_TEXT_P(cstring_to_text(TDB_LIBRARY_VERSION));
}
