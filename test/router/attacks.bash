# test/router/attacks.bash: the attacks of ../shared/ATTACKS.md on
# taskdb_router and taskdb_partition, sourced by test/router/run (which
# defines qx, errx, check, ok, notok and the clusters).  Each attack runs
# as the attacking role, each victim step as a superuser (postgres), and
# each check asserts an outcome: who is a superuser, who owns what, which
# rows exist, which SQLSTATE a call raised.  Each attack has a database of
# its own, made here and dropped at the end, so that what it plants stays
# out of the other sections.
#
# Roles (made by run on every cluster): attacker (LOGIN, no privilege but
# what an attack grants it).

# reset_attacker CLUSTER: attacker is an ordinary role again
reset_attacker() { qx postgres "$1" postgres -c "ALTER ROLE attacker NOSUPERUSER" >/dev/null; }
# superuser CLUSTER: t when attacker is a superuser there
attacker_is_superuser() { qx postgres "$1" postgres -c "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = 'attacker'" 2>&1; }
# fresh_db CLUSTER NAME: an empty database NAME (dropped first when it exists)
fresh_db() {
	qx postgres "$1" postgres -c "DROP DATABASE IF EXISTS $2 WITH (FORCE)" -c "CREATE DATABASE $2" >/dev/null \
		|| die "cannot make database $2 on $1"
}
drop_db() { qx postgres "$1" postgres -c "DROP DATABASE IF EXISTS $2 WITH (FORCE)" >/dev/null || die "cannot drop database $2 on $1"; }
# setup USER CLUSTER DB SQL...: a step an attack needs; a failure is a FAIL
setup() {
	local out
	out=$(qx "$@" 2>&1 >/dev/null) || notok "set-up step failed as $1 in $3: $(echo "$out" | head -2 | tr '\n' ' ')"
}

# The function a planted object runs: when its caller is a superuser, it
# makes attacker one.  Written by attacker into schema $1.
escalate_sql() {
	cat <<SQL
CREATE FUNCTION $1.escalate() RETURNS boolean LANGUAGE plpgsql AS \$f\$
BEGIN
	IF pg_catalog.current_setting('is_superuser') = 'on' THEN
		EXECUTE 'ALTER ROLE attacker SUPERUSER';
	END IF;
	RETURN true;
END \$f\$;
SQL
}

# ---- 1. taskdb_router into a schema taskdb that another role prepared
attack_router_schema() {
	local db=atk_router_schema
	reset_attacker router
	fresh_db router $db
	setup postgres router $db -c "GRANT CREATE ON DATABASE $db TO attacker" -c "CREATE EXTENSION plproxy"
	# the attacker: schema taskdb, and taskdb.get_task(integer), a closer
	# match for get_task(1) than the router's get_task(bigint)
	setup attacker router $db <<SQL
CREATE SCHEMA taskdb;
$(escalate_sql taskdb)
CREATE FUNCTION taskdb.get_task(id integer) RETURNS TABLE (id bigint, title text)
LANGUAGE sql AS 'SELECT NULL::bigint, NULL::text WHERE NOT taskdb.escalate()';
GRANT USAGE ON SCHEMA taskdb TO PUBLIC;
SQL
	# the victim, as the README sets a router up
	check "router, schema taskdb owned by another role: CREATE EXTENSION taskdb_router refuses it (42501)" \
		"42501 cannot install taskdb_router into schema \"taskdb\": the schema is owned by role attacker" \
		"$(errx postgres router $db "CREATE EXTENSION taskdb_router; SELECT * FROM taskdb.get_task(1);")"
	check "router, schema taskdb owned by another role: no taskdb_router installed, attacker no superuser" "0 f" \
		"$(qv postgres router $db -c "SELECT count(*) FROM pg_extension WHERE extname = 'taskdb_router'") $(attacker_is_superuser router)"
	# a schema of a superuser in which the attacker may create
	setup postgres router $db -c "DROP SCHEMA taskdb CASCADE" -c "CREATE SCHEMA taskdb" \
		-c "GRANT CREATE ON SCHEMA taskdb TO attacker"
	check "router, schema taskdb in which another role may create: CREATE EXTENSION taskdb_router refuses it (42501)" \
		"42501 cannot install taskdb_router into schema \"taskdb\": role attacker may create objects in the schema" \
		"$(errx postgres router $db "CREATE EXTENSION taskdb_router")"
	# the schema as CREATE EXTENSION makes it passes
	setup postgres router $db -c "DROP SCHEMA taskdb"
	check "router: a schema taskdb that CREATE EXTENSION made itself is accepted" "1.8" \
		"$(qv postgres router $db -c "CREATE EXTENSION taskdb_router" \
			-c "SELECT extversion FROM pg_extension WHERE extname = 'taskdb_router'")"
	drop_db router $db
}

# ---- 2. taskdb_partition into a schema taskdb_partition that another role
# prepared; the attacker then swaps the schema for one of its own, whose
# config and shard() the id trigger would look up
attack_partition_schema() {
	local db=atk_partition_schema
	reset_attacker part0
	fresh_db part0 $db
	setup postgres part0 $db -c "GRANT CREATE ON DATABASE $db TO attacker" -c "CREATE EXTENSION taskdb"
	setup attacker part0 $db -c "CREATE SCHEMA taskdb_partition"
	check "partition, schema taskdb_partition owned by another role: CREATE EXTENSION taskdb_partition refuses it (42501)" \
		"42501 cannot install taskdb_partition into schema \"taskdb_partition\": the schema is owned by role attacker" \
		"$(errx postgres part0 $db "CREATE EXTENSION taskdb_partition; SELECT taskdb_partition.configure(0, 1);")"
	# the swap (before the fix: after the victim's configure)
	setup attacker part0 $db <<SQL
ALTER SCHEMA taskdb_partition RENAME TO taskdb_partition_old;
CREATE SCHEMA taskdb_partition;
GRANT USAGE ON SCHEMA taskdb_partition TO PUBLIC;
CREATE TABLE taskdb_partition.config (one boolean, partition integer, partitions integer);
INSERT INTO taskdb_partition.config VALUES (true, 0, 1);
GRANT SELECT ON taskdb_partition.config TO PUBLIC;
$(escalate_sql taskdb_partition)
CREATE FUNCTION taskdb_partition.shard(id bigint) RETURNS integer
LANGUAGE sql AS 'SELECT 0 WHERE taskdb_partition.escalate()';
SQL
	qx postgres part0 $db -c "SELECT * FROM taskdb.create_task('victim')" >/dev/null 2>&1 || true	# the victim
	check "partition, schema swapped by its owner: no taskdb_partition installed, attacker no superuser after a superuser's create_task" "0 f" \
		"$(qv postgres part0 $db -c "SELECT count(*) FROM pg_extension WHERE extname = 'taskdb_partition'") $(attacker_is_superuser part0)"
	# installed in a schema of its own, the attacker can neither rename it nor create in it
	setup postgres part0 $db -c "DROP SCHEMA taskdb_partition CASCADE" -c "DELETE FROM taskdb.tasks" \
		-c "CREATE EXTENSION taskdb_partition" -c "SELECT taskdb_partition.configure(0, 1)"
	check "partition: another role cannot rename the extension's schema (42501)" \
		"42501 must be owner of schema taskdb_partition" \
		"$(errx attacker part0 $db "ALTER SCHEMA taskdb_partition RENAME TO x")"
	check "partition: another role cannot create in the extension's schema (42501)" \
		"42501 permission denied for schema taskdb_partition" \
		"$(errx attacker part0 $db "CREATE FUNCTION taskdb_partition.shard(integer) RETURNS integer LANGUAGE sql AS 'SELECT 0'")"
	drop_db part0 $db
}
