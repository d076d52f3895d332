/*-------------------------------------------------------------------------
 *
 * reads.c
 *	  The queries the builder, orm and model paths share, built with the
 *	  query builder: a read of many rows (TdbRead: list_x, find_tasks,
 *	  model_list_x) and project_report.
 *
 * What a read keeps, in which order and from where is parsed once below
 * the paths (core/contract.c from arguments, core/filter.c from JSON);
 * here it becomes a query.  The raw path writes the same reads as SQL
 * text of its own (paths/raw.c).
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "query/query.h"

#include "catalog/pg_type_d.h"
#include "utils/timestamp.h"

/* WHERE alias.column = $n */
void
TdbWhereEq(TdbQuery *q, const TdbColumn *col, Datum value)
{
	TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, col), TdbParamFor(q, col, value)));
}

/* Select a table's rows as target says. */
void
TdbTargetRows(TdbQuery *q, const TdbTable *table, TdbTargetKind target)
{
	if (target == TDB_TARGET_COLUMNS)
		TdbTargetColumns(q, table);
	else if (target == TDB_TARGET_STAR)
		TdbTarget(q, TdbStar(q, table), NULL);
	else
		TdbTarget(q, TdbRow(q, table), NULL);
}

/*
 * What a read orders by: the column, or for a nullable one the column with
 * null as its type's infinity (a timestamp's infinity, an integer's
 * largest value), so that rows without a value sort last (first when
 * descending) and the keyset cursor compares them as values too, as the
 * raw path orders (paths/raw.c).
 */
static TdbExpr *
order_expr(TdbQuery *q, const TdbColumn *col)
{
	if (col->notnull)
		return TdbCol(q, col);
	/* the infinity as a constant: the order index's expression has it so */
	return TdbCoalesce(TdbCol(q, col), TdbConst(TdbOrderInfinitySQL(col)));
}

/*
 * A comparison of a column with a value: on a nullable column that reads
 * order by, the order expression is compared instead, with the column not
 * null, which keeps the same rows and lets the order index serve the
 * range (TDB_INDEXED_SINCE).
 */
static TdbExpr *
compare(TdbQuery *q, TdbCmp op, const TdbColumn *col, TdbExpr *value)
{
	if (col->notnull || !(col->flags & TDB_COL_ORDER))
		return TdbOp(op, TdbCol(q, col), value);
	return TdbAnd(TdbOp(op, order_expr(q, col), value),
				  TdbIsNull(TdbCol(q, col), true));
}

/* The condition of one filter, on q. */
static TdbExpr *
filter_condition(TdbQuery *q, const TdbFilter *f)
{
	TdbExpr    *col = TdbCol(q, f->col);

	switch (f->op)
	{
		case TDB_FILTER_EQ:
			return TdbOp(TDB_EQ, col, TdbParam(q, f->type, f->value, false));
		case TDB_FILTER_IN:
			return TdbEqAny(col, TdbParam(q, f->type, f->value, false));
		case TDB_FILTER_IN_OR_NULL:
			return TdbOr(TdbEqAny(col, TdbParam(q, f->type, f->value, false)),
						 TdbIsNull(TdbCol(q, f->col), false));
		case TDB_FILTER_NULL:
			return TdbIsNull(col, false);
		case TDB_FILTER_NOT_NULL:
			return TdbIsNull(col, true);
		case TDB_FILTER_LT:
			return compare(q, TDB_LT, f->col, TdbParam(q, f->type, f->value, false));
		case TDB_FILTER_GT:
			return compare(q, TDB_GT, f->col, TdbParam(q, f->type, f->value, false));
		case TDB_FILTER_LE:
			return compare(q, TDB_LE, f->col, TdbParam(q, f->type, f->value, false));
		case TDB_FILTER_GE:
			return compare(q, TDB_GE, f->col, TdbParam(q, f->type, f->value, false));
		case TDB_FILTER_LIKE:
			return TdbOp(TDB_LIKE, col, TdbParam(q, f->type, f->value, false));
		case TDB_FILTER_ILIKE:
			return TdbOp(TDB_ILIKE, col, TdbParam(q, f->type, f->value, false));
		case TDB_FILTER_OVERDUE:
			/* due before now and not done */
			return TdbAnd(compare(q, TDB_LT, f->col, TdbNow()),
						  TdbNot(TdbCol(q, &TdbTasks.done)));
		case TDB_FILTER_NOT_OVERDUE:
			/* no due date, due from now on, or done */
			return TdbOr(TdbOr(TdbIsNull(col, false),
							   TdbOp(TDB_GE, TdbCol(q, f->col), TdbNow())),
						 TdbCol(q, &TdbTasks.done));
	}
	elog(ERROR, "unexpected filter %d", (int) f->op);
	return NULL;				/* keep compiler quiet */
}


/*
 * The query of a read: the filters, then the keyset cursor, the order
 * (always ending with the id, so pages are stable) and the page.  In id
 * order a list's cursor is the page's first id (rendered before the
 * filters, as the raw path writes it); otherwise the page begins after the
 * row whose id is the cursor, in the order.  It selects what target says.
 */
TdbQuery *
TdbBuildRead(const TdbRead *r, TdbTargetKind target)
{
	TdbQuery   *q = TdbSelect(r->table);
	const TdbColumn *pk = r->table->columns[0];

	TdbTargetRows(q, r->table, target);
	if (r->has_start)
		TdbWhere(q, TdbOp(TDB_GE, TdbCol(q, pk),
						  TdbParamFor(q, pk, Int64GetDatum(r->start))));
	for (int i = 0; i < r->nfilters; i++)
		TdbWhere(q, filter_condition(q, &r->filters[i]));

	if (r->has_after)
	{
		TdbCmp		op = r->descending ? TDB_LT : TDB_GT;

		if (r->order == pk)
			TdbWhere(q, TdbOp(op, TdbCol(q, pk),
							  TdbParamFor(q, pk, Int64GetDatum(r->after))));
		else
		{
			/* (t.col, t.id) > (SELECT c.col, c.id ... WHERE c.id = $n) */
			TdbQuery   *cursor = TdbSubselect(q, r->table, "c");

			TdbTarget(cursor, order_expr(cursor, r->order), NULL);
			TdbTarget(cursor, TdbCol(cursor, pk), NULL);
			TdbWhereEq(cursor, pk, Int64GetDatum(r->after));
			TdbWhere(q, TdbRowCmp(op, order_expr(q, r->order), TdbCol(q, pk),
								  cursor));
		}
	}

	if (r->has_position)
	{
		/* a token's place: (t.col, t.id) > ($v, $k) */
		Oid			type = r->order->typid == VARCHAROID ? TEXTOID : r->order->typid;

		TdbWhere(q, TdbRowCmpValues(r->descending ? TDB_LT : TDB_GT,
									order_expr(q, r->order), TdbCol(q, pk),
									TdbParam(q, type, r->position_value, false),
									TdbParamFor(q, pk, Int64GetDatum(r->position_key))));
	}

	if (TdbReadHidesOrderIndex(r))
		TdbOrderBy(q, TdbSuffix(order_expr(q, r->order),
								TdbOrderNoIndexSQL(r->order)), r->descending);
	else
		TdbOrderBy(q, order_expr(q, r->order), r->descending);
	if (r->order != pk)
		TdbOrderBy(q, TdbCol(q, pk), r->descending);
	TdbLimit(q, TdbParam(q, INT4OID, Int32GetDatum(r->limit), false));
	if (r->has_offset)
		TdbOffset(q, TdbParam(q, INT8OID, Int64GetDatum(r->offset), false));
	if (TdbReadWantsCustomPlan(r))
		TdbPlanPerCall(q);
	return q;
}

/*
 * The project_report query for a read of TdbReadFromJson(report): per
 * project, the count of its tasks that the task filters keep, of those how
 * many are done and open, and when the first and the last of them were
 * created.  Filters on projects pick the projects.
 */
TdbQuery *
TdbBuildProjectReport(const TdbRead *r)
{
	TdbQuery   *q = TdbSelect(&TdbProjectsTable);
	TdbExpr    *task_cond = NULL;
	TdbExpr    *task_id;
	TdbExpr    *task_done;

	/* join first, so that the filters' task columns resolve */
	TdbJoin(q, &TdbTasksTable, true, NULL);
	for (int i = 0; i < r->nfilters; i++)
		if (r->filters[i].col->table == &TdbTasksTable)
			task_cond = TdbAnd(task_cond, filter_condition(q, &r->filters[i]));
		else
			TdbWhere(q, filter_condition(q, &r->filters[i]));
	TdbJoinCondition(q, &TdbTasksTable, task_cond);

	task_id = TdbCol(q, &TdbTasks.id);
	task_done = TdbCol(q, &TdbTasks.done);
	TdbTarget(q, TdbCol(q, &TdbProjects.id), "project_id");
	TdbTarget(q, TdbCol(q, &TdbProjects.name), "name");
	TdbTarget(q, TdbAggregate(TDB_COUNT, task_id, NULL), "total");
	TdbTarget(q, TdbAggregate(TDB_COUNT, task_id, task_done), "done");
	TdbTarget(q, TdbAggregate(TDB_COUNT, task_id, TdbNot(task_done)), "open");
	TdbTarget(q, TdbAggregate(TDB_MIN, TdbCol(q, &TdbTasks.created_at), NULL),
			  "first_created");
	TdbTarget(q, TdbAggregate(TDB_MAX, TdbCol(q, &TdbTasks.created_at), NULL),
			  "last_created");
	/* from 1.6: how many of them are overdue (due before now, not done) */
	if (TdbColumnPresent(&TdbTasks.due_at))
		TdbTarget(q, TdbAggregate(TDB_COUNT, TdbCol(q, &TdbTasks.id),
								  TdbAnd(TdbOp(TDB_LT, TdbCol(q, &TdbTasks.due_at),
											   TdbNow()),
										 TdbNot(TdbCol(q, &TdbTasks.done)))),
				  "overdue");
	TdbGroupBy(q, TdbCol(q, &TdbProjects.id));
	TdbOrderBy(q, TdbCol(q, &TdbProjects.id), false);
	return q;
}
