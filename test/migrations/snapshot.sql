-- Catalog snapshot of the taskdb extension: one line per fact, sorted,
-- free of OIDs and attnums, with the owner's role name normalised to
-- OWNER.  Two databases hold the same extension schema exactly when their
-- snapshots are equal.  Run with: psql -X -At -f snapshot.sql
SET search_path = pg_catalog;
WITH ext AS (
	SELECT e.oid, e.extowner, e.extversion, e.extconfig, e.extcondition,
		   e.extnamespace, e.extrelocatable
	FROM pg_extension e WHERE e.extname = 'taskdb'
), members AS (
	SELECT d.classid, d.objid, d.objsubid
	FROM pg_depend d, ext
	WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid
	  AND d.deptype = 'e'
), rels AS (
	SELECT c.oid, c.relname::text AS relname, c.relkind
	FROM pg_class c JOIN members m ON m.classid = 'pg_class'::regclass
								  AND m.objid = c.oid
), procs AS (
	SELECT p.oid, p.oid::regprocedure::text AS sig
	FROM pg_proc p JOIN members m ON m.classid = 'pg_proc'::regclass
								 AND m.objid = p.oid
), -- every ACL item as "grantee=privilege[*]/grantor", owner named OWNER
acl_items(kind, name, acl, owner) AS (
	SELECT 'relacl', c.oid::regclass::text, c.relacl, c.relowner
	FROM pg_class c JOIN rels r ON r.oid = c.oid
	UNION ALL
	SELECT 'proacl', pr.sig, p.proacl, p.proowner
	FROM pg_proc p JOIN procs pr ON pr.oid = p.oid
	UNION ALL
	SELECT 'nspacl', n.nspname::text, n.nspacl, n.nspowner
	FROM pg_namespace n, ext WHERE n.oid = ext.extnamespace
	UNION ALL   -- column privileges
	SELECT 'attacl', format('%s.%s', r.oid::regclass, a.attname), a.attacl, c.relowner
	FROM rels r JOIN pg_class c ON c.oid = r.oid
	JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0
					   AND NOT a.attisdropped AND a.attacl IS NOT NULL
	UNION ALL   -- the initial privileges pg_dump compares against
	SELECT 'initprivs ' || ip.privtype::text,
		   pg_describe_object(ip.classoid, ip.objoid, 0)
			   || CASE WHEN ip.objsubid <> 0 THEN
					  ' column ' || (SELECT a.attname FROM pg_attribute a
									 WHERE a.attrelid = ip.objoid
									   AND a.attnum = ip.objsubid)
				  ELSE '' END,
		   ip.initprivs, ext.extowner
	FROM pg_init_privs ip JOIN members m ON m.classid = ip.classoid
										AND m.objid = ip.objoid, ext
), acl_text AS (
	SELECT a.kind, a.name,
		   CASE WHEN a.acl IS NULL THEN 'NULL (default)'
		   ELSE coalesce((SELECT string_agg(
				   format('%s=%s%s/%s',
						  CASE x.grantee WHEN 0 THEN 'PUBLIC'
							  WHEN a.owner THEN 'OWNER'
							  ELSE x.grantee::regrole::text END,
						  x.privilege_type,
						  CASE WHEN x.is_grantable THEN '*' ELSE '' END,
						  CASE x.grantor WHEN a.owner THEN 'OWNER'
							  ELSE x.grantor::regrole::text END),
				   ', ' ORDER BY 1)
				FROM aclexplode(a.acl) x), '(empty)') END AS items
	FROM acl_items a
)
SELECT line FROM (
	SELECT format('extension version %s relocatable %s schema %s',
				  e.extversion, e.extrelocatable, e.extnamespace::regnamespace)
	FROM ext e
	UNION ALL
	SELECT format('extension owner is %s',
				  CASE WHEN e.extowner = n.nspowner THEN 'the schema owner'
				  ELSE 'not the schema owner' END)
	FROM ext e JOIN pg_namespace n ON n.oid = e.extnamespace
	UNION ALL   -- configuration tables as names; a dangling OID shows up
	SELECT format('extconfig %s condition %L',
				  coalesce(c.oid::regclass::text, '<no such relation>'),
				  cfg.cond)
	FROM ext e
	CROSS JOIN LATERAL unnest(e.extconfig, e.extcondition) AS cfg(reloid, cond)
	LEFT JOIN pg_class c ON c.oid = cfg.reloid
	UNION ALL
	SELECT 'extconfig entries ' || coalesce(cardinality(e.extconfig), 0)
	FROM ext e
	UNION ALL
	SELECT 'member ' || pg_describe_object(m.classid, m.objid, m.objsubid)
	FROM members m
	UNION ALL
	SELECT format('relation %s kind %s persistence %s owner %s options %s rls %s replident %s',
				  c.oid::regclass, c.relkind, c.relpersistence,
				  CASE WHEN c.relowner = e.extowner THEN 'OWNER' ELSE c.relowner::regrole::text END,
				  coalesce(c.reloptions::text, '-'), c.relrowsecurity, c.relreplident)
	FROM rels r JOIN pg_class c ON c.oid = r.oid, ext e
	UNION ALL   -- columns by position among the live ones, never by attnum
	SELECT format('column %s #%s %s %s%s%s%s%s%s%s',
				  r.oid::regclass, row_number() OVER w, a.attname,
				  format_type(a.atttypid, a.atttypmod),
				  CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
				  -- a statistics target set (-1 before PostgreSQL 17, null
				  -- from 17, is the default)
				  CASE WHEN coalesce(a.attstattarget, -1) >= 0
					  THEN ' statistics ' || a.attstattarget ELSE '' END,
				  coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), ''),
				  CASE a.attidentity WHEN 'a' THEN ' identity always'
					  WHEN 'd' THEN ' identity by default' ELSE '' END,
				  CASE a.attgenerated WHEN 's' THEN ' generated stored' ELSE '' END,
				  CASE WHEN a.attcollation <> 0 THEN ' collate ' || a.attcollation::regcollation::text
					  ELSE '' END)
	FROM rels r
	JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
	LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
	WHERE r.relkind IN ('r', 'v', 'm', 'p', 'f')
	WINDOW w AS (PARTITION BY r.oid ORDER BY a.attnum)
	UNION ALL
	SELECT format('sequence %s type %s start %s increment %s min %s max %s cache %s cycle %s owned by %s',
				  s.seqrelid::regclass, s.seqtypid::regtype, s.seqstart,
				  s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
				  coalesce((SELECT format('%s.%s %s', d.refobjid::regclass, a.attname, d.deptype)
							FROM pg_depend d
							JOIN pg_attribute a ON a.attrelid = d.refobjid
											   AND a.attnum = d.refobjsubid
							WHERE d.classid = 'pg_class'::regclass
							  AND d.objid = s.seqrelid
							  AND d.refclassid = 'pg_class'::regclass
							  AND d.deptype IN ('a', 'i')), '-'))
	FROM pg_sequence s JOIN rels r ON r.oid = s.seqrelid
	UNION ALL
	SELECT format('constraint %s %s type %s %s deferrable %s deferred %s validated %s',
				  con.conrelid::regclass, con.conname, con.contype,
				  pg_get_constraintdef(con.oid), con.condeferrable,
				  con.condeferred, con.convalidated)
	FROM pg_constraint con JOIN rels r ON r.oid = con.conrelid
	UNION ALL
	SELECT format('index %s: %s%s%s', i.indexrelid::regclass,
				  pg_get_indexdef(i.indexrelid),
				  CASE WHEN i.indisprimary THEN ' (primary)' ELSE '' END,
				  CASE WHEN i.indisvalid THEN '' ELSE ' (INVALID)' END)
	FROM pg_index i JOIN rels r ON r.oid = i.indrelid
	UNION ALL   -- user triggers; FK triggers are internal and named by OID
	SELECT format('trigger %s %s: %s enabled %s', t.tgrelid::regclass,
				  t.tgname, pg_get_triggerdef(t.oid), t.tgenabled)
	FROM pg_trigger t JOIN rels r ON r.oid = t.tgrelid
	WHERE NOT t.tgisinternal
	UNION ALL
	SELECT format('view %s: %s', r.oid::regclass,
				  regexp_replace(pg_get_viewdef(r.oid, true), '\s+', ' ', 'g'))
	FROM rels r WHERE r.relkind IN ('v', 'm')
	UNION ALL
	SELECT format('rule %s %s: %s', rw.ev_class::regclass, rw.rulename,
				  regexp_replace(pg_get_ruledef(rw.oid, true), '\s+', ' ', 'g'))
	FROM pg_rewrite rw JOIN rels r ON r.oid = rw.ev_class
	WHERE rw.rulename <> '_RETURN'
	UNION ALL
	SELECT format('function %s kind %s identity (%s) arguments (%s) returns %s'
				  ' language %s volatility %s strict %s parallel %s security_definer %s'
				  ' leakproof %s cost %s rows %s config %s owner %s src %L bin %L',
				  pr.sig, p.prokind,
				  pg_get_function_identity_arguments(p.oid),
				  pg_get_function_arguments(p.oid),
				  pg_get_function_result(p.oid),
				  l.lanname, p.provolatile, p.proisstrict, p.proparallel,
				  p.prosecdef, p.proleakproof, p.procost, p.prorows,
				  coalesce(p.proconfig::text, '-'),
				  CASE WHEN p.proowner = e.extowner THEN 'OWNER' ELSE p.proowner::regrole::text END,
				  replace(replace(p.prosrc, '\', '\\'), E'\n', '\n'), p.probin)
	FROM procs pr JOIN pg_proc p ON p.oid = pr.oid
	JOIN pg_language l ON l.oid = p.prolang, ext e
	UNION ALL
	SELECT format('type %s type %s', t.oid::regtype, t.typtype)
	FROM pg_type t JOIN members m ON m.classid = 'pg_type'::regclass
								 AND m.objid = t.oid
	UNION ALL
	SELECT format('acl %s %s: %s', a.kind, a.name, a.items)
	FROM acl_text a
	UNION ALL
	SELECT format('comment %s: %s',
				  pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description)
	FROM pg_description d
	JOIN members m ON m.classid = d.classoid AND m.objid = d.objoid
) s(line)
ORDER BY line COLLATE "C";
