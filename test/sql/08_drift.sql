--
-- 08_drift: the schema the C code expects (schema_description), its drift
-- from the live catalog (schema_drift) and where this database stands
-- (migration_status).  Changes to the tables are made in transactions that
-- are rolled back.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/regress/setup.psql
\set VERBOSITY default
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;

-- The description: one row per column and key, with the version that
-- brought it.  Its columns are those of the description the build reads
-- (test/description.sql): every one of them, with the same definition
-- and version, and no other (no row here) ...
SELECT coalesce(s.table_name, d.table_name) AS table_name, coalesce(s.name, d.name) AS name,
       s.definition, s.since, d.definition AS described_definition, d.since AS described_since
FROM (SELECT * FROM taskdb.schema_description() WHERE kind = 'column') s
FULL JOIN described_schema d ON d.table_name = s.table_name AND d.name = s.name
WHERE s.definition IS DISTINCT FROM d.definition OR s.since IS DISTINCT FROM d.since;
-- ... and its keys
SELECT * FROM taskdb.schema_description() WHERE kind <> 'column';

-- As installed, the catalog matches it exactly.
SELECT * FROM taskdb.schema_drift();
SELECT installed_version = default_version AS installed_is_default,
       library_version = default_version AS library_is_default,
       pending_path, drift_count
FROM taskdb.migration_status();
SELECT taskdb.library_version() = (SELECT default_version FROM pg_available_extensions
                                    WHERE name = 'taskdb') AS library_is_default;

--
-- Each kind of change, one at a time, and what schema_drift reports.
--
-- a column loses NOT NULL
BEGIN;
ALTER TABLE taskdb.tasks ALTER COLUMN done DROP NOT NULL;
SELECT * FROM taskdb.schema_drift();
ROLLBACK;
-- a default changes, and another goes away
BEGIN;
ALTER TABLE taskdb.tasks ALTER COLUMN version SET DEFAULT 0;
ALTER TABLE taskdb.projects ALTER COLUMN created_at DROP DEFAULT;
SELECT * FROM taskdb.schema_drift();
ROLLBACK;
-- a column changes type (not used by the views, so no view is in the way)
BEGIN;
ALTER TABLE taskdb.projects ALTER COLUMN created_at TYPE timestamp;
SELECT * FROM taskdb.schema_drift();
ROLLBACK;
-- a column gets another collation than its type's (from 1.8; the views
-- use the column, so they are taken out of the extension and dropped)
BEGIN;
ALTER EXTENSION taskdb DROP VIEW taskdb.task_list;
ALTER EXTENSION taskdb DROP VIEW taskdb.project_summary;
DROP VIEW taskdb.task_list, taskdb.project_summary;
ALTER TABLE taskdb.tasks ALTER COLUMN title TYPE varchar(255) COLLATE "C";
SELECT * FROM taskdb.schema_drift();
ROLLBACK;
-- an extra column appears
BEGIN;
ALTER TABLE taskdb.tasks ADD COLUMN extra integer;
SELECT * FROM taskdb.schema_drift();
ROLLBACK;
-- the foreign key is dropped
BEGIN;
ALTER TABLE taskdb.tasks DROP CONSTRAINT tasks_project_id_fkey;
SELECT * FROM taskdb.schema_drift();
ROLLBACK;
-- an identity column becomes a plain one (its sequence belongs to the
-- extension, so it is taken out of it first)
BEGIN;
ALTER EXTENSION taskdb DROP SEQUENCE taskdb.projects_id_seq;
ALTER TABLE taskdb.projects ALTER COLUMN id DROP IDENTITY;
SELECT * FROM taskdb.schema_drift();
ROLLBACK;

--
-- All at once, including a retyped and a dropped column of taskdb.tasks.
-- Both are used by the views, which belong to the extension: dropping
-- project_id with CASCADE would cascade to the whole extension, so the
-- views are first taken out of the extension and dropped.
--
BEGIN;
ALTER EXTENSION taskdb DROP VIEW taskdb.task_list;
ALTER EXTENSION taskdb DROP VIEW taskdb.project_summary;
DROP VIEW taskdb.task_list, taskdb.project_summary;
ALTER TABLE taskdb.tasks ALTER COLUMN done DROP NOT NULL;
ALTER TABLE taskdb.tasks ALTER COLUMN title TYPE text;
ALTER TABLE taskdb.tasks ADD COLUMN extra integer;
ALTER TABLE taskdb.tasks DROP COLUMN project_id CASCADE;
SELECT * FROM taskdb.schema_drift();
SELECT installed_version = default_version AS installed_is_default, pending_path,
       drift_count
FROM taskdb.migration_status();
ROLLBACK;

-- A table under another name counts as missing: each part of it is
-- absent, and the foreign key now points elsewhere.
BEGIN;
ALTER TABLE taskdb.projects RENAME TO projects_old;
SELECT * FROM taskdb.schema_drift();
ROLLBACK;

-- After the rollbacks there is no drift.
SELECT * FROM taskdb.schema_drift();
SELECT drift_count FROM taskdb.migration_status();

-- The update paths the extension offers from and to 1.5, among the
-- versions up to 1.7 (later versions add their own): every older version
-- updates to it, and it downgrades to each.
SELECT source, target, path FROM pg_extension_update_paths('taskdb')
WHERE path IS NOT NULL AND '1.5' IN (source, target)
  AND string_to_array(source, '.')::int[] <= '{1,7}'
  AND string_to_array(target, '.')::int[] <= '{1,7}'
ORDER BY source, target;
-- Every version updates to the default version and back to it.
SELECT count(*) FILTER (WHERE up.path IS NULL OR down.path IS NULL) AS unreachable
FROM pg_available_extensions a
JOIN pg_extension_update_paths('taskdb') up ON up.target = a.default_version
JOIN pg_extension_update_paths('taskdb') down ON down.source = a.default_version
                                             AND down.target = up.source
WHERE a.name = 'taskdb' AND up.source <> a.default_version;
SELECT default_version = taskdb.library_version() AS default_is_library
FROM pg_available_extensions WHERE name = 'taskdb';
-- leave the database as this file found it
TRUNCATE taskdb.tasks, taskdb.projects RESTART IDENTITY CASCADE;
\i :abs_srcdir/regress/teardown.psql
