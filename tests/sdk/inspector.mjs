// A smoke pass with the official Inspector in CLI mode (`inspector --cli`), over Streamable
// HTTP and over stdio: tools/list, tools/call of list_servers and of a refused statement.
// The CLI prints the result as JSON on stdout; exit 0 for a result, 5 for an isError result.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { assert, check, section } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const inspectorBin = path.join(here, 'node_modules', '.bin', 'inspector');

function run(args) {
  return new Promise((resolve) => {
    // MCP_CATALOG_PATH: the CLI's writable catalog goes to the run's folder, not ~/.mcp-inspector.
    const full = { ...process.env, MCP_CATALOG_PATH: catalog };
    execFile(inspectorBin, ['--cli', ...args], { timeout: 30000, maxBuffer: 8 << 20, env: full },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, killed: error?.killed === true });
      });
  });
}

function parsed(out, what) {
  assert.ok(!out.killed, `${what}: the Inspector was killed after 30 s`);
  try {
    return JSON.parse(out.stdout);
  } catch {
    assert.fail(`${what}: stdout is not JSON (exit ${out.code}): ${out.stdout.slice(0, 400)} stderr: ${out.stderr.slice(0, 400)}`);
  }
}

let catalog = '';

export async function runInspector({ url, facts }) {
  catalog = path.join(facts.workdir, 'inspector-catalog.json');
  // The command after `--`: its own `--config` must not be read as the Inspector's option.
  const targets = [
    { group: 'inspector http', pre: [`${url}/mcp`, '--transport', 'http'], post: [] },
    {
      group: 'inspector stdio',
      pre: ['--transport', 'stdio', '-e', `MCPGW_SDK_PG_PASSWORD=${process.env.MCPGW_SDK_PG_PASSWORD ?? ''}`,
        '-e', `MCPGW_SDK_MY_PASSWORD=${process.env.MCPGW_SDK_MY_PASSWORD ?? ''}`],
      post: ['--', facts.gateway, '--stdio', '--config', facts.config],
    },
  ];
  for (const { group, pre, post } of targets) {
    const cli = (...args) => run([...pre, ...args, ...post]);
    section(group);
    await check(group, 'tools/list', async () => {
      const out = await cli('--method', 'tools/list');
      assert.equal(out.code, 0, `exit code (stderr: ${out.stderr.slice(0, 600)})`);
      const r = parsed(out, 'tools/list');
      const names = (r.tools ?? []).map((t) => t.name);
      for (const n of ['list_servers', 'sqlite_query', 'postgres_query', 'redis_command', 'prometheus_query']) {
        assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
      }
      const lint = out.stderr.split('\n').filter((l) => /portab|finding/i.test(l));
      if (lint.length > 0) console.log(`        inspector says: ${lint.join(' | ')}`);
    }, { timeoutMs: 35000 });
    await check(group, 'tools/call list_servers', async () => {
      const out = await cli('--method', 'tools/call', '--tool-name', 'list_servers');
      assert.equal(out.code, 0, `exit code (stderr: ${out.stderr.slice(0, 600)})`);
      const r = parsed(out, 'tools/call list_servers');
      assert.notEqual(r.isError, true, JSON.stringify(r).slice(0, 400));
      assert.ok(r.structuredContent?.servers?.some((s) => s.name === 'pg'), JSON.stringify(r).slice(0, 400));
      assert.match(r.content?.[0]?.text ?? '', /maria/);
    }, { timeoutMs: 35000 });
    await check(group, 'tools/call of a refused DELETE: exit 5 (isError) with code refused', async () => {
      const out = await cli('--method', 'tools/call', '--tool-name', 'sqlite_query',
        '--tool-arg', 'server=ops', 'sql=DELETE FROM services');
      assert.equal(out.code, 5, `exit code (stdout: ${out.stdout.slice(0, 300)} stderr: ${out.stderr.slice(0, 600)})`);
      const r = parsed(out, 'tools/call refused');
      assert.equal(r.isError, true);
      assert.equal(r.structuredContent, undefined, 'no structuredContent on an error');
      assert.equal(r._meta?.['mcpgw/error']?.code, 'refused', JSON.stringify(r).slice(0, 400));
      assert.ok(!/output schema/i.test(out.stderr), `the Inspector complains about the output schema: ${out.stderr.slice(0, 400)}`);
    }, { timeoutMs: 35000 });
  }
}
