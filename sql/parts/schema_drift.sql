/*
 * schema_drift() (from 1.8): the differences between schema_description()
 * at the installed version and the catalog.  A column's definition is its
 * type, its collation when it is not the type's, nullability, identity and
 * default; schema_description() names no collation, so a column given
 * another one drifts.
 */
CREATE OR REPLACE FUNCTION taskdb.schema_drift(
	OUT object text, OUT expected text, OUT actual text)
RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
WITH installed AS (
	SELECT string_to_array(e.extversion, '.')::int[] AS v
	FROM pg_extension e WHERE e.extname = 'taskdb'
), expected AS (
	SELECT d.table_name, d.kind, d.name, d.definition
	FROM taskdb.schema_description() d, installed i
	WHERE string_to_array(d.since, '.')::int[] <= i.v
), live_tables AS (
	SELECT c.oid, c.relname::text AS table_name
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname = 'taskdb' AND c.relkind = 'r'
	  AND c.relname IN (SELECT table_name FROM expected)
), live AS (
	SELECT t.table_name, 'column' AS kind, a.attname::text AS name,
		   concat_ws(' ', format_type(a.atttypid, a.atttypmod),
					 (SELECT 'collate ' || quote_ident(co.collname)
					  FROM pg_type ty JOIN pg_collation co ON co.oid = a.attcollation
					  WHERE ty.oid = a.atttypid AND a.attcollation <> ty.typcollation),
					 CASE WHEN a.attnotnull THEN 'not null' END,
					 CASE WHEN a.attidentity <> '' THEN 'identity' END,
					 'default ' || pg_get_expr(ad.adbin, ad.adrelid)) AS definition
	FROM live_tables t
	JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
	LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
	UNION ALL
	SELECT t.table_name,
		   CASE con.contype WHEN 'p' THEN 'primary key' ELSE 'foreign key' END,
		   string_agg(a.attname, ', ' ORDER BY k.ord),
		   CASE con.contype
			   WHEN 'p' THEN format('(%s)', string_agg(a.attname, ', ' ORDER BY k.ord))
			   ELSE format('(%s) references %s.%s(%s)',
						   string_agg(a.attname, ', ' ORDER BY k.ord),
						   rn.nspname, rc.relname,
						   (SELECT string_agg(ra.attname, ', ' ORDER BY rk.ord)
							FROM unnest(con.confkey) WITH ORDINALITY rk(attnum, ord)
							JOIN pg_attribute ra ON ra.attrelid = con.confrelid
												AND ra.attnum = rk.attnum))
		   END
	FROM live_tables t
	JOIN pg_constraint con ON con.conrelid = t.oid AND con.contype IN ('p', 'f')
	CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
	JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
	LEFT JOIN pg_class rc ON rc.oid = con.confrelid
	LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
	GROUP BY t.table_name, con.oid, con.contype, con.confkey, con.confrelid,
			 rn.nspname, rc.relname
)
SELECT format('%s taskdb.%s.%s', coalesce(e.kind, l.kind),
			  coalesce(e.table_name, l.table_name), coalesce(e.name, l.name)),
	   coalesce(e.definition, 'absent'),
	   coalesce(l.definition, 'absent')
FROM expected e
FULL JOIN live l ON l.table_name = e.table_name AND l.kind = e.kind
				AND l.name = e.name
WHERE e.definition IS DISTINCT FROM l.definition
ORDER BY 1
$$;
