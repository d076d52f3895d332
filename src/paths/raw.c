/*-------------------------------------------------------------------------
 *
 * raw.c
 *	  The raw path: hand-written SQL with $n parameters (asyncpg's peer).
 *
 * Every statement here is hand-written text, prepared once per backend and
 * kept (see driver.c); update_task's are assembled from hand-written
 * fragments, one statement per shape of the call.  The canonical API (taskdb.create_task, ...) and the raw_
 * names are bound to these same C functions, so the canonical API costs
 * no second call.
 *
 * One library serves every extension version.  A function's argument
 * count tells which version's SQL definition called it (create_task has
 * one argument at 1.0 and two from 1.1 on), and each count runs only
 * statements that use the columns that version has.  A library newer than
 * the installed SQL therefore behaves exactly as the older version did,
 * and the contract suites run at every version prove it.  Arguments are
 * parsed and failures reported by contract.c, the same for every path.
 *
 * All statements name relations with their schema and write operators as
 * OPERATOR(pg_catalog.x), so the caller's search_path cannot change what
 * runs.  Each whole row is selected as one column ("RETURNING t") of the
 * table's row type, the function's result type.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "core/core.h"

#include "catalog/pg_type_d.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#define EQ	" OPERATOR(pg_catalog.=) "
#define GE	" OPERATOR(pg_catalog.>=) "
#define LT	" OPERATOR(pg_catalog.<) "

/*---- statements ----*/

/*
 * Readers come in pairs, [0] selecting t.* and [1] the whole row t:
 * TdbFetchTableToSRF takes the first unless the row type has a dropped
 * column.
 */
#define TASK_COLS	"SELECT t.* FROM taskdb.tasks t WHERE "
#define TASK_ROW	"SELECT t FROM taskdb.tasks t WHERE "

#define GET_TASK	"t.id" EQ "$1"
static TdbStatement get_task_stmts[2] = {
	{TASK_COLS GET_TASK, 1, {INT8OID}},
	{TASK_ROW GET_TASK, 1, {INT8OID}},
};

#define GET_TASKS	"t.id" EQ "ANY ($1) ORDER BY t.id"
static TdbStatement get_tasks_stmts[2] = {
	{TASK_COLS GET_TASKS, 1, {INT8ARRAYOID}},
	{TASK_ROW GET_TASKS, 1, {INT8ARRAYOID}},
};

static TdbStatement delete_task_stmt = {
	"DELETE FROM taskdb.tasks AS t WHERE t.id" EQ "$1 RETURNING t",
	1, {INT8OID}
};

static TdbStatement get_project_stmt = {
	"SELECT p FROM taskdb.projects p WHERE p.id" EQ "$1",
	1, {INT8OID}
};

/*
 * delete_project takes its locks in the order task writers take theirs: a
 * writer locks a task, then the project through the foreign key.  So the
 * project's tasks are deleted first (locked in id order first, the order
 * of every taskdb writer of many tasks, when one is locked by another
 * transaction: TdbDeleteProjectBySql), then the project is locked, so
 * that no task can join it before the count and the delete.
 */
static TdbStatement lock_project_tasks_stmt = {
	"SELECT true FROM taskdb.tasks t WHERE t.project_id" EQ "$1"
	" ORDER BY t.id FOR UPDATE",
	1, {INT8OID}
};

static TdbStatement lock_project_stmt = {
	"SELECT true FROM taskdb.projects p WHERE p.id" EQ "$1 FOR UPDATE",
	1, {INT8OID}
};

static TdbStatement count_project_tasks_stmt = {
	"SELECT pg_catalog.count(*) FROM taskdb.tasks t"
	" WHERE t.project_id" EQ "$1",
	1, {INT8OID}
};

static TdbStatement delete_project_tasks_stmt = {
	"DELETE FROM taskdb.tasks t WHERE t.project_id" EQ "$1",
	1, {INT8OID}
};

static TdbStatement delete_project_stmt = {
	"DELETE FROM taskdb.projects AS p WHERE p.id" EQ "$1 RETURNING p",
	1, {INT8OID}
};

/*
 * The bulk insert unnests in the target list: unnest in FROM would first
 * store every title in a tuplestore (spilling past work_mem), the target
 * list streams them.
 */
static TdbStatement create_tasks_stmt = {
	"INSERT INTO taskdb.tasks AS t (title)"
	" SELECT pg_catalog.unnest($1) RETURNING t",
	1, {TEXTARRAYOID}
};

static TdbStatement create_tasks_in_project_stmt = {
	"INSERT INTO taskdb.tasks AS t (title, project_id)"
	" SELECT pg_catalog.unnest($1), $2 RETURNING t",
	2, {TEXTARRAYOID, INT8OID}
};

/*---- statements written for the shape of a call ----*/

/*
 * Writes set only the columns a call gives (the call's shape), so their
 * text is written per shape from the hand-written skeletons below, once
 * per backend: the statements are kept by their shape here, and their
 * plans by the driver.
 */
#define SHAPE_SLOTS 256

static struct
{
	uint64		key;			/* 0: empty */
	TdbStatement *stmt;
}			shapes[SHAPE_SLOTS];

static TdbStatement *
shape_lookup(uint64 key)
{
	for (int n = 0, i = key % SHAPE_SLOTS; n < SHAPE_SLOTS;
		 n++, i = (i + 1) % SHAPE_SLOTS)
	{
		if (shapes[i].key == key)
			return shapes[i].stmt;
		if (shapes[i].key == 0)
			break;
	}
	return NULL;
}

static TdbStatement *
shape_store(uint64 key, const char *sql, int nargs, const Oid *argtypes)
{
	TdbStatement *stmt = TdbStatementForText(sql, nargs, argtypes);

	for (int n = 0, i = key % SHAPE_SLOTS; n < SHAPE_SLOTS;
		 n++, i = (i + 1) % SHAPE_SLOTS)
		if (shapes[i].key == 0)
		{
			shapes[i].key = key;
			shapes[i].stmt = stmt;
			break;
		}
	return stmt;
}

/*
 * A call's shape: which columns it sets, which of those to null, whether
 * it checks the row version, and what kind of write it is.
 */
static uint64
shape_of(const TdbCall *c, TdbStmtKind kind)
{
	uint64		key = (uint64) kind + 1;

	key |= (c->table == &TdbTasksTable ? 1 : 0) << 3;
	key |= (c->check_version ? 1 : 0) << 4;
	for (int i = 0; i < c->nset; i++)
		key |= (uint64) (c->set[i].isnull ? 2 : 1) << (6 + 2 * c->set[i].col->colno);
	return key;
}

/* The type a parameter for col is sent as: text for varchar columns. */
static Oid
param_type(const TdbColumn *col)
{
	return col->typid == VARCHAROID ? TEXTOID : col->typid;
}

/*
 * " AND EXISTS (SELECT FROM taskdb.projects p WHERE p.id = $n)" for a
 * foreign key column set to parameter n: the write then comes back with
 * no row when the project is missing, which TdbCallMissed explains.
 */
static void
append_reference_check(StringInfo sql, const TdbColumn *col, int n,
					   bool *any)
{
	const TdbColumn *ref = TdbReferencedColumn(col);

	if (ref == NULL)
		return;
	appendStringInfo(sql, "%sEXISTS (SELECT FROM %s.%s %s WHERE %s.%s" EQ "$%d)",
					 *any ? " AND " : " WHERE ", ref->table->schema,
					 ref->table->name, ref->table->alias, ref->table->alias,
					 ref->name, n);
	*any = true;
}

/*
 * INSERT INTO taskdb.tasks AS t (title, ...) VALUES ($1, ...) RETURNING t,
 * or, with a foreign key set, SELECT $1, ... WHERE EXISTS (...).
 */
static TdbStatement *
insert_statement(const TdbCall *c, Datum *values)
{
	uint64		key = shape_of(c, TDB_STMT_INSERT);
	TdbStatement *stmt = shape_lookup(key);
	StringInfoData sql;
	StringInfoData list;
	Oid			types[TDB_MAX_PARAMS];
	bool		checked = false;
	bool		any = false;

	for (int i = 0; i < c->nset; i++)
		values[i] = c->set[i].value;
	if (stmt != NULL)
		return stmt;

	initStringInfo(&sql);
	initStringInfo(&list);
	for (int i = 0; i < c->nset; i++)
	{
		appendStringInfo(&list, "%s%s", i > 0 ? ", " : "",
						 quote_identifier(c->set[i].col->name));
		types[i] = param_type(c->set[i].col);
		if (TdbReferencedColumn(c->set[i].col))
			checked = true;
	}
	appendStringInfo(&sql, "INSERT INTO %s.%s AS %s (%s) %s", c->table->schema,
					 c->table->name, c->table->alias, list.data,
					 checked ? "SELECT " : "VALUES (");
	for (int i = 0; i < c->nset; i++)
		appendStringInfo(&sql, "%s$%d", i > 0 ? ", " : "", i + 1);
	if (!checked)
		appendStringInfoChar(&sql, ')');
	for (int i = 0; i < c->nset; i++)
		append_reference_check(&sql, c->set[i].col, i + 1, &any);
	appendStringInfo(&sql, " RETURNING %s", c->table->alias);
	return shape_store(key, sql.data, c->nset, types);
}

/*
 * UPDATE taskdb.tasks AS t SET title = $2, ... WHERE t.id = $1 [AND
 * EXISTS (...)] [AND t.version = $n] RETURNING t.  A column cleared is set
 * to NULL in the text.  Nothing to set: lock the row and return it as it
 * is; FOR UPDATE asks for UPDATE privilege on some column of the table, as
 * the orm checks for an update that sends nothing.
 */
static TdbStatement *
update_statement(const TdbCall *c, Datum *values, int *nvalues)
{
	uint64		key = shape_of(c, TDB_STMT_UPDATE);
	TdbStatement *stmt = shape_lookup(key);
	const char *alias = c->table->alias;
	StringInfoData sql;
	Oid			types[TDB_MAX_PARAMS];
	int			n = 0;
	bool		any = true;

	values[n] = Int64GetDatum(c->key);
	types[n++] = INT8OID;
	for (int i = 0; i < c->nset; i++)
		if (!c->set[i].isnull)
		{
			values[n] = c->set[i].value;
			types[n++] = param_type(c->set[i].col);
		}
	if (c->check_version)
	{
		values[n] = Int32GetDatum(c->expected_version);
		types[n++] = INT4OID;
	}
	*nvalues = n;
	if (stmt != NULL)
		return stmt;

	initStringInfo(&sql);
	if (c->nset == 0)
		appendStringInfo(&sql, "SELECT %s FROM %s.%s %s", alias,
						 c->table->schema, c->table->name, alias);
	else
	{
		appendStringInfo(&sql, "UPDATE %s.%s AS %s SET ", c->table->schema,
						 c->table->name, alias);
		for (int i = 0, p = 1; i < c->nset; i++)
		{
			appendStringInfo(&sql, "%s%s = ", i > 0 ? ", " : "",
							 quote_identifier(c->set[i].col->name));
			if (c->set[i].isnull)
				appendStringInfoString(&sql, "NULL");
			else
				appendStringInfo(&sql, "$%d", ++p);
		}
	}
	appendStringInfo(&sql, " WHERE %s.%s" EQ "$1", alias,
					 c->table->columns[0]->name);
	for (int i = 0, p = 1; i < c->nset; i++)
		if (!c->set[i].isnull)
			append_reference_check(&sql, c->set[i].col, ++p, &any);
	if (c->check_version)
		appendStringInfo(&sql, " AND %s.%s" EQ "$%d", alias,
						 quote_identifier(c->expect_col->name), n);
	appendStringInfoString(&sql, c->nset > 0 ? " RETURNING " : " FOR UPDATE");
	if (c->nset > 0)
		appendStringInfoString(&sql, alias);
	return shape_store(key, sql.data, n, types);
}

/* The operators of filters, as the raw path writes them. */
static const char *
filter_operator(TdbFilterOp op)
{
	switch (op)
	{
		case TDB_FILTER_EQ:
			return EQ;
		case TDB_FILTER_LT:
			return LT;
		case TDB_FILTER_GT:
			return " OPERATOR(pg_catalog.>) ";
		case TDB_FILTER_LE:
			return " OPERATOR(pg_catalog.<=) ";
		case TDB_FILTER_GE:
			return GE;
		case TDB_FILTER_LIKE:
			return " OPERATOR(pg_catalog.~~) ";
		case TDB_FILTER_ILIKE:
			return " OPERATOR(pg_catalog.~~*) ";
		default:
			return NULL;
	}
}

/*
 * What a read orders by, on the table named alias: the column, or for a
 * nullable one the column with null as its type's infinity (a timestamp's
 * infinity, an integer's largest value), so that rows without a value
 * sort last (first when descending) and the keyset cursor compares them
 * as values too.  The description allows ORDER on no other nullable type
 * (desc/desc.c checks it when it is compiled).
 */
static char *
order_expr(const TdbColumn *col, const char *alias)
{
	if (col->notnull)
		return psprintf("%s.%s", alias, quote_identifier(col->name));
	return psprintf("COALESCE(%s.%s, %s)", alias, quote_identifier(col->name),
					TdbOrderInfinitySQL(col));
}

/* The key a read's statement is kept by, or 0 when it is not kept. */
static uint64
read_shape(const TdbRead *r, bool whole_row)
{
	uint64		key = (uint64) TDB_NUM_STMT_KINDS + 1;	/* no write's kind */

	if (r->nfilters > 6)
		return 0;				/* not kept: written each time */
	key |= (uint64) whole_row << 3;
	key |= (uint64) (r->table == &TdbTasksTable) << 4;
	key |= (uint64) r->has_start << 5;
	key |= (uint64) r->has_after << 6;
	key |= (uint64) r->descending << 7;
	Assert(!r->has_offset);		/* list_x take no offset */
	key |= (uint64) r->has_position << 8;
	key |= (uint64) (r->order->colno & 0xF) << 9;
	for (int i = 0; i < r->nfilters; i++)
		key |= (uint64) ((r->filters[i].col->colno & 0xF) |
						 ((r->filters[i].op & 0xF) << 4)) << (13 + 8 * i);
	key |= (uint64) r->nfilters << 61;
	return key;
}

/* The parameters of a read's statement, in the order it numbers them. */
static void
read_values(const TdbRead *r, Datum *values)
{
	int			n = 0;

	if (r->has_start)
		values[n++] = Int64GetDatum(r->start);
	values[n++] = Int32GetDatum(r->limit);
	for (int i = 0; i < r->nfilters; i++)
		if (r->filters[i].op != TDB_FILTER_NULL &&
			r->filters[i].op != TDB_FILTER_NOT_NULL &&
			r->filters[i].op != TDB_FILTER_OVERDUE &&
			r->filters[i].op != TDB_FILTER_NOT_OVERDUE)
			values[n++] = r->filters[i].value;
	if (r->has_after)
		values[n++] = Int64GetDatum(r->after);
	if (r->has_position)
	{
		values[n++] = r->position_value;
		values[n++] = Int64GetDatum(r->position_key);
	}
}

/*
 * The SELECT of a read (list_x), kept by its shape; the caller puts its
 * parameters in values with read_values.  The page's first id ($1) in id
 * order, the page size ($2), then each filter's value; in another order
 * the page begins after the cursor row ((t.col, t.id) > (SELECT ...)).  whole_row
 * selects the row as one value, else t.*.
 */
static TdbStatement *
read_statement(const TdbRead *r, bool whole_row, Datum *values)
{
	uint64		key = read_shape(r, whole_row);
	TdbStatement *stmt = key != 0 ? shape_lookup(key) : NULL;
	const TdbTable *table = r->table;
	const char *alias = table->alias;
	const char *pk = table->columns[0]->name;
	StringInfoData sql;
	Oid			types[TDB_MAX_PARAMS];
	int			n = 0;
	bool		any = false;

	if (stmt != NULL)
		return stmt;
	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT %s%s FROM %s.%s %s", alias,
					 whole_row ? "" : ".*", table->schema, table->name, alias);
	if (r->has_start)
	{
		appendStringInfo(&sql, " WHERE %s.%s" GE "$1", alias, pk);
		values[n] = Int64GetDatum(r->start);
		types[n++] = INT8OID;
		any = true;
	}
	values[n] = Int32GetDatum(r->limit);
	types[n++] = INT4OID;
	for (int i = 0; i < r->nfilters; i++)
	{
		const TdbFilter *f = &r->filters[i];
		const char *col = quote_identifier(f->col->name);

		if (n + 1 > TDB_MAX_PARAMS)
			elog(ERROR, "too many parameters");
		appendStringInfoString(&sql, any ? " AND " : " WHERE ");
		any = true;
		switch (f->op)
		{
			case TDB_FILTER_NULL:
			case TDB_FILTER_NOT_NULL:
				appendStringInfo(&sql, "%s.%s IS %sNULL", alias, col,
								 f->op == TDB_FILTER_NULL ? "" : "NOT ");
				continue;
			case TDB_FILTER_IN:
			case TDB_FILTER_IN_OR_NULL:
				appendStringInfo(&sql, "(%s.%s" EQ "ANY ($%d)", alias, col, n + 1);
				if (f->op == TDB_FILTER_IN_OR_NULL)
					appendStringInfo(&sql, " OR %s.%s IS NULL", alias, col);
				appendStringInfoChar(&sql, ')');
				break;
			case TDB_FILTER_OVERDUE:
				/* due before now and not done */
				appendStringInfo(&sql, "(%s" LT "pg_catalog.now() AND %s.%s IS NOT NULL AND NOT %s.done)",
								 order_expr(f->col, alias), alias, col, alias);
				continue;
			case TDB_FILTER_NOT_OVERDUE:
				appendStringInfo(&sql, "(%s.%s IS NULL OR %s.%s" GE "pg_catalog.now() OR %s.done)",
								 alias, col, alias, col, alias);
				continue;
			case TDB_FILTER_LT:
			case TDB_FILTER_GT:
			case TDB_FILTER_LE:
			case TDB_FILTER_GE:
				if (!f->col->notnull && (f->col->flags & TDB_COL_ORDER))
				{
					/* the order expression: its index serves the range */
					appendStringInfo(&sql, "(%s%s$%d AND %s.%s IS NOT NULL)",
									 order_expr(f->col, alias),
									 filter_operator(f->op), n + 1, alias, col);
					break;
				}
				/* FALLTHROUGH */
			default:
				appendStringInfo(&sql, "%s.%s%s$%d", alias, col,
								 filter_operator(f->op), n + 1);
				break;
		}
		values[n] = f->value;
		types[n++] = f->type;
	}
	if (r->has_after)
	{
		const char *op = r->descending ? " OPERATOR(pg_catalog.<) " :
			" OPERATOR(pg_catalog.>) ";

		appendStringInfoString(&sql, any ? " AND " : " WHERE ");
		if (r->order == table->columns[0])
			appendStringInfo(&sql, "%s.%s%s$%d", alias, pk, op, n + 1);
		else
			appendStringInfo(&sql, "(%s, %s.%s)%s(SELECT %s, c.%s FROM %s.%s c"
							 " WHERE c.%s" EQ "$%d)", order_expr(r->order, alias),
							 alias, pk, op, order_expr(r->order, "c"), pk,
							 table->schema, table->name, pk, n + 1);
		values[n] = Int64GetDatum(r->after);
		types[n++] = INT8OID;
	}
	if (r->has_position)
	{
		/* a token's place: (t.col, t.id) > ($v, $k) */
		appendStringInfoString(&sql, any ? " AND " : " WHERE ");
		any = true;
		appendStringInfo(&sql, "(%s, %s.%s)%s($%d, $%d)", order_expr(r->order, alias),
						 alias, pk, r->descending ? " OPERATOR(pg_catalog.<) " :
						 " OPERATOR(pg_catalog.>) ", n + 1, n + 2);
		values[n] = r->position_value;
		types[n++] = r->order->typid == VARCHAROID ? TEXTOID : r->order->typid;
		values[n] = Int64GetDatum(r->position_key);
		types[n++] = INT8OID;
	}
	if (TdbReadHidesOrderIndex(r))
		appendStringInfo(&sql, " ORDER BY (%s%s)%s", order_expr(r->order, alias),
						 TdbOrderNoIndexSQL(r->order), r->descending ? " DESC" : "");
	else
		appendStringInfo(&sql, " ORDER BY %s%s", order_expr(r->order, alias),
						 r->descending ? " DESC" : "");
	if (r->order != table->columns[0])
		appendStringInfo(&sql, ", %s.%s%s", alias, pk,
						 r->descending ? " DESC" : "");
	appendStringInfo(&sql, " LIMIT $%d", r->has_start ? 2 : 1);
	stmt = key == 0 ? TdbStatementForText(sql.data, n, types) :
		shape_store(key, sql.data, n, types);
	stmt->per_call = TdbReadWantsCustomPlan(r);
	return stmt;
}

/*---- tasks ----*/

/*
 * get_task(id bigint) RETURNS SETOF taskdb.tasks, STRICT STABLE
 */
PG_FUNCTION_INFO_V1(raw_get_task);
Datum
raw_get_task(PG_FUNCTION_ARGS)
{
	Datum		values[1];

	TdbPathBegin(TDB_PATH_RAW);
	values[0] = PG_GETARG_DATUM(0);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	TdbFetchTableToSRF(&get_task_stmts[0], &get_task_stmts[1], values, NULL,
					   true, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

/*
 * get_tasks(ids bigint[]) RETURNS SETOF taskdb.tasks, STRICT STABLE
 *
 * One statement with = ANY ($1), rows in id order, each at most once.
 */
PG_FUNCTION_INFO_V1(raw_get_tasks);
Datum
raw_get_tasks(PG_FUNCTION_ARGS)
{
	Datum		values[1];

	TdbPathBegin(TDB_PATH_RAW);
	values[0] = PG_GETARG_DATUM(0);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	TdbFetchTableToSRF(&get_tasks_stmts[0], &get_tasks_stmts[1], values, NULL,
					   true, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

/* A reader of a page of rows of the function's result type (list_x). */
static Datum
read_rows(FunctionCallInfo fcinfo, const TdbApiFunction *fn)
{
	TdbRead		r;
	Datum		values[TDB_MAX_PARAMS];
	TdbStatement *cols;
	TdbStatement *whole;

	TdbParseRead(fcinfo, fn, &r);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (r.empty)
		return (Datum) 0;
	read_values(&r, values);
	whole = read_statement(&r, true, values);
	cols = read_statement(&r, false, values);
	TdbSPIConnect();
	TdbFetchTableToSRF(cols, whole, values, NULL, true, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

/*
 * list_tasks(done, after_id, lim [, project_id]) RETURNS SETOF taskdb.tasks
 *
 * NULL filters mean any; after_id is the keyset cursor.
 */
PG_FUNCTION_INFO_V1(raw_list_tasks);
Datum
raw_list_tasks(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_RAW);
	return read_rows(fcinfo, &TdbApi_list_tasks);
}

/* create_x: INSERT the columns given, RETURNING the row. */
static Datum
create_row(FunctionCallInfo fcinfo, const TdbApiFunction *fn)
{
	TdbCall		c;
	Datum		values[TDB_MAX_ASSIGN];
	TdbStatement *stmt;

	TdbParseCall(fcinfo, fn, &c);
	stmt = insert_statement(&c, values);
	PG_RETURN_DATUM(TdbWriteOne(stmt, values, NULL, &c, TDB_STMT_INSERT));
}

/*
 * create_task(title text [, project_id bigint ...]) RETURNS taskdb.tasks
 */
PG_FUNCTION_INFO_V1(raw_create_task);
Datum
raw_create_task(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_RAW);
	return create_row(fcinfo, &TdbApi_create_task);
}

/*
 * create_tasks(titles text[] [, project_id bigint])
 *		RETURNS SETOF taskdb.tasks
 *
 * The bulk load: the titles are checked first (contract.c), then the rows
 * go in by multi-insert, as COPY FROM writes them (bulk.c).  A table that
 * multi-insert cannot serve the way INSERT would (a BEFORE trigger, a
 * rule, row level security) gets one INSERT ... SELECT unnest($1) instead.
 */
PG_FUNCTION_INFO_V1(raw_create_tasks);
Datum
raw_create_tasks(PG_FUNCTION_ARGS)
{
	TdbTasksCreate c;
	Datum		values[2];
	uint64		nrows = 0;

	TdbPathBegin(TDB_PATH_RAW);
	TdbParseCreateTasks(fcinfo, &c);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);

	values[0] = PointerGetDatum(c.titles);
	TdbSPIConnect();
	if (c.in_project && !TdbProjectExists(c.project_id))
		TdbProjectNotFound(c.project_id, ERRCODE_FOREIGN_KEY_VIOLATION);
	if (c.ntitles > 0 && TdbBulkLoadTasks(&c, fcinfo, &nrows))
		TdbCountWork(TDB_STMT_INSERT, nrows);
	else if (c.ntitles > 0)
	{
		if (!c.in_project)
			nrows = TdbFetchToSRF(&create_tasks_stmt, values, NULL, false,
								  fcinfo);
		else
		{
			values[1] = Int64GetDatum(c.project_id);
			nrows = TdbFetchToSRF(&create_tasks_in_project_stmt, values, NULL,
								  false, fcinfo);
		}
		if (nrows < (uint64) c.ntitles)
			TdbWriteSkipped(&TdbTasksTable, TDB_STMT_INSERT, 0,
							c.ntitles - nrows, c.ntitles);
	}
	TdbSPIFinish();
	return (Datum) 0;
}

/* update_x: SET the columns given, checked against the version given. */
static Datum
update_row(FunctionCallInfo fcinfo, const TdbApiFunction *fn)
{
	TdbCall		c;
	Datum		values[TDB_MAX_PARAMS];
	int			nvalues;
	TdbStatement *stmt;

	TdbParseCall(fcinfo, fn, &c);
	stmt = update_statement(&c, values, &nvalues);
	Assert(stmt->nargs == nvalues);
	PG_RETURN_DATUM(TdbWriteOne(stmt, values, NULL, &c, TDB_STMT_UPDATE));
}

/*
 * update_task(id bigint, title text, done boolean [, project_id bigint,
 *			   clear_project boolean [, expected_version integer ...]])
 *		RETURNS taskdb.tasks
 *
 * A NULL value leaves its column as it is; clear_x => true sets it to
 * NULL.  With expected_version, a task that has moved on raises
 * serialization_failure and changes nothing.
 */
PG_FUNCTION_INFO_V1(raw_update_task);
Datum
raw_update_task(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_RAW);
	return update_row(fcinfo, &TdbApi_update_task);
}

/*
 * delete_task(id bigint) RETURNS taskdb.tasks
 */
PG_FUNCTION_INFO_V1(raw_delete_task);
Datum
raw_delete_task(PG_FUNCTION_ARGS)
{
	TdbCall		c;
	Datum		values[1];

	TdbPathBegin(TDB_PATH_RAW);
	TdbParseCall(fcinfo, &TdbApi_delete_task, &c);
	values[0] = Int64GetDatum(c.key);
	PG_RETURN_DATUM(TdbWriteOne(&delete_task_stmt, values, NULL, &c,
								TDB_STMT_DELETE));
}

/*---- projects (from 1.1) ----*/

/*
 * create_project(name text) RETURNS taskdb.projects
 */
PG_FUNCTION_INFO_V1(raw_create_project);
Datum
raw_create_project(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_RAW);
	return create_row(fcinfo, &TdbApi_create_project);
}

/*
 * get_project(id bigint) RETURNS SETOF taskdb.projects, STRICT STABLE
 */
PG_FUNCTION_INFO_V1(raw_get_project);
Datum
raw_get_project(PG_FUNCTION_ARGS)
{
	Datum		values[1];

	TdbPathBegin(TDB_PATH_RAW);
	values[0] = PG_GETARG_DATUM(0);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	TdbSPIConnect();
	TdbFetchToSRF(&get_project_stmt, values, NULL, true, fcinfo);
	TdbSPIFinish();
	return (Datum) 0;
}

/*
 * list_projects(after_id bigint, lim integer) RETURNS SETOF taskdb.projects
 */
PG_FUNCTION_INFO_V1(raw_list_projects);
Datum
raw_list_projects(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_RAW);
	return read_rows(fcinfo, &TdbApi_list_projects);
}

/*
 * delete_project(id bigint, cascade boolean) RETURNS taskdb.projects
 *
 * The contract's steps (TdbDeleteProjectBySql) over the hand-written
 * statements above.
 */
PG_FUNCTION_INFO_V1(raw_delete_project);
Datum
raw_delete_project(PG_FUNCTION_ARGS)
{
	TdbCall		c;
	Datum		result;
	static const TdbDeleteProjectSql sql = {
		.lock_tasks = &lock_project_tasks_stmt,
		.lock_project = &lock_project_stmt,
		.count_tasks = &count_project_tasks_stmt,
		.delete_tasks = &delete_project_tasks_stmt,
		.delete_project = &delete_project_stmt,
	};

	TdbPathBegin(TDB_PATH_RAW);
	TdbParseCall(fcinfo, &TdbApi_delete_project, &c);
	TdbSPIConnect();
	result = TdbDeleteProjectBySql(&c, &sql);
	TdbSPIFinish();
	PG_RETURN_DATUM(result);
}

/*---- cursors ----*/

/*
 * The order column of a cursor function's order_by argument (the
 * direction does not matter: a token is a place in the order).
 */
static const TdbColumn *
cursor_order(FunctionCallInfo fcinfo, int argno)
{
	bool		descending;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("order_by must not be null")));
	return TdbOrderColumn("order_by", text_to_cstring(PG_GETARG_TEXT_PP(argno)),
						  &descending);
}

/*
 * task_cursor(task taskdb.tasks, order_by text DEFAULT 'id') RETURNS text
 *
 * The keyset cursor of a task row in an order: an opaque token (see
 * core/cursor.c) that list_tasks(after => ...) and the "after" key of
 * find_tasks and model_list_tasks start the next page after.
 */
PG_FUNCTION_INFO_V1(task_cursor);
Datum
task_cursor(PG_FUNCTION_ARGS)
{
	const TdbColumn *col;

	TdbPathBegin(TDB_PATH_RAW);
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("task must not be null")));
	col = cursor_order(fcinfo, 1);
	PG_RETURN_TEXT_P(cstring_to_text(TdbCursorFromRow(PG_GETARG_HEAPTUPLEHEADER(0),
													  col)));
}
