/*-------------------------------------------------------------------------
 *
 * cursor.c
 *	  The keyset cursor as a token: the place of a row in an order (its
 *	  order value and its id), opaque to callers, so that the next page
 *	  continues exactly where the previous one ended even when that row
 *	  changed or was deleted in between.
 *
 * A token is base64url (RFC 4648, without padding) of
 *
 *	  1 byte	the format, 1
 *	  1 byte	the length n of the order column's name (1 to 63)
 *	  n bytes	the name
 *	  8 bytes	the row's id, big-endian
 *	  the value of the order expression (desc.h: a null as its type's
 *	  infinity): 2, 4 or 8 bytes big-endian for smallint, integer,
 *	  bigint and timestamptz (its int64 microseconds), the bytes of the
 *	  text (in the database encoding) for varchar and text.
 *
 * A token is not signed: it only says where a page starts, which any
 * caller may choose freely with the filters anyway.  Reading one checks
 * everything a caller could have made up: the alphabet, the lengths, the
 * column (it must be the order asked for), the encoding of a text.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "core/core.h"

#include "catalog/pg_type_d.h"
#include "access/htup_details.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/typcache.h"

#define CURSOR_FORMAT		1
#define CURSOR_MAX_NAME		63
/* the longest token read: a 255-character title of 4-byte characters */
#define CURSOR_MAX_TEXT		2048

static const char b64url[] =
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void
encode(StringInfo out, const unsigned char *src, int len)
{
	int			i;

	for (i = 0; i + 2 < len; i += 3)
	{
		uint32		v = (src[i] << 16) | (src[i + 1] << 8) | src[i + 2];

		appendStringInfoChar(out, b64url[(v >> 18) & 63]);
		appendStringInfoChar(out, b64url[(v >> 12) & 63]);
		appendStringInfoChar(out, b64url[(v >> 6) & 63]);
		appendStringInfoChar(out, b64url[v & 63]);
	}
	if (len - i == 1)
	{
		uint32		v = src[i] << 16;

		appendStringInfoChar(out, b64url[(v >> 18) & 63]);
		appendStringInfoChar(out, b64url[(v >> 12) & 63]);
	}
	else if (len - i == 2)
	{
		uint32		v = (src[i] << 16) | (src[i + 1] << 8);

		appendStringInfoChar(out, b64url[(v >> 18) & 63]);
		appendStringInfoChar(out, b64url[(v >> 12) & 63]);
		appendStringInfoChar(out, b64url[(v >> 6) & 63]);
	}
}

static int
sextet(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/* Decode src into dst (at least len * 3 / 4 bytes); -1 when not base64url. */
static int
decode(const char *src, int len, unsigned char *dst)
{
	int			n = 0;
	uint32		acc = 0;
	int			bits = 0;

	if (len % 4 == 1)
		return -1;
	for (int i = 0; i < len; i++)
	{
		int			s = sextet(src[i]);

		if (s < 0)
			return -1;
		acc = (acc << 6) | s;
		bits += 6;
		if (bits >= 8)
		{
			bits -= 8;
			dst[n++] = (acc >> bits) & 0xFF;
		}
	}
	/* the unused low bits of the last character must be zero */
	if ((acc & ((1 << bits) - 1)) != 0)
		return -1;
	return n;
}

static void
put_be(StringInfo buf, uint64 v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		appendStringInfoChar(buf, (char) ((v >> (8 * i)) & 0xFF));
}

static uint64
get_be(const unsigned char *p, int bytes)
{
	uint64		v = 0;

	for (int i = 0; i < bytes; i++)
		v = (v << 8) | p[i];
	return v;
}

/* The width of a fixed-width order value; 0 for text. */
static int
value_width(const TdbColumn *col)
{
	switch (col->typid)
	{
		case INT2OID:
			return 2;
		case INT4OID:
			return 4;
		case INT8OID:
		case TIMESTAMPTZOID:
			return 8;
		case VARCHAROID:
		case TEXTOID:
			return 0;
	}
	elog(ERROR, "cannot make a cursor for column %s", col->name);
	return 0;					/* keep compiler quiet */
}

/*
 * The token of the row with id key and the value (isnull: none) of the
 * order column col.  A null is the order expression's infinity; a column
 * that cannot be null must have a value.
 */
char *
TdbCursorEncode(const TdbColumn *col, int64 key, Datum value, bool isnull)
{
	StringInfoData raw;
	StringInfoData out;
	int			width = value_width(col);
	int			namelen = strlen(col->name);

	Assert(namelen > 0 && namelen <= CURSOR_MAX_NAME);
	if (isnull)
	{
		if (col->notnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not be null", col->what)));
		value = TdbOrderInfinity(col);
	}
	initStringInfo(&raw);
	appendStringInfoChar(&raw, CURSOR_FORMAT);
	appendStringInfoChar(&raw, (char) namelen);
	appendBinaryStringInfo(&raw, col->name, namelen);
	put_be(&raw, (uint64) key, 8);
	switch (width)
	{
		case 2:
			put_be(&raw, (uint16) DatumGetInt16(value), 2);
			break;
		case 4:
			put_be(&raw, (uint32) DatumGetInt32(value), 4);
			break;
		case 8:
			put_be(&raw, (uint64) DatumGetInt64(value), 8);
			break;
		default:
			{
				text	   *t = DatumGetTextPP(value);

				appendBinaryStringInfo(&raw, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
			}
	}
	initStringInfo(&out);
	encode(&out, (unsigned char *) raw.data, raw.len);
	pfree(raw.data);
	return out.data;
}

pg_noreturn static void
invalid_cursor(const char *token, int len, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid cursor \"%s\"", TdbQuotePrefix(token, len)),
			 errdetail("%s", detail),
			 errhint("Use a cursor that taskdb.task_cursor or taskdb.model_task_cursor made for the same order.")));
}

/*
 * Read a token for the order column col: the id (*key) and the order
 * value (*value, of the column's type; text for a string column) of the
 * row a page starts after.  A token made for another column is refused.
 */
void
TdbCursorDecode(const char *token, int len, const TdbColumn *col,
				int64 *key, Datum *value)
{
	unsigned char *raw;
	int			n;
	int			namelen;
	const unsigned char *p;
	int			rest;
	int			width = value_width(col);

	if (len == 0)
		invalid_cursor(token, len, "It is empty.");
	if (len > CURSOR_MAX_TEXT)
		invalid_cursor(token, len, "It is longer than any cursor.");
	raw = palloc(len * 3 / 4 + 1);
	n = decode(token, len, raw);
	if (n < 0)
		invalid_cursor(token, len, "It is not base64url text.");
	if (n < 2 || raw[0] != CURSOR_FORMAT)
		invalid_cursor(token, len, "It is not in a format of this version of taskdb.");
	namelen = raw[1];
	if (namelen < 1 || namelen > CURSOR_MAX_NAME || 2 + namelen + 8 > n)
		invalid_cursor(token, len, "It is cut short.");
	if (namelen != (int) strlen(col->name) ||
		memcmp(raw + 2, col->name, namelen) != 0)
	{
		char	   *other = pnstrdup((char *) raw + 2, namelen);

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cursor is for the order by \"%s\", not by \"%s\"",
						TdbQuotePrefix(other, namelen), col->name),
				 errhint("Use a cursor made for the same order, or start again from the first page.")));
	}
	p = raw + 2 + namelen;
	*key = (int64) get_be(p, 8);
	p += 8;
	rest = n - (p - raw);
	switch (width)
	{
		case 2:
			if (rest != 2)
				invalid_cursor(token, len, "It is cut short or too long.");
			*value = Int16GetDatum((int16) get_be(p, 2));
			break;
		case 4:
			if (rest != 4)
				invalid_cursor(token, len, "It is cut short or too long.");
			*value = Int32GetDatum((int32) get_be(p, 4));
			break;
		case 8:
			if (rest != 8)
				invalid_cursor(token, len, "It is cut short or too long.");
			*value = Int64GetDatum((int64) get_be(p, 8));
			break;
		default:
			if (!pg_verify_mbstr(GetDatabaseEncoding(), (const char *) p, rest, true))
				invalid_cursor(token, len, "Its text is not valid in the database encoding.");
			*value = PointerGetDatum(cstring_to_text_with_len((const char *) p, rest));
			break;
	}
	pfree(raw);
}

/* The attribute number of a column named name in desc; 0 when none. */
static AttrNumber
attribute_named(TupleDesc desc, const char *name)
{
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
			return att->attnum;
	}
	return 0;
}

/*
 * The token of a task row (task_cursor): its id and the value of the order
 * column col.
 */
char *
TdbCursorFromRow(HeapTupleHeader row, const TdbColumn *col)
{
	TupleDesc	desc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(row),
											  HeapTupleHeaderGetTypMod(row));
	const TdbColumn *pk = col->table->columns[0];
	HeapTupleData tuple;
	AttrNumber	keyatt = attribute_named(desc, pk->name);
	AttrNumber	valatt = attribute_named(desc, col->name);
	Datum		key;
	Datum		value;
	bool		keynull;
	bool		isnull;
	char	   *token;

	if (keyatt == 0 || valatt == 0 ||
		TupleDescAttr(desc, keyatt - 1)->atttypid != pk->typid ||
		TupleDescAttr(desc, valatt - 1)->atttypid != col->typid)
		elog(ERROR, "row of type %s has no column %s of the expected type",
			 format_type_be(HeapTupleHeaderGetTypeId(row)), col->name);
	tuple.t_len = HeapTupleHeaderGetDatumLength(row);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = row;
	key = heap_getattr(&tuple, keyatt, desc, &keynull);
	value = heap_getattr(&tuple, valatt, desc, &isnull);
	if (keynull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", pk->what)));
	token = TdbCursorEncode(col, DatumGetInt64(key), value, isnull);
	ReleaseTupleDesc(desc);
	return token;
}
