/*-------------------------------------------------------------------------
 *
 * core.h
 *	  The core layer: what every path stands on.
 *
 *	  module.c		module load, settings (GUCs), library version
 *	  driver.c		the driver: kept plans, the four fetch shapes, echo,
 *					statement accounting
 *	  validate.c	field limits every path enforces before it writes
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

#include "core/compat.h"

#include "executor/spi.h"
#include "utils/array.h"
#include "utils/jsonb.h"
#include "datatype/timestamp.h"

/*---- settings (module.c) ----*/
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

/*---- JSON results laid out as jsonb, interruptibly (json_out.c) ----*/
extern Jsonb *TdbJsonbFromValue(JsonbValue *v);

#endif							/* TDB_CORE_H */
