#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite:
#  1. release build with warnings as errors: unit, integration and the official MCP
#     conformance suite (labels unit, integration, conformance);
#  2. ASan/UBSan build: unit and integration tests again.
# Servers the tests need are started by the tests themselves on loopback ports.
set -euo pipefail
cd "$(dirname "$0")/.."
MCPGW_SETUP_TEST_DEPS=1 scripts/setup.sh

jobs="${MCPGW_JOBS:-2}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# ctest counts a test as "Skipped", not failed, when its output says SKIPPED, and GoogleTest
# prints that for every test of a suite whose SetUpTestSuite failed (a server that did not
# start, a bad test config). No test skips on purpose, so any skip fails the run.
run_ctest() {
  local log
  log=$(mktemp)
  ctest "$@" 2>&1 | tee "$log"
  if grep -q '(Skipped)' "$log"; then
    echo "FAILED: tests were skipped (a suite's setup failed?):" >&2
    grep '(Skipped)' "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

echo "== clang-format (.clang-format): every C++ file as committed style has it"
unformatted=()
while IFS= read -r -d '' f; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || unformatted+=("$f")
done < <(git ls-files -z -- '*.cpp' '*.hpp')
if [ "${#unformatted[@]}" -gt 0 ]; then
  echo "FAILED: not formatted (run clang-format -i on them):" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  exit 1
fi

echo "== release build (-Werror)"
cmake --preset release -DMCPGW_WERROR=ON >/dev/null
cmake --build --preset release -j "$jobs"
echo "== release tests"
run_ctest --test-dir build/release --output-on-failure -j "$jobs" --timeout 600

echo "== ASan/UBSan build (-Werror)"
cmake --preset asan -DMCPGW_WERROR=ON >/dev/null
cmake --build --preset asan -j "$jobs"
echo "== ASan/UBSan tests (unit, integration)"
run_ctest --test-dir build/asan --output-on-failure -j "$jobs" --timeout 600 -L 'unit|integration'
