# taskdb: PGXS build.  See README.md for the two commands that set up a
# fresh machine; this Makefile needs pg_config (postgresql-server-dev-NN, NN = 15, 17 or 18).

EXTENSION = taskdb
MODULE_big = taskdb
OBJS = \
	src/taskdb.o \
	src/driver.o \
	src/schema.o \
	src/validate.o \
	src/contract.o \
	src/raw.o \
	src/bulk.o \
	src/builder.o \
	src/builder_path.o \
	src/orm.o \
	src/orm_path.o \
	src/model.o \
	src/json_out.o \
	src/triggers.o

DATA = $(wildcard sql/$(EXTENSION)--*.sql)

TESTS = $(sort $(wildcard test/sql/*.sql))
REGRESS = $(patsubst test/sql/%.sql,%,$(TESTS))
REGRESS_OPTS = --inputdir=test --load-extension=$(EXTENSION)

# Isolation specs (test/specs/*.spec), run by installcheck after REGRESS.
# --outputdir=. puts results/ and regression.diffs where pg_regress puts
# them and takes the expected output from the top-level expected/ too
# (PGXS passes --outputdir=output_iso first; the later switch wins).
SPECS = $(sort $(wildcard test/specs/*.spec))
ISOLATION = $(patsubst test/specs/%.spec,%,$(SPECS))
ISOLATION_OPTS = --inputdir=test --outputdir=. --load-extension=$(EXTENSION)

PG_CPPFLAGS = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Export only what PostgreSQL looks up in taskdb.so (the SQL-callable
# functions, their pg_finfo_* records, Pg_magic_func, _PG_init): modules
# are dlopen()ed RTLD_GLOBAL, so any other exported name could collide
# with another library's.  PostgreSQL 16+ PGXS compiles modules with
# -fvisibility=hidden (CFLAGS_SL_MODULE) and c.h defines PGDLLEXPORT as
# visibility("default"); before 16, c.h leaves PGDLLEXPORT empty unless it
# is defined already, so it is defined here, before postgres.h is read.
# compat.h does the rest for < 16 (PG_FUNCTION_INFO_V1); test/symbols/run
# checks the installed library.
ifeq ($(shell test $(VERSION_NUM) -lt 160000 && echo old),old)
override CFLAGS += -fvisibility=hidden
override CPPFLAGS += '-DPGDLLEXPORT=__attribute__((visibility("default")))'
endif

# every object depends on the shared header (PGXS does not track headers)
$(OBJS): src/taskdb.h src/compat.h

# Everything the README's test command runs, against the server named by
# the usual PG* variables (scripts/test wraps it in a throwaway cluster).
.PHONY: check-all
check-all:
	PG_CONFIG=$(PG_CONFIG) bash test/run-all

# The pg_regress inputs that drive every path, against a throwaway cluster
# of its own running under Valgrind's memcheck (see test/memcheck/run); uses
# the installed taskdb.
.PHONY: memcheck
memcheck:
	PG_CONFIG=$(PG_CONFIG) bash test/memcheck/run
