# taskdb: PGXS build.  See README.md for the two commands that set up a
# fresh machine; this Makefile needs pg_config (postgresql-server-dev-NN, NN = 15, 17 or 18).

# taskdb, and the two extensions that spread it over PL/Proxy partitions:
# taskdb_router (the API on a router database, from the description) and
# taskdb_partition (cluster-wide ids on each partition).  Only taskdb has
# a module and the regression tests.
MAIN = taskdb
EXTENSION = $(MAIN) taskdb_router taskdb_partition
MODULE_big = taskdb
# The layers, bottom up; a layer uses only those below it (one header
# each), and no path calls another path.
#   desc/   the one description (taskdb.def) and what reads it at run time
#   core/   module and settings, the driver, validation, the contract's
#           argument rules and failure reports, the bulk load, triggers
#   query/  the query builder, and the reads the builder, orm and model
#           paths share
#   orm/    the object mapper: sessions and the identity map, objects,
#           relationships and their loading, the unit of work's flush,
#           objects back to rows and JSON; the contract's writes on objects
#   model/  the models, validation of JSON against them, JSON Schema
#   paths/  raw, builder, orm, model: the SQL-callable functions
OBJS = \
	src/desc/desc.o \
	src/core/module.o \
	src/core/driver.o \
	src/core/values.o \
	src/core/contract.o \
	src/core/filter.o \
	src/core/cursor.o \
	src/core/bulk.o \
	src/core/json_out.o \
	src/core/triggers.o \
	src/query/query.o \
	src/query/reads.o \
	src/orm/session.o \
	src/orm/object.o \
	src/orm/relationships.o \
	src/orm/flush.o \
	src/orm/object_out.o \
	src/orm/ops.o \
	src/model/validate.o \
	src/model/json_schema.o \
	src/paths/raw.o \
	src/paths/builder.o \
	src/paths/orm.o \
	src/paths/model.o

# Scripts.  Every install and update script in sql/ is a committed file,
# and no build writes one: a released version's scripts are frozen (listed
# with their checksums in sql/released.sha256; test/release/run checks them
# against that list and against the release tags).  The scripts of a new
# version, while it is not released, are written from the description
# (src/desc/taskdb.def) and the templates sql/*.sql.in by tools/gensql when
# a developer runs "make scripts", then reviewed and committed.  Older
# versions install as the nearest full script plus the update chain, as
# PostgreSQL does when a version has no full script of its own.
NEWEST = $(shell sed -n 's/^default_version = .\(.*\).$$/\1/p' $(MAIN).control)
DATA = $(wildcard sql/*--*.sql) $(wildcard sql/*--*.control)
EXTRA_CLEAN = tools/gensql/gensql

TESTS = $(sort $(wildcard test/sql/*.sql))
REGRESS = $(patsubst test/sql/%.sql,%,$(TESTS))
REGRESS_OPTS = --inputdir=test --load-extension=pg_trgm --load-extension=$(MAIN)

# Isolation specs (test/specs/*.spec), run by installcheck after REGRESS.
# --outputdir=. puts results/ and regression.diffs where pg_regress puts
# them and takes the expected output from the top-level expected/ too
# (PGXS passes --outputdir=output_iso first; the later switch wins).
SPECS = $(sort $(wildcard test/specs/*.spec))
ISOLATION = $(patsubst test/specs/%.spec,%,$(SPECS))
ISOLATION_OPTS = --inputdir=test --outputdir=. --load-extension=pg_trgm --load-extension=$(MAIN)

PG_CPPFLAGS = -I$(srcdir)/src -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
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

# every object depends on the layer headers and the description (PGXS
# does not track headers)
$(OBJS): $(wildcard src/*.h src/*/*.h) src/desc/taskdb.def

# gensql runs on the build machine: plain C, no PostgreSQL headers
GENSQL_SRC = $(wildcard tools/gensql/*.c)
tools/gensql/gensql: $(GENSQL_SRC) tools/gensql/gensql.h src/desc/taskdb.def
	$(CC) -O1 -Wall -Wextra -Werror -o $@ $(GENSQL_SRC)

# The description as SQL for the test suites, which read it instead of
# restating the schema.  A build rewrites it; it is committed all the same,
# because the installed package's tests (debian/tests, make installcheck)
# run from the source tree with no compiler to run gensql.  test/docs/run
# fails while the committed file is not what gensql writes.
# gensql is built by every build, for the suites that run it (the README's
# CREATE INDEX CONCURRENTLY block, the fixture's check): PGXS declares
# every file .SECONDARY, so a missing gensql would not be built for a
# test/description.sql that is as new as its sources, as in a tree
# unpacked from git archive.
all: tools/gensql/gensql test/description.sql
test/description.sql: tools/gensql/gensql
	tools/gensql/gensql describe > $@.tmp
	mv $@.tmp $@

# The newest version's scripts, from the description and the templates:
# the full install scripts of taskdb and taskdb_router, and each update
# script that has a template (sql/taskdb--A--B.sql.in, and the router's
# sql/taskdb_router--A--B.sql.in, which replace every object in place).  Refused once the
# version is released (sql/released.sha256 lists its install script).
.PHONY: scripts
scripts: tools/gensql/gensql
	@if grep -q " sql/$(MAIN)--$(NEWEST).sql$$" sql/released.sha256; then \
		echo "taskdb $(NEWEST) is released and its scripts are frozen: add the next version to src/desc/taskdb.def and both control files first"; \
		exit 1; \
	fi
	@grep -q "^default_version = '$(NEWEST)'" taskdb_router.control || \
		{ echo "taskdb_router.control: default_version must be $(NEWEST), taskdb's"; exit 1; }
	tools/gensql/gensql install $(NEWEST) sql/$(MAIN).sql.in > sql/$(MAIN)--$(NEWEST).sql.tmp
	mv sql/$(MAIN)--$(NEWEST).sql.tmp sql/$(MAIN)--$(NEWEST).sql
	tools/gensql/gensql control $(NEWEST) > sql/$(MAIN)--$(NEWEST).control.tmp
	mv sql/$(MAIN)--$(NEWEST).control.tmp sql/$(MAIN)--$(NEWEST).control
	tools/gensql/gensql router $(NEWEST) sql/taskdb_router.sql.in > sql/taskdb_router--$(NEWEST).sql.tmp
	mv sql/taskdb_router--$(NEWEST).sql.tmp sql/taskdb_router--$(NEWEST).sql
	@for t in $(wildcard sql/$(MAIN)--*--*.sql.in); do \
		pair=$${t#sql/$(MAIN)--}; pair=$${pair%.sql.in}; \
		if grep -q " $${t%.in}$$" sql/released.sha256; then \
			echo "$${t%.in} is released and frozen: remove its template $$t"; exit 1; \
		fi; \
		echo "tools/gensql/gensql update $${pair%%--*} $${pair##*--} $$t > $${t%.in}"; \
		tools/gensql/gensql update $${pair%%--*} $${pair##*--} $$t > $${t%.in}.tmp && \
			mv $${t%.in}.tmp $${t%.in} || exit 1; \
	done
	@for t in $(wildcard sql/taskdb_router--*--*.sql.in); do \
		pair=$${t#sql/taskdb_router--}; pair=$${pair%.sql.in}; \
		if grep -q " $${t%.in}$$" sql/released.sha256; then \
			echo "$${t%.in} is released and frozen: remove its template $$t"; exit 1; \
		fi; \
		echo "tools/gensql/gensql router-update $${pair%%--*} $${pair##*--} $$t > $${t%.in}"; \
		tools/gensql/gensql router-update $${pair%%--*} $${pair##*--} $$t > $${t%.in}.tmp && \
			mv $${t%.in}.tmp $${t%.in} || exit 1; \
	done

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

# docs/api.md from the catalog of the server named by the PG* variables,
# where this build is installed (tools/api-docs; test/docs/run checks it).
.PHONY: docs
docs:
	bash tools/api-docs docs/api.md

# The PGXN distribution, taskdb-<version>.zip, from what is committed at
# HEAD (git archive: uncommitted changes are not in it), one directory
# taskdb-<version>/ as PGXN wants.  The version is taskdb.control's as
# SemVer (1.8 -> 1.8.0), and META.json must name it (test/packaging/run
# checks META.json against the control files and PGXN's meta spec).
DISTVERSION = $(NEWEST).0
.PHONY: dist
dist:
	@python3 -c 'import json, sys; v = json.load(open("META.json"))["version"]; sys.exit(0 if v == sys.argv[1] else "META.json names version %s, not $(DISTVERSION) (taskdb.control: $(NEWEST))" % v)' $(DISTVERSION)
	git archive --format=zip --prefix=$(MAIN)-$(DISTVERSION)/ --output=$(MAIN)-$(DISTVERSION).zip HEAD
