/*-------------------------------------------------------------------------
 *
 * gensql.c
 *	  Writes taskdb's derived SQL from the one description
 *	  (src/desc/taskdb.def) at build time.
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

typedef struct Arg
{
	const char *function;
	const char *name;
	const char *sqltype;
	const char *def;
	int			since;
} Arg;

#define GEN_TABLE(tag, entity, alias, since) {#tag, since},
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

#define GEN_ARG(fn, nm, sqltype, def, role, tbl, col, since) {#fn, #nm, sqltype, def, since},
#define GEN_FUNCTION_ARGS(nm, symbol, fpaths, result, options, since) \
	TDB_ARGS_##nm(GEN_ARG)
static const Arg args[] = {TDB_FUNCTIONS(GEN_FUNCTION_ARGS)};

/* result columns: the same shape as arguments, without defaults */
#define GEN_OUT(fn, nm, sqltype, since) {#fn, #nm, sqltype, NULL, since},
#define GEN_FUNCTION_OUTS(fn) TDB_OUT_##fn(GEN_OUT)
static const Arg outs[] = {TDB_TABLE_RESULTS(GEN_FUNCTION_OUTS)};

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

/* The argument list, with names and defaults or (for DROP) types only. */
static void
emit_args(FILE *out, const Function *f, int version, int types_only)
{
	int			n = 0;

	for (int i = 0; i < lengthof(args); i++)
	{
		const Arg  *a = &args[i];

		if (strcmp(a->function, f->name) != 0 || a->since > version)
			continue;
		if (types_only)
			fprintf(out, "%s%s", n > 0 ? ", " : "", a->sqltype);
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
 * before 1.5 carry the same block, written out.
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
		  "\t\tWHERE n.nspname OPERATOR(pg_catalog.=) 'taskdb' AND t.typrelid OPERATOR(pg_catalog.<>) 0\n"
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
 * COMMENT ON every function and object that exists at version, with the
 * texts of the description, or (with clear) IS NULL, for a downgrade to a
 * version before comments.
 */
static void
emit_comments(FILE *out, int version, int clear)
{
	for (int i = 0; i < lengthof(functions); i++)
		for (int p = 0; p < lengthof(paths); p++)
		{
			const Function *f = &functions[i];
			const Path *path = &paths[p];

			if (!exists_at(f, path, version))
				continue;
			fprintf(out, "COMMENT ON FUNCTION taskdb.%s%s(", path->prefix, f->name);
			emit_args(out, f, version, 1);
			fprintf(out, ") IS ");
			if (clear)
				fprintf(out, "NULL");
			else if (path->prefix[0] == '\0')
				emit_quoted(out, doc_of(function_docs, lengthof(function_docs), f->name));
			else
			{
				char		text[2048];

				snprintf(text, sizeof(text), "%s %s",
						 doc_of(function_docs, lengthof(function_docs), f->name),
						 doc_of(path_docs, lengthof(path_docs), path->prefix));
				emit_quoted(out, text);
			}
			fprintf(out, ";\n");
		}
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

/*---- templates ----*/

static void
fill_template(const char *path, int version, int from, int to)
{
	FILE	   *in = fopen(path, "r");
	char		line[4096];

	if (in == NULL)
	{
		perror(path);
		exit(2);
	}
	printf("-- Generated by tools/gensql from src/desc/taskdb.def and %s:\n"
		   "-- do not edit; edit those and run make.\n", path);
	while (fgets(line, sizeof(line), in))
	{
		if (strcmp(line, "@TABLES@\n") == 0 && version > 0)
			emit_tables(stdout, version);
		else if (strcmp(line, "@FUNCTIONS@\n") == 0 && version > 0)
			emit_functions(stdout, version);
		else if (strcmp(line, "@FUNCTIONS@\n") == 0)
			emit_changes(stdout, from, to);
		else if (strcmp(line, "@COLUMNS@\n") == 0 && version == 0)
			emit_column_changes(stdout, from, to);
		else if (strcmp(line, "@COMMENTS@\n") == 0 && version >= COMMENTS_SINCE)
			emit_comments(stdout, version, 0);
		else if (strcmp(line, "@COMMENTS@\n") == 0 && version > 0)
			;					/* no comments before 1.7 */
		else if (strcmp(line, "@COMMENTS@\n") == 0 && to >= COMMENTS_SINCE)
			emit_comments(stdout, to, 0);
		else if (strcmp(line, "@COMMENTS@\n") == 0 && from >= COMMENTS_SINCE)
			emit_comments(stdout, to, 1);
		else if (line[0] == '@')
		{
			fprintf(stderr, "gensql: %s: unknown marker %s", path, line);
			exit(2);
		}
		else
			fputs(line, stdout);
	}
	fclose(in);
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "install") == 0)
		fill_template(argv[3], parse_version(argv[2]), 0, 0);
	else if (argc == 5 && strcmp(argv[1], "update") == 0)
		fill_template(argv[4], 0, parse_version(argv[2]),
					  parse_version(argv[3]));
	else
	{
		fprintf(stderr, "usage: gensql install VERSION TEMPLATE\n"
				"       gensql update FROM TO TEMPLATE\n");
		return 2;
	}
	if (fflush(stdout) != 0 || ferror(stdout))
	{
		perror("gensql");
		return 1;
	}
	return 0;
}
