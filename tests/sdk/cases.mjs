// The tools/call cases every transport runs: for each tool family a good call (its parsed
// result checked) and bad calls (each must be an isError result, not a thrown McpError, with
// readable text and _meta["mcpgw/error"] = {code, message, field?, retryable}; docs/tools.md).
import { assert } from './harness.mjs';

/** The first text item of a result ('' when none). */
export function textOf(result) {
  return result?.content?.find((c) => c.type === 'text')?.text ?? '';
}

function brief(result) {
  const s = JSON.stringify(result);
  return s.length > 600 ? `${s.slice(0, 600)}...` : s;
}

/** A successful result: no isError, readable content, structuredContent when declared. */
export function expectSuccess(result, tool) {
  assert.notEqual(result.isError, true, `expected success, got an error result: ${brief(result)}`);
  assert.ok(Array.isArray(result.content) && result.content.length > 0, `no content: ${brief(result)}`);
  if (tool?.outputSchema) {
    assert.ok(result.structuredContent && typeof result.structuredContent === 'object',
      `tool ${tool.name} declares outputSchema but the result has no structuredContent`);
  }
}

/** An error result as docs/tools.md describes it. */
export function expectToolError(result, want) {
  assert.equal(result.isError, true, `expected isError: true, got ${brief(result)}`);
  assert.equal(result.structuredContent, undefined,
    `an error result must not carry structuredContent: ${brief(result)}`);
  const text = textOf(result);
  assert.ok(text.length > 0, `error result without readable text: ${brief(result)}`);
  const meta = result._meta?.['mcpgw/error'];
  assert.ok(meta && typeof meta === 'object', `no _meta["mcpgw/error"]: ${brief(result)}`);
  assert.equal(meta.code, want.code, `code (text: ${text})`);
  assert.equal(typeof meta.message, 'string', 'message is a string');
  assert.ok(meta.message.length > 0, 'message is not empty');
  assert.ok(text.includes(meta.message), `the text does not carry the message: '${text}' vs '${meta.message}'`);
  assert.equal(typeof meta.retryable, 'boolean', `retryable is a boolean: ${brief(meta)}`);
  if (want.field !== undefined) assert.equal(meta.field, want.field, `field (text: ${text})`);
  if (want.retryable !== undefined) assert.equal(meta.retryable, want.retryable, 'retryable');
  if (want.match !== undefined) assert.match(text, want.match);
}

const names = (sc) => sc.columns.map((c) => c.name);

function table(sc, { columns, rowCount, minRows }) {
  assert.ok(Array.isArray(sc.columns) && Array.isArray(sc.rows), `not a table: ${brief(sc)}`);
  if (columns) assert.deepEqual(names(sc), columns, 'columns');
  if (rowCount !== undefined) {
    assert.equal(sc.rows.length, rowCount, 'rows');
    assert.equal(sc.row_count, rowCount, 'row_count');
  }
  if (minRows !== undefined) assert.ok(sc.rows.length >= minRows, `at least ${minRows} rows, got ${sc.rows.length}`);
  assert.equal(sc.truncated, false, 'truncated');
  assert.equal(typeof sc.elapsed_ms, 'number', 'elapsed_ms');
}

function column(sc, name) {
  const i = names(sc).indexOf(name);
  assert.ok(i >= 0, `no column '${name}' in ${names(sc)}`);
  return sc.rows.map((r) => r[i]);
}

/** Bad-input cases shared by the three query tools. */
function sqlErrors(tool, server, { table: known, fieldSql = true, unrecognised }) {
  const srv = server ? { server } : {};
  const sqlField = fieldSql ? 'sql' : undefined;
  return [
    { tool, label: `an unrecognised statement (SELEC) is ${unrecognised.code}`, args: { ...srv, sql: `SELEC id FROM ${known}` }, err: unrecognised },
    { tool, label: 'DELETE is refused (read_only)', args: { ...srv, sql: `DELETE FROM ${known}` }, err: { code: 'refused' } },
    { tool, label: 'INSERT is refused (read_only)', args: { ...srv, sql: `INSERT INTO ${known} (id) VALUES (99)` }, err: { code: 'refused' } },
    { tool, label: 'two statements are refused', args: { ...srv, sql: `SELECT 1; DROP TABLE ${known}` }, err: { code: 'refused' } },
    { tool, label: 'a syntax error is backend_error', args: { ...srv, sql: `SELECT id FROM ${known} WHERE` }, err: { code: 'backend_error', field: sqlField } },
    { tool, label: 'an unknown table is backend_error', args: { ...srv, sql: 'SELECT * FROM no_such_table_sdk' }, err: { code: 'backend_error' } },
    { tool, label: 'sql: 5 (wrong type) is invalid_argument', args: { ...srv, sql: 5 }, err: { code: 'invalid_argument', field: 'sql' } },
    { tool, label: 'no sql (missing required) is invalid_argument', args: { ...srv }, err: { code: 'invalid_argument', field: 'sql' } },
    { tool, label: 'an unknown server is invalid_argument', args: { server: 'nope', sql: 'SELECT 1' }, err: { code: 'invalid_argument', field: 'server' } },
  ];
}

export function buildCases(facts) {
  const p = facts.redis_prefix;
  return [
    // --- list_servers
    { tool: 'list_servers', label: 'every configured server', args: {}, ok: (sc) => {
      const got = sc.servers.map((s) => s.name).sort();
      assert.deepEqual(got, ['cache', 'conformance', 'gone', 'maria', 'metrics', 'ops', 'pg'].sort(), 'server names');
      table(sc, { rowCount: got.length });
      const byName = Object.fromEntries(sc.servers.map((s) => [s.name, s]));
      assert.equal(byName.pg.type, 'postgres');
      assert.equal(byName.maria.access, 'read_only');
      assert.equal(byName.gone.health.state, 'down', 'a missing SQLite file is down');
    } },
    { tool: 'list_servers', label: 'type: sqlite', args: { type: 'sqlite' }, ok: (sc) => {
      assert.deepEqual(sc.servers.map((s) => s.name).sort(), ['gone', 'ops']);
    } },
    { tool: 'list_servers', label: 'an unknown type is invalid_argument', args: { type: 'oracle' }, err: { code: 'invalid_argument', field: 'type' } },
    { tool: 'list_servers', label: 'type: 5 is invalid_argument', args: { type: 5 }, err: { code: 'invalid_argument', field: 'type' } },

    // --- SQLite
    { tool: 'sqlite_query', label: 'SELECT', args: { server: 'ops', sql: 'SELECT name, tier FROM services ORDER BY id' }, ok: (sc) => {
      table(sc, { columns: ['name', 'tier'], rowCount: 4 });
      assert.deepEqual(sc.rows[0], ['checkout-api', 1]);
      assert.deepEqual(column(sc, 'name'), ['checkout-api', 'search', 'payments-worker', 'recommendations']);
    } },
    { tool: 'sqlite_query', label: 'NULL and a view', args: { server: 'ops', sql: 'SELECT owner FROM services WHERE id = 4' }, ok: (sc) => {
      assert.deepEqual(sc.rows, [[null]]);
    } },
    // SQLite's own parser answers a text it cannot read.
    ...sqlErrors('sqlite_query', 'ops', { table: 'services', fieldSql: false, unrecognised: { code: 'backend_error' } }),
    { tool: 'sqlite_query', label: 'PRAGMA query_only=0 is refused', args: { server: 'ops', sql: 'PRAGMA query_only=0' }, err: { code: 'refused' } },
    { tool: 'sqlite_query', label: 'a server whose file is missing is unavailable', args: { server: 'gone', sql: 'SELECT 1' }, err: { code: 'unavailable', retryable: true } },
    { tool: 'list_tables', label: 'sqlite', args: { server: 'ops' }, ok: (sc) => {
      assert.deepEqual(column(sc, 'name'), ['incidents', 'services', 'tier1']);
    } },
    { tool: 'describe_table', label: 'sqlite services', args: { server: 'ops', table: 'services' }, ok: (sc) => {
      assert.deepEqual(column(sc, 'name'), ['id', 'name', 'tier', 'owner']);
    } },
    { tool: 'describe_table', label: 'sqlite: an unknown table is not_found', args: { server: 'ops', table: 'nope' }, err: { code: 'not_found', field: 'table' } },
    { tool: 'describe_table', label: 'no table (missing required) is invalid_argument', args: { server: 'ops' }, err: { code: 'invalid_argument', field: 'table' } },
    { tool: 'list_tables', label: 'an unknown server is invalid_argument', args: { server: 'nope' }, err: { code: 'invalid_argument', field: 'server' } },
    { tool: 'services_by_tier', label: 'declared SQLite statement', args: { tier: 1 }, ok: (sc) => {
      table(sc, { columns: ['name', 'owner'], rowCount: 2 });
      assert.deepEqual(sc.rows, [['checkout-api', 'payments'], ['payments-worker', 'payments']]);
    } },
    { tool: 'services_by_tier', label: 'tier: "high" (wrong type) is invalid_argument', args: { tier: 'high' }, err: { code: 'invalid_argument', field: 'tier' } },
    { tool: 'services_by_tier', label: 'tier: 9 (above maximum) is invalid_argument', args: { tier: 9 }, err: { code: 'invalid_argument', field: 'tier' } },
    { tool: 'services_by_tier', label: 'no tier (missing required) is invalid_argument', args: {}, err: { code: 'invalid_argument', field: 'tier' } },

    // --- PostgreSQL (read-only role)
    // Names are schema-qualified: the gateway pins the session's search_path (pg_catalog first).
    { tool: 'postgres_query', label: 'SELECT', args: { sql: `SELECT id, owner, opened FROM ${facts.pg_schema}.accounts ORDER BY id` }, ok: (sc) => {
      table(sc, { columns: ['id', 'owner', 'opened'], rowCount: 3 });
      assert.deepEqual(column(sc, 'owner'), ['ann', 'bob', 'cid']);
      assert.equal(sc.rows[1][2], null);
    } },
    // The guard parses with PostgreSQL's own grammar: a text it cannot parse is answered as the
    // server would answer it (backend_error, field sql) without being sent.
    ...sqlErrors('postgres_query', 'pg', { table: `${facts.pg_schema}.accounts`, unrecognised: { code: 'backend_error', field: 'sql', match: /syntax error/ } }),
    { tool: 'postgres_query', label: 'UPDATE is refused (read_only)', args: { sql: `UPDATE ${facts.pg_schema}.accounts SET balance = 0` }, err: { code: 'refused' } },
    { tool: 'list_tables', label: 'postgres', args: { server: 'pg' }, ok: (sc) => {
      const schema = column(sc, 'schema');
      const mine = column(sc, 'name').filter((n, i) => schema[i] === facts.pg_schema);
      assert.deepEqual(mine.sort(), ['accounts', 'rich']);
    } },
    { tool: 'describe_table', label: 'postgres accounts', args: { server: 'pg', table: `${facts.pg_schema}.accounts` }, ok: (sc) => {
      assert.deepEqual(column(sc, 'name'), ['id', 'owner', 'balance', 'opened']);
      assert.deepEqual(column(sc, 'type').slice(0, 3), ['integer', 'text', 'numeric(12,2)']);
    } },
    { tool: 'describe_table', label: 'postgres: an unknown table is not_found', args: { server: 'pg', table: 'nope' }, err: { code: 'not_found', field: 'table' } },
    { tool: 'account_by_owner', label: 'declared PostgreSQL statement', args: { owner: 'bob' }, ok: (sc) => {
      table(sc, { columns: ['id', 'owner', 'balance'], rowCount: 1 });
      assert.equal(sc.rows[0][0], 2);
    } },
    { tool: 'account_by_owner', label: 'owner: 5 (wrong type) is invalid_argument', args: { owner: 5 }, err: { code: 'invalid_argument', field: 'owner' } },
    { tool: 'account_by_owner', label: 'owner: "" (minLength) is invalid_argument', args: { owner: '' }, err: { code: 'invalid_argument', field: 'owner' } },
    { tool: 'account_by_owner', label: 'no owner (missing required) is invalid_argument', args: {}, err: { code: 'invalid_argument', field: 'owner' } },

    // --- MariaDB (SELECT-only user)
    { tool: 'mysql_query', label: 'SELECT', args: { sql: 'SELECT id, name, signed_up FROM customers ORDER BY id' }, ok: (sc) => {
      table(sc, { columns: ['id', 'name', 'signed_up'], rowCount: 3 });
      assert.deepEqual(column(sc, 'name'), ['acme', 'globex', 'initech']);
      assert.equal(sc.rows[1][2], null);
    } },
    // The MySQL guard refuses a statement it does not recognise (docs/sql_guard.md).
    ...sqlErrors('mysql_query', 'maria', { table: 'customers', unrecognised: { code: 'refused', field: 'sql', match: /not recognised/ } }),
    { tool: 'list_tables', label: 'mysql', args: { server: 'maria' }, ok: (sc) => {
      assert.deepEqual(column(sc, 'name').sort(), ['big_customers', 'customers']);
    } },
    { tool: 'describe_table', label: 'mysql customers', args: { server: 'maria', table: 'customers' }, ok: (sc) => {
      assert.deepEqual(column(sc, 'name'), ['id', 'name', 'revenue', 'signed_up']);
    } },
    { tool: 'describe_table', label: 'mysql: an unknown table is not_found', args: { server: 'maria', table: 'nope' }, err: { code: 'not_found', field: 'table' } },
    { tool: 'customer_by_id', label: 'declared MariaDB statement', args: { id: 2 }, ok: (sc) => {
      table(sc, { columns: ['id', 'name', 'revenue'], rowCount: 1 });
      assert.equal(sc.rows[0][1], 'globex');
    } },
    { tool: 'customer_by_id', label: 'id: "two" (wrong type) is invalid_argument', args: { id: 'two' }, err: { code: 'invalid_argument', field: 'id' } },
    { tool: 'customer_by_id', label: 'id: 0 (below minimum) is invalid_argument', args: { id: 0 }, err: { code: 'invalid_argument', field: 'id' } },

    // --- Redis (read_only)
    { tool: 'redis_command', label: 'GET', args: { command: 'GET', args: [`${p}:greeting`] }, ok: (sc) => {
      assert.equal(sc.reply, 'hello from redis');
      assert.equal(sc.type, 'string');
      assert.equal(sc.truncated, false);
    } },
    { tool: 'redis_command', label: 'LRANGE', args: { command: 'LRANGE', args: [`${p}:events`, 0, -1] }, ok: (sc) => {
      assert.deepEqual(sc.reply, ['login', 'logout', 'login']);
      assert.equal(sc.type, 'array');
    } },
    { tool: 'redis_command', label: 'GET of a missing key is null', args: { command: 'GET', args: [`${p}:missing`] }, ok: (sc) => {
      assert.equal(sc.reply, null);
      assert.equal(sc.type, 'null');
    } },
    { tool: 'redis_command', label: 'SET is refused (read_only)', args: { command: 'SET', args: [`${p}:greeting`, 'changed'] }, err: { code: 'refused', field: 'command' } },
    { tool: 'redis_command', label: 'DEL is refused (read_only)', args: { command: 'DEL', args: [`${p}:greeting`] }, err: { code: 'refused', field: 'command' } },
    { tool: 'redis_command', label: 'FLUSHALL is refused', args: { command: 'FLUSHALL' }, err: { code: 'refused', field: 'command' } },
    { tool: 'redis_command', label: 'an unknown command is invalid_argument', args: { command: 'NOSUCHCOMMAND' }, err: { code: 'invalid_argument', field: 'command' } },
    { tool: 'redis_command', label: 'GET on a hash is backend_error (WRONGTYPE)', args: { command: 'GET', args: [`${p}:user:1`] }, err: { code: 'backend_error', match: /WRONGTYPE/ } },
    { tool: 'redis_command', label: 'args: "x" (wrong type) is invalid_argument', args: { command: 'GET', args: 'x' }, err: { code: 'invalid_argument', field: 'args' } },
    { tool: 'redis_command', label: 'no command (missing required) is invalid_argument', args: { args: ['x'] }, err: { code: 'invalid_argument', field: 'command' } },
    { tool: 'redis_command', label: 'an unknown server is invalid_argument', args: { server: 'nope', command: 'PING' }, err: { code: 'invalid_argument', field: 'server' } },
    { tool: 'user_field', label: 'declared Redis command', args: { id: 1, field: 'team' }, ok: (sc) => {
      assert.equal(sc.reply, 'ops');
    } },
    { tool: 'user_field', label: 'field: "secret" (not in enum) is invalid_argument', args: { id: 1, field: 'secret' }, err: { code: 'invalid_argument', field: 'field' } },
    { tool: 'user_field', label: 'no id (missing required) is invalid_argument', args: { field: 'name' }, err: { code: 'invalid_argument', field: 'id' } },

    // --- Prometheus
    { tool: 'prometheus_query', label: 'instant vector', args: { query: 'up{job="prometheus"}' }, ok: (sc) => {
      assert.ok(Array.isArray(sc.series) && sc.series.length >= 1, `series: ${brief(sc)}`);
      assert.equal(sc.series[0].labels.job, 'prometheus');
    } },
    { tool: 'prometheus_query_range', label: 'range over 2 minutes', args: { query: 'up{job="prometheus"}', start: 'now-2m' }, ok: (sc) => {
      assert.ok(sc.series.length >= 1 && sc.series[0].points >= 1, `series: ${brief(sc)}`);
    } },
    { tool: 'prometheus_list_metrics', label: 'names', args: { match: 'up' }, ok: (sc) => {
      assert.ok(JSON.stringify(sc).includes('"up"'), brief(sc));
    } },
    { tool: 'prometheus_metric_metadata', label: 'metadata', args: { metric: 'prometheus_build_info' }, ok: () => {} },
    { tool: 'prometheus_list_labels', label: 'label names', args: {}, ok: (sc) => {
      assert.ok(JSON.stringify(sc).includes('"job"'), brief(sc));
    } },
    { tool: 'prometheus_label_values', label: 'values of job', args: { label: 'job' }, ok: (sc) => {
      assert.ok(JSON.stringify(sc).includes('"prometheus"'), brief(sc));
    } },
    { tool: 'prometheus_series', label: 'series', args: { match: 'up' }, ok: () => {} },
    { tool: 'prometheus_targets', label: 'targets', args: {}, ok: (sc) => {
      assert.ok(JSON.stringify(sc).includes('prometheus'), brief(sc));
    } },
    { tool: 'prometheus_alerts', label: 'the always-firing alert', args: {}, ok: (sc) => {
      assert.ok(JSON.stringify(sc).includes('McpgwTestAlwaysFiring'), brief(sc));
    } },
    { tool: 'prometheus_rules', label: 'the recording rule', args: { type: 'record' }, ok: (sc) => {
      assert.ok(JSON.stringify(sc).includes('mcpgw_test:one'), brief(sc));
    } },
    { tool: 'check_service_health', label: 'prometheus is up', args: { service: 'prometheus' }, ok: (sc) => {
      assert.equal(sc.status, 'up', brief(sc));
    } },
    { tool: 'get_error_rate', label: 'no traffic metric', args: { service: 'prometheus' }, ok: (sc) => {
      assert.ok(['ok', 'no_data'].includes(sc.status), brief(sc));
    } },
    { tool: 'prometheus_query', label: 'bad PromQL is invalid_argument', args: { query: 'sum(' }, err: { code: 'invalid_argument', field: 'query' } },
    { tool: 'prometheus_query', label: 'query: 5 (wrong type) is invalid_argument', args: { query: 5 }, err: { code: 'invalid_argument', field: 'query' } },
    { tool: 'prometheus_query', label: 'no query (missing required) is invalid_argument', args: {}, err: { code: 'invalid_argument', field: 'query' } },
    { tool: 'prometheus_query_range', label: 'start: "yesterday" is invalid_argument', args: { query: 'up', start: 'yesterday' }, err: { code: 'invalid_argument', field: 'start' } },
    { tool: 'prometheus_label_values', label: 'a label that is not a name is invalid_argument', args: { label: 'not a label' }, err: { code: 'invalid_argument', field: 'label' } },
    { tool: 'prometheus_query', label: 'an unknown server is invalid_argument', args: { server: 'nope', query: 'up' }, err: { code: 'invalid_argument', field: 'server' } },

    // --- the conformance fixture source
    { tool: 'test_simple_text', label: 'text', args: {}, ok: (sc, r) => {
      assert.equal(textOf(r), 'This is a simple text response for testing.');
    } },
    { tool: 'test_image_content', label: 'image', args: {}, ok: (sc, r) => {
      assert.equal(r.content[0].type, 'image');
      assert.equal(r.content[0].mimeType, 'image/png');
    } },
    { tool: 'test_audio_content', label: 'audio', args: {}, ok: (sc, r) => {
      assert.equal(r.content[0].type, 'audio');
    } },
    { tool: 'test_embedded_resource', label: 'embedded resource', args: {}, ok: (sc, r) => {
      assert.equal(r.content[0].type, 'resource');
      assert.equal(r.content[0].resource.uri, 'test://embedded-resource');
    } },
    { tool: 'test_multiple_content_types', label: 'mixed content', args: {}, ok: (sc, r) => {
      assert.deepEqual(r.content.map((c) => c.type), ['text', 'image', 'resource']);
    } },
    { tool: 'json_schema_2020_12_tool', label: 'JSON Schema 2020-12 arguments', args: { name: 'x', address: { city: 'y' } }, ok: (sc, r) => {
      assert.match(textOf(r), /called with/);
    } },
    { tool: 'json_schema_2020_12_tool', label: 'an extra property (additionalProperties false) is invalid_argument', args: { name: 'x', extra: 1 }, err: { code: 'invalid_argument' } },
    { tool: 'test_error_handling', label: 'the fixture error', args: {}, err: { code: 'backend_error' } },
  ];
}
