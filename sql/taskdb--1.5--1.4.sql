/* taskdb 1.5 -> 1.4: drop the model path (functions only; no data) */

\echo Use "ALTER EXTENSION taskdb UPDATE TO '1.4'" to load this file. \quit

DROP FUNCTION taskdb.model_schema(text);
DROP FUNCTION taskdb.model_validate(text, jsonb);
DROP FUNCTION taskdb.model_validate_json(text, text);
DROP FUNCTION taskdb.model_create_task(jsonb);
DROP FUNCTION taskdb.model_get_task(bigint);
DROP FUNCTION taskdb.model_list_tasks(jsonb);
DROP FUNCTION taskdb.model_update_task(bigint, jsonb);
DROP FUNCTION taskdb.model_delete_task(bigint);
DROP FUNCTION taskdb.model_create_project(jsonb);
DROP FUNCTION taskdb.model_get_project(bigint);
DROP FUNCTION taskdb.model_list_projects(jsonb);
DROP FUNCTION taskdb.model_update_project(bigint, jsonb);
DROP FUNCTION taskdb.model_delete_project(bigint, boolean);
