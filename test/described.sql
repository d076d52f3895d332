-- What the test suites derive from the description of taskdb instead of
-- restating it: views of test/description.sql (which tools/gensql
-- describe writes at build time, and which must be loaded first) at the
-- version installed in this database, and the facts the suites compare
-- the catalog and the paths' answers with.  Not a test.  pg_regress loads
-- it through test/regress/setup.psql, pgTAP and the contract with \ir.
-- Everything here is temporary and vanishes with the session.
--
-- A test that uses these facts fails when the implementation disagrees
-- with the description, and passes unchanged when a version adds a column
-- to the description and its update script.
SET client_min_messages = warning;

-- the version installed here (taskdb, or taskdb_router on a router
-- database, which serves the same API at the same version)
CREATE TEMP VIEW described_version AS
SELECT DISTINCT v.num, v.version
FROM description_versions v
JOIN pg_catalog.pg_extension e ON e.extversion = v.version
WHERE e.extname IN ('taskdb', 'taskdb_router');

-- the columns, API functions and their arguments at that version
CREATE TEMP VIEW described_columns AS
SELECT c.*, left(c.table_name, -1) AS word,	-- "task", "project": as messages name a row
       c.sqltype LIKE 'character varying(%)' AS is_string,
       c.sqltype IN ('smallint', 'integer', 'bigint') AS is_integer,
       c.sqltype = 'timestamp with time zone' AS is_timestamp
FROM description_columns c
WHERE c.since <= (SELECT num FROM described_version);

CREATE TEMP VIEW described_args AS
SELECT a.* FROM description_args a
WHERE a.since <= (SELECT num FROM described_version);

-- argtypes: the argument types as oidvectortypes() prints them
CREATE TEMP VIEW described_functions AS
SELECT f.*,
       coalesce((SELECT string_agg(pg_catalog.format_type(a.sqltype::regtype, NULL), ', ' ORDER BY a.position)
                 FROM described_args a WHERE a.function = f.base), '') AS argtypes
FROM description_functions f
WHERE f.since <= (SELECT num FROM described_version);

-- the indexes besides the primary keys at that version, each with the
-- definition pg_get_indexdef() prints for it (pg_trgm's operator class as
-- the search path here shows it)
CREATE TEMP VIEW described_indexes AS
SELECT i.*,
       pg_catalog.format('CREATE INDEX %s ON taskdb.%s USING %s (%s%s)', i.index_name,
                         i.table_name, i.method, i.keys,
                         CASE WHEN i.trigram THEN
                             (SELECT ' ' || CASE WHEN pg_catalog.pg_opclass_is_visible(o.oid) THEN o.opcname::text
                                               ELSE pg_catalog.quote_ident(n.nspname) || '.' || o.opcname END
                              FROM pg_catalog.pg_opclass o
                              JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace
                              JOIN pg_catalog.pg_am a ON a.oid = o.opcmethod
                              WHERE o.opcname = 'gin_trgm_ops' AND a.amname = 'gin')
                         ELSE '' END) AS definition
FROM description_indexes i
WHERE i.version = (SELECT num FROM described_version);

-- Every version's columns as schema_description() describes them: each
-- with its definition, as schema_drift() compares it with the catalog,
-- and the version that added it.
CREATE TEMP VIEW described_schema AS
SELECT c.table_name, c.name,
       c.sqltype || CASE WHEN c.not_null THEN ' not null' ELSE '' END
                 || coalesce(' default ' || regexp_replace(c.default_sql, '^pg_catalog\.', ''), '')
                 || CASE WHEN c.identity THEN ' identity' ELSE '' END AS definition,
       v.version AS since
FROM description_columns c JOIN description_versions v ON v.num = c.since;

-- The columns read models may order by, as the order_by and "order"
-- errors list them: "id", "title", ...
CREATE FUNCTION pg_temp.described_orders(tbl text DEFAULT 'tasks') RETURNS text
LANGUAGE sql STABLE AS $fn$
SELECT string_agg(format('"%s"', c.name), ', ' ORDER BY c.position)
FROM described_columns c WHERE c.table_name = tbl AND c.orderable
$fn$;

-- The find_tasks keys of the columns, in the order the hints list them:
-- by the flag that gives them (FILTER_EQ, _HAS, _TEXT, _RANGE, _IDS, as
-- taskdb.def lists the flags), then by column, then in the column's order.
CREATE FUNCTION pg_temp.described_keys(tbl text DEFAULT 'tasks') RETURNS text[]
LANGUAGE sql STABLE AS $fn$
SELECT coalesce(array_agg(k.key ORDER BY
           CASE WHEN k.key = c.name THEN 1
                WHEN k.key = 'has_' || c.stem THEN 2
                WHEN k.key IN (c.name || '_contains', c.name || '_prefix') THEN 3
                WHEN k.key IN (c.stem || '_after', c.stem || '_before', c.stem || '_min', c.stem || '_max') THEN 4
                WHEN k.key = c.stem THEN 5 END,
           c.position, k.n), '{}')
FROM described_columns c, unnest(c.keys) WITH ORDINALITY k(key, n)
WHERE c.table_name = tbl
$fn$;

-- A message or hint of taskdb with the lists that come from the columns
-- shown as placeholders, when, and only when, they are the described
-- lists: the order choices ("id", "title", ... -> <the orderable columns>)
-- and the filter keys of a hint (done, project_id, ... -> <the columns'
-- keys>, the keys that do not come from a column left as they are).  A
-- list that differs from the description stays as it is, and the test
-- that shows it fails.
CREATE FUNCTION pg_temp.described_message(msg text) RETURNS text
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
	keys text[] := pg_temp.described_keys();
	given text[];
	rest text[];
	n integer := cardinality(keys);
BEGIN
	IF msg IS NULL THEN
		RETURN NULL;
	END IF;
	IF pg_temp.described_orders() IS NOT NULL THEN
		msg := replace(msg, 'must be one of ' || pg_temp.described_orders() || ', optionally',
					   'must be one of <the orderable columns>, optionally');
	END IF;
	IF msg ~ '^Valid keys are .*\.$' THEN
		given := regexp_split_to_array(regexp_replace(msg, '^Valid keys are (.*)\.$', '\1'), '(, | and )');
		IF n > 0 AND given[1:n] = keys THEN
			rest := given[n + 1:];
			msg := 'Valid keys are <the columns'' keys>' ||
				CASE cardinality(rest)
					WHEN 0 THEN ''
					WHEN 1 THEN ' and ' || rest[1]
					ELSE ', ' || array_to_string(rest[1:cardinality(rest) - 1], ', ') || ' and ' || rest[cardinality(rest)]
				END || '.';
		END IF;
	END IF;
	RETURN msg;
END
$fn$;

-- What a statement raises, whole, with the described lists as
-- placeholders (described_message): "SQLSTATE: message", then " | hint:
-- ..." when there is a hint; "no error" when it raises none.
CREATE FUNCTION pg_temp.described_error(statement text) RETURNS text
LANGUAGE plpgsql AS $fn$
DECLARE
	state text;
	msg text;
	hint text;
BEGIN
	EXECUTE statement;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT;
	RETURN state || ': ' || pg_temp.described_message(msg)
		|| coalesce(' | hint: ' || pg_temp.described_message(nullif(hint, '')), '');
END
$fn$;

-- The JSON Schema of a model, as the description says it must be: the
-- read model (Task, Project) has every column, all required, the
-- read-only ones marked; the create model (TaskCreate, ...) the columns a
-- caller may set, required when NOT NULL without a default, each other
-- one with its default; the update model (TaskUpdate, ...) those columns
-- and the row version (the version the change expects), none required.
-- A nullable column's type is [type, "null"]; integers of 2 and 4 bytes
-- have the column's range where it has one, else the type's; strings
-- their length; timestamps the date-time format.
CREATE FUNCTION pg_temp.described_schema(model text) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
WITH m AS (
	SELECT substring(model FROM '^(Task|Project)') AS entity,
	       coalesce(substring(model FROM '^(?:Task|Project)(Create|Update)$'), 'read') AS kind
), cols AS (
	SELECT c.*, m.kind,
	       CASE WHEN c.is_integer THEN 'integer' WHEN c.sqltype = 'boolean' THEN 'boolean' ELSE 'string' END AS json_type,
	       CASE m.kind WHEN 'read' THEN true WHEN 'Create' THEN NOT c.readonly
	                   ELSE NOT c.readonly OR c.rowversion END AS accepted,
	       CASE m.kind WHEN 'read' THEN true WHEN 'Create' THEN c.not_null AND c.default_sql IS NULL
	                   ELSE false END AS required
	FROM described_columns c, m
	WHERE c.table_name = lower(m.entity) || 's'
)
SELECT jsonb_build_object(
	'$schema', 'https://json-schema.org/draft/2020-12/schema',
	'title', model, 'type', 'object', 'additionalProperties', false,
	'properties', coalesce(jsonb_object_agg(c.name, jsonb_strip_nulls(jsonb_build_object(
		'type', CASE WHEN c.not_null THEN to_jsonb(c.json_type) ELSE jsonb_build_array(c.json_type, 'null') END,
		'format', CASE WHEN c.is_timestamp THEN 'date-time' END,
		'minimum', CASE WHEN c.sqltype IN ('smallint', 'integer') THEN
		                CASE WHEN c.has_min THEN c.min WHEN c.sqltype = 'smallint' THEN -32768 ELSE -2147483648 END END,
		'maximum', CASE WHEN c.sqltype IN ('smallint', 'integer') THEN
		                CASE WHEN c.has_max THEN c.max WHEN c.sqltype = 'smallint' THEN 32767 ELSE 2147483647 END END,
		'minLength', CASE WHEN c.nonempty THEN 1 END,
		'maxLength', substring(c.sqltype FROM '^character varying\((\d+)\)$')::int,
		'readOnly', CASE WHEN c.kind = 'read' AND c.readonly THEN true END,
		'description', CASE WHEN c.kind = 'Update' AND c.readonly
		                    THEN 'The version the change expects; the change is refused when the row has moved on.' END))
		-- a default is null in JSON, which jsonb_strip_nulls would drop
		|| CASE WHEN c.kind = 'Create' AND NOT c.required THEN jsonb_build_object('default',
		        CASE WHEN c.sqltype = 'boolean' THEN to_jsonb(c.default_sql = 'true')
		             WHEN c.sqltype IN ('smallint', 'integer') AND c.default_sql IS NOT NULL THEN to_jsonb(c.default_sql::bigint)
		             ELSE 'null'::jsonb END)
		   ELSE '{}' END)
		FILTER (WHERE c.accepted), '{}'),
	'required', coalesce(jsonb_agg(c.name ORDER BY c.position) FILTER (WHERE c.accepted AND c.required), '[]'))
FROM cols c
$fn$;

-- A value valid for a column that a caller may set, from its type and
-- range, as JSON; n picks one of several (1, 2, 3 are distinct and
-- ascending).  NULL for a column whose values are not plain data (a
-- reference to another row: project_id, which the tests make).
CREATE FUNCTION pg_temp.described_value(tbl text, col text, n integer DEFAULT 1) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
SELECT CASE
	WHEN c.name LIKE '%\_id' THEN NULL
	WHEN c.is_integer THEN to_jsonb(CASE
		WHEN c.has_min AND c.has_max THEN least(c.min + n - 1, c.max)
		WHEN c.has_min THEN c.min + n * 10
		WHEN c.has_max THEN c.max - (4 - n) * 10
		ELSE n * 10 END)
	WHEN c.is_timestamp THEN to_jsonb(format('2031-0%s-1%sT08:30:00Z', n, n))
	WHEN c.sqltype = 'boolean' THEN to_jsonb(n % 2 = 1)
	WHEN c.is_string THEN to_jsonb(format('%s %s', c.name, n))
END
FROM described_columns c WHERE c.table_name = tbl AND c.name = col
$fn$;

-- A complete read model body (Task, Project) that is valid: every column
-- with a valid value (null where the column may be null), then the given
-- fields over it.
CREATE FUNCTION pg_temp.described_body(model text, fields jsonb DEFAULT '{}') RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
SELECT coalesce(jsonb_object_agg(c.name, CASE
	WHEN NOT c.not_null THEN 'null'::jsonb
	WHEN c.is_timestamp THEN '"2026-01-02T03:04:05Z"'::jsonb
	WHEN c.identity OR c.rowversion THEN '1'::jsonb
	ELSE pg_temp.described_value(c.table_name, c.name) END), '{}') || fields
FROM described_columns c WHERE c.table_name = lower(model) || 's'
$fn$;

RESET client_min_messages;
