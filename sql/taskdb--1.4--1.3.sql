/* taskdb 1.4 -> 1.3: drop the orm path (functions and a view only; no data) */

\echo Use "ALTER EXTENSION taskdb UPDATE TO '1.3'" to load this file. \quit

DROP VIEW taskdb.path_stats;
DROP FUNCTION taskdb.path_statistics();
DROP FUNCTION taskdb.path_stats_reset();
DROP FUNCTION taskdb.project_tree(bigint, text);
DROP FUNCTION taskdb.complete_project(bigint);
DROP FUNCTION taskdb.move_tasks(bigint[], bigint);
DROP FUNCTION taskdb.orm_create_task(text, bigint);
DROP FUNCTION taskdb.orm_get_task(bigint);
DROP FUNCTION taskdb.orm_get_tasks(bigint[]);
DROP FUNCTION taskdb.orm_list_tasks(boolean, bigint, integer, bigint);
DROP FUNCTION taskdb.orm_update_task(bigint, text, boolean, bigint, boolean, integer);
DROP FUNCTION taskdb.orm_delete_task(bigint);
DROP FUNCTION taskdb.orm_create_tasks(text[], bigint);
DROP FUNCTION taskdb.orm_create_project(text);
DROP FUNCTION taskdb.orm_get_project(bigint);
DROP FUNCTION taskdb.orm_list_projects(bigint, integer);
DROP FUNCTION taskdb.orm_delete_project(bigint, boolean);
