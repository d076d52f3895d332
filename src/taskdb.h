/*-------------------------------------------------------------------------
 *
 * taskdb.h
 *	  Declarations shared by the layers of taskdb.
 *
 * taskdb serves one domain (tasks grouped in projects) through several
 * access paths.  They share these layers, each in its own file:
 *
 *	  taskdb.c		module load, settings (GUCs), library version
 *	  driver.c		the driver: kept plans, the four fetch shapes, echo
 *	  schema.c		the one description of the mapped tables; drift, status
 *	  validate.c	field limits every path enforces before it writes
 *	  contract.c	the CRUD contract's arguments and errors, shared by paths
 *	  raw.c			the raw path: hand-written SQL with $n parameters
 *	  builder.c		the query builder: SQL rendered from column descriptors
 *	  builder_path.c  the builder path: the contract, find_tasks, reports
 *	  orm.c			the object mapper: session, identity map, unit of work
 *	  orm_path.c	the orm path: the contract and the domain operations
 *	  model.c		the model path: validation, JSON in and out, JSON Schema
 *	  json_out.c	built JSON results laid out as jsonb, interruptibly
 *	  triggers.c	row-version trigger
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef TASKDB_H
#define TASKDB_H

#include "postgres.h"

#include "compat.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/jsonb.h"
#include "datatype/timestamp.h"

/*
 * The newest extension version this library was built for, as a string and
 * as a number (major * 100 + minor) for comparisons.
 */
#define TDB_LIBRARY_VERSION		"1.5"
#define TDB_LIBRARY_VERSION_NUM	105

/*---- settings (taskdb.c) ----*/
extern bool tdb_echo;
extern int	tdb_lazy_load_warning;

/*---- driver (driver.c) ----*/

/* The access paths, for statement accounting. */
typedef enum TdbPath
{
	TDB_PATH_RAW = 0,
	TDB_PATH_BUILDER,
	TDB_PATH_ORM,
	TDB_PATH_MODEL,
	TDB_NUM_PATHS
} TdbPath;

#define TDB_MAX_PARAMS	16

/* Kinds of statement, by their first keyword, for accounting. */
typedef enum TdbStmtKind
{
	TDB_STMT_SELECT = 0,
	TDB_STMT_INSERT,
	TDB_STMT_UPDATE,
	TDB_STMT_DELETE,
	TDB_NUM_STMT_KINDS
} TdbStmtKind;

/*
 * Every SQL-callable entry point of a path calls TdbPathBegin first; the
 * driver then counts the statements it runs, by kind, and their rows, for
 * that path (taskdb.path_stats).
 */
extern void TdbPathBegin(TdbPath path);

/*
 * A statement and its kept plan.  Statements whose text is fixed at compile
 * time are static TdbStatements; the plan is prepared on first use and kept
 * for the life of the backend (SPI_keepplan), so every later call only
 * binds parameters and runs it.  Statements rendered at run time get their
 * TdbStatement from TdbStatementForText(), keyed by their text.
 */
typedef struct TdbStatement
{
	const char *sql;
	int			nargs;
	Oid			argtypes[TDB_MAX_PARAMS];
	SPIPlanPtr	plan;			/* NULL until first use */
	int			kind;			/* TdbStmtKind, set when prepared */
} TdbStatement;

extern TdbStatement *TdbStatementForText(const char *sql, int nargs,
										 const Oid *argtypes);

/*
 * The four fetch shapes.  Each runs a statement's kept plan with the given
 * parameters (nulls as in SPI: ' ' not null, 'n' null; NULL means none is
 * null) and must be called between SPI_connect and SPI_finish.
 *
 *	fetch:	  every row, left in SPI_tuptable; returns the row count
 *	fetchrow: the first row, whose single column is a whole row of the
 *			  function's result type, copied into the caller's memory so
 *			  that it outlives SPI_finish; *found is false when there is none
 *	fetchval: the first column of the first row
 *	execute:  no result kept; returns the count of rows processed
 */
extern uint64 TdbFetch(TdbStatement *stmt, Datum *values, const char *nulls,
					   bool read_only);
extern Datum TdbFetchRow(TdbStatement *stmt, Datum *values, const char *nulls,
						 bool read_only, bool *found);
extern Datum TdbFetchVal(TdbStatement *stmt, Datum *values, const char *nulls,
						 bool read_only, bool *isnull);
extern uint64 TdbExecute(TdbStatement *stmt, Datum *values, const char *nulls,
						 bool read_only);

/*
 * Result helpers for statements whose single output column is a whole row
 * of the function's result type (written "RETURNING t" or "SELECT t").
 *
 * TdbFetchToSRF streams the rows straight into the tuplestore of a
 * set-returning function; InitMaterializedSRF() must have been called
 * before SPI_connect.  TdbFetchColumnsToSRF does the same for statements
 * whose columns are the function's result columns.
 */
extern uint64 TdbFetchToSRF(TdbStatement *stmt, Datum *values,
							const char *nulls, bool read_only,
							FunctionCallInfo fcinfo);
extern uint64 TdbFetchColumnsToSRF(TdbStatement *stmt, Datum *values,
								   const char *nulls, bool read_only,
								   FunctionCallInfo fcinfo);
extern bool TdbResultHasDroppedColumns(FunctionCallInfo fcinfo);
extern uint64 TdbFetchTableToSRF(TdbStatement *cols, TdbStatement *whole,
								 Datum *values, const char *nulls,
								 bool read_only, FunctionCallInfo fcinfo);

/*
 * Work done without a statement (the bulk load) is still counted, as one
 * statement of its kind, in the calling path's statistics.
 */
extern void TdbCountWork(TdbStmtKind kind, uint64 rows);

/*---- schema description (schema.c) ----*/
struct TdbTable;

typedef struct TdbColumn
{
	const struct TdbTable *table;
	int			colno;			/* position in table->columns */
	const char *name;
	Oid			typid;
	int32		typmod;			/* -1 when none */
	bool		notnull;
	const char *default_expr;	/* as pg_get_expr() shows it; NULL if none */
	bool		identity;		/* GENERATED BY DEFAULT AS IDENTITY */
	int			max_length;		/* characters; 0 when unlimited */
	bool		nonempty;		/* strings that must not be empty */
	bool		readonly;		/* set by the database, never by callers */
	int			since;			/* first extension version, 100 * major + minor */
} TdbColumn;

typedef struct TdbForeignKey
{
	const TdbColumn *column;
	const TdbColumn *ref_column;
	int			since;
} TdbForeignKey;

typedef struct TdbTable
{
	const char *schema;
	const char *name;
	const char *alias;			/* "t", "p": how rendered SQL names it */
	const char *entity;			/* "Task", "Project" */
	const TdbColumn *const *columns;
	int			ncolumns;
	const char *primary_key;
	const TdbForeignKey *fkeys;
	int			nfkeys;
	int			since;
} TdbTable;

/*
 * Columns are named through these structs, so a misspelled column is a
 * compile error rather than a runtime one: TdbTasks.title, TdbProjects.name.
 */
typedef struct TdbTasksColumns
{
	TdbColumn	id;
	TdbColumn	title;
	TdbColumn	done;
	TdbColumn	created_at;
	TdbColumn	project_id;
	TdbColumn	version;
} TdbTasksColumns;

typedef struct TdbProjectsColumns
{
	TdbColumn	id;
	TdbColumn	name;
	TdbColumn	created_at;
} TdbProjectsColumns;

extern const TdbTasksColumns TdbTasks;
extern const TdbProjectsColumns TdbProjects;
extern const TdbTable TdbTasksTable;
extern const TdbTable TdbProjectsTable;
extern const TdbTable *const TdbAllTables[];
extern Oid	TdbTableRelid(const TdbTable *table);
extern const int TdbNumTables;

/*---- validation (validate.c) ----*/
extern void TdbValidateString(text *value, const TdbColumn *col,
							  const char *what, const int *position);
/* the most characters of a caller's value that an error message quotes */
#define TDB_QUOTE_CHARS		40
extern char *TdbQuotePrefix(const char *s, int len);
extern text *TdbArgString(FunctionCallInfo fcinfo, int argno,
						  const TdbColumn *col, const char *what);
extern bool TdbParseTimestamptz(const char *s, TimestampTz *result);
extern bool TdbParseJsonb(const char *s, Datum *result, char **problem);
extern bool TdbDatumsEqual(Datum a, Datum b, bool typbyval, int16 typlen);

/*---- the CRUD contract shared by every path (contract.c) ----*/

/*
 * The arguments of the contract's functions, parsed and checked once for
 * every path, so that each path reports the same errors in the same order.
 * A function's argument count tells which extension version's SQL
 * definition called it; see raw.c.
 */
typedef enum TdbProjectAction
{
	TDB_PROJECT_KEEP = 0,
	TDB_PROJECT_SET = 1,
	TDB_PROJECT_CLEAR = 2
} TdbProjectAction;

typedef struct TdbTaskCreate
{
	text	   *title;
	bool		in_project;
	int64		project_id;
} TdbTaskCreate;

typedef struct TdbTasksCreate
{
	ArrayType  *titles;			/* checked: one dimension, no bad element */
	int			ntitles;
	bool		in_project;
	int64		project_id;
} TdbTasksCreate;

typedef struct TdbTaskUpdate
{
	int			nargs;			/* 3 (1.0), 5 (1.1) or 6 (1.2) */
	int64		id;
	text	   *title;			/* NULL keeps the title */
	bool		set_done;
	bool		done;
	TdbProjectAction project;
	int64		project_id;		/* with TDB_PROJECT_SET */
	bool		check_version;
	int32		expected_version;
} TdbTaskUpdate;

typedef struct TdbTaskList
{
	bool		empty;			/* no row can match: nothing to run */
	int64		start;			/* first id of the page */
	int32		lim;
	bool		by_done;
	bool		done;
	bool		by_project;
	int64		project_id;
} TdbTaskList;

typedef struct TdbProjectList
{
	bool		empty;
	int64		start;
	int32		lim;
} TdbProjectList;

extern void TdbParseCreateTask(FunctionCallInfo fcinfo, TdbTaskCreate *c);
extern void TdbParseCreateTasks(FunctionCallInfo fcinfo, TdbTasksCreate *c);
extern void TdbParseUpdateTask(FunctionCallInfo fcinfo, TdbTaskUpdate *u);
extern void TdbParseListTasks(FunctionCallInfo fcinfo, TdbTaskList *l);
extern void TdbParseListProjects(FunctionCallInfo fcinfo, TdbProjectList *l);
extern text *TdbParseCreateProject(FunctionCallInfo fcinfo);
extern int64 TdbParseDeleteProject(FunctionCallInfo fcinfo, bool *cascade);
extern int64 TdbParseDeleteTask(FunctionCallInfo fcinfo);

/*
 * bulk.c: load checked titles by multi-insert, as COPY does, into the
 * result of the calling set-returning function.  False, with nothing
 * written, when the table needs the INSERT statement instead.
 */
extern bool TdbBulkLoadTasks(const TdbTasksCreate *c, FunctionCallInfo fcinfo,
							 uint64 *nrows);

extern bool TdbProjectExists(int64 project_id);
pg_noreturn extern void TdbUpdateMissed(const TdbTaskUpdate *u);
pg_noreturn extern void TdbWriteSkipped(const TdbTable *table, TdbStmtKind kind,
										int64 id, uint64 nskipped,
										uint64 nrows);
pg_noreturn extern void TdbCreateMissed(const TdbTable *table, bool in_project,
										int64 project_id);
pg_noreturn extern void TdbDeleteMissed(const TdbTable *table, int64 id);
pg_noreturn extern void TdbVersionConflict(int64 id, int32 current,
										   int32 expected);
extern void TdbCheckUpdatePrivilege(const TdbTable *table, const bool *columns);
pg_noreturn extern void TdbTaskNotFound(int64 id);
pg_noreturn extern void TdbProjectNotFound(int64 id, int sqlstate);
pg_noreturn extern void TdbProjectHasTasks(int64 id, int64 ntasks);
extern void TdbSPIConnect(void);
extern void TdbSPIFinish(void);

/*---- the query builder (builder.c) ----*/

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
extern void TdbForUpdate(TdbQuery *q);
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
extern TdbExpr *TdbAggregate(TdbAgg agg, TdbExpr *arg, TdbExpr *filter);
extern TdbExpr *TdbExists(TdbQuery *sub);
extern TdbExpr *TdbRowCmp(TdbCmp op, TdbExpr *left1, TdbExpr *left2,
						  TdbQuery *right);
extern char *TdbLikePattern(text *value, bool prefix_only);

/* queries the builder path shares with the orm and model (builder_path.c) */
extern TdbQuery *TdbBuildFindTasks(Jsonb *filter, bool columns);
/* what a built reader selects: the whole row t, every column, or t.* */
typedef enum TdbTargetKind
{
	TDB_TARGET_ROW,
	TDB_TARGET_COLUMNS,
	TDB_TARGET_STAR
} TdbTargetKind;
extern TdbQuery *TdbBuildListTasks(const TdbTaskList *l, TdbTargetKind target);
extern TdbQuery *TdbBuildListProjects(const TdbProjectList *l, bool columns);

/* rendering and running */
extern const char *TdbRender(TdbQuery *q);
extern TdbStatement *TdbQueryStatement(TdbQuery *q);
extern TdbStatement *TdbQueryStatementCached(TdbQuery *q, TdbStatement **cache);
extern const TdbTable *TdbQueryTable(TdbQuery *q);
extern Datum *TdbQueryValues(TdbQuery *q);
extern const char *TdbQueryNulls(TdbQuery *q);
extern int	TdbQueryParamCount(TdbQuery *q);
extern Oid	TdbQueryParamType(TdbQuery *q, int i);

/*---- the object mapper (orm.c) ----*/

typedef enum TdbLoad
{
	TDB_LOAD_LAZY,				/* on first touch, one statement each */
	TDB_LOAD_SELECTIN,			/* one statement per level, = ANY ($1) */
	TDB_LOAD_JOINED,			/* one statement with a LEFT JOIN */
	TDB_LOAD_RAISE				/* touching an unloaded relationship is an error */
} TdbLoad;

typedef enum TdbObjState
{
	TDB_OBJ_NEW,				/* added, not yet inserted */
	TDB_OBJ_PERSISTENT,			/* loaded or flushed */
	TDB_OBJ_DELETED				/* marked for deletion */
} TdbObjState;

/*
 * A mapped object: one row of a described table.  values are the current
 * attribute values, loaded the values as last read or written, so a
 * flush sends only what changed.  Relationships: a task's project
 * (many-to-one) and a project's tasks (one-to-many), kept consistent in
 * both directions.
 */
typedef struct TdbObject
{
	const TdbTable *table;
	TdbObjState state;
	Datum	   *values;
	bool	   *nulls;
	Datum	   *loaded;
	bool	   *loaded_nulls;
	bool	   *touched;		/* attributes set since the last flush */
	bool		update_requested;	/* an update was asked for, even of
									 * nothing: the flush checks UPDATE
									 * privilege when it sends none */
	struct TdbObject *parent;	/* Task.project, when loaded or set */
	List	   *children;		/* Project.tasks, when children_loaded */
	bool		children_loaded;
} TdbObject;

typedef struct TdbSession TdbSession;

extern TdbSession *TdbSessionBegin(TdbLoad load, bool read_only);
extern void TdbSessionEnd(TdbSession *s);
extern MemoryContext TdbSessionContext(TdbSession *s);
extern TdbLoad TdbParseLoad(text *load);

extern TdbObject *TdbObjGet(TdbSession *s, const TdbTable *table, int64 id,
							bool for_update);
extern List *TdbObjGetMany(TdbSession *s, const TdbTable *table,
						   Datum ids_array);
extern List *TdbObjQuery(TdbSession *s, TdbQuery *q);
extern TdbQuery *TdbObjSelect(const TdbTable *table);
extern TdbObject *TdbObjNew(TdbSession *s, const TdbTable *table);
extern void TdbObjSet(TdbObject *obj, const TdbColumn *col, Datum value,
					  bool isnull);
extern void TdbObjSetParent(TdbSession *s, TdbObject *child,
							TdbObject *parent);
extern List *TdbObjChildren(TdbSession *s, TdbObject *parent);
extern void TdbObjLoadChildren(TdbSession *s, List *parents);
extern List *TdbObjLoadProjects(TdbSession *s, bool one, int64 id);
extern void TdbObjRequestUpdate(TdbObject *obj);
extern void TdbObjDelete(TdbSession *s, TdbObject *obj);
extern TdbObject *TdbObjDeleteProject(TdbSession *s, int64 id, bool cascade);
extern bool TdbObjChanged(TdbObject *obj);
extern int	TdbSessionFlush(TdbSession *s);

extern Datum TdbObjGetValue(TdbObject *obj, const TdbColumn *col, bool *isnull);
extern int64 TdbObjId(TdbObject *obj);
extern HeapTuple TdbObjToTuple(TdbObject *obj, TupleDesc desc);
extern Datum TdbObjToDatum(TdbObject *obj, FunctionCallInfo fcinfo);
extern void TdbObjsToSRF(List *objs, FunctionCallInfo fcinfo);
extern JsonbValue *TdbObjToJsonb(TdbObject *obj, JsonbParseState **state,
								 bool with_children, TdbSession *s);

/*---- JSON results laid out as jsonb, interruptibly (json_out.c) ----*/
extern Jsonb *TdbJsonbFromValue(JsonbValue *v);

#endif							/* TASKDB_H */
