/*-------------------------------------------------------------------------
 *
 * model.c
 *	  The model path (SQLModel's peer): one declaration gives validation,
 *	  JSON in and out, and a JSON Schema.
 *
 * The declaration is the schema description (schema.c): each column's
 * type, nullability, default, max_length, non-emptiness and read-only
 * flag.  The models are derived from it by rule, never written again:
 *
 *	  Task, Project (read)	   every column, all required
 *	  TaskCreate, ...		   the writable columns; required when NOT NULL
 *							   without a default
 *	  TaskUpdate, ...		   the writable columns, all optional (PATCH), and
 *							   the row version as the expected version
 *
 * Validation is strict, as Pydantic's strict mode: a JSON string is not a
 * boolean, 1.5 is not an integer, a number is not a string, and keys the
 * model does not declare are refused.  Every error is collected, in field
 * order and then extra keys, each in Pydantic's shape (type, loc, msg,
 * input, and ctx where Pydantic gives one).  A call with errors fails with
 * SQLSTATE 22023, "N validation errors for Model", and the errors as a
 * compact one-line JSON array in the detail; model_validate returns them
 * instead.
 *
 * The model functions work through the orm session (orm.c), as SQLModel
 * sits on SQLAlchemy; what passes validation also passes the table's
 * constraints, which hold the same limits for every path and plain SQL.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "orm/orm.h"

#include "catalog/pg_type_d.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

typedef enum ModelKind
{
	MODEL_READ,
	MODEL_CREATE,
	MODEL_UPDATE
} ModelKind;

typedef struct TdbModel
{
	const char *name;
	const TdbTable *table;
	ModelKind	kind;
} TdbModel;

static const TdbModel models[] = {
	{"Task", &TdbTasksTable, MODEL_READ},
	{"TaskCreate", &TdbTasksTable, MODEL_CREATE},
	{"TaskUpdate", &TdbTasksTable, MODEL_UPDATE},
	{"Project", &TdbProjectsTable, MODEL_READ},
	{"ProjectCreate", &TdbProjectsTable, MODEL_CREATE},
	{"ProjectUpdate", &TdbProjectsTable, MODEL_UPDATE},
};

#define MODEL_TASK_CREATE		(&models[1])
#define MODEL_TASK_UPDATE		(&models[2])
#define MODEL_PROJECT_CREATE	(&models[4])
#define MODEL_PROJECT_UPDATE	(&models[5])

/* How a model treats one column of its table. */
typedef struct FieldRule
{
	bool		accepted;
	bool		required;
	bool		nullable;
} FieldRule;

static FieldRule
field_rule(const TdbModel *m, const TdbColumn *col)
{
	FieldRule	r;

	r.nullable = !col->notnull;
	/* a column the installed version lacks is no field of any model */
	if (!TdbColumnPresent(col))
	{
		r.accepted = r.required = false;
		return r;
	}
	switch (m->kind)
	{
		case MODEL_READ:
			r.accepted = true;
			r.required = true;
			break;
		case MODEL_CREATE:
			r.accepted = !col->readonly;
			r.required = col->notnull && col->default_expr == NULL;
			break;
		case MODEL_UPDATE:
			/* the row version is accepted as the version the change expects */
			r.accepted = !col->readonly || (col->flags & TDB_COL_ROWVERSION);
			r.required = false;
			break;
	}
	return r;
}

static const TdbModel *
find_model(text *name)
{
	char	   *s = text_to_cstring(name);

	for (int i = 0; i < (int) lengthof(models); i++)
		if (strcmp(models[i].name, s) == 0)
			return &models[i];
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
	int			count;
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

	if (e->count++ > 0)
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
} Input;

/* Check one field's value against its column; false after an error. */
static bool
check_field(Errors *e, const TdbColumn *col, FieldRule rule, JsonbValue *v,
			Datum *value)
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
			if (!json_integer(v, PG_INT64_MIN, PG_INT64_MAX, &n))
				break;
			*value = Int64GetDatum(n);
			return true;
		case INT4OID:
			if (!json_integer(v, PG_INT32_MIN, PG_INT32_MAX, &n))
				break;
			*value = Int32GetDatum((int32) n);
			return true;
		case INT2OID:
			if (!json_integer(v, PG_INT16_MIN, PG_INT16_MAX, &n))
				break;
			if (col->min < col->max && n < col->min)
			{
				add_error(e, "greater_than_equal", col->name,
						  psprintf("Input should be greater than or equal to %lld",
								   (long long) col->min),
						  v, NULL, psprintf("{\"ge\":%lld}", (long long) col->min));
				return false;
			}
			if (col->min < col->max && n > col->max)
			{
				add_error(e, "less_than_equal", col->name,
						  psprintf("Input should be less than or equal to %lld",
								   (long long) col->max),
						  v, NULL, psprintf("{\"le\":%lld}", (long long) col->max));
				return false;
			}
			*value = Int16GetDatum((int16) n);
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
 * in.  Fields are checked in column order, then keys the model does not
 * declare are reported, in key order.
 */
static void
validate(const TdbModel *m, Jsonb *body, Errors *e, Input *in)
{
	const TdbTable *table = m->table;
	JsonbValue	whole;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;

	memset(in, 0, sizeof(*in));
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
		FieldRule	rule = field_rule(m, col);
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
		if (check_field(e, col, rule, val, &in->value[c]))
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
						field_rule(m, table->columns[c]).accepted);
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
	validate(m, body, &e, in);
	if (e.count > 0)
	{
		const char *detail = errors_done(&e);

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg_plural("%d validation error for %s",
							   "%d validation errors for %s",
							   e.count, e.count, m->name),
				 errdetail_internal("%s", detail)));
	}
}

static Jsonb *
body_arg(FunctionCallInfo fcinfo, int argno, const char *what)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", what)));
	return PG_GETARG_JSONB_P(argno);
}

static Datum
errors_jsonb(Errors *e)
{
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(errors_done(e)));
}

/*
 * model_validate(name text, body jsonb) RETURNS jsonb
 *
 * The validation errors of body against the model, an empty array when it
 * is valid.  Never fails for a bad body.
 */
PG_FUNCTION_INFO_V1(model_validate);
Datum
model_validate(PG_FUNCTION_ARGS)
{
	const TdbModel *m;
	Errors		e;
	Input		in;

	TdbPathBegin(TDB_PATH_MODEL);
	m = find_model(PG_GETARG_TEXT_PP(0));
	errors_init(&e);
	validate(m, PG_GETARG_JSONB_P(1), &e, &in);
	return errors_jsonb(&e);
}

/*
 * model_validate_json(name text, body text) RETURNS jsonb
 *
 * As model_validate, for a body that is still JSON text: text that does
 * not parse is one json_invalid error.
 */
PG_FUNCTION_INFO_V1(model_validate_json);
Datum
model_validate_json(PG_FUNCTION_ARGS)
{
	const TdbModel *m;
	char	   *json;
	Errors		e;
	Input		in;
	char	   *problem = NULL;
	Datum		body;

	TdbPathBegin(TDB_PATH_MODEL);
	m = find_model(PG_GETARG_TEXT_PP(0));
	json = text_to_cstring(PG_GETARG_TEXT_PP(1));
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
		validate(m, DatumGetJsonbP(body), &e, &in);
	return errors_jsonb(&e);
}

/*---- JSON Schema ----*/

static void
push_key(JsonbParseState **st, const char *key)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = strlen(key);
	pushJsonbValue(st, WJB_KEY, &k);
}

static void
push_string(JsonbParseState **st, JsonbIteratorToken token, const char *s)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) s;
	v.val.string.len = strlen(s);
	pushJsonbValue(st, token, &v);
}

static void
push_int(JsonbParseState **st, int64 n)
{
	JsonbValue	v;

	v.type = jbvNumeric;
	v.val.numeric = int64_to_numeric(n);
	pushJsonbValue(st, WJB_VALUE, &v);
}

static void
push_bool(JsonbParseState **st, bool b)
{
	JsonbValue	v;

	v.type = jbvBool;
	v.val.boolean = b;
	pushJsonbValue(st, WJB_VALUE, &v);
}

static const char *
json_type_name(const TdbColumn *col)
{
	switch (col->typid)
	{
		case BOOLOID:
			return "boolean";
		case INT8OID:
		case INT4OID:
		case INT2OID:
			return "integer";
		default:
			return "string";
	}
}

/*
 * model_schema(name text) RETURNS jsonb: the model's JSON Schema (draft
 * 2020-12), derived from the same description that validates.
 */
PG_FUNCTION_INFO_V1(model_schema);
Datum
model_schema(PG_FUNCTION_ARGS)
{
	const TdbModel *m;
	JsonbParseState *st = NULL;
	JsonbValue *root;
	List	   *required = NIL;
	ListCell   *lc;

	TdbPathBegin(TDB_PATH_MODEL);
	m = find_model(PG_GETARG_TEXT_PP(0));
	pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	push_key(&st, "$schema");
	push_string(&st, WJB_VALUE, "https://json-schema.org/draft/2020-12/schema");
	push_key(&st, "title");
	push_string(&st, WJB_VALUE, m->name);
	push_key(&st, "type");
	push_string(&st, WJB_VALUE, "object");
	push_key(&st, "additionalProperties");
	push_bool(&st, false);

	push_key(&st, "properties");
	pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	for (int c = 0; c < m->table->ncolumns; c++)
	{
		const TdbColumn *col = m->table->columns[c];
		FieldRule	rule = field_rule(m, col);

		if (!rule.accepted)
			continue;
		if (rule.required)
			required = lappend(required, (void *) col->name);

		push_key(&st, col->name);
		pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
		push_key(&st, "type");
		if (rule.nullable)
		{
			pushJsonbValue(&st, WJB_BEGIN_ARRAY, NULL);
			push_string(&st, WJB_ELEM, json_type_name(col));
			push_string(&st, WJB_ELEM, "null");
			pushJsonbValue(&st, WJB_END_ARRAY, NULL);
		}
		else
			push_string(&st, WJB_VALUE, json_type_name(col));
		if (col->typid == TIMESTAMPTZOID)
		{
			push_key(&st, "format");
			push_string(&st, WJB_VALUE, "date-time");
		}
		if (col->typid == INT4OID || col->typid == INT2OID)
		{
			bool		ranged = col->min < col->max;

			push_key(&st, "minimum");
			push_int(&st, ranged ? col->min :
					 col->typid == INT2OID ? PG_INT16_MIN : PG_INT32_MIN);
			push_key(&st, "maximum");
			push_int(&st, ranged ? col->max :
					 col->typid == INT2OID ? PG_INT16_MAX : PG_INT32_MAX);
		}
		if (col->nonempty)
		{
			push_key(&st, "minLength");
			push_int(&st, 1);
		}
		if (col->max_length > 0)
		{
			push_key(&st, "maxLength");
			push_int(&st, col->max_length);
		}
		if (m->kind == MODEL_READ && col->readonly)
		{
			push_key(&st, "readOnly");
			push_bool(&st, true);
		}
		if (m->kind == MODEL_CREATE && !rule.required)
		{
			push_key(&st, "default");
			if (col->default_expr && col->typid == BOOLOID)
				push_bool(&st, strcmp(col->default_expr, "true") == 0);
			else if (col->default_expr &&
					 (col->typid == INT2OID || col->typid == INT4OID))
				push_int(&st, strtol(col->default_expr, NULL, 10));
			else
			{
				JsonbValue	null;

				null.type = jbvNull;
				pushJsonbValue(&st, WJB_VALUE, &null);
			}
		}
		if (m->kind == MODEL_UPDATE && col->readonly)
		{
			push_key(&st, "description");
			push_string(&st, WJB_VALUE,
						"The version the change expects; the change is refused when the row has moved on.");
		}
		pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	}
	pushJsonbValue(&st, WJB_END_OBJECT, NULL);

	push_key(&st, "required");
	pushJsonbValue(&st, WJB_BEGIN_ARRAY, NULL);
	foreach(lc, required)
		push_string(&st, WJB_ELEM, lfirst(lc));
	pushJsonbValue(&st, WJB_END_ARRAY, NULL);
	root = pushJsonbValue(&st, WJB_END_OBJECT, NULL);

	PG_RETURN_JSONB_P(JsonbValueToJsonb(root));
}

/*---- the model functions, through the orm session ----*/

/*
 * One object as JSON: built in the session's memory, then, once SPI has
 * finished, copied out as jsonb in the caller's; then the session ends.
 */
static Jsonb *
finish_object(TdbSession *s, TdbObject *obj)
{
	JsonbParseState *st = NULL;
	JsonbValue *root = NULL;
	Jsonb	   *result = NULL;
	MemoryContext old = MemoryContextSwitchTo(TdbSessionContext(s));

	if (obj)
		root = TdbObjToJsonb(obj, &st, false, s);
	MemoryContextSwitchTo(old);
	TdbSPIFinish();
	if (root)
		result = JsonbValueToJsonb(root);
	TdbSessionEnd(s);
	return result;
}

static int64
id_arg(FunctionCallInfo fcinfo, const char *what)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", what)));
	return PG_GETARG_INT64(0);
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

/* model_create_x: Model in, validated; the object created, as JSON. */
static Jsonb *
create_object(FunctionCallInfo fcinfo, const TdbModel *m)
{
	Input		in;
	TdbCall		call;
	TdbSession *s;

	validate_or_fail(m, body_arg(fcinfo, 0, "body"), &in);
	call_from_input(m->table, 0, &in, &call);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);
	return finish_object(s, TdbObjCreate(s, &call));
}

/* model_update_x: the patch validated; the object updated, as JSON. */
static Jsonb *
update_object(FunctionCallInfo fcinfo, const TdbModel *m)
{
	int64		id;
	Input		in;
	TdbCall		call;
	TdbSession *s;

	id = id_arg(fcinfo, m->table->columns[0]->what);
	validate_or_fail(m, body_arg(fcinfo, 1, "patch"), &in);
	call_from_input(m->table, id, &in, &call);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);
	return finish_object(s, TdbObjUpdate(s, &call));
}

/* model_list_x: the objects a query reads, as a JSON array. */
static Jsonb *
list_objects(FunctionCallInfo fcinfo, TdbReadKind kind)
{
	TdbRead		r;
	TdbSession *s;

	TdbReadFromJson(body_arg(fcinfo, 0, "query"), kind, &r);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, true);
	if (r.empty)
		return TdbSessionCloseArray(s, NIL, false);
	return TdbSessionCloseArray(s, TdbObjQuery(s, TdbBuildRead(&r,
																TDB_TARGET_COLUMNS)),
								false);
}

/*
 * model_create_task(body jsonb) RETURNS jsonb: TaskCreate in, Task out.
 */
PG_FUNCTION_INFO_V1(model_create_task);
Datum
model_create_task(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(create_object(fcinfo, MODEL_TASK_CREATE));
}

/* model_get_x(id): the object as JSON, or NULL when missing */
static Datum
get_object(FunctionCallInfo fcinfo, const TdbTable *table)
{
	TdbSession *s;
	Jsonb	   *result;

	TdbPathBegin(TDB_PATH_MODEL);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, true);
	result = finish_object(s, TdbObjGet(s, table, PG_GETARG_INT64(0), false));
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_JSONB_P(result);
}

/*
 * model_get_task(id bigint) RETURNS jsonb: Task, or NULL when missing.
 */
PG_FUNCTION_INFO_V1(model_get_task);
Datum
model_get_task(PG_FUNCTION_ARGS)
{
	return get_object(fcinfo, &TdbTasksTable);
}

/*
 * model_list_tasks(query jsonb) RETURNS jsonb: an array of Task, chosen by
 * the same keys as find_tasks.
 */
PG_FUNCTION_INFO_V1(model_list_tasks);
Datum
model_list_tasks(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(list_objects(fcinfo, TDB_READ_FIND));
}

/*
 * model_update_task(id bigint, patch jsonb) RETURNS jsonb: TaskUpdate in,
 * Task out.  An absent key leaves the field as it is; null clears a
 * nullable field; "version" is the version the change expects.
 */
PG_FUNCTION_INFO_V1(model_update_task);
Datum
model_update_task(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(update_object(fcinfo, MODEL_TASK_UPDATE));
}

/* model_delete_x(id): the deleted object as JSON */
static Jsonb *
delete_object(FunctionCallInfo fcinfo, const TdbTable *table)
{
	int64		id = id_arg(fcinfo, table->columns[0]->what);
	TdbSession *s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);

	return finish_object(s, TdbObjRemove(s, table, id));
}

/*
 * model_delete_task(id bigint) RETURNS jsonb: the deleted Task.
 */
PG_FUNCTION_INFO_V1(model_delete_task);
Datum
model_delete_task(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(delete_object(fcinfo, &TdbTasksTable));
}

PG_FUNCTION_INFO_V1(model_create_project);
Datum
model_create_project(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(create_object(fcinfo, MODEL_PROJECT_CREATE));
}

PG_FUNCTION_INFO_V1(model_get_project);
Datum
model_get_project(PG_FUNCTION_ARGS)
{
	return get_object(fcinfo, &TdbProjectsTable);
}

/*
 * model_list_projects(query jsonb) RETURNS jsonb: an array of Project in key
 * order; keys "after" (keyset cursor) and "limit" (default 100).
 */
PG_FUNCTION_INFO_V1(model_list_projects);
Datum
model_list_projects(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(list_objects(fcinfo, TDB_READ_PROJECTS));
}

PG_FUNCTION_INFO_V1(model_update_project);
Datum
model_update_project(PG_FUNCTION_ARGS)
{
	TdbPathBegin(TDB_PATH_MODEL);
	PG_RETURN_JSONB_P(update_object(fcinfo, MODEL_PROJECT_UPDATE));
}

/*
 * model_delete_project(id bigint, cascade boolean) RETURNS jsonb: the
 * deleted Project; as delete_project, a project with tasks is kept unless
 * cascade.
 */
PG_FUNCTION_INFO_V1(model_delete_project);
Datum
model_delete_project(PG_FUNCTION_ARGS)
{
	TdbCall		c;
	TdbSession *s;
	TdbObject  *p;

	TdbPathBegin(TDB_PATH_MODEL);
	TdbParseCall(fcinfo, &TdbApi_model_delete_project, &c);
	s = TdbSessionOpen(TDB_LOAD_SELECTIN, false);
	p = TdbObjRemoveProject(s, &c);
	PG_RETURN_JSONB_P(finish_object(s, p));
}
