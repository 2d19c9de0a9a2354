// One client session over one transport: connect, ping, list (every page), call every tool
// family with good and bad input, read every resource, get every prompt, close.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  LoggingMessageNotificationSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';

import { assert, blocked, check, section } from './harness.mjs';
import { buildCases, expectSuccess, expectToolError, textOf } from './cases.mjs';

// Tools the configuration in run.sh must produce (built-in, declared, conformance fixture).
const EXPECTED_TOOLS = [
  'list_servers', 'sqlite_query', 'postgres_query', 'mysql_query', 'list_tables', 'describe_table',
  'redis_command', 'prometheus_query', 'prometheus_query_range', 'prometheus_list_metrics',
  'prometheus_metric_metadata', 'prometheus_list_labels', 'prometheus_label_values',
  'prometheus_series', 'prometheus_targets', 'prometheus_alerts', 'prometheus_rules',
  'check_service_health', 'get_error_rate', 'services_by_tier', 'account_by_owner',
  'customer_by_id', 'user_field', 'test_simple_text', 'test_image_content', 'test_audio_content',
  'test_embedded_resource', 'test_multiple_content_types', 'test_error_handling',
  'json_schema_2020_12_tool', 'test_tool_with_logging', 'test_tool_with_progress',
  'test_sampling', 'test_elicitation', 'test_elicitation_sep1034_defaults',
  'test_elicitation_sep1330_enums',
];
const SCHEMA_SERVERS = ['gone', 'maria', 'ops', 'pg'];
const FIXTURE_RESOURCES = ['test://static-binary', 'test://static-text', 'test://watched-resource'];

/** An answer to an elicitation request that satisfies its requestedSchema. */
function fillForm(schema) {
  const content = {};
  for (const [name, prop] of Object.entries(schema?.properties ?? {})) {
    if (prop.default !== undefined) content[name] = prop.default;
    else if (prop.enum) content[name] = prop.enum[0];
    else if (prop.oneOf) content[name] = prop.oneOf[0].const;
    else if (prop.type === 'array') {
      const items = prop.items ?? {};
      content[name] = [items.enum?.[0] ?? items.anyOf?.[0]?.const ?? 'x'];
    } else if (prop.type === 'integer' || prop.type === 'number') content[name] = 1;
    else if (prop.type === 'boolean') content[name] = true;
    else content[name] = name === 'email' ? 'sdk@example.com' : 'sdk-user';
  }
  return content;
}

async function allPages(list, key) {
  const items = [];
  let cursor;
  let pages = 0;
  do {
    const page = await list(cursor === undefined ? {} : { cursor });
    items.push(...page[key]);
    cursor = page.nextCursor;
    pages += 1;
    assert.ok(pages < 100, 'more than 100 pages');
  } while (cursor !== undefined);
  return { items, pages };
}

async function expectMcpError(promise, code, what) {
  try {
    const r = await promise;
    assert.fail(`${what}: expected McpError ${code}, got a result: ${JSON.stringify(r).slice(0, 300)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    assert.ok(e instanceof McpError, `${what}: expected McpError ${code}, got ${e?.name}: ${e?.message}`);
    assert.equal(e.code, code, `${what}: error code (message: ${e.message})`);
    return e;
  }
}

/**
 * Runs the scenario. `makeTransport()` returns a fresh SDK transport; `kind` is 'http', 'sse'
 * or 'stdio'; `expectVersion` the protocol version the session must settle on.
 */
export async function runScenario({ group, kind, makeTransport, expectVersion, facts }) {
  section(`${group}`);
  const client = new Client(
    { name: 'mcpgw-sdk-tests', version: '1.0.0' },
    { capabilities: { sampling: {}, elicitation: {} } },
  );
  const logs = [];
  const samplingRequests = [];
  const elicitRequests = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => { logs.push(n.params); });
  client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
    samplingRequests.push(req.params);
    return { model: 'sdk-test-model', role: 'assistant', content: { type: 'text', text: 'sampled by the SDK test' } };
  });
  client.setRequestHandler(ElicitRequestSchema, async (req) => {
    elicitRequests.push(req.params);
    return { action: 'accept', content: fillForm(req.params.requestedSchema) };
  });
  const transportErrors = [];
  client.onerror = (e) => { transportErrors.push(e); };

  const transport = makeTransport();
  // A tap on the wire: Client.connect() calls a transport's own onmessage before dispatching,
  // so this sees every message in arrival order.
  const wire = [];
  transport.onmessage = (m) => { wire.push(m); };
  const lateProgressTokens = new Set();  // progress the SDK dropped after the response (#2580)
  const connected = await check(group, 'connect (initialize + initialized)', async () => {
    await client.connect(transport);
    const info = client.getServerVersion();
    assert.equal(info?.name, 'mcpgw', `serverInfo: ${JSON.stringify(info)}`);
    const caps = client.getServerCapabilities();
    for (const c of ['tools', 'resources', 'prompts']) assert.ok(caps?.[c], `capability ${c}: ${JSON.stringify(caps)}`);
    if (kind === 'http') {
      assert.equal(transport.protocolVersion, expectVersion, 'negotiated protocol version');
      assert.ok(transport.sessionId, 'Mcp-Session-Id');
    }
  });
  if (!connected) {
    blocked(group, 'everything after connect', 'connect failed');
    await client.close().catch(() => {});
    return;
  }

  await check(group, 'ping', async () => {
    const r = await client.ping();
    assert.deepEqual(Object.keys(r).filter((k) => k !== '_meta'), [], `ping result: ${JSON.stringify(r)}`);
  });

  // --- tools
  let tools = new Map();
  await check(group, 'tools/list (every page; the SDK parses and compiles every schema)', async () => {
    const { items, pages } = await allPages((p) => client.listTools(p), 'tools');
    tools = new Map(items.map((t) => [t.name, t]));
    assert.equal(tools.size, items.length, 'tool names are unique');
    const missing = EXPECTED_TOOLS.filter((n) => !tools.has(n));
    assert.deepEqual(missing, [], `missing tools (got ${[...tools.keys()].join(', ')})`);
    for (const t of items) assert.equal(t.inputSchema?.type, 'object', `${t.name}: inputSchema.type`);
    console.log(`        ${items.length} tools in ${pages} page(s)`);
  });
  await check(group, 'annotations: every reachable server is read_only', async () => {
    for (const name of ['sqlite_query', 'postgres_query', 'mysql_query', 'redis_command', 'services_by_tier']) {
      const a = tools.get(name)?.annotations;
      assert.equal(a?.readOnlyHint, true, `${name}.readOnlyHint: ${JSON.stringify(a)}`);
      assert.notEqual(a?.destructiveHint, true, `${name}.destructiveHint`);
    }
    const tables = tools.get('describe_table');
    assert.equal(tables?.annotations?.readOnlyHint, true, 'describe_table.readOnlyHint');
    const servers = tools.get('sqlite_query')?.inputSchema?.properties?.server?.enum;
    assert.deepEqual([...(servers ?? [])].sort(), ['gone', 'ops'], 'sqlite_query server enum');
  });

  for (const c of buildCases(facts)) {
    const label = `${c.tool}: ${c.label}`;
    const tool = tools.get(c.tool);
    if (!tool) {
      blocked(group, label, `tool ${c.tool} not listed`);
      continue;
    }
    await check(group, label, async () => {
      // client.callTool validates structuredContent against the tool's outputSchema (the
      // SDK's default) and throws on a mismatch: an error result carrying a success-shaped
      // or error-shaped structuredContent fails here.
      const r = await client.callTool({ name: c.tool, arguments: c.args });
      if (c.err) {
        expectToolError(r, c.err);
      } else {
        expectSuccess(r, tool);
        await c.ok(r.structuredContent, r);
      }
    });
  }

  await check(group, 'an unknown tool is a JSON-RPC error -32602 (McpError)', async () => {
    const e = await expectMcpError(client.callTool({ name: 'no_such_tool', arguments: {} }),
      ErrorCode.InvalidParams, 'unknown tool');
    assert.match(e.message, /no_such_tool/);
  });

  await check(group, 'test_tool_with_logging: 3 log notifications during the call', async () => {
    const before = logs.length;
    const r = await client.callTool({ name: 'test_tool_with_logging', arguments: {} });
    expectSuccess(r);
    await new Promise((res) => setTimeout(res, 100));
    const got = logs.slice(before).map((l) => l.data);
    assert.ok(got.length >= 3, `log notifications: ${JSON.stringify(got)}`);
  });
  await check(group, 'test_tool_with_progress: 3 progress notifications, all before the result', async () => {
    const progress = [];
    const from = wire.length;
    const r = await client.callTool({ name: 'test_tool_with_progress', arguments: {} }, undefined,
      { onprogress: (p) => progress.push(p) });
    expectSuccess(r);
    // What the gateway sent, in order: every notification for the call's token, then its result.
    const seen = wire.slice(from);
    const notes = seen.filter((m) => m.method === 'notifications/progress');
    assert.equal(notes.length, 3, `progress notifications on the wire: ${JSON.stringify(notes)}`);
    const token = notes[0].params.progressToken;
    assert.ok(notes.every((m) => m.params.progressToken === token), 'one token');
    const resultAt = seen.findIndex((m) => m.id === token && 'result' in m);
    const lastNoteAt = seen.lastIndexOf(notes.at(-1));
    assert.ok(resultAt > lastNoteAt, `the result (#${resultAt}) came before a progress notification (#${lastNoteAt})`);
    const values = notes.map((m) => m.params.progress);
    assert.deepEqual(values, [...values].sort((a, b) => a - b), 'non-decreasing');
    // SDK 1.32.2 dispatches notifications on a microtask but responses at once, so progress
    // that arrives in the same read as the result reaches onprogress after its handler is
    // gone (typescript-sdk issue #2580, open). That is the SDK's race, not the gateway's.
    assert.ok(progress.length >= 1, 'onprogress was called');
    if (progress.length < notes.length) {
      lateProgressTokens.add(token);
      console.log(`        note: the SDK dropped ${notes.length - progress.length} progress notification(s) that arrived with the result (typescript-sdk#2580)`);
    }
  });
  await check(group, 'test_sampling: the server asks the client (sampling/createMessage)', async () => {
    const r = await client.callTool({ name: 'test_sampling', arguments: { prompt: 'say hi' } });
    expectSuccess(r);
    assert.equal(textOf(r), 'LLM response: sampled by the SDK test');
    assert.equal(samplingRequests.at(-1)?.messages?.[0]?.content?.text, 'say hi');
  });
  const elicitations = [
    ['test_elicitation', { message: 'Who are you?' }, /User response: action=accept/],
    ['test_elicitation_sep1034_defaults', {}, /"name":"John Doe"/],
    ['test_elicitation_sep1330_enums', {}, /"untitledSingle":"option1"/],
  ];
  for (const [name, args, want] of elicitations) {
    await check(group, `${name}: the server asks the client (elicitation/create)`, async () => {
      const r = await client.callTool({ name, arguments: args });
      expectSuccess(r);
      assert.match(textOf(r), want);
    });
  }

  // --- resources
  let resources = [];
  await check(group, 'resources/list (every page)', async () => {
    const { items, pages } = await allPages((p) => client.listResources(p), 'resources');
    resources = items;
    const uris = items.map((r) => r.uri).sort();
    const want = [...SCHEMA_SERVERS.map((s) => `mcpgw://schema/${s}`), ...FIXTURE_RESOURCES].sort();
    assert.deepEqual(uris, want, 'resource URIs');
    console.log(`        ${items.length} resources in ${pages} page(s)`);
  });
  for (const res of resources) {
    const server = res.uri.startsWith('mcpgw://schema/') ? res.uri.slice('mcpgw://schema/'.length) : null;
    if (server === 'gone') {
      await check(group, `resources/read ${res.uri}: a failed read is JSON-RPC -32603 with data`, async () => {
        const e = await expectMcpError(client.readResource({ uri: res.uri }), ErrorCode.InternalError, 'schema of a down server');
        assert.equal(e.data?.uri, res.uri, `data.uri: ${JSON.stringify(e.data)}`);
        assert.equal(e.data?.code, 'unavailable', `data.code: ${JSON.stringify(e.data)}`);
        assert.equal(e.data?.retryable, true, 'data.retryable');
        assert.match(e.message, /gone/);
      });
      continue;
    }
    await check(group, `resources/read ${res.uri}`, async () => {
      const r = await client.readResource({ uri: res.uri });
      assert.equal(r.contents.length, 1, 'one content item');
      const item = r.contents[0];
      assert.equal(item.uri, res.uri);
      if (server) {
        assert.equal(item.mimeType, 'application/json');
        const doc = JSON.parse(item.text);
        assert.equal(doc.server, server);
        const tables = Object.fromEntries(doc.tables.map((t) => [t.name, t]));
        const want = { ops: 'services', pg: 'accounts', maria: 'customers' }[server];
        const t = tables[want] ?? tables[`${facts.pg_schema}.${want}`];
        assert.ok(t, `table ${want} in ${Object.keys(tables).join(', ')}`);
        assert.ok(t.columns.some((col) => col.name === 'id' && typeof col.nullable === 'boolean'), JSON.stringify(t.columns));
      } else if (res.uri === 'test://static-binary') {
        assert.ok(item.blob && item.blob.length > 0, 'blob');
      } else {
        assert.ok(item.text && item.text.length > 0, 'text');
      }
    });
  }
  await check(group, 'resources/templates/list and read test://template/42/data', async () => {
    const { items } = await allPages((p) => client.listResourceTemplates(p), 'resourceTemplates');
    assert.ok(items.some((t) => t.uriTemplate === 'test://template/{id}/data'), JSON.stringify(items));
    const r = await client.readResource({ uri: 'test://template/42/data' });
    assert.match(r.contents[0].text, /42/);
  });
  await check(group, 'resources/read of an unknown schema is JSON-RPC -32002', async () => {
    await expectMcpError(client.readResource({ uri: 'mcpgw://schema/nope' }), -32002, 'unknown resource');
  });

  // --- prompts
  await check(group, 'prompts/list and prompts/get of every prompt', async () => {
    const { items } = await allPages((p) => client.listPrompts(p), 'prompts');
    const args = {
      test_prompt_with_arguments: { arg1: 'one', arg2: 'two' },
      test_prompt_with_embedded_resource: { resourceUri: 'test://static-text' },
    };
    assert.ok(items.length >= 4, `prompts: ${items.map((p) => p.name)}`);
    for (const p of items) {
      const r = await client.getPrompt({ name: p.name, arguments: args[p.name] ?? {} });
      assert.ok(r.messages.length >= 1, `${p.name}: messages`);
    }
  });
  await check(group, 'prompts/get of an unknown prompt is JSON-RPC -32602', async () => {
    await expectMcpError(client.getPrompt({ name: 'no_such_prompt' }), ErrorCode.InvalidParams, 'unknown prompt');
  });
  if (client.getServerCapabilities()?.completions) {
    await check(group, 'completion/complete of a prompt argument', async () => {
      const r = await client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: '' } });
      assert.ok(Array.isArray(r.completion.values), JSON.stringify(r));
    });
  }
  if (client.getServerCapabilities()?.logging) {
    await check(group, 'logging/setLevel', async () => { await client.setLoggingLevel('warning'); });
  }

  await check(group, 'ping after everything', async () => { await client.ping(); });
  await check(group, 'no transport errors during the session', async () => {
    const sdkRace = (e) => {
      const m = /progress notification for an unknown token: (.*)$/.exec(e.message);
      return m !== null && lateProgressTokens.has(JSON.parse(m[1]).params.progressToken);
    };
    assert.deepEqual(transportErrors.filter((e) => !sdkRace(e)).map((e) => e.message), []);
  });

  // --- close
  await check(group, 'close', async () => {
    if (kind === 'http') await transport.terminateSession();  // DELETE /mcp
    const pid = kind === 'stdio' ? transport.pid : null;
    await client.close();
    if (pid) {
      // The gateway ends when its stdin closes.
      for (let i = 0; i < 50; i += 1) {
        try { process.kill(pid, 0); } catch { return; }
        await new Promise((res) => setTimeout(res, 100));
      }
      assert.fail(`stdio gateway (pid ${pid}) still running 5 s after close`);
    }
  });
}
