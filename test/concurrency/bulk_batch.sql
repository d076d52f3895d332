-- One bulk create_tasks of :n titles "<tag> 1" .. "<tag> n" (psql
-- variables tag, n, and timeout for statement_timeout, 0 for none).
-- Prints the number of rows it returned, or fails.
\set ON_ERROR_STOP on
\set VERBOSITY verbose
SET statement_timeout = :'timeout';
SELECT count(*) FROM taskdb.create_tasks(ARRAY(
	SELECT format('%s %s', :'tag', i) FROM generate_series(1, :n) AS i));
