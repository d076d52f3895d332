/*-------------------------------------------------------------------------
 *
 * validate.c
 *	  The models and validation of JSON against them (SQLModel's peer).
 *
 * The declaration is the description (src/desc/taskdb.def): each column's
 * type, nullability, default, limits, range, read-only flag and version.
 * The models are derived from it by rule, never written again:
 *
 *	  Task, Project (read)	   every column, all required
 *	  TaskCreate, ...		   the writable columns; required when NOT NULL
 *							   without a default
 *	  TaskUpdate, ...		   the writable columns, all optional (PATCH), and
 *							   the row version as the expected version
 *
 * only ever with the columns the installed version has.  Validation is
 * strict, as Pydantic's strict mode: a JSON string is not a boolean, 1.5 is
 * not an integer, a number is not a string, and keys the model does not
 * declare are refused.  Every error is counted, in field order and then
 * extra keys, and the first TDB_MODEL_MAX_ERRORS are listed, each in
 * Pydantic's shape (type, loc, msg, input, and ctx where Pydantic gives
 * one).  A call with errors fails with SQLSTATE 22023, "N validation
 * errors for Model", and the listed errors as a compact one-line JSON
 * array in the detail; model_validate returns them instead.  The list is
 * bounded as every error taskdb reports is: a body of 200,000 unknown keys
 * would otherwise send a detail of 19 MB to the client and the server log.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "model/model.h"

#include "catalog/pg_type_d.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

static const TdbModel models[] = {
	{"Task", &TdbTasksTable, TDB_MODEL_READ},
	{"TaskCreate", &TdbTasksTable, TDB_MODEL_CREATE},
	{"TaskUpdate", &TdbTasksTable, TDB_MODEL_UPDATE},
	{"Project", &TdbProjectsTable, TDB_MODEL_READ},
	{"ProjectCreate", &TdbProjectsTable, TDB_MODEL_CREATE},
	{"ProjectUpdate", &TdbProjectsTable, TDB_MODEL_UPDATE},
};



TdbModelField
TdbModelFieldOf(const TdbModel *m, const TdbColumn *col)
{
	TdbModelField	r;

	r.nullable = !col->notnull;
	/* a column the installed version lacks is no field of any model */
	if (!TdbColumnPresent(col))
	{
		r.accepted = r.required = false;
		return r;
	}
	switch (m->kind)
	{
		case TDB_MODEL_READ:
			r.accepted = true;
			r.required = true;
			break;
		case TDB_MODEL_CREATE:
			r.accepted = !col->readonly;
			r.required = col->notnull && col->default_expr == NULL;
			break;
		case TDB_MODEL_UPDATE:
			/* the row version is accepted as the version the change expects */
			r.accepted = !col->readonly || (col->flags & TDB_COL_ROWVERSION);
			r.required = false;
			break;
	}
	return r;
}

const TdbModel *
TdbModelNamed(const char *name)
{
	for (int i = 0; i < (int) lengthof(models); i++)
		if (strcmp(models[i].name, name) == 0)
			return &models[i];
	return NULL;
}

/* The model a caller names, or an error listing them. */
const TdbModel *
TdbModelFind(text *name)
{
	char	   *s = text_to_cstring(name);

	if (TdbModelNamed(s) != NULL)
		return TdbModelNamed(s);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown model \"%s\"", TdbQuotePrefix(s, strlen(s))),
			 errhint("The models are Task, TaskCreate, TaskUpdate, Project, ProjectCreate and ProjectUpdate.")));
	return NULL;				/* keep compiler quiet */
}

/*---- compact JSON, as Pydantic writes it ----*/

static void render_value(StringInfo buf, JsonbValue *v);

static void
render_container(StringInfo buf, JsonbContainer *c)
{
	JsonbIterator *it = JsonbIteratorInit(c);
	JsonbValue	v;
	JsonbIteratorToken tok;
	bool		first = true;

	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		CHECK_FOR_INTERRUPTS();
		switch (tok)
		{
			case WJB_BEGIN_ARRAY:
				if (!v.val.array.rawScalar)
					appendStringInfoChar(buf, '[');
				break;
			case WJB_END_ARRAY:
				if (!JsonContainerIsScalar(c))
					appendStringInfoChar(buf, ']');
				break;
			case WJB_BEGIN_OBJECT:
				appendStringInfoChar(buf, '{');
				break;
			case WJB_END_OBJECT:
				appendStringInfoChar(buf, '}');
				break;
			case WJB_KEY:
				if (!first)
					appendStringInfoChar(buf, ',');
				first = false;
				render_value(buf, &v);
				appendStringInfoChar(buf, ':');
				break;
			case WJB_VALUE:
				render_value(buf, &v);
				break;
			case WJB_ELEM:
				if (!first)
					appendStringInfoChar(buf, ',');
				first = false;
				render_value(buf, &v);
				break;
			default:
				break;
		}
	}
}

static void
render_value(StringInfo buf, JsonbValue *v)
{
	switch (v->type)
	{
		case jbvNull:
			appendStringInfoString(buf, "null");
			break;
		case jbvBool:
			appendStringInfoString(buf, v->val.boolean ? "true" : "false");
			break;
		case jbvNumeric:
			appendStringInfoString(buf,
								   DatumGetCString(DirectFunctionCall1(numeric_out,
																	   NumericGetDatum(v->val.numeric))));
			break;
		case jbvString:
			escape_json(buf, pnstrdup(v->val.string.val, v->val.string.len));
			break;
		case jbvBinary:
			render_container(buf, v->val.binary.data);
			break;
		default:
			elog(ERROR, "unexpected jsonb value type %d", (int) v->type);
	}
}

/*---- validation errors ----*/

typedef struct Errors
{
	StringInfoData buf;			/* the JSON array, being written */
	int			count;			/* every error, listed or not */
} Errors;

static void
errors_init(Errors *e)
{
	initStringInfo(&e->buf);
	appendStringInfoChar(&e->buf, '[');
	e->count = 0;
}

static const char *
errors_done(Errors *e)
{
	appendStringInfoChar(&e->buf, ']');
	return e->buf.data;
}

/*
 * The input an error quotes, bounded as every taskdb message is: a string
 * (or the text of a body that is not JSON) by its first TDB_QUOTE_CHARS
 * characters, and any other value whose JSON text is longer than
 * MAX_INPUT_BYTES by the first characters of that text, as a string.
 * Short values are quoted whole, as Pydantic does.
 */
#define MAX_INPUT_BYTES 200

static void
render_input(StringInfo b, JsonbValue *input, const char *input_text)
{
	StringInfoData text;

	if (input == NULL)
	{
		escape_json(b, TdbQuotePrefix(input_text, strlen(input_text)));
		return;
	}
	if (input->type == jbvString)
	{
		escape_json(b, TdbQuotePrefix(input->val.string.val,
									  input->val.string.len));
		return;
	}
	initStringInfo(&text);
	render_value(&text, input);
	if (text.len <= MAX_INPUT_BYTES)
		appendBinaryStringInfo(b, text.data, text.len);
	else
		escape_json(b, TdbQuotePrefix(text.data, text.len));
	pfree(text.data);
}

/*
 * One error: type, loc (a field name, or NULL for the whole input), msg,
 * input (NULL writes the string input_text instead), and an optional ctx
 * already written as a JSON object.
 */
static void
add_error(Errors *e, const char *type, const char *loc, const char *msg,
		  JsonbValue *input, const char *input_text, const char *ctx)
{
	StringInfo	b = &e->buf;

	if (e->count++ >= TDB_MODEL_MAX_ERRORS)
		return;					/* counted, not listed */
	if (e->count > 1)
		appendStringInfoChar(b, ',');
	appendStringInfoString(b, "{\"type\":");
	escape_json(b, type);
	appendStringInfoString(b, ",\"loc\":[");
	if (loc)
		escape_json(b, TdbQuotePrefix(loc, strlen(loc)));
	appendStringInfoString(b, "],\"msg\":");
	escape_json(b, msg);
	appendStringInfoString(b, ",\"input\":");
	render_input(b, input, input_text);
	if (ctx)
		appendStringInfo(b, ",\"ctx\":%s", ctx);
	appendStringInfoChar(b, '}');
}

static void
type_error(Errors *e, const TdbColumn *col, JsonbValue *input)
{
	switch (col->typid)
	{
		case BOOLOID:
			add_error(e, "bool_type", col->name,
					  "Input should be a valid boolean", input, NULL, NULL);
			break;
		case INT8OID:
		case INT4OID:
		case INT2OID:
			add_error(e, "int_type", col->name,
					  "Input should be a valid integer", input, NULL, NULL);
			break;
		case TIMESTAMPTZOID:
			add_error(e, "datetime_type", col->name,
					  "Input should be a valid datetime", input, NULL, NULL);
			break;
		default:
			add_error(e, "string_type", col->name,
					  "Input should be a valid string", input, NULL, NULL);
			break;
	}
}

/* A JSON number that is an integer within [min, max]. */
static bool
json_integer(JsonbValue *v, int64 min, int64 max, int64 *result)
{
	char	   *s;
	char	   *end;
	long long	n;

	if (v->type != jbvNumeric)
		return false;
	s = DatumGetCString(DirectFunctionCall1(numeric_out,
											NumericGetDatum(v->val.numeric)));
	errno = 0;
	n = strtoll(s, &end, 10);
	if (*end != '\0' || errno == ERANGE || n < min || n > max)
		return false;
	*result = (int64) n;
	return true;
}

/*
 * The input values a body gives, per column of the model's table: whether
 * the key is present, and its value (NULL for JSON null), converted.
 */
typedef struct Input
{
	bool		present[16];
	bool		isnull[16];
	Datum		value[16];
	bool		not_integer[16];	/* JSON text wrote it with a fraction or
									 * an exponent (1e2, 100.0) */
} Input;

/*
 * Check one field's value against its column; false after an error.
 * written_as_float: the JSON text wrote the number with a fraction or an
 * exponent, which strict validation refuses for an integer even when its
 * value is integral.
 */
static bool
check_field(Errors *e, const TdbColumn *col, TdbModelField rule, JsonbValue *v,
			bool written_as_float, Datum *value)
{
	int64		n;

	switch (col->typid)
	{
		case BOOLOID:
			if (v->type != jbvBool)
				break;
			*value = BoolGetDatum(v->val.boolean);
			return true;
		case INT8OID:
		case INT4OID:
		case INT2OID:
			if (written_as_float ||
				!json_integer(v,
							  col->typid == INT8OID ? PG_INT64_MIN :
							  col->typid == INT4OID ? PG_INT32_MIN : PG_INT16_MIN,
							  col->typid == INT8OID ? PG_INT64_MAX :
							  col->typid == INT4OID ? PG_INT32_MAX : PG_INT16_MAX,
							  &n))
				break;
			/* the column's range, on every integer type */
			if (col->has_min && n < col->min)
			{
				add_error(e, "greater_than_equal", col->name,
						  psprintf("Input should be greater than or equal to %lld",
								   (long long) col->min),
						  v, NULL, psprintf("{\"ge\":%lld}", (long long) col->min));
				return false;
			}
			if (col->has_max && n > col->max)
			{
				add_error(e, "less_than_equal", col->name,
						  psprintf("Input should be less than or equal to %lld",
								   (long long) col->max),
						  v, NULL, psprintf("{\"le\":%lld}", (long long) col->max));
				return false;
			}
			*value = col->typid == INT8OID ? Int64GetDatum(n) :
				col->typid == INT4OID ? Int32GetDatum((int32) n) :
				Int16GetDatum((int16) n);
			return true;
		case TIMESTAMPTZOID:
			{
				TimestampTz ts;

				if (v->type != jbvString)
					break;
				if (!TdbParseTimestamptz(pnstrdup(v->val.string.val,
												  v->val.string.len), &ts))
				{
					add_error(e, "datetime_parsing", col->name,
							  "Input should be a valid datetime", v, NULL,
							  NULL);
					return false;
				}
				*value = TimestampTzGetDatum(ts);
				return true;
			}
		default:
			{
				int			nchars;

				if (v->type != jbvString)
					break;
				nchars = pg_mbstrlen_with_len(v->val.string.val,
											  v->val.string.len);
				if (col->nonempty && nchars < 1)
				{
					add_error(e, "string_too_short", col->name,
							  "String should have at least 1 character", v,
							  NULL, "{\"min_length\":1}");
					return false;
				}
				if (col->max_length > 0 && nchars > col->max_length)
				{
					add_error(e, "string_too_long", col->name,
							  psprintf("String should have at most %d characters",
									   col->max_length),
							  v, NULL,
							  psprintf("{\"max_length\":%d}", col->max_length));
					return false;
				}
				*value = PointerGetDatum(cstring_to_text_with_len(v->val.string.val,
																  v->val.string.len));
				return true;
			}
	}
	type_error(e, col, v);
	return false;
}

/*
 * Validate body against model m: every error into e, every good value into
 * in (whose not_integer the caller has set: all false for a jsonb body).
 * Fields are checked in column order, then keys the model does not declare
 * are reported, in key order.
 */
static void
validate(const TdbModel *m, Jsonb *body, Errors *e, Input *in)
{
	const TdbTable *table = m->table;
	JsonbValue	whole;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;

	memset(in->present, 0, sizeof(in->present));
	memset(in->isnull, 0, sizeof(in->isnull));
	memset(in->value, 0, sizeof(in->value));
	whole.type = jbvBinary;
	whole.val.binary.data = &body->root;
	whole.val.binary.len = VARSIZE(body) - VARHDRSZ;

	if (!JB_ROOT_IS_OBJECT(body))
	{
		add_error(e, "model_type", NULL,
				  psprintf("Input should be a valid dictionary or instance of %s",
						   m->name),
				  &whole, NULL,
				  psprintf("{\"class_name\":\"%s\"}", m->name));
		return;
	}

	for (int c = 0; c < table->ncolumns; c++)
	{
		const TdbColumn *col = table->columns[c];
		TdbModelField	rule = TdbModelFieldOf(m, col);
		JsonbValue	buf;
		JsonbValue *val;

		if (!rule.accepted)
			continue;
		val = getKeyJsonValueFromContainer(&body->root, col->name,
										   strlen(col->name), &buf);
		if (val == NULL)
		{
			if (rule.required)
				add_error(e, "missing", col->name, "Field required", &whole,
						  NULL, NULL);
			continue;
		}
		if (val->type == jbvNull)
		{
			if (rule.nullable)
			{
				in->present[c] = in->isnull[c] = true;
				continue;
			}
			type_error(e, col, val);
			continue;
		}
		if (check_field(e, col, rule, val, in->not_integer[c], &in->value[c]))
			in->present[c] = true;
	}

	it = JsonbIteratorInit(&body->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;
		JsonbValue	val;
		bool		declared = false;

		CHECK_FOR_INTERRUPTS();
		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		tok = JsonbIteratorNext(&it, &val, true);
		for (int c = 0; c < table->ncolumns && !declared; c++)
			declared = (strcmp(key, table->columns[c]->name) == 0 &&
						TdbModelFieldOf(m, table->columns[c]).accepted);
		if (!declared)
			add_error(e, "extra_forbidden", key,
					  "Extra inputs are not permitted", &val, NULL, NULL);
	}
}

/* Validate, and fail the call with every error when there is any. */
static void
validate_or_fail(const TdbModel *m, Jsonb *body, Input *in)
{
	Errors		e;

	errors_init(&e);
	memset(in, 0, sizeof(*in));
	validate(m, body, &e, in);
	if (e.count > 0)
	{
		const char *detail = errors_done(&e);

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg_plural("%d validation error for %s",
							   "%d validation errors for %s",
							   e.count, e.count, m->name),
				 errdetail_internal("%s", detail),
				 e.count > TDB_MODEL_MAX_ERRORS ?
				 errhint("The detail lists the first %d.",
						 TDB_MODEL_MAX_ERRORS) : 0));
	}
}

static Datum
errors_jsonb(Errors *e)
{
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(errors_done(e)));
}

/*
 * The validation errors of body against model m as a JSON array, empty
 * when it is valid (model_validate).  Never fails for a bad body.
 */
Jsonb *
TdbModelErrors(const TdbModel *m, Jsonb *body)
{
	Errors		e;
	Input		in;

	errors_init(&e);
	memset(&in, 0, sizeof(in));
	validate(m, body, &e, &in);
	return DatumGetJsonbP(errors_jsonb(&e));
}

/*
 * As TdbModelErrors, for a body that is still JSON text: text that does not
 * parse is one json_invalid error (model_validate_json).
 */
Jsonb *
TdbModelErrorsOfText(const TdbModel *m, const char *json)
{
	Errors		e;
	Input		in;
	char	   *problem = NULL;
	Datum		body;

	errors_init(&e);
	if (!TdbParseJsonb(json, &body, &problem))
	{
		StringInfoData ctx;

		initStringInfo(&ctx);
		appendStringInfoString(&ctx, "{\"error\":");
		escape_json(&ctx, problem);
		appendStringInfoChar(&ctx, '}');
		add_error(&e, "json_invalid", NULL,
				  psprintf("Invalid JSON: %s", problem), NULL, json, ctx.data);
	}
	else
	{
		/*
		 * jsonb keeps a number as its value, so 1e2 and 100 are the same
		 * there; the text still tells them apart, as Pydantic's strict mode
		 * does (json_object_field returns a field's JSON text).
		 */
		Datum		raw = DirectFunctionCall1(json_in, CStringGetDatum(json));

		memset(&in, 0, sizeof(in));
		for (int c = 0; c < m->table->ncolumns; c++)
		{
			const TdbColumn *col = m->table->columns[c];
			LOCAL_FCINFO(fcinfo, 2);
			Datum		field;
			char	   *s;

			if (col->typid != INT2OID && col->typid != INT4OID &&
				col->typid != INT8OID)
				continue;
			InitFunctionCallInfoData(*fcinfo, NULL, 2, InvalidOid, NULL, NULL);
			fcinfo->args[0].value = raw;
			fcinfo->args[0].isnull = false;
			fcinfo->args[1].value = CStringGetTextDatum(col->name);
			fcinfo->args[1].isnull = false;
			field = json_object_field(fcinfo);
			if (fcinfo->isnull)
				continue;
			s = text_to_cstring(DatumGetTextPP(field));
			in.not_integer[c] = (isdigit((unsigned char) s[0]) || s[0] == '-') &&
				strpbrk(s, ".eE") != NULL;
		}
		validate(m, DatumGetJsonbP(body), &e, &in);
	}
	return DatumGetJsonbP(errors_jsonb(&e));
}

/*
 * A validated body as the contract's call on table: the fields given set
 * their columns (null clears a nullable one); the row version, in an
 * update, is the version the change expects.
 */
static void
call_from_input(const TdbTable *table, int64 key, Input *in, TdbCall *call)
{
	memset(call, 0, sizeof(*call));
	call->table = table;
	call->has_key = true;
	call->key = key;
	for (int c = 0; c < table->ncolumns; c++)
	{
		const TdbColumn *col = table->columns[c];

		if (!in->present[c])
			continue;
		if (col->flags & TDB_COL_ROWVERSION)
		{
			call->check_version = true;
			call->expect_col = col;
			call->expected_version = DatumGetInt32(in->value[c]);
		}
		else if (!col->readonly)
		{
			call->set[call->nset].col = col;
			call->set[call->nset].value = in->value[c];
			call->set[call->nset].isnull = in->isnull[c];
			call->nset++;
		}
	}
}

/*
 * The contract's call of a body validated against model m (failing with
 * every error when it is not valid): the fields given set their columns,
 * for the row with key (0 for a new row).
 */
void
TdbModelCall(const TdbModel *m, Jsonb *body, int64 key, TdbCall *call)
{
	Input		in;

	validate_or_fail(m, body, &in);
	call_from_input(m->table, key, &in, call);
}
