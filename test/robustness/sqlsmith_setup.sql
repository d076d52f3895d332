-- Seeds a database for the sqlsmith suite and a role that sees mostly
-- taskdb.  psql variables: role, password (the fuzzing role's).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION taskdb CASCADE;

-- data through the API: every path writes some of it
SELECT taskdb.create_project('alpha'), taskdb.builder_create_project('beta'),
       taskdb.orm_create_project('gamma'), taskdb.create_project('empty');
SELECT count(*) FROM taskdb.create_tasks(ARRAY['a1', 'a2', 'a3', 'a4'], 1);
SELECT count(*) FROM taskdb.builder_create_tasks(ARRAY['b1', 'b2'], 2);
SELECT count(*) FROM taskdb.orm_create_tasks(ARRAY['g1', 'g2', 'g3'], 3);
SELECT taskdb.create_task('loose'), taskdb.orm_create_task('loose orm');
SELECT taskdb.model_create_task('{"title": "model", "done": true, "project_id": 1}');
SELECT taskdb.update_task(2, done => true), taskdb.complete_project(3);

-- the fuzzing role: the API's privileges, nothing else of the database
CREATE ROLE :"role" LOGIN PASSWORD :'password';
GRANT USAGE ON SCHEMA taskdb TO :"role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA taskdb TO :"role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA taskdb TO :"role";
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA taskdb TO :"role";

-- sqlsmith reads the routines it may call from an unqualified "pg_proc"
-- and leaves out set-returning ones.  A view of that name in a schema that
-- comes before pg_catalog on the role's search_path focuses it: every
-- taskdb function (set-returning ones shown as plain, so that sqlsmith puts
-- them in select lists, where PostgreSQL runs them through ProjectSet),
-- the aggregates and windows of pg_catalog, and one in ten of its other
-- immutable or stable functions without polymorphic or other pseudo-type
-- arguments and results (sqlsmith fails most calls to those) to build
-- arguments with.
CREATE SCHEMA fuzzcat;
CREATE VIEW fuzzcat.pg_proc AS
SELECT p.oid, p.proname, p.pronamespace, p.proowner, p.prolang, p.procost,
       p.prorows, p.provariadic, p.prosupport, p.prokind, p.prosecdef,
       p.proleakproof, p.proisstrict,
       p.proretset AND p.pronamespace <> 'taskdb'::regnamespace AS proretset,
       p.provolatile, p.proparallel, p.pronargs, p.pronargdefaults,
       p.prorettype, p.proargtypes, p.proallargtypes, p.proargmodes,
       p.proargnames, p.prosrc
FROM pg_catalog.pg_proc p
WHERE (p.pronamespace = 'taskdb'::regnamespace
       AND p.prorettype <> 'trigger'::regtype)
   OR (p.pronamespace = 'pg_catalog'::regnamespace
       AND (p.prokind IN ('a', 'w')
            OR (p.provolatile <> 'v' AND p.oid::int8 % 10 = 0
                AND NOT EXISTS (SELECT FROM pg_catalog.pg_type t
                                WHERE t.typtype = 'p'
                                  AND (t.oid = p.prorettype
                                       OR t.oid = ANY (p.proargtypes))))));
GRANT USAGE ON SCHEMA fuzzcat TO :"role";
GRANT SELECT ON fuzzcat.pg_proc TO :"role";
ALTER ROLE :"role" SET search_path = fuzzcat, pg_catalog, taskdb;
SELECT format('ALTER DATABASE %I SET track_functions = %L', current_database(), 'all') \gexec
