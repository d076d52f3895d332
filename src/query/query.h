/*-------------------------------------------------------------------------
 *
 * query.h
 *	  The query layer: the query builder (query.c) and the reads the
 *	  builder, orm and model paths share (reads.c).
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef TDB_QUERY_H
#define TDB_QUERY_H

#include "core/core.h"

/*---- the query builder (query.c) ----*/

/*
 * A statement is built as a tree of nodes, then rendered to SQL text with
 * numbered parameters.  Every value is a parameter, every identifier goes
 * through quote_identifier, every operator is written
 * OPERATOR(pg_catalog.op), and rendering is deterministic: the same shape
 * of query always gives the same text, so it reuses one kept plan.
 */
typedef struct TdbQuery TdbQuery;
typedef struct TdbExpr TdbExpr;

typedef enum TdbCmp
{
	TDB_EQ,
	TDB_NE,
	TDB_LT,
	TDB_LE,
	TDB_GT,
	TDB_GE,
	TDB_LIKE,
	TDB_ILIKE
} TdbCmp;

typedef enum TdbAgg
{
	TDB_COUNT,
	TDB_MIN,
	TDB_MAX
} TdbAgg;

/* statements */
extern TdbQuery *TdbSelect(const TdbTable *from);
extern TdbQuery *TdbSubselect(TdbQuery *outer, const TdbTable *from,
							  const char *alias);
extern TdbQuery *TdbInsert(const TdbTable *into);
extern TdbQuery *TdbUpdate(const TdbTable *table);
extern TdbQuery *TdbDelete(const TdbTable *from);

/* clauses */
extern void TdbTarget(TdbQuery *q, TdbExpr *e, const char *label);
extern void TdbJoin(TdbQuery *q, const TdbTable *table, bool left,
					TdbExpr *extra_on);
extern void TdbJoinCondition(TdbQuery *q, const TdbTable *table,
							 TdbExpr *cond);
extern void TdbWhere(TdbQuery *q, TdbExpr *cond);
extern void TdbGroupBy(TdbQuery *q, TdbExpr *e);
extern void TdbOrderBy(TdbQuery *q, TdbExpr *e, bool descending);
extern void TdbLimit(TdbQuery *q, TdbExpr *e);
extern void TdbOffset(TdbQuery *q, TdbExpr *e);
extern void TdbValue(TdbQuery *q, const TdbColumn *col, TdbExpr *value);
extern void TdbValuesFrom(TdbQuery *q, const TdbColumn *col, TdbExpr *array);
extern void TdbSet(TdbQuery *q, const TdbColumn *col, TdbExpr *value);
extern void TdbMatchFrom(TdbQuery *q, const TdbColumn *col, TdbExpr *array);
extern void TdbSetFrom(TdbQuery *q, const TdbColumn *col, TdbExpr *array);
extern void TdbForUpdate(TdbQuery *q);
extern void TdbPlanPerCall(TdbQuery *q);
extern void TdbReturning(TdbQuery *q, TdbExpr *e);
extern void TdbTargetColumns(TdbQuery *q, const TdbTable *table);

/* expressions */
extern TdbExpr *TdbCol(TdbQuery *q, const TdbColumn *col);
extern TdbExpr *TdbRow(TdbQuery *q, const TdbTable *table);
extern TdbExpr *TdbStar(TdbQuery *q, const TdbTable *table);
extern TdbExpr *TdbParam(TdbQuery *q, Oid type, Datum value, bool isnull);
extern TdbExpr *TdbParamFor(TdbQuery *q, const TdbColumn *col, Datum value);
extern TdbExpr *TdbOp(TdbCmp op, TdbExpr *left, TdbExpr *right);
extern TdbExpr *TdbEqAny(TdbExpr *left, TdbExpr *array);
extern TdbExpr *TdbIsNull(TdbExpr *e, bool negate);
extern TdbExpr *TdbAnd(TdbExpr *a, TdbExpr *b);
extern TdbExpr *TdbOr(TdbExpr *a, TdbExpr *b);
extern TdbExpr *TdbNot(TdbExpr *e);
extern TdbExpr *TdbCoalesce(TdbExpr *a, TdbExpr *b);
extern TdbExpr *TdbRowCmpValues(TdbCmp op, TdbExpr *left1, TdbExpr *left2,
								TdbExpr *right1, TdbExpr *right2);
extern TdbExpr *TdbNow(void);
extern TdbExpr *TdbConst(const char *sql);
extern TdbExpr *TdbSuffix(TdbExpr *e, const char *suffix);
extern TdbExpr *TdbAggregate(TdbAgg agg, TdbExpr *arg, TdbExpr *filter);
extern TdbExpr *TdbExists(TdbQuery *sub);
extern TdbExpr *TdbRowCmp(TdbCmp op, TdbExpr *left1, TdbExpr *left2,
						  TdbQuery *right);

/* the reads the builder, orm and model paths share (reads.c) */
/* what a built reader selects: the whole row t, every column, or t.* */
typedef enum TdbTargetKind
{
	TDB_TARGET_ROW,
	TDB_TARGET_COLUMNS,
	TDB_TARGET_STAR
} TdbTargetKind;
extern TdbQuery *TdbBuildRead(const TdbRead *r, TdbTargetKind target);
extern TdbQuery *TdbBuildProjectReport(const TdbRead *r);
extern void TdbTargetRows(TdbQuery *q, const TdbTable *table,
						  TdbTargetKind target);
extern void TdbWhereEq(TdbQuery *q, const TdbColumn *col, Datum value);

/* rendering and running */
extern const char *TdbRender(TdbQuery *q);
extern TdbStatement *TdbQueryStatement(TdbQuery *q);
/* a statement kept by its caller, for the layout of columns it was built for */
typedef struct TdbStatementCache
{
	TdbStatement *stmt;
	uint32		generation;		/* TdbLayoutGeneration() when built */
} TdbStatementCache;
extern TdbStatement *TdbQueryStatementCached(TdbQuery *q,
											 TdbStatementCache *cache);
extern const TdbTable *TdbQueryTable(TdbQuery *q);
extern Datum *TdbQueryValues(TdbQuery *q);
extern const char *TdbQueryNulls(TdbQuery *q);
extern int	TdbQueryParamCount(TdbQuery *q);
extern Oid	TdbQueryParamType(TdbQuery *q, int i);

#endif							/* TDB_QUERY_H */
