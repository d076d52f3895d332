/*-------------------------------------------------------------------------
 *
 * values.c
 *	  Field limits that every path checks before it writes.
 *
 * The table constraints (NOT NULL, varchar(255), CHECK non-empty) are the
 * last word and hold for plain SQL too.  Checking here first gives each
 * path one clear message, the same on every path, and lets a bulk call name
 * the element that failed before anything is written.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#include "core/core.h"

#include <ctype.h>

#include "access/xact.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
#include "utils/timestamp.h"

/*
 * Check a string field against its column description: not empty when
 * the column says so, and at most max_length characters (not bytes).  what names the field in messages ("task
 * title"); position is the array subscript in a bulk call, or 0.
 */
void
TdbValidateString(text *value, const TdbColumn *col, const char *what,
				  const int *position)
{
	const char *s = VARDATA_ANY(value);
	int			len = VARSIZE_ANY_EXHDR(value);
	int			nchars;
	int			max_length = col->max_length;

	if (len == 0 && col->nonempty)
	{
		if (position)
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("%s at position %d must not be empty", what, *position),
					 errdetail("No row of the batch was inserted.")));
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("%s must not be empty", what)));
	}

	/* no more bytes than the limit means no more characters either */
	if (max_length == 0 || len <= max_length)
		return;

	nchars = pg_mbstrlen_with_len(s, len);
	if (nchars <= max_length)
		return;

	if (position)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
				 errmsg("%s at position %d is too long", what, *position),
				 errdetail("It has %d characters; the limit is %d. No row of the batch was inserted.",
						   nchars, max_length)));
	ereport(ERROR,
			(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
			 errmsg("%s is too long", what),
			 errdetail("It has %d characters; the limit is %d.",
					   nchars, max_length)));
}

/* Check an integer field against its column's range, when it has one. */
void
TdbValidateInteger(int64 value, const TdbColumn *col)
{
	if ((!col->has_min || value >= col->min) &&
		(!col->has_max || value <= col->max))
		return;
	if (col->has_min && col->has_max)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("%s must be between %lld and %lld", col->what,
						(long long) col->min, (long long) col->max),
				 errdetail("The value given was %lld.", (long long) value)));
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 col->has_min ?
			 errmsg("%s must be at least %lld", col->what, (long long) col->min) :
			 errmsg("%s must be at most %lld", col->what, (long long) col->max),
			 errdetail("The value given was %lld.", (long long) value)));
}

/*
 * What an error message quotes of a value the caller gave: at most
 * TDB_QUOTE_CHARS characters, cut at a character boundary and marked with
 * "..." when cut, so that a 10 MB argument gives a short message and a
 * short log line.
 */
char *
TdbQuotePrefix(const char *s, int len)
{
	int			cut = 0;
	int			nchars = 0;

	while (cut < len && nchars < TDB_QUOTE_CHARS)
	{
		cut += pg_mblen(s + cut);
		nchars++;
	}
	if (cut >= len)
		return pnstrdup(s, len);
	return psprintf("%s...", pnstrdup(s, cut));
}

/*
 * Run a type's input function on s and report whether s was valid input,
 * instead of raising its error.  PostgreSQL 15's input functions report
 * bad input only by raising, so this runs the function in a
 * subtransaction, as PL/pgSQL's exception blocks do, and rolls it back on
 * error.  *problem, when wanted, receives the error's message.  Only for
 * input that is checked at most a few times per call: a subtransaction
 * costs a few microseconds.
 */
static bool
try_input(PGFunction infunc, const char *s, Datum *result, char **problem)
{
	MemoryContext oldcontext = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	volatile bool ok = true;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcontext);
	PG_TRY();
	{
		Datum		d = DirectFunctionCall3(infunc, CStringGetDatum(s),
											ObjectIdGetDatum(InvalidOid),
											Int32GetDatum(-1));

		/* the value was made in oldcontext: it survives the release */
		*result = d;
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcontext);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcontext);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcontext);
		CurrentResourceOwner = oldowner;
		if (problem)
			*problem = edata->message;
		ok = false;
	}
	PG_END_TRY();
	return ok;
}

/*
 * A timestamp with time zone written as a date and time (ISO 8601 and the
 * other forms PostgreSQL reads), not with one of the special words such as
 * "now", "yesterday" or "infinity", alone or beside a time ("10:00
 * tomorrow"): a filter or a model field names a moment, and strict input
 * means the same text always names the same one.
 */
bool
TdbParseTimestamptz(const char *s, TimestampTz *result)
{
	static const char *const relative[] = {
		"now", "today", "tomorrow", "yesterday", "epoch", "infinity",
		"allballs"
	};
	Datum		d;

	if (!isdigit((unsigned char) s[0]))
		return false;
	for (const char *p = s; *p;)
	{
		const char *word = p;

		if (!isalpha((unsigned char) *p))
		{
			p++;
			continue;
		}
		while (isalpha((unsigned char) *p))
			p++;
		for (int i = 0; i < (int) lengthof(relative); i++)
			if (p - word == (int) strlen(relative[i]) &&
				pg_strncasecmp(word, relative[i], p - word) == 0)
				return false;
	}
	if (!try_input(timestamptz_in, s, &d, NULL))
		return false;
	*result = DatumGetTimestampTz(d);
	return true;
}

bool
TdbParseJsonb(const char *s, Datum *result, char **problem)
{
	return try_input(jsonb_in, s, result, problem);
}

/*
 * Whether two values of one type are the same bytes.  datumIsEqual alone
 * is not enough for varlena values: the same text can arrive with a
 * 4-byte header (a function argument) and a 1-byte one (read from a
 * tuple), or compressed or stored out of line, so those are compared by
 * their detoasted contents.
 */
bool
TdbDatumsEqual(Datum a, Datum b, bool typbyval, int16 typlen)
{
	struct varlena *va;
	struct varlena *vb;
	bool		equal;

	if (datumIsEqual(a, b, typbyval, typlen))
		return true;
	if (typbyval || typlen != -1)
		return false;
	va = PG_DETOAST_DATUM_PACKED(a);
	vb = PG_DETOAST_DATUM_PACKED(b);
	equal = VARSIZE_ANY_EXHDR(va) == VARSIZE_ANY_EXHDR(vb) &&
		memcmp(VARDATA_ANY(va), VARDATA_ANY(vb), VARSIZE_ANY_EXHDR(va)) == 0;
	if ((Pointer) va != DatumGetPointer(a))
		pfree(va);
	if ((Pointer) vb != DatumGetPointer(b))
		pfree(vb);
	return equal;
}

/*
 * A LIKE pattern that matches value literally: backslash, % and _ are
 * escaped (backslash is LIKE's default escape character).  The pattern
 * matches value anywhere, or only at the start when prefix_only.
 */
char *
TdbLikePattern(text *value, bool prefix_only)
{
	const char *s = VARDATA_ANY(value);
	int			len = VARSIZE_ANY_EXHDR(value);
	StringInfoData buf;

	initStringInfo(&buf);
	if (!prefix_only)
		appendStringInfoChar(&buf, '%');
	for (int i = 0; i < len; i++)
	{
		if (s[i] == '\\' || s[i] == '%' || s[i] == '_')
			appendStringInfoChar(&buf, '\\');
		appendStringInfoChar(&buf, s[i]);
	}
	appendStringInfoChar(&buf, '%');
	return buf.data;
}
