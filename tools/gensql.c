/*-------------------------------------------------------------------------
 *
 * gensql.c
 *	  Writes taskdb's derived SQL from the one description
 *	  (src/desc/taskdb.def) at build time.
 *
 * In every mode a template line "@INCLUDE path@" is replaced by the text of
 * that file (sql/parts/: an object's definition that an install script and
 * an update script both create).
 *
 *	  gensql install VERSION TEMPLATE
 *		The full install script of VERSION: TEMPLATE with the line
 *		"@TABLES@" replaced by the tables, keys, indexes and their dump
 *		and privilege settings, and "@FUNCTIONS@" by the CREATE FUNCTION
 *		block of every API function on every path that exists at VERSION.
 *
 *	  gensql update FROM TO TEMPLATE
 *		An update script (either direction): TEMPLATE with "@FUNCTIONS@"
 *		replaced by the function changes between the two versions: a
 *		function whose arguments or result columns differ is dropped and
 *		created again, one that only one side has is created or dropped;
 *		and "@COLUMNS@" by the columns one side has: ALTER TABLE ... ADD
 *		COLUMN as the description defines them, or DROP COLUMN.
 *
 *	  gensql router VERSION TEMPLATE
 *		The install script of the router extension (taskdb_router) that
 *		serves VERSION's API over PL/Proxy partitions: TEMPLATE with
 *		"@ROUTER@" replaced by the views that stand for the tables, the
 *		routed PL/Proxy functions (schema taskdb_route) and the API
 *		functions (schema taskdb) with taskdb's exact signatures, each
 *		routed as TDB_ROUTES says; "@SCHEMA_CHECK@" by the schema check.
 *
 *	  gensql router-update FROM TO TEMPLATE
 *		An update script of the router (either direction): TEMPLATE with
 *		"@SCHEMA_CHECK@" replaced by the schema check's update variant and
 *		"@REPLACE path@" by the full script path (the router's template,
 *		filled for TO, or a released full script) with every function and
 *		view created OR REPLACEd.  Refused between versions whose API
 *		functions or tables differ, which need drops it does not write.
 *
 *	  gensql schema-check SCHEMA EXTENSION install|update
 *		The check an install (or update) script of EXTENSION makes first:
 *		it refuses a schema SCHEMA that a role other than a superuser
 *		owns, may create in or has put objects in.  The hand-written
 *		scripts hold this text.
 *
 * It is a host program that includes nothing of PostgreSQL: the
 * description's type OIDs are macro names it never expands.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/desc/taskdb.def"

#define lengthof(a) ((int) (sizeof(a) / sizeof((a)[0])))

typedef struct Table
{
	const char *name;
	int			since;
	const char *alias;
} Table;

typedef struct Column
{
	const char *table;
	const char *name;
	const char *sqltype;
	int			flags;
	const char *def;
	long		min;
	long		max;
	int			since;
} Column;

typedef struct ForeignKey
{
	const char *table;
	const char *column;
	const char *reftable;
	const char *refcolumn;
	int			since;
} ForeignKey;

typedef struct Index
{
	const char *table;
	const char *name;
	const char *column;
	int			since;
} Index;

typedef struct Path
{
	int			flag;
	const char *prefix;
	const char *symprefix;
	int			since;
} Path;

typedef struct Function
{
	const char *name;
	const char *symbol;
	int			paths;
	const char *result;
	const char *options;
	int			since;
} Function;

typedef enum ArgRole
{
	ROLE_NONE,					/* result columns */
	ROLE_VALUE, ROLE_KEY, ROLE_SET, ROLE_CLEAR, ROLE_EXPECT, ROLE_EQUAL,
	ROLE_BEFORE, ROLE_SINCE, ROLE_OVERDUE, ROLE_ORDER, ROLE_AFTER,
	ROLE_LIMIT, ROLE_FLAG
} ArgRole;

typedef struct Arg
{
	const char *function;
	const char *name;
	const char *sqltype;
	const char *def;
	int			since;
	ArgRole		role;
} Arg;

#define GEN_TABLE(tag, entity, alias, since) {#tag, since, alias},
static const Table tables[] = {TDB_TABLES(GEN_TABLE)};

#define GEN_COLUMN(tbl, nm, oid, sqltype, maxlen, flags, def, mn, mx, stem, since) \
	{#tbl, #nm, sqltype, flags, def, mn, mx, since},
#define GEN_TABLE_COLUMNS(tag, entity, alias, since) TDB_COLUMNS_##tag(GEN_COLUMN)
static const Column columns[] = {TDB_TABLES(GEN_TABLE_COLUMNS)};

#define GEN_FKEY(tbl, col, reftbl, refcol, since) {#tbl, #col, #reftbl, #refcol, since},
static const ForeignKey fkeys[] = {TDB_FKEYS(GEN_FKEY)};

#define GEN_INDEX(tbl, nm, col, since) {#tbl, #nm, #col, since},
static const Index indexes[] = {TDB_INDEXES(GEN_INDEX)};

#define GEN_PATH(flag, prefix, symprefix, since) {flag, prefix, symprefix, since},
static const Path paths[] = {TDB_PATHS(GEN_PATH)};

#define GEN_FUNCTION(nm, symbol, fpaths, result, options, since) \
	{#nm, symbol, fpaths, result, options, since},
static const Function functions[] = {TDB_FUNCTIONS(GEN_FUNCTION)};

#define GEN_ARG(fn, nm, sqltype, def, role, tbl, col, since) \
	{#fn, #nm, sqltype, def, since, ROLE_##role},
#define GEN_FUNCTION_ARGS(nm, symbol, fpaths, result, options, since) \
	TDB_ARGS_##nm(GEN_ARG)
static const Arg args[] = {TDB_FUNCTIONS(GEN_FUNCTION_ARGS)};

/* result columns: the same shape as arguments, without defaults */
#define GEN_OUT(fn, nm, sqltype, since) {#fn, #nm, sqltype, NULL, since, ROLE_NONE},
#define GEN_FUNCTION_OUTS(fn) TDB_OUT_##fn(GEN_OUT)
static const Arg outs[] = {TDB_TABLE_RESULTS(GEN_FUNCTION_OUTS)};

typedef enum RouteKind
{
	ROUTE_ANY, ROUTE_ID, ROUTE_PROJECT, ROUTE_JSONPROJECT, ROUTE_SPLIT,
	ROUTE_ALL, ROUTE_IDORALL
} RouteKind;

typedef struct Route
{
	const char *function;
	RouteKind	kind;
	const char *key;			/* argument name, or NULL */
	const char *colocated;		/* argument name, or NULL */
} Route;

/* the argument names as written; "NULL" for none (see route_of) */
#define GEN_ROUTE(fn, kind, key, colocated) {#fn, ROUTE_##kind, #key, #colocated},
static Route routes[] = {TDB_ROUTES(GEN_ROUTE)};

/* what each API function needs on the tables (TDB_PRIVILEGES) */
typedef struct Privilege
{
	const char *function;
	const char *table;
	int			privileges;		/* TDB_PRIV_ flags */
	const char *when;			/* argument name, or "NULL": every call */
} Privilege;

#define GEN_PRIVILEGE(fn, tbl, privs, when) {#fn, #tbl, privs, #when},
static const Privilege privileges[] = {TDB_PRIVILEGES(GEN_PRIVILEGE)};

typedef struct Doc
{
	const char *name;
	const char *text;
} Doc;

#define GEN_DOC(nm, text) {#nm, text},
static const Doc function_docs[] = {TDB_FUNCTION_DOCS(GEN_DOC)};
#define GEN_TEXT_DOC(nm, text) {nm, text},
static const Doc path_docs[] = {TDB_PATH_DOCS(GEN_TEXT_DOC)};
static const Doc object_docs[] = {TDB_OBJECT_DOCS(GEN_TEXT_DOC)};

/* The version from which objects carry comments. */
#define COMMENTS_SINCE 107

static void emit_touch_readers(FILE *out);
static void emit_reraise(FILE *out, int key, int colocated);

static int
parse_version(const char *s)
{
#define GEN_VERSION(num, text) if (strcmp(s, text) == 0) return num;
	TDB_VERSIONS(GEN_VERSION)
		fprintf(stderr, "gensql: unknown version \"%s\"\n", s);
	exit(2);
}

/* names PostgreSQL reserves, which an argument name must quote */
static const char *
ident(const char *name)
{
	static const char *const reserved[] = {"cascade", "order", "limit", "offset"};
	static char buf[4][128];
	static int	next;

	for (int i = 0; i < lengthof(reserved); i++)
		if (strcmp(name, reserved[i]) == 0)
		{
			char	   *b = buf[next++ % 4];

			snprintf(b, sizeof(buf[0]), "\"%s\"", name);
			return b;
		}
	return name;
}

/*---- tables ----*/

static const Column *
column_of(const char *table, const char *name)
{
	for (int i = 0; i < lengthof(columns); i++)
		if (strcmp(columns[i].table, table) == 0 &&
			strcmp(columns[i].name, name) == 0)
			return &columns[i];
	fprintf(stderr, "gensql: no column %s.%s\n", table, name);
	exit(2);
}

/* The definition of a column as CREATE TABLE and ALTER TABLE write it. */
static void
column_definition(FILE *out, const Column *c, int version)
{
	fprintf(out, "%s %s", c->name, c->sqltype);
	if (c->flags & TDB_COL_IDENTITY)
		fprintf(out, " GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
	else if (c->flags & TDB_COL_NOTNULL)
		fprintf(out, " NOT NULL");
	if (c->flags & TDB_COL_NONEMPTY)
		fprintf(out, " CONSTRAINT %s_%s_not_empty CHECK (%s OPERATOR(pg_catalog.<>) '')",
				c->table, c->name, c->name);
	if (c->min != 0 || c->max != 0)
		fprintf(out, " CONSTRAINT %s_%s_range CHECK (%s OPERATOR(pg_catalog.>=) %ld"
				" AND %s OPERATOR(pg_catalog.<=) %ld)",
				c->table, c->name, c->name, c->min, c->name, c->max);
	if (c->def)
		fprintf(out, " DEFAULT %s", c->def);
	for (int f = 0; f < lengthof(fkeys); f++)
		if (fkeys[f].since <= version &&
			strcmp(fkeys[f].table, c->table) == 0 &&
			strcmp(fkeys[f].column, c->name) == 0)
			fprintf(out, " REFERENCES taskdb.%s (%s)", fkeys[f].reftable,
					fkeys[f].refcolumn);
}

static void
emit_tables(FILE *out, int version)
{
	for (int t = 0; t < lengthof(tables); t++)
	{
		const Table *tbl = &tables[t];
		int			first = 1;

		if (tbl->since > version)
			continue;
		fprintf(out, "CREATE TABLE taskdb.%s (", tbl->name);
		for (int i = 0; i < lengthof(columns); i++)
		{
			if (strcmp(columns[i].table, tbl->name) != 0 ||
				columns[i].since > version)
				continue;
			fprintf(out, first ? "\n\t" : ",\n\t");
			column_definition(out, &columns[i], version);
			first = 0;
		}
		fprintf(out, "\n);\n\n");
	}

	for (int i = 0; i < lengthof(indexes); i++)
		if (indexes[i].since <= version)
			fprintf(out, "CREATE INDEX %s ON taskdb.%s (%s);\n\n",
					indexes[i].name, indexes[i].table,
					column_of(indexes[i].table, indexes[i].column)->name);

	fprintf(out, "-- pg_dump keeps the rows and the identity sequences' positions\n");
	for (int t = 0; t < lengthof(tables); t++)
	{
		if (tables[t].since > version)
			continue;
		fprintf(out, "SELECT pg_catalog.pg_extension_config_dump('taskdb.%s', '');\n",
				tables[t].name);
		for (int i = 0; i < lengthof(columns); i++)
			if (strcmp(columns[i].table, tables[t].name) == 0 &&
				(columns[i].flags & TDB_COL_IDENTITY))
				fprintf(out, "SELECT pg_catalog.pg_extension_config_dump('taskdb.%s_%s_seq', '');\n",
						tables[t].name, columns[i].name);
	}
	fprintf(out, "\n");
	for (int t = 0; t < lengthof(tables); t++)
		if (tables[t].since <= version)
			fprintf(out, "REVOKE ALL ON taskdb.%s FROM PUBLIC;\n", tables[t].name);
}

/*---- functions ----*/

static int
exists_at(const Function *f, const Path *p, int version)
{
	return (f->paths & p->flag) && f->since <= version && p->since <= version;
}

/*
 * The argument list, with names and defaults (types_only 0), types only
 * (1: for DROP), or names and types without defaults (2).
 */
static void
emit_args(FILE *out, const Function *f, int version, int types_only)
{
	int			n = 0;

	for (int i = 0; i < lengthof(args); i++)
	{
		const Arg  *a = &args[i];

		if (strcmp(a->function, f->name) != 0 || a->since > version)
			continue;
		if (types_only == 1)
			fprintf(out, "%s%s", n > 0 ? ", " : "", a->sqltype);
		else if (types_only == 2)
			fprintf(out, "%s%s %s", n > 0 ? ",\n\t" : "", ident(a->name),
					a->sqltype);
		else
		{
			fprintf(out, "%s%s %s", n > 0 ? ",\n\t" : "", ident(a->name),
					a->sqltype);
			if (a->def)
				fprintf(out, " DEFAULT %s", a->def);
		}
		n++;
	}
}

static void
emit_result(FILE *out, const Function *f, int version)
{
	int			n = 0;

	if (f->result)
	{
		fprintf(out, "%s", f->result);
		return;
	}
	fprintf(out, "TABLE (");
	for (int i = 0; i < lengthof(outs); i++)
		if (strcmp(outs[i].function, f->name) == 0 && outs[i].since <= version)
			fprintf(out, "%s%s %s", n++ > 0 ? ", " : "", ident(outs[i].name),
					outs[i].sqltype);
	fprintf(out, ")");
}

static void
emit_create(FILE *out, const Function *f, const Path *p, int version)
{
	fprintf(out, "CREATE FUNCTION taskdb.%s%s(", p->prefix, f->name);
	emit_args(out, f, version, 0);
	fprintf(out, ")\nRETURNS ");
	emit_result(out, f, version);
	if (f->symbol)
		fprintf(out, "\nAS 'MODULE_PATHNAME', '%s'\n", f->symbol);
	else
		fprintf(out, "\nAS 'MODULE_PATHNAME', '%s%s'\n", p->symprefix, f->name);
	fprintf(out, "LANGUAGE C %s;\n\n", f->options);
}

static void
emit_drop(FILE *out, const Function *f, const Path *p, int version)
{
	fprintf(out, "DROP FUNCTION taskdb.%s%s(", p->prefix, f->name);
	emit_args(out, f, version, 1);
	fprintf(out, ");\n");
}

/* Whether f's arguments or result columns differ between two versions. */
static int
changed_between(const Function *f, int a, int b)
{
	int			lo = a < b ? a : b;
	int			hi = a < b ? b : a;

	for (int i = 0; i < lengthof(args); i++)
		if (strcmp(args[i].function, f->name) == 0 &&
			args[i].since > lo && args[i].since <= hi)
			return 1;
	for (int i = 0; i < lengthof(outs); i++)
		if (strcmp(outs[i].function, f->name) == 0 &&
			outs[i].since > lo && outs[i].since <= hi)
			return 1;
	return 0;
}

static void
emit_functions(FILE *out, int version)
{
	for (int i = 0; i < lengthof(functions); i++)
		for (int p = 0; p < lengthof(paths); p++)
			if (exists_at(&functions[i], &paths[p], version))
				emit_create(out, &functions[i], &paths[p], version);
}

static void
emit_changes(FILE *out, int from, int to)
{
	for (int i = 0; i < lengthof(functions); i++)
		for (int p = 0; p < lengthof(paths); p++)
		{
			const Function *f = &functions[i];
			const Path *path = &paths[p];
			int			before = exists_at(f, path, from);
			int			after = exists_at(f, path, to);

			if (before && after && changed_between(f, from, to))
			{
				emit_drop(out, f, path, from);
				emit_create(out, f, path, to);
			}
			else if (before && !after)
				emit_drop(out, f, path, from);
			else if (!before && after)
				emit_create(out, f, path, to);
		}
}

/*
 * The columns between two versions: added (from < to) as the description
 * defines them, or dropped (from > to), last added first.
 */
static void
emit_column_changes(FILE *out, int from, int to)
{
	int			n = 0;

	if (from < to)
	{
		for (int i = 0; i < lengthof(columns); i++)
			if (columns[i].since > from && columns[i].since <= to)
			{
				fprintf(out, "ALTER TABLE taskdb.%s ADD COLUMN ", columns[i].table);
				column_definition(out, &columns[i], to);
				fprintf(out, ";\n");
				n++;
			}
	}
	else
	{
		for (int i = lengthof(columns) - 1; i >= 0; i--)
			if (columns[i].since > to && columns[i].since <= from)
			{
				fprintf(out, "ALTER TABLE taskdb.%s DROP COLUMN %s;\n",
						columns[i].table, columns[i].name);
				n++;
			}
	}
	if (n > 0)
		emit_touch_readers(out);
}

/*
 * Functions whose result is a table's row type are declared again (a
 * no-op ALTER FUNCTION that rewrites their pg_proc rows) after the
 * table's columns changed.  PostgreSQL's plan cache does not know that a
 * plan calling such a function depends on the table, only on the
 * function, so a statement a client prepared before the change would
 * otherwise keep reading rows with the old column numbers (42703
 * "attribute N of type record has been dropped").  The update scripts
 * before 1.5 carry the same block, written out.  Only taskdb's own
 * functions are declared again: a function another role placed anywhere
 * (a temporary aggregate over taskdb.tasks in pg_temp) must not be able
 * to make the update fail.
 */
static void
emit_touch_readers(FILE *out)
{
	fputs("DO $touch$\n"
		  "DECLARE\n"
		  "\tf record;\n"
		  "BEGIN\n"
		  "\tFOR f IN\n"
		  "\t\tSELECT p.oid::pg_catalog.regprocedure AS sig, p.procost\n"
		  "\t\tFROM pg_catalog.pg_proc p\n"
		  "\t\tJOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) p.prorettype\n"
		  "\t\tJOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) t.typnamespace\n"
		  "\t\tJOIN pg_catalog.pg_depend d\n"
		  "\t\t  ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass\n"
		  "\t\t AND d.objid OPERATOR(pg_catalog.=) p.oid\n"
		  "\t\t AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass\n"
		  "\t\t AND d.deptype OPERATOR(pg_catalog.=) 'e'\n"
		  "\t\tJOIN pg_catalog.pg_extension e ON e.oid OPERATOR(pg_catalog.=) d.refobjid\n"
		  "\t\tWHERE n.nspname OPERATOR(pg_catalog.=) 'taskdb' AND t.typrelid OPERATOR(pg_catalog.<>) 0\n"
		  "\t\t  AND e.extname OPERATOR(pg_catalog.=) 'taskdb'\n"
		  "\t\tORDER BY 1\n"
		  "\tLOOP\n"
		  "\t\tEXECUTE pg_catalog.format('ALTER FUNCTION %s COST %s', f.sig, f.procost);\n"
		  "\tEND LOOP;\n"
		  "END\n"
		  "$touch$;\n", out);
}

/*---- comments ----*/

static void
emit_quoted(FILE *out, const char *text)
{
	fputc('\'', out);
	for (const char *c = text; *c; c++)
	{
		if (*c == '\'')
			fputc('\'', out);
		fputc(*c, out);
	}
	fputc('\'', out);
}

static const char *
doc_of(const Doc *docs, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(docs[i].name, name) == 0)
			return docs[i].text;
	fprintf(stderr, "gensql: no comment for %s in src/desc/taskdb.def\n", name);
	exit(2);
}

/*
 * COMMENT ON FUNCTION for f on path: the function's text, its path's (none
 * for the canonical names) and suffix (NULL: none); or, with clear, IS NULL.
 */
static void
emit_function_comment(FILE *out, const Function *f, const Path *path,
					  int version, const char *suffix, int clear)
{
	char		text[3072];
	int			prefixed = path->prefix[0] != '\0';

	fprintf(out, "COMMENT ON FUNCTION taskdb.%s%s(", path->prefix, f->name);
	emit_args(out, f, version, 1);
	fprintf(out, ") IS ");
	if (clear)
	{
		fprintf(out, "NULL;\n");
		return;
	}
	snprintf(text, sizeof(text), "%s%s%s%s%s",
			 doc_of(function_docs, lengthof(function_docs), f->name),
			 prefixed ? " " : "",
			 prefixed ? doc_of(path_docs, lengthof(path_docs), path->prefix) : "",
			 suffix ? " " : "", suffix ? suffix : "");
	emit_quoted(out, text);
	fprintf(out, ";\n");
}

/*
 * COMMENT ON every function and object that exists at version, with the
 * texts of the description, or (with clear) IS NULL, for a downgrade to a
 * version before comments.
 */
static void
emit_comments(FILE *out, int version, int clear)
{
	for (int i = 0; i < lengthof(functions); i++)
		for (int p = 0; p < lengthof(paths); p++)
			if (exists_at(&functions[i], &paths[p], version))
				emit_function_comment(out, &functions[i], &paths[p], version,
									  NULL, clear);
	for (int i = 0; i < lengthof(object_docs); i++)
	{
		fprintf(out, "COMMENT ON %s IS ", object_docs[i].name);
		if (clear)
			fprintf(out, "NULL");
		else
			emit_quoted(out, object_docs[i].text);
		fprintf(out, ";\n");
	}
}

/*---- the router (taskdb_router) ----*/

/* The cluster every routed function runs on (the SQL/MED server's name). */
#define ROUTER_CLUSTER "taskdb_cluster"

static const Route *
route_of(const Function *f)
{
	for (int i = 0; i < lengthof(routes); i++)
		if (strcmp(routes[i].function, f->name) == 0)
		{
			Route	   *r = &routes[i];

			if (r->key != NULL && strcmp(r->key, "NULL") == 0)
				r->key = NULL;
			if (r->colocated != NULL && strcmp(r->colocated, "NULL") == 0)
				r->colocated = NULL;
			return r;
		}
	fprintf(stderr, "gensql: %s has no route in TDB_ROUTES (src/desc/taskdb.def)\n",
			f->name);
	exit(2);
}

/* The 1-based position of f's argument name at version; without a name, how many f has. */
static int
arg_position(const Function *f, const char *name, int version)
{
	int			n = 0;

	for (int i = 0; i < lengthof(args); i++)
	{
		if (strcmp(args[i].function, f->name) != 0 || args[i].since > version)
			continue;
		n++;
		if (name != NULL && strcmp(args[i].name, name) == 0)
			return n;
	}
	if (name != NULL)
	{
		fprintf(stderr, "gensql: TDB_ROUTES names %s's argument %s, which it does not have\n",
				f->name, name);
		exit(2);
	}
	return n;
}

static int
arg_count(const Function *f, int version)
{
	return arg_position(f, NULL, version);
}

/* The position of f's argument with this role at version, or 0. */
static int
role_position(const Function *f, ArgRole role, int version)
{
	int			n = 0;

	for (int i = 0; i < lengthof(args); i++)
	{
		if (strcmp(args[i].function, f->name) != 0 || args[i].since > version)
			continue;
		n++;
		if (args[i].role == role)
			return n;
	}
	return 0;
}

/* The table whose rows f returns ("SETOF taskdb.tasks"), or NULL. */
static const Table *
row_table(const Function *f)
{
	const char *r = f->result;

	if (r == NULL)
		return NULL;
	if (strncmp(r, "SETOF ", 6) == 0)
		r += 6;
	for (int t = 0; t < lengthof(tables); t++)
		if (strncmp(r, "taskdb.", 7) == 0 && strcmp(r + 7, tables[t].name) == 0)
			return &tables[t];
	return NULL;
}

static int
returns_set(const Function *f)
{
	return f->result == NULL || strncmp(f->result, "SETOF ", 6) == 0;
}

/*
 * A merged ALL function whose rows the router sorts and cuts itself: it
 * returns a table's rows and has a LIMIT argument.  The other ALL
 * functions are merged by taskdb_route.merge_<name> of the template.
 */
static int
merged_by_roles(const Function *f, int version)
{
	return row_table(f) != NULL && role_position(f, ROLE_LIMIT, version) > 0;
}

/* "$1, $2, ..." for n arguments */
static void
emit_params(FILE *out, int n)
{
	for (int i = 1; i <= n; i++)
		fprintf(out, "%s$%d", i > 1 ? ", " : "", i);
}

/* Every router function resolves names with this path (see the template). */
#define ROUTER_SEARCH_PATH "SET search_path = pg_catalog, pg_temp"

/*
 * PL/Proxy's CLUSTER statement for a routed function of f on path p: the
 * cluster name from taskdb_route.cluster(), which first checks that the
 * caller has on the router's views what f needs on the tables
 * (TDB_PRIVILEGES): an array of 'table PRIVILEGE' items, NULL for those
 * the call does not ask for.  A function that reads and writes no row
 * names the cluster.  call: what the refusal names.
 */
static void
emit_cluster(FILE *out, const Function *f, const char *call, int version)
{
	static const struct
	{
		int			flag;
		const char *name;
	}			kinds[] = {
		{TDB_PRIV_SELECT, "SELECT"}, {TDB_PRIV_INSERT, "INSERT"},
		{TDB_PRIV_UPDATE, "UPDATE"}, {TDB_PRIV_DELETE, "DELETE"}
	};
	int			n = 0;

	for (int i = 0; i < lengthof(privileges); i++)
	{
		const Privilege *g = &privileges[i];
		int			when = 0;
		int			flag = 0;

		if (strcmp(g->function, f->name) != 0)
			continue;
		if (strcmp(g->when, "NULL") != 0)
		{
			when = arg_position(f, g->when, version);
			for (int a = 0; a < lengthof(args); a++)
				if (strcmp(args[a].function, f->name) == 0 &&
					strcmp(args[a].name, g->when) == 0)
					flag = strcmp(args[a].sqltype, "boolean") == 0;
		}
		for (int k = 0; k < lengthof(kinds); k++)
		{
			if (!(g->privileges & kinds[k].flag))
				continue;
			fprintf(out, n++ == 0 ? "\tCLUSTER taskdb_route.cluster('%s', ARRAY[" : ",\n\t\t", call);
			if (when == 0)
				fprintf(out, "'%s %s'", g->table, kinds[k].name);
			else
				fprintf(out, "CASE WHEN $%d%s THEN '%s %s' END", when,
						flag ? "" : " IS NOT NULL", g->table, kinds[k].name);
		}
	}
	if (n > 0)
		fprintf(out, "]);\n");
	else if (route_of(f)->kind == ROUTE_ANY)
		fprintf(out, "\tCLUSTER '" ROUTER_CLUSTER "';\n");
	else
	{
		fprintf(stderr, "gensql: %s reads stored rows (TDB_ROUTES) but has no privileges in TDB_PRIVILEGES\n",
				f->name);
		exit(2);
	}
}

/* The options of an API function for a router wrapper: never PARALLEL SAFE
 * (the wrapper catches errors in a subtransaction and opens connections). */
static void
emit_router_options(FILE *out, const Function *f)
{
	const char *o = f->options;
	const char *safe = strstr(o, "PARALLEL SAFE");

	if (safe == NULL)
		fprintf(out, "%s", o);
	else
		fprintf(out, "%.*sPARALLEL UNSAFE%s", (int) (safe - o), o,
				safe + strlen("PARALLEL SAFE"));
}

/* "name type, ..." of a table's columns at version: a TABLE (...) result */
static void
emit_column_list(FILE *out, const Table *tbl, int version)
{
	int			n = 0;

	for (int i = 0; i < lengthof(columns); i++)
		if (strcmp(columns[i].table, tbl->name) == 0 && columns[i].since <= version)
			fprintf(out, "%s%s %s", n++ > 0 ? ", " : "", columns[i].name,
					columns[i].sqltype);
}

/*
 * The tables as the router shows them: views over every partition's rows.
 * taskdb_route.all_<table>() reads them with PL/Proxy (RUN ON ALL), after
 * the caller's SELECT privilege on the view (taskdb_route.cluster);
 * taskdb_route.read_<table>() raises its errors as the API functions do
 * (taskdb_route.reraise: no XX000 while a split renames the cluster); the
 * view's row type is the result type of the API functions.  The views run
 * with the caller's rights (security_invoker), as taskdb's do from 1.8.
 */
static void
emit_router_tables(FILE *out, int version)
{
	for (int t = 0; t < lengthof(tables); t++)
	{
		const Table *tbl = &tables[t];
		int			n = 0;

		if (tbl->since > version)
			continue;
		fprintf(out, "CREATE FUNCTION taskdb_route.all_%s()\nRETURNS TABLE (", tbl->name);
		emit_column_list(out, tbl, version);
		fprintf(out, ")\nLANGUAGE plproxy VOLATILE\n" ROUTER_SEARCH_PATH "\nAS $route$\n"
				"\tCLUSTER taskdb_route.cluster('taskdb.%s', ARRAY['%s SELECT']);\n"
				"\tRUN ON ALL;\n\tSELECT ", tbl->name, tbl->name);
		for (int i = 0; i < lengthof(columns); i++)
			if (strcmp(columns[i].table, tbl->name) == 0 && columns[i].since <= version)
				fprintf(out, "%s%s.%s", n++ > 0 ? ", " : "", tbl->alias, columns[i].name);
		fprintf(out, " FROM taskdb.%s %s;\n$route$;\n\n", tbl->name, tbl->alias);

		fprintf(out, "CREATE FUNCTION taskdb_route.read_%s()\nRETURNS TABLE (", tbl->name);
		emit_column_list(out, tbl, version);
		fprintf(out, ")\nLANGUAGE plpgsql VOLATILE\n" ROUTER_SEARCH_PATH "\nAS $read$\nDECLARE\n"
				"\t_state text;\n\t_message text;\n\t_detail text;\n\t_hint text;\n"
				"BEGIN\n\tRETURN QUERY SELECT * FROM taskdb_route.all_%s();\n\tRETURN;\n",
				tbl->name);
		emit_reraise(out, 0, 0);
		fprintf(out, "$read$;\n\n");

		fprintf(out, "CREATE VIEW taskdb.%s WITH (security_invoker = true) AS\nSELECT ", tbl->name);
		n = 0;
		for (int i = 0; i < lengthof(columns); i++)
			if (strcmp(columns[i].table, tbl->name) == 0 && columns[i].since <= version)
				fprintf(out, "%sr.%s::%s AS %s", n++ > 0 ? ",\n\t   " : "",
						columns[i].name, columns[i].sqltype, columns[i].name);
		fprintf(out, "\nFROM taskdb_route.read_%s() r;\n\n", tbl->name);
		fprintf(out, "REVOKE ALL ON taskdb.%s FROM PUBLIC;\n\n", tbl->name);
	}
}

/*
 * The PL/Proxy function that runs fn (path p) where the route says:
 * taskdb_route.<prefix><name><suffix>(the API's arguments, without
 * defaults [, page_cursor jsonb]).  all: the RUN ON ALL variant of IDORALL.
 */
static void
emit_routed(FILE *out, const Function *f, const Path *p, int version, int all)
{
	const Route *r = route_of(f);
	RouteKind	kind = all ? ROUTE_ALL : r->kind;
	int			nargs = arg_count(f, version);
	int			order = role_position(f, ROLE_ORDER, version);
	int			after = role_position(f, ROLE_AFTER, version);
	int			cursor = kind == ROUTE_ALL && order > 0 && after > 0;
	int			set = returns_set(f) || kind == ROUTE_ALL || kind == ROUTE_SPLIT;

	fprintf(out, "CREATE FUNCTION taskdb_route.%s%s%s(", p->prefix, f->name,
			all ? "_all" : "");
	emit_args(out, f, version, 2);
	if (cursor)
		fprintf(out, "%spage_cursor jsonb", nargs > 0 ? ",\n\t" : "");
	fprintf(out, ")\nRETURNS %s", set && !returns_set(f) ? "SETOF " : "");
	emit_result(out, f, version);
	fprintf(out, "\nLANGUAGE plproxy VOLATILE\n" ROUTER_SEARCH_PATH "\nAS $route$\n");
	{
		char		call[128];

		snprintf(call, sizeof(call), "%s%s", p->prefix, f->name);
		emit_cluster(out, f, call, version);
	}
	switch (kind)
	{
		case ROUTE_ANY:
			fprintf(out, "\tRUN ON ANY;\n");
			break;
		case ROUTE_ID:
		case ROUTE_IDORALL:
			fprintf(out, "\tRUN ON taskdb_route.shard($%d);\n",
					arg_position(f, r->key, version));
			break;
		case ROUTE_PROJECT:
			if (r->colocated)
				fprintf(out, "\tRUN ON taskdb_route.shard_or_any($%d, $%d);\n",
						arg_position(f, r->key, version),
						arg_position(f, r->colocated, version));
			else
				fprintf(out, "\tRUN ON taskdb_route.shard_or_any($%d);\n",
						arg_position(f, r->key, version));
			break;
		case ROUTE_JSONPROJECT:
			fprintf(out, "\tRUN ON taskdb_route.shard_or_any($%d);\n",
					arg_position(f, r->key, version));
			break;
		case ROUTE_SPLIT:
			fprintf(out, "\tSPLIT $%d;\n\tRUN ON taskdb_route.shard($%d);\n",
					arg_position(f, r->key, version),
					arg_position(f, r->key, version));
			break;
		case ROUTE_ALL:
			fprintf(out, "\tRUN ON ALL;\n");
			break;
	}
	/* the partition's own function, by position; a cursor is translated */
	fprintf(out, "\tSELECT * FROM taskdb.%s%s(", p->prefix, f->name);
	for (int i = 1; i <= nargs; i++)
	{
		if (i > 1)
			fprintf(out, ", ");
		if (cursor && i == after)
			fprintf(out, "taskdb_partition.page_start('%s', $%d, $%d, $%d)", row_table(f)->name, order,
					nargs + 1, after);
		else
			fprintf(out, "$%d", i);
	}
	fprintf(out, ");\n$route$;\n\n");
}

/* The handler every API wrapper ends with: taskdb's own error, unprefixed. */
static void
emit_reraise(FILE *out, int key, int colocated)
{
	fputs("EXCEPTION WHEN OTHERS THEN\n"
		  "\tGET STACKED DIAGNOSTICS _state = RETURNED_SQLSTATE, _message = MESSAGE_TEXT,\n"
		  "\t\t_detail = PG_EXCEPTION_DETAIL, _hint = PG_EXCEPTION_HINT;\n", out);

	/*
	 * A task joining a project (update_task): the task's partition has made
	 * every check one server makes before it looks for the project, in
	 * taskdb's order; its 23503 (no such project there) is 0AT01 when the
	 * project is on another partition.  Checking colocation before the
	 * call would refuse with 0AT01 calls that one server refuses for their
	 * arguments first (project_id with clear_project => true: 22023).
	 */
	if (colocated > 0)
		fprintf(out, "\tIF _state OPERATOR(pg_catalog.=) '23503' AND $%d IS NOT NULL AND $%d IS NOT NULL THEN\n"
				"\t\tBEGIN\n"
				"\t\t\tPERFORM taskdb_route.colocate(ARRAY[$%d], $%d);\n"
				"\t\tEXCEPTION WHEN OTHERS THEN\n"
				"\t\t\tGET STACKED DIAGNOSTICS _state = RETURNED_SQLSTATE, _message = MESSAGE_TEXT,\n"
				"\t\t\t\t_detail = PG_EXCEPTION_DETAIL, _hint = PG_EXCEPTION_HINT;\n"
				"\t\t\tPERFORM taskdb_route.reraise(_state, _message, _detail, _hint);\n"
				"\t\t\tRAISE;\n"
				"\t\tEND;\n"
				"\tEND IF;\n",
				key, colocated, key, colocated);
	fputs("\tPERFORM taskdb_route.reraise(_state, _message, _detail, _hint);\n"
		  "\tRAISE;\n"
		  "END\n", out);
}

/*
 * The API function fn on path p as the router serves it: taskdb's exact
 * signature and result, a PL/pgSQL body that calls the routed function(s)
 * and merges what RUN ON ALL returns.
 */
static void
emit_wrapper(FILE *out, const Function *f, const Path *p, int version)
{
	const Route *r = route_of(f);
	int			nargs = arg_count(f, version);
	const Table *tbl = row_table(f);
	char		routed[128];

	snprintf(routed, sizeof(routed), "taskdb_route.%s%s", p->prefix, f->name);
	fprintf(out, "CREATE FUNCTION taskdb.%s%s(", p->prefix, f->name);
	emit_args(out, f, version, 0);
	fprintf(out, ")\nRETURNS ");
	emit_result(out, f, version);
	fprintf(out, "\nLANGUAGE plpgsql ");
	emit_router_options(out, f);
	fprintf(out, "\n" ROUTER_SEARCH_PATH "\nAS $api$\nDECLARE\n"
			"\t_state text;\n\t_message text;\n\t_detail text;\n\t_hint text;\n");
	if (r->kind == ROUTE_ALL && merged_by_roles(f, version))
		fprintf(out, "\t_rows taskdb.%s[];\n", tbl->name);
	fprintf(out, "BEGIN\n");

	/* a project and its tasks stay in one shard */
	if (r->colocated && r->kind == ROUTE_ID)
		;						/* after the call: see emit_reraise */
	else if (r->colocated)
		fprintf(out, "\tPERFORM taskdb_route.colocate($%d, $%d);\n",
				arg_position(f, r->colocated, version), arg_position(f, r->key, version));

	if (r->kind == ROUTE_ALL && merged_by_roles(f, version))
	{
		int			order = role_position(f, ROLE_ORDER, version);
		int			after = role_position(f, ROLE_AFTER, version);
		int			limit = role_position(f, ROLE_LIMIT, version);

		/* every partition's page, then the first rows of their union */
		fprintf(out, "\t_rows := ARRAY(SELECT _r FROM %s(", routed);
		emit_params(out, nargs);
		if (order > 0 && after > 0)
			fprintf(out, ", taskdb_route.page_cursor('%s', $%d, $%d)", tbl->name,
					order, after);
		fprintf(out, ") _r);\n");
		fprintf(out, "\tRETURN QUERY EXECUTE 'SELECT _r.* FROM pg_catalog.unnest($1) _r ORDER BY '\n"
				"\t\tOPERATOR(pg_catalog.||) taskdb_route.order_clause('%s', ", tbl->name);
		if (order > 0)
			fprintf(out, "$%d)\n", order);
		else
			fprintf(out, "NULL)\n");
		fprintf(out, "\t\tOPERATOR(pg_catalog.||) ' LIMIT $2'\n"
				"\t\tUSING _rows, $%d;\n", limit);
	}
	else if (r->kind == ROUTE_ALL || r->kind == ROUTE_IDORALL)
	{
		const char *ret = returns_set(f) ? "RETURN QUERY SELECT * FROM" : "RETURN";

		if (r->kind == ROUTE_IDORALL)
		{
			fprintf(out, "\tIF $%d IS NOT NULL THEN\n\t\t%s %s(",
					arg_position(f, r->key, version), ret, routed);
			emit_params(out, nargs);
			fprintf(out, ");\n%s\tEND IF;\n", returns_set(f) ? "\t\tRETURN;\n" : "");
		}
		fprintf(out, "\t%s taskdb_route.merge_%s%s(", ret, p->prefix, f->name);
		emit_params(out, nargs);
		fprintf(out, ");\n");
	}
	else if (r->kind == ROUTE_SPLIT)
	{
		fprintf(out, "\tRETURN QUERY SELECT _r.* FROM %s(", routed);
		emit_params(out, nargs);
		fprintf(out, ") _r ORDER BY _r.id;\n");
	}
	else if (returns_set(f))
	{
		fprintf(out, "\tRETURN QUERY SELECT * FROM %s(", routed);
		emit_params(out, nargs);
		fprintf(out, ");\n");
	}
	else
	{
		fprintf(out, "\tRETURN %s(", routed);
		emit_params(out, nargs);
		fprintf(out, ");\n");
	}
	if (returns_set(f))
		fprintf(out, "\tRETURN;\n");
	if (r->colocated && r->kind == ROUTE_ID)
		emit_reraise(out, arg_position(f, r->key, version), arg_position(f, r->colocated, version));
	else
		emit_reraise(out, 0, 0);
	fprintf(out, "$api$;\n\n");
}

static void
emit_router(FILE *out, int version)
{
	emit_router_tables(out, version);
	fprintf(out, "/* The routed functions: where each call runs */\n\n");
	for (int i = 0; i < lengthof(functions); i++)
		for (int p = 0; p < lengthof(paths); p++)
			if (exists_at(&functions[i], &paths[p], version))
			{
				emit_routed(out, &functions[i], &paths[p], version, 0);
				if (route_of(&functions[i])->kind == ROUTE_IDORALL)
					emit_routed(out, &functions[i], &paths[p], version, 1);
			}
}

static void
emit_router_api(FILE *out, int version)
{
	for (int i = 0; i < lengthof(functions); i++)
		for (int p = 0; p < lengthof(paths); p++)
			if (exists_at(&functions[i], &paths[p], version))
				emit_wrapper(out, &functions[i], &paths[p], version);
}

/*
 * The router's comments: each API function's own text (the same as
 * taskdb's, so docs read alike), saying that it runs through PL/Proxy, and
 * the views that stand for the tables.
 */
static const char *
route_text(RouteKind kind)
{
	switch (kind)
	{
		case ROUTE_ALL:
			return "Served by the router: runs through PL/Proxy on every partition, its rows merged.";
		case ROUTE_ANY:
			return "Served by the router: runs through PL/Proxy on one partition.";
		case ROUTE_SPLIT:
			return "Served by the router: runs through PL/Proxy on the partitions of the ids given.";
		case ROUTE_IDORALL:
			return "Served by the router: runs through PL/Proxy on the partition of the id given, or every partition.";
		case ROUTE_PROJECT:
		case ROUTE_JSONPROJECT:
			return "Served by the router: runs through PL/Proxy on the partition of the project given, or any one without a project.";
		case ROUTE_ID:
			break;
	}
	return "Served by the router: runs through PL/Proxy on the partition of the id's shard.";
}

static void
emit_router_comments(FILE *out, int version)
{
	for (int i = 0; i < lengthof(functions); i++)
		for (int p = 0; p < lengthof(paths); p++)
			if (exists_at(&functions[i], &paths[p], version))
				emit_function_comment(out, &functions[i], &paths[p], version,
									  route_text(route_of(&functions[i])->kind), 0);
	for (int t = 0; t < lengthof(tables); t++)
		if (tables[t].since <= version)
			fprintf(out, "COMMENT ON VIEW taskdb.%s IS 'Every row of taskdb.%s on every partition (read through PL/Proxy); read only.';\n",
					tables[t].name, tables[t].name);
	/* taskdb's views, which the router template defines alike */
	for (int i = 0; i < lengthof(object_docs); i++)
		if (strcmp(object_docs[i].name, "VIEW taskdb.task_list") == 0 ||
			strcmp(object_docs[i].name, "VIEW taskdb.project_summary") == 0)
		{
			char		text[1024];

			snprintf(text, sizeof(text), "%s Read from every partition through PL/Proxy.",
					 object_docs[i].text);
			fprintf(out, "COMMENT ON %s IS ", object_docs[i].name);
			emit_quoted(out, text);
			fprintf(out, ";\n");
		}
}

/*---- the schema check ----*/

/*
 * The check every install script of this repository makes first, for the
 * schema its extension creates its objects in (PostgreSQL's "Security
 * Considerations for Extension Scripts", the class of CVE-2022-2625):
 * CREATE EXTENSION reuses an existing schema, so a role that owns it, may
 * create in it or has put objects in it could make the extension's objects
 * run its own code.  One text, written here: the router's scripts get it
 * from the template marker @SCHEMA_CHECK@, the hand-written scripts of
 * taskdb and taskdb_partition hold what "gensql schema-check" prints
 * (test/router/run compares them).  update: the variant for an update
 * script, which refuses to update an extension whose schema fails it.
 * Every "@S@" of the text is the schema's name, every "@E@" the
 * extension's.
 */
static const char schema_check_install[] =
"/*\n"
" * Refuse a schema that another role could use against this script or its\n"
" * callers (PostgreSQL's \"Security Considerations for Extension Scripts\"):\n"
" * CREATE EXTENSION reuses an existing schema named\n"
" * @S@, so a role that owns it, can create in it, or\n"
" * placed objects in it could have the objects of @E@\n"
" * resolve names to its own functions and operators, run later by a\n"
" * superuser.  A schema created by CREATE EXTENSION itself passes.\n"
" */\n";

static const char schema_check_update[] =
"/*\n"
" * Refuse to update an extension whose schema another role could use\n"
" * against this script or its callers, as the install script refuses to\n"
" * install into one (earlier install scripts did not check): a role that\n"
" * owns schema @S@, can create in it, or placed objects in it\n"
" * could have the objects of @E@ resolve names to its own\n"
" * functions and operators, run later by a superuser.\n"
" */\n";

static const char schema_check_body[] =
"DO $check$\n"
"DECLARE\n"
"\tnsp pg_catalog.oid;\n"
"\tculprit text;\n"
"BEGIN\n"
"\tSELECT n.oid INTO nsp FROM pg_catalog.pg_namespace n\n"
"\tWHERE n.nspname OPERATOR(pg_catalog.=) '@S@';\n"
"\tSELECT pg_catalog.format('the schema is owned by role %I', r.rolname) INTO culprit\n"
"\tFROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner\n"
"\tWHERE n.oid OPERATOR(pg_catalog.=) nsp AND NOT r.rolsuper;\n"
"\tIF culprit IS NULL THEN\n"
"\t\tSELECT pg_catalog.format('%s may create objects in the schema',\n"
"\t\t\t\t CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'\n"
"\t\t\t\t\t  ELSE 'role ' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(r.rolname) END) INTO culprit\n"
"\t\tFROM pg_catalog.pg_namespace n,\n"
"\t\t\t pg_catalog.aclexplode(n.nspacl) a\n"
"\t\t\t LEFT JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) a.grantee\n"
"\t\tWHERE n.oid OPERATOR(pg_catalog.=) nsp\n"
"\t\t  AND a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'\n"
"\t\t  AND r.rolsuper IS NOT TRUE\n"
"\t\tLIMIT 1;\n"
"\tEND IF;\n"
"\tIF culprit IS NULL THEN\n"
"\t\tSELECT pg_catalog.format('%s is owned by role %I', o.what, r.rolname) INTO culprit\n"
"\t\tFROM (SELECT pg_catalog.format('relation @S@.%I', c.relname) AS what, c.relowner AS owner\n"
"\t\t\t  FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) nsp\n"
"\t\t\t  UNION ALL\n"
"\t\t\t  SELECT pg_catalog.format('function @S@.%I', p.proname), p.proowner\n"
"\t\t\t  FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) nsp\n"
"\t\t\t  UNION ALL\n"
"\t\t\t  SELECT pg_catalog.format('operator @S@.%s', o.oprname), o.oprowner\n"
"\t\t\t  FROM pg_catalog.pg_operator o WHERE o.oprnamespace OPERATOR(pg_catalog.=) nsp\n"
"\t\t\t  UNION ALL\n"
"\t\t\t  SELECT pg_catalog.format('type @S@.%I', t.typname), t.typowner\n"
"\t\t\t  FROM pg_catalog.pg_type t WHERE t.typnamespace OPERATOR(pg_catalog.=) nsp\n"
"\t\t\t  UNION ALL\n"
"\t\t\t  SELECT pg_catalog.format('collation @S@.%I', co.collname), co.collowner\n"
"\t\t\t  FROM pg_catalog.pg_collation co WHERE co.collnamespace OPERATOR(pg_catalog.=) nsp\n"
"\t\t\t  UNION ALL\n"
"\t\t\t  SELECT pg_catalog.format('conversion @S@.%I', cv.conname), cv.conowner\n"
"\t\t\t  FROM pg_catalog.pg_conversion cv WHERE cv.connamespace OPERATOR(pg_catalog.=) nsp\n"
"\t\t\t  UNION ALL\n"
"\t\t\t  SELECT pg_catalog.format('operator family @S@.%I', f.opfname), f.opfowner\n"
"\t\t\t  FROM pg_catalog.pg_opfamily f WHERE f.opfnamespace OPERATOR(pg_catalog.=) nsp\n"
"\t\t\t  UNION ALL\n"
"\t\t\t  SELECT pg_catalog.format('operator class @S@.%I', oc.opcname), oc.opcowner\n"
"\t\t\t  FROM pg_catalog.pg_opclass oc WHERE oc.opcnamespace OPERATOR(pg_catalog.=) nsp) o\n"
"\t\tJOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) o.owner\n"
"\t\tWHERE NOT r.rolsuper\n"
"\t\tLIMIT 1;\n"
"\tEND IF;\n"
"\tIF culprit IS NOT NULL THEN\n";

static const char schema_check_raise_install[] =
"\t\tRAISE EXCEPTION 'cannot install @E@ into schema \"@S@\": %', culprit\n"
"\t\t\tUSING ERRCODE = 'insufficient_privilege',\n"
"\t\t\t\t  DETAIL = 'A role that is not a superuser could make @E@''s objects run its own code.',\n"
"\t\t\t\t  HINT = 'Drop schema @S@ (or make a superuser its owner, revoke CREATE on it from every other role and drop the objects others own in it), then run CREATE EXTENSION @E@ again.';\n";

static const char schema_check_raise_update[] =
"\t\tRAISE EXCEPTION 'cannot update @E@ in schema \"@S@\": %', culprit\n"
"\t\t\tUSING ERRCODE = 'insufficient_privilege',\n"
"\t\t\t\t  DETAIL = 'A role that is not a superuser could make @E@''s objects run its own code.',\n"
"\t\t\t\t  HINT = 'Make a superuser the owner of schema @S@, revoke CREATE on it from every other role and drop the objects others own in it, then update again.';\n";

static const char schema_check_end[] =
"\tEND IF;\n"
"END\n"
"$check$;\n";

/* text with every @S@ replaced by schema and every @E@ by extension */
static void
emit_substituted(FILE *out, const char *text, const char *schema,
				 const char *extension)
{
	for (const char *c = text; *c; c++)
	{
		if (c[0] == '@' && (c[1] == 'S' || c[1] == 'E') && c[2] == '@')
		{
			fputs(c[1] == 'S' ? schema : extension, out);
			c += 2;
		}
		else
			fputc(*c, out);
	}
}

static void
emit_schema_check(FILE *out, const char *schema, const char *extension, int update)
{
	emit_substituted(out, update ? schema_check_update : schema_check_install,
					 schema, extension);
	emit_substituted(out, schema_check_body, schema, extension);
	emit_substituted(out, update ? schema_check_raise_update : schema_check_raise_install,
					 schema, extension);
	emit_substituted(out, schema_check_end, schema, extension);
}

/*---- templates ----*/

static int	router_mode;
static int	router_update;		/* filling a router update template */
static int	router_from;		/* its versions */
static int	router_to;

static void fill_template(FILE *out, const char *path, int version, int from,
						  int to, int header);

/*
 * A full install script of the router as an update script writes it:
 * every function and view is created OR REPLACEd, so that an update leaves
 * each object as a fresh install of the script makes it; the objects both
 * versions have keep their identity (and what depends on them), those
 * only the script has are made.  Its header comment and \echo line, its
 * CREATE SCHEMA and its schema check (the update template makes the
 * check's update variant itself) are left out.  in: the script.
 */
static void
emit_replaced(FILE *out, FILE *in)
{
	char		line[4096];
	int			header = 1;
	int			in_check = 0;
	int			held = 0;		/* a comment's first line waits: the check's? */

	while (fgets(line, sizeof(line), in))
	{
		if (header && strncmp(line, "-- ", 3) == 0)
			continue;
		header = 0;
		if (in_check)
		{
			if (strcmp(line, "$check$;\n") == 0)
				in_check = 0;
			continue;
		}
		if (held)
		{
			held = 0;
			static const char check_start[] = " * Refuse a schema that another role could use";

			if (strncmp(line, check_start, strlen(check_start)) == 0)
			{
				in_check = 1;
				continue;
			}
			fputs("/*\n", out);
		}
		if (strcmp(line, "/*\n") == 0)
			held = 1;
		else if (strncmp(line, "\\echo ", 6) == 0 || strncmp(line, "CREATE SCHEMA ", 14) == 0)
			;
		else if (strncmp(line, "CREATE FUNCTION ", 16) == 0)
			fprintf(out, "CREATE OR REPLACE FUNCTION %s", line + 16);
		else if (strncmp(line, "CREATE VIEW ", 12) == 0)
			fprintf(out, "CREATE OR REPLACE VIEW %s", line + 12);
		else
			fputs(line, out);
	}
	if (held)
		fputs("/*\n", out);
}

/*
 * "@REPLACE path@" of a router update template: the full script path (a
 * released taskdb_router--X.sql, or the template sql/taskdb_router.sql.in
 * filled for the update's target version), OR REPLACEd.  Only the objects
 * can be replaced: an update between versions whose API functions or
 * tables differ needs DROP FUNCTION and DROP VIEW statements that this
 * does not write, so gensql refuses it.
 */
static void
emit_replace_marker(FILE *out, const char *line)
{
	char		path[1024];
	size_t		n = strlen(line);
	FILE	   *script;

	if (n < 11 || strcmp(line + n - 2, "@\n") != 0 || n - 11 >= sizeof(path))
	{
		fprintf(stderr, "gensql: malformed marker %s", line);
		exit(2);
	}
	memcpy(path, line + 9, n - 11);
	path[n - 11] = '\0';
	if (n > 16 && strcmp(path + strlen(path) - 7, ".sql.in") == 0)
	{
		script = tmpfile();
		if (script == NULL)
		{
			perror("gensql: tmpfile");
			exit(2);
		}
		router_update = 0;
		router_mode = 1;
		fill_template(script, path, router_to, 0, 0, 0);
		router_mode = 0;
		router_update = 1;
		rewind(script);
	}
	else if ((script = fopen(path, "r")) == NULL)
	{
		perror(path);
		exit(2);
	}
	emit_replaced(out, script);
	fclose(script);
}

/*
 * Refuses a router update between versions whose API functions or tables
 * differ (see emit_replace_marker).
 */
static void
check_router_update(int from, int to)
{
	int			lo = from < to ? from : to;
	int			hi = from < to ? to : from;

	for (int i = 0; i < lengthof(functions); i++)
		for (int p = 0; p < lengthof(paths); p++)
			if (exists_at(&functions[i], &paths[p], from) != exists_at(&functions[i], &paths[p], to) ||
				(exists_at(&functions[i], &paths[p], from) && changed_between(&functions[i], from, to)))
			{
				fprintf(stderr, "gensql: taskdb.%s%s differs between the two versions: "
						"write this router update script by hand\n",
						paths[p].prefix, functions[i].name);
				exit(2);
			}
	for (int i = 0; i < lengthof(columns); i++)
		if (columns[i].since > lo && columns[i].since <= hi)
		{
			fprintf(stderr, "gensql: column %s.%s differs between the two versions: "
					"write this router update script by hand\n",
					columns[i].table, columns[i].name);
			exit(2);
		}
	for (int t = 0; t < lengthof(tables); t++)
		if (tables[t].since > lo && tables[t].since <= hi)
		{
			fprintf(stderr, "gensql: table %s differs between the two versions: "
					"write this router update script by hand\n", tables[t].name);
			exit(2);
		}
}

static void
fill_template(FILE *out, const char *path, int version, int from, int to,
			  int header)
{
	FILE	   *in = fopen(path, "r");
	char		line[4096];

	if (in == NULL)
	{
		perror(path);
		exit(2);
	}
	if (header)
		fprintf(out, "-- Generated by tools/gensql from src/desc/taskdb.def and %s:\n"
				"-- do not edit; edit those and run make scripts.\n", path);
	while (fgets(line, sizeof(line), in))
	{
		size_t		len = strlen(line);

		if (strncmp(line, "@INCLUDE ", 9) == 0 && len > 11 &&
			strcmp(line + len - 2, "@\n") == 0)
		{
			/* @INCLUDE path@: the file's text, as it is */
			char		name[4096];
			FILE	   *part;
			int			c;

			snprintf(name, sizeof(name), "%.*s", (int) (len - 11), line + 9);
			part = fopen(name, "r");
			if (part == NULL)
			{
				perror(name);
				exit(2);
			}
			while ((c = fgetc(part)) != EOF)
				fputc(c, out);
			fclose(part);
		}
		else if (router_update && strcmp(line, "@SCHEMA_CHECK@\n") == 0)
			emit_schema_check(out, "taskdb", "taskdb_router", 1);
		else if (router_update && strncmp(line, "@REPLACE ", 9) == 0)
			emit_replace_marker(out, line);
		else if (router_update && line[0] == '@')
		{
			fprintf(stderr, "gensql: %s: unknown marker %s", path, line);
			exit(2);
		}
		else if (strcmp(line, "@SCHEMA_CHECK@\n") == 0 && router_mode)
			emit_schema_check(out, "taskdb", "taskdb_router", 0);
		else if (strcmp(line, "@ROUTER@\n") == 0 && router_mode)
			emit_router(out, version);
		else if (strcmp(line, "@ROUTER_API@\n") == 0 && router_mode)
			emit_router_api(out, version);
		else if (strcmp(line, "@COMMENTS@\n") == 0 && router_mode)
			emit_router_comments(out, version);
		else if (router_mode && line[0] == '@')
		{
			fprintf(stderr, "gensql: %s: unknown marker %s", path, line);
			exit(2);
		}
		else if (strcmp(line, "@TABLES@\n") == 0 && version > 0)
			emit_tables(out, version);
		else if (strcmp(line, "@FUNCTIONS@\n") == 0 && version > 0)
			emit_functions(out, version);
		else if (strcmp(line, "@FUNCTIONS@\n") == 0)
			emit_changes(out, from, to);
		else if (strcmp(line, "@COLUMNS@\n") == 0 && version == 0)
			emit_column_changes(out, from, to);
		else if (strcmp(line, "@COMMENTS@\n") == 0 && version >= COMMENTS_SINCE)
			emit_comments(out, version, 0);
		else if (strcmp(line, "@COMMENTS@\n") == 0 && version > 0)
			;					/* no comments before 1.7 */
		else if (strcmp(line, "@COMMENTS@\n") == 0 && to >= COMMENTS_SINCE)
			emit_comments(out, to, 0);
		else if (strcmp(line, "@COMMENTS@\n") == 0 && from >= COMMENTS_SINCE)
			emit_comments(out, to, 1);
		else if (line[0] == '@')
		{
			fprintf(stderr, "gensql: %s: unknown marker %s", path, line);
			exit(2);
		}
		else
			fputs(line, out);
	}
	fclose(in);
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "install") == 0)
		fill_template(stdout, argv[3], parse_version(argv[2]), 0, 0, 1);
	else if (argc == 4 && strcmp(argv[1], "router") == 0)
	{
		router_mode = 1;
		fill_template(stdout, argv[3], parse_version(argv[2]), 0, 0, 1);
	}
	else if (argc == 5 && strcmp(argv[1], "update") == 0)
		fill_template(stdout, argv[4], 0, parse_version(argv[2]),
					  parse_version(argv[3]), 1);
	else if (argc == 5 && strcmp(argv[1], "router-update") == 0)
	{
		router_from = parse_version(argv[2]);
		router_to = parse_version(argv[3]);
		check_router_update(router_from, router_to);
		router_update = 1;
		fill_template(stdout, argv[4], 0, router_from, router_to, 1);
	}
	else if (argc == 5 && strcmp(argv[1], "schema-check") == 0 &&
			 (strcmp(argv[4], "install") == 0 || strcmp(argv[4], "update") == 0))
		emit_schema_check(stdout, argv[2], argv[3], strcmp(argv[4], "update") == 0);
	else
	{
		fprintf(stderr, "usage: gensql install VERSION TEMPLATE\n"
				"       gensql update FROM TO TEMPLATE\n"
				"       gensql router VERSION TEMPLATE\n"
				"       gensql router-update FROM TO TEMPLATE\n"
				"       gensql schema-check SCHEMA EXTENSION install|update\n");
		return 2;
	}
	if (fflush(stdout) != 0 || ferror(stdout))
	{
		perror("gensql");
		return 1;
	}
	return 0;
}
