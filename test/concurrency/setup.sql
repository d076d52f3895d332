-- The concurrency suite's database: taskdb at version :newest (psql
-- variable), and a log every session writes its outcomes to, in the same
-- transaction as the work it logs.
\set ON_ERROR_STOP on
CREATE EXTENSION taskdb VERSION :'newest' CASCADE;
CREATE TABLE conc_log (
	test text NOT NULL,			-- occ | occ_orm | occ_model | projects | monitor | visibility | halfway
	session text NOT NULL,
	iter integer,
	action text,
	project_id bigint,
	task_id bigint,
	"cascade" boolean,
	outcome text NOT NULL,		-- ok, or the SQLSTATE
	version integer,
	expected integer,			-- occ*: the version the update expected
	message text,
	at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE conc_control (stop boolean NOT NULL);
INSERT INTO conc_control VALUES (false);
CREATE INDEX ON conc_log (test, session);
