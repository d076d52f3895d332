/*-------------------------------------------------------------------------
 *
 * validate.c
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
#include "taskdb.h"

#include "mb/pg_wchar.h"

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

/*
 * The string argument argno of a non-STRICT function: it must not be
 * NULL, and it is validated.
 */
text *
TdbArgString(FunctionCallInfo fcinfo, int argno, const TdbColumn *col,
			 const char *what)
{
	text	   *t;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", what)));
	t = PG_GETARG_TEXT_PP(argno);
	TdbValidateString(t, col, what, NULL);
	return t;
}
