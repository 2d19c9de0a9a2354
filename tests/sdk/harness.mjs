// A small check runner: every check prints one line (ok / FAIL with why), failures are
// collected, and summary() prints "sdk: N passed, M failed" and returns the exit code.
import assert from 'node:assert/strict';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

const counts = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const perGroup = new Map();

function bump(group, what) {
  const g = perGroup.get(group) ?? { passed: 0, failed: 0, skipped: 0 };
  g[what] += 1;
  perGroup.set(group, g);
}

function describeError(e) {
  if (e instanceof McpError) {
    const data = e.data === undefined ? '' : ` data=${JSON.stringify(e.data)}`;
    return `McpError ${e.code}: ${e.message}${data}`;
  }
  if (e instanceof assert.AssertionError) {
    return e.message.split('\n').slice(0, 12).join('\n         ');
  }
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(e)}`;
}

/** Runs one check with a time limit; never throws. Returns true when it passed. */
export async function check(group, label, fn, { timeoutMs = 20000 } = {}) {
  const name = `${group}: ${label}`;
  let timer;
  try {
    await Promise.race([
      Promise.resolve().then(fn),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    counts.passed += 1;
    bump(group, 'passed');
    console.log(`  ok    ${name}`);
    return true;
  } catch (e) {
    counts.failed += 1;
    bump(group, 'failed');
    const why = describeError(e);
    failures.push(`${name}\n         ${why}`);
    console.log(`  FAIL  ${name}\n         ${why}`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** A check that could not run (its precondition failed); counted as a failure. */
export function blocked(group, label, reason) {
  counts.failed += 1;
  bump(group, 'failed');
  failures.push(`${group}: ${label}\n         not run: ${reason}`);
  console.log(`  FAIL  ${group}: ${label} (not run: ${reason})`);
}

export function section(title) {
  console.log(`\n== ${title}`);
}

export function summary() {
  console.log('\n== per group');
  for (const [group, g] of perGroup) {
    console.log(`  ${group}: ${g.passed} passed, ${g.failed} failed`);
  }
  if (failures.length > 0) {
    console.log(`\n== ${failures.length} failure(s)`);
    for (const f of failures) console.log(`  - ${f}`);
  }
  console.log(`\nsdk: ${counts.passed} passed, ${counts.failed} failed`);
  return counts.failed === 0 ? 0 : 1;
}

export { assert };
