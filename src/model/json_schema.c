/*-------------------------------------------------------------------------
 *
 * json_schema.c
 *	  The JSON Schema of a model, from the description that validates it.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "model/model.h"

#include "catalog/pg_type_d.h"
#include "utils/jsonb.h"


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
 * The JSON Schema (draft 2020-12) of model m, derived from the same
 * description that validates (model_schema).
 */
Jsonb *
TdbModelSchema(const TdbModel *m)
{
	JsonbParseState *st = NULL;
	JsonbValue *root;
	List	   *required = NIL;
	ListCell   *lc;

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
		TdbModelField	rule = TdbModelFieldOf(m, col);

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
			/* the column's range where it has one, else its type's */
			push_key(&st, "minimum");
			push_int(&st, col->has_min ? col->min :
					 col->typid == INT2OID ? PG_INT16_MIN : PG_INT32_MIN);
			push_key(&st, "maximum");
			push_int(&st, col->has_max ? col->max :
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
		if (m->kind == TDB_MODEL_READ && col->readonly)
		{
			push_key(&st, "readOnly");
			push_bool(&st, true);
		}
		if (m->kind == TDB_MODEL_CREATE && !rule.required)
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
		if (m->kind == TDB_MODEL_UPDATE && col->readonly)
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

	return JsonbValueToJsonb(root);
}
