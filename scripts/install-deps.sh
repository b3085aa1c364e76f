#!/usr/bin/env bash
# Installs what connplan needs on Debian 12, from Debian's packages only; skips what is present.
#   scripts/install-deps.sh          build dependencies
#   scripts/install-deps.sh --test   also the real programs the differential tests ask (oracles)
set -euo pipefail

build_packages=(cmake ninja-build g++ pkg-config libtomlplusplus-dev tao-pegtl-dev nlohmann-json3-dev
  libfmt-dev libcli11-dev libgtest-dev libgmock-dev libyaml-cpp-dev libpq-dev python3)
# The oracles: PostgreSQL 15, pgbouncer 1.18, gunicorn 20.1, Django 3.2, Celery 5.2 as Debian ships
# them, Debian's python3 to drive them, and jsonschema to validate our JSON documents.
test_packages=(postgresql-15 postgresql-client-15 pgbouncer gunicorn python3 python3-django
  python3-celery python3-jsonschema util-linux python3-dj-database-url python3-django-environ
  python3-decouple python3-psycopg2 clang python3-uvicorn python3-daphne libclang-rt-14-dev
  libbenchmark-dev git pre-commit groff-base supervisor python3-yaml man-db dpkg-dev zsh)
# npm (for the SARIF and action validators) comes with the machine's Node.js; Debian's npm only when
# there is none, since it conflicts with a Node.js installed from elsewhere.
if [[ "${1:-}" == "--test" ]] && ! command -v npm >/dev/null; then test_packages+=(npm); fi

packages=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then packages+=("${test_packages[@]}"); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then exit 0; fi

if [[ $(id -u) -ne 0 ]]; then
  echo "connplan: missing Debian packages: ${missing[*]} (run this script as root to install them)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Installing postgresql-15 must not leave a server running on the machine: we start our own.
echo exit 101 > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
trap 'rm -f /usr/sbin/policy-rc.d' EXIT
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
