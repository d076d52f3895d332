# test/router/attacks.bash: the attacks of ../shared/ATTACKS.md on
# taskdb_router and taskdb_partition, sourced by test/router/run (which
# defines qx, errx, check, ok, notok and the clusters).  Each attack runs
# as the attacking role, each victim step as a superuser (postgres), and
# each check asserts an outcome: who is a superuser, who owns what, which
# rows exist, which SQLSTATE a call raised.  Each attack has a database of
# its own, made here and dropped at the end, so that what it plants stays
# out of the other sections.
#
# Roles: attacker (made by run on every cluster; no privilege but what an
# attack grants it), and those attack_roles makes.

# attack_roles CLUSTER: the roles of the attacks below, each with less
# than the README's grants (what each has is granted where it is used)
attack_roles() {
	local r
	for r in reader nopriv colpriv inserter selonly listonly nousage mover colins; do
		qx postgres "$1" postgres -c "CREATE ROLE $r LOGIN" >/dev/null || die "role $r on $1"
	done
}
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
	# a 1.7 router whose schema another role may create in (granted after
	# the install, or before 1.7's check existed) is not updated
	setup postgres router $db -c "DROP EXTENSION taskdb_router" -c "DROP SCHEMA taskdb" \
		-c "CREATE EXTENSION taskdb_router VERSION '1.7'" -c "GRANT CREATE ON SCHEMA taskdb TO attacker"
	check "router: ALTER EXTENSION taskdb_router UPDATE refuses a schema in which another role may create (42501), stays 1.7" \
		"42501 cannot update taskdb_router in schema \"taskdb\": role attacker may create objects in the schema 1.7" \
		"$(errx postgres router $db "ALTER EXTENSION taskdb_router UPDATE") $(qv postgres router $db -c "SELECT extversion FROM pg_extension WHERE extname = 'taskdb_router'")"
	drop_db router $db
}

# ---- 2. taskdb_partition into a schema taskdb_partition that another role
# prepared; the attacker then swaps the schema for one of its own, whose
# config and shard() the id trigger would look up
attack_partition_schema() {
	local db=atk_partition_schema
	reset_attacker part0
	fresh_db part0 $db
	setup postgres part0 $db -c "GRANT CREATE ON DATABASE $db TO attacker" -c "CREATE EXTENSION taskdb CASCADE"
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
	setup postgres part0 $db -c "DROP EXTENSION taskdb_partition CASCADE" -c "CREATE EXTENSION taskdb_partition VERSION '1.0'" \
		-c "GRANT CREATE ON SCHEMA taskdb_partition TO attacker"
	check "partition: ALTER EXTENSION taskdb_partition UPDATE refuses a schema in which another role may create (42501), stays 1.0" \
		"42501 cannot update taskdb_partition in schema \"taskdb_partition\": role attacker may create objects in the schema 1.0" \
		"$(errx postgres part0 $db "ALTER EXTENSION taskdb_partition UPDATE") $(qv postgres part0 $db -c "SELECT extversion FROM pg_extension WHERE extname = 'taskdb_partition'")"
	drop_db part0 $db
}

# ---- The router and the partitions the other attacks share: databases
# atk on part0 and part1 (partitions 0 and 1 of 2, set up as the README
# says, app with taskdb's grants), and atk on the router, over them, with
# the README's per-role mappings and, as well, the mapping the README used
# to show, FOR PUBLIC (user 'app'), which every router role without a
# mapping of its own then shares: the privilege checks must hold with it.
# A 1.7 router needs USAGE on taskdb_route for anyone to call it, so that
# is granted too (1.8 grants it itself).  Roles of the router: reader
# (its own mapping, to the partitions' reader, whom a policy keeps from
# the tasks titled "secret ..."), and roles with less than the README's
# grants, each sharing the PUBLIC mapping.
atk_conn() { echo "host=127.0.0.1 port=${port[$1]} dbname=atk"; }
atk_up() {
	local i
	for i in 0 1; do
		fresh_db part$i atk
		partition_setup part$i atk $i 2 || die "partition $i of the attacks"
		setup postgres part$i atk <<'SQL'
GRANT USAGE ON SCHEMA taskdb TO reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA taskdb TO reader;
ALTER TABLE taskdb.tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON taskdb.tasks TO app USING (true) WITH CHECK (true);
CREATE POLICY reader_reads ON taskdb.tasks FOR SELECT TO reader USING (title NOT LIKE 'secret%');
SQL
	done
	fresh_db router atk
	router_setup atk "$(atk_conn part0)" "$(atk_conn part1)" || die "the attacks' router"
	setup postgres router atk <<'SQL'
GRANT USAGE ON SCHEMA taskdb_route TO PUBLIC;
GRANT USAGE ON FOREIGN SERVER taskdb_cluster TO PUBLIC;
CREATE USER MAPPING FOR PUBLIC SERVER taskdb_cluster OPTIONS (user 'app');
CREATE USER MAPPING FOR reader SERVER taskdb_cluster OPTIONS (user 'reader');
GRANT USAGE ON SCHEMA taskdb TO reader, nopriv, colpriv, inserter, selonly, listonly, attacker;
GRANT SELECT ON ALL TABLES IN SCHEMA taskdb TO reader;
GRANT SELECT ON taskdb.tasks, taskdb.projects TO colpriv, selonly;
GRANT UPDATE (done) ON taskdb.tasks TO colpriv;
GRANT INSERT ON taskdb.tasks, taskdb.projects TO inserter;
GRANT SELECT ON taskdb.task_list, taskdb.project_summary TO listonly;
SQL
	# rows: two projects with tasks, loose tasks, and "secret" ones
	setup app router atk <<'SQL'
DO $$
DECLARE
	p bigint;
BEGIN
	FOR i IN 1..4 LOOP
		SELECT id INTO p FROM taskdb.create_project('atk project ' || i);
		PERFORM taskdb.create_tasks(ARRAY['task a' || i, 'secret b' || i, 'task c' || i], p);
		PERFORM taskdb.create_task('loose ' || i);
		PERFORM taskdb.create_task('secret loose ' || i);
	END LOOP;
END $$;
SQL
}
atk_down() {
	drop_db router atk
	drop_db part0 atk
	drop_db part1 atk
}
# atk_rows SQL: the sum over both attack partitions of a count, as postgres
atk_rows() { echo $(( $(qv postgres part0 atk -c "$1") + $(qv postgres part1 atk -c "$1") )); }
# a task of the attacks' partitions and its row, to see that it did not change
atk_task() { atk_any "SELECT id FROM taskdb.tasks WHERE title LIKE 'task a%' ORDER BY id LIMIT 1"; }
# atk_any SQL: the first line SQL gives on either attack partition (create_project runs on any)
atk_any() { { qv postgres part0 atk -c "$1"; qv postgres part1 atk -c "$1"; } | grep . | head -1; }
atk_task_row() { local t=$1; echo "$(qv postgres part0 atk -c "SELECT t::text FROM taskdb.tasks t WHERE id = $t")$(qv postgres part1 atk -c "SELECT t::text FROM taskdb.tasks t WHERE id = $t")"; }

# ---- 3. a hostile search_path: the database's owner (attacker) sets one
# that a superuser's sessions inherit and puts in schema public, which it
# owns, domains named text and jsonb whose CHECK makes it a superuser
attack_search_path() {
	local db=atk_sp task
	reset_attacker router
	fresh_db router $db
	setup postgres router $db -c "ALTER DATABASE $db OWNER TO attacker" -c "CREATE EXTENSION plproxy" \
		-c "CREATE EXTENSION taskdb_router" \
		-c "CREATE SERVER taskdb_cluster FOREIGN DATA WRAPPER plproxy OPTIONS (partition_0 '$(atk_conn part0)', partition_1 '$(atk_conn part1)')" \
		-c "CREATE USER MAPPING FOR postgres SERVER taskdb_cluster OPTIONS (user 'postgres')"
	setup attacker router $db <<SQL
$(escalate_sql public)
CREATE DOMAIN public.text AS pg_catalog.text CHECK (public.escalate());
CREATE DOMAIN public.jsonb AS pg_catalog.jsonb CHECK (public.escalate());
ALTER DATABASE $db SET search_path = public, pg_catalog;
SQL
	task=$(atk_task)
	# the victim: list pages in an order, the model's list, an error
	check "router, hostile search_path: a superuser's list_tasks, model_list_tasks and find_tasks work" "t t t" \
		"$(qv postgres router $db -c "SELECT count(*) > 0 FROM taskdb.list_tasks(order_by => 'title', after_id => $task)" \
			-c "SELECT taskdb.model_list_tasks('{\"order\": \"title\"}') IS NOT NULL" \
			-c "SELECT count(*) > 0 FROM taskdb.find_tasks('{\"order\": \"-title\", \"limit\": 3}')" | paste -sd' ')"
	check "router, hostile search_path: a superuser's update_task of a missing task gets P0002" \
		"P0002 task 42 does not exist" "$(errx postgres router $db "SELECT * FROM taskdb.update_task(42, title => 'x')")"
	check "router, hostile search_path: attacker is no superuser after the superuser's calls" "f" "$(attacker_is_superuser router)"
	drop_db router $db
}

# ---- 4. pg_temp: a role's own temporary tables named like the views do
# not stand in for them in the privilege checks
attack_pg_temp() {
	local task before
	task=$(atk_task)
	before=$(atk_task_row "$task")
	check "router, pg_temp: a role without privileges on the views is refused update_task though its pg_temp has tables tasks and projects (42501)" \
		"42501 permission denied for view tasks" \
		"$(errx attacker router atk "CREATE TEMP TABLE tasks (id bigint); CREATE TEMP TABLE projects (id bigint);
			SET search_path = pg_temp, taskdb, pg_catalog; SELECT * FROM taskdb.update_task($task, title => 'pwned')")"
	check "router, pg_temp: the task is unchanged" "$before" "$(atk_task_row "$task")"
}

# ---- 5. row security: a role sees through the router what its mapped
# role may see on the partitions, on every read path and view; a role that
# may read task_list but not taskdb.tasks reads nothing through it
attack_row_security() {
	local visible all projected secret
	visible=$(atk_rows "SELECT count(*) FROM taskdb.tasks WHERE title NOT LIKE 'secret%'")
	all=$(atk_rows "SELECT count(*) FROM taskdb.tasks")
	projected=$(atk_rows "SELECT count(*) FROM taskdb.tasks WHERE title NOT LIKE 'secret%' AND project_id IS NOT NULL")
	secret=$(atk_any "SELECT id FROM taskdb.tasks WHERE title LIKE 'secret%' ORDER BY id LIMIT 1")
	check "router, row security: app sees every task through the router" "$all" "$(qv app router atk -c "SELECT count(*) FROM taskdb.tasks")"
	check "router, row security: reader sees only the rows its policy shows, on every read path and view" \
		"$(printf '%s\n' "$visible" "$visible" "$visible" "$visible" "$visible" 0 "$visible" "$projected" "$projected" "$projected")" \
		"$(qv reader router atk <<SQL
SELECT count(*) FROM taskdb.tasks;
SELECT count(*) FROM taskdb.list_tasks(lim => 1000);
SELECT count(*) FROM taskdb.find_tasks('{"limit": 1000}');
SELECT jsonb_array_length(taskdb.model_list_tasks('{"limit": 1000}'));
SELECT count(*) FROM taskdb.task_list;
SELECT count(*) FROM taskdb.get_task($secret);
SELECT count(*) FROM taskdb.orm_list_tasks(lim => 1000);
SELECT sum(total) FROM taskdb.project_summary;
SELECT sum(total) FROM taskdb.project_report();
SELECT sum(jsonb_array_length(p -> 'tasks')) FROM jsonb_array_elements(taskdb.project_tree()) p;
SQL
)"
	# pages in title order, 2 a page (the cursor placed among the rows each
	# partition shows its role): exactly the visible rows, in order
	check "router, row security: reader's pages in title order, 2 a page, are the visible rows in (title, id) order" \
		"$(qv postgres router atk -c "SELECT string_agg(id::text, ' ' ORDER BY title, id) FROM taskdb.tasks WHERE title NOT LIKE 'secret%'")" \
		"$(qv reader router atk <<'SQL'
CREATE FUNCTION pg_temp.pages() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	after bigint;
	page bigint[];
	seen bigint[] := '{}';
BEGIN
	LOOP
		page := ARRAY(SELECT id FROM taskdb.list_tasks(after_id => after, lim => 2, order_by => 'title'));
		EXIT WHEN cardinality(page) = 0;
		seen := seen || page;
		after := page[cardinality(page)];
	END LOOP;
	RETURN array_to_string(seen, ' ');
END $$;
SELECT pg_temp.pages();
SQL
)"
	check "router, views with the caller's rights: SELECT on task_list without SELECT on taskdb.tasks reads nothing (42501)" \
		"42501 permission denied for view tasks" "$(errx listonly router atk "SELECT count(*) FROM taskdb.task_list")"
	check "router, views with the caller's rights: the same for project_summary (42501)" \
		"42501 permission denied for view projects" "$(errx listonly router atk "SELECT count(*) FROM taskdb.project_summary")"
}

# ---- 6. column privileges: UPDATE on one column of the router's view is
# not UPDATE on the view (the router checks the table-level privilege:
# stricter than one server, where it would allow update_task(done => ...))
attack_column_privilege() {
	local task before
	task=$(atk_task)
	before=$(atk_task_row "$task")
	check "router, column privilege: UPDATE (done) on taskdb.tasks does not let update_task change a title (42501)" \
		"42501 permission denied for view tasks" "$(errx colpriv router atk "SELECT * FROM taskdb.update_task($task, title => 'pwned')")"
	check "router, column privilege: the task is unchanged" "$before" "$(atk_task_row "$task")"
}

# ---- 7. roles with less than the README's grants, sharing the PUBLIC
# mapping to app: what PostgreSQL would refuse them on the router's views,
# the router refuses before the call reaches a partition
attack_less_privileged() {
	local task before n_before
	task=$(atk_task)
	before=$(atk_task_row "$task")
	n_before=$(atk_rows "SELECT count(*) FROM taskdb.tasks")
	check "router, no privilege on the views: update_task refused (42501), as in the issue" \
		"42501 permission denied for view tasks" "$(errx nopriv router atk "SELECT * FROM taskdb.update_task($task, title => 'pwned')")"
	check "router, no privilege: create_task, delete_task, get_task, model_update_task, delete_project refused (42501)" \
		"$(printf '42501 permission denied for view %s\n' tasks tasks tasks tasks projects)" \
		"$(for c in "SELECT * FROM taskdb.create_task('pwned')" "SELECT * FROM taskdb.delete_task($task)" \
			"SELECT * FROM taskdb.get_task($task)" "SELECT taskdb.model_update_task($task, '{\"title\": \"pwned\"}')" \
			"SELECT * FROM taskdb.delete_project(42)"; do errx nopriv router atk "$c"; done)"
	check "router, no privilege: calling the routed function taskdb_route.update_task directly is refused too (42501)" \
		"42501 permission denied for view tasks" \
		"$(errx nopriv router atk "SELECT * FROM taskdb_route.update_task($task, 'pwned', NULL, NULL, false, NULL, NULL, false, NULL)")"
	check "router, INSERT without SELECT: create_task refused (42501), as INSERT ... RETURNING is on one server" \
		"42501 permission denied for view tasks" "$(errx inserter router atk "SELECT * FROM taskdb.create_task('pwned')")"
	check "router, SELECT only: get_task works, create_task refused (42501)" \
		"$task 42501 permission denied for view tasks" \
		"$(qv selonly router atk -c "SELECT id FROM taskdb.get_task($task)") $(errx selonly router atk "SELECT * FROM taskdb.create_task('pwned')")"
	check "router, no USAGE on schema taskdb: PostgreSQL's own 42501" "42501 permission denied for schema taskdb" \
		"$(errx nousage router atk "SELECT * FROM taskdb.get_task($task)")"
	check "router, less privileged roles: the task is unchanged, no task was added or deleted" "$before $n_before" \
		"$(atk_task_row "$task") $(atk_rows "SELECT count(*) FROM taskdb.tasks")"
}

# ---- 8. taskdb_partition: a hostile search_path set by the database's
# owner, with domains and a shard() in public, when a superuser writes
attack_partition_search_path() {
	local db=atk_psp
	reset_attacker part0
	fresh_db part0 $db
	setup postgres part0 $db -c "ALTER DATABASE $db OWNER TO attacker" -c "CREATE EXTENSION taskdb CASCADE" \
		-c "CREATE EXTENSION taskdb_partition" -c "SELECT taskdb_partition.configure(0, 1)"
	setup attacker part0 $db <<SQL
$(escalate_sql public)
CREATE DOMAIN public.text AS pg_catalog.text CHECK (public.escalate());
CREATE DOMAIN public.jsonb AS pg_catalog.jsonb CHECK (public.escalate());
CREATE DOMAIN public.numeric AS pg_catalog.numeric CHECK (public.escalate());
CREATE FUNCTION public.shard(id bigint) RETURNS integer LANGUAGE sql AS 'SELECT 0 WHERE public.escalate()';
ALTER DATABASE $db SET search_path = public, pg_catalog;
SQL
	check "partition, hostile search_path: a superuser's creates get cluster ids, a task its project's shard, and a paged filter works" \
		"t t" \
		"$(qv postgres part0 $db <<'SQL' | paste -sd' '
SELECT id AS p FROM taskdb.create_project('victim') \gset
SELECT id >= (1::bigint << 50) AND id % 1024 = :p % 1024 FROM taskdb.create_task('victim task', :p);
SELECT taskdb_partition.page_filter('tasks', '{"order": "title", "after": 1, "offset": 1, "limit": 2}',
	pg_catalog.jsonb_build_object('id', 1, 'title', 'victim')) IS NOT NULL;
SQL
)"
	check "partition, hostile search_path: attacker is no superuser after the superuser's writes" "f" "$(attacker_is_superuser part0)"
	drop_db part0 $db
}

# ---- 9. taskdb_partition for roles with taskdb's grants and less: app
# writes through taskdb; a role's pg_temp.config changes nothing; a column
# INSERT privilege suffices for the trigger's id; configure() is a
# superuser's; row security does not let a task leave its shard
attack_partition_roles() {
	local db=atk_roles p hidden t
	reset_attacker part0
	fresh_db part0 $db
	partition_setup part0 $db 0 2 || notok "set up $db"
	setup postgres part0 $db <<'SQL'
GRANT USAGE ON SCHEMA taskdb TO attacker, colins, mover;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA taskdb TO attacker, mover;
GRANT SELECT ON taskdb.tasks TO colins;
GRANT INSERT (title) ON taskdb.tasks TO colins;
ALTER TABLE taskdb.projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_all ON taskdb.projects TO app USING (true) WITH CHECK (true);
CREATE POLICY mover_reads ON taskdb.projects FOR SELECT TO mover USING (name NOT LIKE 'hidden%');
SQL
	check "partition, the README's grants: app creates a project, a task in it and a batch, with cluster ids in the project's shard (no 42501)" \
		"t t t" \
		"$(qv app part0 $db <<'SQL' | paste -sd' '
SELECT id AS p FROM taskdb.create_project('app project') \gset
SELECT :p >= (1::bigint << 50) AND (:p % 1024) & 1 = 0;
SELECT id % 1024 = :p % 1024 FROM taskdb.create_task('app task', :p);
SELECT bool_and(id % 1024 = :p % 1024) FROM taskdb.create_tasks(ARRAY['b1', 'b2'], :p);
SQL
)"
	check "partition, non-superuser: app may not configure (42501), the configuration stays 0/2" \
		"42501 permission denied for function configure 0/2" \
		"$(errx app part0 $db "SELECT taskdb_partition.configure(1, 2)") $(qv postgres part0 $db -c "SELECT partition || '/' || partitions FROM taskdb_partition.config")"
	check "partition, pg_temp: a role's own pg_temp.config (partition 1 of 2) does not change the shard of its task" "0" \
		"$(qv attacker part0 $db -c "CREATE TEMP TABLE config (one boolean, partition integer, partitions integer)" \
			-c "INSERT INTO pg_temp.config VALUES (true, 1, 2)" -c "SET search_path = pg_temp, taskdb_partition, pg_catalog" \
			-c "SELECT (id % 1024) & 1 FROM taskdb.create_task('temp')")"
	check "partition, column privilege: INSERT (title) lets the trigger give the id; priority needs its own (42501)" \
		"t 42501 permission denied for table tasks" \
		"$(qv colins part0 $db -c "SELECT id >= (1::bigint << 50) FROM taskdb.create_task('col')") $(errx colins part0 $db "SELECT * FROM taskdb.create_task('col', priority => 2::smallint)")"
	# a project of another shard that a policy hides from mover
	p=$(qv app part0 $db -c "SELECT id FROM taskdb.create_project('mine')")
	hidden=$(qv app part0 $db -c "SELECT id FROM taskdb.create_project('hidden one')")
	t=$(qv app part0 $db -c "SELECT id FROM taskdb.create_task('movable', $p)")
	check "partition, row security: a task cannot join a project of another shard that a policy hides from its role (0AT01)" \
		"0AT01 project $hidden and task $t are in different shards" \
		"$(errx mover part0 $db "UPDATE taskdb.tasks SET project_id = $hidden WHERE id = $t")"
	check "partition, row security: the task stays in its project" "$p" "$(qv postgres part0 $db -c "SELECT project_id FROM taskdb.tasks WHERE id = $t")"
	check "partition: attacker is no superuser" "f" "$(attacker_is_superuser part0)"
	drop_db part0 $db
}
