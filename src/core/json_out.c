/*-------------------------------------------------------------------------
 *
 * json_out.c
 *	  Turning a built JSON result into jsonb, in a way a cancel can stop.
 *
 * The orm and model paths build their JSON results (project_tree, the
 * model's lists) as a JsonbValue tree, one object per row, checking for
 * interrupts as they go.  PostgreSQL's JsonbValueToJsonb then lays the
 * tree out in jsonb's binary format in one pass that never checks for
 * interrupts: 0.85 s per million tasks on a small machine, long enough for
 * pg_cancel_backend and statement_timeout to go unanswered.
 *
 * TdbJsonbFromValue produces the same bytes, and checks for interrupts
 * once per element of every array and every pair of every object.  It
 * writes jsonb's documented binary format (utils/jsonb.h):
 *
 *	  - a container is a uint32 header (the count of elements or pairs and
 *		the JB_FARRAY or JB_FOBJECT flag), one JEntry per child (for an
 *		object all keys, then all values), then the children's data;
 *	  - a JEntry holds the child's type and the length of its data, except
 *		every JB_OFFSET_STRIDE-th one, which holds the end offset of the
 *		child's data from the start of the first child's instead, with
 *		JENTRY_HAS_OFF;
 *	  - containers and numerics start at a 4-byte boundary of the whole
 *		datum, and a child's padding counts as part of its length.
 *
 * The tree must be as pushJsonbValue leaves it: object keys sorted and
 * unique.  The result's size is checked as PostgreSQL checks it: no
 * container's data may exceed JENTRY_OFFLENMASK bytes.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "core/core.h"

#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

static void convert_value(StringInfo buf, JsonbValue *v, JEntry *entry);

/* Append len zero-filled bytes; returns their offset in buf. */
static int
reserve(StringInfo buf, int len)
{
	int			offset = buf->len;

	enlargeStringInfo(buf, len);
	memset(buf->data + offset, 0, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
	return offset;
}

/* Pad buf to a 4-byte boundary; returns the bytes of padding added. */
static int
pad_to_int(StringInfo buf)
{
	int			pad = INTALIGN(buf->len) - buf->len;

	if (pad > 0)
		reserve(buf, pad);
	return pad;
}

static void
too_big(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("JSON result is too large for jsonb"),
			 errdetail("A jsonb container holds at most %d bytes.",
					   JENTRY_OFFLENMASK),
			 errhint("Ask for fewer rows, for example with a smaller limit or one project at a time.")));
}

static void
convert_scalar(StringInfo buf, JsonbValue *v, JEntry *entry)
{
	switch (v->type)
	{
		case jbvNull:
			*entry = JENTRY_ISNULL;
			break;
		case jbvBool:
			*entry = v->val.boolean ? JENTRY_ISBOOL_TRUE : JENTRY_ISBOOL_FALSE;
			break;
		case jbvString:
			if (v->val.string.len > JENTRY_OFFLENMASK)
				too_big();
			appendBinaryStringInfo(buf, v->val.string.val, v->val.string.len);
			*entry = JENTRY_ISSTRING | v->val.string.len;
			break;
		case jbvNumeric:
			{
				int			pad = pad_to_int(buf);
				int			len = VARSIZE_ANY(v->val.numeric);

				appendBinaryStringInfo(buf, (char *) v->val.numeric, len);
				*entry = JENTRY_ISNUMERIC | (pad + len);
				break;
			}
		default:
			elog(ERROR, "unexpected jsonb value type %d", (int) v->type);
	}
}

/*
 * One child of a container: convert it, add its length to *total, and
 * write its JEntry at index i of the container's entries (an end offset
 * every JB_OFFSET_STRIDE-th entry).
 */
static void
convert_child(StringInfo buf, JsonbValue *child, int entries, int i,
			  uint32 *total)
{
	JEntry		entry;

	CHECK_FOR_INTERRUPTS();
	convert_value(buf, child, &entry);
	*total += JBE_OFFLENFLD(entry);
	if (*total > JENTRY_OFFLENMASK)
		too_big();
	if (i % JB_OFFSET_STRIDE == 0)
		entry = (entry & JENTRY_TYPEMASK) | *total | JENTRY_HAS_OFF;
	memcpy(buf->data + entries + i * sizeof(JEntry), &entry, sizeof(JEntry));
}

static void
convert_container(StringInfo buf, JsonbValue *v, JEntry *entry)
{
	int			start = buf->len;
	bool		array = (v->type == jbvArray);
	int			n = array ? v->val.array.nElems : v->val.object.nPairs;
	int			nentries = array ? n : 2 * n;
	uint32		header;
	int			entries;
	uint32		total = 0;

	pad_to_int(buf);
	header = (uint32) n | (array ? JB_FARRAY : JB_FOBJECT);
	if (array && v->val.array.rawScalar)
		header |= JB_FSCALAR;
	appendBinaryStringInfo(buf, (char *) &header, sizeof(uint32));
	entries = reserve(buf, nentries * sizeof(JEntry));

	if (array)
	{
		for (int i = 0; i < n; i++)
			convert_child(buf, &v->val.array.elems[i], entries, i, &total);
	}
	else
	{
		for (int i = 0; i < n; i++)
			convert_child(buf, &v->val.object.pairs[i].key, entries, i, &total);
		for (int i = 0; i < n; i++)
			convert_child(buf, &v->val.object.pairs[i].value, entries, n + i,
						  &total);
	}

	if ((uint32) (buf->len - start) > JENTRY_OFFLENMASK)
		too_big();
	*entry = JENTRY_ISCONTAINER | (buf->len - start);
}

static void
convert_value(StringInfo buf, JsonbValue *v, JEntry *entry)
{
	check_stack_depth();
	if (v->type == jbvArray || v->type == jbvObject)
		convert_container(buf, v, entry);
	else
		convert_scalar(buf, v, entry);
}

/*
 * The jsonb datum of v, an array or an object built by pushJsonbValue, in
 * the current memory context.
 */
Jsonb *
TdbJsonbFromValue(JsonbValue *v)
{
	StringInfoData buf;
	JEntry		root;
	Jsonb	   *result;

	if (v->type != jbvArray && v->type != jbvObject)
		return JsonbValueToJsonb(v);

	initStringInfo(&buf);
	reserve(&buf, VARHDRSZ);
	convert_value(&buf, v, &root);
	result = (Jsonb *) buf.data;
	SET_VARSIZE(result, buf.len);
	return result;
}
