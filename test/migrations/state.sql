-- taskdb.migration_status() on one line, then one line per drift row
-- (none expected).  Run with: psql -X -At -f state.sql
\set ON_ERROR_STOP on
SELECT format('status installed=%s default=%s library=%s pending=%s drift=%s',
			  installed_version, default_version, library_version,
			  coalesce(pending_path, 'NULL'), drift_count)
FROM taskdb.migration_status();
SELECT format('drift %s: expected %s, actual %s', object, expected, actual)
FROM taskdb.schema_drift();
