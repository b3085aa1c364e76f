#!/usr/bin/env bash
# Installs the validators the tests ask (from the npm registry) into .cache/npm (git-ignored):
# GitHub's action/workflow validator and Microsoft's SARIF validator. Skips what is present.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=.cache/npm
tools=("@action-validator/cli@0.6.0" "@action-validator/core@0.6.0" "@microsoft/sarif-multitool@5.7.0")
missing=()
for t in "${tools[@]}"; do
  name=${t%@*}
  [[ -f "$prefix/node_modules/$name/package.json" ]] || missing+=("$t")
done
if ((${#missing[@]} == 0)); then exit 0; fi
if ! command -v npm >/dev/null; then
  echo "connplan: npm is not installed; the validator tests will be skipped" >&2
  exit 0
fi
mkdir -p "$prefix"
if ! npm install --silent --no-audit --no-fund --prefix "$prefix" "${missing[@]}"; then
  # The tests that need these validators then report themselves skipped, by name.
  echo "connplan: WARNING: npm could not install ${missing[*]}; the SARIF and action validator tests will be skipped" >&2
fi
