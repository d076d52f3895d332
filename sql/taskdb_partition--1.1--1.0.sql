/* taskdb_partition 1.1 -> 1.0 */

\echo Use "ALTER EXTENSION taskdb_partition UPDATE TO '1.0'" to load this file. \quit

/*
 * Refuse to update an extension whose schema another role could use
 * against this script or its callers, as the install script refuses to
 * install into one (earlier install scripts did not check): a role that
 * owns schema taskdb_partition, can create in it, or placed objects in it
 * could have the objects of taskdb_partition resolve names to its own
 * functions and operators, run later by a superuser.
 */
DO $check$
DECLARE
	nsp pg_catalog.oid;
	culprit text;
BEGIN
	SELECT n.oid INTO nsp FROM pg_catalog.pg_namespace n
	WHERE n.nspname OPERATOR(pg_catalog.=) 'taskdb_partition';
	SELECT pg_catalog.format('the schema is owned by role %I', r.rolname) INTO culprit
	FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
	WHERE n.oid OPERATOR(pg_catalog.=) nsp AND NOT r.rolsuper;
	IF culprit IS NULL THEN
		SELECT pg_catalog.format('%s may create objects in the schema',
				 CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
					  ELSE 'role ' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(r.rolname) END) INTO culprit
		FROM pg_catalog.pg_namespace n,
			 pg_catalog.aclexplode(n.nspacl) a
			 LEFT JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) a.grantee
		WHERE n.oid OPERATOR(pg_catalog.=) nsp
		  AND a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'
		  AND r.rolsuper IS NOT TRUE
		LIMIT 1;
	END IF;
	IF culprit IS NULL THEN
		SELECT pg_catalog.format('%s is owned by role %I', o.what, r.rolname) INTO culprit
		FROM (SELECT pg_catalog.format('relation taskdb_partition.%I', c.relname) AS what, c.relowner AS owner
			  FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) nsp
			  UNION ALL
			  SELECT pg_catalog.format('function taskdb_partition.%I', p.proname), p.proowner
			  FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) nsp
			  UNION ALL
			  SELECT pg_catalog.format('operator taskdb_partition.%s', o.oprname), o.oprowner
			  FROM pg_catalog.pg_operator o WHERE o.oprnamespace OPERATOR(pg_catalog.=) nsp
			  UNION ALL
			  SELECT pg_catalog.format('type taskdb_partition.%I', t.typname), t.typowner
			  FROM pg_catalog.pg_type t WHERE t.typnamespace OPERATOR(pg_catalog.=) nsp
			  UNION ALL
			  SELECT pg_catalog.format('collation taskdb_partition.%I', co.collname), co.collowner
			  FROM pg_catalog.pg_collation co WHERE co.collnamespace OPERATOR(pg_catalog.=) nsp
			  UNION ALL
			  SELECT pg_catalog.format('conversion taskdb_partition.%I', cv.conname), cv.conowner
			  FROM pg_catalog.pg_conversion cv WHERE cv.connamespace OPERATOR(pg_catalog.=) nsp
			  UNION ALL
			  SELECT pg_catalog.format('operator family taskdb_partition.%I', f.opfname), f.opfowner
			  FROM pg_catalog.pg_opfamily f WHERE f.opfnamespace OPERATOR(pg_catalog.=) nsp
			  UNION ALL
			  SELECT pg_catalog.format('operator class taskdb_partition.%I', oc.opcname), oc.opcowner
			  FROM pg_catalog.pg_opclass oc WHERE oc.opcnamespace OPERATOR(pg_catalog.=) nsp) o
		JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) o.owner
		WHERE NOT r.rolsuper
		LIMIT 1;
	END IF;
	IF culprit IS NOT NULL THEN
		RAISE EXCEPTION 'cannot update taskdb_partition in schema "taskdb_partition": %', culprit
			USING ERRCODE = 'insufficient_privilege',
				  DETAIL = 'A role that is not a superuser could make taskdb_partition''s objects run its own code.',
				  HINT = 'Make a superuser the owner of schema taskdb_partition, revoke CREATE on it from every other role and drop the objects others own in it, then update again.';
	END IF;
END
$check$;

/* 1.0's rights, triggers and functions, as taskdb_partition--1.0.sql makes them */
REVOKE SELECT ON taskdb_partition.config FROM PUBLIC;
REVOKE USAGE ON SCHEMA taskdb_partition FROM PUBLIC;

CREATE OR REPLACE FUNCTION taskdb_partition.assign_id()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	p integer;
	n integer;
	shard integer;
BEGIN
	IF NEW.id OPERATOR(pg_catalog.>=) (1::bigint OPERATOR(pg_catalog.<<) 50) THEN
		RETURN NEW;				/* an id given by the cluster already */
	END IF;
	SELECT c.partition, c.partitions INTO p, n FROM taskdb_partition.config c;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'taskdb_partition is not configured'
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  HINT = 'Run SELECT taskdb_partition.configure(partition, partitions) first.';
	END IF;
	/* (OPERATOR() binds all operators alike: every step is parenthesized) */
	IF TG_TABLE_NAME OPERATOR(pg_catalog.=) 'tasks' THEN
		shard := taskdb_partition.shard(NEW.project_id);	/* NULL without a project */
	END IF;
	IF shard IS NULL THEN
		shard := p OPERATOR(pg_catalog.+) (n OPERATOR(pg_catalog.*)
			(NEW.id OPERATOR(pg_catalog.%) (1024 OPERATOR(pg_catalog./) n))::integer);
	END IF;
	NEW.id := ((1::bigint OPERATOR(pg_catalog.<<) 50) OPERATOR(pg_catalog.+)
		(NEW.id OPERATOR(pg_catalog.*) 1024)) OPERATOR(pg_catalog.+) shard;
	RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION taskdb_partition.keep_shard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NEW.project_id IS NOT NULL
	   AND NEW.project_id IS DISTINCT FROM OLD.project_id
	   AND taskdb_partition.shard(NEW.project_id) OPERATOR(pg_catalog.<>) taskdb_partition.shard(NEW.id)
	   AND EXISTS (SELECT FROM taskdb.projects pr WHERE pr.id OPERATOR(pg_catalog.=) NEW.project_id) THEN
		RAISE EXCEPTION 'project % and task % are in different shards', NEW.project_id, NEW.id
			USING ERRCODE = '0AT01',
				  DETAIL = 'A task stays in the shard it was created in, which is its project''s shard; a project of another shard cannot take it.',
				  HINT = 'Create the task again in that project (create_task(title, project_id => ...)) and delete the old one.';
	END IF;
	RETURN NEW;
END
$$;

DROP TRIGGER taskdb_partition_keep_shard ON taskdb.tasks;
CREATE TRIGGER taskdb_partition_keep_shard BEFORE UPDATE OF project_id ON taskdb.tasks
FOR EACH ROW EXECUTE FUNCTION taskdb_partition.keep_shard();

CREATE OR REPLACE FUNCTION taskdb_partition.page_filter(tbl text, filter jsonb, cursor jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	f jsonb := filter;
	lim numeric;
	off numeric;
	start bigint;
BEGIN
	IF jsonb_typeof(f) IS DISTINCT FROM 'object' THEN
		RETURN f;
	END IF;
	IF f ? 'offset' THEN
		IF jsonb_typeof(f -> 'offset') = 'number'
		   AND (NOT f ? 'limit' OR jsonb_typeof(f -> 'limit') = 'number') THEN
			off := (f ->> 'offset')::numeric;
			lim := coalesce((f ->> 'limit')::numeric, 100);
			IF off >= 0 AND off = trunc(off) AND lim >= 0 AND lim = trunc(lim)
			   AND lim <= 2147483647 THEN
				f := (f - 'offset') || jsonb_build_object('limit', least(lim + off, 2147483647));
			END IF;
		END IF;
	END IF;
	IF cursor IS NOT NULL AND jsonb_typeof(f -> 'after') = 'number'
	   AND jsonb_typeof(f -> 'order') = 'string' THEN
		start := taskdb_partition.page_start(tbl, f ->> 'order', cursor, (f ->> 'after')::bigint);
		IF start IS NULL THEN
			f := f - 'after';
		ELSE
			f := jsonb_set(f, '{after}', to_jsonb(start));
		END IF;
	END IF;
	RETURN f;
END
$$;

/*
 * The router's keyset cursor for this partition.  In an order other than
 * id, taskdb pages after the row whose id is after_id, which only one
 * partition holds.  Given that row (cursor, as the router read it), this
 * returns the id of this partition's last row at or before it in the
 * order, so that taskdb's own after_id gives exactly this partition's rows
 * after the cursor; NULL when none comes before it (the page starts at
 * the beginning).  In id order, without a cursor row (it does not exist:
 * taskdb's empty page), or for an order taskdb refuses, after_id itself.
 * Nullable columns sort as taskdb sorts them, as if NULL were infinity.
 */
CREATE OR REPLACE FUNCTION taskdb_partition.page_start(tbl text, order_by text, cursor jsonb, after_id bigint)
RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	col text := pg_catalog.ltrim(order_by, '-');
	descending boolean := pg_catalog.left(order_by, 1) OPERATOR(pg_catalog.=) '-';
	required boolean;
	t_expr text;
	c_expr text;
	result bigint;
BEGIN
	IF after_id IS NULL OR cursor IS NULL OR order_by IS NULL OR col OPERATOR(pg_catalog.=) 'id' THEN
		RETURN after_id;
	END IF;
	SELECT a.attnotnull INTO required
	FROM pg_catalog.pg_attribute a
	WHERE a.attrelid OPERATOR(pg_catalog.=) pg_catalog.to_regclass('taskdb.' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(tbl))
	  AND a.attname OPERATOR(pg_catalog.=) col AND a.attnum OPERATOR(pg_catalog.>) 0
	  AND NOT a.attisdropped;
	IF NOT FOUND THEN
		RETURN after_id;
	END IF;
	IF required THEN
		t_expr := pg_catalog.format('t.%I', col);
		c_expr := pg_catalog.format('c.%I', col);
	ELSE
		t_expr := pg_catalog.format('COALESCE(t.%I, ''infinity'')', col);
		c_expr := pg_catalog.format('COALESCE(c.%I, ''infinity'')', col);
	END IF;
	EXECUTE pg_catalog.format(
		'SELECT t.id FROM taskdb.%1$I t, pg_catalog.jsonb_populate_record(NULL::taskdb.%1$I, $1) c'
		' WHERE (%2$s, t.id) OPERATOR(pg_catalog.%4$s) (%3$s, c.id)'
		' ORDER BY %2$s %5$s, t.id %5$s LIMIT 1',
		tbl, t_expr, c_expr,
		CASE WHEN descending THEN '>=' ELSE '<=' END,
		CASE WHEN descending THEN 'ASC' ELSE 'DESC' END)
		INTO result USING cursor;
	RETURN result;
END
$$;
