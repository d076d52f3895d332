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
	src/triggers.o

DATA = $(wildcard sql/$(EXTENSION)--*.sql)

TESTS = $(sort $(wildcard test/sql/*.sql))
REGRESS = $(patsubst test/sql/%.sql,%,$(TESTS))
REGRESS_OPTS = --inputdir=test --load-extension=$(EXTENSION)

PG_CPPFLAGS = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# every object depends on the shared header (PGXS does not track headers)
$(OBJS): src/taskdb.h src/compat.h

# Everything the README's test command runs, against the server named by
# the usual PG* variables (scripts/test wraps it in a throwaway cluster).
.PHONY: check-all
check-all: installcheck
	bash test/run-suites
