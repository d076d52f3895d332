-- What a pg_regress file must leave as it found it (test/regress/setup.psql
-- records it, teardown.psql compares): one line per fact, as the view
-- regress_state.  The rows of both tables, the identity sequences, the
-- extension's version and members, the tables' columns (dropped ones
-- too: a downgrade leaves them), and every object outside the system
-- schemas and the session's temporary one: relations, functions,
-- schemas, types, operators, triggers, rules, policies, constraints,
-- defaults, privileges, roles and stored settings.  The view depends on
-- the tables: whoever creates it drops it before the file goes on.
CREATE OR REPLACE TEMP VIEW regress_state AS
SELECT 'extension ' || e.extname || ' ' || e.extversion AS line
FROM pg_catalog.pg_extension e
UNION ALL
SELECT 'member of taskdb: ' || pg_catalog.pg_describe_object(d.classid, d.objid, 0)
FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e' AND e.extname = 'taskdb'
UNION ALL
SELECT pg_catalog.format('taskdb.tasks: %s rows%s', pg_catalog.count(*),
                         ', md5 ' || pg_catalog.md5(pg_catalog.string_agg(t::text, ';' ORDER BY t.id)))
FROM taskdb.tasks t
UNION ALL
SELECT pg_catalog.format('taskdb.projects: %s rows%s', pg_catalog.count(*),
                         ', md5 ' || pg_catalog.md5(pg_catalog.string_agg(p::text, ';' ORDER BY p.id)))
FROM taskdb.projects p
UNION ALL
SELECT pg_catalog.format('sequence %s.%s at %s', s.schemaname, s.sequencename, coalesce(s.last_value::text, 'its start'))
FROM pg_catalog.pg_sequences s WHERE s.schemaname !~ '^pg_temp'
UNION ALL
SELECT pg_catalog.format('%s %s', CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'i' THEN 'index'
                                                 WHEN 'S' THEN 'sequence' ELSE 'relation (' || c.relkind::text || ')' END,
                         c.oid::pg_catalog.regclass)
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname !~ '^pg_(toast_)?temp'
UNION ALL
SELECT pg_catalog.format('column %s.%s: %s %s', a.attrelid::pg_catalog.regclass, a.attnum,
                         CASE WHEN a.attisdropped THEN '(dropped)' ELSE a.attname::text END,
                         pg_catalog.format_type(a.atttypid, a.atttypmod))
FROM pg_catalog.pg_attribute a
WHERE a.attrelid IN ('taskdb.tasks'::pg_catalog.regclass, 'taskdb.projects'::pg_catalog.regclass) AND a.attnum > 0
UNION ALL
SELECT pg_catalog.format('default of %s.%s: %s', d.adrelid::pg_catalog.regclass, d.adnum, pg_catalog.pg_get_expr(d.adbin, d.adrelid))
FROM pg_catalog.pg_attrdef d
WHERE d.adrelid IN ('taskdb.tasks'::pg_catalog.regclass, 'taskdb.projects'::pg_catalog.regclass)
UNION ALL
-- (a GRANT and its REVOKE leave the default privileges written out: the
-- privileges are compared as they apply)
SELECT pg_catalog.format('privileges on %s: %s', c.oid::pg_catalog.regclass,
                         coalesce(c.relacl, pg_catalog.acldefault((CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char", c.relowner)))
FROM pg_catalog.pg_class c WHERE c.relnamespace = 'taskdb'::pg_catalog.regnamespace
UNION ALL
SELECT 'privileges on schema taskdb: ' || coalesce(n.nspacl, pg_catalog.acldefault('n'::"char", n.nspowner))::text
FROM pg_catalog.pg_namespace n WHERE n.nspname = 'taskdb'
UNION ALL
SELECT 'schema ' || n.nspname
FROM pg_catalog.pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname !~ '^pg_(toast_)?temp'
UNION ALL
SELECT pg_catalog.format('function %s %s', p.oid::pg_catalog.regprocedure,
                         coalesce(p.proacl, pg_catalog.acldefault('f'::"char", p.proowner)))
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast_)?temp'
UNION ALL
SELECT pg_catalog.format('type %s', t.oid::pg_catalog.regtype)
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname !~ '^pg_(toast_)?temp'
  AND t.typtype NOT IN ('c') AND t.typelem = 0
UNION ALL
SELECT pg_catalog.format('operator %s', o.oid::pg_catalog.regoperator)
FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast_)?temp'
UNION ALL
SELECT pg_catalog.format('trigger %s on %s (%s)', t.tgname, t.tgrelid::pg_catalog.regclass, t.tgenabled)
FROM pg_catalog.pg_trigger t WHERE NOT t.tgisinternal
UNION ALL
SELECT pg_catalog.format('rule %s on %s', r.rulename, r.ev_class::pg_catalog.regclass)
FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
WHERE r.rulename <> '_RETURN' AND c.relnamespace <> 'pg_catalog'::pg_catalog.regnamespace
UNION ALL
SELECT pg_catalog.format('policy %s on %s', p.polname, p.polrelid::pg_catalog.regclass)
FROM pg_catalog.pg_policy p
UNION ALL
SELECT pg_catalog.format('row security on %s: %s %s', c.oid::pg_catalog.regclass, c.relrowsecurity, c.relforcerowsecurity)
FROM pg_catalog.pg_class c WHERE c.relnamespace = 'taskdb'::pg_catalog.regnamespace AND c.relkind = 'r'
UNION ALL
SELECT pg_catalog.format('constraint %s on %s: %s%s', c.conname, c.conrelid::pg_catalog.regclass,
                         pg_catalog.pg_get_constraintdef(c.oid), CASE WHEN NOT c.convalidated THEN ' not valid' ELSE '' END)
FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast_)?temp'
UNION ALL
SELECT 'role ' || r.rolname FROM pg_catalog.pg_roles r WHERE r.rolname !~ '^pg_'
UNION ALL
SELECT pg_catalog.format('setting of database %s, role %s: %s', s.setdatabase, s.setrole, s.setconfig)
FROM pg_catalog.pg_db_role_setting s;
