/* taskdb 1.3 -> 1.2: drop the builder path (functions only; no data) */

\echo Use "ALTER EXTENSION taskdb UPDATE TO '1.2'" to load this file. \quit

DROP FUNCTION taskdb.builder_create_task(text, bigint);
DROP FUNCTION taskdb.builder_get_task(bigint);
DROP FUNCTION taskdb.builder_get_tasks(bigint[]);
DROP FUNCTION taskdb.builder_list_tasks(boolean, bigint, integer, bigint);
DROP FUNCTION taskdb.builder_update_task(bigint, text, boolean, bigint, boolean, integer);
DROP FUNCTION taskdb.builder_delete_task(bigint);
DROP FUNCTION taskdb.builder_create_tasks(text[], bigint);
DROP FUNCTION taskdb.builder_create_project(text);
DROP FUNCTION taskdb.builder_get_project(bigint);
DROP FUNCTION taskdb.builder_list_projects(bigint, integer);
DROP FUNCTION taskdb.builder_delete_project(bigint, boolean);
DROP FUNCTION taskdb.find_tasks(jsonb);
DROP FUNCTION taskdb.find_tasks_sql(jsonb);
DROP FUNCTION taskdb.project_report(jsonb);
