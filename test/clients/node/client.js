#!/usr/bin/env node
// node-postgres (pg 8, from npm; package-lock.json pins it) against a running
// taskdb: the CRUD contract through the canonical and the model functions,
// the types as node-postgres surfaces them (int8 as strings, timestamptz as a
// Date without microseconds, composites as text), every error of
// ../errors.json with its SQLSTATE, message, detail and hint, and the
// (f()).* trap.  The server and database come from the PG* variables
// (test/clients/run sets PGDATABASE to a database of its own).
'use strict';
const fs = require('fs');
const path = require('path');
const assert = require('assert');
const pg = require('pg');

let passed = 0;
let failed = 0;
function eq(name, got, want) {
  let same = true;
  try { assert.deepStrictEqual(got, want); } catch (e) { same = false; }
  if (same) { passed++; console.log(`ok     node-postgres: ${name}`); return; }
  failed++;
  const show = (v) => { try { return JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? `${x}n` : x)); } catch (e) { return String(v); } };
  console.log(`not ok node-postgres: ${name}\n       got:  ${show(got)}\n       want: ${show(want)}`);
}

const TASK_COLUMNS = JSON.parse(process.env.TASKDB_TASK_COLUMNS); // the catalog's, derived by run
const MISSING = 9000000000000;

function client() { return new pg.Client(); }  // the PG* variables name the server

async function defaults(conn) {
  // what node-postgres does before any type parser is set
  const r = await conn.query("SELECT * FROM taskdb.create_task($1, due_at => $2::text::timestamptz)",
    ['defaults', '2030-01-02 03:04:05.123456+00']);
  const t = r.rows[0];
  eq('SELECT * FROM f(...) gives the columns', r.fields.map((f) => f.name), TASK_COLUMNS);
  eq('int8 id is a string by default', typeof t.id, 'string');
  eq('int4 version is a number', typeof t.version, 'number');
  eq('timestamptz is a Date by default', t.due_at instanceof Date, true);
  eq('... which drops the microseconds', t.due_at.toISOString(), '2030-01-02T03:04:05.123Z');
  const one = await conn.query('SELECT taskdb.create_task($1)', ['one value']);
  eq('SELECT f(...) gives one composite, as its text', typeof one.rows[0].create_task, 'string');
  const literal = one.rows[0].create_task;
  const lm = /^\((\d+),"one value",/.exec(literal);
  eq('... the row literal, id and title first', lm !== null, true);
  const stored = lm && (await conn.query('SELECT t::text AS t FROM taskdb.tasks t WHERE t.id = $1', [lm[1]])).rows[0].t;
  eq('... the row literal, as the server writes the row', literal, stored);
  // model JSON: the id string that node-postgres hands back is not an id
  try {
    await conn.query('SELECT taskdb.model_update_task($1, $2)', [t.id, { project_id: t.id }]);
    eq('an id string in model JSON is refused', 'accepted', 'refused');
  } catch (e) {
    eq('an id string in model JSON is refused with int_type', [e.code, JSON.parse(e.detail)[0].type], ['22023', 'int_type']);
  }
  return t;
}

async function types(conn, first) {
  // README: node-postgres types
  // int8 (every id) as a number instead of a string; ids stay below 2^53
  pg.types.setTypeParser(20, (value) => Number(value));
  // timestamptz as its text: a Date would drop the microseconds
  pg.types.setTypeParser(1184, (value) => value);
  // README: end
  await conn.query("SET TimeZone = 'UTC'");
  const t = (await conn.query('SELECT * FROM taskdb.get_task($1)', [first.id])).rows[0];
  eq('int8 id is a number with the parser', typeof t.id, 'number');
  eq('timestamptz text keeps microseconds', t.due_at, '2030-01-02 03:04:05.123456+00');
  const back = (await conn.query('SELECT * FROM taskdb.update_task($1, due_at => $2::timestamptz)', [t.id, t.due_at])).rows[0];
  eq('timestamptz text round-trips exactly', back.due_at, t.due_at);
  eq('a number id in model JSON is accepted',
    (await conn.query('SELECT taskdb.model_update_task($1, $2)', [t.id, { title: 'renamed' }])).rows[0].model_update_task.id, t.id);
  // README: node-postgres jsonb
  // an object parameter is sent as JSON; an array would become a PostgreSQL array
  const { rows } = await conn.query('SELECT taskdb.model_list_tasks($1) AS page',
    [{ ids: [t.id], limit: 10 }]);
  rows[0].page;   // jsonb comes back parsed: an array of objects
  // README: end
  eq('jsonb result is parsed', rows[0].page.map((x) => x.id), [t.id]);
  try {
    await conn.query('SELECT $1::jsonb', [[1, 2]]);
    eq('a JS array for jsonb is sent as a PostgreSQL array', 'accepted', 'refused');
  } catch (e) {
    eq('a JS array for jsonb is sent as a PostgreSQL array (22P02)', e.code, '22P02');
  }
  eq('JSON.stringify the array instead', (await conn.query('SELECT $1::jsonb AS j', [JSON.stringify([1, 2])])).rows[0].j, [1, 2]);
}

async function trap(conn) {
  const count = async (title) => Number((await conn.query('SELECT count(*) AS n FROM taskdb.tasks WHERE title = $1', [title])).rows[0].n);
  const total = async () => Number((await conn.query('SELECT count(*) AS n FROM taskdb.tasks')).rows[0].n);
  const before = await total();
  const once0 = await count('once');
  const trap0 = await count('trap');
  // README: node-postgres trap
  // one row: the function runs once
  await conn.query("SELECT * FROM taskdb.create_task('once')");
  // a PostgreSQL trap: (f()).* calls f once per result column
  await conn.query("SELECT (taskdb.create_task('trap')).*");
  // README: end
  const ncols = Number((await conn.query("SELECT count(*) AS n FROM pg_attribute WHERE attrelid = 'taskdb.tasks'::regclass AND attnum > 0 AND NOT attisdropped")).rows[0].n);
  eq('SELECT * FROM create_task(...) inserts one row', (await count('once')) - once0, 1);
  eq('SELECT (create_task(...)).* inserts one row per column', (await count('trap')) - trap0, ncols);
  eq('rows added by the two statements', (await total()) - before, 1 + ncols);
}

async function canonical(conn) {
  const q = async (sql, args) => (await conn.query(sql, args)).rows;
  const p = (await q('SELECT * FROM taskdb.create_project($1)', ['node project']))[0];
  eq('create_project keys', Object.keys(p), ['id', 'name', 'created_at']);
  eq('get_project', (await q('SELECT * FROM taskdb.get_project($1)', [p.id]))[0], p);
  const due = '2031-05-06 07:08:09.654321+00';
  const t = (await q('SELECT * FROM taskdb.create_task($1, $2, $3, $4)', ['first', p.id, due, 2]))[0];
  eq('create_task with project, due date and priority',
    [t.title, t.project_id, t.due_at, t.priority, t.version, t.done], ['first', p.id, due, 2, 1, false]);
  eq('get_task returns the row', (await q('SELECT * FROM taskdb.get_task($1)', [t.id]))[0], t);
  eq('get_task of a missing id: no row', await q('SELECT * FROM taskdb.get_task($1)', [MISSING]), []);
  const many = await q('SELECT id, title, project_id FROM taskdb.create_tasks($1, $2)', [['b', 'c', 'd'], p.id]);
  const ids = many.map((r) => r.id);
  eq('create_tasks: three rows in the project', many.map((r) => [r.title, r.project_id]), [['b', p.id], ['c', p.id], ['d', p.id]]);
  eq('get_tasks: id order, each once', (await q('SELECT id FROM taskdb.get_tasks($1)', [[ids[2], t.id, ids[0], ids[2]]])).map((r) => r.id),
    [t.id, ids[0], ids[2]]);
  const page1 = await q('SELECT id FROM taskdb.list_tasks(project_id => $1, lim => 2)', [p.id]);
  const page2 = await q('SELECT id FROM taskdb.list_tasks(project_id => $1, lim => 2, after_id => $2)', [p.id, page1[1].id]);
  eq('list_tasks keyset pages', page1.concat(page2).map((r) => r.id), [t.id].concat(ids));
  // ties in a descending order come in descending id order too (every path alike)
  eq('list_tasks order_by -priority, ties by -id',
    (await q("SELECT id FROM taskdb.list_tasks(project_id => $1, order_by => '-priority')", [p.id])).map((r) => r.id),
    [t.id].concat([...ids].reverse()));
  eq('list_tasks priority filter', (await q('SELECT id FROM taskdb.list_tasks(project_id => $1, priority => $2)', [p.id, 2])).map((r) => r.id), [t.id]);
  eq('list_tasks due_before filter',
    (await q('SELECT id FROM taskdb.list_tasks(project_id => $1, due_before => $2)', [p.id, '2031-05-06 07:08:09.654322+00'])).map((r) => r.id), [t.id]);
  let u = (await q('SELECT * FROM taskdb.update_task($1, title => $2, done => true)', [t.id, 'first, done']))[0];
  eq('update_task: title, done, version bumped', [u.title, u.done, u.version], ['first, done', true, 2]);
  u = (await q('SELECT * FROM taskdb.update_task($1, clear_project => true, clear_due_at => true, expected_version => 2)', [t.id]))[0];
  eq('update_task clear_x with the expected version', [u.project_id, u.due_at, u.version], [null, null, 3]);
  eq('list_tasks done filter', await q('SELECT id FROM taskdb.list_tasks(done => true, project_id => $1)', [p.id]), []);
  eq('find_tasks with an object filter',
    (await q('SELECT id FROM taskdb.find_tasks($1)', [{ project_id: p.id, order: '-id', limit: 2 }])).map((r) => r.id), [ids[2], ids[1]]);
  const rep = (await q('SELECT total, done, open FROM taskdb.project_report($1)', [{ project_id: p.id }]))[0];
  eq('project_report (count(*) is int8: numbers with the parser)', rep, { total: 3, done: 0, open: 3 });
  const tree = (await q('SELECT taskdb.project_tree($1) AS tree', [p.id]))[0].tree;
  eq('project_tree is parsed jsonb', tree[0].tasks.map((x) => x.id), ids);
  const d = (await q('SELECT * FROM taskdb.delete_task($1)', [t.id]))[0];
  eq('delete_task returns the deleted row', [d.id, d.version], [t.id, 3]);
  eq('deleted task is gone', await q('SELECT * FROM taskdb.get_task($1)', [t.id]), []);
  const p2 = (await q('SELECT * FROM taskdb.create_project($1)', ['node second']))[0];
  eq('list_projects after an id', (await q('SELECT id FROM taskdb.list_projects(after_id => $1, lim => 10)', [p.id])).map((r) => r.id), [p2.id]);
  eq('delete_project cascade returns the project', (await q('SELECT * FROM taskdb.delete_project($1, cascade => true)', [p.id]))[0].id, p.id);
  eq('its tasks went with it', await q('SELECT * FROM taskdb.get_tasks($1)', [ids]), []);
}

async function model(conn) {
  const v = async (sql, args) => Object.values((await conn.query(sql, args)).rows[0])[0];
  const p = await v('SELECT taskdb.model_create_project($1)', [{ name: 'node model' }]);
  eq('model_create_project keys', Object.keys(p).sort(), ['created_at', 'id', 'name']);
  eq('model_get_project', await v('SELECT taskdb.model_get_project($1)', [p.id]), p);
  const t = await v('SELECT taskdb.model_create_task($1)', [{ title: 'from JSON', project_id: p.id, due_at: '2030-01-02T03:04:05.123456+00:00' }]);
  eq('model_create_task: project_id as a number is accepted', t.project_id, p.id);
  eq('model_create_task: id is a JSON number', typeof t.id, 'number');
  eq('model due_at keeps microseconds (JSON text)', t.due_at, '2030-01-02T03:04:05.123456+00:00');
  eq('model_get_task', await v('SELECT taskdb.model_get_task($1)', [t.id]), t);
  eq('model_get_task of a missing id is NULL', await v('SELECT taskdb.model_get_task($1)', [MISSING]), null);
  let u = await v('SELECT taskdb.model_update_task($1, $2)', [t.id, { done: true, version: 1 }]);
  eq('model_update_task with the version', [u.done, u.version], [true, 2]);
  u = await v('SELECT taskdb.model_update_task($1, $2)', [t.id, { due_at: null, project_id: null }]);
  eq('model_update_task null clears', [u.due_at, u.project_id, u.version], [null, null, 3]);
  const t2 = await v('SELECT taskdb.model_create_task($1)', [{ title: 'second', project_id: p.id, priority: 3 }]);
  eq('model_list_tasks is a JSON array', (await v('SELECT taskdb.model_list_tasks($1)', [{ project_id: p.id, order: '-priority' }])).map((x) => x.id), [t2.id]);
  eq('model_list_tasks keyset', (await v('SELECT taskdb.model_list_tasks($1)', [{ ids: [t.id, t2.id], after: t.id }])).map((x) => x.id), [t2.id]);
  eq('model_update_project', (await v('SELECT taskdb.model_update_project($1, $2)', [p.id, { name: 'renamed' }])).name, 'renamed');
  eq('model_list_projects', (await v('SELECT taskdb.model_list_projects($1)', [{ after: p.id - 1, limit: 1 }])).map((x) => x.id), [p.id]);
  eq('model_delete_task returns the task', (await v('SELECT taskdb.model_delete_task($1)', [t.id])).id, t.id);
  eq('model_delete_project cascade', (await v('SELECT taskdb.model_delete_project($1, true)', [p.id])).id, p.id);
  eq('model_get_project after delete is NULL', await v('SELECT taskdb.model_get_project($1)', [p.id]), null);
}

function versionLe(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) < (y[i] || 0);
  }
  return true;
}
function applies(c, v) { return (!c.since || versionLe(c.since, v)) && (!c.until || versionLe(v, c.until)); }
function resolve(value, refs) {
  if (Array.isArray(value)) return value.map((x) => resolve(x, refs));
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort().join(',');
    if (keys === 'ref') return refs[value.ref];
    if (keys === 'repeat,times') return value.repeat.repeat(value.times);
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, resolve(x, refs)]));
  }
  return value;
}
function fill(text, refs) {
  if (text === null) return null;
  return Object.entries(refs).reduce((s, [k, x]) => s.split(`{${k}}`).join(String(x)), text);
}

function surfaced(err) {
  // README: node-postgres errors
  const { code, message, detail, hint } = err;   // detail, hint: undefined when absent
  // README: end
  return [code, message, detail === undefined ? null : detail, hint === undefined ? null : hint];
}

async function race(conn, other, watch, sql, args, task, name) {
  let got = ['no error'];
  await other.query('BEGIN');
  await other.query("UPDATE taskdb.tasks SET title = 'changed meanwhile' WHERE id = $1", [task]);
  const call = conn.query(sql, args).then(() => null, (e) => { got = surfaced(e); });
  let blocked = false;
  for (let i = 0; i < 100 && !blocked; i++) {
    const r = await watch.query("SELECT wait_event_type = 'Lock' AS w FROM pg_stat_activity WHERE pid = $1", [conn.processID]);
    blocked = r.rows.length === 1 && r.rows[0].w === true;
    if (!blocked) await new Promise((res) => setTimeout(res, 50));
  }
  await other.query('COMMIT');
  await call;
  eq(`${name}: the call waited on the row lock`, blocked, true);
  return got;
}

async function errors(conn, other, watch, extversion) {
  const spec = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'errors.json'), 'utf8'));
  const one = async (sql) => Object.values((await conn.query(sql)).rows[0])[0];
  const refs = {
    role: process.env.TASKDB_CLIENTS_ROLE, missing: spec.fixtures.missing,
    orders: process.env.TASKDB_DESCRIBED_ORDERS, column_keys: process.env.TASKDB_DESCRIBED_KEYS,
    task: await one(spec.fixtures.task), project: await one(spec.fixtures.project),
  };
  if (!refs.role || !refs.orders || !refs.column_keys) throw new Error('TASKDB_CLIENTS_ROLE or TASKDB_DESCRIBED_* is not set: run test/clients/run');
  for (const c of spec.cases) {
    if (!applies(c, extversion)) continue;
    const r = { ...refs };
    if (c.fresh_task) r.task = await one("SELECT id FROM taskdb.create_task('clients: fresh')");
    const args = resolve(c.args, r);
    const want = [c.sqlstate, fill(c.message, r), fill(c.detail, r), fill(c.hint, r)];
    let got = ['no error'];
    for (const s of c.before || []) await conn.query(fill(s, r));
    try {
      if (c.race) {
        got = await race(conn, other, watch, c.sql, args, r.task, c.name);
      } else {
        try { await conn.query(c.sql, args); } catch (e) { got = surfaced(e); }
      }
    } finally {
      for (const s of c.after || []) await conn.query(fill(s, r));
    }
    eq(c.name, got, want);
    if (want[2] && want[2].startsWith('[')) {
      let parsed = null;
      try { parsed = Array.isArray(JSON.parse(got[2])); } catch (e) { parsed = false; }
      eq(`${c.name}: detail parses as JSON`, parsed, true);
    }
  }
  try {
    await conn.query("SELECT * FROM taskdb.create_task('')");
  } catch (e) {
    eq('err is a DatabaseError', e instanceof pg.DatabaseError, true);
    eq('err.severity', e.severity, 'ERROR');
  }
}

async function main() {
  const conn = client();
  const other = client();
  const watch = client();
  await conn.connect();
  await other.connect();
  await watch.connect();
  try {
    await conn.query("SET TimeZone = 'UTC'");
    const extversion = (await conn.query("SELECT extversion FROM pg_extension WHERE extname = 'taskdb'")).rows[0].extversion;
    console.log(`node ${process.version}, pg ${require('pg/package.json').version}, taskdb ${extversion}`);
    const first = await defaults(conn);
    await types(conn, first);
    await trap(conn);
    await canonical(conn);
    await model(conn);
    await errors(conn, other, watch, extversion);
  } finally {
    await conn.end();
    await other.end();
    await watch.end();
  }
}

const timer = setTimeout(() => { eq('the script ended within 60 s', 'timeout', 'done'); console.log(`node-postgres: ${passed} passed, ${failed} failed`); process.exit(1); }, 60000);
main().catch((e) => eq('the script ran to its end', `${e.name}: ${e.message}`, 'no exception')).finally(() => {
  clearTimeout(timer);
  console.log(`node-postgres: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
});
