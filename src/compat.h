/*-------------------------------------------------------------------------
 *
 * compat.h
 *	  The one place where taskdb meets differences between PostgreSQL
 *	  major versions.
 *
 * taskdb builds from one source tree against every supported major (15,
 * 17 and 18 tested; 16 builds with the same guards, not tested here).
 * Where an internal API moved between majors, the difference is bridged
 * here, by PG_VERSION_NUM at the major where the API changed, and the rest
 * of the code is written against one form.  Each guard was checked against
 * the headers of every major.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef TASKDB_COMPAT_H
#define TASKDB_COMPAT_H

/*
 * PostgreSQL 18 replaced the pg_attribute_noreturn() suffix with the
 * pg_noreturn prefix (C11 _Noreturn).  Older majors get the prefix as the
 * compiler attribute, which GCC and Clang accept before a declaration.
 */
#ifndef pg_noreturn
#define pg_noreturn pg_attribute_noreturn()
#endif

/*
 * PostgreSQL 16 made PG_FUNCTION_INFO_V1 declare the function itself
 * PGDLLEXPORT, not only its pg_finfo_ record.  taskdb.so is built with
 * -fvisibility=hidden on every major (the Makefile adds it, and defines
 * PGDLLEXPORT as visibility("default"), before 16), so older majors get
 * the macro as 16 has it, or every SQL-callable function would be hidden.
 */
#if PG_VERSION_NUM < 160000
#include "fmgr.h"
#undef PG_FUNCTION_INFO_V1
#define PG_FUNCTION_INFO_V1(funcname) \
extern PGDLLEXPORT Datum funcname(PG_FUNCTION_ARGS); \
extern PGDLLEXPORT const Pg_finfo_record * CppConcat(pg_finfo_,funcname)(void); \
const Pg_finfo_record * \
CppConcat(pg_finfo_,funcname) (void) \
{ \
	static const Pg_finfo_record my_finfo = { 1 }; \
	return &my_finfo; \
} \
extern int no_such_variable
#endif

#endif							/* TASKDB_COMPAT_H */

/*
 * The executor's parts that the bulk load (bulk.c) runs.  Only bulk.c
 * asks for this part: it defines TDB_COMPAT_EXECUTOR and includes this
 * file again after executor/executor.h and parser/parse_relation.h.
 */
#if defined(TDB_COMPAT_EXECUTOR) && !defined(TASKDB_COMPAT_EXECUTOR_H)
#define TASKDB_COMPAT_EXECUTOR_H

/*
 * tdb_init_insert_range_table: check the privileges that INSERT INTO rel
 * (inserted_cols) ... RETURNING (selected_cols) checks, ereporting if one
 * is missing, and make rel the estate's range table entry 1.
 *
 * PostgreSQL 16 moved the permission fields of RangeTblEntry
 * (requiredPerms, insertedCols, selectedCols) into a separate
 * RTEPermissionInfo list (addRTEPermissionInfo), replaced
 * ExecCheckRTPerms(rtable) by ExecCheckPermissions(rtable, perminfos) and
 * gave ExecInitRangeTable the perminfos.  PostgreSQL 18 also gives
 * ExecInitRangeTable the set of range table entries that survived initial
 * partition pruning: here the one entry, as COPY FROM passes.
 */
static inline void
tdb_init_insert_range_table(EState *estate, Relation rel,
							Bitmapset *inserted_cols,
							Bitmapset *selected_cols)
{
	RangeTblEntry *rte = makeNode(RangeTblEntry);
#if PG_VERSION_NUM >= 160000
	List	   *perminfos = NIL;
	RTEPermissionInfo *perminfo;
#endif

	rte->rtekind = RTE_RELATION;
	rte->relid = RelationGetRelid(rel);
	rte->relkind = rel->rd_rel->relkind;
	rte->rellockmode = RowExclusiveLock;
	rte->inh = false;

#if PG_VERSION_NUM >= 160000
	perminfo = addRTEPermissionInfo(&perminfos, rte);
	perminfo->requiredPerms = ACL_INSERT | ACL_SELECT;
	perminfo->insertedCols = inserted_cols;
	perminfo->selectedCols = selected_cols;
	ExecCheckPermissions(list_make1(rte), perminfos, true);
#if PG_VERSION_NUM >= 180000
	ExecInitRangeTable(estate, list_make1(rte), perminfos,
					   bms_make_singleton(1));
#else
	ExecInitRangeTable(estate, list_make1(rte), perminfos);
#endif
#else
	rte->requiredPerms = ACL_INSERT | ACL_SELECT;
	rte->insertedCols = inserted_cols;
	rte->selectedCols = selected_cols;
	ExecCheckRTPerms(list_make1(rte), true);
	ExecInitRangeTable(estate, list_make1(rte));
#endif
}

/*
 * CheckValidResultRel for a plain INSERT.  PostgreSQL 17 added the MERGE
 * actions (MERGE into views), PostgreSQL 18 the ON CONFLICT action.
 */
#if PG_VERSION_NUM >= 180000
#define tdb_check_valid_insert_rel(rri) \
	CheckValidResultRel((rri), CMD_INSERT, ONCONFLICT_NONE, NIL)
#elif PG_VERSION_NUM >= 170000
#define tdb_check_valid_insert_rel(rri) \
	CheckValidResultRel((rri), CMD_INSERT, NIL)
#else
#define tdb_check_valid_insert_rel(rri) \
	CheckValidResultRel((rri), CMD_INSERT)
#endif

/*
 * ExecInsertIndexTuples for a new row, no ON CONFLICT.  PostgreSQL 16
 * added onlySummarizing (HOT updates that touch only summarizing indexes),
 * false for an insert.
 */
#if PG_VERSION_NUM >= 160000
#define tdb_insert_index_tuples(rri, slot, estate) \
	ExecInsertIndexTuples((rri), (slot), (estate), false, false, NULL, NIL, \
						  false)
#else
#define tdb_insert_index_tuples(rri, slot, estate) \
	ExecInsertIndexTuples((rri), (slot), (estate), false, false, NULL, NIL)
#endif

#endif							/* TDB_COMPAT_EXECUTOR */
