/* taskdb_partition: makes a taskdb database one partition of a taskdb_router cluster (the full script of 1.1) */

\echo Use "CREATE EXTENSION taskdb_partition" to load this file. \quit

/*
 * Refuse a schema that another role could use against this script or its
 * callers (PostgreSQL's "Security Considerations for Extension Scripts"):
 * CREATE EXTENSION reuses an existing schema named
 * taskdb_partition, so a role that owns it, can create in it, or
 * placed objects in it could have the objects of taskdb_partition
 * resolve names to its own functions and operators, run later by a
 * superuser.  A schema created by CREATE EXTENSION itself passes.
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
		RAISE EXCEPTION 'cannot install taskdb_partition into schema "taskdb_partition": %', culprit
			USING ERRCODE = 'insufficient_privilege',
				  DETAIL = 'A role that is not a superuser could make taskdb_partition''s objects run its own code.',
				  HINT = 'Drop schema taskdb_partition (or make a superuser its owner, revoke CREATE on it from every other role and drop the objects others own in it), then run CREATE EXTENSION taskdb_partition again.';
	END IF;
END
$check$;

/*
 * Ids across the cluster: id = 2^50 + seq * 1024 + shard, where seq is the
 * value taskdb's identity column gave the row and shard (0 to 1023, id %
 * 1024) one of the shards this partition owns: partition p of N owns the
 * shards s with s & (N - 1) = p (N a power of two), which is how PL/Proxy
 * maps the router's hash (the shard) to a partition.  A new project gets
 * a shard of this partition, p + N * (seq % (1024 / N)); a new task in a
 * project gets the project's shard, so that a project and its tasks stay
 * together when partitions split; a task without a project gets a shard
 * as a project does.  Rows that come with an id of 2^50 or more (pg_restore,
 * COPY with ids) keep it.
 *
 * taskdb returns every row as it was stored, so the caller sees the id the
 * trigger gave.
 *
 * Rights (from 1.1).  The triggers and functions run with their caller's
 * rights, so an application role with taskdb's grants (USAGE on schema
 * taskdb, SELECT, INSERT, UPDATE and DELETE on its tables) must be able to
 * use what they read: every role may use this schema and read config
 * (which partition of how many this is, nothing secret), and call shard(),
 * page_start() and page_filter() (the router's queries call the last two
 * as the role its user mapping names).  The alternative, SECURITY DEFINER
 * triggers, would run every insert's trigger as the superuser who
 * installed the extension: a mistake in it, or a name it resolved to
 * another role's object, would be that role's way to a superuser's
 * rights; with the caller's rights it can do no more than the caller.
 * configure() stays a superuser's.  Only the extension's owner, a
 * superuser (the schema check above), may create in, rename or drop this
 * schema, so the names the triggers look up when they run, with their
 * search_path pinned to pg_catalog and pg_temp, are the extension's own;
 * the triggers call no function by name (the shard is computed inline).
 */

GRANT USAGE ON SCHEMA taskdb_partition TO PUBLIC;

/* The one row: which partition of how many this database is. */
CREATE TABLE taskdb_partition.config (
	one boolean PRIMARY KEY DEFAULT true CONSTRAINT config_one_row CHECK (one),
	partition integer NOT NULL,
	partitions integer NOT NULL,
	CONSTRAINT config_partitions CHECK (partitions OPERATOR(pg_catalog.>=) 1
		AND partitions OPERATOR(pg_catalog.<=) 1024
		AND (partitions OPERATOR(pg_catalog.&) (partitions OPERATOR(pg_catalog.-) 1)) OPERATOR(pg_catalog.=) 0),
	CONSTRAINT config_partition CHECK (partition OPERATOR(pg_catalog.>=) 0
		AND partition OPERATOR(pg_catalog.<) partitions)
);
SELECT pg_catalog.pg_extension_config_dump('taskdb_partition.config', '');
REVOKE ALL ON taskdb_partition.config FROM PUBLIC;
GRANT SELECT ON taskdb_partition.config TO PUBLIC;

CREATE FUNCTION taskdb_partition.shard(id bigint)
RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
SELECT (((id OPERATOR(pg_catalog.%) 1024) OPERATOR(pg_catalog.+) 1024) OPERATOR(pg_catalog.%) 1024)::integer
$$;

/* BEFORE INSERT on taskdb.tasks and taskdb.projects: the cluster-wide id. */
CREATE FUNCTION taskdb_partition.assign_id()
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
		/* the project's shard, as shard() computes it; NULL without a project */
		shard := (((NEW.project_id OPERATOR(pg_catalog.%) 1024) OPERATOR(pg_catalog.+) 1024)
			OPERATOR(pg_catalog.%) 1024)::integer;
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

/*
 * AFTER UPDATE OF project_id on taskdb.tasks: a task stays in its shard,
 * so it may only join a project of the same shard (0AT01).  It fires after
 * taskdb's foreign key (whose trigger's name sorts first), so that a
 * project that does not exist is the foreign key's 23503; an existing
 * project is one the foreign key found, whatever row security lets the
 * caller see (1.0 looked the project up with the caller's rights, before
 * the foreign key, so a task could join a project of another shard that
 * a policy hid from its caller).
 */
CREATE FUNCTION taskdb_partition.keep_shard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF NEW.project_id IS NOT NULL
	   AND NEW.project_id IS DISTINCT FROM OLD.project_id
	   AND (((NEW.project_id OPERATOR(pg_catalog.%) 1024) OPERATOR(pg_catalog.+) 1024) OPERATOR(pg_catalog.%) 1024)
		   OPERATOR(pg_catalog.<>)
		   (((NEW.id OPERATOR(pg_catalog.%) 1024) OPERATOR(pg_catalog.+) 1024) OPERATOR(pg_catalog.%) 1024) THEN
		RAISE EXCEPTION 'project % and task % are in different shards', NEW.project_id, NEW.id
			USING ERRCODE = '0AT01',
				  DETAIL = 'A task stays in the shard it was created in, which is its project''s shard; a project of another shard cannot take it.',
				  HINT = 'Create the task again in that project (create_task(title, project_id => ...)) and delete the old one.';
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER taskdb_partition_id BEFORE INSERT ON taskdb.projects
FOR EACH ROW EXECUTE FUNCTION taskdb_partition.assign_id();
CREATE TRIGGER taskdb_partition_id BEFORE INSERT ON taskdb.tasks
FOR EACH ROW EXECUTE FUNCTION taskdb_partition.assign_id();
CREATE TRIGGER taskdb_partition_keep_shard AFTER UPDATE OF project_id ON taskdb.tasks
FOR EACH ROW EXECUTE FUNCTION taskdb_partition.keep_shard();

/*
 * Makes this database partition `partition` of `partitions`.  Changing it
 * is a split only: the new partition must descend from the old one
 * (partition & (old partitions - 1) = old partition), and the rows of the
 * shards this partition no longer owns are deleted, tasks then projects,
 * in this one transaction.  Returns how many of each were deleted.
 */
CREATE FUNCTION taskdb_partition.configure(partition integer, partitions integer,
										   OUT tasks_deleted bigint, OUT projects_deleted bigint)
RETURNS record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	old taskdb_partition.config;
	mask integer := partitions OPERATOR(pg_catalog.-) 1;
BEGIN
	IF partition IS NULL OR partitions IS NULL
	   OR partitions OPERATOR(pg_catalog.<) 1 OR partitions OPERATOR(pg_catalog.>) 1024
	   OR (partitions OPERATOR(pg_catalog.&) mask) OPERATOR(pg_catalog.<>) 0
	   OR partition OPERATOR(pg_catalog.<) 0 OR partition OPERATOR(pg_catalog.>=) partitions THEN
		RAISE EXCEPTION 'partition % of % is not a partition of a cluster', partition, partitions
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'The number of partitions is a power of two from 1 to 1024; partitions are numbered from 0.';
	END IF;
	SELECT * INTO old FROM taskdb_partition.config c FOR UPDATE;
	IF FOUND AND (partitions OPERATOR(pg_catalog.<) old.partitions
				  OR (partition OPERATOR(pg_catalog.&) (old.partitions OPERATOR(pg_catalog.-) 1))
					 OPERATOR(pg_catalog.<>) old.partition) THEN
		RAISE EXCEPTION 'partition % of % does not descend from partition % of %',
			partition, partitions, old.partition, old.partitions
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = 'A partition can only be split: it keeps some of its shards and owns no other.';
	END IF;
	/* no writer between the new configuration and the deletes */
	LOCK TABLE taskdb.tasks, taskdb.projects IN SHARE ROW EXCLUSIVE MODE;
	IF EXISTS (SELECT FROM taskdb.projects pr WHERE pr.id OPERATOR(pg_catalog.<) (1::bigint OPERATOR(pg_catalog.<<) 50))
	   OR EXISTS (SELECT FROM taskdb.tasks t WHERE t.id OPERATOR(pg_catalog.<) (1::bigint OPERATOR(pg_catalog.<<) 50)) THEN
		RAISE EXCEPTION 'taskdb holds rows whose ids do not tell a shard'
			USING ERRCODE = 'object_not_in_prerequisite_state',
				  DETAIL = 'They were created before taskdb_partition was configured.',
				  HINT = 'Configure the partition on an empty taskdb.';
	END IF;
	INSERT INTO taskdb_partition.config AS c (one, partition, partitions)
	VALUES (true, configure.partition, configure.partitions)
	ON CONFLICT (one) DO UPDATE SET partition = excluded.partition, partitions = excluded.partitions;

	DELETE FROM taskdb.tasks t
	WHERE (taskdb_partition.shard(t.id) OPERATOR(pg_catalog.&) mask) OPERATOR(pg_catalog.<>) configure.partition;
	GET DIAGNOSTICS tasks_deleted = ROW_COUNT;
	DELETE FROM taskdb.projects pr
	WHERE (taskdb_partition.shard(pr.id) OPERATOR(pg_catalog.&) mask) OPERATOR(pg_catalog.<>) configure.partition;
	GET DIAGNOSTICS projects_deleted = ROW_COUNT;
END
$$;
REVOKE ALL ON FUNCTION taskdb_partition.configure(integer, integer) FROM PUBLIC;

/*
 * The router's keyset cursor for this partition.  In an order other than
 * id, taskdb pages after the row whose id is after_id, which only one
 * partition holds.  Given that row (cursor, as the router read it), this
 * returns the id of this partition's last row at or before it in the
 * order, so that taskdb's own after_id gives exactly this partition's rows
 * after the cursor; NULL when none comes before it (the page starts at
 * the beginning).  In id order, without a cursor row (it does not exist:
 * taskdb's empty page), or for an order taskdb refuses, after_id itself.
 * Nullable columns sort as taskdb sorts them, as if NULL were their
 * type's infinity (a timestamp's infinity, an integer's largest value).
 */
CREATE FUNCTION taskdb_partition.page_start(tbl text, order_by text, cursor jsonb, after_id bigint)
RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	col text := pg_catalog.ltrim(order_by, '-');
	descending boolean := pg_catalog.left(order_by, 1) OPERATOR(pg_catalog.=) '-';
	required boolean;
	typ pg_catalog.regtype;
	infinity text;
	t_expr text;
	c_expr text;
	result bigint;
BEGIN
	IF after_id IS NULL OR cursor IS NULL OR order_by IS NULL OR col OPERATOR(pg_catalog.=) 'id' THEN
		RETURN after_id;
	END IF;
	SELECT a.attnotnull, a.atttypid INTO required, typ
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
		infinity := CASE typ
			WHEN 'pg_catalog.int2'::pg_catalog.regtype THEN '32767'
			WHEN 'pg_catalog.int4'::pg_catalog.regtype THEN '2147483647'
			WHEN 'pg_catalog.int8'::pg_catalog.regtype THEN '9223372036854775807'
			ELSE 'infinity' END;
		t_expr := pg_catalog.format('COALESCE(t.%I, %L)', col, infinity);
		c_expr := pg_catalog.format('COALESCE(c.%I, %L)', col, infinity);
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

/*
 * The page keys of a find_tasks filter or a model query for this
 * partition: offset + limit rows from the start of the page and no offset
 * (the router skips the offset in the merged order); "after" placed among
 * this partition's rows (page_start), or removed when none comes before
 * the cursor.  A filter whose page keys are of the wrong type is returned
 * unchanged, for taskdb to refuse with its own error.
 */
CREATE FUNCTION taskdb_partition.page_filter(tbl text, filter jsonb, cursor jsonb)
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
	IF pg_catalog.jsonb_typeof(f) IS DISTINCT FROM 'object' THEN
		RETURN f;
	END IF;
	IF f OPERATOR(pg_catalog.?) 'offset' THEN
		IF pg_catalog.jsonb_typeof(f OPERATOR(pg_catalog.->) 'offset') OPERATOR(pg_catalog.=) 'number'
		   AND (NOT f OPERATOR(pg_catalog.?) 'limit'
				OR pg_catalog.jsonb_typeof(f OPERATOR(pg_catalog.->) 'limit') OPERATOR(pg_catalog.=) 'number') THEN
			off := (f OPERATOR(pg_catalog.->>) 'offset')::numeric;
			lim := COALESCE((f OPERATOR(pg_catalog.->>) 'limit')::numeric, 100);
			IF off OPERATOR(pg_catalog.>=) 0 AND off OPERATOR(pg_catalog.=) pg_catalog.trunc(off)
			   AND lim OPERATOR(pg_catalog.>=) 0 AND lim OPERATOR(pg_catalog.=) pg_catalog.trunc(lim)
			   AND lim OPERATOR(pg_catalog.<=) 2147483647 THEN
				f := (f OPERATOR(pg_catalog.-) 'offset') OPERATOR(pg_catalog.||)
					pg_catalog.jsonb_build_object('limit', LEAST(lim OPERATOR(pg_catalog.+) off, 2147483647));
			END IF;
		END IF;
	END IF;
	IF cursor IS NOT NULL
	   AND pg_catalog.jsonb_typeof(f OPERATOR(pg_catalog.->) 'after') OPERATOR(pg_catalog.=) 'number'
	   AND pg_catalog.jsonb_typeof(f OPERATOR(pg_catalog.->) 'order') OPERATOR(pg_catalog.=) 'string' THEN
		start := taskdb_partition.page_start(tbl, f OPERATOR(pg_catalog.->>) 'order', cursor,
											 (f OPERATOR(pg_catalog.->>) 'after')::bigint);
		IF start IS NULL THEN
			f := f OPERATOR(pg_catalog.-) 'after';
		ELSE
			f := pg_catalog.jsonb_set(f, '{after}', pg_catalog.to_jsonb(start));
		END IF;
	END IF;
	RETURN f;
END
$$;
