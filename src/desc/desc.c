/*-------------------------------------------------------------------------
 *
 * desc.c
 *	  The one description of the tables taskdb maps.
 *
 * Every path that needs to know a column (the builder naming it, the orm
 * hydrating it, the model validating it) reads it from here, and
 * schema_description() shows the same description to SQL, where
 * schema_drift() compares it with the live catalog.  A column carries the
 * extension version that introduced it, so the description also says what
 * the schema of each older version looks like.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "desc/desc.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type_d.h"
#include "datatype/timestamp.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "storage/lmgr.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

/*
 * Every column, generated from the description: flags become the fields
 * the code tests (notnull, readonly, ...), a varchar's limit its typmod.
 */
#define COLUMN_INIT(tbl, nm, oid, sqltype, maxlen, fl, def, mn, mx, st, since_) \
	.nm = { \
		.table = &TABLE_OF_##tbl, \
		.colno = COLNO_##tbl##_##nm, \
		.name = #nm, \
		.what = WORD_OF_##tbl " " #nm, \
		.typid = oid, \
		.typmod = (maxlen) > 0 ? (maxlen) + VARHDRSZ : -1, \
		.flags = (fl), \
		.notnull = ((fl) & TDB_COL_NOTNULL) != 0, \
		.default_expr = def, \
		.identity = ((fl) & TDB_COL_IDENTITY) != 0, \
		.max_length = (maxlen), \
		.nonempty = ((fl) & TDB_COL_NONEMPTY) != 0, \
		.readonly = ((fl) & TDB_COL_READONLY) != 0, \
		.has_min = ((fl) & TDB_COL_MIN) != 0, \
		.has_max = ((fl) & TDB_COL_MAX) != 0, \
		.min = (mn), \
		.max = (mx), \
		.stem = st, \
		.since = (since_), \
	},
#define COLUMN_NO(tbl, nm, ...) COLNO_##tbl##_##nm,
#define COLUMN_REF(tbl, nm, ...) &COLUMNS_OF_##tbl.nm,

#define WORD_OF_tasks		"task"
#define WORD_OF_projects	"project"
#define TABLE_OF_tasks		TdbTasksTable
#define TABLE_OF_projects	TdbProjectsTable
#define COLUMNS_OF_tasks	TdbTasks
#define COLUMNS_OF_projects TdbProjects

/*
 * A nullable column that reads may order by sorts null as its type's
 * infinity: only timestamps and integers have one.
 */
#define COLUMN_ORDER_CHECK(tbl, nm, oid, sqltype, maxlen, fl, ...) \
	StaticAssertDecl(!((fl) & TDB_COL_ORDER) || ((fl) & TDB_COL_NOTNULL) || \
					 (oid) == TIMESTAMPTZOID || (oid) == INT2OID || \
					 (oid) == INT4OID || (oid) == INT8OID, \
					 "ORDER on nullable column " #tbl "." #nm " of a type without an infinity");
TDB_COLUMNS_tasks(COLUMN_ORDER_CHECK)
TDB_COLUMNS_projects(COLUMN_ORDER_CHECK)

enum
{
	TDB_COLUMNS_tasks(COLUMN_NO)
};
enum
{
	TDB_COLUMNS_projects(COLUMN_NO)
};

const TdbTasksColumns TdbTasks = {
	TDB_COLUMNS_tasks(COLUMN_INIT)
};

const TdbProjectsColumns TdbProjects = {
	TDB_COLUMNS_projects(COLUMN_INIT)
};

static const TdbColumn *const tasks_columns[] = {
	TDB_COLUMNS_tasks(COLUMN_REF)
};

static const TdbColumn *const projects_columns[] = {
	TDB_COLUMNS_projects(COLUMN_REF)
};

#define FKEY_INIT(tbl, col, reftbl, refcol, since_) \
	{.column = &COLUMNS_OF_##tbl.col, .ref_column = &COLUMNS_OF_##reftbl.refcol, \
	 .since = (since_)},
/* every foreign key of the description is one of tasks' */
static const TdbForeignKey tasks_fkeys[] = {
	TDB_FKEYS(FKEY_INIT)
};

#define TABLE_INIT(tag, entity_, alias_, since_) \
	const TdbTable TABLE_OF_##tag = { \
		.schema = "taskdb", .name = #tag, .alias = alias_, .entity = entity_, \
		.columns = tag##_columns, .ncolumns = lengthof(tag##_columns), \
		.primary_key = "id", \
		.fkeys = FKEYS_OF_##tag, .nfkeys = NFKEYS_OF_##tag, \
		.since = (since_), \
	};
#define FKEYS_OF_tasks		tasks_fkeys
#define NFKEYS_OF_tasks		lengthof(tasks_fkeys)
#define FKEYS_OF_projects	NULL
#define NFKEYS_OF_projects	0
TDB_TABLES(TABLE_INIT)

const TdbTable *const TdbAllTables[] = {&TdbProjectsTable, &TdbTasksTable};
const int	TdbNumTables = lengthof(TdbAllTables);

/*
 * The API's functions and their arguments.
 */
#define API_ARG(fn, nm, sqltype, def, role_, tbl, col, since_) \
	{.name = #nm, .role = TDB_ROLE_##role_, .column = &COLUMNS_OF_##tbl.col, \
	 .since = (since_)},
#define API_FUNCTION(nm, symbol, fpaths, result, options, since_) \
	static const TdbApiArg nm##_args[] = {TDB_ARGS_##nm(API_ARG)}; \
	TdbApiFunction TdbApi_##nm = { \
		.name = #nm, .args = nm##_args, .nargs = lengthof(nm##_args), \
		.since = (since_), \
	};
TDB_FUNCTIONS(API_FUNCTION)

/*
 * A function of TDB_COLUMN_ARGS: its own arguments, then for each column
 * of its table flagged ARGS a SET argument and, in an update, a CLEAR one
 * for a nullable column (tools/gensql writes the SQL signatures by the
 * same rule).  Built once, when the library is loaded.
 */
static void
add_column_args(TdbApiFunction *fn)
{
	const TdbTable *table = fn->args[0].column->table;
	bool		update = false;
	int			n = fn->nargs;
	TdbApiArg  *all;

	for (int i = 0; i < fn->nargs; i++)
		update |= fn->args[i].role == TDB_ROLE_KEY;
	all = MemoryContextAlloc(TopMemoryContext,
							 sizeof(TdbApiArg) * (fn->nargs + 2 * table->ncolumns));
	memcpy(all, fn->args, sizeof(TdbApiArg) * fn->nargs);
	for (int c = 0; c < table->ncolumns; c++)
	{
		const TdbColumn *col = table->columns[c];

		if (!(col->flags & TDB_COL_ARGS))
			continue;
		all[n].name = col->name;
		all[n].role = TDB_ROLE_SET;
		all[n].column = col;
		all[n++].since = col->since;
		if (update && !col->notnull)
		{
			all[n].name = MemoryContextStrdup(TopMemoryContext,
											  psprintf("clear_%s", col->name));
			all[n].role = TDB_ROLE_CLEAR;
			all[n].column = col;
			all[n++].since = col->since;
		}
	}
	fn->args = all;
	fn->nargs = n;
}

void
TdbDescInit(void)
{
#define COLUMN_ARGS_INIT(fn) add_column_args(&TdbApi_##fn);
	TDB_COLUMN_ARGS(COLUMN_ARGS_INIT)
}

/* The newest version: the last of TDB_VERSIONS. */
#define VERSION_NUM(num, text) num,
#define VERSION_TEXT(num, text) text,
static const int version_nums[] = {TDB_VERSIONS(VERSION_NUM)};
static const char *const version_texts[] = {TDB_VERSIONS(VERSION_TEXT)};

int
TdbLibraryVersion(void)
{
	return version_nums[lengthof(version_nums) - 1];
}

const char *
TdbLibraryVersionText(void)
{
	return version_texts[lengthof(version_texts) - 1];
}

/* The column a foreign key column references, or NULL. */
const TdbColumn *
TdbReferencedColumn(const TdbColumn *col)
{
	for (int f = 0; f < col->table->nfkeys; f++)
		if (col->table->fkeys[f].column == col)
			return col->table->fkeys[f].ref_column;
	return NULL;
}

/*
 * The OID of a described table, looked up by its schema and name (never
 * through search_path); InvalidOid when the installed version has no such
 * table.
 */
static Oid
table_relid(const TdbTable *table)
{
	return get_relname_relid(table->name,
							 get_namespace_oid(table->schema, false));
}

/* The same, for a table the caller's version has: missing can't happen. */
Oid
TdbTableRelid(const TdbTable *table)
{
	Oid			relid = table_relid(table);

	if (!OidIsValid(relid))
		elog(ERROR, "relation %s.%s does not exist", table->schema, table->name);
	return relid;
}

/*
 * A default as pg_get_expr() shows it under search_path pg_catalog (as
 * schema_drift() reads the catalog): without the pg_catalog. qualification
 * the description writes for the install script.
 */
static const char *
shown_default(const char *expr)
{
	const char *prefix = "pg_catalog.";

	if (strncmp(expr, prefix, strlen(prefix)) == 0)
		return expr + strlen(prefix);
	return expr;
}

/*---- what the installed version has ----*/

/*
 * Per described table, which described columns the live table has, kept
 * until a relcache invalidation of the table (ALTER EXTENSION UPDATE adds
 * or drops columns with ALTER TABLE, which sends one).  A library newer
 * than the installed SQL thereby reads and writes exactly the columns of
 * the installed version, on every path.
 *
 * The layout is read under the table's AccessShareLock, taken once per
 * (sub)transaction before the first read: taking it processes the
 * invalidations of an ALTER EXTENSION UPDATE that committed meanwhile, so
 * a layout cached before it is dropped here, before a call builds a
 * statement from it, and not halfway through the call when the
 * statement's own lock would process them (a call then built a statement
 * for 6 columns and read its rows for 8: XX000; or for 8 columns of which
 * 2 were gone: 42703).  Holding it keeps the layout true until the
 * transaction ends, as the statements' own locks would.
 */
typedef struct TableLayout
{
	bool		valid;
	bool		locked;			/* relid is locked in this (sub)transaction */
	Oid			relid;
	bool		present[32];
} TableLayout;

static TableLayout layouts[2];
static bool callback_registered = false;

static void layout_read(const TdbTable *table, TableLayout *l);

/* bumped whenever the columns a described table has change */
static uint32 layout_generation = 1;

static void
layout_invalidate(Datum arg, Oid relid)
{
	for (int t = 0; t < (int) lengthof(layouts); t++)
		if (!OidIsValid(relid) || layouts[t].relid == relid)
			layouts[t].valid = false;
}

/*
 * The locks go at the end of the transaction, and those of a subtransaction
 * when it is rolled back: lock again after either (a lock still held is
 * found in the backend's own lock table, cheaply).
 */
static void
layout_unlock(void)
{
	for (int t = 0; t < (int) lengthof(layouts); t++)
		layouts[t].locked = false;
}

static void
layout_xact_callback(XactEvent event, void *arg)
{
	layout_unlock();
}

static void
layout_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		layout_unlock();
}

/*
 * The layout of table, read under its lock; NULL when the installed version
 * has no such table (also when an update that committed meanwhile dropped
 * it).
 */
static TableLayout *
layout_try(const TdbTable *table)
{
	TableLayout *l = &layouts[table == &TdbTasksTable ? 1 : 0];

	StaticAssertStmt(lengthof(((TableLayout *) NULL)->present) >=
					 lengthof(tasks_columns) &&
					 lengthof(((TableLayout *) NULL)->present) >=
					 lengthof(projects_columns),
					 "TableLayout.present too small");
	if (likely(l->valid && l->locked))
		return l;
	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(layout_invalidate, (Datum) 0);
		RegisterXactCallback(layout_xact_callback, NULL);
		RegisterSubXactCallback(layout_subxact_callback, NULL);
		callback_registered = true;
	}

	/*
	 * Lock the table, then read its layout, until no invalidation came in
	 * between (the table may also have been dropped and made anew by a
	 * downgrade and an update, under another OID).  A layout that no
	 * invalidation touched since it was read still names the table: then
	 * locking it is all (the usual case, once per transaction), and taking
	 * the lock tells whether anything changed meanwhile.
	 */
	while (!(l->valid && l->locked))
	{
		Oid			relid;

		if (l->valid)
		{
			LockRelationOid(l->relid, AccessShareLock);
			l->locked = true;
			continue;			/* valid again only if nothing came */
		}
		relid = table_relid(table);
		if (!OidIsValid(relid))
			return NULL;
		LockRelationOid(relid, AccessShareLock);
		l->locked = true;
		l->valid = true;		/* until an invalidation says otherwise */
		l->relid = relid;
		layout_read(table, l);
		if (table_relid(table) != relid)
			l->valid = false;	/* renamed or dropped meanwhile: again */
	}
	return l;
}

static TableLayout *
layout_of(const TdbTable *table)
{
	TableLayout *l = layout_try(table);

	if (l == NULL)
		elog(ERROR, "relation %s.%s does not exist", table->schema, table->name);
	return l;
}

/* Which described columns the live table of l->relid has. */
static void
layout_read(const TdbTable *table, TableLayout *l)
{
	for (int c = 0; c < table->ncolumns; c++)
	{
		bool		present = get_attnum(l->relid, table->columns[c]->name) !=
			InvalidAttrNumber;

		if (present != l->present[c])
			layout_generation++;
		l->present[c] = present;
	}
}

/*
 * Lock a described table (once per (sub)transaction; see TableLayout),
 * reading its layout again when an invalidation came: from here on to the
 * end of the transaction no ALTER EXTENSION UPDATE can change it.  False
 * when the installed version has no such table (projects at 1.0).
 */
bool
TdbLayoutLock(const TdbTable *table)
{
	TableLayout *l = &layouts[table == &TdbTasksTable ? 1 : 0];

	if (likely(l->valid && l->locked))
		return true;
	return layout_try(table) != NULL;
}

/*
 * A number that changes whenever the columns the installed version has
 * change (an ALTER EXTENSION UPDATE, in this session or another), with
 * table's layout read under its lock: what keeps a statement on table
 * built for one layout must build it again for the next.
 */
uint32
TdbLayoutGeneration(const TdbTable *table)
{
	(void) layout_of(table);
	return layout_generation;
}

bool
TdbColumnPresent(const TdbColumn *col)
{
	return layout_of(col->table)->present[col->colno];
}

/*
 * The infinity a nullable column that reads order by sorts null as: the
 * SQL literal the paths write, and its value.  desc.c's static check lets
 * ORDER on a nullable column of these types only.
 */
const char *
TdbOrderInfinitySQL(const TdbColumn *col)
{
	switch (col->typid)
	{
		case TIMESTAMPTZOID:
			return "'infinity'::pg_catalog.timestamptz";
		case INT2OID:
			return "32767::pg_catalog.int2";	/* PG_INT16_MAX */
		case INT4OID:
			return "2147483647";	/* PG_INT32_MAX */
		case INT8OID:
			return "'9223372036854775807'::pg_catalog.int8";
	}
	elog(ERROR, "cannot order by nullable column %s", col->name);
	return NULL;				/* keep compiler quiet */
}

/*
 * What a read appends to its order expression so that no index matches it,
 * while the values keep their order: for a read that the planner would
 * otherwise answer by walking the order's index past every row its
 * selective filter drops (see reads.c, order_by_hides_index).
 */
const char *
TdbOrderNoIndexSQL(const TdbColumn *col)
{
	switch (col->typid)
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
			return " OPERATOR(pg_catalog.+) 0";
		case TIMESTAMPTZOID:
			return " OPERATOR(pg_catalog.+) '0'::pg_catalog.interval";
		case VARCHAROID:
		case TEXTOID:
			return " OPERATOR(pg_catalog.||) ''";
	}
	elog(ERROR, "cannot order by column %s", col->name);
	return NULL;				/* keep compiler quiet */
}

Datum
TdbOrderInfinity(const TdbColumn *col)
{
	switch (col->typid)
	{
		case TIMESTAMPTZOID:
			return TimestampTzGetDatum(DT_NOEND);
		case INT2OID:
			return Int16GetDatum(PG_INT16_MAX);
		case INT4OID:
			return Int32GetDatum(PG_INT32_MAX);
		case INT8OID:
			return Int64GetDatum(PG_INT64_MAX);
	}
	elog(ERROR, "cannot order by nullable column %s", col->name);
	return (Datum) 0;			/* keep compiler quiet */
}

/* The same for every column of table at once, indexed by colno. */
const bool *
TdbColumnsPresent(const TdbTable *table)
{
	return layout_of(table)->present;
}

static text *
version_text(int v)
{
	return cstring_to_text(psprintf("%d.%d", v / 100, v % 100));
}

/*
 * schema_description() returns one row per column and one per key of the
 * description: what the C code believes the schema is, with the version
 * that introduced each part.
 *
 * Columns: table_name, kind ('column', 'primary key', 'foreign key'),
 * name, definition, since.  A column's definition is its type as
 * format_type() prints it, then "not null", "identity" and "default X"
 * as they apply, so that SQL can compare it with the catalog as text.
 */
PG_FUNCTION_INFO_V1(taskdb_schema_description);
Datum
taskdb_schema_description(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);

	for (int t = 0; t < TdbNumTables; t++)
	{
		const TdbTable *tbl = TdbAllTables[t];
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		values[0] = CStringGetTextDatum(tbl->name);

		for (int c = 0; c < tbl->ncolumns; c++)
		{
			const TdbColumn *col = tbl->columns[c];
			StringInfoData def;

			initStringInfo(&def);
			appendStringInfoString(&def,
								   format_type_with_typemod(col->typid,
															col->typmod));
			if (col->notnull)
				appendStringInfoString(&def, " not null");
			if (col->identity)
				appendStringInfoString(&def, " identity");
			if (col->default_expr)
				appendStringInfo(&def, " default %s",
								 shown_default(col->default_expr));

			values[1] = CStringGetTextDatum("column");
			values[2] = CStringGetTextDatum(col->name);
			values[3] = CStringGetTextDatum(def.data);
			values[4] = PointerGetDatum(version_text(col->since));
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
								 values, nulls);
		}

		values[1] = CStringGetTextDatum("primary key");
		values[2] = CStringGetTextDatum(tbl->primary_key);
		values[3] = CStringGetTextDatum(psprintf("(%s)", tbl->primary_key));
		values[4] = PointerGetDatum(version_text(tbl->since));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
							 values, nulls);

		for (int f = 0; f < tbl->nfkeys; f++)
		{
			const TdbForeignKey *fk = &tbl->fkeys[f];

			values[1] = CStringGetTextDatum("foreign key");
			values[2] = CStringGetTextDatum(fk->column->name);
			values[3] = CStringGetTextDatum(psprintf("(%s) references %s.%s(%s)",
													 fk->column->name,
													 fk->ref_column->table->schema,
													 fk->ref_column->table->name,
													 fk->ref_column->name));
			values[4] = PointerGetDatum(version_text(fk->since));
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
								 values, nulls);
		}
	}

	return (Datum) 0;
}
