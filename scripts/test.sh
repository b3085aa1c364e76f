#!/usr/bin/env bash
# Builds connplan and runs every test: unit tests, CLI tests and the differential tests against the
# real PostgreSQL, pgbouncer, gunicorn, Django and Celery. README's Quick start, command 2.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/install-npm-tools.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONNPLAN_WERROR=ON -DCONNPLAN_BUILD_BENCH=ON
cmake --build build
ctest --test-dir build --output-on-failure -j2
