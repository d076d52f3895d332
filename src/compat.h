/*-------------------------------------------------------------------------
 *
 * compat.h
 *	  The one place where taskdb meets differences between PostgreSQL
 *	  major versions.
 *
 * taskdb builds from one source tree against every supported major.  Where
 * an internal API moved between majors, the difference is bridged here, by
 * PG_VERSION_NUM, and the rest of the code is written against the newest
 * form.
 *
 * Copyright (c) 2026, the taskdb authors
 *
 *-------------------------------------------------------------------------
 */
#ifndef TASKDB_COMPAT_H
#define TASKDB_COMPAT_H

/*
 * PostgreSQL 18 replaced the pg_attribute_noreturn() suffix with the
 * pg_noreturn prefix (C11 _Noreturn).  Older majors get the prefix as the
 * compiler attribute, which GCC and Clang accept before a declaration.
 */
#ifndef pg_noreturn
#define pg_noreturn pg_attribute_noreturn()
#endif

#endif							/* TASKDB_COMPAT_H */
