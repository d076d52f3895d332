/*-------------------------------------------------------------------------
 *
 * filter.c
 *	  The JSON filter of find_tasks, project_report and model_list_tasks,
 *	  read into a TdbRead (core.h) that each path renders its own way.
 *
 * The keys come from the column flags of the description (taskdb.def),
 * for the columns the installed version has:
 *
 *	FILTER_EQ		"<column>": a value; for an integer column an array of
 *					values too; for a nullable column null, and nulls in
 *					the array
 *	FILTER_HAS		"has_<stem>": true for not null, false for null
 *	FILTER_TEXT		"<column>_contains", "<column>_prefix": a string
 *	FILTER_RANGE	"<stem>_after", "<stem>_before": a timestamp string, for
 *					a timestamp column; "<stem>_min", "<stem>_max": an
 *					integer, bounds included, for an integer column
 *	FILTER_IDS		"<stem>": an array of ids
 *
 * then "overdue" (from 1.6: due before now and not done), and, for
 * find_tasks and the model's lists, "order", "after", "offset" and
 * "limit".  The hints list them in that order, so a new column's keys
 * appear in every hint without an edit.  project_report reads the keys of
 * tasks, except that a foreign key's "<column>" picks the referenced rows
 * (the projects reported).
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "core/core.h"

#include <limits.h>

#include "catalog/pg_type_d.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#define FIND_DEFAULT_LIMIT 100

/* The kinds of key, in the order the hints list them. */
typedef enum KeyKind
{
	KEY_EQ,
	KEY_HAS,
	KEY_CONTAINS,
	KEY_PREFIX,
	KEY_AFTER,
	KEY_BEFORE,
	KEY_MIN,
	KEY_MAX,
	KEY_IDS
} KeyKind;

typedef struct KeyForm
{
	KeyKind		kind;
	int			flag;			/* the column flag that gives the key */
	const char *format;			/* %s: the column's name, or its stem */
	bool		stem;
} KeyForm;

static const KeyForm key_forms[] = {
	{KEY_EQ, TDB_COL_FILTER_EQ, "%s", false},
	{KEY_HAS, TDB_COL_FILTER_HAS, "has_%s", true},
	{KEY_CONTAINS, TDB_COL_FILTER_TEXT, "%s_contains", false},
	{KEY_PREFIX, TDB_COL_FILTER_TEXT, "%s_prefix", false},
	{KEY_AFTER, TDB_COL_FILTER_RANGE, "%s_after", true},
	{KEY_BEFORE, TDB_COL_FILTER_RANGE, "%s_before", true},
	{KEY_MIN, TDB_COL_FILTER_RANGE, "%s_min", true},
	{KEY_MAX, TDB_COL_FILTER_RANGE, "%s_max", true},
	{KEY_IDS, TDB_COL_FILTER_IDS, "%s", true},
};

/* The keys of the page, which find_tasks and the model lists take. */
static const char *const page_keys[] = {"order", "after", "offset", "limit"};

/* whether column col takes key form f, by its flags and type */
static bool
key_applies(const KeyForm *f, const TdbColumn *col)
{
	bool		integer = col->typid == INT2OID || col->typid == INT4OID ||
		col->typid == INT8OID;

	if (!(col->flags & f->flag))
		return false;
	/* a range is of timestamps or of integers, each with its words */
	if ((f->kind == KEY_AFTER || f->kind == KEY_BEFORE) &&
		col->typid != TIMESTAMPTZOID)
		return false;
	if ((f->kind == KEY_MIN || f->kind == KEY_MAX) && !integer)
		return false;
	return true;
}

/* key form f of column col, into buf, if the installed version has col */
static bool
form_key(const KeyForm *f, const TdbColumn *col, char *buf, size_t size)
{
	if (!key_applies(f, col) || !TdbColumnPresent(col))
		return false;
	snprintf(buf, size, f->format, f->stem ? col->stem : col->name);
	return true;
}

/* Every key of the description, formed once per backend. */
typedef struct KeyEntry
{
	char		key[NAMEDATALEN + 16];
	const KeyForm *form;
	const TdbColumn *col;
} KeyEntry;

#define MAX_KEY_COLUMNS 16

/*
 * The task column and form a key names, or NULL.  Forms are tried in
 * their order, so a key is never two filters; a column the installed
 * version lacks names no key.
 */
static const TdbColumn *
find_key(const char *key, const KeyForm **form)
{
	static KeyEntry entries[lengthof(key_forms) * MAX_KEY_COLUMNS];
	static int	nentries = -1;

	if (nentries < 0)
	{
		const TdbTable *table = &TdbTasksTable;
		int			n = 0;

		if (table->ncolumns > MAX_KEY_COLUMNS)
			elog(ERROR, "table %s has more than %d columns", table->name,
				 MAX_KEY_COLUMNS);
		for (int f = 0; f < (int) lengthof(key_forms); f++)
			for (int c = 0; c < table->ncolumns; c++)
			{
				const KeyForm *kf = &key_forms[f];
				const TdbColumn *col = table->columns[c];

				if (!key_applies(kf, col))
					continue;
				snprintf(entries[n].key, sizeof(entries[n].key), kf->format,
						 kf->stem ? col->stem : col->name);
				entries[n].form = kf;
				entries[n].col = col;
				n++;
			}
		nentries = n;
	}
	for (int i = 0; i < nentries; i++)
		if (strcmp(entries[i].key, key) == 0 && TdbColumnPresent(entries[i].col))
		{
			*form = entries[i].form;
			return entries[i].col;
		}
	return NULL;
}

/* "a, b and c": the keys a filter takes, for hints */
static char *
valid_keys(bool report)
{
	const TdbTable *table = &TdbTasksTable;
	List	   *keys = NIL;
	StringInfoData buf;
	char		key[NAMEDATALEN + 16];
	ListCell   *lc;
	int			i = 0;

	/* per kind of column flag, each column's keys of that kind together */
	for (int f = 0; f < (int) lengthof(key_forms); f++)
	{
		int			last = f;

		while (last + 1 < (int) lengthof(key_forms) &&
			   key_forms[last + 1].flag == key_forms[f].flag)
			last++;
		for (int c = 0; c < table->ncolumns; c++)
			for (int g = f; g <= last; g++)
				if (form_key(&key_forms[g], table->columns[c], key, sizeof(key)))
					keys = lappend(keys, pstrdup(key));
		f = last;
	}
	if (TdbColumnPresent(&TdbTasks.due_at))
		keys = lappend(keys, pstrdup("overdue"));
	if (!report)
		for (int k = 0; k < (int) lengthof(page_keys); k++)
			keys = lappend(keys, pstrdup(page_keys[k]));

	initStringInfo(&buf);
	foreach(lc, keys)
	{
		if (i > 0)
			appendStringInfoString(&buf, i == list_length(keys) - 1 ? " and " : ", ");
		appendStringInfoString(&buf, (char *) lfirst(lc));
		i++;
	}
	return buf.data;
}

/*
 * What the JSON argument is called in messages: "filter" (find_tasks,
 * project_report, model_list_tasks) or "query" (model_list_projects); set
 * by TdbReadFromJson for the call it reads.
 */
static const char *key_noun = "filter";

static void
bad_value(const char *key, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s key \"%s\" must be %s", key_noun, key, expected)));
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

/* A JSON integer as a datum of an integer column's type, or an error. */
static Datum
json_integer(const char *key, JsonbValue *v, const TdbColumn *col,
			 const char *expected)
{
	int64		n = json_int8(key, v, expected);

	if (col->typid == INT2OID)
	{
		if (n < PG_INT16_MIN || n > PG_INT16_MAX)
			bad_value(key, expected);
		return Int16GetDatum((int16) n);
	}
	if (col->typid == INT4OID)
	{
		if (n < PG_INT32_MIN || n > PG_INT32_MAX)
			bad_value(key, expected);
		return Int32GetDatum((int32) n);
	}
	return Int64GetDatum(n);
}

/*
 * A JSON array of integers, as an array datum of col's type.  With
 * has_null non-NULL, null elements are allowed and reported there instead
 * of stored.
 */
static Datum
json_integer_array(const char *key, JsonbValue *v, const TdbColumn *col,
				   const char *expected, bool *has_null)
{
	JsonbIterator *it;
	JsonbValue	elem;
	JsonbIteratorToken tok;
	Datum	   *items;
	int			n = 0;
	int			cap;
	int16		typlen;
	bool		typbyval;
	char		typalign;

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
			items[n++] = json_integer(key, &elem, col, expected);
	}
	get_typlenbyvalalign(col->typid, &typlen, &typbyval, &typalign);
	return PointerGetDatum(construct_array(items, n, col->typid, typlen,
										   typbyval, typalign));
}

static text *
json_text(const char *key, JsonbValue *v)
{
	if (v->type != jbvString)
		bad_value(key, "a string");
	return cstring_to_text_with_len(v->val.string.val, v->val.string.len);
}

/*
 * A text filter cannot match a value longer than the column holds: it is
 * refused, as storing such a value would be, before it costs a scan.
 */
static void
check_text_filter(const char *key, text *value, const TdbColumn *col)
{
	int			len = VARSIZE_ANY_EXHDR(value);
	int			nchars;

	if (len <= col->max_length)
		return;
	nchars = pg_mbstrlen_with_len(VARDATA_ANY(value), len);
	if (nchars <= col->max_length)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
			 errmsg("filter key \"%s\" is longer than a %s can be", key,
					col->what),
			 errdetail("It has %d characters; a %s has at most %d.",
					   nchars, col->name, col->max_length)));
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
				 errmsg("%s key \"%s\" must be a timestamp string", key_noun, key),
				 errdetail("\"%s\" is not a valid timestamp with time zone.",
						   TdbQuotePrefix(s, strlen(s)))));
	return result;
}


/* "<column>": equal to a value, one of an array, or null */
static void
read_equal(TdbRead *read, const char *key, const TdbColumn *col,
		   JsonbValue *val, bool report)
{
	bool		integer = (col->typid == INT2OID || col->typid == INT4OID ||
						   col->typid == INT8OID);
	bool		nulls_ok = !col->notnull;
	const char *expected;

	/* the report's "project_id" picks the projects reported */
	if (report && TdbReferencedColumn(col) != NULL)
	{
		col = TdbReferencedColumn(col);
		nulls_ok = false;
	}
	if (col->typid == BOOLOID)
		expected = "a boolean";
	else if (!integer)
		expected = "a string";
	else if (nulls_ok)
		expected = "a number, an array of numbers and nulls, or null";
	else
		expected = "a number or an array of numbers";

	if (val->type == jbvNull && nulls_ok)
		TdbReadAddFilter(read, col, TDB_FILTER_NULL, (Datum) 0, InvalidOid);
	else if (col->typid == BOOLOID)
	{
		if (val->type != jbvBool)
			bad_value(key, expected);
		TdbReadAddFilter(read, col, TDB_FILTER_EQ, BoolGetDatum(val->val.boolean),
				   BOOLOID);
	}
	else if (integer && val->type == jbvNumeric)
		TdbReadAddFilter(read, col, TDB_FILTER_EQ,
				   json_integer(key, val, col, expected), col->typid);
	else if (integer && val->type == jbvBinary)
	{
		/* [1, 2, null]: 1 or 2, or null */
		bool		with_null = false;
		Datum		values = json_integer_array(key, val, col, expected,
												nulls_ok ? &with_null : NULL);

		TdbReadAddFilter(read, col, with_null ? TDB_FILTER_IN_OR_NULL : TDB_FILTER_IN,
				   values, get_array_type(col->typid));
	}
	else
		bad_value(key, expected);
}

/*
 * model_list_projects' query: a page of projects in id order, after the
 * project "after" (the keyset cursor), at most "limit" of them.
 */
static void
read_projects(Jsonb *query, TdbRead *read)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;

	read->table = &TdbProjectsTable;
	read->order = &TdbProjects.id;
	it = JsonbIteratorInit(&query->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;
		JsonbValue	val;

		CHECK_FOR_INTERRUPTS();
		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		JsonbIteratorNext(&it, &val, true);
		if (strcmp(key, "after") == 0)
		{
			int64		after = json_int8(key, &val, "a project id");

			/* the page starts after that project */
			if (after == PG_INT64_MAX)
				read->empty = true;
			else
			{
				read->has_start = true;
				read->start = after + 1;
			}
		}
		else if (strcmp(key, "limit") == 0)
		{
			int64		lim = json_int8(key, &val, "a number from 0 to 2147483647");

			if (lim < 0 || lim > PG_INT32_MAX)
				bad_value(key, "a number from 0 to 2147483647");
			read->limit = (int32) lim;
		}
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown query key \"%s\"",
							TdbQuotePrefix(key, strlen(key))),
					 errhint("Valid keys are after and limit.")));
	}
	if (read->limit == 0)
		read->empty = true;
}

/*
 * Read filter (a JSON object) into read: for find_tasks and the model's
 * lists (report false), a page of tasks; for project_report, the tasks
 * counted and the projects reported.  Filters are kept in the order of
 * the filter's keys (jsonb keeps them sorted).
 */
void
TdbReadFromJson(Jsonb *filter, TdbReadKind kind, TdbRead *read)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	bool		report = (kind == TDB_READ_REPORT);
	text	   *token = NULL;

	memset(read, 0, sizeof(*read));
	read->table = &TdbTasksTable;
	read->order = &TdbTasks.id;
	read->limit = FIND_DEFAULT_LIMIT;
	key_noun = kind == TDB_READ_PROJECTS ? "query" : "filter";

	if (!JB_ROOT_IS_OBJECT(filter))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a JSON object", key_noun)));
	if (kind == TDB_READ_PROJECTS)
	{
		read_projects(filter, read);
		return;
	}

	it = JsonbIteratorInit(&filter->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;
		JsonbValue	val;
		const KeyForm *form;
		const TdbColumn *col;

		CHECK_FOR_INTERRUPTS();
		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		tok = JsonbIteratorNext(&it, &val, true);
		Assert(tok == WJB_VALUE);

		if ((col = find_key(key, &form)) != NULL)
		{
			switch (form->kind)
			{
				case KEY_EQ:
					read_equal(read, key, col, &val, report);
					break;
				case KEY_HAS:
					if (val.type != jbvBool)
						bad_value(key, "a boolean");
					TdbReadAddFilter(read, col, val.val.boolean ? TDB_FILTER_NOT_NULL :
							   TDB_FILTER_NULL, (Datum) 0, InvalidOid);
					break;
				case KEY_CONTAINS:
				case KEY_PREFIX:
					{
						text	   *value = json_text(key, &val);

						check_text_filter(key, value, col);
						TdbReadAddFilter(read, col,
								   form->kind == KEY_PREFIX ? TDB_FILTER_LIKE :
								   TDB_FILTER_ILIKE,
								   CStringGetTextDatum(TdbLikePattern(value,
																	  form->kind == KEY_PREFIX)),
								   TEXTOID);
						break;
					}
				case KEY_AFTER:
				case KEY_BEFORE:
					TdbReadAddFilter(read, col,
							   form->kind == KEY_AFTER ? TDB_FILTER_GT :
							   TDB_FILTER_LT,
							   TimestampTzGetDatum(json_timestamptz(key, &val)),
							   TIMESTAMPTZOID);
					break;
				case KEY_MIN:
				case KEY_MAX:
					TdbReadAddFilter(read, col,
									 form->kind == KEY_MIN ? TDB_FILTER_GE :
									 TDB_FILTER_LE,
									 json_integer(key, &val, col, "an integer"),
									 col->typid);
					break;
				case KEY_IDS:
					TdbReadAddFilter(read, col, TDB_FILTER_IN,
							   json_integer_array(key, &val, col,
												  "an array of numbers", NULL),
							   get_array_type(col->typid));
					break;
			}
		}
		else if (strcmp(key, "overdue") == 0 &&
				 TdbColumnPresent(&TdbTasks.due_at))
		{
			/* from 1.6: due before now and not done, or not */
			if (val.type != jbvBool)
				bad_value(key, "a boolean");
			TdbReadAddFilter(read, &TdbTasks.due_at,
					   val.val.boolean ? TDB_FILTER_OVERDUE :
					   TDB_FILTER_NOT_OVERDUE,
					   (Datum) 0, InvalidOid);
		}
		else if (!report && strcmp(key, "order") == 0)
			read->order = TdbOrderColumn("filter key \"order\"",
										 text_to_cstring(json_text(key, &val)),
										 &read->descending);
		else if (!report && strcmp(key, "after") == 0)
		{
			/* a task id, or a token of task_cursor (read once the order is) */
			if (val.type == jbvString)
				token = cstring_to_text_with_len(val.val.string.val,
												 val.val.string.len);
			else
			{
				read->has_after = true;
				read->after = json_int8(key, &val, "a task id or a cursor");
			}
		}
		else if (!report && strcmp(key, "offset") == 0)
		{
			read->offset = json_int8(key, &val, "a number of rows to skip, 0 or more");
			if (read->offset < 0)
				bad_value(key, "a number of rows to skip, 0 or more");
			if (read->offset > tdb_max_offset)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("offset " INT64_FORMAT " is more than taskdb.max_offset (%d)",
								read->offset, tdb_max_offset),
						 errhint("Page with the keyset cursor, \"after\": each page then costs the same.")));
			read->has_offset = true;
		}
		else if (!report && strcmp(key, "limit") == 0)
		{
			int64		lim = json_int8(key, &val, "a number from 0 to 2147483647");

			if (lim < 0 || lim > PG_INT32_MAX)
				bad_value(key, "a number from 0 to 2147483647");
			read->limit = (int32) lim;
		}
		else if (report &&
				 (strcmp(key, "order") == 0 || strcmp(key, "after") == 0 ||
				  strcmp(key, "limit") == 0 || strcmp(key, "offset") == 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("filter key \"%s\" does not apply to project_report",
							key),
					 errdetail("The report has one row per project, in project id order.")));
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown filter key \"%s\"",
							TdbQuotePrefix(key, strlen(key))),
					 errhint("Valid keys are %s.", valid_keys(report))));
	}
	if (token != NULL)
		TdbReadSetCursor(read, token);
}

/*
 * The cursor token (task_cursor) of a task given as JSON, as the model
 * writes one (model_task_cursor): its "id" and the value of the order
 * column col under the column's name; a null or absent value is the
 * order's infinity for a nullable column.
 */
char *
TdbCursorFromJson(Jsonb *task, const TdbColumn *col)
{
	JsonbValue	idbuf;
	JsonbValue	valbuf;
	JsonbValue *idv;
	JsonbValue *val;
	int64		id;
	Datum		value = (Datum) 0;
	bool		isnull;

	key_noun = "task";
	if (!JB_ROOT_IS_OBJECT(task))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("task must be a JSON object")));
	idv = getKeyJsonValueFromContainer(&task->root, "id", 2, &idbuf);
	if (idv == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("task has no key \"id\"")));
	id = json_int8("id", idv, "a task id");
	val = getKeyJsonValueFromContainer(&task->root, col->name,
									   strlen(col->name), &valbuf);
	isnull = (val == NULL || val->type == jbvNull);
	if (!isnull)
	{
		switch (col->typid)
		{
			case TIMESTAMPTZOID:
				value = TimestampTzGetDatum(json_timestamptz(col->name, val));
				break;
			case INT2OID:
			case INT4OID:
			case INT8OID:
				value = json_integer(col->name, val, col, "an integer");
				break;
			case VARCHAROID:
			case TEXTOID:
				value = PointerGetDatum(json_text(col->name, val));
				break;
			default:
				elog(ERROR, "cannot make a cursor for column %s", col->name);
		}
	}
	return TdbCursorEncode(col, id, value, isnull);
}
