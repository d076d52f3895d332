/*-------------------------------------------------------------------------
 *
 * desc.c
 *	  The description (src/desc/taskdb.def) as C arrays, read by every
 *	  part of tools/gensql, and the lookups they share.  A host program
 *	  that includes nothing of PostgreSQL: the description's type OIDs
 *	  are macro names it never expands.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "gensql.h"

#define GEN_TABLE(tag, entity, alias, since) {#tag, since, alias},
const Table tables[] = {TDB_TABLES(GEN_TABLE)};

#define GEN_COLUMN(tbl, nm, oid, sqltype, maxlen, flags, def, mn, mx, stem, since) \
	{#tbl, #nm, sqltype, flags, def, mn, mx, stem, since},
#define GEN_TABLE_COLUMNS(tag, entity, alias, since) TDB_COLUMNS_##tag(GEN_COLUMN)
const Column columns[] = {TDB_TABLES(GEN_TABLE_COLUMNS)};

#define GEN_FKEY(tbl, col, reftbl, refcol, since) {#tbl, #col, #reftbl, #refcol, since},
const ForeignKey fkeys[] = {TDB_FKEYS(GEN_FKEY)};

#define GEN_INDEX(tbl, nm, col, since, until) {#tbl, #nm, #col, since, until},
const Index indexes[] = {TDB_INDEXES(GEN_INDEX)};

#define GEN_VIEW(nm, tbl, from, since) {#nm, #tbl, from, since},
const View	views[] = {TDB_VIEWS(GEN_VIEW)};
#define GEN_VIEW_COLUMN(vw, nm, expr, after, since) {#vw, #nm, expr, #after, since},
const ViewColumn view_columns[] = {TDB_VIEW_COLUMNS(GEN_VIEW_COLUMN)};

#define GEN_PATH(flag, prefix, symprefix, since) {flag, prefix, symprefix, since},
const Path paths[] = {TDB_PATHS(GEN_PATH)};

#define GEN_FUNCTION(nm, symbol, fpaths, result, options, since) \
	{#nm, symbol, fpaths, result, options, since},
const Function functions[] = {TDB_FUNCTIONS(GEN_FUNCTION)};

#define GEN_ARG(fn, nm, sqltype, def, role, tbl, col, since) \
	{#fn, #nm, sqltype, def, since, ROLE_##role, #tbl, #col},
#define GEN_FUNCTION_ARGS(nm, symbol, fpaths, result, options, since) \
	TDB_ARGS_##nm(GEN_ARG)
static const Arg own_args[] = {TDB_FUNCTIONS(GEN_FUNCTION_ARGS)};
const Arg  *args = own_args;

/* result columns: the same shape as arguments, without defaults */
#define GEN_OUT(fn, nm, sqltype, since) {#fn, #nm, sqltype, NULL, since, ROLE_NONE, NULL, NULL},
#define GEN_FUNCTION_OUTS(fn) TDB_OUT_##fn(GEN_OUT)
const Arg outs[] = {TDB_TABLE_RESULTS(GEN_FUNCTION_OUTS)};

/* the argument names as written; "NULL" for none (see route_of) */
#define GEN_ROUTE(fn, kind, key, colocated) {#fn, ROUTE_##kind, #key, #colocated},
Route routes[] = {TDB_ROUTES(GEN_ROUTE)};

/* what each API function needs on the tables (TDB_PRIVILEGES) */
#define GEN_PRIVILEGE(fn, tbl, privs, when) {#fn, #tbl, privs, #when},
const Privilege privileges[] = {TDB_PRIVILEGES(GEN_PRIVILEGE)};

#define GEN_DOC(nm, since, text) {#nm, since, text},
const Doc function_docs[] = {TDB_FUNCTION_DOCS(GEN_DOC)};
#define GEN_TEXT_DOC(nm, since, text) {nm, since, text},
const Doc path_docs[] = {TDB_PATH_DOCS(GEN_TEXT_DOC)};
const Doc object_docs[] = {TDB_OBJECT_DOCS(GEN_TEXT_DOC)};

const int	ntables = lengthof(tables);
const int	ncolumns = lengthof(columns);
const int	nfkeys = lengthof(fkeys);
const int	nindexes = lengthof(indexes);
const int	nviews = lengthof(views);
const int	nview_columns = lengthof(view_columns);
const int	npaths = lengthof(paths);
const int	nfunctions = lengthof(functions);
int			nargs = lengthof(own_args);
const int	nouts = lengthof(outs);
const int	nroutes = lengthof(routes);
const int	nprivileges = lengthof(privileges);
const int	nfunction_docs = lengthof(function_docs);
const int	npath_docs = lengthof(path_docs);
const int	nobject_docs = lengthof(object_docs);

int
parse_version(const char *s)
{
#define GEN_VERSION(num, text) if (strcmp(s, text) == 0) return num;
	TDB_VERSIONS(GEN_VERSION)
		fprintf(stderr, "gensql: unknown version \"%s\"\n", s);
	exit(2);
}

/* names PostgreSQL reserves, which an argument name must quote */
const char *
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

const Column *
column_of(const char *table, const char *name)
{
	for (int i = 0; i < ncolumns; i++)
		if (strcmp(columns[i].table, table) == 0 &&
			strcmp(columns[i].name, name) == 0)
			return &columns[i];
	fprintf(stderr, "gensql: no column %s.%s\n", table, name);
	exit(2);
}

/*---- functions ----*/

int
exists_at(const Function *f, const Path *p, int version)
{
	return (f->paths & p->flag) && f->since <= version && p->since <= version;
}

/*
 * The argument list, with names and defaults (types_only 0), types only
 * (1: for DROP), or names and types without defaults (2).
 */
void
emit_args(FILE *out, const Function *f, int version, int types_only)
{
	int			n = 0;

	for (int i = 0; i < nargs; i++)
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

void
emit_result(FILE *out, const Function *f, int version)
{
	int			n = 0;

	if (f->result)
	{
		fprintf(out, "%s", f->result);
		return;
	}
	fprintf(out, "TABLE (");
	for (int i = 0; i < nouts; i++)
		if (strcmp(outs[i].function, f->name) == 0 && outs[i].since <= version)
			fprintf(out, "%s%s %s", n++ > 0 ? ", " : "", ident(outs[i].name),
					outs[i].sqltype);
	fprintf(out, ")");
}

/* The 1-based position of f's argument name at version; without a name, how many f has. */
int
arg_position(const Function *f, const char *name, int version)
{
	int			n = 0;

	for (int i = 0; i < nargs; i++)
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

int
arg_count(const Function *f, int version)
{
	return arg_position(f, NULL, version);
}

/* The position of f's argument with this role at version, or 0. */
int
role_position(const Function *f, ArgRole role, int version)
{
	int			n = 0;

	for (int i = 0; i < nargs; i++)
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
const Table *
row_table(const Function *f)
{
	const char *r = f->result;

	if (r == NULL)
		return NULL;
	if (strncmp(r, "SETOF ", 6) == 0)
		r += 6;
	for (int t = 0; t < ntables; t++)
		if (strncmp(r, "taskdb.", 7) == 0 && strcmp(r + 7, tables[t].name) == 0)
			return &tables[t];
	return NULL;
}

int
returns_set(const Function *f)
{
	return f->result == NULL || strncmp(f->result, "SETOF ", 6) == 0;
}

/*---- comments ----*/

void
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

/* The text of name at version: its newest entry up to that version. */
const char *
doc_of(const Doc *docs, int n, const char *name, int version)
{
	const Doc  *found = NULL;

	for (int i = 0; i < n; i++)
		if (strcmp(docs[i].name, name) == 0 && docs[i].since <= version &&
			(found == NULL || docs[i].since > found->since))
			found = &docs[i];
	if (found == NULL)
	{
		fprintf(stderr, "gensql: no comment for %s at version %d in src/desc/taskdb.def\n",
				name, version);
		exit(2);
	}
	return found->text;
}

/*
 * Complete the arguments: after each function of TDB_COLUMN_ARGS's own,
 * for each column of its table flagged ARGS, a SET argument (text for a
 * string) and, in an update (a function with a KEY), a CLEAR argument for
 * a nullable column, from the column's version (the library's desc/desc.c
 * follows the same rule).
 */
void
describe_init(void)
{
	static const char *const with_column_args[] = {
#define CA_NAME(fn) #fn,
		TDB_COLUMN_ARGS(CA_NAME)
	};
	Arg		   *all = malloc(sizeof(Arg) * (nargs + 2 * ncolumns * lengthof(with_column_args)));
	int			n = 0;

	for (int f = 0; f < nfunctions; f++)
	{
		const char *fn = functions[f].name;
		const char *table = NULL;
		int			update = 0;
		int			takes = 0;

		for (int i = 0; i < nargs; i++)
			if (strcmp(own_args[i].function, fn) == 0)
			{
				all[n++] = own_args[i];
				update |= own_args[i].role == ROLE_KEY;
			}
		for (int k = 0; k < lengthof(with_column_args); k++)
			takes |= strcmp(with_column_args[k], fn) == 0;
		if (!takes)
			continue;
		for (int i = 0; i < nargs && table == NULL; i++)
			if (strcmp(own_args[i].function, fn) == 0)
				table = own_args[i].table;
		for (int c = 0; c < ncolumns; c++)
		{
			const Column *col = &columns[c];

			if (strcmp(col->table, table) != 0 || !(col->flags & TDB_COL_ARGS))
				continue;
			all[n] = (Arg) {fn, col->name,
				strncmp(col->sqltype, "character varying", 17) == 0 ? "text" : col->sqltype,
			"NULL", col->since, ROLE_SET, col->table, col->name};
			n++;
			if (update && !(col->flags & TDB_COL_NOTNULL))
			{
				char	   *clear = malloc(strlen(col->name) + 7);

				sprintf(clear, "clear_%s", col->name);
				all[n++] = (Arg) {fn, clear, "boolean", "false", col->since,
				ROLE_CLEAR, col->table, col->name};
			}
		}
	}
	args = all;
	nargs = n;
}
