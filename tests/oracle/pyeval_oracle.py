#!/usr/bin/python3
"""Differential test of connplan's Python evaluator against the real CPython.

Every fixtures/pyeval/*.py (stdlib only, safe to run) is imported by /usr/bin/python3 in a clean
environment holding only the variables its `# env: NAME=VALUE ...` line declares; its JSON-
serialisable module globals are compared with connplan's evaluation of the same file, exported by
the gtest `evaluate.oracle_export` (tests/pyeval/evaluate_test.cpp) into the directory named by
CONNPLAN_PYEVAL_EXPORT. A name connplan reports as unknown or alternatives must be explained in the
fixture by `# connplan: unknown NAME` (or `alternatives NAME`); it is then not compared.

Exit 0 when everything agrees, 1 on an unexplained disagreement, 77 when /usr/bin/python3 or the
test binary is missing. Standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

PYTHON = "/usr/bin/python3"

DRIVER = r"""
import importlib, json, sys, types
sys.path.insert(0, sys.argv[1])
module = importlib.import_module(sys.argv[2])
out = {}
for name, value in vars(module).items():
    if name.startswith("__") or isinstance(value, (types.ModuleType, types.FunctionType, type)):
        continue
    try:
        out[name] = json.loads(json.dumps(value))
    except (TypeError, ValueError):
        continue
print(json.dumps(out))
"""


def typed(v):
    """JSON values compared with their types (1, 1.0 and True differ)."""
    if isinstance(v, dict):
        return {k: typed(x) for k, x in v.items()}
    if isinstance(v, list):
        return [typed(x) for x in v]
    return (type(v).__name__, v)


def declared(text, prefix):
    out = {}
    for line in text.splitlines():
        if line.startswith(prefix):
            for word in line[len(prefix):].split():
                out.setdefault(word, True)
    return out


def declared_env(text):
    env = {}
    for line in text.splitlines():
        if line.startswith("# env:"):
            for word in line[len("# env:"):].split():
                if "=" in word:
                    k, v = word.split("=", 1)
                    env[k] = v
    return env


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--shared", default="")
    args = parser.parse_args()
    if not os.path.exists(PYTHON):
        print("skipped: /usr/bin/python3 is missing")
        return 77
    tests = os.path.join(os.path.dirname(args.connplan), "tests", "connplan_pyeval_tests")
    if not os.path.exists(tests):
        print("skipped: %s is not built" % tests)
        return 77
    fixtures = os.path.join(args.source_dir, "fixtures", "pyeval")
    with tempfile.TemporaryDirectory() as export:
        env = dict(os.environ, CONNPLAN_PYEVAL_EXPORT=export)
        run = subprocess.run([tests, "--gtest_filter=evaluate.oracle_export"], env=env,
                             capture_output=True, text=True, timeout=600)
        if run.returncode != 0:
            print(run.stdout[-4000:], run.stderr[-4000:])
            print("the export test failed")
            return 1
        compared = agreed = explained = 0
        failures = []
        for name in sorted(os.listdir(fixtures)):
            if not name.endswith(".py"):
                continue
            stem = name[:-3]
            with open(os.path.join(fixtures, name), encoding="utf-8") as f:
                text = f.read()
            clean_env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
            clean_env.update(declared_env(text))
            real = subprocess.run([PYTHON, "-I", "-S", "-B", "-c", DRIVER, fixtures, stem],
                                  env=clean_env, capture_output=True, text=True, timeout=60,
                                  cwd=tempfile.gettempdir())
            if real.returncode != 0:
                failures.append("%s: python failed: %s" % (name, real.stderr.strip()[-500:]))
                continue
            python_globals = json.loads(real.stdout)
            with open(os.path.join(export, stem + ".json"), encoding="utf-8") as f:
                ours = json.load(f)
            unknown_ok = declared(text, "# connplan: unknown")
            alternatives_ok = declared(text, "# connplan: alternatives")
            for var, expected in sorted(python_globals.items()):
                mine = ours.get(var)
                if mine is None:
                    failures.append("%s: %s is missing in connplan's globals" % (name, var))
                    compared += 1
                    continue
                if mine["status"] != "known":
                    ok = unknown_ok if mine["status"] == "unknown" else alternatives_ok
                    if var in ok:
                        explained += 1
                        continue
                    failures.append("%s: %s is %s in connplan (python: %r)" % (name, var, mine["status"], expected))
                    compared += 1
                    continue
                compared += 1
                if typed(mine["value"]) == typed(expected):
                    agreed += 1
                else:
                    failures.append("%s: %s: connplan %r, python %r" % (name, var, mine["value"], expected))
        print("pyeval oracle: %d/%d globals agree (%.1f%%), %d explained as not known"
              % (agreed, compared, 100.0 * agreed / max(compared, 1), explained))
        for failure in failures:
            print("DISAGREE " + failure)
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
