-- The attacker of PostgreSQL's "Security Considerations for Extension
-- Scripts" (the CVE-2022-2625 class): a role with CREATE on the database
-- prepares schema taskdb before a superuser runs CREATE EXTENSION taskdb,
-- hoping that the install script or a later call resolves a name to its
-- own operator or function.  Everything happens inside the transaction
-- (taskdb dropped, the role created) and vanishes with it.
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
SELECT plan(14);

DROP EXTENSION taskdb;
DROP SCHEMA taskdb;  -- CREATE EXTENSION made it, but DROP EXTENSION leaves it
CREATE ROLE tdb_mallory;
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO tdb_mallory', current_database()); END $$;

-- the attack: an operator <> for varchar that says every value differs
SET ROLE tdb_mallory;
CREATE SCHEMA taskdb;
CREATE FUNCTION taskdb.always_different(varchar, varchar) RETURNS boolean
	LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR taskdb.<> (LEFTARG = varchar, RIGHTARG = varchar,
						   FUNCTION = taskdb.always_different);
RESET ROLE;

SELECT throws_ok('CREATE EXTENSION taskdb CASCADE', '42501',
	'cannot install taskdb into schema "taskdb": the schema is owned by role tdb_mallory',
	'CREATE EXTENSION refuses a schema taskdb owned by another role');

-- the owner is now a superuser, but the planted objects are still there
DO $$ BEGIN EXECUTE format('ALTER SCHEMA taskdb OWNER TO %I', current_user); END $$;
SELECT throws_ok('CREATE EXTENSION taskdb CASCADE', '42501',
	'cannot install taskdb into schema "taskdb": function taskdb.always_different is owned by role tdb_mallory',
	'CREATE EXTENSION refuses a schema holding objects of another role');

DROP OPERATOR taskdb.<> (varchar, varchar);
DROP FUNCTION taskdb.always_different(varchar, varchar);

GRANT CREATE ON SCHEMA taskdb TO tdb_mallory;
SELECT throws_ok('CREATE EXTENSION taskdb CASCADE', '42501',
	'cannot install taskdb into schema "taskdb": role tdb_mallory may create objects in the schema',
	'CREATE EXTENSION refuses a schema where another role may create objects');
REVOKE CREATE ON SCHEMA taskdb FROM tdb_mallory;

GRANT CREATE ON SCHEMA taskdb TO PUBLIC;
SELECT throws_ok('CREATE EXTENSION taskdb CASCADE', '42501',
	'cannot install taskdb into schema "taskdb": PUBLIC may create objects in the schema',
	'CREATE EXTENSION refuses a schema where PUBLIC may create objects');
REVOKE CREATE ON SCHEMA taskdb FROM PUBLIC;

-- A superuser's own objects are trusted, so a superuser-owned schema with
-- the same planted operator is accepted: the install script must not
-- resolve anything through it.
CREATE FUNCTION taskdb.always_different(varchar, varchar) RETURNS boolean
	LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR taskdb.<> (LEFTARG = varchar, RIGHTARG = varchar,
						   FUNCTION = taskdb.always_different);
SELECT lives_ok('CREATE EXTENSION taskdb CASCADE',
	'CREATE EXTENSION accepts a schema owned by a superuser with only superusers'' objects');
SELECT throws_ok($$SELECT taskdb.create_project('')$$, '23514',
	'project name must not be empty',
	'an empty project name is still refused (the API check)');
SELECT throws_ok($$INSERT INTO taskdb.projects (name) VALUES ('')$$, '23514', NULL,
	'the CHECK constraint on projects uses pg_catalog''s <>, not the planted one');
SELECT throws_ok($$INSERT INTO taskdb.tasks (title) VALUES ('')$$, '23514', NULL,
	'the CHECK constraint on tasks uses pg_catalog''s <>, not the planted one');

-- Every operator and function that a constraint, a column default or a
-- view of taskdb refers to lives in pg_catalog or belongs to taskdb.
SELECT is_empty($$
	WITH members AS (
		SELECT objid FROM pg_depend
		WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
		  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'taskdb')
	), users AS (
		SELECT 'pg_constraint'::regclass AS classid, c.oid AS objid FROM pg_constraint c
		WHERE c.connamespace = 'taskdb'::regnamespace
		UNION ALL
		SELECT 'pg_attrdef'::regclass, d.oid FROM pg_attrdef d
		JOIN pg_class r ON r.oid = d.adrelid WHERE r.relnamespace = 'taskdb'::regnamespace
		UNION ALL
		SELECT 'pg_rewrite'::regclass, w.oid FROM pg_rewrite w
		JOIN pg_class r ON r.oid = w.ev_class WHERE r.relnamespace = 'taskdb'::regnamespace
	)
	SELECT pg_describe_object(d.classid, d.objid, 0) || ' uses ' ||
		   pg_describe_object(d.refclassid, d.refobjid, 0)
	FROM users u
	JOIN pg_depend d ON d.classid = u.classid AND d.objid = u.objid
	LEFT JOIN pg_operator o ON d.refclassid = 'pg_operator'::regclass AND o.oid = d.refobjid
	LEFT JOIN pg_proc p ON d.refclassid = 'pg_proc'::regclass AND p.oid = d.refobjid
	WHERE d.refclassid IN ('pg_operator'::regclass, 'pg_proc'::regclass)
	  AND coalesce(o.oprnamespace, p.pronamespace) <> 'pg_catalog'::regnamespace
	  AND d.refobjid NOT IN (SELECT objid FROM members)
$$, 'constraints, defaults and views of taskdb use only pg_catalog''s operators and functions');

SELECT is((SELECT count(*)::int FROM pg_depend d
		   JOIN pg_operator o ON d.refclassid = 'pg_operator'::regclass AND o.oid = d.refobjid
		   WHERE o.oprname = '<>' AND o.oprnamespace = 'taskdb'::regnamespace), 0,
	'nothing of taskdb depends on the planted operator');

-- the installed schema is a superuser's, with no CREATE for anyone else
SELECT is((SELECT r.rolsuper FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
		   WHERE n.nspname = 'taskdb'), true, 'schema taskdb is owned by a superuser');
SELECT schema_privs_are('taskdb', 'tdb_mallory', ARRAY[]::text[],
	'the attacker has no privilege on schema taskdb');

-- the variant: with the schema locked, the attacker cannot add an overload
-- that a superuser's taskdb.get_task(1) would pick
SET ROLE tdb_mallory;
SELECT throws_ok($$CREATE FUNCTION taskdb.get_task(integer) RETURNS int LANGUAGE sql AS 'SELECT 1'$$,
	'42501', 'permission denied for schema taskdb',
	'the attacker cannot add taskdb.get_task(integer)');
SELECT throws_ok($$CREATE OPERATOR taskdb.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = int8eq)$$,
	'42501', 'permission denied for schema taskdb',
	'the attacker cannot add an operator to schema taskdb');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
