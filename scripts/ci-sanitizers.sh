#!/bin/bash
# The clang AddressSanitizer + UndefinedBehaviorSanitizer job of CI (issue 7; docs/robustness.md):
#   1. configure and build with clang 14, -fsanitize=address,undefined (+ libFuzzer coverage);
#   2. run the C++ unit tests (not the oracle and script tests: the gcc Release job runs those);
#   3. replay the committed regression inputs (fuzz/regressions/) and the seed corpora through
#      every fuzz target;
#   4. fuzz every target briefly (CONNPLAN_CI_FUZZ_SECONDS, default 20 s each, two at a time).
# Prints the time of every step. Needs clang-14 and libclang-rt-14-dev (scripts/install-deps.sh).
#
#   scripts/ci-sanitizers.sh [BUILD_DIR]      (default: build-asan)
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$source_dir/build-asan}
jobs=${CONNPLAN_JOBS:-2}
fuzz_seconds=${CONNPLAN_CI_FUZZ_SECONDS:-20}
build_type=${CONNPLAN_SANITIZER_BUILD_TYPE:-Debug}

started=$(date +%s)
step_started=$started
step() {
  local now
  now=$(date +%s)
  echo "[ci-sanitizers] $1 took $((now - step_started)) s (total $((now - started)) s)"
  step_started=$now
}

if ! command -v clang++ >/dev/null; then
  echo "ci-sanitizers: clang++ is missing (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 2
fi

# -Werror: this is also the job that proves clang 14 builds everything warning-free.
# Debug at -O1 -g1: line tables for the sanitizers' stack traces, a quicker compile than -O2 and
# tests several times faster than -O0 under ASan.
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
CC=clang CXX=clang++ cmake -S "$source_dir" -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE="$build_type" -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DCONNPLAN_FUZZ=ON -DCONNPLAN_SANITIZE=address,undefined \
  -DCONNPLAN_BUILD_TESTS=ON -DCONNPLAN_WERROR=ON "${launcher[@]}" >/dev/null
step configure

# The C++ test binaries (connplan_<layer>_tests), the CLI they run, and the fuzz targets.
mapfile -t test_targets < <(ninja -C "$build_dir" -t targets all | sed -n 's/^\(connplan_[a-z]*_tests\):.*/\1/p' | sort -u)
ninja -C "$build_dir" -j"$jobs" connplan fuzz_targets "${test_targets[@]}"
step build

# UB and memory errors stop the program with a stack trace (the build has -fno-sanitize-recover);
# a leak fails the test or the replay that made it (LeakSanitizer at exit).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build_dir" -j"$jobs" -E '^(oracle|script)\.' --output-on-failure --timeout 900
step "unit tests"

"$source_dir/scripts/fuzz" --build "$build_dir" --replay --jobs "$jobs" --corpus "$build_dir/fuzz-corpus"
step "regression and seed replay"

"$source_dir/scripts/fuzz" --build "$build_dir" --time "$fuzz_seconds" --jobs "$jobs" \
  --corpus "$build_dir/fuzz-corpus"
step "fuzzing ${fuzz_seconds} s per target"
