/*-------------------------------------------------------------------------
 *
 * gensql.h
 *	  tools/gensql: what its parts share: the description as C arrays,
 *	  the lookups that read it, and each part's entry points.
 *
 *	  desc.c		the description (src/desc/taskdb.def) as arrays, and the
 *					lookups every part uses
 *	  scripts.c	taskdb's install and update scripts: tables, functions,
 *					column changes, comments, the schema check
 *	  router.c	the router extension's scripts (taskdb_router)
 *	  fixture.c	the description as SQL, for the test suites
 *	  main.c		templates and the command line (the modes are there)
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef GENSQL_H
#define GENSQL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/desc/taskdb.def"

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
	long		min;			/* with TDB_COL_MIN */
	long		max;			/* with TDB_COL_MAX */
	const char *stem;			/* find_tasks key stem, or NULL */
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
	int			until;			/* the version that dropped it; 0: none */
} Index;

/* an index at a version (indexes.c), as pg_get_indexdef() prints it */
typedef struct IndexDef
{
	const char *table;
	const char *column;
	char		name[128];
	char		method[16];		/* btree, gin */
	char		keys[512];		/* the key list, without a trigram opclass */
	int			trigram;		/* gin with pg_trgm's gin_trgm_ops */
} IndexDef;

typedef struct View
{
	const char *name;
	const char *table;
	const char *from;			/* the FROM clause */
	int			since;
} View;

typedef struct ViewColumn
{
	const char *view;
	const char *name;
	const char *expr;
	const char *after;			/* the table column it follows */
	int			since;
} ViewColumn;

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
	ROLE_LIMIT, ROLE_FLAG, ROLE_CURSOR
} ArgRole;

typedef struct Arg
{
	const char *function;
	const char *name;
	const char *sqltype;
	const char *def;
	int			since;
	ArgRole		role;
	const char *table;			/* the column the argument names */
	const char *column;
} Arg;

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

/* what each API function needs on the tables (TDB_PRIVILEGES) */
typedef struct Privilege
{
	const char *function;
	const char *table;
	int			privileges;		/* TDB_PRIV_ flags */
	const char *when;			/* argument name, or "NULL": every call */
} Privilege;

typedef struct Doc
{
	const char *name;
	int			since;			/* the text from this version on */
	const char *text;
} Doc;

/* The version from which objects carry comments. */
#define COMMENTS_SINCE 107

/* the description (desc.c) */
extern const Table tables[];
extern const int ntables;
extern const Column columns[];
extern const int ncolumns;
extern const ForeignKey fkeys[];
extern const int nfkeys;
extern const Index indexes[];
extern const int nindexes;
extern const View views[];
extern const int nviews;
extern const ViewColumn view_columns[];
extern const int nview_columns;
extern const Path paths[];
extern const int npaths;
extern const Function functions[];
extern const int nfunctions;
extern const Arg *args;			/* own and column arguments (describe_init) */
extern int	nargs;
extern const Arg outs[];
extern const int nouts;
extern Route routes[];
extern const int nroutes;
extern const Privilege privileges[];
extern const int nprivileges;
extern const Doc function_docs[];
extern const int nfunction_docs;
extern const Doc path_docs[];
extern const int npath_docs;
extern const Doc object_docs[];
extern const int nobject_docs;

extern void describe_init(void);
extern int	parse_version(const char *s);
extern const char *ident(const char *name);
extern const Column *column_of(const char *table, const char *name);
extern int	exists_at(const Function *f, const Path *p, int version);
extern void emit_args(FILE *out, const Function *f, int version, int types_only);
extern void emit_result(FILE *out, const Function *f, int version);
extern int	arg_position(const Function *f, const char *name, int version);
extern int	arg_count(const Function *f, int version);
extern int	role_position(const Function *f, ArgRole role, int version);
extern const Table *row_table(const Function *f);
extern int	returns_set(const Function *f);
extern void emit_quoted(FILE *out, const char *text);
extern const char *doc_of(const Doc *docs, int n, const char *name,
						  int version);

/* taskdb's scripts (scripts.c) */
extern void emit_tables(FILE *out, int version);
extern void emit_functions(FILE *out, int version);
extern int	changed_between(const Function *f, int a, int b);
extern void emit_changes(FILE *out, int from, int to);
extern void emit_column_changes(FILE *out, int from, int to);
extern void emit_function_comment(FILE *out, const Function *f,
								  const Path *path, int version,
								  const char *suffix, int clear);
extern void emit_comments(FILE *out, int version, int clear);
extern void emit_comment_changes(FILE *out, int from, int to);
extern void emit_schema_check(FILE *out, const char *schema,
							  const char *extension, int update);
extern void emit_views(FILE *out, int version);
extern void emit_view_changes(FILE *out, int from, int to);

/* the indexes (indexes.c) */
extern int	indexes_at(int version, IndexDef *out, int max);
extern int	needs_trigram(int version);
extern void emit_indexes(FILE *out, int version);
extern void emit_index_changes(FILE *out, int from, int to);
extern int	statistics_at(const Column *c, int version);
extern void emit_statistics(FILE *out, int version);
extern void emit_statistics_changes(FILE *out, int from, int to);
extern void emit_concurrently(FILE *out, int from, int to);
extern void emit_control(FILE *out, int version);

/* the router's scripts (router.c) */
extern void emit_router(FILE *out, int version);
extern void emit_router_api(FILE *out, int version);
extern void emit_router_comments(FILE *out, int version);
extern void emit_replace_marker(FILE *out, const char *line);
extern void check_router_update(int from, int to);
extern void emit_router_drops(FILE *out, int from, int to);

/* the test fixture (fixture.c) */
extern void emit_fixture(FILE *out);

/* templates (main.c) */
extern int	router_mode;
extern int	router_update;
extern int	router_from;
extern int	router_to;
extern void fill_template(FILE *out, const char *path, int version, int from,
						  int to, int header);

#endif							/* GENSQL_H */
