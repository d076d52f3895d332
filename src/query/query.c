/*-------------------------------------------------------------------------
 *
 * query.c
 *	  A typed query builder: SQL rendered from the schema description.
 *
 * SQLAlchemy Core's promise is composable SQL built from objects, not
 * strings.  Here the objects are the column descriptors of desc/desc.c:
 * code names a column as &TdbTasks.title, so a misspelled column does not
 * compile.  A statement is a small tree of nodes allocated in the caller's
 * memory context (normally the function call's), rendered once to text:
 *
 *	  - every value is a numbered parameter, typed from its column;
 *	  - every identifier is passed through quote_identifier;
 *	  - every operator is written OPERATOR(pg_catalog.op) and every
 *		function is schema-qualified, so search_path cannot change it;
 *	  - rendering is deterministic (parameters are numbered in the order
 *		the code creates them, clauses render in a fixed order), so one
 *		query shape always gives the same text and reuses one kept plan
 *		through the driver (TdbStatementForText).
 *
 * A subquery (TdbSubselect) shares its outer query's parameters, so the
 * numbering stays global; it names its table with its own alias.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "query/query.h"

#include "catalog/pg_type_d.h"
#include "lib/stringinfo.h"
#include "nodes/pg_list.h"
#include "utils/builtins.h"

typedef enum TdbQueryKind
{
	TDB_Q_SELECT,
	TDB_Q_INSERT,
	TDB_Q_UPDATE,
	TDB_Q_DELETE
} TdbQueryKind;

typedef enum TdbExprKind
{
	TDB_E_COLUMN,
	TDB_E_ROW,
	TDB_E_STAR,
	TDB_E_PARAM,
	TDB_E_OP,
	TDB_E_ANY,
	TDB_E_NULLTEST,
	TDB_E_AND,
	TDB_E_OR,
	TDB_E_NOT,
	TDB_E_AGG,
	TDB_E_EXISTS,
	TDB_E_ROWCMP,
	TDB_E_COALESCE,
	TDB_E_NOW,
	TDB_E_CONST,
	TDB_E_SUFFIX
} TdbExprKind;

struct TdbExpr
{
	TdbExprKind kind;
	const char *alias;			/* COLUMN, ROW: the table's alias; CONST,
								 * SUFFIX: the SQL text */
	const TdbColumn *column;	/* COLUMN */
	int			paramno;		/* PARAM: 1-based */
	int			op;				/* OP, ROWCMP: TdbCmp; AGG: TdbAgg */
	bool		negate;			/* NULLTEST: IS NOT NULL */
	TdbExpr    *left;
	TdbExpr    *right;
	TdbExpr    *third;			/* ROWCMP: second left column; AGG: filter */
	TdbExpr    *fourth;			/* ROWCMP of values: second right value */
	TdbQuery   *sub;			/* EXISTS, ROWCMP */
};

/* Parameters, shared by a query and its subqueries. */
typedef struct TdbParams
{
	int			count;
	Oid			types[TDB_MAX_PARAMS];
	Datum		values[TDB_MAX_PARAMS];
	char		nulls[TDB_MAX_PARAMS];
} TdbParams;

typedef struct TdbJoinItem
{
	const TdbTable *table;
	bool		left;
	TdbExpr    *on;
} TdbJoinItem;

typedef struct BuildAssign
{
	const TdbColumn *column;
	TdbExpr    *value;
	bool		from_array;		/* the value is an array to unnest */
} BuildAssign;

/* how an UPDATE of many rows names the rows its arrays unnest into */
#define ROWS_ALIAS	"u"

typedef struct TdbOrderItem
{
	TdbExpr    *expr;
	bool		descending;
} TdbOrderItem;

typedef struct TdbTargetItem
{
	TdbExpr    *expr;
	const char *label;
} TdbTargetItem;

struct TdbQuery
{
	TdbQueryKind kind;
	const TdbTable *table;
	const char *alias;
	TdbParams  *params;
	List	   *targets;		/* TdbTargetItem (SELECT) */
	List	   *joins;			/* TdbJoinItem */
	TdbExpr    *where;
	List	   *group_by;		/* TdbExpr */
	List	   *order_by;		/* TdbOrderItem */
	TdbExpr    *limit;
	TdbExpr    *offset;
	List	   *assigns;		/* BuildAssign (INSERT, UPDATE) */
	List	   *matches;		/* BuildAssign: the keys of an UPDATE of many
								 * rows (TdbMatchFrom) */
	List	   *returning;		/* TdbExpr */
	bool		for_update;		/* SELECT ... FOR UPDATE */
	bool		per_call;		/* planned for each call's values */
	const char *rendered;		/* cached text */
};

static const char *const cmp_ops[] = {
	[TDB_EQ] = "=",
	[TDB_NE] = "<>",
	[TDB_LT] = "<",
	[TDB_LE] = "<=",
	[TDB_GT] = ">",
	[TDB_GE] = ">=",
	[TDB_LIKE] = "~~",
	[TDB_ILIKE] = "~~*",
};

static const char *const agg_names[] = {
	[TDB_COUNT] = "count",
	[TDB_MIN] = "min",
	[TDB_MAX] = "max",
};

/*---- statements ----*/

static TdbQuery *
new_query(TdbQueryKind kind, const TdbTable *table, const char *alias,
		  TdbParams *params)
{
	TdbQuery   *q = palloc0(sizeof(TdbQuery));

	q->kind = kind;
	q->table = table;
	q->alias = alias;
	q->params = params ? params : palloc0(sizeof(TdbParams));
	return q;
}

TdbQuery *
TdbSelect(const TdbTable *from)
{
	return new_query(TDB_Q_SELECT, from, from->alias, NULL);
}

TdbQuery *
TdbSubselect(TdbQuery *outer, const TdbTable *from, const char *alias)
{
	return new_query(TDB_Q_SELECT, from, alias, outer->params);
}

TdbQuery *
TdbInsert(const TdbTable *into)
{
	return new_query(TDB_Q_INSERT, into, into->alias, NULL);
}

TdbQuery *
TdbUpdate(const TdbTable *table)
{
	return new_query(TDB_Q_UPDATE, table, table->alias, NULL);
}

TdbQuery *
TdbDelete(const TdbTable *from)
{
	return new_query(TDB_Q_DELETE, from, from->alias, NULL);
}

/*---- expressions ----*/

static TdbExpr *
new_expr(TdbExprKind kind)
{
	TdbExpr    *e = palloc0(sizeof(TdbExpr));

	e->kind = kind;
	return e;
}

/* The alias under which q names table: its own table or a joined one. */
static const char *
alias_for(TdbQuery *q, const TdbTable *table)
{
	ListCell   *lc;

	if (table == q->table)
		return q->alias;
	foreach(lc, q->joins)
	{
		TdbJoinItem *j = lfirst(lc);

		if (j->table == table)
			return j->table->alias;
	}
	elog(ERROR, "table %s.%s is not part of the query",
		 table->schema, table->name);
	return NULL;				/* keep compiler quiet */
}

TdbExpr *
TdbCol(TdbQuery *q, const TdbColumn *col)
{
	TdbExpr    *e = new_expr(TDB_E_COLUMN);

	e->column = col;
	e->alias = alias_for(q, col->table);
	return e;
}

TdbExpr *
TdbRow(TdbQuery *q, const TdbTable *table)
{
	TdbExpr    *e = new_expr(TDB_E_ROW);

	e->alias = alias_for(q, table);
	return e;
}

/* alias.*: every column of the table, as separate result columns */
TdbExpr *
TdbStar(TdbQuery *q, const TdbTable *table)
{
	TdbExpr    *e = new_expr(TDB_E_STAR);

	e->alias = alias_for(q, table);
	return e;
}

TdbExpr *
TdbParam(TdbQuery *q, Oid type, Datum value, bool isnull)
{
	TdbParams  *p = q->params;
	TdbExpr    *e;

	if (p->count >= TDB_MAX_PARAMS)
		elog(ERROR, "query has more than %d parameters", TDB_MAX_PARAMS);
	p->types[p->count] = type;
	p->values[p->count] = value;
	p->nulls[p->count] = isnull ? 'n' : ' ';
	p->count++;

	e = new_expr(TDB_E_PARAM);
	e->paramno = p->count;
	return e;
}

/*
 * A parameter holding a value for col, typed from the column.  Strings are
 * passed as text, which every string column accepts.
 */
TdbExpr *
TdbParamFor(TdbQuery *q, const TdbColumn *col, Datum value)
{
	Oid			type = col->typid == VARCHAROID ? TEXTOID : col->typid;

	return TdbParam(q, type, value, false);
}

TdbExpr *
TdbOp(TdbCmp op, TdbExpr *left, TdbExpr *right)
{
	TdbExpr    *e = new_expr(TDB_E_OP);

	e->op = op;
	e->left = left;
	e->right = right;
	return e;
}

TdbExpr *
TdbEqAny(TdbExpr *left, TdbExpr *array)
{
	TdbExpr    *e = new_expr(TDB_E_ANY);

	e->left = left;
	e->right = array;
	return e;
}

TdbExpr *
TdbIsNull(TdbExpr *arg, bool negate)
{
	TdbExpr    *e = new_expr(TDB_E_NULLTEST);

	e->left = arg;
	e->negate = negate;
	return e;
}

/* AND and OR accept NULL for "no condition", which makes folding easy. */
static TdbExpr *
bool_expr(TdbExprKind kind, TdbExpr *a, TdbExpr *b)
{
	TdbExpr    *e;

	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	e = new_expr(kind);
	e->left = a;
	e->right = b;
	return e;
}

TdbExpr *
TdbAnd(TdbExpr *a, TdbExpr *b)
{
	return bool_expr(TDB_E_AND, a, b);
}

TdbExpr *
TdbOr(TdbExpr *a, TdbExpr *b)
{
	return bool_expr(TDB_E_OR, a, b);
}

TdbExpr *
TdbNot(TdbExpr *arg)
{
	TdbExpr    *e = new_expr(TDB_E_NOT);

	e->left = arg;
	return e;
}

/* An aggregate; arg NULL means count(*); filter NULL means no FILTER. */
TdbExpr *
TdbAggregate(TdbAgg agg, TdbExpr *arg, TdbExpr *filter)
{
	TdbExpr    *e = new_expr(TDB_E_AGG);

	e->op = agg;
	e->left = arg;
	e->third = filter;
	return e;
}

TdbExpr *
TdbExists(TdbQuery *sub)
{
	TdbExpr    *e = new_expr(TDB_E_EXISTS);

	e->sub = sub;
	return e;
}

/* (left1, left2) op (SELECT two columns ...) */
TdbExpr *
TdbRowCmp(TdbCmp op, TdbExpr *left1, TdbExpr *left2, TdbQuery *right)
{
	TdbExpr    *e = new_expr(TDB_E_ROWCMP);

	e->op = op;
	e->left = left1;
	e->third = left2;
	e->sub = right;
	return e;
}

/* ROW(left1, left2) op ROW(right1, right2): a row comparison with values */
TdbExpr *
TdbRowCmpValues(TdbCmp op, TdbExpr *left1, TdbExpr *left2, TdbExpr *right1,
				TdbExpr *right2)
{
	TdbExpr    *e = new_expr(TDB_E_ROWCMP);

	e->op = op;
	e->left = left1;
	e->third = left2;
	e->right = right1;
	e->fourth = right2;
	return e;
}

/* pg_catalog.now(): the transaction's start, written in the text */
TdbExpr *
TdbNow(void)
{
	return new_expr(TDB_E_NOW);
}

/*
 * A constant the code writes into the text (never a caller's value, which
 * is always a parameter): where the planner must see the value to match
 * an index expression, as the order expressions' infinities.
 */
TdbExpr *
TdbConst(const char *sql)
{
	TdbExpr    *e = new_expr(TDB_E_CONST);

	e->alias = sql;
	return e;
}

/*
 * (e<suffix>): an operator and constant the code writes after an
 * expression (TdbOrderNoIndexSQL), never a caller's value.
 */
TdbExpr *
TdbSuffix(TdbExpr *e, const char *suffix)
{
	TdbExpr    *s = new_expr(TDB_E_SUFFIX);

	s->left = e;
	s->alias = suffix;
	return s;
}

/* COALESCE(a, b): a, or b where a is null */
TdbExpr *
TdbCoalesce(TdbExpr *a, TdbExpr *b)
{
	TdbExpr    *e = new_expr(TDB_E_COALESCE);

	e->left = a;
	e->third = b;
	return e;
}

/*---- clauses ----*/

void
TdbTarget(TdbQuery *q, TdbExpr *e, const char *label)
{
	TdbTargetItem *t = palloc(sizeof(TdbTargetItem));

	t->expr = e;
	t->label = label;
	q->targets = lappend(q->targets, t);
}

/*
 * Join table along the foreign key that links it with the query's table
 * (in either direction), with extra_on ANDed to the join condition.
 */
void
TdbJoin(TdbQuery *q, const TdbTable *table, bool left, TdbExpr *extra_on)
{
	TdbJoinItem *j = palloc(sizeof(TdbJoinItem));
	const TdbForeignKey *fk = NULL;

	for (int i = 0; i < q->table->nfkeys && fk == NULL; i++)
		if (q->table->fkeys[i].ref_column->table == table)
			fk = &q->table->fkeys[i];
	for (int i = 0; i < table->nfkeys && fk == NULL; i++)
		if (table->fkeys[i].ref_column->table == q->table)
			fk = &table->fkeys[i];
	if (fk == NULL)
		elog(ERROR, "no foreign key links %s and %s",
			 q->table->name, table->name);

	j->table = table;
	j->left = left;
	q->joins = lappend(q->joins, j);

	/* the join's own columns resolve now that the table is joined */
	j->on = TdbAnd(TdbOp(TDB_EQ, TdbCol(q, fk->column),
						 TdbCol(q, fk->ref_column)),
				   extra_on);
}

/* AND cond to the join condition of the joined table. */
void
TdbJoinCondition(TdbQuery *q, const TdbTable *table, TdbExpr *cond)
{
	ListCell   *lc;

	foreach(lc, q->joins)
	{
		TdbJoinItem *j = lfirst(lc);

		if (j->table == table)
		{
			j->on = TdbAnd(j->on, cond);
			return;
		}
	}
	elog(ERROR, "table %s is not joined", table->name);
}

void
TdbWhere(TdbQuery *q, TdbExpr *cond)
{
	q->where = TdbAnd(q->where, cond);
}

void
TdbGroupBy(TdbQuery *q, TdbExpr *e)
{
	q->group_by = lappend(q->group_by, e);
}

void
TdbOrderBy(TdbQuery *q, TdbExpr *e, bool descending)
{
	TdbOrderItem *o = palloc(sizeof(TdbOrderItem));

	o->expr = e;
	o->descending = descending;
	q->order_by = lappend(q->order_by, o);
}

void
TdbLimit(TdbQuery *q, TdbExpr *e)
{
	q->limit = e;
}

void
TdbOffset(TdbQuery *q, TdbExpr *e)
{
	q->offset = e;
}

static void
add_assign(TdbQuery *q, const TdbColumn *col, TdbExpr *value, bool from_array)
{
	BuildAssign  *a = palloc(sizeof(BuildAssign));

	if (col->table != q->table)
		elog(ERROR, "column %s is not a column of %s", col->name,
			 q->table->name);
	a->column = col;
	a->value = value;
	a->from_array = from_array;
	q->assigns = lappend(q->assigns, a);
}

/* INSERT: one value for col; UPDATE: SET col = value */
void
TdbValue(TdbQuery *q, const TdbColumn *col, TdbExpr *value)
{
	Assert(q->kind == TDB_Q_INSERT);
	add_assign(q, col, value, false);
}

/* INSERT of many rows: col takes each element of the array in turn. */
void
TdbValuesFrom(TdbQuery *q, const TdbColumn *col, TdbExpr *array)
{
	Assert(q->kind == TDB_Q_INSERT);
	add_assign(q, col, array, true);
}

void
TdbSet(TdbQuery *q, const TdbColumn *col, TdbExpr *value)
{
	Assert(q->kind == TDB_Q_UPDATE);
	add_assign(q, col, value, false);
}

/*
 * An UPDATE of many rows, each with values of its own, in one statement:
 *
 *	  UPDATE s.t AS t SET c = u.c
 *	  FROM (SELECT pg_catalog.unnest($1) AS k, pg_catalog.unnest($2) AS c) AS u
 *	  WHERE (t.k OPERATOR(pg_catalog.=) u.k)
 *
 * TdbMatchFrom names the rows: the row whose col equals an element of the
 * array (several matches must all hold); TdbSetFrom sets col of that row
 * to the element at the same position of its array.  The arrays have one
 * element per row and are unnested in lockstep in the target list, which
 * streams them.  A NULL element sets NULL; a NULL key matches nothing.
 */
static TdbExpr *
rows_column(const TdbColumn *col)
{
	TdbExpr    *e = new_expr(TDB_E_COLUMN);

	e->column = col;
	e->alias = ROWS_ALIAS;
	return e;
}

static void
check_rows_column(TdbQuery *q, const TdbColumn *col)
{
	ListCell   *lc;

	foreach(lc, q->matches)
		if (((BuildAssign *) lfirst(lc))->column == col)
			elog(ERROR, "column %s is already a key of the UPDATE", col->name);
	foreach(lc, q->assigns)
		if (((BuildAssign *) lfirst(lc))->column == col)
			elog(ERROR, "column %s is already set by the UPDATE", col->name);
}

void
TdbMatchFrom(TdbQuery *q, const TdbColumn *col, TdbExpr *array)
{
	BuildAssign  *a = palloc(sizeof(BuildAssign));

	Assert(q->kind == TDB_Q_UPDATE);
	if (col->table != q->table)
		elog(ERROR, "column %s is not a column of %s", col->name,
			 q->table->name);
	check_rows_column(q, col);
	a->column = col;
	a->value = array;
	a->from_array = true;
	q->matches = lappend(q->matches, a);
	TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, col), rows_column(col)));
}

void
TdbSetFrom(TdbQuery *q, const TdbColumn *col, TdbExpr *array)
{
	Assert(q->kind == TDB_Q_UPDATE);
	check_rows_column(q, col);
	add_assign(q, col, array, true);
}

/*
 * Plan q for each call's values instead of once (TdbStatementForShape):
 * for a statement whose best plan depends on them: a read with a text or
 * range filter (TdbReadWantsCustomPlan), an UPDATE of the rows of arrays
 * that may hold a few elements or a hundred thousand.  A query's text
 * decides it: the same text is always planned the same way.
 */
void
TdbPlanPerCall(TdbQuery *q)
{
	q->per_call = true;
}

void
TdbForUpdate(TdbQuery *q)
{
	Assert(q->kind == TDB_Q_SELECT);
	q->for_update = true;
}

/* Every column of table that the installed version has, in description
 * order (SELECT or RETURNING). */
void
TdbTargetColumns(TdbQuery *q, const TdbTable *table)
{
	const bool *present = TdbColumnsPresent(table);

	for (int i = 0; i < table->ncolumns; i++)
	{
		TdbExpr    *col;

		/* only what the installed version has */
		if (!present[i])
			continue;
		col = TdbCol(q, table->columns[i]);

		if (q->kind == TDB_Q_SELECT)
			TdbTarget(q, col, NULL);
		else
			TdbReturning(q, col);
	}
}

void
TdbReturning(TdbQuery *q, TdbExpr *e)
{
	q->returning = lappend(q->returning, e);
}

/*---- rendering ----*/

static void render_query(StringInfo buf, TdbQuery *q);

static void
render_table(StringInfo buf, const TdbTable *table, const char *alias,
			 bool with_as)
{
	appendStringInfoString(buf, quote_identifier(table->schema));
	appendStringInfoChar(buf, '.');
	appendStringInfoString(buf, quote_identifier(table->name));
	appendStringInfoString(buf, with_as ? " AS " : " ");
	appendStringInfoString(buf, quote_identifier(alias));
}

/* " OPERATOR(pg_catalog.op) " */
static void
render_operator(StringInfo buf, TdbCmp op)
{
	appendStringInfoString(buf, " OPERATOR(pg_catalog.");
	appendStringInfoString(buf, cmp_ops[op]);
	appendStringInfoString(buf, ") ");
}

static void render_expr(StringInfo buf, TdbExpr *e);

/* a AND b AND c, without the parentheses the nesting would add */
static void
render_chain(StringInfo buf, TdbExpr *e, TdbExprKind kind)
{
	if (e->kind != kind)
	{
		render_expr(buf, e);
		return;
	}
	render_chain(buf, e->left, kind);
	appendStringInfoString(buf, kind == TDB_E_AND ? " AND " : " OR ");
	render_chain(buf, e->right, kind);
}

static void
render_expr(StringInfo buf, TdbExpr *e)
{
	switch (e->kind)
	{
		case TDB_E_COLUMN:
			appendStringInfoString(buf, quote_identifier(e->alias));
			appendStringInfoChar(buf, '.');
			appendStringInfoString(buf, quote_identifier(e->column->name));
			break;
		case TDB_E_ROW:
			appendStringInfoString(buf, quote_identifier(e->alias));
			break;
		case TDB_E_STAR:
			appendStringInfoString(buf, quote_identifier(e->alias));
			appendStringInfoString(buf, ".*");
			break;
		case TDB_E_PARAM:
			StaticAssertStmt(TDB_MAX_PARAMS < 100, "parameters have two digits");
			appendStringInfoChar(buf, '$');
			if (e->paramno >= 10)
				appendStringInfoChar(buf, '0' + e->paramno / 10);
			appendStringInfoChar(buf, '0' + e->paramno % 10);
			break;
		case TDB_E_OP:
			appendStringInfoChar(buf, '(');
			render_expr(buf, e->left);
			render_operator(buf, e->op);
			render_expr(buf, e->right);
			appendStringInfoChar(buf, ')');
			break;
		case TDB_E_ANY:
			appendStringInfoChar(buf, '(');
			render_expr(buf, e->left);
			appendStringInfoString(buf, " OPERATOR(pg_catalog.=) ANY (");
			render_expr(buf, e->right);
			appendStringInfoString(buf, "))");
			break;
		case TDB_E_NULLTEST:
			appendStringInfoChar(buf, '(');
			render_expr(buf, e->left);
			appendStringInfoString(buf, e->negate ? " IS NOT NULL)" : " IS NULL)");
			break;
		case TDB_E_AND:
		case TDB_E_OR:
			appendStringInfoChar(buf, '(');
			render_chain(buf, e, e->kind);
			appendStringInfoChar(buf, ')');
			break;
		case TDB_E_NOT:
			appendStringInfoString(buf, "(NOT ");
			render_expr(buf, e->left);
			appendStringInfoChar(buf, ')');
			break;
		case TDB_E_NOW:
			appendStringInfoString(buf, "pg_catalog.now()");
			break;
		case TDB_E_CONST:
			appendStringInfoString(buf, e->alias);
			break;
		case TDB_E_SUFFIX:
			appendStringInfoChar(buf, '(');
			render_expr(buf, e->left);
			appendStringInfoString(buf, e->alias);
			appendStringInfoChar(buf, ')');
			break;
		case TDB_E_COALESCE:
			appendStringInfoString(buf, "COALESCE(");
			render_expr(buf, e->left);
			appendStringInfoString(buf, ", ");
			render_expr(buf, e->third);
			appendStringInfoChar(buf, ')');
			break;
		case TDB_E_AGG:
			appendStringInfo(buf, "pg_catalog.%s(", agg_names[e->op]);
			if (e->left)
				render_expr(buf, e->left);
			else
				appendStringInfoChar(buf, '*');
			appendStringInfoChar(buf, ')');
			if (e->third)
			{
				appendStringInfoString(buf, " FILTER (WHERE ");
				render_expr(buf, e->third);
				appendStringInfoChar(buf, ')');
			}
			break;
		case TDB_E_EXISTS:
			appendStringInfoString(buf, "EXISTS (");
			render_query(buf, e->sub);
			appendStringInfoChar(buf, ')');
			break;
		case TDB_E_ROWCMP:
			appendStringInfoString(buf, "(ROW(");
			render_expr(buf, e->left);
			appendStringInfoString(buf, ", ");
			render_expr(buf, e->third);
			appendStringInfoChar(buf, ')');
			render_operator(buf, e->op);
			if (e->sub == NULL)
			{
				appendStringInfoString(buf, "ROW(");
				render_expr(buf, e->right);
				appendStringInfoString(buf, ", ");
				render_expr(buf, e->fourth);
				appendStringInfoString(buf, "))");
				break;
			}
			appendStringInfoChar(buf, '(');
			render_query(buf, e->sub);
			appendStringInfoString(buf, "))");
			break;
	}
}

static void
render_list(StringInfo buf, List *exprs)
{
	ListCell   *lc;

	foreach(lc, exprs)
	{
		if (lc != list_head(exprs))
			appendStringInfoString(buf, ", ");
		render_expr(buf, lfirst(lc));
	}
}

static void
render_select(StringInfo buf, TdbQuery *q)
{
	ListCell   *lc;

	appendStringInfoString(buf, "SELECT ");
	if (q->targets == NIL)
		appendStringInfoString(buf, "true");
	foreach(lc, q->targets)
	{
		TdbTargetItem *t = lfirst(lc);

		if (lc != list_head(q->targets))
			appendStringInfoString(buf, ", ");
		render_expr(buf, t->expr);
		if (t->label)
			appendStringInfo(buf, " AS %s", quote_identifier(t->label));
	}
	appendStringInfoString(buf, " FROM ");
	render_table(buf, q->table, q->alias, false);
	foreach(lc, q->joins)
	{
		TdbJoinItem *j = lfirst(lc);

		appendStringInfoString(buf, j->left ? " LEFT JOIN " : " JOIN ");
		render_table(buf, j->table, j->table->alias, false);
		appendStringInfoString(buf, " ON ");
		render_expr(buf, j->on);
	}
	if (q->where)
	{
		appendStringInfoString(buf, " WHERE ");
		render_expr(buf, q->where);
	}
	if (q->group_by)
	{
		appendStringInfoString(buf, " GROUP BY ");
		render_list(buf, q->group_by);
	}
	if (q->order_by)
	{
		appendStringInfoString(buf, " ORDER BY ");
		foreach(lc, q->order_by)
		{
			TdbOrderItem *o = lfirst(lc);

			if (lc != list_head(q->order_by))
				appendStringInfoString(buf, ", ");
			render_expr(buf, o->expr);
			if (o->descending)
				appendStringInfoString(buf, " DESC");
		}
	}
	if (q->limit)
	{
		appendStringInfoString(buf, " LIMIT ");
		render_expr(buf, q->limit);
	}
	if (q->offset)
	{
		appendStringInfoString(buf, " OFFSET ");
		render_expr(buf, q->offset);
	}
	if (q->for_update)
		appendStringInfoString(buf, " FOR UPDATE");
}

static void
render_insert(StringInfo buf, TdbQuery *q)
{
	ListCell   *lc;
	bool		from_arrays = false;

	appendStringInfoString(buf, "INSERT INTO ");
	render_table(buf, q->table, q->alias, true);
	appendStringInfoString(buf, " (");
	foreach(lc, q->assigns)
	{
		BuildAssign  *a = lfirst(lc);

		if (lc != list_head(q->assigns))
			appendStringInfoString(buf, ", ");
		appendStringInfoString(buf, quote_identifier(a->column->name));
		from_arrays |= a->from_array;
	}
	appendStringInfoChar(buf, ')');

	if (!from_arrays)
	{
		/* one row; with a WHERE, rendered as SELECT so the row is optional */
		appendStringInfoString(buf, q->where ? " SELECT " : " VALUES (");
		foreach(lc, q->assigns)
		{
			if (lc != list_head(q->assigns))
				appendStringInfoString(buf, ", ");
			render_expr(buf, ((BuildAssign *) lfirst(lc))->value);
		}
		if (!q->where)
			appendStringInfoChar(buf, ')');
	}
	else
	{
		/*
		 * many rows: SELECT pg_catalog.unnest($a), pg_catalog.unnest($b), $c
		 * ...  Set-returning functions in the target list run in lockstep,
		 * and the arrays have one element per row; unlike unnest in FROM,
		 * the rows stream instead of being stored in a tuplestore first.
		 */
		appendStringInfoString(buf, " SELECT ");
		foreach(lc, q->assigns)
		{
			BuildAssign  *a = lfirst(lc);

			if (lc != list_head(q->assigns))
				appendStringInfoString(buf, ", ");
			if (a->from_array)
			{
				appendStringInfoString(buf, "pg_catalog.unnest(");
				render_expr(buf, a->value);
				appendStringInfoChar(buf, ')');
			}
			else
				render_expr(buf, a->value);
		}
	}
	if (q->where)
	{
		appendStringInfoString(buf, " WHERE ");
		render_expr(buf, q->where);
	}
}

static void
render_update(StringInfo buf, TdbQuery *q)
{
	ListCell   *lc;

	if (q->assigns == NIL)
		elog(ERROR, "UPDATE of %s sets no column", q->table->name);
	appendStringInfoString(buf, "UPDATE ");
	render_table(buf, q->table, q->alias, true);
	appendStringInfoString(buf, " SET ");
	foreach(lc, q->assigns)
	{
		BuildAssign  *a = lfirst(lc);

		if (lc != list_head(q->assigns))
			appendStringInfoString(buf, ", ");
		appendStringInfoString(buf, quote_identifier(a->column->name));
		appendStringInfoString(buf, " = ");
		if (a->from_array)
			render_expr(buf, rows_column(a->column));
		else
			render_expr(buf, a->value);
	}
	if (q->matches != NIL)
	{
		/* the rows: the keys, then the values set, each unnested */
		List	   *arrays = list_concat_copy(q->matches, q->assigns);
		bool		first = true;

		appendStringInfoString(buf, " FROM (SELECT ");
		foreach(lc, arrays)
		{
			BuildAssign  *a = lfirst(lc);

			if (!a->from_array)
				continue;
			if (!first)
				appendStringInfoString(buf, ", ");
			first = false;
			appendStringInfoString(buf, "pg_catalog.unnest(");
			render_expr(buf, a->value);
			appendStringInfo(buf, ") AS %s", quote_identifier(a->column->name));
		}
		appendStringInfo(buf, ") AS %s", quote_identifier(ROWS_ALIAS));
		list_free(arrays);
	}
	else
	{
		foreach(lc, q->assigns)
			if (((BuildAssign *) lfirst(lc))->from_array)
				elog(ERROR, "UPDATE of %s sets from arrays but has no key",
					 q->table->name);
	}
	if (q->where)
	{
		appendStringInfoString(buf, " WHERE ");
		render_expr(buf, q->where);
	}
}

static void
render_delete(StringInfo buf, TdbQuery *q)
{
	appendStringInfoString(buf, "DELETE FROM ");
	render_table(buf, q->table, q->alias, true);
	if (q->where)
	{
		appendStringInfoString(buf, " WHERE ");
		render_expr(buf, q->where);
	}
}

static void
render_query(StringInfo buf, TdbQuery *q)
{
	switch (q->kind)
	{
		case TDB_Q_SELECT:
			render_select(buf, q);
			break;
		case TDB_Q_INSERT:
			render_insert(buf, q);
			break;
		case TDB_Q_UPDATE:
			render_update(buf, q);
			break;
		case TDB_Q_DELETE:
			render_delete(buf, q);
			break;
	}
	if (q->returning)
	{
		appendStringInfoString(buf, " RETURNING ");
		render_list(buf, q->returning);
	}
}

/*
 * The SQL text of q, rendered once and kept with the query.
 */
const char *
TdbRender(TdbQuery *q)
{
	StringInfoData buf;

	if (q->rendered)
		return q->rendered;
	initStringInfo(&buf);
	render_query(&buf, q);
	q->rendered = buf.data;
	return q->rendered;
}

/*
 * The driver's statement for q: rendered, then found by its text among
 * the kept plans of the bounded cache (prepared on first sight).  Run it
 * at once (see TdbStatementForShape).
 */
TdbStatement *
TdbQueryStatement(TdbQuery *q)
{
	return TdbStatementForShape(TdbRender(q), q->params->count,
								q->params->types, q->per_call);
}

const TdbTable *
TdbQueryTable(TdbQuery *q)
{
	return q->table;
}

/*
 * As TdbQueryStatement, for a call site whose query always has the same
 * shape (only parameter values differ): the statement is found once, kept
 * for the life of the backend and in *cache, and later calls skip
 * rendering, as SQLAlchemy's compiled cache does.  Assert-enabled builds
 * render anyway and check the text.
 */
TdbStatement *
TdbQueryStatementCached(TdbQuery *q, TdbStatementCache *cache)
{
	uint32		generation = TdbLayoutGeneration(q->table);

	/* built for other columns than the installed version has: build again */
	if (cache->stmt == NULL || cache->generation != generation)
	{
		if (q->per_call)
			elog(ERROR, "a statement planned per call is not kept");
		cache->stmt = TdbStatementForText(TdbRender(q), q->params->count,
										  q->params->types);
		cache->generation = generation;
	}
	Assert(strcmp(cache->stmt->sql, TdbRender(q)) == 0);
	Assert(cache->stmt->nargs == q->params->count);
	return cache->stmt;
}

Datum *
TdbQueryValues(TdbQuery *q)
{
	return q->params->values;
}

const char *
TdbQueryNulls(TdbQuery *q)
{
	return q->params->nulls;
}

int
TdbQueryParamCount(TdbQuery *q)
{
	return q->params->count;
}

Oid
TdbQueryParamType(TdbQuery *q, int i)
{
	return q->params->types[i];
}
