/*-------------------------------------------------------------------------
 *
 * model.h
 *	  The model layer: models derived from the description, validation of
 *	  JSON against them (validate.c) and their JSON Schema (json_schema.c).
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef TDB_MODEL_H
#define TDB_MODEL_H

#include "orm/orm.h"

typedef enum TdbModelKind
{
	TDB_MODEL_READ,				/* every column, all required */
	TDB_MODEL_CREATE,			/* the writable columns; required when NOT NULL
								 * without a default */
	TDB_MODEL_UPDATE			/* the writable columns, all optional, and the
								 * row version as the version expected */
} TdbModelKind;

typedef struct TdbModel
{
	const char *name;
	const TdbTable *table;
	TdbModelKind kind;
} TdbModel;

/* How a model treats one column of its table. */
typedef struct TdbModelField
{
	bool		accepted;
	bool		required;
	bool		nullable;
} TdbModelField;

extern const TdbModel *TdbModelFind(text *name);
extern const TdbModel *TdbModelNamed(const char *name);
extern TdbModelField TdbModelFieldOf(const TdbModel *m, const TdbColumn *col);

/*
 * validate.c.  A validation lists at most TDB_MODEL_MAX_ERRORS errors, the
 * first in field order, then extra keys; the message counts them all.
 */
#define TDB_MODEL_MAX_ERRORS	20
extern Jsonb *TdbModelErrors(const TdbModel *m, Jsonb *body);
extern Jsonb *TdbModelErrorsOfText(const TdbModel *m, const char *json);
extern void TdbModelCall(const TdbModel *m, Jsonb *body, int64 key,
						 TdbCall *call);

/* json_schema.c */
extern Jsonb *TdbModelSchema(const TdbModel *m);

#endif							/* TDB_MODEL_H */
