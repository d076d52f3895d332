/*-------------------------------------------------------------------------
 *
 * bulk.c
 *	  The raw path's bulk load: rows handed to the table access method in
 *	  batches, as COPY FROM does, and returned to the caller.
 *
 * asyncpg loads many rows with copy_records_to_table, which speaks COPY to
 * the server.  Inside the backend the same work is cheaper still: there is
 * no text to format and parse again, and the table access method's
 * multi-insert writes a page of tuples with one WAL record where INSERT
 * ... SELECT writes one record per row.  INSERT cannot use multi-insert
 * (PostgreSQL 15 to 18); COPY can, and this file does what COPY FROM does
 * for the one shape of load taskdb needs: titles (and perhaps one
 * project), every other column from its default.
 *
 * It runs the executor's own parts for everything that is not the tuple
 * format: the privilege check (INSERT and, for the rows handed back,
 * SELECT, as INSERT ... RETURNING asks), column defaults, NOT NULL and
 * CHECK constraints, index entries and unique checks, AFTER ROW triggers
 * (the foreign key to projects is one) and statement triggers.  Where the
 * table has something that multi-insert cannot honour the way INSERT
 * would, the load is not attempted here and the caller runs its INSERT
 * statement instead, so the result never depends on which way was taken:
 *
 *	  - BEFORE or INSTEAD OF row triggers, or triggers with transition
 *		tables, which may look at or change each row as it goes in;
 *	  - rules, which rewrite an INSERT but not a COPY;
 *	  - row level security, which COPY FROM does not support at all;
 *	  - a volatile default other than the identity's sequence, which could
 *		read the table while rows wait in a batch (COPY's rule too);
 *	  - a column of a domain type: INSERT checks a domain's constraints
 *		even for a column it leaves out (a NULL coerced to the domain, so
 *		a domain declared NOT NULL refuses it), which COPY FROM and the
 *		multi-insert do not;
 *	  - stored generated columns, and any table that is not a plain table
 *		whose title and project columns have their usual types.
 *
 * Why executor internals and not COPY FROM's entry points.  BeginCopyFrom
 * with a data_source_cb and CopyFrom are the stabler API (their arguments
 * have not changed from 15 to 18), and they would give the same batching,
 * defaults, constraints and triggers.  But CopyFrom returns only a row
 * count: the rows it writes never come back to the caller, and
 * create_tasks must return them (it is INSERT ... RETURNING's peer); a
 * second scan for them could not tell them from rows written concurrently
 * without more machinery than this file has.  It would also make every
 * title text to be formatted and parsed again, the cost this file exists
 * to avoid, and it checks no privileges itself (DoCopy does).  So this
 * file keeps the executor's own parts, and the few calls whose arguments
 * moved between majors (the privilege check and range table from 16, the
 * result relation check in 17 and 18, the index insert from 16) are
 * bridged in compat.h, each checked against the headers of 15 to 18.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "core/core.h"

#include "access/heapam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/progress.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "pgstat.h"
#include "parser/parse_relation.h"
#include "rewrite/rewriteHandler.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/rls.h"

#define TDB_COMPAT_EXECUTOR
#include "compat.h"

/*
 * Rows wait in a batch until it holds this many, or this many bytes of
 * titles: COPY's own limits, under which a batch fills a few pages.
 */
#define TDB_BULK_BATCH_ROWS		1000
#define TDB_BULK_BATCH_BYTES	65535

typedef struct TdbBulkDefault
{
	AttrNumber	attnum;
	ExprState  *expr;
} TdbBulkDefault;

/* The error context: which element of the batch was being written. */
typedef struct TdbBulkErrorState
{
	int			position;		/* the array position, for errcontext */
} TdbBulkErrorState;

static void
bulk_error_callback(void *arg)
{
	TdbBulkErrorState *state = (TdbBulkErrorState *) arg;

	errcontext("bulk load into taskdb.tasks, title at position %d",
			   state->position);
}

/*
 * Whether the table can take the load by multi-insert.  title_attno and
 * project_attno are set when it can (project_attno is 0 if the table has
 * no project column, before 1.1).
 */
static bool
bulk_possible(Relation rel, TupleDesc resultdesc, bool in_project,
			  AttrNumber *title_attno, AttrNumber *project_attno)
{
	TupleDesc	tupdesc = RelationGetDescr(rel);
	TriggerDesc *trig = rel->trigdesc;

	if (rel->rd_rel->relkind != RELKIND_RELATION)
		return false;
	if (rel->rd_rules != NULL)
		return false;
	if (trig != NULL &&
		(trig->trig_insert_before_row || trig->trig_insert_instead_row ||
		 trig->trig_insert_new_table))
		return false;
	if (check_enable_rls(RelationGetRelid(rel), InvalidOid, true) ==
		RLS_ENABLED)
		return false;
	if (tupdesc->constr != NULL && tupdesc->constr->has_generated_stored)
		return false;
	if (resultdesc == NULL || resultdesc->natts != tupdesc->natts)
		return false;

	*title_attno = InvalidAttrNumber;
	*project_attno = InvalidAttrNumber;
	for (int i = 0; i < tupdesc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(tupdesc, i);

		if (att->attisdropped)
			continue;
		if (get_typtype(att->atttypid) == TYPTYPE_DOMAIN)
			return false;
		if (strcmp(NameStr(att->attname), TdbTasks.title.name) == 0)
		{
			if (att->atttypid != VARCHAROID && att->atttypid != TEXTOID)
				return false;
			*title_attno = att->attnum;
		}
		else if (strcmp(NameStr(att->attname), TdbTasks.project_id.name) == 0)
		{
			if (att->atttypid != INT8OID)
				return false;
			*project_attno = att->attnum;
		}
	}
	if (*title_attno == InvalidAttrNumber)
		return false;
	if (in_project && *project_attno == InvalidAttrNumber)
		return false;
	return true;
}

/*
 * Write every row of a batch: the tuples in one multi-insert, then each
 * row's index entries and AFTER ROW triggers, then the row into the
 * function's result.
 */
static void
bulk_flush(EState *estate, ResultRelInfo *rri, TupleTableSlot **slots,
		   int nslots, CommandId cid, BulkInsertState bistate,
		   Tuplestorestate *out, TdbBulkErrorState *errstate, int first)
{
	Relation	rel = rri->ri_RelationDesc;
	TriggerDesc *trig = rri->ri_TrigDesc;
	bool		after_row = (trig != NULL && trig->trig_insert_after_row);
	MemoryContext oldcxt;

	errstate->position = first;
	ResetPerTupleExprContext(estate);
	oldcxt = MemoryContextSwitchTo(GetPerTupleMemoryContext(estate));
	table_multi_insert(rel, slots, nslots, cid, 0, bistate);

	for (int i = 0; i < nslots; i++)
	{
		List	   *recheck = NIL;

		errstate->position = first + i;
		ResetPerTupleExprContext(estate);
		if (rri->ri_NumIndices > 0)
			recheck = tdb_insert_index_tuples(rri, slots[i], estate);
		if (after_row)
			ExecARInsertTriggers(estate, rri, slots[i], recheck, NULL);
		list_free(recheck);
		tuplestore_puttupleslot(out, slots[i]);
		ExecClearTuple(slots[i]);
	}
	MemoryContextSwitchTo(oldcxt);
}

/* the rows and bytes of titles written so far, for pg_stat_progress_copy */
static void
report_progress(int64 rows, int64 textbytes)
{
	const int	index[] = {PROGRESS_COPY_TUPLES_PROCESSED,
	PROGRESS_COPY_BYTES_PROCESSED};
	int64		value[2];

	value[0] = rows;
	value[1] = textbytes;
	pgstat_progress_update_multi_param(2, index, value);
}

/*
 * Load c's titles into taskdb.tasks and store the new rows in the result
 * of the set-returning function called through fcinfo (already set up by
 * InitMaterializedSRF).  Returns false, having written nothing, if the
 * table needs the INSERT statement instead.  The titles have been checked.
 */
bool
TdbBulkLoadTasks(const TdbTasksCreate *c, FunctionCallInfo fcinfo,
				 uint64 *nrows)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			relid;
	Relation	rel;
	AttrNumber	title_attno;
	AttrNumber	project_attno;
	Bitmapset  *inserted;
	Bitmapset  *selected;
	EState	   *estate;
	ResultRelInfo *rri;
	ExprContext *econtext;
	TupleDesc	tupdesc;
	TdbBulkDefault *defaults;
	int			ndefaults = 0;
	TupleTableSlot **slots;
	int			nused = 0;
	Size		nbytes = 0;
	int			first;
	int			firstpos;
	int			position;
	int64		textbytes = 0;
	CommandId	cid;
	BulkInsertState bistate;
	ArrayIterator it;
	Datum		title;
	bool		isnull;
	TdbBulkErrorState errstate;
	ErrorContextCallback errcallback;
	MemoryContext oldcxt;

	/*
	 * The executor's own read-only check (ExecCheckXactReadOnly) runs in
	 * ExecutorStart, which this load does not use; taskdb's entry check
	 * has refused it already, this keeps the load safe on its own.
	 */
	if (XactReadOnly)
		TdbReadOnlyError();
	relid = TdbTableRelid(&TdbTasksTable);

	/* the lock INSERT would take, held to the end of the transaction */
	rel = table_open(relid, RowExclusiveLock);
	if (!bulk_possible(rel, rsinfo->setDesc, c->in_project,
					   &title_attno, &project_attno))
	{
		table_close(rel, NoLock);
		return false;
	}
	tupdesc = RelationGetDescr(rel);

	/*
	 * The privileges INSERT ... RETURNING t would check: INSERT on the
	 * columns given, SELECT on the whole row handed back.
	 */
	inserted =
		bms_make_singleton(title_attno - FirstLowInvalidHeapAttributeNumber);
	if (c->in_project)
		inserted = bms_add_member(inserted,
								  project_attno - FirstLowInvalidHeapAttributeNumber);
	selected = bms_make_singleton(InvalidAttrNumber -
								  FirstLowInvalidHeapAttributeNumber);
	estate = CreateExecutorState();
	tdb_init_insert_range_table(estate, rel, inserted, selected);
	rri = makeNode(ResultRelInfo);
	ExecInitResultRelation(estate, rri, 1);
	tdb_check_valid_insert_rel(rri);
	ExecOpenIndices(rri, false);
	econtext = GetPerTupleExprContext(estate);

	/* every column not given comes from its default, as in INSERT */
	defaults = palloc(sizeof(TdbBulkDefault) * tupdesc->natts);
	for (int i = 0; i < tupdesc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(tupdesc, i);
		Expr	   *expr;

		if (att->attisdropped || att->attnum == title_attno ||
			(c->in_project && att->attnum == project_attno))
			continue;
		expr = (Expr *) build_column_default(rel, att->attnum);
		if (expr == NULL)
			continue;
		expr = expression_planner(expr);
		if (contain_volatile_functions_not_nextval((Node *) expr))
		{
			ExecCloseResultRelations(estate);
			ExecCloseRangeTableRelations(estate);
			FreeExecutorState(estate);
			table_close(rel, NoLock);
			return false;
		}
		defaults[ndefaults].attnum = att->attnum;
		defaults[ndefaults].expr = ExecInitExpr(expr, NULL);
		ndefaults++;
	}

	if (unlikely(tdb_echo))
	{
		if (c->in_project)
			ereport(NOTICE,
					(errmsg("taskdb: multi-insert into taskdb.tasks (title, project_id)"),
					 errdetail("Rows: %d; project_id = " INT64_FORMAT ".",
							   c->ntitles, c->project_id),
					 errhidestmt(true)));
		else
			ereport(NOTICE,
					(errmsg("taskdb: multi-insert into taskdb.tasks (title)"),
					 errdetail("Rows: %d.", c->ntitles),
					 errhidestmt(true)));
	}

	/*
	 * Progress where operators already look for a load: in
	 * pg_stat_progress_copy, as COPY FROM reports it (command "COPY FROM",
	 * type "CALLBACK": the rows come from the caller, not a file or the
	 * client), tuples and bytes of titles after each batch.  The entry
	 * ends with the load, or with the transaction if the load fails.
	 */
	pgstat_progress_start_command(PROGRESS_COMMAND_COPY, relid);
	{
		const int	index[] = {PROGRESS_COPY_COMMAND, PROGRESS_COPY_TYPE,
		PROGRESS_COPY_BYTES_TOTAL};
		const int64 value[] = {PROGRESS_COPY_COMMAND_FROM,
			PROGRESS_COPY_TYPE_CALLBACK, 0};

		pgstat_progress_update_multi_param(3, index, value);
	}

	/*
	 * As SPI does for a statement of a volatile function: a new command, so
	 * that the rows are written after everything before them and seen by
	 * everything after.
	 */
	CommandCounterIncrement();
	cid = GetCurrentCommandId(true);
	estate->es_output_cid = cid;

	slots = palloc0(sizeof(TupleTableSlot *) * TDB_BULK_BATCH_ROWS);
	bistate = GetBulkInsertState();

	AfterTriggerBeginQuery();
	ExecBSInsertTriggers(estate, rri);

	position = first = ARR_NDIM(c->titles) == 1 ? ARR_LBOUND(c->titles)[0] : 1;
	firstpos = position;
	errstate.position = position;
	errcallback.callback = bulk_error_callback;
	errcallback.arg = &errstate;
	errcallback.previous = error_context_stack;
	error_context_stack = &errcallback;
	it = array_create_iterator(c->titles, 0, NULL);
	while (array_iterate(it, &title, &isnull))
	{
		TupleTableSlot *slot;

		CHECK_FOR_INTERRUPTS();
		Assert(!isnull);
		errstate.position = position;

		if (slots[nused] == NULL)
			slots[nused] = table_slot_create(rel, NULL);
		slot = slots[nused];
		ExecClearTuple(slot);
		memset(slot->tts_isnull, true, tupdesc->natts * sizeof(bool));

		ResetPerTupleExprContext(estate);
		oldcxt = MemoryContextSwitchTo(GetPerTupleMemoryContext(estate));
		for (int d = 0; d < ndefaults; d++)
		{
			int			i = defaults[d].attnum - 1;

			slot->tts_values[i] = ExecEvalExpr(defaults[d].expr, econtext,
											   &slot->tts_isnull[i]);
		}
		slot->tts_values[title_attno - 1] = title;
		slot->tts_isnull[title_attno - 1] = false;
		if (c->in_project)
		{
			slot->tts_values[project_attno - 1] = Int64GetDatum(c->project_id);
			slot->tts_isnull[project_attno - 1] = false;
		}
		ExecStoreVirtualTuple(slot);
		slot->tts_tableOid = relid;
		if (tupdesc->constr != NULL)
			ExecConstraints(rri, slot, estate);

		/* the batch keeps the row past the per-row memory's reset */
		ExecMaterializeSlot(slot);
		MemoryContextSwitchTo(oldcxt);
		nbytes += VARSIZE_ANY(DatumGetPointer(title));
		textbytes += VARSIZE_ANY_EXHDR(DatumGetPointer(title));
		position++;

		if (++nused == TDB_BULK_BATCH_ROWS || nbytes >= TDB_BULK_BATCH_BYTES)
		{
			bulk_flush(estate, rri, slots, nused, cid, bistate,
					   rsinfo->setResult, &errstate, first);
			report_progress(position - firstpos, textbytes);
			first = position;
			nused = 0;
			nbytes = 0;
		}
	}
	array_free_iterator(it);
	if (nused > 0)
	{
		bulk_flush(estate, rri, slots, nused, cid, bistate,
				   rsinfo->setResult, &errstate, first);
		report_progress(position - firstpos, textbytes);
	}

	error_context_stack = errcallback.previous;

	ExecASInsertTriggers(estate, rri, NULL);
	AfterTriggerEndQuery(estate);
	pgstat_progress_end_command();
	ExecResetTupleTable(estate->es_tupleTable, false);

	for (int i = 0; i < TDB_BULK_BATCH_ROWS && slots[i] != NULL; i++)
		ExecDropSingleTupleTableSlot(slots[i]);
	FreeBulkInsertState(bistate);
	table_finish_bulk_insert(rel, 0);

	ExecCloseResultRelations(estate);
	ExecCloseRangeTableRelations(estate);
	FreeExecutorState(estate);
	table_close(rel, NoLock);

	CommandCounterIncrement();
	*nrows = c->ntitles;
	return true;
}
