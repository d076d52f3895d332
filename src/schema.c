/*-------------------------------------------------------------------------
 *
 * schema.c
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
#include "taskdb.h"

#include "catalog/namespace.h"
#include "catalog/pg_type_d.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#define V1_0	100
#define V1_1	101
#define V1_2	102

#define VARCHAR_TYPMOD(n)	((n) + VARHDRSZ)

#define TASKS		.table = &TdbTasksTable
#define PROJECTS	.table = &TdbProjectsTable

const TdbTasksColumns TdbTasks = {
	.id = {TASKS, .colno = 0, .name = "id", .typid = INT8OID, .typmod = -1, .notnull = true,
		.identity = true, .readonly = true, .since = V1_0},
	.title = {TASKS, .colno = 1, .name = "title", .typid = VARCHAROID,
		.typmod = VARCHAR_TYPMOD(255), .notnull = true, .max_length = 255,
		.nonempty = true, .since = V1_0},
	.done = {TASKS, .colno = 2, .name = "done", .typid = BOOLOID, .typmod = -1, .notnull = true,
		.default_expr = "false", .since = V1_0},
	.created_at = {TASKS, .colno = 3, .name = "created_at", .typid = TIMESTAMPTZOID,
		.typmod = -1, .notnull = true, .default_expr = "now()",
		.readonly = true, .since = V1_0},
	.project_id = {TASKS, .colno = 4, .name = "project_id", .typid = INT8OID, .typmod = -1,
		.notnull = false, .since = V1_1},
	.version = {TASKS, .colno = 5, .name = "version", .typid = INT4OID, .typmod = -1,
		.notnull = true, .default_expr = "1", .readonly = true,
		.since = V1_2},
};

const TdbProjectsColumns TdbProjects = {
	.id = {PROJECTS, .colno = 0, .name = "id", .typid = INT8OID, .typmod = -1, .notnull = true,
		.identity = true, .readonly = true, .since = V1_1},
	.name = {PROJECTS, .colno = 1, .name = "name", .typid = VARCHAROID,
		.typmod = VARCHAR_TYPMOD(255), .notnull = true, .max_length = 255,
		.nonempty = true, .since = V1_1},
	.created_at = {PROJECTS, .colno = 2, .name = "created_at", .typid = TIMESTAMPTZOID,
		.typmod = -1, .notnull = true, .default_expr = "now()",
		.readonly = true, .since = V1_1},
};

static const TdbColumn *const tasks_columns[] = {
	&TdbTasks.id, &TdbTasks.title, &TdbTasks.done, &TdbTasks.created_at,
	&TdbTasks.project_id, &TdbTasks.version,
};

static const TdbColumn *const projects_columns[] = {
	&TdbProjects.id, &TdbProjects.name, &TdbProjects.created_at,
};

static const TdbForeignKey tasks_fkeys[] = {
	{.column = &TdbTasks.project_id, .ref_column = &TdbProjects.id,
	.since = V1_1},
};

const TdbTable TdbTasksTable = {
	.schema = "taskdb", .name = "tasks", .alias = "t", .entity = "Task",
	.columns = tasks_columns, .ncolumns = lengthof(tasks_columns),
	.primary_key = "id",
	.fkeys = tasks_fkeys, .nfkeys = lengthof(tasks_fkeys),
	.since = V1_0,
};

const TdbTable TdbProjectsTable = {
	.schema = "taskdb", .name = "projects", .alias = "p",
	.entity = "Project",
	.columns = projects_columns, .ncolumns = lengthof(projects_columns),
	.primary_key = "id",
	.since = V1_1,
};

const TdbTable *const TdbAllTables[] = {&TdbProjectsTable, &TdbTasksTable};
const int	TdbNumTables = lengthof(TdbAllTables);

/*
 * The OID of a described table, looked up by its schema and name (never
 * through search_path).  The extension's own tables: missing is a
 * can't-happen error.
 */
Oid
TdbTableRelid(const TdbTable *table)
{
	Oid			relid = get_relname_relid(table->name,
										  get_namespace_oid(table->schema, false));

	if (!OidIsValid(relid))
		elog(ERROR, "relation %s.%s does not exist", table->schema, table->name);
	return relid;
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
				appendStringInfo(&def, " default %s", col->default_expr);

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
