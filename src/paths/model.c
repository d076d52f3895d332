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
			r.accepted = !col->readonly || col == &TdbTasks.version;
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
	bool		present[8];
	bool		isnull[8];
	Datum		value[8];
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
		if (col->typid == INT4OID)
		{
			push_key(&st, "minimum");
			push_int(&st, PG_INT32_MIN);
			push_key(&st, "maximum");
			push_int(&st, PG_INT32_MAX);
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

static TdbSession *
begin(bool read_only)
{
	TdbSession *s;

	s = TdbSessionBegin(TDB_LOAD_SELECTIN, read_only);
	TdbSPIConnect();
	return s;
}

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

/* Objects as a JSON array, the same way. */
static Jsonb *
finish_array(TdbSession *s, List *objs)
{
	JsonbParseState *st = NULL;
	JsonbValue *root;
	Jsonb	   *result;
	ListCell   *lc;
	MemoryContext old = MemoryContextSwitchTo(TdbSessionContext(s));

	pushJsonbValue(&st, WJB_BEGIN_ARRAY, NULL);
	foreach(lc, objs)
	{
		CHECK_FOR_INTERRUPTS();
		TdbObjToJsonb(lfirst(lc), &st, false, s);
	}
	root = pushJsonbValue(&st, WJB_END_ARRAY, NULL);
	MemoryContextSwitchTo(old);
	TdbSPIFinish();
	result = TdbJsonbFromValue(root);
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

/* Set the project of task t from a validated project_id (NULL clears). */
static void
set_project(TdbSession *s, TdbObject *t, Input *in)
{
	int			c = TdbTasks.project_id.colno;
	TdbObject  *p = NULL;

	if (!in->present[c])
		return;
	if (!in->isnull[c])
	{
		int64		pid = DatumGetInt64(in->value[c]);

		p = TdbObjGet(s, &TdbProjectsTable, pid, false);
		if (p == NULL)
			TdbProjectNotFound(pid, ERRCODE_FOREIGN_KEY_VIOLATION);
	}
	TdbObjSetParent(s, t, p);
}

/* Set the plain attributes a validated body gives. */
static void
set_attributes(TdbObject *obj, Input *in)
{
	for (int c = 0; c < obj->table->ncolumns; c++)
	{
		const TdbColumn *col = obj->table->columns[c];

		if (!in->present[c] || col->readonly || col == &TdbTasks.project_id)
			continue;
		TdbObjSet(obj, col, in->value[c], in->isnull[c]);
	}
}

/*
 * model_create_task(body jsonb) RETURNS jsonb: TaskCreate in, Task out.
 */
PG_FUNCTION_INFO_V1(model_create_task);
Datum
model_create_task(PG_FUNCTION_ARGS)
{
	Jsonb	   *body;
	Input		in;
	TdbSession *s;
	TdbObject  *t;

	TdbPathBegin(TDB_PATH_MODEL);
	body = body_arg(fcinfo, 0, "body");
	validate_or_fail(MODEL_TASK_CREATE, body, &in);
	s = begin(false);
	t = TdbObjNew(s, &TdbTasksTable);
	set_attributes(t, &in);
	set_project(s, t, &in);
	TdbSessionFlush(s);
	PG_RETURN_JSONB_P(finish_object(s, t));
}

/*
 * model_get_task(id bigint) RETURNS jsonb: Task, or NULL when missing.
 */
PG_FUNCTION_INFO_V1(model_get_task);
Datum
model_get_task(PG_FUNCTION_ARGS)
{
	TdbSession *s;
	Jsonb	   *result;

	TdbPathBegin(TDB_PATH_MODEL);
	s = begin(true);
	result = finish_object(s, TdbObjGet(s, &TdbTasksTable,
										PG_GETARG_INT64(0), false));
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_JSONB_P(result);
}

/*
 * model_list_tasks(query jsonb) RETURNS jsonb: an array of Task, chosen by
 * the same keys as find_tasks.
 */
PG_FUNCTION_INFO_V1(model_list_tasks);
Datum
model_list_tasks(PG_FUNCTION_ARGS)
{
	TdbQuery   *q;
	TdbSession *s;

	TdbPathBegin(TDB_PATH_MODEL);
	q = TdbBuildFindTasks(body_arg(fcinfo, 0, "query"), true);
	s = begin(true);
	PG_RETURN_JSONB_P(finish_array(s, TdbObjQuery(s, q)));
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
	int64		id;
	Jsonb	   *patch;
	Input		in;
	TdbSession *s;
	TdbObject  *t;
	int			vc = TdbTasks.version.colno;

	TdbPathBegin(TDB_PATH_MODEL);
	id = id_arg(fcinfo, "task id");
	patch = body_arg(fcinfo, 1, "patch");
	validate_or_fail(MODEL_TASK_UPDATE, patch, &in);
	s = begin(false);
	t = TdbObjGet(s, &TdbTasksTable, id, false);
	if (t == NULL)
		TdbTaskNotFound(id);
	TdbObjRequestUpdate(t);
	if (in.present[vc])
	{
		bool		isnull;
		Datum		current = TdbObjGetValue(t, &TdbTasks.version, &isnull);

		if (DatumGetInt32(current) != DatumGetInt32(in.value[vc]))
		{
			TdbTaskUpdate u;

			int			pc = TdbTasks.project_id.colno;

			/* report as every path does: the project before the version */
			memset(&u, 0, sizeof(u));
			u.id = id;
			if (in.present[pc] && !in.isnull[pc])
			{
				u.project = TDB_PROJECT_SET;
				u.project_id = DatumGetInt64(in.value[pc]);
			}
			u.check_version = true;
			u.expected_version = DatumGetInt32(in.value[vc]);
			TdbUpdateMissed(&u);
		}
	}
	set_attributes(t, &in);
	set_project(s, t, &in);
	TdbSessionFlush(s);
	PG_RETURN_JSONB_P(finish_object(s, t));
}

/*
 * model_delete_task(id bigint) RETURNS jsonb: the deleted Task.
 */
PG_FUNCTION_INFO_V1(model_delete_task);
Datum
model_delete_task(PG_FUNCTION_ARGS)
{
	int64		id;
	TdbSession *s;
	TdbObject  *t;

	TdbPathBegin(TDB_PATH_MODEL);
	id = id_arg(fcinfo, "task id");
	s = begin(false);
	t = TdbObjGet(s, &TdbTasksTable, id, false);
	if (t == NULL)
		TdbTaskNotFound(id);
	TdbObjDelete(s, t);
	TdbSessionFlush(s);
	PG_RETURN_JSONB_P(finish_object(s, t));
}

PG_FUNCTION_INFO_V1(model_create_project);
Datum
model_create_project(PG_FUNCTION_ARGS)
{
	Jsonb	   *body;
	Input		in;
	TdbSession *s;
	TdbObject  *p;

	TdbPathBegin(TDB_PATH_MODEL);
	body = body_arg(fcinfo, 0, "body");
	validate_or_fail(MODEL_PROJECT_CREATE, body, &in);
	s = begin(false);
	p = TdbObjNew(s, &TdbProjectsTable);
	set_attributes(p, &in);
	TdbSessionFlush(s);
	PG_RETURN_JSONB_P(finish_object(s, p));
}

PG_FUNCTION_INFO_V1(model_get_project);
Datum
model_get_project(PG_FUNCTION_ARGS)
{
	TdbSession *s;
	Jsonb	   *result;

	TdbPathBegin(TDB_PATH_MODEL);
	s = begin(true);
	result = finish_object(s, TdbObjGet(s, &TdbProjectsTable,
										PG_GETARG_INT64(0), false));
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_JSONB_P(result);
}

/*
 * model_list_projects(query jsonb) RETURNS jsonb: an array of Project in key
 * order; keys "after" (keyset cursor) and "limit" (default 100).
 */
PG_FUNCTION_INFO_V1(model_list_projects);
Datum
model_list_projects(PG_FUNCTION_ARGS)
{
	Jsonb	   *query;
	TdbProjectList l;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	TdbSession *s;

	TdbPathBegin(TDB_PATH_MODEL);
	query = body_arg(fcinfo, 0, "query");
	if (!JB_ROOT_IS_OBJECT(query))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("query must be a JSON object")));

	memset(&l, 0, sizeof(l));
	l.start = PG_INT64_MIN;
	l.lim = 100;
	it = JsonbIteratorInit(&query->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;
		JsonbValue	val;
		int64		n;

		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		JsonbIteratorNext(&it, &val, true);
		if (strcmp(key, "after") == 0)
		{
			if (!json_integer(&val, PG_INT64_MIN, PG_INT64_MAX, &n))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("query key \"after\" must be a project id")));
			/* the page starts after that project */
			if (n == PG_INT64_MAX)
				l.empty = true;
			else
				l.start = n + 1;
		}
		else if (strcmp(key, "limit") == 0)
		{
			if (!json_integer(&val, 0, PG_INT32_MAX, &n))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("query key \"limit\" must be a number from 0 to 2147483647")));
			l.lim = (int32) n;
		}
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown query key \"%s\"",
							TdbQuotePrefix(key, strlen(key))),
					 errhint("Valid keys are after and limit.")));
	}

	s = begin(true);
	if (l.empty || l.lim == 0)
		PG_RETURN_JSONB_P(finish_array(s, NIL));
	PG_RETURN_JSONB_P(finish_array(s, TdbObjQuery(s, TdbBuildListProjects(&l, true))));
}

PG_FUNCTION_INFO_V1(model_update_project);
Datum
model_update_project(PG_FUNCTION_ARGS)
{
	int64		id;
	Jsonb	   *patch;
	Input		in;
	TdbSession *s;
	TdbObject  *p;

	TdbPathBegin(TDB_PATH_MODEL);
	id = id_arg(fcinfo, "project id");
	patch = body_arg(fcinfo, 1, "patch");
	validate_or_fail(MODEL_PROJECT_UPDATE, patch, &in);
	s = begin(false);
	p = TdbObjGet(s, &TdbProjectsTable, id, false);
	if (p == NULL)
		TdbProjectNotFound(id, ERRCODE_NO_DATA_FOUND);
	TdbObjRequestUpdate(p);
	set_attributes(p, &in);
	TdbSessionFlush(s);
	PG_RETURN_JSONB_P(finish_object(s, p));
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
	bool		cascade;
	int64		id;
	TdbSession *s;
	TdbObject  *p;

	TdbPathBegin(TDB_PATH_MODEL);
	id = TdbParseDeleteProject(fcinfo, &cascade);
	s = begin(false);
	p = TdbObjDeleteProject(s, id, cascade);
	TdbSessionFlush(s);
	PG_RETURN_JSONB_P(finish_object(s, p));
}
