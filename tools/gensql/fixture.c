/*-------------------------------------------------------------------------
 *
 * fixture.c
 *	  The description as SQL, for the test suites (gensql describe): temporary
 *	  tables that a test reads instead of restating the schema, so that a
 *	  new column, argument or version changes no test that is not about it.
 *
 *	  description_versions	every version: num (100 * major + minor), text
 *	  description_columns	every column, with its flags spelled out, its
 *							range, its find_tasks keys and its version
 *	  description_functions	every API function on every path: the SQL name,
 *							its version, result and options
 *	  description_args		every argument, own and column arguments alike
 *							(TDB_COLUMN_ARGS), in position order
 *	  description_outs		the result columns of TABLE functions
 *	  description_fkeys		the foreign keys
 *	  description_indexes	the indexes besides the primary keys at each
 *							version (indexes.c): name, table, the column it
 *							serves, method, key list as pg_get_indexdef()
 *							prints it (without pg_trgm's operator class),
 *							whether it is a trigram index
 *	  description_statistics	the columns whose statistics target is set, at
 *							each version, and the target
 *
 *	A test loads the file with \i (the suites pass its path) and filters by
 *	the installed version: since <= the installed version's num.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "gensql.h"

/* text as an SQL literal, or NULL */
static void literal(FILE *out, const char *text);
static const char *boolean(int b);

/* the rows of description_indexes for one version */
static void
emit_fixture_indexes(FILE *out, int version)
{
	IndexDef	ix[64];
	int			n = indexes_at(version, ix, lengthof(ix));

	for (int i = 0; i < n; i++)
	{
		fprintf(out, "INSERT INTO description_indexes VALUES (%d, '%s', '%s', '%s', '%s', ",
				version, ix[i].name, ix[i].table, ix[i].column, ix[i].method);
		literal(out, ix[i].keys);
		fprintf(out, ", %s);\n", boolean(ix[i].trigram));
	}
}

/* the rows of description_statistics for one version */
static void
emit_fixture_statistics(FILE *out, int version)
{
	for (int i = 0; i < ncolumns; i++)
	{
		int			target = statistics_at(&columns[i], version);

		if (target >= 0)
			fprintf(out, "INSERT INTO description_statistics VALUES (%d, '%s', '%s', %d);\n",
					version, columns[i].table, columns[i].name, target);
	}
}

/* text as an SQL literal, or NULL */
static void
literal(FILE *out, const char *text)
{
	if (text == NULL)
		fputs("NULL", out);
	else
		emit_quoted(out, text);
}

static const char *
boolean(int b)
{
	return b ? "true" : "false";
}

static const char *
role_name(ArgRole role)
{
	static const char *const names[] = {
		[ROLE_NONE] = "none", [ROLE_VALUE] = "value", [ROLE_KEY] = "key",
		[ROLE_SET] = "set", [ROLE_CLEAR] = "clear", [ROLE_EXPECT] = "expect",
		[ROLE_EQUAL] = "equal", [ROLE_BEFORE] = "before",
		[ROLE_SINCE] = "since", [ROLE_OVERDUE] = "overdue",
		[ROLE_ORDER] = "order", [ROLE_AFTER] = "after",
		[ROLE_LIMIT] = "limit", [ROLE_FLAG] = "flag", [ROLE_CURSOR] = "cursor",
	};

	return names[role];
}

static int
is_integer(const Column *c)
{
	return strcmp(c->sqltype, "smallint") == 0 || strcmp(c->sqltype, "integer") == 0 ||
		strcmp(c->sqltype, "bigint") == 0;
}

/*
 * The find_tasks keys of a column, in the order core/filter.c lists the
 * forms of a key (which the hints follow): as an SQL array.
 */
static void
emit_keys(FILE *out, const Column *c, const char *stem)
{
	int			n = 0;
	char		key[256];

	fputs("ARRAY[", out);
#define KEY(fmt, name) \
	do { snprintf(key, sizeof(key), fmt, name); \
		 fprintf(out, "%s", n++ > 0 ? ", " : ""); emit_quoted(out, key); } while (0)
	if (c->flags & TDB_COL_FILTER_EQ)
		KEY("%s", c->name);
	if ((c->flags & TDB_COL_FILTER_HAS) && stem)
		KEY("has_%s", stem);
	if (c->flags & TDB_COL_FILTER_TEXT)
	{
		KEY("%s_contains", c->name);
		KEY("%s_prefix", c->name);
	}
	if ((c->flags & TDB_COL_FILTER_RANGE) && stem &&
		strcmp(c->sqltype, "timestamp with time zone") == 0)
	{
		KEY("%s_after", stem);
		KEY("%s_before", stem);
	}
	if ((c->flags & TDB_COL_FILTER_RANGE) && stem && is_integer(c))
	{
		KEY("%s_min", stem);
		KEY("%s_max", stem);
	}
	if ((c->flags & TDB_COL_FILTER_IDS) && stem)
		KEY("%s", stem);
#undef KEY
	fputs("]::text[]", out);
}

static const Function *
function_named(const char *name)
{
	for (int i = 0; i < nfunctions; i++)
		if (strcmp(functions[i].name, name) == 0)
			return &functions[i];
	return NULL;
}

void
emit_fixture(FILE *out)
{
	fputs("-- The description of taskdb (src/desc/taskdb.def), written by tools/gensql describe.\n"
		  "-- do not edit: the build writes it (test/description.sql).\n"
		  "SET client_min_messages = warning;\n"
		  "CREATE TEMP TABLE description_versions (num integer PRIMARY KEY, version text NOT NULL);\n",
		  out);
#define VERSION_ROW(num, text) \
	fprintf(out, "INSERT INTO description_versions VALUES (%d, '%s');\n", num, text);
	TDB_VERSIONS(VERSION_ROW)
#undef VERSION_ROW

	fputs("CREATE TEMP TABLE description_columns (\n"
		  "\ttable_name text, name text, position integer, sqltype text,\n"
		  "\tnot_null boolean, identity boolean, readonly boolean, nonempty boolean,\n"
		  "\trowversion boolean, orderable boolean, args boolean,\n"
		  "\thas_min boolean, has_max boolean, min bigint, max bigint,\n"
		  "\tdefault_sql text, stem text, keys text[], since integer,\n"
		  "\tPRIMARY KEY (table_name, name));\n", out);
	for (int t = 0; t < ntables; t++)
	{
		int			position = 0;

		for (int i = 0; i < ncolumns; i++)
		{
			const Column *c = &columns[i];

			if (strcmp(c->table, tables[t].name) != 0)
				continue;
			fprintf(out, "INSERT INTO description_columns VALUES ('%s', '%s', %d, ",
					c->table, c->name, ++position);
			literal(out, c->sqltype);
			fprintf(out, ", %s, %s, %s, %s, %s, %s, %s, %s, %s, %ld, %ld, ",
					boolean(c->flags & TDB_COL_NOTNULL),
					boolean(c->flags & TDB_COL_IDENTITY),
					boolean(c->flags & TDB_COL_READONLY),
					boolean(c->flags & TDB_COL_NONEMPTY),
					boolean(c->flags & TDB_COL_ROWVERSION),
					boolean(c->flags & TDB_COL_ORDER),
					boolean(c->flags & TDB_COL_ARGS),
					boolean(c->flags & TDB_COL_MIN),
					boolean(c->flags & TDB_COL_MAX), c->min, c->max);
			literal(out, c->def);
			fputs(", ", out);
			literal(out, c->stem);
			fputs(", ", out);
			emit_keys(out, c, c->stem);
			fprintf(out, ", %d);\n", c->since);
		}
	}

	fputs("CREATE TEMP TABLE description_functions (\n"
		  "\tname text PRIMARY KEY, base text, prefix text, since integer,\n"
		  "\tresult text, options text);\n", out);
	for (int i = 0; i < nfunctions; i++)
		for (int p = 0; p < npaths; p++)
		{
			const Function *f = &functions[i];
			const Path *path = &paths[p];
			int			since = f->since > path->since ? f->since : path->since;

			if (!(f->paths & path->flag))
				continue;
			fprintf(out, "INSERT INTO description_functions VALUES ('%s%s', '%s', '%s', %d, ",
					path->prefix, f->name, f->name, path->prefix, since);
			literal(out, f->result);
			fputs(", ", out);
			literal(out, f->options);
			fputs(");\n", out);
		}

	fputs("CREATE TEMP TABLE description_args (\n"
		  "\tfunction text, position integer, name text, sqltype text,\n"
		  "\tdefault_sql text, role text, table_name text, column_name text,\n"
		  "\tsince integer, PRIMARY KEY (function, position));\n", out);
	for (int i = 0; i < nfunctions; i++)
	{
		int			position = 0;

		for (int a = 0; a < nargs; a++)
		{
			const Arg  *arg = &args[a];

			if (strcmp(arg->function, functions[i].name) != 0)
				continue;
			fprintf(out, "INSERT INTO description_args VALUES ('%s', %d, '%s', ",
					arg->function, ++position, arg->name);
			literal(out, arg->sqltype);
			fputs(", ", out);
			literal(out, arg->def);
			fprintf(out, ", '%s', ", role_name(arg->role));
			literal(out, arg->table);
			fputs(", ", out);
			literal(out, arg->column);
			fprintf(out, ", %d);\n", arg->since);
		}
	}

	fputs("CREATE TEMP TABLE description_outs (\n"
		  "\tfunction text, position integer, name text, sqltype text,\n"
		  "\tsince integer, PRIMARY KEY (function, position));\n", out);
	for (int i = 0; i < nouts; i++)
	{
		int			position = 0;

		for (int k = 0; k <= i; k++)
			if (strcmp(outs[k].function, outs[i].function) == 0)
				position++;
		if (function_named(outs[i].function) == NULL)
			continue;
		fprintf(out, "INSERT INTO description_outs VALUES ('%s', %d, '%s', '%s', %d);\n",
				outs[i].function, position, outs[i].name, outs[i].sqltype,
				outs[i].since);
	}
	fputs("CREATE TEMP TABLE description_fkeys (\n"
		  "\ttable_name text, column_name text, ref_table text, ref_column text,\n"
		  "\tsince integer);\n", out);
	for (int i = 0; i < nfkeys; i++)
		fprintf(out, "INSERT INTO description_fkeys VALUES ('%s', '%s', '%s', '%s', %d);\n",
				fkeys[i].table, fkeys[i].column, fkeys[i].reftable,
				fkeys[i].refcolumn, fkeys[i].since);
	fputs("CREATE TEMP TABLE description_indexes (\n"
		  "\tversion integer, index_name text, table_name text, column_name text,\n"
		  "\tmethod text, keys text, trigram boolean);\n", out);
#define VERSION_INDEXES(num, text) emit_fixture_indexes(out, num);
	TDB_VERSIONS(VERSION_INDEXES)
	fputs("CREATE TEMP TABLE description_statistics (\n"
		  "\tversion integer, table_name text, column_name text, target integer);\n", out);
#define VERSION_STATISTICS(num, text) emit_fixture_statistics(out, num);
	TDB_VERSIONS(VERSION_STATISTICS)
	fputs("RESET client_min_messages;\n", out);
}
