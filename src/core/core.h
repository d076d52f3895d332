/*-------------------------------------------------------------------------
 *
 * core.h
 *	  The core layer: what every path stands on.
 *
 *	  module.c		module load, settings (GUCs), library version
 *	  driver.c		the driver: kept plans, the fetch shapes, writes of
 *					many rows without waiting, echo, statement accounting
 *	  values.c		field limits every path enforces before it writes, and
 *					strict parsing of values
 *	  contract.c	the CRUD contract's argument rules and failure reports
 *	  bulk.c		the bulk load of create_tasks, by multi-insert
 *	  json_out.c	built JSON results laid out as jsonb, interruptibly
 *	  triggers.c	row-version trigger
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef TDB_CORE_H
#define TDB_CORE_H

#include "desc/desc.h"

#include "executor/spi.h"
#include "utils/array.h"
#include "utils/jsonb.h"
#include "datatype/timestamp.h"

/*---- settings (module.c) ----*/
extern bool tdb_echo;
extern int	tdb_lazy_load_warning;
extern int	tdb_statement_cache_size;
extern int	tdb_max_offset;

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
 * Every SQL-callable entry point of a path calls TdbPathBegin first (it
 * uses the entry point's fcinfo); the driver then counts the statements it
 * runs, by kind, and their rows, for that path (taskdb.path_stats), and
 * errors can name the function called (TdbCurrentOperation).
 */
#define TdbPathBegin(path)	TdbPathEnter((path), fcinfo)
extern void TdbPathEnter(TdbPath path, FunctionCallInfo fcinfo);
extern char *TdbCurrentOperation(void);
pg_noreturn extern void TdbReadOnlyError(void);

/* the installed extension version, 100 * major + minor (error paths) */
extern int	TdbInstalledVersion(void);

/* the server-wide path statistics (shared_preload_libraries) */
extern Size TdbSharedStatsSize(void);
extern void TdbSharedStatsAttach(void);

/*
 * A statement and its kept plan.  Statements whose text is fixed at compile
 * time are static TdbStatements; the plan is prepared on first use and kept
 * for the life of the backend (SPI_keepplan), so every later call only
 * binds parameters and runs it.  Statements rendered at run time get their
 * TdbStatement by their text:
 *
 *	TdbStatementForText: kept for the life of the backend, for the texts a
 *		call site renders from a set of shapes fixed by the code (the raw
 *		path's writes and lists, a builder call site that always renders
 *		one shape); the pointer may be kept.
 *	TdbStatementForShape: kept in a cache of at most
 *		taskdb.statement_cache_size statements, least recently used first
 *		out, for texts whose shape a caller chooses (a find_tasks filter,
 *		a model query: over a million shapes), planned once or, per_call,
 *		for each call's values.  The statement is pinned until the driver
 *		has run it once: run it at once, and never keep the pointer.
 */
typedef struct TdbStatement
{
	const char *sql;
	int			nargs;
	Oid			argtypes[TDB_MAX_PARAMS];
	SPIPlanPtr	plan;			/* NULL until first use */
	int			kind;			/* TdbStmtKind, set when prepared */
	bool		shape;			/* in the bounded cache: unpinned when run */
	int			pins;			/* shape: obtained and not yet run */
	bool		per_call;		/* planned for each call's values: a read
								 * whose plan depends on them
								 * (TdbReadWantsCustomPlan), a write of
								 * arrays; set before the first run */
} TdbStatement;

extern TdbStatement *TdbStatementForText(const char *sql, int nargs,
										 const Oid *argtypes);
extern TdbStatement *TdbStatementForShape(const char *sql, int nargs,
										  const Oid *argtypes, bool per_call);

/*
 * The fetch shapes: asyncpg's four, and each.  Each runs a statement's
 * kept plan with the given parameters (nulls as in SPI: ' ' not null, 'n'
 * null; NULL means none is null) and must be called between SPI_connect
 * and SPI_finish.
 *
 *	fetch:	  every row, left in SPI_tuptable; returns the row count
 *	fetchrow: the first row, whose single column is a whole row of the
 *			  function's result type, copied into the caller's memory so
 *			  that it outlives SPI_finish; *found is false when there is none
 *	fetchval: the first column of the first row
 *	execute:  no result kept; returns the count of rows processed
 *	each:	  every row passed to a callback in the executor's slot, as it
 *			  is produced (no tuple table); returns the row count
 */
extern uint64 TdbFetch(TdbStatement *stmt, Datum *values, const char *nulls,
					   bool read_only);
extern Datum TdbFetchRow(TdbStatement *stmt, Datum *values, const char *nulls,
						 bool read_only, bool *found);
extern Datum TdbFetchVal(TdbStatement *stmt, Datum *values, const char *nulls,
						 bool read_only, bool *isnull);
extern uint64 TdbExecute(TdbStatement *stmt, Datum *values, const char *nulls,
						 bool read_only);
extern uint64 TdbFetchEach(TdbStatement *stmt, Datum *values,
						   const char *nulls, bool read_only,
						   void (*each) (TupleTableSlot *slot, void *arg),
						   void *arg);

/*
 * Writes of many rows: body runs in a subtransaction that waits for no
 * lock; false, with everything it did undone, when it would have waited
 * (the caller then locks its rows in key order and runs it again).
 */
extern bool TdbWithoutWaiting(void (*body) (void *arg), void *arg);
extern uint64 TdbExecuteInKeyOrder(TdbStatement *write, TdbStatement *lock,
								   Datum *values, const char *nulls);

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
extern bool TdbDescHasDroppedColumns(TupleDesc desc);
extern uint64 TdbFetchTableToSRF(TdbStatement *cols, TdbStatement *whole,
								 Datum *values, const char *nulls,
								 bool read_only, FunctionCallInfo fcinfo);

/*
 * Work done without a statement (the bulk load) is still counted, as one
 * statement of its kind, in the calling path's statistics.
 */
extern void TdbCountWork(TdbStmtKind kind, uint64 rows);

/*---- field limits and values (values.c) ----*/
extern void TdbValidateString(text *value, const TdbColumn *col,
							  const char *what, const int *position);
/* the most characters of a caller's value that an error message quotes */
#define TDB_QUOTE_CHARS		40
extern char *TdbQuotePrefix(const char *s, int len);
extern char *TdbLikePattern(text *value, bool prefix_only);
extern void TdbValidateInteger(int64 value, const TdbColumn *col);
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
#define TDB_MAX_ASSIGN	16
#define TDB_MAX_FILTERS	16

/* A value given for a column: to write, or to compare with. */
typedef struct TdbAssign
{
	const TdbColumn *col;
	Datum		value;
	bool		isnull;
} TdbAssign;

/*
 * A call of a function that writes one row (create_x, update_x, delete_x),
 * its arguments read by their roles in the description (TdbApi_x): the
 * row's key, the columns to set (in argument order; a cleared column is set
 * to null), the version the row must be at, and flags.  An argument the
 * call's version does not have is not given.
 */
typedef struct TdbCall
{
	const TdbApiFunction *fn;
	const TdbTable *table;
	int			nargs;			/* the call's argument count */
	bool		has_key;
	int64		key;
	int			nset;
	TdbAssign	set[TDB_MAX_ASSIGN];
	bool		check_version;
	const TdbColumn *expect_col;	/* the row version column */
	int32		expected_version;
	bool		flag;			/* the FLAG argument (cascade) */
} TdbCall;

/*
 * How a read keeps a row: its column compared with a value.  Values are of
 * the column's type, or an array of it for IN; patterns are text.
 */
typedef enum TdbFilterOp
{
	TDB_FILTER_EQ,				/* col = value */
	TDB_FILTER_IN,				/* col = ANY (value) */
	TDB_FILTER_IN_OR_NULL,		/* col = ANY (value) OR col IS NULL */
	TDB_FILTER_NULL,			/* col IS NULL */
	TDB_FILTER_NOT_NULL,		/* col IS NOT NULL */
	TDB_FILTER_LT,				/* col < value */
	TDB_FILTER_GT,				/* col > value */
	TDB_FILTER_LE,				/* col <= value */
	TDB_FILTER_GE,				/* col >= value */
	TDB_FILTER_LIKE,			/* col LIKE value */
	TDB_FILTER_ILIKE,			/* col ILIKE value */
	TDB_FILTER_OVERDUE,			/* col < now() AND NOT done */
	TDB_FILTER_NOT_OVERDUE		/* col IS NULL OR col >= now() OR done */
} TdbFilterOp;

typedef struct TdbFilter
{
	const TdbColumn *col;
	TdbFilterOp op;
	Datum		value;
	Oid			type;			/* of value */
} TdbFilter;

/*
 * A read of many rows of a table (list_x, find_tasks, model_list_x): the
 * filters, the order (a column, then the id), the keyset cursor and the
 * page.  A list function's cursor is the first id of the page (start,
 * "id >= start" in id order); find_tasks' is the row after which the page
 * begins in the order (after).
 */
typedef struct TdbRead
{
	const TdbTable *table;
	int			nfilters;
	TdbFilter	filters[TDB_MAX_FILTERS];
	const TdbColumn *order;
	bool		descending;
	bool		has_start;
	int64		start;
	bool		has_after;
	int64		after;
	bool		has_position;	/* a token's place: after (value, key) */
	int64		position_key;
	Datum		position_value; /* of the order column's type; text for
								 * a string */
	bool		has_offset;
	int64		offset;
	int32		limit;
	bool		empty;			/* no row can match: nothing to run */
} TdbRead;

extern void TdbParseCall(FunctionCallInfo fcinfo, const TdbApiFunction *fn,
						 TdbCall *call);
extern void TdbParseRead(FunctionCallInfo fcinfo, const TdbApiFunction *fn,
						 TdbRead *read);
extern void TdbReadAddFilter(TdbRead *read, const TdbColumn *col,
							 TdbFilterOp op, Datum value, Oid type);
extern bool TdbReadWantsCustomPlan(const TdbRead *read);
extern bool TdbReadHidesOrderIndex(const TdbRead *read);
extern void TdbReadSetCursor(TdbRead *read, text *token);

/* the keyset cursor as a token (cursor.c) */
extern char *TdbCursorEncode(const TdbColumn *col, int64 key, Datum value,
							 bool isnull);
extern void TdbCursorDecode(const char *token, int len, const TdbColumn *col,
							int64 *key, Datum *value);
extern char *TdbCursorFromRow(HeapTupleHeader row, const TdbColumn *col);
extern char *TdbCursorFromJson(Jsonb *task, const TdbColumn *col);
/* what a JSON filter is read for (filter.c) */
typedef enum TdbReadKind
{
	TDB_READ_FIND,				/* find_tasks, model_list_tasks */
	TDB_READ_REPORT,			/* project_report */
	TDB_READ_PROJECTS			/* model_list_projects */
} TdbReadKind;
extern void TdbReadFromJson(Jsonb *filter, TdbReadKind kind, TdbRead *read);
/* create_tasks(titles text[] [, project_id bigint]): every title checked */
typedef struct TdbTasksCreate
{
	ArrayType  *titles;			/* checked: one dimension, no bad element */
	int			ntitles;
	bool		in_project;
	int64		project_id;
} TdbTasksCreate;

extern void TdbParseCreateTasks(FunctionCallInfo fcinfo, TdbTasksCreate *c);

/*
 * delete_project(id, cascade) on a path that sends SQL: the statements,
 * each with the project's id as its one parameter, and the contract's
 * steps over them (contract.c).  With cascade the project's tasks are
 * deleted first (locked in id order first only when one of them is locked
 * by another transaction), then the project is locked, as task writers
 * lock them; the project lock keeps any task from joining it between the
 * count and the delete.  Kept statements only (TdbExecuteInKeyOrder).
 * Runs inside the caller's SPI connection.
 */
typedef struct TdbDeleteProjectSql
{
	TdbStatement *lock_tasks;	/* the project's tasks, in id order, FOR
								 * UPDATE: only when needed */
	TdbStatement *lock_project;	/* the project FOR UPDATE */
	TdbStatement *count_tasks;	/* count(*) of its tasks */
	TdbStatement *delete_tasks;	/* DELETE its tasks */
	TdbStatement *delete_project;	/* DELETE it, RETURNING the whole row */
} TdbDeleteProjectSql;

extern Datum TdbDeleteProjectBySql(const TdbCall *call,
								   const TdbDeleteProjectSql *sql);
extern const TdbColumn *TdbOrderColumn(const char *key, const char *value,
									   bool *descending);

/*
 * bulk.c: load checked titles by multi-insert, as COPY does, into the
 * result of the calling set-returning function.  False, with nothing
 * written, when the table needs the INSERT statement instead.
 */
extern bool TdbBulkLoadTasks(const TdbTasksCreate *c, FunctionCallInfo fcinfo,
							 uint64 *nrows);

extern bool TdbProjectExists(int64 project_id);
pg_noreturn extern void TdbCallMissed(const TdbCall *call, TdbStmtKind kind);
extern Datum TdbWriteOne(TdbStatement *stmt, Datum *values, const char *nulls,
						 const TdbCall *call, TdbStmtKind kind);
pg_noreturn extern void TdbWriteSkipped(const TdbTable *table, TdbStmtKind kind,
										int64 id, uint64 nskipped,
										uint64 nrows);
pg_noreturn extern void TdbConcurrentChange(const char *entity, int64 id,
											int32 read_version,
											int32 current_version,
											bool deleted);
pg_noreturn extern void TdbVersionConflict(int64 id, int32 current,
										   int32 expected);
extern void TdbCheckUpdatePrivilege(const TdbColumn *col);
extern void TdbCheckLockPrivilege(const TdbTable *table);
pg_noreturn extern void TdbTaskNotFound(int64 id);
pg_noreturn extern void TdbRowNotFound(const TdbTable *table, int64 id);
pg_noreturn extern void TdbProjectNotFound(int64 id, int sqlstate);
pg_noreturn extern void TdbProjectHasTasks(int64 id, int64 ntasks);
extern void TdbSPIConnect(void);
extern void TdbSPIFinish(void);

/*---- JSON results laid out as jsonb, interruptibly (json_out.c) ----*/
extern Jsonb *TdbJsonbFromValue(JsonbValue *v);

#endif							/* TDB_CORE_H */
