-- The description of taskdb (src/desc/taskdb.def), written by tools/gensql describe.
-- do not edit: the build writes it (test/description.sql).
SET client_min_messages = warning;
CREATE TEMP TABLE description_versions (num integer PRIMARY KEY, version text NOT NULL);
INSERT INTO description_versions VALUES (100, '1.0');
INSERT INTO description_versions VALUES (101, '1.1');
INSERT INTO description_versions VALUES (102, '1.2');
INSERT INTO description_versions VALUES (103, '1.3');
INSERT INTO description_versions VALUES (104, '1.4');
INSERT INTO description_versions VALUES (105, '1.5');
INSERT INTO description_versions VALUES (106, '1.6');
INSERT INTO description_versions VALUES (107, '1.7');
INSERT INTO description_versions VALUES (108, '1.8');
CREATE TEMP TABLE description_columns (
	table_name text, name text, position integer, sqltype text,
	not_null boolean, identity boolean, readonly boolean, nonempty boolean,
	rowversion boolean, orderable boolean, args boolean,
	has_min boolean, has_max boolean, min bigint, max bigint,
	default_sql text, stem text, keys text[], since integer,
	PRIMARY KEY (table_name, name));
INSERT INTO description_columns VALUES ('projects', 'id', 1, 'bigint', true, true, true, false, false, false, false, false, false, 0, 0, NULL, NULL, ARRAY[]::text[], 101);
INSERT INTO description_columns VALUES ('projects', 'name', 2, 'character varying(255)', true, false, false, true, false, false, false, false, false, 0, 0, NULL, NULL, ARRAY[]::text[], 101);
INSERT INTO description_columns VALUES ('projects', 'created_at', 3, 'timestamp with time zone', true, false, true, false, false, false, false, false, false, 0, 0, 'pg_catalog.now()', NULL, ARRAY[]::text[], 101);
INSERT INTO description_columns VALUES ('tasks', 'id', 1, 'bigint', true, true, true, false, false, true, false, false, false, 0, 0, NULL, 'ids', ARRAY['ids']::text[], 100);
INSERT INTO description_columns VALUES ('tasks', 'title', 2, 'character varying(255)', true, false, false, true, false, true, false, false, false, 0, 0, NULL, NULL, ARRAY['title_contains', 'title_prefix']::text[], 100);
INSERT INTO description_columns VALUES ('tasks', 'done', 3, 'boolean', true, false, false, false, false, false, false, false, false, 0, 0, 'false', NULL, ARRAY['done']::text[], 100);
INSERT INTO description_columns VALUES ('tasks', 'created_at', 4, 'timestamp with time zone', true, false, true, false, false, true, false, false, false, 0, 0, 'pg_catalog.now()', 'created', ARRAY['created_after', 'created_before']::text[], 100);
INSERT INTO description_columns VALUES ('tasks', 'project_id', 5, 'bigint', false, false, false, false, false, false, false, false, false, 0, 0, NULL, 'project', ARRAY['project_id', 'has_project']::text[], 101);
INSERT INTO description_columns VALUES ('tasks', 'version', 6, 'integer', true, false, true, false, true, false, false, false, false, 0, 0, '1', NULL, ARRAY[]::text[], 102);
INSERT INTO description_columns VALUES ('tasks', 'due_at', 7, 'timestamp with time zone', false, false, false, false, false, true, false, false, false, 0, 0, NULL, 'due', ARRAY['due_after', 'due_before']::text[], 106);
INSERT INTO description_columns VALUES ('tasks', 'priority', 8, 'smallint', true, false, false, false, false, true, false, true, true, 0, 3, '0', NULL, ARRAY['priority']::text[], 106);
CREATE TEMP TABLE description_functions (
	name text PRIMARY KEY, base text, prefix text, since integer,
	result text, options text);
INSERT INTO description_functions VALUES ('create_task', 'create_task', '', 100, 'taskdb.tasks', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('raw_create_task', 'create_task', 'raw_', 100, 'taskdb.tasks', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('builder_create_task', 'create_task', 'builder_', 103, 'taskdb.tasks', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('orm_create_task', 'create_task', 'orm_', 104, 'taskdb.tasks', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('get_task', 'get_task', '', 100, 'SETOF taskdb.tasks', 'STABLE STRICT PARALLEL SAFE ROWS 1');
INSERT INTO description_functions VALUES ('raw_get_task', 'get_task', 'raw_', 100, 'SETOF taskdb.tasks', 'STABLE STRICT PARALLEL SAFE ROWS 1');
INSERT INTO description_functions VALUES ('builder_get_task', 'get_task', 'builder_', 103, 'SETOF taskdb.tasks', 'STABLE STRICT PARALLEL SAFE ROWS 1');
INSERT INTO description_functions VALUES ('orm_get_task', 'get_task', 'orm_', 104, 'SETOF taskdb.tasks', 'STABLE STRICT PARALLEL SAFE ROWS 1');
INSERT INTO description_functions VALUES ('get_tasks', 'get_tasks', '', 100, 'SETOF taskdb.tasks', 'STABLE STRICT PARALLEL SAFE ROWS 10');
INSERT INTO description_functions VALUES ('raw_get_tasks', 'get_tasks', 'raw_', 100, 'SETOF taskdb.tasks', 'STABLE STRICT PARALLEL SAFE ROWS 10');
INSERT INTO description_functions VALUES ('builder_get_tasks', 'get_tasks', 'builder_', 103, 'SETOF taskdb.tasks', 'STABLE STRICT PARALLEL SAFE ROWS 10');
INSERT INTO description_functions VALUES ('orm_get_tasks', 'get_tasks', 'orm_', 104, 'SETOF taskdb.tasks', 'STABLE STRICT PARALLEL SAFE ROWS 10');
INSERT INTO description_functions VALUES ('list_tasks', 'list_tasks', '', 100, 'SETOF taskdb.tasks', 'STABLE PARALLEL SAFE ROWS 100');
INSERT INTO description_functions VALUES ('raw_list_tasks', 'list_tasks', 'raw_', 100, 'SETOF taskdb.tasks', 'STABLE PARALLEL SAFE ROWS 100');
INSERT INTO description_functions VALUES ('builder_list_tasks', 'list_tasks', 'builder_', 103, 'SETOF taskdb.tasks', 'STABLE PARALLEL SAFE ROWS 100');
INSERT INTO description_functions VALUES ('orm_list_tasks', 'list_tasks', 'orm_', 104, 'SETOF taskdb.tasks', 'STABLE PARALLEL SAFE ROWS 100');
INSERT INTO description_functions VALUES ('update_task', 'update_task', '', 100, 'taskdb.tasks', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('raw_update_task', 'update_task', 'raw_', 100, 'taskdb.tasks', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('builder_update_task', 'update_task', 'builder_', 103, 'taskdb.tasks', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('orm_update_task', 'update_task', 'orm_', 104, 'taskdb.tasks', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('delete_task', 'delete_task', '', 100, 'taskdb.tasks', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('raw_delete_task', 'delete_task', 'raw_', 100, 'taskdb.tasks', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('builder_delete_task', 'delete_task', 'builder_', 103, 'taskdb.tasks', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('orm_delete_task', 'delete_task', 'orm_', 104, 'taskdb.tasks', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('create_tasks', 'create_tasks', '', 100, 'SETOF taskdb.tasks', 'VOLATILE PARALLEL UNSAFE ROWS 100');
INSERT INTO description_functions VALUES ('raw_create_tasks', 'create_tasks', 'raw_', 100, 'SETOF taskdb.tasks', 'VOLATILE PARALLEL UNSAFE ROWS 100');
INSERT INTO description_functions VALUES ('builder_create_tasks', 'create_tasks', 'builder_', 103, 'SETOF taskdb.tasks', 'VOLATILE PARALLEL UNSAFE ROWS 100');
INSERT INTO description_functions VALUES ('orm_create_tasks', 'create_tasks', 'orm_', 104, 'SETOF taskdb.tasks', 'VOLATILE PARALLEL UNSAFE ROWS 100');
INSERT INTO description_functions VALUES ('create_project', 'create_project', '', 101, 'taskdb.projects', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('raw_create_project', 'create_project', 'raw_', 101, 'taskdb.projects', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('builder_create_project', 'create_project', 'builder_', 103, 'taskdb.projects', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('orm_create_project', 'create_project', 'orm_', 104, 'taskdb.projects', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('get_project', 'get_project', '', 101, 'SETOF taskdb.projects', 'STABLE STRICT PARALLEL SAFE ROWS 1');
INSERT INTO description_functions VALUES ('raw_get_project', 'get_project', 'raw_', 101, 'SETOF taskdb.projects', 'STABLE STRICT PARALLEL SAFE ROWS 1');
INSERT INTO description_functions VALUES ('builder_get_project', 'get_project', 'builder_', 103, 'SETOF taskdb.projects', 'STABLE STRICT PARALLEL SAFE ROWS 1');
INSERT INTO description_functions VALUES ('orm_get_project', 'get_project', 'orm_', 104, 'SETOF taskdb.projects', 'STABLE STRICT PARALLEL SAFE ROWS 1');
INSERT INTO description_functions VALUES ('list_projects', 'list_projects', '', 101, 'SETOF taskdb.projects', 'STABLE PARALLEL SAFE ROWS 100');
INSERT INTO description_functions VALUES ('raw_list_projects', 'list_projects', 'raw_', 101, 'SETOF taskdb.projects', 'STABLE PARALLEL SAFE ROWS 100');
INSERT INTO description_functions VALUES ('builder_list_projects', 'list_projects', 'builder_', 103, 'SETOF taskdb.projects', 'STABLE PARALLEL SAFE ROWS 100');
INSERT INTO description_functions VALUES ('orm_list_projects', 'list_projects', 'orm_', 104, 'SETOF taskdb.projects', 'STABLE PARALLEL SAFE ROWS 100');
INSERT INTO description_functions VALUES ('delete_project', 'delete_project', '', 101, 'taskdb.projects', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('raw_delete_project', 'delete_project', 'raw_', 101, 'taskdb.projects', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('builder_delete_project', 'delete_project', 'builder_', 103, 'taskdb.projects', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('orm_delete_project', 'delete_project', 'orm_', 104, 'taskdb.projects', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('find_tasks', 'find_tasks', '', 103, 'SETOF taskdb.tasks', 'STABLE PARALLEL UNSAFE ROWS 100');
INSERT INTO description_functions VALUES ('find_tasks_sql', 'find_tasks_sql', '', 103, NULL, 'STABLE PARALLEL UNSAFE ROWS 1');
INSERT INTO description_functions VALUES ('project_report', 'project_report', '', 103, NULL, 'STABLE PARALLEL UNSAFE ROWS 100');
INSERT INTO description_functions VALUES ('project_tree', 'project_tree', '', 104, 'jsonb', 'STABLE PARALLEL SAFE');
INSERT INTO description_functions VALUES ('complete_project', 'complete_project', '', 104, 'integer', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('move_tasks', 'move_tasks', '', 104, 'integer', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('model_schema', 'model_schema', '', 105, 'jsonb', 'IMMUTABLE STRICT PARALLEL SAFE');
INSERT INTO description_functions VALUES ('model_validate', 'model_validate', '', 105, 'jsonb', 'STABLE STRICT PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('model_validate_json', 'model_validate_json', '', 105, 'jsonb', 'STABLE STRICT PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('model_create_task', 'model_create_task', '', 105, 'jsonb', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('model_get_task', 'model_get_task', '', 105, 'jsonb', 'STABLE STRICT PARALLEL SAFE');
INSERT INTO description_functions VALUES ('model_list_tasks', 'model_list_tasks', '', 105, 'jsonb', 'STABLE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('model_update_task', 'model_update_task', '', 105, 'jsonb', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('model_delete_task', 'model_delete_task', '', 105, 'jsonb', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('model_create_project', 'model_create_project', '', 105, 'jsonb', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('model_get_project', 'model_get_project', '', 105, 'jsonb', 'STABLE STRICT PARALLEL SAFE');
INSERT INTO description_functions VALUES ('model_list_projects', 'model_list_projects', '', 105, 'jsonb', 'STABLE PARALLEL SAFE');
INSERT INTO description_functions VALUES ('model_update_project', 'model_update_project', '', 105, 'jsonb', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('model_delete_project', 'model_delete_project', '', 105, 'jsonb', 'VOLATILE PARALLEL UNSAFE');
INSERT INTO description_functions VALUES ('task_cursor', 'task_cursor', '', 108, 'text', 'STABLE PARALLEL SAFE');
INSERT INTO description_functions VALUES ('model_task_cursor', 'model_task_cursor', '', 108, 'text', 'STABLE PARALLEL SAFE');
CREATE TEMP TABLE description_args (
	function text, position integer, name text, sqltype text,
	default_sql text, role text, table_name text, column_name text,
	since integer, PRIMARY KEY (function, position));
INSERT INTO description_args VALUES ('create_task', 1, 'title', 'text', NULL, 'set', 'tasks', 'title', 100);
INSERT INTO description_args VALUES ('create_task', 2, 'project_id', 'bigint', 'NULL', 'set', 'tasks', 'project_id', 101);
INSERT INTO description_args VALUES ('create_task', 3, 'due_at', 'timestamptz', 'NULL', 'set', 'tasks', 'due_at', 106);
INSERT INTO description_args VALUES ('create_task', 4, 'priority', 'smallint', 'NULL', 'set', 'tasks', 'priority', 106);
INSERT INTO description_args VALUES ('get_task', 1, 'id', 'bigint', NULL, 'key', 'tasks', 'id', 100);
INSERT INTO description_args VALUES ('get_tasks', 1, 'ids', 'bigint[]', NULL, 'value', 'tasks', 'id', 100);
INSERT INTO description_args VALUES ('list_tasks', 1, 'done', 'boolean', 'NULL', 'equal', 'tasks', 'done', 100);
INSERT INTO description_args VALUES ('list_tasks', 2, 'after_id', 'bigint', 'NULL', 'after', 'tasks', 'id', 100);
INSERT INTO description_args VALUES ('list_tasks', 3, 'lim', 'integer', '100', 'limit', 'tasks', 'id', 100);
INSERT INTO description_args VALUES ('list_tasks', 4, 'project_id', 'bigint', 'NULL', 'equal', 'tasks', 'project_id', 101);
INSERT INTO description_args VALUES ('list_tasks', 5, 'priority', 'smallint', 'NULL', 'equal', 'tasks', 'priority', 106);
INSERT INTO description_args VALUES ('list_tasks', 6, 'due_before', 'timestamptz', 'NULL', 'before', 'tasks', 'due_at', 106);
INSERT INTO description_args VALUES ('list_tasks', 7, 'due_after', 'timestamptz', 'NULL', 'since', 'tasks', 'due_at', 106);
INSERT INTO description_args VALUES ('list_tasks', 8, 'overdue', 'boolean', 'NULL', 'overdue', 'tasks', 'due_at', 106);
INSERT INTO description_args VALUES ('list_tasks', 9, 'order_by', 'text', '''id''', 'order', 'tasks', 'id', 106);
INSERT INTO description_args VALUES ('list_tasks', 10, 'after', 'text', 'NULL', 'cursor', 'tasks', 'id', 108);
INSERT INTO description_args VALUES ('update_task', 1, 'id', 'bigint', NULL, 'key', 'tasks', 'id', 100);
INSERT INTO description_args VALUES ('update_task', 2, 'title', 'text', 'NULL', 'set', 'tasks', 'title', 100);
INSERT INTO description_args VALUES ('update_task', 3, 'done', 'boolean', 'NULL', 'set', 'tasks', 'done', 100);
INSERT INTO description_args VALUES ('update_task', 4, 'project_id', 'bigint', 'NULL', 'set', 'tasks', 'project_id', 101);
INSERT INTO description_args VALUES ('update_task', 5, 'clear_project', 'boolean', 'false', 'clear', 'tasks', 'project_id', 101);
INSERT INTO description_args VALUES ('update_task', 6, 'expected_version', 'integer', 'NULL', 'expect', 'tasks', 'version', 102);
INSERT INTO description_args VALUES ('update_task', 7, 'due_at', 'timestamptz', 'NULL', 'set', 'tasks', 'due_at', 106);
INSERT INTO description_args VALUES ('update_task', 8, 'clear_due_at', 'boolean', 'false', 'clear', 'tasks', 'due_at', 106);
INSERT INTO description_args VALUES ('update_task', 9, 'priority', 'smallint', 'NULL', 'set', 'tasks', 'priority', 106);
INSERT INTO description_args VALUES ('delete_task', 1, 'id', 'bigint', NULL, 'key', 'tasks', 'id', 100);
INSERT INTO description_args VALUES ('create_tasks', 1, 'titles', 'text[]', NULL, 'value', 'tasks', 'title', 100);
INSERT INTO description_args VALUES ('create_tasks', 2, 'project_id', 'bigint', 'NULL', 'set', 'tasks', 'project_id', 101);
INSERT INTO description_args VALUES ('create_project', 1, 'name', 'text', NULL, 'set', 'projects', 'name', 101);
INSERT INTO description_args VALUES ('get_project', 1, 'id', 'bigint', NULL, 'key', 'projects', 'id', 101);
INSERT INTO description_args VALUES ('list_projects', 1, 'after_id', 'bigint', 'NULL', 'after', 'projects', 'id', 101);
INSERT INTO description_args VALUES ('list_projects', 2, 'lim', 'integer', '100', 'limit', 'projects', 'id', 101);
INSERT INTO description_args VALUES ('delete_project', 1, 'id', 'bigint', NULL, 'key', 'projects', 'id', 101);
INSERT INTO description_args VALUES ('delete_project', 2, 'cascade', 'boolean', 'false', 'flag', 'projects', 'id', 101);
INSERT INTO description_args VALUES ('find_tasks', 1, 'filter', 'jsonb', '''{}''', 'value', 'tasks', 'id', 103);
INSERT INTO description_args VALUES ('find_tasks_sql', 1, 'filter', 'jsonb', '''{}''', 'value', 'tasks', 'id', 103);
INSERT INTO description_args VALUES ('project_report', 1, 'filter', 'jsonb', '''{}''', 'value', 'projects', 'id', 103);
INSERT INTO description_args VALUES ('project_tree', 1, 'project_id', 'bigint', 'NULL', 'value', 'projects', 'id', 104);
INSERT INTO description_args VALUES ('project_tree', 2, 'load', 'text', '''selectin''', 'value', 'projects', 'id', 104);
INSERT INTO description_args VALUES ('complete_project', 1, 'project_id', 'bigint', NULL, 'value', 'projects', 'id', 104);
INSERT INTO description_args VALUES ('move_tasks', 1, 'ids', 'bigint[]', NULL, 'value', 'tasks', 'id', 104);
INSERT INTO description_args VALUES ('move_tasks', 2, 'to_project', 'bigint', NULL, 'value', 'tasks', 'id', 104);
INSERT INTO description_args VALUES ('model_schema', 1, 'name', 'text', NULL, 'value', 'tasks', 'id', 105);
INSERT INTO description_args VALUES ('model_validate', 1, 'name', 'text', NULL, 'value', 'tasks', 'id', 105);
INSERT INTO description_args VALUES ('model_validate', 2, 'body', 'jsonb', NULL, 'value', 'tasks', 'id', 105);
INSERT INTO description_args VALUES ('model_validate_json', 1, 'name', 'text', NULL, 'value', 'tasks', 'id', 105);
INSERT INTO description_args VALUES ('model_validate_json', 2, 'body', 'text', NULL, 'value', 'tasks', 'id', 105);
INSERT INTO description_args VALUES ('model_create_task', 1, 'body', 'jsonb', NULL, 'value', 'tasks', 'id', 105);
INSERT INTO description_args VALUES ('model_get_task', 1, 'id', 'bigint', NULL, 'key', 'tasks', 'id', 105);
INSERT INTO description_args VALUES ('model_list_tasks', 1, 'query', 'jsonb', '''{}''', 'value', 'tasks', 'id', 105);
INSERT INTO description_args VALUES ('model_update_task', 1, 'id', 'bigint', NULL, 'key', 'tasks', 'id', 105);
INSERT INTO description_args VALUES ('model_update_task', 2, 'patch', 'jsonb', NULL, 'value', 'tasks', 'id', 105);
INSERT INTO description_args VALUES ('model_delete_task', 1, 'id', 'bigint', NULL, 'key', 'tasks', 'id', 105);
INSERT INTO description_args VALUES ('model_create_project', 1, 'body', 'jsonb', NULL, 'value', 'projects', 'id', 105);
INSERT INTO description_args VALUES ('model_get_project', 1, 'id', 'bigint', NULL, 'key', 'projects', 'id', 105);
INSERT INTO description_args VALUES ('model_list_projects', 1, 'query', 'jsonb', '''{}''', 'value', 'projects', 'id', 105);
INSERT INTO description_args VALUES ('model_update_project', 1, 'id', 'bigint', NULL, 'key', 'projects', 'id', 105);
INSERT INTO description_args VALUES ('model_update_project', 2, 'patch', 'jsonb', NULL, 'value', 'projects', 'id', 105);
INSERT INTO description_args VALUES ('model_delete_project', 1, 'id', 'bigint', NULL, 'key', 'projects', 'id', 105);
INSERT INTO description_args VALUES ('model_delete_project', 2, 'cascade', 'boolean', 'false', 'flag', 'projects', 'id', 105);
INSERT INTO description_args VALUES ('task_cursor', 1, 'task', 'taskdb.tasks', NULL, 'value', 'tasks', 'id', 108);
INSERT INTO description_args VALUES ('task_cursor', 2, 'order_by', 'text', '''id''', 'value', 'tasks', 'id', 108);
INSERT INTO description_args VALUES ('model_task_cursor', 1, 'task', 'jsonb', NULL, 'value', 'tasks', 'id', 108);
INSERT INTO description_args VALUES ('model_task_cursor', 2, 'order_by', 'text', '''id''', 'value', 'tasks', 'id', 108);
CREATE TEMP TABLE description_outs (
	function text, position integer, name text, sqltype text,
	since integer, PRIMARY KEY (function, position));
INSERT INTO description_outs VALUES ('find_tasks_sql', 1, 'sql', 'text', 103);
INSERT INTO description_outs VALUES ('find_tasks_sql', 2, 'params', 'text[]', 103);
INSERT INTO description_outs VALUES ('project_report', 1, 'project_id', 'bigint', 103);
INSERT INTO description_outs VALUES ('project_report', 2, 'name', 'varchar', 103);
INSERT INTO description_outs VALUES ('project_report', 3, 'total', 'bigint', 103);
INSERT INTO description_outs VALUES ('project_report', 4, 'done', 'bigint', 103);
INSERT INTO description_outs VALUES ('project_report', 5, 'open', 'bigint', 103);
INSERT INTO description_outs VALUES ('project_report', 6, 'first_created', 'timestamptz', 103);
INSERT INTO description_outs VALUES ('project_report', 7, 'last_created', 'timestamptz', 103);
INSERT INTO description_outs VALUES ('project_report', 8, 'overdue', 'bigint', 106);
CREATE TEMP TABLE description_fkeys (
	table_name text, column_name text, ref_table text, ref_column text,
	since integer);
INSERT INTO description_fkeys VALUES ('tasks', 'project_id', 'projects', 'id', 101);
CREATE TEMP TABLE description_indexes (
	version integer, index_name text, table_name text, column_name text,
	method text, keys text, trigram boolean);
INSERT INTO description_indexes VALUES (101, 'tasks_project_id_idx', 'tasks', 'project_id', 'btree', 'project_id', false);
INSERT INTO description_indexes VALUES (102, 'tasks_project_id_idx', 'tasks', 'project_id', 'btree', 'project_id', false);
INSERT INTO description_indexes VALUES (103, 'tasks_project_id_idx', 'tasks', 'project_id', 'btree', 'project_id', false);
INSERT INTO description_indexes VALUES (104, 'tasks_project_id_idx', 'tasks', 'project_id', 'btree', 'project_id', false);
INSERT INTO description_indexes VALUES (105, 'tasks_project_id_idx', 'tasks', 'project_id', 'btree', 'project_id', false);
INSERT INTO description_indexes VALUES (106, 'tasks_project_id_idx', 'tasks', 'project_id', 'btree', 'project_id', false);
INSERT INTO description_indexes VALUES (107, 'tasks_project_id_idx', 'tasks', 'project_id', 'btree', 'project_id', false);
INSERT INTO description_indexes VALUES (108, 'tasks_title_order_idx', 'tasks', 'title', 'btree', 'title, id', false);
INSERT INTO description_indexes VALUES (108, 'tasks_title_trgm_idx', 'tasks', 'title', 'gin', 'title', true);
INSERT INTO description_indexes VALUES (108, 'tasks_created_at_order_idx', 'tasks', 'created_at', 'btree', 'created_at, id', false);
INSERT INTO description_indexes VALUES (108, 'tasks_project_id_key_idx', 'tasks', 'project_id', 'btree', 'project_id, id', false);
INSERT INTO description_indexes VALUES (108, 'tasks_due_at_order_idx', 'tasks', 'due_at', 'btree', 'COALESCE(due_at, ''infinity''::timestamp with time zone), id', false);
INSERT INTO description_indexes VALUES (108, 'tasks_priority_order_idx', 'tasks', 'priority', 'btree', 'priority, id', false);
CREATE TEMP TABLE description_statistics (
	version integer, table_name text, column_name text, target integer);
INSERT INTO description_statistics VALUES (108, 'tasks', 'title', 1000);
RESET client_min_messages;
