/*-------------------------------------------------------------------------
 *
 * queries.c
 *	  The queries the builder, orm and model paths share, built with the
 *	  query builder from the description: the list pages, find_tasks and
 *	  its JSON filter, and project_report.
 *
 * find_tasks(filter jsonb) is what a builder is for: each key present in
 * the filter adds one condition.  The keys, their error hints and the
 * order choices come from the column flags of the description
 * (src/desc/taskdb.def), for the columns the installed version has.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "build/build.h"

#include <limits.h>

#include "catalog/pg_type_d.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
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
 * The list_tasks query: a keyset page in key order, with the filters given.
 * It selects the whole row as one value, every column (as the orm reads
 * them), or t.*.  The orm and model paths build their lists here too.
 */
TdbQuery *
TdbBuildListTasks(const TdbTaskList *l, TdbTargetKind target)
{
	TdbQuery   *q = TdbSelect(&TdbTasksTable);

	TdbTargetRows(q, &TdbTasksTable, target);
	TdbWhere(q, TdbOp(TDB_GE, TdbCol(q, &TdbTasks.id),
					  TdbParamFor(q, &TdbTasks.id, Int64GetDatum(l->start))));
	if (l->by_done)
		TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, &TdbTasks.done),
						  TdbParamFor(q, &TdbTasks.done, BoolGetDatum(l->done))));
	if (l->by_project)
		TdbWhere(q, TdbOp(TDB_EQ, TdbCol(q, &TdbTasks.project_id),
						  TdbParamFor(q, &TdbTasks.project_id,
									  Int64GetDatum(l->project_id))));
	TdbOrderBy(q, TdbCol(q, &TdbTasks.id), false);
	TdbLimit(q, TdbParam(q, INT4OID, Int32GetDatum(l->lim), false));
	return q;
}

/* The list_projects query, the same way. */
TdbQuery *
TdbBuildListProjects(const TdbProjectList *l, bool columns)
{
	TdbQuery   *q = TdbSelect(&TdbProjectsTable);

	TdbTargetRows(q, &TdbProjectsTable, columns ? TDB_TARGET_COLUMNS : TDB_TARGET_ROW);
	TdbWhere(q, TdbOp(TDB_GE, TdbCol(q, &TdbProjects.id),
					  TdbParamFor(q, &TdbProjects.id, Int64GetDatum(l->start))));
	TdbOrderBy(q, TdbCol(q, &TdbProjects.id), false);
	TdbLimit(q, TdbParam(q, INT4OID, Int32GetDatum(l->lim), false));
	return q;
}

#define FIND_DEFAULT_LIMIT 100

typedef enum FilterUse
{
	FILTER_FIND,				/* find_tasks, find_tasks_sql */
	FILTER_REPORT				/* project_report */
} FilterUse;

static void
bad_value(const char *key, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("filter key \"%s\" must be %s", key, expected)));
}

/* A JSON number that is an integer in bigint's range, or an error. */
static int64
json_int8(const char *key, JsonbValue *v, const char *expected)
{
	char	   *s;
	char	   *end;
	long long	n;

	if (v->type != jbvNumeric)
		bad_value(key, expected);
	s = DatumGetCString(DirectFunctionCall1(numeric_out,
											NumericGetDatum(v->val.numeric)));
	errno = 0;
	n = strtoll(s, &end, 10);
	if (*end != '\0' || errno == ERANGE)
		bad_value(key, expected);
	return (int64) n;
}

/*
 * A JSON array of integers, as a bigint[] datum.  With has_null non-NULL,
 * null elements are allowed and reported there instead of stored.
 */
static Datum
json_int8_array(const char *key, JsonbValue *v, const char *expected,
				bool *has_null)
{
	JsonbIterator *it;
	JsonbValue	elem;
	JsonbIteratorToken tok;
	Datum	   *items;
	int			n = 0;
	int			cap;

	if (has_null)
		*has_null = false;
	if (v->type != jbvBinary ||
		!JsonContainerIsArray((JsonbContainer *) v->val.binary.data))
		bad_value(key, expected);
	cap = JsonContainerSize((JsonbContainer *) v->val.binary.data);
	items = palloc(sizeof(Datum) * Max(cap, 1));
	it = JsonbIteratorInit((JsonbContainer *) v->val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &elem, true)) != WJB_DONE)
	{
		CHECK_FOR_INTERRUPTS();
		if (tok != WJB_ELEM)
			continue;
		if (elem.type == jbvNull && has_null)
			*has_null = true;
		else
			items[n++] = Int64GetDatum(json_int8(key, &elem, expected));
	}
	return PointerGetDatum(construct_array(items, n, INT8OID, 8, true,
										   TYPALIGN_DOUBLE));
}

static text *
json_text(const char *key, JsonbValue *v)
{
	if (v->type != jbvString)
		bad_value(key, "a string");
	return cstring_to_text_with_len(v->val.string.val, v->val.string.len);
}

/*
 * A title filter cannot match a title longer than the column holds: it is
 * refused, as storing such a title would be, before it costs a scan.
 */
static void
check_title_filter(const char *key, text *value)
{
	const TdbColumn *col = &TdbTasks.title;
	int			len = VARSIZE_ANY_EXHDR(value);
	int			nchars;

	if (len <= col->max_length)
		return;
	nchars = pg_mbstrlen_with_len(VARDATA_ANY(value), len);
	if (nchars <= col->max_length)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
			 errmsg("filter key \"%s\" is longer than a task title can be", key),
			 errdetail("It has %d characters; a title has at most %d.",
					   nchars, col->max_length)));
}

/* A JSON string holding a timestamp with time zone. */
static TimestampTz
json_timestamptz(const char *key, JsonbValue *v)
{
	char	   *s;
	TimestampTz result;

	if (v->type != jbvString)
		bad_value(key, "a timestamp string");
	s = pnstrdup(v->val.string.val, v->val.string.len);
	if (!TdbParseTimestamptz(s, &result))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("filter key \"%s\" must be a timestamp string", key),
				 errdetail("\"%s\" is not a valid timestamp with time zone.",
						   TdbQuotePrefix(s, strlen(s)))));
	return result;
}

/* The columns find_tasks can order by: "id", "-id", "title", ... */
static const TdbColumn *
order_column(const char *key, text *value, bool *descending)
{
	char	   *s = text_to_cstring(value);
	const TdbColumn *const choices[] = {
		&TdbTasks.id, &TdbTasks.title, &TdbTasks.created_at,
	};

	*descending = (s[0] == '-');
	if (*descending)
		s++;
	for (int i = 0; i < (int) lengthof(choices); i++)
		if (strcmp(s, choices[i]->name) == 0)
			return choices[i];
	bad_value(key, "one of \"id\", \"title\", \"created_at\", optionally with a leading \"-\"");
	return NULL;				/* keep compiler quiet */
}

/*
 * A parsed filter: the conditions on tasks, on projects (the report), and
 * the page.  Conditions are built against the query they belong to.
 */
typedef struct Filter
{
	TdbExpr    *task_cond;
	TdbExpr    *project_cond;
	const TdbColumn *order;
	bool		descending;
	bool		has_after;
	int64		after;
	bool		has_offset;
	int64		offset;
	int32		limit;
} Filter;

/*
 * Parse filter (a JSON object) into conditions on q.  For the report,
 * task conditions name the joined tasks and project_id names projects.
 */
static void
parse_filter(Jsonb *filter, TdbQuery *q, FilterUse use, Filter *f)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;

	memset(f, 0, sizeof(*f));
	f->order = &TdbTasks.id;
	f->limit = FIND_DEFAULT_LIMIT;

	if (!JB_ROOT_IS_OBJECT(filter))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("filter must be a JSON object")));

	it = JsonbIteratorInit(&filter->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;
		JsonbValue	val;

		CHECK_FOR_INTERRUPTS();
		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		tok = JsonbIteratorNext(&it, &val, true);
		Assert(tok == WJB_VALUE);

		if (strcmp(key, "done") == 0)
		{
			if (val.type != jbvBool)
				bad_value(key, "a boolean");
			f->task_cond = TdbAnd(f->task_cond,
								  TdbOp(TDB_EQ, TdbCol(q, &TdbTasks.done),
										TdbParamFor(q, &TdbTasks.done,
													BoolGetDatum(val.val.boolean))));
		}
		else if (strcmp(key, "project_id") == 0)
		{
			const TdbColumn *col = use == FILTER_REPORT ?
			&TdbProjects.id : &TdbTasks.project_id;
			const char *expected = use == FILTER_REPORT ?
			"a number or an array of numbers" :
			"a number, an array of numbers and nulls, or null";
			TdbExpr    *cond;

			if (val.type == jbvNull && use == FILTER_FIND)
				cond = TdbIsNull(TdbCol(q, col), false);
			else if (val.type == jbvNumeric)
				cond = TdbOp(TDB_EQ, TdbCol(q, col),
							 TdbParamFor(q, col,
										 Int64GetDatum(json_int8(key, &val, expected))));
			else if (val.type == jbvBinary)
			{
				/* [1, 2, null]: in project 1 or 2, or in no project */
				bool		with_null = false;
				Datum		ids = json_int8_array(key, &val, expected,
												  use == FILTER_FIND ? &with_null : NULL);

				cond = TdbEqAny(TdbCol(q, col), TdbParam(q, INT8ARRAYOID, ids,
														 false));
				if (with_null)
					cond = TdbOr(cond, TdbIsNull(TdbCol(q, col), false));
			}
			else
			{
				bad_value(key, expected);
				cond = NULL;	/* keep compiler quiet */
			}
			if (use == FILTER_REPORT)
				f->project_cond = TdbAnd(f->project_cond, cond);
			else
				f->task_cond = TdbAnd(f->task_cond, cond);
		}
		else if (strcmp(key, "title_contains") == 0 ||
				 strcmp(key, "title_prefix") == 0)
		{
			bool		prefix = (key[6] == 'p');
			text	   *value = json_text(key, &val);
			char	   *pattern;

			check_title_filter(key, value);
			pattern = TdbLikePattern(value, prefix);

			f->task_cond = TdbAnd(f->task_cond,
								  TdbOp(prefix ? TDB_LIKE : TDB_ILIKE,
										TdbCol(q, &TdbTasks.title),
										TdbParam(q, TEXTOID,
												 CStringGetTextDatum(pattern),
												 false)));
		}
		else if (strcmp(key, "created_after") == 0 ||
				 strcmp(key, "created_before") == 0)
		{
			bool		after = (key[8] == 'a');
			TimestampTz ts = json_timestamptz(key, &val);

			f->task_cond = TdbAnd(f->task_cond,
								  TdbOp(after ? TDB_GT : TDB_LT,
										TdbCol(q, &TdbTasks.created_at),
										TdbParamFor(q, &TdbTasks.created_at,
													TimestampTzGetDatum(ts))));
		}
		else if (strcmp(key, "has_project") == 0)
		{
			if (val.type != jbvBool)
				bad_value(key, "a boolean");
			f->task_cond = TdbAnd(f->task_cond,
								  TdbIsNull(TdbCol(q, &TdbTasks.project_id),
											val.val.boolean));
		}
		else if (strcmp(key, "ids") == 0)
			f->task_cond = TdbAnd(f->task_cond,
								  TdbEqAny(TdbCol(q, &TdbTasks.id),
										   TdbParam(q, INT8ARRAYOID,
													json_int8_array(key, &val,
																	"an array of numbers",
																	NULL),
													false)));
		else if (use == FILTER_FIND && strcmp(key, "order") == 0)
			f->order = order_column(key, json_text(key, &val), &f->descending);
		else if (use == FILTER_FIND && strcmp(key, "after") == 0)
		{
			f->has_after = true;
			f->after = json_int8(key, &val, "a task id");
		}
		else if (use == FILTER_FIND && strcmp(key, "offset") == 0)
		{
			f->offset = json_int8(key, &val, "a number of rows to skip, 0 or more");
			if (f->offset < 0)
				bad_value(key, "a number of rows to skip, 0 or more");
			f->has_offset = true;
		}
		else if (use == FILTER_FIND && strcmp(key, "limit") == 0)
		{
			int64		lim = json_int8(key, &val, "a number from 0 to 2147483647");

			if (lim < 0 || lim > PG_INT32_MAX)
				bad_value(key, "a number from 0 to 2147483647");
			f->limit = (int32) lim;
		}
		else if (use == FILTER_REPORT &&
				 (strcmp(key, "order") == 0 || strcmp(key, "after") == 0 ||
				  strcmp(key, "limit") == 0 || strcmp(key, "offset") == 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("filter key \"%s\" does not apply to project_report",
							key),
					 errdetail("The report has one row per project, in project id order.")));
		else if (use == FILTER_REPORT)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown filter key \"%s\"",
							TdbQuotePrefix(key, strlen(key))),
					 errhint("Valid keys are done, project_id, has_project, title_contains, title_prefix, created_after, created_before and ids.")));
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown filter key \"%s\"",
							TdbQuotePrefix(key, strlen(key))),
					 errhint("Valid keys are done, project_id, has_project, title_contains, title_prefix, created_after, created_before, ids, order, after, offset and limit.")));
	}
}

/*
 * The find_tasks query for a filter.  Conditions are rendered in the order
 * of the filter's keys (jsonb keeps them sorted), then the keyset cursor,
 * the order (always ending with id, so pages are stable) and the limit.
 * The query selects the whole row as one value, or with columns every
 * column (as the orm reads them).
 */
TdbQuery *
TdbBuildFindTasks(Jsonb *filter, bool columns)
{
	TdbQuery   *q = TdbSelect(&TdbTasksTable);
	Filter		f;

	TdbTargetRows(q, &TdbTasksTable, columns ? TDB_TARGET_COLUMNS : TDB_TARGET_ROW);
	parse_filter(filter, q, FILTER_FIND, &f);
	TdbWhere(q, f.task_cond);

	if (f.has_after)
	{
		TdbCmp		op = f.descending ? TDB_LT : TDB_GT;

		if (f.order == &TdbTasks.id)
			TdbWhere(q, TdbOp(op, TdbCol(q, &TdbTasks.id),
							  TdbParamFor(q, &TdbTasks.id,
										  Int64GetDatum(f.after))));
		else
		{
			/* (t.col, t.id) > (SELECT c.col, c.id ... WHERE c.id = $n) */
			TdbQuery   *cursor = TdbSubselect(q, &TdbTasksTable, "c");

			TdbTarget(cursor, TdbCol(cursor, f.order), NULL);
			TdbTarget(cursor, TdbCol(cursor, &TdbTasks.id), NULL);
			TdbWhereEq(cursor, &TdbTasks.id, Int64GetDatum(f.after));
			TdbWhere(q, TdbRowCmp(op, TdbCol(q, f.order),
								  TdbCol(q, &TdbTasks.id), cursor));
		}
	}

	TdbOrderBy(q, TdbCol(q, f.order), f.descending);
	if (f.order != &TdbTasks.id)
		TdbOrderBy(q, TdbCol(q, &TdbTasks.id), f.descending);
	TdbLimit(q, TdbParam(q, INT4OID, Int32GetDatum(f.limit), false));
	if (f.has_offset)
		TdbOffset(q, TdbParam(q, INT8OID, Int64GetDatum(f.offset), false));
	return q;
}


/*
 * The project_report query for a filter: per project, the count of its
 * tasks that match the filter's task keys, of those how many are done and
 * open, and when the first and the last of them were created.
 */
TdbQuery *
TdbBuildProjectReport(Jsonb *filter)
{
	TdbQuery   *q = TdbSelect(&TdbProjectsTable);
	Filter		f;
	TdbExpr    *task_id;
	TdbExpr    *task_done;

	/* join first, so that the filter's task columns resolve */
	TdbJoin(q, &TdbTasksTable, true, NULL);
	parse_filter(filter, q, FILTER_REPORT, &f);
	TdbJoinCondition(q, &TdbTasksTable, f.task_cond);
	TdbWhere(q, f.project_cond);

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
	TdbGroupBy(q, TdbCol(q, &TdbProjects.id));
	TdbOrderBy(q, TdbCol(q, &TdbProjects.id), false);
	return q;
}
