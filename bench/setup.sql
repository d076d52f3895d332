-- bench/setup.sql: reference implementations for bench/run, in schema bench.
--
-- Each taskdb C function is written again in PL/pgSQL and in SQL, running
-- the same statement the C code runs, so that bench/run can compare the C
-- path with what a user would otherwise write.  The SQL-language get and
-- list functions are STABLE, not STRICT, SETOF and without SET clauses, so
-- the planner inlines them into the calling query (inline_set_returning_
-- function); the SQL-language create and update functions modify data and
-- cannot be inlined: PostgreSQL 15 plans their body once per outer query.
--
-- :bulk_rows titles for the bulk comparison are kept as one array in
-- bench.bulk_titles.

CREATE SCHEMA bench;

/*---- get ----*/

CREATE FUNCTION bench.plpgsql_get_task(p_id bigint)
RETURNS SETOF taskdb.tasks
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE ROWS 1
AS $$
BEGIN
	RETURN QUERY SELECT t.* FROM taskdb.tasks t WHERE t.id = p_id;
END
$$;

CREATE FUNCTION bench.sql_get_task(p_id bigint)
RETURNS SETOF taskdb.tasks
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
AS $$
	SELECT t.* FROM taskdb.tasks t WHERE t.id = p_id
$$;

/*---- list (keyset page after p_after_id) ----*/

CREATE FUNCTION bench.plpgsql_list_tasks(p_after_id bigint DEFAULT NULL,
	p_lim integer DEFAULT 100)
RETURNS SETOF taskdb.tasks
LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 100
AS $$
BEGIN
	RETURN QUERY SELECT t.* FROM taskdb.tasks t
		WHERE t.id > coalesce(p_after_id, -9223372036854775808)
		ORDER BY t.id LIMIT p_lim;
END
$$;

CREATE FUNCTION bench.sql_list_tasks(p_after_id bigint DEFAULT NULL,
	p_lim integer DEFAULT 100)
RETURNS SETOF taskdb.tasks
LANGUAGE sql STABLE PARALLEL SAFE ROWS 100
AS $$
	SELECT t.* FROM taskdb.tasks t
	WHERE t.id > coalesce(p_after_id, -9223372036854775808)
	ORDER BY t.id LIMIT p_lim
$$;

/*---- create ----*/

CREATE FUNCTION bench.plpgsql_create_task(p_title text,
	p_project_id bigint DEFAULT NULL)
RETURNS taskdb.tasks
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
	r taskdb.tasks;
BEGIN
	IF p_project_id IS NULL THEN
		INSERT INTO taskdb.tasks AS t (title) VALUES (p_title) RETURNING t.* INTO r;
	ELSE
		INSERT INTO taskdb.tasks AS t (title, project_id)
			SELECT p_title, p_project_id
			WHERE EXISTS (SELECT FROM taskdb.projects p WHERE p.id = p_project_id)
			RETURNING t.* INTO r;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'project % does not exist', p_project_id
				USING ERRCODE = 'foreign_key_violation';
		END IF;
	END IF;
	RETURN r;
END
$$;

CREATE FUNCTION bench.sql_create_task(p_title text,
	p_project_id bigint DEFAULT NULL)
RETURNS taskdb.tasks
LANGUAGE sql VOLATILE
AS $$
	INSERT INTO taskdb.tasks AS t (title, project_id)
	VALUES (p_title, p_project_id)
	RETURNING t.*
$$;

/*---- update: the statement taskdb's update_task runs (1.2) ----*/

CREATE FUNCTION bench.plpgsql_update_task(p_id bigint,
	p_title text DEFAULT NULL,
	p_done boolean DEFAULT NULL,
	p_project_id bigint DEFAULT NULL,
	p_clear_project boolean DEFAULT false,
	p_expected_version integer DEFAULT NULL)
RETURNS taskdb.tasks
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
	r taskdb.tasks;
	action integer := CASE WHEN p_project_id IS NOT NULL THEN 1
						   WHEN p_clear_project THEN 2 ELSE 0 END;
BEGIN
	UPDATE taskdb.tasks AS t
	SET title = coalesce(p_title, t.title),
		done = coalesce(p_done, t.done),
		project_id = CASE action WHEN 0 THEN t.project_id WHEN 1 THEN p_project_id END
	WHERE t.id = p_id
	  AND (action <> 1 OR EXISTS (SELECT FROM taskdb.projects p WHERE p.id = p_project_id))
	  AND (p_expected_version IS NULL OR t.version = p_expected_version)
	RETURNING t.* INTO r;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'task % does not exist', p_id USING ERRCODE = 'no_data_found';
	END IF;
	RETURN r;
END
$$;

CREATE FUNCTION bench.sql_update_task(p_id bigint,
	p_title text DEFAULT NULL,
	p_done boolean DEFAULT NULL,
	p_project_id bigint DEFAULT NULL,
	p_clear_project boolean DEFAULT false,
	p_expected_version integer DEFAULT NULL)
RETURNS taskdb.tasks
LANGUAGE sql VOLATILE
AS $$
	UPDATE taskdb.tasks AS t
	SET title = coalesce(p_title, t.title),
		done = coalesce(p_done, t.done),
		project_id = CASE WHEN p_project_id IS NOT NULL THEN p_project_id
						  WHEN p_clear_project THEN NULL ELSE t.project_id END
	WHERE t.id = p_id
	  AND (p_project_id IS NULL OR EXISTS (SELECT FROM taskdb.projects p WHERE p.id = p_project_id))
	  AND (p_expected_version IS NULL OR t.version = p_expected_version)
	RETURNING t.*
$$;

/*---- bulk ----*/

CREATE TABLE bench.bulk_titles (titles text[] NOT NULL);
INSERT INTO bench.bulk_titles
SELECT array_agg('bulk task ' || g ORDER BY g) FROM generate_series(1, :bulk_rows) g;
