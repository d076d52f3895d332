-- Catalog snapshot of one extension (psql variable ext: taskdb_router or
-- taskdb_partition): one line per fact, sorted, free of OIDs, the owner's
-- role named OWNER, a default ACL (NULL) written out as acldefault() gives
-- it, and an initial privilege equal to the default left out (REVOKE of
-- what a GRANT added leaves the owner's privileges written out: the same
-- rights as NULL, and the same for pg_dump).  Two databases hold the same objects of the extension
-- exactly when their snapshots are equal: every member object with its
-- whole definition (functions as pg_get_functiondef writes them, with
-- their settings; views with their options and query; tables with their
-- columns and constraints; triggers), every privilege, initial privilege
-- and comment, and the schemas the extension uses.
-- Run with: psql -X -At -v ext=NAME -f snapshot.sql
SET search_path = pg_catalog;
WITH ext AS (
	SELECT e.oid, e.extowner, e.extversion, e.extnamespace, e.extrelocatable,
		   e.extconfig, e.extcondition
	FROM pg_extension e WHERE e.extname = :'ext'
), members AS (
	SELECT d.classid, d.objid, d.objsubid
	FROM pg_depend d, ext
	WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid
	  AND d.deptype = 'e'
), nsps AS (	-- the extension's schema and the schemas it made
	SELECT n.oid, n.nspname, n.nspacl, n.nspowner FROM pg_namespace n, ext
	WHERE n.oid = ext.extnamespace
	   OR n.oid IN (SELECT m.objid FROM members m WHERE m.classid = 'pg_namespace'::regclass)
), owner_name(oid, name) AS (
	SELECT r.oid, CASE WHEN r.oid = (SELECT extowner FROM ext) THEN 'OWNER' ELSE r.rolname::text END
	FROM pg_roles r
), acl_lines(classoid, objoid, what, acl, owner, defacl) AS (
	SELECT 'pg_namespace'::regclass, n.oid, 'schema ' || n.nspname, n.nspacl, n.nspowner,
		   acldefault('n', n.nspowner)
	FROM nsps n
	UNION ALL
	SELECT 'pg_class'::regclass, c.oid, pg_describe_object(m.classid, m.objid, 0), c.relacl, c.relowner,
		   acldefault(CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END, c.relowner)
	FROM members m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
	UNION ALL
	SELECT NULL, NULL, format('column %s.%s', c.oid::regclass, a.attname), a.attacl, c.relowner, NULL
	FROM members m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
	JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND a.attacl IS NOT NULL
	UNION ALL
	SELECT 'pg_proc'::regclass, p.oid, pg_describe_object(m.classid, m.objid, 0), p.proacl, p.proowner,
		   acldefault('f', p.proowner)
	FROM members m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
)
SELECT line FROM (
	SELECT format('extension %s version %s relocatable %s schema %s', :'ext', e.extversion,
				  e.extrelocatable, e.extnamespace::regnamespace) AS line
	FROM ext e
	UNION ALL
	SELECT format('extconfig %s condition %L', cfg.reloid::regclass, cfg.cond)
	FROM ext e CROSS JOIN LATERAL unnest(e.extconfig, e.extcondition) AS cfg(reloid, cond)
	UNION ALL
	SELECT format('schema %s owned by %s', n.nspname, o.name)
	FROM nsps n JOIN owner_name o ON o.oid = n.nspowner
	UNION ALL	-- every member, and who owns it
	SELECT format('member %s', pg_describe_object(m.classid, m.objid, m.objsubid))
	FROM members m
	UNION ALL
	SELECT format('function %s owned by %s: %s', p.oid::regprocedure, o.name,
				  CASE WHEN p.prokind = 'a' THEN 'aggregate' ELSE pg_get_functiondef(p.oid) END)
	FROM members m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
	JOIN owner_name o ON o.oid = p.proowner
	UNION ALL
	SELECT format('relation %s kind %s owned by %s options %s rowsecurity %s/%s%s', c.oid::regclass,
				  c.relkind, o.name, coalesce(c.reloptions::text, '-'), c.relrowsecurity, c.relforcerowsecurity,
				  CASE WHEN c.relkind = 'v' THEN ': ' || pg_get_viewdef(c.oid) ELSE '' END)
	FROM members m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
	JOIN owner_name o ON o.oid = c.relowner
	UNION ALL
	SELECT format('column %s.%s %s%s%s', c.oid::regclass, a.attname, format_type(a.atttypid, a.atttypmod),
				  CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
				  coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), ''))
	FROM members m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
	JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
	UNION ALL
	SELECT format('constraint %s on %s: %s', con.conname, con.conrelid::regclass, pg_get_constraintdef(con.oid))
	FROM members m JOIN pg_constraint con ON m.classid = 'pg_class'::regclass AND con.conrelid = m.objid
	UNION ALL	-- triggers the extension put on any table (taskdb_partition's on taskdb's tables)
	SELECT format('trigger %s', pg_get_triggerdef(t.oid))
	FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
	JOIN members m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid
	WHERE NOT t.tgisinternal
	UNION ALL
	SELECT format('acl %s: %s', a.what,
		coalesce((SELECT string_agg(format('%s=%s%s/%s', CASE x.grantee WHEN 0 THEN 'PUBLIC' WHEN a.owner THEN 'OWNER'
											 ELSE x.grantee::regrole::text END,
										   x.privilege_type, CASE WHEN x.is_grantable THEN '*' ELSE '' END,
										   CASE x.grantor WHEN a.owner THEN 'OWNER' ELSE x.grantor::regrole::text END),
									', ' ORDER BY 1)
				  FROM aclexplode(coalesce(a.acl, a.defacl)) x), '(none)'))
	FROM acl_lines a
	UNION ALL	-- the initial privileges pg_dump compares with
	SELECT format('initprivs %s %s%s: %s', ip.privtype, pg_describe_object(ip.classoid, ip.objoid, 0),
				  CASE WHEN ip.objsubid <> 0 THEN ' column ' || ip.objsubid ELSE '' END,
				  (SELECT string_agg(format('%s=%s', CASE x.grantee WHEN 0 THEN 'PUBLIC'
											   WHEN (SELECT extowner FROM ext) THEN 'OWNER'
											   ELSE x.grantee::regrole::text END, x.privilege_type), ', ' ORDER BY 1)
				   FROM aclexplode(ip.initprivs) x))
	FROM pg_init_privs ip
	WHERE ((ip.classoid, ip.objoid) IN (SELECT m.classid, m.objid FROM members m)
		   OR (ip.classoid = 'pg_namespace'::regclass AND ip.objoid IN (SELECT n.oid FROM nsps n)))
	  AND NOT (ip.objsubid = 0 AND EXISTS (SELECT FROM acl_lines a
										   WHERE a.classoid = ip.classoid AND a.objoid = ip.objoid
											 AND a.defacl = ip.initprivs))
	UNION ALL
	SELECT format('comment on %s: %s', pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description)
	FROM pg_description d
	WHERE (d.classoid, d.objoid) IN (SELECT m.classid, m.objid FROM members m)
	   OR (d.classoid = 'pg_namespace'::regclass AND d.objoid IN (SELECT n.oid FROM nsps n))
) s
ORDER BY line;
