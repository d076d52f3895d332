/*-------------------------------------------------------------------------
 *
 * indexes.c
 *	  taskdb's indexes at each version, from the column flags (ORDER,
 *	  INDEX, FILTER_TEXT: see TDB_INDEXED_SINCE in taskdb.def) and the
 *	  explicit TDB_INDEXES; how the install and update scripts create and
 *	  drop them, and the statements that build them beforehand without
 *	  blocking writers.
 *
 * Each index is written as PostgreSQL's pg_get_indexdef() prints it, so
 * that an update script can tell an index that a user built beforehand
 * with CREATE INDEX CONCURRENTLY (README, "Updating a large table") from
 * anything else under the same name: the first is kept, the second is
 * dropped and built again.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "gensql.h"

/*
 * A column's order expression, as pg_get_indexdef() prints it: the column,
 * or for a nullable one the column with null as its type's infinity (the
 * paths write the same expression: paths/raw.c, query/reads.c).
 */
static void
order_expression(char *buf, size_t size, const Column *c)
{
	const char *infinity = NULL;

	if (c->flags & TDB_COL_NOTNULL)
	{
		snprintf(buf, size, "%s", ident(c->name));
		return;
	}
	if (strcmp(c->sqltype, "timestamp with time zone") == 0)
		infinity = "'infinity'::timestamp with time zone";
	else if (strcmp(c->sqltype, "smallint") == 0)
		infinity = "'32767'::smallint";
	else if (strcmp(c->sqltype, "integer") == 0)
		infinity = "2147483647";
	else if (strcmp(c->sqltype, "bigint") == 0)
		infinity = "'9223372036854775807'::bigint";
	if (infinity == NULL)
	{
		fprintf(stderr, "gensql: ORDER on nullable column %s.%s of type %s, which has no infinity\n",
				c->table, c->name, c->sqltype);
		exit(2);
	}
	snprintf(buf, size, "COALESCE(%s, %s)", ident(c->name), infinity);
}

/* The key column of a table: its identity column. */
static const Column *
key_of(const char *table)
{
	for (int i = 0; i < ncolumns; i++)
		if (strcmp(columns[i].table, table) == 0 &&
			(columns[i].flags & TDB_COL_IDENTITY))
			return &columns[i];
	fprintf(stderr, "gensql: table %s has no identity column\n", table);
	exit(2);
}

static IndexDef *
add(IndexDef *out, int *n, int max)
{
	if (*n >= max)
	{
		fprintf(stderr, "gensql: more than %d indexes\n", max);
		exit(2);
	}
	memset(&out[*n], 0, sizeof(IndexDef));
	return &out[(*n)++];
}

/*
 * The indexes besides the primary keys that version has, in creation
 * order: the explicit ones, then per column those its flags give.  Returns
 * how many it wrote to out.
 */
int
indexes_at(int version, IndexDef *out, int max)
{
	int			n = 0;

	for (int i = 0; i < nindexes; i++)
	{
		IndexDef   *ix;

		if (indexes[i].since > version ||
			(indexes[i].until != 0 && indexes[i].until <= version))
			continue;
		ix = add(out, &n, max);
		ix->table = indexes[i].table;
		ix->column = indexes[i].column;
		snprintf(ix->name, sizeof(ix->name), "%s", indexes[i].name);
		snprintf(ix->keys, sizeof(ix->keys), "%s",
				 ident(column_of(indexes[i].table, indexes[i].column)->name));
		snprintf(ix->method, sizeof(ix->method), "btree");
	}
	if (version < TDB_INDEXED_SINCE)
		return n;
	for (int i = 0; i < ncolumns; i++)
	{
		const Column *c = &columns[i];
		const Column *key;
		char		expr[256];
		IndexDef   *ix;

		if (c->since > version || (c->flags & TDB_COL_IDENTITY))
			continue;
		key = key_of(c->table);
		if (c->flags & TDB_COL_ORDER)
		{
			ix = add(out, &n, max);
			ix->table = c->table;
			ix->column = c->name;
			snprintf(ix->name, sizeof(ix->name), "%s_%s_order_idx", c->table, c->name);
			order_expression(expr, sizeof(expr), c);
			snprintf(ix->keys, sizeof(ix->keys), "%s, %s", expr, ident(key->name));
			snprintf(ix->method, sizeof(ix->method), "btree");
		}
		if (c->flags & TDB_COL_INDEX)
		{
			ix = add(out, &n, max);
			ix->table = c->table;
			ix->column = c->name;
			snprintf(ix->name, sizeof(ix->name), "%s_%s_key_idx", c->table, c->name);
			snprintf(ix->keys, sizeof(ix->keys), "%s, %s", ident(c->name),
					 ident(key->name));
			snprintf(ix->method, sizeof(ix->method), "btree");
		}
		if (c->flags & TDB_COL_FILTER_TEXT)
		{
			ix = add(out, &n, max);
			ix->table = c->table;
			ix->column = c->name;
			ix->trigram = 1;
			snprintf(ix->name, sizeof(ix->name), "%s_%s_trgm_idx", c->table, c->name);
			snprintf(ix->keys, sizeof(ix->keys), "%s", ident(c->name));
			snprintf(ix->method, sizeof(ix->method), "gin");
		}
	}
	return n;
}

/* Whether version needs pg_trgm (an index with its operator class). */
int
needs_trigram(int version)
{
	IndexDef	ix[64];
	int			n = indexes_at(version, ix, lengthof(ix));

	for (int i = 0; i < n; i++)
		if (ix[i].trigram)
			return 1;
	return 0;
}

/*
 * An index, built by a DO block that keeps an index of that name that is
 * valid and defined exactly so (built beforehand, CONCURRENTLY), and drops
 * any other before building it.  The definition is compared as
 * pg_get_indexdef() prints it with only pg_catalog on the search path,
 * where pg_trgm's operator class is written with its schema.  Every name
 * is qualified: the caller's search_path does not reach into it.
 */
static void
emit_index(FILE *out, const IndexDef *ix)
{
	fprintf(out, "DO $index$\n"
			"DECLARE\n"
			"\tpath text := pg_catalog.current_setting('search_path');\n"
			"\thave record;\n"
			"\twant text;\n");
	if (ix->trigram)
		fprintf(out, "\topclass text;\n");
	fprintf(out, "BEGIN\n"
			"\tPERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);\n");
	if (ix->trigram)
		fprintf(out,
				"\tSELECT CASE WHEN n.nspname OPERATOR(pg_catalog.=) 'pg_catalog' THEN 'gin_trgm_ops'\n"
				"\t            ELSE pg_catalog.quote_ident(n.nspname) OPERATOR(pg_catalog.||) '.gin_trgm_ops' END\n"
				"\t  INTO opclass\n"
				"\t  FROM pg_catalog.pg_extension e\n"
				"\t  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace\n"
				"\t WHERE e.extname OPERATOR(pg_catalog.=) 'pg_trgm';\n"
				"\tIF opclass IS NULL THEN\n"
				"\t\tRAISE EXCEPTION 'taskdb needs the extension pg_trgm'\n"
				"\t\t\tUSING ERRCODE = '55000', HINT = 'CREATE EXTENSION pg_trgm, then try again.';\n"
				"\tEND IF;\n"
				"\twant := 'CREATE INDEX %s ON taskdb.%s USING %s (%s ' OPERATOR(pg_catalog.||) opclass OPERATOR(pg_catalog.||) ')';\n",
				ix->name, ix->table, ix->method, ix->keys);
	else
		fprintf(out, "\twant := $def$CREATE INDEX %s ON taskdb.%s USING %s (%s)$def$;\n",
				ix->name, ix->table, ix->method, ix->keys);
	fprintf(out,
			"\tSELECT i.indisvalid AND i.indisready AND i.indislive AS usable,\n"
			"\t       pg_catalog.pg_get_indexdef(i.indexrelid) AS def\n"
			"\t  INTO have\n"
			"\t  FROM pg_catalog.pg_class c\n"
			"\t  JOIN pg_catalog.pg_index i ON i.indexrelid OPERATOR(pg_catalog.=) c.oid\n"
			"\t WHERE c.relnamespace OPERATOR(pg_catalog.=) 'taskdb'::pg_catalog.regnamespace\n"
			"\t   AND c.relname OPERATOR(pg_catalog.=) '%s'\n"
			"\t   AND i.indrelid OPERATOR(pg_catalog.=) 'taskdb.%s'::pg_catalog.regclass;\n"
			"\tIF NOT FOUND OR NOT have.usable OR have.def OPERATOR(pg_catalog.<>) want THEN\n"
			"\t\tIF FOUND THEN\n"
			"\t\t\tRAISE WARNING 'index taskdb.%s is built again: it is not valid or not defined as taskdb defines it';\n"
			"\t\t\tDROP INDEX taskdb.%s;\n"
			"\t\tEND IF;\n"
			"\t\tEXECUTE want;\n"
			"\tEND IF;\n"
			"\tPERFORM pg_catalog.set_config('search_path', path, true);\n"
			"END\n"
			"$index$;\n\n",
			ix->name, ix->table, ix->name, ix->name);
}

/* The indexes of a full install script of version. */
void
emit_indexes(FILE *out, int version)
{
	IndexDef	ix[64];
	int			n = indexes_at(version, ix, lengthof(ix));

	for (int i = 0; i < n; i++)
	{
		if (ix[i].trigram || version >= TDB_INDEXED_SINCE)
			emit_index(out, &ix[i]);
		else
			fprintf(out, "CREATE INDEX %s ON taskdb.%s (%s);\n\n",
					ix[i].name, ix[i].table, ix[i].keys);
	}
}

static int
has_index(const IndexDef *ix, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(ix[i].name, name) == 0)
			return 1;
	return 0;
}

/*
 * The indexes between two versions (either direction): those only to has
 * are built (or kept, when built beforehand), those only from has are
 * dropped.  An update script writes this after its column changes.
 */
void
emit_index_changes(FILE *out, int from, int to)
{
	IndexDef	a[64];
	IndexDef	b[64];
	int			na = indexes_at(from, a, lengthof(a));
	int			nb = indexes_at(to, b, lengthof(b));

	for (int i = 0; i < na; i++)
		if (!has_index(b, nb, a[i].name))
			fprintf(out, "DROP INDEX IF EXISTS taskdb.%s;\n", a[i].name);
	for (int i = 0; i < nb; i++)
		if (!has_index(a, na, b[i].name))
			emit_index(out, &b[i]);
}

/*
 * A column's statistics target at version: TDB_TEXT_STATISTICS for a
 * FILTER_TEXT column from TDB_INDEXED_SINCE, else -1 (the default).
 */
int
statistics_at(const Column *c, int version)
{
	if (c->since > version)
		return -1;
	if ((c->flags & TDB_COL_FILTER_TEXT) && version >= TDB_INDEXED_SINCE)
		return TDB_TEXT_STATISTICS;
	return -1;
}

/* The statistics targets of a full install script of version. */
void
emit_statistics(FILE *out, int version)
{
	for (int i = 0; i < ncolumns; i++)
	{
		int			target = statistics_at(&columns[i], version);

		if (target >= 0)
			fprintf(out, "ALTER TABLE taskdb.%s ALTER COLUMN %s SET STATISTICS %d;\n\n",
					columns[i].table, ident(columns[i].name), target);
	}
}

/*
 * The statistics targets between two versions (either direction), for the
 * columns both have: -1 sets the default again.
 */
void
emit_statistics_changes(FILE *out, int from, int to)
{
	for (int i = 0; i < ncolumns; i++)
	{
		const Column *c = &columns[i];
		int			target = statistics_at(c, to);

		if (c->since > from || c->since > to)
			continue;
		if (target != statistics_at(c, from))
			fprintf(out, "ALTER TABLE taskdb.%s ALTER COLUMN %s SET STATISTICS %d;\n\n",
					c->table, ident(c->name), target);
	}
}

/*
 * gensql concurrently FROM TO: the statements that build the indexes an
 * update from FROM to TO adds, one by one and without blocking writers,
 * before ALTER EXTENSION taskdb UPDATE (which then keeps them).  Run
 * outside a transaction block (psql -f runs each statement on its own);
 * pg_trgm's operator class is named by the schema it is installed in.
 */
void
emit_concurrently(FILE *out, int from, int to)
{
	IndexDef	a[64];
	IndexDef	b[64];
	int			na = indexes_at(from, a, lengthof(a));
	int			nb = indexes_at(to, b, lengthof(b));

	for (int i = 0; i < nb; i++)
	{
		if (has_index(a, na, b[i].name))
			continue;
		if (b[i].trigram)
			fprintf(out, "CREATE INDEX CONCURRENTLY IF NOT EXISTS %s ON taskdb.%s USING %s (%s gin_trgm_ops);\n",
					b[i].name, b[i].table, b[i].method, b[i].keys);
		else
			fprintf(out, "CREATE INDEX CONCURRENTLY IF NOT EXISTS %s ON taskdb.%s USING %s (%s);\n",
					b[i].name, b[i].table, b[i].method, b[i].keys);
	}
}

/*
 * The secondary control file of a version: the extensions it requires.
 * taskdb.control requires nothing, so the versions before the trigram
 * index run their scripts as they were released (with only taskdb on the
 * search path); each later version names pg_trgm here.
 */
void
emit_control(FILE *out, int version)
{
	fprintf(out, "# taskdb %d.%d: written by tools/gensql (make scripts) from src/desc/taskdb.def\n",
			version / 100, version % 100);
	if (needs_trigram(version))
		fprintf(out, "# its title index uses pg_trgm's operator class gin_trgm_ops\n"
				"requires = 'pg_trgm'\n");
}
