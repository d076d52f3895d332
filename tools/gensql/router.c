/*-------------------------------------------------------------------------
 *
 * router.c
 *	  The router extension's scripts (taskdb_router) from the description:
 *	  the views over every partition, the routed PL/Proxy functions, the
 *	  API with taskdb's signatures, comments, and the router's update
 *	  scripts.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "gensql.h"

/* Every router function resolves names with this path (see the template). */
#define ROUTER_SEARCH_PATH "SET search_path = pg_catalog, pg_temp"

static void emit_reraise(FILE *out, int key, int colocated);

/*---- the router (taskdb_router) ----*/

/* The cluster every routed function runs on (the SQL/MED server's name). */
#define ROUTER_CLUSTER "taskdb_cluster"

static const Route *
route_of(const Function *f)
{
	for (int i = 0; i < nroutes; i++)
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

	for (int i = 0; i < nprivileges; i++)
	{
		const Privilege *g = &privileges[i];
		int			when = 0;
		int			flag = 0;

		if (strcmp(g->function, f->name) != 0)
			continue;
		if (strcmp(g->when, "NULL") != 0)
		{
			when = arg_position(f, g->when, version);
			for (int a = 0; a < nargs; a++)
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

	for (int i = 0; i < ncolumns; i++)
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
	for (int t = 0; t < ntables; t++)
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
		for (int i = 0; i < ncolumns; i++)
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
		for (int i = 0; i < ncolumns; i++)
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

void
emit_router(FILE *out, int version)
{
	emit_router_tables(out, version);
	fprintf(out, "/* The routed functions: where each call runs */\n\n");
	for (int i = 0; i < nfunctions; i++)
		for (int p = 0; p < npaths; p++)
			if (exists_at(&functions[i], &paths[p], version))
			{
				emit_routed(out, &functions[i], &paths[p], version, 0);
				if (route_of(&functions[i])->kind == ROUTE_IDORALL)
					emit_routed(out, &functions[i], &paths[p], version, 1);
			}
}

void
emit_router_api(FILE *out, int version)
{
	for (int i = 0; i < nfunctions; i++)
		for (int p = 0; p < npaths; p++)
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

void
emit_router_comments(FILE *out, int version)
{
	for (int i = 0; i < nfunctions; i++)
		for (int p = 0; p < npaths; p++)
			if (exists_at(&functions[i], &paths[p], version))
				emit_function_comment(out, &functions[i], &paths[p], version,
									  route_text(route_of(&functions[i])->kind), 0);
	for (int t = 0; t < ntables; t++)
		if (tables[t].since <= version)
			fprintf(out, "COMMENT ON VIEW taskdb.%s IS 'Every row of taskdb.%s on every partition (read through PL/Proxy); read only.';\n",
					tables[t].name, tables[t].name);
	/* taskdb's views, which the router template defines alike */
	for (int i = 0; i < 2; i++)
	{
		const char *view = i == 0 ? "VIEW taskdb.task_list" : "VIEW taskdb.project_summary";
		char		text[1024];

		snprintf(text, sizeof(text), "%s Read from every partition through PL/Proxy.",
				 doc_of(object_docs, nobject_docs, view, version));
		fprintf(out, "COMMENT ON %s IS ", view);
		emit_quoted(out, text);
		fprintf(out, ";\n");
	}
}

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
void
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
 * A router update's drops (the marker @DROPS@, before @REPLACE@): every
 * API function of from that to has not with the same arguments, with its
 * routed PL/Proxy functions, so that the replacement creates them with
 * to's arguments (or not at all).
 */
void
emit_router_drops(FILE *out, int from, int to)
{
	for (int i = 0; i < nfunctions; i++)
		for (int p = 0; p < npaths; p++)
		{
			const Function *f = &functions[i];
			const Path *path = &paths[p];
			const Route *r = route_of(f);
			int			order = role_position(f, ROLE_ORDER, from);
			int			after = role_position(f, ROLE_AFTER, from);

			if (!exists_at(f, path, from) ||
				(exists_at(f, path, to) && !changed_between(f, from, to)))
				continue;
			fprintf(out, "DROP FUNCTION taskdb.%s%s(", path->prefix, f->name);
			emit_args(out, f, from, 1);
			fprintf(out, ");\n");
			for (int all = 0; all <= (r->kind == ROUTE_IDORALL); all++)
			{
				RouteKind	kind = all ? ROUTE_ALL : r->kind;

				fprintf(out, "DROP FUNCTION taskdb_route.%s%s%s(", path->prefix,
						f->name, all ? "_all" : "");
				emit_args(out, f, from, 1);
				if (kind == ROUTE_ALL && order > 0 && after > 0)
					fprintf(out, "%sjsonb", arg_count(f, from) > 0 ? ", " : "");
				fprintf(out, ");\n");
			}
		}
}

/*
 * Refuses a router update between versions whose tables differ (see
 * emit_replace_marker); functions that differ are dropped first
 * (emit_router_drops).
 */
void
check_router_update(int from, int to)
{
	int			lo = from < to ? from : to;
	int			hi = from < to ? to : from;

	for (int i = 0; i < ncolumns; i++)
		if (columns[i].since > lo && columns[i].since <= hi)
		{
			fprintf(stderr, "gensql: column %s.%s differs between the two versions: "
					"write this router update script by hand\n",
					columns[i].table, columns[i].name);
			exit(2);
		}
	for (int t = 0; t < ntables; t++)
		if (tables[t].since > lo && tables[t].since <= hi)
		{
			fprintf(stderr, "gensql: table %s differs between the two versions: "
					"write this router update script by hand\n", tables[t].name);
			exit(2);
		}
}

