/* taskdb 1.4 -> 1.5: the model path */

\echo Use "ALTER EXTENSION taskdb UPDATE TO '1.5'" to load this file. \quit

/*
 * The model path (from 1.5): validated JSON in and out, JSON Schema.
 * Validation may parse JSON text or a timestamp in a subtransaction, which
 * parallel mode forbids: those functions are PARALLEL UNSAFE.
 */
CREATE FUNCTION taskdb.model_schema(name text)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'model_schema'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION taskdb.model_validate(name text, body jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'model_validate'
LANGUAGE C STABLE STRICT PARALLEL UNSAFE;

CREATE FUNCTION taskdb.model_validate_json(name text, body text)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'model_validate_json'
LANGUAGE C STABLE STRICT PARALLEL UNSAFE;

CREATE FUNCTION taskdb.model_create_task(body jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'model_create_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.model_get_task(id bigint)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'model_get_task'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION taskdb.model_list_tasks(query jsonb DEFAULT '{}')
RETURNS jsonb
AS 'MODULE_PATHNAME', 'model_list_tasks'
LANGUAGE C STABLE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.model_update_task(id bigint, patch jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'model_update_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.model_delete_task(id bigint)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'model_delete_task'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.model_create_project(body jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'model_create_project'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.model_get_project(id bigint)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'model_get_project'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION taskdb.model_list_projects(query jsonb DEFAULT '{}')
RETURNS jsonb
AS 'MODULE_PATHNAME', 'model_list_projects'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION taskdb.model_update_project(id bigint, patch jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'model_update_project'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION taskdb.model_delete_project(id bigint, "cascade" boolean DEFAULT false)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'model_delete_project'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
