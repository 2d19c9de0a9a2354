// Real clients against a running gateway: the official MCP TypeScript SDK client over
// Streamable HTTP (/mcp), legacy HTTP+SSE (/sse) and stdio (a `mcpgw --stdio` it spawns), then
// the Inspector CLI. Started by run.sh, which writes the configuration and the facts file.
//
// node sdk_test.mjs --url http://127.0.0.1:PORT --facts FACTS.json [--only http|sse|stdio|inspector|raw]...
// Prints one line per check and "sdk: N passed, M failed"; exits 1 on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';

import { assert, check, section, summary } from './harness.mjs';
import { runScenario } from './scenario.mjs';
import { runInspector } from './inspector.mjs';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    facts: { type: 'string' },
    only: { type: 'string', multiple: true },
  },
});
if (!values.url || !values.facts) {
  console.error('usage: node sdk_test.mjs --url http://127.0.0.1:PORT --facts FACTS.json [--only PART]...');
  process.exit(2);
}
const facts = JSON.parse(fs.readFileSync(values.facts, 'utf8'));
facts.workdir = path.dirname(values.facts);
const only = new Set(values.only ?? []);
const wanted = (part) => only.size === 0 || only.has(part);
const base = values.url.replace(/\/$/, '');

const sdkVersion = JSON.parse(fs.readFileSync(new URL('./node_modules/@modelcontextprotocol/sdk/package.json', import.meta.url))).version;
console.log(`sdk: @modelcontextprotocol/sdk ${sdkVersion}, node ${process.version}, gateway ${base}`);

/** A raw JSON-RPC POST with a time limit (for what the SDK never sends: a batch). */
async function post(body, headers = {}) {
  const res = await fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

// A 2-request JSON-RPC batch in protocol 2025-03-26 (the one version that has batches) must
// be answered and must not stall the gateway for the clients after it.
async function rawBatch() {
  const group = 'raw http 2025-03-26';
  section(group);
  await check(group, 'a 2-request batch is answered and the gateway keeps answering', async () => {
    const init = await post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {
      protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'sdk-raw', version: '1' } } });
    assert.equal(init.status, 200, `initialize: ${init.text.slice(0, 300)}`);
    const session = init.headers.get('mcp-session-id');
    assert.ok(session, 'Mcp-Session-Id');
    const h = { 'Mcp-Session-Id': session };
    const n = await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, h);
    assert.equal(n.status, 202, 'initialized notification');
    const batch = await post([
      { jsonrpc: '2.0', id: 2, method: 'ping' },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'list_servers', arguments: {} } },
    ], h);
    assert.equal(batch.status, 200, `batch: ${batch.text.slice(0, 300)}`);
    for (const id of [2, 3]) assert.match(batch.text, new RegExp(`"id":${id}\\b`), `answer to id ${id}: ${batch.text.slice(0, 300)}`);
    const after = await post({ jsonrpc: '2.0', id: 4, method: 'ping' }, h);
    assert.equal(after.status, 200, 'a ping after the batch');
    const res = await fetch(`${base}/mcp`, { method: 'DELETE', headers: h, signal: AbortSignal.timeout(5000) });
    assert.ok([200, 204].includes(res.status), `DELETE: ${res.status}`);
  });
}

if (wanted('http')) {
  await runScenario({
    group: 'streamable http',
    kind: 'http',
    expectVersion: LATEST_PROTOCOL_VERSION,
    facts,
    makeTransport: () => new StreamableHTTPClientTransport(new URL(`${base}/mcp`)),
  });
}
if (wanted('sse')) {
  await runScenario({
    group: 'legacy sse',
    kind: 'sse',
    expectVersion: '2024-11-05',
    facts,
    makeTransport: () => new SSEClientTransport(new URL(`${base}/sse`)),
  });
}
if (wanted('stdio')) {
  const stderrFile = path.join(facts.workdir, 'stdio-gateway.log');
  const env = Object.fromEntries((facts.stdio_env ?? []).map((k) => [k, process.env[k] ?? '']));
  await runScenario({
    group: 'stdio',
    kind: 'stdio',
    facts,
    makeTransport: () => {
      const t = new StdioClientTransport({
        command: facts.gateway,
        args: ['--stdio', '--config', facts.config],
        env,
        stderr: 'pipe',
      });
      const out = fs.createWriteStream(stderrFile);
      t.stderr?.pipe(out);
      return t;
    },
  });
}
if (wanted('raw')) await rawBatch();
if (wanted('inspector')) await runInspector({ url: base, facts });

const rc = summary();
if (rc !== 0 && fs.existsSync(path.join(facts.workdir, 'stdio-gateway.log'))) {
  const lines = fs.readFileSync(path.join(facts.workdir, 'stdio-gateway.log'), 'utf8').trim().split('\n');
  console.log(`\n== stdio gateway stderr (last ${Math.min(lines.length, 20)} lines)`);
  for (const l of lines.slice(-20)) console.log(`  ${l}`);
}
process.exit(rc);
